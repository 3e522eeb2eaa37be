//! The quota rules against the built-in 2020—2021 tables: Q01 per (服务省份, 招募省份) pair of
//! 附件2, Q02 per 服务省份 and part of 附件1.

mod common;

use common::check::{NEW_RECRUIT, check_csv, of, roster, status, times};
use xibu::Province;
use xibu::rules::{Finding, Outcome, Part, Scope, Severity};

type Row<'a> = Vec<(&'a str, &'a str)>;

/// CSV line numbers of `n` rows from line `from` on (the first data row is line 2).
fn lines(from: u32, n: u32) -> Vec<u32> {
    (from..from + n).collect()
}

fn concat<'a>(parts: Vec<Vec<Row<'a>>>) -> Vec<Row<'a>> {
    parts.into_iter().flatten().collect()
}

/// The one finding `rule` made.
fn only<'a>(outcome: &'a Outcome, rule: &str) -> &'a Finding {
    let f = of(outcome, rule);
    assert_eq!(f.len(), 1, "{rule}: {f:#?}");
    f[0]
}

/// The Q02 finding about `part`, if any.
fn q02_part(outcome: &Outcome, part: Part) -> Option<&Finding> {
    of(outcome, "Q02")
        .into_iter()
        .find(|f| f.scope().part == Some(part))
}

/// (count, total, actual, limit) of a finding.
fn numbers(f: &Finding) -> (Option<u64>, Option<u64>, Option<&str>, Option<&str>) {
    (
        f.count(),
        f.total(),
        f.facts().and_then(|x| x.actual.as_deref()),
        f.facts().and_then(|x| x.limit.as_deref()),
    )
}

// ---------------------------------------------------------------------------------------------
// Q01

#[test]
fn q01_187_new_recruits_from_shandong_to_xinjiang_are_within_the_quota() {
    // 附件2: 新疆 ← 山东 187. NEW_RECRUIT is exactly that pair.
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &times(187, vec![])), "");
    assert_eq!(status(&outcome, "Q01"), "checked");
    assert!(of(&outcome, "Q01").is_empty());
}

#[test]
fn q01_188_fires_with_count_188_against_quota_187_and_lists_the_rows() {
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &times(188, vec![])), "");
    let f = only(&outcome, "Q01");
    assert_eq!(
        numbers(f),
        (Some(188), Some(187), Some("188"), Some("≤ 187"))
    );
    assert_eq!(f.rows.to_vec(), lines(2, 188));
    assert_eq!(
        *f.scope(),
        Scope {
            service_province: Some(Province::Xinjiang),
            recruit_province: Some(Province::Shandong),
            ..Scope::default()
        }
    );
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(
        f.message(xibu::messages::Lang::Zh),
        "新疆 ← 山东：新招募 188 人，超过招募指标 187"
    );
}

#[test]
fn q01_a_pair_absent_from_attachment_2_fires_with_quota_0() {
    // 西藏 recruits nobody for 新疆; the 山东 rows around it are within their quota.
    let rows = concat(vec![
        times(3, vec![]),
        vec![vec![("招募省份", "西藏")]],
        times(3, vec![]),
    ]);
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    let f = only(&outcome, "Q01");
    assert_eq!(numbers(f), (Some(1), Some(0), Some("1"), Some("≤ 0")));
    assert_eq!(f.rows.to_vec(), [5]);
    assert_eq!(f.scope().service_province, Some(Province::Xinjiang));
    assert_eq!(f.scope().recruit_province, Some(Province::Xizang));
    assert!(
        f.message(xibu::messages::Lang::Zh).contains("附件2没有"),
        "{}",
        f.message(xibu::messages::Lang::Zh)
    );
}

