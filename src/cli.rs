//! The command line: subcommands and the flags they share. Each subcommand's own flags live with
//! it in `src/cmd/`.

use clap::{CommandFactory, Parser, Subcommand};

use crate::cmd::{self, Io, Outcome};
use crate::error::Error;

/// xibu checks 西部计划 placement rosters and plan tables against the year's policy.
///
/// Built in: the default edition's plan tables (附件1 scale, 附件2 quotas); --edition DIR loads
/// another year's.
/// Examples:
///   xibu quota 新疆 山东          the quota of one pair (187)
///   xibu quota 新疆               every province recruiting for 新疆
///   xibu quota --from 山东        where 山东 recruits for
///   xibu scale 新疆               新疆's row of 附件1
///   xibu tables verify            check the tables' invariants
///   xibu serve --open             a page on this machine where a roster is dropped and checked
///
/// Exit codes: 0 fine, 1 the answer is no (not in the plan, an invariant fails),
/// 2 the input could not be used.
#[derive(Debug, Parser)]
#[command(name = "xibu", version, verbatim_doc_comment)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Check(cmd::check::Args),
    Quota(cmd::quota::Args),
    Scale(cmd::scale::Args),
    Tables(cmd::tables::Args),
    Rules(cmd::rules::Args),
    Explain(cmd::explain::Args),
    Template(cmd::template::Args),
    Config(cmd::config::Args),
    Completions(cmd::completions::Args),
    Serve(cmd::serve::Args),
}

impl Cli {
    /// The language of what the command prints, its `error:` line included: `--lang` of
    /// `check`, `explain` and `rules` (or `XIBU_LANG`), otherwise `XIBU_LANG`.
    pub fn lang(&self) -> crate::messages::Lang {
        match &self.command {
            Command::Check(args) => args.lang,
            Command::Explain(args) => args.lang(),
            Command::Rules(args) => args.lang(),
            _ => crate::messages::Lang::from_env(),
        }
    }

    pub fn run(&self, io: &mut Io) -> Result<Outcome, Error> {
        match &self.command {
            Command::Check(args) => cmd::check::run(args, io),
            Command::Quota(args) => cmd::quota::run(args, io),
            Command::Scale(args) => cmd::scale::run(args, io),
            Command::Tables(args) => cmd::tables::run(args, io),
            Command::Rules(args) => cmd::rules::run(args, io),
            Command::Explain(args) => cmd::explain::run(args, io),
            Command::Template(args) => cmd::template::run(args, io),
            Command::Config(args) => cmd::config::run(args, io),
            Command::Completions(args) => cmd::completions::run(args, Cli::command(), io),
            Command::Serve(args) => cmd::serve::run(args, io),
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
