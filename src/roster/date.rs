//! Dates (报到日期, 服务期满日期) as people and spreadsheets write them.
//!
//! Only spellings whose meaning is certain are read: the year comes first, or the value is an
//! Excel date number. `7/20/2020` and `20/7/2020` are refused rather than guessed, since a roster
//! mixing both orders would be read wrongly without anyone noticing.

use chrono::{Datelike, Days, NaiveDate};

use crate::input::CellRef;

/// The years a roster date may fall in. Anything outside is a typo (`1020`, `2202`), and the
/// bounds keep every accepted date comfortably inside what `NaiveDate` can represent.
const FIRST_YEAR: i32 = 1900;
const LAST_YEAR: i32 = 2200;

/// Excel's largest date number, 9999-12-31.
const LAST_SERIAL: i64 = 2_958_465;

const HINT: &str = "write 2020-07-20, 2020/7/20, 2020.7.20, 2020年7月20日 or 20200720";

/// Reads a date. `Ok(None)` for a blank cell; `Err` with a message for the user for anything that
/// is not certainly a date. A time of day after the date is allowed and dropped.
pub fn parse_date<'a>(cell: impl Into<CellRef<'a>>) -> Result<Option<NaiveDate>, String> {
    let date = match cell.into() {
        CellRef::Empty => return Ok(None),
        CellRef::Text(text) => {
            if let Some(d) = iso_date(text) {
                return Ok(Some(d));
            }
            let folded = fold(text);
            if folded.is_empty() {
                return Ok(None);
            }
            parse_text(&folded)?
        }
        CellRef::DateTime(dt) => in_range(dt.date())?,
        CellRef::Int(i) => from_number(i)?,
        CellRef::Float(f) => from_float(f)?,
        CellRef::Bool(b) => {
            let shown = if b { "TRUE" } else { "FALSE" };
            return Err(format!("not a date (the cell holds {shown}); {HINT}"));
        }
        CellRef::Error(e) => return Err(format!("the cell holds the error {e}")),
    };
    Ok(Some(date))
}

/// `2020-07-20` exactly, the spelling exports use for nearly every cell, read without folding
/// or allocating. Anything else (or an invalid date) goes the long way, which says what is wrong.
fn iso_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        let digits = b.get(range)?;
        digits.iter().try_fold(0u32, |acc, d| {
            d.is_ascii_digit().then(|| acc * 10 + u32::from(d - b'0'))
        })
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let date = NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)?;
    in_range(date).ok()
}

/// Full-width forms to ASCII (`２０２０／７／２０`), every kind of white space to one ASCII space,
/// zero-width characters dropped, ends trimmed. Unlike `squeeze`, spaces are kept: they are what
/// separates a date from the time after it, and `2020-07-20 0:00` must not become `2020-07-200:00`.
fn fold(text: &str) -> String {
    let folded: String = text
        .chars()
        .filter(|c| !matches!(c, '\u{200b}' | '\u{feff}'))
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            c if c.is_whitespace() => ' ',
            _ => c,
        })
        .collect();
    folded.trim().to_string()
}

/// `text` is folded, trimmed and not empty.
fn parse_text(text: &str) -> Result<NaiveDate, String> {
    let date_part = strip_time(text)?;
    let compact: String = date_part.chars().filter(|c| *c != ' ').collect();
    let not_date = || format!("not a date; {HINT}");

    if compact.contains('年') {
        return parse_chinese(text, &compact);
    }
    if !compact.is_empty() && compact.bytes().all(|b| b.is_ascii_digit()) {
        return match compact.len() {
            // An Excel date number exported as text: 44032 is 2020-07-20. Five digits reach
            // 99999 (2173-10-14), past any roster date.
            1..=5 => compact
                .parse::<i64>()
                .map_err(|_| not_date())
                .and_then(from_serial),
            8 => {
                let (y, md) = compact.split_at(4);
                let (m, d) = md.split_at(2);
                ymd(text, y, m, d)
            }
            _ => Err(format!(
                "not a date: a date in digits only has 8 of them (20200720); {HINT}"
            )),
        };
    }
    // `2020-07-20`, `2020/7/20`, `2020.7.20`: one separator, used twice.
    let separator = compact
        .chars()
        .find(|c| !c.is_ascii_digit())
        .filter(|c| matches!(c, '-' | '/' | '.'))
        .ok_or_else(not_date)?;
    let parts: Vec<&str> = compact.split(separator).collect();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y, m, d] if digits(y) && digits(m) && digits(d) => {
            if y.len() == 4 && m.len() <= 2 && d.len() <= 2 {
                ymd(text, y, m, d)
            } else if d.len() == 4 && y.len() <= 2 && m.len() <= 2 {
                Err(format!(
                    "{text} is ambiguous: the day and month could be either way round; \
                     write the year first: 2020-07-20, 2020/7/20, 2020年7月20日 or 20200720"
                ))
            } else {
                Err(not_date())
            }
        }
        _ => Err(not_date()),
    }
}

