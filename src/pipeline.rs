//! The check pipeline: one thread reads the file into rows of cells (the parser: XML or CSV,
//! decoding), the other turns them into typed records and runs the rules, in row order, so that a
//! large roster uses both cores. Rows cross in batches, and emptied batches go back to the reader
//! to be refilled in place: a row's cells are swapped into the batch, not copied, and the reader
//! refills the emptied row it gets in exchange, so that the rows' strings (and the records' text)
//! are allocated once, not once per row.
//!
//! Typing rows into records is the larger part of the work after parsing, and it depends on the
//! row and the column mapping alone ([`Typer`]), so it runs on whichever thread has time: once the
//! header is settled, the reading thread types a batch itself whenever the checking thread already
//! has one waiting, and sends the others untyped for the checking thread to type. Where parsing is
//! cheap (CSV) the reader ends up typing about half the rows; where it is the bottleneck (xlsx) it
//! never waits on the checker, so it types none.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, SyncSender, sync_channel};
use std::sync::{Arc, Mutex, OnceLock};

use crate::config::Config;
use crate::error::Error;
use crate::input::{self, Row, RowRef, SheetChoice, SourceInfo, TextRow};
use crate::messages::{Msg, Text};
use crate::plan::Plan;
use crate::roster::{
    Assembler, CellError, MappedColumn, Notice, ReadOptions, Record, RosterError, RosterInfo,
    Source, Sources, Typer, Visitor,
};
use crate::rules::{Engine, Outcome, RuleConfig};

/// Rows per batch sent from the reading thread.
const BATCH: usize = 1024;
/// A batch is also sent once its rows hold this much text, so that rows of long cells cannot
/// make the batches in flight large.
const BATCH_BYTES: usize = 16 << 20;
/// Batches in flight before the reader waits for the rules to catch up: this bounds memory.
const IN_FLIGHT: usize = 8;

struct Batch {
    input: Rows,
    /// Whether the reading thread typed the rows: then `records[i]` is row `i` typed, and its
    /// cells that do not parse are `errors[error_ends[i - 1]..error_ends[i]]`.
    typed: bool,
    records: Vec<Record>,
    errors: Vec<CellError>,
    error_ends: Vec<usize>,
}

/// A batch's rows as read: a workbook's rows of cells, or a CSV source's records as the reader
/// found them — their text one after another, each field a range of it — copied whole instead of
/// a string a cell (and read by the checking thread in the order they were written).
#[derive(Default)]
struct Rows {
    rows: Vec<Row>,
    /// How many of `rows` hold this batch's rows (the rest are spare, kept for their buffers).
    len: usize,
    text: String,
    /// Every record's fields, as ranges of the record's own text (as the reader gives them).
    fields: Vec<(u32, u32)>,
    /// Each record's number, where its fields end in `fields` and where its text ends in `text`.
    lines: Vec<(u32, u32, u32)>,
}

impl Rows {
    fn count(&self) -> usize {
        self.len + self.lines.len()
    }

    /// Row `i`: the rows of cells first (a batch holds one kind or the other).
    fn get(&self, i: usize) -> Option<RowRef<'_>> {
        if i < self.len {
            return self.rows.get(i).map(RowRef::Cells);
        }
        let line = i - self.len;
        let &(number, end, text_end) = self.lines.get(line)?;
        let (start, text_start) = match line.checked_sub(1) {
            Some(before) => self
                .lines
                .get(before)
                .map_or((0, 0), |&(_, end, text_end)| (end, text_end)),
            None => (0, 0),
        };
        Some(RowRef::Text(TextRow {
            number,
            text: self.text.get(text_start as usize..text_end as usize)?,
            fields: self.fields.get(start as usize..end as usize)?,
        }))
    }

    fn clear(&mut self) {
        self.len = 0;
        self.text.clear();
        self.fields.clear();
        self.lines.clear();
    }
}

impl Batch {
    fn new() -> Batch {
        Batch {
            input: Rows {
                rows: Vec::with_capacity(BATCH),
                ..Rows::default()
            },
            typed: false,
            records: Vec::new(),
            errors: Vec::new(),
            error_ends: Vec::new(),
        }
    }

    /// Types row `i`, the last one added, into the records the batch already holds (reusing
    /// their text), while the row is still in the cache.
    fn type_row(&mut self, i: usize, typer: &mut Typer) {
        if self.records.len() <= i {
            self.records.resize_with(i + 1, Record::default);
        }
        if let (Some(row), Some(record)) = (self.input.get(i), self.records.get_mut(i)) {
            typer.type_row(row, record, &mut self.errors);
        }
        self.error_ends.push(self.errors.len());
    }
}

