//! What the views show, computed from the ledger, the filters and `today`, and kept until
//! one of them changes.

use chrono::{Datelike, NaiveDate};

use super::{App, MilestoneRef, SortKey, TimelineRow, View};
use crate::ledger::{Change, ChangeError, UnitId};
use crate::rules::{self, Colour};

impl App {
    /// Recomputes everything derived from the ledger and `today`.
    pub fn refresh_all(&mut self) {
        let t = &self.ledger.thresholds;
        self.derived.project_colour = self
            .ledger
            .projects
            .iter()
            .map(|p| rules::project_colour(p, self.today, t))
            .collect();
        self.derived.next_due = self
            .ledger
            .projects
            .iter()
            .map(|p| rules::next_open(p).map(|m| m.due))
            .collect();
        self.derived.unit_stats = rules::unit_stats(&self.ledger, self.today);
        self.derived.scorecard = rules::scorecard(&self.derived.unit_stats);
        self.refresh_rows();
    }

    /// Recomputes the filtered rows after a filter or sort change. The selections follow
    /// their project and milestone to wherever the new order puts them.
    pub fn refresh_rows(&mut self) {
        let mut rows: Vec<usize> = (0..self.ledger.projects.len())
            .filter(|&i| self.project_passes(i))
            .collect();
        self.sort_rows(&mut rows);
        self.set_rows(rows, None);
    }

    /// After the search only grew (a character typed): the rows can only shrink, and keep
    /// their order, so only the rows shown are looked at again.
    pub fn narrow_rows(&mut self) {
        let mut rows = self.derived.rows.clone();
        rows.retain(|&i| self.project_passes(i));
        self.set_rows(rows, None);
    }

    fn sort_rows(&self, rows: &mut [usize]) {
        rows.sort_by(|&a, &b| self.row_order(a, b));
    }

    /// The order of two projects in the table under the current sort (a total order: ties
    /// go by the ledger's order).
    fn row_order(&self, a: usize, b: usize) -> std::cmp::Ordering {
        let names = &self.ledger.projects;
        let colour = &self.derived.project_colour;
        let due = &self.derived.next_due;
        match self.sort {
            SortKey::Colour => colour[b]
                .cmp(&colour[a])
                .then(due_order(due[a], due[b]))
                .then(a.cmp(&b)),
            SortKey::Due => due_order(due[a], due[b]).then(a.cmp(&b)),
            SortKey::Unit => names[a]
                .lead
                .cmp(&names[b].lead)
                .then(colour[b].cmp(&colour[a]))
                .then(a.cmp(&b)),
            SortKey::Name => names[a].name.cmp(&names[b].name).then(a.cmp(&b)),
        }
    }

    /// Applies a change to the ledger and brings up to date only what it touches: the
    /// project's colour, next due date and place in the table, its units' counts, a unit's
    /// pledge attainment. Returns the change's inverse.
    pub fn apply(&mut self, change: &Change) -> Result<Change, ChangeError> {
        let (today, t) = (self.today, self.ledger.thresholds);
        let project = change.project().filter(|&p| p < self.ledger.projects.len());
        // The overview's totals, kept: the project's part out before, back in after. When
        // the project joins or leaves the rows they are added up again (investment is a sum
        // of decimals: taking one out and putting it back would not give the same figure).
        let mut totals = self.derived.totals.take().filter(|_| change.counts_only());
        let was_shown = project.is_some_and(|p| self.project_passes(p));
        if let (Some(tot), Some(p), true) = (&mut totals, project, was_shown) {
            rules::count_totals(tot, &self.ledger.projects[p], today, &t, false);
        }
        if let Some(p) = project {
            rules::count_project(
                &mut self.derived.unit_stats,
                &self.ledger.projects[p],
                today,
                &t,
                false,
            );
        }
        let applied = change.apply(&mut self.ledger);
        if let Some(p) = project {
            let pr = &self.ledger.projects[p];
            rules::count_project(&mut self.derived.unit_stats, pr, today, &t, true);
            self.derived.project_colour[p] = rules::project_colour(pr, today, &t);
            self.derived.next_due[p] = rules::next_open(pr).map(|m| m.due);
        }
        if let Some(u) = change.unit()
            && let (Some(s), Some(unit)) =
                (self.derived.unit_stats.get_mut(u), self.ledger.units.get(u))
        {
            s.pledge_attainment = rules::unit_attainment(unit);
        }
        if let Some(p) = project {
            if self.project_passes(p) != was_shown {
                totals = None;
            } else if let (Some(tot), true) = (&mut totals, was_shown) {
                rules::count_totals(tot, &self.ledger.projects[p], today, &t, true);
            }
        }
        let inverse = match applied {
            Ok(inverse) => inverse,
            Err(e) => {
                // Nothing changed: the project's part went out and back in.
                self.derived.totals = totals;
                return Err(e);
            }
        };
        self.derived.scorecard = rules::scorecard(&self.derived.unit_stats);
        // A copy: the selection is found in the rows as they were.
        let mut rows = self.derived.rows.clone();
        if let Some(p) = project {
            rows.retain(|&r| r != p);
            if self.project_passes(p) {
                let at = rows.partition_point(|&r| self.row_order(r, p).is_lt());
                rows.insert(at, p);
            }
        }
        self.set_rows(rows, totals);
        Ok(inverse)
    }

