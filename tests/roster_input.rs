//! Reading rosters: every format gives the same typed roster, and every messy case a clerk's file
//! has comes out as the SPEC says.

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use common::sheets::{C, Grid, s, to_csv, write_ods, write_xlsx, write_xlsx_other_writer};
use rust_decimal::Decimal;
use xibu::Province;
use xibu::idcard::check_char;
use xibu::input::SheetChoice;
use xibu::roster::schema::Column;
use xibu::roster::values::{Education, PostStatus, Rating, VolunteerType};
use xibu::roster::{Field, ReadOptions, Roster, RosterError};

fn id(body: &str) -> String {
    format!("{body}{}", check_char(body).unwrap())
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const HEADERS: [&str; 12] = [
    "姓名",
    "身份证号",
    "志愿者类型",
    "招募省份",
    "服务省份",
    "学历",
    "在岗状态",
    "考核等次",
    "报到日期",
    "意外伤害保额",
    "重大疾病保额",
    "保险止期",
];

/// A roster as a clerk keeps it: a title row, a blank row, the header, volunteers with full and
/// short names, a blank row among them, and a 合计 row at the bottom.
fn clerk_grid() -> Grid {
    let mut g: Grid = vec![
        vec![s("2020—2021 年度西部计划志愿者花名册")],
        vec![],
        HEADERS.iter().map(|h| s(h)).collect(),
    ];
    g.push(vec![
        s("张三"),
        s(&id("65010219980101001")),
        s("新招募"),
        s("山东省"),
        s("新疆维吾尔自治区"),
        s("本科"),
        C::Blank,
        C::Blank,
        C::D(2020, 7, 20),
        C::N(800000.0),
        C::N(800000.0),
        C::D(2021, 8, 3),
    ]);
    g.push(vec![
        s("李四"),
        s(&id("54010219970505002")),
        s("研支团"),
        s("北京"),
        s("西藏自治区"),
        s("硕士"),
        s("在岗"),
        s("优秀"),
        C::D(2020, 7, 25),
        C::N(1000000.0),
        C::N(900000.0),
        C::D(2021, 8, 10),
    ]);
    g.push(vec![]);
    g.push(vec![
        s("王五"),
        s(&id("15010219990909003")),
        s("延期"),
        s("内蒙古"),
        s("内蒙古"),
        s("大专"),
        s("流失"),
        s("合格"),
        C::D(2019, 7, 22),
        C::N(800000.0),
        C::N(800000.0),
        C::D(2020, 8, 5),
    ]);
    g.push(vec![s("合计"), s("3 人")]);
    g
}

fn read(path: &Path) -> Roster {
    Roster::read(path, &ReadOptions::default()).unwrap()
}

fn files(grid: &Grid, dir: &Path) -> Vec<PathBuf> {
    let xlsx = dir.join("roster.xlsx");
    write_xlsx(grid, &xlsx);
    let other = dir.join("other-writer.xlsx");
    write_xlsx_other_writer(grid, &other);
    let ods = dir.join("roster.ods");
    write_ods(grid, &ods);
    let text = to_csv(grid);
    let utf8 = dir.join("utf8.csv");
    std::fs::write(&utf8, &text).unwrap();
    let bom = dir.join("bom.csv");
    std::fs::write(&bom, [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat()).unwrap();
    let gbk = dir.join("gbk.csv");
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    std::fs::write(&gbk, &bytes).unwrap();
    vec![xlsx, other, ods, utf8, bom, gbk]
}

#[test]
fn xlsx_of_two_writers_ods_and_every_csv_encoding_give_the_same_roster() {
    let dir = tempfile::tempdir().unwrap();
    let paths = files(&clerk_grid(), dir.path());
    let rosters: Vec<Roster> = paths.iter().map(|p| read(p)).collect();
    let first = &rosters[0];
    assert_eq!(first.records.len(), 3);
    assert!(
        first.info.cell_errors.is_empty(),
        "{:?}",
        first.info.cell_errors
    );
    for (path, roster) in paths.iter().zip(&rosters) {
        assert_eq!(roster.records, first.records, "{}", path.display());
        assert_eq!(roster.info.header_row, 3, "{}", path.display());
        assert_eq!(roster.info.columns, first.info.columns);
        assert_eq!(roster.info.notices, first.info.notices);
    }
    let encodings: Vec<_> = rosters.iter().map(|r| r.info.source.encoding).collect();
    assert_eq!(
        encodings,
        [
            None,
            None,
            None,
            Some("UTF-8"),
            Some("UTF-8 with BOM"),
            Some("GB18030")
        ]
    );
}

#[test]
fn typed_values_and_row_numbers_are_the_ones_the_user_sees() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.xlsx");
    write_xlsx(&clerk_grid(), &path);
    let roster = read(&path);
    let [zhang, li, wang] = &roster.records[..] else {
        panic!("three records expected");
    };
    assert_eq!((zhang.row, li.row, wang.row), (4, 5, 7));
    assert_eq!(zhang.name, Field::Value("张三".to_string()));
    assert_eq!(zhang.volunteer_type, Field::Value(VolunteerType::New));
    assert_eq!(zhang.recruit_province, Field::Value(Province::Shandong));
    assert_eq!(zhang.service_province, Field::Value(Province::Xinjiang));
    assert_eq!(zhang.education, Field::Value(Education::Bachelor));
    assert_eq!(zhang.post_status, Field::Blank);
    assert!(zhang.on_post());
    assert_eq!(zhang.report_date, Field::Value(date(2020, 7, 20)));
    assert_eq!(zhang.accident_cover, Field::Value(Decimal::from(800_000)));
    assert_eq!(li.volunteer_type, Field::Value(VolunteerType::GradTeach));
    assert_eq!(li.education, Field::Value(Education::Master));
    assert_eq!(li.rating, Field::Value(Rating::Excellent));
    assert_eq!(wang.education, Field::Value(Education::JuniorCollege));
    assert_eq!(wang.post_status, Field::Value(PostStatus::Lost));
    assert!(!wang.on_post());
    // The 合计 row is not a volunteer, and the user is told it was left out.
    assert_eq!(roster.info.notices.len(), 1);
    assert_eq!(roster.info.notices[0].row, Some(8));
    assert!(
        roster.info.notices[0]
            .text
            .render(xibu::messages::Lang::Zh)
            .contains("合计")
    );
}

#[test]
fn a_merged_title_cell_above_the_header() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("merged.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.merge_range(
        0,
        0,
        1,
        11,
        "内蒙古自治区 2020 年西部计划志愿者花名册",
        &rust_xlsxwriter::Format::new(),
    )
    .unwrap();
    for (i, h) in HEADERS.iter().enumerate() {
        ws.write_string(2, i as u16, *h).unwrap();
    }
    let row = [
        "赵六",
        &id("15010219980101004"),
        "新招募",
        "内蒙古",
        "内蒙古",
        "本科",
    ];
    for (i, v) in row.iter().enumerate() {
        ws.write_string(3, i as u16, *v).unwrap();
    }
    wb.save(&path).unwrap();
    let roster = read(&path);
    assert_eq!(roster.info.header_row, 3);
    assert_eq!(roster.records.len(), 1);
    assert_eq!(roster.records[0].row, 4);
    assert!(roster.info.cell_errors.is_empty());
}

