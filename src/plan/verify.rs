//! The invariants a plan must satisfy before any verdict can stand on it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::Plan;
use crate::province::Province;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Passed,
    Failed,
    Skipped,
}

/// One violation of an invariant, at the row that causes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// `"scale"` (附件1) or `"quotas"` (附件2).
    pub table: &'static str,
    /// The file and row: `quotas.xlsx row 12`.
    pub location: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Invariant {
    pub id: &'static str,
    pub title: &'static str,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub failures: Vec<Failure>,
}

impl Invariant {
    fn new(id: &'static str, title: &'static str, failures: Vec<Failure>) -> Invariant {
        Invariant {
            id,
            title,
            status: if failures.is_empty() {
                Status::Passed
            } else {
                Status::Failed
            },
            reason: None,
            failures,
        }
    }
}

/// Checks every invariant of the plan, in a fixed order.
pub fn verify(plan: &Plan) -> Vec<Invariant> {
    vec![
        provinces_known(plan),
        scale_row_sums(plan),
        scale_totals(plan),
        scale_unique(plan),
        quota_unique(plan),
        quota_sums(plan),
    ]
}

fn provinces_known(plan: &Plan) -> Invariant {
    let failures = [
        ("scale", &plan.scale.source, &plan.scale.problems),
        ("quotas", &plan.quotas.source, &plan.quotas.problems),
    ]
    .into_iter()
    .flat_map(|(table, source, problems)| {
        problems.iter().map(move |p| Failure {
            table,
            location: source.at(p.row),
            message: p.in_row(),
        })
    })
    .collect();
    Invariant::new(
        "provinces-known",
        "every province cell names one of the 32 provinces",
        failures,
    )
}

fn scale_row_sums(plan: &Plan) -> Invariant {
    let failures = plan
        .scale
        .rows
        .iter()
        .filter(|r| {
            u64::from(r.total) != u64::from(r.grad_teach) + u64::from(r.extended) + u64::from(r.new)
        })
        .map(|r| Failure {
            table: "scale",
            location: plan.scale.source.at(r.row),
            message: format!(
                "{}: 实施规模 {} ≠ 研支团 {} + 延期 {} + 新招募 {} = {}",
                r.province,
                r.total,
                r.grad_teach,
                r.extended,
                r.new,
                u64::from(r.grad_teach) + u64::from(r.extended) + u64::from(r.new)
            ),
        })
        .collect();
    Invariant::new(
        "scale-row-sums",
        "附件1: each province's 实施规模 = 研支团 + 延期 + 新招募",
        failures,
    )
}

fn scale_totals(plan: &Plan) -> Invariant {
    const ID: &str = "scale-totals";
    const TITLE: &str = "附件1: the 合计 row equals the column sums";
    let Some(stated) = plan.scale.totals else {
        return Invariant {
            id: ID,
            title: TITLE,
            status: Status::Skipped,
            reason: Some(format!("{} has no 合计 row", plan.scale.source.name)),
            failures: Vec::new(),
        };
    };
    let sums = plan.scale.column_sums();
    let failures = ["实施规模", "研支团", "延期", "新招募"]
        .into_iter()
        .zip(stated.values().into_iter().zip(sums.values()))
        .filter(|(_, (stated, sum))| stated != sum)
        .map(|(name, (stated_value, sum))| Failure {
            table: "scale",
            location: plan.scale.source.at(stated.row),
            message: format!("合计 {name} is {stated_value} but the provinces add up to {sum}"),
        })
        .collect();
    Invariant::new(ID, TITLE, failures)
}

fn scale_unique(plan: &Plan) -> Invariant {
    let mut first: HashMap<Province, u32> = HashMap::new();
    let mut failures = Vec::new();
    for r in &plan.scale.rows {
        if let Some(earlier) = first.get(&r.province) {
            failures.push(Failure {
                table: "scale",
                location: plan.scale.source.at(r.row),
                message: format!(
                    "{} appears again (first at {} {earlier})",
                    r.province, plan.scale.source.row_word
                ),
            });
        } else {
            first.insert(r.province, r.row);
        }
    }
    Invariant::new("scale-unique", "附件1: each province has one row", failures)
}

fn quota_unique(plan: &Plan) -> Invariant {
    let mut first: HashMap<(Province, Province), u32> = HashMap::new();
    let mut failures = Vec::new();
    for r in &plan.quotas.rows {
        if let Some(earlier) = first.get(&(r.service, r.recruit)) {
            failures.push(Failure {
                table: "quotas",
                location: plan.quotas.source.at(r.row),
                message: format!(
                    "{} ← {} appears again (first at {} {earlier})",
                    r.service, r.recruit, plan.quotas.source.row_word
                ),
            });
        } else {
            first.insert((r.service, r.recruit), r.row);
        }
    }
    Invariant::new(
        "quota-unique",
        "附件2: each (服务地区, 对口招募省份) pair appears once",
        failures,
    )
}

