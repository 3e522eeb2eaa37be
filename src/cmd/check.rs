//! `xibu check`: check a roster against the plan tables and the policy rules.

use std::path::PathBuf;

use super::{Io, Outcome, PlanArgs};
use crate::config::Config;
use crate::error::Error;
use crate::input::SheetChoice;
use crate::report::{FailOn, Lang, Report, ReportFormat, json, text};
use crate::roster::{self, ReadOptions};
use crate::rules::Engine;

/// Check a roster against the year's plan tables and policy rules.
///
/// Prints every violation with its row, cell and the policy sentence behind it. Exit code 0 when
/// nothing is at or above --fail-on, 1 when something is, 2 when the roster cannot be checked.
#[derive(Debug, Clone, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The roster: xlsx, xlsm, xlsb, xls, ods, or CSV/TSV (UTF-8 or GBK).
    pub roster: PathBuf,
    /// The sheet to read, by name or 1-based number (default: the first).
    #[arg(long, value_name = "NAME|INDEX")]
    pub sheet: Option<String>,
    /// Configuration file (default: ./xibu.toml if present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub plan: PlanArgs,
    #[arg(long, value_enum, default_value_t)]
    pub format: ReportFormat,
    /// The least severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t)]
    pub fail_on: FailOn,
    /// Language of messages.
    #[arg(long, value_enum, default_value_t)]
    pub lang: Lang,
    /// Show 身份证号 in full instead of masked (first 6 and last 4 characters).
    #[arg(long)]
    pub show_pii: bool,
}

pub fn run(args: &Args, io: &mut Io) -> Result<Outcome, Error> {
    let config = Config::discover(args.config.as_deref())?;
    let plan = args.plan.load()?;
    let options = ReadOptions {
        sheet: args
            .sheet
            .clone()
            .map(SheetChoice::Named)
            .unwrap_or_default(),
        header_aliases: config.header_aliases.clone(),
        value_aliases: config.value_aliases.clone(),
    };
    let mut engine = Engine::new(&plan, &config);
    let info = roster::read(&args.roster, &options, &mut engine)?;
    let outcome = engine.finish(&info.cell_errors);
    let report = Report {
        info: &info,
        outcome: &outcome,
        lang: args.lang,
        show_pii: args.show_pii,
    };
    io.print(&match args.format {
        ReportFormat::Table => text::render(&report),
        ReportFormat::Json => json::render(&report),
    })?;
    let failed = outcome
        .findings
        .iter()
        .any(|f| args.fail_on.fails(f.severity));
    Ok(if failed {
        Outcome::Failure
    } else {
        Outcome::Success
    })
}
