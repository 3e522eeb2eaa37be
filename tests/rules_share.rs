//! The share rules S01–S04: where each fires and where it does not (exactly at the limit passes),
//! the exact numbers a finding reports, the population each rule counts, its scopes, and rules
//! skipped for want of a column.

mod common;

use common::check::{NEW_RECRUIT, check_csv, of, roster, status, times};
use xibu::Province;
use xibu::rules::{Finding, Outcome, Scope, Severity};

type Row<'a> = Vec<(&'a str, &'a str)>;

/// CSV line numbers of `n` rows from line `from` on (the first data row is line 2).
fn lines(from: u32, n: u32) -> Vec<u32> {
    (from..from + n).collect()
}

/// The one finding `rule` made.
fn only<'a>(outcome: &'a Outcome, rule: &str) -> &'a Finding {
    let f = of(outcome, rule);
    assert_eq!(f.len(), 1, "{rule}: {f:#?}");
    f[0]
}

/// The exact numbers of a share finding: (count, total, actual, limit).
fn numbers(f: &Finding) -> (Option<u64>, Option<u64>, Option<&str>, Option<&str>) {
    (
        f.count(),
        f.total(),
        f.facts().and_then(|x| x.actual.as_deref()),
        f.facts().and_then(|x| x.limit.as_deref()),
    )
}

fn province(p: Province) -> Scope {
    Scope {
        service_province: Some(p),
        ..Scope::default()
    }
}

/// `rows` in order.
fn concat<'a>(parts: Vec<Vec<Row<'a>>>) -> Vec<Row<'a>> {
    parts.into_iter().flatten().collect()
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

// ---------------------------------------------------------------------------------------------
// S01

/// S01 with the configured limit alone, for tests about the comparison itself.
const NO_ALLOWANCE: &str = "[rules.S01]\nplan_allowance = false\n";

/// `inside` new recruits from 贵州 serving in 贵州, then `outside` from 山东.
fn guizhou(inside: usize, outside: usize) -> String {
    let b = base(&[("服务省份", "贵州")]);
    let rows = concat(vec![
        times(inside, vec![("招募省份", "贵州")]),
        times(outside, vec![("招募省份", "山东")]),
    ]);
    roster(&b, &rows)
}

#[test]
fn s01_447_of_638_is_70_06_percent_and_fires_with_exact_numbers() {
    // Without the plan's allowance: 附件2 itself plans 贵州 at 447/638 (see tests/rules_s01.rs).
    let (_, outcome) = check_csv(&guizhou(447, 191), NO_ALLOWANCE);
    assert_eq!(status(&outcome, "S01"), "checked");
    let f = only(&outcome, "S01");
    assert_eq!(
        numbers(f),
        (Some(447), Some(638), Some("70.06%"), Some("≤ 70%"))
    );
    assert_eq!(f.rows.to_vec(), lines(2, 447), "the in-province rows");
    assert_eq!(*f.scope(), province(Province::Guizhou));
    assert_eq!(f.severity, Severity::Error);
}

#[test]
fn s01_compares_exactly_447_of_638_breaks_a_70_06_percent_limit_that_it_rounds_to() {
    // 447/638 = 70.0627…%: above a 70.06% limit, so it is printed with the decimal that shows
    // the excess (70.063%), never as a "70.06%, over 70.06%".
    let roster = guizhou(447, 191);
    let (_, outcome) = check_csv(
        &roster,
        "[rules.S01]\nlimit_percent = 70.06\nplan_allowance = false\n",
    );
    let f = only(&outcome, "S01");
    assert_eq!(
        numbers(f),
        (Some(447), Some(638), Some("70.063%"), Some("≤ 70.06%"))
    );
    let (_, outcome) = check_csv(
        &roster,
        "[rules.S01]\nlimit_percent = 70.07\nplan_allowance = false\n",
    );
    assert!(of(&outcome, "S01").is_empty());
}

#[test]
fn s01_exactly_70_00_percent_passes_and_one_more_fires() {
    // 441/630 = 70.00% exactly.
    let (_, outcome) = check_csv(&guizhou(441, 189), NO_ALLOWANCE);
    assert_eq!(status(&outcome, "S01"), "checked");
    assert!(of(&outcome, "S01").is_empty());
    let (_, outcome) = check_csv(&guizhou(442, 188), NO_ALLOWANCE);
    assert_eq!(
        numbers(only(&outcome, "S01")),
        (Some(442), Some(630), Some("70.16%"), Some("≤ 70%"))
    );
}

