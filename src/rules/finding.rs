//! What a rule finds: the shape every reporter formats.

use std::borrow::Cow;

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::messages::{Arg, Lang, Msg, Text};
use crate::province::Province;
use crate::roster::schema::Column;
use crate::roster::{RosterInfo, Sources};

/// How serious a finding is. Ordered, so that `--fail-on warning` means "warning or worse".
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Notice,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Notice => "notice",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Severity::Notice => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "notice" => Some(Severity::Notice),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// Which part of 附件1 a Q02 finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    New,
    Extended,
    GradTeach,
    Total,
}

impl Part {
    pub fn name_zh(self) -> &'static str {
        match self {
            Part::New => "新招募",
            Part::Extended => "延期",
            Part::GradTeach => "研支团",
            Part::Total => "实施规模",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Part::New => "new recruits",
            Part::Extended => "extended volunteers",
            Part::GradTeach => "graduate teaching corps",
            Part::Total => "implementation scale",
        }
    }

    /// The part's name as a message term.
    pub fn msg(self) -> Msg {
        match self {
            Part::New => Msg::PartNew,
            Part::Extended => Msg::PartExtended,
            Part::GradTeach => Msg::PartGradTeach,
            Part::Total => Msg::PartTotal,
        }
    }
}

/// The group a finding is about. Empty for a row-level finding, or a national share.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Scope {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_province: Option<Province>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recruit_province: Option<Province>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_county: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<Part>,
}

impl From<&Scope> for Arg {
    /// The group where a message places it (the part is the message's own word).
    fn from(scope: &Scope) -> Arg {
        Arg::Place {
            service: scope.service_province,
            recruit: scope.recruit_province,
            county: scope.service_county.clone(),
        }
    }
}

impl Scope {
    pub fn is_empty(&self) -> bool {
        *self == Scope::default()
    }

    /// `新疆`, `新疆 ← 山东`, `新疆 伊宁县`, `新疆 延期`; empty for none.
    pub fn label_zh(&self) -> String {
        let mut parts = Vec::new();
        match (self.service_province, self.recruit_province) {
            (Some(s), Some(r)) => parts.push(format!("{s} ← {r}")),
            (Some(s), None) => parts.push(s.name().to_string()),
            (None, Some(r)) => parts.push(format!("← {r}")),
            (None, None) => {}
        }
        if let Some(c) = &self.service_county {
            parts.push(c.clone());
        }
        if let Some(p) = self.part {
            parts.push(p.name_zh().to_string());
        }
        parts.join(" ")
    }
}

impl Scope {
    /// `Xinjiang`, `Xinjiang ← Shandong`, `Xinjiang 伊宁县`, `Xinjiang extended volunteers`.
    pub fn label_en(&self) -> String {
        let mut parts = Vec::new();
        match (self.service_province, self.recruit_province) {
            (Some(s), Some(r)) => parts.push(format!("{} ← {}", s.pinyin(), r.pinyin())),
            (Some(s), None) => parts.push(s.pinyin().to_string()),
            (None, Some(r)) => parts.push(format!("← {}", r.pinyin())),
            (None, None) => {}
        }
        if let Some(c) = &self.service_county {
            parts.push(c.clone());
        }
        if let Some(p) = self.part {
            parts.push(p.name_en().to_string());
        }
        parts.join(" ")
    }
}

/// What a finding's words need from the roster it was found in: one file, or several sources
/// whose rows are roster-wide ids (each source with its own column mapping).
pub trait Where {
    /// The row number an id stands for in its own file.
    fn row(&self, id: u32) -> u32;
    /// `R17`: a column at an id's row, through that row's source's column mapping; `None` when
    /// the source lacks the column.
    fn cell(&self, column: Column, id: u32) -> Option<String>;
    /// A column's header as the id's source writes it.
    fn header(&self, column: Column, id: u32) -> Option<String>;
    /// Which of several sources an id is in, how messages name it and its row word (row or
    /// line); `None` with one source, whose rows need no file.
    fn origin(&self, _id: u32) -> Option<(usize, &str, &'static str)> {
        None
    }
}

impl Where for RosterInfo {
    fn row(&self, id: u32) -> u32 {
        id
    }

    fn cell(&self, column: Column, id: u32) -> Option<String> {
        self.cell_ref(column, id)
    }

    fn header(&self, column: Column, _id: u32) -> Option<String> {
        self.columns
            .iter()
            .find(|m| m.column == column)
            .map(|m| m.header.clone())
    }
}

impl Where for Sources {
    fn row(&self, id: u32) -> u32 {
        Sources::row(self, id)
    }

    fn cell(&self, column: Column, id: u32) -> Option<String> {
        self.cell_ref(column, id)
    }

    fn header(&self, column: Column, id: u32) -> Option<String> {
        self.locate(id)
            .and_then(|at| Where::header(&at.source.info, column, at.row))
    }

    fn origin(&self, id: u32) -> Option<(usize, &str, &'static str)> {
        let at = self.locate(id)?;
        Some((at.index, at.source.name.as_str(), at.source.info.row_word()))
    }
}

/// No roster at all (the plan's own findings): rows are themselves, no cell, the catalog's
/// header.
pub struct NoRoster;

