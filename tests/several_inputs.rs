//! Several inputs checked as one roster (issue #12): a province's three county files given as
//! three files, as one folder, and as one workbook with three sheets give the same findings on
//! the same rows of the same counties; shares, quotas and duplicate IDs are judged over all of
//! them; a column one file lacks stops the rules that need it, naming the file.

mod common;

use std::path::{Path, PathBuf};

use common::sheets::{C, Grid, s};
use rust_xlsxwriter::Workbook;
use xibu::Plan;
use xibu::cmd::inputs::{Request, expand};
use xibu::config::Config;
use xibu::idcard::check_char;
use xibu::messages::Lang;
use xibu::pipeline::{Read, check_sources};
use xibu::roster::ReadOptions;
use xibu::rules::{Outcome, RuleConfig};

fn id(body: &str) -> String {
    format!("{body}{}", check_char(body).unwrap())
}

/// The ID number every county gives a volunteer by its number: 和田县's row 9 and 墨玉县's row 9
/// are the same person.
fn id_of(county: &str, n: u32) -> String {
    let region = match county {
        "和田县" => "653221",
        "墨玉县" => "653222",
        _ => "653224",
    };
    id(&format!("{region}19980101{n:03}"))
}

const HEADERS: [&str; 8] = [
    "姓名",
    "身份证号",
    "志愿者类型",
    "招募省份",
    "服务省份",
    "服务县",
    "学历",
    "报到日期",
];

/// One volunteer: (recruit province, degree, ID number, 报到日期).
struct Row<'a>(&'a str, &'a str, String, &'a str);

fn grid(county: &str, title: bool, order: &[usize], rows: &[Row]) -> Grid {
    let mut grid: Grid = Vec::new();
    if title {
        grid.push(vec![s(&format!("{county}西部计划志愿者花名册"))]);
    }
    grid.push(order.iter().map(|&i| s(HEADERS[i])).collect());
    for (n, Row(recruit, degree, idn, date)) in rows.iter().enumerate() {
        let cells = [
            s(&format!("{county}{n}")),
            s(idn),
            s("新招募"),
            s(recruit),
            s("新疆"),
            s(county),
            s(degree),
            s(date),
        ];
        grid.push(order.iter().map(|&i| cells[i].clone()).collect());
    }
    grid
}

/// The submission: 和田县 (a title row, the header on row 2), 墨玉县 (its columns in another
/// order), 洛浦县.
/// - 新疆 ← 海南 has a quota of 5: each county recruits 2, within it alone; together 6 (Q01).
/// - 和田县 alone has 6 of 8 with a 本科 (75% < 85%, S02); together 21 of 23 pass.
/// - 墨玉县's row 9 repeats 和田县's row 9 (P01 across files); 洛浦县's row 7 repeats its row 4.
/// - 洛浦县's row 8 has a date that does not parse (E01 at its own cell).
fn counties() -> Vec<(&'static str, Grid)> {
    let ok = "2020-07-25";
    let plain: Vec<usize> = (0..8).collect();
    let hetian = vec![
        Row("山东", "本科", id_of("和田县", 1), ok),
        Row("山东", "本科", id_of("和田县", 2), ok),
        Row("海南", "本科", id_of("和田县", 3), ok),
        Row("海南", "本科", id_of("和田县", 4), ok),
        Row("山东", "专科", id_of("和田县", 5), ok),
        Row("山东", "专科", id_of("和田县", 6), ok),
        Row("山东", "本科", id_of("和田县", 9), ok),
        Row("山东", "本科", id_of("和田县", 8), ok),
    ];
    let moyu = vec![
        Row("海南", "本科", id_of("墨玉县", 1), ok),
        Row("海南", "本科", id_of("墨玉县", 2), ok),
        Row("山东", "本科", id_of("墨玉县", 3), ok),
        Row("山东", "本科", id_of("墨玉县", 4), ok),
        Row("山东", "本科", id_of("墨玉县", 5), ok),
        Row("山东", "本科", id_of("墨玉县", 6), ok),
        Row("山东", "本科", id_of("墨玉县", 7), ok),
        Row("山东", "本科", id_of("和田县", 9), ok),
    ];
    let luopu = vec![
        Row("海南", "本科", id_of("洛浦县", 1), ok),
        Row("海南", "本科", id_of("洛浦县", 2), ok),
        Row("山东", "本科", id_of("洛浦县", 3), ok),
        Row("山东", "本科", id_of("洛浦县", 4), ok),
        Row("山东", "本科", id_of("洛浦县", 5), ok),
        Row("山东", "本科", id_of("洛浦县", 3), ok),
        Row("山东", "本科", id_of("洛浦县", 7), "2020-13-45"),
    ];
    vec![
        ("和田县", grid("和田县", true, &plain, &hetian)),
        (
            "墨玉县",
            grid("墨玉县", false, &[1, 0, 7, 6, 5, 4, 3, 2], &moyu),
        ),
        ("洛浦县", grid("洛浦县", false, &plain, &luopu)),
    ]
}

