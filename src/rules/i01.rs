//! I01: Accident insurance of at least {min_amount}.

use super::Rule;
use super::finding::Severity;
use super::insurance::MinCover;
use super::meta::{Meta, ScopeKind};
use super::options::Amount;
use crate::messages::Msg;
use crate::roster::schema::Column;

declare_options! {
    pub struct Options {
        /// the smallest 意外伤害 cover per volunteer, in 元
        #[zh = "每名志愿者意外伤害保险的最低保额，单位为元"]
        min_amount: Amount = Amount::yuan(800_000),
    }
}

pub const META: Meta = Meta {
    id: "I01",
    title_zh: "意外伤害保额不低于 {min_amount}",
    title_en: "Accident insurance of at least 800,000 yuan",
    severity: Severity::Error,
    scope: ScopeKind::Row,
    columns: &[Column::AccidentCover],
    any_columns: &[],
    summary: None,
    explanation: "## What it does
Checks each row's 意外伤害保额 against the minimum, compared exactly in 元 (`80万` is 800000). A blank cell is a finding: the cover must be bought for every volunteer (含研究生支教团志愿者).

## Why
The notice requires every volunteer, the graduate teaching corps included, to be covered by commercial accident and critical-illness insurance of at least 80万元 each.

## Example
A cell of `60万` is a finding (600000 < 800000); `80万`, `800,000` and `¥800,000.00` pass. A blank cell is a finding.",
    explanation_zh: "## 作用
逐行检查意外伤害保额是否达到下限，以元为单位精确比较（`80万` 即 800000）。空单元格是问题：每名志愿者（含研究生支教团志愿者）都必须购买。

## 原因
通知要求为每名志愿者（含研究生支教团志愿者）购买人身意外伤害、重大疾病等商业保险，单项保额都不低于 80万元。

## 示例
单元格为 `60万` 是问题（600000 < 800000）；`80万`、`800,000` 和 `¥800,000.00` 都通过。空单元格是问题。",
};

pub const RULE: Rule = rule!(META, Options, |o: Options| MinCover {
    rule: META.id,
    min: o.min_amount.0,
    column: Column::AccidentCover,
    field: |r| &r.accident_cover,
    required: true,
    name: Msg::CoverAccident,
});