impl Where for NoRoster {
    fn row(&self, id: u32) -> u32 {
        id
    }

    fn cell(&self, _column: Column, _id: u32) -> Option<String> {
        None
    }

    fn header(&self, column: Column, _id: u32) -> Option<String> {
        Some(column.header().to_string())
    }
}

/// The scope of every finding that has none (a row-level finding).
static NO_SCOPE: Scope = Scope {
    service_province: None,
    recruit_province: None,
    service_county: None,
    part: None,
};

/// One violation, kept compact: the rule (an index into the catalog), where it is (rows as ids,
/// a column), and a small typed payload of the facts its message states. Nothing is text until a
/// reporter writes it: the message, the cell reference (`R17`, from the column and the row
/// through the source's column mapping), the `actual` and `limit` texts are all derived then.
///
/// Rows are roster-wide row ids: with one input, the row numbers themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule's index in [`super::ALL`].
    rule: u8,
    pub severity: Severity,
    pub column: Option<Column>,
    pub rows: Rows,
    pub detail: Detail,
}

/// Sorts findings into the report's order: by rule (catalog order), first row, group, and then
/// the order they were found in. The findings are first dealt out by rule, keeping the order
/// found (a counting sort: rules are few), and each rule's are then sorted stably by first row and
/// group. A rule's row findings arrive in row order as the records stream, and its group findings
/// after them in its own order, so that each rule's list is a few sorted runs, which the stable
/// sort finds and merges in linear time: half a million findings, interleaved rule by rule as
/// the rows were checked, are not sorted from scratch. A group's place among the distinct groups
/// (few: row findings have none) stands for the group in the key.
pub fn sort(findings: &mut Vec<Finding>) {
    let mut groups: Vec<&Scope> = findings
        .iter()
        .map(Finding::scope)
        .filter(|s| !std::ptr::eq(*s, &NO_SCOPE))
        .collect();
    groups.push(&NO_SCOPE);
    groups.sort_unstable();
    groups.dedup();
    let groups: Vec<Scope> = groups.into_iter().cloned().collect();
    let place = |scope: &Scope| -> u32 {
        if std::ptr::eq(scope, &NO_SCOPE) {
            // The least scope (nothing set), so the first of the sorted groups.
            return 0;
        }
        let at = groups.binary_search(scope).unwrap_or_else(|at| at);
        u32::try_from(at).unwrap_or(u32::MAX)
    };
    let mut counts = [0usize; 1 << u8::BITS];
    for f in findings.iter() {
        if let Some(n) = counts.get_mut(usize::from(f.rank())) {
            *n += 1;
        }
    }
    let mut by_rule: Vec<Vec<Finding>> = counts.iter().map(|&n| Vec::with_capacity(n)).collect();
    for f in findings.drain(..) {
        if let Some(list) = by_rule.get_mut(usize::from(f.rank())) {
            list.push(f);
        }
    }
    for mut list in by_rule {
        list.sort_by_key(|f| (f.rows.first(), place(f.scope())));
        findings.append(&mut list);
    }
}

/// A finding's rows, ascending: one row inline, a pair, a run as a range, or a boxed list.
#[derive(Debug, Clone)]
pub enum Rows {
    None,
    One(u32),
    /// Two rows that are not neighbours, earlier first (a P01 duplicate and its first row).
    Pair(u32, u32),
    /// Every row from the first to the last, both included.
    Run(u32, u32),
    /// Any other list.
    Many(Box<RowList>),
}

/// The rows of a group finding that are neither one run nor two.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowList(Box<[u32]>);

impl Rows {
    /// The compact form of an ascending list.
    pub fn from_vec(rows: Vec<u32>) -> Rows {
        match rows.as_slice() {
            [] => Rows::None,
            [one] => Rows::One(*one),
            [first, .., last]
                if u64::from(*last) - u64::from(*first) + 1 == rows.len() as u64
                    && rows.windows(2).all(|w| w.first() < w.get(1)) =>
            {
                Rows::Run(*first, *last)
            }
            [first, second] => Rows::Pair(*first, *second),
            _ => Rows::Many(Box::new(RowList(rows.into_boxed_slice()))),
        }
    }

