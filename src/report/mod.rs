//! Reporters: findings → text for people and machines. They only format; every number they show
//! was decided by the rules.

pub mod csv;
pub mod github;
pub mod gitlab;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod statistics;
pub mod text;
pub mod xlsx;

use std::borrow::Cow;

use serde::Serialize;

use crate::config::Config;
use crate::idcard;
use crate::messages::{Msg, Text};
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
    /// JUnit XML: a test case per rule, failing with its findings.
    Junit,
    /// GitHub Actions: annotations grouped by rule, and a summary for the step.
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other viewers.
    Sarif,
    /// GitLab Code Quality JSON.
    Gitlab,
}

impl ReportFormat {
    /// Formats that a program reads: they print a document even when the input cannot be
    /// checked, so that a pipeline can always parse what xibu wrote.
    pub fn has_failure_document(self) -> bool {
        !matches!(self, ReportFormat::Table | ReportFormat::Csv)
    }
}

/// Why a check could not be done (exit 2), for the formats that report it in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// `input`, `roster`, `plan`, `config`, `usage`, `output`, `province`.
    pub kind: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

impl Failure {
    /// The document of a format for a check that could not be done; `None` for formats that
    /// are for people (the `error:` line on standard error says it).
    pub fn render(&self, format: ReportFormat) -> Option<String> {
        match format {
            ReportFormat::Table | ReportFormat::Csv => None,
            ReportFormat::Json => Some(json::render_failure(self)),
            ReportFormat::Junit => Some(junit::render_failure(self)),
            ReportFormat::Github => Some(github::render_failure(self)),
            ReportFormat::Sarif => Some(sarif::render_failure(self)),
            ReportFormat::Gitlab => Some(gitlab::render_failure(self)),
        }
    }
}

/// Text safe inside XML 1.0: characters XML cannot hold at all (C0 controls other than tab,
/// line feed and carriage return; U+FFFE, U+FFFF) are written as `\u{…}`, so that the file stays
/// well-formed and the reader still sees that something was there.
pub fn xml_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let ok = matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
            || c >= '\u{10000}';
        if ok {
            out.push(c);
        } else {
            out.push_str(&format!("\\u{{{:04x}}}", u32::from(c)));
        }
    }
    out
}

/// A path as CI tools want it: relative to the working directory when it is under it (CI runs
/// in the repository's root, often with absolute paths that change from run to run), `/`
/// separators, no leading `./`.
pub fn relative_path(file: &str) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| {
            std::path::Path::new(file)
                .strip_prefix(cwd)
                .ok()
                .map(|p| p.display().to_string())
        })
        .unwrap_or_else(|| file.to_string());
    let file = relative.replace('\\', "/");
    file.strip_prefix("./").unwrap_or(&file).to_string()
}

