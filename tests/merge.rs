//! The three-way merge of ledgers by item and field: the cases of the office's week (one
//! side crosses off while the other re-plans or logs progress; both cross off the same
//! milestone), each made with the real commands on copies of the sample.

mod common;

use common::{sample_path, stderr, tracker};
use tracker::ledger::change::{Fields, Item};
use tracker::ledger::load_str;
use tracker::ledger::merge::merge;

/// The sample with the commands `steps` run on a copy of it, each as `tracker STEP...`
/// with FILE for the copy.
fn edited(steps: &[&[&str]]) -> String {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("ledger.ron");
    std::fs::copy(sample_path(), &path).expect("copy");
    let file = path.to_str().expect("utf-8");
    for step in steps {
        let args: Vec<&str> = step
            .iter()
            .map(|a| if *a == "FILE" { file } else { a })
            .chain(["--lang", "en"])
            .collect();
        let out = tracker(&args);
        assert!(out.status.success(), "{step:?}: {}", stderr(&out));
    }
    std::fs::read_to_string(&path).expect("read")
}

fn base() -> String {
    std::fs::read_to_string(sample_path()).expect("sample")
}

const CROSS_OFF: &[&str] = &[
    "done",
    "FILE",
    "足球文化产业园",
    "主体结构封顶",
    "--date",
    "2018-06-10",
    "--by",
    "区教体局",
];
const REPLAN: &[&str] = &[
    "move",
    "FILE",
    "足球文化产业园",
    "主体结构封顶",
    "--due",
    "2018-12-31",
];
const LOG: &[&str] = &[
    "log",
    "FILE",
    "足球文化产业园",
    "主体完成八成",
    "--date",
    "2018-06-12",
    "--by",
    "攻坚办",
];

/// The merge of two sides, checked both ways round: clean, loads, and the same result as
/// making both sides' commands one after the other.
fn merges_cleanly(ours: &[&[&str]], theirs: &[&[&str]]) {
    let (o, t) = (edited(ours), edited(theirs));
    let both: Vec<&[&str]> = ours.iter().chain(theirs).copied().collect();
    let expected = edited(&both);
    let merged = merge(&base(), &o, &t).expect("merges");
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    assert!(load_str(&merged.text).is_ok());
    assert_eq!(merged.text, expected, "ours then theirs");
    let back = merge(&base(), &t, &o).expect("merges");
    assert!(back.conflicts.is_empty());
    let both: Vec<&[&str]> = theirs.iter().chain(ours).copied().collect();
    assert_eq!(back.text, edited(&both), "theirs then ours");
}

#[test]
fn a_cross_off_and_a_re_plan_of_the_same_milestone_merge() {
    merges_cleanly(&[CROSS_OFF], &[REPLAN]);
}

#[test]
fn a_cross_off_and_a_progress_line_on_the_same_project_merge() {
    merges_cleanly(&[CROSS_OFF], &[LOG]);
}

#[test]
fn work_on_different_items_merges_with_every_kind_of_edit() {
    merges_cleanly(
        &[
            CROSS_OFF,
            &[
                "add",
                "milestone",
                "FILE",
                "足球文化产业园",
                "竣工验收",
                "--due",
                "2018-12-20",
            ],
            &[
                "pledge",
                "FILE",
                "区攻坚办",
                "新开工项目65个",
                "--progress",
                "30",
            ],
        ],
        &[
            &["add", "unit", "FILE", "区体育中心"],
            &[
                "add",
                "project",
                "FILE",
                "全民健身中心",
                "--lead",
                "区体育中心",
                "--plan",
                "1.5",
            ],
            &[
                "invest",
                "FILE",
                "郑州树木园改造",
                "--month",
                "6",
                "--done",
                "0.3",
            ],
            &[
                "remove",
                "milestone",
                "FILE",
                "芦河变电站",
                "完成线路路径协调",
                "--yes",
            ],
            &[
                "log",
                "FILE",
                "芦河变电站",
                "已完成签约",
                "--date",
                "2018-06-14",
            ],
        ],
    );
}

