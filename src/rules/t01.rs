//! T01: 报到日期 outside the year's 报到 window.

use super::finding::{Finding, Severity};
use super::meta::{Document, Meta, PolicySource, ScopeKind};
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
    source: PolicySource {
        document: Document::Notice,
        section: "二",
        sentence: "7月20日至31日为报到和培训时间。",
    },
    summary: None,
    explanation: "## What it does
For each 新招募 and 研究生支教团 row, checks that 报到日期 falls within the 报到 window of the
configuration's `[calendar]` (`report_from` … `report_to`, 2020-07-20 … 2020-07-31 by default),
both days included. 延期 volunteers reported in an earlier year and are left out.

## Why
The notice sets 7月20日至31日 for reporting and training. A date outside it is often a typing slip,
or a 补录 volunteer who should be marked as such; hence a warning.

## Example
2020-07-31 passes; 2020-08-01 gets a warning.",
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
        let (from, to) = (
            ctx.config.calendar.report_from,
            ctx.config.calendar.report_to,
        );
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
