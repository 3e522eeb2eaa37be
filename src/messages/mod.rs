//! Every sentence xibu shows a person, in one place per language.

/// The language of everything a user reads: Chinese by default, English with `--lang en` or
/// `XIBU_LANG=en`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Zh,
    En,
}
