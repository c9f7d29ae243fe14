//! Every save a commit, with real `git` in temporary folders: the ledger alone is
//! committed (what the user staged of other files stays staged), with the change in the
//! office's words as the message and the person as the author; outside a work tree nothing
//! happens; a commit git refuses is said and the save stands.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::git::{git_ok, init};
use common::pty::{ENTER, RIGHT, Tui};
use common::{sample_path, stderr, stdout};

/// A repository holding the sample ledger and a notes file, committed once.
fn repo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let root = dir.path();
    init(root, "Office");
    let ledger = root.join("ledger.ron");
    std::fs::copy(sample_path(), &ledger).expect("copy");
    std::fs::write(root.join("notes.txt"), "周例会纪要\n").expect("notes");
    git_ok(root, &["add", "."]);
    git_ok(root, &["commit", "-q", "-m", "台账"]);
    (dir, ledger)
}

/// `tracker ARGS` with the repository's HOME (so the test's own git config is not read).
fn tracker(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(args)
        .env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("TRACKER_USER", "李明")
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .expect("run tracker")
}

fn last_commit(root: &Path) -> (String, String, Vec<String>) {
    let log = git_ok(root, &["log", "-1", "--format=%an%n%s"]);
    let mut lines = log.lines();
    let author = lines.next().unwrap_or_default().to_string();
    let subject = lines.next().unwrap_or_default().to_string();
    let files = git_ok(root, &["show", "--name-only", "--format=", "HEAD"])
        .lines()
        .map(str::to_string)
        .collect();
    (author, subject, files)
}

