//! Changes made against one version of the ledger, carried over to another (after someone
//! else saved): items are found by what identifies them, not by position, and each change
//! is compared three ways (as it was before the change, the change, what the file says now).

use super::change::{Change, Item, fields_of};
use super::model::{Ledger, Update};

/// What becomes of an unsaved change on the ledger as it is now.
#[derive(Debug, Clone, PartialEq)]
pub enum Rebased {
    /// Still to be made, at these positions.
    Apply(Change),
    /// The file already says what the change says (the other writer did the same, or an
    /// earlier save of ours landed without being confirmed): nothing to do.
    AlreadyThere,
    /// The other writer changed the very field this change changes, differently. The change
    /// is positioned on the new ledger, so it can still be applied if the user chooses it.
    Conflict(Change),
    /// The item is gone from the file.
    Gone,
}

/// A project by name (unique), a milestone by name within it (unique), a unit by name, a
/// pledge by its text and which of the unit's pledges with that text it is (texts repeat).
pub fn project_in(old: &Ledger, new: &Ledger, p: usize) -> Option<usize> {
    new.project_by_name(&old.projects.get(p)?.name)
}

pub fn milestone_in(old: &Ledger, new: &Ledger, p: usize, m: usize) -> Option<(usize, usize)> {
    let np = project_in(old, new, p)?;
    let name = &old.projects[p].milestones.get(m)?.name;
    Some((np, new.projects[np].milestone_by_name(name)?))
}

pub fn pledge_in(old: &Ledger, new: &Ledger, u: usize, k: usize) -> Option<(usize, usize)> {
    let unit = old.units.get(u)?;
    let text = &unit.pledges.get(k)?.text;
    let nth = unit.pledges[..k].iter().filter(|p| p.text == text).count();
    let nu = new.unit_by_name(&unit.name)?;
    let nk = new.units[nu]
        .pledges
        .iter()
        .enumerate()
        .filter(|(_, p)| p.text == text)
        .nth(nth)?
        .0;
    Some((nu, nk))
}

fn count(updates: &[Update], u: &Update) -> usize {
    updates.iter().filter(|x| *x == u).count()
}

/// The same change with positions in `new`, found by identity in `old` (the ledger the
/// change's positions refer to); None when an item is gone. For undo history, where no
/// three-way comparison is wanted.
pub fn relocate(change: &Change, old: &Ledger, new: &Ledger) -> Option<Change> {
    Some(match change {
        Change::MilestoneDone {
            project,
            milestone,
            done,
            by,
        } => {
            let (project, milestone) = milestone_in(old, new, *project, *milestone)?;
            Change::MilestoneDone {
                project,
                milestone,
                done: *done,
                by: by.clone(),
            }
        }
        Change::AddUpdate { project, update } => Change::AddUpdate {
            project: project_in(old, new, *project)?,
            update: update.clone(),
        },
        Change::RemoveLastUpdate {
            project,
            update,
            drop_empty_list,
        } => Change::RemoveLastUpdate {
            project: project_in(old, new, *project)?,
            update: update.clone(),
            drop_empty_list: *drop_empty_list,
        },
        Change::PledgeProgress {
            unit,
            pledge,
            progress,
        } => {
            let (unit, pledge) = pledge_in(old, new, *unit, *pledge)?;
            Change::PledgeProgress {
                unit,
                pledge,
                progress: *progress,
            }
        }
        Change::Set { item, fields } => Change::Set {
            item: item_in(old, new, *item, None)?,
            fields: fields.clone(),
        },
        Change::Remove { at } => Change::Remove {
            at: item_in(old, new, *at, None)?,
        },
        Change::Add { at, item } => Change::Add {
            at: place_in(old, new, *at)?,
            item: item.clone(),
        },
        // Exactly that version is gone: the change as it means.
        Change::Exactly { change, .. } => relocate(change, old, new)?,
    })
}

/// An item of `old` found in `new` by what identifies it; `name`: the name (or pledge
/// text) to look for instead of the one it has in `old` (it was renamed there).
pub(crate) fn item_in(old: &Ledger, new: &Ledger, item: Item, name: Option<&str>) -> Option<Item> {
    Some(match item {
        // The name given first: the item may be gone from `old` (a removal in memory).
        Item::Unit(u) => {
            let name = name.or_else(|| old.units.get(u).map(|u| u.name.as_str()))?;
            Item::Unit(new.unit_by_name(name)?)
        }
        Item::Project(p) => {
            let name = name.or_else(|| old.projects.get(p).map(|p| p.name.as_str()))?;
            Item::Project(new.project_by_name(name)?)
        }
        Item::Milestone { project, milestone } => {
            let np = project_in(old, new, project)?;
            let name = match name {
                Some(n) => n,
                None => old.projects[project]
                    .milestones
                    .get(milestone)?
                    .name
                    .as_str(),
            };
            Item::Milestone {
                project: np,
                milestone: new.projects[np].milestone_by_name(name)?,
            }
        }
        Item::Pledge { unit, pledge } => match name {
            None => {
                let (unit, pledge) = pledge_in(old, new, unit, pledge)?;
                Item::Pledge { unit, pledge }
            }
            Some(text) => {
                let nu = new.unit_by_name(&old.units.get(unit)?.name)?;
                let nk = new.units[nu].pledges.iter().position(|p| p.text == text)?;
                Item::Pledge {
                    unit: nu,
                    pledge: nk,
                }
            }
        },
    })
}

