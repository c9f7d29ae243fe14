//! The UI state. Only `update` changes it; rendering reads it.

mod field;
mod form;
mod mode;
mod rows;
mod search;
mod timeline;
mod trend;

pub use field::{LineEdit, TextField};
pub use form::{Completion, FieldError, FieldKind, FieldLabel, Form, FormField, FormKind};
pub use mode::{
    Conflict, ConflictDialog, CrossOffDialog, DateProblem, DraftProblems, InputField, InputPurpose,
    Mode, Pending, Picker, SyncChoice,
};
pub use search::{SearchHits, SearchIndex, matches as search_matches};
pub use timeline::{DueOrder, Timeline};
pub use trend::{Counted, TrendCache};

use std::collections::VecDeque;
use std::sync::Arc;

use chrono::NaiveDate;

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
    /// Per project: its lead unit, in a compact table (what the units view reads to list
    /// each unit's projects, without reading every project).
    pub leads: Vec<u32>,
    /// Per project: its investment figures, in a compact table (the overview adds these up).
    pub amounts: Vec<rules::Amounts>,
    /// Per project: its milestones by colour today (the overview adds these up).
    pub milestone_counts: Vec<rules::ColourCounts>,
    /// Every name searched, built with the first search and kept while no name changes.
    pub search_index: Option<SearchIndex>,
    /// The indexes below were built (or found too large to build) since the ledger was
    /// last replaced: see `App::warm`.
    pub warm: bool,
    /// Per project: its place in name order, built when that sort is first chosen.
    pub name_rank: Option<Vec<u32>>,
    /// The names the current query matched (none while the query is empty).
    pub search_hits: Option<SearchHits>,
    /// Per project: due date of its next open milestone.
    pub next_due: Vec<Option<NaiveDate>>,
    /// Per unit: statistics today.
    pub unit_stats: Vec<UnitStats>,
    /// Projects shown, filtered and sorted.
    pub rows: Vec<usize>,
    /// Units shown in the units view.
    pub unit_rows: Vec<UnitId>,
    /// The timeline, built when that view is shown.
    pub timeline: Option<Timeline>,
    /// Every milestone in due order, built with the first timeline and kept while no due
    /// date moves: a filter then only has to pick from it.
    pub due_order: Option<DueOrder>,
    /// Per unit, the projects shown that it leads, built when the units view is shown.
    pub led_rows: Option<Vec<Vec<usize>>>,
    /// The overview's totals over the projects shown, built when that view is shown.
    pub totals: Option<crate::rules::Totals>,
    /// Cells of each colour-count column in the unit tables: the largest count's digits
    /// and a space, at least 3 (at 100,000 projects a unit counts thousands).
    pub count_width: usize,
    /// Cells of the units' project-count column, likewise, at least 4.
    pub projects_width: usize,
    /// The units ranked, from `unit_stats`.
    pub scorecard: Vec<crate::rules::ScoreRow>,
    /// The due dates of the projects' next milestones, for sizing their columns.
    pub row_dues: DueSpan,
    /// The due dates on the timeline, likewise.
    pub timeline_dues: DueSpan,
}

/// What a list of due dates needs to be shown: the earliest and latest open ones (their
/// countdowns are the longest), whether any is done, whether any falls in another year
/// (shown with the year), how many there are. Kept with the rows, so no frame scans them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DueSpan {
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    pub any_done: bool,
    pub other_year: bool,
    pub count: usize,
}

impl DueSpan {
    pub fn add(&mut self, due: NaiveDate, done: bool, year: i32) {
        use chrono::Datelike;
        self.count += 1;
        self.other_year |= due.year() != year;
        if done {
            self.any_done = true;
            return;
        }
        self.first = Some(self.first.map_or(due, |f| f.min(due)));
        self.last = Some(self.last.map_or(due, |l| l.max(due)));
    }
}

/// Everything the UI shows and remembers.
#[derive(Debug)]
pub struct App {
    /// Shared with the worker's jobs (a brief, the load cache), which only read it; a
    /// change copies it only if such a job still holds it.
    pub ledger: Arc<Ledger>,
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
    /// What the next reload says instead of "reloaded" (why it was asked for).
    pub reload_note: Option<String>,
    pub status: Option<Status>,
    pub derived: Derived,
    /// The user asked to quit: leave once the queue is saved.
    pub quitting: bool,
    /// The format `b` writes the brief in (`--brief-format`).
    pub brief_format: Format,
    /// The keys in force: the table with the config's overrides.
    pub keymap: super::keymap::Keymap,
    /// The weekly trend the Overview charts.
    pub trend: TrendCache,
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
            ledger: Arc::new(ledger),
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
            reload_note: None,
            status: None,
            derived: Derived::default(),
            quitting: false,
            brief_format: Format::Txt,
            keymap: super::keymap::Keymap::default(),
            trend: TrendCache::default(),
        };
        app.refresh_all();
        app
    }

    pub fn text(&self) -> &'static Text {
        i18n::text(self.lang)
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
                    Some(TimelineRow::Milestone(at)) => Some(at),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    pub fn timeline_rows(&self) -> &Timeline {
        static EMPTY: Timeline = Timeline::EMPTY;
        self.derived.timeline.as_ref().unwrap_or(&EMPTY)
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
