//! I01–I06: the insurance minimums and the insurance period, as the notice (三.5) sets them.

mod common;

use common::check::{NEW_RECRUIT, check_csv, of, roster, status};
use xibu::roster::schema::Column;
use xibu::rules::{Finding, Outcome, Severity};

/// The one finding of `rule`, failing the test if there are none or several.
fn only<'a>(outcome: &'a Outcome, rule: &str) -> &'a Finding {
    let f = of(outcome, rule);
    assert_eq!(f.len(), 1, "{rule}: {f:#?}");
    f[0]
}

/// A one-row roster: `NEW_RECRUIT` (columns A–E) and then `extra` (columns F, G, …).
fn one_row(extra: &[(&str, &str)]) -> String {
    roster(NEW_RECRUIT, &[extra.to_vec()])
}

/// (rule, header, its minimum in 元 as the findings print it).
const COVERS: &[(&str, &str, &str)] = &[
    ("I01", "意外伤害保额", "800000"),
    ("I02", "重大疾病保额", "800000"),
    ("I03", "住院医疗保额", "300000"),
    ("I04", "意外医疗保额", "200000"),
];

// ---------------------------------------------------------------- I01–I04: cover minimums

#[test]
fn each_cover_below_its_minimum_fires_at_its_cell_with_actual_and_limit() {
    for &(rule, header, min) in COVERS {
        let (info, outcome) = check_csv(&one_row(&[(header, "60000")]), "");
        let f = only(&outcome, rule);
        assert_eq!(f.rows.to_vec(), [2], "{rule}");
        assert_eq!(f.cell_in(&info).as_deref(), Some("F2"), "{rule}");
        assert_eq!(f.actual().as_deref(), Some("60000"), "{rule}");
        assert_eq!(
            f.limit().as_deref(),
            Some(format!("≥ {min}").as_str()),
            "{rule}"
        );
        assert_eq!(f.value().as_deref(), Some("60000"), "{rule}");
        assert_eq!(status(&outcome, rule), "checked");
    }
}

#[test]
fn i01_fires_on_sixty_wan_and_on_a_cent_short() {
    for (written, actual) in [("60万", "600000"), ("799999.99", "799999.99")] {
        let (_, outcome) = check_csv(&one_row(&[("意外伤害保额", written)]), "");
        let f = only(&outcome, "I01");
        assert_eq!(f.actual().as_deref(), Some(actual), "{written}");
        assert_eq!(f.limit().as_deref(), Some("≥ 800000"));
        assert_eq!(f.severity, Severity::Error);
        assert_eq!(f.column, Some(Column::AccidentCover));
    }
}

#[test]
fn i02_fires_below_the_minimum() {
    let (_, outcome) = check_csv(&one_row(&[("重大疾病保额", "799999.99")]), "");
    let f = only(&outcome, "I02");
    assert_eq!(f.actual().as_deref(), Some("799999.99"));
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.column, Some(Column::CriticalIllnessCover));
}

#[test]
fn i03_and_i04_are_warnings() {
    let (info, outcome) = check_csv(
        &one_row(&[("住院医疗保额", "29万"), ("意外医疗保额", "199,999")]),
        "",
    );
    let i03 = only(&outcome, "I03");
    assert_eq!(i03.severity, Severity::Warning);
    assert_eq!(i03.actual().as_deref(), Some("290000"));
    assert_eq!(i03.cell_in(&info).as_deref(), Some("F2"));
    let i04 = only(&outcome, "I04");
    assert_eq!(i04.severity, Severity::Warning);
    assert_eq!(i04.actual().as_deref(), Some("199999"));
    assert_eq!(i04.cell_in(&info).as_deref(), Some("G2"));
}

#[test]
fn exactly_the_minimum_passes_however_it_is_written() {
    for written in ["80万", "800,000", "¥800,000.00", "800000", "80万元"] {
        let (_, outcome) = check_csv(
            &one_row(&[("意外伤害保额", written), ("重大疾病保额", written)]),
            "",
        );
        assert!(of(&outcome, "I01").is_empty(), "I01 {written}");
        assert!(of(&outcome, "I02").is_empty(), "I02 {written}");
        assert!(of(&outcome, "E01").is_empty(), "E01 {written}");
    }
    let (_, outcome) = check_csv(
        &one_row(&[("住院医疗保额", "30万"), ("意外医疗保额", "200,000")]),
        "",
    );
    assert!(of(&outcome, "I03").is_empty());
    assert!(of(&outcome, "I04").is_empty());
}

