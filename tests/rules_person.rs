//! P01–P05, T01 and E01: the rules about each volunteer — ID number, medical examinations, 专项,
//! post, reporting date — and the unreadable cells.

mod common;

use common::check::{NEW_RECRUIT, check_csv, of, roster, status, times};
use xibu::idcard::check_char;
use xibu::roster::schema::Column;
use xibu::rules::{Finding, Outcome, Severity};

/// The one finding of `rule`, failing the test if there are none or several.
fn only<'a>(outcome: &'a Outcome, rule: &str) -> &'a Finding {
    let f = of(outcome, rule);
    assert_eq!(f.len(), 1, "{rule}: {f:#?}");
    f[0]
}

/// 17 body digits and their check character: a number that passes GB 11643.
fn id(body: &str) -> String {
    let check = check_char(body).unwrap_or_else(|| panic!("not 17 digits: {body}"));
    format!("{body}{check}")
}

/// Any check character but the right one.
fn wrong_check(body: &str) -> String {
    let right = check_char(body).unwrap();
    let wrong = if right == '0' { '1' } else { '0' };
    format!("{body}{wrong}")
}

// ---------------------------------------------------------------- P01: 身份证号

fn ids(numbers: &[&str]) -> String {
    let rows: Vec<Vec<(&str, &str)>> = numbers.iter().map(|n| vec![("身份证号", *n)]).collect();
    roster(NEW_RECRUIT, &rows)
}

#[test]
fn p01_valid_numbers_pass() {
    let a = id("11010519491231002");
    let b = id("65010219990815301");
    let c = id("54012320000229004");
    assert_eq!(a, "11010519491231002X", "GB 11643's own example");
    let (_, outcome) = check_csv(&ids(&[&a, &b, &c]), "");
    assert_eq!(status(&outcome, "P01"), "checked");
    assert!(of(&outcome, "P01").is_empty(), "{:#?}", of(&outcome, "P01"));
    assert!(of(&outcome, "E01").is_empty());
}

#[test]
fn p01_lower_case_x_is_accepted() {
    let (_, outcome) = check_csv(&ids(&["11010519491231002x"]), "");
    assert!(of(&outcome, "P01").is_empty());
}

#[test]
fn p01_wrong_check_character_fires_at_its_cell() {
    let bad = wrong_check("65010219990815301");
    let (info, outcome) = check_csv(&ids(&[&id("11010519491231002"), &bad]), "");
    let f = only(&outcome, "P01");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.rows.to_vec(), [3]);
    assert_eq!(f.column, Some(Column::IdNumber));
    assert_eq!(f.cell_in(&info).as_deref(), Some("F3"));
    assert_eq!(f.value().as_deref(), Some(bad.as_str()));
    let expected = check_char("65010219990815301").unwrap();
    assert!(
        f.message(xibu::messages::Lang::Zh)
            .contains(&format!("第 18 位应为 {expected}")),
        "{}",
        f.message(xibu::messages::Lang::Zh)
    );
}

#[test]
fn p01_the_example_with_a_digit_for_x_fires() {
    let (_, outcome) = check_csv(&ids(&["110105194912310021"]), "");
    assert!(
        only(&outcome, "P01")
            .message(xibu::messages::Lang::En)
            .contains("should be X")
    );
}

#[test]
fn p01_malformed_numbers_fire() {
    for bad in [
        "11010519491231002",   // 17 characters
        "1101051949123100211", // 19 characters
        "11010519491A31002X",  // a letter in the body
        "11010519491231002Y",  // a letter other than X last
        "ABCDEFGHIJKLMNOPQR",
    ] {
        let (info, outcome) = check_csv(&ids(&[bad]), "");
        let f = only(&outcome, "P01");
        assert!(
            f.message(xibu::messages::Lang::Zh).contains("格式不对"),
            "{bad}: {}",
            f.message(xibu::messages::Lang::Zh)
        );
        assert_eq!(f.cell_in(&info).as_deref(), Some("F2"), "{bad}");
    }
}

