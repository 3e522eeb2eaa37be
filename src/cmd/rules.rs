//! `xibu rules`: the rule catalog with the values in effect.

use std::path::PathBuf;

use serde::Serialize;

use super::{Io, Outcome};
use crate::config::Config;
use crate::error::Error;
use crate::messages::{Lang, Msg, say};
use crate::plan::edition::Edition;
use crate::render::{Tabular, to_json};
use crate::rules::meta::ScopeKind;
use crate::rules::{ALL, RuleConfig, docs};

/// List the rules with their severity, scope and thresholds in effect.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Configuration file (default: ./xibu.toml if present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The edition whose thresholds and citations to show (default: the built-in one).
    #[arg(long, value_name = "DIR")]
    pub edition: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    pub format: RulesFormat,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum RulesFormat {
    #[default]
    Table,
    Json,
    /// The catalog as docs/rules.md holds it (always at the defaults).
    Markdown,
}

#[derive(Serialize)]
struct RuleJson {
    id: &'static str,
    title_zh: String,
    title_en: String,
    enabled: bool,
    severity: &'static str,
    scope: String,
    #[serde(skip)]
    scope_zh: String,
    settings: std::collections::BTreeMap<&'static str, String>,
    source: String,
}

/// The catalog as blocks: `S01 省内招募比例不超过 70%`, then severity, scope and settings.
fn stacked(rows: &[RuleJson], width: usize) -> String {
    let mut out = String::new();
    for r in rows {
        out.push_str(&format!("{} {}\n", r.id, r.title_zh));
        let mut facts = vec![if r.enabled {
            r.severity.to_string()
        } else {
            format!("{} (disabled)", r.severity)
        }];
        facts.push(r.scope.clone());
        facts.extend(r.settings.iter().map(|(k, v)| format!("{k} = {v}")));
        let mut line = String::from("    ");
        for (i, f) in facts.iter().enumerate() {
            let sep = if i == 0 { "" } else { " · " };
            if i > 0 && crate::text::width(&line) + sep.len() + crate::text::width(f) > width {
                out.push_str(line.trim_end());
                out.push('\n');
                line = format!("    {f}");
            } else {
                line.push_str(sep);
                line.push_str(f);
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

pub fn run(args: &Args, io: &mut Io) -> Result<Outcome, Error> {
    if args.format == RulesFormat::Markdown {
        io.print(&docs::markdown())?;
        return Ok(Outcome::Success);
    }
    let config = Config::discover(args.config.as_deref())?;
    let rules = RuleConfig::resolve(&config, &Edition::open(args.edition.as_deref())?)?;
    let rows: Vec<RuleJson> = ALL
        .iter()
        .map(|rule| {
            let m = rule.meta;
            let s = rules.get(m.id);
            RuleJson {
                id: m.id,
                title_zh: rules.title(m.id, Lang::Zh),
                title_en: rules.title(m.id, Lang::En),
                enabled: s.enabled,
                severity: s.severity.name(),
                scope: if m.scope == ScopeKind::Share {
                    s.scope.key().to_string()
                } else {
                    m.scope.describe().to_string()
                },
                scope_zh: match m.scope {
                    ScopeKind::Share => s.scope.key().to_string(),
                    ScopeKind::Row => say(Msg::ScopeRow, Lang::Zh),
                    ScopeKind::Pair => say(Msg::ScopePair, Lang::Zh),
                    ScopeKind::ProvincePart => say(Msg::ScopeProvincePart, Lang::Zh),
                    ScopeKind::Roster => say(Msg::ScopeRoster, Lang::Zh),
                },
                settings: s.options.literals().into_iter().collect(),
                source: match rules.citation(m.id) {
                    Some(c) => format!("{} {}", c.title, c.section).trim().to_string(),
                    None => crate::messages::say(crate::messages::Msg::DataQuality, Lang::Zh),
                },
            }
        })
        .collect();
    let text = match args.format {
        RulesFormat::Json => to_json(&rows),
        _ => {
            let lang = Lang::from_env();
            let heads = [
                Msg::RulesHeadId,
                Msg::RulesHeadRule,
                Msg::RulesHeadSeverity,
                Msg::RulesHeadScope,
                Msg::RulesHeadSettings,
            ]
            .map(|m| say(m, lang));
            let heads: Vec<&str> = heads.iter().map(String::as_str).collect();
            let mut t = Tabular::new(&heads, &[]);
            for r in &rows {
                let settings = r
                    .settings
                    .iter()
                    .map(|(k, v)| format!("{k} = {v}"))
                    .collect::<Vec<_>>()
                    .join("; ");
                let severity = if r.enabled {
                    r.severity.to_string()
                } else {
                    format!("{}{}", r.severity, say(Msg::RulesDisabled, lang))
                };
                let (title, scope) = match lang {
                    Lang::Zh => (&r.title_zh, &r.scope_zh),
                    Lang::En => (&r.title_en, &r.scope),
                };
                t.push([r.id, title, &severity, scope, &settings]);
            }
            let table = t.to_table();
            let width = crate::report::text::terminal_width(std::io::IsTerminal::is_terminal(
                &std::io::stdout(),
            ));
            if table.lines().all(|l| crate::text::width(l) <= width) {
                table
            } else {
                // Too wide for the terminal: one block a rule, its facts on one wrapped line.
                stacked(&rows, width)
            }
        }
    };
    io.print(&text)?;
    Ok(Outcome::Success)
}
