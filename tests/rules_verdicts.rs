//! Issue 11, verdicts a project office can defend: who is counted, the plan's own exceptions,
//! blank cells (E02), service terms (T02), 补录 and 地方项目, and the row rules made stricter.
//! Each change has a fixture where it fires and a boundary where it does not.

mod common;

use common::check::{NEW_RECRUIT, check_csv, of, roster, status, times};
use xibu::messages::{Lang, Msg};
use xibu::roster::schema::Column;
use xibu::rules::{Finding, Outcome, RuleConfig, Severity};

type Row<'a> = Vec<(&'a str, &'a str)>;

fn only<'a>(outcome: &'a Outcome, rule: &str) -> &'a Finding {
    let f = of(outcome, rule);
    assert_eq!(f.len(), 1, "{rule}: {f:#?}");
    f[0]
}

/// [`NEW_RECRUIT`] with some values changed and some columns added.
fn base<'a>(more: &[(&'a str, &'a str)]) -> Row<'a> {
    let mut row: Row<'a> = NEW_RECRUIT.to_vec();
    for &(header, value) in more {
        match row.iter_mut().find(|(h, _)| *h == header) {
            Some(cell) => cell.1 = value,
            None => row.push((header, value)),
        }
    }
    row
}

/// `row` with some values changed and some columns added.
fn with<'a>(mut row: Row<'a>, more: &[(&'a str, &'a str)]) -> Row<'a> {
    for &(header, value) in more {
        match row.iter_mut().find(|(h, _)| *h == header) {
            Some(cell) => cell.1 = value,
            None => row.push((header, value)),
        }
    }
    row
}

fn concat<'a>(parts: Vec<Vec<Row<'a>>>) -> Vec<Row<'a>> {
    parts.into_iter().flatten().collect()
}