    /// Two rows, earlier first.
    pub fn pair(first: u32, second: u32) -> Rows {
        Rows::from_vec(vec![first.min(second), first.max(second)])
    }

    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        type Parts<'r> = (
            Option<std::ops::RangeInclusive<u32>>,
            Option<u32>,
            &'r [u32],
        );
        let (run, second, list): Parts = match self {
            Rows::None => (None, None, &[]),
            Rows::One(r) => (Some(*r..=*r), None, &[]),
            Rows::Pair(a, b) => (Some(*a..=*a), Some(*b), &[]),
            Rows::Run(a, b) => (Some(*a..=*b), None, &[]),
            Rows::Many(list) => (None, None, &list.0),
        };
        run.into_iter()
            .flatten()
            .chain(second)
            .chain(list.iter().copied())
    }

    pub fn len(&self) -> usize {
        match self {
            Rows::None => 0,
            Rows::One(_) => 1,
            Rows::Pair(..) => 2,
            Rows::Run(a, b) => (u64::from(*b) - u64::from(*a) + 1) as usize,
            Rows::Many(list) => list.0.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn first(&self) -> Option<u32> {
        match self {
            Rows::None => None,
            Rows::One(r) | Rows::Pair(r, _) => Some(*r),
            Rows::Run(a, b) => (a <= b).then_some(*a),
            Rows::Many(list) => list.0.first().copied(),
        }
    }

    /// The rows when they are a list (a group's, as a rule, which may be long).
    pub fn listed(&self) -> Option<&[u32]> {
        match self {
            Rows::Many(list) => Some(&list.0),
            _ => None,
        }
    }

    pub fn to_vec(&self) -> Vec<u32> {
        self.iter().collect()
    }

    /// The heap bytes the list holds (none unless it is a boxed list).
    pub fn heap_bytes(&self) -> usize {
        match self {
            Rows::Many(list) => std::mem::size_of::<RowList>() + list.0.len() * 4,
            _ => 0,
        }
    }
}

impl PartialEq for Rows {
    fn eq(&self, other: &Rows) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Rows {}

impl Serialize for Rows {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// The facts a finding's message states, typed, for the common kinds; anything else boxed as
/// [`Facts`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    /// A message without facts (P02, P03, P01 blank). `blank_value`: the cell's value is shown
    /// as empty (P01 on a blank 身份证号).
    Plain { msg: Msg, blank_value: bool },
    /// E01: the cell's text (as short as the reader kept it) and why it cannot be read.
    Unreadable(Box<Unreadable>),
    /// P01 on an ID of 17 digits and a check character, packed into an integer.
    Id { id: PackedId, fact: IdFact },
    /// P01 on any other ID text.
    IdText(Box<(IdFact, Box<str>)>),
    /// I01–I04: an amount below the minimum (both in fen, 1/100 元).
    CoverBelow { cover: Msg, amount: i64, min: i64 },
    /// I01–I04: a blank amount where the cover must be bought.
    CoverBlank { cover: Msg, min: i64 },
    /// I05: 保险起期 later than `days` before 报到日期, or blank.
    InsuranceStart {
        start: Option<NaiveDate>,
        report: NaiveDate,
        days: u16,
    },
    /// I06: 保险止期 blank, too early, or (a notice) short of a remote province's margin.
    InsuranceEnd {
        kind: EndKind,
        end: NaiveDate,
        service_end: NaiveDate,
        days: u16,
    },
    /// T01: 报到日期 outside its window (`late`: a 补录 row).
    ReportDate {
        late: bool,
        date: NaiveDate,
        from: NaiveDate,
        to: NaiveDate,
    },
    /// T02: 服务期满日期 not after 报到日期 (`msg` T02NotAfter), or outside `earliest … latest`.
    ServiceEnd {
        msg: Msg,
        end: NaiveDate,
        report: NaiveDate,
        earliest: NaiveDate,
        latest: NaiveDate,
    },
    /// P05: a post or unit whose text holds a keyword.
    Keyword(Box<Keyword>),
    /// E02: a blank cell that rules need, with those rules (indices into the catalog, in order;
    /// `u8::MAX` ends the list).
    Blocked { rules: [u8; 12] },
    /// Any other finding (group findings, and the rare kinds): its message with owned facts.
    Other(Box<Facts>),
}

/// E01's facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub value: Box<str>,
    pub problem: Text,
}

/// P05's facts: the cell's text (cut short as it is echoed) and the keyword in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyword {
    pub text: Box<str>,
    pub word: Box<str>,
}

/// What P01 found wrong with an ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdFact {
    Malformed,
    Region,
    BirthDate,
    Checksum(char),
    /// Born after 报到日期 (`after`), or younger than `years` on it.
    Young {
        after: bool,
        birth: NaiveDate,
        report: NaiveDate,
        years: u8,
    },
    /// The same ID as an earlier row (the first of the finding's rows).
    Duplicate,
}

/// I06's three findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndKind {
    Blank,
    Early,
    /// A notice: the province is remote and the cover should run `days` past the service end.
    Remote(Province),
}

/// An 18-character ID (17 digits and a digit or `X`) as one integer: the 17 digits times 11 plus
/// the check character's place in `0123456789X`. Exact both ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackedId(u64);

impl PackedId {
    pub fn pack(id: &str) -> Option<PackedId> {
        let bytes = id.as_bytes();
        let (body, check) = match bytes {
            [body @ .., check] if body.len() == 17 => (body, *check),
            _ => return None,
        };
        let mut n: u64 = 0;
        for b in body {
            if !b.is_ascii_digit() {
                return None;
            }
            n = n * 10 + u64::from(b - b'0');
        }
        let c = match check {
            b'0'..=b'9' => u64::from(check - b'0'),
            b'X' => 10,
            _ => return None,
        };
        Some(PackedId(n * 11 + c))
    }

    /// P01's key of a valid number, which packs it the same way (and `x` as `X`).
    pub fn from_key(key: u64) -> PackedId {
        PackedId(key)
    }

    pub fn unpack(self) -> String {
        let check = match self.0 % 11 {
            10 => 'X',
            c => char::from(b'0' + c as u8),
        };
        format!("{:017}{check}", self.0 / 11)
    }
}

