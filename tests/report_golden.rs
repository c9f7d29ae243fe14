//! Every report, in every format, on a small hand-made ledger, compared byte for byte with a
//! golden file in `tests/fixtures/report/`. After an intended change, rewrite the goldens with
//! `UPDATE_GOLDEN=1 cargo test --test report_golden` and review the diff.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use tracker::ledger::load_path;
use tracker::report::{Format, ReportArgs, ReportCommand, render};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report")
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2018, 6, 15).expect("date")
}

fn args(format: Format, unit: Option<&str>) -> ReportArgs {
    ReportArgs {
        file: None,
        days: 14,
        unit: unit.map(str::to_string),
        format,
        no_bom: false,
        output: None,
    }
}

fn golden(name: &str, got: &str) {
    let path = dir().join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, got).expect("write golden");
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} missing; run with UPDATE_GOLDEN=1", path.display()));
    if want != got {
        let first = want
            .lines()
            .zip(got.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(want.lines().count().min(got.lines().count()));
        panic!(
            "{name} differs from its golden file at line {}:\n want: {:?}\n  got: {:?}\n--- got in full ---\n{got}",
            first + 1,
            want.lines().nth(first),
            got.lines().nth(first)
        );
    }
}

fn report(cmd: ReportCommand) -> String {
    let ledger = load_path(&dir().join("ledger.ron"))
        .expect("fixture loads")
        .ledger;
    render(&cmd, &ledger, today()).expect("renders")
}

#[test]
fn brief_in_every_format() {
    golden(
        "brief.md",
        &report(ReportCommand::Brief(args(Format::Md, None))),
    );
    golden(
        "brief.txt",
        &report(ReportCommand::Brief(args(Format::Txt, None))),
    );
    golden(
        "brief.csv",
        &report(ReportCommand::Brief(args(Format::Csv, None))),
    );
}

#[test]
fn brief_for_a_unit_with_nothing_due_has_empty_sections() {
    let text = report(ReportCommand::Brief(args(Format::Md, Some("丁委"))));
    golden("brief-丁委.md", &text);
    assert_eq!(text.matches("无。").count(), 4, "{text}");
}

#[test]
fn notice_in_every_format() {
    golden(
        "notice.md",
        &report(ReportCommand::Notice(args(Format::Md, None))),
    );
    golden(
        "notice.txt",
        &report(ReportCommand::Notice(args(Format::Txt, None))),
    );
    golden(
        "notice.csv",
        &report(ReportCommand::Notice(args(Format::Csv, None))),
    );
}

#[test]
fn scorecard_ranks_ties_equal_in_every_format() {
    let md = report(ReportCommand::Scorecard(args(Format::Md, None)));
    golden("scorecard.md", &md);
    golden(
        "scorecard.txt",
        &report(ReportCommand::Scorecard(args(Format::Txt, None))),
    );
    golden(
        "scorecard.csv",
        &report(ReportCommand::Scorecard(args(Format::Csv, None))),
    );
    // 丙委 and 丁委: both 100% on time, no red, no pledges: rank 1 together.
    assert!(
        md.contains("| 1 | 丙委 |") && md.contains("| 1 | 丁委 |"),
        "{md}"
    );
    assert!(md.contains("| 3 | 甲局 |"), "{md}");
}

#[test]
fn csv_is_safe_for_excel() {
    let csv = report(ReportCommand::Brief(args(Format::Csv, None)));
    assert!(csv.starts_with('\u{feff}'), "BOM by default");
    assert!(
        csv.contains(",'=A1+1 危险名,"),
        "formula neutralised: {csv}"
    );
    assert!(
        csv.contains("签约=落地"),
        "an = inside a cell is left alone"
    );
    assert!(csv.lines().all(|l| !l.is_empty()));
    assert!(csv.contains("\r\n"));
    // Days late stay numbers, negative ones too (due in 5 days = -5).
    assert!(
        csv.contains(",✗红,75\r\n") && csv.contains(",-5\r\n"),
        "{csv}"
    );
    let mut no_bom = args(Format::Csv, None);
    no_bom.no_bom = true;
    assert!(!report(ReportCommand::Brief(no_bom)).starts_with('\u{feff}'));
}

#[test]
fn lag_flags_only_projects_more_than_lag_points_behind() {
    let md = report(ReportCommand::Brief(args(Format::Md, None)));
    let lag = &md[md.find("## 四").expect("lag section")..md.find("## 五").expect("summary")];
    assert!(lag.contains("=A1+1 危险名"), "{lag}");
    assert!(
        !lag.contains("甲项目"),
        "3.5 points behind is within lag_points: {lag}"
    );
}

#[test]
fn the_real_binary_prints_the_same_brief_and_writes_files() {
    let ledger = dir().join("ledger.ron");
    let out = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(["report", "brief"])
        .arg(&ledger)
        .args(["--today", "2018-06-15"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let want = std::fs::read_to_string(dir().join("brief.md")).expect("golden");
    assert_eq!(String::from_utf8_lossy(&out.stdout), want);

    let tmp = tempfile::tempdir().expect("dir");
    let file = tmp.path().join("通报.txt");
    let out = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(["report", "notice", "--format", "txt", "-o"])
        .arg(&file)
        .arg(&ledger)
        .args(["--today", "2018-06-15"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let want = std::fs::read_to_string(dir().join("notice.txt")).expect("golden");
    assert_eq!(std::fs::read_to_string(&file).expect("written"), want);

    let out = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(["report", "scorecard", "--unit", "没有的单位"])
        .arg(&ledger)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no unit named \"没有的单位\""));
}

#[test]
fn the_ui_writes_the_brief_beside_the_ledger() {
    let tmp = tempfile::tempdir().expect("dir");
    let path = tmp.path().join("ledger.ron");
    std::fs::copy(dir().join("ledger.ron"), &path).expect("copy");
    let ledger = load_path(&path).expect("loads").ledger;
    let written =
        tracker::report::write_brief_from_ui(&ledger, &path, today(), None).expect("written");
    assert_eq!(
        PathBuf::from(&written),
        tmp.path().join("周例会简报-2018-06-15.md")
    );
    let want = std::fs::read_to_string(dir().join("brief.md")).expect("golden");
    assert_eq!(std::fs::read_to_string(&written).expect("read"), want);
}
