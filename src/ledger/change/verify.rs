//! Reading a form's edit back before it is written: the edited item, read with the loader's
//! reader from the text as it would be, must say what the change says, and the items around
//! it must be as they were.

use super::item::{Fields, Item, NewItem};
use super::text::{self, read};
use super::{Change, ChangeError};
use crate::ledger::edit::{self, Splice};
use crate::ledger::raw::{RawProject, RawUnit};
use crate::ledger::ron::Seg;
use std::ops::Range;

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
        Change::Add { at, item } => placed(old, &new, *at, Some((item, year))),
        Change::Remove { at } => placed(old, &new, *at, None),
        _ => Err(unverified("the change")),
    }
}

fn set(old: &str, new: &str, item: Item, fields: &Fields, year: i32) -> Result<(), ChangeError> {
    let path = text::item_path(item);
    let same = match fields {
        Fields::Pledge(p) => text::says_pledge(&read(item_text(new, &path)?, &path)?, p),
        Fields::Milestone(m) => text::says_milestone(&read(item_text(new, &path)?, &path)?, m),
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

/// Whether the item's text reads as the new item says, with what it holds.
fn says(part: &str, path: &[Seg], item: &NewItem, year: i32) -> Result<bool, ChangeError> {
    Ok(match item {
        NewItem::Milestone(m) => text::says_milestone(&read(part, path)?, m),
        NewItem::Pledge(p) => text::says_pledge(&read(part, path)?, p),
        NewItem::Unit(u, pledges) => {
            let raw: RawUnit = read(part, path)?;
            text::says_unit(&raw, u)
                && raw.pledges.len() == pledges.len()
                && raw
                    .pledges
                    .iter()
                    .zip(pledges)
                    .all(|(r, p)| text::says_pledge(r, p))
        }
        NewItem::Project(p, milestones, updates) => {
            let raw: RawProject = read(part, path)?;
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

/// The texts of the items `which` of a list (none where it runs past the list's end).
fn texts<'t>(
    t: &'t str,
    spans: &'t [Range<usize>],
    which: impl std::slice::SliceIndex<[Range<usize>], Output = [Range<usize>]>,
) -> impl DoubleEndedIterator<Item = &'t str> {
    spans
        .get(which)
        .unwrap_or(&[])
        .iter()
        .map(|r| &t[r.clone()])
}

/// An item added at `at` (`added`: the item and the ledger's year) or removed from there:
/// the list is one longer (shorter), the new item reads as it should, the items next to the
/// place read as before (in a project's or unit's list, every item, and the rest of the
/// project or unit too). Each list is read once on each side.
fn placed(
    old: &str,
    new: &str,
    at: Item,
    added: Option<(&NewItem, i32)>,
) -> Result<(), ChangeError> {
    let path = text::item_path(at);
    let mut list = path.clone();
    let Some(Seg::Index(i)) = list.pop() else {
        return Err(unverified(&edit::describe(&path)));
    };
    let spans = |t: &str| edit::list_items(t, &list).map(Option::unwrap_or_default);
    let (a, b) = (spans(old)?, spans(new)?);
    let (skip_old, skip_new) = if added.is_some() { (0, 1) } else { (1, 0) };
    let says_it = match added {
        Some((item, year)) => match b.get(i) {
            Some(r) => says(&new[r.clone()], &path, item, year)?,
            None => false,
        },
        None => true,
    };
    // A nested list is small: every item is compared. In the ledger's own lists, the
    // neighbours: the items an edit could have run into.
    let parent = parent_of(at);
    let reach = if parent.is_some() { usize::MAX } else { 1 };
    let before_kept = texts(old, &a, ..i)
        .rev()
        .take(reach)
        .eq(texts(new, &b, ..i).rev().take(reach));
    let after_kept = texts(old, &a, i + skip_old..)
        .take(reach)
        .eq(texts(new, &b, i + skip_new..).take(reach));
    let rest_kept = match parent {
        Some(parent) if matches!(at, Item::Milestone { .. }) => {
            let (mut x, mut y): (RawProject, RawProject) = both(old, new, &parent)?;
            x.milestones.clear();
            y.milestones.clear();
            x == y
        }
        Some(parent) => {
            let (mut x, mut y): (RawUnit, RawUnit) = both(old, new, &parent)?;
            x.pledges.clear();
            y.pledges.clear();
            x == y
        }
        None => true,
    };
    if a.len() + skip_new == b.len() + skip_old && says_it && before_kept && after_kept && rest_kept
    {
        Ok(())
    } else {
        Err(unverified(&edit::describe(&path)))
    }
}
