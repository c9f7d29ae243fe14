//! The command line's item edits (`invest`, `move`, `pledge`, `add`, `rename`, `remove`) on
//! bad input: every refusal names the problem, exits non-zero, leaves the file's bytes as they
//! were and makes no `.bak` (nothing was written). And what the commands undo: an item added
//! then removed, a due date moved and moved back, a pledge closed and reopened give the file
//! back byte for byte.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{stderr, stdout, tracker};

/// A small ledger with CRLF line endings and comments between items and fields.
const LEDGER: &str = r#"#![enable(implicit_some)]
// 小台账
Ledger(
    title: "测试台账",
    year: 2018,
    office: "区攻坚办",
    categories: ["生态建设项目", "社会民生项目"],
    units: [
        // 攻坚办
        Unit(
            name: "区攻坚办",
            pledges: [
                Pledge(text: "新建公厕24座", due: "2018-12-31", target: 24, measure: "座", progress: 9), // 公厕
                /* 已完成 */ Pledge(text: "梳理项目", due: "2018-02-28", done: "2018-02-24", by: "wang"),
            ],
        ),
        Unit(
            name: "区农工委", /* 农工委 */
            leader: "余莉",
            pledges: [
                Pledge(text: "续建生态项目", due: "2018-12-31", target: 4, measure: "个"),
            ],
        ),
        Unit(name: "区城管局"), // 城管
        /* 没有项目的单位 */
        Unit(name: "区统计局", leader: "赵六"),
    ],
    projects: [
        /* 第一个项目 */
        Project(
            name: "生态公园",
            category: "生态建设项目",
            lead: "区农工委", // 牵头
            support: ["区城管局", /* 配合 */ "区攻坚办"],
            investment: (total: 12.5, plan: 3.0, done: 1.2),
            milestones: [
                Milestone(name: "开工", due: "2018-03-31", done: "2018-03-29", by: "wang"),
                // 下一个
                Milestone(name: "建成", due: "2018-06-30", unit: "区城管局"),
            ],
        ),
        Project(name: "安置房", lead: "区城管局", milestones: [Milestone(name: "封顶", due: "2018-09-30")]), // 一行
    ],
)
"#;

struct Ledger {
    _dir: tempfile::TempDir,
    path: PathBuf,
    bytes: Vec<u8>,
}

impl Ledger {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("ledger.ron");
        let bytes = LEDGER.replace('\n', "\r\n").into_bytes();
        std::fs::write(&path, &bytes).expect("write ledger");
        Ledger {
            _dir: dir,
            path,
            bytes,
        }
    }

    fn file(&self) -> &str {
        self.path.to_str().expect("path")
    }

    fn now(&self) -> Vec<u8> {
        std::fs::read(&self.path).expect("read ledger")
    }

    fn bak(&self) -> PathBuf {
        let mut p = self.path.clone().into_os_string();
        p.push(".bak");
        p.into()
    }

    /// Runs `tracker CMD FILE ARGS..`.
    fn run(&self, cmd: &[&str], args: &[&str]) -> Output {
        let mut all: Vec<&str> = cmd.to_vec();
        all.push(self.file());
        all.extend_from_slice(args);
        tracker(&all)
    }

    /// The command is refused: exit code not 0, stderr names the problem with every one of
    /// `needles`, the file's bytes are as they were and no `.bak` was made.
    fn refused(&self, cmd: &[&str], args: &[&str], needles: &[&str]) -> String {
        let o = self.run(cmd, args);
        let err = stderr(&o);
        let what = format!("tracker {} FILE {}", cmd.join(" "), args.join(" "));
        assert!(
            !o.status.success() && o.status.code().is_some(),
            "{what}: exit {:?}\n{err}",
            o.status
        );
        for n in needles {
            assert!(err.contains(n), "{what}: stderr lacks {n:?}:\n{err}");
        }
        assert!(stdout(&o).is_empty(), "{what}: said {}", stdout(&o));
        assert!(self.now() == self.bytes, "{what}: the file changed");
        assert!(!self.bak().exists(), "{what}: a .bak was made");
        err
    }

    /// The command succeeds and says so.
    fn ok(&self, cmd: &[&str], args: &[&str], says: &str) {
        let o = self.run(cmd, args);
        let what = format!("tracker {} FILE {}", cmd.join(" "), args.join(" "));
        assert!(o.status.success(), "{what}: {}", stderr(&o));
        assert!(stdout(&o).contains(says), "{what}: {}", stdout(&o));
        assert!(
            tracker::ledger::load_path(Path::new(self.file())).is_ok(),
            "{what}: the file loads"
        );
    }

    fn text(&self) -> String {
        String::from_utf8(self.now()).expect("utf-8")
    }
}