fn put(ws: &mut rust_xlsxwriter::Worksheet, grid: &Grid) {
    for (r, row) in grid.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if let C::S(t) = cell {
                ws.write_string(r as u32, c as u16, t).unwrap();
            }
        }
    }
}

/// A workbook of named sheets.
fn write_book(sheets: &[(&str, &Grid)], path: &Path) {
    let mut wb = Workbook::new();
    for (name, grid) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        put(ws, grid);
    }
    wb.save(path).unwrap();
}

/// Each county in its own file, in `dir`.
fn county_files(dir: &Path) -> Vec<PathBuf> {
    counties()
        .iter()
        .map(|(county, grid)| {
            let path = dir.join(format!("{county}.xlsx"));
            write_book(&[(county, grid)], &path);
            path
        })
        .collect()
}

fn check(given: &[PathBuf], sheet: Option<&str>) -> (Read, Outcome) {
    let plan = Plan::builtin().unwrap();
    let config = Config::default();
    let rules = RuleConfig::resolve(&config, &plan.edition).unwrap();
    let inputs = expand(&Request {
        given,
        sheet,
        ..Request::default()
    })
    .unwrap();
    check_sources(
        &inputs.specs,
        &ReadOptions::default(),
        &plan,
        &config,
        &rules,
        &mut |_| {},
        &mut |_| {},
    )
    .unwrap()
}

/// A finding as a comparable line: its rows as (county, row), and its texts with each source's
/// name replaced by its county (a file is 和田县.xlsx in one form and a sheet of 花名册.xlsx in
/// another: that, and the roster-wide ids, are all that may differ).
fn normalised(read: &Read, outcome: &Outcome) -> Vec<String> {
    let county = |file: &str, sheet: Option<&str>| -> String {
        let stem = Path::new(file)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .to_string();
        if stem == "花名册" {
            sheet.unwrap().to_string()
        } else {
            stem
        }
    };
    let mut names: Vec<(String, String)> = read
        .sources
        .list()
        .iter()
        .map(|s| {
            (
                s.name.clone(),
                county(&s.info.file, s.info.source.sheet.as_deref()),
            )
        })
        .collect();
    // Longest first: a folder's path contains no other name, but be safe.
    names.sort_by_key(|(n, _)| std::cmp::Reverse(n.len()));
    let text = |t: String| {
        names
            .iter()
            .fold(t, |t, (name, county)| t.replace(name.as_str(), county))
    };
    let mut lines: Vec<String> = outcome
        .findings
        .iter()
        .map(|f| {
            let rows: Vec<String> = f
                .rows
                .iter()
                .map(|id| {
                    let at = read.sources.locate(id).unwrap();
                    format!("{}:{}", county(at.file, at.sheet), at.row)
                })
                .collect();
            format!(
                "{} {:?} {:?} {:?} cell={:?} value={:?} {:?}/{:?} {:?} {:?} | {}",
                f.rule(),
                f.severity,
                f.scope(),
                rows,
                f.cell_in(&read.sources),
                f.value(),
                f.count(),
                f.total(),
                f.actual(),
                f.limit(),
                text(f.text(&read.sources).render(Lang::Zh)),
            )
        })
        .collect();
    for status in &outcome.statuses {
        let reason = status
            .reason
            .as_ref()
            .map(|r| text(r.render(Lang::Zh)))
            .unwrap_or_default();
        lines.push(format!("status {} {:?} {reason}", status.id, status.status));
    }
    lines
}

