//! The monthly work from scripts: `invest`, `move`, `pledge`, and `add`, `rename`, `remove`
//! of units, pledges, projects and milestones. One grammar: FILE first, then the names that
//! locate the item. Every command goes through the same rules and safe save as the forms.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::CliError;
use super::edit::{find_milestone, find_named, project_named, unit_named};
use crate::ledger::change::{
    Fields, InvestmentEntry, Item, MilestoneFields, NewItem, PledgeEntry, ProjectFields,
    UnitFields, item_of, move_milestone, record_investment, record_pledge,
};
use crate::ledger::sanitize::{self, path as shown};
use crate::ledger::{self, Change, ChangeError, Investment, Ledger, Pledge, parse_campaign_day};

mod args;

pub use args::{AddCommand, InvestArgs, PledgeArgs, RemoveCommand, RenameCommand};

fn day(text: &str, ledger: &Ledger) -> Result<NaiveDate, ChangeError> {
    Ok(parse_campaign_day(text, ledger.year)?)
}

/// A month as typed: `2018-05`, `5`, `5月`, `五月`; the ledger's year.
fn month(text: &str, ledger: &Ledger) -> Result<u32, ChangeError> {
    Ok(ledger::change::parse_month_typed(text, ledger.year)?)
}

fn pledge_named(l: &Ledger, unit: &str, typed: &str) -> Result<(usize, usize), ChangeError> {
    let u = unit_named(l, unit)?;
    let texts: Vec<&str> = l.units[u].pledges.iter().map(|p| p.text.as_str()).collect();
    Ok((u, find_named(typed, &texts, "pledge")?))
}

fn text(s: &str) -> compact_str::CompactString {
    sanitize::clean(s.trim().to_string()).0.into()
}

fn opt(s: &Option<String>) -> Option<compact_str::CompactString> {
    s.as_deref().map(text).filter(|s| !s.is_empty())
}

