//! `--format csv`: one finding per row, for spreadsheets and scripts.

use super::Report;
use crate::render::Tabular;

const HEADERS: [&str; 15] = [
    "rule",
    "severity",
    "service_province",
    "recruit_province",
    "service_county",
    "part",
    "rows",
    "column",
    "cell",
    "value",
    "count",
    "total",
    "actual",
    "limit",
    "message",
];

pub fn render(report: &Report) -> String {
    let mut t = Tabular::new(&HEADERS, &[]);
    for f in &report.outcome.findings {
        let opt = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
        t.push([
            f.rule.to_string(),
            f.severity.name().to_string(),
            f.scope
                .service_province
                .map(|p| p.name().to_string())
                .unwrap_or_default(),
            f.scope
                .recruit_province
                .map(|p| p.name().to_string())
                .unwrap_or_default(),
            f.scope.service_county.clone().unwrap_or_default(),
            f.scope
                .part
                .map(|p| {
                    serde_json::to_value(p)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default()
                })
                .unwrap_or_default(),
            f.rows
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(" "),
            f.column.map(|c| c.header().to_string()).unwrap_or_default(),
            f.cell.clone().unwrap_or_default(),
            report.value(f).unwrap_or_default(),
            opt(f.count),
            opt(f.total),
            f.actual.clone().unwrap_or_default(),
            f.limit.clone().unwrap_or_default(),
            report.message(f).to_string(),
        ]);
    }
    t.to_csv()
}