fn find<'a>(lines: &'a [String], start: &str) -> Vec<&'a String> {
    lines.iter().filter(|l| l.starts_with(start)).collect()
}

#[test]
fn three_counties_as_files_folder_and_sheets_give_the_same_findings() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("花名册");
    std::fs::create_dir(&folder).unwrap();
    let files = county_files(&folder);
    // What a folder also holds: instructions, Office's lock file, a hidden file.
    std::fs::write(folder.join("填表说明.docx"), "说明").unwrap();
    std::fs::write(folder.join("~$和田县.xlsx"), "lock").unwrap();
    std::fs::write(folder.join(".DS_Store"), "x").unwrap();
    let book = dir.path().join("花名册.xlsx");
    let guide: Grid = vec![
        vec![s("填表说明")],
        vec![s("每县一个工作表，身份证号填 18 位。")],
    ];
    let counties = counties();
    let mut sheets: Vec<(&str, &Grid)> = vec![("填表说明", &guide)];
    sheets.extend(counties.iter().map(|(c, g)| (*c, g)));
    write_book(&sheets, &book);

    let (read, outcome) = check(&files, None);
    let as_files = normalised(&read, &outcome);
    let (read, outcome) = check(std::slice::from_ref(&folder), None);
    let as_folder = normalised(&read, &outcome);
    let (read, outcome) = check(std::slice::from_ref(&book), Some("all"));
    let as_sheets = normalised(&read, &outcome);
    // The instructions sheet is named in a notice, not read and not silently dropped.
    let notices: Vec<String> = read
        .info
        .notices
        .iter()
        .map(|n| n.text.render(Lang::Zh))
        .collect();
    assert!(
        notices
            .iter()
            .any(|n| n.contains("工作表 填表说明 没有花名册表头")),
        "{notices:?}"
    );
    assert_eq!(read.sources.list().len(), 3);

    assert_eq!(as_files, as_folder);
    assert_eq!(as_files, as_sheets);

    // What the three forms agree on is the right answer.
    let p01 = find(&as_files, "P01 ");
    assert_eq!(p01.len(), 2, "{p01:#?}");
    assert!(
        p01.iter().any(|l| l.contains(r#"["和田县:9", "墨玉县:9"]"#)
            && l.contains("身份证号与 和田县 第 9 行重复")),
        "{p01:#?}"
    );
    assert!(
        p01.iter()
            .any(|l| l.contains(r#"["洛浦县:4", "洛浦县:7"]"#)
                && l.contains("身份证号与第 4 行重复")),
        "{p01:#?}"
    );
    let q01 = find(&as_files, "Q01 ");
    assert!(
        q01.iter().any(|l| l.contains("海南")
            && l.contains(
                r#"["和田县:5", "和田县:6", "墨玉县:2", "墨玉县:3", "洛浦县:2", "洛浦县:3"]"#
            )
            && l.contains("Some(6)/Some(5)")),
        "{q01:#?}"
    );
    // 和田县 alone would fail S02 (6 of 8) and no county alone breaks the 海南 quota; the roster
    // as a whole passes S02 and breaks the quota.
    let (read, outcome) = check(&files[..1], None);
    let alone = normalised(&read, &outcome);
    assert_eq!(find(&alone, "S02 Error").len(), 1, "{alone:#?}");
    assert!(find(&alone, "Q01 ").is_empty(), "{alone:#?}");
    assert_eq!(find(&as_files, "status S02 Checked").len(), 1);
    assert!(find(&as_files, "S02 Error").is_empty(), "{as_files:#?}");
    // The cell of a value that does not parse, in its own file's columns.
    let e01 = find(&as_files, "E01 ");
    assert_eq!(e01.len(), 1, "{e01:#?}");
    assert!(
        e01[0].contains(r#"["洛浦县:8"]"#) && e01[0].contains(r#"cell=Some("H8")"#),
        "{e01:#?}"
    );
}

/// 墨玉县's columns are in another order: its cells are named by its own letters.
#[test]
fn cells_follow_each_files_own_columns() {
    let dir = tempfile::tempdir().unwrap();
    let files = county_files(dir.path());
    let (read, outcome) = check(&files, None);
    let dup = outcome
        .findings
        .iter()
        .find(|f| {
            f.rule() == "P01" && f.rows.len() == 2 && {
                let at = read.sources.locate(f.rows.to_vec()[1]).unwrap();
                at.file.ends_with("墨玉县.xlsx")
            }
        })
        .unwrap();
    // 身份证号 is column A in 墨玉县 (B in the others).
    assert_eq!(dup.cell_in(&read.sources).as_deref(), Some("A9"));
    let at = read.sources.locate(dup.rows.first().unwrap()).unwrap();
    assert!(at.file.ends_with("和田县.xlsx") && at.row == 9);
}

/// Within one file, nothing changes: ids are row numbers, the message names no file.
#[test]
fn one_file_keeps_its_row_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let files = county_files(dir.path());
    let (read, outcome) = check(&files[2..], None);
    assert!(!read.sources.several());
    let dup = outcome.findings.iter().find(|f| f.rule() == "P01").unwrap();
    assert_eq!(dup.rows.to_vec(), [4, 7]);
    assert_eq!(
        dup.text(&read.sources).render(Lang::Zh),
        "身份证号与第 4 行重复"
    );
}

/// A column one file lacks: the rules that need it are skipped for the whole roster, the reason
/// naming the file, whichever file it is; nothing they found in the other files is kept.
#[test]
fn a_column_missing_in_one_file_skips_its_rules_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let with = dir.path().join("with.csv");
    let without = dir.path().join("without.csv");
    std::fs::write(
        &with,
        "姓名,志愿者类型,招募省份,服务省份,学历,体检结论\n甲,新招募,山东,新疆,本科,不合格\n",
    )
    .unwrap();
    std::fs::write(
        &without,
        "姓名,志愿者类型,招募省份,服务省份,学历\n乙,新招募,山东,新疆,本科\n",
    )
    .unwrap();
    for given in [
        vec![with.clone(), without.clone()],
        vec![without.clone(), with.clone()],
    ] {
        let (_, outcome) = check(&given, None);
        let p02 = outcome.statuses.iter().find(|s| s.id == "P02").unwrap();
        let reason = p02.reason.as_ref().unwrap().render(Lang::Zh);
        assert!(
            reason.contains("without.csv") && reason.contains("体检结论"),
            "{reason}"
        );
        assert!(outcome.findings.iter().all(|f| f.rule() != "P02"));
    }
    // Both files have it: checked, and the finding is kept.
    let (_, outcome) = check(std::slice::from_ref(&with), None);
    assert!(outcome.findings.iter().any(|f| f.rule() == "P02"));
}