/// The notices of the population rule, in Chinese.
fn notices(outcome: &Outcome) -> Vec<String> {
    outcome
        .notices
        .iter()
        .map(|n| n.text.render(Lang::Zh))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Who is counted

/// New recruits from 吉林 serving in 吉林 (附件2: 吉林 ← 吉林 3, 附件1: 3 新招募).
fn jilin(rows: Vec<Row<'static>>) -> String {
    let base = base(&[
        ("招募省份", "吉林"),
        ("服务省份", "吉林"),
        ("在岗状态", ""),
        ("招募方式", ""),
    ]);
    roster(&base, &rows)
}

#[test]
fn a_lost_volunteer_and_the_late_recruit_replacing_her_count_once_in_q01_and_q02() {
    // 2 在岗 + 1 流失 + 1 补录 is 3 placed: within 吉林 ← 吉林 3, and within 附件1's 3.
    let rows = concat(vec![
        times(2, vec![("在岗状态", "在岗")]),
        times(1, vec![("在岗状态", "流失")]),
        times(1, vec![("招募方式", "补录")]),
    ]);
    let (_, outcome) = check_csv(&jilin(rows), "");
    assert_eq!(status(&outcome, "Q01"), "checked");
    assert!(of(&outcome, "Q01").is_empty(), "{:#?}", of(&outcome, "Q01"));
    assert!(of(&outcome, "Q02").is_empty(), "{:#?}", of(&outcome, "Q02"));
    assert_eq!(
        notices(&outcome),
        ["离岗、流失志愿者 1 人未计入 S01–S03、Q01、Q02（由补录替补），S04 只计其优秀等次"]
    );
    // Four placed is one too many, for both rules.
    let (_, outcome) = check_csv(&jilin(times(4, vec![])), "");
    assert_eq!(only(&outcome, "Q01").count(), Some(4));
    assert!(!of(&outcome, "Q02").is_empty());
    assert!(notices(&outcome).is_empty(), "no row was left out");
}

#[test]
fn off_post_rows_are_out_of_s01_and_s02_too() {
    // 7 of 10 placed new recruits in-province passes S01; 3 lost in-province rows would make it
    // 10 of 13 = 76.9% if counted. 3 lost 专科 rows would bring S02 to 10 of 13 = 76.9%.
    let rows = concat(vec![
        times(7, vec![("招募省份", "新疆")]),
        times(3, vec![]),
        times(
            3,
            vec![("招募省份", "新疆"), ("学历", "专科"), ("在岗状态", "流失")],
        ),
    ]);
    let csv = roster(&base(&[("在岗状态", "")]), &rows);
    let (_, outcome) = check_csv(&csv, "");
    assert!(of(&outcome, "S01").is_empty(), "{:#?}", of(&outcome, "S01"));
    assert!(of(&outcome, "S02").is_empty(), "{:#?}", of(&outcome, "S02"));
    assert!(notices(&outcome)[0].contains(" 3 人"));
    // The same rows in post: both rules fire.
    let csv = csv.replace("流失", "在岗");
    let (_, outcome) = check_csv(&csv, "");
    assert_eq!(only(&outcome, "S01").count(), Some(10));
    assert_eq!(only(&outcome, "S02").total(), Some(13));
}

#[test]
fn local_project_rows_are_out_of_q01_and_q02_only() {
    // 新疆 ← 西藏 is no pair of 附件2: a national-project recruit there is a Q01 finding, a
    // 地方项目 one is not counted against the national tables.
    let local = roster(
        NEW_RECRUIT,
        &[vec![("招募省份", "西藏"), ("项目类型", "地方项目")]],
    );
    let (_, outcome) = check_csv(&local, "");
    assert!(of(&outcome, "Q01").is_empty());
    assert_eq!(
        notices(&outcome),
        ["地方项目志愿者 1 人未计入附件1、附件2（Q01、Q02）"]
    );
    // S01 still counts the row: it is a new recruit the roster places.
    assert_eq!(
        outcome
            .tallies
            .iter()
            .find(|t| t.rule == "S01")
            .unwrap()
            .total,
        1
    );
    for national in ["全国项目", ""] {
        let csv = roster(
            NEW_RECRUIT,
            &[vec![("招募省份", "西藏"), ("项目类型", national)]],
        );
        let (_, outcome) = check_csv(&csv, "");
        assert_eq!(only(&outcome, "Q01").count(), Some(1), "{national:?}");
    }
    // Q02: 附件1 has no 延期 for 河北; a 地方项目 延期 volunteer there is not counted.
    let hebei = base(&[("服务省份", "河北"), ("志愿者类型", "延期")]);
    let (_, outcome) = check_csv(&roster(&hebei, &[vec![("项目类型", "地方项目")]]), "");
    assert!(of(&outcome, "Q02").is_empty());
    let (_, outcome) = check_csv(&roster(&hebei, &[vec![("项目类型", "全国项目")]]), "");
    assert!(!of(&outcome, "Q02").is_empty());
}

// ---------------------------------------------------------------------------------------------
// S01: the plan's own exceptions

#[test]
fn jilin_3_of_3_in_province_passes_with_a_notice_naming_the_plan() {
    let (_, outcome) = check_csv(&jilin(times(3, vec![])), "");
    let f = only(&outcome, "S01");
    assert_eq!(f.severity, Severity::Notice);
    assert_eq!((f.count(), f.total()), (Some(3), Some(3)));
    assert_eq!(f.limit().as_deref(), Some("≤ 100.00%"));
    let zh = f.message(Lang::Zh);
    assert!(
        zh.contains("附件2 为本地安排的省内招募比例 100.00%（3/3）"),
        "{zh}"
    );
    assert!(f.message(Lang::En).contains("100.00% (3/3)"));
    let tally = outcome.tallies.iter().find(|t| t.rule == "S01").unwrap();
    assert!(!tally.breached, "the summary does not mark it");
    assert!(
        outcome
            .findings
            .iter()
            .all(|f| f.severity != Severity::Error)
    );
}

#[test]
fn without_the_plan_allowance_jilin_3_of_3_is_an_error() {
    let (_, outcome) = check_csv(
        &jilin(times(3, vec![])),
        "[rules.S01]\nplan_allowance = false\n",
    );
    let f = only(&outcome, "S01");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.limit().as_deref(), Some("≤ 70%"));
}

/// `inside` of 25 new recruits serving in 黑龙江 from 黑龙江, the rest from 广东.
fn heilongjiang(inside: usize) -> String {
    let base = base(&[("服务省份", "黑龙江")]);
    let rows = concat(vec![
        times(inside, vec![("招募省份", "黑龙江")]),
        times(25 - inside, vec![("招募省份", "广东")]),
    ]);
    roster(&base, &rows)
}