#[test]
fn s01_counts_new_recruits_only_extended_and_grad_teach_rows_are_left_out() {
    // 7 of 10 new recruits in-province passes; counting 10 in-province 延期/研支团 rows too would
    // make it 17 of 20 = 85%.
    let rows = concat(vec![
        times(7, vec![("招募省份", "新疆")]),
        times(3, vec![]),
        times(5, vec![("招募省份", "新疆"), ("志愿者类型", "延期")]),
        times(
            5,
            vec![("招募省份", "新疆"), ("志愿者类型", "研究生支教团")],
        ),
    ]);
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    assert!(of(&outcome, "S01").is_empty());

    // 8 of 11 fires; 10 out-of-province 延期 rows would dilute it to 8 of 21 if counted.
    let rows = concat(vec![
        times(10, vec![("志愿者类型", "延期")]),
        times(8, vec![("招募省份", "新疆")]),
        times(3, vec![]),
    ]);
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    let f = only(&outcome, "S01");
    assert_eq!((f.count(), f.total()), (Some(8), Some(11)));
    assert_eq!(f.rows.to_vec(), lines(12, 8));
}

// ---------------------------------------------------------------------------------------------
// S02

#[test]
fn s02_fires_below_85_percent_and_points_at_the_rows_not_counted() {
    // Lines 2–3 and 20–21 are 专科: 16 of 20 = 80%.
    let rows = concat(vec![
        times(2, vec![("学历", "专科")]),
        times(16, vec![]),
        times(2, vec![("学历", "大专")]),
    ]);
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    assert_eq!(status(&outcome, "S02"), "checked");
    let f = only(&outcome, "S02");
    assert_eq!(
        numbers(f),
        (Some(16), Some(20), Some("80.00%"), Some("≥ 85%"))
    );
    assert_eq!(f.rows.to_vec(), [2, 3, 20, 21], "the 专科 rows");
    assert_eq!(*f.scope(), province(Province::Xinjiang));
}

#[test]
fn s02_exactly_85_00_percent_passes_and_84_50_fires() {
    let qinghai = |juniors: usize| {
        let b = base(&[("服务省份", "青海")]);
        let rows = concat(vec![
            times(200 - juniors, vec![]),
            times(juniors, vec![("学历", "专科")]),
        ]);
        roster(&b, &rows)
    };
    let (_, outcome) = check_csv(&qinghai(30), "");
    assert!(of(&outcome, "S02").is_empty(), "170 of 200 = 85.00%");
    let (_, outcome) = check_csv(&qinghai(31), "");
    let f = only(&outcome, "S02");
    assert_eq!(
        numbers(f),
        (Some(169), Some(200), Some("84.50%"), Some("≥ 85%"))
    );
    assert_eq!(f.rows.to_vec(), lines(171, 31));
    assert_eq!(*f.scope(), province(Province::Qinghai));
}

#[test]
fn s02_counts_new_recruits_only_extended_and_grad_teach_rows_are_left_out() {
    // 17 of 20 new recruits passes; 10 专科 延期/研支团 rows would make it 17 of 30 if counted.
    let rows = concat(vec![
        times(17, vec![]),
        times(3, vec![("学历", "专科")]),
        times(5, vec![("学历", "专科"), ("志愿者类型", "延期")]),
        times(5, vec![("学历", "专科"), ("志愿者类型", "研支团")]),
    ]);
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    assert!(of(&outcome, "S02").is_empty());

    // 16 of 20 fires; 10 本科 延期 rows would lift it to 26 of 30 if counted, and the 专科
    // 研支团 rows are not pointed at.
    let rows = concat(vec![
        times(10, vec![("志愿者类型", "延期")]),
        times(2, vec![("学历", "专科"), ("志愿者类型", "研支团")]),
        times(16, vec![]),
        times(4, vec![("学历", "专科")]),
    ]);
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    let f = only(&outcome, "S02");
    assert_eq!((f.count(), f.total()), (Some(16), Some(20)));
    assert_eq!(f.rows.to_vec(), lines(30, 4));
}

