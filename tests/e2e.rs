//! End-to-end: the real binary in a pseudo-terminal, keys typed, the screen read.

mod common;

use common::pty::{CTRL_R, ENTER, RIGHT, Tui};
use common::{sample_path, temp_copy};
use tracker::ledger::load_path;

fn start_on(path: &std::path::Path, extra: &[&str]) -> Tui {
    let dir = path.parent().expect("dir");
    let mut args = vec!["--today", "2018-06-15", "--lang", "zh"];
    args.extend_from_slice(extra);
    let file = path.to_str().expect("utf-8 path");
    args.push(file);
    Tui::start(&args, dir, 120, 40, &[])
}

/// The one insertion that turns `before` into `after`, if that is all that changed.
fn single_insertion(before: &str, after: &str) -> Option<String> {
    let prefix = before
        .bytes()
        .zip(after.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let suffix = before[prefix..]
        .bytes()
        .rev()
        .zip(after[prefix..].bytes().rev())
        .take_while(|(a, b)| a == b)
        .count();
    (prefix + suffix == before.len()).then(|| after[prefix..after.len() - suffix].to_string())
}

#[test]
fn open_filter_cross_off_undo_redo_quit() {
    let (_dir, path) = temp_copy(&sample_path());
    let original = std::fs::read_to_string(&path).expect("read");
    let mut tui = start_on(&path, &[]);
    tui.wait_for("项目");
    tui.wait_for("今天 2018-06-15");

    // Filter by 区农工委 through the picker.
    tui.keys("f");
    tui.wait_for("按单位筛选");
    tui.keys("农工委");
    tui.wait_until("picker narrowed", |s| {
        s.contains("› 农工委") && s.contains("区农工委")
    });
    tui.keys(ENTER);
    tui.wait_for("单位: 区农工委");

    // Into the milestones, cross off the next open one with today's date.
    tui.keys(RIGHT);
    tui.keys("x");
    tui.wait_for("完成日期");
    tui.keys(ENTER);
    tui.wait_until("saved", |s| {
        s.contains("已保存") && s.contains("(2018-06-15)")
    });
    let crossed = std::fs::read_to_string(&path).expect("read");
    let inserted = single_insertion(&original, &crossed).expect("a single insertion");
    assert_eq!(inserted, ", done: \"2018-06-15\", by: \"tester\"");

    // Undo restores the original bytes; redo crosses off again.
    tui.keys("u");
    tui.wait_until("undo saved", |s| {
        s.contains("已保存") && s.contains("撤销销号")
    });
    assert_eq!(std::fs::read_to_string(&path).expect("read"), original);
    tui.keys(CTRL_R);
    tui.wait_until("redo saved", |s| {
        s.contains("已保存") && s.contains("(2018-06-15)") && !s.contains("撤销销号")
    });
    tui.keys("q");
    assert!(tui.wait_exit(), "exit status");
    assert!(!tui.alternate_screen(), "left the alternate screen");

    // On disk: exactly that milestone's done/by, for a milestone 区农工委 answers for.
    let after = std::fs::read_to_string(&path).expect("read");
    assert_eq!(after, crossed);
    let before = tracker::ledger::load_str(&original).expect("original").0;
    let now = load_path(&path).expect("loads").ledger;
    let unit = now.unit_by_name("区农工委").expect("unit");
    let mut changed = Vec::new();
    for (p, (a, b)) in before.projects.iter().zip(&now.projects).enumerate() {
        for (m, (x, y)) in a.milestones.iter().zip(&b.milestones).enumerate() {
            if x != y {
                changed.push((p, m));
            }
        }
    }
    assert_eq!(changed.len(), 1, "{changed:?}");
    let (p, m) = changed[0];
    let project = &now.projects[p];
    assert!(project.lead == unit || project.milestones[m].unit == Some(unit));
    assert_eq!(project.milestones[m].done, Some(common::day("2018-06-15")));
    assert_eq!(project.milestones[m].by.as_deref(), Some("tester"));
}

#[test]
fn a_ledger_edited_on_disk_is_not_overwritten_and_the_change_is_carried_over() {
    let (_dir, path) = temp_copy(&sample_path());
    let mut tui = start_on(&path, &[]);
    tui.wait_for("今天 2018-06-15");
    // Someone else edits the file after tracker loaded it.
    let edited = format!(
        "// 他人修改\n{}",
        std::fs::read_to_string(&path).expect("read")
    );
    std::fs::write(&path, &edited).expect("write");
    tui.keys("x");
    tui.wait_for("完成日期");
    tui.keys(ENTER);
    // The save finds the other edit, reads the file again, re-applies the change on top of
    // it and saves, saying so; nothing of the other edit is overwritten.
    tui.wait_until("reloaded, re-applied and saved", |s| s.contains("已保存"));
    let after = std::fs::read_to_string(&path).expect("read");
    assert!(after.starts_with("// 他人修改\n"));
    assert_eq!(
        single_insertion(&edited, &after).as_deref(),
        Some(", done: \"2018-06-15\", by: \"tester\"")
    );
    tui.keys("q");
    assert!(tui.wait_exit());
}

#[test]
fn signals_restore_the_terminal() {
    for signal in ["TERM", "HUP", "INT"] {
        let (_dir, path) = temp_copy(&sample_path());
        let mut tui = start_on(&path, &[]);
        tui.wait_for("今天 2018-06-15");
        assert!(tui.alternate_screen() && tui.cursor_hidden());
        assert!(!tui.cooked(), "raw mode while running");
        let status = std::process::Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(tui.pid().to_string())
            .status()
            .expect("kill");
        assert!(status.success());
        assert!(tui.wait_exit(), "SIG{signal}: clean exit");
        assert!(
            !tui.alternate_screen(),
            "SIG{signal}: alternate screen left"
        );
        assert!(!tui.cursor_hidden(), "SIG{signal}: cursor shown");
        assert!(tui.cooked(), "SIG{signal}: raw mode off");
    }
}

#[test]
fn starts_filtered_with_unit_and_quits_with_ctrl_c() {
    let (_dir, path) = temp_copy(&sample_path());
    let mut tui = start_on(&path, &["--unit", "区农工委"]);
    tui.wait_for("单位: 区农工委");
    tui.keys("\x03");
    assert!(tui.wait_exit());
    assert!(!tui.alternate_screen());
}

#[test]
fn not_a_terminal_exits_2_with_a_message() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tracker"))
        .arg(sample_path())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs a terminal"));
}

