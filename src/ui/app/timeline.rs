//! The timeline's rows: every milestone in due order, picked under the filters, with month
//! headers and a marker at today.

use chrono::{Datelike, NaiveDate};

use super::{App, DueSpan, MilestoneRef, TimelineRow};
use crate::ledger::{Ledger, Project};
use crate::rules;

/// The timeline's lines, half the size of as many `TimelineRow`s (at 100,000 projects it
/// holds half a million): a milestone by two 32-bit numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timeline {
    rows: Vec<Row>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    OverdueHeader,
    Month { year: i32, month: u32 },
    Today,
    Milestone { project: u32, milestone: u32 },
}

impl Row {
    fn open(self) -> TimelineRow {
        match self {
            Row::OverdueHeader => TimelineRow::OverdueHeader,
            Row::Month { year, month } => TimelineRow::Month { year, month },
            Row::Today => TimelineRow::Today,
            Row::Milestone { project, milestone } => TimelineRow::Milestone(MilestoneRef {
                project: project as usize,
                milestone: milestone as usize,
            }),
        }
    }
}

impl Timeline {
    /// No lines at all (before the view is first shown).
    pub const EMPTY: Timeline = Timeline { rows: Vec::new() };

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<TimelineRow> {
        self.rows.get(i).map(|r| r.open())
    }

    /// The lines from `start` on (what a pane shows from its first visible line).
    pub fn iter_from(&self, start: usize) -> impl Iterator<Item = TimelineRow> + '_ {
        self.rows
            .get(start..)
            .unwrap_or(&[])
            .iter()
            .map(|r| r.open())
    }

    pub fn iter(&self) -> impl Iterator<Item = TimelineRow> + '_ {
        self.iter_from(0)
    }

    /// Whether line `i` is a milestone (not a header or the marker at today).
    pub fn is_milestone(&self, i: usize) -> bool {
        matches!(self.rows.get(i), Some(Row::Milestone { .. }))
    }
}

/// One milestone as the timeline needs it, in 16 bytes (half a million at 100,000
/// projects are read on every rebuild of the timeline).
#[derive(Debug, Clone, Copy)]
struct Entry {
    project: u32,
    milestone: u32,
    due: NaiveDate,
    /// The unit answering for it, with the top bit set when it is done.
    unit_done: u32,
}

const DONE: u32 = 1 << 31;

impl Entry {
    fn new(project: usize, milestone: usize, due: NaiveDate, unit: usize, done: bool) -> Self {
        let mut e = Entry {
            project: project as u32,
            milestone: milestone as u32,
            due,
            unit_done: 0,
        };
        e.set(unit, done);
        e
    }

    fn set(&mut self, unit: usize, done: bool) {
        // Unit numbers are far below 2^31 (a ledger has hundreds).
        let unit = u32::try_from(unit).unwrap_or(DONE - 1).min(DONE - 1);
        self.unit_done = unit | if done { DONE } else { 0 };
    }

    fn unit(&self) -> usize {
        (self.unit_done & !DONE) as usize
    }

    fn done(&self) -> bool {
        self.unit_done & DONE != 0
    }
}

/// Every milestone in due order (due, project, milestone), kept while no due date moves:
/// a filter then only picks from it, reading the table from start to end.
#[derive(Debug, Clone, Default)]
pub struct DueOrder {
    /// Per project: the number of its first milestone in ledger order.
    first: Vec<u32>,
    /// Per milestone in ledger order: its place in `entries`.
    place: Vec<u32>,
    /// In due order.
    entries: Vec<Entry>,
}

impl DueOrder {
    /// `None` beyond 4 billion milestones (then nothing is kept and the timeline is empty).
    pub fn build(ledger: &Ledger) -> Option<Self> {
        let count: usize = ledger.projects.iter().map(|p| p.milestones.len()).sum();
        u32::try_from(count).ok()?;
        u32::try_from(ledger.projects.len()).ok()?;
        let mut first = Vec::with_capacity(ledger.projects.len());
        let mut in_ledger = Vec::with_capacity(count);
        for (project, p) in ledger.projects.iter().enumerate() {
            first.push(in_ledger.len() as u32);
            for (milestone, m) in p.milestones.iter().enumerate() {
                in_ledger.push(Entry::new(
                    project,
                    milestone,
                    m.due,
                    p.milestone_unit(m),
                    m.done.is_some(),
                ));
            }
        }
        let order = sort_by_due(&in_ledger);
        let mut place = vec![0u32; count];
        for (at, &id) in order.iter().enumerate() {
            place[id as usize] = at as u32;
        }
        let entries = order.iter().map(|&id| in_ledger[id as usize]).collect();
        Some(DueOrder {
            first,
            place,
            entries,
        })
    }

    /// Takes in a change to project `p` that moved no due date and added or removed no
    /// milestone; false when it did (then the order is built again).
    pub fn follow(&mut self, p: usize, project: &Project) -> bool {
        let Some(&first) = self.first.get(p) else {
            return false;
        };
        let first = first as usize;
        let next = self
            .first
            .get(p + 1)
            .map_or(self.place.len(), |&n| n as usize);
        if first + project.milestones.len() != next {
            return false;
        }
        for (j, m) in project.milestones.iter().enumerate() {
            let Some(e) = self
                .place
                .get(first + j)
                .and_then(|&at| self.entries.get_mut(at as usize))
            else {
                return false;
            };
            if e.due != m.due {
                return false;
            }
            e.set(project.milestone_unit(m), m.done.is_some());
        }
        true
    }
}

