//! E02: a blank cell that a rule needs on a row it applies to.

use super::finding::{Detail, Finding, Rows as RowIds, Severity};
use super::meta::{Meta, ScopeKind};
use super::options::{NoOptions, ProvinceSet};
use super::settings::ShareScope;
use super::{Check, Ctx, Rule, population};
use crate::messages::{Msg, Text};
use crate::roster::Record;
use crate::roster::schema::Column;
use crate::roster::values::{Rating, VolunteerType};

pub const META: Meta = Meta {
    id: "E02",
    title_zh: "规则所需的单元格为空",
    title_en: "A blank cell a rule needs",
    severity: Severity::Warning,
    scope: ScopeKind::Row,
    columns: &[],
    any_columns: &[],
    summary: None,
    explanation: "## What it does
Warns at every blank cell that a rule running on the roster needs on a row it applies to, and
names the rules the blank blocks:
- 服务县, when S01–S04 count per county (`scope = \"service_county\"`): the row is in no county;
- 单位级别 and 单位性质 for S03: the placement counts in the total only;
- 报到日期 for I05 and T01 (新招募 and 研究生支教团 rows) and T02;
- 服务期满日期 for I06 and T02;
- 岗位名称 and 服务单位 both blank, for P05.

Blank cells that mean something are not findings: 在岗状态 (在岗), 考核等次 (not yet rated),
住院医疗保额 and 意外医疗保额 (not bought), 项目类型 (全国项目), 招募方式 (集中招募), and the cells
whose rule reports a blank itself (身份证号 P01, 体检结论 P02, 肺通气检查 P03, 专项 P04, the
required covers I01/I02, 保险起期 I05, 保险止期 I06). A rule that is disabled or skipped blocks
nothing.

## Why
A blank cell must never pass silently: a row with no 服务县 would vanish from every county's
count, a row with no 报到日期 would never be checked for its insurance start or reporting date.

## Example
With `scope = \"service_county\"` for S03, a row with a blank 服务县 gets a warning naming S03; a
blank 报到日期 on a 新招募 row warns naming I05, T01 and T02.",
    explanation_zh: "## 作用
花名册上运行的规则在其适用的行上需要某个单元格、而它为空时，给出警告，并写明这个空单元格使哪些规则无法检查：
- 服务县：S01–S04 按县统计时（`scope = \"service_county\"`），该行不属于任何县；
- S03 的单位级别和单位性质：该岗位只计入总数；
- I05 和 T01（新招募和研究生支教团行）以及 T02 的报到日期；
- I06 和 T02 的服务期满日期；
- P05 的岗位名称和服务单位（两者都为空时）。

有含义的空单元格不是问题：在岗状态（在岗）、考核等次（尚未评定）、住院医疗保额和意外医疗保额（未购买）、项目类型（全国项目）、招募方式（集中招募），以及由规则自己报告为空的单元格（身份证号 P01、体检结论 P02、肺通气检查 P03、专项 P04、必须购买的保险 I01/I02、保险起期 I05、保险止期 I06）。已停用或被跳过的规则不算在内。

## 原因
空单元格绝不能悄悄通过：没有服务县的行会从每个县的统计中消失，没有报到日期的行永远不会被检查保险起期和报到日期。

## 示例
S03 设 `scope = \"service_county\"` 时，服务县为空的行得到一条警告，写明 S03；新招募行的报到日期为空，警告写明 I05、T01 和 T02。",
};

pub const RULE: Rule = rule!(META, NoOptions, |_: NoOptions| E02 {
    needs: None,
    p05: Vec::new()
});

/// Which rows of a rule need the cell.
#[derive(Debug, Clone, Copy)]
enum Rows {
    /// 新招募 rows the roster places (S01, S02).
    NewPlaced,
    /// Rows the roster places (S03).
    Placed,
    /// Rows the roster places or rates 优秀 (S04).
    PlacedOrExcellent,
    /// 新招募 and 研究生支教团 rows (I05, T01).
    NewOrGrad,
    /// Rows whose 志愿者类型 is known (T02).
    Typed,
    /// Every row.
    Any,
}

impl Rows {
    fn cover(self, r: &Record) -> bool {
        let kind = r.volunteer_type.get();
        match self {
            Rows::NewPlaced => kind == Some(VolunteerType::New) && population::placed(r),
            Rows::Placed => population::placed(r),
            Rows::PlacedOrExcellent => {
                population::placed(r) || r.rating.get() == Some(Rating::Excellent)
            }
            Rows::NewOrGrad => matches!(kind, Some(VolunteerType::New | VolunteerType::GradTeach)),
            Rows::Typed => kind.is_some(),
            Rows::Any => true,
        }
    }
}

