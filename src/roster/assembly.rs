//! Rows in, records out: the reader holds the top rows until the header is settled, then turns
//! each row below it into a record for the visitor, keeping the cells that do not parse.

use std::ops::ControlFlow;
use std::path::Path;

use super::fill::Typer;
use super::header::{HEADER_MAX_ROWS, Layout, Total, find_layout, serial_only, total_row};
use super::{CellError, MappedColumn, Notice, ReadOptions, Record, RosterError, RosterInfo};
use crate::input::{self, Row, RowRef, SourceInfo};
use crate::messages::{Msg, Text};
use crate::sheet::{HEADER_SEARCH_ROWS, row_word};

/// What receives a roster as it is read.
pub trait Visitor {
    /// Called once, when the header row is settled, before the first record.
    fn columns(&mut self, _columns: &[MappedColumn]) {}
    /// Each record, in order; `Break` stops the reading. The record is lent, mutably so that a
    /// visitor can renumber it (the check pipeline gives it its roster-wide id): the reader types
    /// the next row into the same one.
    fn record(&mut self, record: &mut Record) -> ControlFlow<()>;
}

impl<F: FnMut(&Record) -> ControlFlow<()>> Visitor for F {
    fn record(&mut self, record: &mut Record) -> ControlFlow<()> {
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
    let source = input::read_rows(path, &options.sheet, &mut |row| {
        assembler.push(row.as_ref())
    })?;
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
                typer: None,
                record: Record::default(),
                failure: None,
                cell_errors: Vec::new(),
                notices: Vec::new(),
                records: 0,
                footer: None,
                subtotals: Vec::new(),
                serial_only: Vec::new(),
            },
        }
    }

    /// The next non-blank row of the sheet; `Break` when reading should stop.
    pub fn push(&mut self, row: RowRef) -> ControlFlow<()> {
        self.reader.push(row, None)
    }

    /// [`push`](Self::push) for a row already typed, on another thread, by a clone of
    /// [`typer`](Self::typer): `record` and `errors` are what typing `row` gave.
    pub fn push_typed(
        &mut self,
        row: RowRef,
        record: &mut Record,
        errors: &[CellError],
    ) -> ControlFlow<()> {
        self.reader.push(row, Some((record, errors)))
    }

    /// What types this roster's data rows, once its header is settled.
    pub fn typer(&self) -> Option<Typer> {
        self.reader.typer.clone()
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
        if !reader.subtotals.is_empty() {
            notices.push(Notice {
                row: None,
                text: Text::new(Msg::NoticeSubtotals)
                    .arg("label", "小计")
                    .arg("rows", row_list(&reader.subtotals)),
            });
        }
        let data_end = reader.footer.as_ref().map_or(u32::MAX, |f| f.start);
        let hidden: Vec<u32> = source
            .hidden_rows
            .iter()
            .copied()
            .filter(|r| {
                *r > layout.header_row
                    && *r < data_end
                    && reader.subtotals.binary_search(r).is_err()
                    && reader.serial_only.binary_search(r).is_err()
            })
            .collect();
        if !hidden.is_empty() {
            notices.push(Notice {
                row: None,
                text: Text::new(Msg::NoticeHiddenRows)
                    .arg("rows", row_list(&hidden))
                    .arg("count", hidden.len() as u64),
            });
        }
        if let Some(footer) = &reader.footer {
            let volunteers = if footer.volunteers > 0 {
                Text::new(Msg::NoticeFooterVolunteers)
                    .arg("count", footer.volunteers)
                    .arg("label", footer.label.as_str())
                    .into()
            } else {
                crate::messages::Arg::Str(String::new())
            };
            notices.push(Notice {
                row: Some(footer.start),
                text: Text::new(Msg::NoticeFooter)
                    .arg("label", footer.label.as_str())
                    .arg("count", footer.rows)
                    .arg("last", footer.last)
                    .arg("volunteers", volunteers),
            });
        }
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
        let mut push = |r: &Record| {
            records.push(r.clone());
            ControlFlow::Continue(())
        };
        let info = read(path, options, &mut push)?;
        Ok(Roster { info, records })
    }
}

