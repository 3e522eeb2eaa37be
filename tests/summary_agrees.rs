//! The summary table renders the rules' own numbers (issue #10): for random rosters under random
//! thresholds, switches and scopes, a share cell is marked ✗ exactly where its rule made a
//! finding, and a marked cell shows the finding's own count and total. Before, the summary
//! recomputed the shares with its own predicates and disagreed with S02 `bachelor_only = true`.

mod common;

use common::check::check_csv;
use proptest::prelude::*;
use xibu::report::text::summary_table;
use xibu::report::{FailOn, Lang, Report};

const SERVICE: [&str; 3] = ["新疆", "西藏", "贵州"];
const RECRUIT: [&str; 3] = ["新疆", "山东", "贵州"];
const TYPES: [&str; 3] = ["新招募", "新招募", "延期"];
const EDUCATION: [&str; 3] = ["专科", "本科", "硕士研究生"];
const STATUS: [&str; 3] = ["在岗", "", "离岗"];
const LEVEL: [&str; 3] = ["县级", "乡镇", "省级"];
const NATURE: [&str; 2] = ["机关", "事业单位"];
const RATING: [&str; 3] = ["优秀", "合格", ""];
const COUNTY: [&str; 2] = ["甲县", "乙县"];

fn row() -> impl Strategy<Value = [usize; 10]> {
    prop::array::uniform10(0usize..6)
}

fn pick<'a>(list: &[&'a str], i: usize) -> &'a str {
    list[i % list.len()]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn a_cell_is_marked_exactly_where_its_rule_found_something(
        rows in prop::collection::vec(row(), 1..40),
        limits in prop::array::uniform4(0u32..=100),
        bachelor_only in any::<bool>(),
        scope in 0usize..3,
    ) {
        let mut csv = String::from(
            "姓名,志愿者类型,招募省份,服务省份,服务县,学历,在岗状态,单位级别,单位性质,考核等次\n",
        );
        for r in &rows {
            csv.push_str(&format!(
                "甲,{},{},{},{},{},{},{},{},{}\n",
                pick(&TYPES, r[0]),
                pick(&RECRUIT, r[1]),
                pick(&SERVICE, r[2]),
                pick(&COUNTY, r[3]),
                pick(&EDUCATION, r[4]),
                pick(&STATUS, r[5]),
                pick(&LEVEL, r[6]),
                pick(&NATURE, r[7]),
                pick(&RATING, r[8]),
            ));
        }
        let scope = ["service_province", "service_county", "national"][scope];
        let toml = format!(
            "[rules.S01]\nlimit_percent = {}\nscope = \"{scope}\"\n\
             [rules.S02]\nmin_percent = {}\nbachelor_only = {bachelor_only}\nscope = \"{scope}\"\n\
             [rules.S03]\nlimit_percent = {}\nscope = \"{scope}\"\n\
             [rules.S04]\nlimit_percent = {}\nscope = \"{scope}\"\n",
            limits[0], limits[1], limits[2], limits[3]
        );
        let (info, outcome) = check_csv(&csv, &toml);
        let summary = &outcome.summary;
        prop_assert_eq!(summary.columns.len(), 4);
        for row in &summary.rows {
            for (column, cell) in summary.columns.iter().zip(&row.shares) {
                let findings: Vec<_> = outcome
                    .findings
                    .iter()
                    .filter(|f| f.rule() == column.rule && f.scope().service_province == row.province)
                    // S01's plan allowance: a notice names the plan's share, the cell passes.
                    .filter(|f| f.severity != xibu::rules::Severity::Notice)
                    .collect();
                let marked = cell.is_some_and(|c| c.breached);
                prop_assert_eq!(
                    marked,
                    !findings.is_empty(),
                    "{} {:?}: {:?} against {:?}",
                    column.rule,
                    row.province,
                    cell,
                    findings
                );
                // Under the province scope (and nationally) a marked cell is the finding's group.
                if scope != "service_county"
                    && let (Some(c), [f]) = (cell, findings.as_slice())
                {
                    prop_assert_eq!((Some(c.count), Some(c.total)), (f.count(), f.total()));
                }
            }
        }
        // The table shows one ✗ per marked cell, and none elsewhere.
        let report = Report {
            info: &info,
            sources: None,
            outcome: &outcome,
            config: &xibu::config::Config::default(),
            lang: Lang::Zh,
            show_pii: false,
            color: false,
            fail_on: FailOn::Error,
        };
        let marks = summary
            .rows
            .iter()
            .flat_map(|r| &r.shares)
            .filter(|c| c.is_some_and(|c| c.breached))
            .count()
            + summary.rows.iter().filter(|r| r.over_plan).count();
        prop_assert_eq!(summary_table(&report).matches('✗').count(), marks);
    }
}

/// The regression the issue names: with `bachelor_only = true`, S02 finds 本科 5 of 10 and the
/// summary used to show 本科及以上 10/10 100.00% without ✗.
#[test]
fn bachelor_only_is_what_the_summary_shows() {
    let mut csv = String::from("姓名,志愿者类型,招募省份,服务省份,学历\n");
    for i in 0..10 {
        let education = if i < 5 { "本科" } else { "硕士研究生" };
        csv.push_str(&format!("甲,新招募,山东,新疆,{education}\n"));
    }
    let (_, outcome) = check_csv(&csv, "[rules.S02]\nbachelor_only = true\n");
    let s02 = outcome
        .findings
        .iter()
        .find(|f| f.rule() == "S02")
        .expect("S02 fires");
    assert_eq!((s02.count(), s02.total()), (Some(5), Some(10)));
    let column = outcome
        .summary
        .columns
        .iter()
        .position(|c| c.rule == "S02")
        .unwrap();
    assert_eq!(
        xibu::messages::say(outcome.summary.columns[column].label, Lang::Zh),
        "本科"
    );
    let xinjiang = &outcome.summary.rows[0];
    let cell = xinjiang.shares[column].unwrap();
    assert_eq!((cell.count, cell.total, cell.breached), (5, 10, true));
}
