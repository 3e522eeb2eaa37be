//! 公民身份号码 (GB 11643-1999): structure, checksum, and masking for output.

/// Weights of the 17 body digits in the ISO 7064 MOD 11-2 checksum.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check character for each remainder 0..=10.
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character for 17 body digits, or `None` if they are not 17 ASCII digits.
pub fn check_char(body: &str) -> Option<char> {
    if body.len() != 17 || !body.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(check_of(body.bytes().map(|b| u32::from(b - b'0'))))
}

/// The check character of 17 body digits (as numbers 0–9).
fn check_of(digits: impl Iterator<Item = u32>) -> char {
    let sum: u32 = digits.zip(WEIGHTS).map(|(d, w)| d * w).sum();
    CHECK.get((sum % 11) as usize).copied().unwrap_or('?')
}

/// What is wrong with an ID number, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdProblem {
    /// Not 17 digits followed by a digit or X.
    Malformed,
    /// The first two digits are no province's code.
    Region,
    /// Digits 7–14 are not a date of birth.
    BirthDate,
    /// The 18th character does not match the checksum.
    Checksum { expected: char },
}

impl std::fmt::Display for IdProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IdProblem::Malformed => {
                f.write_str("not 18 characters of 17 digits and a final digit or X")
            }
            IdProblem::Region => f.write_str("the first two digits are no province's code"),
            IdProblem::BirthDate => f.write_str("digits 7–14 are not a date of birth"),
            IdProblem::Checksum { expected } => {
                write!(f, "the check character (18th) should be {expected}")
            }
        }
    }
}

/// Province codes of GB/T 2260 (11 北京 … 65 新疆; 71 台湾, 81 香港, 82 澳门 also issue numbers).
fn region_ok(code: u32) -> bool {
    matches!(code, 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81 | 82)
}

/// A valid number as read by [`read`]: what the rules need of it, so that it is read once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Valid {
    /// The 17 body digits as one number.
    pub body: u64,
    /// The check character's value: its digit, or 10 for `X`.
    pub check: u8,
    /// The date of birth, as `year * 10000 + month * 100 + day` (ordered as the dates are).
    pub birth: u32,
}

/// Checks an ID number: 18 characters, a province code, a real date of birth, the checksum.
/// A lower-case `x` is accepted as `X`.
pub fn validate(id: &str) -> Result<(), IdProblem> {
    read(id).map(|_| ())
}

/// [`validate`], keeping what it read. One pass over the bytes: called for every row of a
/// roster, where parsing the parts as strings and the date with chrono was most of rule P01.
pub fn read(id: &str) -> Result<Valid, IdProblem> {
    let id = crate::text::trim(id);
    let Some((body, &[last])) = id.as_bytes().split_first_chunk::<17>() else {
        return Err(IdProblem::Malformed);
    };
    let check = match last {
        b'0'..=b'9' => last - b'0',
        b'X' | b'x' => 10,
        _ => return Err(IdProblem::Malformed),
    };
    let mut digits = [0u32; 17];
    for (digit, &b) in digits.iter_mut().zip(body) {
        if !b.is_ascii_digit() {
            return Err(IdProblem::Malformed);
        }
        *digit = u32::from(b - b'0');
    }
    let [r0, r1, _, _, _, _, y0, y1, y2, y3, m0, m1, d0, d1, _, _, _] = digits;
    if !region_ok(r0 * 10 + r1) {
        return Err(IdProblem::Region);
    }
    let (year, month, day) = (
        y0 * 1000 + y1 * 100 + y2 * 10 + y3,
        m0 * 10 + m1,
        d0 * 10 + d1,
    );
    if year < 1900 || !(1..=12).contains(&month) || !(1..=days_in(year, month)).contains(&day) {
        return Err(IdProblem::BirthDate);
    }
    let expected = check_of(digits.iter().copied());
    if char::from(last).to_ascii_uppercase() != expected {
        return Err(IdProblem::Checksum { expected });
    }
    Ok(Valid {
        body: digits.iter().fold(0, |n, &d| n * 10 + u64::from(d)),
        check,
        birth: year * 10000 + month * 100 + day,
    })
}

