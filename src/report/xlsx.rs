//! `--report-xlsx FILE`: a copy of the roster with every offending cell filled by severity and a
//! note giving the rule and message, plus a findings sheet and the per-province summary.
//!
//! The copy carries the roster's values at their original rows and columns (cell formatting is
//! not copied: xibu reads values, not styles). It is written whole through a temporary file and
//! never over the roster itself.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::path::Path;

use rust_xlsxwriter::{Format, Note, Workbook, Worksheet, XlsxError};

use super::Report;
use crate::error::Error;
use crate::input::{self, Cell, SheetChoice};
use crate::output::write_report;
use crate::roster::schema::Column;
use crate::rules::Severity;

/// Notes beyond this many are left out (each is an object in the file; a group finding over a
/// national roster could otherwise add tens of thousands). The fills are always complete.
pub const MAX_NOTES: usize = 5_000;

pub const FINDINGS_SHEET: &str = "问题清单";
pub const SUMMARY_SHEET: &str = "汇总";

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

fn fill(severity: Severity) -> Format {
    let color = match severity {
        Severity::Error => 0xFFC7CE,
        Severity::Warning => 0xFFEB9C,
        Severity::Notice => 0xDDEBF7,
    };
    Format::new().set_background_color(color)
}

struct Mark {
    severity: Severity,
    notes: Vec<String>,
}

fn xlsx_error(path: &Path, e: XlsxError) -> Error {
    Error::Usage(format!("cannot write {}: {e}", path.display()))
}

/// Writes the annotated copy of `roster` to `out`.
pub fn write(report: &Report, roster: &Path, sheet: &SheetChoice, out: &Path) -> Result<(), Error> {
    let bytes = build(report, roster, sheet)
        .and_then(|mut wb| wb.save_to_buffer().map_err(|e| xlsx_error(out, e)))?;
    write_report(out, &bytes)
}

