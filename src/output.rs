//! Files xibu writes.
//!
//! Two kinds, with different rules (SPEC, "Files written"):
//! - Files a person asked for once (`template -o`, `config init`): written whole through a
//!   temporary file and never over an existing file unless the user says `--force`.
//! - Reports (`check --output`, `--report-xlsx`): a pipeline writes them on every run, so they
//!   replace an earlier report atomically (the old file or the whole new one, never half), but are
//!   never one of the inputs nor each other, judged by file identity (device and inode), not by
//!   spelling. A report aimed at something that is not a regular file (`/dev/stdout`, a FIFO, a
//!   device) is written into it, never replaced by a regular file.
//!
//! A temporary file is removed when xibu is stopped by Ctrl-C or SIGTERM while writing it
//! ([`install_cleanup`]).

use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{SyncSender, sync_channel};
use std::sync::{Mutex, Once};

use crate::error::Error;
use crate::messages::{Msg, Text};

pub fn exists(path: &Path) -> bool {
    // A dangling symbolic link counts: writing through it would surprise.
    fs::symlink_metadata(path).is_ok()
}

pub fn refusal(path: &Path) -> Error {
    Error::Usage(format!(
        "{} already exists; pass --force to overwrite it",
        path.display()
    ))
}

fn cannot_write(path: &Path, e: &std::io::Error) -> Error {
    Error::Usage(format!("cannot write {}: {e}", path.display()))
}

/// Temporary files being written, removed by the signal handler. The handler holds the lock
/// until the process exits, so a temporary file is either registered before it exists (and
/// removed) or never created.
static TEMP_FILES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static CLEANUP: Once = Once::new();

/// Exit code after Ctrl-C or SIGTERM: 128 + SIGINT, as shells report an interrupted command.
pub const INTERRUPTED: i32 = 130;

/// Removes temporary report files when xibu is interrupted (Ctrl-C, SIGTERM, SIGHUP; Ctrl-C and
/// Ctrl-Break on Windows), then exits with [`INTERRUPTED`]. Installed once, by commands that
/// write files; the handler runs on its own thread, so it may take the lock and remove files.
pub fn install_cleanup() {
    CLEANUP.call_once(|| {
        // If a handler cannot be installed (another one is), a temporary file may be left on
        // Ctrl-C: that is the old behaviour, not a reason to refuse the check.
        let _ = ctrlc::set_handler(|| remove_temp_files_and_exit(INTERRUPTED));
    });
}

/// Removes the temporary report files being written and ends the process with `code`. Called
/// on Ctrl-C/SIGTERM, and by the checking child when its supervising parent is gone.
pub fn remove_temp_files_and_exit(code: i32) -> ! {
    let guard = TEMP_FILES.lock().unwrap_or_else(|p| p.into_inner());
    for path in guard.iter() {
        let _ = fs::remove_file(path);
    }
    // Nothing is printed: the main thread may hold the standard error lock for the whole run,
    // and waiting for it here would hang. The exit code says it.
    std::process::exit(code);
}

/// A temporary file that is removed when dropped, unless it was renamed into place.
struct TempFile {
    path: PathBuf,
    keep: bool,
}

impl TempFile {
    /// Creates `.NAME.tmp-PID` next to `path`, registered for removal on Ctrl-C.
    fn create(path: &Path) -> Result<(TempFile, File), Error> {
        let Some(name) = path.file_name() else {
            return Err(Error::Usage(format!(
                "{} is not a file name; give a file to write",
                path.display()
            )));
        };
        let mut temp_name = std::ffi::OsString::from(".");
        temp_name.push(name);
        temp_name.push(format!(".tmp-{}", std::process::id()));
        let temp_path = parent_dir(path).join(temp_name);
        let mut registry = TEMP_FILES.lock().unwrap_or_else(|p| p.into_inner());
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp_path)
            .map_err(|e| cannot_write(path, &e))?;
        registry.push(temp_path.clone());
        Ok((
            TempFile {
                path: temp_path,
                keep: false,
            },
            file,
        ))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.keep {
            let _ = fs::remove_file(&self.path);
        }
        let mut registry = TEMP_FILES.lock().unwrap_or_else(|p| p.into_inner());
        registry.retain(|p| p != &self.path);
    }
}

