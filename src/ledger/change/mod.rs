//! Changes a user makes: applied to the model in memory and, as the smallest possible
//! text edit, to the file on disk.

mod field_order;
mod item;
mod refusal;
mod text;
mod verify;
mod work;

pub use item::{
    Fields, Item, Kind, MilestoneFields, NewItem, ProjectFields, UnitFields, fields_of, item_of,
    projects_naming,
};
mod not_found;
pub use not_found::{NameOf, NotFound};
pub use refusal::Refusal;

pub use text::item_line;
pub use work::{
    InvestmentEntry, PledgeEntry, move_milestone, parse_month_typed, record_investment,
    record_pledge, set_investment,
};

use std::path::Path;

use chrono::NaiveDate;
use compact_str::CompactString;

use super::edit::{self, EditError, Splice};
use super::load::{LedgerFile, decode, load_bytes};
use super::model::{Ledger, Update};
use super::raw::{RawMilestone, RawPledge, RawProject, RawUpdate};
use super::ron::{Seg, list_at, locate};
use super::save::{self, Fingerprint, SaveError};

/// One change to the ledger. Every change has an inverse, which is how undo works.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Sets a milestone's `done`/`by` (crossing off, un-marking, and undoing either).
    MilestoneDone {
        project: usize,
        milestone: usize,
        done: Option<NaiveDate>,
        by: Option<CompactString>,
    },
    /// Appends a line to a project's progress log.
    AddUpdate { project: usize, update: Update },
    /// Removes the last line of a project's progress log (the inverse of `AddUpdate`), which
    /// must be `update`. `drop_empty_list`: the log was empty before that line was added, so
    /// the `updates` field goes too and the file returns to its bytes from before.
    RemoveLastUpdate {
        project: usize,
        update: Update,
        drop_empty_list: bool,
    },
    /// Sets a pledge's `progress`.
    PledgeProgress {
        unit: usize,
        pledge: usize,
        progress: Option<f64>,
    },
    /// Sets an item's own fields: names, dates, figures, units (a form's edit). Renaming a
    /// unit renames every reference to it in the same edit.
    Set { item: Item, fields: Box<Fields> },
    /// Puts a new item at `at`; the position one past a list's end appends.
    Add { at: Item, item: Box<NewItem> },
    /// Takes the item at `at` out, with what it holds.
    Remove { at: Item },
    /// `change`, written as `splice` when the file is still exactly the version `on` that
    /// splice was made for: an undo that gives back the bytes from before, byte for byte.
    /// On any other version, `change` is made as usual.
    Exactly {
        change: Box<Change>,
        on: Fingerprint,
        splice: Splice,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    #[error("no such item in the ledger: {0}")]
    Missing(String),
    /// A name typed (on the command line) that names no item.
    #[error("{0}")]
    NotFound(NotFound),
    #[error("the ledger text could not be edited: {0}")]
    Edit(#[from] EditError),
    /// The file as it is does not load (`file`: its name, when known).
    #[error(
        "the ledger on disk does not load, so it was not written:\n{}",
        first_problem(problems)
    )]
    Invalid {
        file: String,
        problems: Vec<super::Problem>,
    },
    /// A value the ledger's rules refuse (a done date too early, a figure below zero).
    #[error("{0}; nothing was written")]
    Finding(super::Finding),
    /// The change breaks one of the ledger's rules; nothing was written.
    #[error("{0}; nothing was written")]
    Refused(String),
    /// The change breaks one of the ledger's rules; nothing was changed or written.
    #[error("{0}; nothing was written")]
    Rejected(Refusal),
    /// A date as typed that names no day; nothing was written.
    #[error("{0}; nothing was written")]
    Date(#[from] super::WhenError),
    /// The edited text does not say what the change meant (a bug or an unusual layout);
    /// refused rather than written.
    #[error("the edit of {0} did not come out as intended, so it was not written")]
    Unverified(String),
}

