//! One cell into its field of the record: blank, a value, or a problem at the cell saying what
//! would be accepted, in both languages.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::amount::{self, AmountUnit};
use super::date;
use super::header::Slot;
use super::schema::{Column, Kind};
use super::values::{Enumerated, Program, ProgramValue};
use super::{Field, Record};
use crate::input::{self, Cell};
use crate::messages::{Arg, Msg, Text};
use crate::province::Province;

/// No province, fixed value, date or amount is written with more characters than this.
const LONGEST_VALUE: usize = 64;

/// Parses one cell into its field of the record.
pub(super) fn fill(record: &mut Record, slot: &Slot, cell: &Cell, fail: &mut dyn FnMut(Text)) {
    let column = slot.mapped.column;
    if cell.is_blank() {
        // A blank cell in a required column leaves the row out of every count it belongs to,
        // so it is reported rather than passed over.
        if column.required() {
            fail(Text::new(Msg::CellBlank).arg("column", column.header()));
            set_invalid(record, column);
        }
        return;
    }
    if let Cell::Error(e) = cell {
        fail(Text::new(Msg::CellExcelError).arg("error", e.to_string()));
        set_invalid(record, column);
        return;
    }
    if let Cell::Text(t) = cell {
        if input::too_long(t) {
            fail(Text::new(Msg::CellTooLong).arg("max", input::MAX_CELL_CHARS));
            set_invalid(record, column);
            return;
        }
        // Valid values of these columns are a few characters; a long one is echoed cut short.
        let short_kind = matches!(
            column.kind(),
            Kind::Province | Kind::Choice | Kind::Date | Kind::Amount
        );
        if short_kind && column != Column::Program && t.chars().nth(LONGEST_VALUE).is_some() {
            let shown = input::short(t.trim(), input::ECHO_CHARS);
            fail(
                Text::new(Msg::CellValueTooLong)
                    .arg("text", Arg::Quoted(shown))
                    .arg("column", column.header())
                    .arg("count", t.chars().count()),
            );
            set_invalid(record, column);
            return;
        }
    }
    let extra = &slot.extra;
    // The cell's text, trimmed, borrowed when it is a text cell (nearly every cell of a CSV).
    let text = || -> std::borrow::Cow<str> {
        match cell {
            Cell::Text(t) => std::borrow::Cow::Borrowed(t.trim()),
            other => std::borrow::Cow::Owned(other.to_text()),
        }
    };
    match column.kind() {
        Kind::Text => set_text(record, column, text().into_owned()),
        Kind::IdNumber => match cell {
            Cell::Int(_) | Cell::Float(_) => {
                fail(Text::new(Msg::CellIdAsNumber));
                record.id_number = Field::Invalid;
            }
            _ => {
                let text = text();
                match id_typing(&text) {
                    Some(problem) => {
                        fail(problem);
                        record.id_number = Field::Invalid;
                    }
                    None => record.id_number = Field::Value(text.to_uppercase()),
                }
            }
        },
        Kind::Province => match Province::parse(&text()) {
            Ok(p) => match column {
                Column::RecruitProvince => record.recruit_province = Field::Value(p),
                _ => record.service_province = Field::Value(p),
            },
            Err(e) => {
                let near: Vec<&str> = e.suggestions.iter().map(|p| p.name()).collect();
                let text = if near.is_empty() {
                    Text::new(Msg::CellProvince)
                } else {
                    Text::new(Msg::CellProvinceNear).arg("near", near.join(" 或 "))
                };
                fail(
                    text.arg("input", Arg::Quoted(e.input.clone()))
                        .arg("detail", e.to_string()),
                );
                set_invalid(record, column);
            }
        },
        Kind::Choice => {
            let text = text();
            if !set_choice(record, column, &text, extra) {
                fail(
                    Text::new(Msg::CellChoice)
                        .arg("text", Arg::Quoted(text.to_string()))
                        .arg("column", column.header())
                        .arg("choices", column.choices().join(" / ")),
                );
                set_invalid(record, column);
            }
        }
        Kind::Date => match date::parse_date(cell) {
            Ok(Some(d)) => set_date(record, column, Field::Value(d)),
            Ok(None) => {}
            Err(problem) => {
                fail(Text::new(Msg::CellDate).arg("detail", problem));
                set_date(record, column, Field::Invalid);
            }
        },
        Kind::Amount => match amount::parse_amount(cell, slot.unit) {
            Ok(Some(a)) => set_amount(record, column, Field::Value(a)),
            Ok(None) => {}
            Err(problem) => {
                let msg = match slot.unit {
                    AmountUnit::TenThousandYuan => Msg::CellAmountTenThousand,
                    AmountUnit::Yuan => Msg::CellAmount,
                };
                fail(Text::new(msg).arg("detail", problem));
                set_amount(record, column, Field::Invalid);
            }
        },
    }
}

