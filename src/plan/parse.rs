//! Rows of cells → plan tables, coping with tables as they are published: title rows above the
//! header, full province names, a 合计 row, merged or blank 服务地区 cells that apply to the rows
//! below, and 附件2's side-by-side blocks (the header repeated to the right).

use serde::Serialize;

use super::{PlanError, QuotaRow, QuotaTable, ScaleRow, ScaleTable, ScaleTotals, Source};
use crate::input::{Cell, Row, cell_ref};
use crate::province::{Province, UnknownProvince};
use crate::sheet::{self, Header, HeaderRule};
use crate::text::squeeze;

pub use crate::sheet::HEADER_SEARCH_ROWS;

/// A province cell that names no province. Loading keeps going so that `tables verify` can list
/// every such cell; the other commands refuse the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellProblem {
    pub row: u32,
    pub column: String,
    pub cell: String,
    pub value: String,
    pub suggestions: Vec<Province>,
}

impl CellProblem {
    /// The problem with its file and row: `t.csv: line 2, column 对口招募省份 (B2): unknown …`.
    pub fn describe(&self, source: &Source) -> String {
        format!(
            "{}: {} {}, {}",
            source.name,
            source.row_word,
            self.row,
            self.in_row()
        )
    }

    /// The problem within its row: `column 对口招募省份 (B2): unknown province "山冬" (…)`.
    pub fn in_row(&self) -> String {
        let unknown = UnknownProvince {
            input: self.value.clone(),
            suggestions: self.suggestions.clone(),
        };
        format!("column {} ({}): {unknown}", self.column, self.cell)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ScaleColumn {
    Province,
    Total,
    GradTeach,
    Extended,
    New,
}

const SCALE_COLUMNS: [(ScaleColumn, &str); 5] = [
    (ScaleColumn::Province, "省份"),
    (ScaleColumn::Total, "实施规模"),
    (ScaleColumn::GradTeach, "研支团人数"),
    (ScaleColumn::Extended, "延期志愿者人数"),
    (ScaleColumn::New, "新招募志愿者人数"),
];

/// Which 附件1 column a header names. The order of the tests matters: the 新招募 header reads
/// `新招募志愿者人数(不含研支团)` and must not be taken for the 研支团 column.
fn scale_column(header: &str) -> Option<ScaleColumn> {
    let h = squeeze(header);
    if h.contains("新招募") || h == "new" {
        Some(ScaleColumn::New)
    } else if h.contains("延期") || h == "extended" {
        Some(ScaleColumn::Extended)
    } else if h.contains("研支团") || h.contains("研究生支教团") || h == "grad_teach" {
        Some(ScaleColumn::GradTeach)
    } else if h.contains("实施规模") || h == "总规模" || h == "total" || h == "scale" {
        Some(ScaleColumn::Total)
    } else if matches!(
        h.as_str(),
        "省份" | "省区市" | "省(区、市)" | "省(区市)" | "地区" | "服务省份" | "province"
    ) {
        Some(ScaleColumn::Province)
    } else {
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuotaColumn {
    Service,
    Recruit,
    Quota,
    Note,
}

const QUOTA_COLUMNS: [(QuotaColumn, &str); 3] = [
    (QuotaColumn::Service, "服务地区"),
    (QuotaColumn::Recruit, "对口招募省份"),
    (QuotaColumn::Quota, "招募指标"),
];

/// Which 附件2 column a header names. `招募指标` is tested before the recruit column because
/// both contain 招募.
fn quota_column(header: &str) -> Option<QuotaColumn> {
    let h = squeeze(header);
    if h.contains("指标") || h.contains("名额") || h == "quota" {
        Some(QuotaColumn::Quota)
    } else if h.contains("招募省") || h.contains("招募地区") || h == "recruit" {
        Some(QuotaColumn::Recruit)
    } else if h.starts_with("服务") || h == "service" {
        Some(QuotaColumn::Service)
    } else if h == "备注" || h == "note" {
        Some(QuotaColumn::Note)
    } else {
        None
    }
}

fn is_total_label(text: &str) -> bool {
    sheet::total_label(text).is_some()
}

/// A footnote under a table (`注：…`, `数据来源：…`): one text cell and nothing else.
fn is_footnote(row: &Row) -> bool {
    let mut filled = row.cells.iter().filter(|c| !c.is_blank());
    match (filled.next(), filled.next()) {
        (Some(Cell::Text(t)), None) => {
            let t = squeeze(t);
            ["注", "说明", "数据来源", "来源"]
                .iter()
                .any(|p| t.starts_with(p))
        }
        _ => false,
    }
}

/// Finds the first row among the top ones that has the key column.
fn find_header<C: Copy + PartialEq>(
    source: &Source,
    table: &'static str,
    rows: &[Row],
    classify: fn(&str) -> Option<C>,
    key: C,
    expected: &[(C, &str)],
) -> Result<(usize, Header<C>), PlanError> {
    if let Some(header) = sheet::find_header(rows, classify, HeaderRule::FirstWith(key)) {
        return Ok((header.index, header));
    }
    Err(PlanError::NoHeader {
        file: source.name.clone(),
        table,
        expected: expected
            .iter()
            .map(|(_, name)| *name)
            .collect::<Vec<_>>()
            .join(", "),
        found: rows
            .first()
            .map(|r| {
                r.cells
                    .iter()
                    .map(Cell::to_text)
                    .filter(|t| !t.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
    })
}

fn missing_columns<C: Copy + PartialEq>(
    source: &Source,
    table: &'static str,
    header: &Header<C>,
    have: &[C],
    expected: &[(C, &str)],
) -> Result<(), PlanError> {
    let missing: Vec<&str> = expected
        .iter()
        .filter(|(c, _)| !have.contains(c))
        .map(|(_, name)| *name)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(PlanError::MissingColumns {
        file: source.name.clone(),
        table,
        row_word: source.row_word,
        row: header.row,
        missing: missing.join(", "),
        found: header.found(),
    })
}

/// Reads one count cell: a whole number ≥ 0, as a number cell or as text (`1,727` accepted).
fn count(
    source: &Source,
    row: &Row,
    col: usize,
    header: &str,
    allow_blank: bool,
) -> Result<u32, PlanError> {
    let cell = row.get(col);
    let bad = |problem: String| PlanError::Cell {
        file: source.name.clone(),
        row_word: source.row_word,
        row: row.number,
        column: header.to_string(),
        cell: cell_ref(col, row.number),
        problem,
    };
    let text = cell.to_text();
    match cell {
        Cell::Empty if allow_blank => return Ok(0),
        Cell::Int(i) => {
            return u32::try_from(*i).map_err(|_| bad(format!("{i} is not a count (0 or more)")));
        }
        Cell::Float(f) if f.fract() == 0.0 && *f >= 0.0 && *f <= f64::from(u32::MAX) => {
            return Ok(*f as u32);
        }
        Cell::Text(_) => {
            let digits = squeeze(&text);
            if allow_blank && matches!(digits.as_str(), "" | "-" | "—" | "/") {
                return Ok(0);
            }
            if is_grouped_number(&digits) {
                let plain: String = digits.chars().filter(|c| *c != ',').collect();
                if let Ok(n) = plain.parse::<u32>() {
                    return Ok(n);
                }
            }
        }
        _ => {}
    }
    Err(bad(match cell {
        Cell::Empty => "the cell is empty; a whole number is expected".to_string(),
        Cell::Error(e) => format!("the cell holds the error {e}; a whole number is expected"),
        _ => format!(
            "{:?} is not a whole number (0 or more)",
            crate::input::short(&text, crate::input::ECHO_CHARS)
        ),
    }))
}

/// `1727` or `1,727`, but not `17,27`.
fn is_grouped_number(s: &str) -> bool {
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit() || c == ',') {
        return false;
    }
    if !s.contains(',') {
        return true;
    }
    let mut groups = s.split(',');
    groups.next().is_some_and(|g| (1..=3).contains(&g.len())) && groups.all(|g| g.len() == 3)
}

fn province_cell(
    row: &Row,
    col: usize,
    header: &str,
    problems: &mut Vec<CellProblem>,
) -> Option<Province> {
    let value = row.get(col).to_text();
    match Province::parse(&value) {
        Ok(p) => Some(p),
        Err(e) => {
            problems.push(CellProblem {
                row: row.number,
                column: header.to_string(),
                cell: cell_ref(col, row.number),
                value,
                suggestions: e.suggestions,
            });
            None
        }
    }
}

pub(super) fn scale_table(source: Source, rows: Vec<Row>) -> Result<ScaleTable, PlanError> {
    const TABLE: &str = "附件1 scale table";
    let (header_index, header) = find_header(
        &source,
        TABLE,
        &rows,
        scale_column,
        ScaleColumn::Province,
        &SCALE_COLUMNS,
    )?;
    // The first column of each role: a repeated header to the right is not a layout 附件1 uses.
    let col = |role: ScaleColumn| {
        header
            .columns
            .iter()
            .find(|(_, c, _)| *c == role)
            .map(|(i, _, text)| (*i, text.as_str()))
    };
    let have: Vec<ScaleColumn> = header.columns.iter().map(|(_, c, _)| *c).collect();
    missing_columns(&source, TABLE, &header, &have, &SCALE_COLUMNS)?;
    let (Some(p), Some(t), Some(g), Some(e), Some(n)) = (
        col(ScaleColumn::Province),
        col(ScaleColumn::Total),
        col(ScaleColumn::GradTeach),
        col(ScaleColumn::Extended),
        col(ScaleColumn::New),
    ) else {
        return Err(PlanError::Empty {
            file: source.name,
            table: TABLE,
        });
    };

    let mut table = ScaleTable {
        source,
        rows: Vec::new(),
        totals: None,
        problems: Vec::new(),
    };
    for row in rows.iter().skip(header_index + 1) {
        if row.cells.iter().all(Cell::is_blank) || is_footnote(row) {
            continue;
        }
        let label = row.get(p.0).to_text();
        let numbers = (
            count(&table.source, row, t.0, t.1, false)?,
            count(&table.source, row, g.0, g.1, true)?,
            count(&table.source, row, e.0, e.1, true)?,
            count(&table.source, row, n.0, n.1, true)?,
        );
        if is_total_label(&label) {
            table.totals = Some(ScaleTotals {
                total: numbers.0,
                grad_teach: numbers.1,
                extended: numbers.2,
                new: numbers.3,
                row: row.number,
            });
            continue;
        }
        if let Some(province) = province_cell(row, p.0, p.1, &mut table.problems) {
            table.rows.push(ScaleRow {
                province,
                total: numbers.0,
                grad_teach: numbers.1,
                extended: numbers.2,
                new: numbers.3,
                row: row.number,
            });
        }
    }
    if table.rows.is_empty() && table.problems.is_empty() {
        return Err(PlanError::Empty {
            file: table.source.name,
            table: TABLE,
        });
    }
    Ok(table)
}

/// One side-by-side block of 附件2: the columns of one 服务地区/对口招募省份/招募指标/备注 group.
struct Block {
    service: (usize, String),
    recruit: (usize, String),
    quota: (usize, String),
    note: Option<usize>,
    /// The 服务地区 that blank cells below it carry on (merged cells read as blank).
    current: Option<Province>,
}

pub(super) fn quota_table(source: Source, rows: Vec<Row>) -> Result<QuotaTable, PlanError> {
    const TABLE: &str = "附件2 quota table";
    let (header_index, header) = find_header(
        &source,
        TABLE,
        &rows,
        quota_column,
        QuotaColumn::Service,
        &QUOTA_COLUMNS,
    )?;
    // Each 服务地区 header starts a block that runs up to the next one.
    let mut blocks: Vec<Block> = Vec::new();
    let starts: Vec<usize> = header
        .columns
        .iter()
        .filter(|(_, c, _)| *c == QuotaColumn::Service)
        .map(|(i, _, _)| *i)
        .collect();
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(usize::MAX);
        let in_block: Vec<&(usize, QuotaColumn, String)> = header
            .columns
            .iter()
            .filter(|(i, _, _)| *i >= start && *i < end)
            .collect();
        let find = |role: QuotaColumn| {
            in_block
                .iter()
                .find(|(_, c, _)| *c == role)
                .map(|(i, _, t)| (*i, t.clone()))
        };
        let have: Vec<QuotaColumn> = in_block.iter().map(|(_, c, _)| *c).collect();
        missing_columns(&source, TABLE, &header, &have, &QUOTA_COLUMNS)?;
        if let (Some(service), Some(recruit), Some(quota)) = (
            find(QuotaColumn::Service),
            find(QuotaColumn::Recruit),
            find(QuotaColumn::Quota),
        ) {
            blocks.push(Block {
                service,
                recruit,
                quota,
                note: find(QuotaColumn::Note).map(|(i, _)| i),
                current: None,
            });
        }
    }

    let mut table = QuotaTable {
        source,
        rows: Vec::new(),
        problems: Vec::new(),
    };
    // Blocks are read one after the other, so that the pairs come out in the order a reader of
    // the published table sees them: down the left block, then down the next.
    for block in &mut blocks {
        for row in rows.iter().skip(header_index + 1) {
            if is_footnote(row) {
                continue;
            }
            let service_cell = row.get(block.service.0);
            let recruit_cell = row.get(block.recruit.0);
            let quota_cell = row.get(block.quota.0);
            if is_total_label(&service_cell.to_text()) || is_total_label(&recruit_cell.to_text()) {
                block.current = None;
                continue;
            }
            if !service_cell.is_blank() {
                block.current =
                    province_cell(row, block.service.0, &block.service.1, &mut table.problems);
                if block.current.is_none() {
                    continue;
                }
            }
            if recruit_cell.is_blank() && quota_cell.is_blank() {
                continue;
            }
            let quota = count(&table.source, row, block.quota.0, &block.quota.1, false)?;
            let Some(service) = block.current else {
                if service_cell.is_blank() {
                    return Err(PlanError::Cell {
                        file: table.source.name.clone(),
                        row_word: table.source.row_word,
                        row: row.number,
                        column: block.service.1.clone(),
                        cell: cell_ref(block.service.0, row.number),
                        problem: "the cell is blank and no row above it names a 服务地区"
                            .to_string(),
                    });
                }
                continue;
            };
            let Some(recruit) =
                province_cell(row, block.recruit.0, &block.recruit.1, &mut table.problems)
            else {
                continue;
            };
            let note = block.note.map(|i| row.get(i).to_text()).unwrap_or_default();
            table.rows.push(QuotaRow {
                service,
                recruit,
                quota,
                note,
                row: row.number,
            });
        }
    }
    if table.rows.is_empty() && table.problems.is_empty() {
        return Err(PlanError::Empty {
            file: table.source.name,
            table: TABLE,
        });
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_rows(lines: &[&[&str]]) -> Vec<Row> {
        lines
            .iter()
            .enumerate()
            .map(|(i, cells)| Row {
                number: i as u32 + 1,
                cells: cells
                    .iter()
                    .map(|s| {
                        if s.is_empty() {
                            Cell::Empty
                        } else {
                            Cell::Text(s.to_string())
                        }
                    })
                    .collect(),
            })
            .filter(|r| !r.cells.iter().all(Cell::is_blank))
            .collect()
    }

    fn source() -> Source {
        Source {
            name: "t.csv".into(),
            row_word: "line",
        }
    }

    #[test]
    fn headers_with_line_breaks_and_spaces_are_recognised() {
        assert_eq!(
            scale_column("第 22 届\n研支团人数"),
            Some(ScaleColumn::GradTeach)
        );
        assert_eq!(
            scale_column("新招募志愿者人数\n(不含研支团)"),
            Some(ScaleColumn::New)
        );
        assert_eq!(scale_column("延期志愿者 人数"), Some(ScaleColumn::Extended));
        assert_eq!(quota_column("招募指标"), Some(QuotaColumn::Quota));
        assert_eq!(quota_column("对口招募省份"), Some(QuotaColumn::Recruit));
        assert_eq!(quota_column("服务地区"), Some(QuotaColumn::Service));
    }

    #[test]
    fn grouped_numbers() {
        assert!(is_grouped_number("1727"));
        assert!(is_grouped_number("1,727"));
        assert!(is_grouped_number("19,990"));
        assert!(!is_grouped_number("17,27"));
        assert!(!is_grouped_number(",727"));
        assert!(!is_grouped_number("1.5"));
    }

    #[test]
    fn blank_service_cells_carry_the_region_above() {
        let rows = text_rows(&[
            &["附件2 对口招募指标"],
            &["服务地区", "对口招募省份", "招募指标", "备注"],
            &["内蒙古自治区", "内蒙古", "182", "省内招募"],
            &["", "北京市", "14", "对口帮扶"],
            &["合计", "", "196", ""],
        ]);
        let t = quota_table(source(), rows).unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].service, Province::NeiMongol);
        assert_eq!(t.rows[1].recruit, Province::Beijing);
        assert_eq!(t.rows[1].row, 4);
    }

    #[test]
    fn side_by_side_blocks_are_read_left_block_first() {
        let rows = text_rows(&[
            &[
                "服务地区",
                "对口招募省份",
                "招募指标",
                "备注",
                "服务地区",
                "对口招募省份",
                "招募指标",
                "备注",
            ],
            &[
                "吉林",
                "吉林",
                "3",
                "省内招募",
                "海南",
                "海南",
                "29",
                "省内招募",
            ],
            &["湖北", "湖北", "126", "省内招募", "", "湖北", "13", ""],
        ]);
        let t = quota_table(source(), rows).unwrap();
        let pairs: Vec<_> = t
            .rows
            .iter()
            .map(|r| (r.service.name(), r.recruit.name(), r.quota))
            .collect();
        assert_eq!(
            pairs,
            [
                ("吉林", "吉林", 3),
                ("湖北", "湖北", 126),
                ("海南", "海南", 29),
                ("海南", "湖北", 13)
            ]
        );
    }

    #[test]
    fn a_blank_service_cell_with_nothing_above_is_an_error_at_its_cell() {
        let rows = text_rows(&[
            &["服务地区", "对口招募省份", "招募指标"],
            &["", "北京", "14"],
        ]);
        let err = quota_table(source(), rows).unwrap_err().to_string();
        assert_eq!(
            err,
            "t.csv: line 2, column 服务地区 (A2): the cell is blank and no row above it names a 服务地区"
        );
    }

    #[test]
    fn unknown_provinces_are_kept_as_problems() {
        let rows = text_rows(&[
            &["服务地区", "对口招募省份", "招募指标"],
            &["新疆", "山冬", "187"],
        ]);
        let t = quota_table(source(), rows).unwrap();
        assert!(t.rows.is_empty());
        assert_eq!(t.problems.len(), 1);
        assert_eq!(
            t.problems[0].describe(&t.source),
            "t.csv: line 2, column 对口招募省份 (B2): unknown province \"山冬\" (did you mean 山西 or 山东?)"
        );
    }

    #[test]
    fn scale_counts_must_be_whole_numbers() {
        let rows = text_rows(&[
            &[
                "省份",
                "实施规模",
                "研支团人数",
                "延期志愿者人数",
                "新招募志愿者人数",
            ],
            &["新疆", "3154", "226", "1201", "17x7"],
        ]);
        let err = scale_table(source(), rows).unwrap_err().to_string();
        assert_eq!(
            err,
            "t.csv: line 2, column 新招募志愿者人数 (E2): \"17x7\" is not a whole number (0 or more)"
        );
    }

    #[test]
    fn a_missing_column_is_named_with_the_headers_found() {
        let rows = text_rows(&[&["省份", "实施规模", "研支团人数", "新招募志愿者人数"]]);
        let err = scale_table(source(), rows).unwrap_err().to_string();
        assert_eq!(
            err,
            "t.csv: line 1: the 附件1 scale table header lacks 延期志愿者人数; headers found: 省份 | 实施规模 | 研支团人数 | 新招募志愿者人数"
        );
    }

    #[test]
    fn no_header_says_what_was_expected() {
        let rows = text_rows(&[&["名称", "数量"]]);
        let err = quota_table(source(), rows).unwrap_err().to_string();
        assert!(
            err.contains("expected the columns 服务地区, 对口招募省份, 招募指标"),
            "{err}"
        );
        assert!(err.contains("the first row reads: 名称 | 数量"), "{err}");
    }
}