#[test]
fn heilongjiang_21_of_25_is_84_percent_above_the_plans_80_and_an_error() {
    let (_, outcome) = check_csv(&heilongjiang(21), "");
    let f = of(&outcome, "S01")
        .into_iter()
        .find(|f| f.count() == Some(21))
        .unwrap();
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.total(), Some(25));
    assert_eq!(f.actual().as_deref(), Some("84.00%"));
    assert_eq!(f.limit().as_deref(), Some("≤ 80.00%"));
    assert!(
        f.message(Lang::Zh)
            .contains("也超过附件2 为本地安排的省内招募比例 80.00%（20/25）"),
        "{}",
        f.message(Lang::Zh)
    );
    assert!(
        outcome
            .tallies
            .iter()
            .any(|t| t.rule == "S01" && t.breached)
    );
}

#[test]
fn heilongjiang_20_of_25_is_the_plans_own_80_percent_a_notice() {
    let (_, outcome) = check_csv(&heilongjiang(20), "");
    let f = only(&outcome, "S01");
    assert_eq!(f.severity, Severity::Notice);
    assert_eq!((f.count(), f.total()), (Some(20), Some(25)));
}

#[test]
fn a_region_the_plan_keeps_within_70_percent_gets_no_allowance() {
    // 新疆: 附件2 plans 86 of its 新招募 in-province, well under 70%: 8 of 10 is an error.
    let rows = concat(vec![times(8, vec![("招募省份", "新疆")]), times(2, vec![])]);
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    let f = only(&outcome, "S01");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.limit().as_deref(), Some("≤ 70%"));
}

// ---------------------------------------------------------------------------------------------
// E02: blank cells a rule needs

fn s03_row<'a>() -> Row<'a> {
    vec![
        ("服务省份", "内蒙古"),
        ("招募省份", "内蒙古"),
        ("服务县", "武川县"),
        ("单位级别", "乡镇"),
        ("单位性质", "事业单位"),
    ]
}

#[test]
fn e02_a_blank_county_under_county_scope_names_the_rules_it_blocks() {
    let rows = vec![s03_row(), with(s03_row(), &[("服务县", "")])];
    let csv = roster(NEW_RECRUIT, &rows);
    let toml = "[rules.S03]\nscope = \"service_county\"\n[rules.S02]\nscope = \"service_county\"\n";
    let (info, outcome) = check_csv(&csv, toml);
    let f = only(&outcome, "E02");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.rows.to_vec(), [3]);
    assert_eq!(f.column, Some(Column::ServiceCounty));
    assert_eq!(f.cell_in(&info).as_deref(), Some("F3"));
    assert_eq!(f.message(Lang::Zh), "服务县为空，S02、S03 无法检查这一行");
    assert_eq!(
        f.message(Lang::En),
        "服务县 is blank: S02, S03 cannot check this row"
    );
    // Under the province scope a blank county blocks nothing.
    let (_, outcome) = check_csv(&csv, "");
    assert!(of(&outcome, "E02").is_empty(), "{:#?}", of(&outcome, "E02"));
    // A disabled rule is blocked by nothing.
    let (_, outcome) = check_csv(
        &csv,
        "[rules.S03]\nscope = \"service_county\"\nenabled = false\n",
    );
    assert!(of(&outcome, "E02").is_empty());
}

#[test]
fn e02_blank_unit_level_or_nature_names_s03() {
    let rows = vec![
        with(s03_row(), &[("单位级别", "")]),
        with(s03_row(), &[("单位性质", "")]),
        // Not placed: S03 does not count the row, so nothing is blocked.
        with(s03_row(), &[("单位级别", ""), ("在岗状态", "离岗")]),
    ];
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    let found: Vec<(u32, Option<Column>, String)> = of(&outcome, "E02")
        .iter()
        .map(|f| (f.rows.first().unwrap(), f.column, f.message(Lang::Zh)))
        .collect();
    assert_eq!(
        found,
        [
            (
                2,
                Some(Column::UnitLevel),
                "单位级别为空，S03 无法检查这一行".to_string()
            ),
            (
                3,
                Some(Column::UnitNature),
                "单位性质为空，S03 无法检查这一行".to_string()
            ),
        ]
    );
}

/// A row with every date and cover, so that only the blank under test is blank.
fn dated<'a>() -> Row<'a> {
    vec![
        ("报到日期", "2020-07-25"),
        ("服务期满日期", "2021-07-31"),
        ("保险起期", "2020-07-20"),
        ("保险止期", "2021-08-10"),
        ("住院医疗保额", ""),
        ("意外医疗保额", ""),
    ]
}

