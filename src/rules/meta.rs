//! What a rule declares about itself, in one place next to its check: id, titles, severity, scope,
//! thresholds, the sentence of policy it enforces, and its explanation. `xibu rules`,
//! `xibu explain`, `xibu config init` and `docs/rules.md` all read these declarations.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::finding::Severity;
use crate::province::Province;
use crate::roster::schema::Column;

/// The policy documents the rules come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    /// 全国项目办发〔2020〕3号, the national recruitment notice.
    Notice,
    /// 附件1 of the notice.
    Scale,
    /// 附件2 of the notice.
    Quotas,
    /// 内团联发〔2020〕10号, Inner Mongolia's implementation plan.
    NeiMongolPlan,
    /// No policy sentence: a rule of data quality.
    DataQuality,
}

impl Document {
    /// The document's number, for a line of the report.
    pub fn short(self) -> &'static str {
        match self {
            Document::Notice => "全国项目办发〔2020〕3号",
            Document::Scale => "全国项目办发〔2020〕3号 附件1",
            Document::Quotas => "全国项目办发〔2020〕3号 附件2",
            Document::NeiMongolPlan => "内团联发〔2020〕10号",
            Document::DataQuality => "数据质量",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Document::Notice => {
                "全国项目办发〔2020〕3号《关于做好2020—2021年度西部计划志愿者招募派遣工作的通知》"
            }
            Document::Scale => "全国项目办发〔2020〕3号 附件1《2020—2021年度西部计划分省实施规模》",
            Document::Quotas => {
                "全国项目办发〔2020〕3号 附件2《2020—2021年度西部计划对口招募指标》"
            }
            Document::NeiMongolPlan => {
                "内团联发〔2020〕10号《2020—2021年度内蒙古大学生志愿服务西部计划实施方案》"
            }
            Document::DataQuality => "数据质量（无对应政策条文）",
        }
    }
}

/// The sentence of policy a rule enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolicySource {
    pub document: Document,
    /// `三.1`, or empty.
    pub section: &'static str,
    /// The sentence, quoted from the document.
    pub sentence: &'static str,
}

/// How a rule groups what it checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    /// Each row on its own.
    Row,
    /// A share, per 服务省份 by default; configurable to 服务县 or national.
    Share,
    /// Each (服务省份, 招募省份) pair.
    Pair,
    /// Each 服务省份 and each part of 附件1.
    ProvincePart,
    /// The whole roster (duplicates).
    Roster,
}

impl ScopeKind {
    pub fn describe(self) -> &'static str {
        match self {
            ScopeKind::Row => "each row",
            ScopeKind::Share => {
                "each 服务省份 (scope = service_province | service_county | national)"
            }
            ScopeKind::Pair => "each (服务省份, 招募省份) pair",
            ScopeKind::ProvincePart => "each 服务省份, per part (新招募, 延期, 研支团, total)",
            ScopeKind::Roster => "the whole roster",
        }
    }
}

/// The kind of a threshold, which decides how the configuration value is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    /// A percentage such as `70` or `66.5`, read exactly.
    Percent,
    /// An amount in 元, read exactly.
    Amount,
    /// A whole number of days.
    Days,
    Bool,
    /// A list of province names.
    Provinces,
    /// A list of words.
    Words,
}

/// A threshold or switch of a rule, with its default as a TOML literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionMeta {
    pub key: &'static str,
    pub kind: OptionKind,
    /// The default, written as it would be in `xibu.toml`: `70`, `["新疆", "西藏"]`.
    pub default: &'static str,
    pub doc: &'static str,
}

/// A rule's declaration.
#[derive(Debug, Clone, Copy)]
pub struct Meta {
    pub id: &'static str,
    pub title_zh: &'static str,
    pub title_en: &'static str,
    pub severity: Severity,
    pub scope: ScopeKind,
    /// Columns the rule cannot do without: when one is absent the rule is skipped.
    pub columns: &'static [Column],
    /// Columns of which at least one must be present (P05 reads 岗位名称 or 服务单位).
    pub any_columns: &'static [Column],
    pub options: &'static [OptionMeta],
    pub source: PolicySource,
    /// Markdown with the sections *What it does*, *Why*, *Example*.
    pub explanation: &'static str,
}

/// A threshold's value in effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptionValue {
    Decimal(Decimal),
    Days(i64),
    Bool(bool),
    Provinces(Vec<Province>),
    Words(Vec<String>),
}

