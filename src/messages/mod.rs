//! Every sentence xibu shows a person, in one place per language: [`zh`] and [`en`].
//!
//! A rule, the roster reader or a reporter says *what* to tell — a [`Msg`] and its facts
//! ([`Arg`]: counts, provinces, dates, cell values) — and this module says it in the user's
//! language. Each language is one file with one exhaustive `match` over [`Msg`], so that a
//! message missing in a language does not compile, and a test checks that both languages use
//! the same placeholders. (A Fluent catalog would do the same at run time, with a parser and a
//! dependency; with two languages and no plural forms in Chinese, `match` is checked by the
//! compiler instead, and a third language is a third file.)

mod en;
mod zh;

use std::fmt::Write as _;

use crate::province::Province;

/// The language of everything a user reads: Chinese by default, English with `--lang en` or
/// `XIBU_LANG=en`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// `XIBU_LANG` (`en`, `en_US.UTF-8`, `zh` …) when no `--lang` was given; Chinese otherwise.
    pub fn from_env() -> Lang {
        match std::env::var("XIBU_LANG") {
            Ok(v) if v.trim().to_ascii_lowercase().starts_with("en") => Lang::En,
            _ => Lang::Zh,
        }
    }
}

macro_rules! messages {
    ($($(#[doc = $doc:literal])* $name:ident,)*) => {
        /// What is to be said; [`zh`] and [`en`] say it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Msg { $($(#[doc = $doc])* $name,)* }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$name,)*];
        }
    };
}

messages! {
    // Findings.
    S01InProvince,
    S01Plan,
    S01WithinPlan,
    S01AbovePlan,
    S02Degree,
    S03Organs,
    S04Excellent,
    Q01OverQuota,
    Q01NoQuota,
    Q02OverScale,
    Q02NoScale,
    CoverBelow,
    CoverBlank,
    I05Late,
    I05Blank,
    I06Blank,
    I06Early,
    I06Remote,
    P01Blank,
    P01Malformed,
    P01Region,
    P01BirthDate,
    P01Checksum,
    P01Duplicate,
    P01BornAfterReport,
    P01TooYoung,
    P02Failed,
    P02Blank,
    P03Failed,
    P03Blank,
    P04Blank,
    P04Unknown,
    P04WrongPlace,
    P05Keyword,
    T01Outside,
    T01LateOutside,
    T02NotAfter,
    T02Short,
    T02LongAgreement,
    T02LongExtended,
    E01Unreadable,
    E02Blank,
    // Why a cell cannot be read (E01's detail).
    CellBlank,
    CellExcelError,
    CellIdAsNumber,
    CellProvince,
    CellProvinceNear,
    CellChoice,
    CellDate,
    CellAmount,
    CellAmountTenThousand,
    CellTooLong,
    CellIdFullWidth,
    CellIdSpaces,
    CellValueTooLong,
    // Terms that messages put in.
    DegreeAbove,
    DegreeOnly,
    PartNew,
    PartExtended,
    PartGradTeach,
    PartTotal,
    CoverAccident,
    CoverCriticalIllness,
    CoverHospital,
    CoverAccidentMedical,
    PlaceXinjiang,
    PlaceXizang,
    Nationally,
    DataQuality,
    DataQualityShort,
    // Summary column labels.
    LabelInProvince,
    LabelDegreeAbove,
    LabelDegreeOnly,
    LabelCountyOrgans,
    LabelExcellent,
    // Why a rule was not checked.
    SkipDisabled,
    SkipMissingColumns,
    SkipMissingAny,
    SkipNoCounty,
    SkipIgnored,
    SkipNotSelected,
    // What the roster reader tells.
    NoticeColumnTwice,
    NoticeFooter,
    NoticeFooterVolunteers,
    NoticeSubtotals,
    NoticeHiddenRows,
    LeftOutOffPost,
    LeftOutLocal,
    // The terminal report's frame.
    InputLine,
    InputLineSheet,
    NoteLabel,
    NoteAt,
    RuleHeading,
    PolicyLine,
    AtRow,
    RowsLine,
    RowsMore,
    NotChecked,
    SummaryTitle,
    Totals,
    SeverityError,
    SeverityWarning,
    SeverityNotice,
    HeadServiceProvince,
    HeadNew,
    HeadOnPost,
    AllProvinces,
    CellNotChecked,
    RowWord,
    LineWord,
    // `error:` lines.
    ErrNotFound,
    ErrIsDirectory,
    ErrIo,
    ErrUnknownFormat,
    ErrRefused,
    ErrDamaged,
    ErrWorkbook,
    ErrSheetNotFound,
    ErrNoSheets,
    ErrCsv,
    ErrNoRecords,
    ErrNoHeader,
    ErrMissingColumns,
    ErrMissingColumnNear,
    ErrEncrypted,
    ErrConfigAt,
    ErrConfigIo,
    ErrConfig,
    ErrProvince,
    ErrProvinceNear,
    ErrOutput,
    SheetPart,
    // Notes on standard error.
    Progress,
    Wrote,
    // `xibu rules`.
    RulesHeadId,
    RulesHeadRule,
    RulesHeadSeverity,
    RulesHeadScope,
    RulesHeadSettings,
    RulesDisabled,
    ScopeRow,
    ScopePair,
    ScopeProvincePart,
    ScopeRoster,
    ScopeShare,
    // `xibu explain`: the facts above a rule's explanation, and its options.
    ExplainSeverity,
    ExplainScope,
    ExplainScopeInEffect,
    ExplainColumns,
    ExplainAnyColumn,
    ExplainSource,
    ExplainOptions,
    ExplainOptionsHead,
    ExplainSetThem,
    ExplainNoRule,
    WroteTemplate,
    NotXlsx,
    // `xibu tables verify`.
    TablesScaleLine,
    TablesQuotasLine,
    TablesHeadInvariant,
    TablesHeadStatus,
    TablesHeadWhat,
    TablesPassed,
    TablesFailed,
    TablesSkipped,
    TablesSkippedLine,
    TablesFailedLine,
    TablesAllowances,
    TablesPolicy,
    TablesAllHold,
    TablesBroken,
    InvProvincesKnown,
    InvScaleRowSums,
    InvScaleTotals,
    InvScaleUnique,
    InvQuotaUnique,
    InvQuotaSums,
    InvNoTotalRow,
    PlanAt,
    PlanRowAt,
    PlanCellProblem,
    FailScaleRow,
    FailScaleTotal,
    FailAgain,
    FailQuotaSum,
    FailQuotaNoScale,
    // The terminal report, fitted to its width.
    RowsCut,
    FindingsMore,
    FindingsWhere,
    FindingsWhereXlsx,
    // The annotated workbook.
    XlsxTargetName,
    XlsxNote,
    XlsxNotesLeftOut,
    XlsxHeadRule,
    XlsxHeadSeverity,
    XlsxHeadTitle,
    XlsxHeadPlace,
    XlsxHeadRow,
    XlsxHeadRows,
    XlsxHeadColumn,
    XlsxHeadValue,
    XlsxHeadCount,
    XlsxHeadTotal,
    XlsxHeadActual,
    XlsxHeadLimit,
    XlsxHeadMessage,
    XlsxHeadBase,
    XlsxHeadShare,
    XlsxHeadOnPost,
    XlsxHeadPlanned,
    XlsxHeadVerdict,
    XlsxHeadScope,
    XlsxHeadBaseOrQuota,
    XlsxDetail,
    NoQuota,
    // Several sources checked as one roster.
    P01DuplicateIn,
    SkipInFile,
    NoticeInSource,
    NoticeInSourceAt,
    NoticeSheetsSkipped,
    NoticeSheetsNotRead,
    NoticeFilesSkipped,
    NoticeSourceEmpty,
    StdinName,
    ErrFolderEmpty,
    ErrFolderNoRoster,
    ErrSameInput,
    ErrStdinTwice,
    ErrStdinTooLarge,
    ErrStdinRead,
    ErrReportIsInput,
    ErrReportsSame,
    ErrNoRosterSheet,
    ErrXlsxSeveral,
    ErrXlsxStdin,
    HintRecursive,
}

/// A fact a message states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Int(u64),
    /// Shown as is in every language: a cell value, a date, a percentage, a column's name.
    Str(String),
    /// `新疆` / `Xinjiang`.
    Province(Province),
    /// A group: `新疆`, `新疆 伊宁县`, `新疆 ← 山东`, or national (`全国` / `nationally`).
    Place {
        service: Option<Province>,
        recruit: Option<Province>,
        county: Option<String>,
    },
    /// A value quoted: `“乡村振兴”` / `"乡村振兴"`.
    Quoted(String),
    /// A term, said in the language.
    Msg(Msg),
    /// A message with its own facts, said inside another (why a cell cannot be read, in E01).
    Text(Box<Text>),
    /// Names listed: `单位级别、单位性质` / `单位级别, 单位性质`.
    List(Vec<String>),
}

