//! `--format github`: GitHub Actions workflow commands. The findings of each rule sit in one
//! `::group::` (folded in the log, so a run with thousands of findings stays readable), each an
//! annotation on the roster file at the finding's first row. GitHub shows only the first few
//! annotations on the run page; [`step_summary`] writes every rule's count and its findings as
//! Markdown for `$GITHUB_STEP_SUMMARY`, which the run page shows in full.

use std::io::{self, Write};

use super::{Failure, Lang, Report};
use crate::rules::{self, Checked, Finding, Severity};

/// Findings listed per rule in the step summary before "… and N more" (GitHub caps a step
/// summary at 1 MiB).
const SUMMARY_ROWS: usize = 50;

/// Escapes a workflow command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Notice => "notice",
    }
}

/// The finding's text: the one place this reporter reads a finding's message.
fn message(report: &Report, f: &Finding) -> String {
    let place = report.place(f);
    let value = report.value_suffix(f);
    if place.is_empty() || report.cell(f).is_none() && !f.scope().is_empty() {
        format!("{}{value}", report.message(f))
    } else {
        format!("{place}{value}: {}", report.message(f))
    }
}

/// `（3 项）` or ` (3 found)` after a rule's title.
fn bracketed(report: &Report, n: usize) -> String {
    match report.lang {
        Lang::Zh => format!("（{}）", count_words(report, n)),
        Lang::En => format!(" ({})", count_words(report, n)),
    }
}

fn count_words(report: &Report, n: usize) -> String {
    match report.lang {
        Lang::Zh => format!("{n} 项"),
        Lang::En => format!("{n} found"),
    }
}

/// Writes the workflow commands, an annotation at a time.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let file = format!("file={}", property(&report.info.file));
    for rule in rules::ALL {
        let id = rule.meta.id;
        let findings = report.findings_of(id);
        if findings.is_empty() {
            continue;
        }
        writeln!(
            out,
            "::group::{}",
            data(&format!(
                "{id} {}{}",
                report.title(id),
                bracketed(report, findings.len())
            ))
        )?;
        let title = format!("title={}", property(&format!("{id} {}", report.title(id))));
        for f in findings {
            if report.several() {
                // The file of the row the finding points at, and that row.
                let own = format!("file={}", property(report.file_of(f)));
                write!(out, "::{} {own}", level(f.severity))?;
                if let Some(id) = report.anchor(f) {
                    write!(out, ",line={}", report.row(id))?;
                }
            } else {
                write!(out, "::{} {file}", level(f.severity))?;
                if let Some(row) = f.rows.first() {
                    write!(out, ",line={row}")?;
                }
            }
            if let Some(col) = report.column_number(f) {
                write!(out, ",col={col}")?;
            }
            writeln!(out, ",{title}::{}", data(&message(report, f)))?;
        }
        out.write_all(b"::endgroup::\n")?;
    }
    let s = report.summary();
    writeln!(
        out,
        "xibu: {} errors, {} warnings, {} notices in {} rows",
        s.errors, s.warnings, s.notices, s.rows
    )
}

/// Text for a Markdown table cell: one line, `|` escaped.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

/// The Markdown appended to `$GITHUB_STEP_SUMMARY`: the totals, a table of every rule with its
/// count (not-checked rules say so), and each failing rule's findings.
pub fn step_summary(report: &Report) -> String {
    let s = report.summary();
    let zh = report.lang == Lang::Zh;
    let mut out = format!("## xibu check `{}`\n\n", cell(&report.info.file));
    out.push_str(&if zh {
        format!(
            "{} 个错误，{} 个警告，{} 个提示；志愿者 {} 人。\n\n| 规则 | | 结果 |\n|---|---|---|\n",
            s.errors, s.warnings, s.notices, s.rows
        )
    } else {
        format!(
            "{} errors, {} warnings, {} notices in {} rows.\n\n| rule | | result |\n|---|---|---|\n",
            s.errors, s.warnings, s.notices, s.rows
        )
    });
    for rule in rules::ALL {
        let id = rule.meta.id;
        let n = report.findings_of(id).len();
        let status = report.outcome.statuses.iter().find(|st| st.id == id);
        let result = match status {
            Some(st) if st.status == Checked::Skipped => {
                let why = cell(&report.reason(st));
                if zh {
                    format!("未检查：{why}")
                } else {
                    format!("not checked: {why}")
                }
            }
            _ if n == 0 => (if zh { "通过" } else { "passed" }).to_string(),
            _ => count_words(report, n),
        };
        out.push_str(&format!(
            "| {id} | {} | {result} |\n",
            cell(&report.title(id))
        ));
    }
    for rule in rules::ALL {
        let id = rule.meta.id;
        let findings = report.findings_of(id);
        if findings.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\n<details><summary>{id} {}{}</summary>\n\n",
            cell(&report.title(id)),
            bracketed(report, findings.len())
        ));
        for f in findings.iter().take(SUMMARY_ROWS) {
            out.push_str(&format!(
                "- {} {}\n",
                f.severity.name(),
                cell(&message(report, f))
            ));
        }
        if findings.len() > SUMMARY_ROWS {
            out.push_str(&if zh {
                format!("- ……另有 {} 项\n", findings.len() - SUMMARY_ROWS)
            } else {
                format!("- … and {} more\n", findings.len() - SUMMARY_ROWS)
            });
        }
        out.push_str("\n</details>\n");
    }
    out
}

/// A check that could not be done: one error annotation, on the file when it is known.
pub fn render_failure(failure: &Failure) -> String {
    let mut props = Vec::new();
    if let Some(file) = &failure.file {
        props.push(format!("file={}", property(file)));
    }
    props.push(format!(
        "title={}",
        property(&format!("xibu: {}", failure.kind))
    ));
    format!("::error {}::{}\n", props.join(","), data(&failure.message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_expects() {
        assert_eq!(data("50%\nnext"), "50%25%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(cell("a|b\nc"), "a\\|b c");
    }
}
