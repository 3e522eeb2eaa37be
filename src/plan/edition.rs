//! A year's plan is an edition: a folder with `edition.toml` (the documents, the calendar, the
//! default thresholds and each rule's citation), the two tables, and the documents' text. The
//! 2020—2021 edition under `data/editions/2020-2021/` is compiled in; `--edition DIR` loads
//! another folder of the same shape. This is the one place in `src/` that names a year.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::config::{self, Calendar, ConfigError, RuleSection};

/// The folder of the built-in edition, as messages name it.
pub const BUILTIN_DIR: &str = "data/editions/2020-2021";
const BUILTIN_TOML: &str = include_str!("../../data/editions/2020-2021/edition.toml");
pub(super) const BUILTIN_SCALE_CSV: &str = include_str!("../../data/editions/2020-2021/scale.csv");
pub(super) const BUILTIN_QUOTAS_CSV: &str =
    include_str!("../../data/editions/2020-2021/quotas.csv");

/// A document the rules cite.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// `全国项目办发〔2020〕3号`: heads a line of the report.
    pub short: String,
    /// The full citation with the document's title.
    pub title: String,
    /// The document's text in the folder, where its sentences can be found.
    #[serde(default)]
    pub source: Option<String>,
}

/// The sentence of policy a rule enforces.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// A key of `[documents]`.
    pub document: String,
    #[serde(default)]
    pub section: String,
    pub sentence: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEdition {
    name: String,
    tables: RawTables,
    #[serde(default)]
    documents: BTreeMap<String, Document>,
    calendar: RawCalendar,
    /// Read by [`config::rule_sections`], with their lines.
    #[serde(default)]
    #[allow(dead_code)]
    rules: toml::Table,
    #[serde(default)]
    citations: BTreeMap<String, Citation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTables {
    scale: String,
    quotas: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    report_from: toml::value::Datetime,
    report_to: toml::value::Datetime,
    late_until: Option<toml::value::Datetime>,
}

/// Where an edition's table is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableFile {
    /// Compiled in: its name for messages and its CSV text.
    Builtin { name: String, csv: &'static str },
    /// A file in the edition's folder.
    Path(PathBuf),
}

/// An edition, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Edition {
    /// `2020—2021`.
    pub name: String,
    /// The folder, or `None` for the built-in edition.
    pub dir: Option<PathBuf>,
    pub scale: TableFile,
    pub quotas: TableFile,
    pub documents: BTreeMap<String, Document>,
    pub calendar: Calendar,
    /// The default thresholds, as `[rules.ID]` sections; `xibu.toml` is applied over them.
    pub rules: Vec<RuleSection>,
    /// Each rule's citation, by rule id.
    pub citations: BTreeMap<String, Citation>,
}

impl Edition {
    /// The edition compiled in. Its text is part of the program; the tests read it, so a
    /// mistake there fails them rather than a user's run.
    pub fn builtin() -> Result<Edition, ConfigError> {
        let toml = Path::new(BUILTIN_DIR).join("edition.toml");
        let mut edition = Edition::parse(&toml, BUILTIN_TOML, None)?;
        edition.scale = TableFile::Builtin {
            name: format!("{BUILTIN_DIR}/scale.csv (built in)"),
            csv: BUILTIN_SCALE_CSV,
        };
        edition.quotas = TableFile::Builtin {
            name: format!("{BUILTIN_DIR}/quotas.csv (built in)"),
            csv: BUILTIN_QUOTAS_CSV,
        };
        Ok(edition)
    }

    /// The edition in `dir`, or the built-in one.
    pub fn open(dir: Option<&Path>) -> Result<Edition, ConfigError> {
        match dir {
            Some(d) => Edition::load(d),
            None => Edition::builtin(),
        }
    }

    /// The edition in a folder: `DIR/edition.toml` and the tables it names.
    pub fn load(dir: &Path) -> Result<Edition, ConfigError> {
        let toml = dir.join("edition.toml");
        // Only a regular file of a sensible size is read, as for xibu.toml.
        let text = crate::input::read_small_text(&toml, config::MAX_CONFIG_BYTES)?;
        Edition::parse(&toml, &text, Some(dir))
    }

    fn parse(file: &Path, text: &str, dir: Option<&Path>) -> Result<Edition, ConfigError> {
        let raw: RawEdition = toml::from_str(text).map_err(|e| ConfigError::Toml {
            file: file.to_path_buf(),
            message: e.message().trim().replace('\n', " "),
        })?;
        let bad = |message: String| ConfigError::Toml {
            file: file.to_path_buf(),
            message,
        };
        let date = |d: &toml::value::Datetime, key: &str| {
            config::toml_date(d).map_err(|m| bad(format!("calendar.{key}: {m}")))
        };
        let calendar = Calendar {
            report_from: date(&raw.calendar.report_from, "report_from")?,
            report_to: date(&raw.calendar.report_to, "report_to")?,
            late_until: match &raw.calendar.late_until {
                Some(d) => Some(date(d, "late_until")?),
                None => None,
            },
        };
        if calendar.report_from > calendar.report_to {
            return Err(bad("calendar: report_to is before report_from".into()));
        }
        for (id, c) in &raw.citations {
            if !raw.documents.contains_key(&c.document) {
                return Err(bad(format!(
                    "citations.{id}: no document {:?} in [documents]",
                    c.document
                )));
            }
        }
        let in_dir = |name: &str| match dir {
            Some(d) => TableFile::Path(d.join(name)),
            None => TableFile::Path(PathBuf::from(name)),
        };
        Ok(Edition {
            name: raw.name,
            dir: dir.map(Path::to_path_buf),
            scale: in_dir(&raw.tables.scale),
            quotas: in_dir(&raw.tables.quotas),
            documents: raw.documents,
            calendar,
            rules: config::rule_sections(file, text)?,
            citations: raw.citations,
        })
    }

    /// A rule's citation with its document, if the edition cites one.
    pub fn citation(&self, rule: &str) -> Option<(&Citation, &Document)> {
        let c = self.citations.get(rule)?;
        Some((c, self.documents.get(&c.document)?))
    }
}
