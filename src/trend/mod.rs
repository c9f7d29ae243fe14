//! The weekly trend for the monthly review (月点评): how many milestones were red and how
//! many yellow at the end of each week, overall and per unit, from the ledger's history in
//! git. Each week's version is the last commit on or before its day; a version is reached
//! from the one before by the lines git says changed, so only the projects a week touched
//! are read again.

mod by_records;
mod cache;
mod ledger_text;

use chrono::{Datelike, Duration, NaiveDate};

use crate::git::{GitError, WorkTree};
use crate::rules::Colour;
use cache::{Cache, Counted};
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
    let days = week_ends(first.day, today);
    count_days(tree, &commits, &days, today)
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
/// Counts of days before `today` are kept in .git, so that only new weeks are counted
/// next time.
pub fn on_days(tree: &WorkTree, days: &[NaiveDate], today: NaiveDate) -> Result<Trend, GitError> {
    count_days(tree, &tree.line_of_commits()?, days, today)
}

/// [`on_days`] on the line of commits read already.
fn count_days(
    tree: &WorkTree,
    commits: &[crate::git::Dated],
    days: &[NaiveDate],
    today: NaiveDate,
) -> Result<Trend, GitError> {
    let chosen = versions(commits, days);
    let mut cache = Cache::open(&tree.git_dir);
    let mut got: Vec<Option<Counted>> = days
        .iter()
        .zip(&chosen)
        .map(|(d, c)| c.and_then(|c| cache.get(*d, &commits[c].id).cloned()))
        .collect();
    let todo: Vec<usize> = (0..days.len())
        .filter(|&i| chosen[i].is_some() && got[i].is_none())
        .collect();
    if let (Some(&first), Some(&last)) = (todo.first(), todo.last()) {
        let range = first..=last;
        let part = (&days[range.clone()], &chosen[range.clone()], &got[range]);
        let walked = match by_records::walk(tree, commits, part)? {
            Some(walked) => walked,
            None => walk_in_parts(tree, commits, (days, &chosen, &got), first..=last)?,
        };
        for (i, counted) in (first..).zip(walked) {
            let (Some(counted), Some(c)) = (counted, chosen[i]) else {
                continue;
            };
            if days[i] < today {
                cache.put(days[i], &commits[c].id, counted.clone());
            }
            got[i] = Some(counted);
        }
    }
    cache.save();
    Ok(assemble(days, got))
}

/// Below this many versions to walk, one walk; above, one per core, each from a version
/// read whole (a whole read costs about as much as a few diffs).
const VERSIONS_PER_PART: usize = 16;

/// The walk over `range` of the days, split into contiguous parts walked side by side: git
/// spends most of a walk making each version, one process per part.
fn walk_in_parts(
    tree: &WorkTree,
    commits: &[crate::git::Dated],
    (days, chosen, known): (&[NaiveDate], &[Option<usize>], &[Option<Counted>]),
    range: std::ops::RangeInclusive<usize>,
) -> Result<Vec<Option<Counted>>, GitError> {
    let (first, last) = (*range.start(), *range.end());
    let mut versions: Vec<usize> = chosen[range.clone()].iter().flatten().copied().collect();
    versions.dedup();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let parts = (versions.len() / VERSIONS_PER_PART).clamp(1, cores);
    if parts == 1 {
        return walk(
            tree,
            commits,
            &days[range.clone()],
            &chosen[range.clone()],
            &known[range],
        );
    }
    // Split at day boundaries, about the same number of days each.
    let len = last - first + 1;
    let bounds: Vec<usize> = (0..=parts).map(|k| first + len * k / parts).collect();
    let results: Vec<Result<Vec<Option<Counted>>, GitError>> = std::thread::scope(|s| {
        let handles: Vec<_> = bounds
            .windows(2)
            .map(|w| {
                let r = w[0]..w[1];
                let n = r.len();
                let h = s.spawn(move || {
                    walk(
                        tree,
                        commits,
                        &days[r.clone()],
                        &chosen[r.clone()],
                        &known[r],
                    )
                });
                (h, n)
            })
            .collect();
        handles
            .into_iter()
            // A part that panicked gives nothing: its days are left out rather than wrong.
            .map(|(h, n)| h.join().unwrap_or_else(|_| Ok(vec![None; n])))
            .collect()
    });
    let mut out = Vec::with_capacity(len);
    for r in results {
        out.extend(r?);
    }
    Ok(out)
}

/// Walks the versions of `days` from the first, reading it whole and each next one by
/// git's diff from the one before; counts the days not `known` yet.
fn walk(
    tree: &WorkTree,
    commits: &[crate::git::Dated],
    days: &[NaiveDate],
    chosen: &[Option<usize>],
    known: &[Option<Counted>],
) -> Result<Vec<Option<Counted>>, GitError> {
    let mut order: Vec<usize> = chosen.iter().flatten().copied().collect();
    order.dedup();
    let Some(&start) = order.first() else {
        return Ok(vec![None; days.len()]);
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
    let mut out = Vec::with_capacity(days.len());
    for ((day, c), known) in days.iter().zip(chosen).zip(known) {
        let Some(c) = *c else {
            out.push(None);
            continue;
        };
        if c != at {
            let hunks = next_diff.next().unwrap_or_default();
            version = version.apply(&hunks, &mut names);
            at = c;
        }
        out.push((known.is_none() && version.readable).then(|| count(&version, &names, *day)));
    }
    Ok(out)
}

fn count(version: &LedgerText, names: &Names, day: NaiveDate) -> Counted {
    let facts = version
        .blocks
        .iter()
        .flat_map(|b| &b.facts)
        .map(|f| (f.due, f.done, f.unit));
    count_facts(facts, &version.thresholds, names, day)
}

use by_records::counted as count_facts;

/// The points of the days counted, with every unit any of them names.
fn assemble(days: &[NaiveDate], got: Vec<Option<Counted>>) -> Trend {
    let mut units = Names::default();
    let counted: Vec<(NaiveDate, Counted)> = days
        .iter()
        .zip(got)
        .filter_map(|(d, c)| Some((*d, c?)))
        .collect();
    for (_, c) in &counted {
        for (u, _) in &c.by_unit {
            units.id(u);
        }
    }
    let points = counted
        .into_iter()
        .map(|(day, c)| {
            let mut by_unit = vec![Counts::default(); units.names.len()];
            for (u, n) in c.by_unit {
                by_unit[units.id(&u) as usize] = n;
            }
            Point {
                day,
                total: c.total,
                by_unit,
            }
        })
        .collect();
    Trend {
        units: units.names,
        points,
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
