//! `xibu quota` answers every pair of the plan, whichever way the provinces are spelled.

use assert_cmd::Command;
use xibu::Plan;

fn xibu() -> Command {
    Command::cargo_bin("xibu").unwrap()
}

#[test]
fn every_pair_answers_its_number_by_short_and_full_name() {
    let plan = Plan::builtin().unwrap();
    assert_eq!(plan.quotas.rows.len(), 164);
    for r in &plan.quotas.rows {
        let want = format!("{}\n", r.quota);
        for (service, recruit) in [
            (r.service.name(), r.recruit.name()),
            (r.service.full_name(), r.recruit.full_name()),
        ] {
            xibu()
                .args(["quota", service, recruit])
                .assert()
                .success()
                .stdout(want.clone());
        }
    }
}

#[test]
fn the_listing_total_of_each_region_is_its_new_recruit_count() {
    let plan = Plan::builtin().unwrap();
    for s in plan.scale.rows.iter().filter(|r| r.new > 0) {
        let out = xibu()
            .args(["quota", s.province.name(), "--format", "json"])
            .output()
            .unwrap();
        assert!(out.status.success());
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["total"], u64::from(s.new), "{}", s.province);
    }
}

#[test]
fn csv_output_loads_back_as_the_same_table() {
    let out = xibu().args(["quota", "--format", "csv"]).output().unwrap();
    assert!(out.status.success());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quotas.csv");
    std::fs::write(&path, &out.stdout).unwrap();
    let builtin = Plan::builtin().unwrap();
    let loaded = Plan::load(None, Some(&path)).unwrap();
    let strip = |p: &Plan| {
        p.quotas
            .rows
            .iter()
            .map(|r| (r.service, r.recruit, r.quota, r.note.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&loaded), strip(&builtin));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    // `xibu quota | head -1`: the reader goes away after one line.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("xibu"))
        .arg("quota")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
