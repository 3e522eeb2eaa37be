//! The roster's columns: headers, the aliases people use for them, and what each holds.

use std::collections::HashMap;

use serde::Serialize;

use super::values::{
    Education, Enumerated, PostStatus, Program, ProjectType, Rating, RecruitMode, UnitLevel,
    UnitNature, Verdict, VolunteerType,
};
use crate::text::squeeze;

/// What a column holds, which decides how its cells are parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// 身份证号: text, masked in every output unless `--show-pii`.
    IdNumber,
    Province,
    /// One of a fixed list ([`Column::choices`]).
    Choice,
    Date,
    Amount,
}

fn names<T: Enumerated>() -> Vec<&'static str> {
    T::ALL.iter().map(|v| v.name()).collect()
}

macro_rules! columns {
    ($($variant:ident = $header:literal, $key:literal, $kind:expr, $required:literal, [$($alias:literal),*], $note:literal;)*) => {
        /// A roster column, in the SPEC's order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Column { $($variant),* }

        impl Column {
            pub const ALL: &'static [Column] = &[$(Column::$variant),*];

            /// The header as the SPEC and the template write it.
            pub const fn header(self) -> &'static str {
                match self { $(Column::$variant => $header),* }
            }

            /// The English key, accepted as a header and used in JSON.
            pub const fn key(self) -> &'static str {
                match self { $(Column::$variant => $key),* }
            }

            pub fn kind(self) -> Kind {
                match self { $(Column::$variant => $kind),* }
            }

            /// Whether a roster without this column cannot be checked at all.
            pub const fn required(self) -> bool {
                match self { $(Column::$variant => $required),* }
            }

            pub const fn aliases(self) -> &'static [&'static str] {
                match self { $(Column::$variant => &[$($alias),*]),* }
            }

            /// What to write in the column, for the template's 说明 sheet.
            pub const fn note(self) -> &'static str {
                match self { $(Column::$variant => $note),* }
            }
        }
    };
}

