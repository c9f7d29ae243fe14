//! Nothing injected, beyond names: control sequences, C1 controls and bidi/invisible characters
//! in EVERY text field of a ledger, in the ledger's file name and in the user name never reach
//! the terminal, through any view, dialog or message, nor `tracker check`'s output.

mod common;

use std::path::Path;
use std::process::Command;

use common::poison::{
    assert_clean, check, hostile_ledger as ledger, ledger_in_temp, start_on, walk_every_view,
};
use common::pty::{ENTER, RIGHT, Tui};

#[test]
fn check_warns_and_prints_no_control_sequence() {
    let (_dir, path) = ledger_in_temp(&ledger());
    let out = check(&path);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    // One warning per poisoned field, each at its own line and column.
    let warnings = err.matches(": warning: control or invisible").count();
    assert!(warnings >= 18, "{warnings} warnings:\n{err}");
    assert!(err.contains("ledger.ron:4:12: warning:"), "{err}");
    assert_clean(&out.stderr, "check's warnings");
    assert_clean(&out.stdout, "check's summary");
}

#[test]
fn every_field_every_view_no_control_sequence_reaches_the_terminal() {
    // The user name recorded by a cross-off is poisoned too.
    let (_dir, path, mut tui) = start_on(
        &ledger(),
        200,
        50,
        &[(
            "TRACKER_USER",
            "坏人\u{1b}]52;c;VVNFUg==\u{7}\u{202e}\u{9b}8;1;1t",
        )],
    );
    let first = tui.wait_for("今天 2018-06-15");
    assert!(first.contains("项目␛]0;PWNED"), "{first}");
    walk_every_view(&mut tui, "甲委");
    // Cross off the first open milestone of the poisoned project as the poisoned user, then
    // look at it in the detail panel, then undo.
    tui.keys("1");
    tui.keys(RIGHT);
    tui.keys("x");
    // (The dialog's date line may be pushed out of its box by the long unit name.)
    tui.wait_for("销号");
    tui.keys(ENTER);
    let saved = tui.wait_until("saved", |s| s.contains("已保存"));
    assert!(!saved.contains('\u{202e}'), "{saved}");
    tui.keys("u");
    tui.wait_until("undo saved", |s| {
        s.contains("已保存") && s.contains("撤销销号")
    });
    let screen = tui.screen();
    assert!(
        screen.contains('\u{241b}') && screen.contains('\u{2426}'),
        "placeholders ␛ and ␦ on screen:\n{screen}"
    );
    tui.keys("q");
    assert!(tui.wait_exit());
    let raw = tui.raw.lock().expect("raw").clone();
    assert_clean(&raw, "the interface");
    // What was saved and undone is back to the original bytes.
    assert_eq!(std::fs::read_to_string(&path).expect("read"), ledger());
}

#[test]
fn a_poisoned_file_name_is_shown_safely() {
    let dir = tempfile::tempdir().expect("dir");
    let name = "台账\u{1b}]0;PWNED\u{7}\u{202e}nor.ledger";
    let path = dir.path().join(format!("{name}.ron"));
    std::fs::write(&path, tracker::generate::ledger_text(3, 1)).expect("write");
    let mut tui = Tui::open(&path, "en", 160, 40, &[]);
    let screen = tui.wait_for("today 2018-06-15");
    assert!(
        screen.contains("nor.ledger.ron"),
        "the file name is on screen:\n{screen}"
    );
    tui.keys("q");
    assert!(tui.wait_exit());
    let raw = tui.raw.lock().expect("raw").clone();
    assert_clean(&raw, "the interface, file name in the title");
}

#[test]
fn the_poisoned_ledger_is_not_rewritten_by_a_command_line_cross_off() {
    // `tracker done` with a poisoned project name (as typed) works, and the file keeps every
    // other byte: the payloads stay escaped in the file, never turned into raw bytes.
    let (_dir, path) = ledger_in_temp(&ledger());
    let loaded = tracker::ledger::load_path(&path).expect("loads");
    let project = loaded.ledger.projects[0].name.clone();
    let milestone = loaded.ledger.projects[0].milestones[0].name.clone();
    let out = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .arg("done")
        .arg(&path)
        .args([&project, &milestone, "--date", "2018-06-01", "--by", "k"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_clean(&out.stdout, "done's report");
    let after = std::fs::read_to_string(&path).expect("read");
    assert!(!after.contains('\u{1b}'), "no raw ESC written to the file");
    let expected = ledger().replacen(
        "due: \"2018-04-30\")",
        "due: \"2018-04-30\", done: \"2018-06-01\", by: \"k\")",
        1,
    );
    assert_eq!(after, expected);
    assert!(Path::new(&path).exists());
}
