//! What the views show, computed from the ledger, the filters and `today`, and kept until
//! one of them changes.

use super::search::{self, SearchIndex};
use super::{App, MilestoneRef, SortKey, TimelineRow, View};
use std::sync::Arc;

use crate::ledger::{Change, ChangeError, UnitId};
use crate::rules::{self, Colour};

impl App {
    /// Recomputes everything derived from the ledger and `today`.
    pub fn refresh_all(&mut self) {
        let figures = Figures::of(&self.ledger, self.today);
        self.take_figures(figures);
    }

    /// Takes figures computed from the ledger as it is now, and recomputes the rows. The
    /// ledger may be another one altogether (a reload): what is kept of its names and due
    /// dates is built again when next needed.
    pub(super) fn take_figures(&mut self, f: Figures) {
        self.derived.milestone_counts = f.milestone_counts;
        self.derived.leads = f.leads;
        self.derived.amounts = f.amounts;
        self.derived.project_colour = f.project_colour;
        self.derived.next_due = f.next_due;
        self.derived.unit_stats = f.unit_stats;
        self.size_unit_columns();
        self.derived.scorecard = f.scorecard;
        self.derived.due_order = None;
        self.derived.search_index = None;
        self.derived.name_rank = None;
        self.derived.warm = false;
        self.refresh_rows();
    }

    /// Sizes the unit tables' count columns to the largest count (once per change of the
    /// statistics, not per frame).
    fn size_unit_columns(&mut self) {
        let digits = crate::ui::width::digits;
        let stats = &self.derived.unit_stats;
        let most = stats
            .iter()
            .flat_map(|s| Colour::BY_SEVERITY.map(|c| s.counts.get(c)))
            .max()
            .unwrap_or(0);
        let projects = stats.iter().map(|s| s.projects).max().unwrap_or(0);
        self.derived.count_width = (digits(most) + 1).max(3);
        self.derived.projects_width = digits(projects).max(4);
    }

    /// Whether an index for the timeline or the search is still to be built.
    pub fn wants_warming(&self) -> bool {
        // The other views' data only while browsing: typing a search changes the rows on
        // every character, and the next one should not wait for a timeline.
        !self.derived.warm
            || (matches!(self.mode, super::Mode::Browse)
                && (self.derived.timeline.is_none()
                    || self.derived.totals.is_none()
                    || self.derived.led_rows.is_none()
                    || self.derived.name_rank.is_none()))
    }

    /// Builds one thing still missing, while no key waits (the loop calls it when idle):
    /// after opening or reading the file, every milestone in due order and the name index;
    /// after any change of the rows, what the other views show of them (the timeline, the
    /// overview's totals, each unit's projects). Each is otherwise built when its view is
    /// shown, which at 100,000 projects would make that key wait.
    pub fn warm(&mut self) {
        if !self.derived.warm {
            if self.derived.due_order.is_none() {
                self.derived.due_order = super::DueOrder::build(&self.ledger);
                if self.derived.due_order.is_some() {
                    return;
                }
            }
            if self.derived.search_index.is_none() {
                self.derived.search_index = SearchIndex::build(&self.ledger);
            }
            self.derived.warm = true;
            return;
        }
        if !matches!(self.mode, super::Mode::Browse) {
            return;
        }
        if self.derived.timeline.is_none() {
            self.ensure_timeline();
        } else if self.derived.totals.is_none() {
            self.ensure_totals();
        } else if self.derived.led_rows.is_none() {
            self.ensure_led_rows();
        } else if self.derived.name_rank.is_none() {
            // Pinyin sort keys take a while at 100,000 projects: not on the key `s`.
            self.derived.name_rank = Some(name_rank(&self.ledger));
        }
    }

    /// Recomputes the filtered rows after a filter or sort change. The selections follow
    /// their project and milestone to wherever the new order puts them.
    pub fn refresh_rows(&mut self) {
        self.find_search();
        let mut rows: Vec<usize> = (0..self.ledger.projects.len())
            .filter(|&i| self.project_passes(i))
            .collect();
        self.sort_rows(&mut rows);
        self.set_rows(rows, None);
    }

