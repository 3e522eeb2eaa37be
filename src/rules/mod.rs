//! The rules: pure functions of the typed roster, the plan tables and the configuration.
//!
//! Each rule lives in its own file with its declaration ([`Meta`]) next to its check. The engine
//! streams records through every active rule; aggregate rules keep counters per group, never rows.

pub mod finding;
pub mod meta;
pub mod share;
pub mod stats;

mod e01;
mod i01;
mod i02;
mod i03;
mod i04;
mod i05;
mod i06;
mod insurance;
mod p01;
mod p02;
mod p03;
mod p04;
mod p05;
mod q01;
mod q02;
mod s01;
mod s02;
mod s03;
mod s04;
mod t01;

pub mod docs;

use std::collections::BTreeMap;
use std::ops::ControlFlow;

use serde::Serialize;

use crate::config::Config;
use crate::input::cell_ref;
use crate::plan::Plan;
use crate::roster::schema::Column;
use crate::roster::{CellError, MappedColumn, Record, Visitor};
pub use finding::{Finding, Message, Part, Scope, Severity};
pub use meta::{Meta, Settings, ShareScope};

/// What a rule's check sees besides the record.
pub struct Ctx<'a> {
    pub plan: &'a Plan,
    pub config: &'a Config,
    pub settings: &'a Settings,
    pub columns: &'a [MappedColumn],
    /// The cells that did not parse; filled in for `finish` only.
    pub cell_errors: &'a [CellError],
}

impl Ctx<'_> {
    /// `R17` for a column the roster has.
    pub fn cell(&self, column: Column, row: u32) -> Option<String> {
        self.columns
            .iter()
            .find(|c| c.column == column)
            .map(|c| cell_ref(c.index, row))
    }
}

/// A rule's check. Row rules act in `observe`; aggregate rules count there and judge in `finish`.
pub trait Check: Send {
    fn observe(&mut self, _record: &Record, _ctx: &Ctx, _out: &mut Vec<Finding>) {}
    fn finish(&mut self, _ctx: &Ctx, _out: &mut Vec<Finding>) {}
}

/// A rule of the catalog: its declaration and how to make its check.
pub struct Rule {
    pub meta: &'static Meta,
    pub new: fn(&Settings) -> Box<dyn Check>,
}

/// The catalog, in the SPEC's order.
pub const ALL: &[Rule] = &[
    s01::RULE,
    s02::RULE,
    s03::RULE,
    s04::RULE,
    q01::RULE,
    q02::RULE,
    i01::RULE,
    i02::RULE,
    i03::RULE,
    i04::RULE,
    i05::RULE,
    i06::RULE,
    p01::RULE,
    p02::RULE,
    p03::RULE,
    p04::RULE,
    p05::RULE,
    t01::RULE,
    e01::RULE,
];

/// A rule by id, any case.
pub fn find(id: &str) -> Option<&'static Rule> {
    ALL.iter()
        .find(|r| r.meta.id.eq_ignore_ascii_case(id.trim()))
}

/// Whether a rule was run, and if not, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleStatus {
    pub id: &'static str,
    pub status: Checked,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Checked {
    Checked,
    Skipped,
}

/// Why a rule cannot run on a roster with these columns, or `None` when it can.
fn skip_reason(rule: &Rule, settings: &Settings, columns: &[MappedColumn]) -> Option<String> {
    if !settings.enabled {
        return Some("disabled in the configuration".to_string());
    }
    let has = |c: &Column| columns.iter().any(|m| m.column == *c);
    let missing: Vec<&str> = rule
        .meta
        .columns
        .iter()
        .filter(|c| !has(c))
        .map(|c| c.header())
        .collect();
    if !missing.is_empty() {
        return Some(format!("the roster has no {} column", missing.join(", ")));
    }
    if !rule.meta.any_columns.is_empty() && !rule.meta.any_columns.iter().any(has) {
        let names: Vec<&str> = rule.meta.any_columns.iter().map(|c| c.header()).collect();
        return Some(format!(
            "the roster has none of the columns {}",
            names.join(", ")
        ));
    }
    if rule.meta.scope == meta::ScopeKind::Share
        && settings.scope == ShareScope::ServiceCounty
        && !has(&Column::ServiceCounty)
    {
        return Some("scope is service_county but the roster has no 服务县 column".to_string());
    }
    None
}

/// Runs the catalog over a stream of records.
pub struct Engine<'a> {
    plan: &'a Plan,
    config: &'a Config,
    columns: Vec<MappedColumn>,
    active: Vec<(&'static Rule, Settings, Box<dyn Check>)>,
    statuses: Vec<RuleStatus>,
    findings: Vec<Finding>,
    stats: stats::Stats,
}

/// What the engine found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub statuses: Vec<RuleStatus>,
    /// In catalog order, then by scope and row.
    pub findings: Vec<Finding>,
    /// The per-province summary, national total last.
    pub provinces: Vec<stats::ProvinceSummary>,
}

