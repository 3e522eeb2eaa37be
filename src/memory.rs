//! The last line of defence against a file whose claims size an allocation: xibu runs every
//! command in a child process of itself under an address-space limit (`RLIMIT_AS`), and the
//! parent turns the child's death by exhaustion into one `error:` line and exit code 2.
//!
//! The readers check what files claim (counts, extents, sizes) before anything is allocated for
//! them, but the workbook reader is a library with many formats, and an allocation that fails
//! aborts the process: it cannot be caught with `catch_unwind`. A budgeted allocator would need
//! `unsafe` (forbidden in this crate) and would abort all the same; only a process boundary turns
//! an abort into a message. Its cost is one more `exec` of the binary, 3 to 6 ms a run on the
//! development machine (docs/fuzzing.md has the figures).

use std::ffi::OsString;
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

/// The limit in MiB, from the environment; `0` or `off` runs in one process without a limit.
pub const LIMIT_ENV: &str = "XIBU_MEMORY_LIMIT";
/// Address space a run may take by default. The largest roster `check` accepts takes well under
/// a gigabyte of memory (docs/benchmarks.md); address space counts thread stacks and allocator
/// arenas as well, so the default leaves room.
pub const DEFAULT_LIMIT_MIB: u64 = 8192;
/// Set in the child: its limit in bytes.
const CHILD_ENV: &str = "XIBU_LIMITED_CHILD";
/// Set in the child when the parent's standard error is a terminal (the child's is a pipe).
const TERMINAL_ENV: &str = "XIBU_STDERR_TERMINAL";
/// What Rust's runtime writes before it aborts on a failed allocation.
const ALLOCATION_FAILED: &[u8] = b"memory allocation of ";

/// Whether messages for people go to a terminal (progress is shown only then).
pub fn stderr_is_terminal() -> bool {
    std::env::var_os(TERMINAL_ENV).is_some() || std::io::stderr().is_terminal()
}

/// The limit in bytes asked for by [`LIMIT_ENV`], `None` when it is off.
fn wanted_limit() -> Option<u64> {
    match std::env::var(LIMIT_ENV) {
        Ok(v) if v.trim() == "0" || v.trim().eq_ignore_ascii_case("off") => None,
        Ok(v) => Some(
            v.trim()
                .parse::<u64>()
                .unwrap_or(DEFAULT_LIMIT_MIB)
                .saturating_mul(1 << 20),
        ),
        Err(_) => Some(DEFAULT_LIMIT_MIB << 20),
    }
}

/// Call first thing in `main`. In the parent it runs the same command as a child under the limit,
/// waits for it and returns its exit code; in the child (or when the limit is off or cannot be
/// set up) it returns `None` and the command runs here.
pub fn run_limited() -> Option<ExitCode> {
    if let Some(limit) = std::env::var_os(CHILD_ENV) {
        apply(limit.to_str().and_then(|s| s.parse().ok()));
        return None;
    }
    let limit = wanted_limit()?;
    supervise(limit)
}

#[cfg(unix)]
fn apply(limit: Option<u64>) {
    use rlimit::Resource;
    watch_parent();
    let Some(limit) = limit else { return };
    if let Ok((soft, hard)) = rlimit::getrlimit(Resource::AS) {
        // Never above a limit the caller already set (`ulimit -v`), nor above the hard limit.
        let _ = rlimit::setrlimit(Resource::AS, limit.min(soft).min(hard), hard);
    }
}

/// Ends the child when the parent is gone: a parent killed by a signal it cannot pass on (a
/// supervisor's SIGTERM to `xibu serve`, say) must not leave the child running on its own.
#[cfg(unix)]
fn watch_parent() {
    let parent = std::os::unix::process::parent_id();
    // The thread is running before the address-space limit is set: the runtime maps each new
    // thread's signal stack as it starts, and under an exhausted limit that mapping fails with a
    // panic (seen once in the memory-limit test under load, when the limit won the race).
    let started = std::sync::Arc::new(std::sync::Barrier::new(2));
    let ready = std::sync::Arc::clone(&started);
    let spawned = std::thread::Builder::new()
        .name("parent-watch".to_string())
        .stack_size(64 * 1024)
        .spawn(move || {
            ready.wait();
            loop {
                std::thread::sleep(std::time::Duration::from_millis(500));
                if std::os::unix::process::parent_id() != parent {
                    crate::output::remove_temp_files_and_exit(143);
                }
            }
        });
    if spawned.is_ok() {
        started.wait();
    }
}

