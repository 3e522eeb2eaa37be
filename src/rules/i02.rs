//! I02: Critical-illness insurance of at least {min_amount}.

use super::Rule;
use super::finding::Severity;
use super::insurance::MinCover;
use super::meta::{Meta, ScopeKind};
use super::options::Amount;
use crate::messages::Msg;
use crate::roster::schema::Column;

declare_options! {
    pub struct Options {
        /// the smallest 重大疾病 cover per volunteer, in 元
        min_amount: Amount = Amount::yuan(800_000),
    }
}

pub const META: Meta = Meta {
    id: "I02",
    title_zh: "重大疾病保额不低于 {min_amount}",
    title_en: "Critical-illness insurance of at least 800,000 yuan",
    severity: Severity::Error,
    scope: ScopeKind::Row,
    columns: &[Column::CriticalIllnessCover],
    any_columns: &[],
    summary: None,
    explanation: "## What it does
Checks each row's 重大疾病保额 against the minimum, compared exactly in 元 (`80万` is 800000). A blank cell is a finding: the cover must be bought for every volunteer (含研究生支教团志愿者).

## Why
The notice requires every volunteer, the graduate teaching corps included, to be covered by commercial accident and critical-illness insurance of at least 80万元 each.

## Example
A cell of `60万` is a finding (600000 < 800000); `80万`, `800,000` and `¥800,000.00` pass. A blank cell is a finding.",
};

pub const RULE: Rule = rule!(META, Options, |o: Options| MinCover {
    rule: META.id,
    min: o.min_amount.0,
    column: Column::CriticalIllnessCover,
    field: |r| &r.critical_illness_cover,
    required: true,
    name: Msg::CoverCriticalIllness,
});