impl Change {
    /// Applies the change to the model and returns its inverse.
    pub fn apply(&self, ledger: &mut Ledger) -> Result<Change, ChangeError> {
        match self {
            Change::MilestoneDone {
                project,
                milestone,
                done,
                by,
            } => {
                let m = ledger
                    .projects
                    .get_mut(*project)
                    .and_then(|p| p.milestones.get_mut(*milestone))
                    .ok_or_else(|| ChangeError::Missing(format!("milestone #{milestone}")))?;
                let inverse = Change::MilestoneDone {
                    project: *project,
                    milestone: *milestone,
                    done: m.done,
                    by: m.by.clone(),
                };
                m.done = *done;
                m.by = by.clone();
                Ok(inverse)
            }
            Change::AddUpdate { project, update } => {
                let p = ledger
                    .projects
                    .get_mut(*project)
                    .ok_or_else(|| ChangeError::Missing(format!("project #{project}")))?;
                let drop_empty_list = p.updates.is_empty();
                p.updates.push(update.clone());
                Ok(Change::RemoveLastUpdate {
                    project: *project,
                    update: update.clone(),
                    drop_empty_list,
                })
            }
            Change::RemoveLastUpdate {
                project, update, ..
            } => {
                let p = ledger
                    .projects
                    .get_mut(*project)
                    .ok_or_else(|| ChangeError::Missing(format!("project #{project}")))?;
                if p.updates.last() != Some(update) {
                    return Err(ChangeError::Missing("progress log line".into()));
                }
                p.updates.pop();
                Ok(Change::AddUpdate {
                    project: *project,
                    update: update.clone(),
                })
            }
            Change::PledgeProgress {
                unit,
                pledge,
                progress,
            } => {
                let pl = ledger
                    .units
                    .get_mut(*unit)
                    .and_then(|u| u.pledges.get_mut(*pledge))
                    .ok_or_else(|| ChangeError::Missing(format!("pledge #{pledge}")))?;
                let inverse = Change::PledgeProgress {
                    unit: *unit,
                    pledge: *pledge,
                    progress: pl.progress,
                };
                pl.progress = *progress;
                Ok(inverse)
            }
            Change::Set { item, fields } => Ok(Change::Set {
                item: *item,
                fields: Box::new(item::set(ledger, *item, fields)?),
            }),
            Change::Add { at, item } => {
                item::add(ledger, *at, item)?;
                Ok(Change::Remove { at: *at })
            }
            Change::Remove { at } => Ok(Change::Add {
                at: *at,
                item: Box::new(item::remove(ledger, *at)?),
            }),
            Change::Exactly { change, .. } => change.apply(ledger),
        }
    }

    /// The item the change is about: the milestone crossed off, the project whose log it
    /// adds to, the pledge, the item a form sets, adds or removes.
    pub fn item(&self) -> Item {
        match self {
            Change::MilestoneDone {
                project, milestone, ..
            } => Item::Milestone {
                project: *project,
                milestone: *milestone,
            },
            Change::AddUpdate { project, .. } | Change::RemoveLastUpdate { project, .. } => {
                Item::Project(*project)
            }
            Change::PledgeProgress { unit, pledge, .. } => Item::Pledge {
                unit: *unit,
                pledge: *pledge,
            },
            Change::Set { item, .. }
            | Change::Add { at: item, .. }
            | Change::Remove { at: item } => *item,
            Change::Exactly { change, .. } => change.item(),
        }
    }

    /// Whether a form made it: it sets an item's fields, adds or removes an item.
    fn is_form_edit(&self) -> bool {
        match self {
            Change::Set { .. } | Change::Add { .. } | Change::Remove { .. } => true,
            Change::Exactly { change, .. } => change.is_form_edit(),
            _ => false,
        }
    }

    /// Whether the change reshapes the ledger beyond one project's milestones and figures
    /// (units, names, a project added or removed), so everything shown is worked out again.
    pub fn reshapes(&self) -> bool {
        self.is_form_edit() && matches!(self.item(), Item::Unit(_) | Item::Project(_))
    }

    /// The project whose milestones or progress log it changes.
    pub fn project(&self) -> Option<usize> {
        match self.item() {
            Item::Project(p) | Item::Milestone { project: p, .. } => Some(p),
            _ => None,
        }
    }

    /// Whether the change leaves every figure but milestone states alone (so totals can be
    /// updated by counting, without adding up the investment again).
    pub fn counts_only(&self) -> bool {
        !(self.is_form_edit() && matches!(self.item(), Item::Project(_)))
    }

    /// The unit whose pledges it changes.
    pub fn unit(&self) -> Option<usize> {
        match self.item() {
            Item::Unit(u) | Item::Pledge { unit: u, .. } => Some(u),
            _ => None,
        }
    }

    /// The same change as a minimal edit of the file's text.
    pub fn edit_text(&self, text: &str) -> Result<String, EditError> {
        self.splice(text).map(|s| s.apply(text))
    }

