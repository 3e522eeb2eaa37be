//! Input: files → rows of cells, with every cell's position kept.
//!
//! This layer knows file formats, encodings and sheets, and nothing of policy or of what a column
//! means. It hands rows to a visitor one at a time, so a large sheet is never held whole in memory.
//! Row numbers are the ones the user sees: the Excel row number (1-based), or for CSV the line
//! number on which the record starts.

mod compound;
mod container;
mod csv;
mod excel;
mod xlsx;
#[cfg(test)]
mod xlsx_against_calamine;

pub use excel::install_panic_hook;

use std::fmt;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

/// The most non-empty cells xibu reads from one sheet: a national multi-year export of a million
/// volunteers has some 25 million.
pub const MAX_CELLS: u64 = 50_000_000;
/// The most text one row of a workbook may hold (a CSV record is bounded at 1 MiB): a roster row
/// holds a few hundred bytes, and rows travel in batches, so this bounds what a batch can hold.
pub const MAX_ROW_TEXT_BYTES: usize = 8 << 20;

/// Bytes of text held by a row's cells.
pub fn text_bytes(cells: &[Cell]) -> usize {
    cells
        .iter()
        .map(|c| match c {
            Cell::Text(t) | Cell::Error(t) => t.len(),
            _ => 0,
        })
        .sum()
}

/// The most fields one CSV record may have: Excel's own column limit.
pub const MAX_CSV_FIELDS: usize = 16_384;

/// One cell's value as the file stores it. Text is kept verbatim (not trimmed): what a value means
/// is decided by the layer above.
#[derive(Debug, PartialEq, Default)]
pub enum Cell {
    #[default]
    Empty,
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// An Excel date/time cell (a number with a date format).
    DateTime(NaiveDateTime),
    /// An Excel error value such as `#N/A` or `#DIV/0!`.
    Error(String),
}

impl Clone for Cell {
    fn clone(&self) -> Cell {
        match self {
            Cell::Empty => Cell::Empty,
            Cell::Text(s) => Cell::Text(s.clone()),
            Cell::Int(i) => Cell::Int(*i),
            Cell::Float(f) => Cell::Float(*f),
            Cell::Bool(b) => Cell::Bool(*b),
            Cell::DateTime(d) => Cell::DateTime(*d),
            Cell::Error(e) => Cell::Error(e.clone()),
        }
    }

    /// Reuses the text's allocation: rows copied into a recycled batch allocate nothing.
    fn clone_from(&mut self, source: &Cell) {
        match (self, source) {
            (Cell::Text(to), Cell::Text(from)) => to.clone_from(from),
            (to, from) => *to = from.clone(),
        }
    }
}

impl Cell {
    /// True for an empty cell or one holding only white space (full-width spaces included).
    pub fn is_blank(&self) -> bool {
        self.as_ref().is_blank()
    }

    /// The cell as text, the way a user would read it: numbers without a trailing `.0`,
    /// text trimmed of white space (full-width spaces included).
    pub fn to_text(&self) -> String {
        self.as_ref().to_text()
    }

    /// The cell, borrowed.
    pub fn as_ref(&self) -> CellRef<'_> {
        match self {
            Cell::Empty => CellRef::Empty,
            Cell::Text(t) => CellRef::Text(t),
            Cell::Int(i) => CellRef::Int(*i),
            Cell::Float(f) => CellRef::Float(*f),
            Cell::Bool(b) => CellRef::Bool(*b),
            Cell::DateTime(d) => CellRef::DateTime(*d),
            Cell::Error(e) => CellRef::Error(e),
        }
    }

    /// Becomes `cell`, reusing the text it holds.
    pub fn set(&mut self, cell: CellRef<'_>) {
        match (&mut *self, cell) {
            (Cell::Text(to), CellRef::Text(from)) => {
                to.clear();
                to.push_str(from);
            }
            (to, from) => *to = from.to_cell(),
        }
    }
}

