//! The roster's header: which rows among the top ones hold it (one row, or two or three read as
//! one: a group heading above, a unit line below), which roster column each header names (with
//! its unit and the configured value aliases), and which rows are 合计 rows or the footer.

use crate::input::{self, Cell, CellRef, Row, RowRef, cell_ref};
use crate::messages::{Msg, Text};
use crate::sheet::{self, HeaderRule};
use crate::text::{distance, squeeze};

use super::amount::AmountUnit;
use super::schema::{AliasMap, Column, HeaderUnit, unit_line};
use super::{MappedColumn, Notice, ReadOptions, RosterError};

#[derive(Clone)]
pub(super) struct Slot {
    pub(super) mapped: MappedColumn,
    pub(super) unit: AmountUnit,
    /// The configured value aliases of this column: (alias, canonical).
    pub(super) extra: Vec<(String, String)>,
}

pub(super) struct Layout {
    /// The header's last row: the data starts below it.
    pub(super) header_row: u32,
    pub(super) columns: Vec<Slot>,
    pub(super) extra_headers: Vec<String>,
    pub(super) notices: Vec<Notice>,
    /// The 0-based column headed 序号 (or the like), if any: a row holding only a number there is
    /// a blank template row.
    pub(super) serial: Option<usize>,
    /// The 0-based column of 身份证号, if any: a 合计 row never holds an ID number.
    pub(super) id_column: Option<usize>,
    /// The 0-based column of 姓名.
    pub(super) name_column: Option<usize>,
}

/// The most rows one header spans: a group heading, the names, a unit line.
pub(super) const HEADER_MAX_ROWS: usize = 3;

/// What one column of the header says, its rows read together.
struct Named {
    index: usize,
    column: Column,
    unit: HeaderUnit,
    /// The header text that named the column.
    text: String,
}

/// The header's columns, read from `rows` (one to [`HEADER_MAX_ROWS`] adjacent rows) column by
/// column: a merged group heading holds its text in its first column only, and a name merged
/// over two rows holds it in its top row only, so each column's texts, top to bottom, are tried
/// as its name: the lowest first (the real name under a group heading), then all of them joined,
/// then each higher one; a unit line's `（元）` or `（万元）` gives the unit.
/// Also returns the texts that name no column.
fn read_columns(rows: &[Row], aliases: &AliasMap) -> (Vec<Named>, Vec<(usize, String)>) {
    let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let mut named = Vec::new();
    let mut unknown = Vec::new();
    for index in 0..width {
        let texts: Vec<String> = rows
            .iter()
            .map(|r| r.get(index).to_text())
            .filter(|t| !t.is_empty())
            .collect();
        let unit = texts.iter().find_map(|t| unit_line(t));
        let names: Vec<&String> = texts.iter().filter(|t| unit_line(t).is_none()).collect();
        let joined: String = names.iter().map(|t| t.as_str()).collect();
        let candidates = names
            .last()
            .map(|t| t.as_str())
            .into_iter()
            .chain((names.len() > 1).then_some(joined.as_str()))
            .chain(names.iter().rev().skip(1).map(|t| t.as_str()));
        let mut found = None;
        for candidate in candidates {
            if let Some((column, own_unit)) = aliases.column_for(candidate) {
                found = Some(Named {
                    index,
                    column,
                    unit: if own_unit == HeaderUnit::None {
                        unit.unwrap_or_default()
                    } else {
                        own_unit
                    },
                    text: candidate.to_string(),
                });
                break;
            }
        }
        match found {
            Some(n) => named.push(n),
            None => {
                if let Some(last) = names.last() {
                    unknown.push((index, (*last).clone()));
                }
            }
        }
    }
    (named, unknown)
}

/// Whether a row under the header continues it: at least one of its cells, and at least half of
/// them, name a column or a unit. A volunteer's row names neither.
fn continues_header(row: &Row, aliases: &AliasMap) -> bool {
    let mut filled = 0;
    let mut header_like = 0;
    for cell in &row.cells {
        let text = cell.to_text();
        if text.is_empty() {
            continue;
        }
        filled += 1;
        if unit_line(&text).is_some() || aliases.column_for(&text).is_some() {
            header_like += 1;
        }
    }
    header_like > 0 && 2 * header_like >= filled
}

