//! `--statistics`: how many findings each rule has, per severity, instead of the findings
//! themselves (as `ruff --statistics`). Most first; ties in catalog order.

use std::io::{self, Write};

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
            .find(|s| s.rule == f.rule() && s.severity == f.severity)
        {
            Some(s) => s.count += 1,
            None => stats.push(Stat {
                rule: f.rule(),
                severity: f.severity,
                count: 1,
                title: report.title(f.rule()),
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
pub fn write_text(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let stats = collect(report);
    let width = stats
        .iter()
        .map(|s| s.count.to_string().len())
        .max()
        .unwrap_or(1);
    for s in &stats {
        let severity = match report.lang {
            Lang::Zh => s.severity.name_zh(),
            Lang::En => s.severity.name(),
        };
        writeln!(
            out,
            "{:>width$}  {}  {}  {}",
            s.count, s.rule, severity, s.title
        )?;
    }
    out.write_all(report.summary_line().as_bytes())
}

/// `[{"rule","severity","count","title"}…]`.
pub fn write_json(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    super::write_json(out, &collect(report))
}
