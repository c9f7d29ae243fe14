//! Statistics of units and of the whole ledger.

use chrono::{Datelike, NaiveDate};

use super::colour::{Colour, milestone_colour};
use crate::ledger::{Ledger, Pledge, Project};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ColourCounts {
    pub red: usize,
    pub yellow: usize,
    pub blue: usize,
    pub green: usize,
}

impl ColourCounts {
    pub fn add(&mut self, c: Colour) {
        *self.slot(c) += 1;
    }

    pub fn get(&self, c: Colour) -> usize {
        match c {
            Colour::Red => self.red,
            Colour::Yellow => self.yellow,
            Colour::Blue => self.blue,
            Colour::Green => self.green,
        }
    }

    pub(crate) fn slot(&mut self, c: Colour) -> &mut usize {
        match c {
            Colour::Red => &mut self.red,
            Colour::Yellow => &mut self.yellow,
            Colour::Blue => &mut self.blue,
            Colour::Green => &mut self.green,
        }
    }

    pub fn total(&self) -> usize {
        self.red + self.yellow + self.blue + self.green
    }
}

/// How a unit stands: the milestones it answers for, by colour, and its record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnitStats {
    /// Projects the unit leads.
    pub projects: usize,
    pub counts: ColourCounts,
    /// Milestones already due (before today), plus those done early.
    pub due_so_far: usize,
    /// Of those, done on or before their due date.
    pub on_time: usize,
    /// Milestones done after their due date (green, but late).
    pub done_late: usize,
    /// Milestones re-planned (倒排工期): a baseline that differs from the due date, moved
    /// later or earlier, done or open.
    pub replanned: usize,
    /// Mean attainment of the unit's quantified or finished pledges, 0..=1.
    pub pledge_attainment: Option<f64>,
}

impl UnitStats {
    /// on_time / due_so_far, or None when nothing was due yet.
    pub fn on_time_rate(&self) -> Option<f64> {
        (self.due_so_far > 0).then(|| self.on_time as f64 / self.due_so_far as f64)
    }
}

/// One entry per unit, in the ledger's unit order. A milestone counts for its own `unit`,
/// else for the project's lead.
pub fn unit_stats(ledger: &Ledger, today: NaiveDate) -> Vec<UnitStats> {
    let mut stats = vec![UnitStats::default(); ledger.units.len()];
    for p in &ledger.projects {
        count_project(&mut stats, p, today, &ledger.thresholds, true);
    }
    for (s, u) in stats.iter_mut().zip(&ledger.units) {
        s.pledge_attainment = unit_attainment(u);
    }
    stats
}

/// Adds one project's part to the units' statistics, or takes it away (`add` false), so that
/// a change to one project updates the units without counting every project again.
pub fn count_project(
    stats: &mut [UnitStats],
    p: &Project,
    today: NaiveDate,
    t: &crate::ledger::Thresholds,
    add: bool,
) {
    let step = |n: &mut usize| {
        *n = if add { *n + 1 } else { n.saturating_sub(1) };
    };
    if let Some(s) = stats.get_mut(p.lead) {
        step(&mut s.projects);
    }
    for m in &p.milestones {
        let Some(s) = stats.get_mut(p.milestone_unit(m)) else {
            continue;
        };
        step(s.counts.slot(milestone_colour(m, today, t)));
        if m.moved_days().is_some_and(|d| d != 0) {
            step(&mut s.replanned);
        }
        match m.done {
            Some(done) => {
                step(&mut s.due_so_far);
                if done <= m.due {
                    step(&mut s.on_time);
                } else {
                    step(&mut s.done_late);
                }
            }
            None if m.due < today => step(&mut s.due_so_far),
            None => {}
        }
    }
}

/// Mean attainment of a unit's quantified or finished pledges.
pub fn unit_attainment(u: &crate::ledger::Unit) -> Option<f64> {
    let parts: Vec<f64> = u.pledges.iter().filter_map(pledge_attainment).collect();
    (!parts.is_empty()).then(|| parts.iter().sum::<f64>() / parts.len() as f64)
}