#[test]
fn q01_counts_new_recruits_only() {
    // 187 new recruits 新疆 ← 山东 at the quota, plus 延期 and 研支团 on the same pair, and 延期
    // on the unlisted pair 新疆 ← 西藏: nothing to report.
    let rows = concat(vec![
        times(5, vec![("志愿者类型", "延期")]),
        times(187, vec![]),
        times(5, vec![("志愿者类型", "研究生支教团")]),
        times(2, vec![("志愿者类型", "延期"), ("招募省份", "西藏")]),
    ]);
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    assert!(of(&outcome, "Q01").is_empty());

    // One more new recruit fires, and the finding lists the new recruits alone.
    let rows = concat(vec![
        times(5, vec![("志愿者类型", "延期")]),
        times(188, vec![]),
    ]);
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    let f = only(&outcome, "Q01");
    assert_eq!((f.count(), f.total()), (Some(188), Some(187)));
    assert_eq!(f.rows.to_vec(), lines(7, 188));
}

// ---------------------------------------------------------------------------------------------
// Q02

/// An 延期 volunteer serving in 海南 (附件1: 实施规模 186 = 研支团 0 + 延期 144 + 新招募 42).
const HAINAN_EXTENDED: &[(&str, &str)] = &[
    ("姓名", "乙"),
    ("志愿者类型", "延期"),
    ("招募省份", "海南"),
    ("服务省份", "海南"),
    ("学历", "本科"),
];

#[test]
fn q02_144_extended_in_hainan_are_within_the_scale() {
    let (_, outcome) = check_csv(&roster(HAINAN_EXTENDED, &times(144, vec![])), "");
    assert_eq!(status(&outcome, "Q02"), "checked");
    assert!(of(&outcome, "Q02").is_empty());
}

#[test]
fn q02_145_extended_in_hainan_fires_the_extended_part() {
    let (_, outcome) = check_csv(&roster(HAINAN_EXTENDED, &times(145, vec![])), "");
    let f = only(&outcome, "Q02");
    assert_eq!(
        *f.scope(),
        Scope {
            service_province: Some(Province::Hainan),
            part: Some(Part::Extended),
            ..Scope::default()
        }
    );
    assert_eq!(
        numbers(f),
        (Some(145), Some(144), Some("145"), Some("≤ 144"))
    );
    assert_eq!(f.rows.to_vec(), lines(2, 145));
    assert_eq!(f.severity, Severity::Error);
}

#[test]
fn q02_counts_volunteers_in_post_only_a_blank_status_is_in_post() {
    // 144 in post (explicitly or by a blank status) and 6 who left: within the scale.
    let rows = concat(vec![
        times(3, vec![("在岗状态", "离岗")]),
        times(100, vec![("在岗状态", "在岗")]),
        times(3, vec![("在岗状态", "流失")]),
        times(44, vec![]),
    ]);
    let (_, outcome) = check_csv(&roster(HAINAN_EXTENDED, &rows), "");
    assert!(of(&outcome, "Q02").is_empty());

    // 145 in post fires, and the rows are those in post.
    let rows = concat(vec![
        times(100, vec![("在岗状态", "在岗")]),
        times(3, vec![("在岗状态", "离岗")]),
        times(45, vec![]),
        times(3, vec![("在岗状态", "流失")]),
    ]);
    let (_, outcome) = check_csv(&roster(HAINAN_EXTENDED, &rows), "");
    let f = only(&outcome, "Q02");
    assert_eq!((f.count(), f.total()), (Some(145), Some(144)));
    let mut expected = lines(2, 100);
    expected.extend(lines(105, 45));
    assert_eq!(f.rows.to_vec(), expected);
}

