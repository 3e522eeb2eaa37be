//! `xibu.toml` as plain data: the year's calendar, extra aliases, and each `[rules.ID]` section as
//! raw TOML values with their lines. This module knows nothing of the rules: they read and
//! validate their own sections (`rules::settings`), so that a rule's options live with the rule.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use crate::roster::schema::Column;

/// The file looked for in the working directory when `--config` is not given.
pub const DEFAULT_FILE: &str = "xibu.toml";

/// The year's calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Calendar {
    /// The 报到 window, inclusive: 7月20日至31日 in 2020.
    pub report_from: NaiveDate,
    pub report_to: NaiveDate,
}

impl Default for Calendar {
    fn default() -> Calendar {
        Calendar {
            report_from: NaiveDate::from_ymd_opt(2020, 7, 20).unwrap_or_default(),
            report_to: NaiveDate::from_ymd_opt(2020, 7, 31).unwrap_or_default(),
        }
    }
}

/// One `[rules.ID]` section, as written.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSection {
    pub id: String,
    pub line: usize,
    pub entries: Vec<Entry>,
}

/// One `key = value` of a rule's section, with the lines of the key and of the value.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_line: usize,
    pub value: toml::Value,
    pub value_line: usize,
}

/// The configuration in effect.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// The file it was read from, if any.
    pub file: Option<PathBuf>,
    /// The `[rules.ID]` sections, in file order; the rules resolve them.
    pub rules: Vec<RuleSection>,
    pub calendar: Calendar,
    pub header_aliases: Vec<(String, Column)>,
    pub value_aliases: Vec<(Column, String, String)>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{}: cannot read: {source}", file.display())]
    Io {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: line {line}: {message}", file.display())]
    At {
        file: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{}: {message}", file.display())]
    Toml { file: PathBuf, message: String },
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    calendar: RawCalendar,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<toml::Value>>>,
    #[serde(default)]
    aliases: RawAliases,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    report_from: Option<Spanned<toml::value::Datetime>>,
    report_to: Option<Spanned<toml::value::Datetime>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawAliases {
    #[serde(default)]
    headers: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    values: BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<String>>>,
}

impl Config {
    /// `--config FILE` when given; else `xibu.toml` in the working directory if there is one;
    /// else the defaults.
    pub fn discover(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        match explicit {
            Some(path) => Config::load(path),
            None => {
                let path = Path::new(DEFAULT_FILE);
                if path.is_file() {
                    Config::load(path)
                } else {
                    Ok(Config::default())
                }
            }
        }
    }

    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            file: path.to_path_buf(),
            source,
        })?;
        Config::parse(path, &text)
    }

    /// Reads configuration text; `path` names it in messages.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| match e.span() {
            // One line, as every xibu error: toml's own rendering spans several.
            Some(span) => ConfigError::At {
                file: path.to_path_buf(),
                line: line_of(text, span.start),
                message: e.message().trim().replace('\n', " "),
            },
            None => ConfigError::Toml {
                file: path.to_path_buf(),
                message: e.message().trim().replace('\n', " "),
            },
        })?;
        let at = |span: Range<usize>, message: String| ConfigError::At {
            file: path.to_path_buf(),
            line: line_of(text, span.start),
            message,
        };
        let mut config = Config {
            file: Some(path.to_path_buf()),
            ..Config::default()
        };

        for (id, table) in &raw.rules {
            config.rules.push(RuleSection {
                id: id.get_ref().clone(),
                line: line_of(text, id.span().start),
                entries: table
                    .iter()
                    .map(|(key, value)| Entry {
                        key: key.get_ref().clone(),
                        key_line: line_of(text, key.span().start),
                        value: value.get_ref().clone(),
                        value_line: line_of(text, value.span().start),
                    })
                    .collect(),
            });
        }

        let date = |d: &Spanned<toml::value::Datetime>| -> Result<NaiveDate, ConfigError> {
            let dt = d.get_ref();
            match (dt.date, dt.time) {
                (Some(date), None) => NaiveDate::from_ymd_opt(
                    i32::from(date.year),
                    u32::from(date.month),
                    u32::from(date.day),
                )
                .ok_or_else(|| at(d.span(), "not a calendar date".into())),
                _ => Err(at(d.span(), "write a date alone, like 2020-07-20".into())),
            }
        };
        if let Some(d) = &raw.calendar.report_from {
            config.calendar.report_from = date(d)?;
        }
        if let Some(d) = &raw.calendar.report_to {
            config.calendar.report_to = date(d)?;
        }
        if config.calendar.report_from > config.calendar.report_to {
            let span = raw
                .calendar
                .report_to
                .as_ref()
                .map(|d| d.span())
                .unwrap_or(0..0);
            return Err(at(span, "report_to is before report_from".into()));
        }

        for (alias, column) in &raw.aliases.headers {
            let Some(c) = Column::from_name(column.get_ref()) else {
                return Err(at(
                    column.span(),
                    format!("{:?} is not a roster column", column.get_ref()),
                ));
            };
            config
                .header_aliases
                .push((alias.get_ref().trim().to_string(), c));
        }
        for (column, map) in &raw.aliases.values {
            let Some(c) = Column::from_name(column.get_ref()) else {
                return Err(at(
                    column.span(),
                    format!("{:?} is not a roster column", column.get_ref()),
                ));
            };
            let choices = c.choices();
            if choices.is_empty() {
                return Err(at(
                    column.span(),
                    format!("{c} has no fixed values to alias"),
                ));
            }
            for (alias, canonical) in map {
                if !choices.contains(&canonical.get_ref().trim()) {
                    return Err(at(
                        canonical.span(),
                        format!(
                            "{:?} is not a {c} value; the values are {}",
                            canonical.get_ref(),
                            choices.join(" / ")
                        ),
                    ));
                }
                config.value_aliases.push((
                    c,
                    alias.get_ref().trim().to_string(),
                    canonical.get_ref().trim().to_string(),
                ));
            }
        }
        Ok(config)
    }

    /// An error at a line of this configuration's file.
    pub fn error_at(&self, line: usize, message: String) -> ConfigError {
        ConfigError::At {
            file: self
                .file
                .clone()
                .unwrap_or_else(|| PathBuf::from(DEFAULT_FILE)),
            line,
            message,
        }
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map(|before| before.matches('\n').count() + 1)
        .unwrap_or(1)
}

