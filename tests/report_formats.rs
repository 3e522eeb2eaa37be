//! The reports: every format masks ID numbers, the annotated workbook can be read back, and the
//! summary table lines up Chinese text.

use std::io::Read;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use calamine::{Reader, open_workbook_auto};
use unicode_width::UnicodeWidthStr;
use xibu::roster::{Field, ReadOptions, Roster};

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

/// Runs xibu in an empty directory, so that no stray xibu.toml is picked up.
fn xibu(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("xibu").unwrap();
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

fn ids(roster: &Path) -> Vec<String> {
    let r = Roster::read(roster, &ReadOptions::default()).unwrap();
    r.records
        .iter()
        .filter_map(|rec| match &rec.id_number {
            Field::Value(id) => Some(id.clone()),
            _ => None,
        })
        .collect()
}

const FORMATS: [&str; 5] = ["table", "json", "csv", "junit", "github"];

#[test]
fn no_full_id_number_in_any_format_without_show_pii() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["roster.xlsx", "roster-violations.xlsx", "roster-gbk.csv"] {
        let path = example(name);
        let ids = ids(&path);
        assert!(ids.len() > 50, "{name}");
        for format in FORMATS {
            for lang in ["zh", "en"] {
                let out = xibu(dir.path())
                    .args(["check", "--format", format, "--lang", lang])
                    .arg(&path)
                    .output()
                    .unwrap();
                let text = String::from_utf8(out.stdout).unwrap()
                    + &String::from_utf8(out.stderr).unwrap();
                for id in &ids {
                    assert!(!text.contains(id.as_str()), "{name} {format}: {id}");
                }
            }
        }
    }
}

