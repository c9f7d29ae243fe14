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
