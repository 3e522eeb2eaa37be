//! Workbooks, through calamine. xlsx and xlsb sheets are streamed cell by cell; calamine has no
//! cell reader for xls and ods, whose sheets it reads whole.

use std::cell::Cell as Flag;
use std::fmt::Display;
use std::ops::ControlFlow;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

use calamine::{
    Data, DataType, Ods, Range, Reader, Sheet, SheetType, SheetVisible, Xls, Xlsb, Xlsx,
    open_workbook,
};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::{Cell, Format, InputError, Row, SheetChoice, SourceInfo, xlsx};

/// Excel's sheet limits. A cell beyond them comes from a damaged or hostile file, and must not
/// turn into a row padded out to wherever it claims to be.
const MAX_ROWS: u32 = 1_048_576;
const MAX_COLUMNS: u32 = 16_384;

use super::Visit;

thread_local! {
    /// Set while calamine works on a file on this thread: a panic then is the file's fault,
    /// caught and reported as one line, and must not also print a backtrace.
    static IN_WORKBOOK_READER: Flag<bool> = const { Flag::new(false) };
}

/// Installs a panic hook that stays silent for panics inside calamine (which [`read_file`]
/// catches and reports as a damaged file) and defers to the hook before it for every other
/// panic. The binary calls it once at start.
pub fn install_panic_hook() {
    let previous = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if !IN_WORKBOOK_READER.with(Flag::get) {
            previous(info);
        }
    }));
}

pub(super) fn read_file(
    path: &Path,
    format: Format,
    sheet: &SheetChoice,
    visit: Visit<'_>,
) -> Result<SourceInfo, InputError> {
    // calamine indexes into its record buffers unchecked in places (xlsb above all), so a damaged
    // file can panic inside it. That has to come out as an error about the file; a panic in
    // `visit` is the caller's own and keeps unwinding.
    let in_visit = Flag::new(false);
    IN_WORKBOOK_READER.with(|f| f.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        read_sheet(path, format, sheet, &mut |row| {
            in_visit.set(true);
            IN_WORKBOOK_READER.with(|f| f.set(false));
            let flow = visit(row);
            IN_WORKBOOK_READER.with(|f| f.set(true));
            in_visit.set(false);
            flow
        })
    }));
    IN_WORKBOOK_READER.with(|f| f.set(false));
    let (name, sheets) = match result {
        Ok(read) => read?,
        Err(payload) if in_visit.get() => panic::resume_unwind(payload),
        Err(_) => {
            return Err(workbook_error(
                path,
                format,
                "the file is damaged (the workbook reader failed on its contents)",
            ));
        }
    };
    Ok(SourceInfo {
        format,
        sheet: Some(name),
        encoding: None,
        sheets,
        hidden_rows: Vec::new(),
    })
}

/// The visible worksheets, in workbook order: the tabs a user sees (chart sheets hold no cells).
fn visible_worksheets(sheets: &[Sheet]) -> Vec<String> {
    sheets
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect()
}

/// The worksheets of a workbook, in order, each with whether it is visible.
pub(super) fn worksheets(path: &Path, format: Format) -> Result<Vec<(String, bool)>, InputError> {
    let err = |e: &dyn Display| workbook_error(path, format, e);
    let list = |sheets: &[Sheet]| -> Vec<(String, bool)> {
        sheets
            .iter()
            .filter(|s| s.typ == SheetType::WorkSheet)
            .map(|s| (s.name.clone(), s.visible == SheetVisible::Visible))
            .collect()
    };
    IN_WORKBOOK_READER.with(|f| f.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(|| match format {
        Format::Xlsx => open_workbook::<Xlsx<_>, _>(path)
            .map(|b| list(b.sheets_metadata()))
            .map_err(|e| err(&e)),
        Format::Xlsb => open_workbook::<Xlsb<_>, _>(path)
            .map(|b| list(b.sheets_metadata()))
            .map_err(|e| err(&e)),
        Format::Xls => open_workbook::<Xls<_>, _>(path)
            .map(|b| list(b.sheets_metadata()))
            .map_err(|e| err(&e)),
        Format::Ods => open_workbook::<Ods<_>, _>(path)
            .map(|b| list(b.sheets_metadata()))
            .map_err(|e| err(&e)),
        Format::Csv | Format::Tsv => Ok(Vec::new()),
    }));
    IN_WORKBOOK_READER.with(|f| f.set(false));
    result.unwrap_or_else(|_| {
        Err(err(
            &"the file is damaged (the workbook reader failed on its contents)",
        ))
    })
}

