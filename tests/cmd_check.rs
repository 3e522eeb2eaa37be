//! `xibu check` as a user and a CI job run it: the example rosters, the `xibu-report/1` JSON shape
//! of the SPEC, exit codes and `--fail-on`, input errors, masking of 身份证号, and `--lang en`.
//!
//! Every command runs in an empty temporary directory, so that no stray `xibu.toml` is picked up,
//! and names the examples by absolute path.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use xibu::roster::{Field, ReadOptions, Roster};

/// The rule ids, in catalog order.
fn catalog() -> Vec<&'static str> {
    xibu::rules::ALL.iter().map(|r| r.meta.id).collect()
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

/// What a run of the binary gave.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `xibu check ARGS…` in `dir`.
fn check_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::cargo_bin("xibu")
        .unwrap()
        .current_dir(dir)
        // Wide enough that no message is wrapped: these tests read what is said.
        .env("COLUMNS", "1000")
        .arg("check")
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// Runs `xibu check ARGS… --lang en`: these tests read the English wording of an error.
fn check_en(args: &[&str]) -> Run {
    let mut all = args.to_vec();
    all.extend(["--lang", "en"]);
    check(&all)
}

/// Runs `xibu check ARGS…` in a fresh empty directory.
fn check(args: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    check_in(dir.path(), args)
}

/// `xibu check FILE --format json ARGS…`: the exit code and the parsed, validated report.
fn report(file: &Path, args: &[&str]) -> (i32, Value) {
    let mut all = vec![file.to_str().unwrap(), "--format", "json"];
    all.extend_from_slice(args);
    let run = check(&all);
    assert!(
        run.code == 0 || run.code == 1,
        "exit {}: {}",
        run.code,
        run.stderr
    );
    let json: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", run.stdout));
    validate(&json);
    (run.code, json)
}

fn findings(report: &Value) -> &Vec<Value> {
    report["findings"].as_array().unwrap()
}