impl<'a> Engine<'a> {
    pub fn new(plan: &'a Plan, config: &'a Config) -> Engine<'a> {
        Engine {
            plan,
            config,
            columns: Vec::new(),
            active: Vec::new(),
            statuses: Vec::new(),
            findings: Vec::new(),
            stats: stats::Stats::default(),
        }
    }

    /// Call once the roster's columns are known, before any record.
    pub fn start(&mut self, columns: &[MappedColumn]) {
        self.columns = columns.to_vec();
        self.active.clear();
        self.statuses.clear();
        for rule in ALL {
            let settings = self.config.settings(rule.meta.id);
            match skip_reason(rule, &settings, columns) {
                Some(reason) => self.statuses.push(RuleStatus {
                    id: rule.meta.id,
                    status: Checked::Skipped,
                    reason: Some(reason),
                }),
                None => {
                    self.statuses.push(RuleStatus {
                        id: rule.meta.id,
                        status: Checked::Checked,
                        reason: None,
                    });
                    let check = (rule.new)(&settings);
                    self.active.push((rule, settings, check));
                }
            }
        }
    }

    pub fn observe(&mut self, record: &Record) {
        self.stats.observe(record);
        for (_, settings, check) in &mut self.active {
            let ctx = Ctx {
                plan: self.plan,
                config: self.config,
                settings,
                columns: &self.columns,
                cell_errors: &[],
            };
            check.observe(record, &ctx, &mut self.findings);
        }
    }

    pub fn finish(mut self, cell_errors: &[CellError]) -> Outcome {
        for (_, settings, check) in &mut self.active {
            let ctx = Ctx {
                plan: self.plan,
                config: self.config,
                settings,
                columns: &self.columns,
                cell_errors,
            };
            check.finish(&ctx, &mut self.findings);
        }
        let order: BTreeMap<&str, usize> = ALL
            .iter()
            .enumerate()
            .map(|(i, r)| (r.meta.id, i))
            .collect();
        self.findings.sort_by(|a, b| {
            let rank = |f: &Finding| order.get(f.rule).copied().unwrap_or(usize::MAX);
            (rank(a), a.rows.first(), &a.scope).cmp(&(rank(b), b.rows.first(), &b.scope))
        });
        Outcome {
            statuses: self.statuses,
            findings: self.findings,
            provinces: self.stats.finish(self.plan),
        }
    }
}

impl Visitor for Engine<'_> {
    fn columns(&mut self, columns: &[MappedColumn]) {
        self.start(columns);
    }

    fn record(&mut self, record: Record) -> ControlFlow<()> {
        self.observe(&record);
        ControlFlow::Continue(())
    }
}

/// The share and quota rules run on the plan itself, as `tables verify` reports them: the plan's
/// in-province share per service region (S01 on 附件2's 省内招募 rows against 附件1's 新招募).
pub fn plan_findings(plan: &Plan, config: &Config) -> Vec<Finding> {
    let settings = config.settings(s01::META.id);
    if !settings.enabled {
        return Vec::new();
    }
    s01::on_plan(plan, &settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_in_catalog_order() {
        let ids: Vec<&str> = ALL.iter().map(|r| r.meta.id).collect();
        assert_eq!(
            ids,
            [
                "S01", "S02", "S03", "S04", "Q01", "Q02", "I01", "I02", "I03", "I04", "I05", "I06",
                "P01", "P02", "P03", "P04", "P05", "T01", "E01"
            ]
        );
    }

    #[test]
    fn every_default_parses() {
        for rule in ALL {
            for o in rule.meta.options {
                let value = meta::parse_literal(o.default)
                    .unwrap_or_else(|| panic!("{} {}: {:?}", rule.meta.id, o.key, o.default));
                meta::OptionValue::from_toml(o.kind, &value)
                    .unwrap_or_else(|e| panic!("{} {}: {e}", rule.meta.id, o.key));
            }
            let settings = Settings::defaults(rule.meta);
            assert_eq!(settings.options.len(), rule.meta.options.len());
        }
    }

    #[test]
    fn every_rule_cites_its_source_and_explains_itself() {
        for rule in ALL {
            let m = rule.meta;
            assert!(m.explanation.contains("## What it does"), "{}", m.id);
            assert!(m.explanation.contains("## Why"), "{}", m.id);
            if m.source.document != meta::Document::DataQuality {
                assert!(!m.source.sentence.is_empty(), "{}", m.id);
            }
        }
    }

    /// Every quoted sentence is in the seed documents word for word (spaces aside), so that a
    /// user can find it.
    #[test]
    fn quoted_sentences_are_in_the_documents() {
        let squeeze = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
        let notice = squeeze(include_str!("../../data/sources/notice-2020-3.txt"));
        let neimenggu = squeeze(include_str!("../../data/sources/neimenggu-plan-2020.txt"));
        for rule in ALL {
            let s = &rule.meta.source;
            let text = match s.document {
                meta::Document::Notice | meta::Document::Scale | meta::Document::Quotas => &notice,
                meta::Document::NeiMongolPlan => &neimenggu,
                meta::Document::DataQuality => continue,
            };
            assert!(
                text.contains(&squeeze(s.sentence)),
                "{}: {:?}",
                rule.meta.id,
                s.sentence
            );
        }
    }
}
