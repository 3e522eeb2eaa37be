//! The rules: pure functions of the typed roster, the plan tables and the configuration.
//!
//! Each rule lives in its own file with its declaration ([`Meta`]) next to its check. The engine
//! streams records through every active rule; aggregate rules keep counters per group, never rows.

pub mod finding;
pub mod meta;
#[macro_use]
pub mod options;
pub mod population;
pub mod settings;
pub mod share;
pub mod summary;

/// A rule's entry in the catalog, from its declaration, its options type and how to make its
/// check from those options:
/// `pub const RULE: Rule = rule!(META, Options, |o: Options| S01 { limit: o.limit_percent });`
macro_rules! rule {
    ($meta:expr, $options:ty, $make:expr) => {
        $crate::rules::Rule {
            meta: &$meta,
            options: $crate::rules::options::OptionsKind::of::<$options>(),
            new: |settings| {
                let check = ($make)(settings.options::<$options>());
                Box::new(check)
            },
        }
    };
}

mod by_date;
mod e01;
mod e02;
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
pub mod s01;
pub mod s02;
mod s03;
mod s04;
mod t01;
mod t02;

pub mod docs;

use std::cell::RefCell;
use std::ops::ControlFlow;

use serde::Serialize;

use crate::config::Config;
use crate::input::cell_ref;
use crate::messages::{Msg, Text};
use crate::plan::Plan;
use crate::roster::schema::Column;
use crate::roster::{CellError, MappedColumn, Marks, Notice, Record, Visitor};
pub use finding::{Detail, Finding, Limit, Part, Rows, Scope, Severity, Tally, Where};
pub use meta::Meta;
pub use settings::{RuleConfig, Settings, ShareScope};

/// What a rule's check sees besides the record.
pub struct Ctx<'a> {
    pub plan: &'a Plan,
    pub config: &'a Config,
    pub settings: &'a Settings,
    /// The edition's calendar, with the configuration's dates put in.
    pub calendar: &'a crate::config::Calendar,
    pub columns: &'a [MappedColumn],
    /// The cells that did not parse, for E01 to take (empty while records stream).
    pub cell_errors: &'a RefCell<Vec<CellError>>,
    /// Every rule's settings in effect (E02 names the rules a blank cell blocks).
    pub rules: &'a RuleConfig,
    /// The rules that run on this roster (not disabled, not skipped), in catalog order.
    pub active: &'a [&'static str],
    /// The sources read so far; a record's `row` is a roster-wide id (its row when there is
    /// one source).
    pub sources: &'a Marks,
}

impl Ctx<'_> {
    /// `R17` for a column of the source being read, at a record's id.
    pub fn cell(&self, column: Column, id: u32) -> Option<String> {
        let row = id.saturating_sub(self.sources.base());
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
    /// After `finish`: every group a share or quota rule judged, with its numbers and verdict.
    fn tallies(&mut self) -> Vec<Tally> {
        Vec::new()
    }
}

