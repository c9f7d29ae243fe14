//! `tracker sync` with real git: a bare "remote" and two clones, the office's and a
//! bureau's, each working through `tracker`; after both sync, both hold every change. The
//! same milestone crossed off differently is a conflict that leaves each side's ledger as
//! it was (no conflict markers, no commit lost); a push rejected because the other side
//! pushed first is retried.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::git::{git, git_ok};
use common::{sample_path, stderr, stdout};

/// The remote and the two clones, the sample committed by the office and pushed.
struct Office {
    _dir: tempfile::TempDir,
    office: PathBuf,
    bureau: PathBuf,
}

impl Office {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("dir");
        let remote = dir.path().join("remote.git");
        std::fs::create_dir(&remote).expect("remote");
        git_ok(&remote, &["init", "-q", "--bare", "-b", "main"]);
        let clone = |name: &str, who: &str| {
            let path = dir.path().join(name);
            git_ok(
                dir.path(),
                &["clone", "-q", remote.to_str().expect("utf-8"), name],
            );
            git_ok(&path, &["config", "user.name", who]);
            git_ok(&path, &["config", "user.email", "x@example.org"]);
            path
        };
        let office = clone("office", "攻坚办");
        std::fs::copy(sample_path(), office.join("ledger.ron")).expect("copy");
        git_ok(&office, &["add", "ledger.ron"]);
        git_ok(&office, &["commit", "-q", "-m", "台账"]);
        git_ok(&office, &["push", "-q", "-u", "origin", "main"]);
        let bureau = clone("bureau", "区教体局");
        Office {
            _dir: dir,
            office,
            bureau,
        }
    }

    fn ledger(&self, side: &Path) -> String {
        std::fs::read_to_string(side.join("ledger.ron")).expect("read")
    }
}

/// `tracker ARGS` in `side`, FILE standing for its ledger.
fn tracker(side: &Path, args: &[&str]) -> Output {
    let file = side.join("ledger.ron");
    let file = file.to_str().expect("utf-8");
    let args: Vec<&str> = args
        .iter()
        .map(|a| if *a == "FILE" { file } else { a })
        .chain(["--lang", "zh"])
        .collect();
    Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(&args)
        .env("HOME", side)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env(
            "TRACKER_USER",
            side.file_name().and_then(|n| n.to_str()).unwrap_or(""),
        )
        .output()
        .expect("run tracker")
}