#[test]
fn e02_a_blank_reporting_date_names_i05_t01_and_t02_on_a_new_recruit_only_t02_on_an_extended() {
    let rows = vec![
        with(dated(), &[("报到日期", "")]),
        with(dated(), &[("报到日期", ""), ("志愿者类型", "延期")]),
        with(dated(), &[("服务期满日期", "")]),
        // Blank covers that mean "not bought" are no finding.
        dated(),
    ];
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    let found: Vec<(u32, String)> = of(&outcome, "E02")
        .iter()
        .map(|f| (f.rows.first().unwrap(), f.message(Lang::Zh)))
        .collect();
    assert_eq!(
        found,
        [
            (2, "报到日期为空，I05、T01、T02 无法检查这一行".to_string()),
            (3, "报到日期为空，T02 无法检查这一行".to_string()),
            (4, "服务期满日期为空，I06、T02 无法检查这一行".to_string()),
        ]
    );
}

#[test]
fn e02_a_post_with_neither_name_nor_unit_names_p05() {
    let rows = vec![
        vec![("岗位名称", ""), ("服务单位", "")],
        vec![("岗位名称", ""), ("服务单位", "镇中心小学")],
    ];
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    let f = only(&outcome, "E02");
    assert_eq!(f.rows.to_vec(), [2]);
    assert_eq!(f.column, Some(Column::PostName));
}

// ---------------------------------------------------------------------------------------------
// T02: the service term

fn term(kind: &'static str, report: &'static str, end: &'static str) -> Row<'static> {
    vec![
        ("志愿者类型", kind),
        ("报到日期", report),
        ("服务期满日期", end),
    ]
}

/// The T02 findings' rows of a roster of `rows`.
fn t02_rows(rows: &[Row]) -> Vec<u32> {
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, rows), "");
    assert_eq!(status(&outcome, "T02"), "checked");
    of(&outcome, "T02")
        .iter()
        .map(|f| f.rows.first().unwrap())
        .collect()
}

#[test]
fn t02_a_new_agreement_runs_one_year_and_the_grace_days() {
    let rows = vec![
        term("新招募", "2020-07-20", "2021-07-31"),
        term("新招募", "2020-07-20", "2021-08-20"), // one year and 31 days: the last day
        term("新招募", "2020-07-20", "2021-08-21"),
        term("新招募", "2020-07-20", "2023-07-31"), // a three-year agreement
        term("研究生支教团", "2020-07-20", "2022-07-31"),
    ];
    assert_eq!(t02_rows(&rows), [4, 5, 6]);
}

/// Each row's term is judged from its own report date and type, however they alternate (T02
/// remembers the last date's arithmetic).
#[test]
fn t02_judges_each_row_from_its_own_report_date_and_type() {
    let rows = vec![
        term("新招募", "2020-07-20", "2021-08-21"),
        term("延期", "2020-07-20", "2023-08-20"), // three years and 31 days: the last day
        term("新招募", "2020-07-21", "2021-08-21"), // one year and 31 days from the 21st
        term("新招募", "2020-07-20", "2021-08-21"),
        term("延期", "2020-07-20", "2023-08-21"),
    ];
    assert_eq!(t02_rows(&rows), [2, 5, 6]);
}

#[test]
fn t02_a_term_of_less_than_ten_months_warns() {
    let rows = vec![
        term("新招募", "2020-07-20", "2021-05-20"), // 10 months: passes
        term("新招募", "2020-07-20", "2021-05-19"),
        term("新招募", "2020-07-20", "2020-08-20"), // one month
        // A 补录 reporting on 9-10 and leaving with everyone on 7-31: passes.
        term("新招募", "2020-09-10", "2021-07-31"),
    ];
    assert_eq!(t02_rows(&rows), [3, 4]);
}

#[test]
fn t02_an_extended_volunteer_serves_at_most_three_years_in_all() {
    let rows = vec![
        term("延期", "2019-07-22", "2021-07-31"),
        term("延期", "2018-07-20", "2021-07-31"), // 3 years and 11 days: within the grace
        term("延期", "2016-07-20", "2021-07-31"),
    ];
    assert_eq!(t02_rows(&rows), [4]);
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    let f = only(&outcome, "T02");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.column, Some(Column::ServiceEndDate));
    assert!(
        f.message(Lang::Zh).contains("超过 3 年"),
        "{}",
        f.message(Lang::Zh)
    );
}