#[test]
fn a_cross_off_is_a_commit_of_the_ledger_alone_by_its_author() {
    let (dir, ledger) = repo();
    let root = dir.path();
    // Something of the clerk's own, staged and not to be committed by tracker.
    std::fs::write(root.join("notes.txt"), "周例会纪要（草稿）\n").expect("notes");
    git_ok(root, &["add", "notes.txt"]);
    let file = ledger.to_str().expect("utf-8");
    let out = tracker(
        root,
        &[
            "done",
            file,
            "足球文化产业园",
            "主体结构封顶",
            "--date",
            "2018-06-10",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let (author, subject, files) = last_commit(root);
    assert_eq!(author, "李明");
    assert_eq!(
        subject,
        "已销号 足球文化产业园 / 主体结构封顶（2018-06-10）"
    );
    assert_eq!(files, ["ledger.ron"]);
    assert_eq!(
        git_ok(root, &["diff", "--cached", "--name-only"]),
        "notes.txt\n"
    );
    assert_eq!(git_ok(root, &["status", "--porcelain", "ledger.ron"]), "");

    // Each kind of save makes its own commit, in the office's words.
    let steps: &[(&[&str], &str)] = &[
        (
            &[
                "log",
                file,
                "足球文化产业园",
                "主体完成八成",
                "--date",
                "2018-06-12",
            ],
            "已为 足球文化产业园 填报进度（2018-06-12）",
        ),
        (
            &[
                "move",
                file,
                "足球文化产业园",
                "主体结构封顶",
                "--due",
                "2018-12-31",
            ],
            "已调整期限 足球文化产业园 / 主体结构封顶：2018-11-30 → 2018-12-31（原计划 2018-11-30，调整 31 天）",
        ),
        (
            &[
                "invest",
                file,
                "足球文化产业园",
                "--month",
                "6",
                "--done",
                "0.5",
            ],
            "足球文化产业园 的投资：总投资 25，年度计划 6，已完成 3.4 亿元",
        ),
    ];
    for (args, want) in steps {
        let out = tracker(root, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let (author, subject, files) = last_commit(root);
        assert_eq!((author.as_str(), subject.as_str()), ("李明", *want));
        assert_eq!(files, ["ledger.ron"]);
    }
    let count = git_ok(root, &["rev-list", "--count", "HEAD"]);
    assert_eq!(count.trim(), "5");
}

#[test]
fn outside_a_work_tree_nothing_happens() {
    let dir = tempfile::tempdir().expect("dir");
    let ledger = dir.path().join("ledger.ron");
    std::fs::copy(sample_path(), &ledger).expect("copy");
    let out = tracker(
        dir.path(),
        &[
            "done",
            ledger.to_str().expect("utf-8"),
            "足球文化产业园",
            "主体结构封顶",
            "--date",
            "2018-06-10",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    assert!(!dir.path().join(".git").exists());
}

#[test]
fn a_ledger_git_does_not_know_yet_is_added_and_committed() {
    let dir = tempfile::tempdir().expect("dir");
    let root = dir.path();
    git_ok(root, &["init", "-q", "-b", "main"]);
    // No identity configured at all: the author commits as himself.
    let ledger = root.join("ledger.ron");
    std::fs::copy(sample_path(), &ledger).expect("copy");
    let out = tracker(
        root,
        &[
            "log",
            ledger.to_str().expect("utf-8"),
            "足球文化产业园",
            "已开工",
            "--date",
            "2018-06-12",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let (author, subject, files) = last_commit(root);
    assert_eq!(author, "李明");
    assert_eq!(subject, "已为 足球文化产业园 填报进度（2018-06-12）");
    assert_eq!(files, ["ledger.ron"]);
}

#[test]
fn a_commit_git_refuses_is_said_and_the_save_stands() {
    let (dir, ledger) = repo();
    let root = dir.path();
    let hook = root.join(".git/hooks/pre-commit");
    std::fs::write(&hook, "#!/bin/sh\necho 'no commits today' >&2\nexit 1\n").expect("hook");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let before = std::fs::read_to_string(&ledger).expect("read");
    let out = tracker(
        root,
        &[
            "done",
            ledger.to_str().expect("utf-8"),
            "足球文化产业园",
            "主体结构封顶",
            "--date",
            "2018-06-10",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.starts_with("tracker：已保存，但未能提交到 git：git commit failed: no commits today"),
        "{err}"
    );
    assert_ne!(std::fs::read_to_string(&ledger).expect("read"), before);
    assert_eq!(git_ok(root, &["rev-list", "--count", "HEAD"]).trim(), "1");
}

#[test]
fn the_interface_commits_each_save() {
    let (dir, ledger) = repo();
    let root = dir.path();
    let home = root.to_str().expect("utf-8");
    let tui = Tui::open(
        &ledger,
        "zh",
        120,
        40,
        &[
            ("HOME", home),
            ("GIT_CONFIG_NOSYSTEM", "1"),
            ("TRACKER_USER", "王芳"),
        ],
    );
    let mut tui = tui;
    tui.wait_for("今天 2018-06-15");
    tui.keys(RIGHT);
    tui.keys("x");
    tui.wait_for("完成日期");
    tui.keys(ENTER);
    tui.wait_for("已保存");
    // H: the selected milestone's history, from its commit.
    tui.keys("H");
    let shown = tui.wait_for("修改记录");
    assert!(shown.contains("王芳  销号"), "{shown}");
    tui.esc();
    tui.keys("q");
    assert!(tui.wait_exit());
    let (author, subject, files) = last_commit(root);
    assert_eq!(author, "王芳");
    assert!(subject.starts_with("销号"), "{subject}");
    assert_eq!(files, ["ledger.ron"]);
    // The message ends with the record of the facts the save changed (for the trend).
    let message = git_ok(root, &["log", "-1", "--format=%B"]);
    let record = tracker::ledger::facts::read_record(&message).expect("a record");
    assert_eq!(record.len(), 1, "{message}");
    assert!(record[0].1.as_ref().is_some_and(|f| f.done), "{message}");
}

#[test]
fn a_form_that_renames_and_changes_more_says_both_in_its_commit() {
    let (dir, ledger) = repo();
    let root = dir.path();
    let home = root.to_str().expect("utf-8");
    let env = [
        ("HOME", home),
        ("GIT_CONFIG_NOSYSTEM", "1"),
        ("TRACKER_USER", "王芳"),
    ];
    let mut tui = Tui::open(&ledger, "zh", 120, 40, &env);
    tui.wait_for("今天 2018-06-15");
    tui.keys(RIGHT);
    tui.keys("E");
    tui.wait_for("修改 ·");
    // The name, then (past the due date) the unit.
    tui.keys("\x15改名后的节点\t\t\x15区政府办公室");
    tui.wait_for("区政府办公室");
    tui.keys(ENTER);
    tui.wait_for("已保存");
    tui.keys("q");
    assert!(tui.wait_exit());
    let (_, subject, _) = last_commit(root);
    assert!(subject.starts_with("修改节点 "), "{subject}");
    assert!(subject.contains("改名后的节点（更名自 "), "{subject}");
    let text = std::fs::read_to_string(&ledger).expect("ledger");
    let line = text
        .lines()
        .find(|l| l.contains("改名后的节点"))
        .expect("renamed milestone");
    assert!(line.contains("unit: \"区政府办公室\""), "{line}");
}

#[test]
fn history_lists_who_did_what_from_git_or_from_the_ledger() {
    // Outside git: what the ledger records, newest first.
    let dir = tempfile::tempdir().expect("dir");
    let alone = dir.path().join("ledger.ron");
    std::fs::copy(sample_path(), &alone).expect("copy");
    let out = tracker(
        dir.path(),
        &["history", alone.to_str().expect("utf-8"), "足球"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "2018-06-08  区教体局  进度填报 足球文化产业园：基础施工完成60%\n\
         2018-04-12  攻坚办  已销号 足球文化产业园 / 开工建设（2018-04-12）\n\
         2018-04-12  攻坚办  进度填报 足球文化产业园：举行开工仪式\n\
         2018-03-12  攻坚办  已销号 足球文化产业园 / 完成立项审批（2018-03-12）\n"
    );
    // In git: each save's commit, by its author, filtered by the project (typed by its
    // first characters) and the milestone.
    let (dir, ledger) = repo();
    let root = dir.path();
    let file = ledger.to_str().expect("utf-8");
    let run = |args: &[&str]| {
        let out = tracker(root, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    run(&["done", file, "足球", "主体结构封顶", "--date", "2018-06-10"]);
    run(&["log", file, "芦河", "已签约", "--date", "2018-06-12"]);
    let all: Vec<String> = run(&["history", file])
        .lines()
        .map(|l| l.get(18..).unwrap_or(l).to_string())
        .collect();
    assert_eq!(
        all,
        [
            "李明  已为 芦河变电站 填报进度（2018-06-12）",
            "李明  已销号 足球文化产业园 / 主体结构封顶（2018-06-10）",
            "Office  台账",
        ]
    );
    let one = run(&["history", file, "足球文化产业园", "主体结构封顶"]);
    assert_eq!(one.lines().count(), 1, "{one}");
    assert!(
        one.contains("李明  已销号 足球文化产业园 / 主体结构封顶"),
        "{one}"
    );
    let none = run(&["history", file, "足球文化产业园", "开工建设"]);
    assert_eq!(none, "（没有记录）\n");
}

/// With no TRACKER_USER and no user in the config, the name the person gave git signs the
/// change and authors the commit, rather than the login name.
#[test]
fn without_a_tracker_user_git_s_user_name_signs_and_authors() {
    let (dir, ledger) = repo();
    let root = dir.path();
    git_ok(root, &["config", "user.name", "区教体局王五"]);
    let out = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args([
            "done",
            "ledger.ron",
            "足球文化产业园",
            "主体结构封顶",
            "--date",
            "2018-06-10",
        ])
        .args(["--today", "2018-06-15"])
        .current_dir(root)
        .env("HOME", root)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("TRACKER_USER")
        .env("USER", "clerk")
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .expect("run tracker");
    assert!(out.status.success(), "{}", stderr(&out));
    let (author, _, files) = last_commit(root);
    assert_eq!(author, "区教体局王五");
    assert_eq!(files, ["ledger.ron"]);
    let text = std::fs::read_to_string(&ledger).expect("read");
    assert!(text.contains("done: \"2018-06-10\", by: \"区教体局王五\""));
    // `tracker config` says where the name came from.
    let out = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(["--lang", "zh", "config"])
        .current_dir(root)
        .env("HOME", root)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("TRACKER_USER")
        .output()
        .expect("run tracker");
    let said = stdout(&out);
    assert!(
        said.contains("区教体局王五") && said.contains("git 的 user.name"),
        "{said}"
    );
}

/// An edit made in `$EDITOR` is committed with the record of the facts it changed (a due
/// date moved in the editor), so the trend follows it without reading the file.
#[test]
fn an_edit_in_the_editor_is_committed_with_its_record() {
    let (dir, ledger) = repo();
    let root = dir.path();
    let editor = root.join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nline=${1#+}; sed -i \"${line}s/due: \\\"[0-9-]*\\\"/due: \\\"2018-12-28\\\"/\" \"$2\"\n",
    )
    .expect("script");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let drafts = root.join("drafts");
    std::fs::create_dir_all(&drafts).expect("drafts");
    let home = root.to_str().expect("utf-8");
    let mut tui = Tui::open(
        &ledger,
        "zh",
        120,
        40,
        &[
            ("HOME", home),
            ("GIT_CONFIG_NOSYSTEM", "1"),
            ("TRACKER_USER", "王芳"),
            ("EDITOR", editor.to_str().expect("utf-8")),
            ("TMPDIR", drafts.to_str().expect("utf-8")),
        ],
    );
    tui.wait_for("今天 2018-06-15");
    tui.keys("l");
    tui.keys("e");
    tui.wait_for("已保存编辑器中的修改");
    tui.keys("q");
    assert!(tui.wait_exit());
    let message = git_ok(root, &["log", "-1", "--format=%B"]);
    let record = tracker::ledger::facts::read_record(&message).expect("a record");
    assert_eq!(record.len(), 1, "{message}");
    let due = record[0].1.as_ref().map(|f| f.due.to_string());
    assert_eq!(due.as_deref(), Some("2018-12-28"), "{message}");
}