#[test]
fn p01_an_unknown_region_fires() {
    // The checksum is right for the body, so the region is the only problem.
    for body in [
        "99010519491231002",
        "00010519491231002",
        "20010519491231002",
    ] {
        let (_, outcome) = check_csv(&ids(&[&id(body)]), "");
        let f = only(&outcome, "P01");
        assert!(
            f.message(xibu::messages::Lang::Zh).contains("前两位"),
            "{body}: {}",
            f.message(xibu::messages::Lang::Zh)
        );
    }
}

#[test]
fn p01_an_impossible_birth_date_fires() {
    for body in [
        "11010519491331002", // month 13
        "11010519490230002", // 30 February
        "11010520010229002", // 29 February in a common year
        "11010518991231002", // before 1900
    ] {
        let (_, outcome) = check_csv(&ids(&[&id(body)]), "");
        let f = only(&outcome, "P01");
        assert!(
            f.message(xibu::messages::Lang::Zh).contains("出生日期"),
            "{body}: {}",
            f.message(xibu::messages::Lang::Zh)
        );
    }
}

#[test]
fn p01_blank_fires() {
    let (info, outcome) = check_csv(&ids(&[&id("11010519491231002"), ""]), "");
    let f = only(&outcome, "P01");
    assert_eq!(f.rows.to_vec(), [3]);
    assert_eq!(f.cell_in(&info).as_deref(), Some("F3"));
    assert_eq!(f.message(xibu::messages::Lang::Zh), "身份证号为空");
    assert!(
        of(&outcome, "E01").is_empty(),
        "身份证号 is not a required column"
    );
}

#[test]
fn p01_a_duplicate_fires_once_on_the_later_row_naming_both() {
    let a = id("11010519491231002");
    let b = id("65010219990815301");
    let (info, outcome) = check_csv(&ids(&[&a, &b, &a]), "");
    let f = only(&outcome, "P01");
    assert_eq!(f.rows.to_vec(), [2, 4]);
    assert_eq!(f.cell_in(&info).as_deref(), Some("F4"));
    assert!(
        f.message(xibu::messages::Lang::Zh).contains("第 2 行"),
        "{}",
        f.message(xibu::messages::Lang::Zh)
    );
}

#[test]
fn p01_three_copies_fire_on_each_later_row_against_the_first() {
    let a = id("65010219990815301");
    let (_, outcome) = check_csv(&ids(&[&a, &a, &a]), "");
    let f = of(&outcome, "P01");
    let rows: Vec<Vec<u32>> = f.iter().map(|f| f.rows.to_vec()).collect();
    assert_eq!(rows, [vec![2, 3], vec![2, 4]]);
}

#[test]
fn p01_a_duplicate_differing_only_in_the_case_of_x_fires() {
    let (_, outcome) = check_csv(&ids(&["11010519491231002X", "11010519491231002x"]), "");
    assert_eq!(only(&outcome, "P01").rows.to_vec(), [2, 3]);
}

/// Duplicates are found once the whole roster is read (by sorting the numbers): each later
/// row still names its own number's first row, in row order, and echoes its number (a lower-case
/// `x` as the `X` it is typed to).
#[test]
fn p01_interleaved_duplicates_name_their_own_first_row_and_number() {
    let a = id("11010519491231002");
    let b = id("65010219990815301");
    let c = id("54012320000229004");
    assert!(a.ends_with('X'));
    let a_lower = a.to_lowercase();
    let (_, outcome) = check_csv(&ids(&[&b, &a, &c, &b, &a_lower, &c, &a]), "");
    let f = of(&outcome, "P01");
    let rows: Vec<Vec<u32>> = f.iter().map(|f| f.rows.to_vec()).collect();
    assert_eq!(rows, [vec![2, 5], vec![3, 6], vec![3, 8], vec![4, 7]]);
    let values: Vec<String> = f
        .iter()
        .filter_map(|f| f.value())
        .map(|v| v.into_owned())
        .collect();
    assert_eq!(values, [b.clone(), a.clone(), a.clone(), c.clone()]);
}

