//! What a rule declares about itself, in one place next to its check: id, titles, severity, scope,
//! and its explanation. The sentence of policy it enforces, and the year's thresholds, are the
//! edition's (`data/editions/*/edition.toml`). `xibu rules`,
//! `xibu explain`, `xibu config init` and `docs/rules.md` all read these declarations. The
//! options are a typed struct per rule ([`super::options`]).

use super::finding::Severity;
use super::settings::Settings;
use super::share::Bound;
use crate::messages::Msg;
use crate::roster::schema::Column;

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

/// A rule's declaration.
#[derive(Debug, Clone, Copy)]
pub struct Meta {
    pub id: &'static str,
    /// Titles; `{key}` stands for an option's value in effect (`省内招募比例不超过 {limit_percent}`).
    pub title_zh: &'static str,
    pub title_en: &'static str,
    pub severity: Severity,
    pub scope: ScopeKind,
    /// Columns the rule cannot do without: when one is absent the rule is skipped.
    pub columns: &'static [Column],
    /// Columns of which at least one must be present (P05 reads 岗位名称 or 服务单位).
    pub any_columns: &'static [Column],
    /// The rule's column in the per-province summary, for a share rule.
    pub summary: Option<SummaryColumn>,
    /// Markdown with the sections *What it does*, *Why*, *Example*.
    pub explanation: &'static str,
}

/// How a share rule heads its column of the summary: `省内招募 ≤70%`.
#[derive(Debug, Clone, Copy)]
pub struct SummaryColumn {
    /// What is counted, under the settings in effect (S02 counts 本科 alone with a switch).
    pub label: fn(&Settings) -> Msg,
    pub bound: Bound,
    /// The option that holds the limit.
    pub limit_key: &'static str,
}
