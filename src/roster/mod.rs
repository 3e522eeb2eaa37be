//! Roster input: rows of cells → typed records, with every cell's position kept.
//!
//! This layer knows headers and how people spell values, and nothing of policy. A value that does
//! not parse becomes a [`CellError`] at its cell (the rules report it as E01) and the field is
//! [`Field::Invalid`]; nothing is guessed and nothing is silently blank.

pub mod amount;
pub mod date;
pub mod schema;
pub mod values;

use std::ops::ControlFlow;
use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::input::{self, Cell, InputError, Row, SheetChoice, SourceInfo, cell_ref};
use crate::province::Province;
use crate::text::squeeze;
use amount::AmountUnit;
use schema::{AliasMap, Column, HeaderUnit, Kind};
use values::{
    Education, Enumerated, PostStatus, Program, ProgramValue, Rating, UnitLevel, UnitNature,
    Verdict, VolunteerType,
};

/// The header row is looked for among this many non-blank rows at the top of the sheet.
pub const HEADER_SEARCH_ROWS: usize = 10;

/// One cell of a record.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Field<T> {
    /// The cell is blank, or the roster has no such column.
    #[default]
    Blank,
    /// The cell holds something that does not parse; a [`CellError`] says what.
    Invalid,
    Value(T),
}

impl<T> Field<T> {
    pub fn value(&self) -> Option<&T> {
        match self {
            Field::Value(v) => Some(v),
            _ => None,
        }
    }

    pub fn is_blank(&self) -> bool {
        matches!(self, Field::Blank)
    }
}

impl<T: Copy> Field<T> {
    pub fn get(&self) -> Option<T> {
        self.value().copied()
    }
}

/// One volunteer's row.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Record {
    /// The row number the user sees (Excel row, or CSV line).
    pub row: u32,
    pub name: Field<String>,
    pub id_number: Field<String>,
    pub volunteer_type: Field<VolunteerType>,
    pub recruit_province: Field<Province>,
    pub service_province: Field<Province>,
    pub service_county: Field<String>,
    pub service_unit: Field<String>,
    pub post_name: Field<String>,
    pub unit_level: Field<UnitLevel>,
    pub unit_nature: Field<UnitNature>,
    pub program: Field<ProgramValue>,
    pub education: Field<Education>,
    pub post_status: Field<PostStatus>,
    pub rating: Field<Rating>,
    pub report_date: Field<NaiveDate>,
    pub service_end_date: Field<NaiveDate>,
    pub accident_cover: Field<Decimal>,
    pub critical_illness_cover: Field<Decimal>,
    pub hospital_cover: Field<Decimal>,
    pub accident_medical_cover: Field<Decimal>,
    pub insurance_start: Field<NaiveDate>,
    pub insurance_end: Field<NaiveDate>,
    pub medical_exam: Field<Verdict>,
    pub lung_test: Field<Verdict>,
}

impl Record {
    /// 在岗: a blank 在岗状态 means 在岗 (SPEC), so only 离岗 and 流失 are off post.
    pub fn on_post(&self) -> bool {
        matches!(
            self.post_status,
            Field::Blank | Field::Value(PostStatus::OnPost)
        )
    }
}

/// A cell whose value does not parse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellError {
    pub row: u32,
    pub column: Column,
    /// The header as the file writes it.
    pub header: String,
    /// `R17`.
    pub cell: String,
    /// The cell's value as text (an ID number here is masked by the reporters).
    pub value: String,
    /// What is wrong and what would be accepted, in English and in Chinese.
    pub problem: String,
    pub problem_zh: String,
}

/// Something the reader did that the user should know of (a 合计 row ignored, a column twice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    pub row: Option<u32>,
    pub message: String,
}

/// A roster column found in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MappedColumn {
    pub column: Column,
    /// 0-based index in the sheet.
    pub index: usize,
    /// The header as the file writes it.
    pub header: String,
}

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
        "{file}{}: {row_word} {row}: the roster lacks the required column(s) {missing}; the headers found are: {}",
        sheet_part(.sheet),
        found.join(" | ")
    )]
    MissingColumns {
        file: String,
        sheet: Option<String>,
        row_word: &'static str,
        row: u32,
        missing: String,
        found: Vec<String>,
    },
}

fn row_word(format: input::Format) -> &'static str {
    match format {
        input::Format::Csv | input::Format::Tsv => "line",
        _ => "row",
    }
}