#[test]
fn p01_an_invalid_number_is_not_also_a_duplicate() {
    let bad = wrong_check("65010219990815301");
    let (_, outcome) = check_csv(&ids(&[&bad, &bad]), "");
    let rows: Vec<Vec<u32>> = of(&outcome, "P01")
        .iter()
        .map(|f| f.rows.to_vec())
        .collect();
    assert_eq!(rows, [vec![2], vec![3]]);
}

#[test]
fn p01_is_skipped_with_a_reason_without_the_column() {
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &[vec![]]), "");
    assert_eq!(
        status(&outcome, "P01"),
        "skipped: the roster has no 身份证号 column"
    );
}

// ---------------------------------------------------------------- P02: 体检结论

fn exam(kind: &'static str, verdict: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![("志愿者类型", kind), ("体检结论", verdict)]
}

#[test]
fn p02_a_failed_examination_fires_for_every_volunteer_type() {
    for kind in ["新招募", "延期", "研支团"] {
        let (info, outcome) = check_csv(&roster(NEW_RECRUIT, &[exam(kind, "不合格")]), "");
        let f = only(&outcome, "P02");
        assert_eq!(f.severity, Severity::Error, "{kind}");
        assert_eq!(f.rows.to_vec(), [2], "{kind}");
        assert_eq!(f.cell_in(&info).as_deref(), Some("F2"), "{kind}");
        assert_eq!(f.column, Some(Column::MedicalExam), "{kind}");
    }
}

#[test]
fn p02_a_passed_examination_passes() {
    let rows = [
        exam("新招募", "合格"),
        exam("延期", "合格"),
        exam("研支团", "合格"),
    ];
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    assert_eq!(status(&outcome, "P02"), "checked");
    assert!(of(&outcome, "P02").is_empty());
}

#[test]
fn p02_blank_fires_for_new_recruits_only() {
    let rows = [exam("延期", ""), exam("新招募", ""), exam("研支团", "")];
    let (info, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    let f = only(&outcome, "P02");
    assert_eq!(f.rows.to_vec(), [3]);
    assert_eq!(f.cell_in(&info).as_deref(), Some("F3"));
}

#[test]
fn p02_is_skipped_with_a_reason_without_the_column() {
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &[vec![]]), "");
    assert_eq!(
        status(&outcome, "P02"),
        "skipped: the roster has no 体检结论 column"
    );
}

// ---------------------------------------------------------------- P03: 肺通气检查

fn lung(
    service: &'static str,
    program: &'static str,
    verdict: &'static str,
) -> Vec<(&'static str, &'static str)> {
    vec![
        ("服务省份", service),
        ("专项", program),
        ("肺通气检查", verdict),
    ]
}

#[test]
fn p03_serving_tibet_without_a_passed_lung_test_fires() {
    for verdict in ["", "不合格"] {
        let (info, outcome) = check_csv(
            &roster(NEW_RECRUIT, &[lung("西藏", "基础教育", verdict)]),
            "",
        );
        let f = only(&outcome, "P03");
        assert_eq!(f.severity, Severity::Error, "{verdict:?}");
        assert_eq!(f.rows.to_vec(), [2]);
        assert_eq!(f.column, Some(Column::LungTest));
        assert_eq!(f.cell_in(&info).as_deref(), Some("G2"), "{verdict:?}");
    }
}

#[test]
fn p03_the_tibet_programme_elsewhere_without_a_passed_lung_test_fires() {
    for verdict in ["", "不合格"] {
        let (info, outcome) = check_csv(
            &roster(NEW_RECRUIT, &[lung("青海", "服务西藏", verdict)]),
            "",
        );
        assert_eq!(only(&outcome, "P03").cell_in(&info).as_deref(), Some("G2"));
    }
}

#[test]
fn p03_a_passed_lung_test_passes() {
    let rows = [
        lung("西藏", "基础教育", "合格"),
        lung("西藏", "服务西藏", "合格"),
    ];
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    assert_eq!(status(&outcome, "P03"), "checked");
    assert!(of(&outcome, "P03").is_empty());
}

