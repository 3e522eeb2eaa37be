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
/// The largest configuration file xibu reads (only a regular file is read): a generous one is a
/// few KiB.
pub const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// The year's calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Calendar {
    /// The 报到 window, inclusive (the edition's, e.g. 7月20日至31日).
    pub report_from: NaiveDate,
    pub report_to: NaiveDate,
    /// The 补录 deadline, if the edition sets one.
    pub late_until: Option<NaiveDate>,
}

/// The `[calendar]` dates a file sets, each with its line; the rest come from the edition.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CalendarOverrides {
    pub report_from: Option<(NaiveDate, usize)>,
    pub report_to: Option<(NaiveDate, usize)>,
    pub late_until: Option<(NaiveDate, usize)>,
}

/// One `[rules.ID]` section, as written.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSection {
    /// The file it is written in, for messages.
    pub file: PathBuf,
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
    pub calendar: CalendarOverrides,
    pub header_aliases: Vec<(String, Column)>,
    pub value_aliases: Vec<(Column, String, String)>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// Not a regular file, too large, or unreadable.
    #[error(transparent)]
    Input(#[from] crate::input::InputError),
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
    late_until: Option<Spanned<toml::value::Datetime>>,
}

/// Only the `[rules]` of a TOML document, whatever else it holds.
#[derive(Deserialize, Default)]
struct RawRules {
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<toml::Value>>>,
}

type RawSections = BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<toml::Value>>>;

fn sections(path: &Path, text: &str, raw: &RawSections) -> Vec<RuleSection> {
    raw.iter()
        .map(|(id, table)| RuleSection {
            file: path.to_path_buf(),
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
        })
        .collect()
}

fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> ConfigError {
    match e.span() {
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
    }
}

/// The `[rules.ID]` sections of any TOML document (an edition's thresholds), raw.
pub fn rule_sections(path: &Path, text: &str) -> Result<Vec<RuleSection>, ConfigError> {
    let raw: RawRules = toml::from_str(text).map_err(|e| toml_error(path, text, &e))?;
    Ok(sections(path, text, &raw.rules))
}

/// A TOML date alone (no time), or a message saying what to write.
pub fn toml_date(d: &toml::value::Datetime) -> Result<NaiveDate, String> {
    match (d.date, d.time) {
        (Some(date), None) => NaiveDate::from_ymd_opt(
            i32::from(date.year),
            u32::from(date.month),
            u32::from(date.day),
        )
        .ok_or_else(|| "not a calendar date".to_string()),
        _ => Err("write a date alone, as YYYY-MM-DD".to_string()),
    }
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
        let text = crate::input::read_small_text(path, MAX_CONFIG_BYTES)?;
        Config::parse(path, &text)
    }

    /// Reads configuration text; `path` names it in messages.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| toml_error(path, text, &e))?;
        let at = |span: Range<usize>, message: String| ConfigError::At {
            file: path.to_path_buf(),
            line: line_of(text, span.start),
            message,
        };
        let mut config = Config {
            file: Some(path.to_path_buf()),
            rules: sections(path, text, &raw.rules),
            ..Config::default()
        };

        let date = |d: &Option<Spanned<toml::value::Datetime>>| -> Result<Option<(NaiveDate, usize)>, ConfigError> {
            match d {
                None => Ok(None),
                Some(d) => toml_date(d.get_ref())
                    .map(|date| Some((date, line_of(text, d.span().start))))
                    .map_err(|m| at(d.span(), m)),
            }
        };
        config.calendar = CalendarOverrides {
            report_from: date(&raw.calendar.report_from)?,
            report_to: date(&raw.calendar.report_to)?,
            late_until: date(&raw.calendar.late_until)?,
        };

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

    /// The edition's calendar with this file's dates put in; an error at the line of a date that
    /// leaves the 报到 window upside down.
    pub fn calendar_over(&self, edition: &Calendar) -> Result<Calendar, ConfigError> {
        let c = &self.calendar;
        let calendar = Calendar {
            report_from: c.report_from.map_or(edition.report_from, |d| d.0),
            report_to: c.report_to.map_or(edition.report_to, |d| d.0),
            late_until: c.late_until.map(|d| d.0).or(edition.late_until),
        };
        if calendar.report_from > calendar.report_to {
            let line = c.report_to.or(c.report_from).map_or(1, |d| d.1);
            return Err(self.error_at(line, "report_to is before report_from".into()));
        }
        Ok(calendar)
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
pub fn default_file_head(calendar: &Calendar) -> String {
    let mut out = String::from(
        "# xibu configuration. Every setting below is at its default; change what your year's\n\
         # notice changes, delete the rest. Shares are compared exactly: \"≤ 70%\" means\n\
         # count × 100 ≤ 70 × total.\n\n\
         [calendar]\n\
         # The 报到 window (notice 二), inclusive, and the 补录 deadline, as the edition sets them.\n",
    );
    out.push_str(&format!(
        "report_from = {}\nreport_to = {}\n",
        calendar.report_from, calendar.report_to
    ));
    if let Some(d) = calendar.late_until {
        out.push_str(&format!("late_until = {d}\n"));
    }
    out
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
            Some((NaiveDate::from_ymd_opt(2021, 7, 15).unwrap(), 2))
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