#[test]
fn an_impossible_date_is_named_in_every_form() {
    let l = Ledger::new();
    let no_day = [
        "2018-02-30",
        "no day in the calendar",
        "nothing was written",
    ];
    l.refused(
        &["move"],
        &["生态公园", "建成", "--due", "2018-02-30"],
        &no_day,
    );
    l.refused(
        &["pledge"],
        &["区攻坚办", "新建公厕", "--done", "2018-02-30"],
        &no_day,
    );
    l.refused(
        &["add", "milestone"],
        &["生态公园", "验收", "--due", "2018-02-30"],
        &no_day,
    );
    l.refused(
        &["add", "pledge"],
        &["区城管局", "新建游园", "--due", "2018-02-30"],
        &no_day,
    );
    l.refused(
        &["move"],
        &["生态公园", "建成", "--due", "2018/2/30"],
        &["no day"],
    );
    l.refused(
        &["invest"],
        &["生态公园", "--month", "2018-02-30", "--done", "1"],
        &["\"2018-02-30\" is not a month", "nothing was written"],
    );
}

#[test]
fn not_a_date_is_named_in_every_form() {
    let l = Ledger::new();
    l.refused(
        &["move"],
        &["生态公园", "建成", "--due", "soon"],
        &["\"soon\" is not a date", "nothing was written"],
    );
    l.refused(
        &["pledge"],
        &["区攻坚办", "新建公厕", "--done", "昨天"],
        &["\"昨天\" is not a date"],
    );
    l.refused(
        &["add", "milestone"],
        &["生态公园", "验收", "--due", "13月"],
        &["\"13月\" is not a date"],
    );
    l.refused(
        &["add", "pledge"],
        &["区城管局", "新建游园", "--due", "2018-1"],
        &["\"2018-1\" is not a date"],
    );
    l.refused(
        &["invest"],
        &["生态公园", "--month", "十三月", "--done", "1"],
        &["\"十三月\" is not a month"],
    );
    l.refused(
        &["invest"],
        &["生态公园", "--month", "2018-13", "--done", "1"],
        &["\"2018-13\" is not a month"],
    );
    // A month of another year than the ledger's.
    l.refused(
        &["invest"],
        &["生态公园", "--month", "2019-05", "--done", "1"],
        &["\"2019-05\""],
    );
}

#[test]
fn a_negative_or_not_finite_number_is_named_in_every_form() {
    let l = Ledger::new();
    for (cmd, args, says) in [
        (
            &["invest"][..],
            &["生态公园", "--month", "2018-05", "--done=-1"][..],
            "monthly done is -1",
        ),
        (
            &["invest"],
            &["生态公园", "--plan=-3"],
            "investment plan is -3",
        ),
        (
            &["invest"],
            &["生态公园", "--total=-0.5"],
            "investment total is -0.5",
        ),
        (
            &["invest"],
            &["生态公园", "--total=NaN"],
            "investment total is NaN",
        ),
        (
            &["invest"],
            &["生态公园", "--plan=inf"],
            "investment plan is inf",
        ),
        (
            &["pledge"],
            &["区攻坚办", "新建公厕", "--progress=-2"],
            "progress is -2",
        ),
        (
            &["add", "pledge"],
            &["区城管局", "新建游园", "--target=-5", "--measure", "个"],
            "target is -5",
        ),
        (
            &["add", "project"],
            &["新项目", "--lead", "区农工委", "--plan=-1"],
            "investment plan is -1",
        ),
        (
            &["add", "project"],
            &["新项目", "--lead", "区农工委", "--total=-1"],
            "investment total is -1",
        ),
    ] {
        let err = l.refused(cmd, args, &[says, "nothing was written"]);
        assert!(err.contains("expected a number, 0 or more"), "{err}");
    }
    // Written with a space too, a negative number is read as the figure and refused by the
    // rules with the same words (not taken for an unknown option).
    for (cmd, args, shown) in [
        (
            &["invest"][..],
            &["生态公园", "--month", "2018-05", "--done", "-1"][..],
            "monthly done is -1; expected a number, 0 or more",
        ),
        (
            &["invest"],
            &["生态公园", "--plan", "-3"],
            "investment plan is -3; expected a number, 0 or more",
        ),
        (
            &["pledge"],
            &["区攻坚办", "新建公厕", "--progress", "-2"],
            "progress is -2; expected a number, 0 or more",
        ),
    ] {
        l.refused(cmd, args, &[shown, "nothing was written"]);
    }
    l.refused(
        &["invest"],
        &["生态公园", "--month", "2018-05", "--done", "abc"],
        &["\"abc\"", "--done"],
    );
}