/// Reads the chosen sheet and returns its name, and the workbook's visible worksheets.
pub(super) fn read_sheet(
    path: &Path,
    format: Format,
    choice: &SheetChoice,
    visit: Visit<'_>,
) -> Result<(String, Vec<String>), InputError> {
    let err = |e: &dyn Display| workbook_error(path, format, e);
    match format {
        Format::Xlsx => {
            // xibu's own reader, unless the workbook is laid out in a way it does not know.
            if let Some((book, mut archive)) = xlsx::Book::open(path) {
                let name = choose_sheet(path, book.sheets(), choice)?;
                let sheets = visible_worksheets(book.sheets());
                let index = book
                    .sheets()
                    .iter()
                    .position(|s| s.name == name)
                    .unwrap_or_default();
                let mut cells = book.cells(&mut archive, index).map_err(|e| err(&e))?;
                stream_rows(path, format, |pool| cells.next_cell(pool), visit)?;
                return Ok((name, sheets));
            }
            read_xlsx_with_calamine(path, choice, visit)
        }
        Format::Xlsb => {
            let mut book: Xlsb<_> = open_workbook(path).map_err(|e| err(&e))?;
            let name = choose_sheet(path, book.sheets_metadata(), choice)?;
            let sheets = visible_worksheets(book.sheets_metadata());
            let mut cells = book.worksheet_cells_reader(&name).map_err(|e| err(&e))?;
            stream_rows(
                path,
                format,
                |pool| cells.next_cell().map(|c| pooled(c, pool)),
                visit,
            )?;
            Ok((name, sheets))
        }
        Format::Xls => {
            let mut book: Xls<_> = open_workbook(path).map_err(|e| err(&e))?;
            let name = choose_sheet(path, book.sheets_metadata(), choice)?;
            let sheets = visible_worksheets(book.sheets_metadata());
            let range = book.worksheet_range(&name).map_err(|e| err(&e))?;
            range_rows(path, format, &range, visit)?;
            Ok((name, sheets))
        }
        Format::Ods => {
            let mut book: Ods<_> = open_workbook(path).map_err(|e| err(&e))?;
            let name = choose_sheet(path, book.sheets_metadata(), choice)?;
            let sheets = visible_worksheets(book.sheets_metadata());
            let range = book.worksheet_range(&name).map_err(|e| err(&e))?;
            range_rows(path, format, &range, visit)?;
            Ok((name, sheets))
        }
        Format::Csv | Format::Tsv => Err(err(&"a CSV/TSV file is not a workbook")),
    }
}

/// Reads an xlsx sheet through calamine's cell reader: the workbooks xibu's own reader
/// ([`xlsx`]) leaves to it, and the reference its tests compare it with.
pub(super) fn read_xlsx_with_calamine(
    path: &Path,
    choice: &SheetChoice,
    visit: Visit<'_>,
) -> Result<(String, Vec<String>), InputError> {
    let format = Format::Xlsx;
    let err = |e: &dyn Display| workbook_error(path, format, e);
    let mut book: Xlsx<_> = open_workbook(path).map_err(|e| err(&e))?;
    let name = choose_sheet(path, book.sheets_metadata(), choice)?;
    let sheets = visible_worksheets(book.sheets_metadata());
    let mut cells = book.worksheet_cells_reader(&name).map_err(|e| err(&e))?;
    stream_rows(
        path,
        format,
        |pool| cells.next_cell().map(|c| pooled(c, pool)),
        visit,
    )?;
    Ok((name, sheets))
}

fn workbook_error(path: &Path, format: Format, message: impl Display) -> InputError {
    InputError::Workbook {
        path: path.to_path_buf(),
        format,
        message: message.to_string(),
    }
}

