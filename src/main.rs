#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use xibu::cli::Cli;
use xibu::cmd::{Io, Outcome};

fn main() -> ExitCode {
    // Every command runs in a child process under a memory limit, so that a hostile file that
    // exhausts it ends in one error line and exit 2 rather than an abort.
    if let Some(code) = xibu::memory::run_limited() {
        return code;
    }
    // A damaged workbook can make the workbook reader panic; that is caught and reported as one
    // line about the file, without a backtrace.
    xibu::input::install_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version are not errors; a bad argument is exit 2, as clap's own.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = stdout.lock();
    let mut err = stderr.lock();
    let result = cli.run(&mut Io {
        out: &mut out,
        err: &mut err,
    });
    let flushed = out.flush();
    match result {
        Ok(_)
            if flushed
                .as_ref()
                .is_err_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Ok(_) if flushed.is_err() => {
            let _ = writeln!(err, "error: cannot write the output");
            ExitCode::from(2)
        }
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Failure) => ExitCode::from(1),
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            // One line whatever the message holds (a file name with a line break, a cell value).
            let _ = writeln!(
                err,
                "error: {}",
                xibu::text::one_line(&e.message(cli.lang()))
            );
            ExitCode::from(2)
        }
    }
}
