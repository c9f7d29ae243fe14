//! `e`: the ledger in the user's own editor, as `crontab -e` and `visudo` do it. The
//! editor works on a draft copy; the ledger is written only when the draft loads, through
//! the same safe save as every other change, so the file on disk is never left invalid.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::ledger::change::{Item, item_line};
use crate::ledger::save::{self, Fingerprint, ReadError};
use crate::ledger::{Problem, Severity, load_bytes};

/// The draft the editor works on, and the version of the ledger it was copied from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub path: PathBuf,
    /// The ledger's fingerprint when the draft was made: the draft is saved only over
    /// that version.
    pub on: Fingerprint,
}

/// What came back from the editor.
#[derive(Debug)]
pub enum Outcome {
    /// The draft is as it was copied (the draft is removed).
    Unchanged,
    /// The draft loads: these bytes are to be saved over the version `draft.on`.
    Loads { draft: Draft, bytes: Vec<u8> },
    /// The draft does not load: every problem, with its line and column.
    Invalid {
        draft: Draft,
        problems: Vec<Problem>,
    },
}

/// Why the editor could not be used; the ledger is untouched in each case.
#[derive(Debug, thiserror::Error)]
pub enum EditorError {
    #[error("cannot read the ledger: {0}")]
    Read(#[from] ReadError),
    #[error("cannot write the draft {path}: {source}")]
    Draft {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot start the editor `{editor}`: {source}")]
    Start {
        editor: String,
        source: std::io::Error,
    },
    /// The shell found no such program (exit 127): the editor never ran; the draft is gone.
    #[error("no editor `{editor}` is installed (set VISUAL or EDITOR)")]
    NotInstalled { editor: String },
    #[error("the editor `{editor}` failed ({status}); the draft is kept at {draft}")]
    Failed {
        editor: String,
        status: String,
        draft: PathBuf,
    },
}

/// The editor to run: `$VISUAL`, then `$EDITOR`, then `vi`; a value may carry arguments
/// (`code --wait`), so it is run by the shell, as git does.
pub fn editor_command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".into())
}

/// Copies the ledger to a new draft, and finds the line of `item` in it.
pub fn new_draft(ledger: &Path, item: Option<Item>) -> Result<(Draft, usize), EditorError> {
    let read = save::read(ledger)?;
    let stem = ledger
        .file_stem()
        .map_or_else(|| "ledger".into(), |s| s.to_string_lossy().into_owned());
    // One name per draft: a session may keep one draft while making another.
    static DRAFTS: AtomicU32 = AtomicU32::new(0);
    let n = DRAFTS.fetch_add(1, Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!("tracker-{}-{n}-{stem}.ron", std::process::id()));
    let bytes = &read.bytes;
    // A draft left by a session that ended badly is replaced; `create_new` after removal
    // keeps another user's link in a shared temp folder from being followed.
    let _ = fs::remove_file(&path);
    let written = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| f.write_all(bytes));
    written.map_err(|source| EditorError::Draft {
        path: path.clone(),
        source,
    })?;
    let line = item
        .zip(std::str::from_utf8(bytes).ok())
        .and_then(|(item, text)| item_line(text, item))
        .unwrap_or(1);
    Ok((
        Draft {
            path,
            on: read.fingerprint,
        },
        line,
    ))
}

/// Runs `editor` (a shell command line, as [`editor_command`] gives) on the draft at `line`
/// and waits for it. The caller hands the terminal over before and takes it back after.
pub fn run_editor(editor: &str, draft: &Draft, line: usize) -> Result<(), EditorError> {
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg("tracker-editor")
        .arg(format!("+{line}"))
        .arg(&draft.path)
        .status()
        .map_err(|source| EditorError::Start {
            editor: editor.to_string(),
            source,
        })?;
    // The shell's "command not found": nothing was edited, so the draft goes.
    const NOT_FOUND: i32 = 127;
    if status.success() {
        Ok(())
    } else if status.code() == Some(NOT_FOUND) {
        discard(draft);
        Err(EditorError::NotInstalled {
            editor: editor.to_string(),
        })
    } else {
        Err(EditorError::Failed {
            editor: editor.to_string(),
            status: status.to_string(),
            draft: draft.path.clone(),
        })
    }
}

/// Reads the draft back after the editor: unchanged, loading, or not loading.
pub fn read_back(draft: Draft) -> Result<Outcome, EditorError> {
    let bytes = fs::read(&draft.path).map_err(|source| EditorError::Draft {
        path: draft.path.clone(),
        source,
    })?;
    if save::fingerprint(&bytes) == draft.on {
        discard(&draft);
        return Ok(Outcome::Unchanged);
    }
    Ok(match load_bytes(&bytes) {
        Ok(_) => Outcome::Loads { draft, bytes },
        Err(problems) => Outcome::Invalid {
            draft,
            problems: problems
                .into_iter()
                .filter(|p| p.severity == Severity::Error)
                .collect(),
        },
    })
}

/// The line the editor opens at when the draft is edited again: the first problem's.
pub fn first_problem_line(problems: &[Problem]) -> usize {
    problems.iter().map(|p| p.line).min().unwrap_or(1).max(1)
}

/// Removes the draft (after it was saved, or when the user gives it up).
pub fn discard(draft: &Draft) {
    let _ = fs::remove_file(&draft.path);
}