/// A finding's facts as owned values: the shape of the rare kinds and the group findings
/// (bounded by the number of groups, not of rows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub scope: Scope,
    /// The cell's value, for findings about a value (masked on output for 身份证号).
    pub value: Option<String>,
    /// Exact counts of share and quota findings: `count` of `total`, or `count` against a quota.
    pub count: Option<u64>,
    pub total: Option<u64>,
    /// The value found and the limit, as text: `70.06%`, `≤ 70%`, `600000`, `≥ 800000`.
    pub actual: Option<String>,
    pub limit: Option<String>,
    pub text: Text,
}

/// An amount in 元 as it was written (`800000`, `799999.5`), from fen.
fn yuan(fen: i64) -> String {
    rust_decimal::Decimal::new(fen, 2).normalize().to_string()
}

/// An amount in fen, when it is a whole number of them.
pub fn fen(amount: rust_decimal::Decimal) -> Option<i64> {
    let fen = amount.checked_mul(rust_decimal::Decimal::ONE_HUNDRED)?;
    if fen.fract().is_zero() {
        rust_decimal::prelude::ToPrimitive::to_i64(&fen)
    } else {
        None
    }
}

/// A date some days later (earlier when negative), as the rules computed it. The rules made the
/// same sum without overflow, so it cannot overflow here.
fn shift(date: NaiveDate, days: i64) -> NaiveDate {
    date + Duration::days(days)
}

fn rule_index(rule: &str) -> u8 {
    super::ALL
        .iter()
        .position(|r| r.meta.id == rule)
        .and_then(|i| u8::try_from(i).ok())
        .unwrap_or(u8::MAX)
}

impl Finding {
    /// A finding with a typed payload.
    pub fn new(rule: &'static str, severity: Severity, rows: Rows, detail: Detail) -> Finding {
        Finding {
            rule: rule_index(rule),
            severity,
            column: None,
            rows,
            detail,
        }
    }

    /// A finding about one cell whose message states no facts (P02, P03).
    pub fn plain(
        rule: &'static str,
        severity: Severity,
        row: u32,
        msg: Msg,
        column: Column,
    ) -> Finding {
        let detail = Detail::Plain {
            msg,
            blank_value: false,
        };
        Finding::new(rule, severity, Rows::One(row), detail).at(column)
    }

    /// A finding about one row with its message and owned facts (the rare kinds).
    pub fn row(rule: &'static str, severity: Severity, row: u32, message: Text) -> Finding {
        Finding::new(rule, severity, Rows::One(row), Detail::other(message))
    }

    /// A finding about a group of rows (a share or a quota).
    pub fn group(
        rule: &'static str,
        severity: Severity,
        scope: Scope,
        rows: Vec<u32>,
        message: Text,
    ) -> Finding {
        Finding::new(rule, severity, Rows::from_vec(rows), Detail::other(message)).in_scope(scope)
    }

