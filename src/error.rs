//! The error a command ends with when its input could not be used (exit code 2).

use crate::config::ConfigError;
use crate::input::InputError;
use crate::plan::PlanError;
use crate::province::UnknownProvince;
use crate::roster::RosterError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Roster(#[from] RosterError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("{0}")]
    Province(#[from] UnknownProvince),
    #[error("{0}")]
    Usage(String),
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
}

impl Error {
    /// A reader went away (`xibu … | head`): not a failure of xibu's.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}