struct Reader<'a> {
    file: &'a str,
    options: &'a ReadOptions,
    visit: &'a mut dyn Visitor,
    /// The top rows, held until the header row is settled.
    top: Vec<Row>,
    layout: Option<Layout>,
    /// Types the data rows, once the layout is settled.
    typer: Option<Typer>,
    /// The record each data row is typed into, in turn.
    record: Record,
    failure: Option<RosterError>,
    cell_errors: Vec<CellError>,
    notices: Vec<Notice>,
    records: u64,
    /// The 合计/总计 row that ended the data, and what came after it.
    footer: Option<Footer>,
    /// 小计 rows skipped among the data.
    subtotals: Vec<u32>,
    /// Rows holding only a 序号, skipped as blank.
    serial_only: Vec<u32>,
}

/// The rows from a 合计/总计 row to the end of the sheet: none of them is a volunteer.
struct Footer {
    label: String,
    /// The 合计 row.
    start: u32,
    /// The last non-blank row.
    last: u32,
    /// Non-blank rows, the 合计 row included.
    rows: u64,
    /// Rows after it that fill every required column, as a volunteer's row does.
    volunteers: u64,
}

/// Row numbers as a message lists them: the first ten, then `…`.
fn row_list(rows: &[u32]) -> String {
    const SHOWN: usize = 10;
    let mut list: Vec<String> = rows.iter().take(SHOWN).map(u32::to_string).collect();
    if rows.len() > SHOWN {
        list.push("…".to_string());
    }
    list.join(", ")
}

impl Reader<'_> {
    fn push(&mut self, row: RowRef, typed: Option<(&mut Record, &[CellError])>) -> ControlFlow<()> {
        if self.layout.is_some() {
            return self.record(row, typed);
        }
        self.top.push(row.to_row());
        // The rows searched, and the rows a header found on the last of them may span below it.
        if self.top.len() < HEADER_SEARCH_ROWS + HEADER_MAX_ROWS - 1 {
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
                self.typer = Some(Typer::new(&layout.columns));
                self.layout = Some(layout);
                for row in top.iter().skip(header_index + 1) {
                    self.record(row.as_ref(), None)?;
                }
                ControlFlow::Continue(())
            }
            Err(e) => {
                self.failure = Some(e);
                ControlFlow::Break(())
            }
        }
    }

    fn record(
        &mut self,
        row: RowRef,
        typed: Option<(&mut Record, &[CellError])>,
    ) -> ControlFlow<()> {
        let (Some(layout), Some(typer)) = (&self.layout, &mut self.typer) else {
            return ControlFlow::Continue(());
        };
        if let Some(footer) = &mut self.footer {
            footer.last = row.number();
            footer.rows += 1;
            let volunteer = layout
                .columns
                .iter()
                .filter(|s| s.mapped.column.required())
                .all(|s| !row.get(s.mapped.index).is_blank());
            footer.volunteers += u64::from(volunteer);
            return ControlFlow::Continue(());
        }
        if serial_only(row, layout) {
            self.serial_only.push(row.number());
            return ControlFlow::Continue(());
        }
        match total_row(row, layout) {
            Some((Total::End, label)) => {
                self.footer = Some(Footer {
                    label,
                    start: row.number(),
                    last: row.number(),
                    rows: 1,
                    volunteers: 0,
                });
                return ControlFlow::Continue(());
            }
            Some((Total::Sub, _)) => {
                self.subtotals.push(row.number());
                return ControlFlow::Continue(());
            }
            None => {}
        }
        self.records += 1;
        match typed {
            Some((record, errors)) => {
                self.cell_errors.extend_from_slice(errors);
                self.visit.record(record)
            }
            None => {
                typer.type_row(row, &mut self.record, &mut self.cell_errors);
                self.visit.record(&mut self.record)
            }
        }
    }
}
