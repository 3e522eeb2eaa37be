//! `--format sarif`: a SARIF 2.1.0 log for GitHub code scanning and other SARIF viewers.
//!
//! One `reportingDescriptor` per rule of the catalog (checked or not), with its title, the policy
//! sentence it enforces and the text of `xibu explain` as help; one `result` per finding, at the
//! roster file, the finding's first row and (for a cell) its column, with the other rows as
//! related locations. Levels: error → `error`, warning → `warning`, notice → `note`.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::{Value, json};

use super::{Failure, Lang, Report, Streamed};
use crate::rules::{self, Checked, Finding, Severity, docs};

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Rows listed as related locations beyond the first, per finding: a share over a national
/// roster names tens of thousands of rows, which no viewer shows.
const RELATED_ROWS: usize = 100;

/// Sets a key of a JSON object (built just above, so always an object).
fn set(value: &mut Value, key: &str, v: Value) {
    if let Value::Object(map) = value {
        map.insert(key.to_string(), v);
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Notice => "note",
    }
}

/// The finding's text: the one place this reporter reads a finding's message.
fn message(report: &Report, f: &Finding) -> String {
    report.one_line(f)
}

/// A relative URI reference for a path (relative to the working directory where it is under it): `/` separators, and every byte
/// outside RFC 3986's unreserved set and `/` percent-encoded (Chinese file names, spaces).
pub fn uri(path: &str) -> String {
    let path = super::relative_path(path);
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn driver(report: &Report) -> Value {
    let rules: Vec<Value> = rules::ALL
        .iter()
        .map(|rule| {
            let m = rule.meta;
            let rules = &report.outcome.rules;
            let settings = rules.get(m.id);
            let title = report.title(m.id);
            let citation = rules.citation(m.id);
            let full = match citation {
                Some(c) => format!(
                    "{}（{}）",
                    c.sentence,
                    format!("{} {}", c.short, c.section).trim()
                ),
                None => title.to_string(),
            };
            let document = citation.map_or_else(
                || crate::messages::say(crate::messages::Msg::DataQualityShort, Lang::Zh),
                |c| c.short.clone(),
            );
            let help = docs::explain(rule, rules);
            json!({
                "id": m.id,
                "name": rules.title(m.id, Lang::En),
                "shortDescription": { "text": title },
                "fullDescription": { "text": full },
                "help": { "text": help, "markdown": help },
                "defaultConfiguration": {
                    "level": level(settings.severity),
                    "enabled": settings.enabled,
                },
                "properties": { "tags": ["xibu", document] },
            })
        })
        .collect();
    json!({
        "name": "xibu",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    })
}

/// The files of the log's artifacts: the roster's, or with several sources each file read (a
/// workbook's sheets are one file).
fn artifact_files<'a>(report: &Report<'a>) -> Vec<&'a str> {
    if !report.several() {
        return vec![report.info.file.as_str()];
    }
    let mut files: Vec<&str> = Vec::new();
    for s in report.source_list() {
        if !files.contains(&s.info.file.as_str()) {
            files.push(&s.info.file);
        }
    }
    files
}

/// A location at one of a finding's rows (a roster-wide id): in that row's file, at its row there.
fn location(report: &Report, f: &Finding, row: Option<u32>) -> Value {
    let (file, sheet) = match row.and_then(|id| report.source_of(id)) {
        Some(s) => (s.info.file.as_str(), s.info.source.sheet.as_deref()),
        None => (
            report.info.file.as_str(),
            report.info.source.sheet.as_deref(),
        ),
    };
    let index = artifact_files(report)
        .iter()
        .position(|f| *f == file)
        .unwrap_or(0);
    let mut physical = json!({
        "artifactLocation": { "uri": uri(file), "index": index },
    });
    // GitHub code scanning needs a start line: a finding about no row (a share of an empty
    // group) points at line 1, the top of the file.
    let line = row.map(|id| report.row(id)).filter(|r| *r > 0);
    let mut region = json!({ "startLine": line.unwrap_or(1) });
    if let (Some(_), Some(col)) = (line, report.column_number(f)) {
        set(&mut region, "startColumn", json!(col));
    }
    set(&mut physical, "region", region);
    let mut loc = json!({ "physicalLocation": physical });
    let main = if report.several() {
        report.anchor(f)
    } else {
        f.rows.first()
    };
    if let (Some(cell), Some(true)) = (report.cell(f), row.map(|r| main == Some(r))) {
        let full = match sheet {
            Some(s) => format!("{s}!{cell}"),
            None => cell.clone(),
        };
        set(
            &mut loc,
            "logicalLocations",
            json!([{ "name": cell, "fullyQualifiedName": full, "kind": "element" }]),
        );
    }
    loc
}

/// The log's top: keys in the order `json!` writes them (sorted), with the results written a
/// finding at a time.
#[derive(Serialize)]
struct Log<R> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<R>; 1],
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<R> {
    artifacts: Value,
    column_kind: &'static str,
    invocations: Value,
    language: &'static str,
    results: R,
    tool: Value,
}

/// The row a result is at: the first row, or with several sources the row the finding points
/// at (its cell's), so that the result is in the file its `file` names.
fn main_row(report: &Report, f: &Finding) -> Option<u32> {
    if report.several() {
        report.anchor(f)
    } else {
        f.rows.first()
    }
}

