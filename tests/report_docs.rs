//! The examples in `docs/reports.md` are real: each ```console block starting with
//! `$ tracker ...` is run (from the crate root) and its output must match the block.
//!
//! After an intended change to a report, regenerate the examples and review the diff:
//!     UPDATE_GOLDEN=1 cargo test --test report_docs && git diff docs/reports.md

use std::path::Path;
use std::process::Command;

const FENCE: &str = "```console\n$ tracker ";

/// Runs one documented command; CSV's CRLF becomes LF, as the page is a text file.
fn run(command_line: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .current_dir(root)
        .args(command_line.split_whitespace())
        .output()
        .expect("run tracker");
    assert!(
        out.status.success(),
        "`tracker {command_line}` failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n")
}

#[test]
fn the_documented_examples_are_what_the_binary_prints() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/reports.md");
    let doc = std::fs::read_to_string(&path).expect("docs/reports.md");
    let mut rest = doc.as_str();
    let mut rewritten = String::new();
    let mut mismatches = Vec::new();
    let mut examples = 0;
    while let Some(start) = rest.find(FENCE) {
        let after = &rest[start + FENCE.len()..];
        let line_end = after.find('\n').expect("command line ends");
        let command_line = &after[..line_end];
        let body = &after[line_end + 1..];
        let body_end = body.find("```\n").expect("example block is closed");
        let shown = &body[..body_end];
        let actual = run(command_line);
        if shown != actual {
            mismatches.push(format!(
                "`tracker {command_line}`:\n--- in the docs ---\n{shown}--- printed ---\n{actual}"
            ));
        }
        rewritten.push_str(&rest[..start + FENCE.len() + line_end + 1]);
        rewritten.push_str(&actual);
        examples += 1;
        rest = &body[body_end..];
    }
    rewritten.push_str(rest);
    assert!(examples >= 3, "docs/reports.md shows each report");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, rewritten).expect("rewrite docs/reports.md");
        return;
    }
    assert!(
        mismatches.is_empty(),
        "docs/reports.md is out of date (UPDATE_GOLDEN=1 cargo test --test report_docs):\n{}",
        mismatches.join("\n")
    );
}
