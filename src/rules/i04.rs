//! I04: Accident medical insurance, where bought, of at least {min_amount}.

use super::Rule;
use super::finding::Severity;
use super::insurance::MinCover;
use super::meta::{Meta, ScopeKind};
use super::options::Amount;
use crate::messages::Msg;
use crate::roster::schema::Column;

declare_options! {
    pub struct Options {
        /// the smallest 意外医疗 cover where it is bought, in 元
        min_amount: Amount = Amount::yuan(200_000),
    }
}

pub const META: Meta = Meta {
    id: "I04",
    title_zh: "意外医疗保额不低于 {min_amount}（如购买）",
    title_en: "Accident medical insurance, where bought, of at least 200,000 yuan",
    severity: Severity::Warning,
    scope: ScopeKind::Row,
    columns: &[Column::AccidentMedicalCover],
    any_columns: &[],
    summary: None,
    explanation: "## What it does
Checks each row's 意外医疗保额 against the minimum, compared exactly in 元 (`80万` is 800000). A blank cell means the cover was not bought and is not a finding: the notice asks for a number of such covers, not one per volunteer.

## Why
The notice asks for supplementary medical insurance that in principle includes hospital cover of at least 30万元 and accident medical cover of at least 20万元; it is a warning because the notice says 原则上.

## Example
Where bought, a cover below 200000 元 is a finding; a blank cell is not.",
};

pub const RULE: Rule = rule!(META, Options, |o: Options| MinCover {
    rule: META.id,
    min: o.min_amount.0,
    column: Column::AccidentMedicalCover,
    field: |r| &r.accident_medical_cover,
    required: false,
    name: Msg::CoverAccidentMedical,
});