#[test]
fn t02_service_ending_on_or_before_reporting_warns() {
    let rows = vec![
        term("新招募", "2020-07-20", "2020-07-20"),
        term("延期", "2020-07-20", "2019-07-31"),
    ];
    assert_eq!(t02_rows(&rows), [2, 3]);
}

#[test]
fn t02_grace_days_is_an_option() {
    let rows = vec![term("新招募", "2020-07-20", "2021-08-21")];
    let (_, outcome) = check_csv(
        &roster(NEW_RECRUIT, &rows),
        "[rules.T02]\ngrace_days = 32\n",
    );
    assert!(of(&outcome, "T02").is_empty());
}

// ---------------------------------------------------------------------------------------------
// T01: 补录 against the 补录 deadline

#[test]
fn a_late_recruit_reporting_on_9_10_passes_t01_on_9_11_warns() {
    let late = |date: &'static str| vec![("招募方式", "补录"), ("报到日期", date)];
    let rows = vec![late("2020-09-10"), late("2020-09-11")];
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    let f = only(&outcome, "T01");
    assert_eq!(f.rows.to_vec(), [3]);
    assert_eq!(
        f.message(Lang::Zh),
        "补录志愿者的报到日期 2020-09-11 不在 2020-07-20 至补录截止日 2020-09-10 内"
    );
    // Without 补录, 9-10 is outside the 报到 window.
    let rows = vec![vec![("招募方式", "集中招募"), ("报到日期", "2020-09-10")]];
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    assert_eq!(only(&outcome, "T01").rows.to_vec(), [2]);
}

#[test]
fn the_late_deadline_comes_from_the_calendar() {
    let rows = vec![vec![("招募方式", "补录"), ("报到日期", "2020-09-11")]];
    let (_, outcome) = check_csv(
        &roster(NEW_RECRUIT, &rows),
        "[calendar]\nlate_until = 2020-09-15\n",
    );
    assert!(of(&outcome, "T01").is_empty());
}

// ---------------------------------------------------------------------------------------------
// P01, P03, P05

/// A valid ID number with this birth date (YYYYMMDD).
fn born(date: &str) -> String {
    let body = format!("370102{date}123");
    format!("{body}{}", xibu::idcard::check_char(&body).unwrap())
}

#[test]
fn p01_a_birth_date_after_reporting_or_under_16_fires_at_16_passes() {
    let ids = [
        born("20300101"),
        born("20100101"),
        born("20040720"), // 16 on the day of 报到
        born("20040721"),
    ];
    let rows: Vec<Row> = ids
        .iter()
        .map(|id| vec![("身份证号", id.as_str()), ("报到日期", "2020-07-20")])
        .collect();
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    let found: Vec<(u32, Msg)> = of(&outcome, "P01")
        .iter()
        .map(|f| {
            (
                f.rows.first().unwrap(),
                f.text(&xibu::rules::finding::NoRoster).msg,
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (2, Msg::P01BornAfterReport),
            (3, Msg::P01TooYoung),
            (5, Msg::P01TooYoung)
        ]
    );
}

/// The age is judged on each row's own 报到日期, however the dates alternate (P01 remembers the
/// last date's arithmetic).
#[test]
fn p01_judges_each_row_on_its_own_reporting_date() {
    let id = born("20040721");
    let rows: Vec<Row> = [
        "2020-07-20",
        "2020-07-21",
        "2020-07-20",
        "2021-01-01",
        "2020-07-20",
    ]
    .iter()
    .map(|date| vec![("身份证号", id.as_str()), ("报到日期", *date)])
    .collect();
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    let young: Vec<u32> = of(&outcome, "P01")
        .iter()
        .filter(|f| f.text(&xibu::rules::finding::NoRoster).msg == Msg::P01TooYoung)
        .map(|f| f.rows.first().unwrap())
        .collect();
    assert_eq!(young, [2, 4, 6]);
}

#[test]
fn p01_without_a_reporting_date_uses_the_windows_last_day() {
    let id = born("20300101");
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &[vec![("身份证号", &id)]]), "");
    assert!(
        only(&outcome, "P01")
            .message(Lang::Zh)
            .contains("晚于报到日期 2020-07-31")
    );
}

