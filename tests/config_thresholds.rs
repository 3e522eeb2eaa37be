mod common;

// Every threshold of the catalog, the `[calendar]` window, `enabled`, `severity`, `scope` and the
// `[aliases]` tables are read from `xibu.toml`: a roster that passes at the default fails when the
// setting is changed (or the reverse), so the verdict demonstrably follows the configuration.

use common::check::{NEW_RECRUIT, check_csv, of, roster, status, times};
use xibu::Province;
use xibu::roster::{ReadOptions, Roster, RosterError};
use xibu::rules::{Finding, Outcome, Severity};

/// The findings of `rule` when `csv` is checked under `toml`.
fn findings(csv: &str, toml: &str, rule: &str) -> Vec<Finding> {
    let (_, outcome) = check_csv(csv, toml);
    assert_eq!(status(&outcome, rule), "checked", "{rule} under {toml:?}");
    of(&outcome, rule).into_iter().cloned().collect()
}

/// `rule` finds nothing on `csv` under `toml`.
fn passes(csv: &str, toml: &str, rule: &str) {
    let f = findings(csv, toml, rule);
    assert!(f.is_empty(), "{rule} under {toml:?} found {f:#?}");
}

/// `rule` finds exactly one thing on `csv` under `toml`, and that is returned.
/// The cell of a rule's one finding, in the roster's column mapping under `toml`.
fn cell_of_one(csv: &str, toml: &str, rule: &str) -> Option<String> {
    let (info, outcome) = check_csv(csv, toml);
    let f = of(&outcome, rule);
    assert_eq!(f.len(), 1, "{rule} under {toml:?}: {f:#?}");
    f[0].cell_in(&info)
}

fn fails_once(csv: &str, toml: &str, rule: &str) -> Finding {
    let mut f = findings(csv, toml, rule);
    assert_eq!(f.len(), 1, "{rule} under {toml:?}: {f:#?}");
    f.remove(0)
}

// ---------------------------------------------------------------------------------------------
// Share rules

/// `inside` of `total` new recruits in 新疆 were recruited in 新疆, the rest in 山东.
fn in_province(inside: usize, total: usize) -> String {
    let mut rows = times(inside, vec![("招募省份", "新疆")]);
    rows.extend(times(total - inside, vec![("招募省份", "山东")]));
    roster(NEW_RECRUIT, &rows)
}

#[test]
fn s01_limit_percent_lowered_makes_seventy_percent_fail() {
    let csv = in_province(7, 10);
    passes(&csv, "", "S01");
    passes(&csv, "[rules.S01]\nlimit_percent = 70\n", "S01");
    let f = fails_once(&csv, "[rules.S01]\nlimit_percent = 60\n", "S01");
    assert_eq!((f.count(), f.total()), (Some(7), Some(10)));
    assert_eq!(f.limit().as_deref(), Some("≤ 60%"));
    assert_eq!(f.actual().as_deref(), Some("70.00%"));
    assert_eq!(f.severity, Severity::Error);
}

#[test]
fn s01_limit_percent_raised_makes_eighty_percent_pass() {
    let csv = in_province(8, 10);
    let f = fails_once(&csv, "", "S01");
    assert_eq!(f.limit().as_deref(), Some("≤ 70%"));
    passes(&csv, "[rules.S01]\nlimit_percent = 80\n", "S01");
    fails_once(&csv, "[rules.S01]\nlimit_percent = 79.9\n", "S01");
}

#[test]
fn s01_fractional_limit_is_compared_exactly() {
    // 2 of 3 is 66.666…%: above 66.5, not above 66.7.
    let csv = in_province(2, 3);
    let f = fails_once(&csv, "[rules.S01]\nlimit_percent = 66.5\n", "S01");
    assert_eq!(f.limit().as_deref(), Some("≤ 66.5%"));
    passes(&csv, "[rules.S01]\nlimit_percent = 66.7\n", "S01");
    // A string is read as an exact decimal too.
    passes(&csv, "[rules.S01]\nlimit_percent = \"66.67\"\n", "S01");
    fails_once(&csv, "[rules.S01]\nlimit_percent = \"66.66\"\n", "S01");
}

