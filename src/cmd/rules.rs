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
    /// Language of the table and of the markdown (default: XIBU_LANG=en for English, otherwise
    /// Chinese).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

impl Args {
    /// `--lang`, otherwise `XIBU_LANG`, otherwise Chinese.
    pub fn lang(&self) -> Lang {
        self.lang.unwrap_or_else(Lang::from_env)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum RulesFormat {
    #[default]
    Table,
    Json,
    /// The catalog as docs/rules.md (Chinese) and docs/rules.en.md (--lang en) hold it, always
    /// at the defaults.
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
fn stacked(rows: &[RuleJson], width: usize, lang: Lang) -> String {
    let mut out = String::new();
    for r in rows {
        let (title, scope, severity) = match lang {
            Lang::Zh => (
                &r.title_zh,
                &r.scope_zh,
                crate::rules::Severity::parse(r.severity).map_or(r.severity, |s| s.name_zh()),
            ),
            Lang::En => (&r.title_en, &r.scope, r.severity),
        };
        out.push_str(&format!("{} {title}\n", r.id));
        let mut facts = vec![if r.enabled {
            severity.to_string()
        } else {
            format!("{severity}{}", say(Msg::RulesDisabled, lang))
        }];
        facts.push(scope.clone());
        facts.extend(r.settings.iter().map(|(k, v)| format!("{k} = {v}")));
        let mut line = String::from("    ");
        for (i, f) in facts.iter().enumerate() {
            let sep = if i == 0 { "" } else { " · " };
            if i > 0 && crate::text::width(&line) + sep.len() + crate::text::width(f) > width {
                out.push_str(line.trim_end());
                out.push('\n');
                line = format!("    {f}");
                if crate::text::width(&line) > width {
                    // A list longer than the line (`provinces = [32 names]`): broken after its
                    // commas, never inside a name.
                    let mut pieces = wrap_after_commas(&line, width, "        ");
                    line = pieces.pop().unwrap_or_default();
                    for piece in pieces {
                        out.push_str(&piece);
                        out.push('\n');
                    }
                }
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

/// `text` cut into lines of at most `width` columns after its `", "` separators; the lines after
/// the first start with `indent`. A piece wider than the line stands alone.
fn wrap_after_commas(text: &str, width: usize, indent: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for piece in text.split_inclusive(", ") {
        if !line.trim().is_empty() && crate::text::width(&line) + crate::text::width(piece) > width
        {
            lines.push(line.trim_end().to_string());
            line = indent.to_string();
        }
        line.push_str(piece);
    }
    lines.push(line);
    lines
}

pub fn run(args: &Args, io: &mut Io) -> Result<Outcome, Error> {
    let lang = args.lang();
    if args.format == RulesFormat::Markdown {
        io.print(&docs::markdown(lang))?;
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
                scope: match m.scope {
                    ScopeKind::Share => s.scope.key().to_string(),
                    other => other.describe(Lang::En),
                },
                scope_zh: match m.scope {
                    ScopeKind::Share => s.scope.key().to_string(),
                    other => other.describe(Lang::Zh),
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
                stacked(&rows, width, lang)
            }
        }
    };
    io.print(&text)?;
    Ok(Outcome::Success)
}

#[cfg(test)]
mod tests {
    use super::wrap_after_commas;

    #[test]
    fn a_long_list_breaks_after_commas_within_the_width() {
        let names: Vec<String> = (0..32).map(|i| format!("\"省份{i}\"")).collect();
        let text = format!("    provinces = [{}]", names.join(", "));
        let lines = wrap_after_commas(&text, 80, "        ");
        assert!(lines.len() > 1);
        for line in &lines {
            assert!(crate::text::width(line) <= 80, "{line}");
        }
        assert!(lines.iter().skip(1).all(|l| l.starts_with("        \"")));
        // Nothing lost or doubled: the pieces join back into the list.
        let joined: String = lines
            .iter()
            .map(|l| l.trim_start())
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(joined, text.trim_start());
    }

    #[test]
    fn a_short_list_stays_on_its_line() {
        let text = "    keywords = [\"涉密\", \"保密\"]";
        assert_eq!(wrap_after_commas(text, 80, "  "), vec![text.to_string()]);
    }
}
