//! The two sheets xibu adds to the workbook, written as sheet XML straight into the package:
//! 问题清单 (one finding a line, a link to its cell, a filter) and 汇总 (every share against the
//! limit in effect, ✓/✗ as the rules decided, 未检查 for a rule that did not run).

use std::io::Write;

use super::package::{PatchError, quote_sheet};
use super::{Annotations, cap, escape};
use crate::input::{cell_ref, column_letters};
use crate::messages::{Lang, Msg, say};
use crate::report::Report;
use crate::report::text::{limit_text_of, rows_cut, share_text};
use crate::rules::{Checked, Limit, Severity};

/// The names of the roster sheet and of the two added sheets, made unique in the workbook.
pub struct SheetNames {
    roster: String,
    findings: String,
    summary: String,
}

impl SheetNames {
    pub fn new(roster: &str, existing: &[&str]) -> SheetNames {
        let unique = |base: &str| -> String {
            (1..)
                .map(|n| {
                    if n == 1 {
                        base.to_string()
                    } else {
                        format!("{base} ({n})")
                    }
                })
                .find(|c| !existing.iter().any(|e| e.eq_ignore_ascii_case(c)))
                .unwrap_or_else(|| base.to_string())
        };
        SheetNames {
            roster: roster.to_string(),
            findings: unique(super::FINDINGS_SHEET),
            summary: unique(super::SUMMARY_SHEET),
        }
    }
    pub fn findings(&self) -> &str {
        &self.findings
    }
    pub fn summary(&self) -> &str {
        &self.summary
    }
}

const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#;

/// One sheet's cells, written a row at a time.
struct Rows<'w, W: Write> {
    w: &'w mut W,
    row: u32,
}

enum V<'a> {
    Text(&'a str),
    Num(u64),
    Blank,
}