/// Picks the sheet to read. By name, an exact match wins; failing that, one that differs only in
/// case or surrounding white space (several such is no match: which was meant is a guess); failing
/// that, a number counts sheets from 1 in workbook order.
fn choose_sheet(path: &Path, sheets: &[Sheet], choice: &SheetChoice) -> Result<String, InputError> {
    let first = sheets.first().ok_or_else(|| InputError::NoSheets {
        path: path.to_path_buf(),
    })?;
    let wanted = match choice {
        SheetChoice::First => {
            // The first tab the user sees: hidden sheets in roster templates hold the lists behind
            // drop-downs, and a chart sheet has no cells.
            let worksheet = |s: &&Sheet| s.typ == SheetType::WorkSheet;
            let chosen = sheets
                .iter()
                .filter(worksheet)
                .find(|s| s.visible == SheetVisible::Visible)
                .or_else(|| sheets.iter().find(worksheet))
                .unwrap_or(first);
            return Ok(chosen.name.clone());
        }
        SheetChoice::Named(wanted) => wanted,
    };
    if let Some(sheet) = sheets.iter().find(|s| s.name == *wanted) {
        return Ok(sheet.name.clone());
    }
    let folded = wanted.trim().to_lowercase();
    let mut loose = sheets
        .iter()
        .filter(|s| s.name.trim().to_lowercase() == folded);
    if let (Some(sheet), None) = (loose.next(), loose.next()) {
        return Ok(sheet.name.clone());
    }
    if let Some(sheet) = wanted
        .trim()
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| sheets.get(i))
    {
        return Ok(sheet.name.clone());
    }
    Err(InputError::SheetNotFound {
        path: path.to_path_buf(),
        wanted: wanted.clone(),
        available: sheets.iter().map(|s| s.name.clone()).collect(),
    })
}

fn check_position(path: &Path, format: Format, row: u32, col: u32) -> Result<(), InputError> {
    if row >= MAX_ROWS || col >= MAX_COLUMNS {
        return Err(workbook_error(
            path,
            format,
            format_args!(
                "a cell lies at row {}, column {}, outside the largest sheet Excel allows \
                 ({MAX_ROWS} rows by {MAX_COLUMNS} columns); the file is damaged",
                u64::from(row) + 1,
                u64::from(col) + 1
            ),
        ));
    }
    Ok(())
}

fn row_too_big(path: &Path, format: Format, row: u32) -> InputError {
    workbook_error(
        path,
        format,
        format_args!(
            "row {} holds more than {} MiB of text; no roster row comes near that",
            u64::from(row) + 1,
            super::MAX_ROW_TEXT_BYTES >> 20
        ),
    )
}

/// Groups streamed cells into rows. Cells come in row-major order; should a row come back after a
/// later one, it is handed on again as a row of its own rather than merged or dropped.
///
/// One row is filled over and over: its text cells' strings go back to `pool` when the next row
/// starts, and `next` writes each text cell into a string from it, so that reading a sheet
/// allocates per distinct row width, not per cell (calamine lends shared strings, the usual text
/// of a workbook, without a copy of its own).
fn stream_rows<E: Display>(
    path: &Path,
    format: Format,
    mut next: impl FnMut(&mut Vec<String>) -> Result<Option<((u32, u32), Cell)>, E>,
    visit: Visit<'_>,
) -> Result<(), InputError> {
    let mut current: Option<u32> = None;
    let mut row = Row::default();
    let mut pool: Vec<String> = Vec::new();
    let mut count: u64 = 0;
    let mut row_bytes = 0usize;
    while let Some(((at, col), value)) =
        next(&mut pool).map_err(|e| workbook_error(path, format, e))?
    {
        check_position(path, format, at, col)?;
        count += 1;
        if count > super::MAX_CELLS {
            return Err(workbook_error(
                path,
                format,
                format!(
                    "the sheet has more than {} cells, more than any roster; xibu stops here",
                    super::MAX_CELLS
                ),
            ));
        }
        if current != Some(at) {
            row_bytes = 0;
            let flow = match current {
                Some(done) => emit(done, streamed(&mut row), visit),
                None => ControlFlow::Continue(()),
            };
            if flow.is_break() {
                return Ok(());
            }
            recycle(&mut row.cells, &mut pool);
            current = Some(at);
        }
        // An empty cell (one that only carries a style) adds nothing, and padding up to it
        // would only make the row longer.
        if value == Cell::Empty {
            continue;
        }
        if let Cell::Text(t) = &value {
            row_bytes += t.len();
            if row_bytes > super::MAX_ROW_TEXT_BYTES {
                return Err(row_too_big(path, format, at));
            }
        }
        let col = col as usize;
        if row.cells.len() <= col {
            row.cells.resize(col + 1, Cell::Empty);
        }
        if let Some(slot) = row.cells.get_mut(col) {
            // A cell written twice (a damaged file) gives its string back too.
            if let Cell::Text(old) | Cell::Error(old) = std::mem::replace(slot, value) {
                pool.push(old);
            }
        }
    }
    if let Some(done) = current {
        let _ = emit(done, streamed(&mut row), visit);
    }
    Ok(())
}