    /// After the search only grew (a character typed): the rows can only shrink, and keep
    /// their order, so only the rows shown are looked at again.
    pub fn narrow_rows(&mut self) {
        self.find_search();
        let mut rows = self.derived.rows.clone();
        rows.retain(|&i| self.project_passes(i));
        self.set_rows(rows, None);
    }

    /// Finds the query in every name at once (the index is built with the first search).
    fn find_search(&mut self) {
        if self.filter.search.is_empty() {
            self.derived.search_hits = None;
            return;
        }
        if self.derived.search_index.is_none() {
            self.derived.search_index = SearchIndex::build(&self.ledger);
        }
        self.derived.search_hits = self
            .derived
            .search_index
            .as_ref()
            .and_then(|index| index.hits(&self.filter.search));
    }

    /// Sorts by a key computed once per row (comparisons then read no project).
    fn sort_rows(&mut self, rows: &mut [usize]) {
        if self.sort == SortKey::Name && self.derived.name_rank.is_none() {
            self.derived.name_rank = Some(name_rank(&self.ledger));
        }
        let mut keyed: Vec<(u64, usize)> = rows.iter().map(|&p| self.row_key(p)).collect();
        keyed.sort_unstable();
        for (row, (_, p)) in rows.iter_mut().zip(keyed) {
            *row = p;
        }
    }

    /// The order of two projects in the table under the current sort (a total order: ties
    /// go by the ledger's order).
    fn row_order(&self, a: usize, b: usize) -> std::cmp::Ordering {
        self.row_key(a).cmp(&self.row_key(b))
    }

    /// Where project `p` goes under the current sort, as one number, then its place in
    /// the ledger: worst colour first, then the next due date (none last); by unit, by name.
    fn row_key(&self, p: usize) -> (u64, usize) {
        // Worst first; no milestones (no colour) last.
        let colour = match self.derived.project_colour[p] {
            Some(Colour::Red) => 0,
            Some(Colour::Yellow) => 1,
            Some(Colour::Blue) => 2,
            Some(Colour::Green) => 3,
            None => 4,
        };
        // Earliest first; no open milestone last. The sign bit flipped keeps i32 order.
        let due = self.derived.next_due[p].map_or(1 << 32, |d| {
            use chrono::Datelike;
            u64::from(d.num_days_from_ce().cast_unsigned() ^ 0x8000_0000)
        });
        let key = match self.sort {
            SortKey::Colour => (colour << 33) | due,
            SortKey::Due => due,
            SortKey::Unit => (u64::from(self.derived.leads[p]) << 3) | colour,
            SortKey::Name => self
                .derived
                .name_rank
                .as_ref()
                .and_then(|r| r.get(p))
                .map_or(0, |&r| u64::from(r)),
        };
        (key, p)
    }