fn build(report: &Report, roster: &Path, sheet: &SheetChoice) -> Result<Workbook, Error> {
    let err = |e: XlsxError| xlsx_error(roster, e);
    let mut marks: BTreeMap<(u32, u16), Mark> = BTreeMap::new();
    for f in &report.outcome.findings {
        let column = f.column.or_else(|| focus_column(f.rule));
        let col = column.and_then(|c| report.info.index_of(c)).unwrap_or(0);
        let Ok(col) = u16::try_from(col) else {
            continue;
        };
        let note = format!("{} {}：{}", f.rule, f.severity.name_zh(), report.message(f));
        for &row in &f.rows {
            let mark = marks.entry((row, col)).or_insert(Mark {
                severity: f.severity,
                notes: Vec::new(),
            });
            mark.severity = mark.severity.max(f.severity);
            // A group finding's note goes on its first row only; the fill marks them all.
            if f.rows.first() == Some(&row) || f.rows.len() == 1 {
                mark.notes.push(note.clone());
            }
        }
    }

    let mut wb = Workbook::new();
    let mut ws = Worksheet::new();
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
    ws.set_name(if name.is_empty() { "花名册" } else { &name })
        .map_err(err)?;
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut failure: Option<XlsxError> = None;
    let mut written_marks: std::collections::BTreeSet<(u32, u16)> = Default::default();
    input::read_rows(roster, sheet, &mut |row| {
        let Some(r) = row.number.checked_sub(1) else {
            return ControlFlow::Continue(());
        };
        for (c, cell) in row.cells.iter().enumerate() {
            let Ok(c16) = u16::try_from(c) else { break };
            let mark = marks.get(&(row.number, c16));
            if mark.is_some() {
                written_marks.insert((row.number, c16));
            }
            let format = mark.map_or_else(Format::new, |m| fill(m.severity));
            let written = match cell {
                Cell::Empty if mark.is_some() => ws.write_blank(r, c16, &format).map(|_| ()),
                Cell::Empty => Ok(()),
                Cell::Text(t) | Cell::Error(t) => {
                    ws.write_string_with_format(r, c16, t, &format).map(|_| ())
                }
                Cell::Int(i) => ws
                    .write_number_with_format(r, c16, *i as f64, &format)
                    .map(|_| ()),
                Cell::Float(x) => ws.write_number_with_format(r, c16, *x, &format).map(|_| ()),
                Cell::Bool(b) => ws
                    .write_boolean_with_format(r, c16, *b, &format)
                    .map(|_| ()),
                Cell::DateTime(d) => {
                    let format = match mark {
                        Some(m) => fill(m.severity).set_num_format("yyyy-mm-dd"),
                        None => date.clone(),
                    };
                    ws.write_datetime_with_format(r, c16, *d, &format)
                        .map(|_| ())
                }
            };
            if let Err(e) = written {
                failure = Some(e);
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    })?;
    if let Some(e) = failure {
        return Err(err(e));
    }
    // Marks on cells the sheet leaves blank beyond a row's last cell.
    for (&(row, col), mark) in marks.iter().filter(|(k, _)| !written_marks.contains(k)) {
        if let Some(r) = row.checked_sub(1) {
            let _ = ws.write_blank(r, col, &fill(mark.severity));
        }
    }
    for (&(row, col), mark) in marks
        .iter()
        .filter(|(_, m)| !m.notes.is_empty())
        .take(MAX_NOTES)
    {
        if let Some(r) = row.checked_sub(1) {
            let note = Note::new(mark.notes.join("\n")).set_author("xibu");
            ws.insert_note(r, col, &note).map_err(err)?;
        }
    }
    wb.push_worksheet(ws);
    wb.push_worksheet(findings_sheet(report).map_err(err)?);
    wb.push_worksheet(summary_sheet(report).map_err(err)?);
    Ok(wb)
}

fn findings_sheet(report: &Report) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(FINDINGS_SHEET)?;
    let bold = Format::new().set_bold();
    let headers = [
        "规则",
        "级别",
        "规则名称",
        "位置",
        "行",
        "列",
        "单元格",
        "值",
        "数量",
        "总数",
        "实际",
        "限值",
        "说明",
    ];
    for (i, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *h, &bold)?;
    }
    for (i, f) in report.outcome.findings.iter().enumerate() {
        let r = i as u32 + 1;
        let rows: Vec<String> = f.rows.iter().map(u32::to_string).collect();
        let texts = [
            f.rule.to_string(),
            f.severity.name_zh().to_string(),
            report.title(f.rule).to_string(),
            report.place(f),
            rows.join(", "),
            f.column.map(|c| c.header().to_string()).unwrap_or_default(),
            f.cell.clone().unwrap_or_default(),
            report.value(f).unwrap_or_default(),
        ];
        for (c, t) in texts.iter().enumerate() {
            ws.write_string(r, c as u16, t)?;
        }
        write_count(&mut ws, r, 8, f.count)?;
        write_count(&mut ws, r, 9, f.total)?;
        ws.write_string(r, 10, f.actual.as_deref().unwrap_or(""))?;
        ws.write_string(r, 11, f.limit.as_deref().unwrap_or(""))?;
        ws.write_string(r, 12, report.message(f))?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofit();
    Ok(ws)
}

fn write_count(ws: &mut Worksheet, r: u32, c: u16, n: Option<u64>) -> Result<(), XlsxError> {
    if let Some(n) = n {
        ws.write_number(r, c, n as f64)?;
    }
    Ok(())
}

fn summary_sheet(report: &Report) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(SUMMARY_SHEET)?;
    let bold = Format::new().set_bold();
    let summary = &report.outcome.summary;
    // Each share: its count, its population, and the share against the limit in effect, marked
    // ✗ where the rule made a finding (the rules' tallies; nothing is judged here).
    let mut headers = vec!["服务省份".to_string(), "新招募".to_string()];
    for c in &summary.columns {
        let label = crate::messages::say(c.label, crate::messages::Lang::Zh);
        headers.push(format!("{label}基数"));
        headers.push(label);
        headers.push(c.heading(crate::messages::Lang::Zh));
    }
    headers.extend(["在岗".to_string(), "实施规模".to_string()]);
    for (i, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, h, &bold)?;
    }
    for (i, p) in summary.rows.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, p.province.map_or("合计", |p| p.name()))?;
        ws.write_number(r, 1, p.new_recruits as f64)?;
        let mut c: u16 = 2;
        for (column, cell) in summary.columns.iter().zip(&p.shares) {
            match cell {
                _ if !column.checked => {
                    ws.write_string(r, c + 2, "未检查")?;
                }
                Some(cell) => {
                    ws.write_number(r, c, cell.count as f64)?;
                    ws.write_number(r, c + 1, cell.total as f64)?;
                    let mark = if cell.breached { " ✗" } else { "" };
                    ws.write_string(
                        r,
                        c + 2,
                        format!(
                            "{}{mark}",
                            crate::rules::share::percent(cell.count, cell.total)
                        ),
                    )?;
                }
                None => {}
            }
            c += 3;
        }
        ws.write_number(r, c, p.on_post as f64)?;
        write_count(&mut ws, r, c + 1, p.planned)?;
    }
    ws.autofit();
    Ok(ws)
}