#[test]
fn p03_xinjiang_and_other_provinces_are_not_checked() {
    let rows = [
        lung("新疆", "服务新疆", ""),
        lung("新疆", "基础教育", "不合格"),
        lung("青海", "基础教育", ""),
    ];
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    assert!(of(&outcome, "P03").is_empty());
}

#[test]
fn p03_is_skipped_with_a_reason_without_the_column() {
    let row = vec![("服务省份", "西藏"), ("专项", "服务西藏")];
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &[row]), "");
    assert_eq!(
        status(&outcome, "P03"),
        "skipped: the roster has no 肺通气检查 column"
    );
    assert!(of(&outcome, "P03").is_empty());
}

// ---------------------------------------------------------------- P04: 专项

fn program(service: &'static str, program: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![("服务省份", service), ("专项", program)]
}

#[test]
fn p04_each_of_the_seven_fits_where_it_belongs() {
    let rows = [
        program("青海", "基础教育"),
        program("新疆", "服务三农"),
        program("西藏", "医疗卫生"),
        program("兵团", "基层青年工作"),
        program("贵州", "基层社会管理"),
        program("新疆", "服务新疆"),
        program("兵团", "服务新疆"),
        program("新疆生产建设兵团", "服务新疆专项"),
        program("西藏", "服务西藏"),
    ];
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    assert_eq!(status(&outcome, "P04"), "checked");
    assert!(of(&outcome, "P04").is_empty(), "{:#?}", of(&outcome, "P04"));
    assert!(of(&outcome, "E01").is_empty());
}

#[test]
fn p04_blank_fires() {
    let (info, outcome) = check_csv(&roster(NEW_RECRUIT, &[program("青海", "")]), "");
    let f = only(&outcome, "P04");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.rows.to_vec(), [2]);
    assert_eq!(f.column, Some(Column::Program));
    assert_eq!(f.cell_in(&info).as_deref(), Some("F2"));
    assert!(
        of(&outcome, "E01").is_empty(),
        "专项 is not a required column"
    );
}

#[test]
fn p04_an_unknown_programme_fires_and_is_not_an_unreadable_cell() {
    let (info, outcome) = check_csv(&roster(NEW_RECRUIT, &[program("青海", "乡村振兴")]), "");
    let f = only(&outcome, "P04");
    assert_eq!(f.value().as_deref(), Some("乡村振兴"));
    assert_eq!(f.cell_in(&info).as_deref(), Some("F2"));
    assert!(
        f.message(xibu::messages::Lang::Zh).contains("乡村振兴"),
        "{}",
        f.message(xibu::messages::Lang::Zh)
    );
    assert!(of(&outcome, "E01").is_empty());
}

#[test]
fn p04_tibet_programme_outside_tibet_fires() {
    for service in ["青海", "新疆", "兵团"] {
        let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &[program(service, "服务西藏")]), "");
        let f = only(&outcome, "P04");
        assert_eq!(f.value().as_deref(), Some("服务西藏"), "{service}");
    }
}

#[test]
fn p04_xinjiang_programme_outside_xinjiang_and_the_corps_fires() {
    for service in ["青海", "西藏", "甘肃"] {
        let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &[program(service, "服务新疆")]), "");
        let f = only(&outcome, "P04");
        assert_eq!(f.value().as_deref(), Some("服务新疆"), "{service}");
    }
}

#[test]
fn p04_is_skipped_with_a_reason_without_the_column() {
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &[vec![]]), "");
    assert_eq!(
        status(&outcome, "P04"),
        "skipped: the roster has no 专项 column"
    );
}

// ---------------------------------------------------------------- P05: sensitive posts

fn post(name: &'static str, unit: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![("岗位名称", name), ("服务单位", unit)]
}

