//! Shared helpers for UI tests: the sample ledger as an `App`, and a screen as plain text.
#![allow(dead_code)]

pub mod golden;
pub mod pty;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use tracker::cli::Lang;
use tracker::ledger::load_path;
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
    let mut app = App::new(loaded.ledger, loaded.file, day(today), true, lang);
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
    tracker::ui::update(app, tracker::ui::Action::Resize(w, h));
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
