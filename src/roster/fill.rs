//! One cell into its field of the record: blank, a value, or a problem at the cell saying what
//! would be accepted, in both languages; and [`Typer`], a whole row into a record.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::amount::{self, AmountUnit};
use super::date;
use super::header::Slot;
use super::schema::{Column, Kind};
use super::values::{Enumerated, Program, ProgramValue};
use super::{CellError, Field, Record};
use crate::input::{self, Cell, CellRef, RowRef, cell_ref};
use crate::messages::{Arg, Msg, Text};
use crate::province::Province;

/// No province, fixed value, date or amount is written with more characters than this.
const LONGEST_VALUE: usize = 64;

/// Cells each column remembers with what they typed to, each in the place a hash of the cell
/// gives ([`way_of`]): a column's few dozen values (provinces, 报到日期) each keep a place, where
/// a memo of the last four cells parsed them again at nearly every row.
const WAYS: usize = 64;

/// Types data rows into records. What a row becomes is a function of the column mapping and the
/// row alone (the memo only saves parsing a cell equal to one seen above it), so any
/// thread can type any row: the check pipeline types rows on both of its threads.
#[derive(Clone)]
pub struct Typer {
    slots: Vec<Slot>,
    /// Per slot, cells that typed to a value without a problem, when its column is one whose
    /// value depends on the cell alone (provinces, fixed values, dates, amounts): rosters
    /// repeat 本科, 在岗, 新疆 and 800000 down their columns, and an export sorted by name
    /// alternates between a few values (新招募 / 延期, 乡镇 / 县级 / 村).
    memo: Vec<Memo>,
    /// The fields those cells typed to: cell `w` of a slot's memo typed to its column's field
    /// in `last[w]`.
    last: Box<[Record; WAYS]>,
}

#[derive(Clone)]
struct Memo {
    /// Whether the column's value depends on the cell alone.
    on: bool,
    /// By way: the last cell kept there. A cell is looked for in its home and the way beside
    /// it only ([`way_of`]).
    cells: Vec<Option<Cell>>,
}

impl Typer {
    pub(super) fn new(slots: &[Slot]) -> Typer {
        Typer {
            slots: slots.to_vec(),
            memo: slots
                .iter()
                .map(|slot| Memo {
                    on: !matches!(slot.mapped.column.kind(), Kind::Text | Kind::IdNumber),
                    cells: vec![None; WAYS],
                })
                .collect(),
            last: Box::new(std::array::from_fn(|_| Record::default())),
        }
    }

    /// Types `row` into `record`, overwriting every mapped field (text fields reuse their
    /// buffers, so a record typed over and over allocates nothing), and pushes each cell that does
    /// not parse onto `errors`.
    pub fn type_row(&mut self, row: RowRef, record: &mut Record, errors: &mut Vec<CellError>) {
        let number = row.number();
        record.row = number;
        let Typer { slots, memo, last } = self;
        for (slot, seen) in slots.iter().zip(memo.iter_mut()) {
            let column = slot.mapped.column;
            let cell = row.get(slot.mapped.index);
            let home = if seen.on { way_of(&cell) } else { 0 };
            if seen.on {
                let kept = |way: usize| match seen.cells.get(way) {
                    Some(Some(kept)) => same(kept, &cell),
                    _ => false,
                };
                let hit = if kept(home) {
                    Some(home)
                } else {
                    Some(home ^ 1).filter(|&way| kept(way))
                };
                if let Some(from) = hit.and_then(|way| last.get(way)) {
                    copy_field(record, from, column);
                    continue;
                }
            }
            let before = errors.len();
            let mut fail = |problem: Text| {
                errors.push(CellError {
                    row: number,
                    column,
                    header: slot.mapped.header.clone(),
                    cell: cell_ref(slot.mapped.index, number),
                    // A short prefix: the only copy of the value a finding keeps.
                    value: match cell {
                        CellRef::Text(t) => input::short(t.trim(), input::ECHO_CHARS),
                        other => input::short(&other.to_text(), input::ECHO_CHARS),
                    },
                    problem,
                });
            };
            // By reference: a copy of the cell made for the call was a stalled store (a third
            // of the typing).
            fill(record, slot, &cell, &mut fail);
            if seen.on && errors.len() == before {
                // Its home, unless another cell has it and the way beside it is free.
                let taken = |way: usize| matches!(seen.cells.get(way), Some(Some(_)));
                let way = if taken(home) && !taken(home ^ 1) {
                    home ^ 1
                } else {
                    home
                };
                if let (Some(kept), Some(to)) = (seen.cells.get_mut(way), last.get_mut(way)) {
                    match kept {
                        Some(s) => s.set(cell),
                        None => *kept = Some(cell.to_cell()),
                    }
                    copy_field(to, record, column);
                }
            }
        }
    }
}