fn quota_sums(plan: &Plan) -> Invariant {
    let sums: BTreeMap<Province, u64> = plan.quotas.sums_by_service();
    let regions: BTreeSet<Province> = sums
        .keys()
        .copied()
        .chain(
            plan.scale
                .rows
                .iter()
                .filter(|r| r.new > 0)
                .map(|r| r.province),
        )
        .collect();
    let mut failures = Vec::new();
    for region in regions {
        let sum = sums.get(&region).copied().unwrap_or(0);
        let first_row = plan.quotas.for_service(region).next().map(|r| r.row);
        match plan.scale.get(region) {
            Some(scale) if u64::from(scale.new) == sum => {}
            Some(scale) => failures.push(Failure {
                table: "quotas",
                location: match first_row {
                    Some(row) => plan.quotas.source.at(row),
                    None => plan.scale.source.at(scale.row),
                },
                message: format!(
                    "{region}: the quotas add up to {sum} but 附件1 gives 新招募 {} ({} {})",
                    scale.new, plan.scale.source.row_word, scale.row
                ),
            }),
            None => failures.push(Failure {
                table: "quotas",
                location: first_row
                    .map(|row| plan.quotas.source.at(row))
                    .unwrap_or_else(|| plan.quotas.source.name.clone()),
                message: format!(
                    "{region} has quotas adding up to {sum} but no row in 附件1 ({})",
                    plan.scale.source.name
                ),
            }),
        }
    }
    Invariant::new(
        "quota-sums",
        "附件2: each service region's quotas add up to its 新招募 count in 附件1",
        failures,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_plan_passes_every_invariant() {
        let plan = Plan::builtin().unwrap();
        for inv in verify(&plan) {
            assert_eq!(inv.status, Status::Passed, "{inv:?}");
        }
    }

    #[test]
    fn a_changed_quota_breaks_its_region_sum() {
        let mut plan = Plan::builtin().unwrap();
        let row = plan
            .quotas
            .rows
            .iter_mut()
            .find(|r| r.service == Province::Xinjiang && r.recruit == Province::Shandong)
            .unwrap();
        row.quota = 186;
        let line = row.row;
        let inv = quota_sums(&plan);
        assert_eq!(inv.status, Status::Failed);
        assert_eq!(inv.failures.len(), 1);
        assert!(
            inv.failures[0]
                .message
                .starts_with("新疆: the quotas add up to 1726 but 附件1 gives 新招募 1727"),
            "{:?}",
            inv.failures
        );
        assert!(line > 1);
    }

    #[test]
    fn a_duplicate_pair_is_named_with_both_rows() {
        let mut plan = Plan::builtin().unwrap();
        let mut dup = plan.quotas.rows[0].clone();
        dup.row = 999;
        plan.quotas.rows.push(dup);
        let inv = quota_unique(&plan);
        assert_eq!(inv.failures.len(), 1);
        assert_eq!(
            inv.failures[0].location,
            "data/editions/2020-2021/quotas.csv (built in) line 999"
        );
        assert_eq!(
            inv.failures[0].message,
            "内蒙古 ← 内蒙古 appears again (first at line 2)"
        );
    }

    #[test]
    fn a_wrong_total_row_is_caught_per_column() {
        let mut plan = Plan::builtin().unwrap();
        if let Some(t) = plan.scale.totals.as_mut() {
            t.extended += 1;
        }
        let inv = scale_totals(&plan);
        assert_eq!(inv.failures.len(), 1);
        assert_eq!(
            inv.failures[0].message,
            "合计 延期 is 10304 but the provinces add up to 10303"
        );
    }

    #[test]
    fn no_total_row_is_skipped_not_passed() {
        let mut plan = Plan::builtin().unwrap();
        plan.scale.totals = None;
        assert_eq!(scale_totals(&plan).status, Status::Skipped);
    }

    #[test]
    fn a_row_whose_parts_do_not_add_up_is_named() {
        let mut plan = Plan::builtin().unwrap();
        plan.scale.rows[0].total += 1;
        let inv = scale_row_sums(&plan);
        assert_eq!(inv.failures.len(), 1);
        assert_eq!(
            inv.failures[0].message,
            "内蒙古: 实施规模 816 ≠ 研支团 110 + 延期 445 + 新招募 260 = 815"
        );
        assert_eq!(
            inv.failures[0].location,
            "data/editions/2020-2021/scale.csv (built in) line 2"
        );
    }
}