fn ok(side: &Path, args: &[&str]) -> String {
    let out = tracker(side, args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

#[test]
fn both_sides_work_sync_and_end_with_every_change() {
    let o = Office::new();
    // The office crosses off and re-plans; the bureau logs progress on the same project
    // and crosses off the milestone the office re-planned nothing about.
    ok(
        &o.office,
        &[
            "done",
            "FILE",
            "足球文化产业园",
            "主体结构封顶",
            "--date",
            "2018-06-10",
        ],
    );
    ok(
        &o.office,
        &[
            "move",
            "FILE",
            "芦河变电站",
            "开工建设",
            "--due",
            "2018-07-31",
        ],
    );
    ok(
        &o.bureau,
        &[
            "log",
            "FILE",
            "足球文化产业园",
            "主体完成八成",
            "--date",
            "2018-06-12",
        ],
    );
    ok(
        &o.bureau,
        &[
            "move",
            "FILE",
            "足球文化产业园",
            "主体结构封顶",
            "--due",
            "2018-12-31",
        ],
    );
    assert_eq!(
        ok(&o.office, &["sync", "FILE"]).trim(),
        "已同步：取回 0 个提交，推送 2 个提交"
    );
    assert_eq!(
        ok(&o.bureau, &["sync", "FILE"]).trim(),
        "已同步：取回 2 个提交，推送 3 个提交"
    );
    ok(&o.office, &["sync", "FILE"]);
    let (a, b) = (o.ledger(&o.office), o.ledger(&o.bureau));
    assert_eq!(a, b);
    for text in [
        "done: \"2018-06-10\"",
        "due: \"2018-07-31\", baseline: \"2018-04-30\"",
        "主体完成八成",
        "due: \"2018-12-31\", baseline: \"2018-11-30\"",
    ] {
        assert!(a.contains(text), "{text}");
    }
    assert!(!a.contains("<<<<<<<"));
    ok(&o.office, &["check", "FILE"]);
    // Who did what stays in the history: each side's commits under its own name.
    let authors = git_ok(&o.office, &["log", "--format=%an", "--no-merges"]);
    assert!(
        authors.contains("office") && authors.contains("bureau"),
        "{authors}"
    );
}

#[test]
fn the_same_milestone_crossed_off_differently_is_a_conflict_and_nothing_is_lost() {
    let o = Office::new();
    ok(
        &o.office,
        &[
            "done",
            "FILE",
            "足球文化产业园",
            "主体结构封顶",
            "--date",
            "2018-06-10",
        ],
    );
    ok(
        &o.bureau,
        &[
            "done",
            "FILE",
            "足球文化产业园",
            "主体结构封顶",
            "--date",
            "2018-06-12",
        ],
    );
    ok(&o.office, &["sync", "FILE"]);
    let before = o.ledger(&o.bureau);
    let head = git_ok(&o.bureau, &["rev-parse", "HEAD"]);
    let out = tracker(&o.bureau, &["sync", "FILE"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(said.starts_with("未同步：双方修改了同一字段"), "{said}");
    assert!(
        said.contains("主体结构封顶：完成日期（本方 2018-06-12 bureau，对方 2018-06-10 office）"),
        "{said}"
    );
    assert!(
        said.contains("本方修改人：bureau；对方修改人：office"),
        "{said}"
    );
    assert_eq!(o.ledger(&o.bureau), before, "the bureau's ledger as it was");
    assert!(!before.contains("<<<<<<<"));
    assert_eq!(
        git_ok(&o.bureau, &["rev-parse", "HEAD"]),
        head,
        "no commit lost"
    );
    assert_eq!(git_ok(&o.bureau, &["status", "--porcelain"]), "");
}

#[test]
fn a_push_rejected_because_the_other_side_pushed_first_is_retried() {
    let o = Office::new();
    ok(
        &o.bureau,
        &[
            "log",
            "FILE",
            "足球文化产业园",
            "主体完成八成",
            "--date",
            "2018-06-12",
        ],
    );
    // Just before the bureau's first push, the office pushes a cross-off.
    let tracker_bin = env!("CARGO_BIN_EXE_tracker");
    let hook = o.bureau.join(".git/hooks/pre-push");
    let once = o.bureau.join(".git/raced");
    std::fs::write(
        &hook,
        format!(
            "#!/bin/sh\n[ -f '{once}' ] && exit 0\ntouch '{once}'\n\
             cd '{office}' && env -u GIT_DIR -u GIT_WORK_TREE -u GIT_INDEX_FILE \
             HOME='{office}' TRACKER_USER=office '{tracker_bin}' done ledger.ron 芦河变电站 开工建设 \
             --date 2018-06-14 >/dev/null && env -u GIT_DIR -u GIT_WORK_TREE -u GIT_INDEX_FILE \
             git push -q origin main\nexit 0\n",
            once = once.display(),
            office = o.office.display(),
        ),
    )
    .expect("hook");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let said = ok(&o.bureau, &["sync", "FILE"]);
    assert_eq!(said.trim(), "已同步：取回 1 个提交，推送 2 个提交");
    assert!(once.exists(), "the race happened");
    let text = o.ledger(&o.bureau);
    assert!(text.contains("主体完成八成") && text.contains("done: \"2018-06-14\""));
    ok(&o.office, &["sync", "FILE"]);
    assert_eq!(o.ledger(&o.office), text);
}

#[test]
fn no_remote_or_no_repository_is_said_plainly() {
    let dir = tempfile::tempdir().expect("dir");
    let side = dir.path().join("alone");
    std::fs::create_dir(&side).expect("dir");
    std::fs::copy(sample_path(), side.join("ledger.ron")).expect("copy");
    let out = tracker(&side, &["sync", "FILE"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("不在 git 仓库中"), "{}", stderr(&out));
    git_ok(&side, &["init", "-q", "-b", "main"]);
    let out = tracker(&side, &["sync", "FILE"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("没有可共享的远程仓库"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn after_share_setup_a_plain_git_pull_merges_the_same_line_by_field() {
    let o = Office::new();
    let said = ok(&o.bureau, &["share-setup", "FILE"]);
    assert!(said.contains("git pull 也将按项目合并台账"), "{said}");
    assert_eq!(
        std::fs::read_to_string(o.bureau.join(".gitattributes")).expect("attributes"),
        "*.ron merge=tracker\n"
    );
    // The same line on both sides: a cross-off here, a re-plan there. Line by line this
    // is a conflict; by field it is not.
    ok(
        &o.office,
        &[
            "done",
            "FILE",
            "足球文化产业园",
            "主体结构封顶",
            "--date",
            "2018-06-10",
        ],
    );
    ok(&o.office, &["sync", "FILE"]);
    ok(
        &o.bureau,
        &[
            "move",
            "FILE",
            "足球文化产业园",
            "主体结构封顶",
            "--due",
            "2018-12-31",
        ],
    );
    let out = git(&o.bureau, &["pull", "-q", "--no-rebase", "--no-edit"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = o.ledger(&o.bureau);
    assert!(
        text.contains(
            "Milestone(name: \"主体结构封顶\", due: \"2018-12-31\", baseline: \"2018-11-30\", done: \"2018-06-10\", by: \"office\"),"
        ),
        "{}",
        text.lines().find(|l| l.contains("主体结构封顶")).unwrap_or("")
    );
    assert!(!text.contains("<<<<<<<"));
}

#[test]
fn without_git_on_the_machine_sync_says_so_and_saves_still_work() {
    let dir = tempfile::tempdir().expect("dir");
    let ledger = dir.path().join("ledger.ron");
    std::fs::copy(sample_path(), &ledger).expect("copy");
    let empty = dir.path().join("no-programs");
    std::fs::create_dir(&empty).expect("dir");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_tracker"))
            .args(args)
            .env("PATH", &empty)
            .env("HOME", dir.path())
            .env("LANG", "zh_CN.UTF-8")
            .output()
            .expect("run tracker")
    };
    let file = ledger.to_str().expect("utf-8");
    let out = run(&["sync", file]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("这台电脑没有安装 git"),
        "{}",
        stderr(&out)
    );
    let out = run(&[
        "done",
        file,
        "足球文化产业园",
        "主体结构封顶",
        "--date",
        "2018-06-10",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
}

#[test]
fn a_meeting_marked_on_one_side_reaches_the_other_through_sync() {
    let o = Office::new();
    ok(&o.office, &["meeting", "FILE", "--today", "2018-06-08"]);
    ok(&o.office, &["sync", "FILE"]);
    ok(
        &o.bureau,
        &[
            "log",
            "FILE",
            "足球文化产业园",
            "主体完成八成",
            "--date",
            "2018-06-12",
        ],
    );
    ok(&o.bureau, &["sync", "FILE"]);
    assert_eq!(
        git_ok(&o.bureau, &["tag", "--list", "meeting-*"]),
        "meeting-2018-06-08\n"
    );
    let changes = ok(
        &o.bureau,
        &[
            "report",
            "changes",
            "FILE",
            "--format",
            "txt",
            "--today",
            "2018-06-15",
        ],
    );
    assert!(
        changes.contains("自 meeting-2018-06-08 以来的变化"),
        "{changes}"
    );
    assert!(
        changes.contains("进度填报 足球文化产业园（2018-06-12）：主体完成八成"),
        "{changes}"
    );
}

#[test]
fn unrelated_work_in_progress_is_left_alone_and_an_unreachable_remote_is_said() {
    let o = Office::new();
    // The bureau has a draft of its own, changed and not committed, and a new file.
    std::fs::write(o.bureau.join("草稿.txt"), "未完成的材料\n").expect("draft");
    ok(
        &o.office,
        &[
            "done",
            "FILE",
            "足球文化产业园",
            "主体结构封顶",
            "--date",
            "2018-06-10",
        ],
    );
    ok(&o.office, &["sync", "FILE"]);
    ok(
        &o.bureau,
        &[
            "log",
            "FILE",
            "芦河变电站",
            "已签约",
            "--date",
            "2018-06-12",
        ],
    );
    let said = ok(&o.bureau, &["sync", "FILE"]);
    assert!(said.starts_with("已同步：取回 1 个提交"), "{said}");
    assert_eq!(
        std::fs::read_to_string(o.bureau.join("草稿.txt")).expect("draft"),
        "未完成的材料\n"
    );
    assert_eq!(
        git_ok(
            &o.bureau,
            &["-c", "core.quotePath=false", "status", "--porcelain"]
        ),
        "?? 草稿.txt\n"
    );
    // The shared folder gone (a network share not mounted): said, nothing lost.
    git_ok(
        &o.bureau,
        &["remote", "set-url", "origin", "/no/such/share/台账.git"],
    );
    ok(
        &o.bureau,
        &[
            "log",
            "FILE",
            "芦河变电站",
            "已开工",
            "--date",
            "2018-06-14",
        ],
    );
    let head = git_ok(&o.bureau, &["rev-parse", "HEAD"]);
    let out = tracker(&o.bureau, &["sync", "FILE"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("git 出错：git fetch failed"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        git_ok(&o.bureau, &["rev-parse", "HEAD"]),
        head,
        "the local commit is kept"
    );
}

#[test]
fn a_conflict_is_settled_by_taking_theirs_or_keeping_mine() {
    let o = Office::new();
    ok(
        &o.office,
        &[
            "done",
            "FILE",
            "足球文化产业园",
            "主体结构封顶",
            "--date",
            "2018-06-10",
        ],
    );
    ok(
        &o.bureau,
        &[
            "done",
            "FILE",
            "足球文化产业园",
            "主体结构封顶",
            "--date",
            "2018-06-12",
        ],
    );
    ok(
        &o.bureau,
        &[
            "log",
            "FILE",
            "芦河变电站",
            "已签约",
            "--date",
            "2018-06-12",
        ],
    );
    ok(&o.office, &["sync", "FILE"]);
    assert_eq!(tracker(&o.bureau, &["sync", "FILE"]).status.code(), Some(1));
    // The bureau agrees the office's date is right.
    let said = ok(&o.bureau, &["sync", "FILE", "--take-theirs"]);
    assert!(said.starts_with("已同步：取回 1 个提交"), "{said}");
    let text = o.ledger(&o.bureau);
    assert!(
        text.contains("done: \"2018-06-10\", by: \"office\""),
        "theirs taken"
    );
    assert!(text.contains("已签约"), "the bureau's other work kept");
    ok(&o.office, &["sync", "FILE"]);
    assert_eq!(o.ledger(&o.office), text);
    // The other way round: the office keeps its own value against a new clash.
    ok(
        &o.office,
        &[
            "move",
            "FILE",
            "芦河变电站",
            "开工建设",
            "--due",
            "2018-07-31",
        ],
    );
    ok(
        &o.bureau,
        &[
            "move",
            "FILE",
            "芦河变电站",
            "开工建设",
            "--due",
            "2018-08-31",
        ],
    );
    ok(&o.bureau, &["sync", "FILE"]);
    assert_eq!(tracker(&o.office, &["sync", "FILE"]).status.code(), Some(1));
    ok(&o.office, &["sync", "FILE", "--keep-mine"]);
    ok(&o.bureau, &["sync", "FILE"]);
    let (a, b) = (o.ledger(&o.office), o.ledger(&o.bureau));
    assert_eq!(a, b);
    assert!(
        a.contains("due: \"2018-07-31\", baseline: \"2018-04-30\""),
        "the office's kept"
    );
}

#[test]
fn in_the_interface_a_sync_conflict_is_shown_and_settled() {
    let o = Office::new();
    let cross_off = |day: &str| {
        [
            "done",
            "FILE",
            "足球文化产业园",
            "主体结构封顶",
            "--date",
            day,
        ]
        .map(String::from)
    };
    let replan = |day: &str| {
        [
            "move",
            "FILE",
            "凤湖生态休闲区",
            "争取省市立项支持",
            "--due",
            day,
        ]
        .map(String::from)
    };
    let run = |dir: &std::path::Path, args: [String; 6]| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        ok(dir, &args);
    };
    run(&o.office, cross_off("2018-06-10"));
    run(&o.office, replan("2018-07-31"));
    ok(&o.office, &["sync", "FILE"]);
    run(&o.bureau, cross_off("2018-06-12"));
    run(&o.bureau, replan("2018-08-31"));
    let home = o.bureau.to_str().expect("utf-8");
    let mut tui = common::pty::Tui::open(
        &o.bureau.join("ledger.ron"),
        "zh",
        120,
        40,
        &[
            ("HOME", home),
            ("GIT_CONFIG_NOSYSTEM", "1"),
            ("TRACKER_USER", "bureau"),
        ],
    );
    tui.wait_for("今天 2018-06-15");
    tui.keys("S");
    let shown = tui.wait_for("双方改了同一字段");
    assert!(
        shown.contains("主体结构封顶：完成日期（本方 2018-06-12 bureau，对方 2018-06-10 office）"),
        "{shown}"
    );
    assert!(shown.contains("[未选] 争取省市立项支持"), "{shown}");
    // Who changed the ledger on each side since they parted (the commits' authors).
    assert!(
        shown.contains("本方修改人：bureau；对方修改人：office"),
        "{shown}"
    );
    // The footer names the keys of this dialog.
    assert!(
        shown.contains("m 本条保留本方的值") && shown.contains("t 本条采用对方的值"),
        "{shown}"
    );
    // Esc leaves it: nothing changed.
    let before = o.ledger(&o.bureau);
    tui.esc();
    tui.wait_for("冲突暂未处理");
    assert_eq!(o.ledger(&o.bureau), before);
    // Again: keep my re-plan, and Enter before the cross-off has a choice says so.
    tui.keys("S");
    tui.wait_for("双方改了同一字段");
    tui.keys("m");
    let shown = tui.wait_for("[本方] 争取省市立项支持");
    assert!(shown.contains("[未选] 主体结构封顶"), "{shown}");
    tui.send(b"\r");
    tui.wait_for("还有 1 个字段未选择");
    assert_eq!(o.ledger(&o.bureau), before);
    // Take their cross-off, then sync with both choices.
    tui.keys("t");
    tui.wait_for("[对方] 主体结构封顶");
    tui.send(b"\r");
    tui.wait_for("已同步");
    tui.keys("q");
    assert!(tui.wait_exit());
    let merged = o.ledger(&o.bureau);
    assert!(
        merged.contains("done: \"2018-06-10\", by: \"office\""),
        "theirs taken"
    );
    let replanned = merged
        .lines()
        .find(|l| l.contains("争取省市立项支持"))
        .expect("the milestone");
    assert!(
        replanned.contains("due: \"2018-08-31\", baseline: \"2018-06-20\""),
        "mine kept: {replanned}"
    );
    ok(&o.office, &["sync", "FILE"]);
    assert_eq!(o.ledger(&o.office), o.ledger(&o.bureau));
}

/// A detached HEAD, or a branch of one's own the remote does not have: sync says which and
/// what to do, and nothing moves: the ledger, the local commit and the remote as they were.
#[test]
fn sync_refuses_a_detached_head_and_a_branch_the_office_does_not_share() {
    let o = Office::new();
    ok(
        &o.bureau,
        &[
            "done",
            "FILE",
            "足球文化产业园",
            "主体结构封顶",
            "--date",
            "2018-06-10",
        ],
    );
    let remote_before = git_ok(&o.office, &["ls-remote", "origin"]);
    let check = |what: &str| {
        let before = o.ledger(&o.bureau);
        let head = git_ok(&o.bureau, &["rev-parse", "HEAD"]);
        let out = tracker(&o.bureau, &["sync", "FILE"]);
        assert!(!out.status.success(), "{what}");
        let said = stderr(&out);
        assert_eq!(o.ledger(&o.bureau), before, "{what}");
        assert_eq!(git_ok(&o.bureau, &["rev-parse", "HEAD"]), head, "{what}");
        assert_eq!(
            git_ok(&o.office, &["ls-remote", "origin"]),
            remote_before,
            "{what}"
        );
        said
    };
    git_ok(&o.bureau, &["switch", "-q", "-c", "我的草稿"]);
    let said = check("own branch");
    assert!(
        said.contains("当前检出的是分支 我的草稿，远程仓库没有它，办公室共享的是 main")
            && said.contains("git switch main"),
        "{said}"
    );
    git_ok(&o.bureau, &["switch", "-q", "--detach"]);
    let said = check("detached");
    assert!(said.contains("detached HEAD"), "{said}");
    // Back on main, the same commit syncs.
    git_ok(&o.bureau, &["switch", "-q", "main"]);
    git_ok(&o.bureau, &["merge", "-q", "--ff-only", "我的草稿"]);
    ok(&o.bureau, &["sync", "FILE"]);
    assert!(git_ok(&o.office, &["ls-remote", "origin"]).contains("refs/heads/main"));
    ok(&o.office, &["sync", "FILE"]);
    assert_eq!(o.ledger(&o.office), o.ledger(&o.bureau));
}
