//! `--report-xlsx FILE`: the clerk's workbook back as they made it, with every offending cell
//! filled by severity and a note on that very cell, a 问题 column at the end of the roster (a
//! filter can pick the rows with problems), and two sheets more: 问题清单 (one finding a line,
//! with a link to its cell) and 汇总 (every share against the limit in effect).
//!
//! An xlsx/xlsm roster is patched, not rebuilt ([`package`]): the parts xibu does not need to
//! touch are copied byte for byte, the roster sheet is streamed, so styles, widths, merged cells,
//! panes, drop-downs, hidden rows and other sheets are all kept, in bounded memory at any size.
//! A roster from CSV, xls, xlsb or ods is first written as a plain xlsx with proper formats (IDs
//! as text, dates as dates, widths), then patched the same way. Either way the file is written
//! whole through a temporary file and never over the roster itself.

mod package;
mod sheets;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;
use std::ops::ControlFlow;
use std::path::Path;

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::Report;
use crate::error::Error;
use crate::input::{self, Cell, SheetChoice};
use crate::messages::{Msg, Text};
use crate::output::write_report;
use crate::roster::schema::Column;
use crate::rules::Severity;

/// Notes beyond this many are left out: each is a shape in the workbook, and a group finding
/// over a national roster could add a hundred thousand, which no spreadsheet opens in
/// reasonable time. The fills and the 问题 column are always complete, and notes of findings
/// about single rows come first.
pub const MAX_NOTES: usize = 10_000;

pub const FINDINGS_SHEET: &str = "问题清单";
pub const SUMMARY_SHEET: &str = "汇总";
pub const QUESTION_HEADER: &str = "问题";

/// Excel's limit on a cell's text (characters); xibu's texts stay under it.
pub const CELL_LIMIT: usize = 32_767;

/// The column a group finding is best seen in, when it names none.
fn focus_column(rule: &str) -> Option<Column> {
    match rule {
        "S01" | "Q01" => Some(Column::RecruitProvince),
        "S02" => Some(Column::Education),
        "S03" => Some(Column::UnitNature),
        "S04" => Some(Column::Rating),
        "Q02" => Some(Column::VolunteerType),
        _ => None,
    }
}

/// The fill of a severity, as RGB.
pub fn fill_rgb(severity: Severity) -> u32 {
    match severity {
        Severity::Error => 0xFFC7CE,
        Severity::Warning => 0xFFEB9C,
        Severity::Notice => 0xDDEBF7,
    }
}

/// Text for XML: markup escaped, and the characters XML 1.0 cannot hold (control characters a
/// cell may carry) written as `\u{…}`.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// A text cut to what a cell holds.
pub fn cap(s: &str) -> std::borrow::Cow<'_, str> {
    // UTF-16 units are what Excel counts; a char is at most two.
    if s.len() <= CELL_LIMIT {
        return s.into();
    }
    let mut units = 0;
    let mut out = String::new();
    for c in s.chars() {
        units += c.len_utf16();
        if units > CELL_LIMIT - 1 {
            out.push('…');
            break;
        }
        out.push(c);
    }
    out.into()
}

/// Where the findings go in the roster sheet: a fill per flagged cell, the findings of each row
/// (its 问题 text), and the cells that carry a note.
pub struct Annotations {
    /// (row, 0-based column) → the highest severity there.
    marks: BTreeMap<(u32, u32), Severity>,
    /// Row → the findings (indexes) that point at it.
    rows: BTreeMap<u32, Vec<u32>>,
    /// Cells with a note, in (row, column) order → the findings it tells.
    notes: Vec<((u32, u32), Vec<u32>)>,
    /// Each finding's column, when it has one in the sheet.
    columns: Vec<Option<u32>>,
    /// Each finding's `S01 message`, said once: a group finding's text repeats on every row.
    texts: Vec<String>,
}

