//! The ledger in a git work tree: every save becomes a commit of that one file, by the
//! user's own `git` program (its config, hooks and credentials work as the user expects;
//! no git library). Outside a work tree, or with no `git` on the machine, nothing happens.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod password;
mod share;
mod walk;
pub use password::needs_password;
pub use share::{Clashes, SyncError, Synced, driver_command, read_choices};
pub use walk::{Dated, Hunk, Noted};

/// The work tree a ledger is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkTree {
    pub root: PathBuf,
    /// The ledger's path inside the work tree, as git names it.
    pub file: PathBuf,
    /// The repository's own folder (`.git`), where tracker keeps what is not shared.
    pub git_dir: PathBuf,
    /// git may ask for a password or passphrase: the terminal is the user's (the sync
    /// run after the interface handed it over, or a command typed in a terminal).
    pub prompts: bool,
}

/// What a commit did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Committed {
    /// A new commit, by its short hash.
    Commit(String),
    /// The file is as the last commit has it: nothing to record.
    Unchanged,
}

#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("cannot run git: {0}")]
    Run(std::io::Error),
    /// git ran and refused; its own words (a hook that failed, a locked index …).
    #[error("git {what} failed: {stderr}")]
    Failed { what: &'static str, stderr: String },
    /// git answered fewer (or more) times than it was asked.
    #[error("git {what} answered {got} times for {asked}")]
    Miscounted {
        what: &'static str,
        got: usize,
        asked: usize,
    },
}

/// `git` with the settings every call needs: never a prompt (a password is asked for only
/// where the terminal is handed over), output in a fixed language to be read.
fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C")
        .arg(dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C")
        .env("LANGUAGE", "C");
    c
}

fn run(mut c: Command, what: &'static str) -> Result<Output, GitError> {
    let out = c.output().map_err(GitError::Run)?;
    if out.status.success() {
        Ok(out)
    } else {
        Err(GitError::Failed {
            what,
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        })
    }
}

/// git's `user.name` as the user set it (the repository's here, else their global one);
/// none without git or a name.
pub fn user_name() -> Option<String> {
    let out = git(Path::new("."))
        .args(["config", "--get", "user.name"])
        .output()
        .ok()?;
    let name = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (out.status.success() && !name.is_empty()).then_some(name)
}

