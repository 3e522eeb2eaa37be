//! The built-in 2020—2021 tables: their invariants, and their agreement with the source notice.

mod common;

use std::collections::BTreeMap;

use xibu::plan::verify::{Status, verify};
use xibu::{Plan, Province};

#[test]
fn every_region_new_count_equals_its_quota_sum_7311_in_all() {
    let plan = Plan::builtin().unwrap();
    let sums = plan.quotas.sums_by_service();
    let regions: Vec<_> = plan.scale.rows.iter().filter(|r| r.new > 0).collect();
    assert_eq!(
        regions.len(),
        19,
        "two provinces (河北, 江西) recruit no new volunteers"
    );
    assert_eq!(sums.len(), 19);
    for r in &plan.scale.rows {
        assert_eq!(
            sums.get(&r.province).copied().unwrap_or(0),
            u64::from(r.new),
            "{}",
            r.province
        );
    }
    assert_eq!(sums.values().sum::<u64>(), 7311);
    assert_eq!(plan.scale.rows.len(), 21);
}

#[test]
fn scale_totals_are_19990_2376_10303_7311() {
    let plan = Plan::builtin().unwrap();
    let sums = plan.scale.column_sums();
    assert_eq!(
        (sums.total, sums.grad_teach, sums.extended, sums.new),
        (19990, 2376, 10303, 7311)
    );
    let stated = plan.scale.totals.unwrap();
    assert_eq!(
        (stated.total, stated.grad_teach, stated.extended, stated.new),
        (19990, 2376, 10303, 7311)
    );
    assert!(
        verify(&plan, xibu::messages::Lang::En)
            .iter()
            .all(|i| i.status == Status::Passed)
    );
}

/// The notice as extracted, kept verbatim in the built-in edition's sources.
const NOTICE: &str = include_str!("../data/editions/2020-2021/sources/notice-2020-3.txt");

/// Every (对口招募省份, 招募指标) pair that the scrambled source text prints, however its lines
/// were shifted, must be a row of the CSV, and no other: the rebuild moved rows between regions
/// but may not have invented, dropped or changed a number.
#[test]
fn the_quota_csv_holds_exactly_the_pairs_printed_in_the_source() {
    let start = NOTICE.find("服务地区\t对口招募省份").unwrap();
    let mut printed: BTreeMap<(String, u32), usize> = BTreeMap::new();
    for line in NOTICE[start..].lines().skip(1) {
        let tokens: Vec<&str> = line.split('\t').filter(|t| !t.trim().is_empty()).collect();
        for w in tokens.windows(2) {
            if let Ok(n) = w[1].parse::<u32>() {
                *printed.entry((w[0].to_string(), n)).or_default() += 1;
            }
        }
    }
    let plan = Plan::builtin().unwrap();
    let mut ours: BTreeMap<(String, u32), usize> = BTreeMap::new();
    for r in &plan.quotas.rows {
        *ours
            .entry((r.recruit.name().to_string(), r.quota))
            .or_default() += 1;
    }
    assert_eq!(printed, ours);
    assert_eq!(ours.values().sum::<usize>(), 164);
}

#[test]
fn the_scale_csv_is_the_source_table_line_for_line() {
    let start = NOTICE.find("省份\t实施规模").unwrap();
    let source: Vec<Vec<String>> = NOTICE[start..]
        .lines()
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect();
    let plan = Plan::builtin().unwrap();
    let (rows, totals) = common::scale_rows(&plan);
    let mut ours: Vec<Vec<String>> = rows
        .iter()
        .map(|(p, values)| {
            std::iter::once(p.name().to_string())
                .chain(values.iter().map(u32::to_string))
                .collect()
        })
        .collect();
    let t = totals.unwrap();
    ours.push(
        std::iter::once("合计".to_string())
            .chain(t.iter().map(u32::to_string))
            .collect(),
    );
    assert_eq!(source, ours);
}

#[test]
fn spot_checks_from_the_notice() {
    let plan = Plan::builtin().unwrap();
    let q = |s: Province, r: Province| plan.quotas.get(s, r).map(|r| r.quota);
    use Province::*;
    assert_eq!(q(Xinjiang, Shandong), Some(187));
    assert_eq!(q(Bingtuan, Shandong), Some(96));
    assert_eq!(q(Ningxia, Fujian), Some(35));
    assert_eq!(q(Ningxia, Ningxia), Some(178));
    assert_eq!(q(Qinghai, Hubei), Some(10));
    assert_eq!(q(Yunnan, Hubei), Some(10));
    assert_eq!(q(Xinjiang, Henan), Some(216));
    assert_eq!(q(Guizhou, Guizhou), Some(447));
    assert_eq!(q(Hunan, Hubei), Some(11));
    assert_eq!(q(Xinjiang, Xizang), None);
    assert_eq!(plan.quotas.get(Shaanxi, Shaanxi).unwrap().note, "本省招募");
}