/// A CSV with one volunteer per line and the column under test in the last place.
fn one_column_csv(header: &str, values: &[&str]) -> String {
    let mut text = format!("姓名,志愿者类型,招募省份,服务省份,学历,{header}\n");
    for (i, v) in values.iter().enumerate() {
        text.push_str(&format!("志愿者{i},新招募,山东,新疆,本科,\"{v}\"\n"));
    }
    text
}

#[test]
fn every_amount_spelling_reads_the_same() {
    let spellings = [
        "800000",
        "800,000",
        "80万",
        "80万元",
        "¥800,000.00",
        "￥80万",
        "800000元",
        " ８０万 ",
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("amounts.csv");
    std::fs::write(&path, one_column_csv("意外伤害保额", &spellings)).unwrap();
    let roster = read(&path);
    assert!(
        roster.info.cell_errors.is_empty(),
        "{:?}",
        roster.info.cell_errors
    );
    for r in &roster.records {
        assert_eq!(
            r.accident_cover,
            Field::Value(Decimal::from(800_000)),
            "line {}",
            r.row
        );
    }
}

#[test]
fn a_header_in_ten_thousand_yuan_scales_bare_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wan.csv");
    std::fs::write(
        &path,
        one_column_csv("意外伤害保额（万元）", &["80", "80万"]),
    )
    .unwrap();
    let roster = read(&path);
    for r in &roster.records {
        assert_eq!(r.accident_cover, Field::Value(Decimal::from(800_000)));
    }
}

