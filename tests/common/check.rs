//! Runs the rule engine on a roster written inline as CSV, in-process.

use std::path::Path;

use xibu::Plan;
use xibu::config::Config;
use xibu::roster::{self, ReadOptions, RosterInfo};
use xibu::rules::{Engine, Finding, Outcome, RuleConfig};

/// Checks `csv` (a roster, header first) under the configuration text `toml` (may be empty)
/// with the built-in plan.
pub fn check_csv(csv: &str, toml: &str) -> (RosterInfo, Outcome) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.csv");
    std::fs::write(&path, csv).unwrap();
    let config = Config::parse(Path::new("xibu.toml"), toml).unwrap();
    let plan = Plan::builtin().unwrap();
    check_with(&path, &config, &plan)
}

/// Checks the roster at `path` with a configuration and a plan.
pub fn check_with(path: &Path, config: &Config, plan: &Plan) -> (RosterInfo, Outcome) {
    let options = ReadOptions {
        header_aliases: config.header_aliases.clone(),
        value_aliases: config.value_aliases.clone(),
        ..ReadOptions::default()
    };
    let rules = RuleConfig::resolve(config, &plan.edition).unwrap();
    let mut engine = Engine::new(plan, config, &rules);
    let info = roster::read(path, &options, &mut engine).unwrap();
    let outcome = engine.finish(info.cell_errors.clone());
    (info, outcome)
}

/// The findings of one rule.
pub fn of<'a>(outcome: &'a Outcome, rule: &str) -> Vec<&'a Finding> {
    outcome
        .findings
        .iter()
        .filter(|f| f.rule() == rule)
        .collect()
}

/// The status of one rule: "checked", or "skipped: reason".
pub fn status(outcome: &Outcome, rule: &str) -> String {
    let s = outcome.statuses.iter().find(|s| s.id == rule).unwrap();
    match &s.reason {
        Some(r) => format!("skipped: {}", r.render(xibu::messages::Lang::En)),
        None => "checked".to_string(),
    }
}

/// A CSV roster of `rows`, each a list of (header, value) pairs merged over `base`, so that a
/// test spells out only what matters to it. Headers come from `base` in order, then any others.
pub fn roster(base: &[(&str, &str)], rows: &[Vec<(&str, &str)>]) -> String {
    let mut headers: Vec<&str> = base.iter().map(|(h, _)| *h).collect();
    for row in rows {
        for (h, _) in row {
            if !headers.contains(h) {
                headers.push(h);
            }
        }
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&headers).unwrap();
    for row in rows {
        let fields: Vec<&str> = headers
            .iter()
            .map(|h| {
                row.iter()
                    .find(|(k, _)| k == h)
                    .or_else(|| base.iter().find(|(k, _)| k == h))
                    .map_or("", |(_, v)| *v)
            })
            .collect();
        w.write_record(&fields).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

/// `n` copies of a row.
pub fn times<'a>(n: usize, row: Vec<(&'a str, &'a str)>) -> Vec<Vec<(&'a str, &'a str)>> {
    vec![row; n]
}

/// A new recruit from 山东 serving in 新疆, with a 本科 degree: passes every share rule alone.
pub const NEW_RECRUIT: &[(&str, &str)] = &[
    ("姓名", "甲"),
    ("志愿者类型", "新招募"),
    ("招募省份", "山东"),
    ("服务省份", "新疆"),
    ("学历", "本科"),
];
