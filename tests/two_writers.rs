//! Two writers on one ledger, and the other ways an edit could be lost: the real binary in a
//! pseudo-terminal beside `tracker done` from a shell or a second UI. Every journey ends
//! with every edit on disk or explicitly reported.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::pty::{ENTER, Tui};
use common::{sample_path, temp_copy};
use tracker::ledger::load_path;

/// The first project in the default sort and its next open milestone (what `x` crosses off).
const P1: &str = "奥吉通汽车博览园";
const M1: &str = "签订框架协议";
/// Another project's open milestone.
const P2: &str = "郑州树木园改造";
const M2: &str = "完成改造方案";

fn start(path: &Path, env: &[(&str, &str)]) -> Tui {
    Tui::open(path, "zh", 120, 40, env)
}

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(args)
        .env("LANG", "C.UTF-8")
        .output()
        .expect("run tracker")
}

fn done_of(path: &Path, project: &str, milestone: &str) -> (Option<String>, Option<String>) {
    let l = load_path(path).expect("the ledger loads").ledger;
    let p = &l.projects[l.project_by_name(project).expect("project")];
    let m = &p.milestones[p.milestone_by_name(milestone).expect("milestone")];
    (
        m.done.map(|d| d.to_string()),
        m.by.as_deref().map(String::from),
    )
}