    /// Takes new rows, and everything kept with them; the selections follow their items
    /// (looked up in the rows still in place).
    /// `totals`: the overview's totals, when the caller kept them up to date.
    fn set_rows(&mut self, rows: Vec<usize>, totals: Option<rules::Totals>) {
        let project = self.selected_project();
        let wall_project = self
            .wall
            .then(|| self.derived.rows.get(self.timeline.selected).copied())
            .flatten();
        let milestone = self.target_in_timeline();
        let mut dues = super::DueSpan::default();
        for &p in &rows {
            if let Some(d) = self.derived.next_due[p] {
                dues.add(d, false, self.ledger.year);
            }
        }
        self.derived.row_dues = dues;
        self.derived.rows = rows;
        // Which units lead a project shown: one pass over the rows, not one per unit.
        let mut leads = vec![false; self.ledger.units.len()];
        if !self.filter.search.is_empty() {
            for &p in &self.derived.rows {
                if let Some(l) = leads.get_mut(self.ledger.projects[p].lead) {
                    *l = true;
                }
            }
        }
        self.derived.unit_rows = (0..self.ledger.units.len())
            .filter(|&u| self.unit_passes(u, leads[u]))
            .collect();
        self.derived.timeline = None;
        self.derived.totals = totals;
        if self.view == View::Overview {
            self.ensure_totals();
        }
        let find =
            |p: Option<usize>, rows: &[usize]| p.and_then(|p| rows.iter().position(|&r| r == p));
        if let Some(i) = find(project, &self.derived.rows) {
            self.projects.selected = i;
        }
        if let Some(i) = find(wall_project, &self.derived.rows) {
            self.timeline.selected = i;
        }
        if self.view == View::Timeline {
            self.ensure_timeline();
            if let Some(i) = milestone.and_then(|at| {
                self.timeline_rows()
                    .iter()
                    .position(|r| *r == TimelineRow::Milestone(at))
            }) {
                self.timeline.selected = i;
            }
        }
        self.clamp_all();
    }

    /// The milestone selected in the timeline list, if it is built and shown as a list.
    fn target_in_timeline(&self) -> Option<MilestoneRef> {
        if self.wall {
            return None;
        }
        match self
            .derived
            .timeline
            .as_deref()?
            .get(self.timeline.selected)
        {
            Some(TimelineRow::Milestone(at)) => Some(*at),
            _ => None,
        }
    }

    fn search_hit(&self, text: &str) -> bool {
        let q = &self.filter.search;
        if q.is_empty() || text.contains(q.as_str()) {
            return true;
        }
        // Latin letters match in either case, compared in place (no copy per name per key).
        q.is_ascii()
            && text
                .as_bytes()
                .windows(q.len())
                .any(|w| w.eq_ignore_ascii_case(q.as_bytes()))
    }

    /// Whether a project shows under the filters: its lead (or a milestone's unit) is the
    /// unit, its name or a milestone's name matches the search, its colour is admitted.
    pub fn project_passes(&self, i: usize) -> bool {
        let p = &self.ledger.projects[i];
        if let Some(u) = self.filter.unit {
            let involved = p.lead == u || p.milestones.iter().any(|m| m.unit == Some(u));
            if !involved {
                return false;
            }
        }
        if let Some(cf) = self.filter.colour
            && !self.derived.project_colour[i].is_some_and(|c| cf.admits(c))
        {
            return false;
        }
        if !self.filter.search.is_empty()
            && !self.search_hit(&p.name)
            && !p.milestones.iter().any(|m| self.search_hit(&m.name))
        {
            return false;
        }
        true
    }

    /// Whether a milestone of a shown project shows in the timeline.
    pub fn milestone_passes(&self, at: MilestoneRef) -> bool {
        let p = &self.ledger.projects[at.project];
        let m = &p.milestones[at.milestone];
        if let Some(u) = self.filter.unit
            && p.milestone_unit(m) != u
            && p.lead != u
        {
            return false;
        }
        if let Some(cf) = self.filter.colour
            && !cf.admits(rules::milestone_colour(
                m,
                self.today,
                &self.ledger.thresholds,
            ))
        {
            return false;
        }
        if !self.filter.search.is_empty() && !self.search_hit(&p.name) && !self.search_hit(&m.name)
        {
            return false;
        }
        true
    }

