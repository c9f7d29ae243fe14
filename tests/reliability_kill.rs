//! Nothing lost, beyond tests/reliability.rs: SIGKILL at random moments of `tracker done`,
//! `undone` and `log` walking through many milestones of a generated ledger (every run that
//! is not killed must succeed, so a killed save never leaves a lock or temp that blocks the
//! next one; `.bak` is always a loadable earlier version); SIGKILL of the interface while it
//! saves; and many writers of every kind at once with readers that must never see a torn file.

mod common;

use std::collections::HashSet;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::pty::{ENTER, RIGHT, Tui};
use tracker::generate::Rng;
use tracker::ledger::{Change, Ledger, Update, load_path, load_str};

fn day(d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2018, 6, d).expect("date")
}

fn tracker() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tracker"));
    c.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

/// Temp files of saves (`.NAME.tmp.PID.N`) in `dir`.
fn temps(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.contains(".tmp."))
        .collect()
}

/// One step of the walk: the command to run and the text it must produce.
struct Step {
    cmd: Command,
    after: String,
    what: String,
}

fn next_step(rng: &mut Rng, ledger: &Ledger, text: &str, path: &Path, i: usize) -> Step {
    let p = rng.below(ledger.projects.len() as u64) as usize;
    let project = &ledger.projects[p];
    let mut cmd = tracker();
    if rng.below(5) == 0 {
        // A progress line.
        let line = format!("进度{i}：完成{}%", rng.below(100));
        let change = Change::AddUpdate {
            project: p,
            update: Update {
                date: day(1 + (i % 28) as u32),
                text: line.clone().into(),
                by: Some("k".into()),
            },
        };
        let after = change.edit_text(text).expect("log edit");
        cmd.arg("log").arg(path).args([
            project.name.as_str(),
            line.as_str(),
            "--date",
            &day(1 + (i % 28) as u32).to_string(),
            "--by",
            "k",
        ]);
        return Step {
            cmd,
            after,
            what: format!("log {}", project.name),
        };
    }
    let m = rng.below(project.milestones.len() as u64) as usize;
    let milestone = &project.milestones[m];
    let (done, by) = if milestone.done.is_some() {
        cmd.arg("undone")
            .arg(path)
            .args([&project.name, &milestone.name]);
        (None, None)
    } else {
        let d = day(1 + (i % 28) as u32);
        cmd.arg("done").arg(path).args([
            project.name.as_str(),
            milestone.name.as_str(),
            "--date",
            &d.to_string(),
            "--by",
            "k",
        ]);
        (Some(d), Some("k".to_string()))
    };
    let change = Change::MilestoneDone {
        project: p,
        milestone: m,
        done,
        by: by.map(Into::into),
    };
    Step {
        cmd,
        after: change.edit_text(text).expect("edit"),
        what: format!(
            "{} {} / {}",
            if done.is_some() { "done" } else { "undone" },
            project.name,
            milestone.name
        ),
    }
}

/// Three projects of five milestones, two units: under 2 KB, so a run is quick.
fn small_ledger() -> String {
    let mut s = String::from(
        "#![enable(implicit_some)]\n// 小台账\nLedger(\n    title: \"小台账\",\n    year: 2018,\n    \
         units: [Unit(name: \"甲委\"), Unit(name: \"乙委\")],\n    projects: [\n",
    );
    for p in 0..3 {
        s.push_str(&format!(
            "        Project(\n            name: \"项目{p}\",\n            lead: \"甲委\",\n            milestones: [\n"
        ));
        for m in 0..5 {
            let done = if (p + m) % 3 == 0 {
                ", done: \"2018-03-01\", by: \"办\""
            } else {
                ""
            };
            s.push_str(&format!(
                "                Milestone(name: \"节点{m}\", due: \"2018-0{}-15\"{done}),\n",
                m + 3
            ));
        }
        s.push_str("            ],\n        ),\n");
    }
    s.push_str("    ],\n)\n");
    s
}

#[test]
fn sigkill_during_done_undone_and_log_over_many_milestones() {
    // Two walks on two ledgers side by side (one per core), 250 kills each.
    let t = Instant::now();
    let walks: Vec<_> = [1u64, 2]
        .into_iter()
        .map(|seed| std::thread::spawn(move || kill_walk(seed, 250)))
        .collect();
    let kills: usize = walks
        .into_iter()
        .map(|w| w.join().expect("a walk failed"))
        .sum();
    println!("{kills} kills in all, {} ms", t.elapsed().as_millis());
    assert!(kills >= 500);
}

