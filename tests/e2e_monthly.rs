//! End-to-end: a month's work typed into the real binary in a pseudo-terminal (月报 figure,
//! a re-plan, a new milestone, a new project, a pledge closed), then quit. The file on disk
//! must hold exactly those changes: the same bytes as the same five changes made through
//! the command line on another copy, and nothing else; `tracker check` passes on it.

mod common;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use common::pty::{ENTER, Tui};
use common::{sample_path, stderr, temp_copy, tracker};

const TAB: &str = "\t";
const CTRL_U: &str = "\x15";

/// Waits until the file on disk is no longer `before` (the save went through), and returns it.
fn saved_over(path: &Path, before: &str) -> String {
    let deadline = Instant::now() + common::pty::timeout();
    loop {
        let now = fs::read_to_string(path).expect("read");
        if now != before {
            return now;
        }
        assert!(Instant::now() < deadline, "the change was never saved");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn run(args: &[&str]) {
    let out = tracker(args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
}

#[test]
fn a_months_work_in_the_interface_is_exactly_those_changes_on_disk() {
    let (dir, path) = temp_copy(&sample_path());
    let original = fs::read_to_string(&path).expect("read");
    let mut tui = Tui::open(&path, "zh", 120, 40, &[]);
    tui.wait_for("今天 2018-06-15");

    // 月报: the second project's completed investment for June.
    tui.keys("j");
    tui.wait_for("▸✗红  郑州树木园改造");
    tui.keys("i");
    tui.wait_for("月报 · 郑州树木园改造");
    tui.keys(TAB);
    tui.keys("0.3");
    tui.keys(ENTER);
    let after_invest = saved_over(&path, &original);

    // 倒排工期: its first milestone's due moved to the end of July.
    tui.keys("l");
    tui.keys("m");
    tui.wait_for("延期（倒排工期）");
    tui.keys(CTRL_U);
    tui.keys("7月31日");
    tui.keys(ENTER);
    let after_move = saved_over(&path, &after_invest);
    tui.wait_for("07-31↻");

    // A new milestone, its date written as the office writes it.
    tui.keys("a");
    tui.wait_for("新增节点");
    tui.keys("完成苗木采购");
    tui.keys(TAB);
    tui.keys("9月30日");
    tui.keys(ENTER);
    let after_milestone = saved_over(&path, &after_move);

    // A new project: name, category, lead unit (completed with Tab), then the plan.
    tui.keys("h");
    tui.keys("A");
    tui.wait_for("新增项目");
    tui.keys("城南停车场");
    tui.keys(TAB);
    tui.keys("重大产业项目");
    tui.keys(TAB);
    tui.keys("区商务");
    tui.keys(TAB); // completes to 区商务局
    tui.wait_for("[区商务局");
    tui.keys(TAB); // to support units: none
    tui.keys(TAB); // to the leader: none
    tui.keys(TAB); // to the total: none
    tui.keys(TAB); // to this year's plan
    tui.keys("2");
    tui.keys(ENTER);
    let after_project = saved_over(&path, &after_milestone);

    // The office's second pledge closed today.
    tui.keys("2");
    tui.wait_for("承诺");
    tui.keys("l");
    tui.keys("j");
    tui.keys("x");
    tui.wait_for("承诺完成 · 新开工项目65个");
    tui.keys(ENTER);
    let after_pledge = saved_over(&path, &after_project);

    tui.keys("q");
    assert!(tui.wait_exit());
    assert_eq!(fs::read_to_string(&path).expect("read"), after_pledge);

    // The same five changes through the command line, on a copy of the sample.
    let expected = dir.path().join("expected.ron");
    fs::write(&expected, &original).expect("copy");
    let e = expected.to_str().expect("utf-8");
    run(&[
        "invest",
        e,
        "郑州树木园改造",
        "--month",
        "2018-06",
        "--done",
        "0.3",
    ]);
    run(&[
        "move",
        e,
        "郑州树木园改造",
        "完成改造方案",
        "--due",
        "2018-07-31",
    ]);
    run(&[
        "add",
        "milestone",
        e,
        "郑州树木园改造",
        "完成苗木采购",
        "--due",
        "2018-09-30",
    ]);
    run(&[
        "add",
        "project",
        e,
        "城南停车场",
        "--lead",
        "区商务局",
        "--category",
        "重大产业项目",
        "--plan",
        "2",
    ]);
    run(&[
        "pledge",
        e,
        "区攻坚办",
        "新开工项目65个",
        "--done",
        "2018-06-15",
    ]);
    let by_commands = fs::read_to_string(&expected).expect("read");
    let differing: Vec<(&str, &str)> = after_pledge
        .lines()
        .zip(by_commands.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert!(
        after_pledge == by_commands,
        "the interface and the commands wrote different bytes: {differing:#?}"
    );
    // And those are all that changed: every other line of the sample is as it was.
    let kept = original
        .lines()
        .filter(|l| after_pledge.lines().any(|m| m == *l))
        .count();
    let changed: Vec<&str> = original
        .lines()
        .filter(|l| !after_pledge.lines().any(|m| m == *l))
        .collect();
    assert_eq!(kept + changed.len(), original.lines().count());
    assert!(
        changed.len() <= 3,
        "only the investment, the due date and the pledge lines are rewritten: {changed:#?}"
    );
    let out = tracker(&["check", path.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", stderr(&out));
}
