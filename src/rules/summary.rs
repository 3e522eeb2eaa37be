//! The per-province summary the report's table and the 汇总 sheet show. It is put together from
//! the share and quota rules' tallies: it adds their numbers up by service province and marks a
//! cell ✗ exactly where the rule made a finding. It never judges a share itself.

use std::collections::BTreeMap;

use super::finding::{Limit, Part, Tally};
use super::settings::RuleConfig;
use super::share::Bound;
use super::{ALL, RuleStatus};
use crate::messages::{Lang, Msg, say};
use crate::plan::Plan;
use crate::province::Province;

/// A share rule's column: its label and the limit in effect, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareColumn {
    pub rule: &'static str,
    pub label: Msg,
    pub bound: Bound,
    /// `70%`.
    pub limit: String,
    /// Whether the rule ran; a skipped rule's cells read 未检查, never a number.
    pub checked: bool,
}

impl ShareColumn {
    /// `省内招募 ≤70%`.
    pub fn heading(&self, lang: Lang) -> String {
        let sign = match self.bound {
            Bound::AtMost => "≤",
            Bound::AtLeast => "≥",
        };
        format!("{} {sign}{}", say(self.label, lang), self.limit)
    }
}

/// One share rule's numbers for one row of the summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ShareCell {
    pub count: u64,
    pub total: u64,
    /// The rule made a finding here (or, under county scope, in a county of this province).
    pub breached: bool,
    /// The limit in effect here, where one group was judged (the plan's allowance may raise
    /// S01's); `None` for sums of several groups.
    pub limit: Option<Limit>,
}

/// One service province's row, or the national total (`province` is `None`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProvinceSummary {
    pub province: Option<Province>,
    /// 新招募 with both provinces read: S01's population.
    pub new_recruits: u64,
    /// One cell per share column, in the order of [`Summary::columns`]; `None` where the rule
    /// has no group here.
    pub shares: Vec<Option<ShareCell>>,
    /// 在岗 volunteers (Q02's total part) against 附件1's 实施规模.
    pub on_post: u64,
    pub planned: Option<u64>,
    /// Q02 made a finding about the total here.
    pub over_plan: bool,
}

/// The summary table: share columns and rows, national total last.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub columns: Vec<ShareColumn>,
    pub rows: Vec<ProvinceSummary>,
}

impl Summary {
    pub fn build(
        tallies: &[Tally],
        statuses: &[RuleStatus],
        rules: &RuleConfig,
        plan: &Plan,
    ) -> Summary {
        let columns: Vec<ShareColumn> = ALL
            .iter()
            .filter_map(|rule| {
                let decl = rule.meta.summary?;
                let settings = rules.get(rule.meta.id);
                Some(ShareColumn {
                    rule: rule.meta.id,
                    label: (decl.label)(&settings),
                    bound: decl.bound,
                    limit: settings
                        .options
                        .show(decl.limit_key, Lang::Zh)
                        .unwrap_or_default(),
                    checked: statuses
                        .iter()
                        .any(|s| s.id == rule.meta.id && s.status == super::Checked::Checked),
                })
            })
            .collect();
        let mut by_province: BTreeMap<Province, ProvinceSummary> = BTreeMap::new();
        let mut national = ProvinceSummary {
            shares: vec![None; columns.len()],
            ..ProvinceSummary::default()
        };
        let blank = |p: Province| ProvinceSummary {
            province: Some(p),
            shares: vec![None; columns.len()],
            ..ProvinceSummary::default()
        };
        for t in tallies {
            if let Some(i) = columns.iter().position(|c| c.rule == t.rule) {
                let target = match t.scope.service_province {
                    Some(p) => by_province.entry(p).or_insert_with(|| blank(p)),
                    // A national scope judges the total row itself.
                    None => &mut national,
                };
                if let Some(slot) = target.shares.get_mut(i) {
                    let fresh = slot.is_none();
                    let cell = slot.get_or_insert_with(ShareCell::default);
                    cell.limit = if fresh { Some(t.limit) } else { None };
                    cell.count += t.count;
                    cell.total += t.total;
                    cell.breached |= t.breached;
                }
                if t.rule == "S01" {
                    target.new_recruits += t.total;
                }
            } else if t.scope.part == Some(Part::Total)
                && let Some(p) = t.scope.service_province
            {
                let row = by_province.entry(p).or_insert_with(|| blank(p));
                row.on_post = t.count;
                row.planned = match t.limit {
                    Limit::AtMostCount(planned) => planned,
                    _ => None,
                };
                row.over_plan = t.breached;
            }
        }
        let mut rows: Vec<ProvinceSummary> = by_province.into_values().collect();
        if rows.is_empty() {
            return Summary { columns, rows };
        }
        // The total row adds up the provinces; it shows ✗ only for a rule judged nationally,
        // whose own tally is already in it.
        let national_scope: Vec<bool> = columns
            .iter()
            .map(|c| {
                tallies
                    .iter()
                    .any(|t| t.rule == c.rule && t.scope.service_province.is_none())
            })
            .collect();
        for row in &rows {
            for ((cell, sum), national_scope) in row
                .shares
                .iter()
                .zip(&mut national.shares)
                .zip(&national_scope)
            {
                if let (Some(cell), false) = (cell, national_scope) {
                    let sum = sum.get_or_insert_with(ShareCell::default);
                    sum.count += cell.count;
                    sum.total += cell.total;
                }
            }
            national.on_post += row.on_post;
        }
        if !tallies
            .iter()
            .any(|t| t.rule == "S01" && t.scope.service_province.is_none())
        {
            national.new_recruits = rows.iter().map(|r| r.new_recruits).sum();
        }
        national.planned = plan
            .scale
            .totals
            .map(|t| u64::from(t.total))
            .or(Some(u64::from(plan.scale.column_sums().total)));
        rows.push(national);
        Summary { columns, rows }
    }
}
