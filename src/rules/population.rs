//! Who is counted: the one rule every plan and share rule (S01–S04, Q01, Q02) draws its
//! population from, so that no two of them count a different roster.
//!
//! The SPEC's "Who is counted": the volunteers the roster places — rows whose 在岗状态 is 在岗 or
//! blank. 离岗 and 流失 rows are left out, because a 补录 replaces them ("进行同等数额选拔补招").
//! 地方项目 rows are left out of the plan tables' rules (Q01, Q02) only: 附件1 and 附件2 are the
//! national project's. S04 counts every 优秀 row in its numerator, as its sentence does, against
//! the 在岗 volunteers.

use crate::messages::{Msg, Text};
use crate::roster::values::PostStatus;
use crate::roster::{Field, Notice, Record};

/// Placed by the roster: 在岗 or a blank 在岗状态. The population of S01–S03 and S04's total.
pub fn placed(r: &Record) -> bool {
    r.on_post()
}

/// Counted against 附件1 and 附件2 (Q01, Q02): placed, and not a 地方项目 volunteer.
pub fn in_plan(r: &Record) -> bool {
    placed(r) && r.national_project()
}

/// How many rows the population rule left out, for the report's notice.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LeftOut {
    /// 离岗 and 流失 rows: out of S01–S03, Q01, Q02 and S04's total.
    pub off_post: u64,
    /// 地方项目 rows that are placed: out of Q01 and Q02.
    pub local: u64,
}

impl LeftOut {
    pub fn observe(&mut self, r: &Record) {
        if matches!(
            r.post_status,
            Field::Value(PostStatus::OffPost | PostStatus::Lost)
        ) {
            self.off_post += 1;
        } else if placed(r) && !r.national_project() {
            self.local += 1;
        }
    }

    /// The notices the report shows: one per kind of row left out, none when none were.
    pub fn notices(&self) -> Vec<Notice> {
        let mut out = Vec::new();
        if self.off_post > 0 {
            out.push(Notice {
                row: None,
                text: Text::new(Msg::LeftOutOffPost).arg("count", self.off_post),
            });
        }
        if self.local > 0 {
            out.push(Notice {
                row: None,
                text: Text::new(Msg::LeftOutLocal).arg("count", self.local),
            });
        }
        out
    }
}
