//! Every kind of mistake in a ledger gets a message naming its line and column.
//! Each fixture in `tests/fixtures/invalid/NAME.ron` has `NAME.expect`: one
//! `LINE:COL: start of the message` per expected problem, in file order.

use std::path::Path;

use tracker::ledger::{LoadError, Severity, load_path};

fn fixtures() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_invalid_fixture_reports_its_problems_at_the_right_place() {
    let files = fixtures();
    assert!(
        files.len() >= 20,
        "expected a fixture per kind, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for ron in files {
        let expect_file = ron.with_extension("expect");
        let expected = std::fs::read_to_string(&expect_file)
            .unwrap_or_else(|_| panic!("{} has no .expect file", ron.display()));
        let before = std::fs::read(&ron).expect("read fixture");
        let result = load_path(&ron);
        let after = std::fs::read(&ron).expect("read fixture again");
        assert_eq!(before, after, "{}: loading changed the file", ron.display());
        let problems = match result {
            Err(LoadError::Invalid { problems, .. }) => problems,
            Err(other) => panic!("{}: unexpected error kind: {other}", ron.display()),
            Ok(_) => {
                failures.push(format!("{}: loaded without problems", ron.display()));
                continue;
            }
        };
        let got: Vec<String> = problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .map(|p| {
                format!(
                    "{}:{}: {}",
                    p.line,
                    p.col,
                    p.message(tracker::cli::Lang::En)
                )
            })
            .collect();
        let want: Vec<&str> = expected.lines().filter(|l| !l.trim().is_empty()).collect();
        let ok = got.len() == want.len() && got.iter().zip(&want).all(|(g, w)| g.starts_with(w));
        if !ok {
            failures.push(format!(
                "{}:\n  want: {want:#?}\n  got:  {got:#?}",
                ron.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn display_names_the_file_line_and_column() {
    let ron =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid/impossible_date.ron");
    let err = load_path(&ron).expect_err("invalid");
    let text = err.to_string();
    let want = format!("{}:20:46: 2018-04-31 is not a date", ron.display());
    assert!(text.starts_with(&want), "{text}");
}

#[test]
fn valid_fixtures_load_including_bom_and_crlf() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    for name in ["small.ron", "bom_crlf.ron"] {
        let loaded = load_path(&dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(loaded.ledger.projects.len(), 1, "{name}");
        assert!(loaded.warnings.is_empty(), "{name}: {:?}", loaded.warnings);
        let m = &loaded.ledger.projects[0].milestones[1];
        assert_eq!(m.by.as_deref(), Some("wang"));
    }
}

#[test]
fn control_characters_are_a_warning_and_shown_as_placeholders() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/small.ron"),
    )
    .expect("fixture")
    .replace("南水北调生态文化公园", "南水北调\\u{1b}[2J\\u{202e}公园");
    let (ledger, warnings) = tracker::ledger::load_str(&text).expect("loads with a warning");
    assert_eq!(ledger.projects[0].name, "南水北调␛[2J\u{2426}公园");
    assert_eq!(warnings.len(), 1);
    assert_eq!((warnings[0].line, warnings[0].col), (14, 19));
    assert_eq!(warnings[0].severity, Severity::Warning);
}

#[test]
fn sample_ledger_and_docs_example_load_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sample = load_path(&root.join("data/erqi-2018.ron")).unwrap_or_else(|e| panic!("{e}"));
    assert!(sample.warnings.is_empty(), "{:?}", sample.warnings);
    assert!(sample.ledger.projects.len() >= 40);
    let milestones: usize = sample
        .ledger
        .projects
        .iter()
        .map(|p| p.milestones.len())
        .sum();
    assert!(milestones >= 80, "{milestones} milestones");

    let doc = std::fs::read_to_string(root.join("docs/format.md")).expect("docs/format.md");
    let start = doc
        .find("```ron\n")
        .expect("a ```ron block in docs/format.md")
        + 7;
    let end = start + doc[start..].find("```").expect("end of the block");
    let (ledger, warnings) =
        tracker::ledger::load_str(&doc[start..end]).unwrap_or_else(|p| panic!("{p:#?}"));
    assert!(warnings.is_empty());
    assert!(!ledger.projects.is_empty());
}

#[test]
fn sample_shows_all_four_colours_on_2018_06_15() {
    use tracker::rules::{Colour, totals};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let l = load_path(&root.join("data/erqi-2018.ron"))
        .expect("sample")
        .ledger;
    let today = chrono::NaiveDate::from_ymd_opt(2018, 6, 15).expect("date");
    let t = totals(&l, &l.projects, today);
    for c in Colour::BY_SEVERITY {
        assert!(t.counts.get(c) > 0, "no {c:?} milestone on 2018-06-15");
    }
}

#[test]
fn the_format_page_stands_alone() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/format.md")).expect("docs/format.md");
    // Every file the page names, as a link or in backticks, is in the repository.
    let mut named: Vec<(String, std::path::PathBuf)> = Vec::new();
    for link in doc.split("](").skip(1) {
        let target = link.split(')').next().unwrap_or_default();
        if !target.starts_with("http") {
            named.push((target.to_string(), root.join("docs").join(target)));
        }
    }
    for quoted in doc.split('`').skip(1).step_by(2) {
        if quoted.contains('/') && quoted.ends_with(".md") {
            named.push((quoted.to_string(), root.join(quoted)));
        }
    }
    let missing: Vec<&String> = named
        .iter()
        .filter(|(_, p)| !p.exists())
        .map(|(n, _)| n)
        .collect();
    assert!(missing.is_empty(), "docs/format.md names {missing:?}");
    assert!(
        !doc.contains("contract"),
        "it refers to a contract elsewhere"
    );
}

#[test]
fn amounts_beyond_what_a_ledger_can_mean_are_refused_and_named() {
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/small.ron"),
    )
    .expect("fixture");
    assert!(base.contains("investment: (total: 12.5, plan: 3.0, done: 1.2)"));
    let text = base.replace(
        "investment: (total: 12.5, plan: 3.0, done: 1.2)",
        "investment: (total: 1.7e308, plan: 3.0, done: 1.2)",
    );
    let problems = tracker::ledger::load_str(&text).expect_err("refused");
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let p = &problems[0];
    assert_eq!(
        (p.line, p.col),
        (18, 33),
        "{}",
        p.message(tracker::cli::Lang::En)
    );
    assert_eq!(
        p.message(tracker::cli::Lang::En),
        "investment total is 1.7e308 亿元; expected at most 1000000 亿元 (100 万亿元): \
         is a decimal point or unit wrong?"
    );
    // A figure that loads shows compactly, not with hundreds of digits.
    assert_eq!(tracker::report::format::number(1e6), "1000000");
    assert!(tracker::report::format::number(1.7e308).len() <= 12);
}
