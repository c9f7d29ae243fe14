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

/// Floor for anything that reads every week end's version: git writing them all out
/// (`git cat-file --batch` on the ledger at each week end, one process).
#[divan::bench(args = sizes(), sample_count = 3)]
fn floor_every_week_version(b: Bencher, size: Size) {
    let r = repo(size);
    let tree = tracker::git::open(&r.ledger).unwrap_or_else(|e| panic!("{e:?}"));
    let commits = tree.line_of_commits().unwrap_or_else(|e| panic!("{e}"));
    let first = commits.first().map_or(r.today, |c| c.day);
    let input: String = tracker::trend::week_ends(first, r.today)
        .iter()
        .filter_map(|d| commits.iter().rev().find(|c| c.day <= *d))
        .map(|c| format!("{}:ledger.ron\n", c.id))
        .collect();
    b.bench(|| {
        use std::io::{Read, Write};
        let mut child = Command::new("git")
            .arg("-C")
            .arg(&r.dir)
            .args(["cat-file", "--batch"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("git: {e}"));
        let mut stdin = child.stdin.take().unwrap_or_else(|| panic!("stdin"));
        let text = input.clone();
        let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
        let mut read = 0usize;
        let mut buf = vec![0u8; 1 << 20];
        let mut out = child.stdout.take().unwrap_or_else(|| panic!("stdout"));
        while let Ok(n) = out.read(&mut buf) {
            if n == 0 {
                break;
            }
            read += n;
        }
        let _ = writer.join();
        let _ = child.wait();
        black_box(read)
    });
}

/// The weekly trend's counts kept in .git: gone, so that a bench counts from scratch.
fn forget_trend(r: &Repo) {
    let _ = std::fs::remove_file(r.dir.join(".git").join("tracker-trend"));
}

fn weekly(r: &Repo) -> tracker::trend::Trend {
    let tree = tracker::git::open(&r.ledger).unwrap_or_else(|e| panic!("{e:?}"));
    tracker::trend::weekly(&tree, r.today).unwrap_or_else(|e| panic!("{e}"))
}

/// The weekly trend over the whole history, counted for the first time (nothing kept).
#[divan::bench(args = sizes(), sample_count = 3)]
fn trend_first_count(b: Bencher, size: Size) {
    let r = repo(size);
    b.with_inputs(|| forget_trend(&r))
        .bench_values(|()| black_box(weekly(&r)));
}

/// The weekly trend a week after the last count: every week end kept but the last one,
/// which is counted with today.
#[divan::bench(args = sizes(), sample_count = 5)]
fn trend_a_week_later(b: Bencher, size: Size) {
    let r = repo(size);
    b.with_inputs(|| {
        forget_trend(&r);
        // Counted as of a week ago: the week ends before it are kept.
        let tree = tracker::git::open(&r.ledger).unwrap_or_else(|e| panic!("{e:?}"));
        tracker::trend::weekly(&tree, r.week_ago).unwrap_or_else(|e| panic!("{e}"));
    })
    .bench_values(|()| black_box(weekly(&r)));
}

/// The weekly trend counted again the same day (the Overview after a save): only today.
#[divan::bench(args = sizes(), sample_count = 5)]
fn trend_again(b: Bencher, size: Size) {
    let r = repo(size);
    b.with_inputs(|| {
        weekly(&r);
    })
    .bench_values(|()| black_box(weekly(&r)));
}

/// The slow, plain way the walk must agree with: every week end's whole version loaded
/// (its totals are checked against the walk's once).
#[divan::bench(args = sizes(), sample_count = 1)]
fn trend_by_loading_every_week(b: Bencher, size: Size) {
    let r = repo(size);
    let walked = weekly(&r);
    let days: Vec<_> = walked.points.iter().map(|p| p.day).collect();
    let tree = tracker::git::open(&r.ledger).unwrap_or_else(|e| panic!("{e:?}"));
    let loaded = tracker::trend::on_days_by_loading(&tree, &days).unwrap_or_else(|e| panic!("{e}"));
    let totals = |t: &tracker::trend::Trend| t.points.iter().map(|p| p.total).collect::<Vec<_>>();
    assert_eq!(
        totals(&loaded),
        totals(&walked),
        "the walk counts what loading counts"
    );
    b.bench(|| black_box(tracker::trend::on_days_by_loading(&tree, &days)));
}