    /// The rule's id: `P01`.
    pub fn rule(&self) -> &'static str {
        super::ALL
            .get(usize::from(self.rule))
            .map(|r| r.meta.id)
            .unwrap_or("?")
    }

    /// The rule's place in the catalog, the order reports list rules in.
    pub fn rank(&self) -> u8 {
        self.rule
    }

    /// The rule's place in the catalog (the report's order).
    pub fn rule_rank(&self) -> u8 {
        self.rule
    }

    pub fn at(mut self, column: Column) -> Finding {
        self.column = Some(column);
        self
    }

    fn facts_mut(&mut self) -> Option<&mut Facts> {
        match &mut self.detail {
            Detail::Other(facts) => Some(facts),
            _ => None,
        }
    }

    pub fn counts(mut self, count: u64, total: u64) -> Finding {
        if let Some(f) = self.facts_mut() {
            f.count = Some(count);
            f.total = Some(total);
        }
        self
    }

    pub fn against(mut self, actual: impl Into<String>, limit: impl Into<String>) -> Finding {
        if let Some(f) = self.facts_mut() {
            f.actual = Some(actual.into());
            f.limit = Some(limit.into());
        }
        self
    }

    pub fn with_value(mut self, value: impl Into<String>) -> Finding {
        if let Some(f) = self.facts_mut() {
            f.value = Some(value.into());
        }
        self
    }

    pub fn in_scope(mut self, scope: Scope) -> Finding {
        if let Some(f) = self.facts_mut() {
            f.scope = scope;
        }
        self
    }

    /// The owned facts of a group finding or a rare kind; `None` for the typed kinds.
    pub fn facts(&self) -> Option<&Facts> {
        match &self.detail {
            Detail::Other(f) => Some(f),
            _ => None,
        }
    }

    /// The group the finding is about; empty for a row-level finding.
    pub fn scope(&self) -> &Scope {
        match &self.detail {
            Detail::Other(f) => &f.scope,
            _ => &NO_SCOPE,
        }
    }

    /// The row whose cell the finding points at, for a finding with a column: its only row, or
    /// the later of two (a duplicate points at the repeat).
    pub fn cell_row(&self) -> Option<u32> {
        self.column?;
        match &self.rows {
            Rows::None => None,
            Rows::One(r) | Rows::Pair(_, r) | Rows::Run(_, r) => Some(*r),
            Rows::Many(list) => list.0.last().copied(),
        }
    }

    /// `R17`, through the column mapping of the row's source.
    pub fn cell_in(&self, at: &dyn Where) -> Option<String> {
        at.cell(self.column?, self.cell_row()?)
    }

    pub fn count(&self) -> Option<u64> {
        match &self.detail {
            Detail::Other(f) => f.count,
            _ => None,
        }
    }

    pub fn total(&self) -> Option<u64> {
        match &self.detail {
            Detail::Other(f) => f.total,
            _ => None,
        }
    }

    /// The cell's value, for findings about a value (unmasked: reporters mask it).
    pub fn value(&self) -> Option<Cow<'_, str>> {
        Some(match &self.detail {
            Detail::Plain { blank_value, .. } => {
                return blank_value.then_some(Cow::Borrowed(""));
            }
            Detail::Unreadable(u) => Cow::Borrowed(&*u.value),
            Detail::Id { id, .. } => Cow::Owned(id.unpack()),
            Detail::IdText(b) => Cow::Borrowed(&*b.1),
            Detail::CoverBelow { amount, .. } => Cow::Owned(yuan(*amount)),
            Detail::ReportDate { date, .. } => Cow::Owned(date.to_string()),
            Detail::ServiceEnd { end, .. } => Cow::Owned(end.to_string()),
            Detail::Blocked { .. } => Cow::Borrowed(""),
            Detail::Keyword(k) => Cow::Borrowed(&*k.text),
            Detail::Other(f) => return f.value.as_deref().map(Cow::Borrowed),
            Detail::CoverBlank { .. }
            | Detail::InsuranceStart { .. }
            | Detail::InsuranceEnd { .. } => return None,
        })
    }

    /// The value found and the limit, as text: (`70.06%`, `≤ 70%`), (`600000`, `≥ 800000`).
    pub fn against_text(&self) -> (Option<Cow<'_, str>>, Option<Cow<'_, str>>) {
        let owned = |a: String, l: String| (Some(Cow::Owned(a)), Some(Cow::Owned(l)));
        match &self.detail {
            Detail::CoverBelow { amount, min, .. } => {
                owned(yuan(*amount), format!("≥ {}", yuan(*min)))
            }
            Detail::CoverBlank { min, .. } => owned(String::new(), format!("≥ {}", yuan(*min))),
            Detail::InsuranceStart {
                start,
                report,
                days,
            } => owned(
                start.map(|d| d.to_string()).unwrap_or_default(),
                format!("≤ {}", shift(*report, -i64::from(*days))),
            ),
            Detail::InsuranceEnd {
                kind,
                end,
                service_end,
                days,
            } => {
                let bound = shift(*service_end, i64::from(*days));
                let actual = match kind {
                    EndKind::Blank => String::new(),
                    EndKind::Early | EndKind::Remote(_) => end.to_string(),
                };
                owned(actual, format!("≥ {bound}"))
            }
            Detail::ReportDate { date, from, to, .. } => {
                owned(date.to_string(), format!("{from} … {to}"))
            }
            Detail::ServiceEnd {
                msg,
                end,
                report,
                earliest,
                latest,
            } => {
                let limit = if *msg == Msg::T02NotAfter {
                    format!("> {report}")
                } else {
                    format!("{earliest} … {latest}")
                };
                owned(end.to_string(), limit)
            }
            Detail::Other(f) => (
                f.actual.as_deref().map(Cow::Borrowed),
                f.limit.as_deref().map(Cow::Borrowed),
            ),
            Detail::Plain { .. }
            | Detail::Unreadable(_)
            | Detail::Id { .. }
            | Detail::IdText(_)
            | Detail::Keyword(_)
            | Detail::Blocked { .. } => (None, None),
        }
    }

    /// The value found, as text (`70.06%`, `600000`).
    pub fn actual(&self) -> Option<Cow<'_, str>> {
        self.against_text().0
    }

    /// The limit, as text (`≤ 70%`, `≥ 800000`).
    pub fn limit(&self) -> Option<Cow<'_, str>> {
        self.against_text().1
    }

    /// What the finding says, as a message with its facts, its rows told as rows of their own
    /// files and E01's header and cell as its source has them.
    /// Whether this finding's message depends on its detail, rule, severity and column alone,
    /// not on its rows nor the file they are in: then a run of findings alike (a roster's I06
    /// notices, its low covers) can be said once. A kind is listed here only when [`text`]
    /// reads neither `at` nor the rows for it.
    ///
    /// [`text`]: Finding::text
    pub fn says_the_same_on_any_row(&self) -> bool {
        matches!(
            self.detail,
            Detail::Plain { .. }
                | Detail::CoverBelow { .. }
                | Detail::CoverBlank { .. }
                | Detail::InsuranceStart { .. }
                | Detail::InsuranceEnd { .. }
                | Detail::ReportDate { .. }
                | Detail::ServiceEnd { .. }
                | Detail::Keyword(_)
                | Detail::Blocked { .. }
        )
    }

    pub fn text(&self, at: &dyn Where) -> Cow<'_, Text> {
        let text = match &self.detail {
            Detail::Other(f) => return Cow::Borrowed(&f.text),
            Detail::Plain { msg, .. } => Text::new(*msg),
            Detail::Unreadable(u) => {
                let (header, cell) = match (self.column, self.cell_row()) {
                    (Some(column), Some(row)) => (
                        at.header(column, row).unwrap_or_default(),
                        at.cell(column, row).unwrap_or_default(),
                    ),
                    _ => (String::new(), String::new()),
                };
                Text::new(Msg::E01Unreadable)
                    .arg("header", header)
                    .arg("cell", cell)
                    .arg("problem", u.problem.clone())
            }
            Detail::Id { fact, .. } => self.id_text(*fact, at),
            Detail::IdText(b) => self.id_text(b.0, at),
            Detail::CoverBelow { cover, amount, min } => Text::new(Msg::CoverBelow)
                .arg("cover", *cover)
                .arg("amount", yuan(*amount))
                .arg("min", yuan(*min)),
            Detail::CoverBlank { cover, min } => Text::new(Msg::CoverBlank)
                .arg("cover", *cover)
                .arg("min", yuan(*min)),
            Detail::InsuranceStart {
                start,
                report,
                days,
            } => {
                let latest = shift(*report, -i64::from(*days));
                let text = match start {
                    Some(start) => Text::new(Msg::I05Late).arg("start", *start),
                    None => Text::new(Msg::I05Blank),
                };
                text.arg("report", *report)
                    .arg("days", u64::from(*days))
                    .arg("latest", latest)
            }
            Detail::InsuranceEnd {
                kind,
                end,
                service_end,
                days,
            } => {
                let bound = shift(*service_end, i64::from(*days));
                match kind {
                    EndKind::Blank => Text::new(Msg::I06Blank)
                        .arg("service_end", *service_end)
                        .arg("days", u64::from(*days))
                        .arg("earliest", bound),
                    EndKind::Early => Text::new(Msg::I06Early)
                        .arg("end", *end)
                        .arg("service_end", *service_end)
                        .arg("days", u64::from(*days))
                        .arg("earliest", bound),
                    EndKind::Remote(province) => Text::new(Msg::I06Remote)
                        .arg("province", *province)
                        .arg("end", *end)
                        .arg("advised", bound)
                        .arg("days", u64::from(*days)),
                }
            }
            Detail::ReportDate {
                late,
                date,
                from,
                to,
            } => Text::new(if *late {
                Msg::T01LateOutside
            } else {
                Msg::T01Outside
            })
            .arg("date", *date)
            .arg("from", *from)
            .arg("to", *to),
            Detail::ServiceEnd {
                msg,
                end,
                report,
                earliest,
                latest,
            } => {
                let text = Text::new(*msg).arg("end", *end).arg("report", *report);
                if *msg == Msg::T02NotAfter {
                    text
                } else {
                    text.arg("earliest", *earliest).arg("latest", *latest)
                }
            }
            Detail::Keyword(k) => Text::new(Msg::P05Keyword)
                .arg("column", self.column.map(|c| c.header()).unwrap_or(""))
                .arg("text", Arg::Quoted(k.text.to_string()))
                .arg("word", Arg::Quoted(k.word.to_string())),
            Detail::Blocked { rules } => {
                let names: Vec<&str> = rules
                    .iter()
                    .take_while(|&&i| i != u8::MAX)
                    .filter_map(|&i| super::ALL.get(usize::from(i)).map(|r| r.meta.id))
                    .collect();
                Text::new(Msg::E02Blank)
                    .arg("column", self.column.map(|c| c.header()).unwrap_or(""))
                    .arg("rules", Arg::list(&names))
            }
        };
        Cow::Owned(text)
    }

    fn id_text(&self, fact: IdFact, at: &dyn Where) -> Text {
        match fact {
            IdFact::Malformed => Text::new(Msg::P01Malformed),
            IdFact::Region => Text::new(Msg::P01Region),
            IdFact::BirthDate => Text::new(Msg::P01BirthDate),
            IdFact::Checksum(c) => Text::new(Msg::P01Checksum).arg("expected", c.to_string()),
            IdFact::Young {
                after,
                birth,
                report,
                years,
            } => Text::new(if after {
                Msg::P01BornAfterReport
            } else {
                Msg::P01TooYoung
            })
            .arg("birth", birth)
            .arg("report", report)
            .arg("years", u64::from(years)),
            IdFact::Duplicate => {
                let first = self.rows.first().unwrap_or(0);
                let repeat = self.rows.iter().last().unwrap_or(first);
                match (at.origin(first), at.origin(repeat)) {
                    // The first row is in another file checked with this one.
                    (Some((a, file, row_word)), Some((b, _, _))) if a != b => {
                        Text::new(Msg::P01DuplicateIn)
                            .arg("file", file)
                            .arg("first", at.row(first))
                            .arg("row_word", row_word)
                    }
                    _ => Text::new(Msg::P01Duplicate).arg("first", at.row(first)),
                }
            }
        }
    }

    /// What the finding says, in a language, where no roster is at hand (the plan's own
    /// findings): an E01 would name its column's catalog header and no cell.
    pub fn message(&self, lang: Lang) -> String {
        self.text(&NoRoster).render(lang)
    }

    /// The heap bytes the finding holds besides its own size (its boxed parts; a boxed
    /// message's facts are estimated by their strings).
    pub fn heap_bytes(&self) -> usize {
        let detail = match &self.detail {
            Detail::Unreadable(u) => {
                std::mem::size_of::<Unreadable>() + u.value.len() + u.problem.heap_bytes()
            }
            Detail::IdText(b) => std::mem::size_of::<(IdFact, Box<str>)>() + b.1.len(),
            Detail::Keyword(k) => std::mem::size_of::<Keyword>() + k.text.len() + k.word.len(),
            Detail::Other(f) => {
                std::mem::size_of::<Facts>()
                    + f.text.heap_bytes()
                    + [&f.value, &f.actual, &f.limit, &f.scope.service_county]
                        .iter()
                        .map(|s| s.as_ref().map_or(0, |s| s.capacity()))
                        .sum::<usize>()
            }
            _ => 0,
        };
        detail + self.rows.heap_bytes()
    }
}