/// The way of a column's memo a cell is kept in (its home, or the way beside it when another
/// cell had the home first): a multiplicative hash of a few of its bytes (the first and last
/// eight, which tell a column's values apart: 2020-07-20 from 2020-07-21). Cells that share
/// ways only take turns there; a hit is decided by comparing the whole cell.
fn way_of(cell: &CellRef) -> usize {
    let bits = match *cell {
        CellRef::Text(t) => text_bits(t.as_bytes()),
        CellRef::Int(i) => i as u64,
        CellRef::Float(f) => f.to_bits(),
        CellRef::Bool(b) => u64::from(b),
        CellRef::DateTime(d) => d.and_utc().timestamp() as u64,
        CellRef::Empty | CellRef::Error(_) => 0,
    };
    (bits.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - WAYS.trailing_zeros())) as usize
}

/// A text's length and its first and last bytes (up to eight each) in one word, for [`way_of`].
fn text_bits(b: &[u8]) -> u64 {
    fn word<const N: usize>(s: &[u8], at: usize) -> [u8; N] {
        s.get(at..at + N)
            .and_then(|w| w.try_into().ok())
            .unwrap_or([0; N])
    }
    let n = b.len();
    let (head, tail) = match n {
        0..=3 => {
            let byte = |i: usize| u64::from(b.get(i).copied().unwrap_or(0));
            (
                byte(0) | byte(n / 2) << 8 | byte(n.saturating_sub(1)) << 16,
                0,
            )
        }
        4..=7 => (
            u64::from(u32::from_le_bytes(word(b, 0))),
            u64::from(u32::from_le_bytes(word(b, n - 4))),
        ),
        _ => (
            u64::from_le_bytes(word(b, 0)),
            u64::from_le_bytes(word(b, n - 8)),
        ),
    };
    head ^ tail.rotate_left(29) ^ (n as u64) << 58
}

/// Whether the memo's cell is `cell`. Texts of the same length are compared in registers: a
/// column's repeated values are a few bytes (本科, 在岗, 800000), and a call to `memcmp` for each
/// cell of a row cost more than the comparing (3% of a clean check, perf).
fn same(seen: &Cell, cell: &CellRef) -> bool {
    match (seen, cell) {
        (Cell::Text(a), CellRef::Text(b)) => same_bytes(a.as_bytes(), b.as_bytes()),
        (seen, cell) => seen.as_ref() == *cell,
    }
}

fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    fn word<const N: usize>(s: &[u8], at: usize) -> Option<[u8; N]> {
        s.get(at..at + N).and_then(|w| w.try_into().ok())
    }
    match n {
        0 => true,
        // The first, middle and last bytes cover one to three.
        1..=3 => [0, n / 2, n - 1].iter().all(|&i| a.get(i) == b.get(i)),
        // Two words that overlap cover the rest up to twice a word.
        4..=7 => word::<4>(a, 0) == word::<4>(b, 0) && word::<4>(a, n - 4) == word::<4>(b, n - 4),
        8..=16 => word::<8>(a, 0) == word::<8>(b, 0) && word::<8>(a, n - 8) == word::<8>(b, n - 8),
        _ => a == b,
    }
}