/// Empties a row's cells, keeping their strings in `pool` for the next row, and the cells
/// themselves (as `Empty`), so that the next row of the same width does not grow the vector cell
/// by cell.
fn recycle(cells: &mut [Cell], pool: &mut Vec<String>) {
    for cell in cells {
        if let Cell::Text(mut s) | Cell::Error(mut s) = std::mem::take(cell) {
            s.clear();
            pool.push(s);
        }
    }
}

/// A streamed row without the trailing cells the row before it left empty: they are no cells of
/// this one.
fn streamed(row: &mut Row) -> &mut Row {
    while row.cells.last() == Some(&Cell::Empty) {
        row.cells.pop();
    }
    row
}

/// Hands on `row` as the row with 0-based index `index`, unless it is blank.
fn emit(index: u32, row: &mut Row, visit: Visit<'_>) -> ControlFlow<()> {
    if row.cells.iter().all(Cell::is_blank) {
        return ControlFlow::Continue(());
    }
    row.number = index.saturating_add(1);
    visit(row)
}

fn range_rows(
    path: &Path,
    format: Format,
    range: &Range<Data>,
    visit: Visit<'_>,
) -> Result<(), InputError> {
    let Some((first_row, first_col)) = range.start() else {
        return Ok(());
    };
    for (i, values) in range.rows().enumerate() {
        let row = u32::try_from(i)
            .ok()
            .and_then(|i| first_row.checked_add(i))
            .unwrap_or(u32::MAX);
        check_position(path, format, row, first_col)?;
        let values: Vec<Cell> = values.iter().map(convert).collect();
        if super::text_bytes(&values) > super::MAX_ROW_TEXT_BYTES {
            return Err(row_too_big(path, format, row));
        }
        if values.iter().all(Cell::is_blank) {
            continue;
        }
        let mut cells = Vec::with_capacity(first_col as usize + values.len());
        cells.resize(first_col as usize, Cell::Empty);
        cells.extend(values);
        if emit(row, &mut Row { number: 0, cells }, visit).is_break() {
            break;
        }
    }
    Ok(())
}

/// [`convert`], writing text into a string from `pool` instead of a new one.
/// A cell of calamine's cell readers (xlsb, and xlsx left to calamine) as [`stream_rows`] takes it.
fn pooled<T: DataType + calamine::CellType>(
    cell: Option<calamine::Cell<T>>,
    pool: &mut Vec<String>,
) -> Option<((u32, u32), Cell)> {
    cell.map(|c| (c.get_position(), convert_pooled(c.get_value(), pool)))
}

fn convert_pooled<T: DataType>(value: &T, pool: &mut Vec<String>) -> Cell {
    match value.get_string() {
        // A string is nothing else (calamine's values are one kind each).
        Some(s) if !s.is_empty() => {
            let mut text = pool.pop().unwrap_or_default();
            text.push_str(s);
            super::cap_in_place(&mut text);
            Cell::Text(text)
        }
        _ => convert(value),
    }
}

fn convert<T: DataType>(value: &T) -> Cell {
    if let Some(i) = value.get_int() {
        Cell::Int(i)
    } else if let Some(f) = value.get_float() {
        Cell::Float(f)
    } else if let Some(s) = value.get_string() {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(super::capped(s))
        }
    } else if let Some(b) = value.get_bool() {
        Cell::Bool(b)
    } else if let Some(d) = value.get_datetime() {
        d.as_datetime()
            .map_or_else(|| Cell::Error("invalid date".to_string()), Cell::DateTime)
    } else if let Some(s) = value.get_datetime_iso() {
        parse_iso(s).map_or_else(|| Cell::Text(super::capped(s)), Cell::DateTime)
    } else if let Some(s) = value.get_duration_iso() {
        Cell::Text(super::capped(s))
    } else if let Some(e) = value.get_error() {
        Cell::Error(e.to_string())
    } else {
        Cell::Empty
    }
}

