//! Every report, in every format, on the small hand-made ledger `tests/fixtures/report/
//! ledger.ron` as of 2018-06-15, compared byte for byte with a golden file beside it.
//!
//! After an intended change, rewrite the goldens and review the diff:
//!     UPDATE_GOLDEN=1 cargo test --test report_golden && git diff tests/fixtures/report

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
        days: None,
        unit: unit.map(str::to_string),
        format,
        no_bom: false,
        output: None,
    }
}

/// Compares with the golden file; on a mismatch lists every differing line (want / got)
/// and the whole output, so the failure reads like a diff.
fn golden(name: &str, got: &str) {
    let path = dir().join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, got).expect("write golden");
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; create it with UPDATE_GOLDEN=1 cargo test --test report_golden",
            path.display()
        )
    });
    if want == got {
        return;
    }
    let (w, g): (Vec<&str>, Vec<&str>) = (want.split('\n').collect(), got.split('\n').collect());
    let mut diff = String::new();
    for n in 0..w.len().max(g.len()) {
        let (a, b) = (w.get(n), g.get(n));
        if a != b {
            diff.push_str(&format!(
                "line {}:\n  - want {:?}\n  + got  {:?}\n",
                n + 1,
                a.copied().unwrap_or("<none>"),
                b.copied().unwrap_or("<none>")
            ));
        }
    }
    panic!(
        "{name} differs from {}:\n{diff}--- got in full ---\n{got}--- end ---\n\
         (if the change is intended: UPDATE_GOLDEN=1 cargo test --test report_golden)",
        path.display()
    );
}

fn report(cmd: ReportCommand) -> String {
    let ledger = load_path(&dir().join("ledger.ron"))
        .expect("fixture loads")
        .ledger;
    render(&cmd, &ledger, today()).expect("renders")
}

fn brief(format: Format) -> String {
    report(ReportCommand::Brief(args(format, None)))
}

fn notice(format: Format) -> String {
    report(ReportCommand::Notice(args(format, None)))
}

fn scorecard(format: Format) -> String {
    report(ReportCommand::Scorecard(args(format, None)))
}

#[test]
fn brief_md() {
    golden("brief.md", &brief(Format::Md));
}

#[test]
fn brief_txt() {
    golden("brief.txt", &brief(Format::Txt));
}

#[test]
fn brief_csv() {
    golden("brief.csv", &brief(Format::Csv));
}

#[test]
fn notice_md() {
    golden("notice.md", &notice(Format::Md));
}

#[test]
fn notice_txt() {
    golden("notice.txt", &notice(Format::Txt));
}

#[test]
fn notice_csv() {
    golden("notice.csv", &notice(Format::Csv));
}

#[test]
fn scorecard_md() {
    golden("scorecard.md", &scorecard(Format::Md));
}

#[test]
fn scorecard_txt() {
    golden("scorecard.txt", &scorecard(Format::Txt));
}

#[test]
fn scorecard_csv() {
    golden("scorecard.csv", &scorecard(Format::Csv));
}

#[test]
fn brief_for_a_unit_with_nothing_due_says_none_in_every_section() {
    let md = report(ReportCommand::Brief(args(Format::Md, Some("丁委"))));
    golden("brief-丁委.md", &md);
    assert_eq!(md.matches("\n无。\n").count(), 4, "{md}");
    let txt = report(ReportCommand::Brief(args(Format::Txt, Some("丁委"))));
    golden("brief-丁委.txt", &txt);
    assert_eq!(txt.matches("\n无。\n").count(), 4, "{txt}");
}

#[test]
fn notice_for_a_unit_with_nothing_late_says_none() {
    let md = report(ReportCommand::Notice(args(Format::Md, Some("丙委"))));
    golden("notice-丙委.md", &md);
    assert_eq!(md.matches("\n无。\n").count(), 3, "{md}");
}

#[test]
fn the_real_binary_prints_the_golden_brief() {
    let out = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(["report", "brief"])
        .arg(dir().join("ledger.ron"))
        .args(["--today", "2018-06-15"])
        .output()
        .expect("run tracker");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    golden("brief.md", &String::from_utf8_lossy(&out.stdout));
}