impl OptionValue {
    /// Reads a TOML value as the kind declares; the error says what was expected.
    pub fn from_toml(kind: OptionKind, value: &toml::Value) -> Result<OptionValue, String> {
        match kind {
            OptionKind::Percent | OptionKind::Amount => {
                let d = match value {
                    toml::Value::Integer(i) => Decimal::from(*i),
                    // TOML floats are binary; their shortest decimal text is what the user wrote.
                    toml::Value::Float(f) => f
                        .to_string()
                        .parse::<Decimal>()
                        .map_err(|_| format!("{f} is not a number xibu can use"))?,
                    toml::Value::String(s) => s
                        .trim()
                        .parse::<Decimal>()
                        .map_err(|_| format!("{s:?} is not a number"))?,
                    other => return Err(format!("expected a number, found {}", other.type_str())),
                };
                if d.is_sign_negative() {
                    return Err("expected a number of 0 or more".to_string());
                }
                if kind == OptionKind::Percent && d > Decimal::from(100) {
                    return Err("a percentage is at most 100".to_string());
                }
                Ok(OptionValue::Decimal(d))
            }
            OptionKind::Days => match value {
                toml::Value::Integer(i) if (0..=3650).contains(i) => Ok(OptionValue::Days(*i)),
                toml::Value::Integer(_) => Err("expected a number of days from 0 to 3650".into()),
                other => Err(format!(
                    "expected a whole number of days, found {}",
                    other.type_str()
                )),
            },
            OptionKind::Bool => match value {
                toml::Value::Boolean(b) => Ok(OptionValue::Bool(*b)),
                other => Err(format!(
                    "expected true or false, found {}",
                    other.type_str()
                )),
            },
            OptionKind::Provinces => {
                let words = string_list(value)?;
                let mut provinces = Vec::new();
                for w in words {
                    provinces.push(Province::parse(&w).map_err(|e| e.to_string())?);
                }
                Ok(OptionValue::Provinces(provinces))
            }
            OptionKind::Words => Ok(OptionValue::Words(string_list(value)?)),
        }
    }
}

fn string_list(value: &toml::Value) -> Result<Vec<String>, String> {
    let toml::Value::Array(items) = value else {
        return Err(format!(
            "expected a list of strings, found {}",
            value.type_str()
        ));
    };
    items
        .iter()
        .map(|v| match v {
            toml::Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
            toml::Value::String(_) => Err("the list has an empty string".to_string()),
            other => Err(format!(
                "expected a list of strings, found {} in it",
                other.type_str()
            )),
        })
        .collect()
}

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

/// A rule's settings in effect: the declaration's defaults, overridden by the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub enabled: bool,
    pub severity: Severity,
    pub scope: ShareScope,
    pub options: BTreeMap<&'static str, OptionValue>,
}

impl Settings {
    /// The defaults of a declaration. A default that does not parse is a bug in the declaration,
    /// which `tests::every_default_parses` catches; here it is left out rather than panicking.
    pub fn defaults(meta: &Meta) -> Settings {
        let mut options = BTreeMap::new();
        for o in meta.options {
            if let Some(v) =
                parse_literal(o.default).and_then(|v| OptionValue::from_toml(o.kind, &v).ok())
            {
                options.insert(o.key, v);
            }
        }
        Settings {
            enabled: true,
            severity: meta.severity,
            scope: ShareScope::ServiceProvince,
            options,
        }
    }

    pub fn decimal(&self, key: &str) -> Decimal {
        match self.options.get(key) {
            Some(OptionValue::Decimal(d)) => *d,
            _ => Decimal::ZERO,
        }
    }

    pub fn days(&self, key: &str) -> i64 {
        match self.options.get(key) {
            Some(OptionValue::Days(d)) => *d,
            _ => 0,
        }
    }

    pub fn flag(&self, key: &str) -> bool {
        matches!(self.options.get(key), Some(OptionValue::Bool(true)))
    }

    pub fn provinces(&self, key: &str) -> &[Province] {
        match self.options.get(key) {
            Some(OptionValue::Provinces(p)) => p,
            _ => &[],
        }
    }

    pub fn words(&self, key: &str) -> &[String] {
        match self.options.get(key) {
            Some(OptionValue::Words(w)) => w,
            _ => &[],
        }
    }
}

/// Parses a TOML value literal such as `70` or `["a", "b"]`.
pub fn parse_literal(literal: &str) -> Option<toml::Value> {
    let table: toml::Table = toml::from_str(&format!("v = {literal}")).ok()?;
    table.get("v").cloned()
}

/// The value in effect, as it would be written in `xibu.toml`.
pub fn literal(value: &OptionValue) -> String {
    match value {
        OptionValue::Decimal(d) => d.normalize().to_string(),
        OptionValue::Days(d) => d.to_string(),
        OptionValue::Bool(b) => b.to_string(),
        OptionValue::Provinces(p) => format!(
            "[{}]",
            p.iter()
                .map(|p| format!("{:?}", p.name()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        OptionValue::Words(w) => format!(
            "[{}]",
            w.iter()
                .map(|w| format!("{w:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