/// An ISO 8601 date or date-time as ods stores them; a bare time is no date and stays text.
pub(super) fn parse_iso(s: &str) -> Option<NaiveDateTime> {
    s.parse::<NaiveDateTime>().ok().or_else(|| {
        s.parse::<NaiveDate>()
            .ok()
            .map(|d| d.and_time(NaiveTime::MIN))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter as xw;
    use std::path::PathBuf;
    use std::time::{Duration, Instant};

    fn read(path: &Path, choice: &SheetChoice) -> Result<(Vec<Row>, SourceInfo), InputError> {
        let mut rows = Vec::new();
        let info = read_file(path, Format::Xlsx, choice, &mut |row| {
            rows.push(row.clone());
            ControlFlow::Continue(())
        })?;
        Ok((rows, info))
    }

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    /// A roster workbook: a title row, a blank row, the header at row 3, then data.
    fn roster(dir: &Path) -> PathBuf {
        let mut book = xw::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("名单").unwrap();
        sheet.write_string(0, 0, "2024年西部计划名单").unwrap();
        sheet.write_string(2, 0, "姓名").unwrap();
        sheet.write_string(2, 1, "人数").unwrap();
        sheet.write_string(2, 2, "出生日期").unwrap();
        sheet.write_string(2, 3, "核对").unwrap();
        sheet.write_string(3, 0, "张三").unwrap();
        sheet.write_number(3, 1, 187.0).unwrap();
        let date = xw::ExcelDateTime::from_ymd(2001, 9, 30).unwrap();
        let date_format = xw::Format::new().set_num_format("yyyy-mm-dd");
        sheet
            .write_datetime_with_format(3, 2, &date, &date_format)
            .unwrap();
        sheet
            .write_formula(3, 3, xw::Formula::new("=1/0").set_result("#DIV/0!"))
            .unwrap();
        // A row holding only white space and a styled empty cell: blank.
        sheet.write_string(4, 0, " \u{3000}").unwrap();
        sheet.write_blank(4, 1, &date_format).unwrap();
        sheet.write_string(5, 1, "李四").unwrap();
        sheet.write_boolean(5, 3, true).unwrap();
        book.add_worksheet().set_name("Summary").unwrap();
        book.add_worksheet().set_name("3").unwrap();
        let path = dir.join("roster.xlsx");
        book.save(&path).unwrap();
        path
    }

    #[test]
    fn reads_a_roster_sheet() {
        let dir = tempfile::tempdir().unwrap();
        let (rows, info) = read(&roster(dir.path()), &SheetChoice::First).unwrap();
        assert_eq!(info.format, Format::Xlsx);
        assert_eq!(info.sheet.as_deref(), Some("名单"));
        assert_eq!(info.encoding, None);
        let numbers: Vec<u32> = rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![1, 3, 4, 6]);
        assert_eq!(rows[0].cells, vec![text("2024年西部计划名单")]);
        assert_eq!(
            rows[1].cells,
            vec![text("姓名"), text("人数"), text("出生日期"), text("核对")]
        );
        let date = NaiveDate::from_ymd_opt(2001, 9, 30)
            .unwrap()
            .and_time(NaiveTime::MIN);
        assert_eq!(
            rows[2].cells,
            vec![
                text("张三"),
                Cell::Float(187.0),
                Cell::DateTime(date),
                Cell::Error("#DIV/0!".to_string()),
            ]
        );
        assert_eq!(rows[2].get(2).to_text(), "2001-09-30");
        assert_eq!(
            rows[3].cells,
            vec![Cell::Empty, text("李四"), Cell::Empty, Cell::Bool(true)]
        );
    }

    #[test]
    fn chooses_sheets_by_name_number_and_case() {
        let dir = tempfile::tempdir().unwrap();
        let path = roster(dir.path());
        let sheet = |s: &str| {
            read(&path, &SheetChoice::Named(s.to_string()))
                .map(|(_, info)| info.sheet.unwrap_or_default())
        };
        assert_eq!(sheet("名单").unwrap(), "名单");
        assert_eq!(sheet(" summary ").unwrap(), "Summary");
        assert_eq!(sheet("2").unwrap(), "Summary");
        assert_eq!(sheet("1").unwrap(), "名单");
        // A sheet named "3" is that sheet, not the third.
        assert_eq!(sheet("3").unwrap(), "3");
        match sheet("4") {
            Err(InputError::SheetNotFound {
                wanted, available, ..
            }) => {
                assert_eq!(wanted, "4");
                assert_eq!(available, vec!["名单", "Summary", "3"]);
            }
            other => panic!("expected SheetNotFound, got {other:?}"),
        }
        let err = sheet("名册").unwrap_err().to_string();
        assert!(err.contains("名单, Summary, 3"), "{err}");
        // An empty sheet has no rows.
        let (rows, _) = read(&path, &SheetChoice::Named("Summary".into())).unwrap();
        assert!(rows.is_empty());
    }

    #[test]
    fn first_skips_a_hidden_sheet() {
        let dir = tempfile::tempdir().unwrap();
        let mut book = xw::Workbook::new();
        book.add_worksheet()
            .set_name("lists")
            .unwrap()
            .set_hidden(true)
            .write_string(0, 0, "list")
            .unwrap();
        let shown = book.add_worksheet().set_name("roster").unwrap();
        shown.write_string(0, 0, "data").unwrap();
        shown.set_active(true);
        let path = dir.path().join("hidden.xlsx");
        book.save(&path).unwrap();
        let (rows, info) = read(&path, &SheetChoice::First).unwrap();
        assert_eq!(info.sheet.as_deref(), Some("roster"));
        assert_eq!(rows[0].cells, vec![text("data")]);
        let (_, info) = read(&path, &SheetChoice::Named("1".into())).unwrap();
        assert_eq!(info.sheet.as_deref(), Some("lists"));
    }

    #[test]
    fn a_sparse_sheet_reads_quickly() {
        let dir = tempfile::tempdir().unwrap();
        let mut book = xw::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "A1").unwrap();
        sheet.write_string(1_048_575, 16_383, "XFD1048576").unwrap();
        let path = dir.path().join("sparse.xlsx");
        book.save(&path).unwrap();

        let started = Instant::now();
        let (rows, _) = read(&path, &SheetChoice::First).unwrap();
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].number, 1);
        assert_eq!(rows[1].number, 1_048_576);
        assert_eq!(rows[1].cells.len(), 16_384);
        assert_eq!(rows[1].get(16_383), &text("XFD1048576"));
    }

    #[test]
    fn break_stops_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = roster(dir.path());
        let mut seen = Vec::new();
        read_file(&path, Format::Xlsx, &SheetChoice::First, &mut |row| {
            seen.push(row.number);
            ControlFlow::Break(())
        })
        .unwrap();
        assert_eq!(seen, vec![1]);
    }

    #[test]
    #[should_panic(expected = "the visitor's own")]
    fn a_panic_in_the_visitor_is_not_taken_for_a_damaged_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = roster(dir.path());
        let _ = read_file(&path, Format::Xlsx, &SheetChoice::First, &mut |_| {
            panic!("the visitor's own")
        });
    }

    #[test]
    fn a_truncated_workbook_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let bytes = std::fs::read(roster(dir.path())).unwrap();
        for cut in [bytes.len() / 2, bytes.len() - 10, 30] {
            let path = dir.path().join(format!("cut{cut}.xlsx"));
            std::fs::write(&path, &bytes[..cut]).unwrap();
            match read(&path, &SheetChoice::First) {
                Err(InputError::Workbook {
                    format, message, ..
                }) => {
                    assert_eq!(format, Format::Xlsx);
                    assert!(!message.is_empty());
                }
                other => panic!("expected a workbook error, got {other:?}"),
            }
        }
    }

    #[test]
    fn a_reused_row_carries_nothing_over() {
        // Each row is filled into the row before it, whose text goes back to the pool; the
        // visitor here also swaps in rows of its own, as the check pipeline does.
        let path = Path::new("t.xlsx");
        let mut cells = vec![
            ((0, 0), text("甲")),
            ((0, 1), text("乙")),
            ((0, 3), text("丁")),
            ((1, 1), text("b")),
            ((2, 0), Cell::Float(1.5)),
            ((2, 2), text("c")),
            ((3, 0), text("a")),
        ]
        .into_iter();
        let mut rows = Vec::new();
        let mut spare = Row {
            number: 99,
            cells: vec![
                text("old"),
                text("old"),
                text("old"),
                text("old"),
                text("old"),
            ],
        };
        stream_rows::<String>(
            path,
            Format::Xlsx,
            |pool| {
                Ok(cells.next().map(|(at, cell)| match cell {
                    Cell::Text(t) => (at, convert_pooled(&Data::String(t), pool)),
                    other => (at, other),
                }))
            },
            &mut |row| {
                rows.push(row.clone());
                std::mem::swap(row, &mut spare);
                ControlFlow::Continue(())
            },
        )
        .unwrap();
        let want = [
            (1, vec![text("甲"), text("乙"), Cell::Empty, text("丁")]),
            (2, vec![Cell::Empty, text("b")]),
            (3, vec![Cell::Float(1.5), Cell::Empty, text("c")]),
            (4, vec![text("a")]),
        ];
        let want: Vec<Row> = want
            .into_iter()
            .map(|(number, cells)| Row { number, cells })
            .collect();
        assert_eq!(rows, want);
    }

    #[test]
    fn streamed_cells_out_of_order_and_out_of_bounds() {
        let path = Path::new("t.xlsx");
        let mut cells = vec![
            ((0, 1), text("b")),
            ((0, 0), text("a")),
            ((2, 0), Cell::Empty),
            ((2, 0), text(" ")),
            ((1, 2), Cell::Int(7)),
        ]
        .into_iter();
        let mut rows = Vec::new();
        stream_rows::<String>(path, Format::Xlsx, |_| Ok(cells.next()), &mut |row| {
            rows.push(row.clone());
            ControlFlow::Continue(())
        })
        .unwrap();
        assert_eq!(
            rows,
            vec![
                Row {
                    number: 1,
                    cells: vec![text("a"), text("b")]
                },
                Row {
                    number: 2,
                    cells: vec![Cell::Empty, Cell::Empty, Cell::Int(7)]
                },
            ]
        );

        for bad in [(0, MAX_COLUMNS), (MAX_ROWS, 0), (u32::MAX, u32::MAX)] {
            let mut cells = vec![(bad, text("x"))].into_iter();
            let result =
                stream_rows::<String>(path, Format::Xlsx, |_| Ok(cells.next()), &mut |_| {
                    ControlFlow::Continue(())
                });
            assert!(matches!(result, Err(InputError::Workbook { .. })));
        }
    }

    #[test]
    fn converts_calamine_values() {
        assert_eq!(convert(&Data::Int(3)), Cell::Int(3));
        assert_eq!(convert(&Data::String(String::new())), Cell::Empty);
        assert_eq!(convert(&Data::Empty), Cell::Empty);
        assert_eq!(
            convert(&Data::Error(calamine::CellErrorType::NA)),
            Cell::Error("#N/A".to_string())
        );
        assert_eq!(
            convert(&Data::DateTimeIso("2024-05-06".to_string())),
            Cell::DateTime(
                NaiveDate::from_ymd_opt(2024, 5, 6)
                    .unwrap()
                    .and_time(NaiveTime::MIN)
            )
        );
        assert_eq!(
            convert(&Data::DateTimeIso("2024-05-06T07:08:09".to_string())).to_text(),
            "2024-05-06 07:08:09"
        );
        assert_eq!(
            convert(&Data::DateTimeIso("07:08:09".to_string())),
            text("07:08:09")
        );
        assert_eq!(
            convert(&Data::DurationIso("PT1H".to_string())),
            text("PT1H")
        );
    }

    #[test]
    fn reads_ranges_with_their_offset() {
        let mut range = Range::new((4, 2), (6, 3));
        range.set_value((4, 3), Data::Float(1.5));
        range.set_value((6, 2), Data::String("x".to_string()));
        let mut rows = Vec::new();
        range_rows(Path::new("t.ods"), Format::Ods, &range, &mut |row| {
            rows.push(row.clone());
            ControlFlow::Continue(())
        })
        .unwrap();
        assert_eq!(
            rows,
            vec![
                Row {
                    number: 5,
                    cells: vec![Cell::Empty, Cell::Empty, Cell::Empty, Cell::Float(1.5)]
                },
                Row {
                    number: 7,
                    cells: vec![Cell::Empty, Cell::Empty, text("x"), Cell::Empty]
                },
            ]
        );
    }
}
