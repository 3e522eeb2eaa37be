//! Insurance amounts (保额) in 元, as people write them in a roster.
//!
//! An amount is kept as a [`Decimal`] so that `800000.10` stays exactly that: a float would turn
//! sums and comparisons against the policy minimum into rounding questions. Nothing is guessed:
//! text that is not plainly an amount is a problem for the user to fix, not a number to make up.

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::input::CellRef;
use crate::text::squeeze;

/// The unit a column's header declares: `保额(元)` or `保额(万元)`. It applies to bare numbers
/// only; text that names its own unit (`80万`, `800000元`) is taken at that unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AmountUnit {
    #[default]
    Yuan,
    TenThousandYuan,
}

impl AmountUnit {
    fn factor(self) -> Decimal {
        match self {
            AmountUnit::Yuan => Decimal::ONE,
            AmountUnit::TenThousandYuan => TEN_THOUSAND,
        }
    }

    /// What to write instead, for messages. In a 万元 column a bare 800000 would mean 80亿, so the
    /// hint there shows the spellings that are right for that column.
    fn hint(self) -> &'static str {
        match self {
            AmountUnit::Yuan => "write 800000, 800,000, 80万 or 80万元",
            AmountUnit::TenThousandYuan => "write 80 (this column is in 万元), 80万 or 800000元",
        }
    }
}

const TEN_THOUSAND: Decimal = Decimal::from_parts(10_000, 0, 0, false, 0);

/// Reads an amount in 元. `Ok(None)` for a blank cell; `Err` with a message for the user (saying
/// what would be accepted) for anything that is not an amount. The result is normalized
/// (`800000.00` → `800000`).
pub fn parse_amount<'a>(
    cell: impl Into<CellRef<'a>>,
    unit: AmountUnit,
) -> Result<Option<Decimal>, String> {
    let value = match cell.into() {
        CellRef::Empty => return Ok(None),
        CellRef::Text(text) => {
            // Plain digits (`800000`), as exports write nearly every amount: no folding.
            if !text.is_empty() && text.len() <= 18 && text.bytes().all(|b| b.is_ascii_digit()) {
                if let Ok(n) = text.parse::<u64>() {
                    return Ok(Some(scale(Decimal::from(n), unit.factor())?));
                }
            }
            if !spaced_groups_ok(text) {
                return Err(format!(
                    "digits separated by spaces must be in groups of 3 (800 000) or 4 (80 0000); {}",
                    unit.hint()
                ));
            }
            let folded = fold(text);
            if folded.is_empty() {
                return Ok(None);
            }
            parse_text(&folded, unit)?
        }
        CellRef::Int(i) => {
            if i < 0 {
                return Err(NEGATIVE.to_string());
            }
            scale(Decimal::from(i), unit.factor())?
        }
        CellRef::Float(f) => scale(from_float(f)?, unit.factor())?,
        CellRef::Bool(b) => {
            let shown = if b { "TRUE" } else { "FALSE" };
            return Err(format!(
                "not an amount (the cell holds {shown}); {}",
                unit.hint()
            ));
        }
        CellRef::DateTime(_) => {
            return Err(format!(
                "the cell holds a date, not an amount; {}",
                unit.hint()
            ));
        }
        CellRef::Error(e) => return Err(format!("the cell holds the error {e}")),
    };
    Ok(Some(value.normalize()))
}

const NEGATIVE: &str = "an amount cannot be negative";
const TOO_LARGE: &str = "the amount is too large";

