//! The blank roster workbook `xibu template` writes: the SPEC's headers on a 花名册 sheet (required
//! ones shaded), drop-down lists for the enumerated and province columns, date and amount formats,
//! hints on every cell, and a 说明 sheet explaining each column. Built from the roster's schema,
//! so that a column added there appears here.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format,
    FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError, column_number_to_name,
    quote_sheet_name,
};

use crate::province::Province;
use crate::roster::schema::{Column, Kind};

/// The roster sheet, first in the workbook so that `xibu check` reads it by default.
pub const ROSTER_SHEET: &str = "花名册";
/// The sheet that explains each column.
pub const GUIDE_SHEET: &str = "说明";
/// A hidden sheet holding the drop-down lists too long to write inline (only added if needed).
pub const LISTS_SHEET: &str = "选项";

/// The last spreadsheet row (1-based, as Excel shows it) that gets drop-down lists, validation
/// and hints: rows 2 to 5001, room for 5000 volunteers.
pub const LAST_DATA_ROW: u32 = 5001;

/// Excel's limit on an inline validation list: the values joined by commas, in UTF-16 units.
const INLINE_LIST_LIMIT: usize = 255;

/// The range a date validation accepts.
const DATE_MIN: (u16, u8, u8) = (2000, 1, 1);
const DATE_MAX: (u16, u8, u8) = (2100, 12, 31);

const REQUIRED_FILL: u32 = 0xF8CBAD;
const OPTIONAL_FILL: u32 = 0xDDEBF7;

/// The template workbook: 花名册, 说明, and the hidden 选项 sheet when a list needs it.
pub fn build() -> Result<Workbook, XlsxError> {
    let mut lists = ListSheet::default();
    let roster = roster_sheet(&mut lists)?;
    let guide = guide_sheet()?;
    let mut workbook = Workbook::new();
    workbook.push_worksheet(roster);
    workbook.push_worksheet(guide);
    if let Some(sheet) = lists.into_sheet()? {
        workbook.push_worksheet(sheet);
    }
    Ok(workbook)
}

/// The values offered in a column's drop-down list, if it has one.
fn list_values(column: Column) -> Option<Vec<&'static str>> {
    match column.kind() {
        Kind::Choice => Some(column.choices()).filter(|c| !c.is_empty()),
        Kind::Province => Some(Province::ALL.iter().map(|p| p.name()).collect()),
        Kind::Text | Kind::IdNumber | Kind::Date | Kind::Amount => None,
    }
}

/// Whether Excel takes the list inline (`"a,b,c"`): under its length limit, no commas inside.
fn fits_inline(values: &[&str]) -> bool {
    let units: usize = values.iter().map(|v| v.encode_utf16().count()).sum();
    let commas = values.len().saturating_sub(1);
    units + commas <= INLINE_LIST_LIMIT && !values.iter().any(|v| v.contains(',') || v.is_empty())
}

/// Lists written to the hidden 选项 sheet, one column each: (header, values).
#[derive(Default)]
struct ListSheet {
    columns: Vec<(&'static str, Vec<&'static str>)>,
}

impl ListSheet {
    /// A list validation for `values`: inline when Excel allows it, else a range on 选项.
    fn validation(&mut self, header: &'static str, values: Vec<&'static str>) -> DataValidation {
        if fits_inline(&values) {
            if let Ok(v) = DataValidation::new().allow_list_strings(&values) {
                return v;
            }
        }
        let col = u16::try_from(self.columns.len()).unwrap_or(u16::MAX);
        let letter = column_number_to_name(col);
        // Row 1 of 选项 holds the column's header, the values start at row 2.
        let formula = format!(
            "={}!${letter}$2:${letter}${}",
            quote_sheet_name(LISTS_SHEET),
            values.len() + 1
        );
        self.columns.push((header, values));
        DataValidation::new().allow_list_formula(Formula::new(formula))
    }

    fn into_sheet(self) -> Result<Option<Worksheet>, XlsxError> {
        if self.columns.is_empty() {
            return Ok(None);
        }
        let mut sheet = Worksheet::new();
        sheet.set_name(LISTS_SHEET)?;
        let bold = Format::new().set_bold();
        for (col, (header, values)) in (0u16..).zip(&self.columns) {
            sheet.write_string_with_format(0, col, *header, &bold)?;
            for (row, value) in (1u32..).zip(values) {
                sheet.write_string(row, col, *value)?;
            }
            sheet.set_column_width(col, 14)?;
        }
        sheet.set_hidden(true);
        Ok(Some(sheet))
    }
}