#[test]
fn s01_scope_national_pools_the_provinces() {
    // 新疆: 8 of 10 in-province (80%); 西藏: 0 of 10. Nationally 8 of 20 = 40%.
    let mut rows = times(8, vec![("招募省份", "新疆")]);
    rows.extend(times(2, vec![("招募省份", "山东")]));
    rows.extend(times(10, vec![("服务省份", "西藏"), ("招募省份", "山东")]));
    let csv = roster(NEW_RECRUIT, &rows);
    let f = fails_once(&csv, "", "S01");
    assert_eq!(f.scope().service_province, Some(Province::Xinjiang));
    passes(&csv, "[rules.S01]\nscope = \"national\"\n", "S01");
    let f = fails_once(
        &csv,
        "[rules.S01]\nscope = \"national\"\nlimit_percent = 30\n",
        "S01",
    );
    assert!(f.scope().is_empty(), "{:?}", f.scope());
    assert_eq!((f.count(), f.total()), (Some(8), Some(20)));
}

/// New recruits in 新疆: `bachelor` with 本科, `other` with the degree `degree`.
fn degrees(bachelor: usize, other: usize, degree: &str) -> String {
    let mut rows = times(bachelor, vec![("学历", "本科")]);
    rows.extend(times(other, vec![("学历", degree)]));
    roster(NEW_RECRUIT, &rows)
}

#[test]
fn s02_min_percent_raised_makes_eighty_five_percent_fail() {
    let csv = degrees(17, 3, "专科");
    passes(&csv, "", "S02");
    let f = fails_once(&csv, "[rules.S02]\nmin_percent = 90\n", "S02");
    assert_eq!((f.count(), f.total()), (Some(17), Some(20)));
    assert_eq!(f.limit().as_deref(), Some("≥ 90%"));
    assert_eq!(f.rows.len(), 3, "the 专科 rows");
}

#[test]
fn s02_min_percent_lowered_makes_eighty_percent_pass() {
    let csv = degrees(16, 4, "专科");
    let f = fails_once(&csv, "", "S02");
    assert_eq!(f.limit().as_deref(), Some("≥ 85%"));
    passes(&csv, "[rules.S02]\nmin_percent = 80\n", "S02");
    fails_once(&csv, "[rules.S02]\nmin_percent = 80.5\n", "S02");
}

#[test]
fn s02_bachelor_only_stops_counting_graduate_degrees() {
    // 1 本科 and 9 硕士研究生: 100% 本科及以上, 10% 本科.
    let csv = degrees(1, 9, "硕士研究生");
    passes(&csv, "", "S02");
    passes(&csv, "[rules.S02]\nbachelor_only = false\n", "S02");
    let f = fails_once(&csv, "[rules.S02]\nbachelor_only = true\n", "S02");
    assert_eq!((f.count(), f.total()), (Some(1), Some(10)));
    assert_eq!(f.rows.len(), 9, "the 硕士 rows");
    // With the switch on, the threshold still applies to what is counted.
    passes(
        &csv,
        "[rules.S02]\nbachelor_only = true\nmin_percent = 10\n",
        "S02",
    );
    // 博士 counts by default too.
    passes(&degrees(0, 10, "博士研究生"), "", "S02");
    fails_once(
        &degrees(0, 10, "博士研究生"),
        "[rules.S02]\nbachelor_only = true\n",
        "S02",
    );
}

