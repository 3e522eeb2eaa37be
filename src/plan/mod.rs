//! The year's plan: its edition (documents, calendar, thresholds, citations) and its tables,
//! 附件1 (per-province implementation scale) and 附件2 (paired-recruitment quotas), built in or
//! loaded from an edition folder or the files offices have.

pub mod edition;
mod parse;
pub mod verify;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::config::ConfigError;
use crate::input::{self, InputError};
use crate::province::Province;
use edition::{Edition, TableFile};

pub use parse::CellProblem;

/// Where a table came from, for messages: a user's file or the built-in CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The path as the user gave it, or `data/…csv (built in)`.
    pub name: String,
    /// Whether row numbers are CSV lines ("line") or spreadsheet rows ("row").
    pub row_word: &'static str,
}

impl Source {
    /// "quotas.xlsx row 12" / "quotas.csv line 12".
    pub fn at(&self, row: u32) -> String {
        format!("{} {} {}", self.name, self.row_word, row)
    }
}

/// One row of 附件1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScaleRow {
    pub province: Province,
    /// 实施规模: all volunteers in post this year.
    pub total: u32,
    /// 第22届研支团人数: the graduate teaching corps (研究生支教团).
    pub grad_teach: u32,
    /// 延期志愿者人数: volunteers extending their service.
    pub extended: u32,
    /// 新招募志愿者人数（不含研支团）: new recruits, the population of 附件2.
    pub new: u32,
    #[serde(skip)]
    pub row: u32,
}

/// The 合计 row of 附件1, as the table states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ScaleTotals {
    pub total: u32,
    pub grad_teach: u32,
    pub extended: u32,
    pub new: u32,
    #[serde(skip)]
    pub row: u32,
}

impl ScaleTotals {
    /// 实施规模, 研支团, 延期, 新招募, in the table's column order.
    pub fn values(&self) -> [u32; 4] {
        [self.total, self.grad_teach, self.extended, self.new]
    }
}

/// 附件1: per-province implementation scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaleTable {
    pub source: Source,
    pub rows: Vec<ScaleRow>,
    /// The table's own 合计 row, when it has one.
    pub totals: Option<ScaleTotals>,
    /// Province cells that name no province (reported by `tables verify`, refused elsewhere).
    pub problems: Vec<CellProblem>,
}

impl ScaleTable {
    pub fn get(&self, province: Province) -> Option<&ScaleRow> {
        self.rows.iter().find(|r| r.province == province)
    }

    /// The column sums of the province rows.
    pub fn column_sums(&self) -> ScaleTotals {
        let mut sums = ScaleTotals {
            total: 0,
            grad_teach: 0,
            extended: 0,
            new: 0,
            row: 0,
        };
        for r in &self.rows {
            sums.total = sums.total.saturating_add(r.total);
            sums.grad_teach = sums.grad_teach.saturating_add(r.grad_teach);
            sums.extended = sums.extended.saturating_add(r.extended);
            sums.new = sums.new.saturating_add(r.new);
        }
        sums
    }
}

/// One (服务地区, 对口招募省份) pair of 附件2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuotaRow {
    /// 服务地区: the province (or 兵团) where the volunteers serve.
    pub service: Province,
    /// 对口招募省份: the province whose graduates fill the quota.
    pub recruit: Province,
    /// 招募指标.
    pub quota: u32,
    /// 备注 as the table gives it: 省内招募, 对口帮扶, or blank.
    pub note: String,
    #[serde(skip)]
    pub row: u32,
}

/// 附件2: paired-recruitment quotas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotaTable {
    pub source: Source,
    /// In the order the table lists them (left block first, then the blocks to its right).
    pub rows: Vec<QuotaRow>,
    pub problems: Vec<CellProblem>,
}

impl QuotaTable {
    /// The quota of a pair, when the plan has it.
    pub fn get(&self, service: Province, recruit: Province) -> Option<&QuotaRow> {
        self.rows
            .iter()
            .find(|r| r.service == service && r.recruit == recruit)
    }

    /// The pairs of one service region, in table order.
    pub fn for_service(&self, service: Province) -> impl Iterator<Item = &QuotaRow> {
        self.rows.iter().filter(move |r| r.service == service)
    }

    /// The pairs one province recruits for, in table order.
    pub fn for_recruit(&self, recruit: Province) -> impl Iterator<Item = &QuotaRow> {
        self.rows.iter().filter(move |r| r.recruit == recruit)
    }

    /// The service regions, each with the sum of its quotas, in province order.
    pub fn sums_by_service(&self) -> BTreeMap<Province, u64> {
        let mut sums = BTreeMap::new();
        for r in &self.rows {
            *sums.entry(r.service).or_insert(0u64) += u64::from(r.quota);
        }
        sums
    }
}

