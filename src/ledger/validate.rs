//! Checking a parsed ledger against the office's rules and building the model, every
//! problem collected with the path of its value (turned into a line and column only when
//! there is a problem).

use std::collections::HashMap;

use chrono::NaiveDate;
use compact_str::CompactString;

use super::load::{
    MAX_INVESTMENT, MAX_QUANTITY, amount_rule, done_date_rule, parse_date, parse_month,
};
use super::model::{
    Investment, Ledger, Milestone, MonthDone, Pledge, Project, Thresholds, Unit, Update,
};
use super::names;
use super::problem::{Figure, Finding, Problem, Severity};
use super::raw::{RawHead, RawInvestment, RawMilestone, RawMonth, RawPledge, RawProject, RawUnit};
use super::ron::{Seg, line_col, value_starts};
use super::sanitize;

/// Path segments of a value, turned into a line and column only when a problem is found.
#[derive(Debug, Clone, Copy)]
enum P {
    F(&'static str),
    I(usize),
}

/// A path to a value, on the stack: validation builds one per field and must not allocate.
#[derive(Debug, Clone, Copy)]
struct At {
    segs: [P; 6],
    len: usize,
}

impl At {
    fn root() -> Self {
        At {
            segs: [P::I(0); 6],
            len: 0,
        }
    }

    fn push(mut self, p: P) -> Self {
        if self.len < self.segs.len() {
            self.segs[self.len] = p;
            self.len += 1;
        }
        self
    }

    fn f(self, name: &'static str) -> Self {
        self.push(P::F(name))
    }

    fn i(self, index: usize) -> Self {
        self.push(P::I(index))
    }

    fn segs(&self) -> &[P] {
        &self.segs[..self.len]
    }
}

/// What each project is checked against, checked itself: known before the projects are
/// read (in every ledger tracker writes), so each is built as soon as it is read.
pub(super) struct Context {
    year: i32,
    categories: Vec<CompactString>,
    units: Vec<Unit>,
    names: HashMap<CompactString, usize>,
}

#[derive(Default)]
pub(super) struct Validator {
    found: Vec<(At, Severity, Finding)>,
}

impl Validator {
    fn error(&mut self, path: At, finding: Finding) {
        self.found.push((path, Severity::Error, finding));
    }

    fn warn(&mut self, path: At, finding: Finding) {
        self.found.push((path, Severity::Warning, finding));
    }

    /// Positions every problem; errors win over warnings.
    pub(super) fn finish(self, text: &str) -> Result<Vec<Problem>, Vec<Problem>> {
        if self.found.is_empty() {
            return Ok(Vec::new());
        }
        let paths: Vec<Vec<Seg>> = self
            .found
            .iter()
            .map(|(path, _, _)| {
                let to_seg = |p: &P| match *p {
                    P::F(f) => Seg::Field(f),
                    P::I(i) => Seg::Index(i),
                };
                path.segs().iter().map(to_seg).collect()
            })
            .collect();
        let paths: Vec<&[Seg]> = paths.iter().map(Vec::as_slice).collect();
        let starts = value_starts(text, &paths);
        let mut problems: Vec<Problem> = self
            .found
            .into_iter()
            .zip(starts)
            .map(|((_, severity, finding), start)| {
                let (line, col) = line_col(text, start.unwrap_or(0));
                // Findings quote raw values (a bad date, an unknown unit): their words are
                // cleaned of control characters on the way out (Problem::message).
                Problem {
                    line,
                    col,
                    severity,
                    finding,
                }
            })
            .collect();
        problems.sort_by_key(|p| (p.line, p.col));
        if problems.iter().any(|p| p.severity == Severity::Error) {
            problems.retain(|p| p.severity == Severity::Error);
            Err(problems)
        } else {
            Ok(problems)
        }
    }

    fn text(&mut self, path: At, s: CompactString) -> CompactString {
        if !sanitize::is_clean(&s) {
            let (s, _) = sanitize::clean(s.into_string());
            self.warn(path, Finding::HiddenCharacters(s.clone()));
            return s.into();
        }
        s
    }

    fn opt_text(&mut self, path: At, s: Option<CompactString>) -> Option<CompactString> {
        s.map(|s| self.text(path, s))
    }

    /// A name's reading: syllables in Latin letters, as search matches them.
    fn pinyin(&mut self, path: At, s: Option<CompactString>) -> Option<CompactString> {
        let s = self.opt_text(path, s)?;
        if let Err(msg) = super::pinyin::check_override(&s) {
            self.error(path, msg);
        }
        Some(s)
    }

    fn date(&mut self, path: At, s: &str) -> Option<NaiveDate> {
        match parse_date(s) {
            Ok(d) => Some(d),
            Err(msg) => {
                self.error(path, msg);
                None
            }
        }
    }

