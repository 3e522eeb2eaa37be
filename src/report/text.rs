//! The terminal report: findings grouped by rule with the policy behind each (at most
//! `--max-findings` a rule, then where the rest are), the rules not checked, a per-province
//! summary table stacked to fit the terminal's width, and a closing count.
//!
//! Everything a cell brought is shown with its control characters escaped (`\u{1b}`), so that a
//! roster cannot move the cursor, recolour or clear the clerk's terminal.

use std::io::{self, Write};

use comfy_table::{Cell, CellAlignment, Color, ContentArrangement, Table, presets};
use rust_decimal::Decimal;

use super::{Lang, Report};
use crate::messages::{Msg, Text, say};
use crate::rules::share::percent_against;
use crate::rules::summary::{ShareCell, ShareColumn};
use crate::rules::{self, Checked, Finding, Limit, Rows, Severity};
use crate::text::width;

/// How many row numbers a finding lists before "… 行等 N 行".
const ROWS_SHOWN: usize = 10;

/// Findings printed per rule unless `--max-findings` says otherwise.
pub const MAX_FINDINGS: usize = 20;

/// How the terminal page is laid out.
#[derive(Debug, Clone)]
pub struct TextOptions {
    /// Columns of the terminal: tables are stacked and lines wrapped to fit.
    pub width: usize,
    /// Findings printed per rule; 0 prints them all.
    pub max_findings: usize,
    /// The annotated workbook being written, where every finding is listed.
    pub xlsx: Option<String>,
}

impl Default for TextOptions {
    fn default() -> TextOptions {
        TextOptions {
            width: terminal_width(false),
            max_findings: MAX_FINDINGS,
            xlsx: None,
        }
    }
}

/// `COLUMNS` when set, else the terminal's width when standard output is one, else 80.
pub fn terminal_width(stdout_is_terminal: bool) -> usize {
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| *n >= 20)
    {
        return n;
    }
    if stdout_is_terminal
        && let Some(w) = Table::new().width()
        && w >= 20
    {
        return usize::from(w);
    }
    80
}

