//! Saving a cross-off changes only that milestone's text, safely.

mod common;

use std::os::unix::fs::PermissionsExt;

use chrono::NaiveDate;
use common::root;
use tracker::ledger::{Change, load_path};

fn day(s: &str) -> NaiveDate {
    common::day(s)
}

/// A ledger with comments, CRLF endings and both milestone layouts.
const CRLF_LEDGER: &str = concat!(
    "#![enable(implicit_some)]\r\n",
    "// 台账：办公室自己的注释，保存后必须保留\r\n",
    "Ledger(\r\n",
    "    title: \"测试台账\", year: 2018,\r\n",
    "    units: [ Unit(name: \"区农工委\") ],  /* 单位 */\r\n",
    "    projects: [\r\n",
    "        Project(\r\n",
    "            name: \"南水北调生态文化公园\",\r\n",
    "            lead: \"区农工委\",\r\n",
    "            milestones: [\r\n",
    "                Milestone(name: \"建成开放\", due: \"2018-04-30\"), // 五一前\r\n",
    "                Milestone(\r\n",
    "                    name: \"绿化完成\",\r\n",
    "                    due: \"2018-03-31\",   // 3月底前\r\n",
    "                ),\r\n",
    "            ],\r\n",
    "        ),\r\n",
    "    ],\r\n",
    ")\r\n",
);

fn write_temp(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("ledger.ron");
    std::fs::write(&path, text).expect("write");
    (dir, path)
}

fn cross(project: usize, milestone: usize, done: &str) -> Change {
    Change::MilestoneDone {
        project,
        milestone,
        done: Some(day(done)),
        by: Some("wang".into()),
    }
}

fn uncross(project: usize, milestone: usize) -> Change {
    Change::MilestoneDone {
        project,
        milestone,
        done: None,
        by: None,
    }
}

#[test]
fn cross_off_inserts_exactly_done_and_by_then_unmark_restores() {
    let (_dir, path) = write_temp(CRLF_LEDGER);
    let loaded = load_path(&path).expect("loads");
    let fp =
        tracker::ledger::apply_to_file(&loaded.file, &cross(0, 0, "2018-04-28")).expect("saved");
    let after = std::fs::read_to_string(&path).expect("read");
    let expected = CRLF_LEDGER.replace(
        "due: \"2018-04-30\"),",
        "due: \"2018-04-30\", done: \"2018-04-28\", by: \"wang\"),",
    );
    assert_eq!(after, expected);

    let mut file = loaded.file.clone();
    file.fingerprint = fp;
    tracker::ledger::apply_to_file(&file, &uncross(0, 0)).expect("saved");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), CRLF_LEDGER);
}

#[test]
fn multi_line_milestone_gets_new_lines_with_crlf_and_indentation() {
    let (_dir, path) = write_temp(CRLF_LEDGER);
    let loaded = load_path(&path).expect("loads");
    let fp =
        tracker::ledger::apply_to_file(&loaded.file, &cross(0, 1, "2018-03-29")).expect("saved");
    let after = std::fs::read_to_string(&path).expect("read");
    let expected = CRLF_LEDGER.replace(
        "due: \"2018-03-31\",   // 3月底前\r\n",
        "due: \"2018-03-31\",   // 3月底前\r\n                    done: \"2018-03-29\",\r\n                    by: \"wang\",\r\n",
    );
    assert_eq!(after, expected);
    let reloaded = load_path(&path).expect("still loads").ledger;
    assert_eq!(
        reloaded.projects[0].milestones[1].done,
        Some(day("2018-03-29"))
    );

    let mut file = loaded.file.clone();
    file.fingerprint = fp;
    tracker::ledger::apply_to_file(&file, &uncross(0, 1)).expect("saved");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), CRLF_LEDGER);
}

