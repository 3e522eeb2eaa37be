//! Editions as data (issue #10): a made-up edition folder (`tests/fixtures/editions/made-up/`)
//! with a later 报到 window and S01 at 60% changes exactly the verdicts its edition.toml says,
//! and nothing else; `--scale` still replaces one of its tables; `tables verify --edition`
//! checks it.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::check::{check_with, of};
use xibu::Plan;
use xibu::config::Config;

fn made_up() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/editions/made-up")
}

/// 10 new recruits in 新疆, 7 of them from 新疆 (70%: passes 70, fails 60); reporting dates in
/// the built-in window (rows 2–6) and in the made-up one (rows 7–11).
fn roster() -> String {
    let mut csv = String::from("姓名,志愿者类型,招募省份,服务省份,学历,报到日期\n");
    for i in 0..10 {
        let recruit = if i < 7 { "新疆" } else { "山东" };
        let date = if i < 5 { "2020-07-25" } else { "2021-07-15" };
        csv.push_str(&format!("甲,新招募,{recruit},新疆,本科,{date}\n"));
    }
    csv
}

fn outcome(plan: &Plan) -> xibu::rules::Outcome {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.csv");
    std::fs::write(&path, roster()).unwrap();
    check_with(&path, &Config::default(), plan).1
}

fn rows(outcome: &xibu::rules::Outcome, rule: &str) -> Vec<u32> {
    of(outcome, rule)
        .iter()
        .flat_map(|f| f.rows.to_vec())
        .collect()
}

#[test]
fn a_second_edition_changes_the_verdicts_its_edition_toml_changes() {
    let builtin = outcome(&Plan::builtin().unwrap());
    let plan = Plan::load_edition(Some(&made_up()), None, None).unwrap();
    assert_eq!(plan.edition.name, "测试年度");
    let other = outcome(&plan);

    // The calendar: the built-in window flags the 2021 dates, the made-up one the 2020 dates.
    assert_eq!(rows(&builtin, "T01"), [7, 8, 9, 10, 11]);
    assert_eq!(rows(&other, "T01"), [2, 3, 4, 5, 6]);

    // The threshold: 7 of 10 is 70.00%, within 70% and above 60%; the title says 60%.
    assert!(of(&builtin, "S01").is_empty());
    let s01 = of(&other, "S01");
    assert_eq!(s01.len(), 1);
    assert_eq!((s01[0].count(), s01[0].total()), (Some(7), Some(10)));
    assert_eq!(s01[0].limit().as_deref(), Some("≤ 60%"));
    assert_eq!(
        other.rules.title("S01", xibu::messages::Lang::Zh),
        "省内招募比例不超过 60%"
    );
    // The citation is the edition's.
    assert_eq!(other.rules.citation("S01").unwrap().short, "测试通知");

    // Nothing else changes.
    let ids = |o: &xibu::rules::Outcome| -> Vec<&str> {
        let mut v: Vec<&str> = o
            .findings
            .iter()
            .map(|f| f.rule())
            .filter(|r| !["S01", "T01"].contains(r))
            .collect();
        v.dedup();
        v
    };
    assert_eq!(ids(&builtin), ids(&other));
}

#[test]
fn the_configuration_still_overrides_the_edition() {
    let plan = Plan::load_edition(Some(&made_up()), None, None).unwrap();
    let config = Config::parse(
        Path::new("xibu.toml"),
        "[rules.S01]\nlimit_percent = 70\n[calendar]\nreport_from = 2020-07-20\nreport_to = 2020-07-31\n",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.csv");
    std::fs::write(&path, roster()).unwrap();
    let (_, o) = check_with(&path, &config, &plan);
    assert!(of(&o, "S01").is_empty());
    assert_eq!(rows(&o, "T01"), [7, 8, 9, 10, 11]);
}

fn xibu(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("xibu")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("XIBU_LANG")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_command_line_takes_an_edition_folder() {
    let dir = tempfile::tempdir().unwrap();
    let roster_path = dir.path().join("roster.csv");
    std::fs::write(&roster_path, roster()).unwrap();
    let edition = made_up();
    let out = xibu(&[
        "check",
        roster_path.to_str().unwrap(),
        "--edition",
        edition.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("S01 省内招募比例不超过 60%"), "{stdout}");
    assert!(stdout.contains("依据 测试通知 三.1"), "{stdout}");
    assert!(stdout.contains("2021-07-10 至 2021-07-20"), "{stdout}");

    let out = xibu(&["tables", "verify", "--edition", edition.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("made-up"), "{stdout}");

    // --scale replaces one table of the edition: a scale file that is not one is refused.
    let out = xibu(&[
        "tables",
        "verify",
        "--edition",
        edition.to_str().unwrap(),
        "--scale",
        edition.join("quotas.csv").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));

    // `rules` and `explain` show the edition's thresholds and citations.
    let out = xibu(&["rules", "--edition", edition.to_str().unwrap()]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("limit_percent = 60"), "{stdout}");
    let out = xibu(&["explain", "S01", "--edition", edition.to_str().unwrap()]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("> 新招募志愿者的省内招募比例要控制在60%以内。"),
        "{stdout}"
    );

    // A folder without edition.toml is one error line.
    let out = xibu(&[
        "tables",
        "verify",
        "--edition",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("error: ") && stderr.contains("edition.toml"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}