    /// The change as one edit of the item it touches.
    pub fn splice(&self, text: &str) -> Result<Splice, EditError> {
        let path = text::item_path(self.item());
        match self {
            Change::MilestoneDone { done, by, .. } => {
                let done = done.map(|d| edit::ron_string(&d.to_string()));
                let by = by.as_deref().map(edit::ron_string);
                edit::set_struct_fields(
                    text,
                    &path,
                    &[("done", done.as_deref()), ("by", by.as_deref())],
                )
            }
            Change::AddUpdate { update, .. } => {
                edit::push_to_list(text, &path, "updates", &update_literal(update))
            }
            Change::RemoveLastUpdate {
                drop_empty_list, ..
            } => {
                let mut popped = edit::pop_from_list(text, &path, "updates")?;
                let emptied = list_at(&popped.with, &[Seg::Field("updates")])?
                    .is_some_and(|l| l.items.is_empty());
                if *drop_empty_list && emptied {
                    let indent = edit::field_indent(text, &path)?;
                    popped.with = edit::set_fields_in(&popped.with, &[("updates", None)], &indent)?;
                }
                Ok(popped)
            }
            Change::PledgeProgress { progress, .. } => {
                let value = progress.map(super::number::literal);
                edit::set_struct_fields(text, &path, &[("progress", value.as_deref())])
            }
            Change::Set { item, fields } => text::set_splice(text, *item, fields, year_of(text)?),
            Change::Add { at, item } => text::add_splice(text, *at, item, year_of(text)?),
            Change::Remove { at } => text::remove_splice(text, *at),
            Change::Exactly { change, on, splice } => match exact(text, *on, splice) {
                Some(s) => Ok(s),
                None => change.splice(text),
            },
        }
    }
}

/// The exact splice, when `text` is the version it was made for.
fn exact(text: &str, on: Fingerprint, splice: &Splice) -> Option<Splice> {
    let fits = text.is_char_boundary(splice.range.start)
        && text.is_char_boundary(splice.range.end)
        && splice.range.end <= text.len();
    (fits && save::fingerprint(text.as_bytes()) == on).then(|| splice.clone())
}

fn year_of(text: &str) -> Result<i32, EditError> {
    ledger_year(text).map_err(|_| EditError::NotFound("the ledger's year".into()))
}

fn update_literal(u: &Update) -> String {
    text::update_literal(u)
}

/// Saves `change` into the file the ledger was loaded from. Refuses when the file changed
/// on disk since `file.fingerprint`; on success returns the new fingerprint.
pub fn apply_to_file(
    file: &LedgerFile,
    change: &Change,
) -> Result<Fingerprint, SaveError<ChangeError>> {
    save::transact(&file.path, Some(file.fingerprint), |bytes| {
        edit_file(bytes, change)
    })
}

/// The change as an edit of the file's current bytes (under the save's lock), read back and
/// verified before it may be written.
pub fn edit_bytes(bytes: &[u8], change: &Change) -> Result<Vec<u8>, ChangeError> {
    let text = decode(bytes).map_err(|problems| ChangeError::Invalid {
        file: String::new(),
        problems,
    })?;
    Ok(edit_splice(text, change)?.apply(text).into_bytes())
}

/// [`edit_bytes`] as the save writes it: the edit alone, the rest of the file untouched.
pub fn edit_file(bytes: &[u8], change: &Change) -> Result<Splice, ChangeError> {
    let text = decode(bytes).map_err(|problems| ChangeError::Invalid {
        file: String::new(),
        problems,
    })?;
    edit_splice(text, change)
}

/// The change as one checked edit of the ledger's text (see [`verify`]).
pub fn edit_splice(text: &str, change: &Change) -> Result<Splice, ChangeError> {
    if let Change::Exactly {
        change: inner,
        on,
        splice,
    } = change
    {
        // Written exactly as it was before: those bytes loaded then.
        return match exact(text, *on, splice) {
            Some(s) => Ok(s),
            None => edit_splice(text, inner),
        };
    }
    let splice = change.splice(text)?;
    verify(change, text, &splice)?;
    Ok(splice)
}