fn sheet_part(sheet: &Option<String>) -> String {
    sheet
        .as_ref()
        .map(|s| format!(" (sheet {s})"))
        .unwrap_or_default()
}

fn required_list() -> String {
    Column::ALL
        .iter()
        .filter(|c| c.required())
        .map(|c| c.header())
        .collect::<Vec<_>>()
        .join(", ")
}

/// What receives a roster as it is read.
pub trait Visitor {
    /// Called once, when the header row is settled, before the first record.
    fn columns(&mut self, _columns: &[MappedColumn]) {}
    /// Each record, in order; `Break` stops the reading.
    fn record(&mut self, record: Record) -> ControlFlow<()>;
}

impl<F: FnMut(Record) -> ControlFlow<()>> Visitor for F {
    fn record(&mut self, record: Record) -> ControlFlow<()> {
        self(record)
    }
}

/// Reads a roster and hands each record to `visit`, in order, without holding the rows.
pub fn read(
    path: &Path,
    options: &ReadOptions,
    visit: &mut dyn Visitor,
) -> Result<RosterInfo, RosterError> {
    let file = path.display().to_string();
    let mut assembler = Assembler::new(&file, options, visit);
    let source = input::read_rows(path, &options.sheet, &mut |row| assembler.push(row))?;
    assembler.finish(source)
}

/// Turns rows, pushed one at a time, into records: finds the header among the first rows, then
/// parses each row below it. [`read`] drives it from a file; the check pipeline drives it from
/// rows read on another thread.
pub struct Assembler<'a> {
    reader: Reader<'a>,
}

impl<'a> Assembler<'a> {
    /// `file` names the roster in messages.
    pub fn new(file: &'a str, options: &'a ReadOptions, visit: &'a mut dyn Visitor) -> Self {
        Assembler {
            reader: Reader {
                file,
                options,
                visit,
                top: Vec::new(),
                layout: None,
                failure: None,
                cell_errors: Vec::new(),
                notices: Vec::new(),
                records: 0,
            },
        }
    }

    /// The next non-blank row of the sheet; `Break` when reading should stop.
    pub fn push(&mut self, row: &Row) -> ControlFlow<()> {
        self.reader.push(row)
    }

    /// What was read, once the source has no more rows.
    pub fn finish(self, source: SourceInfo) -> Result<RosterInfo, RosterError> {
        let mut reader = self.reader;
        if reader.layout.is_none() && reader.failure.is_none() {
            // A sheet shorter than the header search is settled at its end.
            let _ = reader.settle();
        }
        if let Some(mut e) = reader.failure.take() {
            if let RosterError::NoHeader { sheet, .. } | RosterError::MissingColumns { sheet, .. } =
                &mut e
            {
                sheet.clone_from(&source.sheet);
            }
            return Err(e);
        }
        let file = reader.file.to_string();
        let Some(layout) = reader.layout else {
            return Err(RosterError::NoHeader {
                file,
                sheet: source.sheet,
            });
        };
        if reader.records == 0 {
            return Err(RosterError::NoRecords {
                file,
                sheet: source.sheet,
                row_word: row_word(source.format),
                header_row: layout.header_row,
            });
        }
        let mut notices = layout.notices;
        notices.append(&mut reader.notices);
        Ok(RosterInfo {
            file,
            source,
            header_row: layout.header_row,
            columns: layout.columns.iter().map(|s| s.mapped.clone()).collect(),
            extra_headers: layout.extra_headers,
            cell_errors: reader.cell_errors,
            notices,
            records: reader.records,
        })
    }
}

/// A roster read whole, for tests and small files. `check` streams instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roster {
    pub info: RosterInfo,
    pub records: Vec<Record>,
}

impl Roster {
    pub fn read(path: &Path, options: &ReadOptions) -> Result<Roster, RosterError> {
        let mut records = Vec::new();
        let mut push = |r: Record| {
            records.push(r);
            ControlFlow::Continue(())
        };
        let info = read(path, options, &mut push)?;
        Ok(Roster { info, records })
    }
}

struct Slot {
    mapped: MappedColumn,
    unit: AmountUnit,
    /// The configured value aliases of this column: (alias, canonical).
    extra: Vec<(String, String)>,
}

struct Layout {
    header_row: u32,
    columns: Vec<Slot>,
    extra_headers: Vec<String>,
    notices: Vec<Notice>,
}

