//! Reporters: findings → text for people and machines. They only format; every number they show
//! was decided by the rules.

pub mod csv;
pub mod github;
pub mod gitlab;
pub mod json;
pub mod junit;
pub mod pretty;
pub mod sarif;
pub mod statistics;
pub mod text;
pub mod xlsx;

use std::borrow::Cow;
use std::io::{self, Write};
use std::rc::Rc;

use serde::Serialize;

use crate::config::Config;
use crate::idcard;
use crate::messages::{Msg, Text};
use crate::roster::schema::Column;
use crate::roster::{Location, RosterInfo, Source, Sources};
use crate::rules::{Finding, Outcome, Rows, Severity, Where};

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
    format!("{:032x}", fnv128_raw(parts))
}

fn fnv128_raw(parts: &[&str]) -> u128 {
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
    hash
}

/// What a writer wrote, as text (reporters write UTF-8 only).
pub fn to_string(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> String {
    let mut bytes = Vec::new();
    // Writing to a Vec fails only where a reporter's own serialiser does; what was written
    // before is kept.
    let _ = write(&mut bytes);
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A sequence that serde writes as it is iterated, an item at a time, instead of a collected
/// list: what lets the JSON reporters stream their findings.
pub struct Streamed<F>(pub F);

impl<F, I> Serialize for Streamed<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// Pretty JSON with a final newline, written as it is serialised.
pub fn write_json<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    // serde_json writes a token at a time: into a buffer of a known type, inlined, rather than
    // a call through `dyn Write` per token.
    let mut buffered = io::BufWriter::with_capacity(64 << 10, out);
    serde_json::to_writer_pretty(&mut buffered, value)?;
    buffered.write_all(b"\n")?;
    buffered.flush()
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
    /// The roster as a whole (with one source, that source).
    pub info: &'a RosterInfo,
    /// The sources when the roster was read from several (rows are then roster-wide ids);
    /// `None` for one file, whose rows are `info`'s.
    pub sources: Option<&'a Sources>,
    pub outcome: &'a Outcome,
    pub config: &'a Config,
    pub lang: Lang,
    pub show_pii: bool,
    /// ANSI colours in the terminal report (a terminal, and NO_COLOR unset).
    pub color: bool,
    pub fail_on: FailOn,
}

/// [`Report::message`] and [`Report::against`] with a memory of the last few: findings come
/// sorted by rule, and a roster's row findings mostly say one of a few things row after row (the
/// I06 notice of each remote province, a cover below the minimum), so each of those is rendered
/// once per run.
pub struct Messages<'r, 'a> {
    report: &'r Report<'a>,
    /// The latest distinct findings said, and which one to replace next.
    recent: Vec<(Finding, Said<'static>)>,
    next: usize,
}

/// What a finding says: its message, and the value found and the limit as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said<'f> {
    pub message: SaidText<'f>,
    pub actual: Option<SaidText<'f>>,
    pub limit: Option<SaidText<'f>>,
}

/// A text a finding says: borrowed from the finding, its own, or shared by the findings that
/// say the same (the remembered ones of [`Messages`]: a count goes up for each, instead of a copy
/// made and freed for each of a heavy roster's 400,000 notices).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaidText<'f> {
    Borrowed(&'f str),
    Owned(String),
    Shared(Rc<str>),
}

impl std::ops::Deref for SaidText<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            SaidText::Borrowed(s) => s,
            SaidText::Owned(s) => s,
            SaidText::Shared(s) => s,
        }
    }
}

impl<'f> From<Cow<'f, str>> for SaidText<'f> {
    fn from(text: Cow<'f, str>) -> Self {
        match text {
            Cow::Borrowed(s) => SaidText::Borrowed(s),
            Cow::Owned(s) => SaidText::Owned(s),
        }
    }
}

impl SaidText<'_> {
    /// The same text, shared.
    fn shared(&self) -> SaidText<'static> {
        match self {
            SaidText::Shared(s) => SaidText::Shared(Rc::clone(s)),
            other => SaidText::Shared(Rc::from(&**other)),
        }
    }
}

impl Serialize for SaidText<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
}

/// Distinct findings remembered: a few provinces' notices interleave.
const RECENT: usize = 8;

impl Messages<'_, '_> {
    pub fn said<'f>(&mut self, f: &'f Finding) -> Said<'f> {
        let fresh = |f: &'f Finding| {
            let (actual, limit) = self.report.against(f);
            Said {
                message: SaidText::Owned(self.report.message(f)),
                actual: actual.map(SaidText::from),
                limit: limit.map(SaidText::from),
            }
        };
        if !f.says_the_same_on_any_row() {
            return fresh(f);
        }
        let alike = |seen: &Finding| {
            seen.rule() == f.rule()
                && seen.severity == f.severity
                && seen.column == f.column
                && seen.detail == f.detail
        };
        if let Some((_, said)) = self.recent.iter().find(|(seen, _)| alike(seen)) {
            return said.clone();
        }
        let said = fresh(f);
        let shared = Said {
            message: said.message.shared(),
            actual: said.actual.as_ref().map(SaidText::shared),
            limit: said.limit.as_ref().map(SaidText::shared),
        };
        let entry = (f.clone(), shared.clone());
        match self.recent.get_mut(self.next) {
            Some(slot) => *slot = entry,
            None => self.recent.push(entry),
        }
        self.next = (self.next + 1) % RECENT;
        shared
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub notices: usize,
    /// Volunteer rows read.
    pub rows: u64,
}

