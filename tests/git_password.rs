//! A remote that wants a password. In the background git never asks: `tracker sync` says a
//! password is needed (nothing lost, the local commit kept), and the interface offers to
//! hand over the terminal, where git asks itself and the sync goes on.
//!
//! The remote is a real bare repository behind git's `ext::` transport: a gate script asks
//! git's own credential prompt for a password (as HTTPS would) before serving it.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::git::git_ok;
use common::{sample_path, stderr};

const GATE: &str = r#"#!/bin/sh
# The remote's door: git's own prompt for the password, then the real service.
service="$1"; repo="$2"
answer=$(printf 'protocol=https\nhost=office.example\n\n' | git credential fill) || exit 128
case "$answer" in
  *password=secret*) exec "$service" "$repo" ;;
  *) echo "fatal: Authentication failed for 'https://office.example/'" >&2; exit 128 ;;
esac
"#;

/// A bare remote with the sample, and a bureau's clone that reaches it through the gate.
fn guarded() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let root = dir.path();
    let remote = root.join("remote.git");
    std::fs::create_dir(&remote).expect("remote");
    git_ok(&remote, &["init", "-q", "--bare", "-b", "main"]);
    let office = root.join("office");
    git_ok(
        root,
        &["clone", "-q", remote.to_str().expect("utf-8"), "office"],
    );
    for args in [
        &["config", "user.name", "攻坚办"][..],
        &["config", "user.email", "o@example.org"],
    ] {
        git_ok(&office, args);
    }
    std::fs::copy(sample_path(), office.join("ledger.ron")).expect("copy");
    git_ok(&office, &["add", "ledger.ron"]);
    git_ok(&office, &["commit", "-q", "-m", "台账"]);
    git_ok(&office, &["push", "-q", "-u", "origin", "main"]);
    let bureau = root.join("bureau");
    git_ok(
        root,
        &["clone", "-q", remote.to_str().expect("utf-8"), "bureau"],
    );
    let gate = root.join("gate.sh");
    std::fs::write(&gate, GATE).expect("gate");
    let url = format!("ext::sh {} %S {}", gate.display(), remote.display());
    for args in [
        &["config", "user.name", "区教体局"][..],
        &["config", "user.email", "b@example.org"],
        &["config", "protocol.ext.allow", "always"],
        &["remote", "set-url", "origin", &url],
    ] {
        git_ok(&bureau, args);
    }
    (dir, remote, bureau)
}

fn tracker(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("TRACKER_USER", "李四")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("tracker")
}

const CROSS_OFF: [&str; 9] = [
    "--lang",
    "zh",
    "done",
    "ledger.ron",
    "足球文化产业园",
    "主体结构封顶",
    "--date",
    "2018-06-10",
    "--today",
];

#[test]
fn sync_without_a_terminal_says_a_password_is_needed_and_keeps_the_commit() {
    let (_dir, remote, bureau) = guarded();
    let mut args = CROSS_OFF.to_vec();
    args.push("2018-06-15");
    assert!(tracker(&bureau, &args).status.success());
    let before = std::fs::read(bureau.join("ledger.ron")).expect("read");
    let head = git_ok(&bureau, &["rev-parse", "HEAD"]);
    let out = tracker(&bureau, &["--lang", "zh", "sync", "ledger.ron"]);
    assert!(!out.status.success());
    let said = stderr(&out);
    assert!(
        said.contains("git 需要密码或口令：fatal: could not read Username"),
        "{said}"
    );
    assert!(said.contains("在终端中运行 tracker sync"), "{said}");
    // Nothing lost: the ledger and the local commit as they were, the remote untouched.
    assert_eq!(
        std::fs::read(bureau.join("ledger.ron")).expect("read"),
        before
    );
    assert_eq!(git_ok(&bureau, &["rev-parse", "HEAD"]), head);
    assert!(!git_ok(&remote, &["log", "--format=%s", "main"]).contains("已销号"));
}

#[test]
fn the_interface_hands_over_the_terminal_for_the_password_and_syncs() {
    let (_dir, remote, bureau) = guarded();
    let mut args = CROSS_OFF.to_vec();
    args.push("2018-06-15");
    assert!(tracker(&bureau, &args).status.success());
    let home = bureau.to_str().expect("utf-8");
    let mut tui = common::pty::Tui::open(
        &bureau.join("ledger.ron"),
        "zh",
        120,
        40,
        &[
            ("HOME", home),
            ("GIT_CONFIG_NOSYSTEM", "1"),
            ("TRACKER_USER", "李四"),
        ],
    );
    tui.wait_for("今天 2018-06-15");
    tui.keys("S");
    let shown = tui.wait_for("git 需要密码");
    assert!(shown.contains("could not read Username"), "{shown}");
    assert!(shown.contains("Enter 让出终端并输入"), "{shown}");
    tui.send(b"\r");
    // git asks on the terminal itself: once to fetch, once to push.
    for round in 1..=2 {
        let asked = |what: &'static str| move |s: &str| s.matches(what).count() == round;
        tui.wait_until(
            "the user name asked",
            asked("Username for 'https://office.example'"),
        );
        tui.send(b"clerk\r");
        tui.wait_until(
            "the password asked",
            asked("Password for 'https://clerk@office.example'"),
        );
        tui.send(b"secret\r");
    }
    tui.wait_for("已同步：取回 0 个提交，推送 1 个提交");
    tui.keys("q");
    assert!(tui.wait_exit());
    let log = git_ok(&remote, &["log", "--format=%s", "main"]);
    assert!(
        log.contains("已销号 足球文化产业园 / 主体结构封顶"),
        "{log}"
    );
}

/// A wrong password typed at git's prompt: the dialog comes back with git's words, and the
/// next try with the right one syncs.
#[test]
fn a_wrong_password_asks_again() {
    let (_dir, remote, bureau) = guarded();
    let mut args = CROSS_OFF.to_vec();
    args.push("2018-06-15");
    assert!(tracker(&bureau, &args).status.success());
    let home = bureau.to_str().expect("utf-8");
    let mut tui = common::pty::Tui::open(
        &bureau.join("ledger.ron"),
        "zh",
        120,
        40,
        &[
            ("HOME", home),
            ("GIT_CONFIG_NOSYSTEM", "1"),
            ("TRACKER_USER", "李四"),
        ],
    );
    tui.wait_for("今天 2018-06-15");
    tui.keys("S");
    tui.wait_for("git 需要密码");
    tui.send(b"\r");
    tui.wait_for("Username for 'https://office.example'");
    tui.send(b"clerk\r");
    tui.wait_for("Password for 'https://clerk@office.example'");
    tui.send(b"guess\r");
    let shown = tui.wait_for("Authentication failed");
    assert!(shown.contains("git 需要密码"), "{shown}");
    tui.send(b"\r");
    // The first try's lines are still on the terminal above the second's.
    for round in 1..=2 {
        let asked = |what: &'static str| move |s: &str| s.matches(what).count() == round + 1;
        tui.wait_until(
            "the user name asked",
            asked("Username for 'https://office.example'"),
        );
        tui.send(b"clerk\r");
        tui.wait_until(
            "the password asked",
            asked("Password for 'https://clerk@office.example'"),
        );
        tui.send(b"secret\r");
    }
    tui.wait_for("已同步：取回 0 个提交，推送 1 个提交");
    tui.keys("q");
    assert!(tui.wait_exit());
    assert!(git_ok(&remote, &["log", "--format=%s", "main"]).contains("已销号"));
}