fn result(report: &Report, f: &Finding, fp: String) -> Value {
    let index = rules::ALL.iter().position(|r| r.meta.id == f.rule());
    let mut result = json!({
        "ruleId": f.rule(),
        "level": level(f.severity),
        "message": { "text": message(report, f) },
        "locations": [location(report, f, main_row(report, f))],
        "partialFingerprints": { "xibuFinding/v1": fp },
    });
    if let Some(i) = index {
        set(&mut result, "ruleIndex", json!(i));
    }
    let main = main_row(report, f);
    let mut skipped_main = false;
    let related: Vec<Value> = f
        .rows
        .iter()
        .filter(|r| {
            // The main location's row, once.
            let is_main = !skipped_main && Some(*r) == main;
            skipped_main |= is_main;
            !is_main
        })
        .take(RELATED_ROWS)
        .enumerate()
        .map(|(i, id)| {
            let mut loc = location(report, f, Some(id));
            set(&mut loc, "id", json!(i + 1));
            let row = report.row(id);
            let text = match (report.lang, report.source_of(id)) {
                (Lang::Zh, Some(s)) => format!("{} 第 {row} 行", s.name),
                (Lang::En, Some(s)) => format!("{}, {} {row}", s.name, s.info.row_word()),
                (Lang::Zh, None) => format!("第 {row} 行"),
                (Lang::En, None) => format!("{} {row}", report.row_word()),
            };
            set(&mut loc, "message", json!({ "text": text }));
            loc
        })
        .collect();
    if !related.is_empty() {
        set(&mut result, "relatedLocations", json!(related));
    }
    let mut props = serde_json::Map::new();
    if let Some(c) = f.count() {
        props.insert("count".into(), json!(c));
    }
    if let Some(t) = f.total() {
        props.insert("total".into(), json!(t));
    }
    let (actual, limit) = report.against(f);
    if let Some(a) = actual {
        props.insert("actual".into(), json!(a));
    }
    if let Some(l) = limit {
        props.insert("limit".into(), json!(l));
    }
    if f.rows.len() > 1 {
        props.insert("rows".into(), json!(f.rows.len()));
    }
    if !props.is_empty() {
        set(&mut result, "properties", Value::Object(props));
    }
    result
}

/// Writes the log, a result at a time.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let skipped: Vec<Value> = report
        .outcome
        .statuses
        .iter()
        .filter(|s| s.status == Checked::Skipped)
        .map(|s| {
            json!({
                "level": "note",
                "message": { "text": format!("{} {}", s.id, report.reason(s)) },
                "descriptor": { "id": s.id },
            })
        })
        .collect();
    let mut invocation = json!({ "executionSuccessful": true });
    if !skipped.is_empty() {
        set(
            &mut invocation,
            "toolConfigurationNotifications",
            json!(skipped),
        );
    }
    let log = Log {
        schema: SCHEMA_URI,
        runs: [Run {
            artifacts: json!(
                artifact_files(report)
                    .iter()
                    .map(|file| json!({
                        "location": { "uri": uri(file) },
                        "sourceLanguage": "spreadsheet",
                    }))
                    .collect::<Vec<_>>()
            ),
            column_kind: "unicodeCodePoints",
            invocations: json!([invocation]),
            language: match report.lang {
                Lang::Zh => "zh-CN",
                Lang::En => "en",
            },
            results: Streamed(|| {
                report
                    .outcome
                    .findings
                    .iter()
                    .zip(report.fingerprints())
                    .map(|(f, fp)| result(report, f, fp))
            }),
            tool: json!({ "driver": driver(report) }),
        }],
        version: "2.1.0",
    };
    super::write_json(out, &log)
}

/// A log with no results and an unsuccessful invocation that says why (exit 2).
pub fn render_failure(failure: &Failure) -> String {
    let mut notification = json!({
        "level": "error",
        "message": { "text": failure.message },
        "descriptor": { "id": failure.kind },
    });
    if let Some(file) = &failure.file {
        set(
            &mut notification,
            "locations",
            json!([{
                "physicalLocation": { "artifactLocation": { "uri": uri(file) } },
            }]),
        );
    }
    let log = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "xibu",
                "version": env!("CARGO_PKG_VERSION"),
            } },
            "invocations": [{
                "executionSuccessful": false,
                "exitCode": 2,
                "toolExecutionNotifications": [notification],
            }],
            "results": [],
        }],
    });
    crate::render::to_json(&log)
}

#[cfg(test)]
mod tests {
    use super::uri;
    use crate::report::fnv128;

    #[test]
    fn the_fingerprint_hash_is_pinned() {
        // Fingerprints must not change between releases, or GitLab and code scanning would see
        // every finding as new: FNV-1a 128 over the parts, each followed by 0xff.
        assert_eq!(fnv128(&[]), "6c62272e07bb014262b821756295c58d");
        assert_eq!(
            fnv128(&["S01", "roster.xlsx"]),
            "17ae44856d6e4bb687eafa5d6790320f"
        );
        assert_ne!(fnv128(&["ab", "c"]), fnv128(&["a", "bc"]));
    }

    #[test]
    fn file_names_become_uri_references() {
        assert_eq!(uri("./examples/a b.xlsx"), "examples/a%20b.xlsx");
        assert_eq!(uri("花名册.csv"), "%E8%8A%B1%E5%90%8D%E5%86%8C.csv");
        assert_eq!(uri(r"data\x.csv"), "data/x.csv");
    }
}