/// Whether the digits that spaces separate are grouped as people group them: in threes
/// (`800 000`) or in fours, the Chinese 万 grouping (`80 0000`), the first group no longer than
/// the rest. `1 800000` and `50 80` are not amounts anyone meant, so they are not read.
fn spaced_groups_ok(text: &str) -> bool {
    let digit = |c: char| c.is_ascii_digit() || ('\u{ff10}'..='\u{ff19}').contains(&c);
    let fits = |groups: &[usize]| -> bool {
        let Some((lead, rest)) = groups.split_first() else {
            return true;
        };
        rest.is_empty()
            || [3, 4]
                .iter()
                .any(|g| (1..=*g).contains(lead) && rest.iter().all(|n| n == g))
    };
    // The digit groups of the current run: digits separated by nothing but spaces.
    let mut groups: Vec<usize> = Vec::new();
    let mut spaced = false;
    for c in text.chars() {
        if digit(c) {
            match groups.last_mut() {
                Some(n) if !spaced => *n += 1,
                _ => groups.push(1),
            }
            spaced = false;
        } else if c.is_whitespace() {
            spaced = !groups.is_empty();
        } else {
            if !fits(&groups) {
                return false;
            }
            groups.clear();
            spaced = false;
        }
    }
    fits(&groups)
}

/// Spaces and full-width forms go (`８００，０００` → `800,000`, `80 万元` → `80万元`); the
/// full-width yen sign and the Unicode minus, which `squeeze` leaves alone, are folded too.
fn fold(text: &str) -> String {
    squeeze(text)
        .chars()
        .map(|c| match c {
            '\u{ffe5}' => '¥',
            '\u{2212}' => '-',
            _ => c,
        })
        .collect()
}

/// `text` is already folded and not empty.
fn parse_text(text: &str, unit: AmountUnit) -> Result<Decimal, String> {
    let not_amount = || format!("not an amount; {}", unit.hint());

    // A sign and a currency sign may come in either order: `-¥800` and `¥-800` both occur.
    let mut rest = text;
    let mut negative = false;
    let mut currency = false;
    loop {
        let mut chars = rest.chars();
        match chars.next() {
            Some('-') if !negative => negative = true,
            Some('¥') if !currency => currency = true,
            _ => break,
        }
        rest = chars.as_str();
    }

    // A unit written in the cell overrides the column's: `800000元` in a 万元 column is 80万.
    let (body, factor) = if let Some(body) = rest.strip_suffix("万元") {
        (body, TEN_THOUSAND)
    } else if let Some(body) = rest.strip_suffix('万') {
        (body, TEN_THOUSAND)
    } else if let Some(body) = rest.strip_suffix('元') {
        (body, Decimal::ONE)
    } else {
        (rest, unit.factor())
    };

    let digits = number_digits(body).map_err(|problem| match problem {
        Problem::NotANumber => not_amount(),
        Problem::Grouping => format!(
            "misplaced thousands separator (groups of three digits: 800,000); {}",
            unit.hint()
        ),
        Problem::Scientific => format!(
            "a number in scientific notation may have lost digits when the sheet was exported; \
             format the column as a number, or {}",
            unit.hint()
        ),
    })?;
    // `from_str_exact` refuses rather than rounds: an amount with 30 decimals is a typo to
    // report, not a value to round silently.
    let number = Decimal::from_str_exact(&digits).map_err(|e| match e {
        rust_decimal::Error::Underflow => format!("too many decimal places; {}", unit.hint()),
        _ => TOO_LARGE.to_string(),
    })?;
    let value = scale(number, factor)?;
    if negative && !value.is_zero() {
        return Err(NEGATIVE.to_string());
    }
    Ok(value)
}

enum Problem {
    NotANumber,
    Grouping,
    Scientific,
}

/// Checks `body` is `digits[.digits]`, the integer part either plain or grouped in threes with
/// commas, and returns it without the commas. Only ASCII is left here after folding.
fn number_digits(body: &str) -> Result<String, Problem> {
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (int_part, frac_part) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if frac_part.is_some_and(|frac| !all_digits(frac)) {
        return Err(if looks_scientific(body) {
            Problem::Scientific
        } else {
            Problem::NotANumber
        });
    }
    let int_digits = if int_part.contains(',') {
        let mut groups = int_part.split(',');
        let lead_ok = groups.next().is_some_and(|g| all_digits(g) && g.len() <= 3);
        let rest_ok = groups.all(|g| all_digits(g) && g.len() == 3);
        if !(lead_ok && rest_ok) {
            // `80,0000` is a grouping mistake; `80,abc` is not a number at all.
            let only_digits_and_commas = int_part.bytes().all(|b| b.is_ascii_digit() || b == b',');
            return Err(if only_digits_and_commas {
                Problem::Grouping
            } else {
                Problem::NotANumber
            });
        }
        int_part.replace(',', "")
    } else if all_digits(int_part) {
        int_part.to_string()
    } else {
        return Err(if looks_scientific(body) {
            Problem::Scientific
        } else {
            Problem::NotANumber
        });
    };
    Ok(match frac_part {
        Some(frac) => format!("{int_digits}.{frac}"),
        None => int_digits,
    })
}

