//! Reading one sheet as it really arrives (issue #12): two-row headers, a 合计 row and the footer
//! after it, rows holding only a 序号, UTF-16 text and `.txt` files, header near-misses with
//! "did you mean", password-protected workbooks, full-width characters in IDs, hidden rows. Each
//! with a fixture that shows it working and a boundary where it stops.
//!
//! The committed workbooks under `tests/fixtures/layouts/` were saved by LibreOffice
//! (`make.py` there says how); the rest are built here.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::sheets::{C, Grid, s, to_csv, utf16, write_ods, write_xlsx_merged};
use serde_json::Value;
use xibu::idcard::check_char;
use xibu::messages::Lang;
use xibu::roster::schema::Column;
use xibu::roster::{Field, ReadOptions, Roster, RosterError};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/layouts")
        .join(name)
}

fn id(body: &str) -> String {
    format!("{body}{}", check_char(body).unwrap())
}

fn read(path: &Path) -> Roster {
    Roster::read(path, &ReadOptions::default()).unwrap()
}

fn notices(roster: &Roster, lang: Lang) -> Vec<String> {
    roster
        .info
        .notices
        .iter()
        .map(|n| match n.row {
            Some(r) => format!("{r}: {}", n.text.render(lang)),
            None => n.text.render(lang),
        })
        .collect()
}

