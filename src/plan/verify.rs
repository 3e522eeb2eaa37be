//! The invariants a plan must satisfy before any verdict can stand on it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::{Plan, Source};
use crate::messages::{Lang, Msg, Text, say};
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
    /// What it checks, in the user's language.
    pub title: String,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub failures: Vec<Failure>,
}

impl Invariant {
    fn new(id: &'static str, title: Msg, lang: Lang, failures: Vec<Failure>) -> Invariant {
        Invariant {
            id,
            title: say(title, lang),
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

/// Checks every invariant of the plan, in a fixed order; what they say is in `lang`.
pub fn verify(plan: &Plan, lang: Lang) -> Vec<Invariant> {
    vec![
        provinces_known(plan, lang),
        scale_row_sums(plan, lang),
        scale_totals(plan, lang),
        scale_unique(plan, lang),
        quota_unique(plan, lang),
        quota_sums(plan, lang),
    ]
}

/// `quotas.csv 第 12 行` / `quotas.csv line 12`.
fn at(source: &Source, row: u32, lang: Lang) -> String {
    Text::new(Msg::PlanAt)
        .arg("file", source.name.as_str())
        .arg("row_word", row_word(source))
        .arg("row", row)
        .render(lang)
}

/// `第 12 行` / `line 12`.
fn row_at(source: &Source, row: u32, lang: Lang) -> String {
    Text::new(Msg::PlanRowAt)
        .arg("row_word", row_word(source))
        .arg("row", row)
        .render(lang)
}

fn row_word(source: &Source) -> Msg {
    if source.row_word == "line" {
        Msg::LineWord
    } else {
        Msg::RowWord
    }
}

fn provinces_known(plan: &Plan, lang: Lang) -> Invariant {
    let failures = [
        ("scale", &plan.scale.source, &plan.scale.problems),
        ("quotas", &plan.quotas.source, &plan.quotas.problems),
    ]
    .into_iter()
    .flat_map(|(table, source, problems)| {
        problems.iter().map(move |p| Failure {
            table,
            location: at(source, p.row, lang),
            message: Text::new(Msg::PlanCellProblem)
                .arg("column", p.column.as_str())
                .arg("cell", p.cell.as_str())
                .arg(
                    "problem",
                    crate::messages::unknown_province(&crate::province::UnknownProvince {
                        input: p.value.clone(),
                        suggestions: p.suggestions.clone(),
                    }),
                )
                .render(lang),
        })
    })
    .collect();
    Invariant::new("provinces-known", Msg::InvProvincesKnown, lang, failures)
}

fn scale_row_sums(plan: &Plan, lang: Lang) -> Invariant {
    let failures = plan
        .scale
        .rows
        .iter()
        .filter(|r| {
            u64::from(r.total) != u64::from(r.grad_teach) + u64::from(r.extended) + u64::from(r.new)
        })
        .map(|r| Failure {
            table: "scale",
            location: at(&plan.scale.source, r.row, lang),
            message: Text::new(Msg::FailScaleRow)
                .arg("province", r.province)
                .arg("total", r.total)
                .arg("grad_teach", r.grad_teach)
                .arg("extended", r.extended)
                .arg("new", r.new)
                .arg(
                    "sum",
                    u64::from(r.grad_teach) + u64::from(r.extended) + u64::from(r.new),
                )
                .render(lang),
        })
        .collect();
    Invariant::new("scale-row-sums", Msg::InvScaleRowSums, lang, failures)
}

fn scale_totals(plan: &Plan, lang: Lang) -> Invariant {
    const ID: &str = "scale-totals";
    let Some(stated) = plan.scale.totals else {
        return Invariant {
            reason: Some(
                Text::new(Msg::InvNoTotalRow)
                    .arg("file", plan.scale.source.name.as_str())
                    .render(lang),
            ),
            status: Status::Skipped,
            ..Invariant::new(ID, Msg::InvScaleTotals, lang, Vec::new())
        };
    };
    let sums = plan.scale.column_sums();
    let failures = ["实施规模", "研支团", "延期", "新招募"]
        .into_iter()
        .zip(stated.values().into_iter().zip(sums.values()))
        .filter(|(_, (stated, sum))| stated != sum)
        .map(|(name, (stated_value, sum))| Failure {
            table: "scale",
            location: at(&plan.scale.source, stated.row, lang),
            message: Text::new(Msg::FailScaleTotal)
                .arg("column", name)
                .arg("stated", stated_value)
                .arg("sum", sum)
                .render(lang),
        })
        .collect();
    Invariant::new(ID, Msg::InvScaleTotals, lang, failures)
}

fn scale_unique(plan: &Plan, lang: Lang) -> Invariant {
    let mut first: HashMap<Province, u32> = HashMap::new();
    let mut failures = Vec::new();
    for r in &plan.scale.rows {
        if let Some(earlier) = first.get(&r.province) {
            failures.push(Failure {
                table: "scale",
                location: at(&plan.scale.source, r.row, lang),
                message: Text::new(Msg::FailAgain)
                    .arg("what", r.province)
                    .arg("first", row_at(&plan.scale.source, *earlier, lang))
                    .render(lang),
            });
        } else {
            first.insert(r.province, r.row);
        }
    }
    Invariant::new("scale-unique", Msg::InvScaleUnique, lang, failures)
}

fn quota_unique(plan: &Plan, lang: Lang) -> Invariant {
    let mut first: HashMap<(Province, Province), u32> = HashMap::new();
    let mut failures = Vec::new();
    for r in &plan.quotas.rows {
        if let Some(earlier) = first.get(&(r.service, r.recruit)) {
            failures.push(Failure {
                table: "quotas",
                location: at(&plan.quotas.source, r.row, lang),
                message: Text::new(Msg::FailAgain)
                    .arg(
                        "what",
                        crate::messages::Arg::Place {
                            service: Some(r.service),
                            recruit: Some(r.recruit),
                            county: None,
                        },
                    )
                    .arg("first", row_at(&plan.quotas.source, *earlier, lang))
                    .render(lang),
            });
        } else {
            first.insert((r.service, r.recruit), r.row);
        }
    }
    Invariant::new("quota-unique", Msg::InvQuotaUnique, lang, failures)
}

fn quota_sums(plan: &Plan, lang: Lang) -> Invariant {
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
                    Some(row) => at(&plan.quotas.source, row, lang),
                    None => at(&plan.scale.source, scale.row, lang),
                },
                message: Text::new(Msg::FailQuotaSum)
                    .arg("province", region)
                    .arg("sum", sum)
                    .arg("new", scale.new)
                    .arg("at", row_at(&plan.scale.source, scale.row, lang))
                    .render(lang),
            }),
            None => failures.push(Failure {
                table: "quotas",
                location: first_row
                    .map(|row| at(&plan.quotas.source, row, lang))
                    .unwrap_or_else(|| plan.quotas.source.name.clone()),
                message: Text::new(Msg::FailQuotaNoScale)
                    .arg("province", region)
                    .arg("sum", sum)
                    .arg("file", plan.scale.source.name.as_str())
                    .render(lang),
            }),
        }
    }
    Invariant::new("quota-sums", Msg::InvQuotaSums, lang, failures)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_plan_passes_every_invariant() {
        let plan = Plan::builtin().unwrap();
        for inv in verify(&plan, Lang::En) {
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
        let inv = quota_sums(&plan, Lang::En);
        assert_eq!(inv.status, Status::Failed);
        assert_eq!(inv.failures.len(), 1);
        assert!(
            inv.failures[0]
                .message
                .starts_with("Xinjiang: the quotas add up to 1726 but 附件1 gives 新招募 1727"),
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
        let inv = quota_unique(&plan, Lang::En);
        assert_eq!(inv.failures.len(), 1);
        assert_eq!(
            inv.failures[0].location,
            "data/editions/2020-2021/quotas.csv (built in) line 999"
        );
        assert_eq!(
            inv.failures[0].message,
            "Inner Mongolia ← Inner Mongolia appears again (first at line 2)"
        );
    }

    #[test]
    fn a_wrong_total_row_is_caught_per_column() {
        let mut plan = Plan::builtin().unwrap();
        if let Some(t) = plan.scale.totals.as_mut() {
            t.extended += 1;
        }
        let inv = scale_totals(&plan, Lang::En);
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
        assert_eq!(scale_totals(&plan, Lang::En).status, Status::Skipped);
    }

    #[test]
    fn a_row_whose_parts_do_not_add_up_is_named() {
        let mut plan = Plan::builtin().unwrap();
        plan.scale.rows[0].total += 1;
        let inv = scale_row_sums(&plan, Lang::En);
        assert_eq!(inv.failures.len(), 1);
        assert_eq!(
            inv.failures[0].message,
            "Inner Mongolia: 实施规模 816 ≠ 研支团 110 + 延期 445 + 新招募 260 = 815"
        );
        assert_eq!(
            inv.failures[0].location,
            "data/editions/2020-2021/scale.csv (built in) line 2"
        );
    }

    #[test]
    fn a_clerk_reads_the_failures_in_chinese() {
        let mut plan = Plan::builtin().unwrap();
        plan.scale.rows[0].total += 1;
        let inv = scale_row_sums(&plan, Lang::Zh);
        assert_eq!(inv.title, "附件1：各省实施规模 = 研支团 + 延期 + 新招募");
        assert_eq!(
            inv.failures[0].message,
            "内蒙古：实施规模 816 ≠ 研支团 110 + 延期 445 + 新招募 260 = 815"
        );
        assert_eq!(
            inv.failures[0].location,
            "data/editions/2020-2021/scale.csv (built in) 第 2 行"
        );
    }
}
