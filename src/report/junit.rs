//! `--format junit`: one test suite for the roster (its `file` attribute names it), and exactly
//! one test case per rule of the catalog, whatever the roster holds, so that a CI's test count
//! is the same on every run and a rule's history can be followed from run to run:
//! - a rule with findings at or above `--fail-on` fails, its `<failure>` message counting them
//!   and its body listing every one (where, value, message, rows);
//! - a rule with findings below `--fail-on` passes and lists them in `<system-out>`;
//! - a rule that was not checked is `<skipped>` with the reason;
//! - a checked rule with no finding passes.
//!
//! Every case has `classname="xibu.ID"` and a `time` (0: the rules run together over one pass of
//! the roster, so a time per rule would be made up; the suite carries the check's time). A check
//! that could not be done (exit 2) is one suite with one `<error>` case. Text goes through
//! [`xml_text`], so a stray U+FFFE in a cell cannot make the file invalid XML.

use std::io::{self, Write};
use std::time::Duration;

use quick_junit::{NonSuccessKind, Report as Junit, TestCase, TestCaseStatus, TestSuite};

use super::{Failure, Lang, Report, xml_text};
use crate::rules::{self, Checked, Finding};

/// Row numbers listed per finding before "… N more".
const ROWS_SHOWN: usize = 20;

/// The finding's line: the one place this reporter reads a finding's message.
fn line(report: &Report, f: &Finding) -> String {
    let place = report.place(f);
    let value = report.value_suffix(f);
    let mut rows: Vec<String> = f
        .rows
        .iter()
        .take(ROWS_SHOWN)
        .map(|r| r.to_string())
        .collect();
    if f.rows.len() > ROWS_SHOWN {
        rows.push(match report.lang {
            Lang::Zh => format!("等 {} 行", f.rows.len()),
            Lang::En => format!("… {} rows in all", f.rows.len()),
        });
    }
    let rows = if rows.is_empty() {
        String::new()
    } else if report.several() {
        // Each file's rows after its name.
        format!(
            " ({})",
            crate::report::text::rows_cut(report, &f.rows, ROWS_SHOWN)
        )
    } else {
        format!(" ({} {})", report.row_word(), rows.join(", "))
    };
    // A share or quota finding's message names its scope already.
    let head = if place.is_empty() || report.cell(f).is_none() && !f.scope().is_empty() {
        f.severity.name().to_string()
    } else {
        format!("{} {place}", f.severity.name())
    };
    xml_text(&format!("{head}{value}: {}{rows}", report.message(f)))
}

fn finish(junit: &Junit) -> String {
    match junit.to_string() {
        Ok(xml) => without_suites_skipped(&xml),
        Err(e) => format!("<!-- xibu: cannot write JUnit XML: {e} -->\n"),
    }
}

