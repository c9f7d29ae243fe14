//! Nothing lost: SIGKILL at any moment of a save, many writers at once, read-only ledgers.

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

use common::pty::{RIGHT, Tui};
use common::{root, sample_path, temp_copy};
use tracker::generate::Rng;
use tracker::ledger::{Change, load_path};

#[test]
fn sigkill_at_random_moments_never_tears_the_ledger() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("ledger.ron");
    let open =
        std::fs::read_to_string(root().join("tests/fixtures/valid/small.ron")).expect("fixture");
    std::fs::write(&path, &open).expect("write");
    // The two versions a save can leave: before and after crossing off 建成开放.
    let change = Change::MilestoneDone {
        project: 0,
        milestone: 0,
        done: chrono::NaiveDate::from_ymd_opt(2018, 6, 1),
        by: Some("k".into()),
    };
    let done = change.edit_text(&open).expect("edit");
    let mut rng = Rng::new(42);
    let (mut kills, mut finished) = (0, 0);
    // Until 500 kills have landed during a run (a run that finished first does not count).
    for i in 0..1500 {
        if kills >= 500 {
            break;
        }
        let now = std::fs::read_to_string(&path).expect("read");
        let verb = if now == open { "done" } else { "undone" };
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tracker"));
        cmd.arg(verb)
            .arg(&path)
            .args(["南水北调生态文化公园", "建成开放"]);
        if verb == "done" {
            cmd.args(["--date", "2018-06-01", "--by", "k"]);
        }
        let mut child = cmd
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_micros(rng.next() % 4000));
        match child.try_wait().expect("try_wait") {
            Some(_) => finished += 1,
            None => {
                child.kill().expect("SIGKILL");
                kills += 1;
            }
        }
        child.wait().expect("reap");
        let after = std::fs::read_to_string(&path).expect("the ledger is still there");
        assert!(
            after == open || after == done,
            "kill {i} left a third version:\n{after}"
        );
        assert!(
            load_path(&path).is_ok(),
            "kill {i}: the ledger no longer loads"
        );
    }
    println!("{kills} killed mid-run, {finished} finished first");
    assert!(kills >= 500, "too few kills landed during a run: {kills}");
    // The next successful save removes whatever temp files the kills left.
    let status = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(["undone"])
        .arg(&path)
        .args(["南水北调生态文化公园", "建成开放"])
        .stdout(Stdio::null())
        .status()
        .expect("run");
    assert!(status.success());
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.contains(".tmp."))
        .collect();
    assert!(leftovers.is_empty(), "temp files left: {leftovers:?}");
}

#[test]
fn twenty_four_writers_at_once_lose_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("ledger.ron");
    std::fs::write(&path, tracker::generate::ledger_text(40, 9)).expect("write");
    let ledger = load_path(&path).expect("loads").ledger;
    let open = common::open_milestones(&ledger, 24);
    common::concurrent_done(&path, &open, &["--date", "2018-06-03", "--by", "w"], &[]);
    let after = load_path(&path).expect("loads").ledger;
    let done = after
        .projects
        .iter()
        .flat_map(|p| &p.milestones)
        .filter(|m| m.by.as_deref() == Some("w"))
        .count();
    assert_eq!(done, 24, "every writer's cross-off is in the file");
}

#[test]
fn a_read_only_ledger_opens_read_only_and_is_never_written() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = temp_copy(&sample_path());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let before = std::fs::read(&path).expect("read");

    // The command line refuses, saying why.
    let out = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .arg("done")
        .arg(&path)
        .args(["凤湖生态休闲区", "启动首期建设"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is read-only"));

    // The UI says so in the title and refuses to cross off.
    let mut tui = Tui::open(&path, "zh", 120, 40, &[]);
    tui.wait_for("[只读]");
    tui.keys(RIGHT);
    tui.keys("x");
    tui.wait_until("refusal", |s| s.contains("只读: ledger.ron"));
    assert!(!tui.screen().contains("完成日期"), "no cross-off dialog");
    tui.keys("q");
    assert!(tui.wait_exit());
    assert_eq!(std::fs::read(&path).expect("read"), before);
}
