//! The ledger in a git work tree: every save becomes a commit of that one file, by the
//! user's own `git` program (its config, hooks and credentials work as the user expects;
//! no git library). Outside a work tree, or with no `git` on the machine, nothing happens.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The work tree a ledger is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkTree {
    pub root: PathBuf,
    /// The ledger's path inside the work tree, as git names it.
    pub file: PathBuf,
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

/// The work tree `ledger` is in; None outside one, or when git is not installed.
pub fn work_tree(ledger: &Path) -> Option<WorkTree> {
    let ledger = std::fs::canonicalize(ledger).ok()?;
    let dir = ledger.parent()?;
    let mut c = git(dir);
    c.args(["rev-parse", "--show-toplevel"]);
    let out = c.output().ok()?;
    if !out.status.success() {
        return None;
    }
    let root = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    let root = std::fs::canonicalize(root).ok()?;
    let file = ledger.strip_prefix(&root).ok()?.to_path_buf();
    Some(WorkTree { root, file })
}

impl WorkTree {
    /// Commits the ledger alone: what the user has staged of other files stays staged and
    /// out of the commit. `author` is the person who made the change; the committer is
    /// whoever git is configured for (else `author` too).
    pub fn commit_ledger(&self, message: &str, author: &str) -> Result<Committed, GitError> {
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
