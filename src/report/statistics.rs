//! `--statistics`: how many findings each rule has, per severity, instead of the findings
//! themselves (as `ruff --statistics`). Most first; ties in catalog order.

use serde::Serialize;

use super::{Lang, Report};
use crate::rules::{self, Severity};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stat {
    pub rule: &'static str,
    pub severity: Severity,
    pub count: usize,
    pub title: String,
}

pub fn collect(report: &Report) -> Vec<Stat> {
    let mut stats: Vec<Stat> = Vec::new();
    for f in &report.outcome.findings {
        match stats
            .iter_mut()
            .find(|s| s.rule == f.rule && s.severity == f.severity)
        {
            Some(s) => s.count += 1,
            None => stats.push(Stat {
                rule: f.rule,
                severity: f.severity,
                count: 1,
                title: report.title(f.rule),
            }),
        }
    }
    let rank = |id: &str| rules::ALL.iter().position(|r| r.meta.id == id);
    stats.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(rank(a.rule).cmp(&rank(b.rule)))
            .then(b.severity.cmp(&a.severity))
    });
    stats
}

/// Aligned lines: count, rule, severity, title; then the summary line.
pub fn render_text(report: &Report) -> String {
    let stats = collect(report);
    let width = stats
        .iter()
        .map(|s| s.count.to_string().len())
        .max()
        .unwrap_or(1);
    let mut out = String::new();
    for s in &stats {
        let severity = match report.lang {
            Lang::Zh => s.severity.name_zh(),
            Lang::En => s.severity.name(),
        };
        out.push_str(&format!(
            "{:>width$}  {}  {}  {}\n",
            s.count, s.rule, severity, s.title
        ));
    }
    out.push_str(&report.summary_line());
    out
}

/// `[{"rule","severity","count","title"}…]`.
pub fn render_json(report: &Report) -> String {
    crate::render::to_json(&collect(report))
}