/// Placements in 新疆: `organ` in 县级 机关, `other` in 乡镇 事业单位, all in `county`.
fn organ_rows(organ: usize, other: usize, county: &str) -> Vec<Vec<(&str, &str)>> {
    let mut rows = times(
        organ,
        vec![
            ("单位级别", "县级"),
            ("单位性质", "机关"),
            ("服务县", county),
        ],
    );
    rows.extend(times(
        other,
        vec![
            ("单位级别", "乡镇"),
            ("单位性质", "事业单位"),
            ("服务县", county),
        ],
    ));
    rows
}

#[test]
fn s03_limit_percent_lowered_makes_ten_percent_fail() {
    let csv = roster(NEW_RECRUIT, &organ_rows(1, 9, "伊宁县"));
    passes(&csv, "", "S03");
    let f = fails_once(&csv, "[rules.S03]\nlimit_percent = 5\n", "S03");
    assert_eq!((f.count(), f.total()), (Some(1), Some(10)));
    assert_eq!(f.limit().as_deref(), Some("≤ 5%"));
}

#[test]
fn s03_limit_percent_raised_makes_twenty_percent_pass() {
    let csv = roster(NEW_RECRUIT, &organ_rows(2, 8, "伊宁县"));
    fails_once(&csv, "", "S03");
    passes(&csv, "[rules.S03]\nlimit_percent = 20\n", "S03");
}

#[test]
fn s03_scope_service_county_judges_each_county() {
    // 伊宁县 2 of 10 (20%), 霍城县 0 of 10: the province is at 10% and passes.
    let mut rows = organ_rows(2, 8, "伊宁县");
    rows.extend(organ_rows(0, 10, "霍城县"));
    let csv = roster(NEW_RECRUIT, &rows);
    passes(&csv, "", "S03");
    let f = fails_once(&csv, "[rules.S03]\nscope = \"service_county\"\n", "S03");
    assert_eq!(f.scope().service_province, Some(Province::Xinjiang));
    assert_eq!(f.scope().service_county.as_deref(), Some("伊宁县"));
    assert_eq!((f.count(), f.total()), (Some(2), Some(10)));

    // Without a 服务县 column the county scope cannot be judged: skipped, with the reason.
    let csv = roster(
        NEW_RECRUIT,
        &times(10, vec![("单位级别", "县级"), ("单位性质", "机关")]),
    );
    let (_, outcome) = check_csv(&csv, "[rules.S03]\nscope = \"service_county\"\n");
    assert!(
        status(&outcome, "S03").starts_with("skipped: ")
            && status(&outcome, "S03").contains("服务县"),
        "{}",
        status(&outcome, "S03")
    );
    assert!(of(&outcome, "S03").is_empty());
}

/// Volunteers in post in 新疆: `excellent` rated 优秀, `other` rated 合格.
fn ratings(excellent: usize, other: usize) -> String {
    let mut rows = times(excellent, vec![("考核等次", "优秀")]);
    rows.extend(times(other, vec![("考核等次", "合格")]));
    roster(NEW_RECRUIT, &rows)
}

#[test]
fn s04_limit_percent_lowered_makes_twenty_percent_fail() {
    let csv = ratings(2, 8);
    passes(&csv, "", "S04");
    let f = fails_once(&csv, "[rules.S04]\nlimit_percent = 15\n", "S04");
    assert_eq!((f.count(), f.total()), (Some(2), Some(10)));
    assert_eq!(f.limit().as_deref(), Some("≤ 15%"));
}

#[test]
fn s04_limit_percent_raised_makes_thirty_percent_pass() {
    let csv = ratings(3, 7);
    let f = fails_once(&csv, "", "S04");
    assert_eq!(f.limit().as_deref(), Some("≤ 20%"));
    passes(&csv, "[rules.S04]\nlimit_percent = 30\n", "S04");
}

// ---------------------------------------------------------------------------------------------
// Cover rules

/// (rule, column, default minimum in 元).
const COVERS: [(&str, &str, &str); 4] = [
    ("I01", "意外伤害保额", "800000"),
    ("I02", "重大疾病保额", "800000"),
    ("I03", "住院医疗保额", "300000"),
    ("I04", "意外医疗保额", "200000"),
];

