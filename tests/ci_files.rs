//! The files `check` writes (SPEC, "Files written"): reports replace an earlier report, atomically,
//! on every re-run; never an input nor each other (by file identity); a device or FIFO is written
//! into; a temporary file does not survive Ctrl-C or SIGTERM. `template -o` and `config init` still
//! refuse to replace a file without --force. And the README's shell example, run twice.

#![cfg(unix)]

use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use calamine::{Data, Reader, open_workbook_auto};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn example(name: &str) -> PathBuf {
    root().join("examples").join(name)
}

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("xibu")
}

fn xibu(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("xibu").unwrap();
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_STEP_SUMMARY");
    cmd
}

/// The violations roster as UTF-8 CSV, line numbers as the workbook's rows.
fn violations_csv() -> Vec<Vec<String>> {
    let mut wb = open_workbook_auto(example("roster-violations.xlsx")).unwrap();
    let range = wb.worksheet_range("花名册").unwrap();
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

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The README's shell example, as it stands in the README.
fn readme_script() -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("```sh\nxibu check roster.csv --format json --output report.json\n")
        .expect("the README's shell example");
    let body = &readme[start + "```sh\n".len()..];
    body[..body.find("```").unwrap()].to_string()
}

#[test]
fn the_readme_shell_example_runs_twice_and_replaces_its_report() {
    Process::new("jq")
        .arg("--version")
        .output()
        .expect("jq is needed by the README's example (Debian: jq; .ci/run installs it)");
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("check.sh");
    std::fs::write(&script, readme_script()).unwrap();
    let path = format!(
        "{}:{}",
        bin().parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut rows = violations_csv();
    let run = |rows: &[Vec<String>]| {
        write_csv(&dir.path().join("roster.csv"), rows);
        let out = Process::new("bash")
            .arg(&script)
            .current_dir(dir.path())
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let report = dir.path().join("report.json");
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
        (
            out.status.code(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
            json,
            std::fs::metadata(&report).unwrap().ino(),
        )
    };
    let (code, stdout, stderr, first, inode) = run(&rows);
    assert_eq!(code, Some(1), "{stdout}\n{stderr}");
    assert!(stdout.contains("S01 青海：省内招募"), "{stdout}");
    assert_eq!(first["summary"]["errors"], 16);
    // The clerk fixes I01's amount (row 98) and the pipeline runs again: no --force needed.
    let amount = rows[1].iter().position(|h| h == "意外伤害保额").unwrap();
    rows[97][amount] = "800000".to_string();
    let (code, stdout, stderr, second, inode2) = run(&rows);
    assert_eq!(code, Some(1), "{stdout}\n{stderr}");
    assert!(!stderr.contains("--force"), "{stderr}");
    assert!(!stdout.contains("I01 "), "{stdout}");
    assert_eq!(second["summary"]["errors"], 15, "the report was replaced");
    assert_ne!(
        inode, inode2,
        "replaced by a rename, not rewritten in place"
    );
    assert_eq!(
        listing(dir.path()),
        ["check.sh", "report.json", "roster.csv"]
    );
}

#[test]
fn a_report_is_never_an_input_whatever_its_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(example("roster.xlsx"), d.join("roster.xlsx")).unwrap();
    std::fs::hard_link(d.join("roster.xlsx"), d.join("hard.xlsx")).unwrap();
    std::os::unix::fs::symlink(d.join("roster.xlsx"), d.join("link.xlsx")).unwrap();
    std::fs::create_dir(d.join("sub")).unwrap();
    std::fs::write(d.join("xibu.toml"), "[rules.P05]\nseverity = \"error\"\n").unwrap();
    std::fs::copy(
        root().join("data/editions/2020-2021/scale.csv"),
        d.join("scale.csv"),
    )
    .unwrap();
    let before = std::fs::read(d.join("roster.xlsx")).unwrap();
    for (flag, out, extra) in [
        ("--output", "hard.xlsx", None),
        ("--report-xlsx", "link.xlsx", None),
        ("--output", "sub/../roster.xlsx", None),
        ("--output", "./xibu.toml", None),
        ("--output", "scale.csv", Some("--scale=scale.csv")),
    ] {
        let mut cmd = xibu(d);
        cmd.args(["check", "roster.xlsx", flag, out]);
        if let Some(extra) = extra {
            cmd.arg(extra);
        }
        cmd.assert()
            .code(2)
            .stderr(predicates::str::contains("xibu 从不覆盖输入"));
    }
    assert_eq!(std::fs::read(d.join("roster.xlsx")).unwrap(), before);
    // The two reports may not be one file either, in whatever spelling.
    xibu(d)
        .args([
            "check",
            "roster.xlsx",
            "-o",
            "out.xlsx",
            "--report-xlsx",
            "sub/../out.xlsx",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("是同一个文件"));
    assert!(!d.join("out.xlsx").exists());
    // With the JSON format, the refusal still leaves a document, on standard output.
    let out = xibu(d)
        .args([
            "check",
            "roster.xlsx",
            "--format",
            "json",
            "-o",
            "hard.xlsx",
        ])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["error"]["kind"], "usage");
    assert_eq!(std::fs::read(d.join("roster.xlsx")).unwrap(), before);
}

#[test]
fn a_report_through_a_symbolic_link_replaces_the_target() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("shared")).unwrap();
    std::fs::write(d.join("shared/report.json"), "old").unwrap();
    std::os::unix::fs::symlink(d.join("shared/report.json"), d.join("report.json")).unwrap();
    xibu(d)
        .args(["check", "--format", "json", "-o", "report.json"])
        .arg(example("roster.xlsx"))
        .assert()
        .success();
    assert!(
        std::fs::symlink_metadata(d.join("report.json"))
            .unwrap()
            .is_symlink()
    );
    let text = std::fs::read_to_string(d.join("shared/report.json")).unwrap();
    assert!(text.contains("xibu-report/1"));
    assert_eq!(listing(&d.join("shared")), ["report.json"]);
}

