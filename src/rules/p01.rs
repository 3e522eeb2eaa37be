//! P01: 身份证号 well-formed, checksum valid, a real birth date not after 报到, unique in the
//! roster.

use chrono::{Datelike, Months, NaiveDate};

use super::by_date::ByDate;
use super::finding::{Detail, Finding, IdFact, PackedId, Rows, Severity};
use super::meta::{Meta, ScopeKind};
use super::options::Count;
use super::{Check, Ctx, Rule};
use crate::idcard::{self, IdProblem};
use crate::messages::Msg;
use crate::roster::schema::Column;
use crate::roster::{Field, Record};

declare_options! {
    pub struct Options {
        /// the youngest age at 报到, in years, that a birth date in the ID number may give (16: the legal working age; volunteers are graduates)
        #[zh = "按身份证号中的出生日期，报到时至少应满的周岁数（16：法定最低就业年龄；志愿者是高校毕业生）"]
        min_age_years: Count = Count(16),
    }
}

pub const META: Meta = Meta {
    id: "P01",
    title_zh: "身份证号有效且不重复",
    title_en: "ID numbers well-formed, with a valid checksum, and unique",
    severity: Severity::Error,
    scope: ScopeKind::Roster,
    columns: &[Column::IdNumber],
    any_columns: &[],
    summary: None,
    explanation: "## What it does
Checks each 身份证号 against GB 11643: 18 characters, 17 digits and a digit or X; a province code
in the first two digits; a real date of birth in digits 7–14; the ISO 7064 MOD 11-2 check
character. The date of birth must be real for a volunteer: not after 报到日期 (the edition's
报到 window's last day where the row has none) and at least `min_age_years` (16) before it. A
blank cell is a finding. A number that appears on two rows is a finding on the later
row, naming the earlier one. Numbers are never printed whole unless `--show-pii` is given.

## Why
The ID number is how the information system tells volunteers apart; a mistyped or duplicated one
means a volunteer counted twice or not at all.

## Example
`11010519491231002X` is valid; `110105194912310021` is a finding (the check character should be X).
A number whose digits 7–14 read 20300101 or 20100101 is a finding for a volunteer reporting in
2020; 20040720 passes for one reporting on 2020-07-20 (16 years old that day).",
    explanation_zh: "## 作用
按 GB 11643 检查每个身份证号：18 位，前 17 位是数字，最后一位是数字或 X；前两位是省级行政区划代码；第 7–14 位是真实存在的出生日期；第 18 位符合 ISO 7064 MOD 11-2 校验。出生日期还要合乎志愿者的情况：不晚于报到日期（该行没有报到日期时，取年度版本所定报到期的最后一天），并且早于报到日期至少 `min_age_years`（16）年。空单元格是问题。同一号码出现在两行的，在后一行报问题，并写明与前面哪一行重复。除非使用 `--show-pii`，号码从不完整显示。

## 原因
信息系统靠身份证号区分志愿者；号码输错或重复，就会有志愿者被计了两次，或者根本没被计入。

## 示例
`11010519491231002X` 有效；`110105194912310021` 是问题（校验位应为 X）。对 2020 年报到的志愿者，第 7–14 位为 20300101 或 20100101 的号码是问题；20040720 对 2020-07-20 报到的志愿者通过（当天年满 16 周岁）。",
};

pub const RULE: Rule = rule!(META, Options, |o: Options| P01 {
    min_age: o.min_age_years.0,
    keys: Vec::new(),
    rows: Vec::new(),
    youngest: ByDate::default(),
});

/// The date of birth in a valid number's digits 7–14.
struct P01 {
    min_age: u32,
    /// Every valid number seen, as its [`key`], and its row: duplicates are found in `finish`, by
    /// sorting. Appending is sequential where a hash table of a million numbers costs a cache miss
    /// a row (most of the rule's time); the sort at the end is a fraction of that. 12 bytes a
    /// volunteer, and 8 more while sorting. The typed number is trimmed and upper-cased, so its
    /// key spells it back exactly.
    keys: Vec<u64>,
    /// The row of each key, in the order seen (increasing).
    rows: Vec<u32>,
    /// The latest birth date old enough on each report date.
    youngest: ByDate<i64>,
}

/// A valid number as one integer: its 17 digits times 11 plus the check value (X = 10), which
/// is exact and fits in 64 bits.
fn key(id: &idcard::Valid) -> u64 {
    id.body * 11 + u64::from(id.check)
}

/// A date as [`idcard::Valid::birth`] writes one, in a wider integer (the earliest date chrono
/// has is in the year −262,143).
fn ymd(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 10000 + i64::from(date.month() * 100 + date.day())
}

impl Check for P01 {
    fn observe(&mut self, r: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        let finding = |rows, detail| {
            Finding::new(META.id, ctx.settings.severity, rows, detail).at(Column::IdNumber)
        };
        let push = |out: &mut Vec<Finding>, fact: IdFact, id: &str| {
            out.push(finding(Rows::One(r.row), Detail::id(fact, id)));
        };
        let id = match &r.id_number {
            Field::Value(id) => id,
            Field::Invalid => return,
            Field::Blank => {
                out.push(finding(
                    Rows::One(r.row),
                    Detail::Plain {
                        msg: Msg::P01Blank,
                        blank_value: true,
                    },
                ));
                return;
            }
        };
        let valid = match idcard::read(id) {
            Ok(valid) => valid,
            Err(problem) => {
                let fact = match problem {
                    IdProblem::Malformed => IdFact::Malformed,
                    IdProblem::Region => IdFact::Region,
                    IdProblem::BirthDate => IdFact::BirthDate,
                    IdProblem::Checksum { expected } => IdFact::Checksum(expected),
                };
                push(out, fact, id);
                return;
            }
        };
        let report = r.report_date.get().unwrap_or(ctx.calendar.report_to);
        let min_age = self.min_age;
        let youngest = self.youngest.get(report, || {
            ymd(report
                .checked_sub_months(Months::new(12 * min_age))
                .unwrap_or(NaiveDate::MIN))
        });
        if i64::from(valid.birth) > youngest {
            let (y, m, d) = (
                valid.birth / 10000,
                valid.birth / 100 % 100,
                valid.birth % 100,
            );
            if let Some(birth) = i32::try_from(y)
                .ok()
                .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
            {
                let young = IdFact::Young {
                    after: birth > report,
                    birth,
                    report,
                    // P01's youngest age is 0 to 100 (the option's range).
                    years: u8::try_from(self.min_age).unwrap_or(u8::MAX),
                };
                push(out, young, id);
                return;
            }
        }
        self.keys.push(key(&valid));
        self.rows.push(r.row);
    }

    /// Each number seen before, at every later row: both rows, earlier first, so the reader sees
    /// the pair; the message names the first row's file when it is another (told as the
    /// finding is written). Rows reach the rule in increasing order, so a number's first row is
    /// its smallest.
    fn finish(&mut self, ctx: &Ctx, out: &mut Vec<Finding>) {
        let keys = std::mem::take(&mut self.keys);
        let rows = std::mem::take(&mut self.rows);
        let mut first: Option<(u64, u32)> = None;
        for (key, row) in repeated(keys, rows) {
            match first {
                Some((k, first_row)) if k == key => {
                    let detail = Detail::packed(IdFact::Duplicate, PackedId::from_key(key));
                    out.push(
                        Finding::new(
                            META.id,
                            ctx.settings.severity,
                            Rows::pair(first_row, row),
                            detail,
                        )
                        .at(Column::IdNumber),
                    );
                }
                _ => first = Some((key, row)),
            }
        }
    }
}

/// Every row of a number seen more than once, with its key, in the order of key and then row.
/// The keys alone are sorted to find those numbers (a sort of 8-byte keys, not of 16-byte key
/// and row pairs: half the bytes moved, and one comparison where there were two); the rows of
/// the few numbers found are then picked out in the order they were seen.
fn repeated(keys: Vec<u64>, rows: Vec<u32>) -> Vec<(u64, u32)> {
    let mut sorted = keys.clone();
    sort_on_both_cores(&mut sorted);
    let mut twice: Vec<u64> = sorted
        .windows(2)
        .filter_map(|pair| match pair {
            [a, b] if a == b => Some(*a),
            _ => None,
        })
        .collect();
    drop(sorted);
    if twice.is_empty() {
        return Vec::new();
    }
    twice.dedup();
    // Most rows' numbers are seen once: a bitmap of the repeated keys, 16 bits a key so that few
    // other keys share a bit, answers those without a binary search.
    let bits = twice.len().saturating_mul(16).next_power_of_two().max(64);
    let shift = 64 - bits.trailing_zeros();
    let bit = |key: u64| (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize;
    let mut filter = vec![0u64; bits / 64];
    for &key in &twice {
        if let Some(word) = filter.get_mut(bit(key) / 64) {
            *word |= 1 << (bit(key) % 64);
        }
    }
    let maybe = |key: u64| {
        filter
            .get(bit(key) / 64)
            .is_some_and(|word| word >> (bit(key) % 64) & 1 == 1)
    };
    let mut found: Vec<(u64, u32)> = keys
        .into_iter()
        .zip(rows)
        .filter(|&(key, _)| maybe(key) && twice.binary_search(&key).is_ok())
        .collect();
    // By key; the rows of a key were seen in increasing order, and a stable sort keeps it.
    found.sort_by_key(|&(key, _)| key);
    found
}

/// Sorts the numbers seen, half on another thread: the sort is most of the check's last moments,
/// which otherwise leave the second core idle. The halves, each sorted, are then merged by the
/// stable sort, which finds the two runs (or, with no thread to be had, sorts it all itself).
fn sort_on_both_cores(seen: &mut [u64]) {
    if seen.len() < 1 << 16 {
        seen.sort_unstable();
        return;
    }
    let (first, second) = seen.split_at_mut(seen.len() / 2);
    std::thread::scope(|scope| {
        let _ = std::thread::Builder::new()
            .name("xibu-p01".into())
            .spawn_scoped(scope, || first.sort_unstable());
        second.sort_unstable();
    });
    seen.sort();
}

#[cfg(test)]
mod tests {
    use super::{key, repeated, sort_on_both_cores};

    #[test]
    fn numbers_are_sorted_on_two_threads_as_on_one() {
        // Below and above the size that takes a second thread, with repeats.
        for n in [1000u64, 200_003] {
            let mut seen: Vec<u64> = (0..n)
                .map(|i| i.wrapping_mul(2_654_435_761) % (n / 3 + 1))
                .collect();
            let mut want = seen.clone();
            want.sort_unstable();
            sort_on_both_cores(&mut seen);
            assert_eq!(seen, want, "{n}");
        }
    }

    #[test]
    fn the_rows_of_numbers_seen_twice_are_found_as_a_map_of_rows_finds_them() {
        // Below and above the size that takes a second thread; none, a few and many repeated.
        for (n, spread) in [(0u64, 1u64), (1000, 10_000), (1000, 300), (100_003, 90_000)] {
            let keys: Vec<u64> = (0..n)
                .map(|i| i.wrapping_mul(2_654_435_761) % spread * 7_919)
                .collect();
            let rows: Vec<u32> = (0..n as u32).map(|i| 2 + 3 * i).collect();
            let mut by_key: std::collections::BTreeMap<u64, Vec<u32>> = Default::default();
            for (&k, &r) in keys.iter().zip(&rows) {
                by_key.entry(k).or_default().push(r);
            }
            let want: Vec<(u64, u32)> = by_key
                .into_iter()
                .filter(|(_, rows)| rows.len() > 1)
                .flat_map(|(k, rows)| rows.into_iter().map(move |r| (k, r)))
                .collect();
            assert_eq!(repeated(keys, rows), want, "{n} {spread}");
        }
    }

    #[test]
    fn keys_tell_every_check_character_apart() {
        // The key of the number with each check character, whether or not it is the right one.
        let read = |id: &str| crate::idcard::Valid {
            body: id[..17].parse().unwrap(),
            check: match id.as_bytes()[17] {
                b'X' | b'x' => 10,
                d => d - b'0',
            },
            birth: 0,
        };
        let body = "11010519491231002";
        let keys: Vec<u64> = "0123456789X"
            .chars()
            .map(|c| key(&read(&format!("{body}{c}"))))
            .collect();
        let mut unique = keys.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), 11);
        assert_eq!(
            key(&read(&format!("{body}x"))),
            key(&read(&format!("{body}X")))
        );
        assert_ne!(
            key(&read("110105194912310021")),
            key(&read("110105194912310031"))
        );
    }
}
