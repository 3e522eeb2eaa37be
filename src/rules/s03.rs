//! S03: posts in 机关 at 县级 or above ≤ 10% of 在岗 placements.

use super::finding::{Finding, Severity, Tally};
use super::meta::{Meta, ScopeKind, SummaryColumn};
use super::options::{Percent, ProvinceSet, Provinces};
use super::share::{Bound, Shares, scope_of};
use super::{Check, Ctx, Rule};
use crate::messages::{Msg, Text};
use crate::roster::Record;
use crate::roster::schema::Column;
use crate::roster::values::UnitNature;

declare_options! {
    pub struct Options {
        /// the largest share of placements in 机关 at 县级 or above
        #[zh = "县级及以上机关岗位所占的最大比例"]
        limit_percent: Percent = Percent::whole(10),
        /// the service provinces the rule runs in (the Inner Mongolia plan's rule; default every province)
        #[zh = "适用本规则的服务省份（本规则出自内蒙古的实施方案；默认全部省份）"]
        provinces: Provinces = Provinces::every(),
    }
}

pub const META: Meta = Meta {
    id: "S03",
    title_zh: "县级及以上机关岗位不超过 {limit_percent}",
    title_en: "Posts in county-level or higher organs at most {limit_percent} of placements",
    severity: Severity::Error,
    scope: ScopeKind::Share,
    columns: &[Column::UnitLevel, Column::UnitNature, Column::ServiceProvince],
    any_columns: &[],
    summary: Some(SummaryColumn {
        label: |_| Msg::LabelCountyOrgans,
        bound: Bound::AtMost,
        limit_key: "limit_percent",
    }),
    explanation: "## What it does
Counts, per 服务省份 (or per 服务县 with `scope = \"service_county\"`), the 在岗 placements whose
单位性质 is 机关 and whose 单位级别 is 县级 (旗县级), 市级 (盟市级) or 省级, and compares them with all
在岗 placements there, of every volunteer type. A blank 在岗状态 counts as 在岗; 离岗 and 流失 do not.
A placement whose level or nature is blank counts in the total only, and E02 warns at the blank
cell.

The rule comes from the Inner Mongolia plan; other provinces may adopt it or not: `provinces`
lists the service provinces it runs in (every province by default).

## Why
Volunteers are meant for the grassroots: the Inner Mongolia plan caps posts in county-level and
higher organs at 10%.

## Example
In a county with 20 placements, 2 in 旗县级 机关 is 10.00%: passes; 3 is 15%: a finding that points
at the three rows.",
    explanation_zh: "## 作用
按服务省份（设 `scope = \"service_county\"` 时按服务县）统计单位性质为机关、单位级别为县级（旗县级）、市级（盟市级）或省级的在岗岗位数，与该地全部在岗岗位数（各类志愿者都算）比较。在岗状态为空按在岗计；离岗和流失不计。单位级别或单位性质为空的岗位只计入总数，并由 E02 在空单元格处给出警告。

本规则出自内蒙古的实施方案，其他省份可以采用，也可以不用：`provinces` 列出适用本规则的服务省份（默认全部省份）。

## 原因
志愿者是派到基层去的：内蒙古的实施方案把县级及以上机关岗位限制在 10% 以内。

## 示例
某县有 20 个在岗岗位，其中旗县级机关 2 个，占 10.00%：通过；3 个占 15%：是问题，问题指向这三行。",
};

pub const RULE: Rule = rule!(META, Options, |o: Options| S03 {
    shares: Shares::new(Bound::AtMost, o.limit_percent.0),
    provinces: o.provinces.set(),
});

struct S03 {
    shares: Shares,
    provinces: ProvinceSet,
}

impl Check for S03 {
    fn observe(&mut self, r: &Record, ctx: &Ctx, _out: &mut Vec<Finding>) {
        if !super::population::placed(r) || !self.provinces.covers(r) {
            return;
        }
        let organ = r.unit_nature.get() == Some(UnitNature::Organ)
            && r.unit_level.get().is_some_and(|l| l.county_or_above());
        if let Some(scope) = scope_of(r, ctx.settings.scope) {
            self.shares.add(scope, organ, r.row);
        }
    }

    fn tallies(&mut self) -> Vec<Tally> {
        self.shares.take_tallies()
    }

    fn finish(&mut self, ctx: &Ctx, out: &mut Vec<Finding>) {
        out.extend(
            self.shares
                .findings(META.id, ctx.settings, Text::new(Msg::S03Organs)),
        );
    }
}
