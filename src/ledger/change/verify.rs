//! Reading a form's edit back before it is written: the edited item, read with the loader's
//! reader from the text as it would be, must say what the change says, and the items around
//! it must be as they were.

use super::item::{Fields, Item, NewItem};
use super::text::{self, read};
use super::{Change, ChangeError};
use crate::ledger::edit::{self, Splice};
use crate::ledger::raw::{RawMilestone, RawPledge, RawProject, RawUnit};
use crate::ledger::ron::Seg;

fn unverified(what: &str) -> ChangeError {
    ChangeError::Unverified(what.to_string())
}

fn item_text<'t>(text: &'t str, path: &[Seg]) -> Result<&'t str, ChangeError> {
    Ok(&text[edit::struct_span(text, path)?])
}

/// The item at `path` as the loader reads it, in the text before and after.
fn both<T: serde::de::DeserializeOwned>(
    old: &str,
    new: &str,
    path: &[Seg],
) -> Result<(T, T), ChangeError> {
    Ok((
        read(item_text(old, path)?, path)?,
        read(item_text(new, path)?, path)?,
    ))
}

pub(super) fn verify(change: &Change, old: &str, splice: &Splice) -> Result<(), ChangeError> {
    if old.get(splice.range.clone()).is_none() {
        return Err(unverified("the edit's place"));
    }
    let new = splice.apply(old);
    let year = super::ledger_year(old)?;
    match change {
        Change::Set { item, fields } => set(old, &new, *item, fields, year),
        Change::Add { at, item } => add(old, &new, *at, item, year),
        Change::Remove { at } => remove(old, &new, *at),
        _ => Err(unverified("the change")),
    }
}

fn set(old: &str, new: &str, item: Item, fields: &Fields, year: i32) -> Result<(), ChangeError> {
    let path = text::item_path(item);
    let same = match fields {
        Fields::Pledge(p) => {
            let (_, now): (RawPledge, RawPledge) = both(old, new, &path)?;
            text::says_pledge(&now, p)
        }
        Fields::Milestone(m) => {
            let (_, now): (RawMilestone, RawMilestone) = both(old, new, &path)?;
            text::says_milestone(&now, m)
        }
        Fields::Unit(u) => {
            let (was, now): (RawUnit, RawUnit) = both(old, new, &path)?;
            let renamed = was.name != u.name;
            let kept = was.pledges == now.pledges;
            text::says_unit(&now, u)
                && kept
                && (!renamed || references_follow(old, new, &was.name, &u.name)?)
        }
        Fields::Project(p) => {
            let (was, now): (RawProject, RawProject) = both(old, new, &path)?;
            text::says_project(&now, p, year)
                && was.milestones == now.milestones
                && was.updates == now.updates
        }
    };
    if same {
        Ok(())
    } else {
        Err(unverified(&edit::describe(&path)))
    }
}