/// The head of a commented configuration with every setting at its default, for
/// `xibu config init`; the rules add their sections after it and [`DEFAULT_FILE_TAIL`].
pub fn default_file_head() -> String {
    String::from(
        "# xibu configuration. Every setting below is at its default; change what your year's\n\
         # notice changes, delete the rest. Shares are compared exactly: \"≤ 70%\" means\n\
         # count × 100 ≤ 70 × total.\n\n\
         [calendar]\n\
         # The 报到 window (notice 二: 7月20日至31日), inclusive.\n\
         report_from = 2020-07-20\n\
         report_to = 2020-07-31\n",
    )
}

/// The end of the default configuration: the alias sections.
pub const DEFAULT_FILE_TAIL: &str = "\n# Extra spellings of headers and values, as your office's files write them.\n\
     [aliases.headers]\n\
     # \"派遣省份\" = \"招募省份\"\n\n\
     [aliases.values.\"学历\"]\n\
     # \"大学专科\" = \"专科\"\n";

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("xibu.toml"), text)
    }

    #[test]
    fn rule_sections_are_kept_raw_with_their_lines() {
        let config = parse("[rules.S01]\nlimit_percent = 66.5\n\nscope = \"national\"\n").unwrap();
        let [section] = config.rules.as_slice() else {
            panic!("{config:?}")
        };
        assert_eq!(section.id, "S01");
        let keys: Vec<(&str, usize)> = section
            .entries
            .iter()
            .map(|e| (e.key.as_str(), e.value_line))
            .collect();
        assert_eq!(keys, [("limit_percent", 2), ("scope", 4)]);
    }

    #[test]
    fn toml_errors_name_their_line() {
        let err = parse("[calender]\nreport_from = 2020-07-20\n").unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("line 1") && text.contains("unknown field `calender`"),
            "{text}"
        );
    }

    #[test]
    fn calendar_and_aliases() {
        let config = parse(
            "[calendar]\nreport_from = 2021-07-15\nreport_to = 2021-07-31\n\
             [aliases.headers]\n\"派遣省份\" = \"招募省份\"\n\
             [aliases.values.\"学历\"]\n\"大学专科\" = \"专科\"\n",
        )
        .unwrap();
        assert_eq!(
            config.calendar.report_from,
            NaiveDate::from_ymd_opt(2021, 7, 15).unwrap()
        );
        assert_eq!(
            config.header_aliases,
            [("派遣省份".to_string(), Column::RecruitProvince)]
        );
        assert_eq!(
            config.value_aliases,
            [(
                Column::Education,
                "大学专科".to_string(),
                "专科".to_string()
            )]
        );
        let err = parse("[aliases.values.\"学历\"]\n\"大学专科\" = \"大专\"\n").unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
    }
}