#[test]
fn i01_to_i04_min_amount_raised_makes_the_default_amount_fail() {
    for (rule, column, default) in COVERS {
        let csv = roster(NEW_RECRUIT, &[vec![(column, default)]]);
        passes(&csv, "", rule);
        let toml = format!("[rules.{rule}]\nmin_amount = 1000000\n");
        let f = fails_once(&csv, &toml, rule);
        assert_eq!(f.limit().as_deref(), Some("≥ 1000000"), "{rule}");
        assert_eq!(f.actual().as_deref(), Some(default), "{rule}");
        assert_eq!(f.rows.to_vec(), [2], "{rule}");
        // Exactly at the configured minimum passes.
        passes(
            &csv,
            &format!("[rules.{rule}]\nmin_amount = {default}\n"),
            rule,
        );
    }
}

#[test]
fn i01_to_i04_min_amount_lowered_makes_a_small_amount_pass() {
    for (rule, column, default) in COVERS {
        // 15万 is below every default minimum.
        let csv = roster(NEW_RECRUIT, &[vec![(column, "15万")]]);
        let f = fails_once(&csv, "", rule);
        assert_eq!(
            f.limit().as_deref(),
            Some(&*format!("≥ {default}")),
            "{rule}"
        );
        assert_eq!(f.actual().as_deref(), Some("150000"), "{rule}");
        passes(
            &csv,
            &format!("[rules.{rule}]\nmin_amount = 150000\n"),
            rule,
        );
        fails_once(
            &csv,
            &format!("[rules.{rule}]\nmin_amount = 150000.01\n"),
            rule,
        );
    }
}

#[test]
fn i05_days_before_follows_the_config() {
    // 报到 2020-07-25, cover from 2020-07-22: exactly 3 days before.
    let csv = roster(
        NEW_RECRUIT,
        &[vec![("报到日期", "2020-07-25"), ("保险起期", "2020-07-22")]],
    );
    passes(&csv, "", "I05");
    let f = fails_once(&csv, "[rules.I05]\ndays_before = 5\n", "I05");
    assert_eq!(f.limit().as_deref(), Some("≤ 2020-07-20"));
    assert_eq!(f.actual().as_deref(), Some("2020-07-22"));

    // Cover from the day of reporting fails at 3 days and passes at 0.
    let csv = roster(
        NEW_RECRUIT,
        &[vec![("报到日期", "2020-07-25"), ("保险起期", "2020-07-25")]],
    );
    let f = fails_once(&csv, "", "I05");
    assert_eq!(f.limit().as_deref(), Some("≤ 2020-07-22"));
    passes(&csv, "[rules.I05]\ndays_before = 0\n", "I05");
}

/// One new recruit serving in `service` whose service ends 2021-07-31 and cover ends `end`.
fn cover_end(service: &'static str, end: &'static str) -> String {
    roster(
        NEW_RECRUIT,
        &[vec![
            ("服务省份", service),
            ("服务期满日期", "2021-07-31"),
            ("保险止期", end),
        ]],
    )
}

#[test]
fn i06_days_after_follows_the_config() {
    // 青海 is not remote: no notice to muddle the verdict.
    let csv = cover_end("青海", "2021-08-03");
    passes(&csv, "", "I06");
    let f = fails_once(&csv, "[rules.I06]\ndays_after = 5\n", "I06");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.limit().as_deref(), Some("≥ 2021-08-05"));

    let csv = cover_end("青海", "2021-08-01");
    let f = fails_once(&csv, "", "I06");
    assert_eq!(f.limit().as_deref(), Some("≥ 2021-08-03"));
    passes(&csv, "[rules.I06]\ndays_after = 1\n", "I06");
}

