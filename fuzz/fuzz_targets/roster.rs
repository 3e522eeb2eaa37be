//! Fuzzes every reader xibu has, end to end: bytes → a file of each format xibu reads → typed
//! records and cell errors (rosters), a configuration, or the plan tables. Any panic, abort,
//! hang or runaway allocation is a finding.
#![no_main]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use xibu::config::Config;
use xibu::plan::Plan;
use xibu::roster::{ReadOptions, Roster};

/// What the first byte of an input makes of the rest. The order is kept so that corpora of
/// earlier runs (0 csv, 1 xlsx, 2 ods, 3 xls) mean what they meant.
#[derive(Clone, Copy)]
enum Target {
    Roster(&'static str),
    Config,
    Scale(&'static str),
    Quotas(&'static str),
}

const TARGETS: [Target; 16] = [
    Target::Roster("csv"),
    Target::Roster("xlsx"),
    Target::Roster("ods"),
    Target::Roster("xls"),
    Target::Roster("tsv"),
    Target::Roster("xlsm"),
    Target::Roster("xlsb"),
    Target::Config,
    Target::Scale("csv"),
    Target::Quotas("csv"),
    Target::Scale("xlsx"),
    Target::Quotas("xlsx"),
    Target::Scale("xls"),
    Target::Quotas("ods"),
    Target::Roster("txt"),
    Target::Scale("ods"),
];

/// The directory inputs are written to: a RAM-backed one when there is one.
fn dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        if Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        }
    })
}

fn write(ext: &str, body: &[u8]) -> Option<PathBuf> {
    let path = dir().join(format!("xibu-fuzz-{}.{ext}", std::process::id()));
    let mut file = std::fs::File::create(&path).ok()?;
    file.write_all(body).ok()?;
    Some(path)
}

fuzz_target!(
    init: {
        // Panics inside the workbook reader are caught and reported by xibu as a damaged file;
        // every other panic still reaches libFuzzer's hook and is a finding.
        xibu::input::install_panic_hook();
    },
    |data: &[u8]| {
        // The first byte picks the reader, so that one corpus covers them all.
        let Some((&pick, body)) = data.split_first() else {
            return;
        };
        let target = TARGETS[usize::from(pick) % TARGETS.len()];
        match target {
            Target::Roster(ext) => {
                if let Some(path) = write(ext, body) {
                    let _ = Roster::read(&path, &ReadOptions::default());
                }
            }
            Target::Config => {
                if let Some(path) = write("toml", body) {
                    let _ = Config::load(&path);
                }
            }
            Target::Scale(ext) => {
                if let Some(path) = write(ext, body) {
                    let _ = Plan::load(Some(&path), None);
                }
            }
            Target::Quotas(ext) => {
                if let Some(path) = write(ext, body) {
                    let _ = Plan::load(None, Some(&path));
                }
            }
        }
    }
);