#[test]
fn both_crossing_off_the_same_milestone_differently_is_a_conflict_and_ours_stands() {
    let o = edited(&[CROSS_OFF]);
    let t = edited(&[&[
        "done",
        "FILE",
        "足球文化产业园",
        "主体结构封顶",
        "--date",
        "2018-06-12",
        "--by",
        "攻坚办",
    ]]);
    let merged = merge(&base(), &o, &t).expect("merges");
    assert_eq!(merged.text, o);
    assert_eq!(merged.conflicts.len(), 1);
    let c = &merged.conflicts[0];
    assert_eq!(c.field, "done");
    let (Fields::Milestone(mine), Fields::Milestone(theirs)) = (&c.ours, &c.theirs) else {
        panic!("a milestone's fields: {c:?}")
    };
    assert_eq!(
        mine.done.map(|d| d.to_string()).as_deref(),
        Some("2018-06-10")
    );
    assert_eq!(
        theirs.done.map(|d| d.to_string()).as_deref(),
        Some("2018-06-12")
    );
    assert!(matches!(c.at, Item::Milestone { .. }));
    // The same date by both is no conflict.
    let same = merge(&base(), &o, &o).expect("merges");
    assert!(same.conflicts.is_empty());
    assert_eq!(same.text, o);
}

#[test]
fn both_moving_the_same_due_date_is_a_conflict() {
    let o = edited(&[REPLAN]);
    let t = edited(&[&[
        "move",
        "FILE",
        "足球文化产业园",
        "主体结构封顶",
        "--due",
        "2018-10-31",
    ]]);
    let merged = merge(&base(), &o, &t).expect("merges");
    assert_eq!(merged.text, o);
    assert_eq!(
        merged.conflicts.iter().map(|c| c.field).collect::<Vec<_>>(),
        ["due"]
    );
}

#[test]
fn comments_and_layout_of_both_sides_are_kept() {
    // Ours adds a comment by hand; theirs crosses off a milestone on another line.
    let with_comment = base().replacen(
        "        Project(\n            name: \"足球文化产业园\",",
        "        // 体育局周报：进展顺利\n        Project(\n            name: \"足球文化产业园\",",
        1,
    );
    assert_ne!(with_comment, base());
    let t = edited(&[&[
        "done",
        "FILE",
        "芦河变电站",
        "开工建设",
        "--date",
        "2018-06-14",
    ]]);
    let merged = merge(&base(), &with_comment, &t).expect("merges");
    assert!(merged.conflicts.is_empty());
    assert!(merged.text.contains("// 体育局周报：进展顺利"));
    // Exactly theirs' line differs from ours.
    let differing: Vec<(&str, &str)> = with_comment
        .lines()
        .zip(merged.text.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(differing.len(), 1, "{differing:?}");
    assert!(differing[0].1.contains("done: \"2018-06-14\""));
}

/// Each field both sides changed is settled as the clerk chose it, one by one: theirs for
/// one, mine for another, and one left open is still reported.
#[test]
fn each_clashing_field_is_settled_as_chosen() {
    use tracker::ledger::merge::{Side, merge_deciding};
    let move_to = |p: &'static str, m: &'static str, d: &'static str| -> Vec<&'static str> {
        vec!["move", "FILE", p, m, "--due", d]
    };
    let ours_steps = [
        move_to("足球文化产业园", "主体结构封顶", "2018-11-30"),
        move_to("凤湖生态休闲区", "争取省市立项支持", "2018-08-31"),
        move_to("凤湖生态休闲区", "启动首期建设", "2019-03-31"),
    ];
    let theirs_steps = [
        move_to("足球文化产业园", "主体结构封顶", "2018-10-31"),
        move_to("凤湖生态休闲区", "争取省市立项支持", "2018-07-31"),
        move_to("凤湖生态休闲区", "启动首期建设", "2019-01-31"),
    ];
    let steps = |s: &[Vec<&'static str>]| -> String {
        let refs: Vec<&[&str]> = s.iter().map(Vec::as_slice).collect();
        edited(&refs)
    };
    let (o, t) = (steps(&ours_steps), steps(&theirs_steps));
    let merged = merge_deciding(&base(), &o, &t, &|c| match c.ours.name() {
        "主体结构封顶" => Some(Side::Theirs),
        "争取省市立项支持" => Some(Side::Mine),
        _ => None,
    })
    .expect("merges");
    let open: Vec<&str> = merged.conflicts.iter().map(|c| c.ours.name()).collect();
    assert_eq!(open, ["启动首期建设"]);
    // Theirs for the first, mine for the second; the third stays mine until chosen.
    let expected = steps(&[
        theirs_steps[0].clone(),
        ours_steps[1].clone(),
        ours_steps[2].clone(),
    ]);
    assert_eq!(merged.text, expected);
}
