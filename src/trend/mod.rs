//! The weekly trend for the monthly review (月点评): how many milestones were red and how
//! many yellow at the end of each week, overall and per unit, from the ledger's history in
//! git. Each week's version is the last commit on or before its day; a version is reached
//! from the one before by the lines git says changed, so only the projects a week touched
//! are read again.

mod ledger_text;

use chrono::{Datelike, Duration, NaiveDate};

use crate::git::{GitError, WorkTree};
use crate::rules::{Colour, colour_on};
use ledger_text::{LedgerText, Names};

/// Red and yellow milestones on one day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub red: u32,
    pub yellow: u32,
}

impl Counts {
    fn add(&mut self, c: Colour) {
        match c {
            Colour::Red => self.red += 1,
            Colour::Yellow => self.yellow += 1,
            _ => {}
        }
    }

    /// Red and yellow together: the milestones the warning is about.
    pub fn warned(self) -> u32 {
        self.red + self.yellow
    }
}

/// The counts on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Point {
    pub day: NaiveDate,
    pub total: Counts,
    /// By unit, in the order of [`Trend::units`].
    pub by_unit: Vec<Counts>,
}

/// Counts on a series of days.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trend {
    /// Every unit named by a milestone on any of the days, as written then.
    pub units: Vec<String>,
    pub points: Vec<Point>,
}

impl Trend {
    /// A unit's counts at a point (none for a unit the history never named).
    pub fn unit_at(&self, point: &Point, unit: &str) -> Counts {
        self.units
            .iter()
            .position(|u| u == unit)
            .and_then(|i| point.by_unit.get(i).copied())
            .unwrap_or_default()
    }

    /// The last point on or before `day`.
    pub fn on_or_before(&self, day: NaiveDate) -> Option<&Point> {
        self.points.iter().rev().find(|p| p.day <= day)
    }
}

/// The days the weekly trend is counted on: each Sunday from the week of `first` to
/// `today`, and `today` itself.
pub fn week_ends(first: NaiveDate, today: NaiveDate) -> Vec<NaiveDate> {
    let to_sunday =
        |d: NaiveDate| d + Duration::days(6 - i64::from(d.weekday().num_days_from_monday()));
    let mut days = Vec::new();
    let mut d = to_sunday(first);
    while d < today {
        days.push(d);
        d += Duration::days(7);
    }
    if first <= today {
        days.push(today);
    }
    days
}

/// The weekly trend of the ledger's history up to `today`.
pub fn weekly(tree: &WorkTree, today: NaiveDate) -> Result<Trend, GitError> {
    let commits = tree.line_of_commits()?;
    let Some(first) = commits.first() else {
        return Ok(Trend::default());
    };
    on_days(tree, &week_ends(first.day, today))
}

/// The version each day counts: the index of the last commit (in the line's order) made on
/// or before it, per day; `None` before the first.
fn versions(commits: &[crate::git::Dated], days: &[NaiveDate]) -> Vec<Option<usize>> {
    days.iter()
        .map(|d| commits.iter().rposition(|c| c.day <= *d))
        .collect()
}

/// The counts on each of `days` (ascending), each from the ledger as it was that day.
/// Days before the ledger's first commit, or whose version does not read, are left out.
pub fn on_days(tree: &WorkTree, days: &[NaiveDate]) -> Result<Trend, GitError> {
    let commits = tree.line_of_commits()?;
    let chosen = versions(&commits, days);
    // The distinct versions in order, and the diffs between consecutive ones.
    let mut order: Vec<usize> = chosen.iter().flatten().copied().collect();
    order.dedup();
    let Some(&start) = order.first() else {
        return Ok(Trend::default());
    };
    let pairs: Vec<(&str, &str)> = order
        .windows(2)
        .map(|w| (commits[w[0]].id.as_str(), commits[w[1]].id.as_str()))
        .collect();
    let diffs = tree.ledger_diffs(&pairs)?;
    let mut names = Names::default();
    let text = tree.ledger_in(&commits[start].id)?.unwrap_or_default();
    let mut version = LedgerText::read(&text, &mut names);
    let mut at = start;
    let mut next_diff = diffs.into_iter();
    let mut points = Vec::new();
    for (day, c) in days.iter().zip(&chosen) {
        let Some(c) = *c else { continue };
        if c != at {
            let hunks = next_diff.next().unwrap_or_default();
            version = version.apply(&hunks, &mut names);
            at = c;
        }
        if version.readable {
            points.push(count(&version, &names, *day));
        }
    }
    let units = names.names;
    for p in &mut points {
        p.by_unit.resize(units.len(), Counts::default());
    }
    Ok(Trend { units, points })
}

fn count(version: &LedgerText, names: &Names, day: NaiveDate) -> Point {
    let mut by_unit = vec![Counts::default(); names.names.len()];
    let mut total = Counts::default();
    for f in version.blocks.iter().flat_map(|b| &b.facts) {
        let c = colour_on(f.due, f.done, day, &version.thresholds);
        if matches!(c, Colour::Red | Colour::Yellow) {
            total.add(c);
            by_unit[f.unit as usize].add(c);
        }
    }
    Point {
        day,
        total,
        by_unit,
    }
}

/// The same counts by loading each day's whole version: the slow, plain way, which the
/// walk above must agree with (tests and benchmarks compare them).
pub fn on_days_by_loading(tree: &WorkTree, days: &[NaiveDate]) -> Result<Trend, GitError> {
    let commits = tree.line_of_commits()?;
    let chosen = versions(&commits, days);
    let mut names = Names::default();
    let mut points = Vec::new();
    for (day, c) in days.iter().zip(&chosen) {
        let Some(c) = *c else { continue };
        let Some(text) = tree.ledger_in(&commits[c].id)? else {
            continue;
        };
        let Ok((ledger, _)) = crate::ledger::load_str(&text) else {
            continue;
        };
        let mut total = Counts::default();
        let mut by_unit: Vec<Counts> = Vec::new();
        for p in &ledger.projects {
            for m in &p.milestones {
                let c = crate::rules::milestone_colour(m, *day, &ledger.thresholds);
                if matches!(c, Colour::Red | Colour::Yellow) {
                    let u = names.id(ledger.unit_name(p.milestone_unit(m))) as usize;
                    if by_unit.len() <= u {
                        by_unit.resize(u + 1, Counts::default());
                    }
                    total.add(c);
                    by_unit[u].add(c);
                }
            }
        }
        points.push(Point {
            day: *day,
            total,
            by_unit,
        });
    }
    let units = names.names;
    for p in &mut points {
        p.by_unit.resize(units.len(), Counts::default());
    }
    Ok(Trend { units, points })
}
