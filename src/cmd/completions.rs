//! `xibu completions SHELL`: the shell completion script, generated from the command line's own
//! definition.

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

/// `command` is the whole command line's definition, which `cli` hands down: this module does not
/// reach back up for it.
pub fn run(args: &Args, mut command: clap::Command, io: &mut Io) -> Result<Outcome, Error> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "xibu", &mut script);
    io.print(&String::from_utf8_lossy(&script))?;
    Ok(Outcome::Success)
}