/// The rows of the header, as a range of indexes into `top`, around the row that alone names the
/// most columns (`best`): the row above joins when it names more columns with it (names merged
/// vertically from above a group row), rows below join while they continue the header.
fn header_rows(top: &[Row], best: usize, aliases: &AliasMap) -> (usize, usize) {
    let adjacent = |a: usize, b: usize| match (top.get(a), top.get(b)) {
        (Some(a), Some(b)) => a.number.checked_add(1) == Some(b.number),
        _ => false,
    };
    let score = |first: usize, last: usize| {
        top.get(first..=last)
            .map_or(0, |rows| read_columns(rows, aliases).0.len())
    };
    let (mut first, mut last) = (best, best);
    let mut best_score = score(best, best);
    if let Some(above) = best.checked_sub(1).filter(|a| adjacent(*a, best)) {
        let joined = score(above, best);
        if joined > best_score {
            first = above;
            best_score = joined;
        }
    }
    while last + 1 - first < HEADER_MAX_ROWS
        && adjacent(last, last + 1)
        && top
            .get(last + 1)
            .is_some_and(|r| continues_header(r, aliases))
    {
        let joined = score(first, last + 1);
        if joined < best_score {
            break;
        }
        best_score = joined;
        last += 1;
    }
    (first, last)
}

/// Headers of a 序号 column.
fn is_serial_header(text: &str) -> bool {
    matches!(
        squeeze(text).as_str(),
        "序号" | "序" | "编号" | "no" | "no." | "#" | "序列号"
    )
}

/// The header rows among the top ones (the header row that names the most roster columns, at
/// least two, with the rows read with it); an error when it lacks a required column. Returns the
/// layout and the index in `top` of the header's last row.
pub(super) fn find_layout(
    file: &str,
    top: &[Row],
    options: &ReadOptions,
) -> Result<(Layout, usize), RosterError> {
    // The aliases are folded once; each header cell is then one lookup.
    let aliases = AliasMap::new(&options.header_aliases);
    let found = sheet::find_header(
        top,
        |t| aliases.column_for(t).map(|(c, _)| c),
        HeaderRule::Most(2),
    );
    let no_header = || RosterError::NoHeader {
        file: file.to_string(),
        sheet: None,
    };
    let best = found.map(|h| h.index).ok_or_else(no_header)?;
    let (first, last) = header_rows(top, best, &aliases);
    let rows = top.get(first..=last).ok_or_else(no_header)?;
    let header_row = rows.last().map_or(0, |r| r.number);
    let (named, unknown) = read_columns(rows, &aliases);
    let mut layout = Layout {
        header_row,
        columns: Vec::new(),
        extra_headers: unknown
            .iter()
            .map(|(_, t)| input::short(t, input::ECHO_CHARS))
            .collect(),
        notices: Vec::new(),
        serial: unknown
            .iter()
            .find(|(_, t)| is_serial_header(t))
            .map(|(i, _)| *i),
        id_column: None,
        name_column: None,
    };
    for n in named {
        if let Some(first) = layout.columns.iter().find(|s| s.mapped.column == n.column) {
            layout.notices.push(Notice {
                row: Some(header_row),
                text: Text::new(Msg::NoticeColumnTwice)
                    .arg("column", n.column.header())
                    .arg("first", cell_ref(first.mapped.index, header_row))
                    .arg("second", cell_ref(n.index, header_row)),
            });
            continue;
        }
        match n.column {
            Column::IdNumber => layout.id_column = Some(n.index),
            Column::Name => layout.name_column = Some(n.index),
            _ => {}
        }
        layout.columns.push(Slot {
            mapped: MappedColumn {
                column: n.column,
                index: n.index,
                header: input::short(&n.text, input::ECHO_CHARS),
            },
            unit: match n.unit {
                HeaderUnit::TenThousandYuan => AmountUnit::TenThousandYuan,
                HeaderUnit::Yuan | HeaderUnit::None => AmountUnit::Yuan,
            },
            extra: options
                .value_aliases
                .iter()
                .filter(|(c, _, _)| *c == n.column)
                .map(|(_, alias, canonical)| (alias.clone(), canonical.clone()))
                .collect(),
        });
    }
    let missing: Vec<Column> = Column::ALL
        .iter()
        .copied()
        .filter(|c| c.required() && !layout.columns.iter().any(|s| s.mapped.column == *c))
        .collect();
    if !missing.is_empty() {
        return Err(RosterError::MissingColumns {
            file: file.to_string(),
            sheet: None,
            row_word: sheet::row_word_for_path(std::path::Path::new(file)),
            row: header_row,
            missing: missing
                .iter()
                .map(|c| (c.header(), nearest_header(*c, &unknown, &aliases)))
                .collect(),
            found: rows
                .iter()
                .flat_map(|r| r.cells.iter().map(Cell::to_text))
                .filter(|t| !t.is_empty())
                .take(MISSING_SHOWN)
                .map(|t| input::short(&t, input::ECHO_CHARS))
                .collect(),
        });
    }
    Ok((layout, last))
}