/// Parses one cell into its field of the record, overwriting whatever the field held.
fn fill(record: &mut Record, slot: &Slot, cell: &CellRef, fail: &mut dyn FnMut(Text)) {
    let column = slot.mapped.column;
    if cell.is_blank() {
        // A blank cell in a required column leaves the row out of every count it belongs to,
        // so it is reported rather than passed over.
        if column.required() {
            fail(Text::new(Msg::CellBlank).arg("column", column.header()));
            set_invalid(record, column);
        } else {
            set_blank(record, column);
        }
        return;
    }
    if let CellRef::Error(e) = cell {
        fail(Text::new(Msg::CellExcelError).arg("error", e.to_string()));
        set_invalid(record, column);
        return;
    }
    if let CellRef::Text(t) = cell {
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
        // No more bytes than that, no more characters: the count is for long cells only.
        if short_kind
            && column != Column::Program
            && t.len() > LONGEST_VALUE
            && t.chars().nth(LONGEST_VALUE).is_some()
        {
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
            CellRef::Text(t) => std::borrow::Cow::Borrowed(crate::text::trim(t)),
            other => std::borrow::Cow::Owned(other.to_text()),
        }
    };
    match column.kind() {
        Kind::Text => {
            if let Some(field) = text_field(record, column) {
                set_reusing(field, &text(), false);
            }
        }
        Kind::IdNumber => match cell {
            CellRef::Int(_) | CellRef::Float(_) => {
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
                    None => set_reusing(&mut record.id_number, &text, true),
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
        Kind::Date => match date::parse_date(*cell) {
            Ok(Some(d)) => set_date(record, column, Field::Value(d)),
            Ok(None) => set_date(record, column, Field::Blank),
            Err(problem) => {
                fail(Text::new(Msg::CellDate).arg("detail", problem));
                set_date(record, column, Field::Invalid);
            }
        },
        Kind::Amount => match amount::parse_amount(*cell, slot.unit) {
            Ok(Some(a)) => set_amount(record, column, Field::Value(a)),
            Ok(None) => set_amount(record, column, Field::Blank),
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

/// The field of a text column.
fn text_field(record: &mut Record, column: Column) -> Option<&mut Field<String>> {
    match column {
        Column::Name => Some(&mut record.name),
        Column::ServiceCounty => Some(&mut record.service_county),
        Column::ServiceUnit => Some(&mut record.service_unit),
        Column::PostName => Some(&mut record.post_name),
        _ => None,
    }
}

/// Sets a text field to `text` (in upper case when `upper`), in the string it already holds.
fn set_reusing(field: &mut Field<String>, text: &str, upper: bool) {
    if !matches!(field, Field::Value(_)) {
        *field = Field::Value(String::with_capacity(text.len()));
    }
    if let Field::Value(s) = field {
        s.clear();
        if !upper {
            s.push_str(text);
        } else if text.is_ascii() {
            s.push_str(text);
            s.make_ascii_uppercase();
        } else {
            // The same as str::to_uppercase: upper-casing has no context-dependent mappings.
            s.extend(text.chars().flat_map(char::to_uppercase));
        }
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
    set_state(record, column, Field::Invalid);
}

fn set_blank(record: &mut Record, column: Column) {
    set_state(record, column, Field::Blank);
}

/// Sets a column's field to `Blank` or `Invalid`, whatever its type.
fn set_state(record: &mut Record, column: Column, state: Field<()>) {
    fn like<T>(state: &Field<()>) -> Field<T> {
        match state {
            Field::Invalid => Field::Invalid,
            _ => Field::Blank,
        }
    }
    let s = &state;
    match column {
        Column::Name => record.name = like(s),
        Column::IdNumber => record.id_number = like(s),
        Column::VolunteerType => record.volunteer_type = like(s),
        Column::RecruitProvince => record.recruit_province = like(s),
        Column::ServiceProvince => record.service_province = like(s),
        Column::ServiceCounty => record.service_county = like(s),
        Column::ServiceUnit => record.service_unit = like(s),
        Column::PostName => record.post_name = like(s),
        Column::UnitLevel => record.unit_level = like(s),
        Column::UnitNature => record.unit_nature = like(s),
        Column::Program => record.program = like(s),
        Column::Education => record.education = like(s),
        Column::PostStatus => record.post_status = like(s),
        Column::Rating => record.rating = like(s),
        Column::MedicalExam => record.medical_exam = like(s),
        Column::LungTest => record.lung_test = like(s),
        Column::ProjectType => record.project_type = like(s),
        Column::RecruitMode => record.recruit_mode = like(s),
        Column::ReportDate
        | Column::ServiceEndDate
        | Column::InsuranceStart
        | Column::InsuranceEnd => set_date(record, column, like(s)),
        Column::AccidentCover
        | Column::CriticalIllnessCover
        | Column::HospitalCover
        | Column::AccidentMedicalCover => set_amount(record, column, like(s)),
    }
}

/// Copies one column's field from `from` to `to` (the memo's hit: the cell equals one it kept).
/// Inlined: the call was half of its cost.
#[inline(always)]
fn copy_field(to: &mut Record, from: &Record, column: Column) {
    match column {
        Column::Name => to.name.clone_from(&from.name),
        Column::IdNumber => to.id_number.clone_from(&from.id_number),
        Column::VolunteerType => to.volunteer_type = from.volunteer_type,
        Column::RecruitProvince => to.recruit_province = from.recruit_province,
        Column::ServiceProvince => to.service_province = from.service_province,
        Column::ServiceCounty => to.service_county.clone_from(&from.service_county),
        Column::ServiceUnit => to.service_unit.clone_from(&from.service_unit),
        Column::PostName => to.post_name.clone_from(&from.post_name),
        Column::UnitLevel => to.unit_level = from.unit_level,
        Column::UnitNature => to.unit_nature = from.unit_nature,
        Column::Program => to.program.clone_from(&from.program),
        Column::Education => to.education = from.education,
        Column::PostStatus => to.post_status = from.post_status,
        Column::Rating => to.rating = from.rating,
        Column::MedicalExam => to.medical_exam = from.medical_exam,
        Column::LungTest => to.lung_test = from.lung_test,
        Column::ProjectType => to.project_type = from.project_type,
        Column::RecruitMode => to.recruit_mode = from.recruit_mode,
        Column::ReportDate => to.report_date = from.report_date,
        Column::ServiceEndDate => to.service_end_date = from.service_end_date,
        Column::InsuranceStart => to.insurance_start = from.insurance_start,
        Column::InsuranceEnd => to.insurance_end = from.insurance_end,
        Column::AccidentCover => to.accident_cover = from.accident_cover,
        Column::CriticalIllnessCover => to.critical_illness_cover = from.critical_illness_cover,
        Column::HospitalCover => to.hospital_cover = from.hospital_cover,
        Column::AccidentMedicalCover => to.accident_medical_cover = from.accident_medical_cover,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_compare_as_slices_do_at_every_length() {
        let base: Vec<u8> = (0..40u8).map(|i| b'a' + i % 26).collect();
        for n in 0..base.len() {
            let a = &base[..n];
            assert!(same_bytes(a, a), "{n}");
            assert!(!same_bytes(a, &base[..n + 1]), "{n}");
            for at in 0..n {
                let mut b = a.to_vec();
                b[at] ^= 0x20;
                assert!(!same_bytes(a, &b), "{n} {at}");
            }
        }
    }
    use crate::input::Row;
    use crate::roster::ReadOptions;
    use crate::roster::header::find_layout;
    use crate::roster::values::Education;

    fn row(number: u32, cells: &[&str]) -> Row {
        Row {
            number,
            cells: cells
                .iter()
                .map(|t| match *t {
                    "" => Cell::Empty,
                    t => Cell::Text(t.to_string()),
                })
                .collect(),
        }
    }

    /// A typer for the columns 姓名, 身份证号, 学历, 服务省份, 报到日期, 意外伤害保额 and
    /// the other required ones.
    fn typer() -> Typer {
        let header: Vec<&str> = Column::ALL.iter().map(|c| c.header()).collect();
        let (layout, _) =
            find_layout("t.csv", &[row(1, &header)], &ReadOptions::default()).unwrap();
        Typer::new(&layout.columns)
    }

    /// A data row: each (column, value) in its column, the rest blank.
    fn data(number: u32, values: &[(Column, &str)]) -> Row {
        let mut cells = vec![""; Column::ALL.len()];
        for (column, value) in values {
            let i = Column::ALL.iter().position(|c| c == column).unwrap();
            cells[i] = value;
        }
        row(number, &cells)
    }

    fn typed_afresh(row: &Row) -> (Record, Vec<CellError>) {
        let (mut record, mut errors) = (Record::default(), Vec::new());
        typer().type_row(row.as_ref(), &mut record, &mut errors);
        (record, errors)
    }

    /// Types `row` with `typer` into the reused `record`, and checks it against typing it afresh.
    fn types_as_afresh(typer: &mut Typer, record: &mut Record, row: &Row) {
        let mut errors = Vec::new();
        typer.type_row(row.as_ref(), record, &mut errors);
        let (fresh, fresh_errors) = typed_afresh(row);
        assert_eq!(*record, fresh, "row {}", row.number);
        assert_eq!(errors, fresh_errors, "row {}", row.number);
    }

    #[test]
    fn a_reused_record_keeps_nothing_of_the_row_before() {
        let mut typer = typer();
        let (mut record, mut errors) = (Record::default(), Vec::new());
        let first = data(
            2,
            &[
                (Column::Name, "张三"),
                (Column::Education, "本科"),
                (Column::ReportDate, "2020-07-20"),
                (Column::ServiceCounty, "伊宁县"),
                (Column::PostStatus, "离岗"),
            ],
        );
        typer.type_row(first.as_ref(), &mut record, &mut errors);
        assert_eq!(record.education, Field::Value(Education::Bachelor));
        assert_eq!(record.service_county, Field::Value("伊宁县".to_string()));
        assert!(record.post_status.value().is_some());
        let second = data(
            3,
            &[(Column::Name, "李四"), (Column::ReportDate, "2020/13/45")],
        );
        errors.clear();
        typer.type_row(second.as_ref(), &mut record, &mut errors);
        let (fresh, fresh_errors) = typed_afresh(&second);
        assert_eq!(record, fresh);
        assert_eq!(errors, fresh_errors);
        assert_eq!(record.row, 3);
        assert_eq!(record.name, Field::Value("李四".to_string()));
        // 学历 is required: blank, it is a problem, not the value of the row before.
        assert_eq!(record.education, Field::Invalid);
        assert_eq!(record.service_county, Field::Blank);
        assert_eq!(record.post_status, Field::Blank);
        assert_eq!(record.report_date, Field::Invalid);
    }

    #[test]
    fn the_memo_types_a_repeated_cell_as_typing_it_afresh_does() {
        // Runs of the same value, a bad value twice in a row (its error each time), blanks
        // between, and an ID number whose case the typer changes.
        let values = [
            ("本科", "新疆", "800000", "2020-07-20", "11010119940101001x"),
            ("本科", "新疆", "800000", "2020-07-20", "110101199401010020"),
            ("小学", "新疆", "80万", "2020-07-21", "110101199401010020"),
            ("小学", "火星", "80万", "2020-07-21", ""),
            ("", "火星", "", "", ""),
            ("本科", "西藏", "800000", "2020-07-20", "11010119940101001x"),
            (
                "本 科",
                "西藏",
                "800000",
                "2020-07-20",
                "11010119940101001x",
            ),
        ];
        let mut typer = typer();
        let mut record = Record::default();
        for (i, (education, province, cover, date, id)) in values.iter().enumerate() {
            let row = data(
                i as u32 + 2,
                &[
                    (Column::Education, education),
                    (Column::ServiceProvince, province),
                    (Column::AccidentCover, cover),
                    (Column::ReportDate, date),
                    (Column::IdNumber, id),
                ],
            );
            types_as_afresh(&mut typer, &mut record, &row);
        }
        assert_eq!(
            record.id_number,
            Field::Value("11010119940101001X".to_string())
        );
    }

    #[test]
    fn cells_that_come_back_after_others_type_as_typed_afresh() {
        // Distinct values coming back in every order, some bad.
        let education = [
            "本科",
            "专科",
            "研究生",
            "小学",
            "本科",
            "硕士",
            "专科",
            "本科",
        ];
        let province = [
            "新疆", "西藏", "火星", "新疆", "青海", "宁夏", "西藏", "兵团", "新疆",
        ];
        let date = [
            "2020-07-20",
            "2020-07-21",
            "2020/7/20",
            "2020-07-20",
            "2020-13-01",
        ];
        let mut typer = typer();
        let mut record = Record::default();
        for i in 0..60usize {
            let row = data(
                i as u32 + 2,
                &[
                    (Column::Education, education[i * 7 % education.len()]),
                    (Column::ServiceProvince, province[i * 5 % province.len()]),
                    (Column::ReportDate, date[i * 3 % date.len()]),
                ],
            );
            types_as_afresh(&mut typer, &mut record, &row);
        }
    }

    #[test]
    fn more_cells_than_the_memo_has_ways_type_as_typed_afresh() {
        // Far more distinct values than ways, so that cells share ways and take turns in them:
        // every day of a leap year and some that are not days, provinces in several spellings
        // and some that are not provinces, amounts at several scales, in strides that bring
        // each back after a different number of others.
        let dates: Vec<String> = (0..400u32)
            .map(|i| format!("2020-{:02}-{:02}", 1 + i / 31 % 13, 1 + i % 31))
            .collect();
        let provinces = [
            "新疆",
            "新疆维吾尔自治区",
            "xinjiang",
            "西藏",
            "西藏自治区",
            "青海",
            "青海省",
            "宁夏",
            "兵团",
            "新疆兵团",
            "甘肃",
            "四川",
            "云南",
            "贵州",
            "广西",
            "内蒙古",
            "重庆",
            "陕西",
            "山东",
            "火星",
            "北京",
            "北京市",
            "上海",
            "江苏",
            "浙江",
            "安徽",
            "福建",
            "江西",
            "河南",
            "湖北",
            "湖南",
            "广东",
            "海南",
            "河北",
            "山西",
            "辽宁",
            "吉林",
            "黑龙江",
            "天津",
            "新 疆",
        ];
        let amounts: Vec<String> = (0..90u32)
            .map(|i| match i % 3 {
                0 => format!("{}", 100_000 + i * 1000),
                1 => format!("{}.5", 100_000 + i * 1000),
                _ => format!("{}万", 10 + i),
            })
            .collect();
        let mut typer = typer();
        let mut record = Record::default();
        for i in 0..3000usize {
            let row = data(
                i as u32 + 2,
                &[
                    (Column::ReportDate, dates[i * 7 % dates.len()].as_str()),
                    (Column::ServiceProvince, provinces[i * 11 % provinces.len()]),
                    (Column::RecruitProvince, provinces[i * 3 % provinces.len()]),
                    (
                        Column::AccidentCover,
                        amounts[i * 13 % amounts.len()].as_str(),
                    ),
                ],
            );
            types_as_afresh(&mut typer, &mut record, &row);
        }
    }

    #[test]
    fn errors_are_not_remembered() {
        let mut typer = typer();
        let mut record = Record::default();
        let bad = data(2, &[(Column::Education, "小学")]);
        let mut errors = Vec::new();
        typer.type_row(bad.as_ref(), &mut record, &mut errors);
        let first = errors
            .iter()
            .filter(|e| e.column == Column::Education)
            .count();
        typer.type_row(bad.as_ref(), &mut record, &mut errors);
        let both = errors
            .iter()
            .filter(|e| e.column == Column::Education)
            .count();
        assert_eq!((first, both), (1, 2));
        assert_eq!(record.education, Field::Invalid);
    }
}
