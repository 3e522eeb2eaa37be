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
use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, SyncSender, sync_channel};

use crate::config::Config;
use crate::input::{self, Row, SourceInfo};
use crate::plan::Plan;
use crate::roster::{
    Assembler, CellError, MappedColumn, ReadOptions, Record, RosterError, RosterInfo, Typer,
    Visitor,
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
    /// Whether the reading thread typed the rows: then `records[i]` is row `i` typed, and its
    /// cells that do not parse are `errors[error_ends[i - 1]..error_ends[i]]`.
    typed: bool,
    records: Vec<Record>,
    errors: Vec<CellError>,
    error_ends: Vec<usize>,
}

impl Batch {
    fn new() -> Batch {
        Batch {
            rows: Vec::with_capacity(BATCH),
            len: 0,
            typed: false,
            records: Vec::new(),
            errors: Vec::new(),
            error_ends: Vec::new(),
        }
    }

    /// Types the batch's rows (into the records it already holds, reusing their text).
    fn type_rows(&mut self, typer: &mut Typer) {
        self.errors.clear();
        self.error_ends.clear();
        self.records
            .resize_with(self.len.max(self.records.len()), Record::default);
        for (row, record) in self.rows.iter().take(self.len).zip(&mut self.records) {
            typer.type_row(row, record, &mut self.errors);
            self.error_ends.push(self.errors.len());
        }
        self.typed = true;
    }
}

