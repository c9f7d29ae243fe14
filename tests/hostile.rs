//! Hostile and broken ledgers: every one ends with a clear message naming the file, quickly,
//! and nothing on disk changes. Plus property tests (fixed seeds) for the loader and the
//! in-place editor.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::root;
use tracker::generate::Rng;
use tracker::ledger::{Change, load_bytes, load_str};

fn check(path: &Path) -> (Output, Duration) {
    let t = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .arg("check")
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run tracker");
    // Never a hang: give up (and fail) after 20 s.
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if t.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("{}: tracker check hung", path.display());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let out = child.wait_with_output().expect("output");
    (out, t.elapsed())
}

fn hostile(name: &str) -> PathBuf {
    root().join("tests/fixtures/hostile").join(name)
}

/// Files that must be refused: (file, words the message must contain).
const REFUSED: &[(&str, &str)] = &[
    ("deep_nesting.ron", "deep_nesting.ron:1:"),
    ("deep_nesting_unclosed.ron", "deep_nesting_unclosed.ron:1:"),
    ("huge_number.ron", "investment plan is inf"),
    ("nan.ron", "investment total is NaN"),
    ("negative_days.ron", "soon_days is -5"),
    ("nul_byte.ron", "nul_byte.ron:5:"),
    ("latin1.ron", "byte 0xDF is not UTF-8 text"),
    ("duplicate_field.ron", "field `year` appears twice"),
    ("unknown_field.ron", "unknown field `mayor` in Ledger"),
    (
        "conflict_markers.ron",
        "conflict_markers.ron:8:1: git merge conflict marker",
    ),
    ("unterminated_string.ron", "unterminated_string.ron:"),
    ("unterminated_comment.ron", "unterminated_comment.ron:"),
    ("empty.ron", "empty.ron:1:1:"),
    ("not_ron.ron", "not_ron.ron:1:1:"),
    ("wrong_types.ron", "wrong_types.ron:5:"),
];

#[test]
fn every_broken_ledger_gets_a_clear_message_quickly_and_is_left_alone() {
    for (name, words) in REFUSED {
        let path = hostile(name);
        let before = std::fs::read(&path).expect("fixture");
        let (out, took) = check(&path);
        let err = String::from_utf8_lossy(&out.stderr);
        println!(
            "{name}: {} ms: {}",
            took.as_millis(),
            err.lines().next().unwrap_or("")
        );
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        assert!(err.contains(words), "{name}: expected {words:?} in:\n{err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert!(took < Duration::from_secs(10), "{name} took {took:?}");
        assert_eq!(
            std::fs::read(&path).expect("fixture"),
            before,
            "{name} changed"
        );
    }
}

#[test]
fn odd_but_valid_files_load_with_warnings() {
    let (out, _) = check(&hostile("bom.ron"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (out, _) = check(&hostile("control_chars.ron"));
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("control_chars.ron:14:19: warning: control or invisible characters"),
        "{err}"
    );
}

#[test]
fn directories_pipes_devices_and_a_50_mb_file() {
    let dir = tempfile::tempdir().expect("dir");
    // A directory.
    let (out, _) = check(dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a regular file"));
    // A FIFO: refused without opening it (opening would block forever).
    let fifo = dir.path().join("pipe.ron");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo")
            .success()
    );
    let (out, took) = check(&fifo);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a regular file"));
    assert!(took < Duration::from_secs(10));
    // An endless device.
    let (out, _) = check(Path::new("/dev/zero"));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("/dev/zero: the ledger is not a regular file")
    );
    // 50 MB: an unterminated title. Generated here, not committed.
    let big = dir.path().join("big.ron");
    let mut text = String::from("Ledger(title: \"");
    text.push_str(&"台账".repeat(50 * 1024 * 1024 / 6));
    std::fs::write(&big, &text).expect("write");
    let (out, took) = check(&big);
    let err = String::from_utf8_lossy(&out.stderr);
    println!(
        "50 MB: {} ms: {}",
        took.as_millis(),
        err.lines().next().unwrap_or("")
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("big.ron:1:"), "{err}");
    assert!(took < Duration::from_secs(15), "50 MB took {took:?}");
}

#[test]
fn the_loader_never_panics_on_mutated_ledgers() {
    let base = tracker::generate::ledger_text(12, 5).into_bytes();
    let mut rng = Rng::new(2018);
    let mut refused = 0;
    for case in 0..400 {
        let mut bytes = base.clone();
        for _ in 0..1 + rng.index(4) {
            let at = rng.index(bytes.len());
            match rng.index(5) {
                0 => {
                    let end = (at + rng.index(40)).min(bytes.len());
                    bytes.drain(at..end);
                }
                1 => bytes.insert(at, b"()[]{},:\"\\#/*'0x-e.\n\0\xe5\xff"[rng.index(20)]),
                2 => {
                    let end = (at + rng.index(200)).min(bytes.len());
                    let piece = bytes[at..end].to_vec();
                    let to = rng.index(bytes.len());
                    bytes.splice(to..to, piece);
                }
                3 => bytes[at] ^= 1 << rng.index(8),
                _ => bytes.truncate(at),
            }
        }
        match load_bytes(&bytes) {
            Ok(_) => {}
            Err(problems) => {
                refused += 1;
                assert!(
                    !problems.is_empty(),
                    "case {case}: refused without a reason"
                );
                assert!(
                    problems.iter().all(|p| p.line >= 1 && p.col >= 1),
                    "case {case}"
                );
            }
        }
    }
    println!("{refused} of 400 mutated ledgers refused, the rest loaded");
    assert!(refused > 200, "mutations should mostly break the file");
}

#[test]
fn the_editor_changes_exactly_one_milestone_and_undoes_exactly() {
    let text = tracker::generate::ledger_text(60, 11);
    let (original, _) = load_str(&text).expect("loads");
    let mut rng = Rng::new(7);
    for case in 0..200 {
        let p = rng.index(original.projects.len());
        let m = rng.index(original.projects[p].milestones.len());
        let before = &original.projects[p].milestones[m];
        let change = Change::MilestoneDone {
            project: p,
            milestone: m,
            done: Some(
                chrono::NaiveDate::from_ymd_opt(2018, 6, 1 + (case % 28) as u32).expect("date"),
            ),
            by: Some(format!("检查员{case}").into()),
        };
        let edited = change.edit_text(&text).expect("edits");
        let (after, _) = load_str(&edited).unwrap_or_else(|e| panic!("case {case}: {e:?}"));
        let mut expected = original.clone();
        change.apply(&mut expected).expect("applies");
        assert_eq!(
            after, expected,
            "case {case}: more than the milestone changed"
        );
        // Un-marking an originally open milestone restores the bytes exactly; a done one
        // gets its own values back.
        let undo = Change::MilestoneDone {
            project: p,
            milestone: m,
            done: before.done,
            by: before.by.clone(),
        };
        let restored = undo.edit_text(&edited).expect("edits back");
        if before.done.is_none() {
            assert_eq!(restored, text, "case {case}: un-marking left traces");
        } else {
            assert_eq!(
                load_str(&restored).expect("loads").0,
                original,
                "case {case}"
            );
        }
    }
}
