//! `xibu config init`: write a commented configuration with every setting at its default.

use std::path::PathBuf;

use super::{Io, Outcome};
use crate::config::DEFAULT_FILE;
use crate::error::Error;
use crate::messages::{Lang, Msg, Text};
use crate::output::write_new_file;
use crate::rules::docs::config_file;

/// Work with the configuration file.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: ConfigCommand,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum ConfigCommand {
    /// Write a commented xibu.toml with every setting at its default.
    Init(InitArgs),
}

#[derive(Debug, Clone, clap::Args)]
pub struct InitArgs {
    /// Where to write it.
    #[arg(short, long, value_name = "FILE", default_value = DEFAULT_FILE)]
    pub output: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &Args, io: &mut Io) -> Result<Outcome, Error> {
    match &args.command {
        ConfigCommand::Init(init) => {
            write_new_file(&init.output, config_file().as_bytes(), init.force)?;
            io.note(
                &Text::new(Msg::Wrote)
                    .arg("path", init.output.display().to_string())
                    .render(Lang::from_env()),
            )?;
            Ok(Outcome::Success)
        }
    }
}