#[test]
fn re_marking_replaces_only_the_values() {
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/valid/small.ron")).expect("read");
    let (_dir, path) = write_temp(&text);
    let loaded = load_path(&path).expect("loads");
    tracker::ledger::apply_to_file(&loaded.file, &cross(0, 1, "2018-03-30")).expect("saved");
    let after = std::fs::read_to_string(&path).expect("read");
    assert_eq!(
        after,
        text.replace(
            "done: \"2018-03-29\", by: \"wang\"",
            "done: \"2018-03-30\", by: \"wang\""
        )
    );
}

#[test]
fn a_file_changed_on_disk_is_not_overwritten() {
    let (_dir, path) = write_temp(CRLF_LEDGER);
    let loaded = load_path(&path).expect("loads");
    // Same length, same second: only the content hash can tell.
    let edited = CRLF_LEDGER.replace("测试台账", "测验台账");
    assert_eq!(edited.len(), CRLF_LEDGER.len());
    std::fs::write(&path, &edited).expect("write");
    let err = tracker::ledger::apply_to_file(&loaded.file, &cross(0, 0, "2018-04-28"))
        .expect_err("refused");
    assert!(err.to_string().contains("changed on disk"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), edited);
}

#[test]
fn symlinked_ledger_stays_a_link_and_permissions_are_kept() {
    let dir = tempfile::tempdir().expect("dir");
    let target = dir.path().join("real.ron");
    std::fs::write(&target, CRLF_LEDGER).expect("write");
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let link = dir.path().join("ledger.ron");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    let loaded = load_path(&link).expect("loads");
    tracker::ledger::apply_to_file(&loaded.file, &cross(0, 0, "2018-04-28")).expect("saved");
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("meta")
            .file_type()
            .is_symlink()
    );
    let saved = std::fs::read_to_string(&target).expect("read");
    assert!(saved.contains("done: \"2018-04-28\""));
    let mode = std::fs::metadata(&target)
        .expect("meta")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o640);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("real.ron.bak")).expect("bak beside the target"),
        CRLF_LEDGER
    );
}

#[test]
fn progress_line_and_pledge_progress_change_only_their_bytes() {
    let text = std::fs::read_to_string(root().join("docs/format.md")).expect("doc");
    let start = text.find("```ron\n").expect("block") + 7;
    let end = start + text[start..].find("```").expect("end");
    let ledger_text = &text[start..end];
    let (_dir, path) = write_temp(ledger_text);
    let loaded = load_path(&path).expect("loads");
    let add = Change::AddUpdate {
        project: 0,
        update: tracker::ledger::Update {
            date: day("2018-06-15"),
            text: "主园路全部完成".into(),
            by: Some("wang".into()),
        },
    };
    let fp = tracker::ledger::apply_to_file(&loaded.file, &add).expect("saved");
    let after = std::fs::read_to_string(&path).expect("read");
    let expected = ledger_text.replace(
        "                Update(date: \"2018-03-05\", text: \"主园路完成80%\", by: \"wang\"),\n",
        "                Update(date: \"2018-03-05\", text: \"主园路完成80%\", by: \"wang\"),\n                Update(date: \"2018-06-15\", text: \"主园路全部完成\", by: \"wang\"),\n",
    );
    assert_eq!(after, expected);

    let mut file = loaded.file.clone();
    file.fingerprint = fp;
    let progress = Change::PledgeProgress {
        unit: 1,
        pledge: 0,
        progress: Some(3.0),
    };
    let fp = tracker::ledger::apply_to_file(&file, &progress).expect("saved");
    let after2 = std::fs::read_to_string(&path).expect("read");
    assert_eq!(
        after2,
        expected.replace(
            "                    progress: 1,\n",
            "                    progress: 3,\n"
        )
    );

    // Undoing the progress line removes exactly it.
    file.fingerprint = fp;
    let undo = Change::RemoveLastUpdate {
        project: 0,
        update: tracker::ledger::Update {
            date: day("2018-06-15"),
            text: "主园路全部完成".into(),
            by: Some("wang".into()),
        },
        drop_empty_list: false,
    };
    tracker::ledger::apply_to_file(&file, &undo).expect("saved");
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        ledger_text.replace(
            "                    progress: 1,\n",
            "                    progress: 3,\n"
        )
    );
}