/// Every project reads as before, but with the unit's new name where it had the old.
fn references_follow(old: &str, new: &str, from: &str, to: &str) -> Result<bool, ChangeError> {
    let list = [Seg::Field("projects")];
    let (Some(a), Some(b)) = (edit::list_items(old, &list)?, edit::list_items(new, &list)?) else {
        return Ok(true);
    };
    if a.len() != b.len() {
        return Ok(false);
    }
    let plain = !from.contains(['"', '\\']) && !from.chars().any(char::is_control);
    let finder = memchr::memmem::Finder::new(from.as_bytes());
    for (i, (ra, rb)) in a.into_iter().zip(b).enumerate() {
        let (ta, tb) = (&old[ra], &new[rb]);
        if ta == tb {
            if !plain || finder.find(ta.as_bytes()).is_some() {
                // Untouched, so it must not have named the unit.
                let here = [Seg::Field("projects"), Seg::Index(i)];
                let p: RawProject = read(ta, &here)?;
                if p.lead == from
                    || p.support.iter().any(|s| s == from)
                    || p.milestones.iter().any(|m| m.unit.as_deref() == Some(from))
                {
                    return Ok(false);
                }
            }
            continue;
        }
        let here = [Seg::Field("projects"), Seg::Index(i)];
        let mut want: RawProject = read(ta, &here)?;
        let got: RawProject = read(tb, &here)?;
        let rename = |s: &mut compact_str::CompactString| {
            if s == from {
                *s = to.into();
            }
        };
        rename(&mut want.lead);
        want.support.iter_mut().for_each(rename);
        for m in &mut want.milestones {
            if let Some(u) = &mut m.unit {
                rename(u);
            }
        }
        if want != got {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The list holding an item, its parent, and whether the parent is the ledger itself.
fn parent_of(at: Item) -> Option<Vec<Seg<'static>>> {
    match at {
        Item::Pledge { unit, .. } => Some(vec![Seg::Field("units"), Seg::Index(unit)]),
        Item::Milestone { project, .. } => Some(vec![Seg::Field("projects"), Seg::Index(project)]),
        Item::Unit(_) | Item::Project(_) => None,
    }
}

fn says(now: &str, at: Item, item: &NewItem, year: i32) -> Result<bool, ChangeError> {
    let path = text::item_path(at);
    let part = item_text(now, &path)?;
    Ok(match item {
        NewItem::Milestone(m) => text::says_milestone(&read(part, &path)?, m),
        NewItem::Pledge(p) => text::says_pledge(&read(part, &path)?, p),
        NewItem::Unit(u, pledges) => {
            let raw: RawUnit = read(part, &path)?;
            text::says_unit(&raw, u)
                && raw.pledges.len() == pledges.len()
                && raw
                    .pledges
                    .iter()
                    .zip(pledges)
                    .all(|(r, p)| text::says_pledge(r, p))
        }
        NewItem::Project(p, milestones, updates) => {
            let raw: RawProject = read(part, &path)?;
            text::says_project(&raw, p, year)
                && raw.milestones.len() == milestones.len()
                && raw
                    .milestones
                    .iter()
                    .zip(milestones)
                    .all(|(r, m)| text::says_milestone(r, m))
                && raw.updates == updates.iter().map(text::raw_update).collect::<Vec<_>>()
        }
    })
}

fn list_len(text: &str, at: Item) -> Result<usize, ChangeError> {
    let mut list = text::item_path(at);
    list.pop();
    Ok(edit::list_items(text, &list)?.map_or(0, |v| v.len()))
}

fn add(old: &str, new: &str, at: Item, item: &NewItem, year: i32) -> Result<(), ChangeError> {
    let fine = says(new, at, item, year)? && list_len(new, at)? == list_len(old, at)? + 1;
    let fine = fine && neighbours_kept(old, new, at, 0, 1)?;
    if fine {
        Ok(())
    } else {
        Err(unverified(&edit::describe(&text::item_path(at))))
    }
}

fn remove(old: &str, new: &str, at: Item) -> Result<(), ChangeError> {
    let fine = list_len(new, at)? + 1 == list_len(old, at)? && neighbours_kept(old, new, at, 1, 0)?;
    if fine {
        Ok(())
    } else {
        Err(unverified(&edit::describe(&text::item_path(at))))
    }
}

/// The parent reads as before apart from the list (for a milestone or pledge), and the
/// items after the place (old index + `skip_old` against new index + `skip_new`) read the
/// same: checked for the next item, which is the one an edit could have run into.
fn neighbours_kept(
    old: &str,
    new: &str,
    at: Item,
    skip_old: usize,
    skip_new: usize,
) -> Result<bool, ChangeError> {
    let mut list = text::item_path(at);
    let Some(Seg::Index(i)) = list.pop() else {
        return Ok(false);
    };
    let items = |t: &str| -> Result<Vec<String>, ChangeError> {
        Ok(edit::list_items(t, &list)?
            .unwrap_or_default()
            .into_iter()
            .map(|r| t[r].to_string())
            .collect())
    };
    if let Some(parent) = parent_of(at) {
        // A nested list is small: every item on both sides of the place must read the same.
        let (a, b) = (items(old)?, items(new)?);
        let before_kept = a.iter().take(i).eq(b.iter().take(i));
        let after_kept = a.iter().skip(i + skip_old).eq(b.iter().skip(i + skip_new));
        let rest = if matches!(at, Item::Milestone { .. }) {
            let (mut x, mut y): (RawProject, RawProject) = both(old, new, &parent)?;
            x.milestones.clear();
            y.milestones.clear();
            x == y
        } else {
            let (mut x, mut y): (RawUnit, RawUnit) = both(old, new, &parent)?;
            x.pledges.clear();
            y.pledges.clear();
            x == y
        };
        return Ok(before_kept && after_kept && rest);
    }
    let (a, b) = (
        edit::list_items(old, &list)?.unwrap_or_default(),
        edit::list_items(new, &list)?.unwrap_or_default(),
    );
    let next_same = match (a.get(i + skip_old), b.get(i + skip_new)) {
        (Some(x), Some(y)) => old[x.clone()] == new[y.clone()],
        (None, None) => true,
        _ => false,
    };
    let prev_same = match (
        i.checked_sub(1).and_then(|p| a.get(p)),
        i.checked_sub(1).and_then(|p| b.get(p)),
    ) {
        (Some(x), Some(y)) => old[x.clone()] == new[y.clone()],
        (None, None) => true,
        _ => false,
    };
    Ok(next_same && prev_same)
}