impl Annotations {
    pub fn new(report: &Report) -> Annotations {
        let findings = &report.outcome.findings;
        let fallback = report.info.index_of(Column::Name).unwrap_or(0);
        let columns: Vec<Option<u32>> = findings
            .iter()
            .map(|f| {
                let column = f.column.or_else(|| focus_column(f.rule()));
                let index = column
                    .and_then(|c| report.info.index_of(c))
                    .unwrap_or(fallback);
                u32::try_from(index).ok()
            })
            .collect();
        let mut marks: BTreeMap<(u32, u32), Severity> = BTreeMap::new();
        let mut rows: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
        let mut notes: BTreeMap<(u32, u32), Vec<u32>> = BTreeMap::new();
        // Findings about one row (or a pair, as P01's duplicates) take the notes first.
        let mut order: Vec<usize> = (0..findings.len()).collect();
        order.sort_by_key(|&i| findings.get(i).map_or(usize::MAX, |f| f.rows.len().max(2)));
        for i in order {
            let (Some(f), Some(Some(col))) = (findings.get(i), columns.get(i)) else {
                continue;
            };
            let index = i as u32;
            for row in f.rows.iter() {
                let m = marks.entry((row, *col)).or_insert(f.severity);
                *m = (*m).max(f.severity);
                let on_row = rows.entry(row).or_default();
                if !on_row.contains(&index) {
                    on_row.push(index);
                }
                if let Some(n) = notes.get_mut(&(row, *col)) {
                    n.push(index);
                } else if notes.len() < MAX_NOTES {
                    notes.insert((row, *col), vec![index]);
                }
            }
        }
        for list in rows.values_mut() {
            list.sort_unstable();
        }
        for list in notes.values_mut() {
            list.sort_unstable();
        }
        let texts = findings
            .iter()
            .map(|f| format!("{} {}", f.rule(), report.message(f)))
            .collect();
        Annotations {
            marks,
            rows,
            notes: notes.into_iter().collect(),
            columns,
            texts,
        }
    }

    pub fn rows_with_marks(&self) -> BTreeSet<u32> {
        self.rows
            .keys()
            .copied()
            .chain(self.marks.keys().map(|(r, _)| *r))
            .collect()
    }

    pub fn max_row(&self) -> u32 {
        self.rows_with_marks().last().copied().unwrap_or(0)
    }

    /// The flagged cells of a row, by column.
    pub fn marks_in_row(&self, row: u32) -> impl Iterator<Item = (u32, Severity)> + '_ {
        self.marks
            .range((row, 0)..=(row, u32::MAX))
            .map(|(&(_, c), &s)| (c, s))
    }

    pub fn notes_cells(&self) -> &[((u32, u32), Vec<u32>)] {
        &self.notes
    }

    /// `S01 错误：新疆 省内招募 …` for each finding at the cell, a line each.
    pub fn note_text(&self, report: &Report, row: u32, col: u32) -> String {
        let Ok(i) = self.notes.binary_search_by_key(&(row, col), |(k, _)| *k) else {
            return String::new();
        };
        let Some((_, list)) = self.notes.get(i) else {
            return String::new();
        };
        let lines: Vec<String> = list
            .iter()
            .filter_map(|&i| report.outcome.findings.get(i as usize))
            .map(|f| {
                report.say(
                    Text::new(Msg::XlsxNote)
                        .arg("rule", f.rule())
                        .arg("severity", severity_msg(f.severity))
                        .arg("message", report.message(f)),
                )
            })
            .collect();
        cap(&lines.join("\n")).into_owned()
    }

    /// The 问题 text of a row: each finding's rule id and message.
    pub fn question(&self, row: u32) -> Option<String> {
        let list = self.rows.get(&row)?;
        let parts: Vec<&str> = list
            .iter()
            .filter_map(|&i| self.texts.get(i as usize).map(String::as_str))
            .collect();
        Some(cap(&parts.join("；")).into_owned())
    }

    /// The cell a finding is seen at: its own cell, or its first row in its column.
    pub fn target_cell(&self, report: &Report, i: usize) -> Option<(u32, u32)> {
        let f = report.outcome.findings.get(i)?;
        let col = (*self.columns.get(i)?)?;
        let row = match report.cell(f).and(f.cell_row()) {
            Some(r) => r,
            None => f.rows.first()?,
        };
        Some((row, col))
    }
}

