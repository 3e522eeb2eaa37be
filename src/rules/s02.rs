//! S02: 本科及以上 ≥ 85% of 新招募.

use super::finding::{Finding, Severity, Tally};
use super::meta::{Meta, ScopeKind, SummaryColumn};
use super::options::Percent;
use super::share::{Bound, Shares, scope_of};
use super::{Check, Ctx, Rule};
use crate::messages::{Msg, Text};
use crate::roster::Record;
use crate::roster::schema::Column;
use crate::roster::values::{Education, VolunteerType};

declare_options! {
    pub struct Options {
        /// the smallest share of new recruits with the degree counted
        #[zh = "新招募志愿者中所计学历的最低比例"]
        min_percent: Percent = Percent::whole(85),
        /// count 本科 only, not 硕士/博士 (the notice says 本科比例)
        #[zh = "只计本科，不计硕士、博士（通知原文为“本科比例”）"]
        bachelor_only: bool = false,
    }
}

pub const META: Meta = Meta {
    id: "S02",
    title_zh: "新招募本科比例不低于 {min_percent}",
    title_en: "Bachelor's degree or above at least {min_percent} of new recruits",
    severity: Severity::Error,
    scope: ScopeKind::Share,
    columns: &[Column::VolunteerType, Column::Education, Column::ServiceProvince],
    any_columns: &[],
    summary: Some(SummaryColumn {
        label: |settings| {
            if settings.options::<Options>().bachelor_only {
                Msg::LabelDegreeOnly
            } else {
                Msg::LabelDegreeAbove
            }
        },
        bound: Bound::AtLeast,
        limit_key: "min_percent",
    }),
    explanation: "## What it does
Counts, per 服务省份, the 新招募 volunteers whose 学历 is 本科 or above (本科, 硕士研究生, 博士研究生)
and compares them with all 新招募 volunteers there. With `bachelor_only = true` only 本科 counts.
Rows whose 学历 cannot be read are left out (and reported as E01), and so are 离岗 and 流失 rows
(the population rule the plan and share rules share).

## Why
The notice requires the 本科 share of the year's new recruits to be 85% or more. Read literally,
本科比例 counts 本科 alone; most offices count graduates too, so that is the default and the
literal reading is a switch.

## Example
Of 200 new recruits in 青海, 30 专科 leaves 170 = 85.00%: passes. 31 专科 is 84.50%: a finding, which
points at the 专科 rows.",
    explanation_zh: "## 作用
按服务省份统计学历为本科及以上（本科、硕士研究生、博士研究生）的新招募志愿者人数，与该省全部新招募志愿者人数比较。`bachelor_only = true` 时只计本科。学历无法识别的行不计入（另报 E01），离岗和流失的行也不计入（计划类和比例类规则共用的计入口径）。

## 原因
通知要求当年新招募志愿者的本科比例在 85% 以上。按字面理解，“本科比例”只计本科；多数项目办把研究生也计入，所以默认如此；按字面只计本科，要用开关 `bachelor_only` 打开。

## 示例
青海 200 名新招募志愿者中有 30 名专科，其余 170 人占 85.00%：通过。31 名专科则为 84.50%：是问题，问题指向各专科行。",
};

pub const RULE: Rule = rule!(META, Options, |o: Options| S02 {
    shares: Shares::new(Bound::AtLeast, o.min_percent.0),
    bachelor_only: o.bachelor_only,
});

struct S02 {
    shares: Shares,
    bachelor_only: bool,
}

impl Check for S02 {
    fn observe(&mut self, r: &Record, ctx: &Ctx, _out: &mut Vec<Finding>) {
        if r.volunteer_type.get() != Some(VolunteerType::New) || !super::population::placed(r) {
            return;
        }
        let Some(education) = r.education.get() else {
            return;
        };
        let counted = if self.bachelor_only {
            education == Education::Bachelor
        } else {
            education.bachelor_or_above()
        };
        if let Some(scope) = scope_of(r, ctx.settings.scope) {
            self.shares.add(scope, counted, r.row);
        }
    }

    fn tallies(&mut self) -> Vec<Tally> {
        self.shares.take_tallies()
    }

    fn finish(&mut self, ctx: &Ctx, out: &mut Vec<Finding>) {
        let what = if self.bachelor_only {
            Msg::DegreeOnly
        } else {
            Msg::DegreeAbove
        };
        out.extend(self.shares.findings(
            META.id,
            ctx.settings,
            Text::new(Msg::S02Degree).arg("what", what),
        ));
    }
}