#[test]
fn devices_are_written_into_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    for flag in ["--output", "--report-xlsx"] {
        xibu(dir.path())
            .args(["check", flag, "/dev/null"])
            .arg(example("roster-violations.xlsx"))
            .assert()
            .code(1);
        let meta = std::fs::metadata("/dev/null").unwrap();
        assert!(
            meta.file_type().is_char_device(),
            "/dev/null is still a device"
        );
    }
    // -o /dev/stdout: the report arrives on standard output, no --force needed.
    let out = xibu(dir.path())
        .args(["check", "--format", "json", "-o", "/dev/stdout"])
        .arg(example("roster.xlsx"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["schema"], "xibu-report/1");
}

#[test]
fn a_fifo_is_written_into() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("report.pipe");
    let made = Process::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    xibu(dir.path())
        .args(["check", "--format", "json", "-o"])
        .arg(&fifo)
        .arg(example("roster.xlsx"))
        .timeout(Duration::from_secs(60))
        .assert()
        .success();
    let text = reader.join().unwrap();
    assert!(text.contains("xibu-report/1"), "{text}");
    assert!(
        std::fs::metadata(&fifo).unwrap().file_type().is_fifo(),
        "still a FIFO"
    );
}

/// Interrupts xibu while its temporary report file exists (a debug build holds it there for
/// XIBU_TEST_HOLD_TEMP_MS) and checks that it is gone afterwards.
fn interrupt_while_writing(signal: &str) {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Process::new(bin())
        .current_dir(dir.path())
        .env("XIBU_TEST_HOLD_TEMP_MS", "20000")
        .args(["check", "--format", "json", "-o", "report.json"])
        .arg(example("roster.xlsx"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The file is written by the checking child process (src/memory.rs), named after its pid.
    let started = Instant::now();
    while !listing(dir.path())
        .iter()
        .any(|name| name.starts_with(".report.json.tmp-"))
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no temporary file: {:?}",
            listing(dir.path())
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let killed = Process::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{signal}");
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "stopped at once, not after the hold"
    );
    assert_eq!(listing(dir.path()), Vec::<String>::new(), "{signal}");
}

#[test]
fn ctrl_c_removes_the_temporary_file() {
    interrupt_while_writing("INT");
}

#[test]
fn sigterm_removes_the_temporary_file() {
    interrupt_while_writing("TERM");
}

#[test]
fn template_and_config_init_still_need_force() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("花名册.xlsx"), "mine").unwrap();
    std::fs::write(d.join("xibu.toml"), "# mine\n").unwrap();
    xibu(d)
        .args(["template", "-o", "花名册.xlsx"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--force"));
    xibu(d)
        .args(["config", "init"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--force"));
    assert_eq!(std::fs::read(d.join("花名册.xlsx")).unwrap(), b"mine");
    assert_eq!(std::fs::read(d.join("xibu.toml")).unwrap(), b"# mine\n");
    xibu(d)
        .args(["config", "init", "--force"])
        .assert()
        .success();
    assert_ne!(std::fs::read(d.join("xibu.toml")).unwrap(), b"# mine\n");
}