#[test]
fn the_finding_points_at_the_row_and_column_of_the_cell() {
    // The cover in column G (after an unrelated column F), on the third record: line 4.
    let csv = roster(
        NEW_RECRUIT,
        &[
            vec![("服务县", "伊宁县"), ("意外伤害保额", "80万")],
            vec![("服务县", "伊宁县"), ("意外伤害保额", "80万")],
            vec![("服务县", "伊宁县"), ("意外伤害保额", "50万")],
        ],
    );
    let (info, outcome) = check_csv(&csv, "");
    let f = only(&outcome, "I01");
    assert_eq!(f.rows.to_vec(), [4]);
    assert_eq!(f.cell_in(&info).as_deref(), Some("G4"));
}

#[test]
fn blank_accident_and_critical_illness_cover_fire() {
    let (info, outcome) = check_csv(&one_row(&[("意外伤害保额", ""), ("重大疾病保额", "")]), "");
    let i01 = only(&outcome, "I01");
    assert_eq!(i01.cell_in(&info).as_deref(), Some("F2"));
    assert_eq!(i01.actual().as_deref(), Some(""));
    assert_eq!(i01.limit().as_deref(), Some("≥ 800000"));
    let i02 = only(&outcome, "I02");
    assert_eq!(i02.cell_in(&info).as_deref(), Some("G2"));
}

#[test]
fn blank_hospital_and_accident_medical_cover_mean_not_bought() {
    let (_, outcome) = check_csv(&one_row(&[("住院医疗保额", ""), ("意外医疗保额", "")]), "");
    assert!(of(&outcome, "I03").is_empty());
    assert!(of(&outcome, "I04").is_empty());
    assert_eq!(status(&outcome, "I03"), "checked");
    assert_eq!(status(&outcome, "I04"), "checked");
}

#[test]
fn a_column_in_wan_yuan_reads_bare_numbers_as_wan() {
    let (_, outcome) = check_csv(&one_row(&[("意外伤害保额（万元）", "80")]), "");
    assert_eq!(status(&outcome, "I01"), "checked");
    assert!(of(&outcome, "I01").is_empty());
    assert!(of(&outcome, "E01").is_empty());

    let (_, outcome) = check_csv(&one_row(&[("意外伤害保额（万元）", "79")]), "");
    assert_eq!(only(&outcome, "I01").actual().as_deref(), Some("790000"));
}

#[test]
fn the_minimum_is_configurable() {
    let csv = one_row(&[("意外伤害保额", "80万")]);
    let (_, outcome) = check_csv(&csv, "[rules.I01]\nmin_amount = 1000000\n");
    let f = only(&outcome, "I01");
    assert_eq!(f.limit().as_deref(), Some("≥ 1000000"));
}

#[test]
fn cover_rules_are_skipped_with_a_reason_without_their_column() {
    let (_, outcome) = check_csv(&one_row(&[]), "");
    for &(rule, header, _) in COVERS {
        assert_eq!(
            status(&outcome, rule),
            format!("skipped: the roster has no {header} column")
        );
        assert!(of(&outcome, rule).is_empty());
    }
}

// ---------------------------------------------------------------- I05: insurance start

fn start_row<'a>(kind: &'a str, start: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("志愿者类型", kind),
        ("报到日期", "2020-07-20"),
        ("保险起期", start),
    ]
}

#[test]
fn i05_three_days_before_reporting_passes_two_days_fires() {
    let (_, outcome) = check_csv(
        &roster(NEW_RECRUIT, &[start_row("新招募", "2020-07-17")]),
        "",
    );
    assert_eq!(status(&outcome, "I05"), "checked");
    assert!(of(&outcome, "I05").is_empty());

    let (info, outcome) = check_csv(
        &roster(NEW_RECRUIT, &[start_row("新招募", "2020-07-18")]),
        "",
    );
    let f = only(&outcome, "I05");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.rows.to_vec(), [2]);
    assert_eq!(f.column, Some(Column::InsuranceStart));
    assert_eq!(f.cell_in(&info).as_deref(), Some("G2"));
    assert_eq!(f.actual().as_deref(), Some("2020-07-18"));
    assert_eq!(f.limit().as_deref(), Some("≤ 2020-07-17"));
}

#[test]
fn i05_reads_dates_as_people_write_them() {
    let row = vec![("报到日期", "2020年7月20日"), ("保险起期", "2020/7/17")];
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &[row]), "");
    assert!(of(&outcome, "I05").is_empty());
    assert!(of(&outcome, "E01").is_empty());
}

