//! The terminal report: findings grouped by rule with the policy behind each, the rules not
//! checked, a per-province summary table, and a closing count.

use comfy_table::{Cell, CellAlignment, Color, ContentArrangement, Table, presets};

use super::{Lang, Report};
use crate::rules::share::percent;
use crate::rules::{self, Checked, Finding, Severity};

/// How many row numbers a group finding lists before "and N more".
const ROWS_SHOWN: usize = 10;

fn paint(text: &str, color: &str, on: bool) -> String {
    if on {
        format!("\x1b[{color}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

fn severity_word(report: &Report, severity: Severity) -> String {
    let (word, color) = match severity {
        Severity::Error => (
            if report.lang == Lang::Zh {
                "错误"
            } else {
                "error"
            },
            "1;31",
        ),
        Severity::Warning => (
            if report.lang == Lang::Zh {
                "警告"
            } else {
                "warning"
            },
            "1;33",
        ),
        Severity::Notice => (
            if report.lang == Lang::Zh {
                "提示"
            } else {
                "notice"
            },
            "1;36",
        ),
    };
    paint(word, color, report.color)
}

fn rows_line(report: &Report, f: &Finding) -> String {
    let shown: Vec<String> = f.rows.iter().take(ROWS_SHOWN).map(u32::to_string).collect();
    let more = f.rows.len().saturating_sub(ROWS_SHOWN);
    match report.lang {
        Lang::Zh => {
            let tail = if more > 0 {
                format!(" 等，另有 {more} 行")
            } else {
                String::new()
            };
            format!("第 {} 行{tail}", shown.join(", "))
        }
        Lang::En => {
            let tail = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            format!("{}s {}{tail}", report.row_word(), shown.join(", "))
        }
    }
}

pub fn render(report: &Report) -> String {
    let info = report.info;
    let zh = report.lang == Lang::Zh;
    let mut out = String::new();
    let sheet = info.source.sheet.as_deref().unwrap_or("");
    out.push_str(&if zh {
        let sheet = if sheet.is_empty() {
            String::new()
        } else {
            format!("工作表 {sheet}，")
        };
        format!(
            "{}：{sheet}表头在第 {} 行，志愿者 {} 人\n",
            info.file, info.header_row, info.records
        )
    } else {
        let sheet = if sheet.is_empty() {
            String::new()
        } else {
            format!("sheet {sheet}, ")
        };
        format!(
            "{}: {sheet}header on {} {}, {} volunteers\n",
            info.file,
            info.row_word(),
            info.header_row,
            info.records
        )
    });
    for n in &info.notices {
        let at = match (n.row, zh) {
            (Some(r), true) => format!("第 {r} 行："),
            (Some(r), false) => format!("{} {r}: ", info.row_word()),
            (None, _) => String::new(),
        };
        out.push_str(&format!(
            "  {} {at}{}\n",
            if zh { "说明" } else { "note" },
            n.message
        ));
    }

    for rule in rules::ALL {
        let findings: Vec<&Finding> = report
            .outcome
            .findings
            .iter()
            .filter(|f| f.rule == rule.meta.id)
            .collect();
        if findings.is_empty() {
            continue;
        }
        let m = rule.meta;
        out.push_str(&format!(
            "\n{} {}（{}）\n",
            paint(m.id, "1", report.color),
            report.title(m.id),
            if zh {
                format!("{} 项", findings.len())
            } else {
                format!("{} found", findings.len())
            }
        ));
        let source = if m.source.section.is_empty() {
            m.source.document.short().to_string()
        } else {
            format!("{} {}", m.source.document.short(), m.source.section)
        };
        if !m.source.sentence.is_empty() {
            out.push_str(&format!(
                "  {}{source}：{}\n",
                if zh { "依据 " } else { "policy: " },
                m.source.sentence
            ));
        }
        for f in findings {
            let place = report.place(f);
            let value = report
                .value(f)
                .filter(|v| !v.is_empty())
                .map(|v| format!("[{v}] "))
                .unwrap_or_default();
            let place = if place.is_empty() || f.cell.is_none() && !f.scope.is_empty() {
                // The scope is already the message's first words.
                String::new()
            } else {
                format!("{place} ")
            };
            out.push_str(&format!(
                "  {} {place}{value}{}\n",
                severity_word(report, f.severity),
                report.message(f)
            ));
            if f.cell.is_none() && f.rows.len() > 1 {
                out.push_str(&format!("      {}\n", rows_line(report, f)));
            }
        }
    }

    let skipped: Vec<String> = report
        .outcome
        .statuses
        .iter()
        .filter(|s| s.status == Checked::Skipped)
        .map(|s| format!("{}（{}）", s.id, s.reason.as_deref().unwrap_or("")))
        .collect();
    if !skipped.is_empty() {
        out.push_str(&format!(
            "\n{}{}\n",
            if zh {
                "未检查的规则（不算通过）："
            } else {
                "Rules not checked (not passed): "
            },
            skipped.join("; ")
        ));
    }

    if !report.outcome.summary.rows.is_empty() {
        out.push_str(if zh {
            "\n各服务省份汇总\n"
        } else {
            "\nBy service province\n"
        });
        out.push_str(&summary_table(report));
    }

    let s = report.summary();
    let line = if zh {
        format!(
            "\n共 {} 个错误，{} 个警告，{} 个提示。\n",
            s.errors, s.warnings, s.notices
        )
    } else {
        format!(
            "\n{} errors, {} warnings, {} notices.\n",
            s.errors, s.warnings, s.notices
        )
    };
    out.push_str(&line);
    out
}

/// The per-province table: each share against its limit in effect, and the scale used. Every
/// number and every ✗ is the rules' own (their tallies); nothing is judged here.
pub fn summary_table(report: &Report) -> String {
    let zh = report.lang == Lang::Zh;
    let summary = &report.outcome.summary;
    let mut headers = vec![
        if zh {
            "服务省份"
        } else {
            "service province"
        }
        .to_string(),
        if zh { "新招募" } else { "new" }.to_string(),
    ];
    for c in &summary.columns {
        headers.push(c.heading(report.lang));
    }
    headers.push(
        if zh {
            "在岗/实施规模"
        } else {
            "in post / scale"
        }
        .to_string(),
    );

    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(headers);
    if report.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    for p in &summary.rows {
        let name = match (p.province, zh) {
            (Some(p), true) => p.name().to_string(),
            (Some(p), false) => p.pinyin().to_string(),
            (None, true) => "合计".to_string(),
            (None, false) => "all".to_string(),
        };
        let mut cells = vec![Cell::new(name), Cell::new(p.new_recruits)];
        for (column, cell) in summary.columns.iter().zip(&p.shares) {
            let (text, bad) = match cell {
                _ if !column.checked => (
                    (if zh { "未检查" } else { "not checked" }).to_string(),
                    false,
                ),
                Some(r) if r.total > 0 => (
                    format!(
                        "{}/{} {}{}",
                        r.count,
                        r.total,
                        percent(r.count, r.total),
                        if r.breached { " ✗" } else { "" }
                    ),
                    r.breached,
                ),
                _ => ("—".to_string(), false),
            };
            let cell = Cell::new(text);
            cells.push(if bad && report.color {
                cell.fg(Color::Red)
            } else {
                cell
            });
        }
        let over = p.over_plan;
        let mark = if over { " ✗" } else { "" };
        let scale = match p.planned {
            Some(planned) => format!("{}/{planned}{mark}", p.on_post),
            None => format!("{}/—{mark}", p.on_post),
        };
        let cell = Cell::new(scale);
        cells.push(if over && report.color {
            cell.fg(Color::Red)
        } else {
            cell
        });
        table.add_row(cells);
    }
    for i in 1..=summary.columns.len() + 2 {
        if let Some(c) = table.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut text = table.to_string();
    text.push('\n');
    text
}
