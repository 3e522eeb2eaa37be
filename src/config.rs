//! `xibu.toml`: thresholds, severities, scopes, enabled rules, the year's calendar and extra
//! aliases. Every threshold's default lives in its rule's declaration; this file only overrides.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use crate::roster::schema::Column;
use crate::rules::meta::{OptionValue, ScopeKind, Settings, ShareScope};
use crate::rules::{self, Severity};

/// The file looked for in the working directory when `--config` is not given.
pub const DEFAULT_FILE: &str = "xibu.toml";
/// The largest configuration file xibu reads (only a regular file is read): a generous one is a
/// few KiB.
pub const MAX_CONFIG_BYTES: u64 = 1 << 20;

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

/// The configuration in effect.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// The file it was read from, if any.
    pub file: Option<PathBuf>,
    /// Settings of the rules the file mentions; the others take their declared defaults.
    overrides: BTreeMap<&'static str, Settings>,
    pub calendar: Calendar,
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
            let Some(rule) = rules::find(id.get_ref()) else {
                return Err(at(
                    id.span(),
                    format!(
                        "unknown rule {:?}; the rules are {}",
                        id.get_ref(),
                        rules::ALL
                            .iter()
                            .map(|r| r.meta.id)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            };
            let mut settings = Settings::defaults(rule.meta);
            for (key, value) in table {
                let v = value.get_ref();
                match key.get_ref().as_str() {
                    "enabled" => match v {
                        toml::Value::Boolean(b) => settings.enabled = *b,
                        _ => return Err(at(value.span(), "enabled is true or false".into())),
                    },
                    "severity" => {
                        settings.severity =
                            v.as_str().and_then(Severity::parse).ok_or_else(|| {
                                at(
                                    value.span(),
                                    "severity is \"error\", \"warning\" or \"notice\"".into(),
                                )
                            })?
                    }
                    "scope" if rule.meta.scope == ScopeKind::Share => {
                        settings.scope =
                            v.as_str().and_then(ShareScope::parse).ok_or_else(|| {
                                at(
                                value.span(),
                                "scope is \"service_province\", \"service_county\" or \"national\""
                                    .into(),
                            )
                            })?
                    }
                    other => {
                        let Some(option) = rule.meta.options.iter().find(|o| o.key == other) else {
                            let mut known = vec!["enabled", "severity"];
                            if rule.meta.scope == ScopeKind::Share {
                                known.push("scope");
                            }
                            known.extend(rule.meta.options.iter().map(|o| o.key));
                            return Err(at(
                                key.span(),
                                format!(
                                    "rule {} has no setting {other:?}; its settings are {}",
                                    rule.meta.id,
                                    known.join(", ")
                                ),
                            ));
                        };
                        let parsed = OptionValue::from_toml(option.kind, v).map_err(|e| {
                            at(
                                value.span(),
                                format!("{}.{}: {e}", rule.meta.id, option.key),
                            )
                        })?;
                        settings.options.insert(option.key, parsed);
                    }
                }
            }
            config.overrides.insert(rule.meta.id, settings);
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

    /// The settings in effect for a rule.
    pub fn settings(&self, id: &str) -> Settings {
        if let Some(s) = self.overrides.get(id) {
            return s.clone();
        }
        match rules::find(id) {
            Some(rule) => Settings::defaults(rule.meta),
            None => Settings {
                enabled: false,
                severity: Severity::Error,
                scope: ShareScope::default(),
                options: BTreeMap::new(),
            },
        }
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map(|before| before.matches('\n').count() + 1)
        .unwrap_or(1)
}

/// A commented configuration with every setting at its default, for `xibu config init`.
pub fn default_file() -> String {
    let mut out = String::from(
        "# xibu configuration. Every setting below is at its default; change what your year's\n\
         # notice changes, delete the rest. Shares are compared exactly: \"≤ 70%\" means\n\
         # count × 100 ≤ 70 × total.\n\n\
         [calendar]\n\
         # The 报到 window (notice 二: 7月20日至31日), inclusive.\n\
         report_from = 2020-07-20\n\
         report_to = 2020-07-31\n",
    );
    for rule in rules::ALL {
        let m = rule.meta;
        out.push_str(&format!("\n# {} {} — {}\n", m.id, m.title_zh, m.title_en));
        out.push_str(&format!("[rules.{}]\n", m.id));
        out.push_str("enabled = true\n");
        out.push_str(&format!(
            "severity = \"{}\"  # error | warning | notice\n",
            m.severity.name()
        ));
        if m.scope == ScopeKind::Share {
            out.push_str(
                "scope = \"service_province\"  # service_province | service_county | national\n",
            );
        }
        for o in m.options {
            out.push_str(&format!("{} = {}  # {}\n", o.key, o.default, o.doc));
        }
    }
    out.push_str(
        "\n# Extra spellings of headers and values, as your office's files write them.\n\
         [aliases.headers]\n\
         # \"派遣省份\" = \"招募省份\"\n\n\
         [aliases.values.\"学历\"]\n\
         # \"大学专科\" = \"专科\"\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("xibu.toml"), text)
    }

    #[test]
    fn the_default_file_parses_to_the_defaults() {
        let config = parse(&default_file()).unwrap();
        for rule in rules::ALL {
            assert_eq!(
                config.settings(rule.meta.id),
                Settings::defaults(rule.meta),
                "{}",
                rule.meta.id
            );
        }
        assert_eq!(config.calendar, Calendar::default());
    }

    #[test]
    fn thresholds_severities_and_scopes_override() {
        let config = parse(
            "[rules.S01]\nlimit_percent = 66.5\nscope = \"national\"\nseverity = \"warning\"\n\
             [rules.I01]\nenabled = false\n",
        )
        .unwrap();
        let s01 = config.settings("S01");
        assert_eq!(s01.decimal("limit_percent"), Decimal::new(665, 1));
        assert_eq!(s01.scope, ShareScope::National);
        assert_eq!(s01.severity, Severity::Warning);
        assert!(!config.settings("I01").enabled);
        assert!(config.settings("I02").enabled);
    }

    #[test]
    fn unknown_keys_and_bad_values_name_their_line() {
        let err = parse("[rules.S01]\nlimit_percent = 70\nlimit = 3\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "xibu.toml: line 3: rule S01 has no setting \"limit\"; its settings are enabled, severity, scope, limit_percent"
        );
        let err = parse("\n[rules.S99]\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("xibu.toml: line 2: unknown rule \"S99\""),
            "{err}"
        );
        let err = parse("[rules.S02]\nmin_percent = \"eighty\"\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "xibu.toml: line 2: S02.min_percent: \"eighty\" is not a number"
        );
        let err = parse("[rules.I01]\nseverity = \"fatal\"\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("xibu.toml: line 2: severity is"),
            "{err}"
        );
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