/// A workbook whose roster is behind a 填表说明 sheet is read from its first sheet with a roster
/// header, by default, and says so; other sheets that were not read are named.
#[test]
fn the_roster_behind_an_instructions_sheet_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("花名册.xlsx");
    let guide: Grid = vec![vec![s("填表说明")], vec![s("每县一个工作表。")]];
    let counties = counties();
    write_book(
        &[
            ("填表说明", &guide),
            (counties[0].0, &counties[0].1),
            (counties[1].0, &counties[1].1),
        ],
        &book,
    );
    let (read, _) = check(&[book], None);
    assert_eq!(read.sources.list().len(), 1);
    assert_eq!(read.info.source.sheet.as_deref(), Some("和田县"));
    let notices: Vec<String> = read
        .info
        .notices
        .iter()
        .map(|n| n.text.render(Lang::Zh))
        .collect();
    assert!(
        notices
            .iter()
            .any(|n| n.contains("工作表 填表说明 没有花名册表头")),
        "{notices:?}"
    );
    assert!(
        notices
            .iter()
            .any(|n| n.contains("只检查了工作表 和田县，工作表 墨玉县 未检查")),
        "{notices:?}"
    );
}

/// No sheet with a roster header at all is exit 2, naming the sheets.
#[test]
fn a_workbook_without_a_roster_sheet_names_its_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("说明.xlsx");
    let guide: Grid = vec![vec![s("填表说明")]];
    write_book(&[("填表说明", &guide), ("附表", &guide)], &book);
    let plan = Plan::builtin().unwrap();
    let config = Config::default();
    let rules = RuleConfig::resolve(&config, &plan.edition).unwrap();
    let inputs = expand(&Request {
        given: &[book],
        ..Request::default()
    })
    .unwrap();
    let e = check_sources(
        &inputs.specs,
        &ReadOptions::default(),
        &plan,
        &config,
        &rules,
        &mut |_| {},
        &mut |_| {},
    )
    .err()
    .unwrap()
    .message(Lang::Zh);
    assert!(
        e.contains("没有一个工作表有花名册表头") && e.contains("填表说明、附表"),
        "{e}"
    );
}