/// Whether the `git` program can be run at all.
pub fn installed() -> bool {
    Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The work tree `ledger` is in; None outside one, or when git is not installed.
pub fn work_tree(ledger: &Path) -> Option<WorkTree> {
    let ledger = std::fs::canonicalize(ledger).ok()?;
    let dir = ledger.parent()?;
    let mut c = git(dir);
    c.args(["rev-parse", "--show-toplevel", "--absolute-git-dir"]);
    let out = c.output().ok()?;
    if !out.status.success() {
        return None;
    }
    let said = String::from_utf8_lossy(&out.stdout);
    let mut lines = said.lines();
    let root = std::fs::canonicalize(lines.next()?).ok()?;
    let git_dir = PathBuf::from(lines.next()?);
    let file = ledger.strip_prefix(&root).ok()?.to_path_buf();
    Some(WorkTree {
        root,
        file,
        git_dir,
        prompts: false,
    })
}

/// The work tree `ledger` is in, or why there is none to share through.
pub fn open(ledger: &Path) -> Result<WorkTree, SyncError> {
    work_tree(ledger).ok_or_else(|| {
        if installed() {
            SyncError::NotInRepository
        } else {
            SyncError::NotInstalled
        }
    })
}

impl WorkTree {
    /// Commits the ledger alone: what the user has staged of other files stays staged and
    /// out of the commit. `author` is the person who made the change; the committer is
    /// whoever git is configured for (else `author` too).
    pub fn commit_ledger(&self, message: &str, author: &str) -> Result<Committed, GitError> {
        self.exclude_artifacts();
        let path = self.file.as_os_str();
        // A ledger git does not know yet is added first: `commit -- path` only takes known
        // files.
        let mut known = git(&self.root);
        known.args(["ls-files", "--error-unmatch", "--"]).arg(path);
        if !known.output().map_err(GitError::Run)?.status.success() {
            let mut add = git(&self.root);
            add.args(["add", "--"]).arg(path);
            run(add, "add")?;
        }
        if self.has_head() {
            let mut diff = git(&self.root);
            diff.args(["diff", "--quiet", "HEAD", "--"]).arg(path);
            if diff.output().map_err(GitError::Run)?.status.success() {
                return Ok(Committed::Unchanged);
            }
        }
        let who = format!("{} <>", author.trim());
        let mut commit = git(&self.root);
        if !self.has_identity() {
            commit.args(["-c", &format!("user.name={}", author.trim())]);
            commit.args(["-c", "user.email="]);
        }
        commit
            .args([
                "commit", "--quiet", "--only", "--author", &who, "-m", message, "--",
            ])
            .arg(path);
        run(commit, "commit")?;
        let mut head = git(&self.root);
        head.args(["rev-parse", "--short", "HEAD"]);
        let out = run(head, "rev-parse")?;
        Ok(Committed::Commit(
            String::from_utf8_lossy(&out.stdout).trim().to_string(),
        ))
    }

    fn has_head(&self) -> bool {
        let mut c = git(&self.root);
        c.args(["rev-parse", "--verify", "--quiet", "HEAD"]);
        c.output().is_ok_and(|o| o.status.success())
    }

    /// Whether git knows who commits (user.name and user.email).
    fn has_identity(&self) -> bool {
        ["user.name", "user.email"].iter().all(|k| {
            let mut c = git(&self.root);
            c.args(["config", "--get", k]);
            c.output().is_ok_and(|o| o.status.success())
        })
    }
}

/// Commits `ledger` if it is in a work tree. None outside one.
pub fn record(ledger: &Path, message: &str, author: &str) -> Option<Result<Committed, GitError>> {
    work_tree(ledger).map(|w| w.commit_ledger(message, author))
}

impl WorkTree {
    fn git(&self) -> Command {
        let mut c = git(&self.root);
        if self.prompts {
            // The user's own settings, as if they had typed git themselves.
            for var in ["GIT_TERMINAL_PROMPT", "GIT_SSH_COMMAND"] {
                match std::env::var_os(var) {
                    Some(v) => c.env(var, v),
                    None => c.env_remove(var),
                };
            }
        } else {
            // ssh never asks in the background: a key that needs a passphrase fails, and
            // says so.
            c.env("GIT_SSH_COMMAND", "ssh -o BatchMode=yes");
        }
        c
    }

    fn out(&self, args: &[&str], what: &'static str) -> Result<String, GitError> {
        let mut c = self.git();
        c.args(args);
        let out = run(c, what)?;
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    fn ok(&self, args: &[&str]) -> bool {
        let mut c = self.git();
        c.args(args);
        c.output().is_ok_and(|o| o.status.success())
    }
}

/// One commit of the ledger: who, when (ISO 8601 with the offset), what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub author: String,
    pub when: String,
    pub subject: String,
}

impl WorkTree {
    /// The ledger's commits, newest first.
    pub fn history(&self) -> Result<Vec<Entry>, GitError> {
        if !self.has_head() {
            return Ok(Vec::new());
        }
        let path = self.file.to_string_lossy().to_string();
        let log = self.out(
            &[
                "log",
                "--format=%an%x1f%aI%x1f%s",
                "--no-merges",
                "--",
                &path,
            ],
            "log",
        )?;
        Ok(log
            .lines()
            .filter_map(|l| {
                let mut parts = l.splitn(3, '\u{1f}');
                Some(Entry {
                    author: parts.next()?.to_string(),
                    when: parts.next()?.to_string(),
                    subject: parts.next()?.to_string(),
                })
            })
            .collect())
    }
}

impl WorkTree {
    /// The ledger as it was at `since`: a revision (a commit, a tag such as a meeting's),
    /// else a date (YYYY-MM-DD: the last commit on or before that day).
    pub fn ledger_at(&self, since: &str) -> Result<(String, chrono::NaiveDate), GitError> {
        let path = self.file.to_string_lossy().to_string();
        let rev = if self.ok(&[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{since}^{{commit}}"),
        ]) {
            since.to_string()
        } else {
            // git reads almost anything as a date; only a day is taken here.
            if chrono::NaiveDate::parse_from_str(since, "%Y-%m-%d").is_err() {
                return Err(GitError::Failed {
                    what: "rev-parse",
                    stderr: since.to_string(),
                });
            }
            let found = self.out(
                &[
                    "rev-list",
                    "-1",
                    &format!("--before={since} 23:59:59"),
                    "HEAD",
                    "--",
                    &path,
                ],
                "rev-list",
            )?;
            if found.is_empty() {
                return Err(GitError::Failed {
                    what: "rev-list",
                    stderr: since.to_string(),
                });
            }
            found
        };
        let text = self.out(&["show", &format!("{rev}:{path}")], "show")?;
        let day = self.out(&["log", "-1", "--format=%as", &rev], "log")?;
        let day =
            chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|_| GitError::Failed {
                what: "log",
                stderr: day.clone(),
            })?;
        Ok((text, day))
    }
}

/// The tag a weekly meeting leaves in the history.
pub const MEETING_PREFIX: &str = "meeting-";

impl WorkTree {
    /// Marks the present as a meeting (a tag `meeting-DAY`); false if that day has one.
    pub fn mark_meeting(&self, day: chrono::NaiveDate) -> Result<Option<String>, GitError> {
        let tag = format!("{MEETING_PREFIX}{day}");
        if self.ok(&[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("refs/tags/{tag}"),
        ]) {
            return Ok(None);
        }
        // Annotated, so that `sync` shares it (push --follow-tags).
        self.out(&["tag", "-a", &tag, "-m", &tag], "tag")?;
        Ok(Some(tag))
    }

    /// The last meeting's tag reachable from the present, if any.
    pub fn last_meeting(&self) -> Option<String> {
        self.out(
            &[
                "describe",
                "--tags",
                "--abbrev=0",
                "--match",
                &format!("{MEETING_PREFIX}*"),
            ],
            "describe",
        )
        .ok()
        .filter(|t| !t.is_empty())
    }
}