/// `tracker done` from a shell, as another writer; it must succeed.
fn cli_done(path: &Path, project: &str, milestone: &str, date: &str, by: &str) {
    let p = path.to_str().expect("path");
    let out = cli(&[
        "done",
        p,
        project,
        milestone,
        "--date",
        date,
        "--by",
        by,
        "--today",
        "2018-06-15",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn cross_off_first(tui: &mut Tui) {
    tui.keys("x");
    tui.wait_for("完成日期");
    tui.keys(ENTER);
}

#[test]
fn cli_and_ui_on_different_milestones_both_land() {
    let (_d, path) = temp_copy(&sample_path());
    let mut tui = start(&path, &[]);
    tui.wait_for("今天 2018-06-15");
    cli_done(&path, P2, M2, "2018-06-12", "cli");
    cross_off_first(&mut tui);
    tui.wait_until("saved on top of the other change", |s| s.contains("已保存"));
    tui.keys("q");
    assert_eq!(tui.wait_exit_code(), 0);
    assert_eq!(
        done_of(&path, P2, M2),
        (Some("2018-06-12".into()), Some("cli".into()))
    );
    assert_eq!(
        done_of(&path, P1, M1),
        (Some("2018-06-15".into()), Some("tester".into()))
    );
}

#[test]
fn quitting_right_after_another_writer_keeps_the_change() {
    // The clerk's journey from the issue: another writer, a cross-off, q: nothing is lost,
    // whatever the order in which the save and the watcher find the other change.
    let (_d, path) = temp_copy(&sample_path());
    let mut tui = start(&path, &[]);
    tui.wait_for("今天 2018-06-15");
    cli_done(&path, P2, M2, "2018-06-12", "tester-cli");
    cross_off_first(&mut tui);
    tui.keys("q");
    assert_eq!(tui.wait_exit_code(), 0);
    assert_eq!(done_of(&path, P1, M1).0, Some("2018-06-15".into()));
    assert_eq!(done_of(&path, P2, M2).0, Some("2018-06-12".into()));
}

/// The same milestone crossed off by the CLI (06-10) and, unsaved, by the UI (06-15): the
/// UI shows both and the clerk picks. The watcher is slowed so that the UI's change is made
/// before it notices the CLI's.
fn same_milestone(key: &str) -> (tempfile::TempDir, std::path::PathBuf, Tui) {
    let (d, path) = temp_copy(&sample_path());
    let mut tui = start(&path, &[("TRACKER_WATCH_SECONDS", "3600")]);
    tui.wait_for("今天 2018-06-15");
    cli_done(&path, P1, M1, "2018-06-10", "cli");
    cross_off_first(&mut tui);
    let screen = tui.wait_for("修改冲突");
    assert!(
        screen.contains("2018-06-10") && screen.contains("cli"),
        "{screen}"
    );
    assert!(
        screen.contains("2018-06-15") && screen.contains("tester"),
        "{screen}"
    );
    tui.keys(key);
    (d, path, tui)
}

#[test]
fn a_same_milestone_conflict_is_shown_and_the_files_version_kept() {
    let (_d, path, mut tui) = same_milestone("t");
    tui.wait_until("dialog closed", |s| !s.contains("修改冲突"));
    tui.keys("q");
    assert_eq!(tui.wait_exit_code(), 0);
    assert_eq!(
        done_of(&path, P1, M1),
        (Some("2018-06-10".into()), Some("cli".into()))
    );
}

#[test]
fn a_same_milestone_conflict_is_shown_and_mine_kept() {
    let (_d, path, mut tui) = same_milestone("m");
    tui.wait_for("已保存");
    tui.keys("q");
    assert_eq!(tui.wait_exit_code(), 0);
    assert_eq!(
        done_of(&path, P1, M1),
        (Some("2018-06-15".into()), Some("tester".into()))
    );
    // The CLI's record is still in .bak, as the version before.
    let bak = path.with_extension("ron.bak");
    assert_eq!(
        done_of(&bak, P1, M1),
        (Some("2018-06-10".into()), Some("cli".into()))
    );
}

#[test]
fn two_uis_on_one_ledger_keep_both_changes() {
    let (_d, path) = temp_copy(&sample_path());
    let mut a = start(&path, &[]);
    let mut b = start(&path, &[]);
    a.wait_for("今天 2018-06-15");
    b.wait_for("今天 2018-06-15");
    // A crosses off the first project's milestone, B the second row's.
    cross_off_first(&mut a);
    a.wait_for("已保存");
    b.keys("j");
    cross_off_first(&mut b);
    b.wait_for("已保存");
    // A learns of B's change by itself (the watcher), and both quit cleanly.
    a.wait_until("A reloaded", |s| s.contains("已重新载入"));
    a.keys("q");
    b.keys("q");
    assert_eq!(a.wait_exit_code(), 0);
    assert_eq!(b.wait_exit_code(), 0);
    assert_eq!(done_of(&path, P1, M1).0, Some("2018-06-15".into()));
    let l = load_path(&path).expect("loads").ledger;
    let done = l
        .projects
        .iter()
        .flat_map(|p| &p.milestones)
        .filter(|m| m.by.as_deref() == Some("tester"))
        .count();
    assert_eq!(done, 2, "both UIs' cross-offs are on disk");
}

#[test]
fn a_signal_with_an_unsaved_change_says_so_and_exits_non_zero() {
    let (_d, path) = temp_copy(&sample_path());
    let mut tui = start(&path, &[]);
    tui.wait_for("今天 2018-06-15");
    // The ledger turns read-only under the UI: the save is refused and the change kept.
    let mut perm = fs::metadata(&path).expect("meta").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perm, 0o444);
    fs::set_permissions(&path, perm).expect("chmod");
    cross_off_first(&mut tui);
    tui.wait_for("未保存");
    let status = Command::new("kill")
        .arg("-TERM")
        .arg(tui.pid().to_string())
        .status()
        .expect("kill");
    assert!(status.success());
    assert_eq!(tui.wait_exit_code(), 1, "an unsaved change is a failure");
    let out = tui.output();
    assert!(out.contains("1 项修改未保存"), "{out}");
    assert!(out.contains(P1) && out.contains(M1), "{out}");
}

#[test]
fn quitting_with_an_unsaved_change_asks_in_a_dialog() {
    let (_d, path) = temp_copy(&sample_path());
    let mut tui = start(&path, &[]);
    tui.wait_for("今天 2018-06-15");
    let mut perm = fs::metadata(&path).expect("meta").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perm, 0o444);
    fs::set_permissions(&path, perm).expect("chmod");
    cross_off_first(&mut tui);
    tui.wait_for("未保存");
    tui.keys("q");
    tui.wait_for("退出将丢失");
    // The dialog stays whatever else happens; n goes back, y leaves and reports.
    tui.keys("n");
    tui.wait_until("back", |s| !s.contains("退出将丢失"));
    assert!(!tui.exited());
    tui.keys("q");
    tui.wait_for("退出将丢失");
    tui.keys("y");
    assert_eq!(tui.wait_exit_code(), 1);
    assert!(tui.output().contains("1 项修改未保存"));
}

#[test]
fn a_held_lock_names_its_holder_and_quitting_still_works() {
    let (_d, path) = temp_copy(&sample_path());
    let lock = path.with_extension("ron.lock");
    // Another tracker (this test process) holds the lock and says who it is.
    let held = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock)
        .expect("lock file");
    held.lock().expect("lock");
    let host = fs::read_to_string("/proc/sys/kernel/hostname")
        .expect("hostname")
        .trim()
        .to_string();
    fs::write(&lock, format!("{} {host} 1529035200\n", std::process::id())).expect("write");
    let mut tui = start(&path, &[]);
    tui.wait_for("今天 2018-06-15");
    cross_off_first(&mut tui);
    let screen = tui.wait_for("正在等待台账锁");
    assert!(screen.contains(&std::process::id().to_string()), "{screen}");
    tui.keys("q");
    tui.wait_for("退出将丢失");
    tui.keys("y");
    assert_eq!(tui.wait_exit_code(), 1);
    drop(held);
}

