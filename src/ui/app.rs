//! The UI state. Only `update` changes it; rendering reads it.

use std::collections::VecDeque;

use chrono::{Datelike, NaiveDate};

use crate::lang::Lang;
use crate::ledger::lock::LockHolder;
use crate::ledger::{Change, Ledger, LedgerFile, UnitId};
use crate::report::Format;
use crate::rules::{self, Colour, UnitStats};

use super::i18n::{self, Text};
use super::theme::Theme;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Projects,
    Units,
    Timeline,
    Overview,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Colour,
    Due,
    Unit,
    Name,
}

impl SortKey {
    pub fn next(self) -> Self {
        match self {
            SortKey::Colour => SortKey::Due,
            SortKey::Due => SortKey::Unit,
            SortKey::Unit => SortKey::Name,
            SortKey::Name => SortKey::Colour,
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColourFilter {
    All,
    RedYellow,
    Red,
    Blue,
}

impl ColourFilter {
    pub fn next(self) -> Self {
        match self {
            ColourFilter::All => ColourFilter::RedYellow,
            ColourFilter::RedYellow => ColourFilter::Red,
            ColourFilter::Red => ColourFilter::Blue,
            ColourFilter::Blue => ColourFilter::All,
        }
    }

    pub fn admits(self, c: Colour) -> bool {
        match self {
            ColourFilter::All => true,
            ColourFilter::RedYellow => matches!(c, Colour::Red | Colour::Yellow),
            ColourFilter::Red => c == Colour::Red,
            ColourFilter::Blue => c == Colour::Blue,
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// What narrows every view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub unit: Option<UnitId>,
    pub search: String,
    pub colour: Option<ColourFilter>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.unit.is_none() && self.search.is_empty() && self.colour.is_none()
    }
}

/// A milestone, by its position in the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MilestoneRef {
    pub project: usize,
    pub milestone: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub query: String,
    /// Index into the picker's visible rows (0 = all units).
    pub selected: usize,
}

/// Why a typed done date is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateProblem {
    /// Not YYYY-MM-DD.
    Shape,
    /// Well formed, but no such day (2018-06-31).
    NoSuchDay,
    /// After today: nothing is done in the future.
    AfterToday,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossOffDialog {
    pub at: MilestoneRef,
    /// The done date as typed, today by default.
    pub date: String,
    pub error: Option<DateProblem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputPurpose {
    /// A progress-log line for a project.
    Update { project: usize },
    /// The progress number of a pledge.
    Progress { unit: usize, pledge: usize },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputField {
    pub purpose: InputPurpose,
    pub text: String,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Browse,
    Picker(Picker),
    /// Typing into the search (the query lives in the filter, so results follow each key).
    Search,
    Input(InputField),
    CrossOff(CrossOffDialog),
    Unmark(MilestoneRef),
    Help {
        scroll: u16,
    },
    /// Quitting would lose changes: ask first (a dialog, so no message can hide it).
    ConfirmQuit,
    /// The other writer changed what an unsaved change changes: the user picks a version.
    Conflict(ConflictDialog),
}

/// A change made in memory and not yet on disk.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub change: Change,
    /// The change's inverse: the values it replaced.
    pub before: Change,
    /// What it is, for the status line.
    pub what: String,
    /// Carried over onto another writer's version of the file.
    pub carried: bool,
}

/// One conflict: the user's unsaved change against what the file says now.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// Positioned on the ledger as reloaded.
    pub change: Change,
    pub what: String,
    /// The user's value and the file's, in words.
    pub mine: String,
    pub theirs: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConflictDialog {
    /// The first is shown; the rest wait their turn.
    pub conflicts: Vec<Conflict>,
    /// Changes queued behind the conflicts, kept in order.
    pub later: Vec<Pending>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The view's main list (projects, units).
    Table,
    /// The detail panel beside it: a project's milestones, a unit's pledges.
    Detail,
}

/// A list's selection and first visible row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scroll {
    pub selected: usize,
    pub offset: usize,
}

impl Scroll {
    /// Keeps the selection inside `len` rows and visible in `height` rows.
    pub fn clamp(&mut self, len: usize, height: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
    }

    /// The first row to draw for `height` rows: the stored offset, corrected so the selection
    /// shows (rendering never mutates state).
    pub fn visible_offset(&self, len: usize, height: usize) -> usize {
        let mut s = *self;
        s.clamp(len, height);
        s.offset
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Ok,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub kind: StatusKind,
    pub text: String,
}

/// One line of the timeline list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelineRow {
    OverdueHeader,
    Month { year: i32, month: u32 },
    Today,
    Milestone(MilestoneRef),
}

/// Figures computed from the ledger and filters, kept until what they depend on changes.
#[derive(Debug, Clone, Default)]
pub struct Derived {
    /// Per project: its colour today; `None` when it has no milestones.
    pub project_colour: Vec<Option<Colour>>,
    /// Per project: due date of its next open milestone.
    pub next_due: Vec<Option<NaiveDate>>,
    /// Per unit: statistics today.
    pub unit_stats: Vec<UnitStats>,
    /// Projects shown, filtered and sorted.
    pub rows: Vec<usize>,
    /// Units shown in the units view.
    pub unit_rows: Vec<UnitId>,
    /// The timeline, built when that view is shown.
    pub timeline: Option<Vec<TimelineRow>>,
}

/// Everything the UI shows and remembers.
#[derive(Debug)]
pub struct App {
    pub ledger: Ledger,
    pub file: LedgerFile,
    pub today: NaiveDate,
    /// `--today` was given: the clock does not move it.
    pub today_fixed: bool,
    pub lang: Lang,
    pub theme: Theme,
    pub user: String,
    pub view: View,
    pub mode: Mode,
    pub focus: Focus,
    pub filter: Filter,
    pub sort: SortKey,
    pub wall: bool,
    pub projects: Scroll,
    pub milestones: Scroll,
    pub units: Scroll,
    pub pledges: Scroll,
    pub timeline: Scroll,
    pub overview: Scroll,
    /// Terminal size, for page sizes and keeping selections visible.
    pub size: (u16, u16),
    pub undo: Vec<Change>,
    pub redo: Vec<Change>,
    /// Changes made in memory and not yet on disk, oldest first.
    pub unsaved: VecDeque<Pending>,
    /// The number of the save in flight, if any.
    pub saving: Option<u64>,
    /// The number the next save gets.
    pub next_seq: u64,
    /// The last save failed: further saves wait for retry or reload.
    pub save_failed: Option<String>,
    /// The save in flight waits for the lock, held by this writer.
    pub lock_wait: Option<LockHolder>,
    /// The file on disk changed under us; a reload is on its way.
    pub stale: bool,
    /// A reload asked for while a save was in flight, done when it lands.
    pub reload_pending: bool,
    pub status: Option<Status>,
    pub derived: Derived,
    /// The user asked to quit: leave once the queue is saved.
    pub quitting: bool,
    /// The format `b` writes the brief in (`--brief-format`).
    pub brief_format: Format,
}

impl App {
    pub fn new(
        ledger: Ledger,
        file: LedgerFile,
        today: NaiveDate,
        today_fixed: bool,
        lang: Lang,
    ) -> Self {
        let mut app = Self {
            ledger,
            file,
            today,
            today_fixed,
            lang,
            theme: Theme {
                colour: true,
                ascii: false,
            },
            user: crate::ledger::default_user(),
            view: View::Projects,
            mode: Mode::Browse,
            focus: Focus::Table,
            filter: Filter::default(),
            sort: SortKey::Colour,
            wall: false,
            projects: Scroll::default(),
            milestones: Scroll::default(),
            units: Scroll::default(),
            pledges: Scroll::default(),
            timeline: Scroll::default(),
            overview: Scroll::default(),
            size: (80, 24),
            undo: Vec::new(),
            redo: Vec::new(),
            unsaved: VecDeque::new(),
            saving: None,
            next_seq: 0,
            save_failed: None,
            lock_wait: None,
            stale: false,
            reload_pending: false,
            status: None,
            derived: Derived::default(),
            quitting: false,
            brief_format: Format::Txt,
        };
        app.refresh_all();
        app
    }

    pub fn text(&self) -> &'static Text {
        i18n::text(self.lang)
    }

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
        self.refresh_rows();
    }

    /// Recomputes the filtered rows after a filter or sort change. The selections follow
    /// their project and milestone to wherever the new order puts them.
    pub fn refresh_rows(&mut self) {
        let project = self.selected_project();
        let wall_project = self
            .wall
            .then(|| self.derived.rows.get(self.timeline.selected).copied())
            .flatten();
        let milestone = self.target_in_timeline();
        let mut rows: Vec<usize> = (0..self.ledger.projects.len())
            .filter(|&i| self.project_passes(i))
            .collect();
        let names = &self.ledger.projects;
        let colour = &self.derived.project_colour;
        let due = &self.derived.next_due;
        match self.sort {
            SortKey::Colour => rows.sort_by(|&a, &b| {
                colour[b]
                    .cmp(&colour[a])
                    .then(due_order(due[a], due[b]))
                    .then(a.cmp(&b))
            }),
            SortKey::Due => rows.sort_by(|&a, &b| due_order(due[a], due[b]).then(a.cmp(&b))),
            SortKey::Unit => rows.sort_by(|&a, &b| {
                names[a]
                    .lead
                    .cmp(&names[b].lead)
                    .then(colour[b].cmp(&colour[a]))
                    .then(a.cmp(&b))
            }),
            SortKey::Name => rows.sort_by(|&a, &b| names[a].name.cmp(&names[b].name)),
        }
        self.derived.rows = rows;
        self.derived.unit_rows = (0..self.ledger.units.len())
            .filter(|&u| self.unit_passes(u))
            .collect();
        self.derived.timeline = None;
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
        if q.is_empty() {
            return true;
        }
        if text.contains(q.as_str()) {
            return true;
        }
        q.is_ascii() && text.to_lowercase().contains(&q.to_lowercase())
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

    fn unit_passes(&self, u: UnitId) -> bool {
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
            return self.search_hit(&self.ledger.units[u].name)
                || self
                    .derived
                    .rows
                    .iter()
                    .any(|&p| self.ledger.projects[p].lead == u);
        }
        true
    }

    /// Builds the timeline rows: overdue open milestones first, then every other milestone by
    /// month, with a marker at today.
    pub fn ensure_timeline(&mut self) {
        if self.derived.timeline.is_some() {
            return;
        }
        let mut overdue = Vec::new();
        let mut rest = Vec::new();
        for &pi in &self.derived.rows {
            let p = &self.ledger.projects[pi];
            for (mi, m) in p.milestones.iter().enumerate() {
                let at = MilestoneRef {
                    project: pi,
                    milestone: mi,
                };
                if !self.milestone_passes(at) {
                    continue;
                }
                if m.done.is_none() && m.due < self.today {
                    overdue.push((m.due, at));
                } else {
                    rest.push((m.due, at));
                }
            }
        }
        overdue.sort_by_key(|(d, at)| (*d, at.project, at.milestone));
        rest.sort_by_key(|(d, at)| (*d, at.project, at.milestone));
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

    pub fn selected_project(&self) -> Option<usize> {
        self.derived.rows.get(self.projects.selected).copied()
    }

    pub fn selected_unit(&self) -> Option<UnitId> {
        self.derived.unit_rows.get(self.units.selected).copied()
    }

    /// The milestone the cross-off key acts on in the current view.
    pub fn target_milestone(&self) -> Option<MilestoneRef> {
        match self.view {
            View::Projects => {
                let project = self.selected_project()?;
                let p = &self.ledger.projects[project];
                let milestone = match self.focus {
                    Focus::Detail => self.milestones.selected,
                    // From the table: the milestone shown in the "next" column.
                    Focus::Table => rules::next_open_index(p)?,
                };
                (milestone < p.milestones.len()).then_some(MilestoneRef { project, milestone })
            }
            View::Timeline if !self.wall => {
                match self.timeline_rows().get(self.timeline.selected) {
                    Some(TimelineRow::Milestone(at)) => Some(*at),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    pub fn timeline_rows(&self) -> &[TimelineRow] {
        self.derived.timeline.as_deref().unwrap_or(&[])
    }

    /// Pledges shown for the selected unit: the unit's own.
    pub fn unit_pledge_count(&self) -> usize {
        self.selected_unit()
            .map_or(0, |u| self.ledger.units[u].pledges.len())
    }

    /// Rows of the body area, as laid out by the renderer.
    pub fn body_height(&self) -> usize {
        super::layout::body_rows(self.size.1)
    }

    /// Keeps every selection inside its list.
    pub fn clamp_all(&mut self) {
        use super::layout;
        let body = self.body_height();
        self.projects
            .clamp(self.derived.rows.len(), layout::project_rows(body));
        let ms = self
            .selected_project()
            .map_or(0, |p| self.ledger.projects[p].milestones.len());
        self.milestones.clamp(ms, layout::milestone_rows(body));
        self.units
            .clamp(self.derived.unit_rows.len(), layout::unit_rows(body));
        let pl = self.unit_pledge_count();
        self.pledges
            .clamp(pl, layout::pledge_rows(layout::inner_rows(body)));
        let len = if self.wall {
            self.derived.rows.len()
        } else {
            self.timeline_rows().len()
        };
        self.timeline
            .clamp(len, layout::timeline_rows(body, self.wall));
    }

    /// The ledger file's name for the status line.
    pub fn file_name(&self) -> String {
        self.file.path.file_name().map_or_else(
            || self.file.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
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
