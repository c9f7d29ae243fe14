//! What the user (or the world) asks for, and what `update` asks the loop to do.

use chrono::NaiveDate;

use crate::ledger::lock::LockHolder;
use crate::ledger::save::{SaveError, Saved};
use crate::ledger::{Change, ChangeError, LoadError, Loaded};

use super::app::{LineEdit, View};
use super::editor::{Draft, EditorError, Outcome};
use crate::ledger::change::Item;

/// What a key asks for. The keymap table holds these directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    NextView,
    PrevView,
    ShowView(View),
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    /// Move focus left (to the table).
    FocusLeft,
    /// Move focus right (into the detail panel's milestones).
    FocusRight,
    CycleSort,
    OpenPicker,
    StartSearch,
    CycleColour,
    ClearFilters,
    ToggleHelp,
    ToggleWall,
    CrossOff,
    Undo,
    Redo,
    AddUpdate,
    EditProgress,
    WriteBrief,
    Reload,
    RetrySave,
    /// Ctrl-Z: hand the terminal back to the shell until `fg`.
    Suspend,
    /// In a conflict: keep the user's own change.
    KeepMine,
    /// In a conflict: keep what the file says.
    KeepTheirs,
    /// In the sync conflict dialog: keep mine / take theirs for every field at once.
    KeepAllMine,
    KeepAllTheirs,
    /// Enter in a dialog or input.
    Confirm,
    /// Esc in a dialog or input.
    Cancel,
    /// A typed character in a text field.
    Input(char),
    Backspace,
    /// Moving or deleting in the line being typed.
    Edit(LineEdit),
    /// In a form: the next field (completing a unit's name first), the previous one.
    NextField,
    PrevField,
    /// Record the selected project's investment for a month (月报).
    Invest,
    /// Move the selected milestone's due date (倒排工期).
    MoveDue,
    /// Add a milestone to the selected project, or a pledge to the selected unit.
    AddItem,
    /// Add a project, or a unit.
    AddOuter,
    /// Edit the selected item's fields.
    EditItem,
    /// Remove the selected item (after saying what goes).
    RemoveItem,
    /// Open the ledger in the user's editor at the selected item.
    OpenEditor,
    /// Share through git: fetch, merge by item and field, push.
    Sync,
    /// Who did what to the selected project or milestone, and when.
    History,
    /// The edited ledger does not load: back into the editor, at the first problem.
    EditAgain,
    /// The edited ledger does not load: give the edit up (the ledger stays as it was).
    DiscardDraft,
}

/// What the loop reports back: the terminal, saves and reloads, other writers, the clock.
#[derive(Debug)]
pub enum Message {
    /// Text pasted into the terminal (bracketed paste), whole.
    Paste(String),
    /// The terminal has this many columns and rows now.
    Resize(u16, u16),
    /// The save numbered `seq` finished.
    Saved {
        seq: u64,
        result: Result<Saved, SaveError<ChangeError>>,
    },
    /// A save is waiting for the lock, which this writer holds.
    LockWait(LockHolder),
    /// A reload carried out by the loop finished.
    Reloaded(Box<Result<Loaded, LoadError>>),
    /// The brief was written (path) or failed (message).
    BriefWritten(Result<String, crate::report::ReportError>),
    /// The file on disk no longer matches what was loaded.
    ChangedOnDisk,
    /// A signal asks tracker to leave: save what can be saved first.
    Terminate,
    /// The calendar day changed while the UI was open.
    DayChanged(NaiveDate),
    /// Nothing is waiting: time to build an index the timeline or the search will need.
    Idle,
    /// The history asked for: its lines, newest first (or why git could not give them).
    History(Result<Vec<String>, crate::git::GitError>),
    /// A sync finished (or could not start).
    Synced(Result<crate::git::Synced, crate::git::SyncError>),
    /// The editor was closed: what its draft holds now (or why it could not be used).
    EditorReturned(Result<Outcome, EditorError>),
    /// A save was recorded in git, or git refused (the save is on disk either way).
    Committed(Result<crate::git::Committed, crate::git::GitError>),
    /// The weekly trend counted from the history, for the generation asked.
    Trend {
        generation: u64,
        counted: crate::ui::app::Counted,
    },
    /// The draft from the editor was saved over the ledger, or not.
    DraftSaved {
        draft: Draft,
        result: Result<Saved, SaveError>,
    },
}

/// Everything `update` takes.
#[derive(Debug)]
pub enum Event {
    Action(Action),
    Message(Message),
}

impl From<Action> for Event {
    fn from(a: Action) -> Self {
        Event::Action(a)
    }
}

impl From<Message> for Event {
    fn from(m: Message) -> Self {
        Event::Message(m)
    }
}

/// I/O that `update` asks the loop to carry out; results come back as actions.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Save this change into the ledger file; the result comes back with the same `seq`.
    Save {
        seq: u64,
        change: Change,
        /// What it is, in words: the commit's message when the ledger is in git.
        what: String,
        /// Who made it: the commit's author.
        author: String,
    },
    /// Stop waiting for the lock (the user chose to quit).
    CancelSave,
    /// Hand the terminal to the shell (Ctrl-Z), take it back on `fg`.
    Suspend,
    /// Read the ledger file again.
    Reload,
    /// Write the weekly brief to a file.
    WriteBrief,
    /// Share through git (fetch, merge by field, push) on the worker; fields both sides
    /// changed become what `clash` says.
    Sync {
        clash: crate::ledger::merge::Clash,
        /// The clerk's choice for each field both sides changed, by the conflict's words.
        choices: Vec<(String, crate::ledger::merge::Side)>,
    },
    /// Read the history of a project (and milestone), or of the whole ledger.
    History {
        project: Option<usize>,
        milestone: Option<usize>,
    },
    /// Hand the terminal to the user's editor on a new draft of the ledger, at `item`.
    OpenEditor {
        item: Option<Item>,
    },
    /// Hand the terminal to the editor again, on the same draft, at `line`.
    EditAgain {
        draft: Draft,
        line: usize,
    },
    /// Save a draft that loads over the ledger (if the ledger is still the version the
    /// draft was copied from), then remove the draft.
    SaveDraft {
        draft: Draft,
        bytes: Vec<u8>,
        /// The commit's message and author, when the ledger is in git.
        commit: (String, String),
    },
    /// Remove a draft the user gave up.
    DiscardDraft(Draft),
    /// Sync with git free to ask for a password: the terminal handed over meanwhile.
    SyncInTerminal,
    /// Count the weekly trend from the history on the worker.
    Trend {
        generation: u64,
    },
    Quit,
}
