//! The ledger in a git work tree: every save becomes a commit of that one file, by the
//! user's own `git` program (its config, hooks and credentials work as the user expects;
//! no git library). Outside a work tree, or with no `git` on the machine, nothing happens.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod password;
mod walk;
pub use password::needs_password;
pub use walk::{Dated, Hunk};

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

/// What a sync did: commits brought in, commits sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Synced {
    pub pulled: usize,
    pub pushed: usize,
}

/// Why a sync stopped. The ledger on disk is valid and every local commit kept in each case.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("the ledger is not in a git repository")]
    NotInRepository,
    #[error("git is not installed")]
    NotInstalled,
    #[error("the repository has no remote to share with")]
    NoRemote,
    #[error("no branch is checked out (detached HEAD)")]
    Detached,
    /// Others pushed before each of our tries.
    #[error("the remote kept moving")]
    KeptMoving,
    /// git needs a password, a passphrase or a question answered (its words): only in a
    /// terminal the user can type into.
    #[error("git needs a password: {0}")]
    NeedsPassword(String),
    /// The merge by item and field found fields both sides changed: these (the merge was
    /// undone, the ledger is ours as it was).
    #[error("conflicts: {}", .0.join("; "))]
    Conflict(Vec<String>),
    #[error(transparent)]
    Git(#[from] GitError),
}

/// A failed git call as a sync error: wanting a password is said apart.
fn password_or(e: GitError) -> SyncError {
    match e {
        GitError::Failed { stderr, .. } if needs_password(&stderr) => {
            SyncError::NeedsPassword(stderr)
        }
        e => e.into(),
    }
}

/// How many times a push rejected because someone pushed first is tried again.
const PUSH_TRIES: usize = 3;

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

    /// The attributes file that routes ledgers to the driver, inside .git (the work tree
    /// gets nothing new).
    fn attributes(&self) -> Result<PathBuf, GitError> {
        let path = self.git_dir.join("tracker-attributes");
        std::fs::write(&path, "*.ron merge=tracker\n").map_err(GitError::Run)?;
        Ok(path)
    }

    /// What tracker leaves beside a ledger (the `.bak` of the version before a save, the
    /// lock) is kept out of `git status` through .git/info/exclude, which is not shared.
    fn exclude_artifacts(&self) {
        let path = self.git_dir.join("info").join("exclude");
        let now = std::fs::read_to_string(&path).unwrap_or_default();
        let missing: Vec<&str> = ["*.ron.bak", "*.ron.lock"]
            .into_iter()
            .filter(|p| !now.lines().any(|l| l.trim() == *p))
            .collect();
        if missing.is_empty() {
            return;
        }
        let sep = if now.is_empty() || now.ends_with('\n') {
            ""
        } else {
            "\n"
        };
        let _ = std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")));
        let _ = std::fs::write(&path, format!("{now}{sep}{}\n", missing.join("\n")));
    }

    /// `.gitattributes` and the repository's config, so that `git pull` merges ledgers by
    /// item and field too.
    pub fn install_driver(&self, driver: &str) -> Result<(), GitError> {
        let attrs = self.root.join(".gitattributes");
        let line = "*.ron merge=tracker";
        let now = std::fs::read_to_string(&attrs).unwrap_or_default();
        if !now.lines().any(|l| l.trim() == line) {
            let sep = if now.is_empty() || now.ends_with('\n') {
                ""
            } else {
                "\n"
            };
            std::fs::write(&attrs, format!("{now}{sep}{line}\n")).map_err(GitError::Run)?;
        }
        self.out(
            &["config", "merge.tracker.name", "tracker ledger merge"],
            "config",
        )?;
        self.out(&["config", "merge.tracker.driver", driver], "config")?;
        Ok(())
    }

    /// Fetch, merge by item and field, push; once more (up to a few times) when someone
    /// pushed first.
    /// `merged`: the merge commit's message (in the user's language), `{}` the other side.
    pub fn sync(&self, driver: &str, merged: &str) -> Result<Synced, SyncError> {
        let branch = self
            .out(
                &["symbolic-ref", "--quiet", "--short", "HEAD"],
                "symbolic-ref",
            )
            .map_err(|_| SyncError::Detached)?;
        let remote = self
            .out(&["config", &format!("branch.{branch}.remote")], "config")
            .ok()
            .or_else(|| {
                let all = self.out(&["remote"], "remote").ok()?;
                all.lines().next().map(str::to_string)
            })
            .ok_or(SyncError::NoRemote)?;
        self.exclude_artifacts();
        let attrs = self.attributes()?;
        let mut pulled = 0;
        for _ in 0..PUSH_TRIES {
            self.out(&["fetch", "--quiet", &remote], "fetch")
                .map_err(password_or)?;
            let theirs = format!("{remote}/{branch}");
            let known = self.ok(&["rev-parse", "--verify", "--quiet", &theirs]);
            if known {
                let incoming: usize = self
                    .out(
                        &["rev-list", "--count", &format!("HEAD..{theirs}")],
                        "rev-list",
                    )?
                    .parse()
                    .unwrap_or(0);
                if incoming > 0 {
                    let message = merged.replacen("{}", &theirs, 1);
                    self.merge(&theirs, driver, &attrs, &message)?;
                    pulled += incoming;
                }
            }
            let outgoing: usize = if known {
                self.out(
                    &["rev-list", "--count", &format!("{theirs}..HEAD")],
                    "rev-list",
                )?
                .parse()
                .unwrap_or(0)
            } else {
                self.out(&["rev-list", "--count", "HEAD"], "rev-list")?
                    .parse()
                    .unwrap_or(0)
            };
            if outgoing == 0 {
                // A meeting marked since the last push travels alone.
                if known {
                    let mut tags = self.git();
                    tags.args(["push", "--quiet", "--follow-tags", &remote, &branch]);
                    let _ = tags.output();
                }
                return Ok(Synced { pulled, pushed: 0 });
            }
            let mut push = self.git();
            push.args(["push", "--quiet", "--follow-tags", "-u", &remote, &branch]);
            let out = push.output().map_err(GitError::Run)?;
            if out.status.success() {
                return Ok(Synced {
                    pulled,
                    pushed: outgoing,
                });
            }
            let stderr = String::from_utf8_lossy(&out.stderr).to_string();
            if needs_password(&stderr) {
                return Err(SyncError::NeedsPassword(stderr.trim().to_string()));
            }
            // Someone pushed first: fetch and merge their work, then try again.
            if !(stderr.contains("rejected") || stderr.contains("fetch first")) {
                return Err(GitError::Failed {
                    what: "push",
                    stderr: stderr.trim().to_string(),
                }
                .into());
            }
        }
        Err(SyncError::KeptMoving)
    }

    /// Merges `theirs` with the ledger merged by item and field. On conflicts the merge is
    /// undone (ours stands, nothing is lost) and the driver's list of them handed back.
    fn merge(
        &self,
        theirs: &str,
        driver: &str,
        attrs: &Path,
        message: &str,
    ) -> Result<(), SyncError> {
        let mut c = self.git();
        c.args([
            "-c",
            &format!("core.attributesFile={}", attrs.display()),
            "-c",
            &format!("merge.tracker.driver={driver}"),
            "merge",
            "--no-edit",
            "-m",
            message,
            "--quiet",
            theirs,
        ]);
        let out = c.output().map_err(GitError::Run)?;
        if out.status.success() {
            return Ok(());
        }
        let said = String::from_utf8_lossy(&out.stderr).to_string();
        let conflicts: Vec<String> = said
            .lines()
            .filter(|l| l.starts_with("  "))
            .map(|l| l.trim().to_string())
            .collect();
        let _ = self.out(&["merge", "--abort"], "merge --abort");
        if conflicts.is_empty() {
            return Err(GitError::Failed {
                what: "merge",
                stderr: said.trim().to_string(),
            }
            .into());
        }
        Err(SyncError::Conflict(conflicts))
    }
}

