//! The weekly trend from git history (`tracker::trend`): the walk that reads only what each
//! week changed must count exactly what loading every week's whole version counts, through
//! every kind of change: tracker's own edits, a unit renamed everywhere, the warning
//! settings changed, hand edits between projects, projects sharing lines.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use chrono::{Duration, NaiveDate};
use common::git::{git_at, init};
use common::{day, sample_path, stderr};
use tracker::trend::{self, Counts, Trend};

/// Non-zero counts by (day, unit), and the totals by day.
type Table = (
    BTreeMap<(NaiveDate, String), Counts>,
    Vec<(NaiveDate, Counts)>,
);

/// Every non-zero count by (day, unit), and the totals by day.
fn table(t: &Trend) -> Table {
    let mut by_unit = BTreeMap::new();
    for p in &t.points {
        for (u, c) in t.units.iter().zip(&p.by_unit) {
            if c.warned() > 0 {
                by_unit.insert((p.day, u.clone()), *c);
            }
        }
    }
    (by_unit, t.points.iter().map(|p| (p.day, p.total)).collect())
}

fn at(d: NaiveDate) -> String {
    format!("{d}T18:00:00+08:00")
}

/// `tracker ARGS`, its commit dated `d`.
fn tracker_on(dir: &Path, d: NaiveDate, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("TRACKER_USER", "攻坚办")
        .env("GIT_AUTHOR_DATE", at(d))
        .env("GIT_COMMITTER_DATE", at(d))
        .output()
        .expect("tracker");
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
}

