//! The monthly work from scripts: `invest`, `move`, `pledge`, and `add`, `rename`, `remove`
//! of units, pledges, projects and milestones. One grammar: FILE first, then the names that
//! locate the item. Every command goes through the same rules and safe save as the forms.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::CliError;
use super::edit::{find_milestone, find_named, project_named, unit_named};
use super::words::{self, CliText, say};
use crate::lang::Lang;
use crate::ledger::change::{
    Fields, InvestmentEntry, Item, Kind, MilestoneFields, NameOf, NewItem, PledgeEntry,
    ProjectFields, UnitFields, item_of, move_milestone, record_investment, record_pledge,
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
    Ok((u, find_named(typed, &texts, NameOf::Pledge)?))
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
    (file, lang): (&Path, Lang),
    make: impl FnOnce(&Ledger) -> Result<Change, ChangeError>,
    said: impl FnOnce(&Ledger, &Change, &CliText) -> String,
) -> Result<ExitCode, CliError> {
    let t = words::text(lang);
    let mut what = None;
    let (_, record) = ledger::change_file_noting(file, |l| {
        let c = make(l)?;
        what = Some(said(l, &c, t));
        Ok(c)
    })?;
    let what = what.unwrap_or_default();
    let _ = writeln!(io::stdout(), "{}", say!(t.done_in, shown(file), what));
    super::commit(
        file,
        &format!("{what}{record}"),
        &crate::config::user(),
        lang,
    );
    Ok(ExitCode::SUCCESS)
}

/// A kind of item in `lang`'s words.
fn kind_word(lang: Lang, k: Kind) -> &'static str {
    let e = &crate::ui::i18n::text(lang).edits;
    match k {
        Kind::Unit => e.unit,
        Kind::Pledge => e.pledge,
        Kind::Project => e.project,
        Kind::Milestone => e.milestone,
    }
}

pub(super) fn invest(a: &InvestArgs, lang: Lang) -> Result<ExitCode, CliError> {
    run(
        (&a.file, lang),
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
        |l, c, t| match c {
            Change::Set {
                item: Item::Project(p),
                fields,
            } => {
                let Fields::Project(f) = fields.as_ref() else {
                    return String::new();
                };
                let i = f.investment.unwrap_or(Investment::default());
                let n = |x: Option<f64>| x.map_or("—".into(), ledger::number::display);
                say!(
                    t.invested,
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
    (project, milestone): (&str, &str),
    due: &str,
    lang: Lang,
) -> Result<ExitCode, CliError> {
    run(
        (file, lang),
        |l| {
            let (p, m) = find_milestone(l, project, milestone)?;
            move_milestone(l, p, m, day(due, l)?)
        },
        |l, c, t| match c {
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
                    .map(|b| say!(t.replanned_base, b, (f.due - b).num_days()))
                    .unwrap_or_default();
                let p = &l.projects[*project].name;
                say!(t.replanned, p, was.name, was.due, f.due, base)
            }
            _ => String::new(),
        },
    )
}

pub(super) fn pledge(a: &PledgeArgs, by: String, lang: Lang) -> Result<ExitCode, CliError> {
    run(
        (&a.file, lang),
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
        |l, c, t| match c {
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
                    (Some(d), _) => say!(t.pledge_done, who, d, p.text),
                    (None, Some(_)) => say!(t.pledge_reopened, who, p.text),
                    (None, None) => say!(
                        t.pledge_progress,
                        who,
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

fn added(l: &Ledger, c: &Change, t: &CliText) -> String {
    match c {
        Change::Add { at, item } => match item.as_ref() {
            NewItem::Milestone(m) => say!(t.added_milestone, owner(l, *at), m.name, m.due),
            NewItem::Project(p, ..) => say!(t.added_project, p.name, p.lead),
            NewItem::Unit(u, _) => say!(t.added_unit, u.name),
            NewItem::Pledge(p) => say!(t.added_pledge, owner(l, *at), p.text),
        },
        _ => String::new(),
    }
}

pub(super) fn add(cmd: &AddCommand, lang: Lang) -> Result<ExitCode, CliError> {
    match cmd {
        AddCommand::Milestone {
            file,
            project,
            name,
            due,
            unit,
        } => run(
            (file, lang),
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
            (file, lang),
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
                            Some(l.categories[find_named(c, &names, NameOf::Category)?].clone())
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
            (file, lang),
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
            (file, lang),
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
fn renamed(l: &Ledger, c: &Change, lang: Lang) -> String {
    let Change::Set { item, fields } = c else {
        return String::new();
    };
    let old = ledger::change::fields_of(l, *item);
    let old = old.as_ref().map_or("", Fields::name);
    let t = words::text(lang);
    say!(t.renamed, kind_word(lang, item.kind()), old, fields.name())
}

pub(super) fn rename(cmd: &RenameCommand, lang: Lang) -> Result<ExitCode, CliError> {
    let file = match cmd {
        RenameCommand::Unit { file, .. }
        | RenameCommand::Project { file, .. }
        | RenameCommand::Milestone { file, .. }
        | RenameCommand::Pledge { file, .. } => file,
    };
    run(
        (file, lang),
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
        |l, c, _| renamed(l, c, lang),
    )
}

/// What removing the item takes with it, in words.
fn what_goes(l: &Ledger, at: Item, t: &CliText) -> String {
    match item_of(l, at) {
        Some(NewItem::Unit(u, pledges)) => say!(t.goes_unit, u.name, pledges.len()),
        Some(NewItem::Project(p, milestones, updates)) => {
            say!(t.goes_project, p.name, milestones.len(), updates.len())
        }
        Some(NewItem::Milestone(m)) => say!(t.goes_milestone, owner(l, at), m.name, m.due),
        Some(NewItem::Pledge(p)) => say!(t.goes_pledge, owner(l, at), p.text),
        None => String::new(),
    }
}

pub(super) fn remove(cmd: &RemoveCommand, lang: Lang) -> Result<ExitCode, CliError> {
    let t = words::text(lang);
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
        let goes = what_goes(&l, at, t);
        // The rules first: a unit still named cannot go, and saying so beats "would remove".
        Change::Remove { at }
            .apply(&mut l)
            .map_err(|e| CliError::Save(ledger::save::SaveError::Edit(e)))?;
        return Err(CliError::NotConfirmed(goes));
    }
    run(
        (file, lang),
        |l| Ok(Change::Remove { at: locate(l)? }),
        |l, c, t| match c {
            Change::Remove { at } => say!(t.removed, what_goes(l, *at, t)),
            _ => String::new(),
        },
    )
}