/// What is wrong with how an ID number was typed, when it holds full-width characters (`Ｘ`,
/// `１`, typed with a Chinese input method) or spaces inside: named as the problem, rather than
/// taken silently after folding (the information system would not take the number as typed) or
/// reported as a malformed number (which would not say what to fix).
fn id_typing(id: &str) -> Option<Text> {
    if id.is_ascii() && !id.contains([' ', '\t']) {
        return None;
    }
    let mut wide = String::new();
    let mut narrow = String::new();
    for c in id.chars() {
        if let '\u{ff01}'..='\u{ff5e}' = c
            && !wide.contains(c)
        {
            wide.push(c);
            narrow.push(char::from_u32(c as u32 - 0xfee0).unwrap_or(c));
        }
    }
    if !wide.is_empty() {
        return Some(
            Text::new(Msg::CellIdFullWidth)
                .arg("chars", wide)
                .arg("ascii", narrow),
        );
    }
    id.contains(char::is_whitespace)
        .then(|| Text::new(Msg::CellIdSpaces))
}

fn set_text(record: &mut Record, column: Column, text: String) {
    let field = Field::Value(text);
    match column {
        Column::Name => record.name = field,
        Column::ServiceCounty => record.service_county = field,
        Column::ServiceUnit => record.service_unit = field,
        Column::PostName => record.post_name = field,
        _ => {}
    }
}

/// Parses an enumerated value into its field; false when the text is none of the values.
fn set_choice(record: &mut Record, column: Column, text: &str, extra: &[(String, String)]) -> bool {
    fn parse<T: Enumerated>(text: &str, extra: &[(String, String)], field: &mut Field<T>) -> bool {
        match T::parse_with(text, extra) {
            Some(v) => {
                *field = Field::Value(v);
                true
            }
            None => false,
        }
    }
    match column {
        Column::VolunteerType => parse(text, extra, &mut record.volunteer_type),
        Column::UnitLevel => parse(text, extra, &mut record.unit_level),
        Column::UnitNature => parse(text, extra, &mut record.unit_nature),
        Column::Education => parse(text, extra, &mut record.education),
        Column::PostStatus => parse(text, extra, &mut record.post_status),
        Column::Rating => parse(text, extra, &mut record.rating),
        Column::MedicalExam => parse(text, extra, &mut record.medical_exam),
        Column::LungTest => parse(text, extra, &mut record.lung_test),
        Column::ProjectType => parse(text, extra, &mut record.project_type),
        Column::RecruitMode => parse(text, extra, &mut record.recruit_mode),
        Column::Program => {
            // A 专项 outside the seven is rule P04's finding, not an unreadable cell.
            record.program = Field::Value(match Program::parse_with(text, extra) {
                Some(p) => ProgramValue::Known(p),
                None => ProgramValue::Other(text.trim().to_string()),
            });
            true
        }
        _ => false,
    }
}

fn set_date(record: &mut Record, column: Column, field: Field<NaiveDate>) {
    match column {
        Column::ReportDate => record.report_date = field,
        Column::ServiceEndDate => record.service_end_date = field,
        Column::InsuranceStart => record.insurance_start = field,
        Column::InsuranceEnd => record.insurance_end = field,
        _ => {}
    }
}

fn set_amount(record: &mut Record, column: Column, field: Field<Decimal>) {
    match column {
        Column::AccidentCover => record.accident_cover = field,
        Column::CriticalIllnessCover => record.critical_illness_cover = field,
        Column::HospitalCover => record.hospital_cover = field,
        Column::AccidentMedicalCover => record.accident_medical_cover = field,
        _ => {}
    }
}

fn set_invalid(record: &mut Record, column: Column) {
    match column {
        Column::Name => record.name = Field::Invalid,
        Column::IdNumber => record.id_number = Field::Invalid,
        Column::VolunteerType => record.volunteer_type = Field::Invalid,
        Column::RecruitProvince => record.recruit_province = Field::Invalid,
        Column::ServiceProvince => record.service_province = Field::Invalid,
        Column::ServiceCounty => record.service_county = Field::Invalid,
        Column::ServiceUnit => record.service_unit = Field::Invalid,
        Column::PostName => record.post_name = Field::Invalid,
        Column::UnitLevel => record.unit_level = Field::Invalid,
        Column::UnitNature => record.unit_nature = Field::Invalid,
        Column::Program => record.program = Field::Invalid,
        Column::Education => record.education = Field::Invalid,
        Column::PostStatus => record.post_status = Field::Invalid,
        Column::Rating => record.rating = Field::Invalid,
        Column::MedicalExam => record.medical_exam = Field::Invalid,
        Column::LungTest => record.lung_test = Field::Invalid,
        Column::ProjectType => record.project_type = Field::Invalid,
        Column::RecruitMode => record.recruit_mode = Field::Invalid,
        Column::ReportDate
        | Column::ServiceEndDate
        | Column::InsuranceStart
        | Column::InsuranceEnd => set_date(record, column, Field::Invalid),
        Column::AccidentCover
        | Column::CriticalIllnessCover
        | Column::HospitalCover
        | Column::AccidentMedicalCover => set_amount(record, column, Field::Invalid),
    }
}
