//! Text from a ledger never reaches the terminal as control sequences.

mod common;

use common::poison::{assert_clean, check, ledger_in_temp, walk_every_view};
use common::pty::Tui;
use common::root;

/// ESC[2J, OSC 52 (clipboard), OSC 8 (hyperlink), C1 CSI (U+009B) and RLO (U+202E) in names.
fn hostile_ledger() -> String {
    std::fs::read_to_string(root().join("tests/fixtures/valid/small.ron"))
        .expect("fixture")
        .replace(
            "南水北调生态文化公园",
            "南水北调\\u{1b}[2J\\u{1b}]52;c;SGVsbG8=\\u{7}公园\\u{202e}",
        )
        .replace("\"区农工委\"", "\"区农工委\\u{9b}31m\"")
        .replace(
            "name: \"建成开放\"",
            "name: \"\\u{1b}]8;;http://evil.example\\u{1b}\\\\建成开放\\u{1b}]8;;\\u{1b}\\\\\"",
        )
}

#[test]
fn control_sequences_in_names_are_shown_as_placeholders_never_sent() {
    let (_dir, path) = ledger_in_temp(&hostile_ledger());
    let check = check(&path);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let warnings = String::from_utf8_lossy(&check.stderr);
    assert!(
        warnings
            .matches("warning: control or invisible characters")
            .count()
            >= 3,
        "{warnings}"
    );

    let mut tui = Tui::open(&path, "zh", 120, 40, &[]);
    tui.wait_for("南水北调␛[2J␛]52;c;SGVsbG8=␇公园");
    // Every view, the detail panel, the picker and help.
    walk_every_view(&mut tui, "区农工委");
    tui.keys("3");
    let screen = tui.wait_for("␛]8;;http://evil.example");
    assert!(
        screen.contains('\u{2426}'),
        "C1 and RLO shown as the replacement character:\n{screen}"
    );
    tui.keys("q");
    assert!(tui.wait_exit());

    // OSC 52, OSC 8, C1 CSI, RLO and BEL among them.
    let raw = tui.raw.lock().expect("raw").clone();
    assert_clean(&raw, "the interface");
}