/// progress / target, capped to 0..=1; a fulfilled pledge counts as 1. None when the
/// pledge has neither a target nor a done date.
pub fn pledge_attainment(p: &Pledge) -> Option<f64> {
    if p.done.is_some() {
        return Some(1.0);
    }
    let target = p.target?;
    if target <= 0.0 {
        return Some(1.0);
    }
    Some((p.progress.unwrap_or(0.0) / target).clamp(0.0, 1.0))
}

/// Ledger-wide figures for the overview and the brief.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Totals {
    pub projects: usize,
    pub milestones: usize,
    pub counts: ColourCounts,
    /// Projects by their (worst) colour.
    pub project_counts: ColourCounts,
    /// Projects with no milestones: they have no colour.
    pub no_milestones: usize,
    /// 亿元.
    pub investment_total: f64,
    pub investment_plan: f64,
    pub investment_done: f64,
}

impl Totals {
    /// Puts a project's milestones, by colour, into the totals, or takes them out (`add`
    /// false), so that a change to one project updates the overview without counting every
    /// project again. Investment is left alone: a sum of decimals does not come back the same
    /// after a figure is taken out and put back (see `Change::counts_only`).
    pub fn count(&mut self, counts: &ColourCounts, add: bool) {
        let step = |n: &mut usize, by: usize| {
            *n = if add { *n + by } else { n.saturating_sub(by) };
        };
        step(&mut self.projects, 1);
        step(&mut self.milestones, counts.total());
        for c in Colour::BY_SEVERITY {
            step(self.counts.slot(c), counts.get(c));
        }
        match counts.worst() {
            Some(c) => step(self.project_counts.slot(c), 1),
            None => step(&mut self.no_milestones, 1),
        }
    }

    /// Share of this year's planned investment done, 0..; None without a plan.
    pub fn plan_share(&self) -> Option<f64> {
        (self.investment_plan > 0.0).then(|| self.investment_done / self.investment_plan)
    }
}

pub fn totals<'a>(
    ledger: &Ledger,
    projects: impl IntoIterator<Item = &'a Project>,
    today: NaiveDate,
) -> Totals {
    let mut t = Totals::default();
    for p in projects {
        t.add_project(
            Amounts::of(p),
            &milestone_counts(p, today, &ledger.thresholds),
        );
    }
    t
}

/// A project's milestones by colour today; the project's own colour is the worst of them.
pub fn milestone_counts(
    p: &Project,
    today: NaiveDate,
    t: &crate::ledger::Thresholds,
) -> ColourCounts {
    let mut counts = ColourCounts::default();
    for m in &p.milestones {
        counts.add(milestone_colour(m, today, t));
    }
    counts
}

impl ColourCounts {
    /// The worst colour counted: a project's colour from its milestones' counts.
    pub fn worst(&self) -> Option<Colour> {
        Colour::BY_SEVERITY
            .iter()
            .copied()
            .find(|&c| self.get(c) > 0)
    }
}

/// A project's investment figures as the totals add them (亿元; none counts as 0).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Amounts {
    pub total: f64,
    pub plan: f64,
    pub done: f64,
}

impl Amounts {
    pub fn of(p: &Project) -> Self {
        p.investment.map_or_else(Self::default, |inv| Amounts {
            total: inv.total.unwrap_or(0.0),
            plan: inv.plan.unwrap_or(0.0),
            done: inv.done.unwrap_or(0.0),
        })
    }
}

impl Totals {
    /// Adds a project with these investment figures whose milestones, by colour, are
    /// `counts` (both kept per project by the UI, so the overview adds up the projects
    /// shown without reading every project).
    pub fn add_project(&mut self, amounts: Amounts, counts: &ColourCounts) {
        self.count(counts, true);
        self.investment_total += amounts.total;
        self.investment_plan += amounts.plan;
        self.investment_done += amounts.done;
    }
}

/// Share of the campaign year elapsed on `today` (序时进度), 0..=1.
pub fn year_elapsed_share(year: i32, today: NaiveDate) -> f64 {
    let (Some(start), Some(next)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year + 1, 1, 1),
    ) else {
        return 0.0;
    };
    if today.year() < year {
        return 0.0;
    }
    let elapsed = (today - start).num_days() + 1;
    let length = (next - start).num_days();
    (elapsed as f64 / length as f64).clamp(0.0, 1.0)
}

