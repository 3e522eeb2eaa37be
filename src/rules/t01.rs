//! T01: 报到日期 outside the year's 报到 window; 补录 rows: after the 补录 deadline.

use super::finding::{Detail, Finding, Rows, Severity};
use super::meta::{Meta, ScopeKind};
use super::options::NoOptions;
use super::{Check, Ctx, Rule};
use crate::roster::Record;
use crate::roster::schema::Column;
use crate::roster::values::VolunteerType;

pub const META: Meta = Meta {
    id: "T01",
    title_zh: "报到日期在报到期内",
    title_en: "Reporting date within the year's reporting window",
    severity: Severity::Warning,
    scope: ScopeKind::Row,
    columns: &[Column::ReportDate],
    any_columns: &[],
    summary: None,
    explanation: "## What it does
For each 新招募 and 研究生支教团 row, checks that 报到日期 falls within the edition's 报到 window
(`[calendar]` `report_from` … `report_to` in its edition.toml, which `xibu.toml` may override),
both days included. 延期 volunteers reported in an earlier year and are left out.

A row whose 招募方式 is 补录 replaces a lost volunteer and reports later: its 报到日期 is checked
against `report_from` … `late_until` (the 补录 deadline, 9月10日 in 2020—2021) instead.

## Why
The notice sets 7月20日至31日 for reporting and training (三.4), and 补录 by 9月10日 (二, 三.2:
\"服务省须在9月10日前及时做好补录工作\"). A date outside it is often a typing slip, or a 补录
volunteer who should be marked as such; hence a warning.

## Example
With the built-in edition's window, 7月31日 passes and 8月1日 gets a warning. A 补录 row reporting
on 9月10日 passes; on 9月11日 it gets a warning.",
    explanation_zh: "## 作用
对每个新招募和研究生支教团行，检查报到日期是否在年度版本规定的报到期内（版本 `edition.toml` 中 `[calendar]` 的 `report_from` … `report_to`，可在 `xibu.toml` 中改写），首尾两天都算在内。延期志愿者在往年报到，不检查。

招募方式为补录的行顶替流失的志愿者，报到较晚：它的报到日期改为与 `report_from` … `late_until`（补录截止日，2020—2021 年度为 9月10日）比较。

## 原因
通知规定 7月20日至31日为报到和培训时间（三.4），补录在 9月10日前完成（二、三.2：“服务省须在9月10日前及时做好补录工作”）。报到日期在此之外，往往是输入错误，或是一名本应标为补录的志愿者；所以给出警告。

## 示例
按内置版本的报到期，7月31日通过，8月1日得到警告。补录行 9月10日报到通过；9月11日报到得到警告。",
};

pub const RULE: Rule = rule!(META, NoOptions, |_: NoOptions| T01);

struct T01;

impl Check for T01 {
    fn observe(&mut self, r: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        if !matches!(
            r.volunteer_type.get(),
            Some(VolunteerType::New | VolunteerType::GradTeach)
        ) {
            return;
        }
        let Some(date) = r.report_date.get() else {
            return;
        };
        let late = r.late_recruit();
        let from = ctx.calendar.report_from;
        let to = if late {
            ctx.calendar.late_until.unwrap_or(ctx.calendar.report_to)
        } else {
            ctx.calendar.report_to
        };
        if (from..=to).contains(&date) {
            return;
        }
        out.push(
            Finding::new(
                META.id,
                ctx.settings.severity,
                Rows::One(r.row),
                Detail::ReportDate {
                    late,
                    date,
                    from,
                    to,
                },
            )
            .at(Column::ReportDate),
        );
    }
}