impl Arg {
    /// Names listed as the language lists them.
    pub fn list<S: AsRef<str>>(names: &[S]) -> Arg {
        Arg::List(names.iter().map(|n| n.as_ref().to_string()).collect())
    }
}

/// How a language separates the items of a list.
pub fn list_separator(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    }
}

impl From<Text> for Arg {
    fn from(t: Text) -> Arg {
        Arg::Text(Box::new(t))
    }
}

impl From<u64> for Arg {
    fn from(n: u64) -> Arg {
        Arg::Int(n)
    }
}
impl From<u32> for Arg {
    fn from(n: u32) -> Arg {
        Arg::Int(u64::from(n))
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Int(n as u64)
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        Arg::Str(n.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Str(s)
    }
}
impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Str(s.to_string())
    }
}
impl From<Province> for Arg {
    fn from(p: Province) -> Arg {
        Arg::Province(p)
    }
}
impl From<Msg> for Arg {
    fn from(m: Msg) -> Arg {
        Arg::Msg(m)
    }
}
impl From<chrono::NaiveDate> for Arg {
    fn from(d: chrono::NaiveDate) -> Arg {
        Arg::Str(d.to_string())
    }
}

impl Arg {
    fn heap_bytes(&self) -> usize {
        match self {
            Arg::Str(s) | Arg::Quoted(s) => s.capacity(),
            Arg::Place { county, .. } => county.as_ref().map_or(0, |c| c.capacity()),
            Arg::Text(t) => std::mem::size_of::<Text>() + t.heap_bytes(),
            Arg::List(items) => {
                items.capacity() * std::mem::size_of::<String>()
                    + items.iter().map(String::capacity).sum::<usize>()
            }
            Arg::Int(_) | Arg::Province(_) | Arg::Msg(_) => 0,
        }
    }

