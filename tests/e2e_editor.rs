//! End-to-end: `e` hands the real binary's terminal to a scripted editor (a shell script as
//! `EDITOR`), and takes it back. A valid edit is saved and reloaded; an invalid one is shown
//! with its problems and can be edited again or discarded; the ledger on disk never holds
//! an invalid version.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::pty::Tui;
use common::{sample_path, stderr, temp_copy, tracker};

/// A shell script as the editor; it gets `+LINE` as `$1` and the draft as `$2`.
fn script(dir: &Path, body: &str) -> PathBuf {
    let path = dir.join("editor.sh");
    fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("write script");
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).expect("chmod");
    path
}

/// The interface on a copy of the sample, with the script as `EDITOR` and drafts made in
/// a folder of the test's own.
fn start(dir: &Path, ledger: &Path, editor: &Path) -> Tui {
    let drafts = dir.join("drafts");
    fs::create_dir_all(&drafts).expect("drafts folder");
    let tui = Tui::open(
        ledger,
        "zh",
        120,
        40,
        &[
            ("EDITOR", editor.to_str().expect("utf-8")),
            ("TMPDIR", drafts.to_str().expect("utf-8")),
        ],
    );
    tui.wait_for("今天 2018-06-15");
    tui
}

fn drafts_left(dir: &Path) -> usize {
    fs::read_dir(dir.join("drafts")).map_or(0, |d| d.count())
}

fn check_passes(ledger: &Path) {
    let out = tracker(&["check", ledger.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_valid_edit_at_the_selected_milestone_is_saved_and_shown() {
    let (dir, path) = temp_copy(&sample_path());
    let original = fs::read_to_string(&path).expect("read");
    // The editor moves the due date on the line it was opened at.
    let editor = script(
        dir.path(),
        r#"line=${1#+}; sed -i "${line}s/due: \"[0-9-]*\"/due: \"2018-12-28\"/" "$2""#,
    );
    let mut tui = start(dir.path(), &path, &editor);
    tui.keys("l");
    tui.keys("e");
    tui.wait_for("已保存编辑器中的修改");
    let edited = fs::read_to_string(&path).expect("read");
    let changed: Vec<(&str, &str)> = original
        .lines()
        .zip(edited.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].0.contains("Milestone("), "{changed:?}");
    assert_eq!(
        changed[0].1,
        changed[0].0.replacen(
            &changed[0].0[changed[0].0.find("due: \"").expect("due")..][..17],
            "due: \"2018-12-28\"",
            1
        )
    );
    assert_eq!(original.lines().count(), edited.lines().count());
    // Read again: the detail panel shows the new date.
    tui.wait_for("12-28");
    assert_eq!(drafts_left(dir.path()), 0, "the saved draft is removed");
    tui.keys("q");
    assert!(tui.wait_exit());
    check_passes(&path);
}

#[test]
fn an_invalid_edit_is_shown_edited_again_and_then_saved() {
    let (dir, path) = temp_copy(&sample_path());
    let original = fs::read(&path).expect("read");
    // First run: a full-width comma after the first milestone. Second run: put it right and
    // rename the milestone.
    let count = dir.path().join("runs");
    let editor = script(
        dir.path(),
        &format!(
            r#"n=$(cat {c} 2>/dev/null || echo 0); echo $((n+1)) > {c}
if [ "$n" = 0 ]; then sed -i '0,/"),$/s//")，/' "$2"
else sed -i 's/")，$/"),/; s/完成施工招标/完成施工招标并进场/' "$2"; fi"#,
            c = count.display()
        ),
    );
    let mut tui = start(dir.path(), &path, &editor);
    tui.keys("e");
    let screen = tui.wait_for("编辑后的台账无法载入");
    assert!(screen.contains("磁盘上的台账没有改动"), "{screen}");
    assert!(
        screen.contains("行第") && (screen.contains("列是全角") || screen.contains("列：")),
        "the problem's place is shown: {screen}"
    );
    assert_eq!(fs::read(&path).expect("read"), original, "never written");
    check_passes(&path);
    tui.keys("e");
    tui.wait_for("已保存编辑器中的修改");
    let edited = fs::read_to_string(&path).expect("read");
    assert_eq!(
        edited,
        String::from_utf8(original)
            .expect("utf-8")
            .replace("完成施工招标", "完成施工招标并进场")
    );
    tui.keys("q");
    assert!(tui.wait_exit());
    check_passes(&path);
    assert_eq!(drafts_left(dir.path()), 0);
}

#[test]
fn an_invalid_edit_can_be_discarded_and_the_ledger_stays_as_it_was() {
    let (dir, path) = temp_copy(&sample_path());
    let original = fs::read(&path).expect("read");
    let editor = script(
        dir.path(),
        r#"sed -i 's/due: "2018-0[1-9]-[0-9]*"/due: "6月底"/' "$2""#,
    );
    let mut tui = start(dir.path(), &path, &editor);
    tui.keys("e");
    tui.wait_for("编辑后的台账无法载入");
    assert_eq!(
        drafts_left(dir.path()),
        1,
        "the draft waits to be edited again"
    );
    tui.esc();
    tui.wait_for("已放弃这次编辑");
    assert_eq!(fs::read(&path).expect("read"), original);
    assert_eq!(drafts_left(dir.path()), 0, "the discarded draft is removed");
    // The interface goes on as before: a cross-off still saves.
    tui.keys("l");
    tui.keys("x");
    tui.wait_for("完成日期");
    tui.keys("\r");
    tui.wait_for("已保存");
    tui.keys("q");
    assert!(tui.wait_exit());
    check_passes(&path);
}