struct Reader<'a> {
    file: &'a str,
    options: &'a ReadOptions,
    visit: &'a mut dyn Visitor,
    /// The top rows, held until the header row is settled.
    top: Vec<Row>,
    layout: Option<Layout>,
    failure: Option<RosterError>,
    cell_errors: Vec<CellError>,
    notices: Vec<Notice>,
    records: u64,
}

impl Reader<'_> {
    fn push(&mut self, row: &Row) -> ControlFlow<()> {
        if self.layout.is_some() {
            return self.record(row);
        }
        self.top.push(row.clone());
        if self.top.len() < HEADER_SEARCH_ROWS {
            return ControlFlow::Continue(());
        }
        self.settle()
    }

    /// Chooses the header row among the rows held, then reads the rows below it.
    fn settle(&mut self) -> ControlFlow<()> {
        let top = std::mem::take(&mut self.top);
        match find_layout(self.file, &top, self.options) {
            Ok((layout, header_index)) => {
                let columns: Vec<MappedColumn> =
                    layout.columns.iter().map(|s| s.mapped.clone()).collect();
                self.visit.columns(&columns);
                self.layout = Some(layout);
                for row in top.iter().skip(header_index + 1) {
                    self.record(row)?;
                }
                ControlFlow::Continue(())
            }
            Err(e) => {
                self.failure = Some(e);
                ControlFlow::Break(())
            }
        }
    }

    fn record(&mut self, row: &Row) -> ControlFlow<()> {
        let Some(layout) = &self.layout else {
            return ControlFlow::Continue(());
        };
        if let Some(label) = total_label(row, layout) {
            self.notices.push(Notice {
                row: Some(row.number),
                message: format!("the {label} row is not a volunteer and was ignored"),
            });
            return ControlFlow::Continue(());
        }
        let mut record = Record {
            row: row.number,
            ..Record::default()
        };
        for slot in &layout.columns {
            let cell = row.get(slot.mapped.index);
            let mut fail = |problem: String, problem_zh: String| {
                self.cell_errors.push(CellError {
                    row: row.number,
                    column: slot.mapped.column,
                    header: slot.mapped.header.clone(),
                    cell: cell_ref(slot.mapped.index, row.number),
                    // A short prefix: the only copy of the value a finding keeps.
                    value: match cell {
                        Cell::Text(t) => input::short(t.trim(), input::ECHO_CHARS),
                        other => input::short(&other.to_text(), input::ECHO_CHARS),
                    },
                    problem,
                    problem_zh,
                });
            };
            fill(&mut record, slot, cell, &mut fail);
        }
        self.records += 1;
        self.visit.record(record)
    }
}