    fn render(&self, lang: Lang, out: &mut String) {
        match self {
            Arg::Int(n) => {
                let _ = write!(out, "{n}");
            }
            Arg::Str(s) => out.push_str(s),
            Arg::Province(p) => out.push_str(province(*p, lang)),
            Arg::Place {
                service,
                recruit,
                county,
            } => {
                let mut parts: Vec<String> = Vec::new();
                match (service, recruit) {
                    (Some(s), Some(r)) => {
                        parts.push(format!("{} ← {}", province(*s, lang), province(*r, lang)))
                    }
                    (Some(s), None) => parts.push(province(*s, lang).to_string()),
                    (None, Some(r)) => parts.push(format!("← {}", province(*r, lang))),
                    (None, None) => {}
                }
                if let Some(c) = county {
                    parts.push(c.clone());
                }
                if parts.is_empty() {
                    out.push_str(template(Msg::Nationally, lang));
                } else {
                    out.push_str(&parts.join(" "));
                }
            }
            Arg::List(items) => out.push_str(&items.join(list_separator(lang))),
            Arg::Quoted(s) => match lang {
                Lang::Zh => {
                    let _ = write!(out, "“{s}”");
                }
                Lang::En => {
                    let _ = write!(out, "{s:?}");
                }
            },
            Arg::Msg(m) => out.push_str(template(*m, lang)),
            Arg::Text(t) => out.push_str(&t.render(lang)),
        }
    }
}

fn province(p: Province, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => p.name(),
        Lang::En => p.pinyin(),
    }
}

/// A message's template in a language: text with `{name}` where a fact goes.
/// An unknown province, with the names it comes near.
pub fn unknown_province(e: &crate::province::UnknownProvince) -> Text {
    let input = Arg::Quoted(e.input.clone());
    if e.suggestions.is_empty() {
        Text::new(Msg::ErrProvince).arg("input", input)
    } else {
        let near: Vec<&str> = e.suggestions.iter().map(|p| p.name()).collect();
        Text::new(Msg::ErrProvinceNear)
            .arg("input", input)
            .arg("near", near.join(" 或 "))
    }
}

pub fn template(msg: Msg, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => zh::text(msg),
        Lang::En => en::text(msg),
    }
}

/// A message with its facts, to be said in any language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub msg: Msg,
    pub args: Vec<(&'static str, Arg)>,
}

impl Text {
    pub fn new(msg: Msg) -> Text {
        Text {
            msg,
            args: Vec::new(),
        }
    }

