//! Text from a ledger never reaches the terminal as control sequences.

mod common;

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
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("ledger.ron");
    std::fs::write(&path, hostile_ledger()).expect("write");

    let check = std::process::Command::new(env!("CARGO_BIN_EXE_tracker"))
        .arg("check")
        .arg(&path)
        .output()
        .expect("run");
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

    let mut tui = Tui::start(
        &[
            "--today",
            "2018-06-15",
            "--lang",
            "zh",
            path.to_str().expect("path"),
        ],
        dir.path(),
        120,
        40,
        &[],
    );
    tui.wait_for("南水北调␛[2J␛]52;c;SGVsbG8=␇公园");
    // Every view, the detail panel, the picker and help.
    for keys in ["l", "h", "2", "3", "w", "w", "4", "1", "f"] {
        tui.keys(keys);
        std::thread::sleep(std::time::Duration::from_millis(80));
    }
    tui.esc();
    tui.keys("?");
    tui.wait_for("按键帮助");
    tui.esc();
    tui.keys("3");
    let screen = tui.wait_for("␛]8;;http://evil.example");
    assert!(
        screen.contains('\u{2426}'),
        "C1 and RLO shown as the replacement character:\n{screen}"
    );
    tui.keys("q");
    assert!(tui.wait_exit());

    let raw = tui.raw.lock().expect("raw").clone();
    let find = |needle: &[u8]| raw.windows(needle.len()).any(|w| w == needle);
    assert!(!find(b"\x1b]52;"), "OSC 52 reached the terminal");
    assert!(!find(b"\x1b]8;;"), "OSC 8 reached the terminal");
    assert!(!find(&[0xC2, 0x9B]), "C1 CSI reached the terminal");
    assert!(!find("\u{202e}".as_bytes()), "RLO reached the terminal");
    assert!(!find(b"\x07"), "BEL reached the terminal");
}
