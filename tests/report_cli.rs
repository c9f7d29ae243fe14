//! `tracker report ...` as the office runs it: `-o` writes the file and prints its path,
//! errors go to stderr with exit code 1, and the UI's brief lands beside the ledger.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::NaiveDate;
use tracker::lang::Lang;
use tracker::ledger::load_path;
use tracker::report::{Format, write_brief_from_ui};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report")
}

/// The report golden `name` (kept as a `report_golden` snapshot).
fn golden(name: &str) -> String {
    common::golden::report_golden(name)
}

fn tracker(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(args)
        .args(["--today", "2018-06-15"])
        .output()
        .expect("run tracker")
}

fn fixture() -> String {
    dir().join("ledger.ron").display().to_string()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn output_file_is_written_and_its_path_printed() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out_path = tmp.path().join("督查通报.txt");
    let out_arg = out_path.display().to_string();
    let out = tracker(&[
        "--lang",
        "zh",
        "report",
        "notice",
        &fixture(),
        "--format",
        "txt",
        "-o",
        &out_arg,
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), format!("{out_arg}\n"));
    assert_eq!(
        std::fs::read_to_string(&out_path).expect("written"),
        golden("notice.txt")
    );
    // The temporary file beside it was renamed, not left behind.
    let names: Vec<_> = std::fs::read_dir(tmp.path())
        .expect("list")
        .filter_map(|e| e.ok().map(|e| e.file_name()))
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn an_existing_output_file_is_replaced() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out_path = tmp.path().join("考核.csv");
    std::fs::write(&out_path, "old report, longer than nothing").expect("seed");
    let out_arg = out_path.display().to_string();
    let out = tracker(&[
        "--lang",
        "zh",
        "report",
        "scorecard",
        &fixture(),
        "--format",
        "csv",
        "--no-bom",
        "-o",
        &out_arg,
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let want = golden("scorecard.csv");
    let want = want.strip_prefix('\u{feff}').expect("golden has a BOM");
    assert_eq!(std::fs::read_to_string(&out_path).expect("written"), want);
}

#[test]
fn an_unknown_unit_is_an_error_listing_the_units() {
    let out = tracker(&["report", "scorecard", &fixture(), "--unit", "没有的单位"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(
        text(&out.stderr),
        "tracker: no unit named \"没有的单位\"; the ledger's units are: 攻坚办, 甲局, 乙办, 丙委, 丁委\n"
    );
}

#[test]
fn a_missing_ledger_or_unwritable_output_is_an_error() {
    let out = tracker(&["report", "brief", "/nonexistent/ledger.ron"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with("tracker: "),
        "{}",
        text(&out.stderr)
    );
    assert!(out.stdout.is_empty());

    let out = tracker(&[
        "report",
        "brief",
        &fixture(),
        "-o",
        "/nonexistent/dir/brief.md",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with("tracker: cannot write /nonexistent/dir/brief.md: "),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_unit_filter_and_window_reach_the_report() {
    let out = tracker(&[
        "--lang",
        "zh",
        "report",
        "brief",
        &fixture(),
        "--unit",
        "丁委",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), golden("brief-丁委.md"));

    let out = tracker(&[
        "--lang",
        "zh",
        "report",
        "brief",
        &fixture(),
        "--days",
        "15",
        "--format",
        "csv",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // In a wider window, but still green by the ledger's four-colour rule (soon_days 14).
    assert!(
        text(&out.stdout).contains(",'@物流园,签约,2018-06-30,✓绿,-15,"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn the_ui_writes_the_brief_beside_the_ledger() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = tmp.path().join("ledger.ron");
    std::fs::copy(dir().join("ledger.ron"), &path).expect("copy");
    let ledger = load_path(&path).expect("loads").ledger;
    let today = NaiveDate::from_ymd_opt(2018, 6, 15).expect("date");

    let written =
        write_brief_from_ui(&ledger, &path, today, None, Format::Md, Lang::Zh).expect("written");
    assert_eq!(
        PathBuf::from(&written),
        tmp.path().join("周例会简报-2018-06-15.md")
    );
    assert_eq!(
        std::fs::read_to_string(&written).expect("read"),
        golden("brief.md")
    );

    // The unit filter of the UI applies; the same name is written again.
    let unit = ledger.unit_by_name("丁委");
    let again =
        write_brief_from_ui(&ledger, &path, today, unit, Format::Md, Lang::Zh).expect("written");
    assert_eq!(again, written);
    assert_eq!(
        std::fs::read_to_string(&again).expect("read"),
        golden("brief-丁委.md")
    );
}

/// The report fixture with its `warning.soon_days` set to `days`, in `dir`.
fn with_soon_days(dir: &Path, days: i64) -> PathBuf {
    let text = std::fs::read_to_string(fixture())
        .expect("fixture")
        .replace("soon_days: 14", &format!("soon_days: {days}"));
    assert!(
        text.contains(&format!("soon_days: {days},")),
        "fixture changed"
    );
    let path = dir.join("ledger.ron");
    std::fs::write(&path, text).expect("write ledger");
    path
}

#[test]
fn the_brief_window_is_the_ledgers_soon_days_unless_days_says_otherwise() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = with_soon_days(tmp.path(), 10);
    let file = path.display().to_string();

    let out = tracker(&["--lang", "zh", "report", "brief", &file, "--format", "txt"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let brief = text(&out.stdout);
    assert!(brief.contains("临期窗口：10天"), "{brief}");
    // Due today (乙项目) and in 5 days (主体|封顶); 甲项目/竣工 in 14 days is outside.
    assert!(brief.contains("二、10天内到期节点（2个）"), "{brief}");

    let out = tracker(&[
        "--lang", "zh", "report", "brief", &file, "--format", "txt", "--days", "14",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let brief = text(&out.stdout);
    assert!(brief.contains("临期窗口：14天"), "{brief}");
    assert!(brief.contains("二、14天内到期节点（3个）"), "{brief}");

    // The UI's `b` uses the ledger's window too.
    let ledger = load_path(&path).expect("loads").ledger;
    let today = NaiveDate::from_ymd_opt(2018, 6, 15).expect("date");
    let written =
        write_brief_from_ui(&ledger, &path, today, None, Format::Txt, Lang::Zh).expect("written");
    let brief = std::fs::read_to_string(&written).expect("read");
    assert!(brief.contains("临期窗口：10天"), "{brief}");
}

#[test]
fn the_ui_writes_the_brief_in_the_chosen_format() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = tmp.path().join("ledger.ron");
    std::fs::copy(dir().join("ledger.ron"), &path).expect("copy");
    let ledger = load_path(&path).expect("loads").ledger;
    let today = NaiveDate::from_ymd_opt(2018, 6, 15).expect("date");
    for (format, ext, want) in [
        (Format::Txt, "txt", "brief.txt"),
        (Format::Csv, "csv", "brief.csv"),
        (Format::Md, "md", "brief.md"),
    ] {
        let written =
            write_brief_from_ui(&ledger, &path, today, None, format, Lang::Zh).expect("written");
        assert_eq!(
            PathBuf::from(&written),
            tmp.path().join(format!("周例会简报-2018-06-15.{ext}"))
        );
        assert_eq!(
            std::fs::read_to_string(&written).expect("read"),
            golden(want),
            "{ext}"
        );
    }
}

#[test]
fn the_ui_brief_format_is_txt_unless_brief_format_is_given() {
    use clap::Parser;
    use tracker::cli::Cli;
    use tracker::ui::Options;
    use tracker::ui::terminal::prepare;

    let cli = Cli::try_parse_from(["tracker", "--brief-format", "csv", "x.ron"]).expect("parses");
    assert_eq!(cli.brief_format, Some(Format::Csv));
    assert!(Cli::try_parse_from(["tracker", "--brief-format", "docx"]).is_err());

    let opts = Options {
        file: Some(dir().join("ledger.ron")),
        today: NaiveDate::from_ymd_opt(2018, 6, 15),
        ..Options::default()
    };
    assert_eq!(prepare(&opts).expect("app").brief_format, Format::Txt);
    let opts = Options {
        brief_format: Some(Format::Md),
        ..opts
    };
    assert_eq!(prepare(&opts).expect("app").brief_format, Format::Md);
}

#[test]
fn the_ui_writes_the_brief_in_its_language_under_a_name_in_that_language() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = tmp.path().join("ledger.ron");
    std::fs::copy(dir().join("ledger.ron"), &path).expect("copy");
    let ledger = load_path(&path).expect("loads").ledger;
    let today = NaiveDate::from_ymd_opt(2018, 6, 15).expect("date");
    let written =
        write_brief_from_ui(&ledger, &path, today, None, Format::Md, Lang::En).expect("written");
    assert_eq!(
        PathBuf::from(&written),
        tmp.path().join("weekly-brief-2018-06-15.md")
    );
    assert_eq!(
        std::fs::read_to_string(&written).expect("read"),
        golden("brief_en.md")
    );
}