#[test]
fn i06_remote_days_after_follows_the_config() {
    // In 新疆, cover to 3 days after is enough for the error but gets the notice at 7.
    let csv = cover_end("新疆", "2021-08-03");
    let f = fails_once(&csv, "", "I06");
    assert_eq!(f.severity, Severity::Notice);
    assert_eq!(f.limit().as_deref(), Some("≥ 2021-08-07"));
    passes(&csv, "[rules.I06]\nremote_days_after = 3\n", "I06");

    // Cover to 7 days after is clean by default, not at 10.
    let csv = cover_end("新疆", "2021-08-07");
    passes(&csv, "", "I06");
    let f = fails_once(&csv, "[rules.I06]\nremote_days_after = 10\n", "I06");
    assert_eq!(f.severity, Severity::Notice);
    assert_eq!(f.limit().as_deref(), Some("≥ 2021-08-10"));
}

#[test]
fn i06_remote_provinces_follows_the_config() {
    let qinghai = cover_end("青海", "2021-08-03");
    passes(&qinghai, "", "I06");
    let f = fails_once(
        &qinghai,
        "[rules.I06]\nremote_provinces = [\"青海省\"]\n",
        "I06",
    );
    assert_eq!(f.severity, Severity::Notice);

    // 兵团 is remote by default, and no longer when the list leaves it out.
    let bingtuan = cover_end("新疆生产建设兵团", "2021-08-03");
    assert_eq!(fails_once(&bingtuan, "", "I06").severity, Severity::Notice);
    passes(
        &bingtuan,
        "[rules.I06]\nremote_provinces = [\"新疆\", \"西藏\"]\n",
        "I06",
    );
    let xinjiang = cover_end("新疆", "2021-08-03");
    passes(&xinjiang, "[rules.I06]\nremote_provinces = []\n", "I06");
}

// ---------------------------------------------------------------------------------------------
// P05 and the calendar

#[test]
fn p05_keywords_follow_the_config() {
    let archive = roster(NEW_RECRUIT, &[vec![("岗位名称", "档案管理员")]]);
    passes(&archive, "", "P05");
    let toml = "[rules.P05]\nkeywords = [\"档案\"]\n";
    let f = fails_once(&archive, toml, "P05");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.value().as_deref(), Some("档案管理员"));
    assert_eq!(cell_of_one(&archive, toml, "P05").as_deref(), Some("F2"));

    // The configured list replaces the default one.
    let stability = roster(NEW_RECRUIT, &[vec![("岗位名称", "综治维稳专干")]]);
    fails_once(&stability, "", "P05");
    passes(&stability, "[rules.P05]\nkeywords = [\"涉密\"]\n", "P05");

    // 服务单位 is searched too.
    let unit = roster(NEW_RECRUIT, &[vec![("服务单位", "县档案局")]]);
    passes(&unit, "", "P05");
    fails_once(&unit, "[rules.P05]\nkeywords = [\"档案\"]\n", "P05");
}

#[test]
fn calendar_report_window_follows_the_config() {
    let late = roster(NEW_RECRUIT, &[vec![("报到日期", "2020-08-15")]]);
    let f = fails_once(&late, "", "T01");
    assert_eq!(f.limit().as_deref(), Some("2020-07-20 … 2020-07-31"));
    passes(&late, "[calendar]\nreport_to = 2020-08-31\n", "T01");
    // Both ends are included.
    passes(
        &late,
        "[calendar]\nreport_from = 2020-08-15\nreport_to = 2020-08-15\n",
        "T01",
    );

    let on_time = roster(NEW_RECRUIT, &[vec![("报到日期", "2020-07-20")]]);
    passes(&on_time, "", "T01");
    let f = fails_once(
        &on_time,
        "[calendar]\nreport_from = 2021-07-15\nreport_to = 2021-07-31\n",
        "T01",
    );
    assert_eq!(f.limit().as_deref(), Some("2021-07-15 … 2021-07-31"));
    fails_once(&on_time, "[calendar]\nreport_from = 2020-07-21\n", "T01");
}