/// The days of a month of the Gregorian calendar (month 1 to 12).
fn days_in(year: u32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The number as output may show it: the first 6 and the last 4 characters, the rest as `*`
/// (`110101********1234`). Anything shorter than 11 characters is masked whole.
pub fn mask(id: &str) -> String {
    let chars: Vec<char> = id.trim().chars().collect();
    let n = chars.len();
    if n < 11 {
        return "*".repeat(n.max(1));
    }
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < 6 || i >= n - 4 { *c } else { '*' })
        .collect()
}

/// A digit as an ID number may be typed: ASCII or full-width.
fn id_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn id_check_letter(c: char) -> bool {
    matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ')
}

/// Masks every ID-shaped token in a text, wherever it stands: 15 digits (the old first-generation
/// number) or 18 characters of 17 digits and a digit or X, not part of a longer run of digits.
/// Each is masked as [`mask`] masks one. This is the one place where PII in echoed text is
/// recognised by what it is, not by its column: every reporter passes what it prints through
/// it (by way of `report::Report`) unless `--show-pii`.
pub fn redact(text: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    // Fast path: nearly every message has no run of 15 digits.
    let mut run = 0usize;
    let mut longest = 0usize;
    for c in text.chars() {
        run = if id_digit(c) { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    if longest < 15 {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if !id_digit(c) {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        while chars.get(i).copied().is_some_and(id_digit) {
            i += 1;
        }
        let digits = i - start;
        let end = if digits == 17 && chars.get(i).copied().is_some_and(id_check_letter) {
            i + 1
        } else {
            i
        };
        let token: String = chars.get(start..end).unwrap_or_default().iter().collect();
        if digits == 15 || end - start == 18 {
            out.push_str(&mask(&token));
        } else {
            out.push_str(&token);
        }
        i = end;
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// A valid number for the tests: 11010519491231002 + its check character.
    fn valid() -> String {
        let body = "11010519491231002";
        format!("{body}{}", check_char(body).unwrap())
    }

    #[test]
    fn the_standard_example_checks() {
        // GB 11643's own example.
        assert_eq!(check_char("11010519491231002"), Some('X'));
        assert_eq!(validate("11010519491231002X"), Ok(()));
        assert_eq!(validate("11010519491231002x"), Ok(()));
        assert_eq!(valid(), "11010519491231002X");
    }

    /// The checks as they were written with chrono and string parsing: what [`read`] must
    /// agree with.
    fn by_chrono(id: &str) -> Result<(), IdProblem> {
        let id = id.trim();
        let bytes = id.as_bytes();
        let (Some(body), Some(&last)) = (id.get(..17), bytes.get(17)) else {
            return Err(IdProblem::Malformed);
        };
        if bytes.len() != 18
            || !body.bytes().all(|b| b.is_ascii_digit())
            || !(last.is_ascii_digit() || last == b'X' || last == b'x')
        {
            return Err(IdProblem::Malformed);
        }
        if !region_ok(body[..2].parse().unwrap()) {
            return Err(IdProblem::Region);
        }
        let part = |r: std::ops::Range<usize>| body[r].parse::<u32>().unwrap();
        match NaiveDate::from_ymd_opt(part(6..10) as i32, part(10..12), part(12..14)) {
            Some(d) if d >= NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() => {}
            _ => return Err(IdProblem::BirthDate),
        }
        let expected = check_char(body).unwrap();
        if char::from(last).to_ascii_uppercase() != expected {
            return Err(IdProblem::Checksum { expected });
        }
        Ok(())
    }

    #[test]
    fn every_day_of_the_awkward_years_is_judged_as_chrono_judges_it() {
        // Centuries that are and are not leap years, a leap year, a common one, the first year.
        for year in [1899, 1900, 1904, 1999, 2000, 2023, 2024, 2100] {
            for month in 0..=13 {
                for day in 0..=32 {
                    let body = format!("110105{year:04}{month:02}{day:02}002");
                    let id = format!("{body}{}", check_char(&body).unwrap());
                    assert_eq!(read(&id).map(|_| ()), by_chrono(&id), "{id}");
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn a_number_is_judged_as_chrono_and_string_parsing_judge_it(
            region in "[0-9]{2}",
            year in 1890u32..2101,
            month in 0u32..14,
            day in 0u32..33,
            tail in "[0-9]{3}[0-9Xx]",
            noise in "[ 0-9Xx２]{0,2}",
            bend in proptest::bool::ANY,
        ) {
            let mut id = format!("{region}3001{year:04}{month:02}{day:02}{tail}");
            if bend {
                // Half of them well-formed with the right check character.
                let body = &id[..17];
                id = format!("{body}{}", check_char(body).unwrap());
            } else {
                id.push_str(&noise);
            }
            let got = read(&id);
            proptest::prop_assert_eq!(got.clone().map(|_| ()), by_chrono(&id), "{}", id);
            if let Ok(v) = got {
                proptest::prop_assert_eq!(v.birth, year * 10000 + month * 100 + day);
                proptest::prop_assert_eq!(v.body, id[..17].parse::<u64>().unwrap());
            }
        }
    }

    #[test]
    fn each_problem_is_named() {
        assert_eq!(validate("1101051949123100"), Err(IdProblem::Malformed));
        assert_eq!(validate("11010519491231002Y"), Err(IdProblem::Malformed));
        assert_eq!(validate("1101051949123100２X"), Err(IdProblem::Malformed));
        assert_eq!(
            validate("11010519491231002 "),
            Err(IdProblem::Malformed),
            "an inner-trimmed 17 is not 18"
        );
        let mut bad_region = String::from("99");
        bad_region.push_str(&valid()[2..]);
        assert_eq!(validate(&bad_region), Err(IdProblem::Region));
        assert_eq!(validate("110105194913310021"), Err(IdProblem::BirthDate));
        assert_eq!(
            validate("110105194912310021"),
            Err(IdProblem::Checksum { expected: 'X' })
        );
    }

    #[test]
    fn redact_masks_id_shaped_tokens_anywhere() {
        assert_eq!(
            redact("学历“11010519491231002X”不是有效的学历"),
            "学历“110105********002X”不是有效的学历"
        );
        assert_eq!(
            redact("\"110105194912310021\" is not"),
            "\"110105********0021\" is not"
        );
        // The 15-digit first-generation number, lower-case x, full-width digits.
        assert_eq!(redact("a110105491231002b"), "a110105*****1002b");
        assert_eq!(redact("11010519491231002x"), "110105********002x");
        assert_eq!(
            redact("１１０１０５１９４９１２３１００２Ｘ"),
            "１１０１０５********００２Ｘ"
        );
        // Two in one text.
        assert_eq!(
            redact("110105194912310021,110105491231002"),
            "110105********0021,110105*****1002"
        );
        // Not ID-shaped: shorter, longer, or digits and an X in the wrong place.
        for text in [
            "800000",
            "11010519491231002",
            "1101051949123100211",
            "12345678901234567890",
            "X1101051949123100",
            "no digits at all",
        ] {
            assert_eq!(redact(text), text);
            assert!(matches!(redact(text), std::borrow::Cow::Borrowed(_)) || text.len() > 15);
        }
    }

    #[test]
    fn masking_keeps_six_and_four() {
        assert_eq!(mask("11010519491231002X"), "110105********002X");
        assert_eq!(mask("123"), "***");
        assert_eq!(mask(""), "*");
    }
}
