//! What a rule declares about itself, in one place next to its check: id, titles, severity, scope,
//! thresholds, the sentence of policy it enforces, and its explanation. `xibu rules`,
//! `xibu explain`, `xibu config init` and `docs/rules.md` all read these declarations. The
//! options are a typed struct per rule ([`super::options`]).

use super::finding::Severity;
use super::settings::Settings;
use super::share::Bound;
use crate::messages::Msg;
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
    pub source: PolicySource,
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