// ---------------------------------------------------------------------------------------------
// enabled, severity: every rule of the catalog

/// A roster on which every rule of the catalog fires, each on rows of its own.
fn every_rule_fires() -> String {
    let base: &[(&str, &str)] = &[
        ("姓名", "甲"),
        ("身份证号", ""),
        ("志愿者类型", "新招募"),
        ("招募省份", "山东"),
        ("服务省份", "新疆"),
        ("服务县", "伊宁县"),
        ("服务单位", "镇中心小学"),
        ("岗位名称", "语文教师"),
        ("单位级别", "乡镇"),
        ("单位性质", "事业单位"),
        ("专项", "基础教育"),
        ("学历", "本科"),
        ("在岗状态", "在岗"),
        ("考核等次", "合格"),
        ("报到日期", "2020-07-25"),
        ("服务期满日期", "2021-07-31"),
        ("意外伤害保额", "80万"),
        ("重大疾病保额", "80万"),
        ("住院医疗保额", ""),
        ("意外医疗保额", ""),
        ("保险起期", "2020-07-20"),
        ("保险止期", "2021-08-10"),
        ("体检结论", "合格"),
        ("肺通气检查", ""),
    ];
    // S01 S02 S03 S04: 青海's new recruits are from 青海, 专科, in 县级 机关, rated 优秀.
    let qinghai = vec![
        ("招募省份", "青海"),
        ("服务省份", "青海"),
        ("服务县", "大通县"),
        ("学历", "专科"),
        ("单位级别", "县级"),
        ("单位性质", "机关"),
        ("考核等次", "优秀"),
    ];
    let mut rows = times(2, qinghai);
    rows.extend([
        vec![],
        vec![],
        // Q01: 附件2 has no 西藏 → 新疆 pair.
        vec![("招募省份", "西藏")],
        // Q02: 附件1 has no 延期 volunteers for 河北.
        vec![
            ("志愿者类型", "延期"),
            ("招募省份", "河北"),
            ("服务省份", "河北"),
            ("服务县", "阜平县"),
            ("报到日期", "2019-07-22"),
        ],
        vec![("意外伤害保额", "60万")],
        vec![("重大疾病保额", "")],
        vec![("住院医疗保额", "20万")],
        vec![("意外医疗保额", "10万")],
        vec![("保险起期", "2020-07-25")],
        vec![("保险止期", "2021-07-31")],
        vec![("身份证号", "12345")],
        vec![("体检结论", "不合格")],
        vec![("服务省份", "西藏"), ("专项", "服务西藏")],
        vec![("专项", "乡村振兴")],
        vec![("岗位名称", "综治维稳专干")],
        vec![("报到日期", "2020-08-15")],
        // T02: a three-year term on a new agreement (the cover runs as long).
        vec![("服务期满日期", "2023-07-31"), ("保险止期", "2023-08-10")],
        vec![("学历", "小学")],
        // E02: no 服务期满日期, which I06 and T02 need.
        vec![("服务期满日期", "")],
    ]);
    // Every other row gets a valid ID of its own, so that P01 fires on one row only.
    let ids: Vec<String> = (0..rows.len())
        .map(|i| {
            let body = format!("37010219980101{i:03}");
            let check = xibu::idcard::check_char(&body).unwrap();
            format!("{body}{check}")
        })
        .collect();
    for (row, id) in rows.iter_mut().zip(&ids) {
        if !row.iter().any(|(h, _)| *h == "身份证号") {
            row.push(("身份证号", id.as_str()));
        }
    }
    roster(base, &rows)
}

fn catalog() -> impl Iterator<Item = &'static xibu::rules::Meta> {
    xibu::rules::ALL.iter().map(|r| r.meta)
}

