//! The enumerated values of a roster, each with the spellings people type for it.
//!
//! A value is matched after [`squeeze`](crate::text::squeeze) (spaces and full-width forms folded,
//! lower-cased), against its canonical name, its aliases, and its English key.

use serde::Serialize;

use crate::text::squeeze;

/// An enumerated roster value: its canonical Chinese name, the aliases accepted for it, and the
/// key used in JSON and English output.
pub trait Enumerated: Sized + Copy + 'static {
    /// Every value, in the order the SPEC lists them (drop-down lists follow it).
    const ALL: &'static [Self];
    /// What the column holds, for messages: "志愿者类型".
    const WHAT: &'static str;
    fn name(self) -> &'static str;
    fn key(self) -> &'static str;
    fn aliases(self) -> &'static [&'static str];

    /// Matches any accepted spelling; `extra` holds aliases added in the configuration, as
    /// (alias, canonical name) pairs.
    fn parse_with(text: &str, extra: &[(String, String)]) -> Option<Self> {
        // Most cells hold a canonical name or an alias exactly: match those without folding.
        let trimmed = crate::text::trim(text);
        if let Some(v) = Self::ALL
            .iter()
            .copied()
            .find(|v| v.name() == trimmed || v.aliases().contains(&trimmed))
        {
            return Some(v);
        }
        let key = squeeze(text);
        if key.is_empty() {
            return None;
        }
        Self::ALL
            .iter()
            .copied()
            .find(|v| {
                squeeze(v.name()) == key
                    || v.key() == key
                    || v.aliases().iter().any(|a| squeeze(a) == key)
            })
            .or_else(|| {
                let (_, canonical) = extra.iter().find(|(alias, _)| squeeze(alias) == key)?;
                let canonical = squeeze(canonical);
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| squeeze(v.name()) == canonical || v.key() == canonical)
            })
    }

    fn parse(text: &str) -> Option<Self> {
        Self::parse_with(text, &[])
    }
}

macro_rules! enumerated {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal {
            $($variant:ident = $zh:literal, $key:literal, [$($alias:literal),*];)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),* }

        impl Enumerated for $name {
            const ALL: &'static [Self] = &[$($name::$variant),*];
            const WHAT: &'static str = $what;
            fn name(self) -> &'static str {
                match self { $($name::$variant => $zh),* }
            }
            fn key(self) -> &'static str {
                match self { $($name::$variant => $key),* }
            }
            fn aliases(self) -> &'static [&'static str] {
                match self { $($name::$variant => &[$($alias),*]),* }
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.name())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

enumerated! {
    /// 志愿者类型.
    VolunteerType, "志愿者类型" {
        New = "新招募", "new", ["新招募志愿者", "新招", "新录取"];
        Extended = "延期", "extended", ["延期志愿者", "延期服务", "续签"];
        GradTeach = "研究生支教团", "grad_teach", ["研支团", "研究生支教团志愿者", "支教团"];
    }
}

enumerated! {
    /// 学历.
    Education, "学历" {
        JuniorCollege = "专科", "junior_college", ["大专", "专科生", "高职", "高职专科"];
        Bachelor = "本科", "bachelor", ["大学本科", "本科生", "学士"];
        Master = "硕士研究生", "master", ["硕士", "研究生", "硕士生"];
        Doctor = "博士研究生", "doctor", ["博士", "博士生"];
    }
}

impl Education {
    /// 本科及以上.
    pub fn bachelor_or_above(self) -> bool {
        self != Education::JuniorCollege
    }
}

enumerated! {
    /// 单位级别. Inner Mongolia's 旗县/盟市/苏木/嘎查 are the same levels under local names.
    UnitLevel, "单位级别" {
        Province = "省级", "province", ["省直", "自治区级", "区直", "省(区)级", "省区级"];
        City = "市级", "city", ["地市级", "盟市级", "州级", "地级", "市直", "盟市"];
        County = "县级", "county", ["旗县级", "县区级", "区县级", "县直", "旗县", "县(区)级", "县市区级"];
        Township = "乡镇", "township", ["苏木", "乡镇级", "乡", "镇", "街道", "苏木乡镇"];
        Village = "村", "village", ["嘎查", "社区", "村级", "嘎查村", "村(社区)"];
    }
}

impl UnitLevel {
    /// 县级及以上.
    pub fn county_or_above(self) -> bool {
        matches!(
            self,
            UnitLevel::Province | UnitLevel::City | UnitLevel::County
        )
    }
}

enumerated! {
    /// 单位性质.
    UnitNature, "单位性质" {
        Organ = "机关", "organ", ["党政机关", "行政机关", "机关单位", "国家机关"];
        Institution = "事业单位", "institution", ["事业"];
        Enterprise = "企业", "enterprise", ["国有企业", "国企", "民营企业"];
        SocialOrganisation = "社会组织", "social_organisation", ["社团", "民办非企业单位"];
        Other = "其他", "other", ["其它"];
    }
}