    /// Adds a fact under a name its templates use.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Text {
        self.args.push((name, value.into()));
        self
    }

    /// The heap bytes the message's facts hold (what a finding that keeps it costs besides its
    /// own size).
    pub fn heap_bytes(&self) -> usize {
        self.args.capacity() * std::mem::size_of::<(&'static str, Arg)>()
            + self.args.iter().map(|(_, a)| a.heap_bytes()).sum::<usize>()
    }

    /// The message in a language. A placeholder without a fact stays as written, which the
    /// catalog's tests rule out.
    pub fn render(&self, lang: Lang) -> String {
        let template = template(self.msg, lang);
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(rest.get(..open).unwrap_or(""));
            let after = rest.get(open..).unwrap_or("");
            let Some(close) = after.find('}') else {
                out.push_str(after);
                return out;
            };
            let name = after.get(1..close).unwrap_or("");
            match self.args.iter().find(|(n, _)| *n == name) {
                Some((_, arg)) => arg.render(lang, &mut out),
                None => out.push_str(after.get(..=close).unwrap_or("")),
            }
            rest = after.get(close + 1..).unwrap_or("");
        }
        out.push_str(rest);
        out
    }
}

/// A message without facts, in a language.
pub fn say(msg: Msg, lang: Lang) -> String {
    Text::new(msg).render(lang)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn placeholders(template: &str) -> BTreeSet<&str> {
        template
            .split('{')
            .skip(1)
            .filter_map(|p| p.split('}').next())
            .collect()
    }

    /// Both languages state the same facts (English alone names the row's word, row or line).
    #[test]
    fn both_languages_use_the_same_facts() {
        for &m in Msg::ALL {
            let mut en = placeholders(en::text(m));
            // English alone names a row's word (row or line).
            en.remove("row_word");
            // Where English gives the parser's own detail, Chinese says in its words what to
            // write instead, from facts of its own.
            if en.remove("detail") {
                continue;
            }
            assert_eq!(placeholders(zh::text(m)), en, "{m:?}");
        }
    }

    /// Chinese templates hold no English words and English ones no Chinese, apart from the
    /// names of documents and columns the user knows them by.
    #[test]
    fn each_language_is_itself() {
        const NAMES_EN: &[&str] = &[
            // The plan tables' own words (before 招募省份, which one of them holds).
            "对口招募省份",
            "服务地区",
            "实施规模",
            "合计",
            "附件1",
            "附件2",
            "专项",
            "服务县",
            "优秀",
            "身份证号",
            "在岗",
            "延期",
            "新招募",
            "服务省份",
            "招募省份",
            "研支团",
            // The names of a sheet and a column xibu adds to the workbook.
            "问题清单",
            "问题",
        ];
        for &m in Msg::ALL {
            let mut zh_text = zh::text(m).to_string();
            for p in placeholders(zh::text(m)) {
                zh_text = zh_text.replace(&format!("{{{p}}}"), "");
            }
            // Names of programs, a file extension and a configuration value, as they are typed.
            for name in [
                "xibu",
                "service_county",
                ".xlsx",
                ".xlsm",
                ".xlsb",
                ".xls",
                ".ods",
                ".csv",
                ".tsv",
                "CSV",
                "Excel",
                "--ignore",
                "--select",
                "--max-findings",
                "--format json",
                "--report-xlsx",
                "--sheet all",
                "--recursive",
                ".txt",
                "MiB",
                "plan_allowance",
            ] {
                zh_text = zh_text.replace(name, "");
            }
            for word in zh_text.split(|c: char| !c.is_ascii_alphabetic()) {
                assert!(word.len() < 2, "{m:?}: {word}");
            }
            let mut en_text = en::text(m).to_string();
            for name in NAMES_EN {
                en_text = en_text.replace(name, "");
            }
            assert!(
                !en_text
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{m:?}: {en_text}"
            );
        }
    }

    #[test]
    fn facts_are_put_in_their_places() {
        let t = Text::new(Msg::S01InProvince)
            .arg(
                "where",
                Arg::Place {
                    service: Some(Province::Qinghai),
                    recruit: None,
                    county: None,
                },
            )
            .arg("count", 4u64)
            .arg("total", 4u64)
            .arg("actual", "100.00%")
            .arg("limit", "70%");
        assert_eq!(
            t.render(Lang::Zh),
            "青海：省内招募 4 人，占新招募 4 人的 100.00%，超过 70%"
        );
        assert_eq!(
            t.render(Lang::En),
            "Qinghai: 4 of 4 new recruits (100.00%) were recruited in-province, above 70%"
        );
    }
}
