//! CSV that Excel opens correctly and safely: a BOM unless `--no-bom`, CRLF records, RFC 4180
//! quoting, text cells that could run as formulas prefixed with `'`, numbers left as numbers.

use std::path::Path;

use chrono::NaiveDate;
use tracker::lang::Lang;
use tracker::ledger::{Ledger, load_path};
use tracker::report::csv::{Cell, Csv};
use tracker::report::{Format, Kind, Request, render};

fn fixture() -> Ledger {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report/ledger.ron");
    load_path(&path).expect("fixture loads").ledger
}

fn csv_args(no_bom: bool) -> Request {
    Request {
        kind: Kind::Brief,
        days: None,
        unit: None,
        format: Format::Csv,
        bom: !no_bom,
        lang: Lang::Zh,
    }
}

/// The same request for another report.
fn kind(kind: Kind, r: Request) -> Request {
    r.kind(kind)
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2018, 6, 15).expect("date")
}

fn all_csv(ledger: &Ledger, no_bom: bool) -> Vec<String> {
    [
        kind(Kind::Brief, csv_args(no_bom)),
        kind(Kind::Notice, csv_args(no_bom)),
        kind(Kind::Scorecard, csv_args(no_bom)),
    ]
    .iter()
    .map(|cmd| render(cmd, ledger, today()).expect("renders"))
    .collect()
}

#[test]
fn every_report_starts_with_a_bom_unless_told_not_to() {
    let ledger = fixture();
    for csv in all_csv(&ledger, false) {
        assert!(csv.starts_with("\u{feff}"), "{csv}");
        assert_eq!(csv.matches('\u{feff}').count(), 1);
    }
    for csv in all_csv(&ledger, true) {
        assert!(!csv.contains('\u{feff}'), "{csv}");
    }
}

#[test]
fn every_record_ends_with_crlf_and_has_the_headers_width() {
    let ledger = fixture();
    for csv in all_csv(&ledger, true) {
        assert!(csv.ends_with("\r\n"));
        assert!(
            !csv.replace("\r\n", "").contains('\n'),
            "bare LF in {csv:?}"
        );
        // No cell in the fixture contains a quoted comma except `A,B "双子"座`.
        let width = |l: &str| l.replace("\"A,B \"\"双子\"\"座\"", "x").split(',').count();
        let mut lines = csv.split_terminator("\r\n");
        let head = width(lines.next().expect("header"));
        for l in lines {
            assert_eq!(width(l), head, "{l}");
        }
    }
}

#[test]
fn ledger_text_is_quoted_and_neutralised_numbers_are_not() {
    let csv = render(&kind(Kind::Brief, csv_args(true)), &fixture(), today()).expect("renders");
    // Comma and quotes: quoted, quotes doubled.
    assert!(csv.contains(",\"A,B \"\"双子\"\"座\","), "{csv}");
    // Text starting with = + - @ gets a leading apostrophe; `=` inside a cell is left alone.
    for cell in [",'=A1+1 危险名,", ",'+B 项目,", ",'-3 号地块,"] {
        assert!(csv.contains(cell), "{cell} in {csv}");
    }
    assert!(csv.contains(",签约=落地,"), "{csv}");
    // Days late and the gap stay numbers, negative ones included; the month without an
    // entry is the text 未报, the year-to-date total a number.
    assert!(csv.contains(",►蓝,-5,,,,,,,\r\n"), "{csv}");
    assert!(csv.contains(",10,45.5,-35.5,未报,1,,\r\n"), "{csv}");
    assert!(!csv.contains("'-5") && !csv.contains("'-35.5"), "{csv}");
}

#[test]
fn every_dangerous_first_character_in_ledger_text_is_neutralised() {
    // The loader strips control characters, so TAB and CR can only reach a report from a
    // ledger built in memory; the writer must still neutralise them.
    let mut ledger = fixture();
    let names = ["=1+1", "+1", "-1", "@SUM(A1)", "\tTAB", "\rCR"];
    // The projects the brief lists (overdue, due soon or lagging); @物流园 (4) is not one.
    for (i, name) in [0, 1, 2, 3, 5, 6].into_iter().zip(names) {
        ledger.projects[i].name = name.into();
    }
    let csv = render(&kind(Kind::Brief, csv_args(true)), &ledger, today()).expect("renders");
    let cells = [
        ",'=1+1,",
        ",'+1,",
        ",'-1,",
        ",'@SUM(A1),",
        ",'\tTAB,",
        ",\"'\rCR\",",
    ];
    for (name, cell) in names.iter().zip(cells) {
        assert!(
            csv.contains(cell),
            "{name:?} should be written {cell:?} in {csv:?}"
        );
        assert!(
            !csv.contains(&format!(",{name},")) && !csv.contains(&format!(",\"{name}\",")),
            "{name:?} left as is in {csv:?}"
        );
    }
}

