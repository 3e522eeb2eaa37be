//! `xibu template` writes a blank roster workbook that xibu reads back, with drop-down lists, and
//! never overwrites a file without `--force`.

use std::io::Read;
use std::path::Path;

use assert_cmd::Command;
use calamine::{Data, Reader, SheetVisible, open_workbook_auto};
use predicates::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use xibu::roster::schema::{Column, Kind};
use xibu::roster::{ReadOptions, Roster};

fn xibu() -> Command {
    Command::cargo_bin("xibu").unwrap()
}

/// Runs `xibu template -o <dir>/<name>` and returns the path written.
fn write_template(dir: &Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    xibu()
        .args(["template", "-o"])
        .arg(&path)
        .assert()
        .success()
        .stdout("")
        .stderr(predicates::str::contains(path.display().to_string()));
    path
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn rows(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut book = open_workbook_auto(path).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range.rows().map(|r| r.iter().map(text).collect()).collect()
}

fn headers() -> Vec<String> {
    Column::ALL.iter().map(|c| c.header().to_string()).collect()
}

fn zip_entry(path: &Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[test]
fn the_template_has_the_roster_headers_and_a_guide_row_per_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_template(dir.path(), "花名册.xlsx");

    let book = open_workbook_auto(&path).unwrap();
    let sheets = book.sheets_metadata().to_vec();
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names.get(..2), Some(&["花名册", "说明"][..]), "{names:?}");
    // Any further sheet (the drop-down lists, when too long to write inline) is hidden.
    for s in sheets.iter().skip(2) {
        assert_ne!(s.visible, SheetVisible::Visible, "{}", s.name);
    }

    let roster = rows(&path, "花名册");
    assert_eq!(roster.first(), Some(&headers()));
    assert_eq!(roster.len(), 1, "the template has no data rows");

    let guide = rows(&path, "说明");
    assert!(
        guide
            .iter()
            .flatten()
            .any(|c| c.contains("xibu check 花名册.xlsx")),
        "the guide says how to check the file"
    );
    let head = guide
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("列名"))
        .expect("the guide's column table");
    assert_eq!(
        guide.get(head).unwrap().get(..4).unwrap(),
        ["列名", "是否必填", "可填写的值", "说明"]
    );
    let table: Vec<&Vec<String>> = guide.iter().skip(head + 1).collect();
    assert_eq!(table.len(), Column::ALL.len());
    for (row, column) in table.iter().zip(Column::ALL) {
        assert_eq!(row.first().unwrap(), column.header());
        let required = if column.required() { "是" } else { "否" };
        assert_eq!(row.get(1).unwrap(), required, "{column}");
        assert_eq!(row.get(3).unwrap(), column.note(), "{column}");
        if column.kind() == Kind::Choice {
            assert_eq!(
                row.get(2).unwrap(),
                &column.choices().join(" / "),
                "{column}"
            );
        }
    }

    // xibu's own reader takes the blank template's header as a roster's (every required column
    // found), and refuses it only because no volunteer rows follow.
    match Roster::read(&path, &ReadOptions::default()) {
        Err(xibu::roster::RosterError::NoRecords { header_row, .. }) => assert_eq!(header_row, 1),
        other => panic!("expected NoRecords, got {other:?}"),
    }
}