/// Where a new item goes in `new`: the same list, found by identity, at the same place or
/// its end.
fn place_in(old: &Ledger, new: &Ledger, at: Item) -> Option<Item> {
    Some(match at {
        Item::Unit(u) => Item::Unit(u.min(new.units.len())),
        Item::Project(p) => Item::Project(p.min(new.projects.len())),
        Item::Milestone { project, milestone } => {
            let np = project_in(old, new, project)?;
            Item::Milestone {
                project: np,
                milestone: milestone.min(new.projects[np].milestones.len()),
            }
        }
        Item::Pledge { unit, pledge } => {
            let nu = new.unit_by_name(&old.units.get(unit)?.name)?;
            Item::Pledge {
                unit: nu,
                pledge: pledge.min(new.units[nu].pledges.len()),
            }
        }
    })
}

/// The place one past the end of the list `place` is in.
fn at_end(new: &Ledger, place: Item) -> Item {
    match place {
        Item::Unit(_) => Item::Unit(new.units.len()),
        Item::Project(_) => Item::Project(new.projects.len()),
        Item::Milestone { project, .. } => Item::Milestone {
            project,
            milestone: new.projects[project].milestones.len(),
        },
        Item::Pledge { unit, .. } => Item::Pledge {
            unit,
            pledge: new.units[unit].pledges.len(),
        },
    }
}

/// The forms' changes carried over: a set is three-way by its item's fields (found by the
/// name it had before); an addition already made is not made twice; a removal of what is
/// already gone is done.
fn rebase_form(change: &Change, before: &Change, old: &Ledger, new: &Ledger) -> Option<Rebased> {
    Some(match (change, before) {
        (Change::Set { item, fields }, Change::Set { fields: base, .. }) => {
            let Some(at) = item_in(old, new, *item, Some(base.name())) else {
                return Some(Rebased::Gone);
            };
            let theirs = fields_of(new, at);
            let moved = Change::Set {
                item: at,
                fields: fields.clone(),
            };
            if theirs.as_ref() == Some(fields) {
                Rebased::AlreadyThere
            } else if theirs.as_ref() == Some(base) {
                Rebased::Apply(moved)
            } else {
                Rebased::Conflict(moved)
            }
        }
        (Change::Add { at, item }, _) => {
            let Some(place) = place_in(old, new, *at) else {
                return Some(Rebased::Gone);
            };
            if item_in(old, new, *at, Some(item.name())).is_some() {
                Rebased::AlreadyThere
            } else {
                Rebased::Apply(Change::Add {
                    at: at_end(new, place),
                    item: item.clone(),
                })
            }
        }
        // In `old` the item is already gone: it is found in `new` by its name.
        (Change::Remove { at }, Change::Add { item, .. }) => {
            match item_in(old, new, *at, Some(item.name())) {
                Some(at) => Rebased::Apply(Change::Remove { at }),
                None => Rebased::AlreadyThere,
            }
        }
        (Change::Exactly { change, .. }, _) => rebase(change, before, old, new),
        _ => return None,
    })
}

