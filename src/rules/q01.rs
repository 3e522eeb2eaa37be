//! Q01: 新招募 per (服务省份, 招募省份) ≤ the pair's quota in 附件2.

use std::collections::BTreeMap;

use super::finding::{Finding, Limit, Scope, Severity, Tally};
use super::meta::{Meta, ScopeKind};
use super::options::NoOptions;
use super::{Check, Ctx, Rule};
use crate::messages::{Msg, Text};
use crate::province::Province;
use crate::roster::Record;
use crate::roster::schema::Column;
use crate::roster::values::VolunteerType;

pub const META: Meta = Meta {
    id: "Q01",
    title_zh: "对口招募人数不超过招募指标",
    title_en: "New recruits per province pair within the 附件2 quota",
    severity: Severity::Error,
    scope: ScopeKind::Pair,
    columns: &[
        Column::VolunteerType,
        Column::RecruitProvince,
        Column::ServiceProvince,
    ],
    any_columns: &[],
    summary: None,
    explanation: "## What it does
Counts the 新招募 volunteers of each (服务省份, 招募省份) pair and compares the count with the pair's
招募指标 in 附件2 (the edition's table, or `--quotas FILE`). A pair that 附件2 does not
list has no quota, so any new recruit on it is a finding.

Counted are the volunteers the roster places: 离岗 and 流失 rows are left out (a 补录 replaces
them, \"进行同等数额选拔补招\"), and so are 地方项目 rows (附件2 is the national project's; the
local project 参照执行). The report says how many rows were left out.

## Why
附件2 fixes how many new volunteers each province recruits for each service region; recruiting
beyond it takes places from the plan.

## Example
附件2 gives 新疆 ← 山东 187. 187 new recruits serving in 新疆 from 山东 pass; 188 is a finding with
count 188 and total 187. One new recruit serving in 新疆 from 西藏 is a finding: 西藏 has no quota
for 新疆.",
    explanation_zh: "## 作用
统计每一对（服务省份, 招募省份）的新招募志愿者人数，与附件2 中这一对的招募指标比较（附件2 取年度版本中的表，或 `--quotas FILE` 指定的表）。附件2 没有列出的省份组合没有指标，其中的任何一名新招募志愿者都是问题。

计入的是花名册实际安排的志愿者：离岗和流失的行不计入（由补录顶替，“进行同等数额选拔补招”），地方项目的行也不计入（附件2 是全国项目的指标，地方项目参照执行）。报告会说明有多少行未计入。

## 原因
附件2 规定了每个招募省份为每个服务地区招募多少新志愿者；超出指标招募，就挤占了计划中的名额。

## 示例
附件2 中新疆 ← 山东 为 187。在新疆服务、来自山东的新招募志愿者 187 人通过；188 人是问题，`count` 为 188、`total` 为 187。在新疆服务、来自西藏的新招募志愿者哪怕只有 1 人也是问题：西藏对新疆没有招募指标。",
};

pub const RULE: Rule = rule!(META, NoOptions, |_: NoOptions| Q01::default());

#[derive(Default)]
struct Q01 {
    pairs: BTreeMap<(Province, Province), Vec<u32>>,
    /// Every pair judged, for the 汇总 sheet: its count against its quota (none for a pair the
    /// plan does not have).
    tallies: Vec<Tally>,
}

impl Check for Q01 {
    fn observe(&mut self, r: &Record, _ctx: &Ctx, _out: &mut Vec<Finding>) {
        if r.volunteer_type.get() != Some(VolunteerType::New) || !super::population::in_plan(r) {
            return;
        }
        if let (Some(s), Some(rc)) = (r.service_province.get(), r.recruit_province.get()) {
            self.pairs.entry((s, rc)).or_default().push(r.row);
        }
    }

    fn tallies(&mut self) -> Vec<Tally> {
        std::mem::take(&mut self.tallies)
    }

    fn finish(&mut self, ctx: &Ctx, out: &mut Vec<Finding>) {
        for ((service, recruit), rows) in std::mem::take(&mut self.pairs) {
            let count = rows.len() as u64;
            let quota = ctx
                .plan
                .quotas
                .get(service, recruit)
                .map(|q| u64::from(q.quota));
            let scope = Scope {
                service_province: Some(service),
                recruit_province: Some(recruit),
                ..Scope::default()
            };
            self.tallies.push(Tally {
                rule: META.id,
                scope: scope.clone(),
                count,
                total: quota.unwrap_or(0),
                limit: Limit::AtMostCount(quota),
                breached: quota.is_none_or(|q| count > q),
            });
            let message = match quota {
                Some(q) if count <= q => continue,
                Some(q) => Text::new(Msg::Q01OverQuota)
                    .arg("pair", &scope)
                    .arg("count", count)
                    .arg("quota", q),
                None => Text::new(Msg::Q01NoQuota)
                    .arg("pair", &scope)
                    .arg("count", count),
            };
            let quota = quota.unwrap_or(0);
            out.push(
                Finding::group(META.id, ctx.settings.severity, scope, rows, message)
                    .counts(count, quota)
                    .against(count.to_string(), format!("≤ {quota}")),
            );
        }
    }
}
