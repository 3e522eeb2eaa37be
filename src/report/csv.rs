//! `--format csv`: one finding per row, for spreadsheets and scripts, written a row at a time.

use std::io::{self, Write};

use super::Report;
use crate::render::neutralize;

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

/// Writes the findings as CSV (without the byte-order mark: `check` adds it for people). A cell a spreadsheet would take for a formula is neutralised.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    // With several sources, three columns more (at the end, so that a script reading by
    // position still finds the others): the file and sheet a finding points at, and for rows in
    // several files, each file's rows (`和田县.xlsx: 5 6; 墨玉县.xlsx: 2 3`).
    let several = report.several();
    let extra: &[&str] = if several {
        &["file", "sheet", "locations"]
    } else {
        &[]
    };
    writer.write_record(HEADERS.iter().chain(extra))?;
    for f in &report.outcome.findings {
        let opt = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
        let scope = f.scope();
        let (actual, limit) = report.against(f);
        let row = [
            f.rule().to_string(),
            f.severity.name().to_string(),
            scope
                .service_province
                .map(|p| p.name().to_string())
                .unwrap_or_default(),
            scope
                .recruit_province
                .map(|p| p.name().to_string())
                .unwrap_or_default(),
            scope.service_county.clone().unwrap_or_default(),
            scope
                .part
                .map(|p| {
                    serde_json::to_value(p)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default()
                })
                .unwrap_or_default(),
            report
                .rows_of(f)
                .iter()
                .map(|r| r.to_string())
                .collect::<Vec<_>>()
                .join(" "),
            f.column.map(|c| c.header().to_string()).unwrap_or_default(),
            report.cell(f).unwrap_or_default(),
            report.value(f).unwrap_or_default(),
            opt(f.count()),
            opt(f.total()),
            actual.map(|a| a.into_owned()).unwrap_or_default(),
            limit.map(|l| l.into_owned()).unwrap_or_default(),
            report.message(f),
        ];
        let mut extra = Vec::new();
        if several {
            let locations = report.locations(f);
            extra.push(report.file_of(f).to_string());
            extra.push(report.sheet_of(f).unwrap_or_default().to_string());
            extra.push(if locations.len() > 1 {
                locations
                    .iter()
                    .map(|l| {
                        let rows: Vec<String> = l.rows.iter().map(u32::to_string).collect();
                        format!("{}: {}", l.source.name, rows.join(" "))
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            } else {
                String::new()
            });
        }
        writer.write_record(
            row.iter()
                .chain(&extra)
                .map(|cell| neutralize(cell).into_owned()),
        )?;
    }
    writer.flush()
}