fn parent_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."))
}

fn write_temp(path: &Path, bytes: &[u8]) -> Result<TempFile, Error> {
    write_temp_with(path, &mut |w| w.write_all(bytes))
}

/// Writes what `write` writes to a temporary file next to `path`, through a buffer, and puts it
/// on disk before returning.
fn write_temp_with(path: &Path, write: Writing) -> Result<TempFile, Error> {
    let (temp, mut file) = TempFile::create(path)?;
    write_synced(&mut file, write, SYNC_EVERY).map_err(|e| cannot_write(path, &e))?;
    hold_for_tests();
    Ok(temp)
}

/// Bytes written between two requests to put what is written so far on disk.
const SYNC_EVERY: u64 = 32 << 20;

/// Writes what `write` writes to `file` and puts it on disk (`sync_all`). A long report (a
/// findings-heavy roster's is 200 MB) is put on disk as it goes: every `every` bytes, a
/// second thread asks the system to write out what is there so far (`sync_data` on a clone of
/// the handle) while this one writes on. The final `sync_all` then waits for the last stretch
/// only, not for the whole file, which the system would otherwise start writing out at the end.
/// Without a second thread (a memory limit) the whole file is synced at the end, as before.
/// Returns how many times the second thread put the file on disk before the end.
fn write_synced(file: &mut File, write: Writing, every: u64) -> std::io::Result<u64> {
    std::thread::scope(|scope| {
        let (ask, asked) = sync_channel::<()>(1);
        let syncer = file.try_clone().ok().and_then(|clone| {
            std::thread::Builder::new()
                .name("xibu-sync".into())
                .spawn_scoped(scope, move || {
                    let mut synced = 0;
                    for () in asked {
                        clone.sync_data()?;
                        synced += 1;
                    }
                    Ok::<u64, std::io::Error>(synced)
                })
                .ok()
        });
        let mut syncing = Syncing {
            file: &mut *file,
            written: 0,
            every: every.max(1),
            ask: syncer.is_some().then_some(ask),
        };
        let mut buffered = BufWriter::with_capacity(BUFFER, &mut syncing);
        let written = write(&mut buffered).and_then(|()| buffered.flush());
        drop(buffered);
        // The syncer ends once its channel is closed and what it was asked is done.
        drop(syncing);
        let synced = match syncer.map(|handle| handle.join()) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(std::io::Error::other("the thread syncing the file stopped")),
            None => Ok(0),
        };
        written.and(synced)
    })
    .and_then(|synced| file.sync_all().map(|()| synced))
}

/// A file that asks for what is written so far to be put on disk every `every` bytes.
struct Syncing<'f> {
    file: &'f mut File,
    written: u64,
    every: u64,
    /// Where to ask; none when there is no thread to do it.
    ask: Option<SyncSender<()>>,
}