    /// Applies a change to the ledger and brings up to date only what it touches: the
    /// project's colour, next due date and place in the table, its units' counts, a unit's
    /// pledge attainment. Returns the change's inverse.
    pub fn apply(&mut self, change: &Change) -> Result<Change, ChangeError> {
        if change.reshapes() {
            // Units, names or the list of projects: everything shown is worked out again.
            let inverse = change.apply(Arc::make_mut(&mut self.ledger))?;
            self.refresh_all();
            return Ok(inverse);
        }
        let (today, t) = (self.today, self.ledger.thresholds);
        let project = change.project().filter(|&p| p < self.ledger.projects.len());
        // The overview's totals, kept: the project's part out before, back in after. When
        // the project joins or leaves the rows they are added up again (investment is a sum
        // of decimals: taking one out and putting it back would not give the same figure).
        let mut totals = self.derived.totals.take().filter(|_| change.counts_only());
        let was_shown = project.is_some_and(|p| self.project_passes(p));
        if let (Some(tot), Some(p), true) = (&mut totals, project, was_shown) {
            tot.count(&self.derived.milestone_counts[p], false);
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
        let applied = change.apply(Arc::make_mut(&mut self.ledger));
        if let Some(p) = project {
            let pr = &self.ledger.projects[p];
            rules::count_project(&mut self.derived.unit_stats, pr, today, &t, true);
            let counts = rules::milestone_counts(pr, today, &t);
            self.derived.project_colour[p] = counts.worst();
            self.derived.milestone_counts[p] = counts;
            self.derived.leads[p] = u32::try_from(pr.lead).unwrap_or(u32::MAX);
            self.derived.amounts[p] = rules::Amounts::of(pr);
            let followed = self
                .derived
                .due_order
                .as_mut()
                .is_some_and(|order| order.follow(p, pr));
            if !followed {
                self.derived.due_order = None;
            }
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
                tot.count(&self.derived.milestone_counts[p], true);
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
        self.size_unit_columns();
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
                if let Some(l) = leads.get_mut(self.derived.leads[p] as usize) {
                    *l = true;
                }
            }
        }
        self.derived.unit_rows = (0..self.ledger.units.len())
            .filter(|&u| self.unit_passes(u, leads[u]))
            .collect();
        self.derived.timeline = None;
        self.derived.led_rows = None;
        self.derived.totals = totals;
        match self.view {
            View::Overview => self.ensure_totals(),
            View::Units => self.ensure_led_rows(),
            View::Projects | View::Timeline => {}
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
                    .position(|r| r == TimelineRow::Milestone(at))
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
        match self.derived.timeline.as_ref()?.get(self.timeline.selected) {
            Some(TimelineRow::Milestone(at)) => Some(at),
            _ => None,
        }
    }

    /// Whether the project's name or a milestone's name matches the search.
    fn project_found(&self, i: usize) -> bool {
        match (&self.derived.search_index, &self.derived.search_hits) {
            (Some(index), Some(hits)) => index.project_hit(hits, i),
            // A query of nothing the names could hold matches everything.
            (Some(_), None) => true,
            (None, _) => {
                let p = &self.ledger.projects[i];
                let q = &self.filter.search;
                search::matches_read(&p.name, p.pinyin.as_deref(), q)
                    || p.milestones
                        .iter()
                        .any(|m| search::matches_read(&m.name, None, q))
            }
        }
    }

    /// Whether the project's name or the milestone's name matches the search.
    pub(super) fn milestone_found(&self, at: MilestoneRef) -> bool {
        match (&self.derived.search_index, &self.derived.search_hits) {
            (Some(index), Some(hits)) => index.milestone_hit(hits, at.project, at.milestone),
            (Some(_), None) => true,
            (None, _) => {
                let p = &self.ledger.projects[at.project];
                let q = &self.filter.search;
                search::matches_read(&p.name, p.pinyin.as_deref(), q)
                    || search::matches_read(&p.milestones[at.milestone].name, None, q)
            }
        }
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
        if !self.filter.search.is_empty() && !self.project_found(i) {
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
        if !self.filter.search.is_empty() && !self.milestone_found(at) {
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
            let unit = &self.ledger.units[u];
            return leads_shown
                || search::matches_read(&unit.name, unit.pinyin.as_deref(), &self.filter.search);
        }
        true
    }

    /// Totals over the projects shown, for the overview, computed once per change of the
    /// rows (not on every frame) from the counts kept per project, added up in the ledger's
    /// order: the same figures whatever the sort (sums of decimals depend on their order).
    pub fn fresh_totals(&self) -> rules::Totals {
        let mut shown = vec![false; self.ledger.projects.len()];
        for &p in &self.derived.rows {
            shown[p] = true;
        }
        let mut totals = rules::Totals::default();
        for ((&amounts, counts), _) in self
            .derived
            .amounts
            .iter()
            .zip(&self.derived.milestone_counts)
            .zip(shown)
            .filter(|(_, s)| *s)
        {
            totals.add_project(amounts, counts);
        }
        totals
    }

    /// Per unit, the projects shown that it leads, in the table's order (the units view
    /// lists them under the pledge letter): one pass over the rows per change of them.
    pub fn ensure_led_rows(&mut self) {
        if self.derived.led_rows.is_some() {
            return;
        }
        let mut led = vec![Vec::new(); self.ledger.units.len()];
        for &p in &self.derived.rows {
            if let Some(l) = led.get_mut(self.derived.leads[p] as usize) {
                l.push(p);
            }
        }
        self.derived.led_rows = Some(led);
    }

    /// The projects shown that unit `u` leads (empty until the units view is shown).
    pub fn led_rows(&self, u: UnitId) -> &[usize] {
        self.derived
            .led_rows
            .as_ref()
            .and_then(|l| l.get(u))
            .map_or(&[], Vec::as_slice)
    }

    pub fn ensure_totals(&mut self) {
        if self.derived.totals.is_none() {
            self.derived.totals = Some(self.fresh_totals());
        }
    }
}

/// Each project's place when sorted by name in pinyin order (ties by the ledger's order).
/// Each name's sort key is worked out once: comparing keys is a byte comparison.
fn name_rank(ledger: &crate::ledger::Ledger) -> Vec<u32> {
    let projects = &ledger.projects;
    let keys: Vec<Vec<u8>> = match crate::ledger::pinyin::NameOrder::new() {
        Some(o) => (projects.iter())
            .map(|p| o.key(&p.name, p.pinyin.as_deref()))
            .collect(),
        None => Vec::new(),
    };
    let mut order: Vec<usize> = (0..projects.len()).collect();
    order.sort_by(|&a, &b| {
        (keys.get(a).cmp(&keys.get(b))).then_with(|| projects[a].name.cmp(&projects[b].name))
    });
    let mut rank = vec![0u32; order.len()];
    for (r, p) in order.into_iter().enumerate() {
        rank[p] = u32::try_from(r).unwrap_or(u32::MAX);
    }
    rank
}

/// What follows from the ledger and the day alone, whatever the filters.
pub(super) struct Figures {
    milestone_counts: Vec<rules::ColourCounts>,
    leads: Vec<u32>,
    amounts: Vec<rules::Amounts>,
    project_colour: Vec<Option<Colour>>,
    next_due: Vec<Option<chrono::NaiveDate>>,
    unit_stats: Vec<rules::UnitStats>,
    scorecard: Vec<rules::ScoreRow>,
}

impl Figures {
    /// One pass over the projects: each project's milestones are read once from memory
    /// for all its figures.
    pub(super) fn of(ledger: &crate::ledger::Ledger, today: chrono::NaiveDate) -> Self {
        let t = &ledger.thresholds;
        let n = ledger.projects.len();
        let mut f = Figures {
            milestone_counts: Vec::with_capacity(n),
            leads: Vec::with_capacity(n),
            amounts: Vec::with_capacity(n),
            project_colour: Vec::with_capacity(n),
            next_due: Vec::with_capacity(n),
            unit_stats: vec![rules::UnitStats::default(); ledger.units.len()],
            scorecard: Vec::new(),
        };
        for p in &ledger.projects {
            let counts = rules::milestone_counts(p, today, t);
            f.project_colour.push(counts.worst());
            f.leads.push(u32::try_from(p.lead).unwrap_or(u32::MAX));
            f.amounts.push(rules::Amounts::of(p));
            f.milestone_counts.push(counts);
            f.next_due.push(rules::next_open(p).map(|m| m.due));
            rules::count_project(&mut f.unit_stats, p, today, t, true);
        }
        for (s, u) in f.unit_stats.iter_mut().zip(&ledger.units) {
            s.pledge_attainment = rules::unit_attainment(u);
        }
        f.scorecard = rules::scorecard(&f.unit_stats);
        f
    }
}