/// Due dates span a few years of days: each milestone is counted into its day's slot (a
/// counting sort, which keeps the ledger's order within a day) rather than compared.
/// Returns the milestones' numbers in due order.
fn sort_by_due(entries: &[Entry]) -> Vec<u32> {
    let day = |e: &Entry| e.due.num_days_from_ce();
    let (Some(first), Some(last)) = (entries.iter().map(day).min(), entries.iter().map(day).max())
    else {
        return Vec::new();
    };
    let span = usize::try_from(i64::from(last) - i64::from(first) + 1).unwrap_or(usize::MAX);
    let mut ids: Vec<u32> = (0..entries.len() as u32).collect();
    if span > 4 * entries.len() + 4096 {
        // Dates far apart (a slip such as 0001 or 9999): slots would outweigh the
        // milestones, so compare instead (stable: the ledger's order within a day).
        ids.sort_by_key(|&i| entries[i as usize].due);
        return ids;
    }
    let slot = |e: &Entry| (day(e) - first) as usize;
    // Where each day's milestones start; then each goes to its day's next free place.
    let mut next = vec![0usize; span + 1];
    for e in entries {
        next[slot(e) + 1] += 1;
    }
    for i in 1..next.len() {
        next[i] += next[i - 1];
    }
    for (i, e) in entries.iter().enumerate() {
        let s = slot(e);
        ids[next[s]] = i as u32;
        next[s] += 1;
    }
    ids
}

/// The month a date falls in and whether it is in the campaign's year, worked out once per
/// day rather than once per milestone (many milestones share a due date).
struct MonthOf {
    day: Option<NaiveDate>,
    month: (i32, u32),
}

impl MonthOf {
    fn of(&mut self, d: NaiveDate) -> (i32, u32) {
        if self.day != Some(d) {
            self.day = Some(d);
            self.month = (d.year(), d.month());
        }
        self.month
    }
}

impl App {
    /// Builds the timeline rows when that view is shown: overdue open milestones first,
    /// then every other milestone by month, with a marker at today.
    pub fn ensure_timeline(&mut self) {
        if self.derived.timeline.is_some() {
            return;
        }
        let Some(order) = self
            .derived
            .due_order
            .take()
            .or_else(|| DueOrder::build(&self.ledger))
        else {
            self.derived.timeline = Some(Timeline {
                rows: vec![Row::Today],
            });
            return;
        };
        let mut shown = vec![false; self.ledger.projects.len()];
        for &p in &self.derived.rows {
            shown[p] = true;
        }
        let (today, t, year) = (self.today, self.ledger.thresholds, self.ledger.year);
        let colour = self.filter.colour;
        let unit = self.filter.unit;
        let searching = !self.filter.search.is_empty();
        let passes = |e: &Entry| {
            let project = e.project as usize;
            shown[project]
                && unit.is_none_or(|u| e.unit() == u || self.derived.leads[project] as usize == u)
                && colour.is_none_or(|cf| cf.admits(rules::colour_on(e.due, e.done(), today, &t)))
                && (!searching
                    || self.milestone_found(MilestoneRef {
                        project,
                        milestone: e.milestone as usize,
                    }))
        };
        let at = |e: &Entry| Row::Milestone {
            project: e.project,
            milestone: e.milestone,
        };
        // Everything due before today comes first in the order: the open ones there are
        // the overdue section; the done ones go under their months.
        let before = order.entries.partition_point(|e| e.due < today);
        let (past, rest) = order.entries.split_at(before);
        let mut rows = Vec::new();
        let mut dues = DueSpan::default();
        let mut months = MonthOf {
            day: None,
            month: (0, 0),
        };
        let mut add = |rows: &mut Vec<Row>, e: &Entry, months: &mut MonthOf| {
            dues.count += 1;
            dues.other_year |= months.of(e.due).0 != year;
            if e.done() {
                dues.any_done = true;
            } else {
                dues.first = Some(dues.first.map_or(e.due, |f| f.min(e.due)));
                dues.last = Some(dues.last.map_or(e.due, |l| l.max(e.due)));
            }
            rows.push(at(e));
        };
        for e in past.iter().filter(|e| !e.done() && passes(e)) {
            if rows.is_empty() {
                rows.push(Row::OverdueHeader);
            }
            add(&mut rows, e, &mut months);
        }
        let mut month = None;
        let mut header = |rows: &mut Vec<Row>, key: (i32, u32)| {
            if month != Some(key) {
                rows.push(Row::Month {
                    year: key.0,
                    month: key.1,
                });
                month = Some(key);
            }
        };
        for e in past.iter().filter(|e| e.done() && passes(e)) {
            header(&mut rows, months.of(e.due));
            add(&mut rows, e, &mut months);
        }
        // The marker at today goes before the first milestone due from today on (under
        // today's month), or last.
        let mut today_shown = false;
        for e in rest.iter().filter(|e| passes(e)) {
            if !today_shown {
                header(&mut rows, (today.year(), today.month()));
                rows.push(Row::Today);
                today_shown = true;
            }
            header(&mut rows, months.of(e.due));
            add(&mut rows, e, &mut months);
        }
        if !today_shown {
            rows.push(Row::Today);
        }
        self.derived.due_order = Some(order);
        self.derived.timeline_dues = dues;
        let timeline = Timeline { rows };
        // Start on the first milestone row.
        if !timeline.is_milestone(self.timeline.selected) {
            self.timeline.selected = (0..timeline.len())
                .find(|&i| timeline.is_milestone(i))
                .unwrap_or(0);
        }
        self.derived.timeline = Some(timeline);
    }
}