impl Write for Syncing<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(bytes)?;
        let before = self.written;
        self.written += n as u64;
        if before / self.every != self.written / self.every
            && let Some(ask) = &self.ask
        {
            // A sync still under way (or asked) covers these bytes in part; the next request
            // or the final sync covers the rest.
            let _ = ask.try_send(());
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// What writes a report as it goes (a reporter), given where.
pub type Writing<'w> = &'w mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>;

/// The buffer reports are written through: big enough that a write is a few system calls per
/// thousand findings.
const BUFFER: usize = 64 * 1024;

/// Debug builds only: `XIBU_TEST_HOLD_TEMP_MS` keeps the temporary file in place for a while,
/// so that a test can interrupt xibu while it exists (tests/ci_files.rs). Release builds have no
/// such hook.
fn hold_for_tests() {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("XIBU_TEST_HOLD_TEMP_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory, renamed into place,
/// so that `path` is either the old file or the whole new one. Without `force`, an existing
/// `path` is never replaced, even one created while the workbook was being written.
/// For `template -o` and `config init`.
pub fn write_new_file(path: &Path, bytes: &[u8], force: bool) -> Result<(), Error> {
    let mut temp = write_temp(path, bytes)?;
    if !force {
        // A hard link never replaces an existing file; the temporary name is removed on drop.
        match fs::hard_link(&temp.path, path) {
            Ok(()) => return Ok(()),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => return Err(refusal(path)),
            // Links not supported here: check again and rename.
            Err(_) if exists(path) => return Err(refusal(path)),
            Err(_) => {}
        }
    }
    fs::rename(&temp.path, path).map_err(|e| cannot_write(path, &e))?;
    temp.keep = true;
    Ok(())
}

/// Writes a report to `path`, replacing an earlier one atomically. A path that names something
/// other than a regular file (a terminal, `/dev/stdout`, `/dev/null`, a FIFO) is written into.
/// A symbolic link to a regular file is followed: its target is replaced, the link kept.
/// Check the paths with [`check_report_paths`] first.
pub fn write_report(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write_report_with(path, &mut |w| w.write_all(bytes))
}

/// [`write_report`] with the report written as it goes (a reporter streaming its findings)
/// instead of held whole: the atomic replacement is the same.
pub fn write_report_with(path: &Path, write: Writing) -> Result<(), Error> {
    let target = match fs::metadata(path) {
        Ok(meta) if !meta.is_file() && !meta.is_dir() => {
            // Opened without truncation or creation: a device or FIFO takes the bytes as they come.
            let file = OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| cannot_write(path, &e))?;
            let mut buffered = BufWriter::with_capacity(BUFFER, file);
            return write(&mut buffered)
                .and_then(|()| buffered.flush())
                .map_err(|e| cannot_write(path, &e));
        }
        Ok(meta) if meta.is_dir() => {
            return Err(Error::Usage(format!(
                "{} is a folder; give a file to write the report to",
                path.display()
            )));
        }
        Ok(_) => fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
        Err(_) => path.to_path_buf(),
    };
    let mut temp = write_temp_with(&target, write)?;
    if let Ok(meta) = fs::metadata(&target) {
        // The new report keeps the old one's permissions (a report shared with a group stays so).
        let _ = fs::set_permissions(&temp.path, meta.permissions());
    }
    fs::rename(&temp.path, &target).map_err(|e| cannot_write(path, &e))?;
    temp.keep = true;
    Ok(())
}

/// What a path is, for comparing files whatever their spelling.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Identity {
    /// An existing file: device and inode (on Windows, the canonical path).
    File(FileId),
    /// A file that does not exist yet: its canonical folder and its name.
    New(PathBuf),
}

#[cfg(unix)]
type FileId = (u64, u64);
#[cfg(not(unix))]
type FileId = PathBuf;

#[cfg(unix)]
fn file_id(path: &Path, meta: &fs::Metadata) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    let _ = path;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_id(path: &Path, _meta: &fs::Metadata) -> Option<FileId> {
    fs::canonicalize(path).ok()
}

/// What an existing path is, whatever its spelling (the same file twice among the inputs).
pub fn existing_identity(path: &Path) -> Option<Identity> {
    let meta = fs::metadata(path).ok()?;
    Some(Identity::File(file_id(path, &meta)?))
}

/// The identity of `path`, and whether it is a regular file (or not there yet). Metadata only:
/// a FIFO is never opened to find out what it is.
fn identity(path: &Path) -> Option<(Identity, bool)> {
    match fs::metadata(path) {
        Ok(meta) => Some((Identity::File(file_id(path, &meta)?), meta.is_file())),
        Err(_) => {
            let parent = fs::canonicalize(parent_dir(path)).ok()?;
            Some((Identity::New(parent.join(path.file_name()?)), true))
        }
    }
}

/// Refuses report paths that are one of the inputs, or the same file twice. Inputs are the
/// roster and every file read with it (configuration, plan tables). Compared by identity: a
/// hard link, a symbolic link or `./x/../roster.xlsx` is the same file as `roster.xlsx`.
/// A report written into a device or FIFO (`-o /dev/stdout`) is not compared with the inputs:
/// nothing is replaced there.
pub fn check_report_paths(inputs: &[&Path], reports: &[(&str, &Path)]) -> Result<(), Error> {
    let inputs: Vec<(&Path, Identity)> = inputs
        .iter()
        .filter_map(|p| identity(p).map(|(id, _)| (*p, id)))
        .collect();
    let mut seen: Vec<(&str, &Path, Identity)> = Vec::new();
    for &(flag, path) in reports {
        let Some((id, regular)) = identity(path) else {
            // The folder does not exist: writing will say so.
            continue;
        };
        if regular {
            if let Some((input, _)) = inputs.iter().find(|(_, i)| *i == id) {
                return Err(Error::Said(
                    Text::new(Msg::ErrReportIsInput)
                        .arg("flag", flag)
                        .arg("path", path.display().to_string())
                        .arg("input", input.display().to_string()),
                ));
            }
        }
        if let Some((other, other_path, _)) = seen.iter().find(|(_, _, i)| *i == id) {
            return Err(Error::Said(
                Text::new(Msg::ErrReportsSame)
                    .arg("flag", flag)
                    .arg("path", path.display().to_string())
                    .arg("other", *other)
                    .arg("other_path", other_path.display().to_string()),
            ));
        }
        seen.push((flag, path, id));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_replaces_the_old_one_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        write_report(&path, b"one").unwrap();
        write_report(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_report_through_a_link_replaces_the_target_and_keeps_the_link() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.json");
        let link = dir.path().join("link.json");
        fs::write(&target, "old").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_report(&link, b"new").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(fs::read(&target).unwrap(), b"new");
    }

    #[cfg(unix)]
    #[test]
    fn identity_sees_through_spelling_and_links() {
        let dir = tempfile::tempdir().unwrap();
        let roster = dir.path().join("roster.csv");
        fs::write(&roster, "x").unwrap();
        let hard = dir.path().join("hard.csv");
        fs::hard_link(&roster, &hard).unwrap();
        let dotted = dir.path().join(".").join("roster.csv");
        for out in [&hard, &dotted] {
            let e = check_report_paths(&[&roster], &[("--output", out)]).unwrap_err();
            assert!(e.to_string().contains("is the input"), "{e}");
        }
        // Two new files, spelled differently.
        let a = dir.path().join("new.json");
        let b = dir.path().join("sub").join("..").join("new.json");
        fs::create_dir(dir.path().join("sub")).unwrap();
        let e =
            check_report_paths(&[&roster], &[("--output", &a), ("--report-xlsx", &b)]).unwrap_err();
        assert!(e.to_string().contains("same file"), "{e}");
        // Different files pass.
        let c = dir.path().join("other.xlsx");
        check_report_paths(&[&roster], &[("--output", &a), ("--report-xlsx", &c)]).unwrap();
    }

    #[test]
    fn a_long_report_is_put_on_disk_as_it_goes_and_written_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        let mut file = File::create(&path).unwrap();
        // 200 KB in writes of uneven length, a sync asked every 16 KB.
        let expected: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let mut write = |w: &mut dyn Write| {
            for piece in expected.chunks(7_919) {
                w.write_all(piece)?;
            }
            Ok(())
        };
        let synced = write_synced(&mut file, &mut write, 16 << 10).unwrap();
        drop(file);
        assert_eq!(fs::read(&path).unwrap(), expected);
        // One request at a time is kept: each sync covers the requests made while it ran, so
        // there are at least one and at most 200 / 16 of them.
        assert!((1..=12).contains(&synced), "{synced} syncs");
    }

    #[test]
    fn a_report_that_fails_while_syncing_as_it_goes_is_the_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut file = File::create(dir.path().join("report.json")).unwrap();
        let mut write = |w: &mut dyn Write| {
            w.write_all(&[b'x'; 100_000])?;
            Err(std::io::Error::other("the reporter stopped"))
        };
        let e = write_synced(&mut file, &mut write, 4 << 10).unwrap_err();
        assert_eq!(e.to_string(), "the reporter stopped");
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_written_into_not_replaced() {
        write_report(Path::new("/dev/null"), b"nothing").unwrap();
        let meta = fs::metadata("/dev/null").unwrap();
        assert!(!meta.is_file());
        check_report_paths(&[], &[("--output", Path::new("/dev/null"))]).unwrap();
    }
}