/// What the two threads of one source share besides the channels: how rows are typed, and
/// whether the checking thread has work waiting.
#[derive(Default)]
struct Typing {
    /// Set by the checking thread once the header is settled.
    typer: OnceLock<Typer>,
    /// Batches sent and not yet taken by the checking thread.
    waiting: AtomicUsize,
}

/// Where a source's rows come from.
#[derive(Debug, Clone)]
pub enum Origin {
    /// A file (CSV/TSV, or a sheet of a workbook).
    File(PathBuf),
    /// CSV or TSV text held in memory (standard input); `name` stands for it in messages.
    Text { name: PathBuf, bytes: Arc<[u8]> },
}

/// What to do with a source that has no roster header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoHeader {
    /// It is an error (exit 2): the user named this file or sheet.
    Fail,
    /// It is left out with a notice naming it: a sheet of `--sheet all` (说明, 填表说明), a file
    /// found in a folder.
    Skip,
}

/// One source to read and check with the others.
#[derive(Debug, Clone)]
pub struct Spec {
    pub origin: Origin,
    pub sheet: SheetChoice,
    /// How messages name the source: the file as given, `花名册.xlsx（工作表 和田县）` for one of
    /// several sheets of a workbook.
    pub name: String,
    pub no_header: NoHeader,
}

impl Spec {
    /// A file as the user named it, its first sheet with a roster header.
    pub fn file(path: &Path) -> Spec {
        Spec {
            origin: Origin::File(path.to_path_buf()),
            sheet: SheetChoice::First,
            name: path.display().to_string(),
            no_header: NoHeader::Fail,
        }
    }

    fn path(&self) -> &Path {
        match &self.origin {
            Origin::File(p) => p,
            Origin::Text { name, .. } => name,
        }
    }
}

/// Everything that was read: each source, and the roster as a whole (its columns, its notices,
/// its cells that did not parse, every row counted).
pub struct Read {
    pub sources: Sources,
    /// The roster as a whole: with one source, that source's own information; with several,
    /// the first source's format and header row, every source's columns, notices (each naming
    /// its source) and unparsed cells (at roster-wide ids), and all the records.
    pub info: RosterInfo,
}

/// Reads `path` and checks it. `progress` is called with the number of records checked so far,
/// once per batch.
pub fn check(
    path: &Path,
    options: &ReadOptions,
    plan: &Plan,
    config: &Config,
    rules: &RuleConfig,
    progress: &mut dyn FnMut(u64),
) -> Result<(RosterInfo, Outcome), Error> {
    check_observing(path, options, plan, config, rules, progress, &mut |_| {})
}

/// [`check`], also showing each record to `observe` before the rules see it (`xibu serve` notes
/// each row's service province there, for its filter, instead of reading the file twice).
pub fn check_observing(
    path: &Path,
    options: &ReadOptions,
    plan: &Plan,
    config: &Config,
    rules: &RuleConfig,
    progress: &mut dyn FnMut(u64),
    observe: &mut dyn FnMut(&Record),
) -> Result<(RosterInfo, Outcome), Error> {
    let spec = Spec {
        sheet: options.sheet.clone(),
        ..Spec::file(path)
    };
    let (read, outcome) = check_sources(&[spec], options, plan, config, rules, progress, observe)?;
    Ok((read.info, outcome))
}

