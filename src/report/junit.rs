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
    let mut rows: Vec<String> = f.rows.iter().take(ROWS_SHOWN).map(u32::to_string).collect();
    if f.rows.len() > ROWS_SHOWN {
        rows.push(match report.lang {
            Lang::Zh => format!("等 {} 行", f.rows.len()),
            Lang::En => format!("… {} rows in all", f.rows.len()),
        });
    }
    let rows = if rows.is_empty() {
        String::new()
    } else {
        format!(" ({} {})", report.row_word(), rows.join(", "))
    };
    // A share or quota finding's message names its scope already.
    let head = if place.is_empty() || f.cell.is_none() && !f.scope.is_empty() {
        f.severity.name().to_string()
    } else {
        format!("{} {place}", f.severity.name())
    };
    xml_text(&format!("{head}{value}: {}{rows}", report.message(f)))
}

fn finish(junit: &Junit) -> String {
    match junit.to_string() {
        Ok(xml) => {
            // The JUnit schema Jenkins, GitLab and pytest share (Surefire's) has no `skipped`
            // attribute on <testsuites>; quick-junit always writes one. The count is on the
            // <testsuite>, where the schema has it.
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
        Err(e) => format!("<!-- xibu: cannot write JUnit XML: {e} -->\n"),
    }
}

pub fn render(report: &Report) -> String {
    render_timed(report, Duration::ZERO)
}

/// The JUnit report, with the time the check took on the suite and the report.
pub fn render_timed(report: &Report, elapsed: Duration) -> String {
    let file = xml_text(&report.info.file);
    let mut junit = Junit::new("xibu");
    let mut suite = TestSuite::new(format!("xibu check {file}"));
    suite.extra.insert("file".into(), file.as_str().into());
    for rule in rules::ALL {
        let id = rule.meta.id;
        let name = format!("{id} {}", report.title(id));
        let status = report.outcome.statuses.iter().find(|s| s.id == id);
        let findings = report.findings_of(id);
        let (failing, passing): (Vec<&Finding>, Vec<&Finding>) = findings
            .iter()
            .partition(|f| report.fail_on.fails(f.severity));
        let mut case = if let Some(s) = status.filter(|s| s.status == Checked::Skipped) {
            let mut skipped = TestCaseStatus::skipped();
            let reason = s.reason.as_ref().map(|r| report.say(r.clone()));
            skipped.set_message(xml_text(reason.as_deref().unwrap_or("")));
            TestCase::new(name, skipped)
        } else if failing.is_empty() {
            TestCase::new(name, TestCaseStatus::success())
        } else {
            let mut failure = TestCaseStatus::non_success(NonSuccessKind::Failure);
            let worst = failing.iter().map(|f| f.severity).max();
            failure.set_message(match report.lang {
                Lang::Zh => format!("{id}：{} 项", failing.len()),
                Lang::En => format!("{id}: {} found", failing.len()),
            });
            if let Some(worst) = worst {
                failure.set_type(worst.name());
            }
            let body: Vec<String> = failing.iter().map(|f| line(report, f)).collect();
            failure.set_description(body.join("\n"));
            TestCase::new(name, failure)
        };
        case.set_classname(format!("xibu.{id}"));
        case.set_time(Duration::ZERO);
        if !passing.is_empty() {
            let lines: Vec<String> = passing.iter().map(|f| line(report, f)).collect();
            case.set_system_out(lines.join("\n"));
        }
        suite.add_test_case(case);
    }
    suite.set_time(elapsed);
    junit.set_time(elapsed);
    junit.add_test_suite(suite);
    finish(&junit)
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