/// The header, among those that name no column, that is most nearly one of `column`'s names:
/// one that contains a name or is contained in one (`志愿者招募省份`), or is within one character
/// of it (two for names of five or more: `招募省分`, `志愿者类别型`). `None` when none is near.
fn nearest_header(
    column: Column,
    unknown: &[(usize, String)],
    aliases: &AliasMap,
) -> Option<String> {
    let mut best: Option<(usize, &String)> = None;
    for (_, text) in unknown {
        let folded = squeeze(text);
        if folded.chars().count() < 2 {
            continue;
        }
        for name in aliases.names_of(column) {
            let len = name.chars().count();
            let d = if len >= 2 && (folded.contains(name) || name.contains(folded.as_str())) {
                0
            } else {
                distance(&folded, name)
            };
            let allowed = if len >= 5 { 2 } else { 1 };
            if d <= allowed && best.is_none_or(|(b, _)| d < b) {
                best = Some((d, text));
            }
        }
    }
    best.map(|(_, t)| input::short(t, input::ECHO_CHARS))
}

/// What a total row says: `合计` or `总计` ends the data (the footer below it — 填表人, 审核人,
/// 联系电话 — is no volunteer), `小计` is one county's subtotal among the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Total {
    /// 合计 or 总计: the data ends here.
    End,
    /// 小计: a row to skip.
    Sub,
}

/// Whether a row is a total row: its first filled cell, or its 姓名 cell, is a whole 合计, 总计
/// or 小计 label (spaces and full-width forms aside, and what follows a colon: `合 计`,
/// `总计：85人`), and it
/// holds no ID number (a volunteer whose 姓名 cell says 合计 still has one). A name or a note that
/// merely contains 合计 (`合计划`, `合计3人`) is no label.
pub(super) fn total_row(row: RowRef, layout: &Layout) -> Option<(Total, String)> {
    let label = |c: CellRef| match c {
        CellRef::Text(text) => total_label(text),
        _ => None,
    };
    let first = row.cells().enumerate().find(|(_, c)| !c.is_blank());
    let found = first.and_then(|(_, c)| label(c)).or_else(|| {
        // The 姓名 cell, unless it was the first filled one (a roster's usual first column).
        let name = layout.name_column?;
        match first {
            Some((at, _)) if at == name => None,
            _ => label(row.get(name)),
        }
    })?;
    if let Some(id) = layout.id_column.map(|i| row.get(i))
        && id.to_text().chars().filter(char::is_ascii_digit).count() >= 15
    {
        return None;
    }
    Some(found)
}

fn total_label(text: &str) -> Option<(Total, String)> {
    // Nearly every row: no label, told without splitting the text.
    if !sheet::might_be_total(text) {
        return None;
    }
    // `合计：85人`: what follows a colon is the total's figure.
    let head = text.split([':', '：']).next().unwrap_or(text);
    let label = sheet::total_label(head)?;
    match label.as_str() {
        "小计" => Some((Total::Sub, label)),
        _ => Some((Total::End, label)),
    }
}

/// Whether a row holds nothing but a 序号: a number (or digits) in the 序号 column — or in the
/// first column when the header has none — and every other cell blank. Template rows numbered
/// in advance are blank rows, not volunteers with every cell missing.
pub(super) fn serial_only(row: RowRef, layout: &Layout) -> bool {
    let at = layout.serial.unwrap_or(0);
    let numbered = match row.get(at) {
        CellRef::Int(_) => true,
        CellRef::Float(f) => f.fract() == 0.0,
        CellRef::Text(t) => {
            let t = crate::text::trim(t);
            !t.is_empty() && t.len() <= 9 && t.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    };
    numbered
        && row
            .cells()
            .enumerate()
            .all(|(i, c)| i == at || c.is_blank())
}

/// How many of a header's cells an error about missing columns lists.
const MISSING_SHOWN: usize = 30;