/// A hand edit of the ledger, committed with git on `d`.
fn hand_edit(dir: &Path, d: NaiveDate, edit: impl Fn(&str) -> String) {
    let path = dir.join("ledger.ron");
    let text = std::fs::read_to_string(&path).expect("read");
    let edited = edit(&text);
    assert_ne!(edited, text, "the hand edit changes something");
    std::fs::write(&path, edited).expect("write");
    for args in [
        &["add", "ledger.ron"][..],
        &["commit", "-q", "-m", "手工修改"],
    ] {
        let out = git_at(dir, args, Some(&at(d)));
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
}

fn compare(dir: &Path, first: NaiveDate, today: NaiveDate) -> Trend {
    let tree = tracker::git::open(&dir.join("ledger.ron")).expect("work tree");
    let days = trend::week_ends(first, today);
    let walked = trend::on_days(&tree, &days, today).expect("walk");
    let loaded = trend::on_days_by_loading(&tree, &days).expect("load");
    assert_eq!(walked.points.len(), days.len(), "a point for every day");
    assert_eq!(table(&walked), table(&loaded));
    // Counted again, the days before today come from the cache in .git: the same.
    assert!(tree.git_dir.join("tracker-trend").exists());
    let again = trend::on_days(&tree, &days, today).expect("walk");
    assert_eq!(table(&again), table(&loaded));
    walked
}

#[test]
fn the_walk_counts_what_loading_every_week_counts() {
    let dir = tempfile::tempdir().expect("dir");
    let root = dir.path();
    init(root, "攻坚办");
    std::fs::copy(sample_path(), root.join("ledger.ron")).expect("copy");
    let first = day("2018-03-05");
    for args in [&["add", "ledger.ron"][..], &["commit", "-q", "-m", "台账"]] {
        assert!(git_at(root, args, Some(&at(first))).status.success());
    }
    let d = |n: i64| first + Duration::days(n);
    tracker_on(
        root,
        d(2),
        &[
            "done",
            "ledger.ron",
            "西南水系连通",
            "完成前期工作",
            "--date",
            &d(2).to_string(),
        ],
    );
    tracker_on(
        root,
        d(4),
        &[
            "move",
            "ledger.ron",
            "凤湖生态休闲区",
            "争取省市立项支持",
            "--due",
            "2018-03-20",
        ],
    );
    tracker_on(
        root,
        d(9),
        &[
            "add",
            "project",
            "ledger.ron",
            "城南停车场",
            "--lead",
            "区商务局",
        ],
    );
    tracker_on(
        root,
        d(9),
        &[
            "add",
            "milestone",
            "ledger.ron",
            "城南停车场",
            "完成选址",
            "--due",
            "2018-03-25",
        ],
    );
    tracker_on(
        root,
        d(15),
        &["rename", "unit", "ledger.ron", "区城建局", "区城市建设局"],
    );
    // Between two projects, and inside one: comments and blank lines by hand.
    hand_edit(root, d(16), |t| {
        t.replacen(
            "        Project(\n            name: \"西南水系连通\",",
            "        // 手工备注\n\n        Project(\n            name: \"西南水系连通\",",
            1,
        )
    });
    // The warning settings in the head: every count changes at once.
    hand_edit(root, d(22), |t| {
        t.replacen("red_days: 30", "red_days: 10", 1)
    });
    tracker_on(
        root,
        d(23),
        &["remove", "project", "ledger.ron", "西南水系连通", "--yes"],
    );
    // Two projects put on one line by hand, then a milestone of the second re-planned.
    let joined = "),\n        Project(\n            name: \"";
    let before = std::fs::read_to_string(root.join("ledger.ron")).expect("read");
    let at_join = before.find(joined).expect("two projects in a row") + joined.len();
    let name = before[at_join..]
        .split('"')
        .next()
        .expect("name")
        .to_string();
    let milestone = before[at_join..]
        .split("Milestone(name: \"")
        .nth(1)
        .and_then(|m| m.split('"').next())
        .expect("a milestone")
        .to_string();
    hand_edit(root, d(30), |t| {
        t.replacen(joined, "), Project(\n            name: \"", 1)
    });
    tracker_on(
        root,
        d(31),
        &[
            "move",
            "ledger.ron",
            &name,
            &milestone,
            "--due",
            "2018-03-31",
        ],
    );
    tracker_on(
        root,
        d(40),
        &[
            "done",
            "ledger.ron",
            "城南停车场",
            "完成选址",
            "--date",
            &d(40).to_string(),
        ],
    );
    let t = compare(root, first, d(60));
    // The counts move: red and yellow rise as the spring's dates pass.
    let totals: Vec<u32> = t.points.iter().map(|p| p.total.warned()).collect();
    assert!(totals.first() < totals.last(), "{totals:?}");
}

#[test]
fn a_ledger_whose_projects_share_lines_is_counted_right() {
    let dir = tempfile::tempdir().expect("dir");
    let root = dir.path();
    init(root, "攻坚办");
    let text = "Ledger(title: \"紧凑台账\", year: 2018, warning: (soon_days: 7, red_days: 5),\n\
        units: [Unit(name: \"甲局\"), Unit(name: \"乙局\")],\n\
        projects: [Project(name: \"一号\", lead: \"甲局\", milestones: [Milestone(name: \"开工\", due: \"2018-03-10\")]), Project(name: \"二号\", lead: \"乙局\", milestones: [Milestone(name: \"开工\", due: \"2018-03-12\", unit: \"甲局\")])])\n";
    std::fs::write(root.join("ledger.ron"), text).expect("write");
    let first = day("2018-03-01");
    for args in [&["add", "ledger.ron"][..], &["commit", "-q", "-m", "台账"]] {
        assert!(git_at(root, args, Some(&at(first))).status.success());
    }
    tracker_on(
        root,
        day("2018-03-20"),
        &["done", "ledger.ron", "一号", "开工", "--date", "2018-03-20"],
    );
    tracker_on(
        root,
        day("2018-03-27"),
        &["move", "ledger.ron", "二号", "开工", "--due", "2018-04-30"],
    );
    tracker_on(
        root,
        day("2018-04-02"),
        &["add", "project", "ledger.ron", "三号", "--lead", "乙局"],
    );
    tracker_on(
        root,
        day("2018-04-02"),
        &[
            "add",
            "milestone",
            "ledger.ron",
            "三号",
            "立项",
            "--due",
            "2018-04-03",
        ],
    );
    let t = compare(root, first, day("2018-05-20"));
    let red = |d: &str| t.on_or_before(day(d)).expect("point").total;
    assert_eq!(red("2018-03-18"), Counts { red: 2, yellow: 0 });
    // 一号 crossed off, 二号 moved to the end of April: nothing late.
    assert_eq!(red("2018-04-01"), Counts { red: 0, yellow: 0 });
    // 二号 late again, and 三号's 立项 too.
    assert_eq!(red("2018-05-20"), Counts { red: 2, yellow: 0 });
}

/// `tracker report scorecard` in a repository: each unit's red and yellow at the end of the
/// month before (from the history, as loading that version counts them) and the change to
/// today; outside git the columns are not there.
#[test]
fn the_scorecard_compares_each_unit_with_the_end_of_last_month() {
    let dir = tempfile::tempdir().expect("dir");
    let root = dir.path();
    let scorecard = |root: &Path| {
        let out = Command::new(env!("CARGO_BIN_EXE_tracker"))
            .args([
                "--lang",
                "zh",
                "report",
                "scorecard",
                "ledger.ron",
                "--today",
                "2018-06-15",
                "--format",
                "csv",
                "--no-bom",
            ])
            .current_dir(root)
            .env("HOME", root)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .expect("tracker");
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8(out.stdout).expect("utf-8")
    };
    std::fs::copy(sample_path(), root.join("ledger.ron")).expect("copy");
    let plain = scorecard(root);
    assert!(!plain.contains("上月末"), "{plain}");
    init(root, "攻坚办");
    for args in [&["add", "ledger.ron"][..], &["commit", "-q", "-m", "台账"]] {
        assert!(
            git_at(root, args, Some(&at(day("2018-05-20"))))
                .status
                .success()
        );
    }
    // In June a milestone late since April is crossed off.
    tracker_on(
        root,
        day("2018-06-10"),
        &[
            "done",
            "ledger.ron",
            "芦河变电站",
            "开工建设",
            "--date",
            "2018-06-10",
        ],
    );
    let csv = scorecard(root);
    let header: Vec<&str> = csv.lines().next().expect("header").split(',').collect();
    assert_eq!(
        header[header.len() - 3..],
        ["上月末红", "上月末黄", "红黄增减"]
    );
    let tree = tracker::git::open(&root.join("ledger.ron")).expect("tree");
    let then = trend::on_days_by_loading(&tree, &[day("2018-05-31")]).expect("load");
    let point = &then.points[0];
    let mut compared = 0;
    for line in csv.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let unit = cells[1];
        let n = |i: usize| cells[i].parse::<i64>().expect("number");
        let was = then.unit_at(point, unit);
        let len = cells.len();
        assert_eq!(
            (n(len - 3), n(len - 2)),
            (i64::from(was.red), i64::from(was.yellow)),
            "{line}"
        );
        assert_eq!(n(len - 1), n(3) + n(4) - i64::from(was.warned()), "{line}");
        compared += 1;
    }
    assert!(compared > 10);
    assert!(
        point.total.warned() > 0,
        "the sample had reds at the end of May"
    );
}

