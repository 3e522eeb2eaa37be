//! `xibu explain ID`: one rule, its policy sentence and its settings in effect, in Chinese unless
//! `--lang en` or `XIBU_LANG=en` asks for English.

use std::path::PathBuf;

use super::{Io, Outcome};
use crate::config::Config;
use crate::error::Error;
use crate::messages::{Arg, Lang, Msg, Text};
use crate::plan::edition::Edition;
use crate::rules::{ALL, RuleConfig, docs, find};

/// Explain one rule: what it checks, the policy sentence behind it, its settings in effect.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The rule id, e.g. S01.
    pub id: String,
    /// Configuration file (default: ./xibu.toml if present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The edition whose thresholds and citations to show (default: the built-in one).
    #[arg(long, value_name = "DIR")]
    pub edition: Option<PathBuf>,
    /// Language of the explanation (default: XIBU_LANG=en for English, otherwise Chinese).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

impl Args {
    /// `--lang`, otherwise `XIBU_LANG`, otherwise Chinese.
    pub fn lang(&self) -> Lang {
        self.lang.unwrap_or_else(Lang::from_env)
    }
}

pub fn run(args: &Args, io: &mut Io) -> Result<Outcome, Error> {
    let Some(rule) = find(&args.id) else {
        let ids: Vec<&str> = ALL.iter().map(|r| r.meta.id).collect();
        // Said here, in the language asked for: a usage error keeps the words it is given.
        return Err(Error::Usage(
            Text::new(Msg::ExplainNoRule)
                .arg("id", Arg::Quoted(args.id.clone()))
                .arg("ids", docs::list(&ids, args.lang()))
                .render(args.lang()),
        ));
    };
    let config = Config::discover(args.config.as_deref())?;
    let rules = RuleConfig::resolve(&config, &Edition::open(args.edition.as_deref())?)?;
    io.print(&docs::explain_in(rule, &rules, args.lang()))?;
    Ok(Outcome::Success)
}
