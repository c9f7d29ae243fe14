//! Error messages quote values from the file (a bad date, an unknown lead, support unit or
//! category, a duplicate milestone name, a bad done date): `tracker check` and the
//! interface's start-up refusal show them cleaned, never the file's control sequences
//! (OSC 52, OSC 0, C1, RLO, BEL).

mod common;

use std::process::Command;

use common::poison::{assert_clean, poison};
use common::pty::Tui;

/// Errors quote what they found: a quoted value must be cleaned like any other text.
#[test]
fn error_messages_quote_bad_values_without_their_control_sequences() {
    let dir = tempfile::tempdir().expect("dir");
    let base = std::fs::read_to_string(common::root().join("tests/fixtures/valid/small.ron"))
        .expect("fixture");
    let p = poison("坏");
    let cases = [
        ("due", base.replace("\"2018-04-30\"", &format!("\"{p}\""))),
        (
            "lead",
            base.replace("lead: \"区农工委\"", &format!("lead: \"{p}\"")),
        ),
        (
            "support",
            base.replace(
                "support: [\"区城管执法局\"]",
                &format!("support: [\"{p}\"]"),
            ),
        ),
        (
            "category",
            base.replace("category: \"生态建设项目\"", &format!("category: \"{p}\"")),
        ),
        (
            "duplicate milestone",
            base.replace("\"建成开放\"", &format!("\"{p}\""))
                .replace("\"绿化完成\"", &format!("\"{p}\"")),
        ),
        (
            "done date",
            base.replace("done: \"2018-03-29\"", &format!("done: \"{p}\"")),
        ),
    ];
    for (what, text) in cases {
        assert_ne!(
            text, base,
            "{what}: the fixture changed; update the replacement"
        );
        let path = dir.path().join("bad.ron");
        std::fs::write(&path, &text).expect("write");
        let out = Command::new(env!("CARGO_BIN_EXE_tracker"))
            .arg("check")
            .arg(&path)
            .output()
            .expect("run");
        let err = String::from_utf8_lossy(&out.stderr);
        println!("{what}: {}", err.lines().next().unwrap_or(""));
        assert_eq!(out.status.code(), Some(1), "{what}: {err}");
        assert!(err.contains("bad.ron:"), "{what}: {err}");
        assert_clean(&out.stderr, &format!("check's error for a bad {what}"));
        // The interface refuses the same file before taking over the terminal: same message.
        let mut tui = Tui::start(
            &["--lang", "en", path.to_str().expect("path")],
            dir.path(),
            100,
            30,
            &[],
        );
        assert!(
            !tui.wait_exit(),
            "{what}: the interface refuses a broken ledger"
        );
        let raw = tui.raw.lock().expect("raw").clone();
        assert!(
            String::from_utf8_lossy(&raw).contains("bad.ron:"),
            "{what}: {}",
            String::from_utf8_lossy(&raw)
        );
        assert_clean(&raw, &format!("the interface's error for a bad {what}"));
    }
}