    fn amount(&mut self, path: At, what: Figure, x: Option<f64>) -> Option<f64> {
        match amount_rule(what, x?) {
            Ok(x) => Some(x),
            Err(msg) => {
                self.error(path, msg);
                None
            }
        }
    }

    /// An amount no larger than `max`: beyond it is a typing mistake, not a figure.
    fn bounded(&mut self, path: At, what: Figure, x: Option<f64>, max: f64) -> Option<f64> {
        let x = self.amount(path, what, x)?;
        if x > max {
            self.error(path, Finding::TooLarge { what, x, max });
            return None;
        }
        Some(x)
    }

    /// Checks the year and the units: what every project is checked against (with the
    /// categories, when they are known).
    pub(super) fn context(
        &mut self,
        year: i64,
        units: Vec<RawUnit>,
        categories: Vec<CompactString>,
    ) -> Context {
        let year = match i32::try_from(year) {
            Ok(y) if (1900..=2200).contains(&y) => y,
            _ => {
                self.error(At::root().f("year"), Finding::NotACampaignYear(year));
                2000
            }
        };
        let categories = self.categories(categories);
        let mut names: HashMap<CompactString, usize> = HashMap::with_capacity(units.len());
        let mut checked = Vec::with_capacity(units.len());
        for (i, u) in units.into_iter().enumerate() {
            let unit = self.unit(i, u);
            if let Some(first) = names.get(&unit.name) {
                self.error(
                    At::root().f("units").i(i).f("name"),
                    Finding::DuplicateUnit {
                        name: unit.name.to_string(),
                        first: *first,
                    },
                );
            } else {
                names.insert(unit.name.clone(), i);
            }
            checked.push(unit);
        }
        Context {
            year,
            categories,
            units: checked,
            names,
        }
    }

    /// Checks categories that came after the projects in the file (the projects were
    /// checked without them).
    pub(super) fn late_categories(
        &mut self,
        context: &mut Context,
        categories: Vec<CompactString>,
        projects: &[Project],
    ) {
        context.categories = self.categories(categories);
        for (i, p) in projects.iter().enumerate() {
            if let Some(c) = &p.category {
                let at = At::root().f("projects").i(i).f("category");
                self.check_category(at, c, &context.categories);
            }
        }
    }

    fn categories(&mut self, raw: Vec<CompactString>) -> Vec<CompactString> {
        raw.into_iter()
            .enumerate()
            .map(|(i, c)| self.text(At::root().f("categories").i(i), c))
            .collect_exact()
    }

    fn check_category(&mut self, at: At, c: &str, categories: &[CompactString]) {
        if !categories.is_empty() && !categories.iter().any(|k| k == c) {
            self.error(
                at,
                Finding::UnknownCategory {
                    category: c.to_string(),
                    categories: categories.iter().map(|k| k.to_string()).collect(),
                },
            );
        }
    }

    /// Checks project number `i` against the context and builds it.
    pub(super) fn project_in(&mut self, cx: &Context, i: usize, p: RawProject) -> Project {
        self.project(i, p, cx.year, &cx.names, &cx.units, &cx.categories)
    }

    /// The ledger, once every project is built: project names must be unique.
    pub(super) fn ledger(&mut self, cx: Context, head: RawHead, projects: Vec<Project>) -> Ledger {
        let thresholds = self.thresholds(head.warning);
        let title = self.text(At::root().f("title"), head.title);
        let office = self.opt_text(At::root().f("office"), head.office);
        // Duplicate names: one look-up per project, no name copied.
        let mut seen: HashMap<&str, usize> = HashMap::with_capacity(projects.len());
        let mut duplicate = Vec::new();
        for (i, p) in projects.iter().enumerate() {
            if let Some(&first) = seen.get(p.name.as_str()) {
                duplicate.push((i, first));
            } else {
                seen.insert(p.name.as_str(), i);
            }
        }
        drop(seen);
        for (later, first) in duplicate {
            self.error(
                At::root().f("projects").i(later).f("name"),
                Finding::DuplicateProject {
                    name: projects[later].name.to_string(),
                    first,
                },
            );
        }
        Ledger {
            title,
            year: cx.year,
            office,
            categories: cx.categories,
            thresholds,
            units: cx.units,
            projects: projects.exact(),
        }
    }

    fn thresholds(&mut self, raw: Option<super::raw::RawWarning>) -> Thresholds {
        let mut t = Thresholds::default();
        let Some(w) = raw else { return t };
        if let Some(soon) = w.soon_days {
            if soon < 0 {
                self.error(
                    At::root().f("warning").f("soon_days"),
                    Finding::SoonDaysNegative(soon),
                );
            } else {
                t.soon_days = soon;
            }
        }
        if let Some(red) = w.red_days {
            if red < 1 {
                self.error(
                    At::root().f("warning").f("red_days"),
                    Finding::RedDaysTooSmall(red),
                );
            } else {
                t.red_days = red;
            }
        }
        if let Some(lag) = self.bounded(
            At::root().f("warning").f("lag_points"),
            Figure::LagPoints,
            w.lag_points,
            100.0,
        ) {
            t.lag_points = lag;
        }
        t
    }