/// `xibu check PATH --format json`, parsed, with its exit code.
fn check_json(path: &Path, extra: &[&str]) -> (Value, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_xibu"))
        .arg("check")
        .arg(path)
        .args(["--format", "json"])
        .args(extra)
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{}: not JSON ({e}): {}{}",
            path.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (json, out.status.code().unwrap_or(-1))
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// CSV text as tab-separated text (Excel's "Unicode text" layout).
fn csv_to_tsv(csv_text: &str) -> String {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv_text.as_bytes());
    let mut out = String::new();
    for record in reader.records() {
        let record = record.unwrap();
        out.push_str(&record.iter().collect::<Vec<_>>().join("\t"));
        out.push_str("\r\n");
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The committed LibreOffice workbooks, and the same roster in every text form.

/// The committed roster (xlsx, xls and ods saved by LibreOffice, and its CSV) and the same CSV
/// as GBK, UTF-16LE tab-separated `.txt` (Excel's "Unicode text") and UTF-16BE: the same
/// findings at the same rows and cells, whatever the format.
#[test]
fn the_same_roster_in_every_format_gives_the_same_findings() {
    let dir = tempfile::tempdir().unwrap();
    let csv_text = std::fs::read_to_string(fixture("two-row-header.csv")).unwrap();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&csv_text);
    assert!(!unmappable);
    let inputs = vec![
        fixture("two-row-header.xlsx"),
        fixture("two-row-header.xls"),
        fixture("two-row-header.ods"),
        fixture("two-row-header.csv"),
        write(dir.path(), "gbk.csv", &gbk),
        write(
            dir.path(),
            "unicode.txt",
            &utf16(&csv_to_tsv(&csv_text), false),
        ),
        write(dir.path(), "utf16be.csv", &utf16(&csv_text, true)),
    ];
    let (first, code) = check_json(&inputs[0], &[]);
    assert_eq!(code, 1, "I01 and I02 fire");
    let findings = &first["findings"];
    // 80 and 100 (万元) pass I01; 50 (万元) on the hidden row 7 is 500000 元, exactly.
    let i01: Vec<&Value> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "I01")
        .collect();
    assert_eq!(i01.len(), 1, "{findings}");
    assert_eq!(i01[0]["rows"], serde_json::json!([7]));
    assert_eq!(i01[0]["cell"], "I7");
    assert_eq!(i01[0]["value"], "500000");
    // The insurance columns under 保险信息 are read: I01, I02 and I05 run.
    for rule in ["I01", "I02", "I05"] {
        let status = first["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == rule)
            .map(|r| r["status"].clone());
        assert_eq!(status, Some(Value::from("checked")), "{rule}");
    }
    // No row of the header or the footer is read as a volunteer.
    for f in findings.as_array().unwrap() {
        assert!(
            !["E01", "P01", "P04"].contains(&f["rule"].as_str().unwrap()),
            "{f}"
        );
    }
    for input in &inputs {
        let (json, code) = check_json(input, &[]);
        assert_eq!(code, 1, "{}", input.display());
        assert_eq!(&json["findings"], findings, "{}", input.display());
        assert_eq!(json["input"]["header_row"], 4, "{}", input.display());
        assert_eq!(json["input"]["rows"], 4, "{}", input.display());
        assert_eq!(
            json["input"]["columns"],
            first["input"]["columns"],
            "{}",
            input.display()
        );
        let notices: Vec<String> = json["input"]["notices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["message"].as_str().unwrap().to_string())
            .collect();
        assert!(
            notices.contains(&"“合计”行及其后共 2 行（至第 11 行）不是志愿者，已忽略".to_string()),
            "{}: {notices:?}",
            input.display()
        );
        // Workbooks say which rows are hidden; text has no hidden rows.
        let hidden = notices
            .iter()
            .any(|n| n == "第 7 行是隐藏行（共 1 行），已照常检查");
        let workbook =
            ["xlsx", "xls", "ods"].contains(&input.extension().unwrap().to_str().unwrap());
        assert_eq!(hidden, workbook, "{}: {notices:?}", input.display());
    }
    let (_, code) = check_json(&fixture("two-row-header.xlsx"), &["--lang", "en"]);
    assert_eq!(code, 1);
}

/// The columns the committed roster's two-row header names, with the unit line's 万元.
#[test]
fn the_libreoffice_two_row_header_reads_as_one() {
    for name in [
        "two-row-header.xlsx",
        "two-row-header.xls",
        "two-row-header.ods",
    ] {
        let roster = read(&fixture(name));
        let columns: Vec<Column> = roster.info.columns.iter().map(|c| c.column).collect();
        assert_eq!(
            columns,
            [
                Column::Name,
                Column::IdNumber,
                Column::VolunteerType,
                Column::RecruitProvince,
                Column::ServiceProvince,
                Column::ServiceCounty,
                Column::Education,
                Column::AccidentCover,
                Column::CriticalIllnessCover,
                Column::InsuranceStart,
                Column::InsuranceEnd,
                Column::ReportDate,
            ],
            "{name}"
        );
        assert_eq!(roster.info.header_row, 4);
        assert!(roster.info.cell_errors.is_empty(), "{name}");
        let rows: Vec<u32> = roster.records.iter().map(|r| r.row).collect();
        assert_eq!(rows, [5, 6, 7, 8], "{name}: the 序号-only row 9 is blank");
        assert_eq!(
            roster.records[0].accident_cover,
            Field::Value(rust_decimal::Decimal::from(800_000))
        );
        // The header as the clerk wrote it: 招募省份（全称）.
        assert_eq!(roster.info.columns[3].header, "招募省份（全称）");
    }
}

/// Regenerates the LibreOffice fixtures with `make.py` and reads them as the committed ones:
/// the committed files are what the script makes. Fails when LibreOffice is missing.
#[test]
fn the_libreoffice_fixtures_are_what_make_py_writes() {
    let soffice = ["soffice", "libreoffice"].iter().any(|exe| {
        Command::new("sh")
            .args(["-c", &format!("command -v {exe}")])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    assert!(
        soffice,
        "LibreOffice is not installed: this test needs soffice (Debian: apt-get install \
         libreoffice-calc-nogui)"
    );
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("python3")
        .arg(fixture("make.py"))
        .arg(dir.path())
        .arg("--no-encrypt")
        .status()
        .expect("python3 runs make.py");
    assert!(status.success(), "make.py failed");
    for name in [
        "two-row-header.xlsx",
        "two-row-header.xls",
        "two-row-header.ods",
        "two-row-header.csv",
    ] {
        let fresh = read(&dir.path().join(name));
        let committed = read(&fixture(name));
        assert_eq!(fresh.records, committed.records, "{name}");
        assert_eq!(fresh.info.notices, committed.info.notices, "{name}");
        assert_eq!(fresh.info.columns, committed.info.columns, "{name}");
    }
}

// ---------------------------------------------------------------------------------------------
// Two-row headers built here, in xlsx (real merges), ods and CSV (blank cells under merges).

fn volunteer(serial: f64, name: &str, body: &str) -> Vec<C> {
    vec![
        C::N(serial),
        s(name),
        s(&id(body)),
        s("新招募"),
        s("山东"),
        s("新疆"),
        s("本科"),
        C::N(80.0),
        C::N(800000.0),
        C::D(2020, 7, 20),
    ]
}

/// Writes a grid as xlsx with the given merges (first row, first column, last row, last
/// column; 0-based), as ods and as UTF-8 CSV.
fn every_format(grid: &Grid, merges: &[(u32, u16, u32, u16)], dir: &Path) -> Vec<PathBuf> {
    let xlsx = dir.join("layout.xlsx");
    write_xlsx_merged(grid, merges, &xlsx);
    let ods = dir.join("layout.ods");
    write_ods(grid, &ods);
    let csv = dir.join("layout.csv");
    std::fs::write(&csv, to_csv(grid)).unwrap();
    vec![xlsx, ods, csv]
}

const NAMES: [&str; 10] = [
    "序号",
    "姓名",
    "身份证号",
    "志愿者类型",
    "招募省份",
    "服务省份",
    "学历",
    "意外伤害保额",
    "重大疾病保额",
    "报到日期",
];

fn assert_reads_as_one(paths: &[PathBuf], header_row: u32, first_record: u32) {
    for path in paths {
        let roster = read(path);
        assert_eq!(roster.info.header_row, header_row, "{}", path.display());
        assert!(
            roster.info.cell_errors.is_empty(),
            "{}: {:?}",
            path.display(),
            roster.info.cell_errors
        );
        assert_eq!(roster.records.len(), 2, "{}", path.display());
        assert_eq!(roster.records[0].row, first_record, "{}", path.display());
        assert!(
            roster.info.has(Column::AccidentCover) && roster.info.has(Column::Name),
            "{}",
            path.display()
        );
    }
}

#[test]
fn a_group_heading_row_above_the_names() {
    // Row 1 groups the columns (基本信息, 保险信息), row 2 names every column.
    let mut group = vec![C::Blank; 10];
    group[1] = s("基本信息");
    group[7] = s("保险信息");
    let grid: Grid = vec![
        group,
        NAMES.iter().map(|n| s(n)).collect(),
        volunteer(1.0, "张三", "65010219980101001"),
        volunteer(2.0, "李四", "65010219970505002"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let paths = every_format(&grid, &[(0, 1, 0, 6), (0, 7, 0, 8)], dir.path());
    assert_reads_as_one(&paths, 2, 3);
}

#[test]
fn names_merged_down_two_rows_beside_a_group_heading() {
    // 序号 … 学历 and 报到日期 merged over rows 1–2; 保险信息 over the two amounts, whose names
    // are in row 2; a unit line (元) below.
    let mut top: Vec<C> = NAMES.iter().map(|n| s(n)).collect();
    top[7] = s("保险信息");
    top[8] = C::Blank;
    let mut sub = vec![C::Blank; 10];
    sub[7] = s("意外伤害保额");
    sub[8] = s("重大疾病保额");
    let mut unit = vec![C::Blank; 10];
    unit[7] = s("（万元）");
    unit[8] = s("(元)");
    let grid: Grid = vec![
        vec![s("2020—2021 年度西部计划志愿者花名册")],
        top,
        sub,
        unit,
        volunteer(1.0, "张三", "65010219980101001"),
        volunteer(2.0, "李四", "65010219970505002"),
    ];
    let mut merges: Vec<(u32, u16, u32, u16)> = (0..7).map(|c| (1, c, 2, c)).collect();
    merges.push((1, 9, 2, 9));
    merges.push((1, 7, 1, 8));
    merges.push((0, 0, 0, 9));
    let dir = tempfile::tempdir().unwrap();
    let paths = every_format(&grid, &merges, dir.path());
    assert_reads_as_one(&paths, 4, 5);
    for path in &paths {
        // （万元） scales the bare 80 to 800000 元, exactly; (元) leaves 800000 as it is.
        let roster = read(path);
        let record = &roster.records[0];
        let yuan = |n: i64| Field::Value(rust_decimal::Decimal::from(n));
        assert_eq!(record.accident_cover, yuan(800_000), "{}", path.display());
        assert_eq!(record.critical_illness_cover, yuan(800_000));
    }
}

#[test]
fn a_volunteer_right_under_a_one_row_header_is_not_taken_for_its_second_row() {
    // Boundary: the row under the header names no column and no unit, so it is data.
    let grid: Grid = vec![
        NAMES.iter().map(|n| s(n)).collect(),
        volunteer(1.0, "张三", "65010219980101001"),
        volunteer(2.0, "李四", "65010219970505002"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let paths = every_format(&grid, &[], dir.path());
    assert_reads_as_one(&paths, 1, 2);
}

#[test]
fn a_unit_in_thousands_of_yuan_is_no_unit_xibu_guesses() {
    // Boundary: 保额（千元） names no column (reading 80 as 元 or as 万元 would be a guess), so
    // the cover rules say the column is missing.
    let csv = "姓名,志愿者类型,招募省份,服务省份,学历,意外伤害保额（千元）\n张三,新招募,山东,新疆,本科,800\n";
    let dir = tempfile::tempdir().unwrap();
    let roster = read(&write(dir.path(), "k.csv", csv.as_bytes()));
    assert!(!roster.info.has(Column::AccidentCover));
    assert_eq!(roster.info.extra_headers, ["意外伤害保额（千元）"]);
}

// ---------------------------------------------------------------------------------------------
// 合计 / 总计 / 小计, the footer, 序号-only rows.

const HEAD: &str = "序号,姓名,身份证号,志愿者类型,招募省份,服务省份,学历\n";

fn row(serial: u32, name: &str, body: &str) -> String {
    format!("{serial},{name},{},新招募,山东,新疆,本科\n", id(body))
}

fn read_csv(text: &str) -> Roster {
    let dir = tempfile::tempdir().unwrap();
    read(&write(dir.path(), "r.csv", text.as_bytes()))
}

#[test]
fn a_total_row_ends_the_data_and_the_footer_is_one_notice() {
    let text = HEAD.to_string()
        + &row(1, "张三", "65010219980101001")
        + &row(2, "李四", "65010219970505002")
        + "合 计,2 人,,,,,\n"
        + "填表人：王五,,审核人：赵六,,联系电话：0903-1234567,,\n"
        + ",,,,,,\n"
        + "填表日期：2020年9月1日,,,,,,\n";
    let roster = read_csv(&text);
    assert_eq!(roster.records.len(), 2);
    assert!(roster.info.cell_errors.is_empty());
    assert_eq!(
        notices(&roster, Lang::Zh),
        ["4: “合计”行及其后共 3 行（至第 7 行）不是志愿者，已忽略"]
    );
    assert_eq!(
        notices(&roster, Lang::En),
        [
            "4: the 合计 row and everything after it (3 in all, through 7) are not volunteers and were ignored"
        ]
    );
    // 总计 and 合计 with its figure after a colon end it alike.
    for label in ["总计", "合计：2人", "Total"] {
        let text = HEAD.to_string() + &row(1, "张三", "65010219980101001") + label + ",,,,,,\n";
        let roster = read_csv(&text);
        assert_eq!(roster.records.len(), 1, "{label}");
        assert_eq!(roster.info.notices.len(), 1, "{label}");
    }
}

#[test]
fn a_name_that_merely_contains_a_total_label_is_a_volunteer() {
    // Boundary: 合计划 is a name, 合计3人 is no label, and a row whose 姓名 says 合计 but holds
    // an ID number is a volunteer's row: none ends the data.
    let text = HEAD.to_string()
        + &row(1, "合计划", "65010219980101001")
        + "2,合计3人,,新招募,山东,新疆,本科\n"
        + &row(3, "合计", "65010219970505002")
        + &row(4, "张三", "65010219990909003");
    let roster = read_csv(&text);
    assert_eq!(roster.records.len(), 4);
    assert!(roster.info.notices.is_empty(), "{:?}", roster.info.notices);
}

#[test]
fn subtotals_are_skipped_and_the_data_goes_on() {
    let text = HEAD.to_string()
        + &row(1, "张三", "65010219980101001")
        + ",小计,,,,,\n"
        + &row(2, "李四", "65010219970505002")
        + "小 计：1人,,,,,,\n"
        + "合计,,,,,,\n";
    let roster = read_csv(&text);
    let rows: Vec<u32> = roster.records.iter().map(|r| r.row).collect();
    assert_eq!(rows, [2, 4]);
    assert_eq!(
        notices(&roster, Lang::Zh),
        [
            "第 3, 5 行是“小计”行，不是志愿者，已忽略",
            "6: “合计”行及其后共 1 行（至第 6 行）不是志愿者，已忽略"
        ]
    );
}

#[test]
fn volunteers_after_the_total_row_are_pointed_out() {
    // Rows after 合计 are never checked, but rows that look like volunteers are counted in the
    // notice, so that a roster with its 合计 row in the middle does not lose them unsaid.
    let text = HEAD.to_string()
        + &row(1, "张三", "65010219980101001")
        + "合计,1,,,,,\n"
        + &row(2, "李四", "65010219970505002")
        + "填表人：王五,,,,,,\n";
    let roster = read_csv(&text);
    assert_eq!(roster.records.len(), 1);
    assert_eq!(
        notices(&roster, Lang::Zh),
        [
            "3: “合计”行及其后共 3 行（至第 5 行）不是志愿者，已忽略；其中 1 行填齐了必填列，像是志愿者：如果是，请移到“合计”行之前"
        ]
    );
}

#[test]
fn rows_holding_only_a_serial_number_are_blank() {
    let text = HEAD.to_string()
        + &row(1, "张三", "65010219980101001")
        + "2,,,,,,\n"
        + "3\n"
        + " 4 ,,,,,,\n";
    let roster = read_csv(&text);
    assert_eq!(roster.records.len(), 1);
    assert!(roster.info.cell_errors.is_empty());
    assert!(roster.info.notices.is_empty());
    // Boundary: a 序号 and anything else is a row to check (its blank required cells are E01),
    // and so is a lone value that is not a number.
    let text = HEAD.to_string() + &row(1, "张三", "65010219980101001") + "2,李四,,,,,\nx,,,,,,\n";
    let roster = read_csv(&text);
    assert_eq!(roster.records.len(), 3);
    assert!(!roster.info.cell_errors.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Header near-misses.

#[test]
fn annotated_headers_name_their_columns() {
    let csv = "姓名（必填）,身份证号(18位),志愿者类型,招募省份（全称）,服务省份(简称),学历,意外伤害保额(元),服务县全称\n\
               张三,,新招募,山东省,新疆,本科,800000,和田县\n";
    let dir = tempfile::tempdir().unwrap();
    let roster = read(&write(dir.path(), "h.csv", csv.as_bytes()));
    for column in [
        Column::Name,
        Column::IdNumber,
        Column::RecruitProvince,
        Column::ServiceProvince,
        Column::AccidentCover,
        Column::ServiceCounty,
    ] {
        assert!(roster.info.has(column), "{column}");
    }
    assert!(roster.info.extra_headers.is_empty());
}

#[test]
fn a_missing_required_column_names_the_header_that_nearly_is_it() {
    let csv = "姓名,志愿者类型,招募省分,服务省份,学历,备注\n张三,新招募,山东,新疆,本科,\n";
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "near.csv", csv.as_bytes());
    let err = Roster::read(&path, &ReadOptions::default()).unwrap_err();
    match &err {
        RosterError::MissingColumns { missing, .. } => {
            assert_eq!(missing, &[("招募省份", Some("招募省分".to_string()))]);
        }
        other => panic!("expected MissingColumns, got {other:?}"),
    }
    let err = xibu::Error::from(err);
    assert!(
        err.message(Lang::Zh)
            .ends_with("找到的表头为：姓名 | 志愿者类型 | 招募省分 | 服务省份 | 学历 | 备注；表头“招募省分”是否就是 招募省份？"),
        "{}",
        err.message(Lang::Zh)
    );
    assert!(
        err.message(Lang::En)
            .ends_with("did you mean 招募省份 for the header \"招募省分\"?"),
        "{}",
        err.message(Lang::En)
    );
    // The command says it too, exit 2.
    let out = Command::new(env!("CARGO_BIN_EXE_xibu"))
        .arg("check")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("是否就是 招募省份"));

    // Boundary: nothing near, nothing suggested.
    let csv = "姓名,志愿者类型,备注,服务省份,学历\n张三,新招募,,新疆,本科\n";
    let path = write(dir.path(), "far.csv", csv.as_bytes());
    match Roster::read(&path, &ReadOptions::default()).unwrap_err() {
        RosterError::MissingColumns { missing, .. } => {
            assert_eq!(missing, [("招募省份", None)]);
        }
        other => panic!("expected MissingColumns, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Text: UTF-16, .txt and any name, told by content.

#[test]
fn excel_unicode_text_and_tab_separated_txt_are_read() {
    let tsv = "姓名\t志愿者类型\t招募省份\t服务省份\t学历\r\n张三\t新招募\t山东\t新疆\t本科\r\n";
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("unicode.txt", utf16(tsv, false)),
        ("unicode-be.txt", utf16(tsv, true)),
        ("utf8.txt", tsv.as_bytes().to_vec()),
        ("export.csv", tsv.as_bytes().to_vec()),
        ("no-extension", tsv.as_bytes().to_vec()),
        ("roster.dat", utf16(tsv, false)),
    ] {
        let path = write(dir.path(), name, &bytes);
        let roster = read(&path);
        assert_eq!(roster.records.len(), 1, "{name}");
        assert_eq!(roster.info.columns.len(), 5, "{name}");
        assert_eq!(
            roster.info.source.format,
            xibu::input::Format::Tsv,
            "{name}"
        );
    }
    // Boundary: a binary file under an unknown name is still no roster.
    let path = write(dir.path(), "photo.jpg", b"\xFF\xD8\xFF\xE0\0\x10JFIF\0");
    match Roster::read(&path, &ReadOptions::default()) {
        Err(RosterError::Input(xibu::input::InputError::UnknownFormat { .. })) => {}
        other => panic!("expected an unknown format, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Password-protected workbooks.

#[test]
fn a_password_protected_workbook_is_named_as_such() {
    for name in ["encrypted.xlsx", "encrypted.xls"] {
        let out = Command::new(env!("CARGO_BIN_EXE_xibu"))
            .arg("check")
            .arg(fixture(name))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains("文件已加密（设置了打开密码）")
                && stderr.contains("另存为无密码的副本"),
            "{stderr}"
        );
        assert!(!stderr.contains("Cfb"), "{stderr}");
        let out = Command::new(env!("CARGO_BIN_EXE_xibu"))
            .args(["check", "--lang", "en"])
            .arg(fixture(name))
            .output()
            .unwrap();
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("the file is encrypted"),
            "{name}"
        );
    }
    // Boundary: the same workbooks without a password are read.
    assert_eq!(read(&fixture("two-row-header.xls")).records.len(), 4);
}

// ---------------------------------------------------------------------------------------------
// Full-width characters in an ID number.

#[test]
fn full_width_characters_in_an_id_are_named() {
    let good = id("11010519491231002"); // ends in X
    assert!(good.ends_with('X'));
    let wide_x = good.replace('X', "Ｘ");
    let wide_digits: String = good
        .chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 + 0xfee0).unwrap(),
            c => c,
        })
        .collect();
    let spaced = format!("{} {}", &good[..6], &good[6..]);
    let text = HEAD.to_string()
        + &format!("1,甲,{wide_x},新招募,山东,新疆,本科\n")
        + &format!("2,乙,{wide_digits},新招募,山东,新疆,本科\n")
        + &format!("3,丙,{spaced},新招募,山东,新疆,本科\n")
        + &format!("4,丁,{good},新招募,山东,新疆,本科\n");
    let roster = read_csv(&text);
    let problems: Vec<(u32, String)> = roster
        .info
        .cell_errors
        .iter()
        .map(|e| (e.row, e.problem.render(Lang::Zh)))
        .collect();
    assert_eq!(
        problems,
        [
            (2, "身份证号含全角字符 Ｘ（应为半角 X）".to_string()),
            (
                3,
                "身份证号含全角字符 １０５９４２３（应为半角 1059423）".to_string()
            ),
            (4, "身份证号中间有空格，请删去".to_string()),
        ]
    );
    assert_eq!(
        roster.info.cell_errors[0].problem.render(Lang::En),
        "the ID number holds full-width characters Ｘ (they should be half-width X)"
    );
    // Boundary: the half-width number is read, and P01 is not also raised for the others (E01
    // names the problem once).
    assert_eq!(roster.records[3].id_number, Field::Value(good.clone()));
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "wide.csv", text.as_bytes());
    let (json, _) = check_json(&path, &[]);
    let rules: Vec<(&str, &Value)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["column"] == "身份证号")
        .map(|f| (f["rule"].as_str().unwrap(), &f["rows"]))
        .collect();
    assert_eq!(
        rules,
        [
            ("E01", &serde_json::json!([2])),
            ("E01", &serde_json::json!([3])),
            ("E01", &serde_json::json!([4]))
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Hidden rows.

#[test]
fn hidden_rows_are_checked_and_counted_in_one_notice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hidden.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let lines = [
        "标题",
        "序号,姓名,身份证号,志愿者类型,招募省份,服务省份,学历",
    ];
    sheet.write_string(0, 0, lines[0]).unwrap();
    for (c, h) in lines[1].split(',').enumerate() {
        sheet.write_string(1, c as u16, h).unwrap();
    }
    let people = [
        ("张三", "65010219980101001"),
        ("李四", "65010219970505002"),
        ("王五", "65010219990909003"),
        ("赵六", "65010220000303004"),
    ];
    for (i, (name, body)) in people.iter().enumerate() {
        let r = 2 + i as u32;
        sheet.write_number(r, 0, (i + 1) as f64).unwrap();
        for (c, v) in [*name, &id(body), "新招募", "山东", "新疆", "本科"]
            .iter()
            .enumerate()
        {
            sheet.write_string(r, c as u16 + 1, *v).unwrap();
        }
    }
    sheet.write_string(6, 0, "合计").unwrap();
    sheet.write_string(7, 0, "填表人：马七").unwrap();
    // Rows 4 and 5 (李四, 王五) hidden; so are the title, a blank row and the footer's row,
    // which are no volunteers and not counted.
    for r in [0, 3, 4, 7, 20] {
        sheet.set_row_hidden(r).unwrap();
    }
    book.save(&path).unwrap();
    let roster = read(&path);
    assert_eq!(roster.records.len(), 4, "hidden rows are checked as usual");
    assert_eq!(
        notices(&roster, Lang::Zh),
        [
            "第 4, 5 行是隐藏行（共 2 行），已照常检查",
            "7: “合计”行及其后共 2 行（至第 8 行）不是志愿者，已忽略"
        ]
    );
    assert_eq!(
        notices(&roster, Lang::En)[0],
        "rows 4, 5 are hidden (2 in all) and were checked as usual"
    );

    // Rows an autofilter hides are hidden rows too.
    let path = dir.path().join("filtered.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in lines[1].split(',').enumerate() {
        sheet.write_string(0, c as u16, h).unwrap();
    }
    for (i, (name, body)) in people.iter().enumerate() {
        let r = 1 + i as u32;
        sheet.write_number(r, 0, (i + 1) as f64).unwrap();
        let recruit = if i % 2 == 0 { "山东" } else { "北京" };
        for (c, v) in [*name, &id(body), "新招募", recruit, "新疆", "本科"]
            .iter()
            .enumerate()
        {
            sheet.write_string(r, c as u16 + 1, *v).unwrap();
        }
    }
    sheet.autofilter(0, 0, 4, 6).unwrap();
    sheet
        .filter_column(
            4,
            &rust_xlsxwriter::FilterCondition::new().add_list_filter("山东"),
        )
        .unwrap();
    book.save(&path).unwrap();
    let roster = read(&path);
    assert_eq!(roster.records.len(), 4);
    assert_eq!(
        notices(&roster, Lang::Zh),
        ["第 3, 5 行是隐藏行（共 2 行），已照常检查"]
    );

    // Boundary: no hidden row, no notice.
    let roster = read(&fixture("two-row-header.csv"));
    assert!(
        !notices(&roster, Lang::Zh)
            .iter()
            .any(|n| n.contains("隐藏")),
    );
}
