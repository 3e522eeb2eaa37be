//! Reporters: findings → text for people and machines. They only format; every number they show
//! was decided by the rules.

pub mod csv;
pub mod github;
pub mod json;
pub mod junit;
pub mod text;
pub mod xlsx;

use std::borrow::Cow;

use serde::Serialize;

use crate::config::Config;
use crate::idcard;
use crate::roster::RosterInfo;
use crate::roster::schema::Column;
use crate::rules::{Finding, Outcome, Severity};

/// `--format` of `check`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Findings grouped by rule, for people.
    #[default]
    Table,
    /// The `xibu-report/1` JSON document, for scripts and CI.
    Json,
    /// One finding per row.
    Csv,
    /// JUnit XML: a test case per rule and scope, failures for findings.
    Junit,
    /// GitHub Actions workflow commands: one annotation per finding.
    Github,
}

/// The language of messages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// `--fail-on`: the least severity that makes the exit code 1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    #[default]
    Error,
    Warning,
    Notice,
    Never,
}

impl FailOn {
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Error => severity >= Severity::Error,
            FailOn::Warning => severity >= Severity::Warning,
            FailOn::Notice => true,
            FailOn::Never => false,
        }
    }
}

/// Everything a reporter needs.
pub struct Report<'a> {
    pub info: &'a RosterInfo,
    pub outcome: &'a Outcome,
    pub config: &'a Config,
    pub lang: Lang,
    pub show_pii: bool,
    /// ANSI colours in the terminal report (a terminal, and NO_COLOR unset).
    pub color: bool,
    pub fail_on: FailOn,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub notices: usize,
    /// Volunteer rows read.
    pub rows: u64,
}

impl Report<'_> {
    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            rows: self.info.records,
            ..Summary::default()
        };
        for f in &self.outcome.findings {
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Notice => s.notices += 1,
            }
        }
        s
    }

    /// Renders the report in a format.
    pub fn render(&self, format: ReportFormat) -> String {
        match format {
            ReportFormat::Table => text::render(self),
            ReportFormat::Json => json::render(self),
            ReportFormat::Csv => csv::render(self),
            ReportFormat::Junit => junit::render(self),
            ReportFormat::Github => github::render(self),
        }
    }

    /// "row 17" / "第 17 行"-style words for the input's row numbers.
    pub fn row_word(&self) -> &'static str {
        self.info.row_word()
    }

    /// A rule's title in the report's language.
    pub fn title(&self, id: &str) -> &'static str {
        match (crate::rules::find(id), self.lang) {
            (Some(r), Lang::Zh) => r.meta.title_zh,
            (Some(r), Lang::En) => r.meta.title_en,
            (None, _) => "",
        }
    }

    /// Where a finding is, in words: `Q95`, `row 93`, `新疆 ← 山东`.
    pub fn place(&self, f: &Finding) -> String {
        if let Some(cell) = &f.cell {
            return cell.clone();
        }
        let scope = match self.lang {
            Lang::Zh => f.scope.label_zh(),
            Lang::En => f.scope.label_en(),
        };
        if !scope.is_empty() {
            return scope;
        }
        match (f.rows.as_slice(), self.lang) {
            ([row], Lang::Zh) => format!("第 {row} 行"),
            ([row], Lang::En) => format!("{} {row}", self.row_word()),
            _ => String::new(),
        }
    }

    /// A finding's message in the report's language, with every ID-shaped token masked unless
    /// `--show-pii` (an ID number typed into another column is echoed in E01, P04, P05 …).
    pub fn message<'f>(&self, f: &'f Finding) -> Cow<'f, str> {
        self.redact(match self.lang {
            Lang::Zh => &f.message.zh,
            Lang::En => &f.message.en,
        })
    }

    /// The cell value a finding may show: a 身份证号 cell masked whole, and an ID-shaped token in
    /// any other cell masked too, unless `--show-pii`.
    pub fn value(&self, f: &Finding) -> Option<String> {
        let v = f.value.as_ref()?;
        if f.column == Some(Column::IdNumber) && !self.show_pii && !v.is_empty() {
            Some(idcard::mask(v))
        } else {
            Some(self.redact(v).into_owned())
        }
    }

    /// Any text from the input that a reporter prints: ID-shaped tokens masked unless
    /// `--show-pii`. The one place reporters mask by content ([`idcard::redact`]).
    pub fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if self.show_pii {
            Cow::Borrowed(text)
        } else {
            idcard::redact(text)
        }
    }
}