/// A rule of the catalog: its declaration, its options' type, and how to make its check.
pub struct Rule {
    pub meta: &'static Meta,
    pub options: options::OptionsKind,
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
    t02::RULE,
    e01::RULE,
    e02::RULE,
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
    #[serde(serialize_with = "reason_zh")]
    pub reason: Option<Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Checked {
    Checked,
    Skipped,
}

/// Serialises a skip reason in Chinese; the JSON reporter writes its own in the report's language.
fn reason_zh<S: serde::Serializer>(reason: &Option<Text>, s: S) -> Result<S::Ok, S::Error> {
    match reason {
        Some(r) => s.serialize_some(&r.render(crate::messages::Lang::Zh)),
        None => s.serialize_none(),
    }
}

/// Why a rule cannot run on a roster with these columns, or `None` when it can.
fn skip_reason(rule: &Rule, settings: &Settings, columns: &[MappedColumn]) -> Option<Text> {
    if !settings.enabled {
        return Some(Text::new(Msg::SkipDisabled));
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
        return Some(
            Text::new(Msg::SkipMissingColumns).arg("columns", crate::messages::Arg::list(&missing)),
        );
    }
    if !rule.meta.any_columns.is_empty() && !rule.meta.any_columns.iter().any(has) {
        let names: Vec<&str> = rule.meta.any_columns.iter().map(|c| c.header()).collect();
        return Some(
            Text::new(Msg::SkipMissingAny).arg("columns", crate::messages::Arg::list(&names)),
        );
    }
    if rule.meta.scope == meta::ScopeKind::Share
        && settings.scope == ShareScope::ServiceCounty
        && !has(&Column::ServiceCounty)
    {
        return Some(Text::new(Msg::SkipNoCounty));
    }
    None
}

/// A skip reason that names the file it is about (a configuration's reason names none).
fn in_file(reason: Text, file: &str) -> Text {
    if reason.msg == Msg::SkipDisabled {
        return reason;
    }
    Text::new(Msg::SkipInFile)
        .arg("file", file)
        .arg("reason", reason)
}

/// Runs the catalog over a stream of records.
pub struct Engine<'a> {
    plan: &'a Plan,
    config: &'a Config,
    rules: &'a RuleConfig,
    columns: Vec<MappedColumn>,
    /// The rules that run, with their checks; `settings` holds their settings, in the same
    /// order, apart so that one [`Ctx`] a record serves every rule (only its settings change).
    active: Vec<(&'static Rule, Box<dyn Check>)>,
    settings: Vec<Settings>,
    active_ids: Vec<&'static str>,
    statuses: Vec<RuleStatus>,
    findings: Vec<Finding>,
    left_out: population::LeftOut,
    sources: Marks,
    /// Rules the first source's columns stopped, with that source's name: named in the reason
    /// once a later source has the columns (while every source lacks them, the roster does).
    first_missing: Vec<(&'static str, String)>,
}

/// What the engine found.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub statuses: Vec<RuleStatus>,
    /// In catalog order, then by scope and row.
    pub findings: Vec<Finding>,
    /// Every group the share and quota rules judged.
    pub tallies: Vec<Tally>,
    /// The per-province summary, put together from the tallies.
    pub summary: summary::Summary,
    /// The settings the rules ran with, for titles with the thresholds in effect.
    pub rules: RuleConfig,
    /// What the report should tell besides findings: the rows the population rule left out.
    pub notices: Vec<Notice>,
}

impl<'a> Engine<'a> {
    pub fn new(plan: &'a Plan, config: &'a Config, rules: &'a RuleConfig) -> Engine<'a> {
        Engine {
            plan,
            config,
            rules,
            columns: Vec::new(),
            active: Vec::new(),
            settings: Vec::new(),
            active_ids: Vec::new(),
            statuses: Vec::new(),
            findings: Vec::new(),
            left_out: population::LeftOut::default(),
            sources: Marks::new(false),
            first_missing: Vec::new(),
        }
    }

    /// The roster comes from several sources: skip reasons name the file that lacks a column.
    pub fn several(&mut self, several: bool) {
        self.sources.several = several;
    }

    /// Call when a source's columns are known, before its first record; its records' `row`s
    /// are then ids from `base` (see [`crate::roster::Sources`]). The first source decides
    /// which rules run, as [`Engine::start`]; a later source that lacks a column a running rule
    /// needs stops that rule for the whole roster: it is reported as skipped, naming the file,
    /// and what it found so far is dropped. A share, a quota or a uniqueness check over part of
    /// the roster would be a wrong verdict, and a row rule checked in some files only would show
    /// as checked for all of them.
    pub fn source(&mut self, columns: &[MappedColumn], base: u32, name: &str) {
        let first = self.sources.is_empty();
        self.sources.push(base);
        if first {
            self.start(columns);
            if self.sources.several {
                self.first_missing = self
                    .statuses
                    .iter()
                    .filter(|s| {
                        s.reason
                            .as_ref()
                            .is_some_and(|r| r.msg != Msg::SkipDisabled)
                    })
                    .map(|s| (s.id, name.to_string()))
                    .collect();
            }
            return;
        }
        self.columns = columns.to_vec();
        // A rule the first source stopped, whose columns this one has: the first file is why.
        let rules = self.rules;
        let statuses = &mut self.statuses;
        self.first_missing.retain(|(id, first_name)| {
            let Some(rule) = find(id) else { return false };
            if skip_reason(rule, &rules.get(id), columns).is_some() {
                return true;
            }
            if let Some(status) = statuses.iter_mut().find(|s| s.id == *id) {
                if let Some(reason) = status.reason.take() {
                    status.reason = Some(in_file(reason, first_name));
                }
            }
            false
        });
        let mut stopped: Vec<&'static str> = Vec::new();
        let active = std::mem::take(&mut self.active);
        let settings = std::mem::take(&mut self.settings);
        for ((rule, check), settings) in active.into_iter().zip(settings) {
            match skip_reason(rule, &settings, columns) {
                Some(reason) => {
                    if let Some(status) = self.statuses.iter_mut().find(|s| s.id == rule.meta.id) {
                        status.status = Checked::Skipped;
                        status.reason = Some(in_file(reason, name));
                    }
                    stopped.push(rule.meta.id);
                }
                None => {
                    self.active.push((rule, check));
                    self.settings.push(settings);
                }
            }
        }
        if !stopped.is_empty() {
            self.findings.retain(|f| !stopped.contains(&f.rule()));
            self.active_ids = self.active.iter().map(|(r, _)| r.meta.id).collect();
        }
    }

    /// Call once the roster's columns are known, before any record.
    pub fn start(&mut self, columns: &[MappedColumn]) {
        self.columns = columns.to_vec();
        self.active.clear();
        self.settings.clear();
        self.statuses.clear();
        for rule in ALL {
            let settings = self.rules.get(rule.meta.id);
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
                    self.active.push((rule, check));
                    self.settings.push(settings);
                }
            }
        }
        self.active_ids = self.active.iter().map(|(r, _)| r.meta.id).collect();
    }

