//! `xibu serve`: the check as a page on this machine, for the clerk who never opens a terminal.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::server::{DEFAULT_MAX_UPLOAD_MIB, Server, Settings, open_browser};
use super::{Io, Outcome, PlanArgs};
use crate::config::Config;
use crate::error::Error;

/// Serve a page on 127.0.0.1 where a roster is dropped and checked.
///
/// Prints the page's address, with a secret that changes at every start; only this machine can
/// reach it, and only with that address. The page gives the same report as `xibu check`, the
/// annotated workbook and the JSON report, and the quota and scale look-ups. Ctrl-C stops it.
#[derive(Debug, Clone, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The port on 127.0.0.1 (default: a free port the system picks).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Open the page in the default browser.
    #[arg(long)]
    pub open: bool,
    /// The largest upload accepted, in MiB (all files of one check together).
    #[arg(long, value_name = "MIB", default_value_t = DEFAULT_MAX_UPLOAD_MIB,
          value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub max_upload: u64,
    /// Configuration file for every check (default: ./xibu.toml if present); the page may
    /// send its own.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub plan: PlanArgs,
}

pub fn run(args: &Args, io: &mut Io) -> Result<Outcome, Error> {
    let config = Config::discover(args.config.as_deref())?;
    // The tables are loaded once here so that a bad --scale/--quotas fails at start.
    args.plan.load()?;
    let mut server = Server::bind(Settings {
        port: args.port,
        plan: args.plan.clone(),
        config,
        max_upload: args.max_upload.saturating_mul(1 << 20),
    })?;
    let stop = Arc::new(AtomicBool::new(false));
    // Ctrl-C and SIGTERM (ctrlc's `termination` feature) ask the loop to stop; the same crate
    // removes `check`'s temporary report files, so the program has one signal mechanism.
    let flag = Arc::clone(&stop);
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
        .map_err(|e| Error::Usage(format!("cannot handle Ctrl-C: {e}")))?;
    let url = server.url();
    // The address on standard output, alone on its line, so that a script can read it.
    io.print(&format!("{url}\n"))?;
    io.out.flush()?;
    io.note("xibu serve：在浏览器中打开上面的地址（仅限本机访问）；按 Ctrl-C 停止。")?;
    io.note("xibu serve: open the address above in a browser (this machine only); Ctrl-C stops.")?;
    if args.open
        && let Err(e) = open_browser(&url)
    {
        io.note(&format!(
            "xibu serve: cannot open a browser ({e}); open the address yourself"
        ))?;
    }
    server.run(&stop);
    io.note("xibu serve: stopped")?;
    Ok(Outcome::Success)
}