#[test]
fn a_ledger_replaced_by_a_pipe_or_dev_zero_never_freezes_the_ui() {
    for replace in ["fifo", "zero"] {
        let (d, path) = temp_copy(&sample_path());
        let mut tui = start(&path, &[("TRACKER_WATCH_SECONDS", "1")]);
        tui.wait_for("今天 2018-06-15");
        fs::remove_file(&path).expect("rm");
        if replace == "fifo" {
            let ok = Command::new("mkfifo").arg(&path).status().expect("mkfifo");
            assert!(ok.success());
        } else {
            std::os::unix::fs::symlink("/dev/zero", &path).expect("symlink");
        }
        // The watcher notices, the reload refuses it, and the UI answers keys.
        tui.wait_until("the refusal", |s| s.contains("台账不是普通文件"));
        tui.keys("2");
        tui.wait_for("[2 单位承诺]");
        tui.keys("q");
        assert_eq!(tui.wait_exit_code(), 0, "{replace}");
        drop(d);
    }
}

#[test]
fn ctrl_z_restores_the_terminal_and_fg_takes_it_back() {
    let (_d, path) = temp_copy(&sample_path());
    let mut tui = start(&path, &[]);
    tui.wait_for("今天 2018-06-15");
    tui.keys("\x1a");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while tui.alternate_screen() || !tui.cooked() {
        assert!(std::time::Instant::now() < deadline, "not suspended");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let state = fs::read_to_string(format!("/proc/{}/stat", tui.pid())).expect("stat");
    assert!(state.contains(") T "), "stopped: {state}");
    let ok = Command::new("kill")
        .arg("-CONT")
        .arg(tui.pid().to_string())
        .status()
        .expect("kill");
    assert!(ok.success());
    tui.wait_until("back in full screen", |s| {
        s.contains("今天 2018-06-15") && s.contains("项目")
    });
    assert!(tui.alternate_screen() && !tui.cooked());
    tui.keys("q");
    assert_eq!(tui.wait_exit_code(), 0);
}

#[test]
fn a_huge_paste_is_cut_to_the_field_and_the_ui_answers() {
    let (_d, path) = temp_copy(&sample_path());
    let mut tui = start(&path, &[]);
    tui.wait_for("今天 2018-06-15");
    tui.keys("n");
    tui.wait_for("进度填报");
    let mut paste = b"\x1b[200~".to_vec();
    paste.extend("进度".repeat(50_000).as_bytes());
    paste.extend(b"\x1b[201~");
    tui.send(&paste);
    tui.wait_for("最多 500 个字");
    tui.keys(ENTER);
    tui.wait_for("已保存");
    tui.keys("q");
    assert_eq!(tui.wait_exit_code(), 0);
    let l = load_path(&path).expect("loads").ledger;
    let p = &l.projects[l.project_by_name(P1).expect("p")];
    let line = &p.updates.last().expect("a line").text;
    assert_eq!(line.chars().count(), 500);
}

#[test]
fn a_paste_without_brackets_is_taken_whole_without_waiting_for_a_key() {
    // A terminal without bracketed paste sends the text as keys: 9 KB in one write.
    let (_d, path) = temp_copy(&sample_path());
    let mut tui = start(&path, &[]);
    tui.wait_for("今天 2018-06-15");
    tui.keys("n");
    tui.wait_for("进度填报");
    tui.keys(&"进度".repeat(1500));
    tui.wait_for("最多 500 个字");
    tui.keys(ENTER);
    tui.wait_for("已保存");
    tui.keys("q");
    assert_eq!(tui.wait_exit_code(), 0);
}

#[test]
fn a_signal_during_a_long_wait_for_the_lock_reports_and_leaves_no_temp() {
    let (d, path) = temp_copy(&sample_path());
    let lock = path.with_extension("ron.lock");
    let held = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock)
        .expect("lock file");
    held.lock().expect("lock");
    let before = fs::read(&path).expect("read");
    let mut tui = start(&path, &[]);
    tui.wait_for("今天 2018-06-15");
    cross_off_first(&mut tui);
    tui.wait_for("正在等待台账锁");
    let started = std::time::Instant::now();
    let ok = Command::new("kill")
        .arg("-TERM")
        .arg(tui.pid().to_string())
        .status()
        .expect("kill");
    assert!(ok.success());
    assert_eq!(tui.wait_exit_code(), 1);
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert!(tui.output().contains("1 项修改未保存"));
    assert_eq!(fs::read(&path).expect("read"), before, "untouched");
    let names: Vec<String> = fs::read_dir(d.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains(".tmp.")),
        "a temp file was left: {names:?}"
    );
    drop(held);
}