    pub fn observe(&mut self, record: &Record) {
        self.left_out.observe(record);
        let Some(first) = self.settings.first() else {
            return;
        };
        let none = RefCell::new(Vec::new());
        // One context for the record: putting one together for each rule was most of the
        // engine's own time (a tenth of the rules', callgrind).
        let mut ctx = Ctx {
            plan: self.plan,
            config: self.config,
            settings: first,
            calendar: &self.rules.calendar,
            columns: &self.columns,
            cell_errors: &none,
            rules: self.rules,
            active: &self.active_ids,
            sources: &self.sources,
        };
        for ((_, check), settings) in self.active.iter_mut().zip(&self.settings) {
            ctx.settings = settings;
            check.observe(record, &ctx, &mut self.findings);
        }
    }

    /// Judges what was counted. The cell errors are moved in: E01 makes them its findings
    /// without copying their text.
    pub fn finish(mut self, cell_errors: Vec<CellError>) -> Outcome {
        let cell_errors = RefCell::new(cell_errors);
        let mut tallies = Vec::new();
        for ((_, check), settings) in self.active.iter_mut().zip(&self.settings) {
            let ctx = Ctx {
                plan: self.plan,
                config: self.config,
                settings,
                calendar: &self.rules.calendar,
                columns: &self.columns,
                cell_errors: &cell_errors,
                rules: self.rules,
                active: &self.active_ids,
                sources: &self.sources,
            };
            check.finish(&ctx, &mut self.findings);
            tallies.extend(check.tallies());
        }
        finding::sort(&mut self.findings);
        let summary = summary::Summary::build(&tallies, &self.statuses, self.rules, self.plan);
        Outcome {
            statuses: self.statuses,
            findings: self.findings,
            tallies,
            summary,
            rules: self.rules.clone(),
            notices: self.left_out.notices(),
        }
    }
}

impl Visitor for Engine<'_> {
    fn columns(&mut self, columns: &[MappedColumn]) {
        self.start(columns);
    }

    fn record(&mut self, record: &mut Record) -> ControlFlow<()> {
        self.observe(record);
        ControlFlow::Continue(())
    }
}

/// The share and quota rules run on the plan itself, as `tables verify` reports them: the plan's
/// in-province share per service region (S01 on 附件2's 省内招募 rows against 附件1's 新招募).
pub fn plan_findings(plan: &Plan, rules: &RuleConfig) -> Vec<Finding> {
    let settings = rules.get(s01::META.id);
    if !settings.enabled {
        return Vec::new();
    }
    s01::on_plan(plan, &settings)
}

/// Whether S01 takes 附件2's own in-province share as a region's limit where it is larger.
pub fn plan_allowance(rules: &RuleConfig) -> bool {
    rules
        .get(s01::META.id)
        .options::<s01::Options>()
        .plan_allowance
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_well_formed() {
        let mut ids: Vec<&str> = ALL.iter().map(|r| r.meta.id).collect();
        for id in &ids {
            assert!(
                id.len() == 3
                    && id.starts_with(|c: char| c.is_ascii_uppercase())
                    && id[1..].chars().all(|c| c.is_ascii_digit()),
                "{id}"
            );
        }
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), ALL.len());
    }

    /// Every `{key}` in a title and every summary column's limit names an option of the rule.
    #[test]
    fn titles_and_summaries_name_real_options() {
        for rule in ALL {
            let keys: Vec<&str> = rule.options.docs.iter().map(|o| o.key).collect();
            for title in [rule.meta.title_zh, rule.meta.title_en] {
                for part in title.split('{').skip(1) {
                    let key = part.split('}').next().unwrap();
                    assert!(keys.contains(&key), "{}: {{{key}}}", rule.meta.id);
                }
            }
            if let Some(s) = rule.meta.summary {
                assert!(keys.contains(&s.limit_key), "{}", rule.meta.id);
            }
        }
    }

    #[test]
    fn every_rule_explains_itself() {
        for rule in ALL {
            let m = rule.meta;
            assert!(m.explanation.contains("## What it does"), "{}", m.id);
            assert!(m.explanation.contains("## Why"), "{}", m.id);
        }
    }

    /// The built-in edition cites a sentence for every rule but the data-quality ones, and each
    /// sentence is in its document word for word (spaces aside), so that a user can find it.
    #[test]
    fn quoted_sentences_are_in_the_documents() {
        let edition = crate::plan::edition::Edition::builtin().unwrap();
        let squeeze = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(crate::plan::edition::BUILTIN_DIR);
        let mut cited = 0;
        for rule in ALL {
            let Some((c, d)) = edition.citation(rule.meta.id) else {
                assert!(
                    ["P01", "E01", "E02"].contains(&rule.meta.id),
                    "{}",
                    rule.meta.id
                );
                continue;
            };
            cited += 1;
            let text = std::fs::read_to_string(dir.join(d.source.as_deref().unwrap())).unwrap();
            assert!(
                squeeze(&text).contains(&squeeze(&c.sentence)),
                "{}: {:?}",
                rule.meta.id,
                c.sentence
            );
        }
        assert_eq!(cited, ALL.len() - 3);
    }
}
