//! What a rule declares about itself, in one place next to its check: id, titles, severity, scope,
//! and its explanation in both languages. The sentence of policy it enforces, and the year's
//! thresholds, are the edition's (`data/editions/*/edition.toml`). `xibu rules`, `xibu explain`,
//! `xibu config init` and `docs/rules*.md` all read these declarations. The options are a typed
//! struct per rule ([`super::options`]).

use super::finding::Severity;
use super::settings::Settings;
use super::share::Bound;
use crate::messages::{Lang, Msg, Text, say};
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
    /// The scope in a language: `逐行` / `each row`.
    pub fn describe(self, lang: Lang) -> String {
        match self {
            ScopeKind::Row => say(Msg::ScopeRow, lang),
            ScopeKind::Share => Text::new(Msg::ScopeShare)
                .arg(
                    "choices",
                    "scope = service_province | service_county | national",
                )
                .render(lang),
            ScopeKind::Pair => say(Msg::ScopePair, lang),
            ScopeKind::ProvincePart => say(Msg::ScopeProvincePart, lang),
            ScopeKind::Roster => say(Msg::ScopeRoster, lang),
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
    /// Markdown with the sections *What it does*, *Why*, *Example*: what `xibu explain --lang en`
    /// prints.
    pub explanation: &'static str,
    /// The same in Chinese, with the sections 作用, 原因, 示例: what `xibu explain` prints. The
    /// same facts and figures; a passage in “” is quoted word for word from the edition's
    /// documents (a test holds it to that).
    pub explanation_zh: &'static str,
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