enumerated! {
    /// 专项. A value outside these seven is not an input error but rule P04's business, so the
    /// roster keeps it as text (see [`ProgramValue`]).
    Program, "专项" {
        BasicEducation = "基础教育", "basic_education", ["基础教育专项"];
        Agriculture = "服务三农", "agriculture", ["服务三农专项"];
        Health = "医疗卫生", "health", ["医疗卫生专项"];
        Youth = "基层青年工作", "youth_work", ["基层青年工作专项"];
        SocialManagement = "基层社会管理", "social_management", ["基层社会管理专项"];
        Xinjiang = "服务新疆", "serve_xinjiang", ["服务新疆专项"];
        Xizang = "服务西藏", "serve_xizang", ["服务西藏专项"];
    }
}

/// A 专项 cell: one of the seven, or what was written instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ProgramValue {
    Known(Program),
    Other(String),
}

enumerated! {
    /// 在岗状态; a blank cell means 在岗.
    PostStatus, "在岗状态" {
        OnPost = "在岗", "on_post", ["在职", "在岗服务"];
        OffPost = "离岗", "off_post", ["离职"];
        Lost = "流失", "lost", ["已流失", "退出", "中途退出"];
    }
}

enumerated! {
    /// 项目类型; a blank cell means 全国项目. 地方项目 volunteers are not counted against the
    /// national plan's tables (附件1, 附件2).
    ProjectType, "项目类型" {
        National = "全国项目", "national", ["全国", "国家项目", "全国项目志愿者"];
        Local = "地方项目", "local", ["地方", "地方项目志愿者"];
    }
}

enumerated! {
    /// 招募方式; a blank cell means 集中招募. 补录 volunteers replace lost ones and report later.
    RecruitMode, "招募方式" {
        Regular = "集中招募", "regular", ["集中", "正常招募", "统一招募"];
        Late = "补录", "late", ["补招", "补充招募", "补录招募"];
    }
}

enumerated! {
    /// 考核等次; blank means not yet rated.
    Rating, "考核等次" {
        Excellent = "优秀", "excellent", ["优"];
        Pass = "合格", "pass", ["称职"];
        BasicPass = "基本合格", "basic_pass", ["基本称职"];
        Fail = "不合格", "fail", ["不称职"];
    }
}

enumerated! {
    /// 体检结论 and 肺通气检查.
    Verdict, "检查结论" {
        Pass = "合格", "pass", ["通过", "正常"];
        Fail = "不合格", "fail", ["未通过", "不通过", "异常"];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_names_keys_and_aliases_parse() {
        assert_eq!(
            VolunteerType::parse("研支团"),
            Some(VolunteerType::GradTeach)
        );
        assert_eq!(VolunteerType::parse(" 新招募 "), Some(VolunteerType::New));
        assert_eq!(
            VolunteerType::parse("EXTENDED"),
            Some(VolunteerType::Extended)
        );
        assert_eq!(Education::parse("大专"), Some(Education::JuniorCollege));
        assert_eq!(Education::parse("硕士"), Some(Education::Master));
        assert_eq!(UnitLevel::parse("旗县级"), Some(UnitLevel::County));
        assert_eq!(UnitLevel::parse("盟市级"), Some(UnitLevel::City));
        assert_eq!(UnitLevel::parse("苏木"), Some(UnitLevel::Township));
        assert_eq!(UnitLevel::parse("嘎查"), Some(UnitLevel::Village));
        assert_eq!(UnitLevel::parse("社区"), Some(UnitLevel::Village));
        assert_eq!(UnitNature::parse("机关"), Some(UnitNature::Organ));
        assert_eq!(Rating::parse("优秀"), Some(Rating::Excellent));
        assert_eq!(Rating::parse("基本合格"), Some(Rating::BasicPass));
        assert_eq!(PostStatus::parse("流失"), Some(PostStatus::Lost));
        assert_eq!(Verdict::parse("不合格"), Some(Verdict::Fail));
        assert_eq!(Program::parse("服务西藏"), Some(Program::Xizang));
        assert_eq!(Education::parse("小学"), None);
        assert_eq!(Education::parse(""), None);
    }

    #[test]
    fn no_spelling_belongs_to_two_values() {
        fn check<T: Enumerated + PartialEq + std::fmt::Debug>() {
            for v in T::ALL {
                for spelling in std::iter::once(v.name())
                    .chain(std::iter::once(v.key()))
                    .chain(v.aliases().iter().copied())
                {
                    assert_eq!(T::parse(spelling), Some(*v), "{spelling}");
                }
            }
        }
        check::<VolunteerType>();
        check::<Education>();
        check::<UnitLevel>();
        check::<UnitNature>();
        check::<Program>();
        check::<PostStatus>();
        check::<Rating>();
        check::<Verdict>();
        check::<ProjectType>();
        check::<RecruitMode>();
    }

    #[test]
    fn configured_aliases_extend_the_spellings() {
        let extra = vec![("大学专科".to_string(), "专科".to_string())];
        assert_eq!(Education::parse("大学专科"), None);
        assert_eq!(
            Education::parse_with("大学专科", &extra),
            Some(Education::JuniorCollege)
        );
    }
}
