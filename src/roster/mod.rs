//! Roster input: rows of cells → typed records, with every cell's position kept.
//!
//! This layer knows headers and how people spell values, and nothing of policy. A value that does
//! not parse becomes a [`CellError`] at its cell (the rules report it as E01) and the field is
//! [`Field::Invalid`]; nothing is guessed and nothing is silently blank.
//!
//! By job: [`record`] (the typed record), [`header`] (the header row and columns), [`fill`]
//! (one cell into its field), [`assembly`] (rows into records for a visitor).

pub mod amount;
pub mod date;
pub mod schema;
pub mod sources;
pub mod values;

mod assembly;
mod fill;
mod header;
mod record;

use crate::input::{InputError, SheetChoice, SourceInfo, cell_ref};
use crate::sheet::row_word;
use schema::Column;

pub use crate::sheet::HEADER_SEARCH_ROWS;
pub use assembly::{Assembler, Roster, Visitor, read};
pub use fill::Typer;
pub use record::{CellError, Field, MappedColumn, Notice, Record};
pub use sources::{Located, Location, Marks, Source, Sources};

/// Options of the reader, from the command line and the configuration file.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub sheet: SheetChoice,
    /// Extra header aliases: (header as written, column).
    pub header_aliases: Vec<(String, Column)>,
    /// Extra value aliases: (column, alias, canonical value).
    pub value_aliases: Vec<(Column, String, String)>,
}

/// What was read, besides the records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterInfo {
    /// The path as the user gave it.
    pub file: String,
    pub source: SourceInfo,
    pub header_row: u32,
    pub columns: Vec<MappedColumn>,
    /// Headers of the header row that name no roster column (kept, not an error).
    pub extra_headers: Vec<String>,
    pub cell_errors: Vec<CellError>,
    pub notices: Vec<Notice>,
    pub records: u64,
}

impl RosterInfo {
    pub fn has(&self, column: Column) -> bool {
        self.columns.iter().any(|c| c.column == column)
    }

    /// The 0-based sheet column of a roster column, when the file has it.
    pub fn index_of(&self, column: Column) -> Option<usize> {
        self.columns
            .iter()
            .find(|c| c.column == column)
            .map(|c| c.index)
    }

    /// `R17`, when the file has the column.
    pub fn cell_ref(&self, column: Column, row: u32) -> Option<String> {
        self.index_of(column).map(|i| cell_ref(i, row))
    }

    /// Excel row numbers for workbooks, line numbers for CSV.
    pub fn row_word(&self) -> &'static str {
        row_word(self.source.format)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RosterError {
    #[error(
        "{file}{}: the header is on {row_word} {header_row} but no volunteer rows follow it; an export that lost its rows cannot be checked",
        sheet_part(.sheet)
    )]
    NoRecords {
        file: String,
        sheet: Option<String>,
        row_word: &'static str,
        header_row: u32,
    },
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(
        "{file}: no header row in the first {HEADER_SEARCH_ROWS} rows{}; a roster needs the columns {}",
        sheet_part(.sheet),
        required_list()
    )]
    NoHeader { file: String, sheet: Option<String> },
    #[error(
        "{file}{}: {row_word} {row}: the roster lacks the required column(s) {}; the headers found are: {}{}",
        sheet_part(.sheet),
        missing_list(.missing),
        found.join(" | "),
        near_part(.missing)
    )]
    MissingColumns {
        file: String,
        sheet: Option<String>,
        row_word: &'static str,
        row: u32,
        /// Each missing column, with the header found that nearly names it ("did you mean").
        missing: Vec<(&'static str, Option<String>)>,
        found: Box<[String]>,
    },
}

fn sheet_part(sheet: &Option<String>) -> String {
    sheet
        .as_ref()
        .map(|s| format!(" (sheet {s})"))
        .unwrap_or_default()
}

/// The missing columns, as a message lists them.
pub fn missing_list(missing: &[(&'static str, Option<String>)]) -> String {
    missing
        .iter()
        .map(|(column, _)| *column)
        .collect::<Vec<_>>()
        .join(", ")
}

fn near_part(missing: &[(&'static str, Option<String>)]) -> String {
    missing
        .iter()
        .filter_map(|(column, near)| {
            near.as_ref()
                .map(|found| format!("; did you mean {column} for the header \"{found}\"?"))
        })
        .collect()
}

/// The required columns' headers, for messages.
pub fn required_list() -> String {
    Column::ALL
        .iter()
        .filter(|c| c.required())
        .map(|c| c.header())
        .collect::<Vec<_>>()
        .join(", ")
}
