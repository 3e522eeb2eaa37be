//! The check pipeline: one thread reads the file into rows of cells (the parser: XML or CSV,
//! decoding), the other turns them into typed records and runs the rules, so that a large roster
//! uses both cores. Rows cross in batches, and emptied batches go back to the reader to be
//! refilled in place, so that the rows' strings are allocated once, not once per row.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

use crate::config::Config;
use crate::error::Error;
use crate::input::{self, Row, SheetChoice, SourceInfo};
use crate::messages::{Msg, Text};
use crate::plan::Plan;
use crate::roster::{
    Assembler, CellError, MappedColumn, Notice, ReadOptions, Record, RosterError, RosterInfo,
    Source, Sources, Visitor,
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
    rows: Vec<Row>,
    /// How many of `rows` hold this batch's rows (the rest are spare, kept for their buffers).
    len: usize,
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
    let read = std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            // One reader at a time: the sources are read in order.
            let empty = pool.rx.lock().unwrap_or_else(|e| e.into_inner());
            read(&spec.origin, sheet, &full_tx, &empty)
        });
        // The engine is the assembler's visitor: it starts on the columns and checks each record.
        let mut tee = Tee {
            engine: &mut *engine,
            observe,
            base,
            name,
            row_word: match &spec.origin {
                Origin::File(path) => crate::sheet::row_word_for_path(path),
                Origin::Text { .. } => "line",
            },
        };
        let mut assembler = Assembler::new(&file, options, &mut tee);
        assemble(&full_rx, &pool.tx, &mut assembler, progress);
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
    /// `row`, or `line` for CSV (P01 names another file's row in English).
    row_word: &'static str,
}

impl Visitor for Tee<'_, '_> {
    fn columns(&mut self, columns: &[MappedColumn]) {
        self.engine
            .source(columns, self.base, self.name, self.row_word);
    }

    fn record(&mut self, mut record: Record) -> ControlFlow<()> {
        record.row = record.row.saturating_add(self.base);
        (self.observe)(&record);
        self.engine.record(record)
    }
}

/// The reading thread: rows into batches, batches into the channel. Also returns the last row
/// number read, where the next source's ids start after.
fn read(
    origin: &Origin,
    sheet: &SheetChoice,
    full: &SyncSender<Batch>,
    empty: &Receiver<Batch>,
) -> Result<(SourceInfo, u32), input::InputError> {
    let fresh = || Batch {
        rows: Vec::with_capacity(BATCH),
        len: 0,
    };
    // A batch left by an earlier source, with its strings, when there is one.
    let mut batch = empty.try_recv().map_or_else(
        |_| fresh(),
        |mut b| {
            b.len = 0;
            b
        },
    );
    let mut batch_bytes = 0usize;
    let mut last_row = 0u32;
    let mut visit = |row: &Row| {
        last_row = last_row.max(row.number);
        match batch.rows.get_mut(batch.len) {
            Some(slot) => slot.clone_from(row),
            None => batch.rows.push(row.clone()),
        }
        batch.len += 1;
        batch_bytes += input::text_bytes(&row.cells);
        if batch.len >= BATCH || batch_bytes >= BATCH_BYTES {
            batch_bytes = 0;
            let next = empty.try_recv().map_or_else(
                |_| fresh(),
                |mut b| {
                    b.len = 0;
                    b
                },
            );
            if full.send(std::mem::replace(&mut batch, next)).is_err() {
                // The checking side has stopped: so do we.
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    };
    let source = match origin {
        Origin::File(path) => input::read_rows(path, sheet, &mut visit),
        Origin::Text { name, bytes } => input::read_text_bytes(name, bytes, &mut visit),
    };
    if batch.len > 0 {
        let _ = full.send(batch);
    }
    source.map(|s| (s, last_row))
}

/// The checking thread: batches into the assembler, emptied batches back to the reader.
fn assemble(
    full: &Receiver<Batch>,
    empty: &Sender<Batch>,
    assembler: &mut Assembler,
    progress: &mut dyn FnMut(u64),
) {
    let mut seen = 0u64;
    while let Ok(batch) = full.recv() {
        for row in batch.rows.iter().take(batch.len) {
            if assembler.push(row).is_break() {
                return;
            }
        }
        seen += batch.len as u64;
        progress(seen);
        let _ = empty.send(batch);
    }
}
