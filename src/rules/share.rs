//! The machinery of the share rules (S01–S04): counters per group, exact comparison, and the
//! finding each failing group makes.

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};

use super::finding::{Finding, Limit, Scope, Tally};
use super::settings::{Settings, ShareScope};
use crate::messages::Text;
use crate::province::Province;
use crate::roster::{Field, Record};

/// Which way a share is bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// The share may not exceed the limit (S01, S03, S04).
    AtMost,
    /// The share may not fall below the limit (S02).
    AtLeast,
}

/// Whether `count` of `total` breaks the limit, compared exactly: "≤ 70%" holds when
/// count × 100 ≤ 70 × total. An empty group breaks nothing.
pub fn breaks(count: u64, total: u64, limit_percent: Decimal, bound: Bound) -> bool {
    if total == 0 {
        return false;
    }
    let lhs = Decimal::from(count) * Decimal::ONE_HUNDRED;
    let rhs = limit_percent * Decimal::from(total);
    match bound {
        Bound::AtMost => lhs > rhs,
        Bound::AtLeast => lhs < rhs,
    }
}

/// `70.06%`: for people to read, rounded half away from zero to two places. Never compared.
pub fn percent(count: u64, total: u64) -> String {
    if total == 0 {
        return "—".to_string();
    }
    let p = Decimal::from(count) * Decimal::ONE_HUNDRED / Decimal::from(total);
    format!(
        "{:.2}%",
        p.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
    )
}

/// `70.004%`: two places, or as many more as it takes (up to ten) for the figure shown to differ
/// from `limit` where the share does, so that rounding never hides an excess ("70.00%, over
/// 70%"). Never compared.
pub fn percent_against(count: u64, total: u64, limit: Decimal) -> String {
    if total == 0 {
        return "—".to_string();
    }
    let p = Decimal::from(count) * Decimal::ONE_HUNDRED / Decimal::from(total);
    let mut places = 2;
    let mut shown = p.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    while shown == limit && p != limit && places < 10 {
        places += 1;
        shown = p.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    }
    format!("{shown:.prec$}%", prec = places as usize)
}

/// `70%`, `66.5%`.
pub fn limit_text(limit: Decimal) -> String {
    format!("{}%", limit.normalize())
}

/// The group a record falls in under a share scope; `None` when the record lacks what the scope
/// needs (its cells are reported as E01 or are blank).
pub fn scope_of(record: &Record, scope: ShareScope) -> Option<Scope> {
    match scope {
        ShareScope::National => Some(Scope::default()),
        ShareScope::ServiceProvince => Some(Scope {
            service_province: Some(record.service_province.get()?),
            ..Scope::default()
        }),
        ShareScope::ServiceCounty => {
            let county = match &record.service_county {
                Field::Value(c) => c.clone(),
                _ => return None,
            };
            Some(Scope {
                service_province: Some(record.service_province.get()?),
                service_county: Some(county),
                ..Scope::default()
            })
        }
    }
}

#[derive(Debug, Default)]
struct Group {
    count: u64,
    total: u64,
    /// The rows a finding would point at: the counted rows for an upper bound, the others for a
    /// lower bound.
    rows: Vec<u32>,
}

/// The plan's own share of a group, which the group may use instead of the configured limit,
/// and what to say when it does (`notice`) or exceeds even that (`over`).
#[derive(Debug, Clone)]
pub struct Allowance {
    pub count: u64,
    pub total: u64,
    pub notice: Text,
    pub over: Text,
}

/// Counters of one share rule, per group.
#[derive(Debug)]
pub struct Shares {
    bound: Bound,
    limit: Decimal,
    groups: BTreeMap<Scope, Group>,
    /// The groups of a service province alone (the default scope), by province: counted at
    /// every row without comparing scopes; joined to `groups` when judged.
    by_province: Vec<Option<Group>>,
    /// Every group's numbers and verdict, once judged: what the summary shows.
    tallies: Vec<Tally>,
}