#[test]
fn s02_counts_graduates_unless_bachelor_only_is_set() {
    // 14 本科 + 2 硕士 + 1 博士 of 20 = 85% with graduates; 14 of 20 = 70% with 本科 alone.
    let rows = concat(vec![
        times(14, vec![]),
        times(1, vec![("学历", "硕士研究生")]),
        times(1, vec![("学历", "硕士")]),
        times(1, vec![("学历", "博士研究生")]),
        times(3, vec![("学历", "专科")]),
    ]);
    let csv = roster(NEW_RECRUIT, &rows);
    let (_, outcome) = check_csv(&csv, "");
    assert!(of(&outcome, "S02").is_empty());

    let (_, outcome) = check_csv(&csv, "[rules.S02]\nbachelor_only = true\n");
    let f = only(&outcome, "S02");
    assert_eq!(
        numbers(f),
        (Some(14), Some(20), Some("70.00%"), Some("≥ 85%"))
    );
    assert_eq!(
        f.rows.to_vec(),
        lines(16, 6),
        "the 硕士, 博士 and 专科 rows"
    );
    assert!(
        f.message(xibu::messages::Lang::Zh).contains("本科 14 人"),
        "{}",
        f.message(xibu::messages::Lang::Zh)
    );
}

// ---------------------------------------------------------------------------------------------
// S03

/// Placements in 内蒙古 at 乡镇 事业单位, with the S03 columns.
fn s03_base() -> Row<'static> {
    base(&[
        ("服务省份", "内蒙古"),
        ("招募省份", "内蒙古"),
        ("单位级别", "乡镇"),
        ("单位性质", "事业单位"),
    ])
}

fn organ(level: &str) -> Row<'_> {
    vec![("单位级别", level), ("单位性质", "机关")]
}

#[test]
fn s03_fires_above_10_percent_and_points_at_the_organ_rows() {
    // 3 of 20: 县级, 市级 and 省级 机关 (under local spellings too). 乡镇 机关, 县级 事业单位 and
    // placements with a blank level or nature are in the total only.
    let rows = concat(vec![
        vec![organ("旗县级")],
        times(2, vec![("单位级别", "乡镇"), ("单位性质", "机关")]),
        times(2, vec![("单位级别", "县级"), ("单位性质", "事业单位")]),
        vec![organ("盟市级")],
        vec![vec![("单位级别", ""), ("单位性质", "机关")]],
        vec![vec![("单位级别", "县级"), ("单位性质", "")]],
        times(9, vec![]),
        vec![organ("省级")],
        times(2, vec![("单位级别", "嘎查")]),
    ]);
    assert_eq!(rows.len(), 20);
    let (_, outcome) = check_csv(&roster(&s03_base(), &rows), "");
    assert_eq!(status(&outcome, "S03"), "checked");
    let f = only(&outcome, "S03");
    assert_eq!(
        numbers(f),
        (Some(3), Some(20), Some("15.00%"), Some("≤ 10%"))
    );
    assert_eq!(f.rows.to_vec(), [2, 7, 19]);
    assert_eq!(*f.scope(), province(Province::NeiMongol));
}

#[test]
fn s03_exactly_10_percent_passes() {
    let rows = concat(vec![times(2, organ("县级")), times(18, vec![])]);
    let (_, outcome) = check_csv(&roster(&s03_base(), &rows), "");
    assert_eq!(status(&outcome, "S03"), "checked");
    assert!(of(&outcome, "S03").is_empty(), "2 of 20 = 10.00%");
}