/// A cell's value, borrowed from wherever the row keeps it: a [`Row`]'s cells, or the text of a
/// CSV record ([`TextRow`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellRef<'a> {
    Empty,
    Text(&'a str),
    Int(i64),
    Float(f64),
    Bool(bool),
    DateTime(NaiveDateTime),
    Error(&'a str),
}

impl<'a> From<&'a Cell> for CellRef<'a> {
    fn from(cell: &'a Cell) -> CellRef<'a> {
        cell.as_ref()
    }
}

impl CellRef<'_> {
    /// True for an empty cell or one holding only white space (full-width spaces included).
    pub fn is_blank(self) -> bool {
        match self {
            CellRef::Empty => true,
            // The first byte settles it for nearly every cell: white space starts with an ASCII
            // space or tab, or with one of the few lead bytes of Unicode spaces (U+00A0 C2,
            // U+1680 E1, U+2000–U+205F E2, U+3000 E3, U+FEFF EF).
            CellRef::Text(s) => match s.as_bytes().first() {
                None => true,
                Some(b) if b.is_ascii() && !b.is_ascii_whitespace() => false,
                Some(0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF) => s.trim().is_empty(),
                Some(b) if b.is_ascii() => s.trim().is_empty(),
                Some(_) => false,
            },
            _ => false,
        }
    }

    /// The cell as text, the way a user would read it: numbers without a trailing `.0`,
    /// text trimmed of white space (full-width spaces included).
    pub fn to_text(self) -> String {
        match self {
            CellRef::Empty => String::new(),
            CellRef::Text(s) => s.trim().to_string(),
            CellRef::Int(i) => i.to_string(),
            CellRef::Float(f) => {
                if f.fract() == 0.0 && f.abs() < 1e15 {
                    format!("{}", f as i64)
                } else {
                    f.to_string()
                }
            }
            CellRef::Bool(b) => if b { "TRUE" } else { "FALSE" }.to_string(),
            CellRef::DateTime(d) => {
                if d.time() == chrono::NaiveTime::MIN {
                    d.date().format("%Y-%m-%d").to_string()
                } else {
                    d.format("%Y-%m-%d %H:%M:%S").to_string()
                }
            }
            CellRef::Error(e) => e.to_string(),
        }
    }

    /// The cell, owned.
    pub fn to_cell(self) -> Cell {
        match self {
            CellRef::Empty => Cell::Empty,
            CellRef::Text(t) => Cell::Text(t.to_string()),
            CellRef::Int(i) => Cell::Int(i),
            CellRef::Float(f) => Cell::Float(f),
            CellRef::Bool(b) => Cell::Bool(b),
            CellRef::DateTime(d) => Cell::DateTime(d),
            CellRef::Error(e) => Cell::Error(e.to_string()),
        }
    }
}

/// One non-blank row of a sheet.
#[derive(Debug, PartialEq, Default)]
pub struct Row {
    /// The row number the user sees (Excel row, or CSV line of the record's start), 1-based.
    pub number: u32,
    /// Cells by 0-based column index; missing trailing cells are simply absent.
    pub cells: Vec<Cell>,
}

impl Clone for Row {
    fn clone(&self) -> Row {
        Row {
            number: self.number,
            cells: self.cells.clone(),
        }
    }

    fn clone_from(&mut self, source: &Row) {
        self.number = source.number;
        // Vec::clone_from reuses the cells, and each cell its text (Cell::clone_from).
        self.cells.clone_from(&source.cells);
    }
}

impl Row {
    /// The cell at a 0-based column, `Cell::Empty` past the end of the row.
    pub fn get(&self, col: usize) -> &Cell {
        self.cells.get(col).unwrap_or(&Cell::Empty)
    }

    /// The row, borrowed.
    pub fn as_ref(&self) -> RowRef<'_> {
        RowRef::Cells(self)
    }
}

/// A CSV record as the reader found it: its fields' text in one string, each field a range of
/// it. A receiver that keeps rows can copy the record whole instead of a string a field.
#[derive(Debug, Clone, Copy)]
pub struct TextRow<'a> {
    /// As [`Row::number`].
    pub number: u32,
    pub text: &'a str,
    /// Byte ranges of `text`, one a field; an empty range is an empty cell.
    pub fields: &'a [(u32, u32)],
}