/// Walks random done/undone/log steps on a fresh ledger, SIGKILLing runs at random moments
/// until `wanted` kills landed mid-run; checks every state after each. Returns the kills.
fn kill_walk(seed: u64, wanted: usize) -> usize {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("ledger.ron");
    std::fs::write(&path, small_ledger()).expect("write");
    let mut rng = Rng::new(seed);
    // Every version the file has had: `.bak` must always be one of them.
    let mut versions: HashSet<String> = HashSet::new();
    // Kill anywhere in a run: measure how long an unkilled run takes here, now.
    let mut runs: Vec<Duration> = (0..7)
        .map(|i| {
            let text = std::fs::read_to_string(&path).expect("read");
            versions.insert(text.clone());
            let (ledger, _) = load_str(&text).expect("loads");
            let mut step = next_step(&mut rng, &ledger, &text, &path, i);
            let t = Instant::now();
            assert!(step.cmd.status().expect("run").success());
            t.elapsed()
        })
        .collect();
    runs.sort();
    let span = (runs[3].as_micros() as u64 * 11 / 10).max(500);
    println!(
        "a run takes about {} us; kills land in 0..{span} us",
        runs[3].as_micros()
    );
    let (mut kills, mut finished, mut changed) = (0, 0, 0);
    let t = Instant::now();
    for i in 0..2000 {
        if kills >= wanted {
            break;
        }
        let before = std::fs::read_to_string(&path).expect("read");
        versions.insert(before.clone());
        let (ledger, _) = load_str(&before).expect("loads");
        let mut step = next_step(&mut rng, &ledger, &before, &path, i);
        let mut child: Child = step.cmd.spawn().expect("spawn");
        std::thread::sleep(Duration::from_micros(rng.below(span)));
        match child.try_wait().expect("try_wait") {
            Some(_) => {
                let out = child.wait_with_output().expect("output");
                finished += 1;
                // Not killed: it must have worked, whatever earlier kills left behind.
                assert!(
                    out.status.success(),
                    "run {i} ({}) failed after earlier kills: {}",
                    step.what,
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            None => {
                child.kill().expect("SIGKILL");
                child.wait().expect("reap");
                kills += 1;
            }
        }
        let now = std::fs::read_to_string(&path).expect("the ledger is still there");
        assert!(
            now == before || now == step.after,
            "run {i} ({}) left a third version",
            step.what
        );
        if now != before {
            changed += 1;
        }
        assert!(
            load_path(&path).is_ok(),
            "run {i}: the ledger does not load"
        );
        // .bak, when there, is an earlier version (a hard link or a copy) and loads.
        let bak = dir.path().join("ledger.ron.bak");
        if let Ok(b) = std::fs::read_to_string(&bak) {
            assert!(
                versions.contains(&b) || b == now,
                "run {i}: .bak is not an earlier version"
            );
            assert!(load_str(&b).is_ok(), "run {i}: .bak does not load");
        }
    }
    println!(
        "{kills} killed mid-run, {finished} finished, {changed} changed the file, {} ms",
        t.elapsed().as_millis()
    );
    assert!(
        kills >= wanted,
        "too few kills landed during a run: {kills}"
    );
    assert!(changed >= 25, "the walk should change the file often");
    // The next successful save removes every temp file the kills left.
    let text = std::fs::read_to_string(&path).expect("read");
    let (ledger, _) = load_str(&text).expect("loads");
    let mut step = next_step(&mut rng, &ledger, &text, &path, 9999);
    let out = step.cmd.output().expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&path).expect("read"), step.after);
    assert_eq!(temps(dir.path()), Vec::<String>::new(), "temp files left");
    kills
}

#[test]
fn sigkill_of_the_interface_while_it_saves() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("ledger.ron");
    std::fs::write(&path, tracker::generate::ledger_text(3, 5)).expect("write");
    let mut rng = Rng::new(77);
    let mut kills_mid_save = 0;
    for i in 0..25 {
        let before = std::fs::read_to_string(&path).expect("read");
        let mut tui = Tui::open(&path, "en", 120, 36, &[]);
        tui.wait_for("today 2018-06-15");
        tui.keys(RIGHT);
        tui.keys("x");
        // Cross off an open milestone, or un-mark one crossed off by an earlier round.
        tui.wait_until("the dialog", |s| {
            s.contains("Done on") || s.contains("Un-mark")
        });
        tui.keys(ENTER);
        std::thread::sleep(Duration::from_micros(rng.below(6000)));
        let saved = tui.screen().contains("saved");
        let status = Command::new("kill")
            .arg("-KILL")
            .arg(tui.pid().to_string())
            .status()
            .expect("kill");
        assert!(status.success());
        if !saved {
            kills_mid_save += 1;
        }
        drop(tui);
        std::thread::sleep(Duration::from_millis(20));
        let now = std::fs::read_to_string(&path).expect("read");
        if now != before {
            // The one cross-off, and nothing else.
            let old = load_str(&before).expect("loads").0;
            let new = load_str(&now)
                .unwrap_or_else(|e| panic!("kill {i}: the ledger no longer loads: {e:?}"))
                .0;
            let mut diffs = 0;
            for (a, b) in old.projects.iter().zip(&new.projects) {
                for (x, y) in a.milestones.iter().zip(&b.milestones) {
                    if x != y {
                        diffs += 1;
                        if x.done.is_none() {
                            assert_eq!(y.done, Some(day(15)), "kill {i}");
                            assert_eq!(y.by.as_deref(), Some("tester"), "kill {i}");
                        } else {
                            assert_eq!((y.done, y.by.as_deref()), (None, None), "kill {i}");
                        }
                    }
                }
            }
            assert_eq!(diffs, 1, "kill {i}: exactly one milestone changed");
            assert_eq!(old.projects.len(), new.projects.len());
        }
    }
    println!("{kills_mid_save} of 25 kills came before the interface said saved");
    // A last clean save sweeps the temps away.
    let text = std::fs::read_to_string(&path).expect("read");
    let (ledger, _) = load_str(&text).expect("loads");
    let mut step = next_step(&mut Rng::new(3), &ledger, &text, &path, 1);
    assert!(step.cmd.status().expect("run").success());
    assert_eq!(temps(dir.path()), Vec::<String>::new());
}

