//! Reporters: findings → text for people and machines. They only format; every number they show
//! was decided by the rules.

pub mod json;
pub mod text;

use serde::Serialize;

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
    pub lang: Lang,
    pub show_pii: bool,
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

    pub fn message<'f>(&self, f: &'f Finding) -> &'f str {
        match self.lang {
            Lang::Zh => &f.message.zh,
            Lang::En => &f.message.en,
        }
    }

    /// The cell value a finding may show: 身份证号 masked unless `--show-pii`.
    pub fn value(&self, f: &Finding) -> Option<String> {
        let v = f.value.as_ref()?;
        if f.column == Some(Column::IdNumber) && !self.show_pii && !v.is_empty() {
            Some(idcard::mask(v))
        } else {
            Some(v.clone())
        }
    }
}
