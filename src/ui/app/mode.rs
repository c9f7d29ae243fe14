//! What the user is doing besides browsing: a dialog, a field being typed into, the picker,
//! the help; and the changes waiting to be saved or put to the user.

use crate::ledger::Change;

use super::{MilestoneRef, TextField};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub query: TextField,
    /// Index into the picker's visible rows (0 = all units).
    pub selected: usize,
}

/// Why a typed done date is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateProblem {
    /// Not YYYY-MM-DD.
    Shape,
    /// Well formed, but no such day (2018-06-31).
    NoSuchDay,
    /// After today: nothing is done in the future.
    AfterToday,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossOffDialog {
    pub at: MilestoneRef,
    /// The done date as typed, today by default.
    pub date: TextField,
    pub error: Option<DateProblem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputPurpose {
    /// A progress-log line for a project.
    Update { project: usize },
    /// The progress number of a pledge.
    Progress { unit: usize, pledge: usize },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputField {
    pub purpose: InputPurpose,
    pub text: TextField,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Browse,
    Picker(Picker),
    /// Typing into the search: the line as typed; the filter takes its text after each key,
    /// so results follow it.
    Search(TextField),
    Input(InputField),
    CrossOff(CrossOffDialog),
    Unmark(MilestoneRef),
    Help {
        scroll: u16,
    },
    /// A sync found fields both sides changed: each with both values, and the clerk's
    /// choice for each (keep mine, take theirs), or leave them all for now.
    SyncConflict(SyncChoice),
    /// git wants a password or passphrase (its words): hand it the terminal, or not now.
    SyncPassword(String),
    /// Who did what and when, newest first: the selected project's or milestone's history.
    History {
        lines: Vec<String>,
        scroll: u16,
    },
    /// Quitting would lose changes: ask first (a dialog, so no message can hide it).
    /// With the conflicts it was asked from, to go back to them.
    ConfirmQuit(Option<ConflictDialog>),
    /// The other writer changed what an unsaved change changes: the user picks a version.
    Conflict(ConflictDialog),
    /// A form of several fields: adding, editing, recording.
    Form(super::Form),
    /// Removing an item: what goes, and the choice.
    ConfirmRemove(crate::ledger::change::Item),
    /// The ledger as edited in the editor does not load: its problems, and the choice
    /// between editing again and giving the edit up.
    DraftProblems(DraftProblems),
}

#[derive(Debug, Clone, PartialEq)]
pub struct DraftProblems {
    pub draft: crate::ui::editor::Draft,
    pub problems: Vec<crate::ledger::Problem>,
    pub scroll: u16,
}

/// A change made in memory and not yet on disk.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub change: Change,
    /// The change's inverse: the values it replaced.
    pub before: Change,
    /// What it is, for the status line.
    pub what: String,
    /// Carried over onto another writer's version of the file.
    pub carried: bool,
    /// The record of the milestones' facts it changed, for its commit
    /// (`ledger::facts`); none once carried onto another version, where it may not hold.
    pub record: Option<String>,
}

/// One conflict: the user's unsaved change against what the file says now.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// Positioned on the ledger as reloaded.
    pub change: Change,
    pub what: String,
    /// The user's value and the file's, in words.
    pub mine: String,
    pub theirs: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConflictDialog {
    /// The first is shown; the rest wait their turn.
    pub conflicts: Vec<Conflict>,
    /// Changes queued behind the conflicts, kept in order.
    pub later: Vec<Pending>,
}

/// The fields a sync found both sides changed, as the merge driver words them, and the
/// choice made so far for each.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncChoice {
    pub lines: Vec<String>,
    pub picks: Vec<Option<crate::ledger::merge::Side>>,
    pub selected: usize,
    /// Who changed the ledger on each side since they parted: (ours, theirs).
    pub who: (Vec<String>, Vec<String>),
}

impl SyncChoice {
    pub fn new(clashes: crate::git::Clashes) -> Self {
        let picks = vec![None; clashes.lines.len()];
        Self {
            lines: clashes.lines,
            picks,
            selected: 0,
            who: (clashes.ours, clashes.theirs),
        }
    }

    /// Every conflict with its choice, once each has one.
    pub fn chosen(&self) -> Option<Vec<(String, crate::ledger::merge::Side)>> {
        self.lines
            .iter()
            .zip(&self.picks)
            .map(|(l, p)| Some((l.clone(), (*p)?)))
            .collect()
    }
}
