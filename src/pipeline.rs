//! The check pipeline: one thread reads the roster into typed records, the other runs the rules
//! over them, so that a large roster uses both cores. Records cross in batches, so the channel
//! costs little per row; memory stays bounded by the batches in flight.

use std::ops::ControlFlow;
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use crate::config::Config;
use crate::plan::Plan;
use crate::roster::{self, MappedColumn, ReadOptions, Record, RosterError, RosterInfo, Visitor};
use crate::rules::{Engine, Outcome};

/// Records per batch sent from the reading thread.
const BATCH: usize = 2048;
/// Batches in flight before the reader waits for the rules to catch up.
const IN_FLIGHT: usize = 8;

enum Message {
    Columns(Vec<MappedColumn>),
    Batch(Vec<Record>),
}

struct Sender {
    tx: SyncSender<Message>,
    batch: Vec<Record>,
}

impl Sender {
    fn flush(&mut self) -> ControlFlow<()> {
        if self.batch.is_empty() {
            return ControlFlow::Continue(());
        }
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        match self.tx.send(Message::Batch(batch)) {
            Ok(()) => ControlFlow::Continue(()),
            // The rules side has gone (it cannot, short of a panic): stop reading.
            Err(_) => ControlFlow::Break(()),
        }
    }
}

impl Visitor for Sender {
    fn columns(&mut self, columns: &[MappedColumn]) {
        let _ = self.tx.send(Message::Columns(columns.to_vec()));
    }

    fn record(&mut self, record: Record) -> ControlFlow<()> {
        self.batch.push(record);
        if self.batch.len() >= BATCH {
            return self.flush();
        }
        ControlFlow::Continue(())
    }
}

/// Reads `path` and checks it. `progress` is called with the number of records checked so far,
/// once per batch.
pub fn check(
    path: &Path,
    options: &ReadOptions,
    plan: &Plan,
    config: &Config,
    progress: &mut dyn FnMut(u64),
) -> Result<(RosterInfo, Outcome), RosterError> {
    let (tx, rx) = sync_channel::<Message>(IN_FLIGHT);
    let mut engine = Engine::new(plan, config);
    let read = std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            let mut sender = Sender {
                tx,
                batch: Vec::with_capacity(BATCH),
            };
            let info = roster::read(path, options, &mut sender);
            let _ = sender.flush();
            info
        });
        consume(&rx, &mut engine, progress);
        reader.join()
    });
    let info = match read {
        Ok(info) => info?,
        // A panic in the reading thread is a bug; carry it on rather than report a half check.
        Err(panic) => std::panic::resume_unwind(panic),
    };
    let outcome = engine.finish(&info.cell_errors);
    Ok((info, outcome))
}

fn consume(rx: &Receiver<Message>, engine: &mut Engine, progress: &mut dyn FnMut(u64)) {
    let mut seen = 0u64;
    while let Ok(message) = rx.recv() {
        match message {
            Message::Columns(columns) => engine.start(&columns),
            Message::Batch(batch) => {
                seen += batch.len() as u64;
                for record in &batch {
                    engine.observe(record);
                }
                progress(seen);
            }
        }
    }
}