#[test]
fn an_unknown_unit_is_named_with_the_closest_names() {
    let l = Ledger::new();
    let did = |typed: &'static str, meant: &'static str| [typed, "did you mean", meant];
    l.refused(
        &["pledge"],
        &["区攻圣办", "新建公厕", "--progress", "2"],
        &did("no unit named \"区攻圣办\"", "\"区攻坚办\""),
    );
    l.refused(
        &["add", "milestone"],
        &[
            "生态公园",
            "验收",
            "--due",
            "2018-12-31",
            "--unit",
            "区城管句",
        ],
        &did("no unit named \"区城管句\"", "\"区城管局\""),
    );
    l.refused(
        &["add", "project"],
        &["新项目", "--lead", "区农工伟"],
        &did("no unit named \"区农工伟\"", "\"区农工委\""),
    );
    l.refused(
        &["add", "project"],
        &["新项目", "--lead", "区农工委", "--support", "区统计句"],
        &did("no unit named \"区统计句\"", "\"区统计局\""),
    );
    l.refused(
        &["add", "pledge"],
        &["区农工伟", "新建游园"],
        &did("no unit named \"区农工伟\"", "\"区农工委\""),
    );
    l.refused(
        &["rename", "unit"],
        &["区城管句", "区城市管理局"],
        &did("no unit named \"区城管句\"", "\"区城管局\""),
    );
    l.refused(
        &["remove", "unit"],
        &["区统计句", "--yes"],
        &did("no unit named \"区统计句\"", "\"区统计局\""),
    );
    l.refused(
        &["remove", "unit"],
        &["区统计句"],
        &did("no unit named \"区统计句\"", "\"区统计局\""),
    );
    // And the other names: a project, a milestone (listing the project's), a pledge.
    l.refused(
        &["invest"],
        &["生态工园", "--plan", "4"],
        &did("no project named \"生态工园\"", "\"生态公园\""),
    );
    l.refused(
        &["move"],
        &["生态公园", "建设", "--due", "2018-07-31"],
        &[
            "project \"生态公园\" has no milestone \"建设\"",
            "开工, 建成",
        ],
    );
    l.refused(
        &["remove", "pledge"],
        &["区攻坚办", "新建游园", "--yes"],
        &["no pledge named \"新建游园\""],
    );
}

#[test]
fn an_empty_name_is_refused_in_every_form() {
    let l = Ledger::new();
    for blank in ["", "   ", "　"] {
        let needs = |kind: &'static str| [kind, "needs a name", "nothing was written"];
        l.refused(
            &["add", "milestone"],
            &["生态公园", blank, "--due", "2018-12-31"],
            &needs("a milestone"),
        );
        l.refused(
            &["add", "project"],
            &[blank, "--lead", "区农工委"],
            &needs("a project"),
        );
        l.refused(&["add", "unit"], &[blank], &needs("a unit"));
        l.refused(&["add", "pledge"], &["区城管局", blank], &needs("a pledge"));
        l.refused(&["rename", "unit"], &["区城管局", blank], &needs("a unit"));
        l.refused(
            &["rename", "project"],
            &["安置房", blank],
            &needs("a project"),
        );
        l.refused(
            &["rename", "milestone"],
            &["安置房", "封顶", blank],
            &needs("a milestone"),
        );
        l.refused(
            &["rename", "pledge"],
            &["区攻坚办", "新建公厕", blank],
            &needs("a pledge"),
        );
    }
}

