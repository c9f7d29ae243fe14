//! git in the tests: the real program in temporary folders, with no user or system
//! configuration but what a test gives (HOME is the folder itself).

use std::path::Path;
use std::process::{Command, Output};

/// `git -C dir ARGS`, its author and committer dates set to `date` when given.
pub fn git_at(dir: &Path, args: &[&str], date: Option<&str>) -> Output {
    let mut c = Command::new("git");
    c.arg("-C")
        .arg(dir)
        .args(args)
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("LC_ALL", "C");
    if let Some(d) = date {
        c.env("GIT_AUTHOR_DATE", d).env("GIT_COMMITTER_DATE", d);
    }
    c.output().expect("run git")
}

pub fn git(dir: &Path, args: &[&str]) -> Output {
    git_at(dir, args, None)
}

/// git that must succeed; its standard output.
pub fn git_ok(dir: &Path, args: &[&str]) -> String {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A new repository in `dir` with its own author.
pub fn init(dir: &Path, who: &str) {
    git_ok(dir, &["init", "-q", "-b", "main"]);
    git_ok(dir, &["config", "user.name", who]);
    git_ok(dir, &["config", "user.email", "office@example.org"]);
}
