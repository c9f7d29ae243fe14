//! Shared helpers for the tests: the sample ledger or ledger text as an `App`, a screen as
//! plain text, concurrent writers, the binary run with arguments and its output as text;
//! `pty` runs the binary in a terminal, `poison` holds the hostile payloads, `golden` the
//! report snapshots.
#![allow(dead_code)]

pub mod git;
pub mod golden;
pub mod poison;
pub mod pty;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use tracker::cli::Lang;
use tracker::ledger::{Ledger, LedgerFile, load_path, load_str};
use tracker::ui::App;
use tracker::ui::theme::Theme;
use unicode_width::UnicodeWidthStr;

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn sample_path() -> PathBuf {
    root().join("data/erqi-2018.ron")
}

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

/// The app on a ledger file as of `today`, with a fixed theme and user.
pub fn app_on(path: &Path, lang: Lang, today: &str) -> App {
    let loaded = load_path(path).unwrap_or_else(|e| panic!("{e}"));
    fixed(App::new(loaded.ledger, loaded.file, day(today), true, lang))
}

/// The app on ledger text held in memory (no file behind it), as of `today`, with the same
/// fixed theme and user as `app_on`.
pub fn app_from_str(text: &str, lang: Lang, today: &str) -> App {
    let (ledger, _) = load_str(text).unwrap_or_else(|e| panic!("{e:?}"));
    let file = LedgerFile {
        path: "memory.ron".into(),
        fingerprint: tracker::ledger::save::fingerprint(b""),
        read_only: false,
        stamp: None,
    };
    fixed(App::new(ledger, file, day(today), true, lang))
}

/// A theme and user that do not depend on the environment the tests run in.
fn fixed(mut app: App) -> App {
    app.theme = Theme {
        colour: true,
        ascii: false,
    };
    app.user = "攻坚办".into();
    app
}

pub fn sample_app(lang: Lang) -> App {
    app_on(&sample_path(), lang, "2018-06-15")
}

/// Renders the app at `w` x `h` and returns the buffer.
pub fn render(app: &mut App, w: u16, h: u16) -> Buffer {
    tracker::ui::update(app, tracker::ui::action::Message::Resize(w, h));
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    terminal
        .draw(|f| tracker::ui::panes::render(f, app))
        .expect("draw");
    terminal.backend().buffer().clone()
}

/// The buffer as text: one line per row, skipping the cell hidden behind a wide character.
pub fn text_of(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut skip = 0usize;
        let mut line = String::new();
        for x in 0..area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            line.push_str(symbol);
            skip = symbol.width().saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Every row's display width is exactly the screen width (no wide character split).
pub fn assert_rows_fit(buffer: &Buffer) {
    let area = buffer.area;
    for y in 0..area.height {
        let mut width = 0usize;
        let mut skip = 0usize;
        for x in 0..area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let s = buffer[(x, y)].symbol();
            let w = s.width().max(1);
            width += w;
            skip = w - 1;
        }
        assert_eq!(
            width,
            usize::from(area.width),
            "row {y} is {width} cells wide"
        );
    }
}

/// A copy of a ledger in a temp dir, for tests that save.
pub fn temp_copy(src: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ledger.ron");
    std::fs::copy(src, &path).expect("copy ledger");
    (dir, path)
}

/// The first `n` open milestones as (project, milestone) names, in file order.
pub fn open_milestones(ledger: &Ledger, n: usize) -> Vec<(String, String)> {
    let open: Vec<(String, String)> = ledger
        .projects
        .iter()
        .flat_map(|p| {
            p.milestones
                .iter()
                .filter(|m| m.done.is_none())
                .map(|m| (p.name.to_string(), m.name.to_string()))
        })
        .take(n)
        .collect();
    assert_eq!(
        open.len(),
        n,
        "the ledger has fewer than {n} open milestones"
    );
    open
}

/// Runs `tracker done LEDGER PROJECT MILESTONE EXTRA...` for every milestone, all at once,
/// with `env` set, and asserts that each one succeeded: concurrent writers on one file.
pub fn concurrent_done(
    ledger: &Path,
    milestones: &[(String, String)],
    extra: &[&str],
    env: &[(&str, &str)],
) {
    let children: Vec<_> = milestones
        .iter()
        .map(|(p, m)| {
            std::process::Command::new(env!("CARGO_BIN_EXE_tracker"))
                .arg("done")
                .arg(ledger)
                .args([p, m])
                .args(extra)
                .envs(env.iter().copied())
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for mut c in children {
        assert!(c.wait().expect("wait").success());
    }
}

/// Runs the binary with `args` as user `tester`, with `HOME` set to the temp dir.
pub fn tracker(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(args)
        .env("TRACKER_USER", "tester")
        .env("HOME", std::env::temp_dir())
        .output()
        .expect("run tracker")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