#[test]
fn a_duplicate_name_is_refused_in_every_form() {
    let l = Ledger::new();
    let dup = |what: &'static str| [what, "already", "nothing was written"];
    l.refused(
        &["add", "milestone"],
        &["生态公园", "开工", "--due", "2018-12-31"],
        &dup("milestone named \"开工\""),
    );
    l.refused(
        &["add", "project"],
        &["生态公园", "--lead", "区农工委"],
        &dup("project named \"生态公园\""),
    );
    l.refused(
        &["add", "unit"],
        &["区城管局"],
        &dup("unit named \"区城管局\""),
    );
    l.refused(
        &["rename", "unit"],
        &["区城管局", "区攻坚办"],
        &dup("unit named \"区攻坚办\""),
    );
    l.refused(
        &["rename", "project"],
        &["生态公园", "安置房"],
        &dup("project named \"安置房\""),
    );
    l.refused(
        &["rename", "milestone"],
        &["生态公园", "建成", "开工"],
        &dup("milestone named \"开工\""),
    );
}

#[test]
fn a_unit_still_named_cannot_be_removed_and_the_message_names_the_projects() {
    let l = Ledger::new();
    for yes in [&["--yes"][..], &[]] {
        let mut args = vec!["区城管局"];
        args.extend_from_slice(yes);
        l.refused(
            &["remove", "unit"],
            &args,
            &[
                "unit \"区城管局\" is still named by projects: 生态公园, 安置房",
                "nothing was written",
            ],
        );
    }
    l.refused(
        &["remove", "unit"],
        &["区农工委", "--yes"],
        &["unit \"区农工委\" is still named by projects: 生态公园"],
    );
}

#[test]
fn remove_without_yes_says_what_would_go_and_writes_nothing() {
    let l = Ledger::new();
    for (kind, args, goes) in [
        (
            "unit",
            &["区统计局"][..],
            "would remove unit 区统计局 with 0 pledge(s)",
        ),
        (
            "project",
            &["生态公园"],
            "would remove project 生态公园 with 2 milestone(s) and 0 progress line(s)",
        ),
        (
            "milestone",
            &["生态公园", "建成"],
            "would remove milestone 生态公园 / 建成 (due 2018-06-30)",
        ),
        (
            "pledge",
            &["区攻坚办", "新建公厕"],
            "would remove pledge of 区攻坚办: 新建公厕24座",
        ),
    ] {
        let err = l.refused(&["remove", kind], args, &[goes, "--yes"]);
        assert_eq!(
            l.run(&["remove", kind], args).status.code(),
            Some(1),
            "{err}"
        );
    }
}

#[test]
fn pledge_without_what_to_record_writes_nothing() {
    let l = Ledger::new();
    l.refused(
        &["pledge"],
        &["区攻坚办", "新建公厕"],
        &["required", "--done", "--reopen", "--progress"],
    );
}

/// Each kind added then removed on the command line: the file byte for byte.
#[test]
fn add_then_remove_of_each_kind_gives_the_file_back_byte_for_byte() {
    for (add, remove, says) in [
        (
            &["add", "milestone"][..],
            &["remove", "milestone"][..],
            &["生态公园", "验收"][..],
        ),
        (&["add", "project"], &["remove", "project"], &["人才公寓"]),
        (&["add", "unit"], &["remove", "unit"], &["区教育局"]),
        (
            &["add", "pledge"],
            &["remove", "pledge"],
            &["区城管局", "新建游园6个"],
        ),
    ] {
        let l = Ledger::new();
        let mut args: Vec<&str> = says.to_vec();
        args.extend_from_slice(match add[1] {
            "milestone" => &["--due", "12月底", "--unit", "区攻坚办"][..],
            "project" => &[
                "--lead",
                "区攻坚办",
                "--support",
                "区农工委",
                "--category",
                "社会民生项目",
                "--plan",
                "1",
                "--total",
                "2.5",
            ],
            "pledge" => &["--due", "年底前", "--target", "6", "--measure", "个"],
            _ => &["--leader", "钱七"],
        });
        l.ok(add, &args, "added");
        let added = l.text();
        assert_ne!(added.as_bytes(), l.bytes, "{add:?} changed the file");
        assert!(
            !added.replace("\r\n", "").contains('\n'),
            "{add:?} kept CRLF:\n{added}"
        );
        assert!(l.bak().exists(), "a save keeps the version before");
        let mut args: Vec<&str> = says.to_vec();
        args.push("--yes");
        l.ok(remove, &args, "removed");
        assert!(
            l.now() == l.bytes,
            "{add:?} then {remove:?}: {:?}",
            l.text()
        );
    }
}

