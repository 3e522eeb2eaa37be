//! The terminal report: findings grouped by rule with the policy behind each, the rules not
//! checked, a per-province summary table, and a closing count.

use comfy_table::{Cell, CellAlignment, Color, ContentArrangement, Table, presets};

use super::{Lang, Report};
use crate::messages::{Msg, Text, say};
use crate::rules::share::percent;
use crate::rules::{self, Checked, Finding, Severity};

/// How many row numbers a group finding lists before "and N more".
const ROWS_SHOWN: usize = 10;

fn paint(text: &str, color: &str, on: bool) -> String {
    if on {
        format!("\x1b[{color}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

fn severity_word(report: &Report, severity: Severity) -> String {
    let (word, color) = match severity {
        Severity::Error => (Msg::SeverityError, "1;31"),
        Severity::Warning => (Msg::SeverityWarning, "1;33"),
        Severity::Notice => (Msg::SeverityNotice, "1;36"),
    };
    paint(&say(word, report.lang), color, report.color)
}

fn rows_line(report: &Report, f: &Finding) -> String {
    let shown: Vec<String> = f.rows.iter().take(ROWS_SHOWN).map(u32::to_string).collect();
    let more = f.rows.len().saturating_sub(ROWS_SHOWN);
    let more = if more > 0 {
        report.say(Text::new(Msg::RowsMore).arg("more", more))
    } else {
        String::new()
    };
    report.say(
        Text::new(Msg::RowsLine)
            .arg("rows", shown.join(", "))
            .arg("more", more)
            .arg("row_word", report.row_msg()),
    )
}

pub fn render(report: &Report) -> String {
    let info = report.info;
    let mut out = String::new();
    let sheet = info.source.sheet.as_deref().unwrap_or("");
    let input = if sheet.is_empty() {
        Text::new(Msg::InputLine)
    } else {
        Text::new(Msg::InputLineSheet).arg("sheet", sheet)
    };
    out.push_str(
        &report.say(
            input
                .arg("file", info.file.as_str())
                .arg("header_row", info.header_row)
                .arg("records", info.records)
                .arg("row_word", report.row_msg()),
        ),
    );
    out.push('\n');
    for n in &info.notices {
        let at = match n.row {
            Some(r) => report.say(
                Text::new(Msg::NoteAt)
                    .arg("row", r)
                    .arg("row_word", report.row_msg()),
            ),
            None => String::new(),
        };
        out.push_str(&format!(
            "  {} {at}{}\n",
            say(Msg::NoteLabel, report.lang),
            report.say(n.text.clone())
        ));
    }

    for rule in rules::ALL {
        let findings: Vec<&Finding> = report
            .outcome
            .findings
            .iter()
            .filter(|f| f.rule == rule.meta.id)
            .collect();
        if findings.is_empty() {
            continue;
        }
        let m = rule.meta;
        out.push_str(&format!(
            "\n{} {}{}\n",
            paint(m.id, "1", report.color),
            report.title(m.id),
            report.say(Text::new(Msg::RuleHeading).arg("count", findings.len()))
        ));
        if let Some(c) = report.outcome.rules.citation(m.id) {
            let source = if c.section.is_empty() {
                c.short.clone()
            } else {
                format!("{} {}", c.short, c.section)
            };
            out.push_str(&format!(
                "  {}\n",
                report.say(
                    Text::new(Msg::PolicyLine)
                        .arg("source", source)
                        .arg("sentence", c.sentence.as_str())
                )
            ));
        }
        for f in findings {
            let place = report.place(f);
            let value = report
                .value(f)
                .filter(|v| !v.is_empty())
                .map(|v| format!("[{v}] "))
                .unwrap_or_default();
            let place = if place.is_empty() || f.cell.is_none() && !f.scope.is_empty() {
                // The scope is already the message's first words.
                String::new()
            } else {
                format!("{place} ")
            };
            out.push_str(&format!(
                "  {} {place}{value}{}\n",
                severity_word(report, f.severity),
                report.message(f)
            ));
            if f.cell.is_none() && f.rows.len() > 1 {
                out.push_str(&format!("      {}\n", rows_line(report, f)));
            }
        }
    }

    let skipped: Vec<String> = report
        .outcome
        .statuses
        .iter()
        .filter(|s| s.status == Checked::Skipped)
        .map(|s| {
            format!(
                "{}（{}）",
                s.id,
                s.reason
                    .as_ref()
                    .map(|r| report.say(r.clone()))
                    .unwrap_or_default()
            )
        })
        .collect();
    if !skipped.is_empty() {
        out.push_str(&format!(
            "\n{}{}\n",
            say(Msg::NotChecked, report.lang),
            skipped.join("; ")
        ));
    }

    if !report.outcome.summary.rows.is_empty() {
        out.push_str(&format!("\n{}\n", say(Msg::SummaryTitle, report.lang)));
        out.push_str(&summary_table(report));
    }

    let s = report.summary();
    out.push_str(&format!(
        "\n{}\n",
        report.say(
            Text::new(Msg::Totals)
                .arg("errors", s.errors)
                .arg("warnings", s.warnings)
                .arg("notices", s.notices)
        )
    ));
    out
}

/// The per-province table: each share against its limit in effect, and the scale used. Every
/// number and every ✗ is the rules' own (their tallies); nothing is judged here.
pub fn summary_table(report: &Report) -> String {
    let lang = report.lang;
    let summary = &report.outcome.summary;
    let mut headers = vec![say(Msg::HeadServiceProvince, lang), say(Msg::HeadNew, lang)];
    for c in &summary.columns {
        headers.push(c.heading(report.lang));
    }
    headers.push(say(Msg::HeadOnPost, lang));

    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(headers);
    if report.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    for p in &summary.rows {
        let name = match p.province {
            Some(p) => match lang {
                Lang::Zh => p.name().to_string(),
                Lang::En => p.pinyin().to_string(),
            },
            None => say(Msg::AllProvinces, lang),
        };
        let mut cells = vec![Cell::new(name), Cell::new(p.new_recruits)];
        for (column, cell) in summary.columns.iter().zip(&p.shares) {
            let (text, bad) = match cell {
                _ if !column.checked => (say(Msg::CellNotChecked, lang), false),
                Some(r) if r.total > 0 => (
                    format!(
                        "{}/{} {}{}",
                        r.count,
                        r.total,
                        percent(r.count, r.total),
                        if r.breached { " ✗" } else { "" }
                    ),
                    r.breached,
                ),
                _ => ("—".to_string(), false),
            };
            let cell = Cell::new(text);
            cells.push(if bad && report.color {
                cell.fg(Color::Red)
            } else {
                cell
            });
        }
        let over = p.over_plan;
        let mark = if over { " ✗" } else { "" };
        let scale = match p.planned {
            Some(planned) => format!("{}/{planned}{mark}", p.on_post),
            None => format!("{}/—{mark}", p.on_post),
        };
        let cell = Cell::new(scale);
        cells.push(if over && report.color {
            cell.fg(Color::Red)
        } else {
            cell
        });
        table.add_row(cells);
    }
    for i in 1..=summary.columns.len() + 2 {
        if let Some(c) = table.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut text = table.to_string();
    text.push('\n');
    text
}