impl Shares {
    pub fn new(bound: Bound, limit_percent: Decimal) -> Shares {
        Shares {
            bound,
            limit: limit_percent,
            groups: BTreeMap::new(),
            by_province: Vec::new(),
            tallies: Vec::new(),
        }
    }

    /// The tallies of every group judged by [`Shares::findings`].
    pub fn take_tallies(&mut self) -> Vec<Tally> {
        std::mem::take(&mut self.tallies)
    }

    /// Adds one member of the population; `counted` says whether it is in the numerator.
    pub fn add(&mut self, scope: Scope, counted: bool, row: u32) {
        self.add_parts(scope, true, counted, row);
    }

    /// Adds a row to the total, the numerator, both or neither: S04 counts every 优秀 row in its
    /// numerator, 在岗 or not, against the 在岗 volunteers.
    pub fn add_parts(&mut self, scope: Scope, in_total: bool, counted: bool, row: u32) {
        if !(in_total || counted) {
            return;
        }
        let province_only = match &scope {
            Scope {
                service_province: Some(p),
                recruit_province: None,
                service_county: None,
                part: None,
            } => Some(*p as usize),
            _ => None,
        };
        let tally = match province_only {
            Some(p) => {
                if self.by_province.len() <= p {
                    self.by_province.resize_with(p + 1, || None);
                }
                match self.by_province.get_mut(p) {
                    Some(slot) => slot.get_or_insert_with(Group::default),
                    None => self.groups.entry(scope).or_default(),
                }
            }
            None => self.groups.entry(scope).or_default(),
        };
        if in_total {
            tally.total += 1;
        }
        if counted {
            tally.count += 1;
        }
        let point = match self.bound {
            Bound::AtMost => counted,
            Bound::AtLeast => !counted,
        };
        if point {
            tally.rows.push(row);
        }
    }

    /// A finding for every group whose share breaks the limit, and a tally for every group.
    /// `message` is the rule's message with any facts of its own; the group (`where`),
    /// `count`, `total`, `actual` and `limit` are added here.
    pub fn findings(
        &mut self,
        rule: &'static str,
        settings: &Settings,
        message: Text,
    ) -> Vec<Finding> {
        self.findings_allowing(rule, settings, message, &|_| None)
    }

