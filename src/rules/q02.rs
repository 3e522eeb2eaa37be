//! Q02: per 服务省份, 新招募 / 延期 / 研支团 / total ≤ 附件1.

use super::finding::{Finding, Limit, Part, Scope, Severity, Tally};
use super::meta::{Meta, ScopeKind};
use super::options::NoOptions;
use super::{Check, Ctx, Rule};
use crate::messages::{Msg, Text};
use crate::province::Province;
use crate::roster::Record;
use crate::roster::schema::Column;
use crate::roster::values::VolunteerType;

pub const META: Meta = Meta {
    id: "Q02",
    title_zh: "各类志愿者人数不超过分省实施规模",
    title_en: "Volunteers per service province within the 附件1 scale",
    severity: Severity::Error,
    scope: ScopeKind::ProvincePart,
    columns: &[Column::VolunteerType, Column::ServiceProvince],
    any_columns: &[],
    summary: None,
    explanation: "## What it does
Counts, per 服务省份, the 在岗 volunteers of each type — 新招募, 延期, 研究生支教团 — and all of them
together, and compares each count with 附件1's 新招募志愿者人数, 延期志愿者人数, 第22届研支团人数 and
实施规模. A 服务省份 that 附件1 does not list has a scale of 0. 离岗 and 流失 volunteers are not
counted — 实施规模 is the number in post (总在岗人数), and a 补录 replaces a lost volunteer — nor
are 地方项目 volunteers: 附件1 is the national project's.

## Why
附件1 is the year's implementation scale per province; a roster beyond it places more volunteers
than the plan funds.

## Example
附件1 gives 海南 144 延期. 145 延期 volunteers in post in 海南 is a finding (part `extended`, count
145, total 144).",
    explanation_zh: "## 作用
按服务省份分别统计各类在岗志愿者——新招募、延期、研究生支教团——以及三者合计的人数，依次与附件1 的新招募志愿者人数、延期志愿者人数、第22届研支团人数和实施规模比较。附件1 没有列出的服务省份，规模按 0 计。离岗和流失的志愿者不计入——实施规模是在岗的人数（总在岗人数），流失的志愿者由补录顶替——地方项目志愿者也不计入：附件1 是全国项目的规模。

## 原因
附件1 是当年的分省实施规模；超出规模的花名册，安排的志愿者多于计划提供经费的人数。

## 示例
附件1 中海南延期 144 人。海南在岗延期志愿者 145 人是问题（`part` 为 `extended`，`count` 为 145，`total` 为 144）。",
};

pub const RULE: Rule = rule!(META, NoOptions, |_: NoOptions| Q02::default());

/// The parts of 附件1, in their order.
const PARTS: [Part; 4] = [Part::New, Part::Extended, Part::GradTeach, Part::Total];

#[derive(Default)]
struct Q02 {
    /// Per province and part, at `province * 4 + part` (in the order of `Province::ALL` and
    /// `PARTS`, the order of the findings): the rows counted. An array rather than a map looked up
    /// twice a row, which was 3% of a clean check (perf).
    counts: Vec<Vec<u32>>,
    tallies: Vec<Tally>,
}

/// Where a province's part is counted.
fn slot(province: Province, part: Part) -> usize {
    province as usize * PARTS.len() + part as usize
}

impl Check for Q02 {
    fn observe(&mut self, r: &Record, _ctx: &Ctx, _out: &mut Vec<Finding>) {
        if !super::population::in_plan(r) {
            return;
        }
        let (Some(service), Some(kind)) = (r.service_province.get(), r.volunteer_type.get()) else {
            return;
        };
        let part = match kind {
            VolunteerType::New => Part::New,
            VolunteerType::Extended => Part::Extended,
            VolunteerType::GradTeach => Part::GradTeach,
        };
        if self.counts.is_empty() {
            self.counts = vec![Vec::new(); Province::ALL.len() * PARTS.len()];
        }
        for at in [slot(service, part), slot(service, Part::Total)] {
            if let Some(rows) = self.counts.get_mut(at) {
                rows.push(r.row);
            }
        }
    }

    fn tallies(&mut self) -> Vec<Tally> {
        std::mem::take(&mut self.tallies)
    }

    fn finish(&mut self, ctx: &Ctx, out: &mut Vec<Finding>) {
        let counted = std::mem::take(&mut self.counts);
        let groups = Province::ALL
            .iter()
            .flat_map(|&p| PARTS.iter().map(move |&part| (p, part)));
        for ((service, part), rows) in groups.zip(counted) {
            // A group nobody was counted in is not judged (nor tallied).
            if rows.is_empty() {
                continue;
            }
            let count = rows.len() as u64;
            let scale = ctx.plan.scale.get(service);
            let limit = scale.map_or(0, |s| {
                u64::from(match part {
                    Part::New => s.new,
                    Part::Extended => s.extended,
                    Part::GradTeach => s.grad_teach,
                    Part::Total => s.total,
                })
            });
            let scope = Scope {
                service_province: Some(service),
                part: Some(part),
                ..Scope::default()
            };
            self.tallies.push(Tally {
                rule: META.id,
                scope: scope.clone(),
                count,
                total: limit,
                limit: Limit::AtMostCount(scale.map(|_| limit)),
                breached: count > limit,
            });
            if count <= limit {
                continue;
            }
            let message = if scale.is_some() {
                Text::new(Msg::Q02OverScale)
                    .arg("province", service)
                    .arg("part", part.msg())
                    .arg("count", count)
                    .arg("limit", limit)
            } else {
                Text::new(Msg::Q02NoScale)
                    .arg("province", service)
                    .arg("part", part.msg())
                    .arg("count", count)
            };
            out.push(
                Finding::group(META.id, ctx.settings.severity, scope, rows, message)
                    .counts(count, limit)
                    .against(count.to_string(), format!("≤ {limit}")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{PARTS, slot};
    use crate::province::Province;

    #[test]
    fn groups_are_counted_in_the_order_of_provinces_then_parts() {
        // The findings come out in the array's order: it must be (province, part)'s order.
        let groups: Vec<(Province, _)> = Province::ALL
            .iter()
            .flat_map(|&p| PARTS.iter().map(move |&part| (p, part)))
            .collect();
        assert!(groups.windows(2).all(|w| w[0] < w[1]));
        for (i, &(p, part)) in groups.iter().enumerate() {
            assert_eq!(slot(p, part), i, "{p:?} {part:?}");
        }
    }
}