#[test]
fn the_writer_handles_each_case_on_its_own() {
    let row = |cells: Vec<Cell>| {
        let mut c = Csv::new(false);
        c.row(cells);
        c.finish()
    };
    let text = |s: &str| Cell::Text(s.to_string());
    assert_eq!(row(vec![text("=1+1")]), "'=1+1\r\n");
    assert_eq!(row(vec![text("+1")]), "'+1\r\n");
    assert_eq!(row(vec![text("-1")]), "'-1\r\n");
    assert_eq!(row(vec![text("@A1")]), "'@A1\r\n");
    assert_eq!(row(vec![text("\tx")]), "'\tx\r\n");
    assert_eq!(row(vec![text("\rx")]), "\"'\rx\"\r\n");
    assert_eq!(row(vec![text("a\nb")]), "\"a\nb\"\r\n");
    assert_eq!(row(vec![text("say \"hi\"")]), "\"say \"\"hi\"\"\"\r\n");
    assert_eq!(
        row(vec![text("=HYPERLINK(\"x\")")]),
        "\"'=HYPERLINK(\"\"x\"\")\"\r\n"
    );
    assert_eq!(
        row(vec![
            Cell::Number(-3.0),
            Cell::Number(2.5),
            Cell::Empty,
            text("-3")
        ]),
        "-3,2.5,,'-3\r\n"
    );
    assert_eq!(Csv::new(true).finish(), "\u{feff}");
}

#[test]
fn a_formula_after_blanks_or_in_full_width_is_neutralised() {
    // Excel and WPS were not observed here: every text cell whose first non-blank character
    // (after ASCII or full-width spaces and tabs) is = + - @ or their full-width forms gets
    // the apostrophe.
    let row = |s: &str| {
        let mut c = Csv::new(false);
        c.row(vec![Cell::Text(s.to_string())]);
        c.finish()
    };
    for s in [
        " =1+1",
        "  +1",
        "\u{3000}-1",
        " \t@SUM(A1)",
        "＝1+1",
        "＋1",
        "－1",
        "＠SUM(A1)",
        "\u{3000} ＝HYPERLINK(1)",
        "\u{a0}=1",
    ] {
        assert_eq!(row(s), format!("'{s}\r\n"), "{s:?}");
    }
    // Quoted cells keep the apostrophe inside the quotes.
    assert_eq!(row(" =A1,B1"), "\"' =A1,B1\"\r\n");
    // Text with a formula character later, blanks alone, and numbers stay as they are.
    for s in ["a =1", "项目＝1", "   ", "\u{3000}", ""] {
        assert_eq!(row(s), format!("{s}\r\n"), "{s:?}");
    }
    let mut c = Csv::new(false);
    c.row(vec![Cell::Number(-3.0), Cell::Number(-0.5)]);
    assert_eq!(c.finish(), "-3,-0.5\r\n");
}

#[test]
fn ledger_names_with_a_hidden_formula_are_neutralised_in_every_report() {
    let mut ledger = fixture();
    let names = [" =1+1", "＝HYPERLINK(\"x\")", "\u{3000}＋1", "－1"];
    for (i, name) in [0, 1, 2, 3].into_iter().zip(names) {
        ledger.projects[i].name = name.into();
    }
    ledger.units[2].name = "＠乙办".into();
    let csv = render(&kind(Kind::Brief, csv_args(true)), &ledger, today()).expect("renders");
    for cell in [
        ",' =1+1,",
        ",\"'＝HYPERLINK(\"\"x\"\")\",",
        ",'\u{3000}＋1,",
        ",'－1,",
        ",'＠乙办,",
    ] {
        assert!(csv.contains(cell), "{cell:?} in {csv:?}");
    }
    for csv in all_csv(&ledger, true) {
        assert!(!csv.contains(",＠乙办,") && !csv.contains(",－1,"), "{csv}");
    }
}