impl<W: Write> Rows<'_, W> {
    fn row(&mut self, cells: &[(V, Option<u32>)]) -> Result<u32, PatchError> {
        self.row += 1;
        let r = self.row;
        write!(self.w, r#"<row r="{r}">"#)?;
        for (c, (v, style)) in cells.iter().enumerate() {
            let s = style.map(|s| format!(r#" s="{s}""#)).unwrap_or_default();
            let at = cell_ref(c, r);
            match v {
                V::Text(t) if !t.is_empty() => write!(
                    self.w,
                    r#"<c r="{at}" t="inlineStr"{s}><is><t xml:space="preserve">{}</t></is></c>"#,
                    escape(&cap(t))
                )?,
                V::Num(n) => write!(self.w, r#"<c r="{at}"{s}><v>{n}</v></c>"#)?,
                _ if style.is_some() => write!(self.w, r#"<c r="{at}"{s}/>"#)?,
                _ => {}
            }
        }
        self.w.write_all(b"</row>")?;
        Ok(r)
    }
}

fn cols<W: Write>(w: &mut W, widths: &[u32]) -> Result<(), PatchError> {
    w.write_all(b"<cols>")?;
    for (i, width) in widths.iter().enumerate() {
        write!(
            w,
            r#"<col min="{n}" max="{n}" width="{width}" customWidth="1"/>"#,
            n = i + 1
        )?;
    }
    w.write_all(b"</cols>")?;
    Ok(())
}

fn frozen<W: Write>(w: &mut W, rows: u32) -> Result<(), PatchError> {
    write!(
        w,
        r#"<sheetViews><sheetView workbookViewId="0"><pane ySplit="{rows}" topLeftCell="A{}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#,
        rows + 1
    )?;
    Ok(())
}

const MARGINS: &str =
    r#"<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>"#;

/// Row numbers shown in a cell before "… 行等 N 行".
const ROWS_IN_CELL: usize = 20;

/// 问题清单; returns the number of findings written.
pub fn findings_sheet<W: Write>(
    w: &mut W,
    report: &Report,
    ann: &Annotations,
    names: &SheetNames,
    bold: u32,
    wrap: u32,
    severity_styles: &[u32],
) -> Result<u32, PatchError> {
    w.write_all(HEAD.as_bytes())?;
    frozen(w, 1)?;
    cols(w, &[6, 6, 30, 16, 7, 28, 12, 22, 8, 8, 10, 10, 60])?;
    w.write_all(b"<sheetData>")?;
    let lang = report.lang;
    let headers: Vec<String> = [
        Msg::XlsxHeadRule,
        Msg::XlsxHeadSeverity,
        Msg::XlsxHeadTitle,
        Msg::XlsxHeadPlace,
        Msg::XlsxHeadRow,
        Msg::XlsxHeadRows,
        Msg::XlsxHeadColumn,
        Msg::XlsxHeadValue,
        Msg::XlsxHeadCount,
        Msg::XlsxHeadTotal,
        Msg::XlsxHeadActual,
        Msg::XlsxHeadLimit,
        Msg::XlsxHeadMessage,
    ]
    .iter()
    .map(|m| say(*m, lang))
    .collect();
    let mut rows = Rows { w, row: 0 };
    let cells: Vec<(V, Option<u32>)> = headers
        .iter()
        .map(|h| (V::Text(h.as_str()), Some(bold)))
        .collect();
    rows.row(&cells)?;
    let mut links: Vec<(String, String, String)> = Vec::new();
    let mut n = 0u32;
    for (i, f) in report.outcome.findings.iter().enumerate() {
        let sev = match f.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Notice => 2,
        };
        let target = ann.target_cell(report, i);
        let place = report.place(f);
        let place = if place.is_empty() {
            target
                .map(|(r, c)| cell_ref(c as usize, r))
                .unwrap_or_default()
        } else {
            place
        };
        let severity = match lang {
            Lang::Zh => f.severity.name_zh(),
            Lang::En => f.severity.name(),
        };
        let all_rows = rows_cut(report, &f.rows, ROWS_IN_CELL);
        let column = f.column.map(|c| c.header().to_string()).unwrap_or_default();
        let value = report.value(f).unwrap_or_default();
        let title = report.title(f.rule());
        let message = report.message(f);
        let num = |v: Option<u64>| v.map_or(V::Blank, V::Num);
        let (actual, limit) = report.against(f);
        let r = rows.row(&[
            (V::Text(f.rule()), None),
            (V::Text(severity), severity_styles.get(sev).copied()),
            (V::Text(&title), None),
            (V::Text(&place), None),
            (
                f.rows.first().map_or(V::Blank, |r| V::Num(u64::from(r))),
                None,
            ),
            (V::Text(&all_rows), None),
            (V::Text(&column), None),
            (V::Text(&value), None),
            (num(f.count()), None),
            (num(f.total()), None),
            (V::Text(actual.as_deref().unwrap_or("")), None),
            (V::Text(limit.as_deref().unwrap_or("")), None),
            (V::Text(&message), Some(wrap)),
        ])?;
        if let Some((row, col)) = target {
            let cell = cell_ref(col as usize, row);
            links.push((
                format!("D{r}"),
                format!("{}!{cell}", quote_sheet(&names.roster)),
                cell,
            ));
        }
        n += 1;
    }
    let w = rows.w;
    w.write_all(b"</sheetData>")?;
    write!(w, r#"<autoFilter ref="A1:M{}"/>"#, n + 1)?;
    if !links.is_empty() {
        w.write_all(b"<hyperlinks>")?;
        for (at, location, display) in &links {
            write!(
                w,
                r#"<hyperlink ref="{at}" location="{}" display="{}"/>"#,
                escape(location),
                escape(display)
            )?;
        }
        w.write_all(b"</hyperlinks>")?;
    }
    w.write_all(MARGINS.as_bytes())?;
    w.write_all(b"</worksheet>")?;
    Ok(n)
}

fn mark(breached: bool) -> &'static str {
    if breached { "✗" } else { "✓" }
}

/// 汇总: the per-province table (each share with its count, population, share and ✓/✗), then
/// every group each share and quota rule judged, then the rules not checked.
pub fn summary_sheet<W: Write>(
    w: &mut W,
    report: &Report,
    bold: u32,
    bad: u32,
) -> Result<(), PatchError> {
    let lang = report.lang;
    let summary = &report.outcome.summary;
    w.write_all(HEAD.as_bytes())?;
    frozen(w, 2)?;
    // Two tables share these columns: the provinces' above, every group's below.
    let mut widths = vec![10, 24, 16, 8, 10, 12, 10, 8];
    let wanted = 2 + 3 * summary.columns.len() + 3;
    while widths.len() < wanted {
        widths.push(10);
    }
    cols(w, &widths)?;
    w.write_all(b"<sheetData>")?;
    let mut rows = Rows { w, row: 0 };
    let mut merges: Vec<String> = Vec::new();

    // Two header rows: each share's heading over its three columns.
    let count_word = say(Msg::XlsxHeadCount, lang);
    let total_word = say(Msg::XlsxHeadBase, lang);
    let share_word = say(Msg::XlsxHeadShare, lang);
    let province = say(Msg::HeadServiceProvince, lang);
    let new = say(Msg::HeadNew, lang);
    let on_post = say(Msg::XlsxHeadOnPost, lang);
    let planned = say(Msg::XlsxHeadPlanned, lang);
    let verdict = say(Msg::XlsxHeadVerdict, lang);
    let headings: Vec<String> = summary.columns.iter().map(|c| c.heading(lang)).collect();
    let mut top: Vec<(V, Option<u32>)> = vec![
        (V::Text(&province), Some(bold)),
        (V::Text(&new), Some(bold)),
    ];
    let mut second: Vec<(V, Option<u32>)> = vec![(V::Blank, Some(bold)), (V::Blank, Some(bold))];
    merges.push("A1:A2".into());
    merges.push("B1:B2".into());
    for (i, h) in headings.iter().enumerate() {
        top.extend([
            (V::Text(h), Some(bold)),
            (V::Blank, Some(bold)),
            (V::Blank, Some(bold)),
        ]);
        second.extend([
            (V::Text(&count_word), Some(bold)),
            (V::Text(&total_word), Some(bold)),
            (V::Text(&share_word), Some(bold)),
        ]);
        let first = 2 + 3 * i;
        merges.push(format!(
            "{}1:{}1",
            column_letters(first),
            column_letters(first + 2)
        ));
    }
    let scale = say(Msg::HeadOnPost, lang);
    let c = 2 + 3 * headings.len();
    top.extend([
        (V::Text(&scale), Some(bold)),
        (V::Blank, Some(bold)),
        (V::Blank, Some(bold)),
    ]);
    second.extend([
        (V::Text(&on_post), Some(bold)),
        (V::Text(&planned), Some(bold)),
        (V::Text(&verdict), Some(bold)),
    ]);
    merges.push(format!("{}1:{}1", column_letters(c), column_letters(c + 2)));
    rows.row(&top)?;
    rows.row(&second)?;

    let not_checked = say(Msg::CellNotChecked, lang);
    for p in &summary.rows {
        let name = match p.province {
            Some(p) => match lang {
                Lang::Zh => p.name().to_string(),
                Lang::En => p.pinyin().to_string(),
            },
            None => say(Msg::AllProvinces, lang),
        };
        let texts: Vec<Option<String>> = summary
            .columns
            .iter()
            .zip(&p.shares)
            .map(|(column, cell)| match cell {
                _ if !column.checked => Some(not_checked.clone()),
                Some(cell) if cell.total > 0 => Some(format!(
                    "{} {}",
                    share_text(cell, column)
                        .rsplit(' ')
                        .next()
                        .unwrap_or_default(),
                    mark(cell.breached)
                )),
                _ => None,
            })
            .collect();
        let mut cells: Vec<(V, Option<u32>)> =
            vec![(V::Text(&name), None), (V::Num(p.new_recruits), None)];
        for ((column, cell), text) in summary.columns.iter().zip(&p.shares).zip(&texts) {
            match (column.checked, cell) {
                (true, Some(cell)) => {
                    let style = cell.breached.then_some(bad);
                    cells.extend([
                        (V::Num(cell.count), None),
                        (V::Num(cell.total), None),
                        (V::Text(text.as_deref().unwrap_or("")), style),
                    ]);
                }
                _ => cells.extend([
                    (V::Blank, None),
                    (V::Blank, None),
                    (V::Text(text.as_deref().unwrap_or("")), None),
                ]),
            }
        }
        cells.push((V::Num(p.on_post), None));
        cells.push((p.planned.map_or(V::Blank, V::Num), None));
        cells.push((
            V::Text(if p.planned.is_some() || p.over_plan {
                mark(p.over_plan)
            } else {
                ""
            }),
            p.over_plan.then_some(bad),
        ));
        rows.row(&cells)?;
    }

    // Every group each share and quota rule judged.
    rows.row(&[])?;
    let detail = say(Msg::XlsxDetail, lang);
    rows.row(&[(V::Text(&detail), Some(bold))])?;
    let heads: Vec<String> = [
        Msg::XlsxHeadRule,
        Msg::XlsxHeadTitle,
        Msg::XlsxHeadScope,
        Msg::XlsxHeadCount,
        Msg::XlsxHeadBaseOrQuota,
        Msg::XlsxHeadActual,
        Msg::XlsxHeadLimit,
        Msg::XlsxHeadVerdict,
    ]
    .iter()
    .map(|m| say(*m, lang))
    .collect();
    let cells: Vec<(V, Option<u32>)> = heads.iter().map(|h| (V::Text(h), Some(bold))).collect();
    rows.row(&cells)?;
    for t in &report.outcome.tallies {
        let title = report.title(t.rule);
        let scope = match lang {
            Lang::Zh => t.scope.label_zh(),
            Lang::En => t.scope.label_en(),
        };
        let scope = if scope.is_empty() {
            say(Msg::Nationally, lang)
        } else {
            scope
        };
        let (actual, limit) = match t.limit {
            Limit::AtMostPercent(l) | Limit::AtLeastPercent(l) => (
                crate::rules::share::percent_against(t.count, t.total, l),
                limit_text_of(&t.limit),
            ),
            Limit::AtMostCount(_) => (t.count.to_string(), limit_text_of(&t.limit)),
        };
        let total = match t.limit {
            Limit::AtMostCount(None) => V::Blank,
            _ => V::Num(t.total),
        };
        rows.row(&[
            (V::Text(t.rule), None),
            (V::Text(&title), None),
            (V::Text(&scope), None),
            (V::Num(t.count), None),
            (total, None),
            (V::Text(&actual), None),
            (V::Text(&limit), None),
            (V::Text(mark(t.breached)), t.breached.then_some(bad)),
        ])?;
    }
    // The rules that did not run: never a number, never ✓.
    for s in report
        .outcome
        .statuses
        .iter()
        .filter(|s| s.status == Checked::Skipped)
    {
        let title = report.title(s.id);
        let reason = s
            .reason
            .as_ref()
            .map(|r| report.say(r.clone()))
            .unwrap_or_default();
        rows.row(&[
            (V::Text(s.id), None),
            (V::Text(&title), None),
            (V::Text(&reason), None),
            (V::Blank, None),
            (V::Blank, None),
            (V::Blank, None),
            (V::Blank, None),
            (V::Text(&not_checked), None),
        ])?;
    }
    let w = rows.w;
    w.write_all(b"</sheetData>")?;
    write!(w, r#"<mergeCells count="{}">"#, merges.len())?;
    for m in &merges {
        write!(w, r#"<mergeCell ref="{m}"/>"#)?;
    }
    w.write_all(b"</mergeCells>")?;
    w.write_all(MARGINS.as_bytes())?;
    w.write_all(b"</worksheet>")?;
    Ok(())
}