    /// As [`Shares::findings`], with the plan's own share of a group as an allowance (S01's
    /// `plan_allowance`): where the plan itself sets a larger share than the limit, the group's
    /// limit is the plan's share. A group within the plan's share but above the configured limit
    /// gets a notice naming the plan's figure (`allowance.notice`); one above the plan's share
    /// too gets the rule's finding, its message from `allowance.over`.
    pub fn findings_allowing(
        &mut self,
        rule: &'static str,
        settings: &Settings,
        message: Text,
        allowance: &dyn Fn(&Scope) -> Option<Allowance>,
    ) -> Vec<Finding> {
        let limit = self.limit;
        let sign = match self.bound {
            Bound::AtMost => "≤",
            Bound::AtLeast => "≥",
        };
        let mut out = Vec::new();
        for (p, group) in std::mem::take(&mut self.by_province)
            .into_iter()
            .enumerate()
        {
            if let (Some(group), Some(province)) = (group, Province::ALL.get(p)) {
                let scope = Scope {
                    service_province: Some(*province),
                    ..Scope::default()
                };
                self.groups.insert(scope, group);
            }
        }
        for (scope, tally) in std::mem::take(&mut self.groups) {
            let breached = breaks(tally.count, tally.total, limit, self.bound);
            // The plan's own share, where it is above the configured limit.
            let plan = allowance(&scope).filter(|a| {
                self.bound == Bound::AtMost
                    && a.total > 0
                    && breaks(a.count, a.total, limit, Bound::AtMost)
            });
            if let (true, Some(a)) = (breached, &plan) {
                // count / total ≤ a.count / a.total, compared exactly in integers.
                let within = u128::from(tally.count) * u128::from(a.total)
                    <= u128::from(a.count) * u128::from(tally.total);
                let plan_limit =
                    Decimal::from(a.count) * Decimal::ONE_HUNDRED / Decimal::from(a.total);
                self.tallies.push(Tally {
                    rule,
                    scope: scope.clone(),
                    count: tally.count,
                    total: tally.total,
                    limit: Limit::AtMostPercent(plan_limit),
                    breached: !within,
                });
                let actual = percent(tally.count, tally.total);
                let plan_share = percent(a.count, a.total);
                let text = if within {
                    a.notice.clone()
                } else {
                    a.over.clone()
                }
                .arg("where", &scope)
                .arg("count", tally.count)
                .arg("total", tally.total)
                .arg("actual", actual.clone())
                .arg("limit", limit_text(limit))
                .arg("plan_count", a.count)
                .arg("plan_total", a.total)
                .arg("plan_share", plan_share.clone());
                let severity = if within {
                    super::finding::Severity::Notice
                } else {
                    settings.severity
                };
                out.push(
                    Finding::group(rule, severity, scope, tally.rows, text)
                        .counts(tally.count, tally.total)
                        .against(actual, format!("{sign} {plan_share}")),
                );
                continue;
            }
            self.tallies.push(Tally {
                rule,
                scope: scope.clone(),
                count: tally.count,
                total: tally.total,
                limit: match self.bound {
                    Bound::AtMost => Limit::AtMostPercent(limit),
                    Bound::AtLeast => Limit::AtLeastPercent(limit),
                },
                breached,
            });
            if !breached {
                continue;
            }
            let actual = percent_against(tally.count, tally.total, limit);
            let limit = limit_text(limit);
            let message = message
                .clone()
                .arg("where", &scope)
                .arg("count", tally.count)
                .arg("total", tally.total)
                .arg("actual", actual.clone())
                .arg("limit", limit.clone());
            out.push(
                Finding::group(rule, settings.severity, scope, tally.rows, message)
                    .counts(tally.count, tally.total)
                    .against(actual, format!("{sign} {limit}")),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparison_is_exact_at_the_boundary() {
        let seventy = Decimal::from(70);
        // 70.00% passes, 447/638 = 70.06% fails, 7/10 passes, 701/1000 fails.
        assert!(!breaks(70, 100, seventy, Bound::AtMost));
        assert!(breaks(447, 638, seventy, Bound::AtMost));
        assert!(!breaks(7, 10, seventy, Bound::AtMost));
        assert!(breaks(701, 1000, seventy, Bound::AtMost));
        let eighty_five = Decimal::from(85);
        assert!(!breaks(85, 100, eighty_five, Bound::AtLeast));
        assert!(breaks(84, 100, eighty_five, Bound::AtLeast));
        // 2/3 = 66.666…% against 66.67%: a float would round these together.
        let limit = Decimal::new(6667, 2);
        assert!(!breaks(2, 3, limit, Bound::AtMost));
        assert!(breaks(2, 3, Decimal::new(6666, 2), Bound::AtMost));
        assert!(!breaks(0, 0, seventy, Bound::AtMost));
    }

    #[test]
    fn percent_is_for_reading() {
        assert_eq!(percent(447, 638), "70.06%");
        assert_eq!(percent(70, 100), "70.00%");
        assert_eq!(percent(1, 3), "33.33%");
        // Rounding never hides an excess or a shortfall: 70.004% is over 70%, 84.999% under 85%.
        let seventy = Decimal::from(70);
        assert_eq!(percent_against(70_004, 100_000, seventy), "70.004%");
        assert_eq!(percent_against(69_996, 100_000, seventy), "69.996%");
        assert_eq!(
            percent_against(84_999, 100_000, Decimal::from(85)),
            "84.999%"
        );
        assert_eq!(percent_against(70, 100, seventy), "70.00%");
        assert_eq!(percent_against(447, 638, seventy), "70.06%");
        assert_eq!(percent_against(1, 3, seventy), "33.33%");
        assert_eq!(limit_text(Decimal::new(700, 1)), "70%");
    }
}
