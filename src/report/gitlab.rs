//! `--format gitlab`: GitLab Code Quality JSON (a CodeClimate subset): an array of issues, each
//! with `description`, `check_name`, `fingerprint`, `severity` and `location.path` with
//! `location.lines.begin`, the fields GitLab documents as required.
//!
//! Fingerprints come from [`Report::fingerprints`]: stable across runs, and unchanged when rows
//! are inserted above a finding or the roster is sorted, so that a merge request shows which
//! problems are new and which were fixed. Severities: error → `major`, warning → `minor`,
//! notice → `info`; a roster that cannot be checked is one `blocker`.

use std::io::{self, Write};

use serde::Serialize;

use super::{Failure, Report, Streamed};
use crate::rules::{Finding, Severity};

#[derive(Serialize)]
struct Issue {
    #[serde(rename = "type")]
    kind: &'static str,
    description: String,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    categories: [&'static str; 1],
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Notice => "info",
    }
}

/// The finding's text: the one place this reporter reads a finding's message.
fn description(report: &Report, f: &Finding) -> String {
    format!("{} {}", f.rule(), report.one_line(f))
}

/// GitLab joins `location.path` to the repository root: a relative path.
fn path(file: &str) -> String {
    super::relative_path(file)
}

/// Writes the issues, one at a time.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let file = path(&report.info.file);
    let issues = Streamed(|| {
        report
            .outcome
            .findings
            .iter()
            .zip(report.fingerprints())
            .map(|(f, fingerprint)| issue(report, f, fingerprint, &file))
    });
    super::write_json(out, &issues)
}

fn issue(report: &Report, f: &Finding, fingerprint: String, file: &str) -> Issue {
    Issue {
        kind: "issue",
        description: description(report, f),
        check_name: format!("xibu/{}", f.rule()),
        fingerprint,
        severity: severity(f.severity),
        categories: ["Bug Risk"],
        location: Location {
            // With several sources, the file of the row the finding points at, and that row.
            path: if report.several() {
                path(report.file_of(f))
            } else {
                file.to_string()
            },
            // GitLab needs a line; a finding about no row (a share over no rows) points at 1.
            lines: Lines {
                begin: if report.several() {
                    report.anchor(f).map(|id| report.row(id))
                } else {
                    f.rows.first()
                }
                .filter(|r| *r > 0)
                .unwrap_or(1),
            },
        },
    }
}

/// One `blocker` issue saying why the roster could not be checked, so that the merge request
/// shows the failure rather than "no problems".
pub fn render_failure(failure: &Failure) -> String {
    let file = failure.file.as_deref().map(path).unwrap_or_default();
    let issue = Issue {
        kind: "issue",
        description: failure.message.clone(),
        check_name: format!("xibu/{}", failure.kind),
        fingerprint: super::fnv128(&["xibu-failure", failure.kind, &file]),
        severity: "blocker",
        categories: ["Bug Risk"],
        location: Location {
            path: file,
            lines: Lines { begin: 1 },
        },
    };
    crate::render::to_json(&[issue])
}