columns! {
    Name = "姓名", "name", Kind::Text, true, ["名字", "志愿者姓名"],
        "志愿者姓名。";
    IdNumber = "身份证号", "id_number", Kind::IdNumber, false,
        ["公民身份号码", "身份证号码", "身份证", "证件号码", "身份证件号码"],
        "18 位公民身份号码，末位可为 X。请以文本格式填写，避免 Excel 把号码变成科学计数法。";
    VolunteerType = "志愿者类型", "volunteer_type", Kind::Choice, true,
        ["类型", "志愿者类别"],
        "新招募 / 延期 / 研究生支教团（研支团）。";
    RecruitProvince = "招募省份", "recruit_province", Kind::Province, true,
        ["招募省", "对口招募省份", "招募省(区、市)", "招募地"],
        "招募志愿者的省份，可写简称或全称。";
    ServiceProvince = "服务省份", "service_province", Kind::Province, true,
        ["服务省", "服务地区", "服务省(区、市)", "服务地"],
        "志愿者服务的省份；新疆生产建设兵团写“兵团”。";
    ServiceCounty = "服务县", "service_county", Kind::Text, false,
        ["服务县(区、市、旗)", "服务旗县", "旗县", "服务县区", "服务县(市、区)", "服务县(市、区、旗)"],
        "服务县（内蒙古为旗县）。按服务县统计比例时必填。";
    ServiceUnit = "服务单位", "service_unit", Kind::Text, false,
        ["单位名称", "服务单位名称"],
        "服务单位全称。";
    PostName = "岗位名称", "post_name", Kind::Text, false,
        ["岗位", "服务岗位", "岗位名"],
        "服务岗位名称。";
    UnitLevel = "单位级别", "unit_level", Kind::Choice, false,
        ["单位层级", "级别"],
        "省级 / 市级（地市级、盟市级）/ 县级（旗县级）/ 乡镇（苏木）/ 村（嘎查、社区）。";
    UnitNature = "单位性质", "unit_nature", Kind::Choice, false,
        ["单位类型"],
        "机关 / 事业单位 / 企业 / 社会组织 / 其他。";
    Program = "专项", "program", Kind::Choice, false,
        ["专项名称", "服务专项", "所属专项"],
        "基础教育 / 服务三农 / 医疗卫生 / 基层青年工作 / 基层社会管理 / 服务新疆 / 服务西藏。";
    Education = "学历", "education", Kind::Choice, true,
        ["最高学历", "文化程度"],
        "专科（大专）/ 本科 / 硕士研究生（硕士）/ 博士研究生（博士）。";
    PostStatus = "在岗状态", "post_status", Kind::Choice, false,
        ["在岗情况", "状态"],
        "在岗 / 离岗 / 流失；空白视为在岗。离岗、流失志愿者不计入省内招募、本科、机关岗位比例和附件1、附件2（由补录替补）。";
    Rating = "考核等次", "rating", Kind::Choice, false,
        ["考核结果", "年度考核等次", "年度考核结果"],
        "优秀 / 合格 / 基本合格 / 不合格；未考核留空。优秀等次不超过当期在岗人数的 20%。";
    ReportDate = "报到日期", "report_date", Kind::Date, false,
        ["报到时间"],
        "到服务省报到的日期，如 2020-07-20；延期志愿者填首次报到日期。";
    ServiceEndDate = "服务期满日期", "service_end_date", Kind::Date, false,
        ["期满日期", "服务期满时间", "服务截止日期"],
        "服务期满离开服务地的日期。新招募、研支团为一个协议年（服务协议一年一签），延期志愿者自首次报到起合计不超过 3 年。";
    AccidentCover = "意外伤害保额", "accident_cover", Kind::Amount, false,
        ["人身意外伤害保额", "意外伤害保险保额", "意外险保额"],
        "人身意外伤害保险单项保额，单位元；可写 800000、80万、80万元。";
    CriticalIllnessCover = "重大疾病保额", "critical_illness_cover", Kind::Amount, false,
        ["重疾保额", "重大疾病保险保额", "重疾险保额"],
        "重大疾病保险单项保额，单位元。";
    HospitalCover = "住院医疗保额", "hospital_cover", Kind::Amount, false,
        ["住院医疗保险保额", "住院医疗险保额"],
        "住院医疗保险单项保额，单位元；未购买留空。";
    AccidentMedicalCover = "意外医疗保额", "accident_medical_cover", Kind::Amount, false,
        ["意外伤害医疗保额", "意外医疗保险保额", "意外医疗险保额"],
        "意外伤害医疗保险单项保额，单位元；未购买留空。";
    InsuranceStart = "保险起期", "insurance_start", Kind::Date, false,
        ["保险生效日期", "保险开始日期", "保险起始日期", "保险起保日期"],
        "保险生效日期。";
    InsuranceEnd = "保险止期", "insurance_end", Kind::Date, false,
        ["保险截止日期", "保险终止日期", "保险结束日期", "保险到期日期"],
        "保险截止日期。";
    MedicalExam = "体检结论", "medical_exam", Kind::Choice, false,
        ["体检结果"],
        "合格 / 不合格。";
    LungTest = "肺通气检查", "lung_test", Kind::Choice, false,
        ["肺通气功能检查", "肺通气", "肺通气检查结论"],
        "合格 / 不合格；服务西藏的新招募志愿者必填（延期、研支团志愿者已在首次选拔时检查，可留空）。";
    ProjectType = "项目类型", "project_type", Kind::Choice, false,
        ["项目类别", "所属项目"],
        "全国项目 / 地方项目；空白视为全国项目。地方项目志愿者不计入附件1、附件2 的规模和指标。";
    RecruitMode = "招募方式", "recruit_mode", Kind::Choice, false,
        ["招录方式", "录取方式"],
        "集中招募 / 补录；空白视为集中招募。补录志愿者的报到日期以补录截止日（2020—2021 年度为 9 月 10 日）为限。";
}