/// The three counties as one sheet: one header, every row.
fn one_sheet() -> Grid {
    let mut grid: Grid = Vec::new();
    for (county, rows) in counties() {
        let order: Vec<usize> = (0..8).collect();
        let mut rows = rows.into_iter().skip_while(|r| r.len() < 8);
        let header = rows.next().unwrap();
        // Put every county's cells in the plain column order.
        let positions: Vec<usize> = order
            .iter()
            .map(|&i| header.iter().position(|c| *c == s(HEADERS[i])).unwrap())
            .collect();
        if grid.is_empty() {
            grid.push(order.iter().map(|&i| s(HEADERS[i])).collect());
        }
        let _ = county;
        for row in rows {
            grid.push(positions.iter().map(|&p| row[p].clone()).collect());
        }
    }
    grid
}

fn xibu(dir: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("xibu").unwrap();
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("XIBU_LANG")
        .env_remove("GITHUB_STEP_SUMMARY");
    cmd
}

/// The findings of a JSON report, without what names the input.
fn findings_json(out: &[u8]) -> Vec<serde_json::Value> {
    let doc: serde_json::Value = serde_json::from_slice(out).unwrap();
    doc["findings"].as_array().unwrap().clone()
}

/// `soffice --convert-to xls`: LibreOffice writes the legacy format (nothing in Rust does).
fn to_xls(xlsx: &Path, dir: &Path) -> PathBuf {
    let soffice = ["soffice", "libreoffice"]
        .into_iter()
        .find(|p| {
            std::process::Command::new(p)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect(
            "LibreOffice (soffice) is missing: apt-get install libreoffice-calc-nogui (.ci/run does)",
        );
    let profile = dir.join("lo-profile");
    let status = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "xls", "--outdir"])
        .arg(dir.join("xls"))
        .arg(xlsx)
        .status()
        .unwrap();
    assert!(status.success());
    let out = dir
        .join("xls")
        .join(xlsx.with_extension("xls").file_name().unwrap());
    assert!(out.exists(), "{}", out.display());
    out
}