fn rule_ids(report: &Value) -> BTreeSet<&str> {
    findings(report)
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The SPEC's JSON shape

fn keys(object: &serde_json::Map<String, Value>) -> BTreeSet<&str> {
    object.keys().map(String::as_str).collect()
}

fn assert_count(v: &Value, what: &str) -> u64 {
    v.as_u64()
        .unwrap_or_else(|| panic!("{what} is not a non-negative integer: {v}"))
}

/// Checks a report against the `xibu-report/1` shape of the SPEC.
fn validate(report: &Value) {
    let top = report.as_object().expect("the report is an object");
    assert_eq!(
        keys(top),
        BTreeSet::from(["schema", "input", "rules", "findings", "summary"]),
        "top-level keys"
    );
    assert_eq!(report["schema"], "xibu-report/1");
    let input = report["input"].as_object().expect("input is an object");
    if let Some(rows) = input.get("rows") {
        assert_count(rows, "input.rows");
    }

    // rules: every rule of the catalog once, checked or skipped; a reason only when skipped.
    let rules = report["rules"].as_array().expect("rules is an array");
    let ids: Vec<&str> = rules
        .iter()
        .map(|r| {
            let o = r.as_object().unwrap_or_else(|| panic!("rule {r}"));
            let allowed = BTreeSet::from(["id", "status", "reason"]);
            assert!(keys(o).is_subset(&allowed), "rule keys: {r}");
            match o.get("status").and_then(Value::as_str) {
                Some("checked") => assert!(o.get("reason").is_none(), "reason when checked: {r}"),
                Some("skipped") => assert!(
                    o.get("reason")
                        .and_then(Value::as_str)
                        .is_some_and(|s| !s.trim().is_empty()),
                    "no reason when skipped: {r}"
                ),
                _ => panic!("status: {r}"),
            }
            o["id"].as_str().unwrap_or_else(|| panic!("id: {r}"))
        })
        .collect();
    assert_eq!(ids, catalog(), "rules");

    // findings
    let mut tally = [0u64; 3];
    for f in report["findings"].as_array().expect("findings is an array") {
        let o = f.as_object().unwrap_or_else(|| panic!("finding {f}"));
        for key in ["rule", "severity", "scope", "rows", "message"] {
            assert!(o.contains_key(key), "no {key}: {f}");
        }
        // `value` (the offending cell's text) is not in the SPEC's list but is reported; it is
        // allowed here as an optional string.
        let allowed = BTreeSet::from([
            "rule", "severity", "scope", "rows", "column", "cell", "value", "count", "total",
            "actual", "limit", "message",
        ]);
        assert!(keys(o).is_subset(&allowed), "finding keys: {f}");
        let rule = f["rule"].as_str().unwrap_or_else(|| panic!("rule: {f}"));
        assert!(catalog().contains(&rule), "rule {rule}");
        match f["severity"].as_str() {
            Some("error") => tally[0] += 1,
            Some("warning") => tally[1] += 1,
            Some("notice") => tally[2] += 1,
            _ => panic!("severity: {f}"),
        }
        let scope = f["scope"]
            .as_object()
            .unwrap_or_else(|| panic!("scope: {f}"));
        let scope_keys = BTreeSet::from([
            "service_province",
            "recruit_province",
            "service_county",
            "part",
        ]);
        assert!(keys(scope).is_subset(&scope_keys), "scope keys: {f}");
        for (k, v) in scope {
            assert!(v.is_string(), "scope.{k}: {f}");
        }
        if let Some(part) = scope.get("part") {
            assert!(
                ["new", "extended", "grad_teach", "total"].contains(&part.as_str().unwrap()),
                "part: {f}"
            );
        }
        let rows: Vec<u64> = f["rows"]
            .as_array()
            .unwrap_or_else(|| panic!("rows: {f}"))
            .iter()
            .map(|r| assert_count(r, "a row"))
            .collect();
        assert!(rows.iter().all(|&r| r >= 1), "rows: {f}");
        for key in ["column", "cell", "value", "actual", "limit"] {
            if let Some(v) = o.get(key) {
                assert!(v.is_string(), "{key}: {f}");
            }
        }
        for key in ["count", "total"] {
            if let Some(v) = o.get(key) {
                assert_count(v, key);
            }
        }
        if let Some(cell) = o.get("cell").and_then(Value::as_str) {
            let digits = cell.trim_start_matches(|c: char| c.is_ascii_uppercase());
            assert!(
                digits.len() < cell.len() && !digits.is_empty(),
                "cell {cell}"
            );
            let row: u64 = digits.parse().unwrap_or_else(|_| panic!("cell {cell}"));
            assert!(
                rows.contains(&row),
                "cell {cell} is not on the rows {rows:?}"
            );
        }
        assert!(
            f["message"].as_str().is_some_and(|m| !m.trim().is_empty()),
            "message: {f}"
        );
    }

    // summary
    let summary = report["summary"].as_object().expect("summary is an object");
    assert_eq!(
        keys(summary),
        BTreeSet::from(["errors", "warnings", "notices", "rows"]),
        "summary keys"
    );
    let counts = [
        assert_count(&summary["errors"], "summary.errors"),
        assert_count(&summary["warnings"], "summary.warnings"),
        assert_count(&summary["notices"], "summary.notices"),
    ];
    assert_eq!(counts, tally, "summary against the findings' severities");
    assert_count(&summary["rows"], "summary.rows");
}

// ---------------------------------------------------------------------------------------------
// The examples

#[test]
fn the_clean_example_passes_with_no_findings() {
    let (code, json) = report(&example("roster.xlsx"), &[]);
    assert_eq!(code, 0);
    assert!(findings(&json).is_empty(), "{:#}", json["findings"]);
    assert_eq!(json["summary"]["errors"], 0);
    assert!(json["summary"]["rows"].as_u64().unwrap() > 0);
    // Every rule runs on it: the example has every column.
    for r in json["rules"].as_array().unwrap() {
        assert_eq!(r["status"], "checked", "{r}");
    }

    let run = check(&[example("roster.xlsx").to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn the_gbk_csv_example_passes_and_reads_the_same_rows() {
    let (code, csv) = report(&example("roster-gbk.csv"), &[]);
    assert_eq!(code, 0);
    assert!(findings(&csv).is_empty(), "{:#}", csv["findings"]);
    let (_, xlsx) = report(&example("roster.xlsx"), &[]);
    assert_eq!(csv["summary"]["rows"], xlsx["summary"]["rows"]);
    assert_eq!(csv["input"]["rows"], xlsx["input"]["rows"]);
    assert_eq!(csv["input"]["columns"], xlsx["input"]["columns"]);
    assert_eq!(csv["rules"], xlsx["rules"]);
}

#[test]
fn the_violations_example_fails_with_every_rule_of_the_catalog() {
    let (code, json) = report(&example("roster-violations.xlsx"), &[]);
    assert_eq!(code, 1);
    let found = rule_ids(&json);
    let missing: Vec<&str> = catalog()
        .iter()
        .copied()
        .filter(|id| !found.contains(id))
        .collect();
    assert!(missing.is_empty(), "no finding of {missing:?}");

    let run = check(&[example("roster-violations.xlsx").to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for id in catalog() {
        assert!(run.stdout.contains(id), "{id} not in the terminal report");
    }
}

#[test]
fn share_and_quota_findings_carry_exact_counts() {
    let (_, json) = report(&example("roster-violations.xlsx"), &[]);
    let mut seen = BTreeSet::new();
    for f in findings(&json) {
        let rule = f["rule"].as_str().unwrap();
        if !["S01", "S02", "S03", "S04", "Q01", "Q02"].contains(&rule) {
            continue;
        }
        seen.insert(rule);
        let count = f["count"].as_u64().unwrap_or_else(|| panic!("count: {f}"));
        let total = f["total"].as_u64().unwrap_or_else(|| panic!("total: {f}"));
        let rows = f["rows"].as_array().unwrap().len() as u64;
        match rule {
            // An upper bound points at the counted rows, a lower bound at the others.
            "S02" => assert_eq!(rows, total - count, "{f}"),
            r if r.starts_with('S') => assert_eq!(rows, count, "{f}"),
            // A quota finding: more rows than the quota allows.
            _ => {
                assert_eq!(rows, count, "{f}");
                assert!(count > total, "{f}");
            }
        }
        if rule.starts_with('S') {
            assert!(count <= total && total > 0, "{f}");
            let percent = count as f64 * 100.0 / total as f64;
            assert_eq!(f["actual"], format!("{percent:.2}%"), "{f}");
        }
        if rule == "Q02" {
            assert!(f["scope"]["part"].is_string(), "{f}");
        }
    }
    assert_eq!(seen.len(), 6, "{seen:?}");
}

#[test]
fn the_config_file_in_the_working_directory_is_honoured() {
    let dir = tempfile::tempdir().unwrap();
    let roster = example("roster-violations.xlsx");
    let args = [roster.to_str().unwrap(), "--format", "json"];
    let errors = |run: &Run| -> Vec<String> {
        let json: Value = serde_json::from_str(&run.stdout).unwrap();
        findings(&json)
            .iter()
            .filter(|f| f["severity"] == "error")
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(check_in(dir.path(), &args).code, 1);
    // Every rule that reports errors turned down to a warning: exit 0.
    let mut toml = String::new();
    for id in errors(&check_in(dir.path(), &args))
        .into_iter()
        .collect::<BTreeSet<_>>()
    {
        toml.push_str(&format!("[rules.{id}]\nseverity = \"warning\"\n"));
    }
    std::fs::write(dir.path().join("xibu.toml"), &toml).unwrap();
    let run = check_in(dir.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(errors(&run).is_empty());
}

// ---------------------------------------------------------------------------------------------
// --fail-on

/// A roster in a temporary directory whose only finding is a T01 warning.
fn warning_only() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("warning.csv");
    std::fs::write(
        &path,
        "姓名,志愿者类型,招募省份,服务省份,学历,报到日期\n甲,新招募,山东,新疆,本科,2020-08-15\n",
    )
    .unwrap();
    (dir, path)
}

#[test]
fn fail_on_decides_the_exit_code() {
    let (_dir, path) = warning_only();
    let (code, json) = report(&path, &[]);
    assert_eq!(code, 0, "a warning does not fail by default");
    let f = findings(&json);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0]["rule"], "T01");
    assert_eq!(f[0]["severity"], "warning");

    for (fail_on, want) in [("error", 0), ("warning", 1), ("notice", 1), ("never", 0)] {
        let (code, _) = report(&path, &["--fail-on", fail_on]);
        assert_eq!(code, want, "--fail-on {fail_on}");
        let run = check(&[path.to_str().unwrap(), "--fail-on", fail_on]);
        assert_eq!(run.code, want, "--fail-on {fail_on}, terminal");
    }

    let violations = example("roster-violations.xlsx");
    let (code, _) = report(&violations, &["--fail-on", "never"]);
    assert_eq!(code, 0);
    let (code, _) = report(&violations, &["--fail-on", "error"]);
    assert_eq!(code, 1);
}

// ---------------------------------------------------------------------------------------------
// Input errors: exit 2 and one line on stderr

fn assert_input_error(run: &Run) -> String {
    assert_eq!(
        run.code, 2,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert!(run.stdout.is_empty(), "stdout: {}", run.stdout);
    let text = run.stderr.trim_end();
    assert!(text.starts_with("error: "), "{text}");
    assert_eq!(text.lines().count(), 1, "one line: {text}");
    text.to_string()
}

#[test]
fn a_missing_file_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nosuch.xlsx");
    let message = assert_input_error(&check(&[missing.to_str().unwrap()]));
    assert!(message.contains("nosuch.xlsx"), "{message}");
}

/// A folder is read for its roster files (issue #12); an empty one is an input error.
#[test]
fn an_empty_directory_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let message = assert_input_error(&check_en(&[dir.path().to_str().unwrap()]));
    assert!(message.contains("the folder is empty"), "{message}");
}

#[test]
fn missing_required_columns_are_listed_with_the_headers_found() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("short.csv");
    std::fs::write(&path, "姓名,学历,备注\n甲,本科,\n").unwrap();
    let message = assert_input_error(&check_en(&[path.to_str().unwrap()]));
    for column in ["志愿者类型", "招募省份", "服务省份"] {
        assert!(message.contains(column), "{column}: {message}");
    }
    let found = message
        .split("found")
        .nth(1)
        .unwrap_or_else(|| panic!("{message}"));
    for header in ["姓名", "学历", "备注"] {
        assert!(found.contains(header), "{header}: {message}");
    }
    // With --format json the error line and exit code are the same, and standard output holds
    // an xibu-report/1 document with the error, so that a pipeline can always parse it.
    let run = check(&[path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.trim_end().lines().count(), 1, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["schema"], "xibu-report/1");
    assert_eq!(doc["error"]["kind"], "roster");
    assert_eq!(doc["error"]["file"], path.to_str().unwrap());
    assert_eq!(
        format!("error: {}", doc["error"]["message"].as_str().unwrap()),
        run.stderr.trim_end()
    );
    assert_eq!(doc["findings"], serde_json::json!([]));
}

#[test]
fn an_unknown_sheet_lists_the_sheets() {
    let message = assert_input_error(&check(&[
        example("roster.xlsx").to_str().unwrap(),
        "--sheet",
        "汇总表",
    ]));
    assert!(message.contains("汇总表"), "{message}");
    assert!(message.contains("花名册"), "{message}");
    // The sheet that is there, by name and by number.
    for sheet in ["花名册", "1"] {
        let run = check(&[example("roster.xlsx").to_str().unwrap(), "--sheet", sheet]);
        assert_eq!(run.code, 0, "--sheet {sheet}: {}", run.stderr);
    }
}

#[test]
fn an_unknown_rule_setting_in_the_config_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("office.toml");
    std::fs::write(&config, "[rules.S01]\nlimit_percent = 70\nlimt = 3\n").unwrap();
    let message = assert_input_error(&check_en(&[
        example("roster.xlsx").to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
    ]));
    assert!(message.contains("office.toml"), "{message}");
    assert!(message.contains("line 3"), "{message}");
    assert!(message.contains("limt"), "{message}");
}

#[test]
fn an_unknown_table_key_in_the_config_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("office.toml");
    std::fs::write(
        &config,
        "[calendar]\nreport_from = 2020-07-20\nreport_form = 2020-07-31\n",
    )
    .unwrap();
    let run = check_en(&[
        example("roster.xlsx").to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let first = run.stderr.lines().next().unwrap_or_default();
    assert!(first.starts_with("error: "), "{}", run.stderr);
    assert!(first.contains("line 3"), "{}", run.stderr);
    assert!(run.stderr.contains("report_form"), "{}", run.stderr);
}

/// A key toml itself rejects (an unknown table) is one line with its line number too, like every
/// other input error.
#[test]
fn an_unknown_table_key_in_the_config_is_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("office.toml");
    std::fs::write(&config, "[calender]\nreport_from = 2020-07-20\n").unwrap();
    let message = assert_input_error(&check_en(&[
        example("roster.xlsx").to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
    ]));
    assert!(message.contains("line 1"), "{message}");
    assert!(message.contains("calender"), "{message}");
}

// ---------------------------------------------------------------------------------------------
// 身份证号 masking

/// Every 身份证号 of a roster, in full, with its row.
fn id_numbers(path: &Path) -> Vec<(u32, String)> {
    let roster = Roster::read(path, &ReadOptions::default()).unwrap();
    let ids: Vec<(u32, String)> = roster
        .records
        .iter()
        .filter_map(|r| match &r.id_number {
            Field::Value(id) => Some((r.row, id.clone())),
            _ => None,
        })
        .collect();
    assert!(ids.len() > 10, "{}: {} IDs", path.display(), ids.len());
    assert!(
        ids.iter().all(|(_, id)| id.chars().count() == 18),
        "{ids:?}"
    );
    ids
}

#[test]
fn id_numbers_are_masked_unless_show_pii() {
    for name in ["roster.xlsx", "roster-violations.xlsx", "roster-gbk.csv"] {
        let path = example(name);
        let ids = id_numbers(&path);
        for format in ["json", "table"] {
            let run = check(&[path.to_str().unwrap(), "--format", format]);
            assert!(run.code < 2, "{}", run.stderr);
            for (row, id) in &ids {
                assert!(
                    !run.stdout.contains(id.as_str()),
                    "{name} --format {format}: row {row}'s ID in full"
                );
                assert!(!run.stderr.contains(id.as_str()));
            }
        }
    }
}

#[test]
fn show_pii_shows_the_p01_values_in_full() {
    let path = example("roster-violations.xlsx");
    let ids = id_numbers(&path);
    let id_at = |row: u64| -> String {
        ids.iter()
            .find(|(r, _)| u64::from(*r) == row)
            .unwrap_or_else(|| panic!("no ID on row {row}"))
            .1
            .clone()
    };

    // Masked: first 6 and last 4 characters.
    let (_, masked) = report(&path, &[]);
    let (_, shown) = report(&path, &["--show-pii"]);
    let table = check(&[path.to_str().unwrap(), "--show-pii"]);
    assert_eq!(table.code, 1, "{}", table.stderr);

    let p01 = |json: &Value| -> Vec<Value> {
        findings(json)
            .iter()
            .filter(|f| f["rule"] == "P01")
            .cloned()
            .collect()
    };
    let (masked, shown) = (p01(&masked), p01(&shown));
    assert!(!shown.is_empty());
    assert_eq!(masked.len(), shown.len());
    for (m, s) in masked.iter().zip(&shown) {
        let cell = s["cell"].as_str().unwrap();
        let row: u64 = cell
            .trim_start_matches(|c: char| c.is_ascii_uppercase())
            .parse()
            .unwrap();
        let full = id_at(row);
        assert_eq!(s["value"], full, "{s}");
        let masked_value = m["value"].as_str().unwrap();
        assert_ne!(masked_value, full);
        assert_eq!(masked_value.chars().count(), 18, "{masked_value}");
        assert!(
            masked_value.starts_with(&full[..6]) && masked_value.ends_with(&full[14..]),
            "{masked_value} of {full}"
        );
        assert!(
            table.stdout.contains(&full),
            "{full} not in the terminal report"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// --lang en

fn has_han(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn lang_en_gives_english_messages() {
    let path = example("roster-violations.xlsx");
    let (_, zh) = report(&path, &[]);
    let (_, en) = report(&path, &["--lang", "en"]);
    let (zh, en) = (findings(&zh), findings(&en));
    assert_eq!(zh.len(), en.len());
    for (z, e) in zh.iter().zip(en) {
        assert_eq!(z["rule"], e["rule"]);
        assert_eq!(z["rows"], e["rows"]);
        let message = e["message"].as_str().unwrap();
        assert_ne!(z["message"], e["message"], "{message}");
        // English prose: several English words. Chinese remains only in quoted values and names
        // of documents, columns and 专项.
        let words = message
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() >= 2)
            .count();
        assert!(words >= 3, "not English: {message}");
    }
    // Rule messages that quote nothing are all English.
    for e in en {
        if [
            "S01", "S02", "S03", "I01", "I02", "I03", "I04", "I05", "I06", "P01", "P02", "P03",
            "T01",
        ]
        .contains(&e["rule"].as_str().unwrap())
        {
            let message = e["message"].as_str().unwrap();
            assert!(!has_han(message), "{message}");
        }
    }

    let run = check(&[path.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("4 of 4 new recruits (100.00%) were recruited in-province, above 70%"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("error"), "{}", run.stdout);
    assert!(!run.stdout.contains("错误"), "{}", run.stdout);
}