#[test]
fn the_added_items_are_written_as_given_with_dates_typed_leniently() {
    let l = Ledger::new();
    l.ok(
        &["add", "milestone"],
        &["安置房", "验收", "--due", "12月底"],
        "added milestone 安置房 / 验收 due 2018-12-31",
    );
    assert!(l.text().contains(
        "milestones: [Milestone(name: \"封顶\", due: \"2018-09-30\"), Milestone(name: \"验收\", due: \"2018-12-31\")]"
    ));
    l.ok(
        &["add", "pledge"],
        &["区农工委", "新建游园6个", "--due", "2018/6/30"],
        "added pledge of 区农工委: 新建游园6个",
    );
    assert!(l.text().contains(
        "\r\n                Pledge(text: \"续建生态项目\", due: \"2018-12-31\", target: 4, measure: \"个\"),\r\n                Pledge(text: \"新建游园6个\", due: \"2018-06-30\"),\r\n"
    ));
}

#[test]
fn a_due_date_moved_and_moved_back_gives_the_file_back() {
    let l = Ledger::new();
    l.ok(
        &["move"],
        &["生态公园", "建成", "--due", "7-31"],
        "re-planned 生态公园 / 建成: 2018-06-30 → 2018-07-31 (first planned 2018-06-30, moved 31 days)",
    );
    l.ok(
        &["move"],
        &["生态公园", "建成", "--due", "年底前"],
        "→ 2018-12-31",
    );
    assert!(l.text().contains(
        "Milestone(name: \"建成\", due: \"2018-12-31\", baseline: \"2018-06-30\", unit: \"区城管局\"),\r\n"
    ));
    l.ok(
        &["move"],
        &["生态公园", "建成", "--due", "6月30日"],
        "→ 2018-06-30",
    );
    assert!(l.now() == l.bytes, "{}", l.text());
}

#[test]
fn a_pledge_closed_and_reopened_gives_the_file_back() {
    let l = Ledger::new();
    l.ok(
        &["pledge"],
        &["区攻坚办", "新建公厕", "--done", "6月15日"],
        "pledge of 区攻坚办 fulfilled on 2018-06-15: 新建公厕24座",
    );
    assert!(
        l.text()
            .contains("progress: 9, done: \"2018-06-15\", by: \"tester\"), // 公厕\r\n")
    );
    l.ok(
        &["pledge"],
        &["区攻坚办", "新建公厕", "--reopen"],
        "pledge of 区攻坚办 open again: 新建公厕24座",
    );
    assert!(l.now() == l.bytes, "{}", l.text());
}

#[test]
fn a_unit_renamed_on_the_command_line_renames_every_reference() {
    let l = Ledger::new();
    l.ok(
        &["rename", "unit"],
        &["区城管局", "区城市管理局"],
        "renamed unit 区城管局 → 区城市管理局",
    );
    let text = l.text();
    assert!(!text.contains("\"区城管局\""), "{text}");
    for (i, _) in text.match_indices("区城市管理局") {
        assert!(text[..i].ends_with('"'), "{text}");
    }
    assert_eq!(text.matches("\"区城市管理局\"").count(), 4, "{text}");
    l.ok(
        &["rename", "unit"],
        &["区城市管理局", "区城管局"],
        "renamed unit 区城市管理局 → 区城管局",
    );
    assert!(l.now() == l.bytes, "{text}");
}

/// Figures below zero, months outside the ledger's year, dates before the campaign, and a
/// pledge command that says nothing to record: each named, nothing written.
#[test]
fn bad_figures_months_and_dates_are_named_and_nothing_is_written() {
    let l = Ledger::new();
    l.refused(
        &["invest"],
        &["生态公园", "--plan", "-3"],
        &[
            "investment plan is -3",
            "expected a number, 0 or more",
            "nothing was written",
        ],
    );
    l.refused(
        &["invest"],
        &["生态公园", "--month", "2019-06", "--done", "0.3"],
        &["\"2019-06\" is not a month of the ledger's year 2018"],
    );
    l.refused(
        &["invest"],
        &["生态公园", "--month", "13", "--done", "0.3"],
        &["\"13\" is not a month"],
    );
    l.refused(
        &["add", "milestone"],
        &["生态公园", "验收", "--due", "2016-05-01"],
        &["2016-05-01 is before the campaign", "from 2017 on"],
    );
    l.refused(
        &["add", "pledge"],
        &["区攻坚办", "新建游园", "--target", "-3", "--measure", "个"],
        &["target is -3"],
    );
    let err = l.refused(
        &["pledge"],
        &["区攻坚办", "新建公厕24座"],
        &["--done", "--reopen", "--progress"],
    );
    assert!(err.contains("required"), "{err}");
}