#[test]
fn p05_a_keyword_in_the_post_name_warns() {
    let (info, outcome) = check_csv(
        &roster(NEW_RECRUIT, &[post("综治维稳专干", "某镇政府")]),
        "",
    );
    let f = only(&outcome, "P05");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.rows.to_vec(), [2]);
    assert_eq!(f.column, Some(Column::PostName));
    assert_eq!(f.cell_in(&info).as_deref(), Some("F2"));
    assert_eq!(f.value().as_deref(), Some("综治维稳专干"));
}

#[test]
fn p05_a_keyword_in_the_service_unit_warns() {
    let (info, outcome) = check_csv(&roster(NEW_RECRUIT, &[post("文员", "县反恐办")]), "");
    let f = only(&outcome, "P05");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.column, Some(Column::ServiceUnit));
    assert_eq!(f.cell_in(&info).as_deref(), Some("G2"));
}

#[test]
fn p05_every_default_keyword_warns() {
    for word in ["涉密", "保密", "机要", "反恐", "维稳", "国家安全"] {
        let name = format!("{word}岗");
        let csv = roster(NEW_RECRUIT, &[vec![("岗位名称", name.as_str())]]);
        let (_, outcome) = check_csv(&csv, "");
        assert_eq!(only(&outcome, "P05").severity, Severity::Warning, "{word}");
    }
}

#[test]
fn p05_one_warning_per_row_when_both_cells_match() {
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &[post("机要员", "县维稳办")]), "");
    assert_eq!(only(&outcome, "P05").column, Some(Column::PostName));
}

#[test]
fn p05_harmless_posts_do_not_warn() {
    let rows = [
        post("小学语文教师", "某县第一小学"),
        post("农技推广员", "某乡农业综合服务站"),
        post("", ""),
    ];
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    assert_eq!(status(&outcome, "P05"), "checked");
    assert!(of(&outcome, "P05").is_empty());
}

#[test]
fn p05_keywords_are_configurable() {
    let rows = [post("网格员", "社区"), post("综治维稳专干", "某镇政府")];
    let (_, outcome) = check_csv(
        &roster(NEW_RECRUIT, &rows),
        "[rules.P05]\nkeywords = [\"网格\"]\n",
    );
    let f = only(&outcome, "P05");
    assert_eq!(f.rows.to_vec(), [2]);
    assert_eq!(f.value().as_deref(), Some("网格员"));
}

#[test]
fn p05_runs_with_either_column_and_is_skipped_without_both() {
    let (info, outcome) = check_csv(&roster(NEW_RECRUIT, &[vec![("服务单位", "县维稳办")]]), "");
    assert_eq!(status(&outcome, "P05"), "checked");
    assert_eq!(only(&outcome, "P05").cell_in(&info).as_deref(), Some("F2"));

    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &[vec![]]), "");
    assert_eq!(
        status(&outcome, "P05"),
        "skipped: the roster has none of the columns 岗位名称, 服务单位"
    );
}

// ---------------------------------------------------------------- T01: reporting window

fn reporting(kind: &'static str, date: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![("志愿者类型", kind), ("报到日期", date)]
}

#[test]
fn t01_the_window_includes_both_ends() {
    let rows = [
        reporting("新招募", "2020-07-20"),
        reporting("新招募", "2020-07-31"),
        reporting("研支团", "2020-07-25"),
    ];
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    assert_eq!(status(&outcome, "T01"), "checked");
    assert!(of(&outcome, "T01").is_empty());
}