/// How far a project's investment is from the time elapsed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InvestmentLag {
    /// done / plan, as a percentage.
    pub done_pct: f64,
    /// The year elapsed, as a percentage.
    pub elapsed_pct: f64,
    /// done_pct − elapsed_pct, in percentage points (negative = behind).
    pub gap_points: f64,
    /// More than `lag_points` behind.
    pub lagging: bool,
}

/// None for projects without a positive investment plan.
pub fn investment_lag(ledger: &Ledger, p: &Project, today: NaiveDate) -> Option<InvestmentLag> {
    let inv = p.investment.as_ref()?;
    let plan = inv.plan.filter(|&x| x > 0.0)?;
    let done_pct = inv.done.unwrap_or(0.0) / plan * 100.0;
    let elapsed_pct = year_elapsed_share(ledger.year, today) * 100.0;
    let gap_points = done_pct - elapsed_pct;
    Some(InvestmentLag {
        done_pct,
        elapsed_pct,
        gap_points,
        lagging: gap_points < -ledger.thresholds.lag_points,
    })
}

/// A unit's place in the scorecard (考核).
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreRow {
    pub unit: crate::ledger::UnitId,
    /// 1-based; units that tie share a rank (1, 1, 3). None: nothing due yet, so the
    /// unit has no record to rank and is listed apart.
    pub rank: Option<usize>,
}

/// Units ranked by on-time rate (higher first), then fewer reds, then pledge attainment
/// (higher first, none last). Equal keys share a rank; order within a tie is the ledger's.
/// Units with nothing due yet have no record to rank: they follow, unranked, in ledger
/// order (ranking them last would put a blameless unit below units with reds).
pub fn scorecard(stats: &[UnitStats]) -> Vec<ScoreRow> {
    let key = |s: &UnitStats| {
        (
            std::cmp::Reverse(s.on_time_rate().map(ordered)),
            s.counts.red,
            std::cmp::Reverse(s.pledge_attainment.map(ordered)),
        )
    };
    let (mut ranked, unranked): (Vec<usize>, Vec<usize>) =
        (0..stats.len()).partition(|&u| stats[u].on_time_rate().is_some());
    ranked.sort_by_key(|&u| (key(&stats[u]), u));
    let mut rows: Vec<ScoreRow> = Vec::with_capacity(stats.len());
    for (i, &u) in ranked.iter().enumerate() {
        let rank = match rows.last() {
            Some(prev) if key(&stats[prev.unit]) == key(&stats[u]) => prev.rank,
            _ => Some(i + 1),
        };
        rows.push(ScoreRow { unit: u, rank });
    }
    rows.extend(
        unranked
            .into_iter()
            .map(|unit| ScoreRow { unit, rank: None }),
    );
    rows
}

/// A total order for finite shares (NaN cannot occur: shares come from validated counts).
fn ordered(x: f64) -> i64 {
    (x * 1_000_000.0).round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::load_str;

    #[test]
    fn replanned_milestones_count_for_the_unit_that_answers_for_them() {
        let text = r#"Ledger(title: "t", year: 2018, units: [Unit(name: "甲局"), Unit(name: "乙办")],
            projects: [Project(name: "p", lead: "甲局", milestones: [
                Milestone(name: "later", due: "2018-06-20", baseline: "2018-06-01"),
                Milestone(name: "earlier", due: "2018-06-20", baseline: "2018-07-01", done: "2018-06-10"),
                Milestone(name: "same", due: "2018-06-20", baseline: "2018-06-20"),
                Milestone(name: "never", due: "2018-06-20"),
                Milestone(name: "theirs", due: "2018-06-20", baseline: "2018-05-01", unit: "乙办"),
            ])])"#;
        let ledger = load_str(text).expect("loads").0;
        let today = NaiveDate::from_ymd_opt(2018, 6, 15).expect("date");
        let stats = unit_stats(&ledger, today);
        assert_eq!((stats[0].replanned, stats[1].replanned), (2, 1));
        // Taken out again, as the UI does before a change: nothing left.
        let mut stats = stats;
        count_project(
            &mut stats,
            &ledger.projects[0],
            today,
            &ledger.thresholds,
            false,
        );
        assert_eq!((stats[0].replanned, stats[1].replanned), (0, 0));
    }
}
