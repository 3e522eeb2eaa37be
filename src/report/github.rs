//! `--format github`: GitHub Actions workflow commands, one annotation per finding, pointing at
//! the roster file and the finding's first row.

use super::Report;
use crate::rules::Severity;

/// Escapes a workflow command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.outcome.findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Notice => "notice",
        };
        let mut props = vec![format!("file={}", property(&report.info.file))];
        if let Some(row) = f.rows.first() {
            props.push(format!("line={row}"));
        }
        props.push(format!(
            "title={}",
            property(&format!("{} {}", f.rule, report.title(f.rule)))
        ));
        let place = report.place(f);
        let value = report
            .value(f)
            .filter(|v| !v.is_empty())
            .map(|v| format!(" [{v}]"))
            .unwrap_or_default();
        let message = if place.is_empty() || f.cell.is_none() && !f.scope.is_empty() {
            format!("{}{value}", report.message(f))
        } else {
            format!("{place}{value}: {}", report.message(f))
        };
        out.push_str(&format!(
            "::{level} {}::{}\n",
            props.join(","),
            data(&message)
        ));
    }
    let s = report.summary();
    out.push_str(&format!(
        "xibu: {} errors, {} warnings, {} notices in {} rows\n",
        s.errors, s.warnings, s.notices, s.rows
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_expects() {
        assert_eq!(data("50%\nnext"), "50%25%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
