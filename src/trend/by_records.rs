//! The walk by the records tracker writes into each of its commits (`ledger::facts`): the
//! first version needed is loaded whole, and each commit after it changes the milestones'
//! facts as its record says, without reading the file again. A commit that changed the
//! ledger without a record (made by hand, or by a plain `git pull`) is loaded whole.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::Counts;
use super::cache::Counted;
use super::ledger_text::Names;
use crate::git::{Dated, GitError, Noted, WorkTree};
use crate::ledger::Thresholds;
use crate::ledger::facts::{self, Touched, read_record, read_warning};

/// Commits without a record the walk loads whole before walking by diffs is cheaper.
const MAX_UNRECORDED: usize = 8;

/// The milestones' facts of one version: (project, milestone) → (due, done, unit).
struct State {
    facts: HashMap<(String, String), (NaiveDate, bool, u32)>,
    thresholds: Thresholds,
}

impl State {
    fn load(tree: &WorkTree, id: &str, names: &mut Names) -> Result<Option<State>, GitError> {
        let Some(text) = tree.ledger_in(id)? else {
            return Ok(None);
        };
        let Ok((ledger, _)) = crate::ledger::load_str(&text) else {
            return Ok(None);
        };
        let facts = facts::facts(&ledger, &Touched::Everything, &[])
            .into_iter()
            .map(|(k, f)| (k, (f.due, f.done, names.id(&f.unit))))
            .collect();
        Ok(Some(State {
            facts,
            thresholds: ledger.thresholds,
        }))
    }

    /// The commit's record made on these facts; false if it has none.
    fn apply(&mut self, message: &str, names: &mut Names) -> bool {
        let Some(record) = read_record(message) else {
            return false;
        };
        for (key, now) in record {
            match now {
                Some(f) => {
                    self.facts.insert(key, (f.due, f.done, names.id(&f.unit)));
                }
                None => {
                    self.facts.remove(&key);
                }
            }
        }
        if let Some((soon, red)) = read_warning(message) {
            self.thresholds.soon_days = soon;
            self.thresholds.red_days = red;
        }
        true
    }

    fn count(&self, names: &Names, day: NaiveDate) -> Counted {
        let facts = self
            .facts
            .values()
            .map(|&(due, done, unit)| (due, done, unit));
        counted(facts, &self.thresholds, names, day)
    }
}

/// The counts of the days not `known`, walking by records from the first day's version;
/// `None` when the records do not cover the way (too many commits without one, or the two
/// listings of the line disagree): the caller walks by diffs instead.
pub(super) fn walk(
    tree: &WorkTree,
    commits: &[Dated],
    (days, chosen, known): (&[NaiveDate], &[Option<usize>], &[Option<Counted>]),
) -> Result<Option<Vec<Option<Counted>>>, GitError> {
    let (Some(first), Some(last)) = (
        chosen.iter().flatten().min().copied(),
        chosen.iter().flatten().max().copied(),
    ) else {
        return Ok(Some(vec![None; days.len()]));
    };
    let noted = tree.line_with_messages()?;
    let same_line =
        noted.len() == commits.len() && noted.iter().zip(commits).all(|(n, c)| n.id == c.id);
    if !same_line {
        return Ok(None);
    }
    let unrecorded = noted[first + 1..=last]
        .iter()
        .filter(|n| n.changed && read_record(&n.message).is_none())
        .count();
    if unrecorded > MAX_UNRECORDED {
        return Ok(None);
    }
    let mut names = Names::default();
    let mut state = State::load(tree, &commits[first].id, &mut names)?;
    let mut at = first;
    let mut out = Vec::with_capacity(days.len());
    for ((day, c), known) in days.iter().zip(chosen).zip(known) {
        let Some(c) = *c else {
            out.push(None);
            continue;
        };
        while at < c {
            at += 1;
            let n: &Noted = &noted[at];
            if !n.changed {
                continue;
            }
            let applied = state
                .as_mut()
                .is_some_and(|s| s.apply(&n.message, &mut names));
            if !applied {
                state = State::load(tree, &n.id, &mut names)?;
            }
        }
        out.push(match (&state, known) {
            (Some(s), None) => Some(s.count(&names, *day)),
            _ => None,
        });
    }
    Ok(Some(out))
}

/// Red and yellow on `day` among `facts` (due, done, unit).
pub(super) fn counted(
    facts: impl Iterator<Item = (NaiveDate, bool, u32)>,
    thresholds: &Thresholds,
    names: &Names,
    day: NaiveDate,
) -> Counted {
    use crate::rules::{Colour, colour_on};
    let mut by_unit = vec![Counts::default(); names.names.len()];
    let mut total = Counts::default();
    for (due, done, unit) in facts {
        let c = colour_on(due, done, day, thresholds);
        if matches!(c, Colour::Red | Colour::Yellow) {
            total.add(c);
            by_unit[unit as usize].add(c);
        }
    }
    let by_unit = names
        .names
        .iter()
        .zip(by_unit)
        .filter(|(_, c)| c.warned() > 0)
        .map(|(n, c)| (n.clone(), c))
        .collect();
    Counted { total, by_unit }
}
