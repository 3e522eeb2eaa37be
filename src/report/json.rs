//! `--format json`: the `xibu-report/1` document of the SPEC.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use super::{Failure, Report, Said, Summary, pretty};
use crate::rules::{Checked, Rows, Scope, Severity};

pub const SCHEMA: &str = "xibu-report/1";

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
    /// With several sources: each file (or sheet) read, in reading order.
    #[serde(skip_serializing_if = "Option::is_none")]
    sources: Option<Vec<SourceJson<'a>>>,
}

#[derive(Serialize)]
struct SourceJson<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<&'a str>,
    format: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<&'static str>,
    header_row: u32,
    rows: u64,
    columns: Vec<&'static str>,
}

/// A finding's rows: row numbers, or with several sources the rows in their own files.
#[derive(Serialize)]
#[serde(untagged)]
enum RowsJson<'a> {
    Ids(&'a Rows),
    InFiles(Vec<u32>),
}

/// The rows of a finding that are in one source, when its rows span several.
#[derive(Serialize)]
struct LocationJson<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<&'a str>,
    rows: Vec<u32>,
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
    rows: RowsJson<'a>,
    /// With several sources: the file and sheet of the row the finding points at (its cell's,
    /// or its first).
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<&'a str>,
    /// With several sources, for rows in more than one: the rows of each, in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    locations: Option<Vec<LocationJson<'a>>>,
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

/// Writes the document a member at a time; the findings in blocks, rendered on two threads when
/// there are many ([`pretty`]), written in order.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let info = report.info;
    let mut doc = pretty::Object::begin(out)?;
    doc.member("schema", SCHEMA)?;
    doc.member(
        "input",
        &Input {
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
            sources: report.several().then(|| {
                report
                    .source_list()
                    .iter()
                    .map(|s| SourceJson {
                        file: &s.info.file,
                        sheet: s.info.source.sheet.as_deref(),
                        format: s.info.source.format.to_string(),
                        encoding: s.info.source.encoding,
                        header_row: s.info.header_row,
                        rows: s.info.records,
                        columns: s.info.columns.iter().map(|c| c.column.header()).collect(),
                    })
                    .collect()
            }),
        },
    )?;
    doc.member(
        "rules",
        &report
            .outcome
            .statuses
            .iter()
            .map(|s| StatusJson {
                id: s.id,
                status: s.status,
                reason: s.reason.as_ref().map(|r| report.say(r.clone())),
            })
            .collect::<Vec<_>>(),
    )?;
    doc.array("findings", &report.outcome.findings, || {
        let mut messages = report.messages();
        move |f| {
            let Said {
                message,
                actual,
                limit,
            } = messages.said(f);
            let several = report.several();
            let locations = report.locations(f);
            FindingJson {
                rule: f.rule(),
                severity: f.severity,
                scope: f.scope(),
                rows: if several {
                    RowsJson::InFiles(report.rows_of(f))
                } else {
                    RowsJson::Ids(&f.rows)
                },
                file: report.source_of_finding(f).map(|s| s.info.file.as_str()),
                sheet: report
                    .source_of_finding(f)
                    .and_then(|s| s.info.source.sheet.as_deref()),
                locations: (locations.len() > 1).then(|| {
                    locations
                        .into_iter()
                        .map(|l| LocationJson {
                            file: l.file,
                            sheet: l.sheet,
                            rows: l.rows,
                        })
                        .collect()
                }),
                column: f.column.map(|c| c.header()),
                cell: report.cell(f),
                value: report.value(f),
                count: f.count(),
                total: f.total(),
                actual,
                limit,
                message,
            }
        }
    })?;
    doc.member("summary", &report.summary())?;
    doc.end()
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
