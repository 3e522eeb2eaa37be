//! The CI formats against their published schemas and the promises made for them: SARIF 2.1.0
//! against the OASIS JSON schema (validated with Python's `jsonschema`), GitLab Code Quality
//! against GitLab's documented fields, JUnit against Surefire's XSD (validated with `xmllint`);
//! stable fingerprints and test counts, GitHub groups and the step summary, CSV for people.
//! The validators are external programs: a test fails, loudly, when one is missing
//! (`.ci/run` installs them).

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use calamine::{Data, Reader, open_workbook_auto};
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn example(name: &str) -> PathBuf {
    root().join("examples").join(name)
}

fn schema(name: &str) -> PathBuf {
    root().join("tests/fixtures/schemas").join(name)
}

/// xibu in `dir` (no stray xibu.toml), no GitHub environment.
fn xibu(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("xibu").unwrap();
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_STEP_SUMMARY");
    cmd
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let out = xibu(dir).args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// The violations roster as a UTF-8 CSV with the same line numbers as the workbook's rows (the
/// title row stays on line 1, the header on line 2), so that rows can be inserted in tests.
fn violations_csv() -> Vec<Vec<String>> {
    let mut wb = open_workbook_auto(example("roster-violations.xlsx")).unwrap();
    let range = wb.worksheet_range("花名册").unwrap();
    let (first_row, _) = range.start().unwrap();
    assert_eq!(first_row, 0);
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                    Data::DateTime(d) => d
                        .as_datetime()
                        .map(|d| d.format("%Y-%m-%d").to_string())
                        .unwrap_or_default(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn write_csv(path: &Path, rows: &[Vec<String>]) {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_path(path)
        .unwrap();
    for row in rows {
        w.write_record(row).unwrap();
    }
    w.flush().unwrap();
}

/// Validates a JSON document against a JSON schema with Python's `jsonschema` (the draft the
/// schema names). Returns the errors, one per line.
fn json_schema_errors(schema: &Path, document: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("doc.json");
    std::fs::write(&doc, document).unwrap();
    let script = "import json, sys\n\
        import jsonschema\n\
        schema = json.load(open(sys.argv[1], encoding='utf-8'))\n\
        doc = json.load(open(sys.argv[2], encoding='utf-8'))\n\
        cls = jsonschema.validators.validator_for(schema)\n\
        cls.check_schema(schema)\n\
        errors = sorted(cls(schema).iter_errors(doc), key=lambda e: e.json_path)\n\
        for e in errors: print(e.json_path, e.message[:300])\n\
        sys.exit(1 if errors else 0)\n";
    let out = Process::new("python3")
        .arg("-c")
        .arg(script)
        .arg(schema)
        .arg(&doc)
        .output()
        .unwrap_or_else(|e| panic!("python3 is needed to validate against the schema: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("No module named"),
        "Python's jsonschema package is needed (pip install jsonschema; .ci/run does): {stderr}"
    );
    assert!(out.status.code().is_some_and(|c| c <= 1), "{stderr}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn assert_json_valid(schema_file: &str, document: &str) {
    let errors = json_schema_errors(&schema(schema_file), document);
    assert!(errors.is_empty(), "{schema_file}:\n{errors}\n{document}");
}

/// Validates XML against an XSD with xmllint.
fn xsd_errors(xsd: &Path, document: &str) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("report.xml");
    std::fs::write(&doc, document).unwrap();
    let out = Process::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(xsd)
        .arg(&doc)
        .output()
        .unwrap_or_else(|e| {
            panic!("xmllint (Debian: libxml2-utils; .ci/run installs it) is needed: {e}")
        });
    if out.status.success() {
        None
    } else {
        Some(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn assert_junit_valid(document: &str) {
    if let Some(errors) = xsd_errors(&schema("junit-10.xsd"), document) {
        panic!("JUnit XSD:\n{errors}\n{document}");
    }
}

// ---------------------------------------------------------------------------------------------
// SARIF

#[test]
fn the_schema_validator_catches_a_broken_sarif_log() {
    // The validation below could fail: a log without its version is refused.
    let errors = json_schema_errors(
        &schema("sarif-schema-2.1.0.json"),
        r#"{"runs": [{"tool": {"driver": {"name": "xibu"}}, "results": [{"message": {}}]}]}"#,
    );
    assert!(errors.contains("version"), "{errors}");
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let dir = tempfile::tempdir().unwrap();
    for (roster, code) in [("roster-violations.xlsx", 1), ("roster.xlsx", 0)] {
        for lang in ["zh", "en"] {
            let r = run(
                dir.path(),
                &[
                    "check",
                    example(roster).to_str().unwrap(),
                    "--format",
                    "sarif",
                    "--lang",
                    lang,
                ],
            );
            assert_eq!(r.code, code, "{}", r.stderr);
            assert_json_valid("sarif-schema-2.1.0.json", &r.stdout);
        }
    }
    // The log of a roster that cannot be checked is valid too.
    let r = run(dir.path(), &["check", "nope.xlsx", "--format", "sarif"]);
    assert_eq!(r.code, 2);
    assert_json_valid("sarif-schema-2.1.0.json", &r.stdout);
    let log: Value = serde_json::from_str(&r.stdout).unwrap();
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(
        invocation["toolExecutionNotifications"][0]["message"]["text"],
        "nope.xlsx：文件不存在"
    );
}

#[test]
fn sarif_has_every_rule_with_help_and_each_finding_at_its_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(
        dir.path(),
        &[
            "check",
            example("roster-violations.xlsx").to_str().unwrap(),
            "--format",
            "sarif",
        ],
    );
    let log: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run0 = &log["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 19);
    assert_eq!(ids[0], "S01");
    for rule in rules {
        let help = rule["help"]["text"].as_str().unwrap();
        assert!(help.contains(rule["id"].as_str().unwrap()), "{help}");
        assert!(help.len() > 100, "{help}");
        assert!(
            !rule["shortDescription"]["text"]
                .as_str()
                .unwrap()
                .is_empty()
        );
    }
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), 21);
    let by_rule = |id: &str| -> Vec<&Value> {
        results
            .iter()
            .filter(|r| r["ruleId"] == id)
            .collect::<Vec<_>>()
    };
    // I01: 60万元 at Q95, column Q = 17.
    let i01 = by_rule("I01")[0];
    let region = &i01["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 95);
    assert_eq!(region["startColumn"], 17);
    assert_eq!(
        i01["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .next(),
        Some("roster-violations.xlsx")
    );
    assert_eq!(
        i01["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "花名册!Q95"
    );
    assert_eq!(i01["level"], "error");
    assert_eq!(by_rule("I03")[0]["level"], "warning");
    let i06: Vec<&str> = by_rule("I06")
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert_eq!(i06, ["error", "note"]);
    // S01 over rows 85–88: the first row, the others as related locations.
    let s01 = by_rule("S01")[0];
    assert_eq!(
        s01["locations"][0]["physicalLocation"]["region"]["startLine"],
        85
    );
    assert_eq!(s01["relatedLocations"].as_array().unwrap().len(), 3);
    // ruleIndex points at the rule.
    for result in results {
        let i = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], result["ruleId"]);
    }
}

// ---------------------------------------------------------------------------------------------
// GitLab Code Quality

fn gitlab(dir: &Path, roster: &str) -> Vec<Value> {
    let r = run(dir, &["check", roster, "--format", "gitlab"]);
    assert!(r.code == 1 || r.code == 0, "{}", r.stderr);
    assert_json_valid("gitlab-codequality.schema.json", &r.stdout);
    serde_json::from_str(&r.stdout).unwrap()
}

#[test]
fn the_gitlab_schema_catches_a_missing_field() {
    let errors = json_schema_errors(
        &schema("gitlab-codequality.schema.json"),
        r#"[{"description": "x", "check_name": "y", "severity": "major", "location": {"path": "a"}}]"#,
    );
    assert!(errors.contains("fingerprint"), "{errors}");
    assert!(errors.contains("$[0].location"), "no line: {errors}");
}

#[test]
fn gitlab_fingerprints_are_unique_stable_and_survive_inserted_rows() {
    let dir = tempfile::tempdir().unwrap();
    let rows = violations_csv();
    write_csv(&dir.path().join("roster.csv"), &rows);
    let first = gitlab(dir.path(), "roster.csv");
    assert_eq!(first.len(), 21);
    let fingerprints: Vec<&str> = first
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    let mut unique = fingerprints.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), fingerprints.len(), "unique within a report");
    for issue in &first {
        assert_eq!(issue["location"]["path"], "roster.csv");
        assert!(issue["check_name"].as_str().unwrap().starts_with("xibu/"));
    }
    let i03 = first
        .iter()
        .find(|i| i["check_name"] == "xibu/I03")
        .unwrap();
    assert_eq!(i03["severity"], "minor");
    assert_eq!(i03["location"]["lines"]["begin"], 97);

    // The same roster again: the same fingerprints.
    let again = gitlab(dir.path(), "roster.csv");
    assert_eq!(first, again);

    // Three blank rows inserted above the data: every line moves, no fingerprint does.
    let mut shifted = rows.clone();
    for _ in 0..3 {
        shifted.insert(3, vec![String::new()]);
    }
    write_csv(&dir.path().join("roster.csv"), &shifted);
    let moved = gitlab(dir.path(), "roster.csv");
    assert_eq!(moved.len(), first.len());
    for (a, b) in first.iter().zip(&moved) {
        assert_eq!(a["fingerprint"], b["fingerprint"], "{a}\n{b}");
        assert_eq!(
            a["location"]["lines"]["begin"].as_u64().unwrap() + 3,
            b["location"]["lines"]["begin"].as_u64().unwrap()
        );
    }

    // A different problem is a different fingerprint: fix I01's amount, break it another way.
    let mut changed = rows.clone();
    let amount = changed[1].iter().position(|h| h == "意外伤害保额").unwrap();
    changed[94][amount] = "500000".to_string();
    write_csv(&dir.path().join("roster.csv"), &changed);
    let other = gitlab(dir.path(), "roster.csv");
    let i01 = |issues: &[Value]| {
        issues
            .iter()
            .find(|i| i["check_name"] == "xibu/I01")
            .unwrap()["fingerprint"]
            .clone()
    };
    assert_ne!(i01(&first), i01(&other));
}

#[test]
fn an_absolute_path_under_the_working_directory_gives_the_same_report() {
    let dir = tempfile::tempdir().unwrap();
    write_csv(&dir.path().join("roster.csv"), &violations_csv());
    let relative = gitlab(dir.path(), "roster.csv");
    let absolute = gitlab(
        dir.path(),
        dir.path()
            .canonicalize()
            .unwrap()
            .join("roster.csv")
            .to_str()
            .unwrap(),
    );
    assert_eq!(relative, absolute);
    let r = run(
        dir.path(),
        &[
            "check",
            dir.path()
                .canonicalize()
                .unwrap()
                .join("roster.csv")
                .to_str()
                .unwrap(),
            "--format",
            "sarif",
        ],
    );
    let log: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "roster.csv"
    );
}

#[test]
fn gitlab_reports_a_roster_that_cannot_be_checked_as_a_blocker() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["check", "nope.xlsx", "--format", "gitlab"]);
    assert_eq!(r.code, 2);
    assert_json_valid("gitlab-codequality.schema.json", &r.stdout);
    let issues: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0]["severity"], "blocker");
    assert_eq!(issues[0]["location"]["path"], "nope.xlsx");
}