#[test]
fn every_date_spelling_reads_the_same() {
    let spellings = [
        "2020-07-20",
        "2020/7/20",
        "2020.7.20",
        "2020年7月20日",
        "20200720",
        "44032",
        "2020-07-20 00:00:00",
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dates.csv");
    std::fs::write(&path, one_column_csv("报到日期", &spellings)).unwrap();
    let roster = read(&path);
    assert!(
        roster.info.cell_errors.is_empty(),
        "{:?}",
        roster.info.cell_errors
    );
    for r in &roster.records {
        assert_eq!(
            r.report_date,
            Field::Value(date(2020, 7, 20)),
            "line {}",
            r.row
        );
    }
}

#[test]
fn excel_date_cells_and_serial_numbers_read_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dates.xlsx");
    let mut g: Grid = vec![vec![
        s("姓名"),
        s("志愿者类型"),
        s("招募省份"),
        s("服务省份"),
        s("学历"),
        s("报到日期"),
    ]];
    for cell in [C::D(2020, 7, 20), C::N(44032.0), s("2020/7/20")] {
        g.push(vec![
            s("甲"),
            s("新招募"),
            s("山东"),
            s("新疆"),
            s("本科"),
            cell,
        ]);
    }
    write_xlsx(&g, &path);
    let roster = read(&path);
    assert!(
        roster.info.cell_errors.is_empty(),
        "{:?}",
        roster.info.cell_errors
    );
    for r in &roster.records {
        assert_eq!(r.report_date, Field::Value(date(2020, 7, 20)));
    }
}

#[test]
fn values_that_do_not_parse_are_cell_errors_never_guesses() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.csv");
    let text = "姓名,志愿者类型,招募省份,服务省份,学历,报到日期,意外伤害保额\n\
                甲,新招募,山东,新疆,本科,2020-02-30,80万\n\
                乙,新招,山冬,新疆,小学,2020-07-20,八十万\n\
                丙,,山东,新疆,本科,7/20/2020,800000\n";
    std::fs::write(&path, text).unwrap();
    let roster = read(&path);
    let errors: Vec<String> = roster
        .info
        .cell_errors
        .iter()
        .map(|e| format!("{} {} {:?}", e.cell, e.column, e.value))
        .collect();
    assert_eq!(
        errors,
        [
            "F2 报到日期 \"2020-02-30\"",
            "C3 招募省份 \"山冬\"",
            "E3 学历 \"小学\"",
            "G3 意外伤害保额 \"八十万\"",
            "B4 志愿者类型 \"\"",
            "F4 报到日期 \"7/20/2020\"",
        ]
    );
    let [a, b, c] = &roster.records[..] else {
        panic!("three records expected");
    };
    assert_eq!(a.report_date, Field::Invalid);
    assert_eq!(
        b.volunteer_type,
        Field::Value(VolunteerType::New),
        "新招 is an alias"
    );
    assert_eq!(b.recruit_province, Field::Invalid);
    assert_eq!(b.education, Field::Invalid);
    assert_eq!(c.volunteer_type, Field::Invalid, "a blank required cell");
    let unknown = &roster.info.cell_errors[1];
    assert!(
        unknown
            .problem
            .render(xibu::messages::Lang::En)
            .contains("did you mean 山西 or 山东?"),
        "{:?}",
        unknown.problem
    );
}

#[test]
fn excel_error_cells_are_cell_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("errors.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (i, h) in [
        "姓名",
        "志愿者类型",
        "招募省份",
        "服务省份",
        "学历",
        "意外伤害保额",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, i as u16, *h).unwrap();
    }
    for (i, v) in ["甲", "新招募", "山东", "新疆", "本科"].iter().enumerate() {
        ws.write_string(1, i as u16, *v).unwrap();
    }
    ws.write_formula(
        1,
        5,
        rust_xlsxwriter::Formula::new("=NA()").set_result("#N/A"),
    )
    .unwrap();
    wb.save(&path).unwrap();
    let roster = read(&path);
    assert_eq!(
        roster.info.cell_errors.len(),
        1,
        "{:?}",
        roster.info.cell_errors
    );
    let e = &roster.info.cell_errors[0];
    assert_eq!(
        (e.row, e.cell.as_str(), e.column),
        (2, "F2", Column::AccidentCover)
    );
    assert_eq!(e.value, "#N/A");
    assert_eq!(roster.records[0].accident_cover, Field::Invalid);
}