/// `8e+05`, `1.23457e+11` (already lower-cased): how Excel shows a long number in a narrow
/// General column, and how such a CSV export then stores it, digits lost.
fn looks_scientific(body: &str) -> bool {
    let Some((mantissa, exponent)) = body.split_once('e') else {
        return false;
    };
    let exponent = exponent
        .strip_prefix('+')
        .or_else(|| exponent.strip_prefix('-'))
        .unwrap_or(exponent);
    let mantissa_ok = !mantissa.is_empty()
        && mantissa.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && mantissa.bytes().filter(|&b| b == b'.').count() <= 1
        && mantissa.bytes().any(|b| b.is_ascii_digit());
    mantissa_ok && !exponent.is_empty() && exponent.bytes().all(|b| b.is_ascii_digit())
}

/// A float cell as a person reads it: Rust prints the shortest decimal that round-trips, so
/// `800000.1` becomes `800000.1` and not the binary value `800000.09999999997671…` that
/// `Decimal::from_f64_retain` would keep. The printed form never uses an exponent.
fn from_float(f: f64) -> Result<Decimal, String> {
    if !f.is_finite() {
        return Err("not an amount: the cell holds no finite number".to_string());
    }
    if f < 0.0 {
        return Err(NEGATIVE.to_string());
    }
    if f == 0.0 {
        // Also catches -0.0, which would otherwise print with a sign.
        return Ok(Decimal::ZERO);
    }
    // `from_str` (not `_exact`) rounds past 28 decimals: a float that small is zero for money.
    Decimal::from_str(&f.to_string()).map_err(|_| TOO_LARGE.to_string())
}