impl<'a> TextRow<'a> {
    /// The field at a 0-based column, `CellRef::Empty` when empty or past the end.
    pub fn get(self, col: usize) -> CellRef<'a> {
        match self.fields.get(col) {
            Some(&(from, to)) if from < to => self
                .text
                .get(from as usize..to as usize)
                .map_or(CellRef::Empty, CellRef::Text),
            _ => CellRef::Empty,
        }
    }
}

/// A row, borrowed from a [`Row`] of cells or a CSV record's [`TextRow`]: what the layers above
/// read rows through.
#[derive(Debug, Clone, Copy)]
pub enum RowRef<'a> {
    Cells(&'a Row),
    Text(TextRow<'a>),
}

impl<'a> RowRef<'a> {
    /// The row number the user sees.
    pub fn number(self) -> u32 {
        match self {
            RowRef::Cells(row) => row.number,
            RowRef::Text(row) => row.number,
        }
    }

    /// The cell at a 0-based column, `CellRef::Empty` past the end of the row.
    pub fn get(self, col: usize) -> CellRef<'a> {
        match self {
            RowRef::Cells(row) => row.get(col).as_ref(),
            RowRef::Text(row) => row.get(col),
        }
    }

    /// The row's cells, in order.
    pub fn cells(self) -> impl Iterator<Item = CellRef<'a>> {
        let width = match self {
            RowRef::Cells(row) => row.cells.len(),
            RowRef::Text(row) => row.fields.len(),
        };
        (0..width).map(move |col| self.get(col))
    }

    /// The row, owned.
    pub fn to_row(self) -> Row {
        match self {
            RowRef::Cells(row) => row.clone(),
            RowRef::Text(_) => Row {
                number: self.number(),
                cells: self.cells().map(CellRef::to_cell).collect(),
            },
        }
    }
}

/// The kind of file, decided from its content where possible and from its extension otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Tsv,
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Csv => "CSV",
            Format::Tsv => "TSV",
            Format::Xlsx => "xlsx",
            Format::Xlsb => "xlsb",
            Format::Xls => "xls",
            Format::Ods => "ods",
        })
    }
}

/// Which sheet of a workbook to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum SheetChoice {
    /// The first sheet.
    #[default]
    First,
    /// A sheet by name, or by 1-based position when the text is a number that is not a sheet name.
    Named(String),
}

/// What was read, for messages and reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInfo {
    pub format: Format,
    /// The sheet read, for workbooks.
    pub sheet: Option<String>,
    /// The text encoding detected, for CSV/TSV ("UTF-8", "UTF-8 with BOM", "GB18030",
    /// "UTF-16LE", "UTF-16BE").
    pub encoding: Option<&'static str>,
    /// The workbook's visible worksheets, in order (none for CSV/TSV): a notice names those
    /// that were not read.
    pub sheets: Vec<String>,
    /// Hidden rows of the sheet that hold a value (1-based, ascending), where the format says
    /// which rows are hidden: xlsx (rows hidden by hand or by an autofilter) and xls. Empty for
    /// text, and for ods and xlsb, whose readers do not say.
    pub hidden_rows: Vec<u32>,
}

