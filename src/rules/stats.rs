//! The per-province summary the report's table shows: the share rules' numbers for every
//! service province, whether or not a rule fired, and the scale used against the plan.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::plan::Plan;
use crate::province::Province;
use crate::roster::Record;
use crate::roster::values::{Rating, UnitNature, VolunteerType};

/// A count out of a total.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Ratio {
    pub count: u64,
    pub total: u64,
}

impl Ratio {
    fn add(&mut self, counted: bool) {
        self.total += 1;
        if counted {
            self.count += 1;
        }
    }
}

/// One service province's numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ProvinceSummary {
    pub province: Option<Province>,
    /// 新招募 recruited in the province itself, of all 新招募 (S01).
    pub in_province: Ratio,
    /// 本科及以上 of the 新招募 whose 学历 was read (S02, default counting).
    pub bachelor: Ratio,
    /// 县级及以上机关 placements of all 在岗 (S03).
    pub county_organ: Ratio,
    /// 优秀 of all 在岗 (S04).
    pub excellent: Ratio,
    /// 在岗 volunteers against 附件1's 实施规模 (`None` when 附件1 has no row).
    pub on_post: u64,
    pub planned: Option<u64>,
}

/// Collects the summary as records stream by.
#[derive(Debug, Default)]
pub struct Stats {
    by_province: BTreeMap<Province, ProvinceSummary>,
}

impl Stats {
    pub fn observe(&mut self, r: &Record) {
        let Some(service) = r.service_province.get() else {
            return;
        };
        let s = self.by_province.entry(service).or_default();
        if r.volunteer_type.get() == Some(VolunteerType::New) {
            if let Some(recruit) = r.recruit_province.get() {
                s.in_province.add(recruit == service);
            }
            if let Some(e) = r.education.get() {
                s.bachelor.add(e.bachelor_or_above());
            }
        }
        if r.on_post() {
            s.on_post += 1;
            s.county_organ.add(
                r.unit_nature.get() == Some(UnitNature::Organ)
                    && r.unit_level.get().is_some_and(|l| l.county_or_above()),
            );
            s.excellent.add(r.rating.get() == Some(Rating::Excellent));
        }
    }

    /// One row per service province in the roster, in province order, then the national total.
    pub fn finish(self, plan: &Plan) -> Vec<ProvinceSummary> {
        let mut national = ProvinceSummary::default();
        let mut rows: Vec<ProvinceSummary> = self
            .by_province
            .into_iter()
            .map(|(p, mut s)| {
                s.province = Some(p);
                s.planned = plan.scale.get(p).map(|r| u64::from(r.total));
                for (sum, part) in [
                    (&mut national.in_province, s.in_province),
                    (&mut national.bachelor, s.bachelor),
                    (&mut national.county_organ, s.county_organ),
                    (&mut national.excellent, s.excellent),
                ] {
                    sum.count += part.count;
                    sum.total += part.total;
                }
                national.on_post += s.on_post;
                s
            })
            .collect();
        national.planned = plan
            .scale
            .totals
            .map(|t| u64::from(t.total))
            .or(Some(u64::from(plan.scale.column_sums().total)));
        if !rows.is_empty() {
            rows.push(national);
        }
        rows
    }
}