#[test]
fn t01_the_day_before_and_the_day_after_warn() {
    let rows = [
        reporting("新招募", "2020-07-19"),
        reporting("新招募", "2020-07-20"),
        reporting("研支团", "2020-08-01"),
    ];
    let (info, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    let f = of(&outcome, "T01");
    assert_eq!(f.len(), 2, "{f:#?}");
    assert_eq!((f[0].rows.to_vec(), f[1].rows.to_vec()), (vec![2], vec![4]));
    assert_eq!(f[0].cell_in(&info).as_deref(), Some("F2"));
    assert_eq!(f[1].cell_in(&info).as_deref(), Some("F4"));
    for f in &f {
        assert_eq!(f.severity, Severity::Warning);
        assert_eq!(f.column, Some(Column::ReportDate));
        assert_eq!(f.limit().as_deref(), Some("2020-07-20 … 2020-07-31"));
    }
    assert_eq!(f[0].actual().as_deref(), Some("2020-07-19"));
    assert_eq!(f[1].actual().as_deref(), Some("2020-08-01"));
}

#[test]
fn t01_extended_volunteers_are_not_checked() {
    let rows = [
        reporting("延期", "2019-07-22"),
        reporting("延期", "2020-08-01"),
    ];
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    assert!(of(&outcome, "T01").is_empty());
}

#[test]
fn t01_a_blank_reporting_date_is_not_checked() {
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &[reporting("新招募", "")]), "");
    assert!(of(&outcome, "T01").is_empty());
}

#[test]
fn t01_the_calendar_sets_the_window() {
    let toml = "[calendar]\nreport_from = 2021-07-15\nreport_to = 2021-07-25\n";
    let rows = [
        reporting("新招募", "2021-07-15"),
        reporting("新招募", "2021-07-25"),
        reporting("新招募", "2020-07-20"),
        reporting("新招募", "2021-07-26"),
    ];
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), toml);
    let rows: Vec<Vec<u32>> = of(&outcome, "T01")
        .iter()
        .map(|f| f.rows.to_vec())
        .collect();
    assert_eq!(rows, [vec![4], vec![5]]);
    assert_eq!(
        of(&outcome, "T01")[0].limit().as_deref(),
        Some("2021-07-15 … 2021-07-25")
    );
}

#[test]
fn t01_is_skipped_with_a_reason_without_the_column() {
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &[vec![]]), "");
    assert_eq!(
        status(&outcome, "T01"),
        "skipped: the roster has no 报到日期 column"
    );
}

// ---------------------------------------------------------------- E01: unreadable cells

#[test]
fn e01_each_unreadable_cell_is_one_finding_at_its_cell() {
    // (header, value, column, cell): NEW_RECRUIT fills A–E; other headers go to F.
    let cases: &[(&str, &str, Column, &str)] = &[
        ("报到日期", "7/20/2020", Column::ReportDate, "F2"),
        ("保险起期", "2020-02-30", Column::InsuranceStart, "F2"),
        ("服务省份", "火星", Column::ServiceProvince, "D2"),
        ("招募省份", "山东东", Column::RecruitProvince, "C2"),
        ("意外伤害保额", "八十万", Column::AccidentCover, "F2"),
        (
            "重大疾病保额",
            "80,0000",
            Column::CriticalIllnessCover,
            "F2",
        ),
        ("学历", "小学", Column::Education, "E2"),
        ("志愿者类型", "", Column::VolunteerType, "B2"),
        ("志愿者类型", "实习", Column::VolunteerType, "B2"),
        ("体检结论", "良好", Column::MedicalExam, "F2"),
    ];
    for &(header, value, column, cell) in cases {
        let (info, outcome) = check_csv(&roster(NEW_RECRUIT, &[vec![(header, value)]]), "");
        let f = only(&outcome, "E01");
        assert_eq!(f.severity, Severity::Error, "{header} {value:?}");
        assert_eq!(f.rows.to_vec(), [2], "{header} {value:?}");
        assert_eq!(f.column, Some(column), "{header} {value:?}");
        assert_eq!(
            f.cell_in(&info).as_deref(),
            Some(cell),
            "{header} {value:?}"
        );
        assert_eq!(f.value().as_deref(), Some(value), "{header} {value:?}");
        assert_eq!(info.cell_errors.len(), 1, "{header} {value:?}");
        // No other rule reports the same cell: nothing is guessed from it.
        let others: Vec<&Finding> = outcome
            .findings
            .iter()
            .filter(|f| f.rule() != "E01" && f.cell_in(&info).as_deref() == Some(cell))
            .collect();
        assert!(others.is_empty(), "{header} {value:?}: {others:#?}");
    }
}