#[test]
fn i05_blank_start_fires_for_new_recruits_and_graduate_teaching_corps() {
    for kind in ["新招募", "研支团", "研究生支教团"] {
        let (info, outcome) = check_csv(&roster(NEW_RECRUIT, &[start_row(kind, "")]), "");
        let f = only(&outcome, "I05");
        assert_eq!(f.cell_in(&info).as_deref(), Some("G2"), "{kind}");
        assert_eq!(f.actual().as_deref(), Some(""), "{kind}");
        assert_eq!(f.limit().as_deref(), Some("≤ 2020-07-17"), "{kind}");
    }
}

#[test]
fn i05_graduate_teaching_corps_late_start_fires() {
    let (_, outcome) = check_csv(
        &roster(NEW_RECRUIT, &[start_row("研支团", "2020-07-20")]),
        "",
    );
    assert_eq!(
        only(&outcome, "I05").actual().as_deref(),
        Some("2020-07-20")
    );
}

#[test]
fn i05_extended_volunteers_are_not_checked() {
    let rows = [start_row("延期", "2020-07-20"), start_row("延期", "")];
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    assert_eq!(status(&outcome, "I05"), "checked");
    assert!(of(&outcome, "I05").is_empty());
}

#[test]
fn i05_without_a_reporting_date_is_not_checked() {
    let row = vec![("报到日期", ""), ("保险起期", "")];
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &[row]), "");
    assert!(of(&outcome, "I05").is_empty());
}

#[test]
fn i05_days_before_is_configurable() {
    let csv = roster(NEW_RECRUIT, &[start_row("新招募", "2020-07-17")]);
    let (_, outcome) = check_csv(&csv, "[rules.I05]\ndays_before = 5\n");
    assert_eq!(
        only(&outcome, "I05").limit().as_deref(),
        Some("≤ 2020-07-15")
    );
}

#[test]
fn i05_is_skipped_with_a_reason_without_either_column() {
    let only_report = vec![("报到日期", "2020-07-20")];
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &[only_report]), "");
    assert_eq!(
        status(&outcome, "I05"),
        "skipped: the roster has no 保险起期 column"
    );
    let only_start = vec![("保险起期", "2020-07-01")];
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &[only_start]), "");
    assert_eq!(
        status(&outcome, "I05"),
        "skipped: the roster has no 报到日期 column"
    );
    assert!(of(&outcome, "I05").is_empty());
}

// ---------------------------------------------------------------- I06: insurance end

fn end_row<'a>(service: &'a str, end: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("服务省份", service),
        ("服务期满日期", "2021-07-31"),
        ("保险止期", end),
    ]
}

#[test]
fn i06_two_days_after_service_fires_three_days_passes() {
    let (info, outcome) = check_csv(&roster(NEW_RECRUIT, &[end_row("青海", "2021-08-02")]), "");
    let f = only(&outcome, "I06");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.rows.to_vec(), [2]);
    assert_eq!(f.column, Some(Column::InsuranceEnd));
    assert_eq!(f.cell_in(&info).as_deref(), Some("G2"));
    assert_eq!(f.actual().as_deref(), Some("2021-08-02"));
    assert_eq!(f.limit().as_deref(), Some("≥ 2021-08-03"));

    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &[end_row("青海", "2021-08-03")]), "");
    assert_eq!(status(&outcome, "I06"), "checked");
    assert!(of(&outcome, "I06").is_empty());
}

#[test]
fn i06_remote_provinces_get_a_notice_below_seven_days() {
    for service in ["西藏", "新疆", "兵团", "新疆生产建设兵团"] {
        let (info, outcome) =
            check_csv(&roster(NEW_RECRUIT, &[end_row(service, "2021-08-03")]), "");
        let f = only(&outcome, "I06");
        assert_eq!(f.severity, Severity::Notice, "{service}");
        assert_eq!(f.cell_in(&info).as_deref(), Some("G2"), "{service}");
        assert_eq!(f.actual().as_deref(), Some("2021-08-03"), "{service}");
        assert_eq!(f.limit().as_deref(), Some("≥ 2021-08-07"), "{service}");

        let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &[end_row(service, "2021-08-07")]), "");
        assert!(of(&outcome, "I06").is_empty(), "{service}");
    }
}