#[test]
fn p03_a_blank_lung_test_is_a_finding_on_new_recruits_only() {
    let tibet = base(&[("服务省份", "西藏"), ("肺通气检查", "")]);
    let rows = vec![
        vec![],
        vec![("志愿者类型", "延期")],
        vec![("志愿者类型", "研究生支教团")],
        vec![("志愿者类型", "延期"), ("肺通气检查", "不合格")],
    ];
    let (_, outcome) = check_csv(&roster(&tibet, &rows), "");
    let found: Vec<u32> = of(&outcome, "P03")
        .iter()
        .map(|f| f.rows.first().unwrap())
        .collect();
    assert_eq!(found, [2, 5]);
}

#[test]
fn p05_sensitive_files_are_named() {
    let rows = vec![
        vec![("岗位名称", "敏感信息整理员")],
        vec![("岗位名称", "小学语文教师")],
    ];
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    let f = only(&outcome, "P05");
    assert_eq!(f.rows.to_vec(), [2]);
    assert!(f.message(Lang::Zh).contains("“敏感”"));
}

// ---------------------------------------------------------------------------------------------
// Amounts with inner spaces

#[test]
fn amounts_with_inner_spaces_in_groups_of_3_or_4_read_others_are_e01() {
    let rows = vec![
        vec![("意外伤害保额", "800 000")],
        vec![("意外伤害保额", "80 0000")],
        vec![("意外伤害保额", "1 800000")],
        vec![("意外伤害保额", "50 80")],
    ];
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    assert!(of(&outcome, "I01").is_empty(), "{:#?}", of(&outcome, "I01"));
    let e01: Vec<(u32, Option<String>)> = of(&outcome, "E01")
        .iter()
        .map(|f| (f.rows.first().unwrap(), f.value().map(|v| v.into_owned())))
        .collect();
    assert_eq!(
        e01,
        [(4, Some("1 800000".into())), (5, Some("50 80".into()))]
    );
}

// ---------------------------------------------------------------------------------------------
// Citations and provinces

#[test]
fn citations_name_their_section_and_the_inner_mongolia_plan() {
    let rules = RuleConfig::default();
    assert_eq!(rules.citation("T01").unwrap().section, "三.4");
    let q02 = rules.citation("Q02").unwrap();
    assert_eq!(q02.section, "");
    assert_eq!(q02.sentence, "2020—2021 年度西部计划分省实施规模");
    for id in ["S03", "S04", "P04", "T02"] {
        assert!(rules.citation(id).unwrap().short.contains("内蒙古"), "{id}");
    }
}

#[test]
fn inner_mongolia_rules_run_only_in_the_configured_provinces() {
    // 青海: 4 placements in 县级 机关 (S03), all 优秀 (S04), 专项 乡村振兴 (P04).
    let base = base(&[
        ("服务省份", "青海"),
        ("单位级别", "县级"),
        ("单位性质", "机关"),
        ("考核等次", "优秀"),
        ("专项", "乡村振兴"),
    ]);
    let csv = roster(&base, &times(4, vec![]));
    let (_, outcome) = check_csv(&csv, "");
    for id in ["S03", "S04", "P04"] {
        assert!(!of(&outcome, id).is_empty(), "{id} by default");
    }
    let toml = "[rules.S03]\nprovinces = [\"内蒙古\"]\n\
                [rules.S04]\nprovinces = [\"内蒙古自治区\"]\n\
                [rules.P04]\nprovinces = [\"内蒙古\", \"宁夏\"]\n";
    let (_, outcome) = check_csv(&csv, toml);
    for id in ["S03", "S04", "P04"] {
        assert!(of(&outcome, id).is_empty(), "{id} only in 内蒙古");
    }
}

#[test]
fn the_new_options_refuse_bad_values_with_their_line() {
    let resolve = |text: &str| {
        let config = xibu::config::Config::parse(std::path::Path::new("xibu.toml"), text).unwrap();
        let edition = xibu::plan::edition::Edition::builtin().unwrap();
        RuleConfig::resolve(&config, &edition).map(|_| ())
    };
    let err = resolve("[rules.P01]\nmin_age_years = 200\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "xibu.toml: line 2: P01.min_age_years: expected a whole number from 0 to 100"
    );
    let err = resolve("[rules.S01]\nplan_allowance = \"yes\"\n").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("xibu.toml: line 2: S01.plan_allowance"),
        "{err}"
    );
    let err = resolve("[rules.S03]\nprovinces = [\"火星\"]\n").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("xibu.toml: line 2: S03.provinces"),
        "{err}"
    );
    assert!(resolve("[rules.T02]\ngrace_days = 0\nmin_months = 12\n").is_ok());
}
