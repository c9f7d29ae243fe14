//! `tracker report changes --since`: what changed since a meeting's tag or a date, from two
//! versions of the ledger in git, by unit, in both languages.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::git::git_at;
use common::{sample_path, stderr, stdout};

/// git dated the day of the meeting, so the base's colours are counted as of then.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = git_at(dir, args, Some("2018-06-08T10:00:00+08:00"));
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
    stdout(&out)
}

fn tracker(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(args)
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("TRACKER_USER", "李明")
        .output()
        .expect("tracker")
}

#[test]
fn the_weeks_changes_by_unit_since_the_meeting_in_both_languages() {
    let dir = tempfile::tempdir().expect("dir");
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["config", "user.name", "攻坚办"]);
    git(root, &["config", "user.email", "o@example.org"]);
    let ledger = root.join("ledger.ron");
    std::fs::copy(sample_path(), &ledger).expect("copy");
    git(root, &["add", "ledger.ron"]);
    git(root, &["commit", "-q", "-m", "台账"]);
    git(root, &["tag", "meeting-2018-06-08"]);
    let file = ledger.to_str().expect("utf-8");
    for args in [
        &[
            "done",
            file,
            "足球文化产业园",
            "主体结构封顶",
            "--date",
            "2018-06-10",
        ][..],
        &[
            "move",
            file,
            "芦河变电站",
            "开工建设",
            "--due",
            "2018-07-31",
        ],
        &[
            "log",
            file,
            "芦河变电站",
            "已完成签约",
            "--date",
            "2018-06-12",
        ],
        &[
            "invest",
            file,
            "郑州树木园改造",
            "--month",
            "6",
            "--done",
            "0.3",
        ],
        &["add", "project", file, "城南停车场", "--lead", "区商务局"],
        &[
            "add",
            "milestone",
            file,
            "城南停车场",
            "完成选址",
            "--due",
            "2018-09-30",
        ],
        &[
            "add",
            "milestone",
            file,
            "足球文化产业园",
            "完成场馆验收",
            "--due",
            "2018-12-31",
        ],
    ] {
        let out = tracker(root, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    let run = |lang: &str| {
        let out = tracker(
            root,
            &[
                "report",
                "changes",
                file,
                "--since",
                "meeting-2018-06-08",
                "--format",
                "txt",
                "--today",
                "2018-06-15",
                "--lang",
                lang,
            ],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    assert_eq!(
        run("zh"),
        "二七区2018年“项目建设全力攻坚年”重点项目台账 自 meeting-2018-06-08 以来的变化\n\n\
         区农工委\n  月报 郑州树木园改造：2018-06 完成 0.3 亿元\n\n\
         马寨产业集聚区管委会\n  新出现预警 苏宁物流园二期——主体完工：!黄\n\n\
         区城管执法局\n  新出现预警 长江西路生态廊道——绿化景观施工过半：!黄\n\n\
         区教体局\n  销号 足球文化产业园——主体结构封顶（2018-06-10，李明）\n  新增节点 足球文化产业园——完成场馆验收（期限 2018-12-31）\n\n\
         区发改委\n  调整期限 芦河变电站——开工建设：2018-04-30 → 2018-07-31\n  进度填报 芦河变电站（2018-06-12）：已完成签约\n\n\
         区商务局\n  新增项目 城南停车场\n  新增节点 城南停车场——完成选址（期限 2018-09-30）\n\n"
    );
    let en = run("en");
    assert!(
        en.contains("  crossed off 足球文化产业园 — 主体结构封顶 (2018-06-10, 李明)\n"),
        "{en}"
    );
    assert!(
        en.contains(
            "  new project 城南停车场\n  new milestone 城南停车场 — 完成选址 (due 2018-09-30)\n"
        ),
        "{en}"
    );
    // By date: the last commit on or before that day is the point compared against.
    let out = tracker(
        root,
        &[
            "report",
            "changes",
            file,
            "--since",
            "2018-06-08",
            "--format",
            "md",
            "--lang",
            "zh",
            "--unit",
            "区教体局",
            "--today",
            "2018-06-15",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "# 二七区2018年“项目建设全力攻坚年”重点项目台账 自 2018-06-08 以来的变化\n\n\
         ## 区教体局\n\n- 销号 足球文化产业园——主体结构封顶（2018-06-10，李明）\n- 新增节点 足球文化产业园——完成场馆验收（期限 2018-12-31）\n\n"
    );
    let out = tracker(
        root,
        &[
            "report", "changes", file, "--since", "nonsense", "--lang", "zh",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("找不到“nonsense”时的台账"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_meeting_marked_is_where_changes_count_from_by_default() {
    let dir = tempfile::tempdir().expect("dir");
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["config", "user.name", "攻坚办"]);
    git(root, &["config", "user.email", "o@example.org"]);
    let ledger = root.join("ledger.ron");
    std::fs::copy(sample_path(), &ledger).expect("copy");
    git(root, &["add", "ledger.ron"]);
    git(root, &["commit", "-q", "-m", "台账"]);
    let file = ledger.to_str().expect("utf-8");
    let changes = |extra: &[&str]| {
        let mut args = vec!["report", "changes", file, "--format", "txt", "--lang", "zh"];
        args.extend_from_slice(extra);
        tracker(root, &args)
    };
    let out = changes(&[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("还没有标记过例会"),
        "{}",
        stderr(&out)
    );
    let out = tracker(
        root,
        &["meeting", file, "--today", "2018-06-08", "--lang", "zh"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "已标记例会：meeting-2018-06-08（此后 tracker report changes 默认从这里算起）\n"
    );
    let again = tracker(
        root,
        &["meeting", file, "--today", "2018-06-08", "--lang", "zh"],
    );
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("2018-06-08 已标记过例会"));
    let out = tracker(
        root,
        &[
            "log",
            file,
            "足球文化产业园",
            "主体完成八成",
            "--date",
            "2018-06-12",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = changes(&["--today", "2018-06-15"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "二七区2018年“项目建设全力攻坚年”重点项目台账 自 meeting-2018-06-08 以来的变化\n\n\
         马寨产业集聚区管委会\n  新出现预警 苏宁物流园二期——主体完工：!黄\n\n\
         区城管执法局\n  新出现预警 长江西路生态廊道——绿化景观施工过半：!黄\n\n\
         区教体局\n  进度填报 足球文化产业园（2018-06-12）：主体完成八成\n\n"
    );
}
