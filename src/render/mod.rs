//! Output formats shared by the lookup commands. A command builds one [`Tabular`] (and one
//! serialisable value for JSON); this module only formats.

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};
use serde::Serialize;

/// `--format` of every command.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// An aligned table for people (Chinese text aligned by display width).
    #[default]
    Table,
    /// JSON for scripts.
    Json,
    /// CSV with the plan tables' own headers, so that the output loads back with --scale/--quotas.
    Csv,
}

/// Rows of text with a header; numeric columns are right-aligned in a table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tabular {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Columns to right-align, by index.
    pub numeric: Vec<usize>,
}

impl Tabular {
    pub fn new(headers: &[&str], numeric: &[usize]) -> Tabular {
        Tabular {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            numeric: numeric.to_vec(),
        }
    }

    pub fn push<I, S>(&mut self, row: I)
    where
        I: IntoIterator<Item = S>,
        S: ToString,
    {
        self.rows
            .push(row.into_iter().map(|s| s.to_string()).collect());
    }

    /// A box-drawn table. Widths come from comfy-table's display-width measure, so a column of
    /// 新疆 and 黑龙江 lines up in a terminal; the table is never wrapped to the terminal width,
    /// so its text is the same on a terminal and in a pipe.
    pub fn to_table(&self) -> String {
        let mut table = Table::new();
        table
            .load_style(presets::UTF8_FULL_CONDENSED)
            .force_no_tty()
            .set_content_arrangement(ContentArrangement::Disabled)
            .set_header(self.headers.clone());
        for row in &self.rows {
            table.add_row(row.clone());
        }
        for &i in &self.numeric {
            if let Some(column) = table.column_mut(i) {
                column.set_cell_alignment(CellAlignment::Right);
            }
        }
        let mut out = table.to_string();
        out.push('\n');
        out
    }

    pub fn to_csv(&self) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        // Writing to a Vec cannot fail for I/O reasons; a failure would only drop a row, so
        // errors are folded into the text below rather than unwrapped.
        let mut failed = false;
        failed |= writer.write_record(&self.headers).is_err();
        for row in &self.rows {
            failed |= writer
                .write_record(row.iter().map(|cell| neutralize(cell).into_owned()))
                .is_err();
        }
        let bytes = writer.into_inner().unwrap_or_default();
        let mut text = String::from_utf8(bytes).unwrap_or_default();
        if failed {
            text.push_str("# error: some rows could not be written as CSV\n");
        }
        text
    }
}

/// The byte-order mark that makes Excel (on Chinese Windows above all) read a CSV file as UTF-8
/// rather than in the system's code page.
pub const BOM: &str = "\u{feff}";

/// CSV for people: with the byte-order mark unless `--no-bom`.
pub fn csv_for_people(csv: String, bom: bool) -> String {
    if bom { format!("{BOM}{csv}") } else { csv }
}

/// A CSV cell that a spreadsheet would take for a formula (`=HYPERLINK(…)`, `+1+2`, `-2+3`,
/// `@SUM(…)`, or a leading tab or carriage return that some programs strip before looking) gets a
/// leading `'`, so that it is shown as text and never evaluated (OWASP's advice for CSV
/// injection). A plain number such as `-5` or `+3.5` is left alone: it evaluates to itself.
pub fn neutralize(cell: &str) -> std::borrow::Cow<'_, str> {
    let mut chars = cell.chars();
    let first = chars.next();
    let rest = chars.as_str();
    let plain_number = matches!(first, Some('+' | '-'))
        && rest.chars().any(|c| c.is_ascii_digit())
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',');
    let risky = matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r'));
    if risky && !plain_number {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Pretty JSON with a final newline.
pub fn to_json<T: Serialize>(value: &T) -> String {
    match serde_json::to_string_pretty(value) {
        Ok(mut s) => {
            s.push('\n');
            s
        }
        Err(e) => format!("{{\"error\": {:?}}}\n", e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_columns_align_by_display_width() {
        let mut t = Tabular::new(&["省份", "人数"], &[1]);
        t.push(["新疆", "1727"]);
        t.push(["黑龙江", "25"]);
        t.push(["兵团", "633"]);
        let text = t.to_table();
        let widths: Vec<usize> = text
            .lines()
            .map(|l| l.chars().map(|c| if c > '\u{2e80}' { 2 } else { 1 }).sum())
            .collect();
        assert!(
            widths.windows(2).all(|w| w[0] == w[1]),
            "{text}\n{widths:?}"
        );
        assert!(text.contains("┆   25 │"), "{text}");
    }

    #[test]
    fn formula_like_cells_are_neutralised_and_numbers_kept() {
        let mut t = Tabular::new(&["a"], &[]);
        for cell in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+1+2",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "-5",
            "+3.5",
            "-",
            "新疆",
        ] {
            t.push([cell]);
        }
        assert_eq!(
            t.to_csv(),
            "a\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\n'+1+2\n'-2+3\n'@SUM(A1)\n'\tx\n-5\n+3.5\n'-\n新疆\n"
        );
        assert_eq!(csv_for_people("a\n".into(), true), "\u{feff}a\n");
        assert_eq!(csv_for_people("a\n".into(), false), "a\n");
    }

    #[test]
    fn csv_quotes_what_needs_it() {
        let mut t = Tabular::new(&["a", "b"], &[]);
        t.push(["x,y", "z"]);
        assert_eq!(t.to_csv(), "a,b\n\"x,y\",z\n");
    }
}
