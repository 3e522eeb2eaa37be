//! What every table xibu reads has in common, whatever it holds: the header row among the top
//! rows, total rows (合计/总计/小计), where a cell is (`R17`, row or line), and how a row is called
//! in messages (`row` in a workbook, `line` in a CSV file). The roster reader and the plan
//! tables both read through this; neither knows the other.

use std::path::Path;

use crate::input::{self, Cell, Row};
use crate::text::squeeze;

/// The header row is looked for among this many rows at the top (title rows come above it).
pub const HEADER_SEARCH_ROWS: usize = 10;

/// `row` for a workbook, `line` for a CSV or TSV file: what the user's program calls them.
pub fn row_word(format: input::Format) -> &'static str {
    match format {
        input::Format::Csv | input::Format::Tsv => "line",
        _ => "row",
    }
}

/// `row` or `line`, judged by a file's name (for tables read whole, before their format is known).
pub fn row_word_for_path(path: &Path) -> &'static str {
    let text = matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("csv" | "tsv" | "txt" | "tab")
    );
    if text { "line" } else { "row" }
}

/// Whether a text holds 计 or `total` in any case: what every total label holds. Checked on two
/// cells of every row, so a plain look at the bytes, without allocating or decoding.
pub fn might_be_total(text: &str) -> bool {
    // One pass, looking further only at 计's first byte or a t: two searches by windows were 4% of
    // a clean check (`perf`), for the name cell of every row.
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| match b {
        0xE8 => bytes.get(i..i + 3) == Some("计".as_bytes()),
        b't' | b'T' => bytes
            .get(i..i + 5)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"total")),
        _ => false,
    })
}

/// `合计` when the text labels a total row (合计, 总计, 小计, total, spaces aside).
pub fn total_label(text: &str) -> Option<String> {
    // Only a short text can be a total label; most cells are not, and are not folded.
    if text.len() > 24 || !might_be_total(text) {
        return None;
    }
    let t = squeeze(text);
    matches!(t.as_str(), "合计" | "总计" | "小计" | "total").then_some(t)
}

/// A header row found: its number and each recognised column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header<C> {
    /// The 1-based row (or line) number.
    pub row: u32,
    /// The row's index among the rows searched.
    pub index: usize,
    /// (column index, role, header text) of each recognised column, left to right.
    pub columns: Vec<(usize, C, String)>,
    /// Every cell of the row as text, recognised or not.
    pub texts: Vec<String>,
}

impl<C: Copy + PartialEq> Header<C> {
    /// The first column of a role: a repeated header to the right is a second block.
    pub fn first(&self, role: C) -> Option<(usize, &str)> {
        self.columns
            .iter()
            .find(|(_, c, _)| *c == role)
            .map(|(i, _, text)| (*i, text.as_str()))
    }

    /// The header texts that are not blank, as a message lists them.
    pub fn found(&self) -> Vec<String> {
        self.texts
            .iter()
            .filter(|t| !t.is_empty())
            .cloned()
            .collect()
    }
}

/// How to tell the header row among the top rows.
#[derive(Debug, Clone, Copy)]
pub enum HeaderRule<C> {
    /// The first row that has the key column (a plan table's 省份 or 服务地区).
    FirstWith(C),
    /// The row that names the most columns, at least this many (a roster: its header names
    /// many columns, a title row at most one).
    Most(usize),
}

/// Looks for the header among the first [`HEADER_SEARCH_ROWS`] rows; `classify` tells a header
/// text's role.
pub fn find_header<C: Copy + PartialEq>(
    rows: &[Row],
    classify: impl Fn(&str) -> Option<C>,
    rule: HeaderRule<C>,
) -> Option<Header<C>> {
    let mut best: Option<Header<C>> = None;
    for (index, row) in rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        let texts: Vec<String> = row.cells.iter().map(Cell::to_text).collect();
        let columns: Vec<(usize, C, String)> = texts
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.is_empty())
            .filter_map(|(i, t)| classify(t).map(|c| (i, c, t.clone())))
            .collect();
        let header = Header {
            row: row.number,
            index,
            columns,
            texts,
        };
        match rule {
            HeaderRule::FirstWith(key) => {
                if header.columns.iter().any(|(_, c, _)| *c == key) {
                    return Some(header);
                }
            }
            HeaderRule::Most(min) => {
                let n = header.columns.len();
                if n >= min && best.as_ref().is_none_or(|b| n > b.columns.len()) {
                    best = Some(header);
                }
            }
        }
    }
    best
}

/// Where a cell is: its row (or line) number and 0-based column, for messages that point at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CellAt {
    pub row: u32,
    pub column: usize,
}

impl CellAt {
    /// `R17`.
    pub fn reference(self) -> String {
        input::cell_ref(self.column, self.row)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(number: u32, cells: &[&str]) -> Row {
        Row {
            number,
            cells: cells.iter().map(|c| Cell::Text((*c).to_string())).collect(),
        }
    }

    #[test]
    fn totals_are_labelled_whatever_the_spacing() {
        assert_eq!(total_label("合 计").as_deref(), Some("合计"));
        assert_eq!(total_label("Total").as_deref(), Some("total"));
        assert_eq!(
            total_label("TOTAL：85").as_deref(),
            None,
            "the figure is cut off before"
        );
        assert_eq!(total_label("TOTAL").as_deref(), Some("total"));
        assert_eq!(total_label("Tota"), None);
        assert_eq!(total_label("合计人数"), None);
        assert_eq!(total_label("张三"), None);
        for (text, might) in [
            ("合计", true),
            ("计划", true),
            ("subTOTAL", true),
            ("t o t a l", false),
            ("Tota", false),
            ("张三", false),
            ("", false),
        ] {
            assert_eq!(might_be_total(text), might, "{text}");
        }
    }

    #[test]
    fn headers_are_found_by_either_rule() {
        let rows = [
            row(1, &["2020年名册"]),
            row(2, &["", "省份", "人数"]),
            row(3, &["省份", "人数", "备注"]),
        ];
        let classify = |t: &str| match t {
            "省份" => Some(0),
            "人数" => Some(1),
            "备注" => Some(2),
            _ => None,
        };
        let first = find_header(&rows, classify, HeaderRule::FirstWith(0)).unwrap();
        assert_eq!((first.row, first.first(1)), (2, Some((2, "人数"))));
        let most = find_header(&rows, classify, HeaderRule::Most(2)).unwrap();
        assert_eq!(most.row, 3);
        assert!(find_header(&rows, classify, HeaderRule::Most(4)).is_none());
    }

    #[test]
    fn rows_and_lines() {
        assert_eq!(row_word(input::Format::Csv), "line");
        assert_eq!(row_word_for_path(Path::new("a.XLSX")), "row");
        assert_eq!(row_word_for_path(Path::new("a.csv")), "line");
        assert_eq!(
            CellAt {
                row: 17,
                column: 17
            }
            .reference(),
            "R17"
        );
    }
}