/// Forty weeks of work: enough versions for the walk to be split into parts side by side
/// (on a machine with more than one core); the parts together count what loading counts.
#[test]
fn a_long_history_walked_in_parts_agrees_with_loading() {
    let dir = tempfile::tempdir().expect("dir");
    let root = dir.path();
    init(root, "攻坚办");
    std::fs::copy(sample_path(), root.join("ledger.ron")).expect("copy");
    let first = day("2018-01-01");
    for args in [&["add", "ledger.ron"][..], &["commit", "-q", "-m", "台账"]] {
        assert!(git_at(root, args, Some(&at(first))).status.success());
    }
    // Edits by hand carry no record: this history is walked by git's diffs.
    for week in 1..=40 {
        let d = first + Duration::days(7 * week);
        let due = (d + Duration::days(20)).to_string();
        hand_edit(root, d, |t| {
            let head = "Milestone(name: \"启动首期建设\", due: \"";
            let from = t.find(head).expect("milestone") + head.len();
            format!("{}{due}{}", &t[..from], &t[from + 10..])
        });
    }
    compare(root, first, first + Duration::days(7 * 42));
}

/// tracker's own commits carry a record of the facts they changed, and the walk follows
/// the records rather than the file: a record that lies is believed (here, one that says
/// a milestone was crossed off while the file says it was not).
#[test]
fn the_walk_follows_the_records_in_tracker_s_commits() {
    let dir = tempfile::tempdir().expect("dir");
    let root = dir.path();
    init(root, "攻坚办");
    std::fs::copy(sample_path(), root.join("ledger.ron")).expect("copy");
    let first = day("2018-05-01");
    for args in [&["add", "ledger.ron"][..], &["commit", "-q", "-m", "台账"]] {
        assert!(git_at(root, args, Some(&at(first))).status.success());
    }
    tracker_on(
        root,
        day("2018-05-08"),
        &[
            "done",
            "ledger.ron",
            "芦河变电站",
            "开工建设",
            "--date",
            "2018-05-08",
        ],
    );
    let message = common::git::git_ok(root, &["log", "-1", "--format=%B"]);
    assert!(
        message.contains(
            "tracker-facts: 1\ntracker-fact\t芦河变电站\t开工建设\t2018-04-30\t1\t区发改委"
        ),
        "{message}"
    );
    let today = day("2018-06-15");
    let days = trend::week_ends(first, today);
    let tree = tracker::git::open(&root.join("ledger.ron")).expect("tree");
    let honest = trend::on_days(&tree, &days, today).expect("walk");
    assert_eq!(
        table(&honest),
        table(&trend::on_days_by_loading(&tree, &days).expect("load"))
    );
    // A commit whose record says more than its change did.
    let text = std::fs::read_to_string(root.join("ledger.ron")).expect("read");
    std::fs::write(root.join("ledger.ron"), format!("{text}\n")).expect("write");
    let lie = "一行\n\ntracker-facts: 1\ntracker-fact\t凤湖生态休闲区\t争取省市立项支持\t2018-06-20\t1\t区农工委";
    for args in [&["add", "ledger.ron"][..], &["commit", "-q", "-m", lie]] {
        assert!(
            git_at(root, args, Some(&at(day("2018-05-15"))))
                .status
                .success()
        );
    }
    // 争取省市立项支持 is due 06-20: at the end of July loading counts it late; the walk
    // believed the record that it was crossed off.
    let later = day("2018-07-31");
    let total = |t: Trend| t.points.last().expect("a point").total;
    // From a day before the lie (read whole) to the end of July (reached by the records).
    let days = [day("2018-05-10"), later];
    let walked = total(trend::on_days(&tree, &days, later).expect("walk"));
    let by_loading = total(trend::on_days_by_loading(&tree, &days).expect("load"));
    assert_eq!(
        walked.warned() + 1,
        by_loading.warned(),
        "the record was followed"
    );
}