#[test]
fn q02_total_fires_when_the_sum_exceeds_the_implementation_scale() {
    // 海南: 144 延期 (at its limit) + 43 新招募 (one above 42) = 187, above 实施规模 186.
    let rows = concat(vec![
        times(144, vec![]),
        times(43, vec![("志愿者类型", "新招募"), ("招募省份", "湖北")]),
    ]);
    let (_, outcome) = check_csv(&roster(HAINAN_EXTENDED, &rows), "");
    assert_eq!(of(&outcome, "Q02").len(), 2);
    assert!(q02_part(&outcome, Part::Extended).is_none());
    let new = q02_part(&outcome, Part::New).unwrap();
    assert_eq!((new.count(), new.total()), (Some(43), Some(42)));
    assert_eq!(new.rows.to_vec(), lines(146, 43));
    let total = q02_part(&outcome, Part::Total).unwrap();
    assert_eq!(
        numbers(total),
        (Some(187), Some(186), Some("187"), Some("≤ 186"))
    );
    assert_eq!(
        total.rows.to_vec(),
        lines(2, 187),
        "every volunteer in post"
    );
    assert_eq!(total.scope().service_province, Some(Province::Hainan));

    // 186 of them (144 + 42) are exactly at every limit.
    let rows = concat(vec![
        times(144, vec![]),
        times(42, vec![("志愿者类型", "新招募"), ("招募省份", "湖北")]),
    ]);
    let (_, outcome) = check_csv(&roster(HAINAN_EXTENDED, &rows), "");
    assert!(of(&outcome, "Q02").is_empty());
}

#[test]
fn q02_hebei_plans_grad_teach_only_so_one_extended_fires_and_24_grad_teach_exceed_the_total() {
    // 附件1: 河北 实施规模 23 = 研支团 23 + 延期 0 + 新招募 0.
    let hebei: Row = vec![("服务省份", "河北"), ("招募省份", "河北")];
    let extended = [hebei.clone(), vec![("志愿者类型", "延期")]].concat();
    let grad_teach = [hebei.clone(), vec![("志愿者类型", "研支团")]].concat();

    let rows = concat(vec![times(22, grad_teach.clone()), vec![extended]]);
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    let f = only(&outcome, "Q02");
    assert_eq!(f.scope().service_province, Some(Province::Hebei));
    assert_eq!(f.scope().part, Some(Part::Extended));
    assert_eq!(numbers(f), (Some(1), Some(0), Some("1"), Some("≤ 0")));
    assert_eq!(f.rows.to_vec(), [24]);

    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &times(23, grad_teach.clone())), "");
    assert!(of(&outcome, "Q02").is_empty(), "23 研支团 is the plan");

    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &times(24, grad_teach)), "");
    let parts: Vec<_> = of(&outcome, "Q02")
        .iter()
        .map(|f| (f.scope().part, f.count(), f.total()))
        .collect();
    assert_eq!(parts.len(), 2, "{parts:?}");
    assert!(parts.contains(&(Some(Part::GradTeach), Some(24), Some(23))));
    assert!(parts.contains(&(Some(Part::Total), Some(24), Some(23))));
}

#[test]
fn q02_a_service_province_absent_from_attachment_1_has_a_scale_of_0() {
    // 北京 is not a service region in 附件1.
    let rows = times(2, vec![("服务省份", "北京")]);
    let (_, outcome) = check_csv(&roster(NEW_RECRUIT, &rows), "");
    let findings = of(&outcome, "Q02");
    assert_eq!(findings.len(), 2, "{findings:#?}");
    for part in [Part::New, Part::Total] {
        let f = q02_part(&outcome, part).unwrap();
        assert_eq!(f.scope().service_province, Some(Province::Beijing));
        assert_eq!(numbers(f), (Some(2), Some(0), Some("2"), Some("≤ 0")));
        assert_eq!(f.rows.to_vec(), [2, 3]);
        assert!(
            f.message(xibu::messages::Lang::Zh).contains("附件1 没有"),
            "{}",
            f.message(xibu::messages::Lang::Zh)
        );
    }
}

#[test]
fn q02_only_the_service_province_over_its_scale_is_reported() {
    // 海南 145 延期 fires; 新疆 ← 山东 10 new recruits are well within 新疆's scale.
    let rows = concat(vec![times(10, NEW_RECRUIT.to_vec()), times(145, vec![])]);
    let (_, outcome) = check_csv(&roster(HAINAN_EXTENDED, &rows), "");
    let f = only(&outcome, "Q02");
    assert_eq!(f.scope().service_province, Some(Province::Hainan));
    assert_eq!(f.rows.to_vec(), lines(12, 145));
}