/// Carries an unsaved change from `old` (the ledger in memory, which holds it) to `new`
/// (the file as it is now). `before` is the change's inverse: the values it replaced.
pub fn rebase(change: &Change, before: &Change, old: &Ledger, new: &Ledger) -> Rebased {
    if let Some(r) = rebase_form(change, before, old, new) {
        return r;
    }
    let Some(moved) = relocate(change, old, new) else {
        return Rebased::Gone;
    };
    let three_way = |theirs_is_mine: bool, theirs_is_base: bool| {
        if theirs_is_mine {
            Rebased::AlreadyThere
        } else if theirs_is_base {
            Rebased::Apply(moved.clone())
        } else {
            Rebased::Conflict(moved.clone())
        }
    };
    match (&moved, before) {
        (
            Change::MilestoneDone {
                project,
                milestone,
                done,
                by,
            },
            Change::MilestoneDone {
                done: base_done,
                by: base_by,
                ..
            },
        ) => {
            let m = &new.projects[*project].milestones[*milestone];
            three_way(
                m.done == *done && m.by == *by,
                m.done == *base_done && m.by == *base_by,
            )
        }
        (
            Change::PledgeProgress {
                unit,
                pledge,
                progress,
            },
            Change::PledgeProgress { progress: base, .. },
        ) => {
            let now = new.units[*unit].pledges[*pledge].progress;
            three_way(now == *progress, now == *base)
        }
        (Change::AddUpdate { project, update }, _) => {
            // Idempotent: a line whose save landed unconfirmed is not added twice. `old`
            // holds every unsaved line, so the file holds this one if it has as many.
            let in_old = match change {
                Change::AddUpdate { project: op, .. } => count(&old.projects[*op].updates, update),
                _ => 1,
            };
            if count(&new.projects[*project].updates, update) >= in_old.max(1) {
                Rebased::AlreadyThere
            } else {
                Rebased::Apply(moved.clone())
            }
        }
        (
            Change::RemoveLastUpdate {
                project, update, ..
            },
            _,
        ) => {
            let ups = &new.projects[*project].updates;
            if ups.last() == Some(update) {
                Rebased::Apply(moved.clone())
            } else if !ups.contains(update) {
                Rebased::AlreadyThere
            } else {
                Rebased::Gone
            }
        }
        _ => Rebased::Apply(moved.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::load_str;

    const TWO_PLEDGES: &str = r#"Ledger(title: "t", year: 2018,
    units: [Unit(name: "甲", pledges: [
        Pledge(text: "完成季度目标", target: 10, measure: "个", progress: 10),
        Pledge(text: "完成季度目标", target: 10, measure: "个", progress: 2),
    ])],
    projects: [Project(name: "P", lead: "甲", milestones: [
        Milestone(name: "开工", due: "2018-03-31"),
        Milestone(name: "竣工", due: "2018-09-30"),
    ])],
)"#;

    fn ledger(text: &str) -> Ledger {
        load_str(text).expect("loads").0
    }

    #[test]
    fn a_pledge_is_found_by_its_text_and_which_one_it_is() {
        let mut old = ledger(TWO_PLEDGES);
        let change = Change::PledgeProgress {
            unit: 0,
            pledge: 1,
            progress: Some(7.0),
        };
        let before = change.apply(&mut old).expect("applies");
        // Someone else added a unit in front: positions move, identities do not.
        let new = ledger(&TWO_PLEDGES.replace("units: [", "units: [Unit(name: \"乙\"), "));
        match rebase(&change, &before, &old, &new) {
            Rebased::Apply(Change::PledgeProgress { unit, pledge, .. }) => {
                assert_eq!(
                    (unit, pledge),
                    (1, 1),
                    "the second of the two, not the first"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn three_ways_for_a_milestone() {
        let mut old = ledger(TWO_PLEDGES);
        let day = |s: &str| crate::ledger::parse_date(s).ok();
        let change = Change::MilestoneDone {
            project: 0,
            milestone: 1,
            done: day("2018-06-15"),
            by: Some("ui".into()),
        };
        let before = change.apply(&mut old).expect("applies");
        let untouched = ledger(TWO_PLEDGES);
        assert!(matches!(
            rebase(&change, &before, &old, &untouched),
            Rebased::Apply(_)
        ));
        let theirs = ledger(&TWO_PLEDGES.replace(
            "due: \"2018-09-30\")",
            "due: \"2018-09-30\", done: \"2018-06-10\", by: \"cli\")",
        ));
        assert!(matches!(
            rebase(&change, &before, &old, &theirs),
            Rebased::Conflict(_)
        ));
        let same = ledger(&TWO_PLEDGES.replace(
            "due: \"2018-09-30\")",
            "due: \"2018-09-30\", done: \"2018-06-15\", by: \"ui\")",
        ));
        assert_eq!(rebase(&change, &before, &old, &same), Rebased::AlreadyThere);
        let gone =
            ledger(&TWO_PLEDGES.replace("Milestone(name: \"竣工\", due: \"2018-09-30\"),", ""));
        assert_eq!(rebase(&change, &before, &old, &gone), Rebased::Gone);
    }

    #[test]
    fn a_progress_line_already_on_disk_is_not_added_twice() {
        let mut old = ledger(TWO_PLEDGES);
        let update = Update {
            date: crate::ledger::parse_date("2018-06-15").expect("date"),
            text: "主体封顶".into(),
            by: Some("ui".into()),
        };
        let change = Change::AddUpdate { project: 0, update };
        let before = change.apply(&mut old).expect("applies");
        // The save landed but was not confirmed: the file has the line.
        let landed = ledger(&TWO_PLEDGES.replace(
            "    ])],\n)",
            "    ], updates: [Update(date: \"2018-06-15\", text: \"主体封顶\", by: \"ui\")])],\n)",
        ));
        assert_eq!(landed.projects[0].updates.len(), 1);
        assert_eq!(
            rebase(&change, &before, &old, &landed),
            Rebased::AlreadyThere
        );
        assert!(matches!(
            rebase(&change, &before, &old, &ledger(TWO_PLEDGES)),
            Rebased::Apply(_)
        ));
    }
}