#[test]
fn the_template_has_drop_down_lists_and_typed_validations() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_template(dir.path(), "t.xlsx");
    let xml = zip_entry(&path, "xl/worksheets/sheet1.xml");

    let validations: Vec<&str> = xml
        .split("<dataValidation ")
        .skip(1)
        .map(|v| v.split('>').next().unwrap())
        .collect();
    let lists = validations
        .iter()
        .filter(|v| v.contains(r#"type="list""#))
        .count();
    let want_lists = Column::ALL
        .iter()
        .filter(|c| matches!(c.kind(), Kind::Choice | Kind::Province))
        .count();
    assert_eq!(lists, want_lists);
    let of_kind = |kind: Kind| Column::ALL.iter().filter(|c| c.kind() == kind).count();
    let typed = |t: &str| {
        validations
            .iter()
            .filter(|v| v.contains(&format!(r#"type="{t}""#)))
            .count()
    };
    assert_eq!(typed("date"), of_kind(Kind::Date));
    assert_eq!(typed("decimal"), of_kind(Kind::Amount));
    // Blank cells are allowed everywhere, and every validation covers rows 2..=5001.
    assert_eq!(validations.len(), Column::ALL.len());
    for v in &validations {
        assert!(v.contains(r#"allowBlank="1""#), "{v}");
        assert!(v.contains(r#"2:"#) && v.contains(r#"5001""#), "{v}");
    }
    // The province list offers the 32 short names.
    assert!(xml.contains("北京,天津,河北"));
    // 项目类型 and 招募方式 (issue 11) have their lists.
    assert!(xml.contains("全国项目,地方项目"), "项目类型");
    assert!(xml.contains("集中招募,补录"), "招募方式");
    assert!(xml.contains("新疆,兵团"));
    // The header row is frozen.
    assert!(xml.contains(r#"state="frozen""#));
    // The amount prompt names the unit.
    assert!(xml.contains("单位：元"));

    // Date, amount and ID number columns carry their number formats.
    let styles = zip_entry(&path, "xl/styles.xml");
    for format in ["yyyy-mm-dd", "#,##0"] {
        assert!(styles.contains(format), "{format}");
    }
    assert!(styles.contains(r#"numFmtId="49""#), "text format @");
}

/// A value of the filled-in roster.
enum Value {
    Text(&'static str),
    Date(u16, u8, u8),
    Number(f64),
}

fn value(column: Column, row: usize) -> Value {
    let pick = |values: Vec<&'static str>| values.get(row % values.len().max(1)).copied();
    match column.kind() {
        Kind::Choice => Value::Text(pick(column.choices()).unwrap()),
        Kind::Province => Value::Text(match (column, row) {
            (Column::RecruitProvince, 0) => "山东",
            (Column::RecruitProvince, _) => "新疆",
            (_, 0) => "新疆",
            _ => "兵团",
        }),
        Kind::Date => Value::Date(2020, 7, 20 + u8::try_from(row).unwrap()),
        Kind::Amount => Value::Number(800_000.0 + 100_000.0 * row as f64),
        Kind::IdNumber => Value::Text(["11010519491231002X", "650100199801011234"][row % 2]),
        Kind::Text => Value::Text(match column {
            Column::Name => ["张三", "李四"][row % 2],
            Column::ServiceCounty => "和田县",
            Column::ServiceUnit => "和田县第一中学",
            Column::PostName => "教师",
            _ => "x",
        }),
    }
}

#[test]
fn a_roster_filled_in_from_the_template_reads_back_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let template = write_template(dir.path(), "template.xlsx");
    let header_row = rows(&template, "花名册").into_iter().next().unwrap();

    // rust_xlsxwriter cannot edit a file, so the filled roster is a new workbook with the
    // template's header row and values of the kinds its validations offer.
    let filled = dir.path().join("filled.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("花名册").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let amount = Format::new().set_num_format("#,##0");
    let id = Format::new().set_num_format("@");
    for (c, header) in (0u16..).zip(&header_row) {
        sheet.write_string(0, c, header).unwrap();
    }
    for r in 0..2usize {
        let row = u32::try_from(r).unwrap() + 1;
        for (c, &column) in (0u16..).zip(Column::ALL) {
            match value(column, r) {
                Value::Text(s) if column.kind() == Kind::IdNumber => {
                    sheet.write_string_with_format(row, c, s, &id).unwrap();
                }
                Value::Text(s) => {
                    sheet.write_string(row, c, s).unwrap();
                }
                Value::Date(y, m, d) => {
                    let dt = ExcelDateTime::from_ymd(y, m, d).unwrap();
                    sheet
                        .write_datetime_with_format(row, c, &dt, &date)
                        .unwrap();
                }
                Value::Number(n) => {
                    sheet.write_number_with_format(row, c, n, &amount).unwrap();
                }
            }
        }
    }
    book.save(&filled).unwrap();

    let roster = Roster::read(&filled, &ReadOptions::default()).unwrap();
    assert_eq!(roster.info.cell_errors, vec![]);
    assert_eq!(roster.records.len(), 2);
    let first = roster.records.first().unwrap();
    assert_eq!(first.row, 2);
    assert_eq!(first.service_province.get(), Some(xibu::Province::Xinjiang));
    assert_eq!(
        first.report_date.get(),
        chrono::NaiveDate::from_ymd_opt(2020, 7, 20)
    );
    assert_eq!(
        first.accident_cover.get().map(|d| d.to_string()),
        Some("800000".to_string())
    );
}

#[test]
fn an_existing_file_is_replaced_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.xlsx");
    std::fs::write(&path, b"keep me").unwrap();

    xibu()
        .args(["template", "-o"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(
            predicates::str::contains("already exists").and(predicates::str::contains("--force")),
        );
    assert_eq!(std::fs::read(&path).unwrap(), b"keep me");

    xibu()
        .args(["template", "--force", "--output"])
        .arg(&path)
        .assert()
        .success();
    assert!(std::fs::read(&path).unwrap().starts_with(b"PK"));
    let book = open_workbook_auto(&path).unwrap();
    assert_eq!(
        book.sheet_names().first().map(String::as_str),
        Some("花名册")
    );

    // No temporary file is left behind, whatever happened.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["roster.xlsx"]);
}

#[test]
fn the_default_output_is_in_the_current_directory() {
    let dir = tempfile::tempdir().unwrap();
    xibu()
        .arg("template")
        .current_dir(dir.path())
        .assert()
        .success()
        .stderr(predicates::str::contains("roster-template.xlsx"));
    assert!(dir.path().join("roster-template.xlsx").is_file());
    xibu()
        .arg("template")
        .current_dir(dir.path())
        .assert()
        .code(2);
}

#[test]
fn a_missing_directory_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    xibu()
        .args(["template", "-o"])
        .arg(dir.path().join("nope").join("t.xlsx"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot write"));
}