impl Detail {
    /// The owned form, for the rare kinds.
    pub fn other(text: Text) -> Detail {
        Detail::Other(Box::new(Facts {
            scope: Scope::default(),
            value: None,
            count: None,
            total: None,
            actual: None,
            limit: None,
            text,
        }))
    }

    /// P01's facts about an ID.
    /// A fact about a valid number already packed (P01's duplicates, found by their keys).
    pub fn packed(fact: IdFact, id: PackedId) -> Detail {
        Detail::Id { id, fact }
    }

    pub fn id(fact: IdFact, id: &str) -> Detail {
        match PackedId::pack(id) {
            Some(id) => Detail::Id { id, fact },
            None => Detail::IdText(Box::new((fact, id.into()))),
        }
    }

    /// E02's list of rules.
    pub fn blocked(rules: &[&str]) -> Option<Detail> {
        let mut list = [u8::MAX; 12];
        if rules.len() >= list.len() {
            return None;
        }
        for (slot, rule) in list.iter_mut().zip(rules) {
            *slot = rule_index(rule);
            if *slot == u8::MAX {
                return None;
            }
        }
        Some(Detail::Blocked { rules: list })
    }
}

/// The limit a tally was judged against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// A share of at most this percentage.
    AtMostPercent(rust_decimal::Decimal),
    /// A share of at least this percentage.
    AtLeastPercent(rust_decimal::Decimal),
    /// A count of at most this many; `None` where the plan has no figure (which allows none).
    AtMostCount(Option<u64>),
}