fn severity_msg(s: Severity) -> Msg {
    match s {
        Severity::Error => Msg::SeverityError,
        Severity::Warning => Msg::SeverityWarning,
        Severity::Notice => Msg::SeverityNotice,
    }
}

fn cannot_write(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Usage(format!("cannot write {}: {e}", path.display()))
}

/// The target's name must say what it is: an xlsx. A device or a pipe (`/dev/stdout`) has no
/// name to mislead, and is written into.
pub fn check_target(out: &Path) -> Result<(), Error> {
    let stream = std::fs::metadata(out).is_ok_and(|m| !m.is_file() && !m.is_dir());
    let ok = stream
        || out
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if ok {
        Ok(())
    } else {
        Err(Error::Usage(
            Text::new(Msg::XlsxTargetName)
                .arg("path", out.display().to_string())
                .render(crate::messages::Lang::from_env()),
        ))
    }
}

/// Writes the annotated copy of `roster` to `out` (that `out` is not an input is checked before
/// the check runs).
/// Returns how many flagged cells carry no note (beyond [`MAX_NOTES`]).
pub fn write(
    report: &Report,
    roster: &Path,
    sheet: &SheetChoice,
    out: &Path,
) -> Result<usize, Error> {
    check_target(out)?;
    let ann = Annotations::new(report);
    let bytes = build_with(report, roster, sheet, out, &ann)?;
    write_report(out, &bytes)?;
    Ok(ann.marks.len().saturating_sub(ann.notes.len()))
}

/// The annotated workbook, as bytes.
pub fn build(
    report: &Report,
    roster: &Path,
    sheet: &SheetChoice,
    out: &Path,
) -> Result<Vec<u8>, Error> {
    build_with(report, roster, sheet, out, &Annotations::new(report))
}

fn build_with(
    report: &Report,
    roster: &Path,
    sheet: &SheetChoice,
    out: &Path,
    ann: &Annotations,
) -> Result<Vec<u8>, Error> {
    let sheet_name = report.info.source.sheet.as_deref();
    if report.info.source.format == input::Format::Xlsx {
        let file = std::fs::File::open(roster).map_err(|e| cannot_write(out, e))?;
        match package::patch(std::io::BufReader::new(file), sheet_name, report, ann) {
            Ok(bytes) => return Ok(bytes),
            // A package shape the patcher does not know: the fresh workbook below instead.
            Err(package::PatchError::Unsupported(_)) => {}
            Err(e) => return Err(cannot_write(out, e)),
        }
    }
    let (plain, name) = fresh(report, roster, sheet).map_err(|e| cannot_write(out, e))?;
    package::patch(Cursor::new(plain), Some(name.as_str()), report, ann)
        .map_err(|e| cannot_write(out, e))
}

/// Why a fresh workbook could not be made.
#[derive(Debug)]
enum FreshError {
    Xlsx(XlsxError),
    Input(Box<Error>),
}

impl std::fmt::Display for FreshError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FreshError::Xlsx(e) => write!(f, "{e}"),
            FreshError::Input(e) => write!(f, "{e}"),
        }
    }
}