/// The unit an amount header declares: `保额(万元)` means bare numbers are in 万元.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum HeaderUnit {
    #[default]
    None,
    Yuan,
    TenThousandYuan,
}

/// A header folded for matching: spaces and widths folded, a trailing unit in brackets
/// (`(元)`, `（万元）`) and required-field stars taken off. Returns the unit it declared.
pub fn fold_header(header: &str) -> (String, HeaderUnit) {
    let mut h = squeeze(header);
    while let Some(stripped) = h.strip_suffix('*').or_else(|| h.strip_prefix('*')) {
        h = stripped.to_string();
    }
    for (suffix, unit) in [
        ("(万元)", HeaderUnit::TenThousandYuan),
        ("(元)", HeaderUnit::Yuan),
        ("万元", HeaderUnit::TenThousandYuan),
    ] {
        if let Some(stem) = h.strip_suffix(suffix).filter(|s| !s.is_empty()) {
            return (stem.to_string(), unit);
        }
    }
    (h, HeaderUnit::None)
}

/// Every name a column goes by — header, key, built-in and configured aliases — folded once into
/// one map, so that matching a header row costs one lookup per cell, however many aliases the
/// configuration adds.
#[derive(Debug, Clone)]
pub struct AliasMap {
    names: HashMap<String, Column>,
}

impl AliasMap {
    /// The built-in names and then the configured extra aliases (alias, column); a built-in name
    /// wins over a configured alias that folds to the same text, and an earlier alias over a later.
    pub fn new(extra: &[(String, Column)]) -> AliasMap {
        let mut names = HashMap::new();
        for &c in Column::ALL {
            for name in [c.header(), c.key()]
                .into_iter()
                .chain(c.aliases().iter().copied())
            {
                names.entry(squeeze(name)).or_insert(c);
            }
        }
        for (alias, c) in extra {
            let (folded, _) = fold_header(alias);
            if !folded.is_empty() {
                names.entry(folded).or_insert(*c);
            }
        }
        AliasMap { names }
    }

    /// Which column a header names, and the unit it declares. A header that names no column as
    /// written is tried once more without a trailing note (`招募省份（全称）`, `姓名(必填)`,
    /// `招募省份全称`): clerks annotate headers, and the note says nothing of the column.
    pub fn column_for(&self, header: &str) -> Option<(Column, HeaderUnit)> {
        let (folded, unit) = fold_header(header);
        if let Some(c) = self.names.get(&folded) {
            return Some((*c, unit));
        }
        let stem = without_note(&folded)?;
        self.names.get(stem).map(|c| (*c, unit))
    }

    /// The names a column goes by, folded (header, key, built-in and configured aliases).
    pub fn names_of(&self, column: Column) -> impl Iterator<Item = &str> {
        self.names
            .iter()
            .filter(move |(_, c)| **c == column)
            .map(|(name, _)| name.as_str())
    }
}

/// A folded header without its trailing note: a bracketed remark, or 全称/简称 (the name as
/// written is full or short, which the reader accepts either way). `None` when there is no note,
/// or when the note names a unit of money other than 元 and 万元 (`保额(千元)`, `保额(美元)`):
/// reading those as 元 would be a guess.
fn without_note(folded: &str) -> Option<&str> {
    for suffix in ["全称", "简称"] {
        if let Some(stem) = folded.strip_suffix(suffix).filter(|s| !s.is_empty()) {
            return Some(stem);
        }
    }
    let (open, close) = [('(', ')'), ('【', '】'), ('[', ']')]
        .into_iter()
        .find(|(_, close)| folded.ends_with(*close))?;
    let start = folded.rfind(open)?;
    let note = folded.get(start + open.len_utf8()..folded.len() - close.len_utf8())?;
    if note.contains('元') {
        return None;
    }
    folded.get(..start).filter(|stem| !stem.is_empty())
}

