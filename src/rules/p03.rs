//! P03: serving 西藏 or 专项 服务西藏 ⇒ 肺通气检查 = 合格.

use super::finding::{Finding, Severity};
use super::meta::{Meta, ScopeKind};
use super::options::NoOptions;
use super::{Check, Ctx, Rule};
use crate::messages::Msg;
use crate::province::Province;
use crate::roster::schema::Column;
use crate::roster::values::{Program, ProgramValue, Verdict, VolunteerType};
use crate::roster::{Field, Record};

pub const META: Meta = Meta {
    id: "P03",
    title_zh: "服务西藏须肺通气检查合格",
    title_en: "Lung-function test passed for service in Tibet",
    severity: Severity::Error,
    scope: ScopeKind::Row,
    columns: &[Column::LungTest],
    any_columns: &[],
    summary: None,
    explanation: "## What it does
For each row whose 服务省份 is 西藏 or whose 专项 is 服务西藏, checks that 肺通气检查 is 合格.
不合格 is a finding on any row; a blank result is a finding on 新招募 rows only, as in P02: 延期
and 研究生支教团 volunteers were examined when they were first selected.

## Why
Service on the plateau needs the extra lung-function test the notice requires for the 服务西藏
专项.

## Example
A new recruit serving in 西藏 with 肺通气检查 blank is a finding; 合格 passes; a 延期 volunteer in
西藏 with a blank result passes; a volunteer in 新疆 is not checked.",
    explanation_zh: "## 作用
对服务省份为西藏或专项为服务西藏的每一行，检查肺通气检查是否合格。不合格在任何行都是问题；结论为空只在新招募行是问题，与 P02 相同：延期和研究生支教团志愿者在首次入选时已经体检过。

## 原因
在高原服务，需要通知为服务西藏专项规定的加做肺通气功能检查。

## 示例
在西藏服务的新招募志愿者，肺通气检查为空是问题；合格则通过；在西藏的延期志愿者结论为空也通过；在新疆服务的志愿者不检查。",
};

pub const RULE: Rule = rule!(META, NoOptions, |_: NoOptions| P03);

struct P03;

impl Check for P03 {
    fn observe(&mut self, r: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        let tibet = r.service_province.get() == Some(Province::Xizang)
            || r.program == Field::Value(ProgramValue::Known(Program::Xizang));
        if !tibet {
            return;
        }
        let message = match r.lung_test {
            Field::Value(Verdict::Pass) | Field::Invalid => return,
            Field::Value(Verdict::Fail) => Msg::P03Failed,
            Field::Blank if r.volunteer_type.get() == Some(VolunteerType::New) => Msg::P03Blank,
            Field::Blank => return,
        };
        out.push(Finding::plain(
            META.id,
            ctx.settings.severity,
            r.row,
            message,
            Column::LungTest,
        ));
    }
}