/// The roster as a plain xlsx: its values at their rows and columns, 身份证号 as text, dates as
/// dates (typed ones too), bold header, frozen under the header, widths from the header and
/// the kind of column. Written in constant memory.
fn fresh(
    report: &Report,
    roster: &Path,
    sheet: &SheetChoice,
) -> Result<(Vec<u8>, String), FreshError> {
    let name: String = report
        .info
        .source
        .sheet
        .clone()
        .unwrap_or_else(|| "花名册".to_string())
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    let name = if name.trim().is_empty() || name.starts_with('\'') {
        "花名册".to_string()
    } else {
        name
    };
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory();
    let ws = ws.map_err(FreshError::Xlsx)?;
    ws.set_name(&name).map_err(FreshError::Xlsx)?;
    let kind: BTreeMap<usize, Column> = report
        .info
        .columns
        .iter()
        .map(|c| (c.index, c.column))
        .collect();
    let is_date = |c: Column| c.kind() == crate::roster::schema::Kind::Date;
    for (&i, &c) in &kind {
        let width = match c {
            Column::IdNumber => 21.0,
            c if is_date(c) => 12.0,
            Column::ServiceUnit | Column::PostName => 24.0,
            _ => (crate::text::width(c.header()) as f64 + 2.0).clamp(8.0, 30.0),
        };
        if let Ok(col) = u16::try_from(i) {
            ws.set_column_width(col, width).map_err(FreshError::Xlsx)?;
        }
    }
    let header_row = report.info.header_row;
    ws.set_freeze_panes(header_row, 0)
        .map_err(FreshError::Xlsx)?;
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut failure: Option<XlsxError> = None;
    input::read_rows(roster, sheet, &mut |row| {
        let Some(r) = row.number.checked_sub(1) else {
            return ControlFlow::Continue(());
        };
        for (c, cell) in row.cells.iter().enumerate() {
            let Ok(c16) = u16::try_from(c) else { break };
            let column = kind.get(&c).copied();
            let header = row.number == header_row;
            let written = match (cell, column) {
                (Cell::Empty, _) => Ok(()),
                (Cell::Text(t), _) if header => {
                    ws.write_string_with_format(r, c16, t, &bold).map(|_| ())
                }
                (Cell::Text(t), Some(c)) if is_date(c) => {
                    match crate::roster::date::parse_date(&Cell::Text(t.clone())) {
                        Ok(Some(d)) => ws.write_date_with_format(r, c16, d, &date).map(|_| ()),
                        _ => ws.write_string(r, c16, t).map(|_| ()),
                    }
                }
                (Cell::Text(t), Some(Column::IdNumber)) => {
                    ws.write_string_with_format(r, c16, t, &text).map(|_| ())
                }
                // An ID stored as a number keeps its digits as text (a number shows 6.5E+17);
                // its last digits are already lost, which E01 says at this cell.
                (Cell::Float(x), Some(Column::IdNumber)) if x.fract() == 0.0 && x.abs() < 1e19 => {
                    ws.write_string_with_format(r, c16, format!("{x:.0}"), &text)
                        .map(|_| ())
                }
                (Cell::Int(i), Some(Column::IdNumber)) => ws
                    .write_string_with_format(r, c16, i.to_string(), &text)
                    .map(|_| ()),
                (Cell::Text(t) | Cell::Error(t), _) => ws.write_string(r, c16, t).map(|_| ()),
                (Cell::Int(i), _) => ws.write_number(r, c16, *i as f64).map(|_| ()),
                (Cell::Float(x), _) => ws.write_number(r, c16, *x).map(|_| ()),
                (Cell::Bool(b), _) => ws.write_boolean(r, c16, *b).map(|_| ()),
                (Cell::DateTime(d), _) => {
                    ws.write_datetime_with_format(r, c16, *d, &date).map(|_| ())
                }
            };
            if let Err(e) = written {
                failure = Some(e);
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    })
    .map_err(|e| FreshError::Input(Box::new(Error::from(e))))?;
    if let Some(e) = failure {
        return Err(FreshError::Xlsx(e));
    }
    let bytes = wb.save_to_buffer().map_err(FreshError::Xlsx)?;
    Ok((bytes, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_cell_text_is_over_excels_limit() {
        let long = "第 1, 2, 3 行；".repeat(5_000);
        let cut = cap(&long);
        assert!(cut.encode_utf16().count() <= CELL_LIMIT, "{}", cut.len());
        assert!(cut.ends_with('…'));
        // Characters outside the BMP count twice.
        let astral = "𠀀".repeat(20_000);
        assert!(cap(&astral).encode_utf16().count() <= CELL_LIMIT);
        assert_eq!(cap("短"), "短");
    }

    #[test]
    fn xml_text_is_escaped_and_control_characters_written_out() {
        assert_eq!(escape("a<b>&\"c\""), "a&lt;b&gt;&amp;&quot;c&quot;");
        assert_eq!(escape("张\u{1b}[2J"), "张\\u{1b}[2J");
        assert_eq!(escape("一\n二"), "一\n二");
    }
}