/// Display width in Excel's column units: a CJK character is about two digits wide.
fn width_of(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// A column width that shows the header and a typical value.
fn column_width(column: Column) -> f64 {
    let content = match column.kind() {
        Kind::IdNumber => 20,
        Kind::Date => 12,
        Kind::Amount => 13,
        Kind::Province => 8,
        Kind::Choice => column
            .choices()
            .iter()
            .map(|c| width_of(c))
            .max()
            .unwrap_or(8),
        Kind::Text => match column {
            Column::ServiceUnit => 28,
            Column::PostName => 18,
            Column::ServiceCounty => 14,
            _ => 10,
        },
    };
    // Room for the drop-down arrow and a margin.
    let width = content.max(width_of(column.header())) + 3;
    f64::from(u32::try_from(width).unwrap_or(30))
}

/// The hint shown when a cell of the column is selected: the column's note and what to type.
fn input_message(column: Column) -> String {
    let hint = match column.kind() {
        Kind::Text => "",
        Kind::IdNumber => "本列已设为文本格式，可直接输入 18 位号码。",
        Kind::Province => "请从下拉列表选择省份简称。",
        Kind::Choice => "请从下拉列表选择。",
        Kind::Date => "请填写为日期，格式 yyyy-mm-dd。",
        Kind::Amount => "单位：元。请填写数字，如 800000。",
    };
    let note = column.note();
    let message = if hint.is_empty() {
        note.to_string()
    } else {
        format!("{note}\n{hint}")
    };
    // Excel's limit on an input message is 255 UTF-16 units; keep the note alone if too long.
    if message.encode_utf16().count() > 255 {
        note.chars().take(120).collect()
    } else {
        message
    }
}

/// What the error dialog says when a value does not fit the validation.
fn error_message(column: Column) -> String {
    let (a, b) = (DATE_MIN, DATE_MAX);
    match column.kind() {
        Kind::Province => {
            "不是省份简称。可从下拉列表选择；全称 xibu 也能识别，可选择“是”保留。".to_string()
        }
        Kind::Choice => {
            "不是列表中的值。请从下拉列表选择；xibu 识别的其他写法可选择“是”保留。".to_string()
        }
        Kind::Date => format!(
            "请填写 {}-{:02}-{:02} 至 {}-{:02}-{:02} 之间的日期，如 2020-07-20。",
            a.0, a.1, a.2, b.0, b.1, b.2
        ),
        Kind::Amount => "请填写不小于 0 的数字，单位：元，如 800000。".to_string(),
        Kind::Text | Kind::IdNumber => String::new(),
    }
}

fn date(ymd: (u16, u8, u8)) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(ymd.0, ymd.1, ymd.2)
}

/// The validation of a column's data cells: a drop-down list, a date or amount rule, or only a
/// hint. Blanks are always allowed, and a value outside the rule only warns: xibu itself reads
/// more spellings (full province names, 80万) than Excel's rules can express.
fn validation(column: Column, lists: &mut ListSheet) -> Result<DataValidation, XlsxError> {
    let rule = if let Some(values) = list_values(column) {
        lists.validation(column.header(), values)
    } else {
        match column.kind() {
            Kind::Date => DataValidation::new().allow_date(DataValidationRule::Between(
                date(DATE_MIN)?,
                date(DATE_MAX)?,
            )),
            Kind::Amount => DataValidation::new()
                .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0)),
            _ => DataValidation::new(),
        }
    };
    let mut rule = rule
        .ignore_blank(true)
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_input_title(column.header())?
        .set_input_message(input_message(column))?;
    let error = error_message(column);
    if !error.is_empty() {
        rule = rule
            .set_error_title(format!("{}：请检查", column.header()))?
            .set_error_message(error)?;
    }
    Ok(rule)
}

/// The number format of a column's cells, if it needs one.
fn cell_format(column: Column) -> Option<Format> {
    match column.kind() {
        // Built-in format 49 is Excel's own "@" (Text).
        Kind::IdNumber => Some(Format::new().set_num_format_index(49)),
        Kind::Date => Some(Format::new().set_num_format("yyyy-mm-dd")),
        Kind::Amount => Some(Format::new().set_num_format("#,##0")),
        Kind::Text | Kind::Province | Kind::Choice => None,
    }
}

fn header_format(required: bool) -> Format {
    Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(if required {
            REQUIRED_FILL
        } else {
            OPTIONAL_FILL
        }))
}

fn roster_sheet(lists: &mut ListSheet) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(ROSTER_SHEET)?;
    let required = header_format(true);
    let optional = header_format(false);
    let last_row = LAST_DATA_ROW.saturating_sub(1);
    for (col, &column) in (0u16..).zip(Column::ALL) {
        let format = if column.required() {
            &required
        } else {
            &optional
        };
        sheet.write_string_with_format(0, col, column.header(), format)?;
        sheet.set_column_width(col, column_width(column))?;
        if let Some(format) = cell_format(column) {
            sheet.set_column_format(col, &format)?;
        }
        sheet.add_data_validation(1, col, last_row, col, &validation(column, lists)?)?;
    }
    sheet.set_row_height(0, 30)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(sheet)
}

