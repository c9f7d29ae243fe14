//! What the four-colour count needs of each milestone (its due date, whether it is done,
//! the unit that answers for it), and the record of how a change altered them. tracker
//! writes the record into each commit it makes, so that the history's counts can be
//! followed from commit to commit without reading each version of the file.
//!
//! The record is a block of lines at the end of the commit message:
//! `tracker-facts: N`, then one line per milestone changed,
//! `tracker-fact<TAB>PROJECT<TAB>MILESTONE<TAB>DUE<TAB>0|1<TAB>UNIT` (its facts after the
//! change) or `tracker-fact<TAB>PROJECT<TAB>MILESTONE<TAB>-` (gone), and
//! `tracker-warning<TAB>SOON_DAYS<TAB>RED_DAYS` when the warning settings changed. Names
//! never hold tabs or line breaks: loading replaces control characters.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::change::Change;
use super::change::Item;
use super::model::Ledger;

/// The first line of a record; a commit without it says nothing of its facts.
pub const MARKER: &str = "tracker-facts:";
const LINE: &str = "tracker-fact\t";
const WARNING: &str = "tracker-warning\t";

/// One milestone's facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub due: NaiveDate,
    pub done: bool,
    pub unit: String,
}

/// Milestones' facts by (project, milestone) name.
pub type FactMap = BTreeMap<(String, String), Facts>;

/// One line of a record: a milestone's facts after the change, or `None` when it is gone.
pub type Record = ((String, String), Option<Facts>);

/// The projects a change can alter the facts of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Touched {
    Nothing,
    /// By position, in the ledger before and after the change.
    Projects(Vec<usize>),
    /// Every project (a whole version against another).
    Everything,
}

impl Change {
    /// The projects this change can alter the facts of, in `ledger` (before it).
    pub fn touched(&self, ledger: &Ledger) -> Touched {
        let project = |p: usize| Touched::Projects(vec![p]);
        match self {
            Change::MilestoneDone { project: p, .. } => project(*p),
            Change::AddUpdate { .. }
            | Change::RemoveLastUpdate { .. }
            | Change::PledgeProgress { .. } => Touched::Nothing,
            // A unit renamed: the milestones of the projects naming it answer to the new
            // name. A unit added or removed is named by no project.
            Change::Set {
                item: Item::Unit(u),
                ..
            } => Touched::Projects(
                ledger
                    .projects
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.names_unit(*u))
                    .map(|(i, _)| i)
                    .collect(),
            ),
            Change::Set { item, .. }
            | Change::Add { at: item, .. }
            | Change::Remove { at: item } => match item {
                Item::Project(p) | Item::Milestone { project: p, .. } => project(*p),
                Item::Pledge { .. } | Item::Unit(_) => Touched::Nothing,
            },
            Change::Exactly { change, .. } => change.touched(ledger),
        }
    }
}

/// The names of the projects `touched` points at in `ledger`.
pub fn touched_names(ledger: &Ledger, touched: &Touched) -> Vec<String> {
    match touched {
        Touched::Projects(at) => at
            .iter()
            .filter_map(|&i| ledger.projects.get(i))
            .map(|p| p.name.to_string())
            .collect(),
        Touched::Nothing | Touched::Everything => Vec::new(),
    }
}

/// The facts of the projects named (of every project for `Everything`).
pub fn facts(ledger: &Ledger, touched: &Touched, names: &[String]) -> FactMap {
    let mut out = FactMap::new();
    let all = *touched == Touched::Everything;
    for p in &ledger.projects {
        if !all && !names.iter().any(|n| *n == p.name) {
            continue;
        }
        for m in &p.milestones {
            out.insert(
                (p.name.to_string(), m.name.to_string()),
                Facts {
                    due: m.due,
                    done: m.done.is_some(),
                    unit: ledger.unit_name(p.milestone_unit(m)).to_string(),
                },
            );
        }
    }
    out
}

/// The record of what changed from `before` to `after`, to end a commit message.
pub fn record(before: &FactMap, after: &FactMap) -> String {
    record_with(before, after, None)
}