/// `2020年7月20日`, `2020年7月20`, `2020 年 7 月 20 日` (`compact` has the spaces removed).
fn parse_chinese(text: &str, compact: &str) -> Result<NaiveDate, String> {
    let not_date = || format!("not a date; {HINT}");
    let body = compact
        .strip_suffix('日')
        .or_else(|| compact.strip_suffix('号'))
        .unwrap_or(compact);
    let (y, rest) = body.split_once('年').ok_or_else(not_date)?;
    let Some((m, d)) = rest.split_once('月') else {
        return Err(format!("not a date: {text} has no month and day; {HINT}"));
    };
    if d.is_empty() {
        return Err(format!("not a date: {text} has no day; {HINT}"));
    }
    let digits = |s: &str, max: usize| {
        !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !(digits(y, 4) && y.len() == 4 && digits(m, 2) && digits(d, 2)) {
        return Err(not_date());
    }
    ymd(text, y, m, d)
}

/// Removes a time of day after the date (`2020-07-20 00:00:00`, `2020/7/20 8:30`,
/// `2020-07-20T08:30`, `2020年7月20日 8:30`), which CSV exports of date cells often carry. The time
/// must itself be a valid time, so that a mangled value is not half-read.
fn strip_time(text: &str) -> Result<&str, String> {
    if !text.contains(':') {
        return Ok(text);
    }
    // The time is the trailing run of digits, colons and (for fractional seconds) dots.
    let start = text
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || matches!(c, ':' | '.'))
        .last()
        .map_or(text.len(), |(i, _)| i);
    let (date, time) = text.split_at(start);
    let date = date.strip_suffix('T').unwrap_or(date).trim_end();
    let separated = date.len() < start || date.ends_with('日') || date.ends_with('号');
    if !separated || date.is_empty() || !is_time(time) {
        return Err(format!("not a date; {HINT}"));
    }
    Ok(date)
}

/// `8:30`, `08:30:00`, `08:30:00.000`.
fn is_time(time: &str) -> bool {
    let number = |s: &str, len: std::ops::RangeInclusive<usize>, max: u32| {
        len.contains(&s.len())
            && s.bytes().all(|b| b.is_ascii_digit())
            && s.parse::<u32>().is_ok_and(|n| n <= max)
    };
    let mut fields = time.split(':');
    let (Some(h), Some(m)) = (fields.next(), fields.next()) else {
        return false;
    };
    let seconds_ok = match fields.next() {
        None => true,
        Some(s) => {
            let (whole, frac) = s.split_once('.').unwrap_or((s, "0"));
            number(whole, 2..=2, 59) && !frac.is_empty() && frac.bytes().all(|b| b.is_ascii_digit())
        }
    };
    number(h, 1..=2, 23) && number(m, 2..=2, 59) && seconds_ok && fields.next().is_none()
}

/// Year, month and day as digit strings (already checked to be 4, 1–2 and 1–2 ASCII digits).
/// `text` is what the user wrote, for the message.
fn ymd(text: &str, y: &str, m: &str, d: &str) -> Result<NaiveDate, String> {
    let not_date = || format!("not a date; {HINT}");
    let year: i32 = y.parse().map_err(|_| not_date())?;
    let month: u32 = m.parse().map_err(|_| not_date())?;
    let day: u32 = d.parse().map_err(|_| not_date())?;
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Err(year_out_of_range(year));
    }
    let Some(month_name) = month.checked_sub(1).and_then(|i| MONTHS.get(i as usize)) else {
        return Err(format!("{text} is not a date: there is no month {month}"));
    };
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| format!("{text} is not a date: {month_name} {year} has no day {day}"))
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn year_out_of_range(year: i32) -> String {
    format!("year out of range: {year} (a roster date lies between {FIRST_YEAR} and {LAST_YEAR})")
}

fn in_range(date: NaiveDate) -> Result<NaiveDate, String> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        Ok(date)
    } else {
        Err(year_out_of_range(date.year()))
    }
}

