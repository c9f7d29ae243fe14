//! Text whose width terminals and ratatui measure differently (emoji ZWJ sequences, flags,
//! variation selectors, skin tones, stacked combining marks) never pushes a column out of
//! line: the real binary in a pseudo-terminal, every view, the border column checked.

mod common;

use common::poison::{check, ledger_in_temp};
use common::pty::{RIGHT, Tui};

/// Names that unicode-width and terminals measure differently, as RON escapes.
const TRICKY: &[(&str, &str)] = &[
    (
        "家庭",
        "\\u{1f468}\\u{200d}\\u{1f469}\\u{200d}\\u{1f467}\\u{200d}\\u{1f466}",
    ),
    ("国旗", "\\u{1f1e8}\\u{1f1f3}\\u{1f1fa}\\u{1f1f8}"),
    (
        "爱心",
        "\\u{2764}\\u{fe0f}\\u{263a}\\u{fe0f}\\u{2764}\\u{fe0e}",
    ),
    ("点赞", "\\u{1f44d}\\u{1f3fd}\\u{1f44d}\\u{1f3ff}"),
    ("键帽", "1\\u{fe0f}\\u{20e3}#\\u{fe0f}\\u{20e3}"),
];

fn zalgo() -> String {
    let mut s = "e".to_string();
    for _ in 0..50 {
        s.push_str("\\u{301}");
    }
    s
}

/// A ledger with one project per tricky name (the name's tag first, then the text), one
/// milestone each, and a plain project to compare against.
fn ledger() -> String {
    let mut projects = String::new();
    let mut names: Vec<(String, String)> = TRICKY
        .iter()
        .map(|(t, s)| (t.to_string(), s.to_string()))
        .collect();
    names.push(("叠加".to_string(), zalgo()));
    for (tag, s) in &names {
        projects.push_str(&format!(
            "        Project(name: \"{tag}{s}项目\", category: \"类{s}\", lead: \"区农工委\", \
             milestones: [Milestone(name: \"{tag}{s}节点\", due: \"2018-06-20\")]),\n"
        ));
    }
    format!(
        r#"#![enable(implicit_some)]
Ledger(
    title: "宽度台账",
    year: 2018,
    categories: ["普通", {cats}],
    warning: (soon_days: 14, red_days: 30),
    units: [Unit(name: "区农工委")],
    projects: [
        Project(name: "普通项目", category: "普通", lead: "区农工委",
            milestones: [Milestone(name: "普通节点", due: "2018-06-20")]),
{projects}    ],
)
"#,
        cats = names
            .iter()
            .map(|(_, s)| format!("\"类{s}\""))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

const TAGS: &[&str] = &["家庭", "国旗", "爱心", "点赞", "键帽", "叠加"];

/// A character a terminal draws at a width ratatui does not expect, or a fragment of one.
fn tricky_char(c: char) -> bool {
    let u = c as u32;
    (0x1F000..=0x1FFFF).contains(&u) || (0xFE00..=0xFE0F).contains(&u) || u == 0x20E3
}

/// The screen's rows, each with the columns of `│` and of the countdown's `还`.
fn check_alignment(tui: &Tui, view: &str) {
    let screen = tui.screen();
    let lines: Vec<&str> = screen.lines().collect();
    let borders = tui.columns_of("│");
    let countdown = tui.columns_of("还");
    let has_tag = |r: usize| {
        lines
            .get(r)
            .is_some_and(|l| TAGS.iter().any(|t| l.contains(t)))
    };
    for (r, line) in lines.iter().enumerate() {
        if !has_tag(r) {
            // A fragment left behind where nothing tricky is meant to be: the terminal's
            // cells no longer match what tracker drew.
            assert!(
                !line.chars().any(tricky_char),
                "{view}: a stray fragment on row {r}: {line:?}\n{screen}"
            );
            continue;
        }
        if line.contains('┌') {
            continue; // a panel's title
        }
        // The next row below without tricky text has the same panels: same borders.
        let Some(reference) = (r + 1..lines.len())
            .find(|&q| !has_tag(q) && !borders[q].is_empty() && !lines[q].contains('└'))
        else {
            continue;
        };
        assert_eq!(
            borders[r], borders[reference],
            "{view}: the borders of row {r} moved:\n{line}\n{}\n{screen}",
            lines[reference]
        );
        // Rows of one panel put the countdown in one column.
        if let Some(&col) = countdown[r].last() {
            for (q, cols) in countdown.iter().enumerate() {
                if borders[q] == borders[r] && !cols.is_empty() && q != r {
                    assert!(
                        cols.contains(&col),
                        "{view}: the countdown of row {r} is at column {col}, of row {q} at \
                         {cols:?}:\n{screen}"
                    );
                }
            }
        }
    }
}

#[test]
fn tricky_widths_are_replaced_and_columns_stay_in_line() {
    let (_dir, path) = ledger_in_temp(&ledger());

    // The loader warns about each replaced name (project, category, milestone).
    let check = check(&path);
    let err = String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "{err}");
    assert!(
        err.matches("warning: control or invisible characters")
            .count()
            >= 3 * TAGS.len(),
        "{err}"
    );

    let mut tui = Tui::open(&path, "zh", 140, 40, &[]);
    let first = tui.wait_for("今天 2018-06-15");
    // Shown with the placeholder: the flag's four regional indicators, the ZWJs.
    assert!(
        first.contains("国旗\u{2426}\u{2426}\u{2426}\u{2426}项目"),
        "{first}"
    );
    assert!(first.contains("家庭\u{1f468}\u{2426}\u{1f469}"), "{first}");
    check_alignment(&tui, "projects");
    // Down the table (the detail follows the selection), into the milestones, then every
    // other view.
    for (k, view) in [
        ("j", "projects, row 2"),
        ("j", "projects, row 3"),
        ("j", "projects, row 4"),
        ("j", "projects, row 5"),
        ("j", "projects, row 6"),
        ("k", "projects, back up"),
        ("k", "projects, back up"),
        (RIGHT, "milestones"),
        ("2", "units"),
        ("l", "unit pledges"),
        ("h", "units again"),
        ("3", "timeline"),
        ("w", "wall chart"),
        ("w", "timeline again"),
        ("4", "overview"),
        ("1", "projects again"),
    ] {
        tui.keys(k);
        std::thread::sleep(std::time::Duration::from_millis(100));
        tui.wait_until(view, |_| true);
        check_alignment(&tui, view);
    }
    tui.keys("q");
    assert!(tui.wait_exit());
}
