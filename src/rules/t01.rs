//! T01: 报到日期 outside the year's 报到 window.

use super::finding::{Finding, Severity};
use super::meta::{Meta, ScopeKind};
use super::options::NoOptions;
use super::{Check, Ctx, Rule};
use crate::messages::{Msg, Text};
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

## Why
The notice sets 7月20日至31日 for reporting and training. A date outside it is often a typing slip,
or a 补录 volunteer who should be marked as such; hence a warning.

## Example
With the built-in edition's window, 7月31日 passes and 8月1日 gets a warning.",
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
        let (from, to) = (ctx.calendar.report_from, ctx.calendar.report_to);
        if (from..=to).contains(&date) {
            return;
        }
        out.push(
            Finding::row(
                META.id,
                ctx.settings.severity,
                r.row,
                Text::new(Msg::T01Outside)
                    .arg("date", date)
                    .arg("from", from)
                    .arg("to", to),
            )
            .at(Column::ReportDate, ctx.cell(Column::ReportDate, r.row))
            .against(date.to_string(), format!("{from} … {to}"))
            .with_value(date.to_string()),
        );
    }
}
