//! `xibu completions SHELL`: the shell completion script, generated from the command line's own
//! definition.

use clap::CommandFactory;
use clap_complete::Shell;

use super::{Io, Outcome};
use crate::error::Error;

/// Print the completion script for a shell (bash, zsh, fish, elvish, powershell).
///
/// For example: `xibu completions bash > /etc/bash_completion.d/xibu`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    pub shell: Shell,
}

pub fn run(args: &Args, io: &mut Io) -> Result<Outcome, Error> {
    let mut command = crate::cli::Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "xibu", &mut script);
    io.print(&String::from_utf8_lossy(&script))?;
    Ok(Outcome::Success)
}
