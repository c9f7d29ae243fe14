//! Every report, in every format, on the small hand-made ledgers `tests/fixtures/report/
//! ledger.ron` and `replan.ron` (monthly investment entries and re-planned milestones) as
//! of 2018-06-15, compared byte for byte with an insta snapshot in
//! `tests/snapshots/report_golden__*.snap` (BOM, CR and the end shown as marks).
//!
//! After an intended change, review the new snapshots with `cargo insta review`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use common::golden::visible;
use tracker::lang::Lang;
use tracker::ledger::load_path;
use tracker::report::{Format, Kind, Request, render};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report")
}

/// The same request for another report.
fn kind(kind: Kind, r: Request) -> Request {
    r.kind(kind)
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2018, 6, 15).expect("date")
}

fn args(format: Format, unit: Option<&str>) -> Request {
    Request {
        kind: Kind::Brief,
        days: None,
        unit: unit.map(str::to_string),
        format,
        bom: true,
        lang: Lang::Zh,
    }
}

/// Compares with the insta snapshot `name`, byte for byte (see `common::golden`).
fn golden(name: &str, got: &str) {
    insta::assert_snapshot!(name, visible(got));
}

fn report(cmd: Request) -> String {
    report_on("ledger.ron", cmd)
}

fn report_on(fixture: &str, cmd: Request) -> String {
    let ledger = load_path(&dir().join(fixture))
        .expect("fixture loads")
        .ledger;
    render(&cmd, &ledger, today()).expect("renders")
}

/// Every report in every format on `replan.ron`: 本月完成 beside 累计完成 (reported, reported
/// as 0, not reported), re-plans at the windows' edges, and the scorecard's 延期次数.
#[test]
fn monthly_and_replans_in_every_report_and_format() {
    for (name, k) in [
        ("brief", Kind::Brief),
        ("notice", Kind::Notice),
        ("scorecard", Kind::Scorecard),
    ] {
        for (ext, format) in [
            ("md", Format::Md),
            ("txt", Format::Txt),
            ("csv", Format::Csv),
        ] {
            let got = report_on("replan.ron", kind(k, args(format, None)));
            golden(&format!("replan-{name}.{ext}"), &got);
        }
    }
}

fn brief(format: Format) -> String {
    report(kind(Kind::Brief, args(format, None)))
}

fn notice(format: Format) -> String {
    report(kind(Kind::Notice, args(format, None)))
}

fn scorecard(format: Format) -> String {
    report(kind(Kind::Scorecard, args(format, None)))
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
    let md = report(kind(Kind::Brief, args(Format::Md, Some("丁委"))));
    golden("brief-丁委.md", &md);
    assert_eq!(md.matches("\n无。\n").count(), 5, "{md}");
    let txt = report(kind(Kind::Brief, args(Format::Txt, Some("丁委"))));
    golden("brief-丁委.txt", &txt);
    assert_eq!(txt.matches("\n无。\n").count(), 5, "{txt}");
}

#[test]
fn notice_for_a_unit_with_nothing_late_says_none() {
    let md = report(kind(Kind::Notice, args(Format::Md, Some("丙委"))));
    golden("notice-丙委.md", &md);
    assert_eq!(md.matches("\n无。\n").count(), 4, "{md}");
}

#[test]
fn the_real_binary_prints_the_golden_brief() {
    let out = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(["--lang", "zh", "report", "brief"])
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

/// The same request in English.
fn en(r: Request) -> Request {
    Request {
        lang: Lang::En,
        ..r
    }
}

/// Every report in every format in English, on both fixtures: the English table's words
/// around the ledger's own names, which are never translated.
#[test]
fn every_report_and_format_in_english() {
    for (name, k) in [
        ("brief", Kind::Brief),
        ("notice", Kind::Notice),
        ("scorecard", Kind::Scorecard),
    ] {
        for (ext, format) in [
            ("md", Format::Md),
            ("txt", Format::Txt),
            ("csv", Format::Csv),
        ] {
            let got = report(en(kind(k, args(format, None))));
            golden(&format!("{name}_en.{ext}"), &got);
            let got = report_on("replan.ron", en(kind(k, args(format, None))));
            golden(&format!("replan-{name}_en.{ext}"), &got);
        }
    }
}

#[test]
fn empty_sections_say_none_in_english() {
    let md = report(en(kind(Kind::Brief, args(Format::Md, Some("丁委")))));
    golden("brief-丁委_en.md", &md);
    assert_eq!(md.matches("\nNone.\n").count(), 5, "{md}");
    let md = report(en(kind(Kind::Notice, args(Format::Md, Some("丙委")))));
    golden("notice-丙委_en.md", &md);
    assert_eq!(md.matches("\nNone.\n").count(), 4, "{md}");
}

#[test]
fn the_real_binary_follows_lang_and_the_environment() {
    let run = |args: &[&str], env_lang: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_tracker"))
            .args(["report", "brief"])
            .arg(dir().join("ledger.ron"))
            .args(["--today", "2018-06-15"])
            .args(args)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", env_lang)
            .output()
            .expect("run tracker");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    golden("brief_en.md", &run(&["--lang", "en"], "zh_CN.UTF-8"));
    golden("brief.md", &run(&[], "zh_CN.UTF-8"));
    golden("brief_en.md", &run(&[], "C.UTF-8"));
    golden("brief.md", &run(&["--lang", "zh"], "en_US.UTF-8"));
}