/// A share or quota rule's numbers for one group, and its verdict: what the summary table, the
/// 汇总 sheet and every reporter show, so that none of them decides a verdict again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub rule: &'static str,
    pub scope: Scope,
    pub count: u64,
    /// The population of a share; the quota of a count.
    pub total: u64,
    pub limit: Limit,
    /// Whether the rule made a finding of this group.
    pub breached: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    /// The report's order — rule, first row, group, then the order found — whatever order the
    /// findings come in: rules interleaved row by row, a rule's group findings after its row
    /// findings, groups out of order, equal keys.
    #[test]
    fn findings_sort_into_the_report_order() {
        let province = |name: &str| Scope {
            service_province: crate::province::Province::parse(name).ok(),
            ..Scope::default()
        };
        let text = |n: u32| Text::new(Msg::CellBlank).arg("column", n);
        let mut found = Vec::new();
        for row in (2..400).rev().step_by(3).chain(400..3000) {
            for rule in ["I06", "P05", "E02", "I01"] {
                if row % 7 != 0 || rule != "E02" {
                    found.push(Finding::row(rule, Severity::Error, row, text(row % 5)));
                }
            }
        }
        for (i, name) in ["西藏", "新疆", "云南", "新疆"].into_iter().enumerate() {
            let rows = vec![5, 9, 100 + i as u32];
            found.push(Finding::group(
                "Q02",
                Severity::Error,
                province(name),
                rows.clone(),
                text(0),
            ));
            found.push(Finding::group(
                "S01",
                Severity::Error,
                province(name),
                rows,
                text(1),
            ));
        }
        let mut want: Vec<(usize, Finding)> = found.clone().into_iter().enumerate().collect();
        want.sort_by(|(i, a), (j, b)| {
            (a.rank(), a.rows.first(), a.scope(), i).cmp(&(b.rank(), b.rows.first(), b.scope(), j))
        });
        let want: Vec<Finding> = want.into_iter().map(|(_, f)| f).collect();
        sort(&mut found);
        assert_eq!(found, want);
    }

    /// A regression guard for issue 15's "memory for findings bounded by their number × a few
    /// dozen bytes": a finding is 48 bytes, and the common kinds hold nothing on the heap.
    #[test]
    fn a_finding_is_48_bytes() {
        assert!(
            std::mem::size_of::<Finding>() <= 48,
            "{}",
            std::mem::size_of::<Finding>()
        );
        assert!(std::mem::size_of::<Rows>() <= 16);
        assert!(std::mem::size_of::<Detail>() <= 24);
    }

    #[test]
    fn the_common_kinds_hold_no_heap() {
        let p01 = Finding::new(
            "P01",
            Severity::Error,
            Rows::pair(9, 120),
            Detail::id(IdFact::Duplicate, "11010519491231002X"),
        )
        .at(Column::IdNumber);
        let i01 = Finding::new(
            "I01",
            Severity::Error,
            Rows::One(98),
            Detail::CoverBelow {
                cover: Msg::CoverAccident,
                amount: 60_000_000,
                min: 80_000_000,
            },
        );
        let i06 = Finding::new(
            "I06",
            Severity::Notice,
            Rows::One(112),
            Detail::InsuranceEnd {
                kind: EndKind::Remote(Province::Xizang),
                end: date(2021, 8, 3),
                service_end: date(2021, 7, 31),
                days: 7,
            },
        );
        for f in [&p01, &i01, &i06] {
            assert_eq!(f.heap_bytes(), 0, "{f:?}");
        }
        assert_eq!(p01.rule(), "P01");
        assert_eq!(p01.value().as_deref(), Some("11010519491231002X"));
        assert_eq!(p01.cell_row(), Some(120));
        assert_eq!(
            p01.message(Lang::Zh),
            "身份证号与第 9 行重复",
            "the first row comes from the rows"
        );
        assert_eq!(i01.value().as_deref(), Some("600000"));
        assert_eq!(i01.actual().as_deref(), Some("600000"));
        assert_eq!(i01.limit().as_deref(), Some("≥ 800000"));
        assert_eq!(i06.actual().as_deref(), Some("2021-08-03"));
        assert_eq!(i06.limit().as_deref(), Some("≥ 2021-08-07"));
        assert_eq!(
            i06.message(Lang::Zh),
            "西藏 路途较远，保险期限应适当延长：保险止期 2021-08-03，建议不早于 2021-08-07（期满后 7 天）"
        );
    }

    #[test]
    fn an_e01_holds_its_cell_text_and_problem_only() {
        let e01 = Finding::new(
            "E01",
            Severity::Error,
            Rows::One(109),
            Detail::Unreadable(Box::new(Unreadable {
                value: "小学".into(),
                problem: Text::new(Msg::CellDate),
            })),
        )
        .at(Column::Education);
        // The box, the six bytes of 小学, and no facts in the problem.
        assert_eq!(e01.heap_bytes(), std::mem::size_of::<Unreadable>() + 6);
        struct At;
        impl Where for At {
            fn row(&self, id: u32) -> u32 {
                id
            }
            fn cell(&self, _: Column, id: u32) -> Option<String> {
                Some(format!("L{id}"))
            }
            fn header(&self, _: Column, _: u32) -> Option<String> {
                Some("学历".into())
            }
        }
        let text = e01.text(&At);
        assert_eq!(
            text.render(Lang::Zh),
            "学历（L109）无法识别：无法识别为日期；请写成 2020-07-20、2020/7/20、2020.7.20、2020年7月20日 或 20200720"
        );
    }

    #[test]
    fn ids_pack_exactly_or_not_at_all() {
        for id in [
            "11010519491231002X",
            "650102199908153010",
            "000000000000000000",
        ] {
            assert_eq!(
                PackedId::pack(id).map(PackedId::unpack).as_deref(),
                Some(id)
            );
        }
        for id in [
            "11010519491231002x",
            "1101051949123100",
            "1101051949123100211",
            "１1010519491231002X",
        ] {
            assert_eq!(PackedId::pack(id), None, "{id}");
        }
        // An ID that does not pack keeps its text.
        let f = Finding::new(
            "P01",
            Severity::Error,
            Rows::One(3),
            Detail::id(IdFact::Malformed, "11010519491231002x"),
        );
        assert_eq!(f.value().as_deref(), Some("11010519491231002x"));
    }

    #[test]
    fn rows_are_kept_in_the_smallest_form_and_read_back_in_order() {
        assert_eq!(Rows::from_vec(vec![]).len(), 0);
        assert!(matches!(Rows::from_vec(vec![7]), Rows::One(7)));
        assert!(matches!(Rows::from_vec(vec![7, 9]), Rows::Pair(7, 9)));
        assert!(matches!(Rows::from_vec(vec![7, 8, 9]), Rows::Run(7, 9)));
        assert!(matches!(Rows::pair(9, 10), Rows::Run(9, 10)));
        let gaps = vec![2, 3, 5, 8];
        let many = Rows::from_vec(gaps.clone());
        assert!(matches!(many, Rows::Many(_)));
        assert_eq!(many.to_vec(), gaps);
        assert_eq!(many.len(), 4);
        assert_eq!(Rows::from_vec(vec![4, 5, 6, 7]).to_vec(), [4, 5, 6, 7]);
        assert_eq!(Rows::pair(3, 1).to_vec(), [1, 3]);
        // A run of a million rows is 16 bytes, not four megabytes.
        let run = Rows::from_vec((2..1_000_002).collect());
        assert_eq!((run.len(), run.heap_bytes()), (1_000_000, 0));
    }

    #[test]
    fn a_blocked_list_keeps_its_order() {
        let Some(detail) = Detail::blocked(&["T02", "I05", "T01"]) else {
            panic!("three rules fit");
        };
        let f =
            Finding::new("E02", Severity::Warning, Rows::One(115), detail).at(Column::ReportDate);
        assert_eq!(
            f.message(Lang::Zh),
            "报到日期为空，T02、I05、T01 无法检查这一行"
        );
        assert_eq!(
            f.message(Lang::En),
            "报到日期 is blank: T02, I05, T01 cannot check this row"
        );
        assert_eq!(f.value().as_deref(), Some(""));
        assert!(Detail::blocked(&["X99"]).is_none());
    }
}
