//! A volunteer's record as typed fields, and what the reader reports besides records: cells that
//! do not parse, notices, and where each roster column is.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::schema::Column;
use super::values::{
    Education, PostStatus, ProgramValue, ProjectType, Rating, RecruitMode, UnitLevel, UnitNature,
    Verdict, VolunteerType,
};
use crate::messages::Text;
use crate::province::Province;

/// One cell of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Field<T> {
    /// The cell is blank, or the roster has no such column.
    #[default]
    Blank,
    /// The cell holds something that does not parse; a [`CellError`] says what.
    Invalid,
    Value(T),
}

impl<T> Field<T> {
    pub fn value(&self) -> Option<&T> {
        match self {
            Field::Value(v) => Some(v),
            _ => None,
        }
    }

    pub fn is_blank(&self) -> bool {
        matches!(self, Field::Blank)
    }
}

impl<T: Copy> Field<T> {
    pub fn get(&self) -> Option<T> {
        self.value().copied()
    }
}

/// One volunteer's row.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Record {
    /// The row number the user sees (Excel row, or CSV line).
    pub row: u32,
    pub name: Field<String>,
    pub id_number: Field<String>,
    pub volunteer_type: Field<VolunteerType>,
    pub recruit_province: Field<Province>,
    pub service_province: Field<Province>,
    pub service_county: Field<String>,
    pub service_unit: Field<String>,
    pub post_name: Field<String>,
    pub unit_level: Field<UnitLevel>,
    pub unit_nature: Field<UnitNature>,
    pub program: Field<ProgramValue>,
    pub education: Field<Education>,
    pub post_status: Field<PostStatus>,
    pub rating: Field<Rating>,
    pub report_date: Field<NaiveDate>,
    pub service_end_date: Field<NaiveDate>,
    pub accident_cover: Field<Decimal>,
    pub critical_illness_cover: Field<Decimal>,
    pub hospital_cover: Field<Decimal>,
    pub accident_medical_cover: Field<Decimal>,
    pub insurance_start: Field<NaiveDate>,
    pub insurance_end: Field<NaiveDate>,
    pub medical_exam: Field<Verdict>,
    pub lung_test: Field<Verdict>,
    pub project_type: Field<ProjectType>,
    pub recruit_mode: Field<RecruitMode>,
}

impl Record {
    /// 在岗: a blank 在岗状态 means 在岗 (SPEC), so only 离岗 and 流失 are off post.
    pub fn on_post(&self) -> bool {
        matches!(
            self.post_status,
            Field::Blank | Field::Value(PostStatus::OnPost)
        )
    }

    /// 全国项目: a blank 项目类型 means 全国项目 (SPEC), so only 地方项目 is outside it.
    pub fn national_project(&self) -> bool {
        self.project_type != Field::Value(ProjectType::Local)
    }

    /// 补录: a blank 招募方式 means 集中招募.
    pub fn late_recruit(&self) -> bool {
        self.recruit_mode == Field::Value(RecruitMode::Late)
    }
}

/// A cell whose value does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    pub row: u32,
    pub column: Column,
    /// The header as the file writes it.
    pub header: String,
    /// `R17`.
    pub cell: String,
    /// The cell's value as text (an ID number here is masked by the reporters).
    pub value: String,
    /// What is wrong and what would be accepted, as a message of the catalog.
    pub problem: Text,
}

/// Something the reader did that the user should know of (a 合计 row ignored, a column twice).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub row: Option<u32>,
    /// What to tell, said in the user's language by the reporter.
    pub text: Text,
}

/// A roster column found in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MappedColumn {
    pub column: Column,
    /// 0-based index in the sheet.
    pub index: usize,
    /// The header as the file writes it.
    pub header: String,
}
