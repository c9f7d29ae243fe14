//! When the ledger's folder cannot take the brief, the UI writes it into the current
//! directory. Alone in its own test binary because it changes the current directory.

mod common;

use std::path::Path;

use chrono::NaiveDate;
use tracker::lang::Lang;
use tracker::ledger::load_path;
use tracker::report::{Format, write_brief_from_ui};

#[test]
fn the_brief_falls_back_to_the_current_directory() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report");
    let ledger = load_path(&fixture.join("ledger.ron"))
        .expect("fixture loads")
        .ledger;
    let today = NaiveDate::from_ymd_opt(2018, 6, 15).expect("date");
    let tmp = tempfile::tempdir().expect("temp dir");
    std::env::set_current_dir(tmp.path()).expect("cd");

    // A folder that does not exist cannot be written, even by root.
    let nowhere = Path::new("/nonexistent/台账/ledger.ron");
    let written =
        write_brief_from_ui(&ledger, nowhere, today, None, Format::Md, Lang::Zh).expect("written");

    let expected = std::env::current_dir()
        .expect("cwd")
        .join("周例会简报-2018-06-15.md");
    assert_eq!(Path::new(&written), expected);
    assert_eq!(
        std::fs::read_to_string(&written).expect("read"),
        common::golden::report_golden("brief.md")
    );
}
