//! Paths where data was lost or destroyed (issue: "No edit lost, no file destroyed"), each
//! through the real binary.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn tracker(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(args)
        .current_dir(cwd)
        .env("LANG", "C.UTF-8")
        .env("TRACKER_USER", "cli")
        .output()
        .expect("run tracker")
}

#[test]
fn a_report_is_never_written_over_the_ledger() {
    let (dir, ledger) = common::temp_copy(&common::sample_path());
    let before = fs::read(&ledger).expect("read");
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink(&ledger, &link).expect("symlink");
    let hard = dir.path().join("hard.ron");
    fs::hard_link(&ledger, &hard).expect("hard link");
    for out in ["ledger.ron", "./ledger.ron", "link.ron", "hard.ron"] {
        let o = tracker(
            &[
                "report",
                "brief",
                "ledger.ron",
                "--today",
                "2018-06-15",
                "-o",
                out,
            ],
            dir.path(),
        );
        assert!(!o.status.success(), "-o {out} was accepted");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("ledger itself"), "{err}");
        assert_eq!(
            fs::read(&ledger).expect("read"),
            before,
            "-o {out} changed the ledger"
        );
    }
    // Through a link to the ledger given as the ledger, too.
    let o = tracker(
        &[
            "report",
            "brief",
            "link.ron",
            "--today",
            "2018-06-15",
            "-o",
            "ledger.ron",
        ],
        dir.path(),
    );
    assert!(!o.status.success());
    assert_eq!(fs::read(&ledger).expect("read"), before);
    // A report elsewhere is written.
    let o = tracker(
        &[
            "report",
            "brief",
            "ledger.ron",
            "--today",
            "2018-06-15",
            "--lang",
            "zh",
            "-o",
            "brief.md",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        fs::read_to_string(dir.path().join("brief.md"))
            .expect("brief")
            .contains("周例会")
    );
}

fn write_ledger(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("l.ron");
    fs::write(&path, text).expect("write");
    (dir, path)
}

const RAW_IDENTS: &str = r#"Ledger(
    title: "t",
    year: 2018,
    units: [Unit(name: "区农工委")],
    projects: [
        Project(
            name: "安置房建设",
            lead: "区农工委",
            milestones: [
                Milestone(name: "征收清场", due: "2018-05-31", r#by: "w"),
                Milestone(name: "开工", due: "2018-06-30", r#done: "2018-06-01", r#by: "w"),
            ],
        ),
    ],
)
"#;

#[test]
fn an_edit_that_breaks_a_rule_is_refused_and_nothing_written() {
    let (dir, path) = write_ledger(RAW_IDENTS);
    let o = tracker(
        &[
            "done",
            "l.ron",
            "安置房建设",
            "征收清场",
            "--date",
            "2008-06-15",
            "--today",
            "2018-06-15",
        ],
        dir.path(),
    );
    assert!(
        !o.status.success(),
        "a done date ten years early was accepted"
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("before the 2018 campaign"), "{err}");
    assert_eq!(fs::read_to_string(&path).expect("read"), RAW_IDENTS);
    let o = tracker(&["check", "l.ron", "--today", "2018-06-15"], dir.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn raw_identifiers_are_the_fields_they_name() {
    let (dir, path) = write_ledger(RAW_IDENTS);
    // `r#by` is replaced, not doubled: the file still loads.
    let o = tracker(
        &[
            "done",
            "l.ron",
            "安置房建设",
            "征收清场",
            "--date",
            "2018-06-10",
            "--by",
            "cli",
            "--today",
            "2018-06-15",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let l = tracker::ledger::load_path(&path)
        .expect("still loads")
        .ledger;
    let m = &l.projects[0].milestones[0];
    assert_eq!(m.done.map(|d| d.to_string()).as_deref(), Some("2018-06-10"));
    assert_eq!(m.by.as_deref(), Some("cli"));
    // `undone` on `r#done:` really un-marks it.
    let o = tracker(&["undone", "l.ron", "安置房建设", "开工"], dir.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let l = tracker::ledger::load_path(&path).expect("loads").ledger;
    assert_eq!(l.projects[0].milestones[1].done, None);
    assert_eq!(l.projects[0].milestones[1].by, None);
}

#[test]
fn milestones_that_look_the_same_are_refused_at_load() {
    // Two names that differ only by invisible characters show the same and would be
    // matched the same: the ledger says so instead of letting an edit land on the other.
    let text = RAW_IDENTS.replace(
        "Milestone(name: \"开工\"",
        "Milestone(name: \"征收清场\\u{200b}\"",
    );
    let text = text.replace(
        "name: \"征收清场\", due",
        "name: \"征收清场\\u{200c}\", due",
    );
    let (dir, _path) = write_ledger(&text);
    let o = tracker(&["check", "l.ron", "--today", "2018-06-15"], dir.path());
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("appears twice"), "{err}");
}

#[test]
fn check_writes_nothing_into_the_ledgers_folder() {
    let (dir, _path) = common::temp_copy(&common::sample_path());
    let before = fs::metadata(dir.path())
        .expect("meta")
        .modified()
        .expect("mtime");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let o = tracker(
        &["check", "ledger.ron", "--today", "2018-06-15"],
        dir.path(),
    );
    assert!(o.status.success());
    // A probe file created and removed would have moved the folder's time.
    let after = fs::metadata(dir.path())
        .expect("meta")
        .modified()
        .expect("mtime");
    assert_eq!(before, after, "check wrote into the folder");
    let names: Vec<_> = fs::read_dir(dir.path()).expect("dir").collect();
    assert_eq!(names.len(), 1);
}
