//! I05: 保险起期 ≤ 报到日期 − 3 days.

use chrono::Duration;

use super::finding::{Detail, Finding, Rows, Severity};
use super::meta::{Meta, ScopeKind};
use super::options::Days;
use super::{Check, Ctx, Rule};
use crate::roster::schema::Column;
use crate::roster::values::VolunteerType;
use crate::roster::{Field, Record};

declare_options! {
    pub struct Options {
        /// how many days before 报到日期 the insurance must already be in force
        #[zh = "保险最迟须在报到日期前多少天生效"]
        days_before: Days = Days(3),
    }
}

pub const META: Meta = Meta {
    id: "I05",
    title_zh: "保险生效不晚于报到前 {days_before} 天",
    title_en: "Insurance in force from {days_before} days before reporting",
    severity: Severity::Error,
    scope: ScopeKind::Row,
    columns: &[Column::InsuranceStart, Column::ReportDate],
    any_columns: &[],
    summary: None,
    explanation: "## What it does
For each 新招募 and 研究生支教团 row with a 报到日期, checks that 保险起期 is on or before 报到日期 minus
3 days. A blank 保险起期 on such a row is a finding. 延期 volunteers are left out: their 报到日期 is
the day they first reported, years before this policy year's cover starts.

## Why
The notice requires the cover to be in force from 3 days before the volunteer reports to the
service province.

## Example
报到日期 2020-07-20: 保险起期 2020-07-17 passes, 2020-07-18 is a finding.",
    explanation_zh: "## 作用
对每个填有报到日期的新招募和研究生支教团行，检查保险起期是否不晚于报到日期前 3 天。这类行的保险起期为空是问题。延期志愿者不检查：他们的报到日期是首次报到的日子，比本年度保险的起期早好几年。

## 原因
通知要求保险最迟在志愿者到服务省报到前 3 天生效。

## 示例
报到日期 2020-07-20：保险起期 2020-07-17 通过，2020-07-18 是问题。",
};

pub const RULE: Rule = rule!(META, Options, |o: Options| I05 { o });

struct I05 {
    o: Options,
}

impl Check for I05 {
    fn observe(&mut self, r: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        if !matches!(
            r.volunteer_type.get(),
            Some(VolunteerType::New | VolunteerType::GradTeach)
        ) {
            return;
        }
        let Some(report) = r.report_date.get() else {
            return;
        };
        let days = self.o.days_before.0;
        let latest = report - Duration::days(days);
        let start = match r.insurance_start {
            Field::Value(start) if start <= latest => return,
            Field::Value(start) => Some(start),
            Field::Blank => None,
            Field::Invalid => return,
        };
        // Days are 0 to 3650 (the option's range), so they fit.
        let days = u16::try_from(days).unwrap_or(u16::MAX);
        out.push(
            Finding::new(
                META.id,
                ctx.settings.severity,
                Rows::One(r.row),
                Detail::InsuranceStart {
                    start,
                    report,
                    days,
                },
            )
            .at(Column::InsuranceStart),
        );
    }
}
