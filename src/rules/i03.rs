//! I03: Hospital insurance, where bought, of at least {min_amount}.

use super::Rule;
use super::finding::Severity;
use super::insurance::MinCover;
use super::meta::{Meta, ScopeKind};
use super::options::Amount;
use crate::messages::Msg;
use crate::roster::schema::Column;

declare_options! {
    pub struct Options {
        /// the smallest 住院医疗 cover where it is bought, in 元
        #[zh = "已购买住院医疗保险时的最低保额，单位为元"]
        min_amount: Amount = Amount::yuan(300_000),
    }
}

pub const META: Meta = Meta {
    id: "I03",
    title_zh: "住院医疗保额不低于 {min_amount}（如购买）",
    title_en: "Hospital insurance, where bought, of at least 300,000 yuan",
    severity: Severity::Warning,
    scope: ScopeKind::Row,
    columns: &[Column::HospitalCover],
    any_columns: &[],
    summary: None,
    explanation: "## What it does
Checks each row's 住院医疗保额 against the minimum, compared exactly in 元 (`80万` is 800000). A blank cell means the cover was not bought and is not a finding: the notice asks for a number of such covers, not one per volunteer.

## Why
The notice asks for supplementary medical insurance that in principle includes hospital cover of at least 30万元 and accident medical cover of at least 20万元; it is a warning because the notice says 原则上.

## Example
Where bought, a cover below 300000 元 is a finding; a blank cell is not.",
    explanation_zh: "## 作用
逐行检查住院医疗保额是否达到下限，以元为单位精确比较（`80万` 即 800000）。空单元格表示没有购买这一险种，不算问题：通知要求的是购买一定数量的此类保险，而不是每名志愿者一份。

## 原因
通知要求购买一定数量的补充医疗险，“原则上包含单项保额不低于30万元的住院医疗保险、单项保额不低于20万元的意外伤害医疗保险”；因为通知说的是“原则上”，本规则只给出警告。

## 示例
已购买的，保额低于 300000 元是问题；空单元格不是。",
};

pub const RULE: Rule = rule!(META, Options, |o: Options| MinCover {
    rule: META.id,
    min: o.min_amount.0,
    column: Column::HospitalCover,
    field: |r| &r.hospital_cover,
    required: false,
    name: Msg::CoverHospital,
});
