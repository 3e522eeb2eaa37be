//! What a rule finds: the shape every reporter formats.

use serde::{Deserialize, Serialize};

use crate::messages::{Arg, Lang, Msg, Text};
use crate::province::Province;
use crate::roster::schema::Column;

/// How serious a finding is. Ordered, so that `--fail-on warning` means "warning or worse".
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Notice,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Notice => "notice",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Severity::Notice => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "notice" => Some(Severity::Notice),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// Which part of 附件1 a Q02 finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    New,
    Extended,
    GradTeach,
    Total,
}

impl Part {
    pub fn name_zh(self) -> &'static str {
        match self {
            Part::New => "新招募",
            Part::Extended => "延期",
            Part::GradTeach => "研支团",
            Part::Total => "实施规模",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Part::New => "new recruits",
            Part::Extended => "extended volunteers",
            Part::GradTeach => "graduate teaching corps",
            Part::Total => "implementation scale",
        }
    }

    /// The part's name as a message term.
    pub fn msg(self) -> Msg {
        match self {
            Part::New => Msg::PartNew,
            Part::Extended => Msg::PartExtended,
            Part::GradTeach => Msg::PartGradTeach,
            Part::Total => Msg::PartTotal,
        }
    }
}

/// The group a finding is about. Empty for a row-level finding, or a national share.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Scope {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_province: Option<Province>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recruit_province: Option<Province>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_county: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<Part>,
}

impl From<&Scope> for Arg {
    /// The group where a message places it (the part is the message's own word).
    fn from(scope: &Scope) -> Arg {
        Arg::Place {
            service: scope.service_province,
            recruit: scope.recruit_province,
            county: scope.service_county.clone(),
        }
    }
}

impl Scope {
    pub fn is_empty(&self) -> bool {
        *self == Scope::default()
    }

    /// `新疆`, `新疆 ← 山东`, `新疆 伊宁县`, `新疆 延期`; empty for none.
    pub fn label_zh(&self) -> String {
        let mut parts = Vec::new();
        match (self.service_province, self.recruit_province) {
            (Some(s), Some(r)) => parts.push(format!("{s} ← {r}")),
            (Some(s), None) => parts.push(s.name().to_string()),
            (None, Some(r)) => parts.push(format!("← {r}")),
            (None, None) => {}
        }
        if let Some(c) = &self.service_county {
            parts.push(c.clone());
        }
        if let Some(p) = self.part {
            parts.push(p.name_zh().to_string());
        }
        parts.join(" ")
    }
}

impl Scope {
    /// `Xinjiang`, `Xinjiang ← Shandong`, `Xinjiang 伊宁县`, `Xinjiang extended volunteers`.
    pub fn label_en(&self) -> String {
        let mut parts = Vec::new();
        match (self.service_province, self.recruit_province) {
            (Some(s), Some(r)) => parts.push(format!("{} ← {}", s.pinyin(), r.pinyin())),
            (Some(s), None) => parts.push(s.pinyin().to_string()),
            (None, Some(r)) => parts.push(format!("← {}", r.pinyin())),
            (None, None) => {}
        }
        if let Some(c) = &self.service_county {
            parts.push(c.clone());
        }
        if let Some(p) = self.part {
            parts.push(p.name_en().to_string());
        }
        parts.join(" ")
    }
}

/// One violation: the rule, where it is (rows, cell or scope), the exact numbers, and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub scope: Scope,
    /// Spreadsheet row numbers (CSV line numbers), ascending.
    pub rows: Vec<u32>,
    pub column: Option<Column>,
    /// `R17`, for a finding about one cell.
    pub cell: Option<String>,
    /// The cell's value, for findings about a value (masked on output for 身份证号).
    pub value: Option<String>,
    /// Exact counts of share and quota findings: `count` of `total`, or `count` against a quota.
    pub count: Option<u64>,
    pub total: Option<u64>,
    /// The value found and the limit, as text: `70.06%`, `≤ 70%`, `600000`, `≥ 800000`.
    pub actual: Option<String>,
    pub limit: Option<String>,
    /// What the finding says, as a message of the catalog with its facts.
    pub message: Text,
}

impl Finding {
    /// A finding about one row, without a cell.
    pub fn row(rule: &'static str, severity: Severity, row: u32, message: Text) -> Finding {
        Finding {
            rule,
            severity,
            scope: Scope::default(),
            rows: vec![row],
            column: None,
            cell: None,
            value: None,
            count: None,
            total: None,
            actual: None,
            limit: None,
            message,
        }
    }

    /// A finding about a group of rows (a share or a quota).
    pub fn group(
        rule: &'static str,
        severity: Severity,
        scope: Scope,
        rows: Vec<u32>,
        message: Text,
    ) -> Finding {
        Finding {
            scope,
            rows,
            ..Finding::row(rule, severity, 0, message)
        }
    }

    /// What the finding says, in a language: the one call a reporter needs.
    pub fn message(&self, lang: Lang) -> String {
        self.message.render(lang)
    }

    pub fn at(mut self, column: Column, cell: Option<String>) -> Finding {
        self.column = Some(column);
        self.cell = cell;
        self
    }

    pub fn counts(mut self, count: u64, total: u64) -> Finding {
        self.count = Some(count);
        self.total = Some(total);
        self
    }

    pub fn against(mut self, actual: impl Into<String>, limit: impl Into<String>) -> Finding {
        self.actual = Some(actual.into());
        self.limit = Some(limit.into());
        self
    }

    pub fn with_value(mut self, value: impl Into<String>) -> Finding {
        self.value = Some(value.into());
        self
    }

    pub fn in_scope(mut self, scope: Scope) -> Finding {
        self.scope = scope;
        self
    }
}

/// The limit a tally was judged against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// A share of at most this percentage.
    AtMostPercent(rust_decimal::Decimal),
    /// A share of at least this percentage.
    AtLeastPercent(rust_decimal::Decimal),
    /// A count of at most this many; `None` where the plan has no figure (which allows none).
    AtMostCount(Option<u64>),
}

/// A share or quota rule's numbers for one group, and its verdict: what the summary table, the
/// 汇总 sheet and every reporter show, so that none of them decides a verdict again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub rule: &'static str,
    pub scope: Scope,
    pub count: u64,
    /// The population of a share; the quota of a count.
    pub total: u64,
    pub limit: Limit,
    /// Whether the rule made a finding of this group.
    pub breached: bool,
}