fn scale(value: Decimal, factor: Decimal) -> Result<Decimal, String> {
    value
        .checked_mul(factor)
        .ok_or_else(|| TOO_LARGE.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Cell;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    fn yuan(s: &str) -> Result<Option<Decimal>, String> {
        parse_amount(&text(s), AmountUnit::Yuan)
    }

    fn wan(s: &str) -> Result<Option<Decimal>, String> {
        parse_amount(&text(s), AmountUnit::TenThousandYuan)
    }

    #[test]
    fn blank_cells_are_none() {
        for unit in [AmountUnit::Yuan, AmountUnit::TenThousandYuan] {
            assert_eq!(parse_amount(&Cell::Empty, unit), Ok(None));
            for s in ["", " ", "\u{3000}", " \t\n", "\u{feff}"] {
                assert_eq!(parse_amount(&text(s), unit), Ok(None), "{s:?}");
            }
        }
    }

    #[test]
    fn accepted_spellings_in_a_yuan_column() {
        let cases = [
            ("800000", "800000"),
            ("800,000", "800000"),
            ("1,234,567", "1234567"),
            ("800000.00", "800000"),
            ("800,000.50", "800000.5"),
            ("80万", "800000"),
            ("80万元", "800000"),
            ("80.5万", "805000"),
            ("0.5万", "5000"),
            ("800000元", "800000"),
            ("¥800,000.00", "800000"),
            ("￥80万", "800000"),
            ("¥ 800000 元", "800000"),
            ("８０万", "800000"),
            ("８００，０００", "800000"),
            ("８００，０００．００元", "800000"),
            ("80 万元", "800000"),
            (" 800000 ", "800000"),
            ("0", "0"),
            ("0800000", "800000"),
            ("-0", "0"),
            ("800000.123", "800000.123"),
        ];
        for (input, want) in cases {
            assert_eq!(yuan(input), Ok(Some(dec(want))), "{input:?}");
        }
    }

    /// Inner spaces group digits in threes or fours, or the text is no amount: `1 800000` is not
    /// 1800000 and `50 80` is not 5080 (issue 11).
    #[test]
    fn inner_spaces_only_in_groups_of_three_or_four() {
        for (input, want) in [
            ("800 000", "800000"),
            ("80 0000", "800000"),
            ("1 800 000", "1800000"),
            ("180 0000", "1800000"),
            ("800 0000", "8000000"),
            ("800 000.50", "800000.5"),
            ("80 0000 元", "800000"),
            ("\u{3000}800\u{3000}000", "800000"),
            ("８００\u{3000}０００", "800000"),
        ] {
            assert_eq!(yuan(input), Ok(Some(dec(want))), "{input:?}");
        }
        for input in ["1 800000", "50 80", "8 00 000", "80 000 0", "8000 000"] {
            let err = yuan(input).unwrap_err();
            assert!(err.contains("groups of 3"), "{input:?}: {err}");
        }
    }

    #[test]
    fn column_unit_applies_to_bare_numbers_only() {
        assert_eq!(wan("80"), Ok(Some(dec("800000"))));
        assert_eq!(wan("80.5"), Ok(Some(dec("805000"))));
        assert_eq!(wan("80万"), Ok(Some(dec("800000"))));
        assert_eq!(wan("80万元"), Ok(Some(dec("800000"))));
        assert_eq!(wan("800000元"), Ok(Some(dec("800000"))));
        assert_eq!(wan("¥800000元"), Ok(Some(dec("800000"))));
        assert_eq!(
            parse_amount(&Cell::Int(80), AmountUnit::TenThousandYuan),
            Ok(Some(dec("800000")))
        );
        assert_eq!(
            parse_amount(&Cell::Float(80.5), AmountUnit::TenThousandYuan),
            Ok(Some(dec("805000")))
        );
    }

    #[test]
    fn number_cells() {
        let y = AmountUnit::Yuan;
        assert_eq!(parse_amount(&Cell::Int(800000), y), Ok(Some(dec("800000"))));
        assert_eq!(parse_amount(&Cell::Int(0), y), Ok(Some(Decimal::ZERO)));
        assert_eq!(
            parse_amount(&Cell::Float(800000.0), y),
            Ok(Some(dec("800000")))
        );
        let got = parse_amount(&Cell::Float(800000.0), y).unwrap().unwrap();
        assert_eq!(got.to_string(), "800000");
        assert_eq!(
            parse_amount(&Cell::Float(800000.1), y),
            Ok(Some(dec("800000.1")))
        );
        assert_eq!(parse_amount(&Cell::Float(0.1), y), Ok(Some(dec("0.1"))));
        assert_eq!(parse_amount(&Cell::Float(-0.0), y), Ok(Some(Decimal::ZERO)));
        assert_eq!(
            parse_amount(&Cell::Float(1e-300), y),
            Ok(Some(Decimal::ZERO))
        );
        assert_eq!(
            parse_amount(&Cell::Float(1e20), y),
            Ok(Some(dec("100000000000000000000")))
        );
    }

    #[test]
    fn results_are_normalized() {
        let got = yuan("800000.00").unwrap().unwrap();
        assert_eq!(got.to_string(), "800000");
        let got = yuan("80.50万").unwrap().unwrap();
        assert_eq!(got.to_string(), "805000");
        let got = yuan("1.10").unwrap().unwrap();
        assert_eq!(got.to_string(), "1.1");
    }

    #[test]
    fn rejections() {
        for s in [
            "abc",
            "八十万",
            "80万万",
            "元",
            "万元",
            "¥",
            "RMB 800000",
            "800.",
            ".5",
            "800.0.0",
            "800 000.5.",
            "+800",
            "80%",
            "800_000",
            "0x10",
            "1/2",
            "800,000.5,0",
            "¥¥800",
            "80万元元",
            "--800",
        ] {
            let err = yuan(s).unwrap_err();
            assert!(
                err.starts_with("not an amount; write 800000"),
                "{s:?}: {err}"
            );
        }
        assert!(wan("abc").unwrap_err().contains("万元"));
    }

    #[test]
    fn misplaced_thousands_separators() {
        for s in [
            "80,0000",
            "8000,00",
            "1,2345,678",
            "1234,567",
            "800,00.00",
            "８０，００００",
            "800,000,",
            ",800",
        ] {
            let err = yuan(s).unwrap_err();
            assert!(err.contains("thousands separator"), "{s:?}: {err}");
        }
    }

    #[test]
    fn negative_amounts() {
        for s in [
            "-800000",
            "-80万",
            "¥-800",
            "-¥800",
            "－８００",
            "\u{2212}800",
            "- 800",
        ] {
            assert_eq!(yuan(s), Err(NEGATIVE.to_string()), "{s:?}");
        }
        let y = AmountUnit::Yuan;
        assert_eq!(parse_amount(&Cell::Int(-1), y), Err(NEGATIVE.to_string()));
        assert_eq!(
            parse_amount(&Cell::Float(-0.5), y),
            Err(NEGATIVE.to_string())
        );
    }

    #[test]
    fn scientific_notation_is_explained() {
        for s in ["8E+05", "1.23457E+11", "8e5"] {
            let err = yuan(s).unwrap_err();
            assert!(err.contains("scientific notation"), "{s:?}: {err}");
        }
    }

    #[test]
    fn other_cells_are_rejected() {
        let y = AmountUnit::Yuan;
        let err = parse_amount(&Cell::Bool(true), y).unwrap_err();
        assert!(err.contains("TRUE") && err.contains("80万"), "{err}");
        let date = NaiveDate::from_ymd_opt(2020, 7, 20)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let err = parse_amount(&Cell::DateTime(date), y).unwrap_err();
        assert!(err.contains("date"), "{err}");
        assert_eq!(
            parse_amount(&Cell::Error("#N/A".to_string()), y),
            Err("the cell holds the error #N/A".to_string())
        );
        for f in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(parse_amount(&Cell::Float(f), y).is_err(), "{f}");
        }
    }

    #[test]
    fn overflow_is_an_error() {
        assert_eq!(
            yuan("99999999999999999999999999999999"),
            Err(TOO_LARGE.to_string())
        );
        assert_eq!(
            yuan("70000000000000000000000000000"),
            Ok(Some(dec("70000000000000000000000000000")))
        );
        // Fits as a number, overflows once multiplied into 元.
        assert_eq!(
            yuan("70000000000000000000000000000万"),
            Err(TOO_LARGE.to_string())
        );
        assert_eq!(
            wan("70000000000000000000000000000"),
            Err(TOO_LARGE.to_string())
        );
        assert_eq!(
            parse_amount(&Cell::Float(1e29), AmountUnit::Yuan),
            Err(TOO_LARGE.to_string())
        );
        assert_eq!(
            parse_amount(&Cell::Float(f64::MAX), AmountUnit::TenThousandYuan),
            Err(TOO_LARGE.to_string())
        );
        assert_eq!(
            parse_amount(&Cell::Int(i64::MAX), AmountUnit::TenThousandYuan),
            Ok(Some(Decimal::from(i64::MAX) * TEN_THOUSAND))
        );
        let err = yuan("0.00000000000000000000000000000001").unwrap_err();
        assert!(err.contains("decimal places"), "{err}");
    }

    /// `８００，０００` for `800,000`; a space becomes the ideographic space.
    fn full_width(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                '!'..='~' => char::from_u32(c as u32 + 0xfee0).unwrap(),
                ' ' => '\u{3000}',
                '¥' => '\u{ffe5}',
                _ => c,
            })
            .collect()
    }

    /// `1234567.89` → `1,234,567.89`.
    fn grouped(plain: &str) -> String {
        let (int, frac) = match plain.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (plain, None),
        };
        let mut out = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        if let Some(f) = frac {
            out.push('.');
            out.push_str(f);
        }
        out
    }

    /// Amounts in 元: whole (0..10^10) or with two decimals, as (value, cents kept in the text).
    fn amounts() -> impl Strategy<Value = Decimal> {
        prop_oneof![
            (0i64..10_000_000_000).prop_map(Decimal::from),
            (0i64..1_000_000_000_000).prop_map(|cents| Decimal::new(cents, 2)),
        ]
    }

    proptest! {
        #[test]
        fn every_spelling_of_an_amount_parses_to_it(value in amounts()) {
            let want = Some(value.normalize());
            let plain = value.to_string();
            let wan_text = (value / TEN_THOUSAND).normalize().to_string();
            let mut yuan_texts = vec![
                plain.clone(),
                grouped(&plain),
                format!("{plain}元"),
                format!("{}元", grouped(&plain)),
                format!("¥{plain}"),
                format!("¥{}", grouped(&plain)),
                format!("￥{plain}"),
                format!("¥ {} 元", grouped(&plain)),
                format!(" {plain} "),
                format!("{wan_text}万"),
                format!("{wan_text}万元"),
                format!("{wan_text} 万 元"),
                format!("￥{wan_text}万"),
            ];
            if value.scale() == 0 {
                yuan_texts.push(format!("{plain}.00"));
                yuan_texts.push(format!("{}.00", grouped(&plain)));
            }
            let wide: Vec<String> = yuan_texts.iter().map(|s| full_width(s)).collect();
            yuan_texts.extend(wide);
            for s in &yuan_texts {
                prop_assert_eq!(&yuan(s), &Ok(want), "{:?}", s);
            }

            // In a 万元 column: bare numbers are 万元, text with a unit keeps its own.
            let wan_texts = [
                wan_text.clone(),
                grouped(&wan_text),
                full_width(&wan_text),
                format!("{wan_text}万"),
                format!("{plain}元"),
                format!("¥{}元", grouped(&plain)),
            ];
            for s in &wan_texts {
                prop_assert_eq!(&wan(s), &Ok(want), "{:?}", s);
            }

            // Number cells. At most 12 significant digits here, so the f64 prints back exactly.
            let y = AmountUnit::Yuan;
            let w = AmountUnit::TenThousandYuan;
            let f: f64 = plain.parse().unwrap();
            prop_assert_eq!(parse_amount(&Cell::Float(f), y), Ok(want));
            let f: f64 = wan_text.parse().unwrap();
            prop_assert_eq!(parse_amount(&Cell::Float(f), w), Ok(want));
            if value.fract().is_zero() {
                let i = i64::try_from(value.mantissa() / 10i128.pow(value.scale())).unwrap();
                prop_assert_eq!(parse_amount(&Cell::Int(i), y), Ok(want));
                if i % 10_000 == 0 {
                    prop_assert_eq!(parse_amount(&Cell::Int(i / 10_000), w), Ok(want));
                }
            }
        }

        #[test]
        fn no_text_panics(s in "\\PC*", t in any::<String>()) {
            for unit in [AmountUnit::Yuan, AmountUnit::TenThousandYuan] {
                let _ = parse_amount(&Cell::Text(s.clone()), unit);
                let _ = parse_amount(&Cell::Text(t.clone()), unit);
            }
        }

        #[test]
        fn no_near_miss_text_panics(s in "[-0-9,.eE+¥￥元万 ０-９，．]{0,40}") {
            for unit in [AmountUnit::Yuan, AmountUnit::TenThousandYuan] {
                let _ = parse_amount(&Cell::Text(s.clone()), unit);
            }
        }

        #[test]
        fn no_number_cell_panics(f in any::<f64>(), i in any::<i64>()) {
            for unit in [AmountUnit::Yuan, AmountUnit::TenThousandYuan] {
                let _ = parse_amount(&Cell::Float(f), unit);
                let _ = parse_amount(&Cell::Int(i), unit);
            }
        }
    }
}