#[test]
fn five_hundred_random_resizes_then_a_clean_quit() {
    let (_dir, path) = temp_copy(&sample_path());
    let mut tui = start_on(&path, &[]);
    tui.wait_for("今天 2018-06-15");
    let mut seed: u64 = 99;
    for _ in 0..500 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let cols = 1 + ((seed >> 33) % 220) as u16;
        let rows = 1 + ((seed >> 17) % 70) as u16;
        tui.resize(cols, rows);
    }
    tui.resize(100, 30);
    tui.wait_for("今天 2018-06-15");
    tui.keys("q");
    assert!(tui.wait_exit(), "exit status after resizes");
    assert!(!tui.alternate_screen());
}

#[test]
fn a_non_utf8_locale_gets_ascii_borders() {
    let (_dir, path) = temp_copy(&sample_path());
    let dir = path.parent().expect("dir");
    let file = path.to_str().expect("path");
    let mut tui = Tui::start(
        &["--today", "2018-06-15", "--lang", "en", file],
        dir,
        100,
        30,
        &[("LC_ALL", "C")],
    );
    let screen = tui.wait_for("today 2018-06-15");
    assert!(screen.contains("+--") && screen.contains('|'), "{screen}");
    assert!(!screen.contains('─') && !screen.contains('│'));
    tui.keys("q");
    assert!(tui.wait_exit());
}

#[test]
fn b_writes_the_brief_as_txt_or_in_the_format_asked_for() {
    for (extra, ext) in [(&[][..], "txt"), (&["--brief-format", "csv"][..], "csv")] {
        let (dir, path) = temp_copy(&sample_path());
        let mut tui = start_on(&path, extra);
        tui.wait_for("今天 2018-06-15");
        tui.keys("b");
        tui.wait_for("周例会简报已生成");
        tui.keys("q");
        assert!(tui.wait_exit(), "exit status");
        let written = dir.path().join(format!("周例会简报-2018-06-15.{ext}"));
        assert!(written.exists(), "{} not written", written.display());
        let others: Vec<_> = ["txt", "md", "csv"]
            .iter()
            .filter(|e| **e != ext)
            .map(|e| dir.path().join(format!("周例会简报-2018-06-15.{e}")))
            .filter(|p| p.exists())
            .collect();
        assert!(others.is_empty(), "{others:?}");
    }
}