/// The row, among the top ones, that names the most roster columns (at least two); an error
/// when it lacks a required column.
fn find_layout(
    file: &str,
    top: &[Row],
    options: &ReadOptions,
) -> Result<(Layout, usize), RosterError> {
    // The aliases are folded once; each header cell is then one lookup.
    let aliases = AliasMap::new(&options.header_aliases);
    let mut best: Option<(usize, usize)> = None;
    for (i, row) in top.iter().enumerate() {
        let found = row
            .cells
            .iter()
            .filter(|c| aliases.column_for(&c.to_text()).is_some())
            .count();
        if found >= 2 && best.is_none_or(|(_, n)| found > n) {
            best = Some((i, found));
        }
    }
    let Some((index, _)) = best else {
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
                message: format!(
                    "column {column} appears twice ({} and {}); the first is read",
                    cell_ref(first.mapped.index, header.number),
                    cell_ref(i, header.number)
                ),
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
        let csv = matches!(
            Path::new(file)
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .as_deref(),
            Some("csv" | "tsv" | "txt")
        );
        return Err(RosterError::MissingColumns {
            file: file.to_string(),
            sheet: None,
            row_word: if csv { "line" } else { "row" },
            row: header.number,
            missing: missing.join(", "),
            // Enough of the header to see what it is, however wide and long it is.
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
fn total_label(row: &Row, layout: &Layout) -> Option<String> {
    let is_total = |c: &Cell| {
        // Only a short text cell can be a total label; most cells are not, and are not folded.
        let Cell::Text(text) = c else {
            return None;
        };
        if text.len() > 24 || !(text.contains('计') || text.to_ascii_lowercase().contains("total"))
        {
            return None;
        }
        let t = squeeze(text);
        matches!(t.as_str(), "合计" | "总计" | "小计" | "total").then_some(t)
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

/// No province, fixed value, date or amount is written with more characters than this.
const LONGEST_VALUE: usize = 64;

/// Parses one cell into its field of the record.
fn fill(record: &mut Record, slot: &Slot, cell: &Cell, fail: &mut dyn FnMut(String, String)) {
    let column = slot.mapped.column;
    if cell.is_blank() {
        // A blank cell in a required column leaves the row out of every count it belongs to,
        // so it is reported rather than passed over.
        if column.required() {
            fail(
                format!("the cell is blank; every volunteer needs a {column}"),
                format!("单元格为空：每名志愿者都必须填写{column}"),
            );
            set_invalid(record, column);
        }
        return;
    }
    if let Cell::Error(e) = cell {
        fail(
            format!("the cell holds the error {e}"),
            format!("单元格是 Excel 错误值 {e}，请改为实际内容"),
        );
        set_invalid(record, column);
        return;
    }
    if let Cell::Text(t) = cell {
        if input::too_long(t) {
            fail(
                format!(
                    "the cell holds more than {} characters, more than Excel allows in a cell",
                    input::MAX_CELL_CHARS
                ),
                format!(
                    "单元格内容超过 {} 个字符（Excel 单元格的上限），请检查是否误粘贴了大段内容",
                    input::MAX_CELL_CHARS
                ),
            );
            set_invalid(record, column);
            return;
        }
        // Valid values of these columns are a few characters; a long one is echoed cut short.
        let short_kind = matches!(
            column.kind(),
            Kind::Province | Kind::Choice | Kind::Date | Kind::Amount
        );
        if short_kind && column != Column::Program && t.chars().nth(LONGEST_VALUE).is_some() {
            let shown = input::short(t.trim(), input::ECHO_CHARS);
            fail(
                format!(
                    "{shown:?} is not a {column} value: it is {} characters long",
                    t.chars().count()
                ),
                format!(
                    "“{shown}”不是有效的{column}：长达 {} 个字符",
                    t.chars().count()
                ),
            );
            set_invalid(record, column);
            return;
        }
    }
    let extra = &slot.extra;
    // The cell's text, trimmed, borrowed when it is a text cell (nearly every cell of a CSV).
    let text = || -> std::borrow::Cow<str> {
        match cell {
            Cell::Text(t) => std::borrow::Cow::Borrowed(t.trim()),
            other => std::borrow::Cow::Owned(other.to_text()),
        }
    };
    match column.kind() {
        Kind::Text => set_text(record, column, text().into_owned()),
        Kind::IdNumber => match cell {
            Cell::Int(_) | Cell::Float(_) => {
                fail(
                    "the ID number is stored as a number, and Excel keeps only 15 digits of a number: format the column as text and type the number again".to_string(),
                    "身份证号被存成了数字，Excel 只保留数字的前 15 位：请把这一列设为文本格式后重新输入".to_string(),
                );
                record.id_number = Field::Invalid;
            }
            _ => record.id_number = Field::Value(text().to_uppercase()),
        },
        Kind::Province => match Province::parse(&text()) {
            Ok(p) => match column {
                Column::RecruitProvince => record.recruit_province = Field::Value(p),
                _ => record.service_province = Field::Value(p),
            },
            Err(e) => {
                let near: Vec<&str> = e.suggestions.iter().map(|p| p.name()).collect();
                let zh = if near.is_empty() {
                    format!(
                        "“{}”不是省份名称；可写简称（新疆）或全称（新疆维吾尔自治区）",
                        e.input
                    )
                } else {
                    format!("“{}”不是省份名称，是否为 {}？", e.input, near.join(" 或 "))
                };
                fail(e.to_string(), zh);
                set_invalid(record, column);
            }
        },
        Kind::Choice => {
            let text = text();
            if !set_choice(record, column, &text, extra) {
                fail(
                    choice_problem(column, &text),
                    format!(
                        "“{text}”不是有效的{column}；可填 {}",
                        column.choices().join(" / ")
                    ),
                );
                set_invalid(record, column);
            }
        }
        Kind::Date => match date::parse_date(cell) {
            Ok(Some(d)) => set_date(record, column, Field::Value(d)),
            Ok(None) => {}
            Err(problem) => {
                fail(
                    problem,
                    "无法识别为日期；请写成 2020-07-20、2020/7/20、2020.7.20、2020年7月20日 或 20200720"
                        .to_string(),
                );
                set_date(record, column, Field::Invalid);
            }
        },
        Kind::Amount => match amount::parse_amount(cell, slot.unit) {
            Ok(Some(a)) => set_amount(record, column, Field::Value(a)),
            Ok(None) => {}
            Err(problem) => {
                let zh = match slot.unit {
                    AmountUnit::TenThousandYuan => {
                        "无法识别为金额（本列单位为万元）；请写成 80、80万 或 800000元"
                    }
                    AmountUnit::Yuan => "无法识别为金额；请写成 800000、800,000、80万 或 80万元",
                };
                fail(problem, zh.to_string());
                set_amount(record, column, Field::Invalid);
            }
        },
    }
}

fn choice_problem(column: Column, text: &str) -> String {
    format!(
        "{text:?} is not a {column} value; write one of {}",
        column.choices().join(" / ")
    )
}

fn set_text(record: &mut Record, column: Column, text: String) {
    let field = Field::Value(text);
    match column {
        Column::Name => record.name = field,
        Column::ServiceCounty => record.service_county = field,
        Column::ServiceUnit => record.service_unit = field,
        Column::PostName => record.post_name = field,
        _ => {}
    }
}

/// Parses an enumerated value into its field; false when the text is none of the values.
fn set_choice(record: &mut Record, column: Column, text: &str, extra: &[(String, String)]) -> bool {
    fn parse<T: Enumerated>(text: &str, extra: &[(String, String)], field: &mut Field<T>) -> bool {
        match T::parse_with(text, extra) {
            Some(v) => {
                *field = Field::Value(v);
                true
            }
            None => false,
        }
    }
    match column {
        Column::VolunteerType => parse(text, extra, &mut record.volunteer_type),
        Column::UnitLevel => parse(text, extra, &mut record.unit_level),
        Column::UnitNature => parse(text, extra, &mut record.unit_nature),
        Column::Education => parse(text, extra, &mut record.education),
        Column::PostStatus => parse(text, extra, &mut record.post_status),
        Column::Rating => parse(text, extra, &mut record.rating),
        Column::MedicalExam => parse(text, extra, &mut record.medical_exam),
        Column::LungTest => parse(text, extra, &mut record.lung_test),
        Column::Program => {
            // A 专项 outside the seven is rule P04's finding, not an unreadable cell.
            record.program = Field::Value(match Program::parse_with(text, extra) {
                Some(p) => ProgramValue::Known(p),
                None => ProgramValue::Other(text.trim().to_string()),
            });
            true
        }
        _ => false,
    }
}

fn set_date(record: &mut Record, column: Column, field: Field<NaiveDate>) {
    match column {
        Column::ReportDate => record.report_date = field,
        Column::ServiceEndDate => record.service_end_date = field,
        Column::InsuranceStart => record.insurance_start = field,
        Column::InsuranceEnd => record.insurance_end = field,
        _ => {}
    }
}

fn set_amount(record: &mut Record, column: Column, field: Field<Decimal>) {
    match column {
        Column::AccidentCover => record.accident_cover = field,
        Column::CriticalIllnessCover => record.critical_illness_cover = field,
        Column::HospitalCover => record.hospital_cover = field,
        Column::AccidentMedicalCover => record.accident_medical_cover = field,
        _ => {}
    }
}

fn set_invalid(record: &mut Record, column: Column) {
    match column {
        Column::Name => record.name = Field::Invalid,
        Column::IdNumber => record.id_number = Field::Invalid,
        Column::VolunteerType => record.volunteer_type = Field::Invalid,
        Column::RecruitProvince => record.recruit_province = Field::Invalid,
        Column::ServiceProvince => record.service_province = Field::Invalid,
        Column::ServiceCounty => record.service_county = Field::Invalid,
        Column::ServiceUnit => record.service_unit = Field::Invalid,
        Column::PostName => record.post_name = Field::Invalid,
        Column::UnitLevel => record.unit_level = Field::Invalid,
        Column::UnitNature => record.unit_nature = Field::Invalid,
        Column::Program => record.program = Field::Invalid,
        Column::Education => record.education = Field::Invalid,
        Column::PostStatus => record.post_status = Field::Invalid,
        Column::Rating => record.rating = Field::Invalid,
        Column::MedicalExam => record.medical_exam = Field::Invalid,
        Column::LungTest => record.lung_test = Field::Invalid,
        Column::ReportDate
        | Column::ServiceEndDate
        | Column::InsuranceStart
        | Column::InsuranceEnd => set_date(record, column, Field::Invalid),
        Column::AccidentCover
        | Column::CriticalIllnessCover
        | Column::HospitalCover
        | Column::AccidentMedicalCover => set_amount(record, column, Field::Invalid),
    }
}
