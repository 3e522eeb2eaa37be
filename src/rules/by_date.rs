//! Date arithmetic remembered by report date: P01's youngest birth date and T02's term bounds
//! are the same for every row that reports on one day, and a roster reports on a few days
//! (chrono's month arithmetic, done every row, was 3–4% of a clean check).

use chrono::NaiveDate;

/// How many dates are remembered: a roster's 延期 volunteers report on their first year's day,
/// its new recruits on a dozen days of July.
const SLOTS: usize = 16;

/// The values of the last [`SLOTS`] dates looked up, the oldest replaced first.
#[derive(Debug, Default)]
pub(super) struct ByDate<V> {
    slots: Vec<(NaiveDate, V)>,
    next: usize,
}

impl<V: Copy> ByDate<V> {
    /// The value for `date`, made by `make` when it is not remembered.
    pub(super) fn get(&mut self, date: NaiveDate, make: impl FnOnce() -> V) -> V {
        if let Some(&(_, value)) = self.slots.iter().find(|(d, _)| *d == date) {
            return value;
        }
        let value = make();
        if self.slots.len() < SLOTS {
            self.slots.push((date, value));
        } else if let Some(slot) = self.slots.get_mut(self.next) {
            *slot = (date, value);
            self.next = (self.next + 1) % SLOTS;
        }
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_date_gets_its_own_value_and_a_few_dates_are_made_once() {
        let mut memo = ByDate::default();
        let day =
            |n: u32| NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(n.into());
        // More dates than are remembered, three times over.
        for n in (0..3).flat_map(|_| 0..40u32) {
            assert_eq!(memo.get(day(n), || n * 10), n * 10);
        }
        assert_eq!(memo.slots.len(), SLOTS);
        // Two dates alternating: each made once, then remembered.
        let mut made = 0;
        for n in [100, 101].repeat(10) {
            let got = memo.get(day(n), || {
                made += 1;
                n * 10
            });
            assert_eq!(got, n * 10);
        }
        assert_eq!(made, 2);
    }
}