/// A sync's merge commit carries the record of what it brought in; the office's trend
/// then follows both sides' work.
#[test]
fn a_sync_merge_carries_its_record() {
    let dir = tempfile::tempdir().expect("dir");
    let root = dir.path();
    let remote = root.join("remote.git");
    std::fs::create_dir(&remote).expect("remote");
    common::git::git_ok(&remote, &["init", "-q", "--bare", "-b", "main"]);
    let clone = |name: &str| {
        common::git::git_ok(
            root,
            &["clone", "-q", remote.to_str().expect("utf-8"), name],
        );
        let p = root.join(name);
        common::git::git_ok(&p, &["config", "user.name", name]);
        common::git::git_ok(&p, &["config", "user.email", "x@example.org"]);
        p
    };
    let office = clone("office");
    std::fs::copy(sample_path(), office.join("ledger.ron")).expect("copy");
    let first = day("2018-05-01");
    for args in [&["add", "ledger.ron"][..], &["commit", "-q", "-m", "台账"]] {
        assert!(git_at(&office, args, Some(&at(first))).status.success());
    }
    common::git::git_ok(&office, &["push", "-q", "-u", "origin", "main"]);
    let bureau = clone("bureau");
    tracker_on(
        &bureau,
        day("2018-05-10"),
        &[
            "move",
            "ledger.ron",
            "芦河变电站",
            "开工建设",
            "--due",
            "2018-08-31",
        ],
    );
    tracker_on(&bureau, day("2018-05-10"), &["sync", "ledger.ron"]);
    tracker_on(
        &office,
        day("2018-05-12"),
        &[
            "done",
            "ledger.ron",
            "足球文化产业园",
            "主体结构封顶",
            "--date",
            "2018-05-12",
        ],
    );
    tracker_on(&office, day("2018-05-20"), &["sync", "ledger.ron"]);
    let merge = common::git::git_ok(&office, &["log", "-1", "--format=%P%n%B"]);
    assert!(
        merge
            .lines()
            .next()
            .is_some_and(|p| p.split(' ').count() == 2),
        "a merge: {merge}"
    );
    assert!(
        merge.contains("tracker-fact\t芦河变电站\t开工建设\t2018-08-31\t0\t区发改委"),
        "{merge}"
    );
    compare(&office, first, day("2018-09-30"));
}