#[test]
fn e01_findings_come_in_row_order_one_per_cell() {
    let rows = [
        vec![("学历", "小学"), ("报到日期", "2020-07-20")],
        vec![("学历", "本科"), ("报到日期", "2020-07-20")],
        vec![("学历", "小学"), ("报到日期", "去年")],
    ];
    let (info, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    let cells: Vec<String> = of(&outcome, "E01")
        .iter()
        .filter_map(|f| f.cell_in(&info))
        .collect();
    assert_eq!(cells, ["E2", "E4", "F4"]);
    let rows: Vec<u32> = of(&outcome, "E01")
        .iter()
        .filter_map(|f| f.rows.first())
        .collect();
    assert_eq!(rows, [2, 4, 4]);
}

#[test]
fn e01_an_unreadable_cell_leaves_the_row_out_of_share_counts() {
    // 新疆: 5 本科 and 1 专科 is 5 of 6 (83.33%); the row whose 学历 cannot be read is in neither.
    let mut rows = times(5, vec![]);
    rows.push(vec![("学历", "专科")]);
    rows.push(vec![("学历", "小学")]);
    let (info, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    let f = only(&outcome, "S02");
    assert_eq!((f.count(), f.total()), (Some(5), Some(6)));
    assert_eq!(f.rows.to_vec(), [7], "the 专科 row only");
    assert_eq!(only(&outcome, "E01").cell_in(&info).as_deref(), Some("E8"));
}

#[test]
fn e01_a_blank_volunteer_type_leaves_the_row_out_of_share_counts() {
    let mut rows = times(5, vec![]);
    rows.push(vec![("学历", "专科")]);
    rows.push(vec![("志愿者类型", ""), ("学历", "专科")]);
    let (info, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    let f = only(&outcome, "S02");
    assert_eq!((f.count(), f.total()), (Some(5), Some(6)));
    assert_eq!(only(&outcome, "E01").cell_in(&info).as_deref(), Some("B8"));
}

#[test]
fn e01_an_unknown_recruiting_province_leaves_the_row_out_of_the_in_province_share() {
    // 新疆: 8 of 11 in-province; the unreadable row would make it 8 of 12 (66.67%) if counted.
    let mut rows = times(8, vec![("招募省份", "新疆")]);
    rows.extend(times(3, vec![("招募省份", "山东")]));
    rows.push(vec![("招募省份", "火星")]);
    let (info, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    let f = only(&outcome, "S01");
    assert_eq!((f.count(), f.total()), (Some(8), Some(11)));
    assert_eq!(only(&outcome, "E01").cell_in(&info).as_deref(), Some("C13"));
}

#[test]
fn e01_is_always_checked() {
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &[vec![]]), "");
    assert_eq!(status(&outcome, "E01"), "checked");
    assert!(of(&outcome, "E01").is_empty());
}

/// E01 speaks the clerk's language: the Chinese message says what to write in Chinese, the
/// English one in English.
#[test]
fn e01_messages_are_in_each_language() {
    let csv = common::check::roster(
        common::check::NEW_RECRUIT,
        &[vec![("报到日期", "7/20/2020"), ("招募省份", "山冬")]],
    );
    let (_, outcome) = common::check::check_csv(&csv, "");
    let e01 = common::check::of(&outcome, "E01");
    assert_eq!(e01.len(), 2);
    let zh: Vec<String> = e01
        .iter()
        .map(|f| f.message(xibu::messages::Lang::Zh))
        .collect();
    assert!(
        zh.iter()
            .any(|m| m.contains("无法识别为日期；请写成 2020-07-20")),
        "{zh:?}"
    );
    assert!(
        zh.iter()
            .any(|m| m.contains("“山冬”不是省份名称，是否为 山西 或 山东？")),
        "{zh:?}"
    );
    assert!(e01.iter().all(|f| {
        f.message(xibu::messages::Lang::En)
            .contains("cannot be read")
    }));
}