/// A year's plan: its edition and both tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub scale: ScaleTable,
    pub quotas: QuotaTable,
    pub edition: Edition,
}

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Edition(#[from] ConfigError),
    #[error("{file}: {row_word} {row}, column {column} ({cell}): {problem}")]
    Cell {
        file: String,
        row_word: &'static str,
        row: u32,
        column: String,
        cell: String,
        problem: String,
    },
    #[error(
        "{file}: no {table} header row in the first {} rows; expected the columns {expected}{}",
        parse::HEADER_SEARCH_ROWS,
        if found.is_empty() { String::new() } else { format!("; the first row reads: {}", found.join(" | ")) }
    )]
    NoHeader {
        file: String,
        table: &'static str,
        expected: String,
        found: Vec<String>,
    },
    #[error("{file}: {row_word} {row}: the {table} header lacks {missing}; headers found: {}", found.join(" | "))]
    MissingColumns {
        file: String,
        table: &'static str,
        row_word: &'static str,
        row: u32,
        missing: String,
        found: Vec<String>,
    },
    #[error("{file}: the {table} has no data rows")]
    Empty { file: String, table: &'static str },
    #[error("{}", problems_message(.0))]
    UnknownProvinces(Vec<(Source, CellProblem)>),
}

fn problems_message(problems: &[(Source, CellProblem)]) -> String {
    let mut lines: Vec<String> = problems
        .iter()
        .take(5)
        .map(|(source, p)| p.describe(source))
        .collect();
    if problems.len() > 5 {
        lines.push(format!("… and {} more", problems.len() - 5));
    }
    lines.join("\n")
}

impl Plan {
    /// The built-in edition's plan.
    pub fn builtin() -> Result<Plan, PlanError> {
        Plan::load_edition(None, None, None)
    }

    /// The built-in edition, with the tables the user named in place of its own.
    pub fn load(scale: Option<&Path>, quotas: Option<&Path>) -> Result<Plan, PlanError> {
        Plan::load_edition(None, scale, quotas)
    }

    /// The edition in `edition` (the built-in one when `None`), with the tables the user named
    /// in place of its own. Province cells that name no province are kept as problems for
    /// `tables verify` to report; see [`Plan::require_clean`] for the commands that must refuse
    /// them.
    pub fn load_edition(
        edition: Option<&Path>,
        scale: Option<&Path>,
        quotas: Option<&Path>,
    ) -> Result<Plan, PlanError> {
        let edition = match edition {
            Some(dir) => Edition::load(dir)?,
            None => Edition::builtin()?,
        };
        let scale = match scale {
            Some(path) => table_file(path, parse::scale_table)?,
            None => edition_table(&edition.scale, parse::scale_table)?,
        };
        let quotas = match quotas {
            Some(path) => table_file(path, parse::quota_table)?,
            None => edition_table(&edition.quotas, parse::quota_table)?,
        };
        Ok(Plan {
            scale,
            quotas,
            edition,
        })
    }

    /// Refuses a plan with province cells that name no province: a lookup or check on such a
    /// table would silently miss the row.
    pub fn require_clean(self) -> Result<Plan, PlanError> {
        let problems: Vec<(Source, CellProblem)> = self
            .scale
            .problems
            .iter()
            .map(|p| (self.scale.source.clone(), p.clone()))
            .chain(
                self.quotas
                    .problems
                    .iter()
                    .map(|p| (self.quotas.source.clone(), p.clone())),
            )
            .collect();
        if problems.is_empty() {
            Ok(self)
        } else {
            Err(PlanError::UnknownProvinces(problems))
        }
    }
}

fn file_source(path: &Path) -> Source {
    Source {
        name: path.display().to_string(),
        row_word: crate::sheet::row_word_for_path(path),
    }
}

/// Plan tables are small (a few hundred rows), so they are read whole.
fn read_all(path: &Path) -> Result<Vec<input::Row>, PlanError> {
    let mut rows = Vec::new();
    input::read_table(path, &mut |row| {
        rows.push(row.clone());
        std::ops::ControlFlow::Continue(())
    })?;
    Ok(rows)
}

fn read_builtin(name: &str, csv: &str) -> Result<Vec<input::Row>, PlanError> {
    let mut rows = Vec::new();
    input::read_csv_bytes(&PathBuf::from(name), csv.as_bytes(), &mut |row| {
        rows.push(row.clone());
        std::ops::ControlFlow::Continue(())
    })?;
    Ok(rows)
}

fn builtin_source(name: &str) -> Source {
    Source {
        name: name.to_string(),
        row_word: "line",
    }
}

fn table_file<T>(
    path: &Path,
    parse: fn(Source, Vec<input::Row>) -> Result<T, PlanError>,
) -> Result<T, PlanError> {
    parse(file_source(path), read_all(path)?)
}

fn edition_table<T>(
    file: &TableFile,
    parse: fn(Source, Vec<input::Row>) -> Result<T, PlanError>,
) -> Result<T, PlanError> {
    match file {
        TableFile::Builtin { name, csv } => parse(builtin_source(name), read_builtin(name, csv)?),
        TableFile::Path(path) => table_file(path, parse),
    }
}