#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{}: no such file", path.display())]
    NotFound { path: PathBuf },
    #[error("{}: is a directory, not a file", path.display())]
    IsDirectory { path: PathBuf },
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: not a spreadsheet or CSV file xibu can read ({detail}); accepted: .xlsx .xlsm .xlsb .xls .ods .csv .tsv", path.display())]
    UnknownFormat { path: PathBuf, detail: String },
    #[error("{}: the file is damaged: {detail}", path.display())]
    Damaged { path: PathBuf, detail: String },
    #[error("{}: the file is encrypted (it has a password to open) and cannot be read: open it in Excel and save a copy without a password, then check that copy", path.display())]
    Encrypted { path: PathBuf },
    #[error("{}: xibu will not read this file: {detail}", path.display())]
    Refused { path: PathBuf, detail: String },
    #[error("{}: cannot read the {format} workbook: {message}", path.display())]
    Workbook {
        path: PathBuf,
        format: Format,
        message: String,
    },
    #[error("{}: no sheet {wanted:?}; the sheets are: {}", path.display(), available.join(", "))]
    SheetNotFound {
        path: PathBuf,
        wanted: String,
        available: Vec<String>,
    },
    #[error("{}: the workbook has no sheets", path.display())]
    NoSheets { path: PathBuf },
    #[error("{}: line {line}: {message}", path.display())]
    Csv {
        path: PathBuf,
        line: u64,
        message: String,
    },
}

/// The largest plan table file (附件1, 附件2) xibu reads: published ones are tens of KiB.
pub const MAX_TABLE_BYTES: u64 = 16 << 20;
/// The most non-blank rows of a plan table: published ones have a few hundred.
pub const MAX_TABLE_ROWS: usize = 100_000;

/// What a path is when it is not a regular file, in words; `None` for a regular file.
fn not_a_file(kind: std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    if kind.is_dir() {
        return Some("a directory");
    }
    (!kind.is_file()).then_some("not a regular file")
}