    /// Whether a unit shows in the units view; `leads_shown`: it leads a project shown.
    fn unit_passes(&self, u: UnitId, leads_shown: bool) -> bool {
        if let Some(f) = self.filter.unit {
            return f == u;
        }
        let s = &self.derived.unit_stats[u];
        if let Some(cf) = self.filter.colour {
            let any = Colour::BY_SEVERITY
                .iter()
                .any(|&c| cf.admits(c) && s.counts.get(c) > 0);
            if !any {
                return false;
            }
        }
        if !self.filter.search.is_empty() {
            return leads_shown || self.search_hit(&self.ledger.units[u].name);
        }
        true
    }

    /// Totals over the projects shown, for the overview; computed once per change of the
    /// rows, not on every frame.
    /// Totals over the projects shown, added up in the ledger's order: the same figures
    /// whatever the sort (sums of decimals depend on their order).
    pub fn fresh_totals(&self) -> rules::Totals {
        let mut shown = vec![false; self.ledger.projects.len()];
        for &p in &self.derived.rows {
            shown[p] = true;
        }
        let projects = self
            .ledger
            .projects
            .iter()
            .zip(shown)
            .filter_map(|(p, s)| s.then_some(p));
        rules::totals(&self.ledger, projects, self.today)
    }

    pub fn ensure_totals(&mut self) {
        if self.derived.totals.is_none() {
            self.derived.totals = Some(self.fresh_totals());
        }
    }

    /// Builds the timeline rows: overdue open milestones first, then every other milestone by
    /// month, with a marker at today.
    /// Every milestone, by due date, then project, then its place in the project.
    fn milestones_by_due(&self) -> Vec<MilestoneRef> {
        let mut all: Vec<MilestoneRef> = self
            .ledger
            .projects
            .iter()
            .enumerate()
            .flat_map(|(project, p)| {
                (0..p.milestones.len()).map(move |milestone| MilestoneRef { project, milestone })
            })
            .collect();
        let due = |at: &MilestoneRef| self.ledger.projects[at.project].milestones[at.milestone].due;
        all.sort_by_key(|at| (due(at), at.project, at.milestone));
        all
    }

    pub fn ensure_timeline(&mut self) {
        if self.derived.timeline.is_some() {
            return;
        }
        let by_due = self
            .derived
            .by_due
            .take()
            .unwrap_or_else(|| self.milestones_by_due());
        let mut shown = vec![false; self.ledger.projects.len()];
        for &p in &self.derived.rows {
            shown[p] = true;
        }
        // Picked in due order from the kept list: no sort per filter.
        let mut overdue = Vec::new();
        let mut rest = Vec::new();
        for &at in &by_due {
            if !shown[at.project] || !self.milestone_passes(at) {
                continue;
            }
            let m = &self.ledger.projects[at.project].milestones[at.milestone];
            if m.done.is_none() && m.due < self.today {
                overdue.push((m.due, at));
            } else {
                rest.push((m.due, at));
            }
        }
        self.derived.by_due = Some(by_due);
        let mut rows = Vec::with_capacity(overdue.len() + rest.len() + 16);
        if !overdue.is_empty() {
            rows.push(TimelineRow::OverdueHeader);
            rows.extend(overdue.iter().map(|(_, at)| TimelineRow::Milestone(*at)));
        }
        let mut month = None;
        let mut today_shown = false;
        for (due, at) in rest {
            let key = (due.year(), due.month());
            if !today_shown && due >= self.today {
                let today_key = (self.today.year(), self.today.month());
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
            rows.push(TimelineRow::Milestone(at));
        }
        if !today_shown {
            rows.push(TimelineRow::Today);
        }
        let mut dues = super::DueSpan::default();
        for row in &rows {
            if let TimelineRow::Milestone(at) = row {
                let m = &self.ledger.projects[at.project].milestones[at.milestone];
                dues.add(m.due, m.done.is_some(), self.ledger.year);
            }
        }
        self.derived.timeline_dues = dues;
        self.derived.timeline = Some(rows);
        // Start on the first milestone row.
        if let Some(rows) = &self.derived.timeline
            && !matches!(
                rows.get(self.timeline.selected),
                Some(TimelineRow::Milestone(_))
            )
        {
            self.timeline.selected = rows
                .iter()
                .position(|r| matches!(r, TimelineRow::Milestone(_)))
                .unwrap_or(0);
        }
    }
}

/// Projects with no open milestone sort last.
fn due_order(a: Option<NaiveDate>, b: Option<NaiveDate>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}