/// Makes the change the closure picks on the ledger as it is under the lock, then says what
/// was done (`done`: the words, from the ledger before and the change).
fn run(
    file: &Path,
    make: impl FnOnce(&Ledger) -> Result<Change, ChangeError>,
    said: impl FnOnce(&Ledger, &Change) -> String,
) -> Result<ExitCode, CliError> {
    let mut words = None;
    ledger::change_file(file, |l| {
        let c = make(l)?;
        words = Some(said(l, &c));
        Ok(c)
    })?;
    let _ = writeln!(
        io::stdout(),
        "{}: {}",
        shown(file),
        words.unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}

pub(super) fn invest(a: &InvestArgs) -> Result<ExitCode, CliError> {
    run(
        &a.file,
        |l| {
            let p = project_named(l, &a.project)?;
            let month = match (&a.month, a.done) {
                (Some(m), Some(d)) => Some((month(m, l)?, d)),
                _ => None,
            };
            let entry = InvestmentEntry {
                month,
                plan: a.plan,
                total: a.total,
            };
            record_investment(l, p, entry)
        },
        |l, c| match c {
            Change::Set {
                item: Item::Project(p),
                fields,
            } => {
                let Fields::Project(f) = fields.as_ref() else {
                    return String::new();
                };
                let i = f.investment.unwrap_or(Investment::default());
                let n = |x: Option<f64>| x.map_or("—".into(), ledger::number::display);
                format!(
                    "investment of {}: total {}, plan {}, done {} 亿元",
                    l.projects[*p].name,
                    n(i.total),
                    n(i.plan),
                    n(i.done)
                )
            }
            _ => String::new(),
        },
    )
}

pub(super) fn move_due(
    file: &Path,
    project: &str,
    milestone: &str,
    due: &str,
) -> Result<ExitCode, CliError> {
    run(
        file,
        |l| {
            let (p, m) = find_milestone(l, project, milestone)?;
            move_milestone(l, p, m, day(due, l)?)
        },
        |l, c| match c {
            Change::Set {
                item: Item::Milestone { project, milestone },
                fields,
            } => {
                let Fields::Milestone(f) = fields.as_ref() else {
                    return String::new();
                };
                let was = &l.projects[*project].milestones[*milestone];
                let base = f
                    .baseline
                    .map(|b| {
                        format!(
                            " (first planned {b}, moved {} days)",
                            (f.due - b).num_days()
                        )
                    })
                    .unwrap_or_default();
                format!(
                    "re-planned {} / {}: {} → {}{base}",
                    l.projects[*project].name, was.name, was.due, f.due
                )
            }
            _ => String::new(),
        },
    )
}

pub(super) fn pledge(a: &PledgeArgs, by: String) -> Result<ExitCode, CliError> {
    run(
        &a.file,
        |l| {
            let (u, k) = pledge_named(l, &a.unit, &a.pledge)?;
            let entry = match (&a.done, a.reopen, a.progress) {
                (Some(d), _, _) => PledgeEntry::Done(day(d, l)?, by.as_str().into()),
                (None, true, _) => PledgeEntry::Reopen,
                (None, false, Some(x)) => PledgeEntry::Progress(x),
                // clap requires one of the three.
                (None, false, None) => unreachable!("--done, --reopen or --progress is required"),
            };
            record_pledge(l, u, k, entry)
        },
        |l, c| match c {
            Change::Set {
                item: Item::Pledge { unit, pledge },
                fields,
            } => {
                let Fields::Pledge(p) = fields.as_ref() else {
                    return String::new();
                };
                let who = &l.units[*unit].name;
                let was = &l.units[*unit].pledges[*pledge];
                match (p.done, was.done) {
                    (Some(d), _) => format!("pledge of {who} fulfilled on {d}: {}", p.text),
                    (None, Some(_)) => format!("pledge of {who} open again: {}", p.text),
                    (None, None) => format!(
                        "progress of {who}'s pledge {}: {}",
                        p.text,
                        p.progress.map_or("—".into(), ledger::number::display)
                    ),
                }
            }
            _ => String::new(),
        },
    )
}

/// The project a milestone's place is in, or the unit a pledge's is in, by name.
fn owner(l: &Ledger, at: Item) -> &str {
    match at {
        Item::Milestone { project, .. } => &l.projects[project].name,
        Item::Pledge { unit, .. } => &l.units[unit].name,
        Item::Unit(_) | Item::Project(_) => "",
    }
}

fn added(l: &Ledger, c: &Change) -> String {
    match c {
        Change::Add { at, item } => match item.as_ref() {
            NewItem::Milestone(m) => format!(
                "added milestone {} / {} due {}",
                owner(l, *at),
                m.name,
                m.due
            ),
            NewItem::Project(p, ..) => format!("added project {} (lead {})", p.name, p.lead),
            NewItem::Unit(u, _) => format!("added unit {}", u.name),
            NewItem::Pledge(p) => format!("added pledge of {}: {}", owner(l, *at), p.text),
        },
        _ => String::new(),
    }
}

pub(super) fn add(cmd: &AddCommand) -> Result<ExitCode, CliError> {
    match cmd {
        AddCommand::Milestone {
            file,
            project,
            name,
            due,
            unit,
        } => run(
            file,
            |l| {
                let p = project_named(l, project)?;
                let unit = match unit {
                    Some(u) => Some(l.units[unit_named(l, u)?].name.clone()),
                    None => None,
                };
                Ok(Change::Add {
                    at: Item::Milestone {
                        project: p,
                        milestone: l.projects[p].milestones.len(),
                    },
                    item: Box::new(NewItem::Milestone(MilestoneFields {
                        name: text(name),
                        due: day(due, l)?,
                        baseline: None,
                        done: None,
                        by: None,
                        unit,
                    })),
                })
            },
            added,
        ),
        AddCommand::Project {
            file,
            name,
            lead,
            category,
            support,
            leader,
            plan,
            total,
            scale,
        } => run(
            file,
            |l| {
                let lead = l.units[unit_named(l, lead)?].name.clone();
                let support = support
                    .iter()
                    .map(|s| unit_named(l, s).map(|u| l.units[u].name.clone()))
                    .collect::<Result<_, _>>()?;
                let investment = (plan.is_some() || total.is_some()).then_some(Investment {
                    total: *total,
                    plan: *plan,
                    done: None,
                });
                let category = match category {
                    Some(c) => {
                        let names: Vec<&str> = l.categories.iter().map(|c| c.as_str()).collect();
                        if names.is_empty() {
                            Some(text(c))
                        } else {
                            Some(l.categories[find_named(c, &names, "category")?].clone())
                        }
                    }
                    None => None,
                };
                Ok(Change::Add {
                    at: Item::Project(l.projects.len()),
                    item: Box::new(NewItem::Project(
                        ProjectFields {
                            name: text(name),
                            pinyin: None,
                            category,
                            lead,
                            support,
                            leader: opt(leader),
                            investment,
                            monthly: Vec::new(),
                            scale: opt(scale),
                        },
                        Vec::new(),
                        Vec::new(),
                    )),
                })
            },
            added,
        ),
        AddCommand::Unit {
            file,
            name,
            leader,
            title,
        } => run(
            file,
            |l| {
                Ok(Change::Add {
                    at: Item::Unit(l.units.len()),
                    item: Box::new(NewItem::Unit(
                        UnitFields {
                            name: text(name),
                            pinyin: None,
                            leader: opt(leader),
                            title: opt(title),
                        },
                        Vec::new(),
                    )),
                })
            },
            added,
        ),
        AddCommand::Pledge {
            file,
            unit,
            text: t,
            due,
            target,
            measure,
        } => run(
            file,
            |l| {
                let u = unit_named(l, unit)?;
                Ok(Change::Add {
                    at: Item::Pledge {
                        unit: u,
                        pledge: l.units[u].pledges.len(),
                    },
                    item: Box::new(NewItem::Pledge(Pledge {
                        text: text(t),
                        due: due.as_deref().map(|d| day(d, l)).transpose()?,
                        target: *target,
                        measure: opt(measure),
                        progress: None,
                        done: None,
                        by: None,
                    })),
                })
            },
            added,
        ),
    }
}

/// "renamed unit 区城管局 → 区城市管理局", from the ledger before and the change.
fn renamed(l: &Ledger, c: &Change) -> String {
    let Change::Set { item, fields } = c else {
        return String::new();
    };
    let old = ledger::change::fields_of(l, *item);
    let old = old.as_ref().map_or("", Fields::name);
    format!("renamed {} {old} → {}", item.kind().word(), fields.name())
}

pub(super) fn rename(cmd: &RenameCommand) -> Result<ExitCode, CliError> {
    let file = match cmd {
        RenameCommand::Unit { file, .. }
        | RenameCommand::Project { file, .. }
        | RenameCommand::Milestone { file, .. }
        | RenameCommand::Pledge { file, .. } => file,
    };
    run(
        file,
        |l| {
            let (item, new) = match cmd {
                RenameCommand::Unit { unit, new, .. } => (Item::Unit(unit_named(l, unit)?), new),
                RenameCommand::Project { project, new, .. } => {
                    (Item::Project(project_named(l, project)?), new)
                }
                RenameCommand::Milestone {
                    project,
                    milestone,
                    new,
                    ..
                } => {
                    let (project, milestone) = find_milestone(l, project, milestone)?;
                    (Item::Milestone { project, milestone }, new)
                }
                RenameCommand::Pledge {
                    unit, pledge, new, ..
                } => {
                    let (unit, pledge) = pledge_named(l, unit, pledge)?;
                    (Item::Pledge { unit, pledge }, new)
                }
            };
            let mut fields = ledger::change::fields_of(l, item)
                .ok_or_else(|| ChangeError::Missing(item.kind().word().into()))?;
            *fields.name_mut() = text(new);
            Ok(Change::Set {
                item,
                fields: Box::new(fields),
            })
        },
        renamed,
    )
}

/// What removing the item takes with it, in words.
fn what_goes(l: &Ledger, at: Item) -> String {
    match item_of(l, at) {
        Some(NewItem::Unit(u, pledges)) => {
            format!("unit {} with {} pledge(s)", u.name, pledges.len())
        }
        Some(NewItem::Project(p, milestones, updates)) => format!(
            "project {} with {} milestone(s) and {} progress line(s)",
            p.name,
            milestones.len(),
            updates.len()
        ),
        Some(NewItem::Milestone(m)) => {
            format!("milestone {} / {} (due {})", owner(l, at), m.name, m.due)
        }
        Some(NewItem::Pledge(p)) => format!("pledge of {}: {}", owner(l, at), p.text),
        None => String::new(),
    }
}

pub(super) fn remove(cmd: &RemoveCommand) -> Result<ExitCode, CliError> {
    let (file, yes) = match cmd {
        RemoveCommand::Unit { file, yes, .. }
        | RemoveCommand::Project { file, yes, .. }
        | RemoveCommand::Milestone { file, yes, .. }
        | RemoveCommand::Pledge { file, yes, .. } => (file, yes.yes),
    };
    let locate = |l: &Ledger| -> Result<Item, ChangeError> {
        Ok(match cmd {
            RemoveCommand::Unit { unit, .. } => Item::Unit(unit_named(l, unit)?),
            RemoveCommand::Project { project, .. } => Item::Project(project_named(l, project)?),
            RemoveCommand::Milestone {
                project, milestone, ..
            } => {
                let (project, milestone) = find_milestone(l, project, milestone)?;
                Item::Milestone { project, milestone }
            }
            RemoveCommand::Pledge { unit, pledge, .. } => {
                let (unit, pledge) = pledge_named(l, unit, pledge)?;
                Item::Pledge { unit, pledge }
            }
        })
    };
    if !yes {
        let mut l = ledger::load_path(file)?.ledger;
        let at = locate(&l).map_err(|e| CliError::Save(ledger::save::SaveError::Edit(e)))?;
        let goes = what_goes(&l, at);
        // The rules first: a unit still named cannot go, and saying so beats "would remove".
        Change::Remove { at }
            .apply(&mut l)
            .map_err(|e| CliError::Save(ledger::save::SaveError::Edit(e)))?;
        return Err(CliError::NotConfirmed(format!(
            "would remove {goes}; nothing was changed (add --yes to remove it)"
        )));
    }
    run(
        file,
        |l| Ok(Change::Remove { at: locate(l)? }),
        |l, c| match c {
            Change::Remove { at } => format!("removed {}", what_goes(l, *at)),
            _ => String::new(),
        },
    )
}