/// A cell a rule needs, on which rows, in which provinces.
struct Need {
    column: Column,
    rule: &'static str,
    rows: Rows,
    provinces: Option<ProvinceSet>,
}

struct E02 {
    /// The needs of the rules that run, worked out on the first record.
    needs: Option<Vec<Need>>,
    /// The columns P05 reads that the roster has, when P05 runs (set with `needs`).
    p05: Vec<Column>,
}

fn needs(ctx: &Ctx) -> Vec<Need> {
    let active = |id: &str| ctx.active.contains(&id);
    let provinces = |id: &str| -> Option<ProvinceSet> {
        let s = ctx.rules.get(id);
        match id {
            "S03" => Some(s.options::<super::s03::Options>().provinces.set()),
            "S04" => Some(s.options::<super::s04::Options>().provinces.set()),
            _ => None,
        }
    };
    let mut out = Vec::new();
    let mut need = |column, rule: &'static str, rows| {
        if active(rule) {
            out.push(Need {
                column,
                rule,
                rows,
                provinces: provinces(rule),
            });
        }
    };
    for (rule, rows) in [
        ("S01", Rows::NewPlaced),
        ("S02", Rows::NewPlaced),
        ("S03", Rows::Placed),
        ("S04", Rows::PlacedOrExcellent),
    ] {
        if ctx.rules.get(rule).scope == ShareScope::ServiceCounty {
            need(Column::ServiceCounty, rule, rows);
        }
    }
    need(Column::UnitLevel, "S03", Rows::Placed);
    need(Column::UnitNature, "S03", Rows::Placed);
    need(Column::ReportDate, "I05", Rows::NewOrGrad);
    need(Column::ReportDate, "T01", Rows::NewOrGrad);
    need(Column::ReportDate, "T02", Rows::Typed);
    need(Column::ServiceEndDate, "I06", Rows::Any);
    need(Column::ServiceEndDate, "T02", Rows::Typed);
    out
}

fn blank(r: &Record, column: Column) -> bool {
    match column {
        Column::ServiceCounty => r.service_county.is_blank(),
        Column::UnitLevel => r.unit_level.is_blank(),
        Column::UnitNature => r.unit_nature.is_blank(),
        Column::ReportDate => r.report_date.is_blank(),
        Column::ServiceEndDate => r.service_end_date.is_blank(),
        Column::PostName => r.post_name.is_blank(),
        Column::ServiceUnit => r.service_unit.is_blank(),
        _ => false,
    }
}

impl Check for E02 {
    fn observe(&mut self, r: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        if self.needs.is_none() {
            self.needs = Some(needs(ctx));
            if ctx.active.contains(&"P05") {
                self.p05 = [Column::PostName, Column::ServiceUnit]
                    .into_iter()
                    .filter(|c| ctx.columns.iter().any(|m| m.column == *c))
                    .collect();
            }
        }
        let needs = self.needs.as_deref().unwrap_or_default();
        // Columns in catalog order, each with the rules it blocks on this row.
        let mut blocked: Vec<(Column, Vec<&'static str>)> = Vec::new();
        for n in needs {
            if !blank(r, n.column) || !n.rows.cover(r) || n.provinces.is_some_and(|p| !p.covers(r))
            {
                continue;
            }
            match blocked.iter_mut().find(|(c, _)| *c == n.column) {
                Some((_, rules)) => rules.push(n.rule),
                None => blocked.push((n.column, vec![n.rule])),
            }
        }
        // P05 reads 岗位名称 or 服务单位: blocked when every one the roster has is blank.
        if let Some(first) = self.p05.first()
            && self.p05.iter().all(|c| blank(r, *c))
        {
            blocked.push((*first, vec!["P05"]));
        }
        for (column, rules) in blocked {
            let finding = match Detail::blocked(&rules) {
                Some(detail) => {
                    Finding::new(META.id, ctx.settings.severity, RowIds::One(r.row), detail)
                }
                None => Finding::row(
                    META.id,
                    ctx.settings.severity,
                    r.row,
                    // Listed as the catalog lists columns in skip reasons.
                    Text::new(Msg::E02Blank)
                        .arg("column", column.header())
                        .arg("rules", crate::messages::Arg::list(&rules)),
                )
                .with_value(""),
            };
            out.push(finding.at(column));
        }
    }
}
