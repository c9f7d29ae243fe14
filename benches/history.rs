//! Speed on long histories: two years and more of daily commits of a ledger, each figure
//! beside its floor (what git alone takes) measured in the same run.
//! Run: `cargo bench --bench history`. Sizes: 1,000 projects x 200 commits and 10,000
//! projects x 1,000 commits (`TRACKER_BENCH_HISTORY=small` runs the small one only).
//! The repositories are built once into `$CARGO_TARGET_DIR/bench-history/p{P}-c{C}/` (else
//! `target/…`) and reused while their parameters stay the same.

#[path = "support/history_repo.rs"]
mod history_repo;

use std::collections::HashMap;
use std::fmt;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

use chrono::{Days, NaiveDate};
use divan::Bencher;
use tracker::lang::Lang;
use tracker::report::{Format, changes};

/// A history: projects in the ledger, daily commits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Size {
    projects: usize,
    commits: usize,
}

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "p{}-c{}", self.projects, self.commits)
    }
}

const SMALL: Size = Size {
    projects: 1_000,
    commits: 200,
};
const LARGE: Size = Size {
    projects: 10_000,
    commits: 1_000,
};

fn sizes() -> Vec<Size> {
    if std::env::var_os("TRACKER_BENCH_HISTORY").is_some_and(|v| v == "small") {
        vec![SMALL]
    } else {
        vec![SMALL, LARGE]
    }
}

/// A built history and the days a report on it takes.
#[derive(Clone)]
struct Repo {
    dir: PathBuf,
    ledger: PathBuf,
    /// The day of the last commit: "today" for the reports.
    today: NaiveDate,
    /// A week before it.
    week_ago: NaiveDate,
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// The history of `size`, built on first use (with its build time and size on stderr).
fn repo(size: Size) -> Repo {
    static BUILT: OnceLock<Mutex<HashMap<Size, Repo>>> = OnceLock::new();
    let mut built = BUILT
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|_| panic!("lock"));
    built
        .entry(size)
        .or_insert_with(|| {
            let dir = target_dir().join("bench-history").join(size.to_string());
            let start = Instant::now();
            let ledger = history_repo::history_repo(&dir, size.projects, size.commits, 42)
                .unwrap_or_else(|e| panic!("history repository {size}: {e}"));
            let git_size = dir_size(&dir.join(".git"));
            let ledger_size = std::fs::metadata(&ledger).map_or(0, |m| m.len());
            eprintln!(
                "history {size}: ready in {:.1} s; .git {:.1} MB; ledger.ron {:.1} MB",
                start.elapsed().as_secs_f64(),
                git_size as f64 / 1e6,
                ledger_size as f64 / 1e6
            );
            let today = history_repo::last_day(size.commits);
            Repo {
                dir,
                ledger,
                today,
                week_ago: today.checked_sub_days(Days::new(7)).unwrap_or(today),
            }
        })
        .clone()
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir).map_or(0, |entries| {
        entries
            .flatten()
            .map(|e| match e.file_type() {
                Ok(t) if t.is_dir() => dir_size(&e.path()),
                Ok(_) => e.metadata().map_or(0, |m| m.len()),
                Err(_) => 0,
            })
            .sum()
    })
}

fn main() {
    // Build the repositories before the table starts, so their lines do not cut into it.
    if !std::env::args().any(|a| a == "--list") {
        for size in sizes() {
            repo(size);
        }
    }
    divan::main();
}

/// `git ARGS` in the repository: the bytes it wrote.
fn git(dir: &Path, args: &[&str]) -> usize {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("LC_ALL", "C")
        .output()
        .unwrap_or_else(|e| panic!("git: {e}"));
    assert!(out.status.success(), "git {args:?} failed");
    out.stdout.len()
}

/// Floor: every commit of the ledger, by hash (`git log --format=%H -- ledger.ron`).
#[divan::bench(args = sizes(), sample_count = 5)]
fn floor_log_hashes(b: Bencher, size: Size) {
    let r = repo(size);
    b.bench(|| black_box(git(&r.dir, &["log", "--format=%H", "--", "ledger.ron"])));
}

/// Floor for a week's changes: git's own diff of the week (`git log --since=… -p`).
#[divan::bench(args = sizes(), sample_count = 5)]
fn floor_week_diff(b: Bencher, size: Size) {
    let r = repo(size);
    let since = format!("--since={} 23:59:59", r.week_ago);
    b.bench(|| black_box(git(&r.dir, &["log", &since, "-p", "--", "ledger.ron"])));
}

/// What `tracker report changes FILE --since DATE` does: load the ledger now, find and load
/// the version of that day from git, compare, render (markdown).
fn report_changes(r: &Repo, since: &str) -> String {
    let now = tracker::ledger::load_path(&r.ledger)
        .unwrap_or_else(|e| panic!("{e}"))
        .ledger;
    let tree = tracker::git::open(&r.ledger).unwrap_or_else(|e| panic!("{e:?}"));
    let (then_text, then_day) = tree.ledger_at(since).unwrap_or_else(|e| panic!("{e}"));
    let then = tracker::ledger::load_str(&then_text)
        .unwrap_or_else(|_| panic!("the version at {since} loads"))
        .0;
    let found = changes::between(&then, &now, (then_day, r.today));
    changes::render(&now, &found, since, Format::Md, Lang::Zh, true)
}

/// `tracker report changes --since` a week before the last commit.
#[divan::bench(args = sizes(), sample_count = 5)]
fn report_changes_week(b: Bencher, size: Size) {
    let r = repo(size);
    let since = r.week_ago.to_string();
    b.bench(|| black_box(report_changes(&r, &since).len()));
}

/// `tracker report changes` with no `--since`: from the last meeting's tag (found by
/// `git describe`, as the command does).
#[divan::bench(args = sizes(), sample_count = 5)]
fn report_changes_since_meeting(b: Bencher, size: Size) {
    let r = repo(size);
    b.bench(|| {
        let tree = tracker::git::open(&r.ledger).unwrap_or_else(|e| panic!("{e:?}"));
        let since = tree
            .last_meeting()
            .unwrap_or_else(|| panic!("a meeting tag"));
        black_box(report_changes(&r, &since).len())
    });
}

/// The weekly trend over the whole history.
#[divan::bench(args = sizes(), sample_count = 3)]
fn trend_weekly(b: Bencher, size: Size) {
    let r = repo(size);
    b.bench(|| {
        let tree = tracker::git::open(&r.ledger).unwrap_or_else(|e| panic!("{e:?}"));
        let trend = tracker::trend::weekly(&tree, r.today).unwrap_or_else(|e| panic!("{e}"));
        black_box(trend)
    });
}