/// A whole number in a date column: an Excel date number, or `20200720` typed into a number cell.
/// The two cannot be confused: date numbers stop at 2958465, and eight-digit dates start at
/// 19000101.
fn from_number(n: i64) -> Result<NaiveDate, String> {
    let first = i64::from(FIRST_YEAR) * 10_000 + 101;
    let last = i64::from(LAST_YEAR) * 10_000 + 1231;
    if (first..=last).contains(&n) {
        let digits = n.to_string();
        let (y, md) = digits.split_at(4);
        let (m, d) = md.split_at(2);
        return ymd(&digits, y, m, d);
    }
    from_serial(n)
}

/// A float cell: an Excel date number, whose fraction is the time of day and is dropped.
fn from_float(f: f64) -> Result<NaiveDate, String> {
    if !f.is_finite() {
        return Err(format!("not a date; {HINT}"));
    }
    let whole = f.floor();
    // Within this range the conversion to i64 is exact; outside it, the value is no date anyway
    // and saturating to the range end gives the right message.
    let n = if whole < -1e15 {
        i64::MIN
    } else if whole > 1e15 {
        i64::MAX
    } else {
        whole as i64
    };
    if whole == f {
        from_number(n)
    } else {
        from_serial(n)
    }
}

/// Excel's 1900 date system: 1 is 1900-01-01. Excel counts 1900 as a leap year (a bug kept from
/// Lotus 1-2-3), so 60 is the non-existent 1900-02-29 and every later number is one day ahead.
fn from_serial(n: i64) -> Result<NaiveDate, String> {
    if !(1..=LAST_SERIAL).contains(&n) {
        return Err(format!(
            "not a date: {n} is outside Excel's date numbers (1 is 1900-01-01, \
             {LAST_SERIAL} is 9999-12-31); {HINT}"
        ));
    }
    if n == 60 {
        return Err(
            "not a date: Excel's date number 60 is 1900-02-29, a day that does not exist"
                .to_string(),
        );
    }
    let base = if n < 60 {
        NaiveDate::from_ymd_opt(1899, 12, 31)
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 30)
    };
    let date = u64::try_from(n)
        .ok()
        .and_then(|days| base?.checked_add_days(Days::new(days)))
        .ok_or_else(|| format!("not a date; {HINT}"))?;
    in_range(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Cell;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn text(s: &str) -> Result<Option<NaiveDate>, String> {
        parse_date(&Cell::Text(s.to_string()))
    }

    /// Days from Excel's day 0 (1899-12-30, for dates from 1900-03-01 on).
    fn serial(d: NaiveDate) -> i64 {
        (d - date(1899, 12, 30)).num_days()
    }

    #[test]
    fn blank_cells_are_none() {
        assert_eq!(parse_date(&Cell::Empty), Ok(None));
        for s in ["", " ", "\u{3000}", "\t\n", "\u{feff}"] {
            assert_eq!(text(s), Ok(None), "{s:?}");
        }
    }

    #[test]
    fn accepted_text_spellings() {
        let want = Ok(Some(date(2020, 7, 20)));
        for s in [
            "2020-07-20",
            "2020-7-20",
            "2020/7/20",
            "2020/07/20",
            "2020.7.20",
            "2020.07.20",
            "2020年7月20日",
            "2020年07月20日",
            "2020年7月20",
            "2020年7月20号",
            "2020 年 7 月 20 日",
            "20200720",
            "44032",
            "2020-07-20 00:00:00",
            "2020-07-20 08:30:15.250",
            "2020/7/20 8:30",
            "2020-07-20T08:30:00",
            "2020年7月20日 8:30",
            "2020年7月20日8:30",
            "２０２０－０７－２０",
            "２０２０／７／２０　８：３０",
            "２０２０年７月２０日",
            "２０２００７２０",
            " 2020-07-20 ",
            "2020 - 07 - 20",
        ] {
            assert_eq!(text(s), want, "{s:?}");
        }
    }

    #[test]
    fn datetime_cells_give_their_date() {
        let at = |h, m| date(2020, 7, 20).and_hms_opt(h, m, 0).unwrap();
        assert_eq!(
            parse_date(&Cell::DateTime(at(0, 0))),
            Ok(Some(date(2020, 7, 20)))
        );
        assert_eq!(
            parse_date(&Cell::DateTime(at(15, 45))),
            Ok(Some(date(2020, 7, 20)))
        );
        let old = date(1899, 12, 31).and_hms_opt(0, 0, 0).unwrap();
        assert!(
            parse_date(&Cell::DateTime(old))
                .unwrap_err()
                .contains("year out of range")
        );
    }

    #[test]
    fn excel_date_numbers() {
        let cases = [
            (1, date(1900, 1, 1)),
            (59, date(1900, 2, 28)),
            (61, date(1900, 3, 1)),
            (44032, date(2020, 7, 20)),
            (109_574, date(2199, 12, 31)),
            (109_939, date(2200, 12, 31)),
        ];
        for (n, want) in cases {
            assert_eq!(parse_date(&Cell::Int(n)), Ok(Some(want)), "{n}");
            assert_eq!(parse_date(&Cell::Float(n as f64)), Ok(Some(want)), "{n}");
            assert_eq!(
                parse_date(&Cell::Float(n as f64 + 0.75)),
                Ok(Some(want)),
                "{n}.75"
            );
        }
        assert_eq!(text("1"), Ok(Some(date(1900, 1, 1))));
        assert_eq!(text("00061"), Ok(Some(date(1900, 3, 1))));
        for n in [0, -1, 2_958_466, i64::MAX, i64::MIN] {
            let err = parse_date(&Cell::Int(n)).unwrap_err();
            assert!(err.contains("outside Excel's date numbers"), "{n}: {err}");
        }
        assert!(parse_date(&Cell::Float(0.5)).is_err());
        assert!(parse_date(&Cell::Float(-0.5)).is_err());
        assert!(text("0").is_err());
        for cell in [
            Cell::Int(60),
            Cell::Float(60.25),
            Cell::Text("60".to_string()),
        ] {
            let err = parse_date(&cell).unwrap_err();
            assert!(err.contains("1900-02-29"), "{cell:?}: {err}");
        }
        // In Excel's range, but not a roster year.
        for n in [LAST_SERIAL, 200_000, 109_940] {
            let err = parse_date(&Cell::Int(n)).unwrap_err();
            assert!(err.contains("year out of range"), "{n}: {err}");
        }
        for f in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e300, -1e300] {
            assert!(parse_date(&Cell::Float(f)).is_err(), "{f}");
        }
    }

    #[test]
    fn eight_digit_number_cells_are_dates() {
        assert_eq!(
            parse_date(&Cell::Int(20200720)),
            Ok(Some(date(2020, 7, 20)))
        );
        assert_eq!(
            parse_date(&Cell::Float(20200720.0)),
            Ok(Some(date(2020, 7, 20)))
        );
        let err = parse_date(&Cell::Int(20201340)).unwrap_err();
        assert!(err.contains("no month 13"), "{err}");
        // Not a whole number: neither a date number in range nor an eight-digit date.
        assert!(parse_date(&Cell::Float(20200720.5)).is_err());
        assert!(parse_date(&Cell::Int(3_000_000)).is_err());
    }

    #[test]
    fn calendar_mistakes_are_named() {
        assert_eq!(
            text("2020-02-30"),
            Err("2020-02-30 is not a date: February 2020 has no day 30".to_string())
        );
        assert_eq!(
            text("2019年2月29日"),
            Err("2019年2月29日 is not a date: February 2019 has no day 29".to_string())
        );
        assert_eq!(
            text("2020-13-01"),
            Err("2020-13-01 is not a date: there is no month 13".to_string())
        );
        assert!(text("2020-00-10").unwrap_err().contains("no month 0"));
        assert!(
            text("2020-04-31")
                .unwrap_err()
                .contains("April 2020 has no day 31")
        );
        assert!(text("2020-04-00").unwrap_err().contains("no day 0"));
        assert!(text("20200230").unwrap_err().contains("no day 30"));
        assert!(text("2100/2/29").unwrap_err().contains("no day 29"));
        assert_eq!(text("2000/2/29"), Ok(Some(date(2000, 2, 29))));
    }

    #[test]
    fn years_out_of_range() {
        for s in [
            "1899-12-31",
            "2201-01-01",
            "1020/7/20",
            "0000-01-01",
            "99991231",
        ] {
            let err = text(s).unwrap_err();
            assert!(err.contains("year out of range"), "{s:?}: {err}");
        }
        // Six digits are neither a date number nor yyyymmdd.
        assert!(text("100000").unwrap_err().contains("8 of them"));
        assert_eq!(text("1900-01-01"), Ok(Some(date(1900, 1, 1))));
        assert_eq!(text("2200-12-31"), Ok(Some(date(2200, 12, 31))));
    }

    #[test]
    fn day_month_order_is_never_guessed() {
        for s in [
            "7/20/2020",
            "20/7/2020",
            "07-20-2020",
            "1.2.2020",
            "7/20/2020 8:30",
        ] {
            let err = text(s).unwrap_err();
            assert!(
                err.contains("ambiguous") && err.contains("2020年7月20日"),
                "{s:?}: {err}"
            );
        }
    }

    #[test]
    fn rejections() {
        for s in [
            "abc",
            "2020-07",
            "2020/7/20/1",
            "2020-7/20",
            "2020-07-20-",
            "20/7/20",
            "2020年",
            "2020年7月",
            "2020年7月20日日",
            "二〇二〇年七月二十日",
            "2020年07月200日",
            "20年7月20日",
            "2020-07-20 25:00",
            "2020-07-20 8:60",
            "2020-07-20 8",
            "2020-07-20 :",
            "2020-07-208:30",
            "2020/7/20 下午 8:30",
            "8:30",
            "123456",
            "1234567",
            "202007201",
            "44032.5",
            "2020--07-20",
            "-44032",
            "+44032",
            "2020-07-20Z",
        ] {
            let err = text(s).unwrap_err();
            assert!(err.contains("2020"), "{s:?}: {err}");
        }
        let err = text("2020年7月").unwrap_err();
        assert!(err.contains("no day"), "{err}");
    }

    #[test]
    fn other_cells_are_rejected() {
        let err = parse_date(&Cell::Bool(false)).unwrap_err();
        assert!(err.contains("FALSE") && err.contains("2020-07-20"), "{err}");
        assert_eq!(
            parse_date(&Cell::Error("#N/A".to_string())),
            Err("the cell holds the error #N/A".to_string())
        );
    }

    fn full_width(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                '!'..='~' => char::from_u32(c as u32 + 0xfee0).unwrap(),
                ' ' => '\u{3000}',
                _ => c,
            })
            .collect()
    }

    /// Dates from 1900-03-01 (past Excel's phantom leap day) to 2199-12-31.
    fn dates() -> impl Strategy<Value = NaiveDate> {
        let first = date(1900, 3, 1);
        let span = (date(2199, 12, 31) - first).num_days();
        (0..=span).prop_map(move |d| first + chrono::Duration::days(d))
    }

    proptest! {
        #[test]
        fn every_spelling_of_a_date_parses_to_it(
            d in dates(),
            h in 0u32..24,
            mi in 0u32..60,
            frac in 0.0f64..0.999,
        ) {
            let want = Ok(Some(d));
            let mut texts: Vec<String> = [
                "%Y-%m-%d",
                "%Y-%-m-%-d",
                "%Y/%-m/%-d",
                "%Y/%m/%d",
                "%Y.%-m.%-d",
                "%Y.%m.%d",
                "%Y年%-m月%-d日",
                "%Y年%m月%d日",
                "%Y年%-m月%-d",
                "%Y 年 %-m 月 %-d 日",
                "%Y%m%d",
                "%Y-%m-%d 00:00:00",
                "%Y-%m-%d %H:%M:%S",
                "%Y/%-m/%-d %-H:%M",
                "%Y-%m-%dT%H:%M:%S",
                "%Y年%-m月%-d日 %H:%M",
            ]
            .iter()
            .map(|f| d.and_hms_opt(h, mi, 0).unwrap().format(f).to_string())
            .collect();
            let n = serial(d);
            if n <= 99_999 {
                texts.push(n.to_string());
            }
            let wide: Vec<String> = texts.iter().map(|s| full_width(s)).collect();
            texts.extend(wide);
            for s in &texts {
                prop_assert_eq!(&text(s), &want, "{:?}", s);
            }

            let dt = d.and_hms_opt(h, mi, 0).unwrap();
            prop_assert_eq!(parse_date(&Cell::DateTime(dt)), want.clone());
            prop_assert_eq!(parse_date(&Cell::Int(n)), want.clone());
            prop_assert_eq!(parse_date(&Cell::Float(n as f64)), want.clone());
            prop_assert_eq!(parse_date(&Cell::Float(n as f64 + frac)), want.clone());
            let yyyymmdd: i64 = d.format("%Y%m%d").to_string().parse().unwrap();
            prop_assert_eq!(parse_date(&Cell::Int(yyyymmdd)), want.clone());
            prop_assert_eq!(parse_date(&Cell::Float(yyyymmdd as f64)), want);
        }

        #[test]
        fn no_text_panics(s in "\\PC*", t in any::<String>()) {
            let _ = parse_date(&Cell::Text(s));
            let _ = parse_date(&Cell::Text(t));
        }

        #[test]
        fn no_near_miss_text_panics(s in "[-0-9/.:T 年月日号０-９：／　]{0,30}") {
            let _ = parse_date(&Cell::Text(s));
        }

        #[test]
        fn no_number_cell_panics(f in any::<f64>(), i in any::<i64>()) {
            let _ = parse_date(&Cell::Float(f));
            let _ = parse_date(&Cell::Int(i));
        }
    }
}