#[test]
fn an_id_number_stored_as_a_number_is_a_cell_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ids.xlsx");
    let g: Grid = vec![
        vec![
            s("姓名"),
            s("身份证号"),
            s("志愿者类型"),
            s("招募省份"),
            s("服务省份"),
            s("学历"),
        ],
        vec![
            s("甲"),
            C::N(650102199801010000.0),
            s("新招募"),
            s("山东"),
            s("新疆"),
            s("本科"),
        ],
    ];
    write_xlsx(&g, &path);
    let roster = read(&path);
    assert_eq!(roster.info.cell_errors.len(), 1);
    assert!(
        roster.info.cell_errors[0]
            .problem
            .render(xibu::messages::Lang::En)
            .contains("15 digits")
    );
}

#[test]
fn english_headers_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("en.csv");
    std::fs::write(
        &path,
        "name,volunteer_type,recruit_province,service_province,education,rating\n\
         Zhang San,new,Shandong,Xinjiang,bachelor,excellent\n",
    )
    .unwrap();
    let roster = read(&path);
    assert!(
        roster.info.cell_errors.is_empty(),
        "{:?}",
        roster.info.cell_errors
    );
    assert_eq!(roster.records[0].rating, Field::Value(Rating::Excellent));
    assert_eq!(
        roster.records[0].service_province,
        Field::Value(Province::Xinjiang)
    );
}

#[test]
fn configured_aliases_extend_headers_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("alias.csv");
    std::fs::write(
        &path,
        "姓名,志愿者类型,派遣省份,服务省份,学历\n甲,新招募,山东,新疆,大学专科\n",
    )
    .unwrap();
    let options = ReadOptions {
        header_aliases: vec![("派遣省份".to_string(), Column::RecruitProvince)],
        value_aliases: vec![(
            Column::Education,
            "大学专科".to_string(),
            "专科".to_string(),
        )],
        ..ReadOptions::default()
    };
    let roster = Roster::read(&path, &options).unwrap();
    assert!(
        roster.info.cell_errors.is_empty(),
        "{:?}",
        roster.info.cell_errors
    );
    assert_eq!(
        roster.records[0].education,
        Field::Value(Education::JuniorCollege)
    );
}

#[test]
fn missing_required_columns_are_named_with_the_headers_found() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("short.csv");
    std::fs::write(&path, "标题\n姓名,服务省份,备注\n甲,新疆,x\n").unwrap();
    let err = Roster::read(&path, &ReadOptions::default()).unwrap_err();
    assert!(matches!(err, RosterError::MissingColumns { .. }));
    assert_eq!(
        err.to_string(),
        format!(
            "{}: line 2: the roster lacks the required column(s) 志愿者类型, 招募省份, 学历; the headers found are: 姓名 | 服务省份 | 备注",
            path.display()
        )
    );
}

#[test]
fn no_header_at_all_is_an_error_naming_what_a_roster_needs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("none.csv");
    std::fs::write(&path, "a,b\n1,2\n").unwrap();
    let err = Roster::read(&path, &ReadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("no header row in the first 10 rows"), "{err}");
    assert!(
        err.contains("姓名, 志愿者类型, 招募省份, 服务省份, 学历"),
        "{err}"
    );
}

#[test]
fn a_named_sheet_is_read_and_an_unknown_one_lists_the_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().set_name("说明").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("花名册").unwrap();
    for (i, h) in ["姓名", "志愿者类型", "招募省份", "服务省份", "学历"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, i as u16, *h).unwrap();
        ws.write_string(1, i as u16, ["甲", "新招募", "山东", "新疆", "本科"][i])
            .unwrap();
    }
    wb.save(&path).unwrap();
    let by_name = ReadOptions {
        sheet: SheetChoice::Named("花名册".into()),
        ..ReadOptions::default()
    };
    assert_eq!(Roster::read(&path, &by_name).unwrap().records.len(), 1);
    let by_index = ReadOptions {
        sheet: SheetChoice::Named("2".into()),
        ..ReadOptions::default()
    };
    assert_eq!(Roster::read(&path, &by_index).unwrap().records.len(), 1);
    let unknown = ReadOptions {
        sheet: SheetChoice::Named("Sheet9".into()),
        ..ReadOptions::default()
    };
    let err = Roster::read(&path, &unknown).unwrap_err().to_string();
    assert!(err.contains("说明, 花名册"), "{err}");
}