/// A stable, non-cryptographic 128-bit hash (FNV-1a) as 32 hex digits: the same input gives the
/// same fingerprint on every run, platform and Rust version (std's hasher promises none of that).
pub fn fnv128(parts: &[&str]) -> String {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013b;
    let mut hash = OFFSET;
    for part in parts {
        // A separator that cannot occur in text keeps ("ab", "c") apart from ("a", "bc").
        for byte in part.bytes().chain(std::iter::once(0xff)) {
            hash ^= u128::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    format!("{hash:032x}")
}

pub use crate::messages::Lang;

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
            ReportFormat::Sarif => sarif::render(self),
            ReportFormat::Gitlab => gitlab::render(self),
        }
    }

    /// The closing line of the terminal report, alone (`--quiet`).
    pub fn summary_line(&self) -> String {
        let s = self.summary();
        match self.lang {
            Lang::Zh => format!(
                "共 {} 个错误，{} 个警告，{} 个提示。\n",
                s.errors, s.warnings, s.notices
            ),
            Lang::En => format!(
                "{} errors, {} warnings, {} notices.\n",
                s.errors, s.warnings, s.notices
            ),
        }
    }

    /// The 1-based sheet column of a finding's cell, when it has one.
    pub fn column_number(&self, f: &Finding) -> Option<usize> {
        f.column.and_then(|c| self.info.index_of(c)).map(|i| i + 1)
    }

    /// Fingerprints that identify each finding across runs (SARIF `partialFingerprints`, GitLab
    /// `fingerprint`), in the order of the findings. What is hashed: the rule, the file and sheet,
    /// and then what the finding is about without its row numbers, so that inserting or sorting
    /// rows does not change it — for a share or quota finding its scope (province, recruit
    /// province, county, part), for a cell finding its column and value (身份证号 masked, so that
    /// no ID number can be recovered from a hash) — plus, when several findings share all of
    /// that, their ordinal among them. Counts, percentages and message wording are left out: a
    /// share that goes from 72% to 75% is the same problem.
    pub fn fingerprints(&self) -> Vec<String> {
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let file = relative_path(&self.info.file);
        let sheet = self.info.source.sheet.as_deref().unwrap_or("");
        self.outcome
            .findings
            .iter()
            .map(|f| {
                let scope = format!(
                    "{}|{}|{}|{}",
                    f.scope.service_province.map(|p| p.name()).unwrap_or(""),
                    f.scope.recruit_province.map(|p| p.name()).unwrap_or(""),
                    f.scope.service_county.as_deref().unwrap_or(""),
                    f.scope.part.map(|p| p.name_en()).unwrap_or(""),
                );
                let column = f.column.map(|c| c.header()).unwrap_or("");
                let value = match &f.value {
                    Some(v) if f.column == Some(Column::IdNumber) => idcard::mask(v),
                    Some(v) => v.clone(),
                    None => String::new(),
                };
                let key = fnv128(&[f.rule, &file, sheet, &scope, column, &value]);
                let n = seen.entry(key.clone()).or_insert(0);
                *n += 1;
                fnv128(&[&key, &n.to_string()])
            })
            .collect()
    }

    /// "row 17" / "第 17 行"-style words for the input's row numbers.
    pub fn row_word(&self) -> &'static str {
        self.info.row_word()
    }

    /// A rule's title in the report's language.
    /// With the thresholds in effect: `省内招募比例不超过 50%` under `limit_percent = 50`.
    pub fn title(&self, id: &str) -> String {
        self.outcome.rules.title(id, self.lang)
    }

    /// The cell value a finding is about, as ` [value]` after its place (masked as
    /// [`Report::value`] masks it); empty when it has none.
    pub fn value_suffix(&self, f: &Finding) -> String {
        self.value(f)
            .filter(|v| !v.is_empty())
            .map(|v| format!(" [{v}]"))
            .unwrap_or_default()
    }

    /// The findings of one rule, in report order.
    pub fn findings_of(&self, id: &str) -> Vec<&Finding> {
        self.outcome
            .findings
            .iter()
            .filter(|f| f.rule == id)
            .collect()
    }

    /// A finding in one line for the code-scanning formats (SARIF, GitLab): `Q95 [600000]: …`
    /// for a cell, the message alone (with its value) otherwise.
    pub fn one_line(&self, f: &Finding) -> String {
        let value = self.value_suffix(f);
        let place = self.place(f);
        if place.is_empty() || f.cell.is_none() {
            format!("{}{value}", self.message(f))
        } else {
            format!("{place}{value}: {}", self.message(f))
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
        match f.rows.as_slice() {
            [row] => self.say(
                Text::new(Msg::AtRow)
                    .arg("row", *row)
                    .arg("row_word", self.row_msg()),
            ),
            _ => String::new(),
        }
    }

    /// What a finding says, in the report's language, with every ID-shaped token masked unless
    /// `--show-pii` (an ID number typed into another column is echoed in E01, P04, P05 …).
    pub fn message(&self, f: &Finding) -> String {
        self.redact(&f.message(self.lang)).into_owned()
    }

    /// Why a rule was not checked, in the report's language (empty when it was).
    pub fn reason(&self, status: &crate::rules::RuleStatus) -> String {
        status
            .reason
            .as_ref()
            .map(|r| r.render(self.lang))
            .unwrap_or_default()
    }

    /// A message of the catalog in the report's language.
    pub fn say(&self, text: Text) -> String {
        text.render(self.lang)
    }

    /// `row` or `line` (CSV), as a fact for messages.
    pub fn row_msg(&self) -> Msg {
        if self.row_word() == "line" {
            Msg::LineWord
        } else {
            Msg::RowWord
        }
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