/// The unit a cell of a unit line declares (a row under the header such as `（元）` `（万元）`
/// `单位：万元`), or `None` when the text is not one.
pub fn unit_line(text: &str) -> Option<HeaderUnit> {
    let t = squeeze(text);
    let t = t
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .unwrap_or(&t);
    let t = t.strip_prefix("单位:").unwrap_or(t);
    match t {
        "元" => Some(HeaderUnit::Yuan),
        "万元" => Some(HeaderUnit::TenThousandYuan),
        _ => None,
    }
}

/// Which column a header names, given the configured extra aliases (alias, column). Builds the
/// map each call: to match many headers, build an [`AliasMap`] once.
pub fn column_for(header: &str, extra: &[(String, Column)]) -> Option<(Column, HeaderUnit)> {
    AliasMap::new(extra).column_for(header)
}

impl Column {
    /// The canonical values of an enumerated column, in order (empty for other columns).
    pub fn choices(self) -> Vec<&'static str> {
        match self {
            Column::VolunteerType => names::<VolunteerType>(),
            Column::UnitLevel => names::<UnitLevel>(),
            Column::UnitNature => names::<UnitNature>(),
            Column::Program => names::<Program>(),
            Column::Education => names::<Education>(),
            Column::PostStatus => names::<PostStatus>(),
            Column::Rating => names::<Rating>(),
            Column::MedicalExam | Column::LungTest => names::<Verdict>(),
            Column::ProjectType => names::<ProjectType>(),
            Column::RecruitMode => names::<RecruitMode>(),
            _ => Vec::new(),
        }
    }

    /// Finds a column by its header, key or alias (for the configuration file).
    pub fn from_name(name: &str) -> Option<Column> {
        column_for(name, &[]).map(|(c, _)| c)
    }
}

impl Serialize for Column {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.header())
    }
}

impl std::fmt::Display for Column {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.header())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_header_key_and_alias_finds_its_column_only() {
        for &c in Column::ALL {
            for name in [c.header(), c.key()]
                .into_iter()
                .chain(c.aliases().iter().copied())
            {
                assert_eq!(column_for(name, &[]).map(|(c, _)| c), Some(c), "{name}");
            }
        }
    }

    #[test]
    fn headers_as_people_write_them() {
        assert_eq!(
            column_for("意外伤害保额（万元）", &[]),
            Some((Column::AccidentCover, HeaderUnit::TenThousandYuan))
        );
        assert_eq!(
            column_for("重大疾病保额(元)", &[]),
            Some((Column::CriticalIllnessCover, HeaderUnit::Yuan))
        );
        assert_eq!(
            column_for("*姓名", &[]),
            Some((Column::Name, HeaderUnit::None))
        );
        assert_eq!(
            column_for("公民身份\n号码", &[]),
            Some((Column::IdNumber, HeaderUnit::None))
        );
        assert_eq!(column_for("备注", &[]), None);
        let extra = vec![("派遣省份".to_string(), Column::RecruitProvince)];
        assert_eq!(
            column_for("派遣省份", &extra),
            Some((Column::RecruitProvince, HeaderUnit::None))
        );
    }

    #[test]
    fn the_alias_map_folds_once_and_keeps_built_in_names_first() {
        let extra = vec![
            // Folds to a built-in name: the built-in column stays.
            ("姓 名".to_string(), Column::ServiceUnit),
            ("派遣 省份（万元）".to_string(), Column::RecruitProvince),
            ("派遣省份".to_string(), Column::ServiceProvince),
        ];
        let map = AliasMap::new(&extra);
        assert_eq!(
            map.column_for("姓名"),
            Some((Column::Name, HeaderUnit::None))
        );
        // An alias is folded as a header is: spaces, widths and a unit suffix.
        assert_eq!(
            map.column_for("派遣省份"),
            Some((Column::RecruitProvince, HeaderUnit::None))
        );
        assert_eq!(
            map.column_for("*派遣省份(元)"),
            Some((Column::RecruitProvince, HeaderUnit::Yuan))
        );
        assert_eq!(map.column_for("备注"), None);
        assert_eq!(map.column_for(""), None);
    }
}