#[test]
fn s03_counts_placements_in_post_of_every_type_a_blank_status_is_in_post() {
    // 2 organs of 20 in post passes; 4 离岗/流失 organ rows would make it 6 of 24 if counted.
    let rows = concat(vec![
        vec![organ("县级")],
        vec![[organ("县级"), vec![("在岗状态", "在岗")]].concat()],
        times(9, vec![("在岗状态", "在岗")]),
        times(9, vec![]),
        times(2, [organ("县级"), vec![("在岗状态", "离岗")]].concat()),
        times(2, [organ("市级"), vec![("在岗状态", "流失")]].concat()),
    ]);
    let (_, outcome) = check_csv(&roster(&s03_base(), &rows), "");
    assert!(of(&outcome, "S03").is_empty());

    // 3 organs of 20 in post — new, 延期 and 研支团, blank status or 在岗 — fires; 10 流失/离岗
    // placements elsewhere would dilute it to 3 of 30 = 10% if counted.
    let rows = concat(vec![
        times(5, vec![("在岗状态", "流失")]),
        vec![organ("县级")],
        vec![[organ("县级"), vec![("志愿者类型", "延期")]].concat()],
        vec![
            [
                organ("市级"),
                vec![("志愿者类型", "研支团"), ("在岗状态", "在岗")],
            ]
            .concat(),
        ],
        times(5, vec![("在岗状态", "离岗")]),
        times(10, vec![("志愿者类型", "延期")]),
        times(7, vec![("在岗状态", "在岗")]),
    ]);
    let (_, outcome) = check_csv(&roster(&s03_base(), &rows), "");
    let f = only(&outcome, "S03");
    assert_eq!((f.count(), f.total()), (Some(3), Some(20)));
    assert_eq!(f.rows.to_vec(), [7, 8, 9]);
}

#[test]
fn s03_without_unit_level_is_skipped_with_the_reason_and_finds_nothing() {
    // Every placement a 机关, so the rule would fire were it checked.
    let b: Vec<_> = base(&[("服务省份", "内蒙古"), ("单位性质", "机关")]);
    let (_, outcome) = check_csv(&roster(&b, &times(10, vec![])), "");
    assert_eq!(
        status(&outcome, "S03"),
        "skipped: the roster has no 单位级别 column"
    );
    assert!(of(&outcome, "S03").is_empty());

    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &times(10, vec![])), "");
    assert_eq!(
        status(&outcome, "S03"),
        "skipped: the roster has no 单位级别, 单位性质 column"
    );
    assert!(of(&outcome, "S03").is_empty());
}

// ---------------------------------------------------------------------------------------------
// S04

/// Volunteers in 新疆 rated 合格, with the S04 column.
fn s04_base() -> Row<'static> {
    base(&[("考核等次", "合格")])
}

fn excellent() -> Row<'static> {
    vec![("考核等次", "优秀")]
}

#[test]
fn s04_fires_above_20_percent_unrated_volunteers_in_the_total() {
    // 3 优秀 of 10 in post, 2 of them not yet rated.
    let rows = concat(vec![
        times(5, vec![]),
        times(2, excellent()),
        times(2, vec![("考核等次", "")]),
        times(1, excellent()),
    ]);
    let (_, outcome) = check_csv(&roster(&s04_base(), &rows), "");
    assert_eq!(status(&outcome, "S04"), "checked");
    let f = only(&outcome, "S04");
    assert_eq!(
        numbers(f),
        (Some(3), Some(10), Some("30.00%"), Some("≤ 20%"))
    );
    assert_eq!(f.rows.to_vec(), [7, 8, 11], "the 优秀 rows");
    assert_eq!(*f.scope(), province(Province::Xinjiang));
}

#[test]
fn s04_exactly_20_percent_passes_and_one_more_fires() {
    let rated = |excellent_n: usize| {
        let rows = concat(vec![
            times(excellent_n, excellent()),
            times(50 - excellent_n, vec![]),
        ]);
        roster(&s04_base(), &rows)
    };
    let (_, outcome) = check_csv(&rated(10), "");
    assert!(of(&outcome, "S04").is_empty(), "10 of 50 = 20.00%");
    let (_, outcome) = check_csv(&rated(11), "");
    assert_eq!(
        numbers(only(&outcome, "S04")),
        (Some(11), Some(50), Some("22.00%"), Some("≤ 20%"))
    );
}

