//! A rule's settings in effect — enabled, severity, scope and its typed options — read from the
//! rule's raw section of the configuration. The rules validate their own sections here; the
//! configuration file itself is plain data.

use std::collections::BTreeMap;

use super::options::{AnyOptions, Options, typed};
use super::{ALL, Rule, Severity, find, meta::ScopeKind};
use chrono::NaiveDate;

use crate::config::{Calendar, Config, ConfigError, RuleSection};
use crate::messages::Lang;
use crate::plan::edition::Edition;

/// Where a share rule draws its groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ShareScope {
    #[default]
    ServiceProvince,
    ServiceCounty,
    National,
}

impl ShareScope {
    pub fn key(self) -> &'static str {
        match self {
            ShareScope::ServiceProvince => "service_province",
            ShareScope::ServiceCounty => "service_county",
            ShareScope::National => "national",
        }
    }

    pub fn parse(text: &str) -> Option<ShareScope> {
        match text {
            "service_province" => Some(ShareScope::ServiceProvince),
            "service_county" => Some(ShareScope::ServiceCounty),
            "national" => Some(ShareScope::National),
            _ => None,
        }
    }
}

/// One rule's settings in effect: the declaration's defaults, overridden by the configuration.
#[derive(Debug)]
pub struct Settings {
    pub enabled: bool,
    pub severity: Severity,
    pub scope: ShareScope,
    /// The rule's own options struct; [`Settings::options`] gives it back typed.
    pub options: Box<dyn AnyOptions>,
}

impl Clone for Settings {
    fn clone(&self) -> Settings {
        Settings {
            enabled: self.enabled,
            severity: self.severity,
            scope: self.scope,
            options: self.options.clone_box(),
        }
    }
}

impl PartialEq for Settings {
    fn eq(&self, other: &Settings) -> bool {
        (self.enabled, self.severity, self.scope) == (other.enabled, other.severity, other.scope)
            && self.options.literals() == other.options.literals()
    }
}

impl Settings {
    /// The defaults a rule declares.
    pub fn defaults(rule: &Rule) -> Settings {
        Settings {
            enabled: true,
            severity: rule.meta.severity,
            scope: ShareScope::ServiceProvince,
            options: (rule.options.defaults)(),
        }
    }

    /// The options as the rule's own type.
    pub fn options<T: Options>(&self) -> T {
        typed(&*self.options)
    }

