//! P02: 体检结论 = 合格.

use super::finding::{Finding, Severity};
use super::meta::{Meta, ScopeKind};
use super::options::NoOptions;
use super::{Check, Ctx, Rule};
use crate::messages::Msg;
use crate::roster::schema::Column;
use crate::roster::values::{Verdict, VolunteerType};
use crate::roster::{Field, Record};

pub const META: Meta = Meta {
    id: "P02",
    title_zh: "体检合格",
    title_en: "Medical examination passed",
    severity: Severity::Error,
    scope: ScopeKind::Row,
    columns: &[Column::MedicalExam],
    any_columns: &[],
    summary: None,
    explanation: "## What it does
A 体检结论 of 不合格 is a finding on any row. A blank 体检结论 is a finding on 新招募 rows, whose
examination is part of this year's selection; 延期 and 研支团 volunteers were examined when they
were first selected.

## Why
The notice: volunteers who do not meet the examination standard must not pass selection.

## Example
A 新招募 row with 体检结论 不合格 or blank is a finding; 合格 passes.",
    explanation_zh: "## 作用
任何一行的体检结论为不合格都是问题。新招募行的体检结论为空也是问题，因为体检是本年度选拔的一部分；延期和研支团志愿者在首次入选时已经体检过。

## 原因
通知规定：体检达不到要求的志愿者不能通过选拔。

## 示例
新招募行的体检结论为不合格或为空是问题；合格则通过。",
};

pub const RULE: Rule = rule!(META, NoOptions, |_: NoOptions| P02);

struct P02;

impl Check for P02 {
    fn observe(&mut self, r: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        let message = match r.medical_exam {
            Field::Value(Verdict::Fail) => Msg::P02Failed,
            Field::Blank if r.volunteer_type.get() == Some(VolunteerType::New) => Msg::P02Blank,
            _ => return,
        };
        out.push(Finding::plain(
            META.id,
            ctx.settings.severity,
            r.row,
            message,
            Column::MedicalExam,
        ));
    }
}
