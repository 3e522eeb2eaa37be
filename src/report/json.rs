//! `--format json`: the `xibu-report/1` document of the SPEC.

use std::io::{self, Write};

use serde::Serialize;

use super::{Failure, Report, Said, SaidText, Summary, pretty};
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
    actual: Option<SaidText<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<SaidText<'a>>,
    message: SaidText<'a>,
}

impl pretty::Item for FindingJson<'_> {
    /// By hand, member for member as the derived `Serialize` writes it (the test below holds the
    /// two together): half a million findings go through here in a findings-heavy report.
    fn write_at(&self, out: &mut pretty::Spill, level: usize) -> io::Result<()> {
        let mut o = pretty::Members::begin(out, level);
        o.str("rule", self.rule);
        o.str("severity", self.severity.name());
        o.value("scope", self.scope)?;
        match &self.rows {
            RowsJson::Ids(rows) => match rows.listed() {
                Some(list) => o.numbers("rows", list.iter().copied())?,
                None => o.numbers("rows", rows.iter())?,
            },
            RowsJson::InFiles(rows) => o.numbers("rows", rows.iter().copied())?,
        }
        let texts = [("file", self.file), ("sheet", self.sheet)];
        for (key, text) in texts {
            if let Some(text) = text {
                o.str(key, text);
            }
        }
        if let Some(locations) = &self.locations {
            o.value("locations", locations)?;
        }
        let texts = [
            ("column", self.column),
            ("cell", self.cell.as_deref()),
            ("value", self.value.as_deref()),
        ];
        for (key, text) in texts {
            if let Some(text) = text {
                o.str(key, text);
            }
        }
        for (key, n) in [("count", self.count), ("total", self.total)] {
            if let Some(n) = n {
                o.number(key, n);
            }
        }
        for (key, text) in [("actual", &self.actual), ("limit", &self.limit)] {
            if let Some(text) = text {
                o.str(key, text);
            }
        }
        o.str("message", &self.message);
        o.end();
        Ok(())
    }
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
    doc.array(
        "findings",
        &report.outcome.findings,
        || {
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
        },
        |f| f.rows.len(),
    )?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::province::Province;
    use crate::roster::schema::Column;
    use crate::rules::Part;
    use proptest::prelude::*;

    /// Text of any kind, and text full of what JSON escapes.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[\"\\\\\\x00-\\x1f\\x7f a-z0-9中文≥，]{0,24}",
        ]
    }

    fn rows() -> impl Strategy<Value = Vec<u32>> {
        prop_oneof![
            proptest::collection::vec(any::<u32>(), 0..6),
            proptest::collection::vec(0u32..100, 0..40),
        ]
        .prop_map(|mut rows| {
            rows.sort_unstable();
            rows.dedup();
            rows
        })
    }

    fn maybe<T: std::fmt::Debug + Clone>(
        s: impl Strategy<Value = T>,
    ) -> impl Strategy<Value = Option<T>> {
        proptest::option::of(s)
    }

    proptest! {
        /// The hand-written layout of a finding is what serde_json writes from its derived
        /// `Serialize`, member for member and byte for byte, at any depth.
        #[test]
        fn a_finding_is_written_as_serde_json_writes_it(
            (rule, severity, province, part, county) in (0usize..22, 0usize..3, maybe(0usize..32), maybe(0usize..4), maybe(text())),
            (ids, in_files, files) in (rows(), any::<bool>(), maybe((text(), maybe(text())))),
            locations in maybe(proptest::collection::vec((text(), maybe(text()), rows()), 0..3)),
            (column, cell, value) in (maybe(0usize..26), maybe(text()), maybe(text())),
            (count, total, actual, limit) in (maybe(any::<u64>()), maybe(any::<u64>()), maybe(text()), maybe(text())),
            message in text(),
            level in 0usize..4,
        ) {
            let rules = ["S01", "S02", "S03", "S04", "Q01", "Q02", "I01", "I02", "I03", "I04", "I05",
                "I06", "P01", "P02", "P03", "P04", "P05", "T01", "T02", "E01", "E02", "X"];
            let severities = [Severity::Notice, Severity::Warning, Severity::Error];
            let parts = [Part::New, Part::Extended, Part::GradTeach, Part::Total];
            let scope = Scope {
                service_province: province.and_then(|p| Province::ALL.get(p).copied()),
                recruit_province: None,
                service_county: county,
                part: part.and_then(|p| parts.get(p).copied()),
            };
            let row_list = Rows::from_vec(ids.clone());
            let finding = FindingJson {
                rule: rules.get(rule).copied().unwrap_or("S01"),
                severity: severities.get(severity).copied().unwrap_or(Severity::Error),
                scope: &scope,
                rows: if in_files { RowsJson::InFiles(ids.clone()) } else { RowsJson::Ids(&row_list) },
                file: files.as_ref().map(|(f, _)| f.as_str()),
                sheet: files.as_ref().and_then(|(_, s)| s.as_deref()),
                locations: locations.as_ref().map(|list| {
                    list.iter()
                        .map(|(file, sheet, rows)| LocationJson {
                            file,
                            sheet: sheet.as_deref(),
                            rows: rows.clone(),
                        })
                        .collect()
                }),
                column: column.and_then(|c| Column::ALL.get(c)).map(|c| c.header()),
                cell,
                value,
                count,
                total,
                actual: actual.map(SaidText::Owned),
                limit: limit.as_deref().map(SaidText::Borrowed),
                message: SaidText::Owned(message),
            };
            let by_hand = pretty::written(&finding, level).unwrap();
            let by_serde = pretty::written(&pretty::Serde(&finding), level).unwrap();
            prop_assert_eq!(String::from_utf8(by_hand).unwrap(), String::from_utf8(by_serde).unwrap());
        }
    }
}
