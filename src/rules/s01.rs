//! S01: in-province recruits ≤ 70% of 新招募.

use super::finding::{Finding, Scope, Severity, Tally};
use super::meta::{Meta, ScopeKind, SummaryColumn};
use super::options::Percent;
use super::settings::Settings;
use super::share::{Bound, Shares};
use super::{Check, Ctx, Rule};
use crate::messages::{Msg, Text};
use crate::plan::Plan;
use crate::roster::Record;
use crate::roster::schema::Column;
use crate::roster::values::VolunteerType;

declare_options! {
    pub struct Options {
        /// the largest share of new recruits that may come from the service province itself
        limit_percent: Percent = Percent::whole(70),
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
with all 新招募 volunteers there. 延期 and 研究生支教团 volunteers are not counted.

## Why
The notice wants more volunteers from other provinces: the in-province share of new recruits
(excluding the graduate teaching corps) must stay within 70%.

## Example
Of 1,000 new recruits serving in 贵州, 701 recruited in 贵州 is 70.1%: a finding. 700 is 70.00% and
passes. The plan itself puts 贵州 at 447/638 = 70.06%, which `xibu tables verify` reports.",
};

pub const RULE: Rule = rule!(META, Options, |o: Options| S01 {
    shares: Shares::new(Bound::AtMost, o.limit_percent.0),
});

struct S01 {
    shares: Shares,
}

impl Check for S01 {
    fn observe(&mut self, r: &Record, ctx: &Ctx, _out: &mut Vec<Finding>) {
        if r.volunteer_type.get() != Some(VolunteerType::New) {
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
        out.extend(
            self.shares
                .findings(META.id, ctx.settings, Text::new(Msg::S01InProvince)),
        );
    }
}

/// S01 on the plan: per service region, 附件2's in-province quota against 附件1's 新招募.
pub fn on_plan(plan: &Plan, settings: &Settings) -> Vec<Finding> {
    let mut out = Vec::new();
    for row in &plan.scale.rows {
        let in_province: u64 = plan
            .quotas
            .for_service(row.province)
            .filter(|q| q.recruit == row.province)
            .map(|q| u64::from(q.quota))
            .sum();
        let total = u64::from(row.new);
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