/// The JUnit schema Jenkins, GitLab and pytest share (Surefire's) has no `skipped` attribute on
/// <testsuites>; quick-junit always writes one. The count is on the <testsuite>, where the
/// schema has it.
fn without_suites_skipped(xml: &str) -> String {
    let mut xml: String = xml
        .lines()
        .map(|line| {
            if line.starts_with("<testsuites ") {
                // Its attributes are xibu's name and numbers: no spaces inside values.
                line.split(' ')
                    .filter(|part| !part.starts_with("skipped=\""))
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    xml.push('\n');
    xml
}

/// Text as quick-junit would write it: ANSI escapes and control characters other than tab and
/// line feed dropped (`XmlString`), then the five XML characters escaped.
fn esc(text: &str) -> String {
    let text = quick_junit::XmlString::new(text);
    let mut out = String::with_capacity(text.as_str().len());
    for c in text.as_str().chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&apos;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The JUnit report with the time the check took on the suite and the report, written a test
/// case at a time and each case's findings a line at a time (the layout quick-junit gives the
/// failure document, so that both read the same).
pub fn write(report: &Report, elapsed: Duration, out: &mut dyn Write) -> io::Result<()> {
    let file = xml_text(&report.info.file);
    let time = format!("{:.3}", elapsed.as_secs_f64());
    let skipped_status = |id: &str| {
        report
            .outcome
            .statuses
            .iter()
            .find(|s| s.id == id && s.status == Checked::Skipped)
    };
    let fails = |id: &str| {
        report
            .findings_of(id)
            .iter()
            .any(|f| report.fail_on.fails(f.severity))
    };
    let tests = rules::ALL.len();
    let skipped = rules::ALL
        .iter()
        .filter(|r| skipped_status(r.meta.id).is_some())
        .count();
    let failures = rules::ALL
        .iter()
        .filter(|r| skipped_status(r.meta.id).is_none() && fails(r.meta.id))
        .count();
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(
        out,
        "<testsuites name=\"xibu\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" time=\"{time}\">"
    )?;
    writeln!(
        out,
        "    <testsuite name=\"{}\" tests=\"{tests}\" skipped=\"{skipped}\" errors=\"0\" failures=\"{failures}\" time=\"{time}\" file=\"{}\">",
        esc(&format!("xibu check {file}")),
        esc(&file)
    )?;
    for rule in rules::ALL {
        let id = rule.meta.id;
        let name = format!("{id} {}", report.title(id));
        let findings = report.findings_of(id);
        let (failing, passing): (Vec<&Finding>, Vec<&Finding>) = findings
            .iter()
            .partition(|f| report.fail_on.fails(f.severity));
        let head = format!(
            "        <testcase name=\"{}\" classname=\"xibu.{id}\" time=\"0.000\"",
            esc(&name)
        );
        let status = skipped_status(id);
        if status.is_none() && failing.is_empty() && passing.is_empty() {
            writeln!(out, "{head}/>")?;
            continue;
        }
        writeln!(out, "{head}>")?;
        if let Some(s) = status {
            let reason = s.reason.as_ref().map(|r| report.say(r.clone()));
            writeln!(
                out,
                "            <skipped message=\"{}\"/>",
                esc(&xml_text(reason.as_deref().unwrap_or("")))
            )?;
        } else if let Some(worst) = failing.iter().map(|f| f.severity).max() {
            let message = match report.lang {
                Lang::Zh => format!("{id}：{} 项", failing.len()),
                Lang::En => format!("{id}: {} found", failing.len()),
            };
            write!(
                out,
                "            <failure message=\"{}\" type=\"{}\">",
                esc(&message),
                worst.name()
            )?;
            write_lines(report, &failing, out)?;
            out.write_all(b"</failure>\n")?;
        }
        if !passing.is_empty() {
            out.write_all(b"            <system-out>")?;
            write_lines(report, &passing, out)?;
            out.write_all(b"</system-out>\n")?;
        }
        out.write_all(b"        </testcase>\n")?;
    }
    out.write_all(b"    </testsuite>\n</testsuites>\n")
}

/// Findings' lines, one per finding, separated by line feeds.
fn write_lines(report: &Report, findings: &[&Finding], out: &mut dyn Write) -> io::Result<()> {
    for (i, f) in findings.iter().enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
        }
        out.write_all(esc(&line(report, f)).as_bytes())?;
    }
    Ok(())
}

/// A check that could not be done: one suite, one case in error, with the reason.
pub fn render_failure(failure: &Failure) -> String {
    let mut junit = Junit::new("xibu");
    let mut suite = TestSuite::new("xibu check");
    if let Some(file) = &failure.file {
        suite.extra.insert("file".into(), xml_text(file).into());
    }
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
    status.set_message(xml_text(&failure.message));
    status.set_type(failure.kind);
    status.set_description(xml_text(&failure.message));
    let mut case = TestCase::new("check", status);
    case.set_classname("xibu");
    case.set_time(Duration::ZERO);
    suite.add_test_case(case);
    suite.set_time(Duration::ZERO);
    junit.set_time(Duration::ZERO);
    junit.add_test_suite(suite);
    finish(&junit)
}
