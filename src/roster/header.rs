//! The roster's header row: which row among the top ones it is, which roster column each header
//! names (with its unit and the configured value aliases), and which rows are 合计 rows.

use crate::input::{self, Cell, Row, cell_ref};
use crate::messages::{Msg, Text};
use crate::sheet::{self, HeaderRule};

use super::amount::AmountUnit;
use super::schema::{AliasMap, Column, HeaderUnit};
use super::{MappedColumn, Notice, ReadOptions, RosterError};

#[derive(Clone)]
pub(super) struct Slot {
    pub(super) mapped: MappedColumn,
    pub(super) unit: AmountUnit,
    /// The configured value aliases of this column: (alias, canonical).
    pub(super) extra: Vec<(String, String)>,
}

pub(super) struct Layout {
    pub(super) header_row: u32,
    pub(super) columns: Vec<Slot>,
    pub(super) extra_headers: Vec<String>,
    pub(super) notices: Vec<Notice>,
}

/// The row, among the top ones, that names the most roster columns (at least two); an error
/// when it lacks a required column.
pub(super) fn find_layout(
    file: &str,
    top: &[Row],
    options: &ReadOptions,
) -> Result<(Layout, usize), RosterError> {
    // The aliases are folded once; each header cell is then one lookup.
    let aliases = AliasMap::new(&options.header_aliases);
    let found = sheet::find_header(top, |t| aliases.column_for(t), HeaderRule::Most(2));
    let Some(index) = found.map(|h| h.index) else {
        return Err(RosterError::NoHeader {
            file: file.to_string(),
            sheet: None,
        });
    };
    let Some(header) = top.get(index) else {
        return Err(RosterError::NoHeader {
            file: file.to_string(),
            sheet: None,
        });
    };
    let mut layout = Layout {
        header_row: header.number,
        columns: Vec::new(),
        extra_headers: Vec::new(),
        notices: Vec::new(),
    };
    for (i, cell) in header.cells.iter().enumerate() {
        let text = cell.to_text();
        if text.is_empty() {
            continue;
        }
        let Some((column, unit)) = aliases.column_for(&text) else {
            layout
                .extra_headers
                .push(input::short(&text, input::ECHO_CHARS));
            continue;
        };
        if let Some(first) = layout.columns.iter().find(|s| s.mapped.column == column) {
            layout.notices.push(Notice {
                row: Some(header.number),
                text: Text::new(Msg::NoticeColumnTwice)
                    .arg("column", column.header())
                    .arg("first", cell_ref(first.mapped.index, header.number))
                    .arg("second", cell_ref(i, header.number)),
            });
            continue;
        }
        layout.columns.push(Slot {
            mapped: MappedColumn {
                column,
                index: i,
                header: input::short(&text, input::ECHO_CHARS),
            },
            unit: match unit {
                HeaderUnit::TenThousandYuan => AmountUnit::TenThousandYuan,
                HeaderUnit::Yuan | HeaderUnit::None => AmountUnit::Yuan,
            },
            extra: options
                .value_aliases
                .iter()
                .filter(|(c, _, _)| *c == column)
                .map(|(_, alias, canonical)| (alias.clone(), canonical.clone()))
                .collect(),
        });
    }
    let missing: Vec<&str> = Column::ALL
        .iter()
        .filter(|c| c.required() && !layout.columns.iter().any(|s| s.mapped.column == **c))
        .map(|c| c.header())
        .collect();
    if !missing.is_empty() {
        return Err(RosterError::MissingColumns {
            file: file.to_string(),
            sheet: None,
            row_word: sheet::row_word_for_path(std::path::Path::new(file)),
            row: header.number,
            missing: missing.join(", "),
            found: header
                .cells
                .iter()
                .map(Cell::to_text)
                .filter(|t| !t.is_empty())
                .take(MISSING_SHOWN)
                .map(|t| input::short(&t, input::ECHO_CHARS))
                .collect(),
        });
    }
    Ok((layout, index))
}

/// `合计` when the row is a total row: its first filled cell, or its 姓名 cell, says 合计/总计/小计.
pub(super) fn total_label(row: &Row, layout: &Layout) -> Option<String> {
    let is_total = |c: &Cell| match c {
        Cell::Text(text) => sheet::total_label(text),
        _ => None,
    };
    let name_cell = layout
        .columns
        .iter()
        .find(|s| s.mapped.column == Column::Name)
        .map(|s| row.get(s.mapped.index));
    row.cells
        .iter()
        .find(|c| !c.is_blank())
        .and_then(is_total)
        .or_else(|| name_cell.and_then(is_total))
}

/// How many of a header's cells an error about missing columns lists.
const MISSING_SHOWN: usize = 30;