/// Reads every source in order and checks them as one roster: one engine sees every record
/// (each source with its own header and column mapping), so shares, quotas and duplicate IDs
/// are judged over all of them. Records reach the rules with roster-wide ids as their `row`
/// (see [`Sources`]).
pub fn check_sources(
    specs: &[Spec],
    options: &ReadOptions,
    plan: &Plan,
    config: &Config,
    rules: &RuleConfig,
    progress: &mut dyn FnMut(u64),
    observe: &mut dyn FnMut(&Record),
) -> Result<(Read, Outcome), Error> {
    let several = specs.len() > 1;
    let mut engine = Engine::new(plan, config, rules);
    engine.several(several);
    let mut sources = Sources::default();
    let mut skipped: Vec<(String, Option<String>)> = Vec::new();
    let mut empty: Vec<Notice> = Vec::new();
    let mut first_error: Option<Error> = None;
    let mut seen = 0u64;
    let (tx, rx) = std::sync::mpsc::channel::<Batch>();
    let shared = Shared {
        options,
        pool: Pool {
            tx,
            rx: Mutex::new(rx),
        },
    };
    for spec in specs {
        let base = sources.next_base();
        let mut counted = |n: u64| progress(seen + n);
        let read = read_source(spec, &shared, base, &mut engine, &mut counted, observe);
        match read {
            Ok(Some((source, sheet_notices))) => {
                seen += source.info.records;
                sources.push(source);
                empty.extend(sheet_notices);
            }
            Ok(None) => {}
            Err(Failed::NoHeader(e, _)) if spec.no_header == NoHeader::Skip => {
                let e = *e;
                let sheet = match &spec.sheet {
                    SheetChoice::Named(name) => Some(name.clone()),
                    SheetChoice::First => None,
                };
                skipped.push((spec.path().display().to_string(), sheet));
                first_error.get_or_insert(e);
            }
            Err(Failed::Empty(e, notice)) if several => {
                let e = *e;
                empty.push(*notice);
                first_error.get_or_insert(e);
            }
            Err(Failed::NoHeader(e, _) | Failed::Empty(e, _) | Failed::Other(e)) => return Err(*e),
        }
    }
    if sources.list().is_empty() {
        return Err(first_error
            .unwrap_or_else(|| Error::Said(Text::new(Msg::ErrFolderEmpty).arg("path", ""))));
    }
    // Moved to E01, not copied: a roster with many unreadable cells holds their text once.
    let cell_errors = sources.take_cell_errors();
    let mut info = whole(&sources, several);
    info.notices.extend(skip_notices(&skipped));
    info.notices.extend(empty);
    let outcome = engine.finish(cell_errors);
    // The rows the population rule left out are told with the reader's notices.
    info.notices.extend(outcome.notices.iter().cloned());
    Ok((Read { sources, info }, outcome))
}

/// What every source's reading shares.
struct Shared<'a> {
    options: &'a ReadOptions,
    pool: Pool,
}

/// Emptied batches, kept from one source to the next: the rows' strings are allocated once per
/// check, not once per file (a folder of 100 files of 2,000 rows otherwise allocates every cell
/// of every file anew, some 0.2 s).
struct Pool {
    tx: Sender<Batch>,
    /// Taken by the reading thread of the source being read.
    rx: Mutex<Receiver<Batch>>,
}

/// Why a source gave no records.
enum Failed {
    /// No roster header (on the sheet named, if any).
    NoHeader(Box<Error>, Option<String>),
    /// A header and nothing below it: a notice when other sources are read.
    Empty(Box<Error>, Box<Notice>),
    Other(Box<Error>),
}

impl From<RosterError> for Failed {
    fn from(e: RosterError) -> Failed {
        Failed::Other(Box::new(e.into()))
    }
}

/// Reads one source into the engine. A workbook read by default (no `--sheet`) is read from
/// its first sheet that has a roster header: the sheets before it (填表说明) are named in a
/// notice, and so are the visible sheets after it, which were not read.
fn read_source(
    spec: &Spec,
    shared: &Shared,
    base: u32,
    engine: &mut Engine,
    progress: &mut dyn FnMut(u64),
    observe: &mut dyn FnMut(&Record),
) -> Result<Option<(Source, Vec<Notice>)>, Failed> {
    let first = read_one(spec, &spec.sheet, shared, base, engine, progress, observe);
    let (source, passed_over) = match (first, &spec.origin, &spec.sheet) {
        (Err(Failed::NoHeader(e, sheet)), Origin::File(path), SheetChoice::First) => {
            // The roster may be behind an instructions sheet.
            let sheets: Vec<String> = crate::input::worksheets(path)
                .map_err(|e| Failed::Other(Box::new(e.into())))?
                .into_iter()
                .filter(|(_, visible)| *visible)
                .map(|(name, _)| name)
                .collect();
            let mut passed_over: Vec<String> = sheet.into_iter().collect();
            let mut found = None;
            let rest: Vec<&String> = sheets.iter().filter(|s| !passed_over.contains(s)).collect();
            for name in rest {
                let choice = SheetChoice::Named(name.clone());
                match read_one(spec, &choice, shared, base, engine, progress, observe) {
                    Err(Failed::NoHeader(..)) => passed_over.push(name.clone()),
                    other => {
                        found = Some(other?);
                        break;
                    }
                }
            }
            match found {
                Some(source) => (source, passed_over),
                None if sheets.len() > 1 => {
                    let error = Error::Said(
                        Text::new(Msg::ErrNoRosterSheet)
                            .arg("path", spec.name.as_str())
                            .arg("sheets", sheets.join("、"))
                            .arg("required", crate::roster::required_list()),
                    );
                    return Err(Failed::NoHeader(Box::new(error), None));
                }
                None => return Err(Failed::NoHeader(e, None)),
            }
        }
        (read, _, _) => (read?, Vec::new()),
    };
    let mut notices = Vec::new();
    if !passed_over.is_empty() {
        notices.push(Notice {
            row: None,
            text: Text::new(Msg::NoticeSheetsSkipped)
                .arg("file", spec.name.as_str())
                .arg("sheets", passed_over.join("、")),
        });
    }
    if spec.sheet == SheetChoice::First {
        let chosen = source.info.source.sheet.clone().unwrap_or_default();
        let others: Vec<&str> = source
            .info
            .source
            .sheets
            .iter()
            .filter(|s| **s != chosen && !passed_over.contains(s))
            .map(String::as_str)
            .collect();
        if !others.is_empty() {
            notices.push(Notice {
                row: None,
                text: Text::new(Msg::NoticeSheetsNotRead)
                    .arg("file", spec.name.as_str())
                    .arg("sheet", chosen)
                    .arg("others", others.join("、")),
            });
        }
    }
    Ok(Some((source, notices)))
}