    fn unit(&mut self, i: usize, u: RawUnit) -> Unit {
        let at = At::root().f("units").i(i);
        let name = self.text(at.f("name"), u.name);
        if name.trim().is_empty() {
            self.error(at.f("name"), Finding::EmptyUnitName);
        }
        let pinyin = self.pinyin(at.f("pinyin"), u.pinyin);
        let leader = self.opt_text(at.f("leader"), u.leader);
        let title = self.opt_text(at.f("title"), u.title);
        let pledges = u
            .pledges
            .into_iter()
            .enumerate()
            .map(|(j, p)| self.pledge(at.f("pledges").i(j), p))
            .collect_exact();
        Unit {
            name,
            pinyin,
            leader,
            title,
            pledges,
        }
    }

    fn pledge(&mut self, at: At, p: RawPledge) -> Pledge {
        let here = |f: &'static str| at.f(f);
        let text = self.text(here("text"), p.text);
        let due = p.due.as_deref().and_then(|d| self.date(here("due"), d));
        let done = p.done.as_deref().and_then(|d| self.date(here("done"), d));
        let by = self.opt_text(here("by"), p.by);
        // Paired as written: a target refused for its size still has its measure.
        let has_target = p.target.is_some();
        let target = self.bounded(here("target"), Figure::Target, p.target, MAX_QUANTITY);
        let progress = self.bounded(here("progress"), Figure::Progress, p.progress, MAX_QUANTITY);
        let measure = self.opt_text(here("measure"), p.measure);
        if has_target != measure.is_some() {
            let (field, finding) = if has_target {
                ("target", Finding::TargetWithoutMeasure)
            } else {
                ("measure", Finding::MeasureWithoutTarget)
            };
            self.error(here(field), finding);
        }
        Pledge {
            text,
            due,
            target,
            measure,
            progress,
            done,
            by,
        }
    }

    fn unit_ref(
        &mut self,
        path: At,
        name: &str,
        names: &HashMap<CompactString, usize>,
        units: &[Unit],
    ) -> Option<usize> {
        if let Some(&id) = names.get(name) {
            return Some(id);
        }
        // Unit names were cleaned of control characters; a reference must match the same way.
        let (cleaned, changed) = sanitize::clean(name.to_string());
        if changed && let Some(&id) = names.get(cleaned.as_str()) {
            return Some(id);
        }
        let hint = match names::find(name, units.iter().map(|u| u.name.as_str()), false) {
            names::Found::Exact(i) | names::Found::Prefix(i) => Some(i),
            names::Found::Ambiguous(v) | names::Found::NotFound(v) => v.first().copied(),
        }
        .map(|i| units[i].name.to_string());
        self.error(
            path,
            Finding::UnknownUnit {
                name: name.to_string(),
                suggestion: hint,
            },
        );
        None
    }

    fn project(
        &mut self,
        i: usize,
        p: RawProject,
        year: i32,
        names: &HashMap<CompactString, usize>,
        units: &[Unit],
        categories: &[CompactString],
    ) -> Project {
        let at = At::root().f("projects").i(i);
        let here = |f: &'static str| at.f(f);
        let name = self.text(here("name"), p.name);
        if name.trim().is_empty() {
            self.error(here("name"), Finding::EmptyProjectName);
        }
        let pinyin = self.pinyin(here("pinyin"), p.pinyin);
        let category = self.opt_text(here("category"), p.category);
        if let Some(c) = &category {
            self.check_category(here("category"), c, categories);
        }
        let lead = self.unit_ref(here("lead"), &p.lead, names, units);
        let support = p
            .support
            .iter()
            .enumerate()
            .filter_map(|(j, s)| self.unit_ref(at.f("support").i(j), s, names, units))
            .collect_exact();
        let leader = self.opt_text(here("leader"), p.leader);
        let scale = self.opt_text(here("scale"), p.scale);
        let investment = p
            .investment
            .map(|inv| self.investment(here("investment"), inv));
        let monthly = self.monthly(at.f("monthly"), p.monthly, year);

        let milestones: Vec<(usize, Milestone)> = p
            .milestones
            .into_iter()
            .enumerate()
            .filter_map(|(j, m)| {
                self.milestone(at.f("milestones").i(j), m, year, names, units)
                    .map(|m| (j, m))
            })
            .collect();
        // Unique on the names as cleaned: that is what is shown and what a change is matched
        // by. Few milestones per project: a linear scan beats hashing; many: hash.
        let mut duplicate = Vec::new();
        if milestones.len() <= 32 {
            for (k, (j, m)) in milestones.iter().enumerate() {
                if let Some((first, _)) = milestones[..k].iter().find(|(_, o)| o.name == m.name) {
                    duplicate.push((*j, m.name.clone(), *first));
                }
            }
        } else {
            let mut seen: HashMap<&str, usize> = HashMap::new();
            for (j, m) in &milestones {
                if let Some(&first) = seen.get(m.name.as_str()) {
                    duplicate.push((*j, m.name.clone(), first));
                } else {
                    seen.insert(m.name.as_str(), *j);
                }
            }
        }
        for (j, mname, first) in duplicate {
            self.error(
                at.f("milestones").i(j).f("name"),
                Finding::DuplicateMilestone {
                    name: mname.to_string(),
                    project: name.to_string(),
                    first,
                },
            );
        }
        let milestones = milestones.into_iter().map(|(_, m)| m).collect_exact();
        let updates = p
            .updates
            .into_iter()
            .enumerate()
            .filter_map(|(j, u)| {
                let up = at.f("updates").i(j);
                let date = self.date(up.f("date"), &u.date)?;
                let text = self.text(up.f("text"), u.text);
                let by = self.opt_text(up.f("by"), u.by);
                Some(Update { date, text, by })
            })
            .collect_exact();
        Project {
            name,
            pinyin,
            category,
            lead: lead.unwrap_or(0),
            support,
            leader,
            investment,
            monthly,
            scale,
            milestones,
            updates,
        }
    }

