//! T02: the service term — one agreement year for 新招募/研支团, at most 3 years for 延期, and
//! 服务期满日期 after 报到日期.

use chrono::{Duration, Months, NaiveDate};

use super::by_date::ByDate;
use super::finding::{Detail, Finding, Rows, Severity};
use super::meta::{Meta, ScopeKind};
use super::options::{Count, Days};
use super::{Check, Ctx, Rule};
use crate::messages::Msg;
use crate::roster::Record;
use crate::roster::schema::Column;
use crate::roster::values::VolunteerType;

declare_options! {
    pub struct Options {
        /// days a term may run beyond one agreement year (3 years for 延期): 报到 on 7-20 and 期满 on 7-31 the next year is 1 year and 11 days
        #[zh = "服务期可超出一个协议年（延期为 3 年）的天数：7-20 报到、次年 7-31 期满，为一年零 11 天"]
        grace_days: Days = Days(31),
        /// the shortest term, in months, that is not a slip: a 补录 reporting by 9-10 serves until the service year ends on 7-31, 10 months and more
        #[zh = "不视为填错的最短服务期（月）：9-10 前报到的补录志愿者服务到服务年度结束的 7-31，10 个月以上"]
        min_months: Count = Count(10),
    }
}

pub const META: Meta = Meta {
    id: "T02",
    title_zh: "服务期为一个协议年，延期志愿者合计不超过 3 年",
    title_en: "Service term of one agreement year; at most 3 years for extended volunteers",
    severity: Severity::Warning,
    scope: ScopeKind::Row,
    columns: &[
        Column::VolunteerType,
        Column::ReportDate,
        Column::ServiceEndDate,
    ],
    any_columns: &[],
    summary: None,
    explanation: "## What it does
Compares each row's 服务期满日期 with its 报到日期:
- 服务期满日期 on or before 报到日期 is a finding on any row;
- 新招募 and 研究生支教团: the term is one agreement year: at most 报到日期 plus one year and
  `grace_days` (31 by default);
- 延期: 报到日期 is the volunteer's first 报到, and the whole service may last at most 3 years
  (plus `grace_days`);
- every row: the term is at least `min_months` (10 by default) — a 补录 volunteer who reports by
  9月10日 serves until the service year ends on 7月31日, which is under a year.

## Why
The Inner Mongolia plan: \"西部计划志愿者服务期为 1 至 3 年，服务协议一年一签\". A new agreement is
for one year; a 延期 volunteer signs again each year up to 3 years in all. A term of a month, of
three years on a new agreement, or of five years in all is a typing slip or a record to correct;
hence a warning.

## Example
报到 2020-07-20: 期满 2021-07-31 passes; 2021-08-20 (one year and 31 days) passes; 2021-08-21
gets a warning. 期满 2021-05-20 (10 months) passes; 2021-05-19 and 2020-08-20 get a warning.
A 延期 volunteer who first reported on 2016-07-20 with 期满 2021-07-31 gets a warning; one who
reported on 2019-07-22 passes.",
    explanation_zh: "## 作用
比较每一行的服务期满日期与报到日期：
- 任何一行，服务期满日期不晚于报到日期都是问题；
- 新招募和研究生支教团：服务期为一个协议年，最长到报到日期加一年再加 `grace_days`（默认 31 天）；
- 延期：报到日期是志愿者首次报到的日期，整个服务期最长 3 年（另加 `grace_days`）；
- 所有行：服务期至少 `min_months`（默认 10 个月）——9月10日前报到的补录志愿者服务到服务年度结束的 7月31日，不满一年。

## 原因
内蒙古的实施方案：“西部计划志愿者服务期为 1 至 3 年，服务协议一年一签”。新签的协议为期一年；延期志愿者每年续签，合计最多 3 年。服务期只有一个月、新协议长达三年、或合计五年的，都是输入错误或需要更正的记录；所以给出警告。

## 示例
报到 2020-07-20：期满 2021-07-31 通过；2021-08-20（一年零 31 天）通过；2021-08-21 得到警告。期满 2021-05-20（10 个月）通过；2021-05-19 和 2020-08-20 得到警告。2016-07-20 首次报到、期满 2021-07-31 的延期志愿者得到警告；2019-07-22 首次报到的通过。",
};

pub const RULE: Rule = rule!(META, Options, |o: Options| T02 {
    grace: o.grace_days.0,
    min_months: o.min_months.0,
    bounds: ByDate::default(),
});

struct T02 {
    grace: i64,
    min_months: u32,
    /// The earliest and latest end of a term begun on each report date, for one year and for
    /// three.
    bounds: ByDate<(NaiveDate, NaiveDate, NaiveDate)>,
}

fn years_after(date: NaiveDate, years: u32) -> NaiveDate {
    date.checked_add_months(Months::new(12 * years))
        .unwrap_or(NaiveDate::MAX)
}

impl Check for T02 {
    fn observe(&mut self, r: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        let (Some(kind), Some(report), Some(end)) = (
            r.volunteer_type.get(),
            r.report_date.get(),
            r.service_end_date.get(),
        ) else {
            return;
        };
        let grace = Duration::days(self.grace);
        let (msg, earliest, latest) = if end <= report {
            (Msg::T02NotAfter, report, report)
        } else {
            let min_months = self.min_months;
            let (earliest, one, three) = self.bounds.get(report, || {
                let earliest = report
                    .checked_add_months(Months::new(min_months))
                    .unwrap_or(NaiveDate::MAX);
                // Checked: a date near the end of the calendar must not overflow.
                let latest = |years| {
                    years_after(report, years)
                        .checked_add_signed(grace)
                        .unwrap_or(NaiveDate::MAX)
                };
                (earliest, latest(1), latest(3))
            });
            // At most three years for an extended volunteer (from the first report), one for the rest.
            let latest = match kind {
                VolunteerType::Extended => three,
                VolunteerType::New | VolunteerType::GradTeach => one,
            };
            if (earliest..=latest).contains(&end) {
                return;
            }
            let msg = match (kind, end < earliest) {
                (_, true) => Msg::T02Short,
                (VolunteerType::Extended, false) => Msg::T02LongExtended,
                (_, false) => Msg::T02LongAgreement,
            };
            (msg, earliest, latest)
        };
        out.push(
            Finding::new(
                META.id,
                ctx.settings.severity,
                Rows::One(r.row),
                Detail::ServiceEnd {
                    msg,
                    end,
                    report,
                    earliest,
                    latest,
                },
            )
            .at(Column::ServiceEndDate),
        );
    }
}
