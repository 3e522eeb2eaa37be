//! S04: 优秀 ≤ 20% of 在岗 volunteers.

use super::finding::{Finding, Severity, Tally};
use super::meta::{Meta, ScopeKind, SummaryColumn};
use super::options::{Percent, ProvinceSet, Provinces};
use super::share::{Bound, Shares, scope_of};
use super::{Check, Ctx, Rule};
use crate::messages::{Msg, Text};
use crate::roster::Record;
use crate::roster::schema::Column;
use crate::roster::values::Rating;

declare_options! {
    pub struct Options {
        /// the largest share of 在岗 volunteers rated 优秀
        #[zh = "在岗志愿者中考核等次为优秀的最大比例"]
        limit_percent: Percent = Percent::whole(20),
        /// the service provinces the rule runs in (the Inner Mongolia plan's rule; default every province)
        #[zh = "适用本规则的服务省份（本规则出自内蒙古的实施方案；默认全部省份）"]
        provinces: Provinces = Provinces::every(),
    }
}

pub const META: Meta = Meta {
    id: "S04",
    title_zh: "优秀等次不超过在岗人数的 {limit_percent}",
    title_en: "优秀 ratings at most {limit_percent} of volunteers in post",
    severity: Severity::Error,
    scope: ScopeKind::Share,
    columns: &[Column::Rating, Column::ServiceProvince],
    any_columns: &[],
    summary: Some(SummaryColumn {
        label: |_| Msg::LabelExcellent,
        bound: Bound::AtMost,
        limit_key: "limit_percent",
    }),
    explanation: "## What it does
Counts, per 服务省份, the volunteers rated 优秀 — every one, as the sentence counts them, 在岗 or
not — and compares them with the 当期在岗 volunteers there, rated or not (a blank 在岗状态
counts as 在岗; 离岗 and 流失 rows are not in the total).

The rule comes from the Inner Mongolia plan; `provinces` lists the service provinces it runs in
(every province by default).

## Why
The annual assessment may rate at most 20% of the volunteers in post as 优秀.

## Example
Of 50 volunteers in post, 10 优秀 is 20.00%: passes; 11 is 22%: a finding that points at the 优秀
rows. 10 优秀 in post and 1 优秀 who has left, of 50 in post, is 22%: a finding.",
    explanation_zh: "## 作用
按服务省份统计考核等次为优秀的志愿者人数——按条文的算法，全部计入，不论是否在岗——与该省当期在岗志愿者人数（不论是否已评等次）比较（在岗状态为空按在岗计；离岗和流失的行不计入总数）。

本规则出自内蒙古的实施方案；`provinces` 列出适用本规则的服务省份（默认全部省份）。

## 原因
年度考核评为优秀的，至多占在岗志愿者的 20%。

## 示例
在岗 50 人中优秀 10 人，占 20.00%：通过；11 人占 22%：是问题，问题指向各优秀行。在岗的优秀 10 人加上已离岗的优秀 1 人，在岗 50 人，占 22%：是问题。",
};

pub const RULE: Rule = rule!(META, Options, |o: Options| S04 {
    shares: Shares::new(Bound::AtMost, o.limit_percent.0),
    provinces: o.provinces.set(),
});

struct S04 {
    shares: Shares,
    provinces: ProvinceSet,
}

impl Check for S04 {
    fn observe(&mut self, r: &Record, ctx: &Ctx, _out: &mut Vec<Finding>) {
        if !self.provinces.covers(r) {
            return;
        }
        let in_total = super::population::placed(r);
        let excellent = r.rating.get() == Some(Rating::Excellent);
        if let Some(scope) = scope_of(r, ctx.settings.scope) {
            self.shares.add_parts(scope, in_total, excellent, r.row);
        }
    }

    fn tallies(&mut self) -> Vec<Tally> {
        self.shares.take_tallies()
    }

    fn finish(&mut self, ctx: &Ctx, out: &mut Vec<Finding>) {
        out.extend(
            self.shares
                .findings(META.id, ctx.settings, Text::new(Msg::S04Excellent)),
        );
    }
}
