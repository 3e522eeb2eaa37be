//! `--format junit`: one test suite per rule; a test case per finding (failing when at or above
//! `--fail-on`), a passing case for a checked rule with no finding, a skipped case for a rule
//! not checked.

use quick_junit::{NonSuccessKind, Report as Junit, TestCase, TestCaseStatus, TestSuite};

use super::Report;
use crate::rules::{self, Checked};

pub fn render(report: &Report) -> String {
    let mut junit = Junit::new("xibu check");
    for rule in rules::ALL {
        let id = rule.meta.id;
        let mut suite = TestSuite::new(format!("{id} {}", report.title(id)));
        let status = report.outcome.statuses.iter().find(|s| s.id == id);
        if let Some(s) = status.filter(|s| s.status == Checked::Skipped) {
            let mut skipped = TestCaseStatus::skipped();
            skipped.set_message(
                s.reason
                    .as_ref()
                    .map(|r| report.say(r.clone()))
                    .unwrap_or_default(),
            );
            suite.add_test_case(TestCase::new(id, skipped));
            junit.add_test_suite(suite);
            continue;
        }
        let findings: Vec<_> = report
            .outcome
            .findings
            .iter()
            .filter(|f| f.rule == id)
            .collect();
        if findings.is_empty() {
            suite.add_test_case(TestCase::new(id, TestCaseStatus::success()));
        }
        for f in findings {
            let place = report.place(f);
            let name = if place.is_empty() {
                id.to_string()
            } else {
                format!("{id} {place}")
            };
            let value = report
                .value(f)
                .filter(|v| !v.is_empty())
                .map(|v| format!(" [{v}]"))
                .unwrap_or_default();
            let message = format!("{}{value}", report.message(f));
            let mut case = if report.fail_on.fails(f.severity) {
                let mut failure = TestCaseStatus::non_success(NonSuccessKind::Failure);
                failure.set_message(message.clone());
                failure.set_type(f.severity.name());
                TestCase::new(name, failure)
            } else {
                TestCase::new(name, TestCaseStatus::success())
            };
            case.set_classname(format!("xibu.{id}"));
            let rows: Vec<String> = f.rows.iter().map(u32::to_string).collect();
            case.set_system_out(format!(
                "{}: {}\n{} {}",
                f.severity.name(),
                message,
                report.row_word(),
                rows.join(", ")
            ));
            suite.add_test_case(case);
        }
        junit.add_test_suite(suite);
    }
    match junit.to_string() {
        Ok(mut xml) => {
            xml.push('\n');
            xml
        }
        Err(e) => format!("<!-- xibu: cannot write JUnit XML: {e} -->\n"),
    }
}