impl<'a> Report<'a> {
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

    /// Writes the report in a format as it goes, a finding at a time: the document is never
    /// held whole (give a buffered writer).
    pub fn write(&self, format: ReportFormat, out: &mut dyn Write) -> io::Result<()> {
        match format {
            ReportFormat::Table => text::write(self, out),
            ReportFormat::Json => json::write(self, out),
            ReportFormat::Csv => csv::write(self, out),
            ReportFormat::Junit => junit::write(self, std::time::Duration::ZERO, out),
            ReportFormat::Github => github::write(self, out),
            ReportFormat::Sarif => sarif::write(self, out),
            ReportFormat::Gitlab => gitlab::write(self, out),
        }
    }

    /// The report in a format, as one string (for tests and the server's small answers).
    pub fn render(&self, format: ReportFormat) -> String {
        to_string(|out| self.write(format, out))
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

    /// `R17`: the cell a finding is about, from its column and row through the column mapping
    /// of the row's source; `None` for a finding about no cell, or a column the file lacks.
    pub fn cell(&self, f: &Finding) -> Option<String> {
        f.cell_in(self.at())
    }

    /// Whether the roster came from several sources (files, or sheets): findings then name
    /// their file and sheet.
    pub fn several(&self) -> bool {
        self.sources.is_some_and(Sources::several)
    }

    /// The source a roster-wide row id is in, when there are several.
    pub fn source_of(&self, id: u32) -> Option<&'a Source> {
        let sources = self.sources.filter(|s| s.several())?;
        sources.locate(id).map(|l| l.source)
    }

