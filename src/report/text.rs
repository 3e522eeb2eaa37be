//! The terminal report: findings grouped by rule, then skipped rules and a summary line.

use super::{Lang, Report};
use crate::rules::{self, Checked, Finding};

/// How many row numbers a group finding lists before "and N more".
const ROWS_SHOWN: usize = 10;

fn rows_text(f: &Finding, word: &str, lang: Lang) -> String {
    if f.rows.is_empty() {
        return String::new();
    }
    let shown: Vec<String> = f.rows.iter().take(ROWS_SHOWN).map(u32::to_string).collect();
    let more = f.rows.len().saturating_sub(ROWS_SHOWN);
    let tail = match (more, lang) {
        (0, _) => String::new(),
        (n, Lang::Zh) => format!(" 等，另有 {n} 行"),
        (n, Lang::En) => format!(" and {n} more"),
    };
    let label = match (lang, f.rows.len()) {
        (Lang::Zh, _) => "行".to_string(),
        (Lang::En, 1) => word.to_string(),
        (Lang::En, _) => format!("{word}s"),
    };
    format!("{label} {}{tail}", shown.join(", "))
}

pub fn render(report: &Report) -> String {
    let info = report.info;
    let lang = report.lang;
    let mut out = String::new();
    let sheet = info
        .source
        .sheet
        .as_deref()
        .map(|s| format!(", sheet {s}"))
        .unwrap_or_default();
    out.push_str(&match lang {
        Lang::Zh => format!(
            "xibu check {}{sheet}：表头在第 {} 行，志愿者 {} 人\n",
            info.file, info.header_row, info.records
        ),
        Lang::En => format!(
            "xibu check {}{sheet}: header on {} {}, {} volunteers\n",
            info.file,
            info.row_word(),
            info.header_row,
            info.records
        ),
    });
    for n in &info.notices {
        let at = n
            .row
            .map(|r| format!("{} {r}: ", info.row_word()))
            .unwrap_or_default();
        out.push_str(&format!("  note: {at}{}\n", n.message));
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
        let title = match lang {
            Lang::Zh => rule.meta.title_zh,
            Lang::En => rule.meta.title_en,
        };
        out.push_str(&format!(
            "\n{} {title} ({})\n",
            rule.meta.id,
            findings.len()
        ));
        for f in findings {
            let severity = match lang {
                Lang::Zh => f.severity.name_zh(),
                Lang::En => f.severity.name(),
            };
            // A cell finding names its cell; a one-row finding its row; a group finding lists
            // its rows on the line below.
            let place = match (&f.cell, f.rows.len()) {
                (Some(cell), _) => format!("{cell} "),
                (None, 1) => format!("{} ", rows_text(f, info.row_word(), lang)),
                _ => String::new(),
            };
            let value = report
                .value(f)
                .filter(|v| !v.is_empty())
                .map(|v| format!("[{v}] "))
                .unwrap_or_default();
            out.push_str(&format!(
                "  {severity} {place}{value}{}\n",
                report.message(f)
            ));
            if f.cell.is_none() && f.rows.len() > 1 {
                out.push_str(&format!("      {}\n", rows_text(f, info.row_word(), lang)));
            }
        }
    }
    let skipped: Vec<String> = report
        .outcome
        .statuses
        .iter()
        .filter(|s| s.status == Checked::Skipped)
        .map(|s| format!("{} ({})", s.id, s.reason.as_deref().unwrap_or("")))
        .collect();
    if !skipped.is_empty() {
        out.push_str(&match lang {
            Lang::Zh => format!("\n未检查的规则：{}\n", skipped.join("; ")),
            Lang::En => format!("\nRules not checked: {}\n", skipped.join("; ")),
        });
    }
    let s = report.summary();
    out.push_str(&match lang {
        Lang::Zh => format!(
            "\n共 {} 个错误，{} 个警告，{} 个提示。\n",
            s.errors, s.warnings, s.notices
        ),
        Lang::En => format!(
            "\n{} errors, {} warnings, {} notices.\n",
            s.errors, s.warnings, s.notices
        ),
    });
    out
}
