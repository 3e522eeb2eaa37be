//! One file per subcommand, each with its `Args` and `run`, thin over the library.

pub mod check;
pub mod completions;
pub mod config;
pub mod explain;
pub mod inputs;
pub mod quota;
pub mod rules;
pub mod scale;
pub mod serve;
pub mod server;
pub mod tables;
pub mod template;

use std::io::Write;
use std::path::PathBuf;

use crate::error::Error;
use crate::plan::Plan;

/// How a command that ran to the end came out: exit code 0 or 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: the answer is "no" (a pair not in the plan, an invariant that fails).
    Failure,
}

/// `--edition DIR --scale FILE --quotas FILE`: the year's plan, built in when not given.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct PlanArgs {
    /// A year's edition: a folder with edition.toml (documents, calendar, thresholds,
    /// citations) and its two tables, instead of the built-in one.
    #[arg(long, value_name = "DIR", global = true)]
    pub edition: Option<PathBuf>,
    /// 附件1 per-province scale table (CSV, xlsx, xls, ods) instead of the edition's.
    #[arg(long, value_name = "FILE", global = true)]
    pub scale: Option<PathBuf>,
    /// 附件2 paired-recruitment quota table (CSV, xlsx, xls, ods) instead of the edition's.
    #[arg(long, value_name = "FILE", global = true)]
    pub quotas: Option<PathBuf>,
}

impl PlanArgs {
    /// The plan, refusing tables with province cells that name no province.
    pub fn load(&self) -> Result<Plan, Error> {
        Ok(self.load_unchecked()?.require_clean()?)
    }

    /// The plan, with province cells that name no province kept as problems.
    pub fn load_unchecked(&self) -> Result<Plan, Error> {
        Ok(Plan::load_edition(
            self.edition.as_deref(),
            self.scale.as_deref(),
            self.quotas.as_deref(),
        )?)
    }
}

/// Where a command writes: the report to `out`, messages for people to `err`.
pub struct Io<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
}

impl Io<'_> {
    pub fn print(&mut self, text: &str) -> Result<(), Error> {
        self.out.write_all(text.as_bytes())?;
        Ok(())
    }

    pub fn note(&mut self, text: &str) -> Result<(), Error> {
        writeln!(self.err, "{text}")?;
        Ok(())
    }
}