// ---------------------------------------------------------------------------------------------
// JUnit

fn junit(dir: &Path, args: &[&str]) -> (i32, String) {
    let mut all = vec!["check", "--format", "junit"];
    all.extend_from_slice(args);
    let r = run(dir, &all);
    assert_junit_valid(&r.stdout);
    (r.code, r.stdout)
}

fn count(xml: &str, needle: &str) -> usize {
    xml.matches(needle).count()
}

#[test]
fn the_junit_xsd_catches_an_invalid_report() {
    let errors = xsd_errors(
        &schema("junit-10.xsd"),
        r#"<testsuites><testsuite name="x"><testcase name="a"/></testsuite></testsuites>"#,
    );
    // The suite lacks its required counts.
    assert!(errors.is_some_and(|e| e.contains("tests")));
}

#[test]
fn junit_has_one_case_per_rule_whatever_the_findings() {
    let dir = tempfile::tempdir().unwrap();
    let violations = example("roster-violations.xlsx");
    let clean = example("roster.xlsx");
    let (code, bad) = junit(dir.path(), &[violations.to_str().unwrap()]);
    assert_eq!(code, 1);
    let (code, good) = junit(dir.path(), &[clean.to_str().unwrap()]);
    assert_eq!(code, 0);
    for xml in [&bad, &good] {
        assert_eq!(count(xml, "<testcase "), 19, "{xml}");
        // Every case has a classname and a time; the suite names the file and has a time.
        assert_eq!(count(xml, "classname=\"xibu."), 19, "{xml}");
        assert_eq!(count(xml, " time=\""), 19 + 2, "{xml}");
        assert!(xml.contains(" file=\""), "{xml}");
    }
    assert!(good.contains(r#"tests="19" failures="0""#), "{good}");
    // 15 rules with errors fail; the warning-only rules (I03, I04, P05, T01) pass.
    assert!(bad.contains(r#"tests="19" failures="15""#), "{bad}");
    // A failure has a body: P01's two findings, one per line, ID numbers masked.
    let p01 = bad.split("classname=\"xibu.P01\"").nth(1).unwrap();
    let failure = p01.split("</failure>").next().unwrap();
    assert!(
        failure.contains("<failure message=\"P01：2 项\" type=\"error\">"),
        "{failure}"
    );
    assert!(failure.contains("B101 [410102********1920]"), "{failure}");
    assert!(failure.contains("B108"), "{failure}");
    // With --fail-on warning the warnings fail too: still 19 cases.
    let (_, strict) = junit(
        dir.path(),
        &[violations.to_str().unwrap(), "--fail-on", "warning"],
    );
    assert!(strict.contains(r#"tests="19" failures="19""#), "{strict}");
    // A rule that was not checked is skipped, with the reason; still 19 cases.
    let (_, narrowed) = junit(
        dir.path(),
        &[violations.to_str().unwrap(), "--select", "S01"],
    );
    assert_eq!(count(&narrowed, "<testcase "), 19);
    assert_eq!(
        count(&narrowed, "<skipped message=\"未被 --select 选中\""),
        18
    );
}

#[test]
fn junit_is_written_when_the_roster_cannot_be_checked() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(
        dir.path(),
        &["check", "nope.xlsx", "--format", "junit", "-o", "junit.xml"],
    );
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty(), "the document went to --output");
    assert_eq!(r.stderr, "error: nope.xlsx：文件不存在\n");
    let xml = std::fs::read_to_string(dir.path().join("junit.xml")).unwrap();
    assert_junit_valid(&xml);
    assert_eq!(count(&xml, "<testcase "), 1);
    assert!(xml.contains(r#"errors="1""#), "{xml}");
    assert!(
        xml.contains(r#"<error message="nope.xlsx：文件不存在" type="roster">"#),
        "{xml}"
    );
}

#[test]
fn characters_xml_cannot_hold_do_not_break_junit_or_sarif() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = violations_csv();
    let degree = rows[1].iter().position(|h| h == "学历").unwrap();
    // Row 3 is a clean volunteer: give its 学历 characters XML 1.0 cannot hold.
    rows[2][degree] = "本科\u{fffe}\u{1}\u{1b}[31m".to_string();
    write_csv(&dir.path().join("roster.csv"), &rows);
    let (code, xml) = junit(dir.path(), &["roster.csv"]);
    assert_eq!(code, 1);
    assert!(xml.contains(r"本科\u{fffe}"), "escaped, visible: {xml}");
    assert!(!xml.contains('\u{fffe}'));
    let r = run(dir.path(), &["check", "roster.csv", "--format", "sarif"]);
    assert_json_valid("sarif-schema-2.1.0.json", &r.stdout);
}

// ---------------------------------------------------------------------------------------------
// GitHub

#[test]
fn github_groups_each_rule_and_writes_the_step_summary() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "# earlier step\n").unwrap();
    let out = xibu(dir.path())
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["check", "--format", "github"])
        .arg(example("roster-violations.xlsx"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    // 19 rules fire: 19 groups, each closed before the next opens.
    assert_eq!(count(&text, "::group::"), 19);
    assert_eq!(count(&text, "::endgroup::"), 19);
    let mut open = false;
    for line in text.lines() {
        if line.starts_with("::group::") {
            assert!(!open, "{text}");
            open = true;
        } else if line == "::endgroup::" {
            assert!(open);
            open = false;
        } else if line.starts_with("::error") || line.starts_with("::warning") {
            assert!(open, "annotation outside a group: {line}");
        }
    }
    assert!(
        text.contains("::group::P01 身份证号有效且不重复（2 项）"),
        "{text}"
    );
    assert!(
        text.contains("::error file=") && text.contains(",line=95,col=17,title=I01"),
        "{text}"
    );
    // The summary is appended, not written over.
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.starts_with("# earlier step\n## xibu check"), "{md}");
    assert!(
        md.contains("| S01 | 省内招募比例不超过 70% | 1 项 |"),
        "{md}"
    );
    assert!(md.contains("<details><summary>P01"), "{md}");
    assert!(md.contains("410102********1920"), "masked: {md}");
    // Without the variable, nothing is written anywhere.
    let before = std::fs::read_to_string(&summary).unwrap();
    run(
        dir.path(),
        &[
            "check",
            "--format",
            "github",
            example("roster.xlsx").to_str().unwrap(),
        ],
    );
    assert_eq!(std::fs::read_to_string(&summary).unwrap(), before);
    // A summary that cannot be written is a note; the verdict (exit 1) stands.
    let out = xibu(dir.path())
        .env("GITHUB_STEP_SUMMARY", dir.path())
        .args(["check", "--format", "github"])
        .arg(example("roster-violations.xlsx"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .starts_with("xibu: cannot write")
    );
}

// ---------------------------------------------------------------------------------------------
// CSV for people, error lines

#[test]
fn csv_for_people_starts_with_a_bom_and_neutralises_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = violations_csv();
    let degree = rows[1].iter().position(|h| h == "学历").unwrap();
    rows[2][degree] = "=HYPERLINK(\"http://example.com\",\"点击\")".to_string();
    rows[3][degree] = "@SUM(A1)".to_string();
    write_csv(&dir.path().join("roster.csv"), &rows);
    let r = run(
        dir.path(),
        &["check", "roster.csv", "--format", "csv", "--select", "E01"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("\u{feff}rule,severity,"),
        "{}",
        r.stdout
    );
    let mut reader = csv::Reader::from_reader(r.stdout.trim_start_matches('\u{feff}').as_bytes());
    let values: Vec<String> = reader
        .records()
        .map(|rec| rec.unwrap()[9].to_string())
        .collect();
    assert!(
        values.contains(&"'=HYPERLINK(\"http://example.com\",\"点击\")".to_string()),
        "{values:?}"
    );
    assert!(values.contains(&"'@SUM(A1)".to_string()), "{values:?}");
    for line in r.stdout.lines() {
        for field in line.split(',') {
            let field = field.trim_start_matches('"');
            assert!(!field.starts_with('='), "{line}");
        }
    }
    let r = run(
        dir.path(),
        &["check", "roster.csv", "--format", "csv", "--no-bom"],
    );
    assert!(r.stdout.starts_with("rule,severity,"), "{}", r.stdout);
}

#[test]
fn quota_and_scale_csv_start_with_a_bom_and_still_load_back() {
    let dir = tempfile::tempdir().unwrap();
    for (cmd, flag) in [("quota", "--quotas"), ("scale", "--scale")] {
        let r = run(dir.path(), &[cmd, "--format", "csv"]);
        assert_eq!(r.code, 0);
        assert!(r.stdout.starts_with('\u{feff}'), "{cmd}");
        let file = dir.path().join(format!("{cmd}.csv"));
        std::fs::write(&file, &r.stdout).unwrap();
        let again = run(
            dir.path(),
            &[cmd, "--format", "csv", flag, file.to_str().unwrap()],
        );
        assert_eq!(again.stdout, r.stdout, "{cmd} loads back: {}", again.stderr);
        let bare = run(dir.path(), &[cmd, "--format", "csv", "--no-bom"]);
        assert_eq!(bare.stdout, r.stdout.trim_start_matches('\u{feff}'));
    }
}

#[test]
fn an_error_line_stays_one_line_whatever_the_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["check", "花名册\n第二行\u{1b}[31m.xlsx"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr.lines().count(), 1, "{:?}", r.stderr);
    assert!(
        r.stderr.contains(r"花名册\n第二行\u{1b}[31m.xlsx"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains('\u{1b}'));
}

// ---------------------------------------------------------------------------------------------
// --select / --ignore in the JSON document

#[test]
fn select_and_ignore_show_as_rules_not_checked_on_top_of_the_config() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("xibu.toml"),
        "[rules.S02]\nenabled = false\n",
    )
    .unwrap();
    let violations = example("roster-violations.xlsx");
    let r = run(
        dir.path(),
        &[
            "check",
            violations.to_str().unwrap(),
            "--format",
            "json",
            "--select",
            "S01,S02,P05",
            "--ignore",
            "P05",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    let status = |id: &str| -> (String, String) {
        let rule = doc["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap();
        (
            rule["status"].as_str().unwrap().to_string(),
            rule["reason"].as_str().unwrap_or("").to_string(),
        )
    };
    assert_eq!(status("S01"), ("checked".into(), String::new()));
    // xibu.toml's decision stands: --select does not switch a disabled rule back on.
    assert_eq!(status("S02").1, "已在配置文件中停用");
    assert_eq!(
        status("P05"),
        ("skipped".into(), "已用 --ignore 排除".into())
    );
    assert_eq!(
        status("I01"),
        ("skipped".into(), "未被 --select 选中".into())
    );
    let rules: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["S01"]);
    assert_eq!(doc["summary"]["errors"], 1);
}
