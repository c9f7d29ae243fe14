//! Reading the ledger's past cheaply: the commits of the line this work tree is on, the
//! ledger at one of them, and what changed between two of them as line edits (git compares
//! the versions; nothing here parses them).

use std::io::Write;
use std::process::Stdio;

use chrono::NaiveDate;

use super::{GitError, WorkTree};

/// A commit on the work tree's line, with the day it was committed (in its own time zone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dated {
    pub id: String,
    pub day: NaiveDate,
}

/// A commit of the line, for following the ledger by the records in the messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Noted {
    pub id: String,
    /// It changed the ledger.
    pub changed: bool,
    pub message: String,
}

/// One edit of a diff: `old_len` lines from line `old_start` (1-based) replaced by `new`.
/// With `old_len` 0 the lines go after line `old_start` (0: before the first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    pub old_start: usize,
    pub old_len: usize,
    pub new: Vec<String>,
}

impl WorkTree {
    /// The commits of the current branch's own line (first parents: what this office's
    /// ledger was, merges included as the moment they came in), oldest first.
    pub fn line_of_commits(&self) -> Result<Vec<Dated>, GitError> {
        if !self.has_head() {
            return Ok(Vec::new());
        }
        let log = self.out(&["log", "--first-parent", "--format=%H %cs", "HEAD"], "log")?;
        let mut commits: Vec<Dated> = log
            .lines()
            .filter_map(|l| {
                let (id, day) = l.split_once(' ')?;
                let day = NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
                Some(Dated {
                    id: id.to_string(),
                    day,
                })
            })
            .collect();
        commits.reverse();
        Ok(commits)
    }

    /// The same line of commits, each with whether it changed the ledger (against its
    /// first parent: a merge counts what it brought in) and its whole message, oldest
    /// first.
    pub fn line_with_messages(&self) -> Result<Vec<Noted>, GitError> {
        if !self.has_head() {
            return Ok(Vec::new());
        }
        let path = self.file.to_string_lossy().to_string();
        let mut c = self.git();
        c.args([
            "-c",
            "core.quotePath=false",
            "log",
            "--first-parent",
            "--diff-merges=first-parent",
            "--name-only",
            "--format=%x1e%H%x00%B%x00",
            "HEAD",
        ]);
        let out = super::run(c, "log")?;
        let text = String::from_utf8_lossy(&out.stdout);
        let mut line: Vec<Noted> = text
            .split('\u{1e}')
            .filter_map(|entry| {
                let mut parts = entry.splitn(3, '\0');
                let id = parts.next()?.trim().to_string();
                let message = parts.next()?.to_string();
                let files = parts.next().unwrap_or_default();
                let changed = files.lines().any(|f| f.trim() == path);
                (!id.is_empty()).then_some(Noted {
                    id,
                    changed,
                    message,
                })
            })
            .collect();
        line.reverse();
        Ok(line)
    }

    /// The ledger's text at a commit; `None` when the ledger is not in it.
    pub fn ledger_in(&self, id: &str) -> Result<Option<String>, GitError> {
        let path = self.file.to_string_lossy();
        let spec = format!("{id}:{path}");
        if !self.ok(&["cat-file", "-e", &spec]) {
            return Ok(None);
        }
        let mut c = self.git();
        c.args(["cat-file", "blob", &spec]);
        let out = super::run(c, "cat-file")?;
        Ok(Some(String::from_utf8_lossy(&out.stdout).into_owned()))
    }