/// What the two threads share besides the channels.
#[derive(Default)]
struct Shared {
    /// Set by the checking thread once the header is settled.
    typer: OnceLock<Typer>,
    /// Batches sent and not yet taken by the checking thread.
    waiting: AtomicUsize,
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
) -> Result<(RosterInfo, Outcome), RosterError> {
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
) -> Result<(RosterInfo, Outcome), RosterError> {
    let (full_tx, full_rx) = sync_channel::<Batch>(IN_FLIGHT);
    let (empty_tx, empty_rx) = std::sync::mpsc::channel::<Batch>();
    let mut engine = Engine::new(plan, config, rules);
    let file = path.display().to_string();
    let shared = Shared::default();
    let info = std::thread::scope(|scope| {
        let shared = &shared;
        let reader = scope.spawn(move || read(path, options, &full_tx, &empty_rx, shared));
        // The engine is the assembler's visitor: it starts on the columns and checks each record.
        let mut tee = Tee {
            engine: &mut engine,
            observe,
        };
        let mut assembler = Assembler::new(&file, options, &mut tee);
        assemble(&full_rx, &empty_tx, &mut assembler, shared, progress);
        // Unblocks the reader if the assembler stopped early.
        drop(full_rx);
        match reader.join() {
            Ok(Ok(source)) => assembler.finish(source),
            Ok(Err(e)) => Err(e.into()),
            // A panic while reading is a bug; carry it on rather than report half a check.
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })?;
    let mut info = info;
    let outcome = engine.finish(&info.cell_errors);
    // The rows the population rule left out are told with the reader's notices.
    info.notices.extend(outcome.notices.iter().cloned());
    Ok((info, outcome))
}

/// The engine, and an observer before it.
struct Tee<'e, 'p> {
    engine: &'e mut Engine<'p>,
    observe: &'e mut dyn FnMut(&Record),
}

impl Visitor for Tee<'_, '_> {
    fn columns(&mut self, columns: &[MappedColumn]) {
        self.engine.columns(columns);
    }

    fn record(&mut self, record: &Record) -> ControlFlow<()> {
        (self.observe)(record);
        self.engine.record(record)
    }
}

/// The reading thread: rows into batches, batches into the channel; typed here when the checking
/// thread is busy.
fn read(
    path: &Path,
    options: &ReadOptions,
    full: &SyncSender<Batch>,
    empty: &Receiver<Batch>,
    shared: &Shared,
) -> Result<SourceInfo, input::InputError> {
    let mut batch = Batch::new();
    let mut batch_bytes = 0usize;
    let mut typer: Option<Typer> = None;
    let source = input::read_rows(path, &options.sheet, &mut |row| {
        // The row's cells move into the batch; the reader refills the emptied row it gets back.
        match batch.rows.get_mut(batch.len) {
            Some(slot) => std::mem::swap(slot, row),
            None => batch.rows.push(std::mem::take(row)),
        }
        batch_bytes += batch
            .rows
            .get(batch.len)
            .map_or(0, |r| input::text_bytes(&r.cells));
        batch.len += 1;
        if batch.len >= BATCH || batch_bytes >= BATCH_BYTES {
            batch_bytes = 0;
            if typer.is_none() {
                typer = shared.typer.get().cloned();
            }
            // The checking thread has a batch to work on: typing this one here is time it saves.
            if let Some(typer) = &mut typer
                && shared.waiting.load(Ordering::Acquire) > 0
            {
                batch.type_rows(typer);
            }
            let next = empty.try_recv().map_or_else(
                |_| Batch::new(),
                |mut b| {
                    b.len = 0;
                    b.typed = false;
                    b
                },
            );
            shared.waiting.fetch_add(1, Ordering::Release);
            if full.send(std::mem::replace(&mut batch, next)).is_err() {
                // The checking side has stopped: so do we.
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    });
    if batch.len > 0 {
        shared.waiting.fetch_add(1, Ordering::Release);
        let _ = full.send(batch);
    }
    source
}

/// The checking thread: batches into the assembler (typing those the reader did not), emptied
/// batches back to the reader.
fn assemble(
    full: &Receiver<Batch>,
    empty: &Sender<Batch>,
    assembler: &mut Assembler,
    shared: &Shared,
    progress: &mut dyn FnMut(u64),
) {
    let mut seen = 0u64;
    while let Ok(batch) = full.recv() {
        shared.waiting.fetch_sub(1, Ordering::AcqRel);
        let mut start = 0;
        for (i, row) in batch.rows.iter().take(batch.len).enumerate() {
            let flow = match (batch.typed, batch.records.get(i), batch.error_ends.get(i)) {
                (true, Some(record), Some(&end)) => {
                    let errors = batch.errors.get(start..end).unwrap_or_default();
                    start = end;
                    assembler.push_typed(row, record, errors)
                }
                _ => assembler.push(row),
            };
            if flow.is_break() {
                return;
            }
        }
        if shared.typer.get().is_none()
            && let Some(typer) = assembler.typer()
        {
            let _ = shared.typer.set(typer);
        }
        seen += batch.len as u64;
        progress(seen);
        let _ = empty.send(batch);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{Cell, Format};
    use crate::roster::HEADER_SEARCH_ROWS;
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

    /// A header, then rows whose values change every few rows, with unreadable cells and a
    /// 合计 row (whose own unreadable cells must not be reported) among them.
    fn rows(n: u32) -> Vec<Row> {
        let header = Column::ALL.iter().map(|c| c.header().to_string()).collect();
        let mut rows = vec![text_row(1, header)];
        for i in 0..n {
            let number = i + 2;
            let cells = Column::ALL
                .iter()
                .map(|c| {
                    match c {
                        Column::Name if i == 1500 => "合计",
                        Column::Name => "志愿者",
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
            let _ = assembler.push(row);
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
        assert_eq!(want_info.notices.len(), 1, "the 合计 row");

        // The header settles once its search rows are in: a scout gives the typer.
        let mut ignore = |_: &Record| ControlFlow::Continue(());
        let mut scout = Assembler::new("t.csv", &options, &mut ignore);
        for row in rows.iter().take(HEADER_SEARCH_ROWS) {
            let _ = scout.push(row);
        }
        let mut typer = scout.typer().expect("the header is settled");

        // Batches of 700 rows, every other one typed as the reading thread would (the 合计 row
        // falls in a typed one).
        let (full_tx, full_rx) = sync_channel::<Batch>(64);
        let (empty_tx, _empty_rx) = std::sync::mpsc::channel::<Batch>();
        let shared = Shared::default();
        for (k, chunk) in rows.chunks(700).enumerate() {
            shared.waiting.fetch_add(1, Ordering::Relaxed);
            let mut batch = Batch::new();
            batch.rows = chunk.to_vec();
            batch.len = chunk.len();
            if k % 2 == 1 {
                batch.type_rows(&mut typer);
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
        assemble(&full_rx, &empty_tx, &mut assembler, &shared, &mut |_| {});
        let info = assembler.finish(source()).unwrap();
        assert_eq!(got, want);
        assert_eq!(info, want_info);
        assert!(shared.typer.get().is_some(), "the typer is published");
    }
}
