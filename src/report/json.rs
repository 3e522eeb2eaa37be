//! `--format json`: the `xibu-report/1` document of the SPEC.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use super::{Failure, Report, Streamed, Summary};
use crate::rules::{Checked, Rows, Scope, Severity};

pub const SCHEMA: &str = "xibu-report/1";

#[derive(Serialize)]
struct Document<'a, F> {
    schema: &'static str,
    input: Input<'a>,
    rules: Vec<StatusJson>,
    /// Written a finding at a time ([`Streamed`]).
    findings: F,
    summary: Summary,
}

#[derive(Serialize)]
struct Input<'a> {
    file: &'a str,
    format: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<&'static str>,
    header_row: u32,
    rows: u64,
    columns: Vec<&'static str>,
    notices: Vec<NoticeJson>,
}

#[derive(Serialize)]
struct NoticeJson {
    row: Option<u32>,
    message: String,
}

#[derive(Serialize)]
struct StatusJson {
    id: &'static str,
    status: Checked,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

#[derive(Serialize)]
struct FindingJson<'a> {
    rule: &'static str,
    severity: Severity,
    scope: &'a Scope,
    rows: &'a Rows,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    actual: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<Cow<'a, str>>,
    message: String,
}

/// Writes the document, a finding at a time.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let info = report.info;
    let doc = Document {
        schema: SCHEMA,
        input: Input {
            file: &info.file,
            format: info.source.format.to_string(),
            sheet: info.source.sheet.as_deref(),
            encoding: info.source.encoding,
            header_row: info.header_row,
            rows: info.records,
            columns: info.columns.iter().map(|c| c.column.header()).collect(),
            notices: info
                .notices
                .iter()
                .map(|n| NoticeJson {
                    row: n.row,
                    message: report.say(n.text.clone()),
                })
                .collect(),
        },
        rules: report
            .outcome
            .statuses
            .iter()
            .map(|s| StatusJson {
                id: s.id,
                status: s.status,
                reason: s.reason.as_ref().map(|r| report.say(r.clone())),
            })
            .collect(),
        findings: Streamed(|| {
            report.outcome.findings.iter().map(|f| {
                let (actual, limit) = report.against(f);
                FindingJson {
                    rule: f.rule(),
                    severity: f.severity,
                    scope: f.scope(),
                    rows: &f.rows,
                    column: f.column.map(|c| c.header()),
                    cell: report.cell(f),
                    value: report.value(f),
                    count: f.count(),
                    total: f.total(),
                    actual,
                    limit,
                    message: report.message(f),
                }
            })
        }),
        summary: report.summary(),
    };
    super::write_json(out, &doc)
}

#[derive(Serialize)]
struct FailureDocument<'a> {
    schema: &'static str,
    input: FailureInput<'a>,
    rules: [(); 0],
    findings: [(); 0],
    summary: Summary,
    error: &'a Failure,
}

#[derive(Serialize)]
struct FailureInput<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
}

/// The `xibu-report/1` document of a check that could not be done: the same keys, nothing
/// checked, and an `error` object (`kind`, `message`, `file`).
pub fn render_failure(failure: &Failure) -> String {
    crate::render::to_json(&FailureDocument {
        schema: SCHEMA,
        input: FailureInput {
            file: failure.file.as_deref(),
        },
        rules: [],
        findings: [],
        summary: Summary::default(),
        error: failure,
    })
}
