//! P04: 专项 is one of the seven; 服务新疆 only in 新疆/兵团, 服务西藏 only in 西藏.

use super::finding::{Finding, Severity};
use super::meta::{Meta, ScopeKind};
use super::options::{ProvinceSet, Provinces};
use super::{Check, Ctx, Rule};
use crate::messages::{Arg, Msg, Text};
use crate::province::Province;
use crate::roster::schema::Column;
use crate::roster::values::{Enumerated, Program, ProgramValue};
use crate::roster::{Field, Record};

declare_options! {
    pub struct Options {
        /// the service provinces the rule runs in (the Inner Mongolia plan's rule; default every province)
        #[zh = "适用本规则的服务省份（本规则出自内蒙古的实施方案；默认全部省份）"]
        provinces: Provinces = Provinces::every(),
    }
}

pub const META: Meta = Meta {
    id: "P04",
    title_zh: "专项有效且与服务省份相符",
    title_en: "专项 is one of the seven and fits the service province",
    severity: Severity::Error,
    scope: ScopeKind::Row,
    columns: &[Column::Program],
    any_columns: &[],
    summary: None,
    explanation: "## What it does
Checks that each row's 专项 is one of 基础教育, 服务三农, 医疗卫生, 基层青年工作, 基层社会管理, 服务新疆,
服务西藏 (blank is a finding), that 服务新疆 is used only for service in 新疆 or 兵团, and 服务西藏 only
for service in 西藏.

## Why
Every post belongs to one 专项; the 服务新疆 and 服务西藏 专项 are defined by where the volunteer
serves (the plan's 附件 describes them as work in 新疆 and 兵团, and in 西藏).

The seven 专项 are the Inner Mongolia plan's; `provinces` lists the service provinces the rule
runs in (every province by default).

## Example
专项 `乡村振兴` is a finding (not one of the seven); 服务西藏 for a volunteer serving in 青海 is a
finding.",
    explanation_zh: "## 作用
检查每一行的专项是否为基础教育、服务三农、医疗卫生、基层青年工作、基层社会管理、服务新疆、服务西藏之一（为空是问题），服务新疆是否只用于在新疆或兵团服务，服务西藏是否只用于在西藏服务。

## 原因
每个岗位都属于一个专项；服务新疆和服务西藏两个专项由志愿者的服务地决定（实施方案的附件中，服务新疆专项“围绕新疆和兵团经济社会发展需要”，服务西藏专项“围绕西藏经济社会发展需要”）。

七个专项出自内蒙古的实施方案；`provinces` 列出适用本规则的服务省份（默认全部省份）。

## 示例
专项 `乡村振兴` 是问题（不在七个专项之中）；在青海服务的志愿者专项为服务西藏是问题。",
};

pub const RULE: Rule = rule!(META, Options, |o: Options| P04 {
    provinces: o.provinces.set()
});

struct P04 {
    provinces: ProvinceSet,
}

impl Check for P04 {
    fn observe(&mut self, r: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        if !self.provinces.covers(r) {
            return;
        }
        let seven = || {
            Program::ALL
                .iter()
                .map(|p| p.name())
                .collect::<Vec<_>>()
                .join("、")
        };
        let (message, value) = match &r.program {
            Field::Blank => (
                Text::new(Msg::P04Blank).arg("seven", seven()),
                String::new(),
            ),
            Field::Invalid => return,
            Field::Value(ProgramValue::Other(text)) => {
                let text = crate::input::short(text, crate::input::ECHO_CHARS);
                (
                    Text::new(Msg::P04Unknown)
                        .arg("text", Arg::Quoted(text.clone()))
                        .arg("seven", seven()),
                    text,
                )
            }
            Field::Value(ProgramValue::Known(program)) => {
                let Some(service) = r.service_province.get() else {
                    return;
                };
                let fits = match program {
                    Program::Xinjiang => matches!(service, Province::Xinjiang | Province::Bingtuan),
                    Program::Xizang => service == Province::Xizang,
                    _ => true,
                };
                if fits {
                    return;
                }
                let place = if *program == Program::Xinjiang {
                    Msg::PlaceXinjiang
                } else {
                    Msg::PlaceXizang
                };
                (
                    Text::new(Msg::P04WrongPlace)
                        .arg("program", program.name())
                        .arg("province", service)
                        .arg("place", place),
                    program.name().to_string(),
                )
            }
        };
        out.push(
            Finding::row(META.id, ctx.settings.severity, r.row, message)
                .at(Column::Program)
                .with_value(value),
        );
    }
}