/// The record of a whole version against another: the facts, and the warning settings
/// when they changed.
pub fn record_of_versions(before: &Ledger, after: &Ledger) -> String {
    let all = |l: &Ledger| facts(l, &Touched::Everything, &[]);
    let (b, a) = (before.thresholds, after.thresholds);
    let warning = (b.soon_days != a.soon_days || b.red_days != a.red_days)
        .then_some((a.soon_days, a.red_days));
    record_with(&all(before), &all(after), warning)
}

fn record_with(before: &FactMap, after: &FactMap, warning: Option<(i64, i64)>) -> String {
    let mut lines = Vec::new();
    for (key, now) in after {
        if before.get(key) != Some(now) {
            lines.push(format!(
                "{LINE}{}\t{}\t{}\t{}\t{}",
                key.0,
                key.1,
                now.due,
                u8::from(now.done),
                now.unit
            ));
        }
    }
    for key in before.keys().filter(|k| !after.contains_key(*k)) {
        lines.push(format!("{LINE}{}\t{}\t-", key.0, key.1));
    }
    let count = lines.len();
    if let Some((soon, red)) = warning {
        lines.push(format!("{WARNING}{soon}\t{red}"));
    }
    format!("\n\n{MARKER} {count}\n{}", lines.join("\n"))
        .trim_end()
        .to_string()
}

/// The warning settings a record sets (soon_days, red_days), if it changed them.
pub fn read_warning(message: &str) -> Option<(i64, i64)> {
    let at = message.find(MARKER)?;
    let line = message[at..]
        .lines()
        .find_map(|l| l.strip_prefix(WARNING))?;
    let (soon, red) = line.split_once('\t')?;
    Some((soon.parse().ok()?, red.parse().ok()?))
}

/// The record in a commit message; `None` when the message has none (a commit not made
/// by tracker, or one whose record does not read).
pub fn read_record(message: &str) -> Option<Vec<Record>> {
    let at = message.find(MARKER)?;
    let mut lines = message[at..].lines();
    let count: usize = lines.next()?.strip_prefix(MARKER)?.trim().parse().ok()?;
    let mut out = Vec::with_capacity(count);
    for line in lines.filter(|l| l.starts_with(LINE)) {
        let mut f = line[LINE.len()..].split('\t');
        let key = (f.next()?.to_string(), f.next()?.to_string());
        let due = f.next()?;
        if due == "-" {
            out.push((key, None));
            continue;
        }
        let facts = Facts {
            due: NaiveDate::parse_from_str(due, "%Y-%m-%d").ok()?,
            done: f.next()? == "1",
            unit: f.next()?.to_string(),
        };
        out.push((key, Some(facts)));
    }
    (out.len() == count).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_as_written() {
        let day = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("day");
        let key = |p: &str, m: &str| (p.to_string(), m.to_string());
        let f = |d, done, u: &str| Facts {
            due: day(d),
            done,
            unit: u.into(),
        };
        let before: FactMap = [
            (key("一号", "开工"), f("2018-03-01", false, "甲局")),
            (key("一号", "封顶"), f("2018-06-01", false, "甲局")),
            (key("二号", "立项"), f("2018-04-01", false, "乙局")),
        ]
        .into();
        let mut after = before.clone();
        after.insert(key("一号", "开工"), f("2018-03-01", true, "甲局"));
        after.insert(key("一号", "封顶"), f("2018-07-31", false, "甲局"));
        after.remove(&key("二号", "立项"));
        after.insert(key("三号", "选址"), f("2018-09-30", false, "丙 局"));
        let written = record(&before, &after);
        let read = read_record(&format!("销号 一号 / 开工{written}")).expect("reads");
        assert_eq!(read.len(), 4);
        let mut applied = before.clone();
        for (k, v) in read {
            match v {
                Some(v) => applied.insert(k, v),
                None => applied.remove(&k),
            };
        }
        assert_eq!(applied, after);
        assert_eq!(read_record("销号 一号 / 开工"), None);
        assert_eq!(
            read_record(&format!("x\n\n{MARKER} 2\n{LINE}a\tb\t-")),
            None,
            "one short"
        );
        assert_eq!(record(&before, &before), format!("\n\n{MARKER} 0"));
    }
}
