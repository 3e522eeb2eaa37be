//! The check pipeline: one thread reads the file into rows of cells (the parser: XML or CSV,
//! decoding), the other turns them into typed records and runs the rules, so that a large roster
//! uses both cores. Rows cross in batches, and emptied batches go back to the reader to be
//! refilled in place, so that the rows' strings are allocated once, not once per row.

use std::ops::ControlFlow;
use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, SyncSender, sync_channel};

use crate::config::Config;
use crate::input::{self, Row, SourceInfo};
use crate::plan::Plan;
use crate::roster::{
    Assembler, MappedColumn, ReadOptions, Record, RosterError, RosterInfo, Visitor,
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
    let info = std::thread::scope(|scope| {
        let reader = scope.spawn(move || read(path, options, &full_tx, &empty_rx));
        // The engine is the assembler's visitor: it starts on the columns and checks each record.
        let mut tee = Tee {
            engine: &mut engine,
            observe,
        };
        let mut assembler = Assembler::new(&file, options, &mut tee);
        assemble(&full_rx, &empty_tx, &mut assembler, progress);
        // Unblocks the reader if the assembler stopped early.
        drop(full_rx);
        match reader.join() {
            Ok(Ok(source)) => assembler.finish(source),
            Ok(Err(e)) => Err(e.into()),
            // A panic while reading is a bug; carry it on rather than report half a check.
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })?;
    let outcome = engine.finish(&info.cell_errors);
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

    fn record(&mut self, record: Record) -> ControlFlow<()> {
        (self.observe)(&record);
        self.engine.record(record)
    }
}

/// The reading thread: rows into batches, batches into the channel.
fn read(
    path: &Path,
    options: &ReadOptions,
    full: &SyncSender<Batch>,
    empty: &Receiver<Batch>,
) -> Result<SourceInfo, input::InputError> {
    let fresh = || Batch {
        rows: Vec::with_capacity(BATCH),
        len: 0,
    };
    let mut batch = fresh();
    let mut batch_bytes = 0usize;
    let source = input::read_rows(path, &options.sheet, &mut |row| {
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
    });
    if batch.len > 0 {
        let _ = full.send(batch);
    }
    source
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