/// What a column holds, for the 说明 sheet's 可填写的值.
fn allowed_values(column: Column) -> String {
    match column.kind() {
        Kind::Choice => column.choices().join(" / "),
        Kind::Province => {
            "省份简称（下拉选择 32 个之一，新疆生产建设兵团为“兵团”），也可写全称".to_string()
        }
        Kind::Text => "文本".to_string(),
        Kind::IdNumber => "18 位公民身份号码（文本）".to_string(),
        Kind::Date => "日期，yyyy-mm-dd，如 2020-07-20".to_string(),
        Kind::Amount => "金额，单位：元，如 800000".to_string(),
    }
}

/// The lines above the column table of the 说明 sheet.
fn guide_intro() -> [String; 6] {
    [
        "西部计划志愿者花名册模板（由 xibu 生成）".to_string(),
        format!(
            "请在“{ROSTER_SHEET}”工作表第 2 行起逐行填写，每行一名志愿者；第 1 行表头的文字请勿修改，不需要的选填列可以删除，列的顺序可以调整。"
        ),
        "橙色底的表头为必填列，蓝色底的为选填列；选中单元格时会显示填写提示，带下拉箭头的列请从列表中选择。".to_string(),
        format!(
            "日期请填写为日期（如 2020-07-20），保额以元为单位填写数字；第 2 至 {LAST_DATA_ROW} 行已设好下拉列表和格式。规则需要的单元格留空时，xibu 会在该单元格提示（E02）；说明中注明“留空视为…”的列可以留空。"
        ),
        "填好后运行 xibu check 花名册.xlsx 检查花名册是否符合当年的招募计划和政策要求。".to_string(),
        "各列的含义如下：".to_string(),
    ]
}

/// The headers of the 说明 sheet's column table.
pub const GUIDE_HEADERS: [&str; 4] = ["列名", "是否必填", "可填写的值", "说明"];

fn guide_sheet() -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(GUIDE_SHEET)?;
    let title = Format::new().set_bold().set_font_size(14);
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(OPTIONAL_FILL));
    let mut row = 0u32;
    for (i, line) in guide_intro().iter().enumerate() {
        if i == 0 {
            sheet.write_string_with_format(row, 0, line, &title)?;
        } else {
            sheet.write_string(row, 0, line)?;
        }
        row += 1;
    }
    row += 1;
    for (col, header) in (0u16..).zip(GUIDE_HEADERS) {
        sheet.write_string_with_format(row, col, header, &head)?;
    }
    sheet.set_freeze_panes(row + 1, 0)?;
    for &column in Column::ALL {
        row += 1;
        let required = if column.required() { "是" } else { "否" };
        let name_format = header_format(column.required()).set_align(FormatAlign::Left);
        sheet.write_string_with_format(row, 0, column.header(), &name_format)?;
        sheet.write_string_with_format(row, 1, required, &wrap)?;
        sheet.write_string_with_format(row, 2, allowed_values(column), &wrap)?;
        sheet.write_string_with_format(row, 3, column.note(), &wrap)?;
    }
    for (col, width) in [(0u16, 16), (1, 10), (2, 48), (3, 60)] {
        sheet.set_column_width(col, width)?;
    }
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_lists_fit_inline() {
        for &column in Column::ALL {
            if let Some(values) = list_values(column) {
                assert!(fits_inline(&values), "{column}");
            }
        }
    }

    #[test]
    fn a_long_list_goes_to_the_hidden_sheet() {
        let long: Vec<&'static str> = vec!["一二三四五六七八九十"; 30];
        assert!(!fits_inline(&long));
        let mut lists = ListSheet::default();
        let _ = lists.validation("甲", vec!["a", "b"]);
        let _ = lists.validation("乙", long.clone());
        let _ = lists.validation("丙", vec!["x,y", "z"]);
        assert_eq!(lists.columns.len(), 2);
        assert_eq!(lists.columns.first().map(|c| c.0), Some("乙"));
        let sheet = lists.into_sheet().unwrap();
        assert!(sheet.is_some());
    }

    #[test]
    fn every_input_message_and_title_is_within_excel_limits() {
        let mut lists = ListSheet::default();
        for &column in Column::ALL {
            validation(column, &mut lists).unwrap();
        }
        assert!(lists.columns.is_empty());
    }

    #[test]
    fn the_workbook_builds() {
        let bytes = build().unwrap().save_to_buffer().unwrap();
        assert!(bytes.starts_with(b"PK"));
    }
}