/// Opens `path` for reading only if it is a regular file of at most `max_bytes` (when given).
/// A FIFO, a device or a socket is refused from its metadata, before it is opened, so that
/// xibu never waits on a pipe nobody writes to or reads `/dev/zero` for ever; the handle is
/// checked again once open, in case the path changed in between (it is opened non-blocking, so
/// that even then opening a FIFO does not wait).
pub fn open_regular(path: &Path, max_bytes: Option<u64>) -> Result<std::fs::File, InputError> {
    let io = |source: std::io::Error| match source.kind() {
        std::io::ErrorKind::NotFound => InputError::NotFound {
            path: path.to_path_buf(),
        },
        _ => InputError::Io {
            path: path.to_path_buf(),
            source,
        },
    };
    let refuse = |what: &str| -> InputError {
        if what == "a directory" {
            return InputError::IsDirectory {
                path: path.to_path_buf(),
            };
        }
        InputError::Refused {
            path: path.to_path_buf(),
            detail: format!(
                "it is {what}, not a regular file; save the data to a file and give that"
            ),
        }
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if let Some(what) = not_a_file(meta.file_type()) {
        return Err(refuse(what));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK: harmless for a regular file, and no wait if a FIFO took its place.
        options.custom_flags(0o4000);
    }
    let file = options.open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if let Some(what) = not_a_file(meta.file_type()) {
        return Err(refuse(what));
    }
    if let Some(max) = max_bytes.filter(|max| meta.len() > *max) {
        return Err(InputError::Refused {
            path: path.to_path_buf(),
            detail: format!(
                "it is {} KiB, more than the {} KiB such a file can sensibly be",
                meta.len() / 1024,
                max / 1024
            ),
        });
    }
    Ok(file)
}

/// Reads a small text file (the configuration) whole, refusing anything that is not a regular
/// file of at most `max_bytes`.
pub fn read_small_text(path: &Path, max_bytes: u64) -> Result<String, InputError> {
    use std::io::Read;
    let file = open_regular(path, Some(max_bytes))?;
    let mut text = String::new();
    file.take(max_bytes)
        .read_to_string(&mut text)
        .map_err(|source| InputError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(text)
}

/// Reads a plan table as [`read_rows`] reads a roster, within [`MAX_TABLE_BYTES`] and
/// [`MAX_TABLE_ROWS`].
pub fn read_table(
    path: &Path,
    visit: &mut dyn FnMut(&Row) -> ControlFlow<()>,
) -> Result<SourceInfo, InputError> {
    open_regular(path, Some(MAX_TABLE_BYTES))?;
    let mut rows = 0usize;
    let mut too_many = false;
    let info = read_rows(path, &SheetChoice::First, &mut |row| {
        rows += 1;
        if rows > MAX_TABLE_ROWS {
            too_many = true;
            return ControlFlow::Break(());
        }
        visit(row)
    })?;
    if too_many {
        return Err(InputError::Refused {
            path: path.to_path_buf(),
            detail: format!(
                "it has more than {MAX_TABLE_ROWS} rows; a plan table has a few hundred"
            ),
        });
    }
    Ok(info)
}

/// What receives the rows. The row is lent mutably so that a receiver that keeps rows can take
/// this one's cells by swapping in others (an emptied row of its own): the reader refills whatever
/// it gets back, so no cell is copied on the way.
pub type Visit<'a> = &'a mut dyn FnMut(&mut Row) -> ControlFlow<()>;

/// What receives the rows, taking a CSV record's fields as they lie in its text ([`TextRow`])
/// rather than as cells of a row: the check pipeline copies a record into its batch whole.
pub trait Sink {
    /// A row of a workbook, lent as to a [`Visit`].
    fn row(&mut self, row: &mut Row) -> ControlFlow<()>;
    /// A record of a CSV/TSV source.
    fn text(&mut self, row: TextRow<'_>) -> ControlFlow<()>;
}

/// A [`Visit`] as a [`Sink`]: each CSV record made into a row, whose strings are reused, so that
/// reading allocates only when a field outgrows the one before it in its column.
struct Cells<'v, 'a> {
    visit: &'v mut Visit<'a>,
    row: Row,
}

/// Runs `read` with `visit` as its [`Sink`].
fn as_sink<T>(mut visit: Visit<'_>, read: impl FnOnce(&mut dyn Sink) -> T) -> T {
    let mut cells = Cells {
        visit: &mut visit,
        row: Row::default(),
    };
    read(&mut cells)
}

impl Sink for Cells<'_, '_> {
    fn row(&mut self, row: &mut Row) -> ControlFlow<()> {
        (self.visit)(row)
    }

    fn text(&mut self, record: TextRow<'_>) -> ControlFlow<()> {
        self.row.number = record.number;
        self.row.cells.truncate(record.fields.len());
        for col in 0..record.fields.len() {
            let cell = record.get(col);
            match self.row.cells.get_mut(col) {
                Some(to) => to.set(cell),
                None => self.row.cells.push(cell.to_cell()),
            }
        }
        (self.visit)(&mut self.row)
    }
}

/// Reads the rows of `path` (the chosen sheet of a workbook, or a CSV/TSV file) and hands each
/// non-blank row to `visit`, in order. `visit` may stop the reading early with `ControlFlow::Break`.
pub fn read_rows(
    path: &Path,
    sheet: &SheetChoice,
    visit: Visit<'_>,
) -> Result<SourceInfo, InputError> {
    as_sink(visit, |sink| read_into(path, sheet, sink))
}

/// [`read_rows`] into a [`Sink`].
pub fn read_into(
    path: &Path,
    sheet: &SheetChoice,
    sink: &mut dyn Sink,
) -> Result<SourceInfo, InputError> {
    open_regular(path, None)?;
    let format = detect_format(path)?;
    match format {
        Format::Csv | Format::Tsv => csv::read_file(path, format, sink),
        _ => read_workbook(path, format, sheet, &mut |row: &mut Row| sink.row(row)),
    }
}

/// Reads the chosen sheet of a workbook.
fn read_workbook(
    path: &Path,
    format: Format,
    sheet: &SheetChoice,
    visit: Visit<'_>,
) -> Result<SourceInfo, InputError> {
    match format {
        Format::Xls => excel::read_file(path, format, sheet, visit).map(|mut info| {
            if let Some(name) = &info.sheet {
                info.hidden_rows = compound::hidden_rows(path, name);
            }
            info
        }),
        // Zip containers: their checksums are verified on another thread while calamine reads
        // (the checking thread of `check` has time to spare while a workbook is parsed). A
        // damaged part makes the whole read fail, whatever was read before.
        // The checking thread also notes an xlsx sheet's hidden rows.
        _ => std::thread::scope(|scope| {
            let verified = scope.spawn(|| container::verify(path));
            let read = excel::read_file(path, format, sheet, visit);
            match verified.join() {
                Ok(Err(damaged)) => Err(damaged),
                Ok(Ok(hidden)) => read.map(|mut info| {
                    if let Some(name) = &info.sheet {
                        info.hidden_rows = hidden.of_sheet(path, name);
                    }
                    info
                }),
                Err(_) => read,
            }
        }),
    }
}

/// The worksheets of a workbook, in order, each with whether it is visible; none for CSV/TSV.
/// `--sheet all` reads each of them.
pub fn worksheets(path: &Path) -> Result<Vec<(String, bool)>, InputError> {
    open_regular(path, None)?;
    let format = detect_format(path)?;
    excel::worksheets(path, format)
}

/// Whether a file is a workbook (by content), rather than CSV/TSV text.
pub fn is_workbook(path: &Path) -> Result<bool, InputError> {
    Ok(!matches!(detect_format(path)?, Format::Csv | Format::Tsv))
}

/// Reads CSV text held in memory (the built-in tables), as [`read_rows`] reads a CSV file.
/// `name` stands for the file in messages.
pub fn read_csv_bytes(
    name: &Path,
    bytes: &[u8],
    visit: Visit<'_>,
) -> Result<SourceInfo, InputError> {
    as_sink(visit, |sink| {
        csv::read_bytes(name, bytes, Format::Csv, sink)
    })
}

/// Decides the format from the file's first bytes (zip → xlsx/xlsb/ods, OLE → xls) and falls back
/// on the extension for text files.
fn detect_format(path: &Path) -> Result<Format, InputError> {
    use std::io::Read;
    // Enough to tell text from binary; the magic numbers are in the first 8 bytes.
    let mut head = Vec::with_capacity(512);
    open_regular(path, None)?
        .take(512)
        .read_to_end(&mut head)
        .map_err(|source| InputError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    let head = head.as_slice();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    if head.starts_with(b"PK\x03\x04") {
        // Judged by the parts inside, whatever the name says.
        return container::inspect(path, &ext);
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        compound::inspect(path)?;
        return Ok(Format::Xls);
    }
    match ext.as_str() {
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Err(InputError::UnknownFormat {
            path: path.to_path_buf(),
            detail: if looks_like_text(head) {
                format!(
                    "named .{ext}, but it is a text file, not a workbook: if it is a CSV export, \
                     rename it to .csv"
                )
            } else if head.is_empty() {
                format!("named .{ext}, but the file is empty")
            } else {
                format!("named .{ext}, but its content is neither a workbook nor text")
            },
        }),
        // Text, comma- or tab-separated by its content, whatever its name says; under a text
        // file's name even with control characters in it (a cell may hold one).
        "csv" | "tsv" | "txt" | "tab" => csv::sniff(path),
        _ if looks_like_text(head) => csv::sniff(path),
        _ => Err(InputError::UnknownFormat {
            path: path.to_path_buf(),
            detail: if ext.is_empty() {
                "no file extension".to_string()
            } else {
                format!("extension .{ext}")
            },
        }),
    }
}

/// Whether a file's first bytes are text: a UTF-16 byte-order mark, or no control characters
/// but tabs and line breaks (UTF-8 and GB18030 bytes of other characters are all above them).
/// An empty file is text too (a CSV without rows, which the roster reader names as such).
fn looks_like_text(head: &[u8]) -> bool {
    head.starts_with(b"\xFF\xFE")
        || head.starts_with(b"\xFE\xFF")
        || head.iter().all(|&b| b >= 0x20 || b"\t\r\n".contains(&b))
}

/// How many lines at the top of a text file decide whether it is comma- or tab-separated.
const SNIFF_LINES: usize = 20;

/// Reads CSV/TSV text held in memory (standard input), comma- or tab-separated by its content
/// and in any encoding a file may be in, as [`read_rows`] reads a text file. `name` stands for
/// the input in messages.
pub fn read_text_bytes(
    name: &Path,
    bytes: &[u8],
    visit: Visit<'_>,
) -> Result<SourceInfo, InputError> {
    as_sink(visit, |sink| read_text_bytes_into(name, bytes, sink))
}

/// [`read_text_bytes`] into a [`Sink`].
pub fn read_text_bytes_into(
    name: &Path,
    bytes: &[u8],
    sink: &mut dyn Sink,
) -> Result<SourceInfo, InputError> {
    csv::read_bytes(name, bytes, csv::sniff_bytes(bytes), sink)
}

/// The most characters a cell holds: Excel's own limit. Text cells are kept to a little more
/// than this as they are read (so that the layer above can say the cell is too long without
/// holding more of it).
pub const MAX_CELL_CHARS: usize = 32_767;

/// Bytes of a text cell the readers keep: enough for [`MAX_CELL_CHARS`] + 1 characters of any
/// width. Cutting by bytes costs nothing per character, which matters for a cell of megabytes.
pub(crate) const KEPT_BYTES: usize = 4 * (MAX_CELL_CHARS + 1);

/// The byte length of `text`'s longest prefix within [`KEPT_BYTES`] that ends between characters.
fn kept_len(text: &str) -> usize {
    let mut end = KEPT_BYTES.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// A text cell's value as the readers keep it: cut to [`KEPT_BYTES`], which still holds more
/// than [`MAX_CELL_CHARS`] characters when the text is longer than a cell may be.
pub(crate) fn capped(text: &str) -> String {
    text.get(..kept_len(text)).unwrap_or_default().to_string()
}

/// Cuts a text cell read in place, as [`capped`] does.
pub(crate) fn cap_in_place(text: &mut String) {
    let end = kept_len(text);
    text.truncate(end);
}

/// Whether a text cell is longer than a cell may be.
pub fn too_long(text: &str) -> bool {
    if text.len() <= MAX_CELL_CHARS {
        return false;
    }
    if text.len() > 4 * MAX_CELL_CHARS {
        return true;
    }
    // Counting characters as the bytes that start one.
    text.bytes().filter(|b| (b & 0xC0) != 0x80).count() > MAX_CELL_CHARS
}

/// The most characters of a value that a message echoes.
pub const ECHO_CHARS: usize = 40;

/// `text` cut to its first `max` characters, with `…` when something was cut: values echoed in
/// messages are never longer than that, whatever the cell holds.
pub fn short(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", text.get(..end).unwrap_or_default()),
        None => text.to_string(),
    }
}

/// The spreadsheet column letters of a 0-based column index: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_letters(col: usize) -> String {
    let mut out = String::with_capacity(3);
    push_column_letters(&mut out, col);
    out
}

fn push_column_letters(out: &mut String, col: usize) {
    // At most 3 letters in Excel (XFD), 14 for any usize.
    let mut letters = [0u8; 16];
    let mut start = letters.len();
    let mut n = col.saturating_add(1);
    while n > 0 {
        start -= 1;
        if let Some(slot) = letters.get_mut(start) {
            *slot = b'A' + ((n - 1) % 26) as u8;
        }
        n = (n - 1) / 26;
    }
    for &b in letters.get(start..).unwrap_or_default() {
        out.push(char::from(b));
    }
}

/// A cell reference such as `C17`: one allocation (a report names a cell for most findings).
pub fn cell_ref(col: usize, row: u32) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(12);
    push_column_letters(&mut out, col);
    let _ = write!(out, "{row}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(column_letters(16383), "XFD");
        assert_eq!(cell_ref(2, 17), "C17");
    }

    #[test]
    fn cell_text_drops_float_zero_fraction() {
        assert_eq!(Cell::Float(187.0).to_text(), "187");
        assert_eq!(Cell::Float(1.5).to_text(), "1.5");
        assert_eq!(Cell::Text(" 新疆\u{3000}".into()).to_text(), "新疆");
        assert!(Cell::Text("\u{3000} ".into()).is_blank());
    }
}