/// The limit the child runs under: the one asked for, or a lower one already in force.
#[cfg(unix)]
fn effective(limit: u64) -> u64 {
    rlimit::getrlimit(rlimit::Resource::AS).map_or(limit, |(soft, hard)| limit.min(soft).min(hard))
}

#[cfg(not(unix))]
fn apply(_limit: Option<u64>) {}

#[cfg(unix)]
fn supervise(limit: u64) -> Option<ExitCode> {
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};

    let exe = std::env::current_exe().ok()?;
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let mut command = Command::new(exe);
    command
        .args(&args)
        .env(CHILD_ENV, limit.to_string())
        .stdin(Stdio::inherit())
        .stdout(Stdio::inherit())
        .stderr(Stdio::piped());
    if std::io::stderr().is_terminal() {
        command.env(TERMINAL_ENV, "1");
    }
    // Cannot start it (no /proc, say): run here, unlimited, rather than not at all.
    let mut child = command.spawn().ok()?;
    forward_stop_signals(child.id());
    let mut err = std::io::stderr();
    if let Some(mut from) = child.stderr.take() {
        // Passed on as it comes (progress lines included), up to the runtime's own line about a
        // failed allocation and the backtrace after it: the parent says that in one error line.
        let mut buf = vec![0u8; 8192];
        let mut aborting = false;
        while let Ok(n) = from.read(&mut buf) {
            let Some(chunk) = buf.get(..n).filter(|c| !c.is_empty()) else {
                break;
            };
            if aborting {
                continue;
            }
            let cut = chunk
                .windows(ALLOCATION_FAILED.len())
                .position(|w| w == ALLOCATION_FAILED);
            aborting = cut.is_some();
            let _ = err.write_all(chunk.get(..cut.unwrap_or(n)).unwrap_or_default());
            let _ = err.flush();
        }
    }
    let status = match child.wait() {
        Ok(status) => status,
        Err(e) => {
            let _ = writeln!(err, "error: lost the checking process: {e}");
            return Some(ExitCode::from(2));
        }
    };
    if let Some(code) = status.code() {
        return Some(ExitCode::from(u8::try_from(code).unwrap_or(2)));
    }
    let signal = status.signal().unwrap_or(0);
    let _ = match signal {
        // SIGABRT: a failed allocation; SIGKILL: the kernel's out-of-memory killer; SIGSEGV:
        // a thread stack that could not grow.
        6 | 9 | 11 => writeln!(
            err,
            "error: reading the input needed more than the {} MiB of memory xibu allows itself \
             and was stopped; a file whose counts or sizes claim far more than it holds is \
             damaged or hostile (to allow more, set {LIMIT_ENV} to a number of MiB)",
            effective(limit) >> 20
        ),
        _ => writeln!(
            err,
            "error: the checking process was stopped by signal {signal}"
        ),
    };
    Some(ExitCode::from(2))
}

/// Ctrl-C, SIGTERM or SIGHUP sent to xibu (the parent) is passed on to the checking child as
/// SIGTERM: the child removes its temporary report file (or `serve` stops) and exits, and the
/// parent, waiting for it, exits with the child's code. A Ctrl-C at a terminal reaches both; the
/// child's own handler has then already begun, and the second signal changes nothing.
#[cfg(unix)]
fn forward_stop_signals(child: u32) {
    use nix::sys::signal::{Signal, kill};
    use nix::unistd::Pid;
    let Ok(pid) = i32::try_from(child) else {
        return;
    };
    // If a handler cannot be installed, the default one ends the parent, and the child's
    // watch of its parent ends the child within half a second, removing its temporary files.
    let _ = ctrlc::set_handler(move || {
        let _ = kill(Pid::from_raw(pid), Signal::SIGTERM);
    });
}

#[cfg(not(unix))]
fn supervise(_limit: u64) -> Option<ExitCode> {
    None
}