    /// The ledger's changes from each pair's first commit to its second, as line edits, all
    /// from one `git diff-tree` run.
    pub fn ledger_diffs(&self, pairs: &[(&str, &str)]) -> Result<Vec<Vec<Hunk>>, GitError> {
        if pairs.is_empty() {
            return Ok(Vec::new());
        }
        let path = self.file.to_string_lossy().to_string();
        let mut c = self.git();
        c.args([
            "diff-tree",
            "--stdin",
            "--always",
            "-r",
            "-p",
            "-U0",
            "--text",
            "--no-renames",
            "--no-color",
            "--no-ext-diff",
            "--",
            &path,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
        let mut child = c.spawn().map_err(GitError::Run)?;
        // "NEW OLD": NEW compared with OLD as its parent. Written from a thread so that a full
        // output pipe can never stall the input.
        let input: String = pairs
            .iter()
            .map(|(old, new)| format!("{new} {old}\n"))
            .collect();
        let stdin = child.stdin.take();
        let writer = std::thread::spawn(move || {
            if let Some(mut s) = stdin {
                let _ = s.write_all(input.as_bytes());
            }
        });
        let out = child.wait_with_output().map_err(GitError::Run)?;
        let _ = writer.join();
        if !out.status.success() {
            return Err(GitError::Failed {
                what: "diff-tree",
                stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
            });
        }
        let diffs = parse_diffs(&out.stdout);
        if diffs.len() != pairs.len() {
            return Err(GitError::Miscounted {
                what: "diff-tree",
                got: diffs.len(),
                asked: pairs.len(),
            });
        }
        Ok(diffs)
    }
}

/// Splits `diff-tree --stdin --always` output into one list of hunks per commit line.
fn parse_diffs(out: &[u8]) -> Vec<Vec<Hunk>> {
    let mut diffs: Vec<Vec<Hunk>> = Vec::new();
    // Between a hunk's head and the next file or commit, every line is content.
    let mut in_hunk = false;
    for raw in out.split(|&b| b == b'\n') {
        match raw.first() {
            // Only the new side's lines are kept.
            Some(b'+') if in_hunk => {
                if let Some(h) = diffs.last_mut().and_then(|d| d.last_mut()) {
                    h.new.push(String::from_utf8_lossy(&raw[1..]).into_owned());
                }
            }
            Some(b'-' | b' ' | b'\\') if in_hunk => {}
            Some(b'@') => {
                in_hunk = false;
                if let (Some(d), Some(h)) = (diffs.last_mut(), hunk_head(raw)) {
                    d.push(h);
                    in_hunk = true;
                }
            }
            Some(c) if c.is_ascii_hexdigit() && is_commit_id(raw) => {
                in_hunk = false;
                diffs.push(Vec::new());
            }
            _ => in_hunk = false,
        }
    }
    diffs
}

fn is_commit_id(line: &[u8]) -> bool {
    // "ID" or, for a pair, "ID (from OTHER)" / "ID OTHER".
    let id = line.split(|&b| b == b' ').next().unwrap_or_default();
    matches!(id.len(), 40 | 64) && id.iter().all(u8::is_ascii_hexdigit)
}

/// `@@ -START[,LEN] +START[,LEN] @@`.
fn hunk_head(line: &[u8]) -> Option<Hunk> {
    let text = std::str::from_utf8(line).ok()?;
    let old = text.strip_prefix("@@ -")?.split(' ').next()?;
    let (start, len) = match old.split_once(',') {
        Some((s, l)) => (s.parse().ok()?, l.parse().ok()?),
        None => (old.parse().ok()?, 1),
    };
    Some(Hunk {
        old_start: start,
        old_len: len,
        new: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_tree_output_is_read_per_commit() {
        let id_a = "a".repeat(40);
        let id_b = "b".repeat(40);
        let out = format!(
            "{id_a}\ndiff --git a/l.ron b/l.ron\nindex 1..2 100644\n--- a/l.ron\n+++ b/l.ron\n\
             @@ -3 +3 @@\n-old\n+new\n@@ -9,0 +10,2 @@\n+x\n+y\n{id_b}\n"
        );
        let diffs = parse_diffs(out.as_bytes());
        assert_eq!(
            diffs,
            vec![
                vec![
                    Hunk {
                        old_start: 3,
                        old_len: 1,
                        new: vec!["new".into()]
                    },
                    Hunk {
                        old_start: 9,
                        old_len: 0,
                        new: vec!["x".into(), "y".into()]
                    },
                ],
                vec![],
            ]
        );
    }
}