/// The command git runs as the merge driver: this very program, in `lang` when given (an
/// installed driver follows the environment of whoever runs `git pull`), resolving the
/// fields both sides changed as `clash` says, or one by one as the `choices` file says.
pub fn driver_command(
    lang: Option<crate::lang::Lang>,
    clash: crate::ledger::merge::Clash,
    choices: Option<&Path>,
) -> String {
    use crate::ledger::merge::Clash;
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("tracker"));
    let lang = lang
        .map(|l| format!(" --lang {}", l.code()))
        .unwrap_or_default();
    let clash = match clash {
        Clash::Report => "",
        Clash::KeepOurs => " --keep-mine",
        Clash::TakeTheirs => " --take-theirs",
    };
    let choices = choices
        .map(|p| format!(" --choices {}", quoted(p)))
        .unwrap_or_default();
    format!(
        "{} merge-driver %O %A %B %P{lang}{clash}{choices}",
        quoted(&exe)
    )
}

/// A path for the shell git runs the driver with.
fn quoted(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', "'\\''"))
}

/// The clerk's choice for each field both sides changed, as the merge driver words the
/// conflict: kept inside .git while a sync runs.
impl WorkTree {
    pub fn write_choices(
        &self,
        choices: &[(String, crate::ledger::merge::Side)],
    ) -> Result<PathBuf, GitError> {
        use crate::ledger::merge::Side;
        let path = self.git_dir.join("tracker-choices");
        let text: String = choices
            .iter()
            .map(|(line, side)| {
                let side = if *side == Side::Theirs { 't' } else { 'm' };
                format!("{side}\t{line}\n")
            })
            .collect();
        std::fs::write(&path, text).map_err(GitError::Run)?;
        Ok(path)
    }
}

/// The choices [`WorkTree::write_choices`] wrote; none if the file cannot be read.
pub fn read_choices(path: &Path) -> Vec<(String, crate::ledger::merge::Side)> {
    use crate::ledger::merge::Side;
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let (side, line) = l.split_once('\t')?;
            let side = match side {
                "t" => Side::Theirs,
                "m" => Side::Mine,
                _ => return None,
            };
            Some((line.to_string(), side))
        })
        .collect()
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
