//! S01: in-province recruits ≤ 70% of 新招募.

use super::finding::{Finding, Scope, Severity, Tally};
use super::meta::{Meta, ScopeKind, SummaryColumn};
use super::options::Percent;
use super::settings::Settings;
use super::share::{Allowance, Bound, Shares};
use super::{Check, Ctx, Rule};
use crate::messages::{Msg, Text};
use crate::plan::Plan;
use crate::province::Province;
use crate::roster::Record;
use crate::roster::schema::Column;
use crate::roster::values::VolunteerType;

declare_options! {
    pub struct Options {
        /// the largest share of new recruits that may come from the service province itself
        #[zh = "新招募志愿者中由服务省份本省招募的最大比例"]
        limit_percent: Percent = Percent::whole(70),
        /// where 附件2 itself sets a larger in-province share for a region, that share is the region's limit (a notice names it)
        #[zh = "附件2 本身为某地安排了更高的省内招募比例时，以该比例为这个地区的上限（并给出提示写明该比例）"]
        plan_allowance: bool = true,
    }
}

pub const META: Meta = Meta {
    id: "S01",
    title_zh: "省内招募比例不超过 {limit_percent}",
    title_en: "In-province recruits at most {limit_percent} of new recruits",
    severity: Severity::Error,
    scope: ScopeKind::Share,
    columns: &[
        Column::VolunteerType,
        Column::RecruitProvince,
        Column::ServiceProvince,
    ],
    any_columns: &[],
    summary: Some(SummaryColumn {
        label: |_| Msg::LabelInProvince,
        bound: Bound::AtMost,
        limit_key: "limit_percent",
    }),
    explanation: "## What it does
Counts, per 服务省份, the 新招募 volunteers whose 招募省份 is the 服务省份 itself, and compares them
with all 新招募 volunteers there. 延期 and 研究生支教团 volunteers are not counted, nor are 离岗 and
流失 rows (a 补录 replaces them; the report says how many were left out).

With `plan_allowance = true` (the default), a region for which 附件2 itself sets a larger
in-province share — 贵州 70.06%, 云南 70.11%, 湖南 70.27%, 黑龙江 80%, 吉林, 湖北 and 山西 100% —
has that share as its limit: a roster cannot be asked to do better than the plan that binds it.
A region within the plan's share but above the configured limit gets a notice naming the plan's
figure; above the plan's share too, it is a finding. Under `scope = \"service_county\"` a county
has its province's share; nationally there is no allowance.

## Why
The notice wants more volunteers from other provinces: the in-province share of new recruits
(excluding the graduate teaching corps) must stay within 70%.

## Example
Of 1,000 new recruits serving in 四川, 701 recruited in 四川 is 70.1%: a finding; 700 is 70.00% and
passes. 吉林 3 of 3 in-province (100%) passes with a notice: 附件2 gives 吉林 3/3. 黑龙江 21 of 25
(84%) is a finding: 附件2 allows it 80%.",
    explanation_zh: "## 作用
按服务省份统计招募省份就是服务省份本省的新招募志愿者人数，与该省全部新招募志愿者人数比较。延期和研究生支教团志愿者不计入，离岗和流失的行也不计入（由补录的志愿者顶替；报告会说明有多少行未计入）。

`plan_allowance = true`（默认）时，如果附件2 本身为某地安排的省内招募比例更高（贵州 70.06%、云南 70.11%、湖南 70.27%、黑龙江 80%，吉林、湖北和山西 100%），就以该比例作为这个地区的上限：不能要求花名册做得比约束它的计划还好。超过所设上限、但未超过计划比例的地区给出一条提示，写明计划的比例；连计划比例也超过的，才是问题。设 `scope = \"service_county\"` 时，一个县沿用所在省的计划比例；全国统计时不作这种放宽。

## 原因
通知要求“进一步扩大来自外省的志愿者比例”：新招募志愿者（不含研究生支教团）的省内招募比例要控制在 70% 以内。

## 示例
在四川服务的 1000 名新招募志愿者中，四川本省招募 701 人，占 70.1%：是问题；700 人占 70.00%，通过。吉林 3 人全部省内招募（100%），通过并给出提示：附件2 给吉林的是 3/3。黑龙江 25 人中省内招募 21 人（84%），是问题：附件2 只给它 80%。",
};

pub const RULE: Rule = rule!(META, Options, |o: Options| S01 {
    shares: Shares::new(Bound::AtMost, o.limit_percent.0),
    plan_allowance: o.plan_allowance,
});

struct S01 {
    shares: Shares,
    plan_allowance: bool,
}

/// The plan's in-province quota of a service region (附件2's row where 招募省份 = 服务省份) and
/// its 新招募 in 附件1.
pub fn plan_share(plan: &Plan, province: Province) -> (u64, u64) {
    let in_province: u64 = plan
        .quotas
        .for_service(province)
        .filter(|q| q.recruit == province)
        .map(|q| u64::from(q.quota))
        .sum();
    let total = plan.scale.get(province).map_or(0, |s| u64::from(s.new));
    (in_province, total)
}

impl Check for S01 {
    fn observe(&mut self, r: &Record, ctx: &Ctx, _out: &mut Vec<Finding>) {
        if r.volunteer_type.get() != Some(VolunteerType::New) || !super::population::placed(r) {
            return;
        }
        let (Some(service), Some(recruit)) = (r.service_province.get(), r.recruit_province.get())
        else {
            return;
        };
        if let Some(scope) = super::share::scope_of(r, ctx.settings.scope) {
            self.shares.add(scope, service == recruit, r.row);
        }
    }

    fn tallies(&mut self) -> Vec<Tally> {
        self.shares.take_tallies()
    }

    fn finish(&mut self, ctx: &Ctx, out: &mut Vec<Finding>) {
        let enabled = self.plan_allowance;
        let allowance = |scope: &Scope| -> Option<Allowance> {
            if !enabled {
                return None;
            }
            let (count, total) = plan_share(ctx.plan, scope.service_province?);
            Some(Allowance {
                count,
                total,
                notice: Text::new(Msg::S01WithinPlan),
                over: Text::new(Msg::S01AbovePlan),
            })
        };
        out.extend(self.shares.findings_allowing(
            META.id,
            ctx.settings,
            Text::new(Msg::S01InProvince),
            &allowance,
        ));
    }
}

/// S01 on the plan: per service region, 附件2's in-province quota against 附件1's 新招募.
pub fn on_plan(plan: &Plan, settings: &Settings) -> Vec<Finding> {
    let mut out = Vec::new();
    for row in &plan.scale.rows {
        let (in_province, total) = plan_share(plan, row.province);
        if total == 0 {
            continue;
        }
        let limit = settings.options::<Options>().limit_percent.0;
        if super::share::breaks(in_province, total, limit, Bound::AtMost) {
            let scope = Scope {
                service_province: Some(row.province),
                ..Scope::default()
            };
            let actual = super::share::percent_against(in_province, total, limit);
            let limit_text = super::share::limit_text(limit);
            out.push(
                Finding::group(
                    META.id,
                    settings.severity,
                    scope.clone(),
                    Vec::new(),
                    Text::new(Msg::S01Plan)
                        .arg("province", row.province)
                        .arg("count", in_province)
                        .arg("total", total)
                        .arg("actual", actual.clone())
                        .arg("limit", limit_text.clone()),
                )
                .counts(in_province, total)
                .against(actual, format!("≤ {limit_text}")),
            );
        }
    }
    out
}
