//! Screens of any size and terminals of any kind: resize storms through every view (sizes of
//! zero included), the interface refusing half a terminal, and non-UTF-8 locales.

mod common;

use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use common::pty::{DOWN, RIGHT, Tui};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use tracker::generate::Rng;

/// A generated ledger (not the sample, which is being replaced) in a temp dir.
fn generated(projects: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("ledger.ron");
    std::fs::write(&path, tracker::generate::ledger_text(projects, 3)).expect("write");
    (dir, path)
}

fn start(path: &Path, lang: &str, env: &[(&str, &str)]) -> Tui {
    Tui::open(path, lang, 100, 30, env)
}

#[test]
fn five_hundred_random_resizes_in_every_view_zero_sizes_included() {
    let (_dir, path) = generated(30);
    let mut tui = start(&path, "en", &[]);
    tui.wait_for("today 2018-06-15");
    let t = Instant::now();
    let mut rng = Rng::new(2024);
    // Views, the detail panel, the week toggle, the picker and help, between bursts of sizes.
    let keys = ["1", "2", "3", "4", "w", RIGHT, DOWN, "f", "?", "1"];
    for i in 0..500u64 {
        if i % 50 == 0 {
            let k = keys[(i / 50) as usize % keys.len()];
            if matches!(k, "1" | "2" | "3" | "4") {
                // Leave any open picker or help before switching view.
                tui.esc();
            }
            tui.keys(k);
        }
        // Mostly ordinary sizes; some zero-width or zero-height; a few very large.
        let (cols, rows) = match rng.below(10) {
            0 => (0, rng.below(60) as u16),
            1 => (rng.below(200) as u16, 0),
            2 => (1 + rng.below(3) as u16, 1 + rng.below(3) as u16),
            3 => (400 + rng.below(600) as u16, 100 + rng.below(200) as u16),
            _ => (1 + rng.below(220) as u16, 1 + rng.below(70) as u16),
        };
        tui.resize(cols, rows);
        if i % 97 == 0 {
            // Now and then let a frame land at the odd size before the next one.
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    tui.esc();
    tui.keys("1");
    tui.resize(101, 31);
    std::thread::sleep(Duration::from_millis(100));
    tui.resize(100, 30);
    let screen = settled_screen(&tui, 100, 30, "today 2018-06-15");
    println!("500 resizes in {} ms", t.elapsed().as_millis());
    assert!(screen.contains("Projects"), "{screen}");
    // The frame fits the final size: the title's right end and the status bar are there.
    let lines: Vec<&str> = screen.lines().collect();
    assert!(
        lines[0].trim_end().ends_with("today 2018-06-15"),
        "{screen}"
    );
    assert!(lines.len() <= 30, "{screen}");
    tui.keys("q");
    assert!(tui.wait_exit(), "clean exit after the resizes");
    assert!(!tui.alternate_screen(), "left the alternate screen");
    assert!(!tui.cursor_hidden(), "cursor shown again");
}

/// The screen as drawn since the program's last full clear, replayed into a fresh terminal of
/// the final size. `Tui::resize` resizes the pty before its vt100 screen, so output written for
/// the new size can land in the old-sized screen; a resize always makes the program clear and
/// redraw everything, so the replay shows exactly what a real terminal shows.
fn settled_screen(tui: &Tui, cols: u16, rows: u16, text: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let raw = tui.raw.lock().expect("raw").clone();
        let from = raw.windows(4).rposition(|w| w == b"\x1b[2J").unwrap_or(0);
        let nz = |n: u16| std::num::NonZeroU16::new(n).expect("a final size is not zero");
        let mut parser = vt100::Parser::new(nz(rows), nz(cols), 0);
        parser.process(&raw[from..]);
        let screen = parser.screen().contents();
        if screen.contains(text) {
            // And quiet: nothing more arrived for a while.
            std::thread::sleep(Duration::from_millis(100));
            if tui.raw.lock().expect("raw").len() == raw.len() {
                return screen;
            }
            continue;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {text}:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs `sh -c SCRIPT` in a fresh pseudo-terminal and returns (exit code, everything the pty
/// showed). The script's `$T` is the tracker binary and `$L` the ledger.
fn in_pty(script: &str, ledger: &Path) -> (Option<u32>, String) {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("pty");
    let mut cmd = CommandBuilder::new("sh");
    cmd.args(["-c", script]);
    cmd.cwd(ledger.parent().expect("dir"));
    cmd.env("T", env!("CARGO_BIN_EXE_tracker"));
    cmd.env("L", ledger);
    cmd.env("TERM", "xterm-256color");
    let mut child = pty.slave.spawn_command(cmd).expect("spawn");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let out = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = out.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            if let Ok(mut o) = sink.lock() {
                o.extend_from_slice(&buf[..n]);
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().expect("try_wait") {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("`{script}` hung");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    std::thread::sleep(Duration::from_millis(50));
    let text = String::from_utf8_lossy(&out.lock().expect("out")).into_owned();
    (Some(status.exit_code()), text)
}

#[test]
fn half_a_terminal_is_refused_with_exit_2() {
    let (dir, path) = generated(5);
    let out = dir.path().join("out.txt");
    // stdin a tty, stdout redirected to a file.
    let (code, shown) = in_pty("exec \"$T\" --lang en \"$L\" > out.txt", &path);
    assert_eq!(code, Some(2), "{shown}");
    assert!(shown.contains("needs a terminal"), "{shown}");
    let written = std::fs::read(&out).expect("out.txt");
    assert!(
        !written.contains(&0x1b),
        "no escape sequence went into the redirected output: {written:?}"
    );
    // stdout a tty, stdin not.
    let (code, shown) = in_pty("exec \"$T\" --lang en \"$L\" < /dev/null", &path);
    assert_eq!(code, Some(2), "{shown}");
    assert!(shown.contains("needs a terminal"), "{shown}");
    assert!(
        !shown.contains("\x1b[?1049h"),
        "the alternate screen was never entered"
    );
    // stdout a pipe (the classic `tracker | less`).
    let (code, shown) = in_pty("\"$T\" --lang en \"$L\" | cat; echo \"piped: done\"", &path);
    assert_eq!(code, Some(0), "{shown}");
    assert!(shown.contains("needs a terminal"), "{shown}");
    assert!(shown.contains("piped: done"), "{shown}");
    assert!(!shown.contains("\x1b[?1049h"), "{shown}");
    // The file was not touched by any of this.
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        tracker::generate::ledger_text(5, 3)
    );
}

#[test]
fn non_utf8_locales_get_ascii_borders_and_utf8_ones_box_drawing() {
    let (_dir, path) = generated(5);
    for (env, ascii) in [
        (&[("LC_ALL", "C")][..], true),
        (&[("LANG", "C")][..], true),
        (&[("LANG", ""), ("LC_CTYPE", "POSIX")][..], true),
        (&[("LC_ALL", "zh_CN.GB18030")][..], true),
        (&[("LC_ALL", "en_US.UTF-8")][..], false),
    ] {
        let mut tui = start(&path, "en", env);
        let screen = tui.wait_for("today 2018-06-15");
        if ascii {
            assert!(screen.contains("+--"), "{env:?}:\n{screen}");
            assert!(
                !screen.contains('─') && !screen.contains('│') && !screen.contains('┌'),
                "{env:?}: box drawing under a non-UTF-8 locale:\n{screen}"
            );
        } else {
            assert!(screen.contains('─'), "{env:?}:\n{screen}");
        }
        tui.keys("q");
        assert!(tui.wait_exit(), "{env:?}");
    }
}