#[test]
fn after_a_reload_an_edit_lands_on_its_own_pledge_not_one_with_the_same_text() {
    // The issue's case: two pledges "完成季度目标" (10 and 2); the second set to 7 while
    // the save is refused; another writer changes the file; `r`: the second becomes 7.
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("l.ron");
    let text = r#"Ledger(
    title: "季度台账",
    year: 2018,
    units: [
        Unit(name: "甲局", pledges: [
            Pledge(text: "完成季度目标", target: 10, measure: "个", progress: 10),
            Pledge(text: "完成季度目标", target: 10, measure: "个", progress: 2),
        ]),
    ],
    projects: [
        Project(name: "道路改造", lead: "甲局", milestones: [Milestone(name: "开工", due: "2018-09-30")]),
    ],
)
"#;
    fs::write(&path, text).expect("write");
    let mut tui = Tui::open(&path, "zh", 120, 40, &[("TRACKER_WATCH_SECONDS", "3600")]);
    tui.wait_for("今天 2018-06-15");
    tui.keys("2");
    tui.wait_for("[2 单位承诺]");
    // Into the pledge letter, the second pledge.
    tui.keys(common::pty::RIGHT);
    tui.keys("j");
    let mut perm = fs::metadata(&path).expect("meta").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perm, 0o444);
    fs::set_permissions(&path, perm.clone()).expect("chmod");
    tui.keys("p");
    tui.wait_for("完成季度目标 / 10个");
    tui.keys("\x7f\x7f\x7f7");
    tui.keys(ENTER);
    tui.wait_for("未保存");
    // Writable again; someone else adds a comment at the top.
    std::os::unix::fs::PermissionsExt::set_mode(&mut perm, 0o644);
    fs::set_permissions(&path, perm).expect("chmod");
    fs::write(&path, format!("// 他人修改\n{text}")).expect("write");
    tui.keys("r");
    tui.wait_for("已保存");
    tui.keys("q");
    assert_eq!(tui.wait_exit_code(), 0);
    let l = load_path(&path).expect("loads").ledger;
    let progress: Vec<Option<f64>> = l.units[0].pledges.iter().map(|p| p.progress).collect();
    assert_eq!(progress, [Some(10.0), Some(7.0)]);
}
