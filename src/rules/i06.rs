//! I06: 保险止期 ≥ 服务期满日期 + 3 days; 新疆/西藏/兵团 should extend further.

use chrono::Duration;

use super::finding::{Detail, EndKind, Finding, Rows, Severity};
use super::meta::{Meta, ScopeKind};
use super::options::{Days, Provinces};
use super::{Check, Ctx, Rule};
use crate::province::Province;
use crate::roster::schema::Column;
use crate::roster::{Field, Record};

declare_options! {
    pub struct Options {
        /// how many days after 服务期满日期 the insurance must still be in force
        #[zh = "保险须至少保障到服务期满日期后多少天"]
        days_after: Days = Days(3),
        /// the longer margin advised for remote provinces (a notice, not an error)
        #[zh = "对路途较远的省份建议的更长天数（只给提示，不算错误）"]
        remote_days_after: Days = Days(7),
        /// the provinces where the longer margin is advised
        #[zh = "建议延长保险期限的省份"]
        remote_provinces: Provinces = Provinces(vec![Province::Xinjiang, Province::Xizang, Province::Bingtuan]),
    }
}

pub const META: Meta = Meta {
    id: "I06",
    title_zh: "保险截止不早于服务期满后 {days_after} 天",
    title_en: "Insurance in force until {days_after} days after service ends",
    severity: Severity::Error,
    scope: ScopeKind::Row,
    columns: &[Column::InsuranceEnd, Column::ServiceEndDate],
    any_columns: &[],
    summary: None,
    explanation: "## What it does
For each row with a 服务期满日期, checks that 保险止期 is on or after 服务期满日期 plus 3 days; a blank
保险止期 on such a row is a finding (error). Where that holds but the row serves in 新疆, 西藏 or
兵团 and 保险止期 is before 服务期满日期 plus `remote_days_after` (7 by default), a notice says the
cover should run longer.

## Why
The notice requires the cover to last until 3 days after the volunteer leaves, and asks remote
provinces such as 新疆 and 西藏 to extend it 适当 — by an amount it leaves open, hence a notice with
a configurable margin.

## Example
服务期满日期 2021-07-31: 保险止期 2021-08-02 is an error, 2021-08-03 passes; in 西藏, 2021-08-03 also
gets a notice and 2021-08-07 passes clean.",
    explanation_zh: "## 作用
对每个填有服务期满日期的行，检查保险止期是否不早于服务期满日期后 3 天；这类行的保险止期为空是问题（错误）。满足这一点、但服务地在新疆、西藏或兵团，且保险止期早于服务期满日期加 `remote_days_after`（默认 7 天）的，给出一条提示，说明保险期限应再延长。

## 原因
通知要求保险保障到志愿者服务期满离开服务地后 3 天，并要求新疆、西藏等路途较远的省份把保险期限“适当延长”——延长多少没有明说，所以只给提示，天数可以配置。

## 示例
服务期满日期 2021-07-31：保险止期 2021-08-02 是错误，2021-08-03 通过；在西藏，2021-08-03 还会得到一条提示，2021-08-07 才完全通过。",
};

pub const RULE: Rule = rule!(META, Options, |o: Options| I06 { o });

struct I06 {
    o: Options,
}

impl Check for I06 {
    fn observe(&mut self, r: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        let Some(service_end) = r.service_end_date.get() else {
            return;
        };
        let days = self.o.days_after.0;
        let earliest = service_end + Duration::days(days);
        // Days are 0 to 3650 (the option's range), so they fit.
        let finding = |severity, kind, end, days: i64| {
            Finding::new(
                META.id,
                severity,
                Rows::One(r.row),
                Detail::InsuranceEnd {
                    kind,
                    end,
                    service_end,
                    days: u16::try_from(days).unwrap_or(u16::MAX),
                },
            )
            .at(Column::InsuranceEnd)
        };
        let end = match r.insurance_end {
            Field::Value(end) => end,
            Field::Invalid => return,
            Field::Blank => {
                out.push(finding(
                    ctx.settings.severity,
                    EndKind::Blank,
                    service_end,
                    days,
                ));
                return;
            }
        };
        if end < earliest {
            out.push(finding(ctx.settings.severity, EndKind::Early, end, days));
            return;
        }
        let Some(service) = r.service_province.get() else {
            return;
        };
        if !self.o.remote_provinces.0.contains(&service) {
            return;
        }
        let remote_days = self.o.remote_days_after.0;
        let advised = service_end + Duration::days(remote_days);
        if end < advised {
            out.push(finding(
                Severity::Notice,
                EndKind::Remote(service),
                end,
                remote_days,
            ));
        }
    }
}