/// The same roster as xlsx, xls, ods, UTF-8/GBK/UTF-16 CSV, a UTF-16 tab-separated .txt (Excel's
/// "Unicode text") and TSV on standard input gives the same findings, cell for cell and word for
/// word.
#[test]
fn every_format_gives_the_same_findings() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let grid = one_sheet();
    let xlsx = d.join("roster.xlsx");
    write_book(&[("花名册", &grid)], &xlsx);
    common::sheets::write_ods(&grid, &d.join("roster.ods"));
    let csv = common::sheets::to_csv(&grid);
    std::fs::write(d.join("roster.csv"), &csv).unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode(&csv);
    std::fs::write(d.join("roster-gbk.csv"), &gbk).unwrap();
    let tsv: String = grid
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    C::S(t) => t.clone(),
                    _ => String::new(),
                })
                .collect::<Vec<_>>()
                .join("\t")
                + "\n"
        })
        .collect();
    let xls = to_xls(&xlsx, d);
    // Excel's "Unicode text": UTF-16LE with a byte-order mark, tab-separated.
    let utf16 = |text: &str, big: bool| -> Vec<u8> {
        let mut out = if big {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in text.encode_utf16() {
            out.extend(if big {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        out
    };
    std::fs::write(d.join("roster-utf16.csv"), utf16(&csv, false)).unwrap();
    std::fs::write(d.join("roster-unicode.txt"), utf16(&tsv, false)).unwrap();
    std::fs::write(d.join("roster-utf16be.tsv"), utf16(&tsv, true)).unwrap();

    let run = |args: &[&str], stdin: Option<Vec<u8>>| -> Vec<serde_json::Value> {
        let mut cmd = xibu(d);
        cmd.arg("check").args(args).args(["--format", "json"]);
        if let Some(bytes) = stdin {
            cmd.write_stdin(bytes);
        }
        let out = cmd.assert().code(1).get_output().stdout.clone();
        findings_json(&out)
    };
    let reference = run(&["roster.xlsx"], None);
    assert!(
        reference.iter().any(|f| f["rule"] == "P01"
            && f["rows"] == serde_json::json!([20, 23])
            && f["cell"] == "B23"),
        "{reference:#?}"
    );
    assert!(reference.iter().any(|f| f["rule"] == "Q01"));
    assert!(reference.iter().any(|f| f["rule"] == "E01"));
    for (what, args, stdin) in [
        ("ods", vec!["roster.ods"], None),
        ("xls", vec![xls.to_str().unwrap()], None),
        ("UTF-8 CSV", vec!["roster.csv"], None),
        ("GBK CSV", vec!["roster-gbk.csv"], None),
        ("UTF-16LE CSV", vec!["roster-utf16.csv"], None),
        (
            "UTF-16LE tab-separated .txt",
            vec!["roster-unicode.txt"],
            None,
        ),
        ("UTF-16BE TSV", vec!["roster-utf16be.tsv"], None),
        ("TSV on stdin", vec!["-"], Some(tsv.clone().into_bytes())),
        ("GBK CSV on stdin", vec!["-"], Some(gbk.to_vec())),
        ("UTF-16 TSV on stdin", vec!["-"], Some(utf16(&tsv, false))),
        (
            "CSV on stdin",
            vec!["-", "--stdin-name", "县里.csv"],
            Some(csv.clone().into_bytes()),
        ),
    ] {
        assert_eq!(run(&args, stdin), reference, "{what}");
    }
}

/// Standard input is named as --stdin-name says, 标准输入 by default, in messages and reports.
#[test]
fn standard_input_goes_by_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let out = xibu(dir.path())
        .args(["check", "-", "--format", "json"])
        .write_stdin("姓名,志愿者类型\n甲,新招募\n")
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(err.contains("标准输入"), "{err}");
    let out = xibu(dir.path())
        .args(["check", "-", "--stdin-name", "和田县.csv"])
        .write_stdin("")
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(err.contains("和田县.csv"), "{err}");
}

/// In a folder, a file without a roster header is skipped with a notice naming it, and a county
/// file with a header and no rows is a notice, not a failure of the whole check.
#[test]
fn a_folder_skips_what_is_not_a_roster_and_tells() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("花名册");
    std::fs::create_dir(&folder).unwrap();
    county_files(&folder);
    std::fs::write(folder.join("说明.csv"), "填表说明\n每县一个文件\n").unwrap();
    std::fs::write(folder.join("皮山县.csv"), HEADERS.join(",") + "\n").unwrap();
    let (read, outcome) = check(std::slice::from_ref(&folder), None);
    assert_eq!(read.sources.list().len(), 3);
    let notices: Vec<String> = read
        .info
        .notices
        .iter()
        .map(|n| n.text.render(Lang::Zh))
        .collect();
    assert!(
        notices
            .iter()
            .any(|n| n.ends_with("：说明.csv 没有花名册表头，未检查")),
        "{notices:?}"
    );
    assert!(
        notices
            .iter()
            .any(|n| n.contains("皮山县.csv：表头在第 1 行，下面没有志愿者行")),
        "{notices:?}"
    );
    assert!(outcome.findings.iter().any(|f| f.rule() == "Q01"));
    // Named on the command line, the same file is exit 2.
    let plan = Plan::builtin().unwrap();
    let config = Config::default();
    let rules = RuleConfig::resolve(&config, &plan.edition).unwrap();
    let inputs = expand(&Request {
        given: &[folder.join("说明.csv"), folder.join("和田县.xlsx")],
        ..Request::default()
    })
    .unwrap();
    let e = check_sources(
        &inputs.specs,
        &ReadOptions::default(),
        &plan,
        &config,
        &rules,
        &mut |_| {},
        &mut |_| {},
    )
    .err()
    .unwrap()
    .message(Lang::Zh);
    assert!(e.contains("说明.csv") && e.contains("没有表头行"), "{e}");
}

/// The JSON report of the three forms: the same findings, with `file` and `sheet` on each and
/// `locations` for rows in several files. What is normalised: a county is a file's stem in two
/// forms and a sheet of 花名册.xlsx in the third, and the messages name the source as given.
#[test]
fn the_json_report_of_the_three_forms_agrees() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("花名册");
    std::fs::create_dir(&folder).unwrap();
    county_files(&folder);
    let counties = counties();
    let sheets: Vec<(&str, &Grid)> = counties.iter().map(|(c, g)| (*c, g)).collect();
    write_book(&sheets, &dir.path().join("花名册.xlsx"));
    let json = |args: &[&str]| -> serde_json::Value {
        let out = xibu(dir.path())
            .arg("check")
            .args(args)
            .args(["--format", "json"])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&out).unwrap()
    };
    let county = |file: &serde_json::Value, sheet: &serde_json::Value| -> String {
        let file = file.as_str().unwrap();
        if file.ends_with("花名册.xlsx") {
            sheet.as_str().unwrap().to_string()
        } else {
            Path::new(file)
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        }
    };
    let normalise = |doc: serde_json::Value| -> Vec<serde_json::Value> {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let mut f = f.clone();
                let c = county(&f["file"], &f["sheet"]);
                f["file"] = c.clone().into();
                f["sheet"] = serde_json::Value::Null;
                if let Some(list) = f["locations"].as_array_mut() {
                    for l in list {
                        let c = county(&l["file"], &l["sheet"]);
                        l["file"] = c.into();
                        l["sheet"] = serde_json::Value::Null;
                    }
                }
                let message = f["message"].as_str().unwrap().to_string();
                let message = message
                    .replace("花名册.xlsx（工作表 和田县）", "和田县")
                    .replace("花名册/和田县.xlsx", "和田县")
                    .replace("和田县.xlsx", "和田县");
                f["message"] = message.into();
                f
            })
            .collect()
    };
    let files = normalise(json(&[
        "花名册/和田县.xlsx",
        "花名册/墨玉县.xlsx",
        "花名册/洛浦县.xlsx",
    ]));
    let folder = normalise(json(&["花名册"]));
    let sheets = normalise(json(&["花名册.xlsx", "--sheet", "all"]));
    assert_eq!(files, folder);
    assert_eq!(files, sheets);
    let dup = files
        .iter()
        .find(|f| f["rule"] == "P01" && f["locations"].is_array())
        .unwrap();
    assert_eq!(dup["file"], "墨玉县");
    assert_eq!(dup["rows"], serde_json::json!([9, 9]));
    assert_eq!(dup["cell"], "A9");
    assert_eq!(dup["message"], "身份证号与 和田县 第 9 行重复");
    assert_eq!(
        dup["locations"],
        serde_json::json!([
            { "file": "和田县", "sheet": null, "rows": [9] },
            { "file": "墨玉县", "sheet": null, "rows": [9] }
        ])
    );
}
