//! Sharing through git: fetch, merge by item and field, push (again when someone pushed
//! first); the merge driver's command and the clerk's choices for it.

use std::path::{Path, PathBuf};

use super::{GitError, WorkTree, needs_password};

/// What a sync did: commits brought in, commits sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Synced {
    pub pulled: usize,
    pub pushed: usize,
}

/// The fields both sides changed, as the merge driver words them, and who changed the
/// ledger on each side since the two sides parted (the authors of those commits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clashes {
    pub lines: Vec<String>,
    pub ours: Vec<String>,
    pub theirs: Vec<String>,
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
    /// A branch of one's own is checked out, one the remote does not have, while the
    /// office shares another: syncing would only make a new branch no one else sees.
    #[error("branch {current} is checked out; the office shares {shared}")]
    OtherBranch { current: String, shared: String },
    /// Others pushed before each of our tries.
    #[error("the remote kept moving")]
    KeptMoving,
    /// git needs a password, a passphrase or a question answered (its words): only in a
    /// terminal the user can type into.
    #[error("git needs a password: {0}")]
    NeedsPassword(String),
    /// The merge by item and field found fields both sides changed: these (the merge was
    /// undone, the ledger is ours as it was).
    #[error("conflicts: {}", .0.lines.join("; "))]
    Conflict(Clashes),
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
    /// The attributes file that routes ledgers to the driver, inside .git (the work tree
    /// gets nothing new).
    fn attributes(&self) -> Result<PathBuf, GitError> {
        let path = self.git_dir.join("tracker-attributes");
        std::fs::write(&path, "*.ron merge=tracker\n").map_err(GitError::Run)?;
        Ok(path)
    }

    /// What tracker leaves beside a ledger (the `.bak` of the version before a save, the
    /// lock) is kept out of `git status` through .git/info/exclude, which is not shared.
    pub(super) fn exclude_artifacts(&self) {
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
        for attempt in 0..PUSH_TRIES {
            self.out(&["fetch", "--quiet", &remote], "fetch")
                .map_err(password_or)?;
            if attempt == 0 {
                self.same_branch_as_the_office(&branch, &remote)?;
            }
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

    /// A branch with no upstream that the remote does not have, while the remote has
    /// others: the office works on one of those (its HEAD's, else main or master).
    fn same_branch_as_the_office(&self, branch: &str, remote: &str) -> Result<(), SyncError> {
        let tracked = self.ok(&["config", &format!("branch.{branch}.merge")]);
        let known = self.ok(&[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("refs/remotes/{remote}/{branch}"),
        ]);
        if tracked || known {
            return Ok(());
        }
        let prefix = format!("{remote}/");
        let theirs: Vec<String> = self
            .out(
                &[
                    "for-each-ref",
                    "--format=%(refname:short)",
                    &format!("refs/remotes/{remote}/"),
                ],
                "for-each-ref",
            )?
            .lines()
            .filter_map(|l| l.strip_prefix(&prefix).map(str::to_string))
            .filter(|b| b != "HEAD")
            .collect();
        if theirs.is_empty() {
            // A remote with nothing yet: this is the first to share.
            return Ok(());
        }
        let head = self
            .out(
                &[
                    "symbolic-ref",
                    "--quiet",
                    "--short",
                    &format!("refs/remotes/{remote}/HEAD"),
                ],
                "symbolic-ref",
            )
            .ok()
            .and_then(|h| h.strip_prefix(&prefix).map(str::to_string));
        let shared = head
            .or_else(|| {
                ["main", "master"]
                    .into_iter()
                    .find(|b| theirs.iter().any(|t| t == b))
                    .map(str::to_string)
            })
            .unwrap_or_else(|| theirs[0].clone());
        Err(SyncError::OtherBranch {
            current: branch.to_string(),
            shared,
        })
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
            "--no-commit",
            "--quiet",
            theirs,
        ]);
        let out = c.output().map_err(GitError::Run)?;
        if out.status.success() {
            // A fast-forward made no merge to commit: their commits carry their records.
            if self.ok(&["rev-parse", "--quiet", "--verify", "MERGE_HEAD"]) {
                let message = format!("{message}{}", self.merge_record());
                let committed = self.out(
                    &["commit", "--quiet", "--no-edit", "-m", &message],
                    "commit",
                );
                if let Err(e) = committed {
                    let _ = self.out(&["merge", "--abort"], "merge --abort");
                    return Err(e.into());
                }
            }
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
        Err(SyncError::Conflict(Clashes {
            lines: conflicts,
            ours: self.authors_since_parting("HEAD", theirs),
            theirs: self.authors_since_parting(theirs, "HEAD"),
        }))
    }

    /// The record of what the merge changed in the milestones' facts (ours against the
    /// merged ledger, both read whole); none if either does not load.
    fn merge_record(&self) -> String {
        use crate::ledger::{facts, load_str};
        let path = self.file.to_string_lossy();
        let ours = self.out(&["show", &format!("HEAD:{path}")], "show");
        let merged = std::fs::read_to_string(self.root.join(&self.file));
        match (ours, merged) {
            (Ok(o), Ok(m)) => match (load_str(&o), load_str(&m)) {
                (Ok((o, _)), Ok((m, _))) => facts::record_of_versions(&o, &m),
                _ => String::new(),
            },
            _ => String::new(),
        }
    }

    /// Who committed changes to the ledger on `side` since it parted from `other`, most
    /// recent first, each once.
    fn authors_since_parting(&self, side: &str, other: &str) -> Vec<String> {
        let path = self.file.to_string_lossy().to_string();
        let range = format!("{other}..{side}");
        let log = self
            .out(
                &["log", "--no-merges", "--format=%an", &range, "--", &path],
                "log",
            )
            .unwrap_or_default();
        let mut names: Vec<String> = Vec::new();
        for n in log.lines().map(str::trim).filter(|n| !n.is_empty()) {
            if !names.iter().any(|m| m == n) {
                names.push(n.to_string());
            }
        }
        names
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
    let exe = std::env::current_exe()
        .map(|p| this_program(&p))
        .unwrap_or_else(|_| PathBuf::from("tracker"));
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

/// The program's path as the driver command names it. On Linux, a binary replaced while
/// it runs (an update) is reported as `PATH (deleted)`; the new one at PATH is the driver.
fn this_program(exe: &Path) -> PathBuf {
    let shown = exe.to_string_lossy();
    match shown.strip_suffix(" (deleted)") {
        Some(path) if Path::new(path).exists() => PathBuf::from(path),
        _ => exe.to_path_buf(),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replaced_binary_is_named_by_its_path() {
        let dir = tempfile::tempdir().expect("dir");
        let exe = dir.path().join("tracker");
        std::fs::write(&exe, b"").expect("write");
        let deleted = PathBuf::from(format!("{} (deleted)", exe.display()));
        assert_eq!(this_program(&deleted), exe);
        // Gone for good: left as the system says it.
        let gone = PathBuf::from("/nowhere/tracker (deleted)");
        assert_eq!(this_program(&gone), gone);
        assert_eq!(this_program(&exe), exe);
    }
}
