//! The machinery of the cover rules (I01–I04): a row-level minimum on one amount column.

use rust_decimal::Decimal;

use super::finding::{Detail, Finding, Rows, fen};
use super::{Check, Ctx};
use crate::messages::{Msg, Text};
use crate::roster::schema::Column;
use crate::roster::{Field, Record};

/// One cover's minimum.
pub struct MinCover {
    pub rule: &'static str,
    pub column: Column,
    pub field: fn(&Record) -> &Field<Decimal>,
    /// Whether a blank cell is a finding (the cover must be bought) or means "not bought".
    pub required: bool,
    /// The minimum in effect, in 元.
    pub min: Decimal,
    /// The cover's name: 人身意外伤害保险 / accident.
    pub name: Msg,
}

/// `a < b`, exactly. Amounts of one scale (a roster's covers and the minimum are nearly always
/// whole 元) compare as their integers: `Decimal`'s own comparison, which aligns the scales
/// first, was two thirds of the rule's time.
fn below(a: Decimal, b: Decimal) -> bool {
    if a.scale() == b.scale() {
        a.mantissa() < b.mantissa()
    } else {
        a < b
    }
}

fn yuan(amount: Decimal) -> String {
    amount.normalize().to_string()
}

impl Check for MinCover {
    fn observe(&mut self, r: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        let min = self.min;
        let cover = self.name;
        let row = |detail| Finding::new(self.rule, ctx.settings.severity, Rows::One(r.row), detail);
        let finding = match (self.field)(r) {
            Field::Value(amount) if below(*amount, min) => match (fen(*amount), fen(min)) {
                (Some(amount), Some(min)) => row(Detail::CoverBelow { cover, amount, min }),
                // An amount finer than a fen keeps its text.
                _ => row(Detail::other(
                    Text::new(Msg::CoverBelow)
                        .arg("cover", cover)
                        .arg("amount", yuan(*amount))
                        .arg("min", yuan(min)),
                ))
                .against(yuan(*amount), format!("≥ {}", yuan(min)))
                .with_value(yuan(*amount)),
            },
            Field::Blank if self.required => match fen(min) {
                Some(min) => row(Detail::CoverBlank { cover, min }),
                None => row(Detail::other(
                    Text::new(Msg::CoverBlank)
                        .arg("cover", cover)
                        .arg("min", yuan(min)),
                ))
                .against("", format!("≥ {}", yuan(min))),
            },
            _ => return,
        };
        out.push(finding.at(self.column));
    }
}

#[cfg(test)]
mod tests {
    use super::below;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    proptest! {
        #[test]
        fn below_is_decimal_order_at_any_scales(
            a in any::<i64>(), sa in 0u32..8, b in any::<i64>(), sb in 0u32..8, same in any::<bool>(),
        ) {
            let sb = if same { sa } else { sb };
            let (a, b) = (Decimal::new(a, sa), Decimal::new(b, sb));
            prop_assert_eq!(below(a, b), a < b, "{} {}", a, b);
            prop_assert_eq!(below(b, a), b < a, "{} {}", b, a);
            prop_assert!(!below(a, a));
        }
    }
}