fn every_rule_baseline() -> (String, Outcome) {
    let csv = every_rule_fires();
    let (_, outcome) = check_csv(&csv, "");
    for meta in catalog() {
        assert_eq!(status(&outcome, meta.id), "checked", "{}", meta.id);
        assert!(
            !of(&outcome, meta.id).is_empty(),
            "{} does not fire on the fixture: {:#?}",
            meta.id,
            outcome.findings
        );
    }
    (csv, outcome)
}

#[test]
fn enabled_false_skips_each_rule_with_a_reason_and_silences_it() {
    let (csv, baseline) = every_rule_baseline();
    for meta in catalog() {
        let (info, outcome) = check_csv(&csv, &format!("[rules.{}]\nenabled = false\n", meta.id));
        assert_eq!(
            status(&outcome, meta.id),
            "skipped: disabled in the configuration",
            "{}",
            meta.id
        );
        assert!(of(&outcome, meta.id).is_empty(), "{}", meta.id);
        // Only that rule is affected.
        for other in catalog().filter(|m| m.id != meta.id) {
            assert_eq!(status(&outcome, other.id), "checked", "{} off", meta.id);
            if other.id == "E02" {
                // E02 names the rules a blank blocks, which are the rules that run: the cells
                // stay, the names follow the configuration.
                let cells = |o: &Outcome| -> Vec<(Vec<u32>, Option<String>)> {
                    of(o, "E02")
                        .iter()
                        .map(|f| (f.rows.to_vec(), f.cell_in(&info)))
                        .collect()
                };
                assert_eq!(cells(&outcome), cells(&baseline), "{} off", meta.id);
                continue;
            }
            assert_eq!(
                of(&outcome, other.id),
                of(&baseline, other.id),
                "{} off changed {}",
                meta.id,
                other.id
            );
        }
    }
    // `enabled = true` is the default.
    let (_, outcome) = check_csv(&csv, "[rules.S01]\nenabled = true\n");
    assert_eq!(outcome, baseline);
}

#[test]
fn severity_changes_each_rules_findings() {
    let (csv, baseline) = every_rule_baseline();
    for meta in catalog() {
        for severity in [Severity::Error, Severity::Warning, Severity::Notice] {
            if severity == meta.severity {
                continue;
            }
            let toml = format!("[rules.{}]\nseverity = \"{}\"\n", meta.id, severity.name());
            let (_, outcome) = check_csv(&csv, &toml);
            let before = of(&baseline, meta.id);
            let after = of(&outcome, meta.id);
            assert_eq!(before.len(), after.len(), "{toml}");
            for (b, a) in before.iter().zip(&after) {
                // I06's advisory notice for remote provinces stays a notice.
                let want = if b.severity == meta.severity {
                    severity
                } else {
                    b.severity
                };
                assert_eq!(a.severity, want, "{toml}: {a:?}");
                assert_eq!((&a.rows, &a.detail), (&b.rows, &b.detail), "{toml}");
            }
            for other in catalog().filter(|m| m.id != meta.id) {
                assert_eq!(of(&outcome, other.id), of(&baseline, other.id), "{toml}");
            }
        }
    }
}

#[test]
fn severity_warning_on_a_share_rule() {
    let csv = in_province(8, 10);
    assert_eq!(fails_once(&csv, "", "S01").severity, Severity::Error);
    let f = fails_once(&csv, "[rules.S01]\nseverity = \"warning\"\n", "S01");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!((f.count(), f.total()), (Some(8), Some(10)));
}

// ---------------------------------------------------------------------------------------------
// Aliases