#[test]
fn s04_counts_every_excellent_row_against_volunteers_in_post_a_blank_status_is_in_post() {
    // 2 优秀 of 10 in post passes; 5 合格 who left are in neither count (else 2 of 15).
    let rows = concat(vec![
        times(1, [excellent(), vec![("在岗状态", "在岗")]].concat()),
        times(1, excellent()),
        times(4, vec![("在岗状态", "在岗")]),
        times(4, vec![]),
        times(3, vec![("在岗状态", "离岗")]),
        times(2, vec![("在岗状态", "流失")]),
    ]);
    let (_, outcome) = check_csv(&roster(&s04_base(), &rows), "");
    assert!(of(&outcome, "S04").is_empty());

    // The sentence counts every 优秀 against 当期在岗: 2 in post and 1 who left is 3 of 10.
    let rows = concat(vec![
        times(2, excellent()),
        times(8, vec![]),
        times(1, [excellent(), vec![("在岗状态", "离岗")]].concat()),
    ]);
    let (_, outcome) = check_csv(&roster(&s04_base(), &rows), "");
    let f = only(&outcome, "S04");
    assert_eq!((f.count(), f.total()), (Some(3), Some(10)));
    assert_eq!(f.rows.to_vec(), vec![2, 3, 12]);

    // 3 优秀 of 10 in post fires; 10 合格 who left would dilute it to 3 of 20 if counted.
    let rows = concat(vec![
        times(5, vec![("在岗状态", "离岗")]),
        times(3, excellent()),
        times(5, vec![("在岗状态", "流失")]),
        times(7, vec![("在岗状态", "在岗")]),
    ]);
    let (_, outcome) = check_csv(&roster(&s04_base(), &rows), "");
    let f = only(&outcome, "S04");
    assert_eq!((f.count(), f.total()), (Some(3), Some(10)));
    assert_eq!(f.rows.to_vec(), lines(7, 3));
}

#[test]
fn s04_without_rating_column_is_skipped_with_the_reason_and_finds_nothing() {
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &times(10, vec![])), "");
    assert_eq!(
        status(&outcome, "S04"),
        "skipped: the roster has no 考核等次 column"
    );
    assert!(of(&outcome, "S04").is_empty());
}

// ---------------------------------------------------------------------------------------------
// Scopes

/// 优秀 of 10 volunteers in post in 青海 and in 新疆, 青海 first.
fn two_provinces(qinghai: usize, xinjiang: usize) -> String {
    let rows = concat(vec![
        times(qinghai, [excellent(), vec![("服务省份", "青海")]].concat()),
        times(10 - qinghai, vec![("服务省份", "青海")]),
        times(xinjiang, excellent()),
        times(10 - xinjiang, vec![]),
    ]);
    roster(&s04_base(), &rows)
}

#[test]
fn scope_service_province_reports_only_the_failing_province() {
    // 青海 3/10 fails, 新疆 2/10 passes.
    let (_, outcome) = check_csv(&two_provinces(3, 2), "");
    let f = only(&outcome, "S04");
    assert_eq!(*f.scope(), province(Province::Qinghai));
    assert_eq!((f.count(), f.total()), (Some(3), Some(10)));
    assert_eq!(f.rows.to_vec(), [2, 3, 4]);
    assert!(
        f.message(xibu::messages::Lang::Zh).starts_with("青海："),
        "{}",
        f.message(xibu::messages::Lang::Zh)
    );
}

#[test]
fn scope_national_pools_every_province() {
    // A national share lies between the provinces' shares, so under one limit it can only pass
    // where a province fails (青海 3/10, 新疆 1/10: 4/20 = 20%) …
    let toml = "[rules.S04]\nscope = \"national\"\n";
    let (_, outcome) = check_csv(&two_provinces(3, 1), "");
    assert_eq!(*only(&outcome, "S04").scope(), province(Province::Qinghai));
    let (_, outcome) = check_csv(&two_provinces(3, 1), toml);
    assert_eq!(status(&outcome, "S04"), "checked");
    assert!(
        of(&outcome, "S04").is_empty(),
        "4 of 20 = 20.00% nationally"
    );

    // … or fail along with one (青海 3/10, 新疆 2/10: 5/20 = 25%), reported without a province.
    let (_, outcome) = check_csv(&two_provinces(3, 2), toml);
    let f = only(&outcome, "S04");
    assert_eq!(*f.scope(), Scope::default());
    assert_eq!(
        numbers(f),
        (Some(5), Some(20), Some("25.00%"), Some("≤ 20%"))
    );
    assert_eq!(f.rows.to_vec(), [2, 3, 4, 12, 13]);
    assert!(
        f.message(xibu::messages::Lang::Zh).starts_with("全国："),
        "{}",
        f.message(xibu::messages::Lang::Zh)
    );
}