/// 30 writers of three kinds at once (cross off, un-mark, progress lines) while readers load
/// the file in a loop: every change lands, and no reader ever sees a file that does not load.
#[test]
fn thirty_mixed_writers_and_busy_readers() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("ledger.ron");
    std::fs::write(&path, tracker::generate::ledger_text(60, 21)).expect("write");
    let ledger = load_path(&path).expect("loads").ledger;
    let mut open = Vec::new();
    let mut done = Vec::new();
    for p in &ledger.projects {
        for m in &p.milestones {
            if m.done.is_none() {
                open.push((p.name.clone(), m.name.clone()));
            } else {
                done.push((p.name.clone(), m.name.clone()));
            }
        }
    }
    assert!(open.len() >= 12 && done.len() >= 9);
    let to_done = &open[..12];
    let to_undo = &done[..9];
    let logged: Vec<&str> = ledger.projects[..9]
        .iter()
        .map(|p| p.name.as_str())
        .collect();

    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let (stop, path) = (stop.clone(), path.clone());
            std::thread::spawn(move || {
                let mut reads = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let bytes = std::fs::read(&path).expect("the ledger is always there");
                    assert!(
                        tracker::ledger::load_bytes(&bytes).is_ok(),
                        "a reader saw a torn ledger"
                    );
                    reads += 1;
                }
                reads
            })
        })
        .collect();

    let mut children = Vec::new();
    for (p, m) in to_done {
        let mut c = tracker();
        c.arg("done")
            .arg(&path)
            .args([p, m, "--date", "2018-06-03", "--by", "w"]);
        children.push(c.spawn().expect("spawn"));
    }
    for (p, m) in to_undo {
        let mut c = tracker();
        c.arg("undone").arg(&path).args([p, m]);
        children.push(c.spawn().expect("spawn"));
    }
    for (k, p) in logged.iter().enumerate() {
        let mut c = tracker();
        c.arg("log").arg(&path).args([
            p,
            format!("并发填报{k}").as_str(),
            "--date",
            "2018-06-04",
            "--by",
            "w",
        ]);
        children.push(c.spawn().expect("spawn"));
    }
    assert_eq!(children.len(), 30);
    for c in children {
        let out = c.wait_with_output().expect("wait");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let reads: usize = readers.into_iter().map(|r| r.join().expect("reader")).sum();
    println!("readers loaded the file {reads} times while 30 writers ran");

    let after = load_path(&path).expect("loads").ledger;
    let find = |p: &str, m: &str| {
        let pi = after.project_by_name(p).expect("project");
        let mi = after.projects[pi].milestone_by_name(m).expect("milestone");
        after.projects[pi].milestones[mi].clone()
    };
    for (p, m) in to_done {
        let ms = find(p, m);
        assert_eq!(ms.done, Some(day(3)), "{p} / {m}");
        assert_eq!(ms.by.as_deref(), Some("w"));
    }
    for (p, m) in to_undo {
        assert_eq!(find(p, m).done, None, "{p} / {m} un-marked");
    }
    for (k, p) in logged.iter().enumerate() {
        let pi = after.project_by_name(p).expect("project");
        assert!(
            after.projects[pi]
                .updates
                .iter()
                .any(|u| u.text == format!("并发填报{k}")),
            "{p}: progress line {k} landed"
        );
    }
    // Nothing else changed: every other milestone is as it was.
    let mut others = 0;
    for (a, b) in ledger.projects.iter().zip(&after.projects) {
        for (x, y) in a.milestones.iter().zip(&b.milestones) {
            let touched = to_done
                .iter()
                .chain(to_undo)
                .any(|(p, m)| p == a.name && m == x.name);
            if !touched {
                assert_eq!(x, y, "{} / {} changed", a.name, x.name);
                others += 1;
            }
        }
    }
    assert!(others > 200);
    assert_eq!(temps(dir.path()), Vec::<String>::new());
}