/// Reads one sheet of a source (or a text file) into the engine, its rows as ids from `base`.
fn read_one(
    spec: &Spec,
    sheet: &SheetChoice,
    shared: &Shared,
    base: u32,
    engine: &mut Engine,
    progress: &mut dyn FnMut(u64),
    observe: &mut dyn FnMut(&Record),
) -> Result<Source, Failed> {
    let (full_tx, full_rx) = sync_channel::<Batch>(IN_FLIGHT);
    let options = shared.options;
    let pool = &shared.pool;
    let file = spec.path().display().to_string();
    let name = spec.name.as_str();
    let typing = Typing::default();
    let read = std::thread::scope(|scope| {
        let typing = &typing;
        let reader = scope.spawn(move || {
            // One reader at a time: the sources are read in order.
            let empty = pool.rx.lock().unwrap_or_else(|e| e.into_inner());
            read(&spec.origin, sheet, &full_tx, &empty, typing)
        });
        // The engine is the assembler's visitor: it starts on the columns and checks each record.
        let mut tee = Tee {
            engine: &mut *engine,
            observe,
            base,
            name,
        };
        let mut assembler = Assembler::new(&file, options, &mut tee);
        assemble(&full_rx, &pool.tx, &mut assembler, typing, progress);
        // Unblocks the reader if the assembler stopped early.
        drop(full_rx);
        match reader.join() {
            Ok(Ok((source, last_row))) => assembler.finish(source).map(|info| (info, last_row)),
            Ok(Err(e)) => Err(e.into()),
            // A panic while reading is a bug; carry it on rather than report half a check.
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    match read {
        Ok((info, last_row)) => Ok(Source {
            info,
            base,
            last_row,
            name: name.to_string(),
        }),
        Err(RosterError::NoHeader { file, sheet }) => {
            let e = RosterError::NoHeader {
                file,
                sheet: sheet.clone(),
            };
            Err(Failed::NoHeader(Box::new(e.into()), sheet))
        }
        Err(RosterError::NoRecords {
            file,
            sheet,
            row_word,
            header_row,
        }) => {
            let notice = Notice {
                row: None,
                text: Text::new(Msg::NoticeSourceEmpty)
                    .arg("source", name)
                    .arg("header_row", header_row)
                    .arg("row_word", row_word),
            };
            let e = RosterError::NoRecords {
                file,
                sheet,
                row_word,
                header_row,
            };
            Err(Failed::Empty(Box::new(e.into()), Box::new(notice)))
        }
        Err(e) => Err(e.into()),
    }
}

/// The roster as a whole, for reports that describe one input.
fn whole(sources: &Sources, several: bool) -> RosterInfo {
    let list = sources.list();
    let Some(first) = list.first() else {
        return RosterInfo {
            file: String::new(),
            source: crate::input::SourceInfo {
                format: crate::input::Format::Csv,
                sheet: None,
                encoding: None,
                sheets: Vec::new(),
                hidden_rows: Vec::new(),
            },
            header_row: 0,
            columns: Vec::new(),
            extra_headers: Vec::new(),
            cell_errors: Vec::new(),
            notices: Vec::new(),
            records: 0,
        };
    };
    if !several {
        return first.info.clone();
    }
    let mut info = first.info.clone();
    info.source.sheet = None;
    info.columns.clear();
    info.extra_headers.clear();
    info.cell_errors.clear();
    info.notices.clear();
    info.records = 0;
    for source in list {
        for column in &source.info.columns {
            if !info.columns.iter().any(|c| c.column == column.column) {
                info.columns.push(column.clone());
            }
        }
        for header in &source.info.extra_headers {
            if !info.extra_headers.contains(header) {
                info.extra_headers.push(header.clone());
            }
        }
        info.cell_errors
            .extend(source.info.cell_errors.iter().map(|e| CellError {
                row: source.id(e.row),
                ..e.clone()
            }));
        info.notices
            .extend(source.info.notices.iter().map(|n| in_source(n, source)));
        info.records += source.info.records;
    }
    info
}

/// A source's notice, naming the source (and its row there).
fn in_source(notice: &Notice, source: &Source) -> Notice {
    let text = match notice.row {
        Some(row) => Text::new(Msg::NoticeInSourceAt)
            .arg("source", source.name.as_str())
            .arg("row", row)
            .arg("row_word", source.info.row_word())
            .arg("text", notice.text.clone()),
        None => Text::new(Msg::NoticeInSource)
            .arg("source", source.name.as_str())
            .arg("text", notice.text.clone()),
    };
    Notice { row: None, text }
}

/// One notice per workbook for its sheets without a roster header, and one per folder for its
/// files without one.
fn skip_notices(skipped: &[(String, Option<String>)]) -> Vec<Notice> {
    let mut sheets: Vec<(&String, Vec<&String>)> = Vec::new();
    let mut files: Vec<(String, Vec<String>)> = Vec::new();
    for (name, sheet) in skipped {
        match sheet {
            Some(sheet) => match sheets.iter_mut().find(|(f, _)| *f == name) {
                Some((_, list)) => list.push(sheet),
                None => sheets.push((name, vec![sheet])),
            },
            None => {
                let path = Path::new(name);
                let folder = path
                    .parent()
                    .map(|p| p.display().to_string())
                    .filter(|p| !p.is_empty())
                    .unwrap_or_else(|| ".".to_string());
                let file = path
                    .file_name()
                    .map_or_else(|| name.clone(), |f| f.to_string_lossy().into_owned());
                match files.iter_mut().find(|(f, _)| *f == folder) {
                    Some((_, list)) => list.push(file),
                    None => files.push((folder, vec![file])),
                }
            }
        }
    }
    let mut out = Vec::new();
    for (file, list) in sheets {
        out.push(Notice {
            row: None,
            text: Text::new(Msg::NoticeSheetsSkipped)
                .arg("file", file.as_str())
                .arg(
                    "sheets",
                    list.iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join("、"),
                ),
        });
    }
    for (folder, list) in files {
        out.push(Notice {
            row: None,
            text: Text::new(Msg::NoticeFilesSkipped)
                .arg("folder", folder)
                .arg("files", list.join("、")),
        });
    }
    out
}

/// The engine, and an observer before it; records get their roster-wide ids here.
struct Tee<'e, 'p> {
    engine: &'e mut Engine<'p>,
    observe: &'e mut dyn FnMut(&Record),
    base: u32,
    name: &'e str,
}

impl Visitor for Tee<'_, '_> {
    fn columns(&mut self, columns: &[MappedColumn]) {
        self.engine.source(columns, self.base, self.name);
    }

    fn record(&mut self, record: &mut Record) -> ControlFlow<()> {
        record.row = record.row.saturating_add(self.base);
        (self.observe)(record);
        self.engine.record(record)
    }
}

/// The reading thread: rows into batches, batches into the channel; typed here when the checking
/// thread is busy. Also returns the last row number read, where the next source's ids start after.
fn read(
    origin: &Origin,
    sheet: &SheetChoice,
    full: &SyncSender<Batch>,
    empty: &Receiver<Batch>,
    typing: &Typing,
) -> Result<(SourceInfo, u32), input::InputError> {
    // Batches left by earlier sources (all that the pool holds now), with their strings. Not their
    // records: typing overwrites the fields this source maps, and another source may map others.
    let mut spare: Vec<Batch> = empty
        .try_iter()
        .map(|mut b| {
            b.records.clear();
            b
        })
        .collect();
    let mut filler = Filler {
        batch: recycled(&mut spare, empty),
        bytes: 0,
        typer: None,
        typing_now: false,
        last_row: 0,
        spare,
        empty,
        full,
        typing,
    };
    let source = match origin {
        Origin::File(path) => input::read_into(path, sheet, &mut filler),
        Origin::Text { name, bytes } => input::read_text_bytes_into(name, bytes, &mut filler),
    };
    if filler.batch.input.count() > 0 {
        typing.waiting.fetch_add(1, Ordering::Release);
        let _ = full.send(filler.batch);
    }
    source.map(|s| (s, filler.last_row))
}

/// What the reading thread fills batches with, and sends them by.
struct Filler<'a> {
    batch: Batch,
    /// Bytes of text in the batch.
    bytes: usize,
    /// Types batches here, once the checking thread has settled the header.
    typer: Option<Typer>,
    /// Whether this batch is typed here, row by row as it is filled: decided as it is begun,
    /// by whether the checking thread has a batch waiting then.
    typing_now: bool,
    /// The last row number read, where the next source's ids start after.
    last_row: u32,
    spare: Vec<Batch>,
    empty: &'a Receiver<Batch>,
    full: &'a SyncSender<Batch>,
    typing: &'a Typing,
}

impl Filler<'_> {
    /// A row of `bytes` of text was added: it is typed if this batch is, and the batch is sent
    /// once full.
    fn added(&mut self, number: u32, bytes: usize) -> ControlFlow<()> {
        self.last_row = self.last_row.max(number);
        self.bytes += bytes;
        let count = self.batch.input.count();
        if self.typing_now
            && let Some(typer) = &mut self.typer
        {
            self.batch.type_row(count - 1, typer);
        }
        if count < BATCH && self.bytes < BATCH_BYTES {
            return ControlFlow::Continue(());
        }
        self.bytes = 0;
        let next = recycled(&mut self.spare, self.empty);
        self.typing.waiting.fetch_add(1, Ordering::Release);
        if self
            .full
            .send(std::mem::replace(&mut self.batch, next))
            .is_err()
        {
            // The checking side has stopped: so do we.
            return ControlFlow::Break(());
        }
        if self.typer.is_none() {
            self.typer = self.typing.typer.get().cloned();
        }
        // The checking thread has a batch to work on: typing the next one here is time it saves.
        self.typing_now = self.typer.is_some() && self.typing.waiting.load(Ordering::Acquire) > 1;
        self.batch.typed = self.typing_now;
        ControlFlow::Continue(())
    }
}

impl input::Sink for Filler<'_> {
    fn row(&mut self, row: &mut Row) -> ControlFlow<()> {
        let number = row.number;
        let input = &mut self.batch.input;
        // The row's cells move into the batch; the reader refills the emptied row it gets back.
        match input.rows.get_mut(input.len) {
            Some(slot) => std::mem::swap(slot, row),
            None => input.rows.push(std::mem::take(row)),
        }
        let bytes = input
            .rows
            .get(input.len)
            .map_or(0, |r| input::text_bytes(&r.cells));
        input.len += 1;
        self.added(number, bytes)
    }

    fn text(&mut self, row: TextRow<'_>) -> ControlFlow<()> {
        let input = &mut self.batch.input;
        input.text.push_str(row.text);
        input.fields.extend_from_slice(row.fields);
        let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        input
            .lines
            .push((row.number, at(input.fields.len()), at(input.text.len())));
        self.added(row.number, row.text.len())
    }
}

