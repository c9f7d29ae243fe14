//! The validated ledger: real dates, unit references resolved to indexes, text made safe
//! for display. Nothing here knows about RON or the terminal.

use chrono::NaiveDate;
use compact_str::CompactString;

/// Index of a unit in [`Ledger::units`].
pub type UnitId = usize;

#[derive(Debug, Clone, PartialEq)]
pub struct Ledger {
    pub title: CompactString,
    pub year: i32,
    pub office: Option<CompactString>,
    pub categories: Vec<CompactString>,
    pub thresholds: Thresholds,
    pub units: Vec<Unit>,
    pub projects: Vec<Project>,
}

/// The `warning` settings of the four-colour rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// A milestone due within this many days (today included) is blue.
    pub soon_days: i64,
    /// Past due by more than this many days is red; by fewer, yellow.
    pub red_days: i64,
    /// Investment more than this many percentage points behind the year's elapsed share is flagged.
    pub lag_points: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            soon_days: 14,
            red_days: 30,
            lag_points: 10.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub name: CompactString,
    /// How the name reads, when the pinyin table gets it wrong (docs/format.md).
    pub pinyin: Option<CompactString>,
    pub leader: Option<CompactString>,
    pub title: Option<CompactString>,
    pub pledges: Vec<Pledge>,
}

/// One line of a unit's pledge letter (目标承诺书).
#[derive(Debug, Clone, PartialEq)]
pub struct Pledge {
    pub text: CompactString,
    pub due: Option<NaiveDate>,
    pub target: Option<f64>,
    pub measure: Option<CompactString>,
    pub progress: Option<f64>,
    /// The day it was fulfilled (closing the pledge), and who recorded it.
    pub done: Option<NaiveDate>,
    pub by: Option<CompactString>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    pub name: CompactString,
    /// How the name reads, when the pinyin table gets it wrong (docs/format.md).
    pub pinyin: Option<CompactString>,
    pub category: Option<CompactString>,
    pub lead: UnitId,
    pub support: Vec<UnitId>,
    pub leader: Option<CompactString>,
    pub investment: Option<Investment>,
    /// The investment completed in each month (月报), in month order as written.
    pub monthly: Vec<MonthDone>,
    pub scale: Option<CompactString>,
    pub milestones: Vec<Milestone>,
    pub updates: Vec<Update>,
}

/// Investment in 亿元: the whole project, this year's plan, done this year.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Investment {
    pub total: Option<f64>,
    pub plan: Option<f64>,
    pub done: Option<f64>,
}

/// One month's completed investment (月报), in 亿元.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MonthDone {
    /// 1 to 12, in the ledger's year.
    pub month: u32,
    pub done: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Milestone {
    pub name: CompactString,
    pub due: NaiveDate,
    /// The due date as first planned, kept when the milestone is re-planned (倒排工期).
    pub baseline: Option<NaiveDate>,
    pub done: Option<NaiveDate>,
    pub by: Option<CompactString>,
    /// The unit answering for this node when it is not the project's lead.
    pub unit: Option<UnitId>,
}

/// One line of a project's progress log (进度填报).
#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    pub date: NaiveDate,
    pub text: CompactString,
    pub by: Option<CompactString>,
}

/// The progress lines of `now` that `was` does not have: a log only grows, so a line is new
/// where `now` holds more copies of it than `was` (the later copies).
pub fn updates_added<'a>(was: &'a [Update], now: &'a [Update]) -> impl Iterator<Item = &'a Update> {
    now.iter().enumerate().filter_map(move |(i, u)| {
        let seen = now[..i].iter().filter(|x| *x == u).count();
        (was.iter().filter(|x| *x == u).count() <= seen).then_some(u)
    })
}

impl Ledger {
    pub fn unit_name(&self, id: UnitId) -> &str {
        self.units.get(id).map_or("?", |u| u.name.as_str())
    }

    pub fn unit_by_name(&self, name: &str) -> Option<UnitId> {
        self.units.iter().position(|u| u.name == name)
    }

    pub fn project_by_name(&self, name: &str) -> Option<usize> {
        self.projects.iter().position(|p| p.name == name)
    }

    /// The unit that office-wide pledges belong to: the unit named like the `office`.
    pub fn office_unit(&self) -> Option<UnitId> {
        self.office.as_deref().and_then(|o| self.unit_by_name(o))
    }
}

impl Milestone {
    /// Days the milestone was moved against its first plan (negative: brought forward).
    pub fn moved_days(&self) -> Option<i64> {
        self.baseline.map(|b| (self.due - b).num_days())
    }
}

impl Project {
    /// The completed investment recorded for `month` (1 to 12).
    pub fn month_done(&self, month: u32) -> Option<f64> {
        self.monthly
            .iter()
            .find(|m| m.month == month)
            .map(|m| m.done)
    }

    /// Whether the project names the unit: as its lead, a supporting unit, or a milestone's.
    pub fn names_unit(&self, u: UnitId) -> bool {
        self.lead == u
            || self.support.contains(&u)
            || self.milestones.iter().any(|m| m.unit == Some(u))
    }

    /// The unit answering for a milestone: its own `unit`, else the project's lead.
    pub fn milestone_unit(&self, m: &Milestone) -> UnitId {
        m.unit.unwrap_or(self.lead)
    }

    pub fn milestone_by_name(&self, name: &str) -> Option<usize> {
        self.milestones.iter().position(|m| m.name == name)
    }
}