    /// What was read of the source an id is in (the whole roster's, with one source).
    pub fn info_of(&self, id: u32) -> &'a RosterInfo {
        self.source_of(id).map_or(self.info, |s| &s.info)
    }

    /// The row an id stands for in its own file.
    pub fn row(&self, id: u32) -> u32 {
        self.at().row(id)
    }

    /// The row a finding points at: its cell's, or its first.
    pub fn anchor(&self, f: &Finding) -> Option<u32> {
        f.cell_row().or_else(|| f.rows.first())
    }

    /// The source a finding points at (its cell's, or its first row's), when there are several.
    pub fn source_of_finding(&self, f: &Finding) -> Option<&'a Source> {
        self.source_of(self.anchor(f)?)
    }

    /// The file a finding is in, as reports name it: its source's file when there are several,
    /// the roster's otherwise.
    pub fn file_of(&self, f: &Finding) -> &'a str {
        self.source_of_finding(f)
            .map_or(self.info.file.as_str(), |s| s.info.file.as_str())
    }

    /// The sheet a finding is in.
    pub fn sheet_of(&self, f: &Finding) -> Option<&'a str> {
        self.source_of_finding(f)
            .map_or(self.info.source.sheet.as_deref(), |s| {
                s.info.source.sheet.as_deref()
            })
    }

    /// A finding's rows as rows of their files, in order.
    pub fn rows_of(&self, f: &Finding) -> Vec<u32> {
        f.rows.iter().map(|id| self.row(id)).collect()
    }

    /// The sources read, when there are several (none otherwise).
    pub fn source_list(&self) -> &'a [Source] {
        self.sources
            .filter(|s| s.several())
            .map_or(&[], |s| s.list())
    }

    /// Ids as rows of each source, when there are several.
    pub fn locations_of(&self, ids: &[u32]) -> Vec<Location<'a>> {
        match self.sources.filter(|s| s.several()) {
            Some(sources) => sources.locations(ids),
            None => Vec::new(),
        }
    }

    /// A finding's rows by source, when there are several (one entry for rows all in one file).
    pub fn locations(&self, f: &Finding) -> Vec<Location<'a>> {
        match self.sources.filter(|s| s.several()) {
            Some(sources) => sources.locations(&f.rows.to_vec()),
            None => Vec::new(),
        }
    }

    /// Where the findings' rows are: the one place reporters look a row id up.
    pub fn at(&self) -> &dyn Where {
        match self.sources {
            Some(sources) => sources,
            None => self.info,
        }
    }

    /// What a finding says, as a message with its facts (rows told as rows of their own files,
    /// E01's header and cell as the row's source has them).
    pub fn text<'f>(&self, f: &'f Finding) -> Cow<'f, Text> {
        f.text(self.at())
    }

    /// The 1-based sheet column of a finding's cell, when it has one.
    pub fn column_number(&self, f: &Finding) -> Option<usize> {
        let info = self.anchor(f).map_or(self.info, |id| self.info_of(id));
        f.column.and_then(|c| info.index_of(c)).map(|i| i + 1)
    }

    /// Fingerprints that identify each finding across runs (SARIF `partialFingerprints`, GitLab
    /// `fingerprint`), in the order of the findings. What is hashed: the rule, the file and sheet,
    /// and then what the finding is about without its row numbers, so that inserting or sorting
    /// rows does not change it — for a share or quota finding its scope (province, recruit
    /// province, county, part), for a cell finding its column and value (身份证号 masked, so that
    /// no ID number can be recovered from a hash) — plus, when several findings share all of
    /// that, their ordinal among them. Counts, percentages and message wording are left out: a
    /// share that goes from 72% to 75% is the same problem.
    ///
    /// Given as the reporter writes: only the count per key is kept (16 bytes and table slack
    /// per distinct key).
    pub fn fingerprints(&self) -> impl Iterator<Item = String> + '_ {
        let mut seen: std::collections::HashMap<u128, usize> = std::collections::HashMap::new();
        self.outcome.findings.iter().map(move |f| {
            let file = relative_path(self.file_of(f));
            let sheet = self.sheet_of(f).unwrap_or("");
            let s = f.scope();
            let scope = format!(
                "{}|{}|{}|{}",
                s.service_province.map(|p| p.name()).unwrap_or(""),
                s.recruit_province.map(|p| p.name()).unwrap_or(""),
                s.service_county.as_deref().unwrap_or(""),
                s.part.map(|p| p.name_en()).unwrap_or(""),
            );
            let column = f.column.map(|c| c.header()).unwrap_or("");
            let value = match f.value() {
                Some(v) if f.column == Some(Column::IdNumber) => idcard::mask(&v),
                Some(v) => v.into_owned(),
                None => String::new(),
            };
            let key = fnv128_raw(&[f.rule(), &file, sheet, &scope, column, &value]);
            let n = seen.entry(key).or_insert(0);
            *n += 1;
            fnv128(&[&format!("{key:032x}"), &n.to_string()])
        })
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
            .filter(|f| f.rule() == id)
            .collect()
    }

    /// A finding in one line for the code-scanning formats (SARIF, GitLab): `Q95 [600000]: …`
    /// for a cell, the message alone (with its value) otherwise.
    pub fn one_line(&self, f: &Finding) -> String {
        let value = self.value_suffix(f);
        let place = self.place(f);
        if place.is_empty() || self.cell(f).is_none() {
            format!("{}{value}", self.message(f))
        } else {
            format!("{place}{value}: {}", self.message(f))
        }
    }

    /// Where a finding is, in words: `Q95`, `row 93`, `新疆 ← 山东`; with several sources a cell
    /// or a row after its file's name (`墨玉县.xlsx A9`).
    pub fn place(&self, f: &Finding) -> String {
        let place = self.place_in_file(f);
        match self.source_of_finding(f) {
            Some(source) if !place.is_empty() && f.scope().is_empty() => {
                format!("{} {place}", source.name)
            }
            _ => place,
        }
    }

    /// [`Report::place`] without the file's name.
    pub fn place_in_file(&self, f: &Finding) -> String {
        if let Some(cell) = self.cell(f) {
            return cell;
        }
        let scope = match self.lang {
            Lang::Zh => f.scope().label_zh(),
            Lang::En => f.scope().label_en(),
        };
        if !scope.is_empty() {
            return scope;
        }
        match f.rows {
            Rows::One(row) => self.say(
                Text::new(Msg::AtRow)
                    .arg("row", self.row(row))
                    .arg("row_word", self.row_msg_of(row)),
            ),
            _ => String::new(),
        }
    }

    /// `row` or `line`, as a fact for messages, for the source of an id.
    pub fn row_msg_of(&self, id: u32) -> Msg {
        if self.info_of(id).row_word() == "line" {
            Msg::LineWord
        } else {
            Msg::RowWord
        }
    }

    /// What a finding says, in the report's language, with every ID-shaped token masked unless
    /// `--show-pii` (an ID number typed into another column is echoed in E01, P04, P05 …).
    pub fn message(&self, f: &Finding) -> String {
        let text = self.text(f).render(self.lang);
        match self.redact(&text) {
            Cow::Borrowed(_) => text,
            Cow::Owned(masked) => masked,
        }
    }

    /// A memo of messages for a reporter writing findings in order (one per thread).
    pub fn messages(&self) -> Messages<'_, 'a> {
        Messages {
            report: self,
            recent: Vec::with_capacity(RECENT),
            next: 0,
        }
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
        let v = f.value()?;
        if f.column == Some(Column::IdNumber) && !self.show_pii && !v.is_empty() {
            Some(idcard::mask(&v))
        } else {
            Some(self.redact(&v).into_owned())
        }
    }

    /// The value found and the limit, as text (`70.06%`, `≤ 70%`), derived from the finding's
    /// numbers.
    pub fn against<'f>(&self, f: &'f Finding) -> (Option<Cow<'f, str>>, Option<Cow<'f, str>>) {
        f.against_text()
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