/// A cell's text made safe for a terminal: control characters (C0, DEL, C1) and the bidi
/// overrides that would reorder what follows are written as `\u{…}`.
pub fn clean(s: &str) -> String {
    if !s.chars().any(unsafe_char) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The display width of a line, ANSI colour codes aside.
fn shown_width(s: &str) -> usize {
    let mut w = 0;
    let mut in_escape = false;
    let mut buf = [0u8; 4];
    for c in s.chars() {
        if in_escape {
            if c == 'm' {
                in_escape = false;
            }
            continue;
        }
        if c == '\x1b' {
            in_escape = true;
            continue;
        }
        w += width(c.encode_utf8(&mut buf));
    }
    w
}

/// `line` wrapped to `max` columns, continuation lines indented by `indent` spaces. Chinese
/// breaks between any two characters, but a closing mark (`）`, `，`, `。` …) never starts a line
/// and an ASCII word or number is never cut; a colour code is never split.
fn wrap(line: &str, max: usize, indent: usize) -> String {
    if shown_width(line) <= max || max <= indent + 10 {
        return line.to_string();
    }
    // Split into units: a colour code with the character after it, an ASCII word, or one char.
    let mut units: Vec<String> = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        let mut unit = String::from(c);
        if c == '\x1b' {
            for d in chars.by_ref() {
                unit.push(d);
                if d == 'm' {
                    break;
                }
            }
            if let Some(d) = chars.next() {
                unit.push(d);
            }
        } else if c.is_ascii_alphanumeric() || "./%-:".contains(c) {
            while let Some(&d) = chars.peek() {
                if d.is_ascii_alphanumeric() || "./%-:,".contains(d) {
                    unit.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
        }
        units.push(unit);
    }
    let closing = |u: &str| {
        u.chars()
            .next()
            .is_some_and(|c| "）)，,。.、；;：:！!？?」』】”’%".contains(c))
    };
    let mut out = String::new();
    let mut current = String::new();
    let mut current_w = 0;
    let mut i = 0;
    while let Some(unit) = units.get(i) {
        let w = shown_width(unit);
        if current_w + w > max && current_w > indent {
            // Carry the last unit over when a closing mark would start the next line.
            let mut carry = String::new();
            if closing(unit)
                && let Some(last) = units.get(i.wrapping_sub(1))
                && current.ends_with(last.as_str())
                && shown_width(&current) > shown_width(last) + indent
            {
                current.truncate(current.len() - last.len());
                carry = last.clone();
            }
            out.push_str(current.trim_end());
            out.push('\n');
            current = " ".repeat(indent) + carry.trim_start();
            current_w = shown_width(&current);
            if unit == " " {
                i += 1;
                continue;
            }
        }
        current.push_str(unit);
        current_w += w;
        i += 1;
    }
    out.push_str(&current);
    out
}

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

/// `第 3 行`, `第 9, 10 行`, `第 1, 2, 3 … 行等 40 行`: row numbers, cut after `shown`. With
/// several sources, each file's rows after its name: `和田县.xlsx 第 5, 6 行；墨玉县.xlsx 第 2 行`.
pub fn rows_cut(report: &Report, rows: &Rows, shown: usize) -> String {
    if report.several() {
        return rows_in_files(report, rows, shown);
    }
    let list: Vec<String> = rows.iter().take(shown).map(|r| r.to_string()).collect();
    if rows.len() <= shown {
        report.say(
            Text::new(Msg::RowsLine)
                .arg("rows", list.join(", "))
                .arg("more", "")
                .arg("row_word", report.row_msg()),
        )
    } else {
        report.say(
            Text::new(Msg::RowsCut)
                .arg("rows", list.join(", "))
                .arg("count", rows.len())
                .arg("row_word", report.row_msg()),
        )
    }
}

/// Rows of several sources, each file's after its name, cut after `shown` rows in all.
fn rows_in_files(report: &Report, rows: &Rows, shown: usize) -> String {
    let mut left = shown;
    let mut parts = Vec::new();
    for location in report.locations_of(&rows.iter().take(shown).collect::<Vec<_>>()) {
        let list: Vec<String> = location
            .rows
            .iter()
            .take(left)
            .map(u32::to_string)
            .collect();
        left = left.saturating_sub(list.len());
        let word = if location.source.info.row_word() == "line" {
            Msg::LineWord
        } else {
            Msg::RowWord
        };
        parts.push(format!(
            "{} {}",
            clean(&location.source.name),
            report.say(
                Text::new(Msg::RowsLine)
                    .arg("rows", list.join(", "))
                    .arg("more", "")
                    .arg("row_word", word),
            )
        ));
    }
    let separator = match report.lang {
        Lang::Zh => "；",
        Lang::En => "; ",
    };
    let mut text = parts.join(separator);
    if rows.len() > shown {
        text.push_str(&report.say(Text::new(Msg::RowsMore).arg("more", rows.len() - shown)));
    }
    text
}

/// The limit of a column as a number (`70%` → 70).
fn column_limit(column: &ShareColumn) -> Option<Decimal> {
    column
        .limit
        .trim()
        .trim_end_matches('%')
        .trim()
        .parse()
        .ok()
}

/// `447/638 70.06%`, with as many places as it takes to show an excess of the limit in effect.
pub fn share_text(cell: &ShareCell, column: &ShareColumn) -> String {
    let limit = match cell.limit {
        Some(Limit::AtMostPercent(l) | Limit::AtLeastPercent(l)) => Some(l),
        _ => column_limit(column),
    };
    let percent = match limit {
        Some(l) => percent_against(cell.count, cell.total, l),
        None => rules::share::percent(cell.count, cell.total),
    };
    format!("{}/{} {percent}", cell.count, cell.total)
}

/// `≤ 70%`, `≥ 85%`, `≤ 187`, `无指标`.
pub fn limit_text_of(limit: &Limit) -> String {
    match limit {
        Limit::AtMostPercent(l) => format!("≤ {}", rules::share::limit_text(*l)),
        Limit::AtLeastPercent(l) => format!("≥ {}", rules::share::limit_text(*l)),
        Limit::AtMostCount(Some(n)) => format!("≤ {n}"),
        Limit::AtMostCount(None) => say(Msg::NoQuota, crate::messages::Lang::Zh),
    }
}

/// The terminal page, laid out for `COLUMNS` (80 when unset) with the default finding limit.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    write_with(report, &TextOptions::default(), out)
}

/// The terminal page, written a line at a time.
pub fn write_with(report: &Report, options: &TextOptions, out: &mut dyn Write) -> io::Result<()> {
    let info = report.info;
    let max = options.width;
    let line = |out: &mut dyn Write, text: &str, indent: usize| {
        out.write_all(wrap(text, max, indent).as_bytes())?;
        out.write_all(b"\n")
    };
    // One line per source read: its file, sheet, header row and volunteers.
    let one = [info];
    let infos: Vec<&crate::roster::RosterInfo> = if report.several() {
        report.source_list().iter().map(|s| &s.info).collect()
    } else {
        one.to_vec()
    };
    for info in infos {
        let sheet = info.source.sheet.as_deref().unwrap_or("");
        let input = if sheet.is_empty() {
            Text::new(Msg::InputLine)
        } else {
            Text::new(Msg::InputLineSheet).arg("sheet", clean(sheet))
        };
        let word = if info.row_word() == "line" {
            Msg::LineWord
        } else {
            Msg::RowWord
        };
        line(
            out,
            &report.say(
                input
                    .arg("file", clean(info.file.as_str()))
                    .arg("header_row", info.header_row)
                    .arg("records", info.records)
                    .arg("row_word", word),
            ),
            2,
        )?;
    }
    for n in &info.notices {
        let at = match n.row {
            Some(r) => report.say(
                Text::new(Msg::NoteAt)
                    .arg("row", r)
                    .arg("row_word", report.row_msg()),
            ),
            None => String::new(),
        };
        line(
            out,
            &format!(
                "  {} {at}{}",
                say(Msg::NoteLabel, report.lang),
                clean(&report.say(n.text.clone()))
            ),
            4,
        )?;
    }

    for rule in rules::ALL {
        let findings: Vec<&Finding> = report
            .outcome
            .findings
            .iter()
            .filter(|f| f.rule() == rule.meta.id)
            .collect();
        if findings.is_empty() {
            continue;
        }
        let m = rule.meta;
        out.write_all(b"\n")?;
        line(
            out,
            &format!(
                "{} {}{}",
                paint(m.id, "1", report.color),
                report.title(m.id),
                report.say(Text::new(Msg::RuleHeading).arg("count", findings.len()))
            ),
            4,
        )?;
        if let Some(c) = report.outcome.rules.citation(m.id) {
            let source = if c.section.is_empty() {
                c.short.clone()
            } else {
                format!("{} {}", c.short, c.section)
            };
            line(
                out,
                &format!(
                    "  {}",
                    report.say(
                        Text::new(Msg::PolicyLine)
                            .arg("source", source)
                            .arg("sentence", c.sentence.as_str())
                    )
                ),
                4,
            )?;
        }
        let shown = if options.max_findings == 0 {
            findings.len()
        } else {
            options.max_findings
        };
        for f in findings.iter().take(shown) {
            let place = report.place(f);
            let value = report
                .value(f)
                .filter(|v| !v.is_empty())
                .map(|v| format!("[{}] ", clean(&v)))
                .unwrap_or_default();
            let cell = report.cell(f);
            let place = if place.is_empty() || cell.is_none() && !f.scope().is_empty() {
                // The scope is already the message's first words.
                String::new()
            } else {
                format!("{} ", clean(&place))
            };
            line(
                out,
                &format!(
                    "  {} {place}{value}{}",
                    severity_word(report, f.severity),
                    clean(&report.message(f))
                ),
                6,
            )?;
            // Every finding shows its rows, even one — but a cell (B10) already names its row.
            if !f.rows.is_empty() && (cell.is_none() || f.rows.len() > 1) {
                line(
                    out,
                    &format!("      {}", rows_cut(report, &f.rows, ROWS_SHOWN)),
                    6,
                )?;
            }
        }
        let more = findings.len().saturating_sub(shown);
        if more > 0 {
            let place = match &options.xlsx {
                Some(path) => {
                    report.say(Text::new(Msg::FindingsWhereXlsx).arg("path", clean(path)))
                }
                None => say(Msg::FindingsWhere, report.lang),
            };
            line(
                out,
                &format!(
                    "  {}",
                    report.say(
                        Text::new(Msg::FindingsMore)
                            .arg("more", more)
                            .arg("where", place)
                    )
                ),
                4,
            )?;
        }
    }

    let skipped: Vec<String> = report
        .outcome
        .statuses
        .iter()
        .filter(|s| s.status == Checked::Skipped)
        .map(|s| {
            let (open, close) = match report.lang {
                Lang::Zh => ("（", "）"),
                Lang::En => (" (", ")"),
            };
            format!(
                "{}{open}{}{close}",
                s.id,
                s.reason
                    .as_ref()
                    .map(|r| clean(&report.say(r.clone())))
                    .unwrap_or_default()
            )
        })
        .collect();
    if !skipped.is_empty() {
        out.write_all(b"\n")?;
        line(
            out,
            &format!(
                "{}{}",
                say(Msg::NotChecked, report.lang),
                skipped.join(match report.lang {
                    crate::messages::Lang::Zh => "；",
                    crate::messages::Lang::En => "; ",
                })
            ),
            2,
        )?;
    }

    if !report.outcome.summary.rows.is_empty() {
        writeln!(out, "\n{}", say(Msg::SummaryTitle, report.lang))?;
        out.write_all(summary_tables(report, max).as_bytes())?;
    }

    let s = report.summary();
    writeln!(
        out,
        "\n{}",
        report.say(
            Text::new(Msg::Totals)
                .arg("errors", s.errors)
                .arg("warnings", s.warnings)
                .arg("notices", s.notices)
        )
    )
}

/// The per-province table at 80 columns (see [`summary_tables`]).
pub fn summary_table(report: &Report) -> String {
    summary_tables(report, 80)
}

/// The per-province table: each share against its limit in effect, and the scale used. Every
/// number and every ✗ is the rules' own (their tallies); nothing is judged here. When the
/// table is wider than `max` columns it is cut into several stacked tables, each led by the
/// province column: a cell is never broken.
pub fn summary_tables(report: &Report, max: usize) -> String {
    let lang = report.lang;
    let summary = &report.outcome.summary;
    // Every column: its heading and its cells (text, bad), one per province row.
    let mut columns: Vec<(String, Vec<(String, bool)>)> = Vec::new();
    columns.push((
        say(Msg::HeadNew, lang),
        summary
            .rows
            .iter()
            .map(|p| (p.new_recruits.to_string(), false))
            .collect(),
    ));
    for (i, c) in summary.columns.iter().enumerate() {
        let cells = summary
            .rows
            .iter()
            .map(|p| match p.shares.get(i).copied().flatten() {
                _ if !c.checked => (say(Msg::CellNotChecked, lang), false),
                Some(r) if r.total > 0 => (
                    format!(
                        "{}{}",
                        share_text(&r, c),
                        if r.breached { " ✗" } else { "" }
                    ),
                    r.breached,
                ),
                _ => ("—".to_string(), false),
            })
            .collect();
        columns.push((c.heading(lang), cells));
    }
    columns.push((
        say(Msg::HeadOnPost, lang),
        summary
            .rows
            .iter()
            .map(|p| {
                let mark = if p.over_plan { " ✗" } else { "" };
                let text = match p.planned {
                    Some(planned) => format!("{}/{planned}{mark}", p.on_post),
                    None => format!("{}/—{mark}", p.on_post),
                };
                (text, p.over_plan)
            })
            .collect(),
    ));
    let names: Vec<String> = summary
        .rows
        .iter()
        .map(|p| match p.province {
            Some(p) => match lang {
                Lang::Zh => p.name().to_string(),
                Lang::En => p.pinyin().to_string(),
            },
            None => say(Msg::AllProvinces, lang),
        })
        .collect();
    let build = |chosen: &[usize]| -> String {
        let mut table = Table::new();
        let mut headers = vec![say(Msg::HeadServiceProvince, lang)];
        headers.extend(
            chosen
                .iter()
                .filter_map(|&i| columns.get(i).map(|c| c.0.clone())),
        );
        table
            .load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Disabled)
            .set_header(headers);
        if report.color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        for (r, name) in names.iter().enumerate() {
            let mut cells = vec![Cell::new(name)];
            for &i in chosen {
                let Some((text, bad)) = columns.get(i).and_then(|c| c.1.get(r)) else {
                    continue;
                };
                let cell = Cell::new(text);
                cells.push(if *bad && report.color {
                    cell.fg(Color::Red)
                } else {
                    cell
                });
            }
            table.add_row(cells);
        }
        for i in 1..=chosen.len() {
            if let Some(c) = table.column_mut(i) {
                c.set_cell_alignment(CellAlignment::Right);
            }
        }
        let mut text = table.to_string();
        text.push('\n');
        text
    };
    let fits = |text: &str| text.lines().all(|l| shown_width(l) <= max);
    // Greedy: as many columns a table as fit (at least one).
    let mut out = String::new();
    let mut chosen: Vec<usize> = Vec::new();
    for i in 0..columns.len() {
        chosen.push(i);
        if chosen.len() > 1 && !fits(&build(&chosen)) {
            chosen.pop();
            out.push_str(&build(&chosen));
            chosen = vec![i];
        }
    }
    if !chosen.is_empty() {
        out.push_str(&build(&chosen));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(clean("张三\x1b[2J"), "张三\\u{1b}[2J");
        assert_eq!(clean("a\u{202e}b"), "a\\u{202e}b");
        assert_eq!(clean("新疆 ← 山东"), "新疆 ← 山东");
    }

    #[test]
    fn wrapping_fits_and_keeps_words() {
        let line = "  错误 新疆 ← 山东 的新招募 200 人，超过附件2的招募指标 187 人，请核对招募省份或调整人选";
        let wrapped = wrap(line, 40, 6);
        assert!(wrapped.lines().all(|l| shown_width(l) <= 40), "{wrapped}");
        assert!(wrapped.lines().skip(1).all(|l| l.starts_with("      ")));
        let squeezed = |s: &str| s.chars().filter(|c| *c != ' ').collect::<String>();
        assert_eq!(squeezed(&wrapped.replace('\n', "")), squeezed(line));
        // No line starts with a closing mark, no number is cut.
        assert!(
            wrapped
                .lines()
                .all(|l| !l.trim_start().starts_with(['，', '）']))
        );
        let numbers = wrap("第 123456789, 223456789, 323456789, 423456789 行", 24, 2);
        assert!(numbers.lines().all(|l| shown_width(l) <= 24), "{numbers}");
        assert!(numbers.contains("223456789,"), "{numbers}");
        assert_eq!(wrap("short", 40, 2), "short");
        // A colour code counts nothing and is never split.
        let red = format!("\x1b[1;31m错误\x1b[0m {}", "字".repeat(30));
        assert!(wrap(&red, 40, 2).lines().all(|l| shown_width(l) <= 40));
        assert!(wrap(&red, 40, 2).contains("\x1b[1;31m错误\x1b[0m"));
    }
}