#[test]
fn i06_remote_province_below_three_days_is_an_error_not_a_notice() {
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &[end_row("西藏", "2021-08-02")]), "");
    let f = only(&outcome, "I06");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.limit().as_deref(), Some("≥ 2021-08-03"));
}

#[test]
fn i06_blank_end_fires() {
    for service in ["青海", "西藏"] {
        let (info, outcome) = check_csv(&roster(NEW_RECRUIT, &[end_row(service, "")]), "");
        let f = only(&outcome, "I06");
        assert_eq!(f.severity, Severity::Error, "{service}");
        assert_eq!(f.cell_in(&info).as_deref(), Some("G2"), "{service}");
        assert_eq!(f.actual().as_deref(), Some(""), "{service}");
        assert_eq!(f.limit().as_deref(), Some("≥ 2021-08-03"), "{service}");
    }
}

#[test]
fn i06_checks_every_volunteer_type() {
    for kind in ["延期", "研支团"] {
        let mut row = end_row("青海", "2021-08-01");
        row.push(("志愿者类型", kind));
        let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &[row]), "");
        assert_eq!(only(&outcome, "I06").severity, Severity::Error, "{kind}");
    }
}

#[test]
fn i06_remote_margin_and_provinces_are_configurable() {
    let toml = "[rules.I06]\nremote_days_after = 10\nremote_provinces = [\"青海\"]\n";
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &[end_row("青海", "2021-08-07")]), toml);
    let f = only(&outcome, "I06");
    assert_eq!(f.severity, Severity::Notice);
    assert_eq!(f.limit().as_deref(), Some("≥ 2021-08-10"));
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &[end_row("西藏", "2021-08-03")]), toml);
    assert!(of(&outcome, "I06").is_empty());
}

#[test]
fn i06_is_skipped_with_a_reason_without_either_column() {
    let only_end = vec![("保险止期", "2021-08-03")];
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &[only_end]), "");
    assert_eq!(
        status(&outcome, "I06"),
        "skipped: the roster has no 服务期满日期 column"
    );
    let only_service_end = vec![("服务期满日期", "2021-07-31")];
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &[only_service_end]), "");
    assert_eq!(
        status(&outcome, "I06"),
        "skipped: the roster has no 保险止期 column"
    );
    assert!(of(&outcome, "I06").is_empty());
}

/// A reporter says a run of findings alike once (`Report::messages`): for every finding of a
/// roster whose I06 notices and errors of several provinces interleave, the remembered message
/// (and value and limit) is the one rendered afresh, in both languages, and with --show-pii too.
#[test]
fn remembered_messages_are_the_messages_rendered_afresh() {
    use xibu::messages::Lang;
    use xibu::report::{FailOn, Report};
    let ends = [
        "2021-08-03",
        "2021-08-05",
        "2021-08-02",
        "2021-08-07",
        "2021-08-01",
    ];
    let services = ["西藏", "新疆", "青海", "兵团", "新疆", "宁夏"];
    // Unreadable 报到日期 among them: messages that name their own cell, never remembered.
    let rows: Vec<Vec<(&str, &str)>> = (0..60)
        .map(|i| {
            let mut row = end_row(services[i % services.len()], ends[i / 2 % ends.len()]);
            if i % 7 == 0 {
                row.push(("报到日期", "2020/13/45"));
            }
            row
        })
        .collect();
    let (info, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    let i06 = of(&outcome, "I06");
    assert!(i06.len() > 30, "{}", i06.len());
    for (lang, show_pii) in [(Lang::Zh, false), (Lang::En, false), (Lang::Zh, true)] {
        let report = Report {
            info: &info,
            sources: None,
            outcome: &outcome,
            config: &xibu::config::Config::default(),
            lang,
            show_pii,
            color: false,
            fail_on: FailOn::Error,
        };
        let mut messages = report.messages();
        let mut distinct = std::collections::HashSet::new();
        for f in &outcome.findings {
            let said = messages.said(f);
            assert_eq!(*said.message, report.message(f), "{f:?}");
            let (actual, limit) = report.against(f);
            assert_eq!(said.actual.as_deref(), actual.as_deref(), "{f:?}");
            assert_eq!(said.limit.as_deref(), limit.as_deref(), "{f:?}");
            distinct.insert(said.message.to_string());
        }
        let e01 = of(&outcome, "E01").len();
        assert!(e01 >= 8, "{e01}");
        assert!(
            distinct.len() < e01 + 12,
            "a few messages besides E01's: {distinct:?}"
        );
    }
}