#[test]
fn header_alias_of_an_optional_column_lets_its_rule_run() {
    let csv = "姓名,志愿者类型,招募省份,服务省份,学历,意外险金额\n甲,新招募,山东,新疆,本科,60万\n";
    let (_, outcome) = check_csv(csv, "");
    assert!(
        status(&outcome, "I01").starts_with("skipped: ")
            && status(&outcome, "I01").contains("意外伤害保额"),
        "{}",
        status(&outcome, "I01")
    );
    assert!(of(&outcome, "I01").is_empty());

    let toml = "[aliases.headers]\n\"意外险金额\" = \"意外伤害保额\"\n";
    let f = fails_once(csv, toml, "I01");
    assert_eq!(cell_of_one(csv, toml, "I01").as_deref(), Some("F2"));
    assert_eq!(f.actual().as_deref(), Some("600000"));
}

#[test]
fn header_alias_of_a_required_column_makes_the_roster_readable() {
    let csv = "姓名,志愿者类型,派遣省份,服务省份,学历\n".to_string()
        + &"甲,新招募,新疆,新疆,本科\n".repeat(8)
        + &"乙,新招募,山东,新疆,本科\n".repeat(2);

    // Without the alias the roster lacks 招募省份.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.csv");
    std::fs::write(&path, &csv).unwrap();
    match Roster::read(&path, &ReadOptions::default()) {
        Err(RosterError::MissingColumns { missing, .. }) => {
            assert!(missing.iter().any(|(c, _)| *c == "招募省份"), "{missing:?}")
        }
        other => panic!("expected a missing column, got {other:?}"),
    }

    // With it, 派遣省份 is 招募省份 and S01 judges it.
    let toml = "[aliases.headers]\n\"派遣省份\" = \"招募省份\"\n";
    let (info, outcome) = check_csv(&csv, toml);
    assert_eq!(info.records, 10);
    let f = of(&outcome, "S01");
    assert_eq!(f.len(), 1, "{outcome:#?}");
    assert_eq!((f[0].count(), f[0].total()), (Some(8), Some(10)));
}

#[test]
fn value_aliases_are_honoured() {
    // 全日制本科 is no 学历 value: an E01 at its cell, and the rows are left out of S02.
    let mut rows = times(8, vec![("学历", "全日制本科")]);
    rows.extend(times(2, vec![("学历", "专科")]));
    let csv = roster(NEW_RECRUIT, &rows);
    let (_, outcome) = check_csv(&csv, "");
    assert_eq!(of(&outcome, "E01").len(), 8);
    let s02 = of(&outcome, "S02");
    assert_eq!(s02.len(), 1);
    assert_eq!((s02[0].count(), s02[0].total()), (Some(0), Some(2)));

    // Aliased to 本科, the cells read and count: 8 of 10 is below 85%.
    let toml = "[aliases.values.\"学历\"]\n\"全日制本科\" = \"本科\"\n";
    let (_, outcome) = check_csv(&csv, toml);
    assert!(of(&outcome, "E01").is_empty(), "{:#?}", of(&outcome, "E01"));
    let s02 = of(&outcome, "S02");
    assert_eq!(s02.len(), 1);
    assert_eq!((s02[0].count(), s02[0].total()), (Some(8), Some(10)));
    // … and passes once the threshold allows it: the alias and the threshold compose.
    passes(
        &csv,
        &format!("{toml}[rules.S02]\nmin_percent = 80\n"),
        "S02",
    );
}

#[test]
fn value_alias_of_a_rating_feeds_the_share_rule() {
    let mut rows = times(3, vec![("考核等次", "优等")]);
    rows.extend(times(7, vec![("考核等次", "合格")]));
    let csv = roster(NEW_RECRUIT, &rows);
    // Unaliased, 优等 is no rating: E01, and no 优秀 to count.
    let (_, outcome) = check_csv(&csv, "");
    assert_eq!(of(&outcome, "E01").len(), 3);
    assert!(of(&outcome, "S04").is_empty());

    let f = fails_once(
        &csv,
        "[aliases.values.\"考核等次\"]\n\"优等\" = \"优秀\"\n",
        "S04",
    );
    assert_eq!((f.count(), f.total()), (Some(3), Some(10)));
}
