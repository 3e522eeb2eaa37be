//! S01: fires above 70% in-province, not at exactly 70%, and reports exact count and total.

mod common;

use common::check::{NEW_RECRUIT, check_csv, of, roster, times};

/// `inside` of `total` new recruits in 新疆 come from 新疆, the rest from 山东.
fn xinjiang(inside: usize, total: usize) -> String {
    let mut rows = times(inside, vec![("招募省份", "新疆")]);
    rows.extend(times(total - inside, vec![("招募省份", "山东")]));
    roster(NEW_RECRUIT, &rows)
}

#[test]
fn fires_above_seventy_percent_with_exact_numbers() {
    let (_, outcome) = check_csv(&xinjiang(8, 11), "");
    let f = of(&outcome, "S01");
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].count(), f[0].total()), (Some(8), Some(11)));
    assert_eq!(f[0].actual().as_deref(), Some("72.73%"));
    assert_eq!(f[0].limit().as_deref(), Some("≤ 70%"));
    assert_eq!(f[0].rows.len(), 8, "the in-province rows");
    assert_eq!(
        f[0].scope().service_province,
        Some(xibu::Province::Xinjiang)
    );
}

#[test]
fn exactly_seventy_percent_passes() {
    let (_, outcome) = check_csv(&xinjiang(7, 10), "");
    assert!(of(&outcome, "S01").is_empty());
}
