//! Fuzzes the roster reader end to end: bytes → a file of each format xibu reads → typed
//! records and cell errors. Any panic, abort, hang or runaway allocation is a finding.
#![no_main]

use std::io::Write;
use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use xibu::roster::{ReadOptions, Roster};

/// One file per format, rewritten for each input (a RAM-backed directory when there is one).
fn paths() -> &'static [PathBuf; 4] {
    static PATHS: OnceLock<[PathBuf; 4]> = OnceLock::new();
    PATHS.get_or_init(|| {
        let dir = if std::path::Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let pid = std::process::id();
        ["csv", "xlsx", "ods", "xls"].map(|ext| dir.join(format!("xibu-fuzz-{pid}.{ext}")))
    })
}

fuzz_target!(
    init: {
        // Panics inside the workbook reader are caught and reported by xibu as a damaged file;
        // every other panic still reaches libFuzzer's hook and is a finding.
        xibu::input::install_panic_hook();
    },
    |data: &[u8]| {
        // The first byte picks the format, so that one corpus covers every reader.
        let Some((&pick, body)) = data.split_first() else {
            return;
        };
        let path = &paths()[usize::from(pick) % 4];
        let Ok(mut file) = std::fs::File::create(path) else {
            return;
        };
        if file.write_all(body).is_err() {
            return;
        }
        drop(file);
        let _ = Roster::read(path, &ReadOptions::default());
    }
);
