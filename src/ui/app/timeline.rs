//! The timeline's rows: every milestone in due order, picked under the filters, with month
//! headers and a marker at today.

use chrono::{Datelike, NaiveDate};

use super::{App, DueSpan, MilestoneRef, TimelineRow};
use crate::ledger::{Ledger, Project};
use crate::rules;

/// One milestone as the timeline needs it. Kept in one flat table in ledger order, so
/// picking the timeline's rows reads this table rather than every project's milestones
/// scattered over memory.
#[derive(Debug, Clone, Copy)]
struct Entry {
    project: u32,
    milestone: u32,
    due: NaiveDate,
    unit: u32,
    done: bool,
}

/// Every milestone in due order (due, project, milestone), kept while no due date moves:
/// a filter then only picks from it.
#[derive(Debug, Clone, Default)]
pub struct DueOrder {
    /// Per project: the number of its first milestone in `entries`.
    first: Vec<u32>,
    entries: Vec<Entry>,
    /// Numbers in `entries`, in due order.
    by_due: Vec<u32>,
}

impl DueOrder {
    /// `None` beyond 4 billion milestones (then nothing is kept and the timeline is empty).
    pub fn build(ledger: &Ledger) -> Option<Self> {
        let count: usize = ledger.projects.iter().map(|p| p.milestones.len()).sum();
        u32::try_from(count).ok()?;
        u32::try_from(ledger.projects.len()).ok()?;
        let mut order = DueOrder {
            first: Vec::with_capacity(ledger.projects.len()),
            entries: Vec::with_capacity(count),
            by_due: Vec::new(),
        };
        for (project, p) in ledger.projects.iter().enumerate() {
            order.first.push(order.entries.len() as u32);
            for (milestone, m) in p.milestones.iter().enumerate() {
                order.entries.push(Entry {
                    project: project as u32,
                    milestone: milestone as u32,
                    due: m.due,
                    unit: p.milestone_unit(m) as u32,
                    done: m.done.is_some(),
                });
            }
        }
        order.by_due = sort_by_due(&order.entries);
        Some(order)
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
            .map_or(self.entries.len(), |&n| n as usize);
        if first + project.milestones.len() != next {
            return false;
        }
        let Some(entries) = self.entries.get_mut(first..next) else {
            return false;
        };
        for (e, m) in entries.iter_mut().zip(&project.milestones) {
            if e.due != m.due {
                return false;
            }
            e.done = m.done.is_some();
            e.unit = project.milestone_unit(m) as u32;
        }
        true
    }
}

/// Due dates span a few years of days: each milestone is counted into its day's slot (a
/// counting sort, which keeps the ledger's order within a day) rather than compared.
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
            self.derived.timeline = Some(vec![TimelineRow::Today]);
            return;
        };
        let mut shown = vec![false; self.ledger.projects.len()];
        for &p in &self.derived.rows {
            shown[p] = true;
        }
        let (today, t) = (self.today, self.ledger.thresholds);
        let colour = self.filter.colour;
        let unit = self.filter.unit;
        let searching = !self.filter.search.is_empty();
        let mut overdue = Vec::new();
        let mut rest = Vec::new();
        for &id in &order.by_due {
            let e = order.entries[id as usize];
            let project = e.project as usize;
            if !shown[project] {
                continue;
            }
            let at = MilestoneRef {
                project,
                milestone: e.milestone as usize,
            };
            if let Some(u) = unit
                && e.unit as usize != u
                && self.ledger.projects[project].lead != u
            {
                continue;
            }
            if let Some(cf) = colour
                && !cf.admits(rules::colour_on(e.due, e.done, today, &t))
            {
                continue;
            }
            if searching && !self.milestone_found(at) {
                continue;
            }
            if !e.done && e.due < today {
                overdue.push(id);
            } else {
                rest.push(id);
            }
        }
        let mut rows = Vec::with_capacity(overdue.len() + rest.len() + 16);
        let mut dues = DueSpan::default();
        if !overdue.is_empty() {
            rows.push(TimelineRow::OverdueHeader);
        }
        let entry = |id: u32| {
            let e = order.entries[id as usize];
            let at = MilestoneRef {
                project: e.project as usize,
                milestone: e.milestone as usize,
            };
            (e, at)
        };
        for (e, at) in overdue.into_iter().map(entry) {
            dues.add(e.due, e.done, self.ledger.year);
            rows.push(TimelineRow::Milestone(at));
        }
        let mut month = None;
        let mut today_shown = false;
        for (e, at) in rest.into_iter().map(entry) {
            let key = (e.due.year(), e.due.month());
            if !today_shown && e.due >= today {
                let today_key = (today.year(), today.month());
                if month != Some(today_key) {
                    rows.push(TimelineRow::Month {
                        year: today_key.0,
                        month: today_key.1,
                    });
                    month = Some(today_key);
                }
                rows.push(TimelineRow::Today);
                today_shown = true;
            }
            if month != Some(key) {
                rows.push(TimelineRow::Month {
                    year: key.0,
                    month: key.1,
                });
                month = Some(key);
            }
            dues.add(e.due, e.done, self.ledger.year);
            rows.push(TimelineRow::Milestone(at));
        }
        if !today_shown {
            rows.push(TimelineRow::Today);
        }
        self.derived.due_order = Some(order);
        self.derived.timeline_dues = dues;
        // Start on the first milestone row.
        if !matches!(
            rows.get(self.timeline.selected),
            Some(TimelineRow::Milestone(_))
        ) {
            self.timeline.selected = rows
                .iter()
                .position(|r| matches!(r, TimelineRow::Milestone(_)))
                .unwrap_or(0);
        }
        self.derived.timeline = Some(rows);
    }
}