    /// The monthly figures: each a month of the ledger's year, written once.
    fn monthly(&mut self, at: At, raw: Vec<RawMonth>, year: i32) -> Vec<MonthDone> {
        let mut out: Vec<MonthDone> = Vec::with_capacity(raw.len());
        for (j, m) in raw.into_iter().enumerate() {
            let here = at.i(j);
            let Some(month) = self.month(here.f("month"), &m.month, year) else {
                continue;
            };
            if out.iter().any(|o| o.month == month) {
                self.error(here.f("month"), Finding::MonthTwice(m.month.to_string()));
                continue;
            }
            let done = Some(m.done);
            if let Some(done) =
                self.bounded(here.f("done"), Figure::MonthlyDone, done, MAX_INVESTMENT)
            {
                out.push(MonthDone { month, done });
            }
        }
        out.shrink_to_fit();
        out
    }

    fn month(&mut self, path: At, s: &str, year: i32) -> Option<u32> {
        match parse_month(s, year) {
            Ok(m) => Some(m),
            Err(msg) => {
                self.error(path, msg);
                None
            }
        }
    }

    fn investment(&mut self, at: At, inv: RawInvestment) -> Investment {
        let here = |f: &'static str| at.f(f);
        let max = MAX_INVESTMENT;
        Investment {
            total: self.bounded(here("total"), Figure::InvestmentTotal, inv.total, max),
            plan: self.bounded(here("plan"), Figure::InvestmentPlan, inv.plan, max),
            done: self.bounded(here("done"), Figure::InvestmentDone, inv.done, max),
        }
    }

    fn milestone(
        &mut self,
        at: At,
        m: RawMilestone,
        year: i32,
        names: &HashMap<CompactString, usize>,
        units: &[Unit],
    ) -> Option<Milestone> {
        let here = |f: &'static str| at.f(f);
        let name = self.text(here("name"), m.name);
        let due = self.date(here("due"), &m.due);
        let baseline = m
            .baseline
            .as_deref()
            .and_then(|d| self.date(here("baseline"), d));
        let done = m.done.as_deref().and_then(|d| self.date(here("done"), d));
        if let Some(Err(msg)) = done.map(|d| done_date_rule(d, year)) {
            self.error(here("done"), msg);
        }
        let by = self.opt_text(here("by"), m.by);
        let unit = m
            .unit
            .as_deref()
            .and_then(|u| self.unit_ref(here("unit"), u, names, units));
        Some(Milestone {
            name,
            due: due?,
            baseline,
            done,
            by,
            unit,
        })
    }
}

/// A list without spare room, in an allocation of its own. The model is kept for the whole
/// session: a list collected in place from the parser's (serde grows lists up to twice
/// their items) and then shrunk would leave a hole after every project, 60 MB at 100,000
/// projects.
trait CollectExact: Iterator + Sized {
    fn collect_exact(self) -> Vec<Self::Item> {
        let (low, high) = self.size_hint();
        let mut v = Vec::with_capacity(high.unwrap_or(low));
        v.extend(self);
        if v.len() < v.capacity() {
            v.shrink_to_fit();
        }
        v
    }
}

impl<I: Iterator> CollectExact for I {}

trait Exact {
    fn exact(self) -> Self;
}

impl<T> Exact for Vec<T> {
    fn exact(mut self) -> Self {
        self.shrink_to_fit();
        self
    }
}