/// Checks the edited text before it is written: the edited item, read back with the loader's
/// own reader, must equal the item as it was with exactly this change made, and the values
/// set must keep the loader's rules. The rest of the file is untouched by construction, so
/// the whole file loads if it loaded before.
fn verify(change: &Change, old: &str, edit: &Splice) -> Result<(), ChangeError> {
    match change {
        Change::Set { .. } | Change::Add { .. } | Change::Remove { .. } => {
            return verify::verify(change, old, edit);
        }
        // Made by edit_splice before it comes here.
        Change::Exactly { change, .. } => return verify(change, old, edit),
        _ => {}
    }
    let path = text::item_path(change.item());
    let (was, now) = item_texts(old, edit, &path)?;
    match change {
        Change::MilestoneDone { done, by, .. } => {
            let mut want: RawMilestone = read_item(was, &path)?;
            want.done = done.map(|d| d.to_string().into());
            want.by = by.clone();
            same(
                &want,
                &read_item::<RawMilestone>(now, &path)?,
                "the milestone",
            )?;
            if let Some(d) = done {
                // The year is outside the item: as it was.
                let year = ledger_year(old)?;
                super::load::done_date_rule(*d, year).map_err(ChangeError::Finding)?;
            }
        }
        Change::PledgeProgress { progress, .. } => {
            if let Some(x) = progress {
                super::load::amount_rule(super::Figure::Progress, *x)
                    .map_err(ChangeError::Finding)?;
            }
            let mut want: RawPledge = read_item(was, &path)?;
            want.progress = *progress;
            same(&want, &read_item::<RawPledge>(now, &path)?, "the pledge")?;
        }
        Change::AddUpdate { update, .. } => {
            let mut want: RawProject = read_item(was, &path)?;
            want.updates.push(RawUpdate {
                date: update.date.to_string().into(),
                text: update.text.clone(),
                by: update.by.clone(),
            });
            same(
                &want,
                &read_item::<RawProject>(now, &path)?,
                "the progress log",
            )?;
        }
        Change::RemoveLastUpdate { .. } => {
            let mut want: RawProject = read_item(was, &path)?;
            want.updates.pop();
            same(
                &want,
                &read_item::<RawProject>(now, &path)?,
                "the progress log",
            )?;
        }
        // Read back above.
        Change::Set { .. }
        | Change::Add { .. }
        | Change::Remove { .. }
        | Change::Exactly { .. } => {}
    }
    Ok(())
}

/// The item's text before and after. Every edit replaces the whole item it changes (the
/// struct at the change's path, as the one span reader found it when making the edit), so
/// every byte outside it is as it was; reading the file to the item a second time would
/// only repeat the same reader's walk.
fn item_texts<'a>(
    old: &'a str,
    edit: &'a Splice,
    path: &[Seg],
) -> Result<(&'a str, &'a str), ChangeError> {
    let was = old
        .get(edit.range.clone())
        .ok_or_else(|| ChangeError::Unverified(edit::describe(path)))?;
    Ok((was, edit.with.as_str()))
}

/// One item's text, read with the loader's reader and options.
fn read_item<T: serde::de::DeserializeOwned>(item: &str, path: &[Seg]) -> Result<T, ChangeError> {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(item)
        .map_err(|e| ChangeError::Refused(format!("{}: {}", edit::describe(path), e.code)))
}

fn same<T: PartialEq>(want: &T, got: &T, what: &str) -> Result<(), ChangeError> {
    if want == got {
        Ok(())
    } else {
        Err(ChangeError::Unverified(what.to_string()))
    }
}

fn ledger_year(text: &str) -> Result<i32, ChangeError> {
    let bad = || ChangeError::Unverified("the ledger's year".into());
    let found = locate(text, &[Seg::Field("year")])
        .map_err(|_| bad())?
        .ok_or_else(bad)?;
    text[found.span].trim().parse().map_err(|_| bad())
}

fn first_problem(problems: &[super::Problem]) -> String {
    problems
        .first()
        .map(|p| p.at(crate::lang::Lang::En, &p.message(crate::lang::Lang::En)))
        .unwrap_or_default()
}

/// Loads the file under the lock, lets `make` pick the change from the fresh ledger, and
/// saves it. Used by the command-line `done`, `undone` and `log`.
pub fn change_file<F>(path: &Path, make: F) -> Result<Change, SaveError<ChangeError>>
where
    F: FnOnce(&Ledger) -> Result<Change, ChangeError>,
{
    change_file_noting(path, make).map(|(change, _)| change)
}

/// [`change_file`], with the record of the milestones' facts it changed (for the commit,
/// see [`super::facts`]).
pub fn change_file_noting<F>(
    path: &Path,
    make: F,
) -> Result<(Change, String), SaveError<ChangeError>>
where
    F: FnOnce(&Ledger) -> Result<Change, ChangeError>,
{
    use super::facts;
    let mut chosen = None;
    save::transact(path, None, |bytes| {
        let (mut ledger, _) = load_bytes(bytes).map_err(|problems| ChangeError::Invalid {
            file: super::sanitize::path(path),
            problems,
        })?;
        let change = make(&ledger)?;
        let touched = change.touched(&ledger);
        let mut names = facts::touched_names(&ledger, &touched);
        let before = facts::facts(&ledger, &touched, &names);
        // The ledger's rules, on the version under the lock.
        change.apply(&mut ledger)?;
        names.extend(facts::touched_names(&ledger, &touched));
        let after = facts::facts(&ledger, &touched, &names);
        let out = edit_file(bytes, &change)?;
        chosen = Some((change, facts::record(&before, &after)));
        Ok(out)
    })?;
    chosen.ok_or_else(|| SaveError::Edit(ChangeError::Missing("change".into())))
}

/// Who is recorded in `by`: `TRACKER_USER`, else the login name.
pub fn default_user() -> String {
    ["TRACKER_USER", "USER", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "tracker".to_string())
}