#[test]
fn scope_national_on_s01_pools_new_recruits_of_every_province() {
    // 贵州 8/10 in-province fails alone; with 新疆 0/10 the nation is at 8/20 = 40%.
    let rows = concat(vec![
        times(8, vec![("服务省份", "贵州"), ("招募省份", "贵州")]),
        times(2, vec![("服务省份", "贵州")]),
        times(10, vec![]),
    ]);
    let csv = roster(NEW_RECRUIT, &rows);
    let (_, outcome) = check_csv(&csv, "");
    assert_eq!(*only(&outcome, "S01").scope(), province(Province::Guizhou));
    let (_, outcome) = check_csv(&csv, "[rules.S01]\nscope = \"national\"\n");
    assert!(of(&outcome, "S01").is_empty());
}

/// Placements in two counties of 内蒙古: `organs` of 20 in 伊金霍洛旗 are 旗县级 机关, none of the
/// 20 in 达拉特旗.
fn two_counties(organs: usize) -> String {
    let rows = concat(vec![
        times(20, vec![("服务县", "达拉特旗")]),
        times(
            organs,
            [organ("旗县级"), vec![("服务县", "伊金霍洛旗")]].concat(),
        ),
        times(20 - organs, vec![("服务县", "伊金霍洛旗")]),
    ]);
    roster(&s03_base(), &rows)
}

#[test]
fn scope_service_county_reports_the_failing_county_of_a_passing_province() {
    let toml = "[rules.S03]\nscope = \"service_county\"\n";
    let (_, outcome) = check_csv(&two_counties(3), toml);
    assert_eq!(status(&outcome, "S03"), "checked");
    let f = only(&outcome, "S03");
    assert_eq!(
        *f.scope(),
        Scope {
            service_province: Some(Province::NeiMongol),
            service_county: Some("伊金霍洛旗".to_string()),
            ..Scope::default()
        }
    );
    assert_eq!(
        numbers(f),
        (Some(3), Some(20), Some("15.00%"), Some("≤ 10%"))
    );
    assert_eq!(f.rows.to_vec(), [22, 23, 24]);
    assert!(
        f.message(xibu::messages::Lang::Zh)
            .starts_with("内蒙古 伊金霍洛旗："),
        "{}",
        f.message(xibu::messages::Lang::Zh)
    );

    // Per province the same roster is at 3 of 40 = 7.5%.
    let (_, outcome) = check_csv(&two_counties(3), "");
    assert!(of(&outcome, "S03").is_empty());
    // And 2 of 20 in the county is exactly 10%.
    let (_, outcome) = check_csv(&two_counties(2), toml);
    assert!(of(&outcome, "S03").is_empty());
}

#[test]
fn scope_service_county_without_the_county_column_is_skipped_with_the_reason() {
    let rows = concat(vec![times(3, organ("县级")), times(7, vec![])]);
    let (_, outcome) = check_csv(
        &roster(&s03_base(), &rows),
        "[rules.S03]\nscope = \"service_county\"\n",
    );
    assert_eq!(
        status(&outcome, "S03"),
        "skipped: scope is service_county but the roster has no 服务县 column"
    );
    assert!(of(&outcome, "S03").is_empty());
    // The other share rules are unaffected.
    assert_eq!(status(&outcome, "S01"), "checked");
}

// ---------------------------------------------------------------------------------------------
// Configuration

#[test]
fn a_disabled_share_rule_is_skipped_not_passed() {
    let rows = concat(vec![times(3, excellent()), times(7, vec![])]);
    let (_, outcome) = check_csv(
        &roster(&s04_base(), &rows),
        "[rules.S04]\nenabled = false\n",
    );
    assert_eq!(
        status(&outcome, "S04"),
        "skipped: disabled in the configuration"
    );
    assert!(of(&outcome, "S04").is_empty());
}

#[test]
fn severity_and_limit_come_from_the_configuration() {
    let rows = concat(vec![times(3, excellent()), times(7, vec![])]);
    let csv = roster(&s04_base(), &rows);
    let (_, outcome) = check_csv(&csv, "[rules.S04]\nseverity = \"warning\"\n");
    assert_eq!(only(&outcome, "S04").severity, Severity::Warning);
    let (_, outcome) = check_csv(&csv, "[rules.S04]\nlimit_percent = 30\n");
    assert!(of(&outcome, "S04").is_empty(), "3 of 10 = 30.00%");
    let (_, outcome) = check_csv(&csv, "[rules.S04]\nlimit_percent = 29.99\n");
    assert_eq!(only(&outcome, "S04").limit().as_deref(), Some("≤ 29.99%"));
}
