//! File names are shown like ledger text: a path holding ESC, BEL, C1 or RLO never reaches the
//! terminal raw from any command, notice or error message. Text given on the command line
//! (a progress line, a `by`) is cleaned before it is written into the ledger.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::poison::{POISONED_NAME as POISON, assert_no_controls};

fn tracker(args: &[&std::ffi::OsStr], home: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("LANG", "zh_CN.UTF-8")
        .env("TRACKER_USER", "tester")
        .output()
        .expect("run tracker")
}

/// No ESC, BEL, C1 control or RLO in the raw bytes, and the file is named (`mentions`).
fn assert_clean(out: &Output, what: &str, mentions: &str) {
    for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        assert_no_controls(bytes, &format!("{what}, on {name}"));
    }
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        all.contains(mentions),
        "{what}: {mentions:?} not in {all:?}"
    );
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

struct Setup {
    _dir: tempfile::TempDir,
    home: PathBuf,
    ledger: PathBuf,
    project: String,
    milestone: String,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().expect("dir");
    let home = dir.path().join("home");
    std::fs::create_dir(&home).expect("home");
    let ledger = dir.path().join(format!("{POISON}.ron"));
    std::fs::write(&ledger, tracker::generate::ledger_text(3, 1)).expect("write");
    let loaded = tracker::ledger::load_path(&ledger).expect("loads");
    let p = &loaded.ledger.projects[0];
    Setup {
        project: p.name.to_string(),
        milestone: p.milestones[0].name.to_string(),
        home,
        ledger,
        _dir: dir,
    }
}

#[test]
fn check_done_undone_log_show_a_poisoned_file_name_safely() {
    let s = setup();
    let l = s.ledger.as_os_str();
    let (p, m) = (os(&s.project), os(&s.milestone));
    let out = tracker(&[os("check"), l], &s.home);
    assert!(out.status.success());
    assert_clean(&out, "check", "31m.ron：正常");
    let out = tracker(
        &[os("done"), l, p, m, os("--date"), os("2018-06-01")],
        &s.home,
    );
    assert!(out.status.success());
    assert_clean(&out, "done", "已销号");
    let out = tracker(&[os("undone"), l, p, m], &s.home);
    assert!(out.status.success());
    assert_clean(&out, "undone", "已撤销销号");
    let out = tracker(&[os("log"), l, p, os("进度")], &s.home);
    assert!(out.status.success());
    assert_clean(&out, "log", "填报进度");
}

#[test]
fn error_messages_show_a_poisoned_file_name_safely() {
    let s = setup();
    let missing = s.ledger.with_file_name(format!("{POISON}-missing.ron"));
    let out = tracker(&[os("check"), missing.as_os_str()], &s.home);
    assert!(!out.status.success());
    assert_clean(&out, "check of a missing file", "missing.ron");
    let (p, m) = (os(&s.project), os(&s.milestone));
    let out = tracker(&[os("done"), missing.as_os_str(), p, m], &s.home);
    assert!(!out.status.success());
    assert_clean(&out, "done on a missing file", "missing.ron");
    // A broken ledger: every problem is reported with the file's name.
    std::fs::write(&s.ledger, "Ledger(").expect("break it");
    let out = tracker(&[os("check"), s.ledger.as_os_str()], &s.home);
    assert_eq!(out.status.code(), Some(1));
    assert_clean(&out, "check of a broken ledger", "31m.ron 第 1 行");
    let out = tracker(&[os("done"), s.ledger.as_os_str(), p, m], &s.home);
    assert!(!out.status.success());
    assert_clean(&out, "done on a broken ledger", "31m.ron");
    let out = tracker(&[os("report"), os("brief"), s.ledger.as_os_str()], &s.home);
    assert!(!out.status.success());
    assert_clean(&out, "report on a broken ledger", "31m.ron");
}

#[test]
fn report_output_paths_are_shown_safely() {
    let s = setup();
    let target = s.ledger.with_file_name(format!("{POISON}-brief.md"));
    let out = tracker(
        &[
            os("report"),
            os("brief"),
            s.ledger.as_os_str(),
            os("-o"),
            target.as_os_str(),
        ],
        &s.home,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(target.exists());
    assert_clean(&out, "report -o", "brief.md");
    let nowhere = s
        .ledger
        .with_file_name(format!("{POISON}-no-such-dir"))
        .join("r.md");
    let out = tracker(
        &[
            os("report"),
            os("brief"),
            s.ledger.as_os_str(),
            os("-o"),
            nowhere.as_os_str(),
        ],
        &s.home,
    );
    assert!(!out.status.success());
    assert_clean(&out, "report -o into a missing folder", "cannot write");
}

#[test]
fn the_default_ledger_notice_shows_a_poisoned_home_safely() {
    let dir = tempfile::tempdir().expect("dir");
    let home = dir.path().join(POISON);
    std::fs::create_dir(&home).expect("home");
    let out = tracker(&[os("check"), os("--today"), os("2018-06-15")], &home);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_clean(
        &out,
        "the default ledger's notice",
        "已用示例台账创建默认台账",
    );
}

#[test]
fn text_from_the_command_line_is_cleaned_before_it_is_written() {
    let s = setup();
    let l = s.ledger.as_os_str();
    let before = std::fs::read_to_string(&s.ledger).expect("read");
    let out = tracker(
        &[
            os("log"),
            l,
            os(&s.project),
            os("第一行\u{2028}第二行\u{1b}[2J"),
            os("--by"),
            os("王\u{2029}五\u{202e}"),
        ],
        &s.home,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = std::fs::read_to_string(&s.ledger).expect("read");
    assert_ne!(after, before);
    for c in ['\u{2028}', '\u{2029}', '\u{202e}', '\u{1b}'] {
        assert!(
            !after.contains(c),
            "U+{:04X} written raw into the ledger",
            c as u32
        );
    }
    assert!(after.contains("第一行\u{2426}第二行\u{241b}[2J"), "{after}");
    assert!(after.contains("王\u{2426}五\u{2426}"), "{after}");
}
