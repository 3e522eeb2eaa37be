//! E01: a cell value that does not parse.

use super::finding::{Detail, Finding, Rows, Severity, Unreadable};
use super::meta::{Meta, ScopeKind};
use super::options::NoOptions;
use super::{Check, Ctx, Rule};

pub const META: Meta = Meta {
    id: "E01",
    title_zh: "单元格内容无法识别",
    title_en: "A cell value that does not parse",
    severity: Severity::Error,
    scope: ScopeKind::Row,
    columns: &[],
    any_columns: &[],
    summary: None,
    explanation: "## What it does
Reports every cell xibu could not read: an unknown province or value, an amount or a date in no
accepted spelling, an Excel error such as `#N/A`, an ID number stored as a number, a blank cell in
a required column (姓名, 志愿者类型, 招募省份, 服务省份, 学历). The finding names the sheet row, the
column and the cell, and says what would be accepted.

## Why
A value misread is worse than no check: xibu never guesses, so a cell it cannot read is left out
of every count and must be fixed for the verdicts to be complete.

## Example
报到日期 `7/20/2020` is a finding (day and month order is ambiguous; write 2020-07-20); 学历 `小学`
is a finding (write 专科 / 本科 / 硕士研究生 / 博士研究生).",
    explanation_zh: "## 作用
报告 xibu 无法识别的每个单元格：未知的省份或取值，不是任何可接受写法的金额或日期，`#N/A` 之类的 Excel 错误值，存成了数字的身份证号，必填列（姓名、志愿者类型、招募省份、服务省份、学历）中的空单元格。问题写明工作表中的行号、列和单元格，并说明可以怎样填写。

## 原因
读错一个值比不检查更糟：xibu 从不猜测，因此无法识别的单元格不计入任何统计，必须改正，各项结论才完整。

## 示例
报到日期 `7/20/2020` 是问题（日和月的先后有歧义；请写 2020-07-20）；学历 `小学` 是问题（请写 专科 / 本科 / 硕士研究生 / 博士研究生）。",
};

pub const RULE: Rule = rule!(META, NoOptions, |_: NoOptions| E01);

struct E01;

impl Check for E01 {
    fn finish(&mut self, ctx: &Ctx, out: &mut Vec<Finding>) {
        for e in ctx.cell_errors.take() {
            // The header and the cell are the column's, found again when the message is said.
            out.push(
                Finding::new(
                    META.id,
                    ctx.settings.severity,
                    Rows::One(e.row),
                    Detail::Unreadable(Box::new(Unreadable {
                        value: e.value.into_boxed_str(),
                        problem: e.problem,
                    })),
                )
                .at(e.column),
            );
        }
    }
}