#[test]
fn show_pii_shows_the_numbers_of_id_findings() {
    let dir = tempfile::tempdir().unwrap();
    let out = xibu(dir.path())
        .args(["check", "--format", "csv", "--show-pii"])
        .arg(example("roster-violations.xlsx"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let p01: Vec<&str> = text.lines().filter(|l| l.starts_with("P01,")).collect();
    assert_eq!(p01.len(), 2);
    for line in p01 {
        let id = line.split(',').nth(9).unwrap();
        assert_eq!(id.len(), 18, "{line}");
        assert!(!id.contains('*'), "{line}");
    }
}

#[test]
fn the_annotated_workbook_reads_back_with_its_findings() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("批注.xlsx");
    xibu(dir.path())
        .args(["check", "--format", "json", "--report-xlsx"])
        .arg(&out)
        .arg(example("roster-violations.xlsx"))
        .assert()
        .code(1);
    let mut wb = open_workbook_auto(&out).unwrap();
    assert_eq!(wb.sheet_names(), ["花名册", "问题清单", "汇总"]);
    // The copy keeps every value at its place: row 2 is the header, the title above it.
    let copy = wb.worksheet_range("花名册").unwrap();
    let original = open_workbook_auto(example("roster-violations.xlsx"))
        .unwrap()
        .worksheet_range("花名册")
        .unwrap();
    assert_eq!(copy.get_value((1, 0)), original.get_value((1, 0)));
    assert_eq!(copy.get_value((94, 16)), original.get_value((94, 16)));
    // The findings sheet: a header and one line per finding, with masked ID numbers.
    let findings = wb.worksheet_range("问题清单").unwrap();
    assert_eq!(findings.height(), 1 + 25);
    let rules: Vec<String> = findings.rows().skip(1).map(|r| r[0].to_string()).collect();
    for id in xibu::rules::ALL.iter().map(|r| r.meta.id) {
        assert!(rules.iter().any(|r| r == id), "{id}");
    }
    for row in findings
        .rows()
        .skip(1)
        .filter(|r| r[0] == calamine::Data::String("P01".into()))
    {
        assert!(row[7].to_string().contains("********"), "{row:?}");
    }
    // Each highlighted cell carries a note naming its rule: I01's 60万元 at Q98.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut comments = String::new();
    zip.by_name("xl/comments1.xml")
        .unwrap()
        .read_to_string(&mut comments)
        .unwrap();
    assert!(comments.contains(r#"ref="Q98""#), "I01's cell");
    assert!(comments.contains("I01 错误"));
    assert!(comments.contains(r#"ref="B104""#), "P01's cell");
    let summary = wb.worksheet_range("汇总").unwrap();
    assert_eq!(summary.get_value((0, 0)).unwrap().to_string(), "服务省份");
}

#[test]
fn reports_replace_an_earlier_report_but_never_the_roster() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("roster.xlsx");
    std::fs::copy(example("roster.xlsx"), &roster).unwrap();
    let before = std::fs::read(&roster).unwrap();
    for flag in ["--output", "--report-xlsx"] {
        xibu(dir.path())
            .args(["check", "roster.xlsx", flag, "roster.xlsx"])
            .assert()
            .code(2)
            .stderr(predicates::str::contains("就是输入文件 roster.xlsx"));
    }
    assert_eq!(std::fs::read(&roster).unwrap(), before);
    // An earlier report is replaced, without --force (a re-run of a pipeline).
    let report = dir.path().join("report.json");
    std::fs::write(&report, "keep").unwrap();
    xibu(dir.path())
        .args([
            "check",
            "roster.xlsx",
            "--format",
            "json",
            "-o",
            "report.json",
        ])
        .assert()
        .success();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(json["schema"], "xibu-report/1");
    // --force is still accepted, for old scripts.
    xibu(dir.path())
        .args([
            "check",
            "roster.xlsx",
            "--format",
            "json",
            "-o",
            "report.json",
            "--force",
        ])
        .assert()
        .success();
}

#[test]
fn the_summary_table_lines_up_by_display_width() {
    let dir = tempfile::tempdir().unwrap();
    let out = xibu(dir.path())
        .arg("check")
        .arg(example("roster-violations.xlsx"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // At 80 columns (the default off a terminal) the summary is stacked into tables that each
    // fit; the first one is checked here.
    let all: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with('┌'))
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(all.iter().all(|l| l.width() <= 80), "{}", all.join("\n"));
    assert_eq!(all.iter().filter(|l| l.starts_with('┌')).count(), 2);
    let table: Vec<&str> = all
        .iter()
        .copied()
        .take_while(|l| !l.starts_with('└'))
        .collect();
    assert!(table.len() > 5, "{text}");
    assert!(
        table
            .iter()
            .any(|l| l.contains("黑龙江") || l.contains("内蒙古"))
    );
    let widths: Vec<usize> = table.iter().map(|l| l.width()).collect();
    assert!(
        widths.windows(2).all(|w| w[0] == w[1]),
        "{widths:?}\n{}",
        table.join("\n")
    );
    // Column separators sit at the same display offsets on every line.
    let offsets = |line: &str| -> Vec<usize> {
        let mut at = 0;
        let mut found = Vec::new();
        for c in line.chars() {
            if matches!(
                c,
                '┆' | '│' | '┬' | '┼' | '╪' | '┴' | '┌' | '┐' | '└' | '┘' | '╞' | '╡'
            ) {
                found.push(at);
            }
            at += c.to_string().width();
        }
        found
    };
    let first = offsets(table[0]);
    for line in &table {
        assert_eq!(offsets(line), first, "{line}");
    }
}

#[test]
fn colour_only_when_asked_for_by_a_terminal() {
    // Piped output (as here) is plain, whatever NO_COLOR says.
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::cargo_bin("xibu").unwrap();
    let out = cmd
        .current_dir(dir.path())
        .env_remove("NO_COLOR")
        .arg("check")
        .arg(example("roster-violations.xlsx"))
        .output()
        .unwrap();
    assert!(!String::from_utf8(out.stdout).unwrap().contains('\x1b'));
}

/// A roster cannot drive the clerk's terminal: control characters from its cells are printed
/// escaped, in the finding's value and in its message.
#[test]
fn control_characters_from_cells_are_printed_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let gbk = std::fs::read(example("roster-gbk.csv")).unwrap();
    let (text, _, _) = encoding_rs::GBK.decode(&gbk);
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let row = lines
        .next()
        .unwrap()
        .replacen("服务新疆", "乡村\u{1b}[2J振兴", 1);
    let csv = dir.path().join("roster.csv");
    std::fs::write(&csv, format!("{header}\n{row}\n")).unwrap();
    let out = xibu(dir.path()).arg("check").arg(&csv).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("P04"), "{stdout}");
    assert!(stdout.contains("乡村\\u{1b}[2J振兴"), "{stdout}");
    assert!(!stdout.contains('\u{1b}'), "{stdout}");
}