    /// A rule's title with the options in effect put in (`省内招募比例不超过 50%`).
    pub fn title(&self, template: &str, lang: Lang) -> String {
        let mut out = String::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let (before, after) = rest.split_at(open);
            out.push_str(before);
            match after.find('}') {
                Some(close) => {
                    let key = after.get(1..close).unwrap_or("");
                    match self.options.show(key, lang) {
                        Some(v) => out.push_str(&v),
                        None => out.push_str(after.get(..=close).unwrap_or("")),
                    }
                    rest = after.get(close + 1..).unwrap_or("");
                }
                None => {
                    out.push_str(after);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// A rule's citation in the edition in effect: the document's short name and title, the section
/// and the sentence quoted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleCitation {
    pub short: String,
    pub title: String,
    pub section: String,
    pub sentence: String,
}

/// Every rule's settings in effect — the declared defaults, then the edition's thresholds, then
/// `xibu.toml` — with the edition's citations and calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleConfig {
    settings: BTreeMap<&'static str, Settings>,
    citations: BTreeMap<&'static str, RuleCitation>,
    /// The 报到 window and 补录 deadline in effect.
    pub calendar: Calendar,
}

impl Default for RuleConfig {
    /// The built-in edition with no configuration file. The built-in edition is part of the
    /// program and its tests read it; were it unreadable, the declared defaults stand.
    fn default() -> RuleConfig {
        Edition::builtin()
            .and_then(|e| RuleConfig::resolve(&Config::default(), &e))
            .unwrap_or_else(|_| RuleConfig {
                settings: ALL
                    .iter()
                    .map(|r| (r.meta.id, Settings::defaults(r)))
                    .collect(),
                citations: BTreeMap::new(),
                calendar: Calendar {
                    report_from: NaiveDate::MIN,
                    report_to: NaiveDate::MAX,
                    late_until: None,
                },
            })
    }
}

impl RuleConfig {
    /// Reads the edition's thresholds and then every `[rules.ID]` section of the configuration;
    /// an unknown rule, an unknown key or a bad value is an error naming its file and line.
    pub fn resolve(config: &Config, edition: &Edition) -> Result<RuleConfig, ConfigError> {
        let mut settings: BTreeMap<&'static str, Settings> = ALL
            .iter()
            .map(|r| (r.meta.id, Settings::defaults(r)))
            .collect();
        let mut options: BTreeMap<&'static str, toml::Table> = BTreeMap::new();
        for section in edition.rules.iter().chain(&config.rules) {
            let Some(rule) = find(&section.id) else {
                return Err(error_at(
                    section,
                    section.line,
                    format!(
                        "unknown rule {:?}; the rules are {}",
                        section.id,
                        ALL.iter().map(|r| r.meta.id).collect::<Vec<_>>().join(", ")
                    ),
                ));
            };
            let Some(s) = settings.get_mut(rule.meta.id) else {
                continue;
            };
            let table = options.entry(rule.meta.id).or_default();
            apply_section(rule, section, s, table)?;
        }
        for rule in ALL {
            if let (Some(table), Some(s)) =
                (options.remove(rule.meta.id), settings.get_mut(rule.meta.id))
            {
                s.options = (rule.options.parse)(table).map_err(|e| ConfigError::Toml {
                    file: config.file.clone().unwrap_or_default(),
                    message: format!("{}: {e}", rule.meta.id),
                })?;
            }
        }
        let citations = ALL
            .iter()
            .filter_map(|rule| {
                let (c, d) = edition.citation(rule.meta.id)?;
                Some((
                    rule.meta.id,
                    RuleCitation {
                        short: d.short.clone(),
                        title: d.title.clone(),
                        section: c.section.clone(),
                        sentence: c.sentence.clone(),
                    },
                ))
            })
            .collect();
        Ok(RuleConfig {
            settings,
            citations,
            calendar: config.calendar_over(&edition.calendar)?,
        })
    }

    /// A rule's citation in the edition, if it cites one (the data-quality rules do not).
    pub fn citation(&self, id: &str) -> Option<&RuleCitation> {
        self.citations.get(find(id)?.meta.id)
    }
    /// A rule's settings; a disabled default for an id that is no rule.
    pub fn get(&self, id: &str) -> Settings {
        match find(id).and_then(|r| self.settings.get(r.meta.id)) {
            Some(s) => s.clone(),
            None => Settings {
                enabled: false,
                severity: Severity::Error,
                scope: ShareScope::default(),
                options: Box::new(super::options::NoOptions::default()),
            },
        }
    }

    /// A rule's title in a language, with the options in effect.
    pub fn title(&self, id: &str, lang: Lang) -> String {
        let Some(rule) = find(id) else {
            return String::new();
        };
        let template = match lang {
            Lang::Zh => rule.meta.title_zh,
            Lang::En => rule.meta.title_en,
        };
        match self.settings.get(rule.meta.id) {
            Some(s) => s.title(template, lang),
            None => Settings::defaults(rule).title(template, lang),
        }
    }
}

fn error_at(section: &RuleSection, line: usize, message: String) -> ConfigError {
    ConfigError::At {
        file: section.file.clone(),
        line,
        message,
    }
}

/// Applies one section over the settings so far; its option values join `options`, each checked
/// on its own first so that an error names the line of its value.
fn apply_section(
    rule: &Rule,
    section: &RuleSection,
    settings: &mut Settings,
    options: &mut toml::Table,
) -> Result<(), ConfigError> {
    for entry in &section.entries {
        let v = &entry.value;
        match entry.key.as_str() {
            "enabled" => match v {
                toml::Value::Boolean(b) => settings.enabled = *b,
                _ => {
                    return Err(error_at(
                        section,
                        entry.value_line,
                        "enabled is true or false".into(),
                    ));
                }
            },
            "severity" => {
                settings.severity = v.as_str().and_then(Severity::parse).ok_or_else(|| {
                    error_at(
                        section,
                        entry.value_line,
                        "severity is \"error\", \"warning\" or \"notice\"".into(),
                    )
                })?
            }
            "scope" if rule.meta.scope == ScopeKind::Share => {
                settings.scope = v.as_str().and_then(ShareScope::parse).ok_or_else(|| {
                    error_at(
                        section,
                        entry.value_line,
                        "scope is \"service_province\", \"service_county\" or \"national\"".into(),
                    )
                })?
            }
            key => {
                if !rule.options.docs.iter().any(|o| o.key == key) {
                    let mut known = vec!["enabled", "severity"];
                    if rule.meta.scope == ScopeKind::Share {
                        known.push("scope");
                    }
                    known.extend(rule.options.docs.iter().map(|o| o.key));
                    return Err(error_at(
                        section,
                        entry.key_line,
                        format!(
                            "rule {} has no setting {key:?}; its settings are {}",
                            rule.meta.id,
                            known.join(", ")
                        ),
                    ));
                }
                let mut one = toml::Table::new();
                one.insert(key.to_string(), v.clone());
                (rule.options.parse)(one).map_err(|e| {
                    error_at(
                        section,
                        entry.value_line,
                        format!("{}.{key}: {e}", rule.meta.id),
                    )
                })?;
                options.insert(key.to_string(), v.clone());
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::rules::options::Percent;
    use rust_decimal::Decimal;

    fn resolve(text: &str) -> Result<RuleConfig, ConfigError> {
        RuleConfig::resolve(
            &Config::parse(Path::new("xibu.toml"), text)?,
            &Edition::builtin()?,
        )
    }

    #[test]
    fn the_default_file_resolves_to_the_defaults() {
        let rules = resolve(&crate::rules::docs::config_file()).unwrap();
        assert_eq!(rules, RuleConfig::default());
    }

    #[test]
    fn thresholds_severities_and_scopes_override() {
        let rules = resolve(
            "[rules.S01]\nlimit_percent = 66.5\nscope = \"national\"\nseverity = \"warning\"\n\
             [rules.I01]\nenabled = false\n",
        )
        .unwrap();
        let s01 = rules.get("S01");
        let o: crate::rules::s01::Options = s01.options();
        assert_eq!(o.limit_percent, Percent(Decimal::new(665, 1)));
        assert_eq!(s01.scope, ShareScope::National);
        assert_eq!(s01.severity, Severity::Warning);
        assert!(!rules.get("I01").enabled);
        assert!(rules.get("I02").enabled);
        assert_eq!(rules.title("S01", Lang::Zh), "省内招募比例不超过 66.5%");
    }

    #[test]
    fn unknown_keys_and_bad_values_name_their_line() {
        let err = resolve("[rules.S01]\nlimit_percent = 70\nlimit = 3\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "xibu.toml: line 3: rule S01 has no setting \"limit\"; its settings are enabled, severity, scope, limit_percent, plan_allowance"
        );
        let err = resolve("\n[rules.S99]\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("xibu.toml: line 2: unknown rule \"S99\""),
            "{err}"
        );
        let err = resolve("[rules.S02]\nmin_percent = \"eighty\"\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "xibu.toml: line 2: S02.min_percent: \"eighty\" is not a number"
        );
        let err = resolve("[rules.I01]\nseverity = \"fatal\"\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("xibu.toml: line 2: severity is"),
            "{err}"
        );
    }

    /// Every rule's defaults survive a round trip through their TOML literals.
    #[test]
    fn every_default_round_trips() {
        for rule in ALL {
            let defaults = Settings::defaults(rule);
            let mut table = toml::Table::new();
            for (key, literal) in defaults.options.literals() {
                let v: toml::Table = toml::from_str(&format!("v = {literal}")).unwrap();
                table.insert(key.to_string(), v["v"].clone());
            }
            let parsed = (rule.options.parse)(table).unwrap();
            assert_eq!(
                parsed.literals(),
                defaults.options.literals(),
                "{}",
                rule.meta.id
            );
            assert_eq!(rule.options.docs.len(), defaults.options.literals().len());
        }
    }
}