/// An emptied batch to fill: one of `spare`, or one the checking thread sent back, or a new one.
fn recycled(spare: &mut Vec<Batch>, empty: &Receiver<Batch>) -> Batch {
    match spare.pop().or_else(|| empty.try_recv().ok()) {
        Some(mut b) => {
            b.input.clear();
            b.typed = false;
            b.errors.clear();
            b.error_ends.clear();
            b
        }
        None => Batch::new(),
    }
}

/// The checking thread: batches into the assembler (typing those the reader did not), emptied
/// batches back to the reader.
fn assemble(
    full: &Receiver<Batch>,
    empty: &Sender<Batch>,
    assembler: &mut Assembler,
    typing: &Typing,
    progress: &mut dyn FnMut(u64),
) {
    let mut seen = 0u64;
    while let Ok(mut batch) = full.recv() {
        typing.waiting.fetch_sub(1, Ordering::AcqRel);
        let Batch {
            input,
            typed,
            records,
            errors,
            error_ends,
        } = &mut batch;
        let mut start = 0;
        let mut typed_rows = records.iter_mut().zip(error_ends.iter());
        for row in (0..input.count()).filter_map(|i| input.get(i)) {
            let flow = match typed_rows.next().filter(|_| *typed) {
                Some((record, &end)) => {
                    let errors = errors.get(start..end).unwrap_or_default();
                    start = end;
                    assembler.push_typed(row, record, errors)
                }
                None => assembler.push(row),
            };
            if flow.is_break() {
                return;
            }
        }
        if typing.typer.get().is_none()
            && let Some(typer) = assembler.typer()
        {
            let _ = typing.typer.set(typer);
        }
        seen += batch.input.count() as u64;
        progress(seen);
        let _ = empty.send(batch);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{Cell, Format};
    use crate::roster::schema::Column;

    fn text_row(number: u32, cells: Vec<String>) -> Row {
        Row {
            number,
            cells: cells
                .into_iter()
                .map(|t| {
                    if t.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(t)
                    }
                })
                .collect(),
        }
    }

    /// A header, then rows whose values change every few rows, with unreadable cells, a 小计 row
    /// (whose own unreadable cells must not be reported) among them, and a 合计 footer three rows
    /// before the end.
    fn rows(n: u32) -> Vec<Row> {
        let header = Column::ALL.iter().map(|c| c.header().to_string()).collect();
        let mut rows = vec![text_row(1, header)];
        for i in 0..n {
            let number = i + 2;
            let cells = Column::ALL
                .iter()
                .map(|c| {
                    match c {
                        Column::Name if i == 1500 => "小计",
                        Column::Name if i == n - 3 => "合计",
                        Column::Name => "志愿者",
                        Column::IdNumber if i == 1500 || i == n - 3 => "",
                        Column::IdNumber => "11010119940101001x",
                        Column::VolunteerType => ["新招募", "延期", "研支团"][(i / 7 % 3) as usize],
                        Column::ServiceProvince => ["新疆", "西藏", "火星"][(i / 5 % 3) as usize],
                        Column::RecruitProvince => "山东",
                        Column::Education => ["本科", "小学", ""][(i / 3 % 3) as usize],
                        Column::ReportDate => ["2020-07-20", "2020/13/45"][(i / 11 % 2) as usize],
                        Column::AccidentCover => ["800000", "80万", "很多"][(i / 13 % 3) as usize],
                        _ => "",
                    }
                    .to_string()
                })
                .collect();
            rows.push(text_row(number, cells));
        }
        rows
    }

    fn source() -> SourceInfo {
        SourceInfo {
            format: Format::Csv,
            sheet: None,
            encoding: None,
            sheets: Vec::new(),
            hidden_rows: Vec::new(),
        }
    }

    /// What the assembler makes of `rows` on one thread.
    fn sequential(rows: &[Row], options: &ReadOptions) -> (Vec<Record>, RosterInfo) {
        let mut records = Vec::new();
        let mut keep = |r: &Record| {
            records.push(r.clone());
            ControlFlow::Continue(())
        };
        let mut assembler = Assembler::new("t.csv", options, &mut keep);
        for row in rows {
            let _ = assembler.push(row.as_ref());
        }
        let info = assembler.finish(source()).unwrap();
        (records, info)
    }

    #[test]
    fn rows_typed_on_the_reading_thread_make_the_same_roster() {
        let options = ReadOptions::default();
        let rows = rows(5000);
        let (want, want_info) = sequential(&rows, &options);
        assert!(want_info.cell_errors.len() > 1000);
        assert!(want_info.cell_errors.iter().all(|e| e.row != 1502), "小计");
        assert_eq!(
            want.len(),
            4996,
            "all but 小计, 合计 and the two rows below it"
        );
        assert_eq!(want_info.notices.len(), 2, "the 小计 and 合计 rows");

        // The header settles once enough rows are in: a scout gives the typer.
        let mut ignore = |_: &Record| ControlFlow::Continue(());
        let mut scout = Assembler::new("t.csv", &options, &mut ignore);
        let mut typer = rows
            .iter()
            .find_map(|row| {
                let _ = scout.push(row.as_ref());
                scout.typer()
            })
            .expect("the header is settled");

        // Batches of 700 rows, as rows of cells (a workbook's) or as CSV records' text, every
        // other one typed as the reading thread would (the 小计 row falls in an untyped one of
        // text, the 合计 row in a typed one).
        let (full_tx, full_rx) = sync_channel::<Batch>(64);
        let (empty_tx, _empty_rx) = std::sync::mpsc::channel::<Batch>();
        let typing = Typing::default();
        for (k, chunk) in rows.chunks(700).enumerate() {
            typing.waiting.fetch_add(1, Ordering::Relaxed);
            let mut batch = Batch::new();
            if k % 4 < 2 {
                batch.input.rows = chunk.to_vec();
                batch.input.len = chunk.len();
            } else {
                for row in chunk {
                    // Each field a range of its row's text, as the reader gives them.
                    let row_start = batch.input.text.len();
                    for cell in &row.cells {
                        let from = (batch.input.text.len() - row_start) as u32;
                        if let Cell::Text(t) = cell {
                            batch.input.text.push_str(t);
                        }
                        let to = (batch.input.text.len() - row_start) as u32;
                        batch.input.fields.push((from, to));
                    }
                    let end = batch.input.fields.len() as u32;
                    let text_end = batch.input.text.len() as u32;
                    batch.input.lines.push((row.number, end, text_end));
                }
            }
            if k % 2 == 1 {
                for i in 0..chunk.len() {
                    batch.type_row(i, &mut typer);
                }
                batch.typed = true;
            }
            full_tx.send(batch).unwrap();
        }
        drop(full_tx);
        let mut got = Vec::new();
        let mut keep = |r: &Record| {
            got.push(r.clone());
            ControlFlow::Continue(())
        };
        let mut assembler = Assembler::new("t.csv", &options, &mut keep);
        assemble(&full_rx, &empty_tx, &mut assembler, &typing, &mut |_| {});
        let info = assembler.finish(source()).unwrap();
        assert_eq!(got, want);
        assert_eq!(info, want_info);
        assert!(typing.typer.get().is_some(), "the typer is published");
    }

    #[test]
    fn a_batch_left_by_another_source_brings_no_fields_of_its_own() {
        // Source B has no 考核等次 column; a batch left in the pool by source A, whose records
        // say 优秀, is typed for B by the reading thread: B's records must not say 优秀.
        use crate::roster::values::Rating;
        let columns: Vec<Column> = Column::ALL
            .iter()
            .copied()
            .filter(|c| *c != Column::Rating)
            .collect();
        let mut text = columns
            .iter()
            .map(|c| c.header())
            .collect::<Vec<_>>()
            .join(",");
        for _ in 0..3000 {
            text.push('\n');
            let row: Vec<&str> = columns
                .iter()
                .map(|c| match c {
                    Column::Name => "志愿者",
                    Column::VolunteerType => "新招募",
                    Column::ServiceProvince => "新疆",
                    Column::RecruitProvince => "山东",
                    Column::Education => "本科",
                    _ => "",
                })
                .collect();
            text.push_str(&row.join(","));
        }
        let bytes: Arc<[u8]> = text.into_bytes().into();
        let options = ReadOptions::default();
        let mut ignore = |_: &Record| ControlFlow::Continue(());
        let mut scout = Assembler::new("b.csv", &options, &mut ignore);
        let mut rows = Vec::new();
        input::read_text_bytes(std::path::Path::new("b.csv"), &bytes, &mut |row| {
            rows.push(row.clone());
            ControlFlow::Continue(())
        })
        .unwrap();
        let typer = rows
            .iter()
            .find_map(|row| {
                let _ = scout.push(row.as_ref());
                scout.typer()
            })
            .expect("the header is settled");

        let (pool_tx, pool_rx) = std::sync::mpsc::channel::<Batch>();
        let mut left = Batch::new();
        left.records = vec![
            Record {
                rating: crate::roster::Field::Value(Rating::Excellent),
                ..Record::default()
            };
            BATCH
        ];
        pool_tx.send(left).unwrap();
        let typing = Typing::default();
        let _ = typing.typer.set(typer);
        // The checking thread always busy: the reader types every batch it fills.
        typing.waiting.store(1_000, Ordering::Relaxed);
        let (full_tx, full_rx) = sync_channel::<Batch>(64);
        let origin = Origin::Text {
            name: PathBuf::from("b.csv"),
            bytes,
        };
        read(&origin, &SheetChoice::First, &full_tx, &pool_rx, &typing).unwrap();
        drop(full_tx);
        let batches: Vec<Batch> = full_rx.iter().collect();
        assert!(batches.iter().filter(|b| b.typed).count() >= 2);
        for batch in batches.iter().filter(|b| b.typed) {
            assert!(batch.input.count() > 0);
            for record in batch.records.iter().take(batch.input.count()) {
                assert_eq!(record.rating, crate::roster::Field::Blank);
                assert!(record.name.value().is_some());
            }
        }
    }
}
