//! A rule's settings in effect — enabled, severity, scope and its typed options — read from the
//! rule's raw section of the configuration. The rules validate their own sections here; the
//! configuration file itself is plain data.

use std::collections::BTreeMap;

use super::options::{AnyOptions, Options, typed};
use super::{ALL, Rule, Severity, find, meta::ScopeKind};
use crate::config::{Config, ConfigError, RuleSection};
use crate::messages::Lang;

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

/// Every rule's settings in effect.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleConfig {
    settings: BTreeMap<&'static str, Settings>,
}

impl Default for RuleConfig {
    fn default() -> RuleConfig {
        RuleConfig {
            settings: ALL
                .iter()
                .map(|r| (r.meta.id, Settings::defaults(r)))
                .collect(),
        }
    }
}

impl RuleConfig {
    /// Reads every `[rules.ID]` section of the configuration; an unknown rule, an unknown key or
    /// a bad value is an error naming its line.
    pub fn resolve(config: &Config) -> Result<RuleConfig, ConfigError> {
        let mut out = RuleConfig::default();
        for section in &config.rules {
            let Some(rule) = find(&section.id) else {
                return Err(config.error_at(
                    section.line,
                    format!(
                        "unknown rule {:?}; the rules are {}",
                        section.id,
                        ALL.iter().map(|r| r.meta.id).collect::<Vec<_>>().join(", ")
                    ),
                ));
            };
            out.settings
                .insert(rule.meta.id, resolve_section(config, rule, section)?);
        }
        Ok(out)
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

fn resolve_section(
    config: &Config,
    rule: &Rule,
    section: &RuleSection,
) -> Result<Settings, ConfigError> {
    let mut settings = Settings::defaults(rule);
    let mut options = toml::Table::new();
    for entry in &section.entries {
        let v = &entry.value;
        match entry.key.as_str() {
            "enabled" => match v {
                toml::Value::Boolean(b) => settings.enabled = *b,
                _ => {
                    return Err(
                        config.error_at(entry.value_line, "enabled is true or false".into())
                    );
                }
            },
            "severity" => {
                settings.severity = v.as_str().and_then(Severity::parse).ok_or_else(|| {
                    config.error_at(
                        entry.value_line,
                        "severity is \"error\", \"warning\" or \"notice\"".into(),
                    )
                })?
            }
            "scope" if rule.meta.scope == ScopeKind::Share => {
                settings.scope = v.as_str().and_then(ShareScope::parse).ok_or_else(|| {
                    config.error_at(
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
                    return Err(config.error_at(
                        entry.key_line,
                        format!(
                            "rule {} has no setting {key:?}; its settings are {}",
                            rule.meta.id,
                            known.join(", ")
                        ),
                    ));
                }
                // Each value on its own first, so that an error names the line of its value.
                let mut one = toml::Table::new();
                one.insert(key.to_string(), v.clone());
                (rule.options.parse)(one).map_err(|e| {
                    config.error_at(entry.value_line, format!("{}.{key}: {e}", rule.meta.id))
                })?;
                options.insert(key.to_string(), v.clone());
            }
        }
    }
    settings.options = (rule.options.parse)(options)
        .map_err(|e| config.error_at(section.line, format!("{}: {e}", rule.meta.id)))?;
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::rules::options::Percent;
    use rust_decimal::Decimal;

    fn resolve(text: &str) -> Result<RuleConfig, ConfigError> {
        RuleConfig::resolve(&Config::parse(Path::new("xibu.toml"), text)?)
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
            "xibu.toml: line 3: rule S01 has no setting \"limit\"; its settings are enabled, severity, scope, limit_percent"
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
