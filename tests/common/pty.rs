//! Runs the real `tracker` binary in a pseudo-terminal and reads its screen through vt100.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub struct Tui {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    state: Arc<Mutex<State>>,
    /// Every byte the program wrote, for tests that look for escape sequences.
    pub raw: Arc<Mutex<Vec<u8>>>,
}

struct State {
    parser: vt100::Parser,
    last_output: Instant,
    closed: bool,
}

/// How long a PTY test waits for a screen or an exit: 15 s, or `TRACKER_TEST_TIMEOUT_SECS`
/// on a machine too slow or too loaded for that.
pub fn timeout() -> Duration {
    match std::env::var("TRACKER_TEST_TIMEOUT_SECS") {
        // A typo must not quietly fall back to 15 s.
        Ok(s) => Duration::from_secs(s.trim().parse().unwrap_or_else(|_| {
            panic!("TRACKER_TEST_TIMEOUT_SECS={s:?} is not a whole number of seconds")
        })),
        Err(_) => Duration::from_secs(15),
    }
}

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n.max(1)).unwrap_or(NonZeroU16::MIN)
}

impl Tui {
    /// Starts `tracker ARGS` at `cols` x `rows` in `cwd`, with a fixed environment.
    pub fn start(args: &[&str], cwd: &Path, cols: u16, rows: u16, env: &[(&str, &str)]) -> Self {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_tracker"));
        cmd.args(args);
        cmd.cwd(cwd);
        cmd.env_clear();
        cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
        cmd.env("HOME", cwd);
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "zh_CN.UTF-8");
        cmd.env("TRACKER_USER", "tester");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).expect("spawn tracker");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = pty.master.take_writer().expect("pty writer");
        let state = Arc::new(Mutex::new(State {
            parser: vt100::Parser::new(nz(rows), nz(cols), 0),
            last_output: Instant::now(),
            closed: false,
        }));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (s, r) = (state.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if let Ok(mut st) = s.lock() {
                            st.parser.process(&buf[..n]);
                            st.last_output = Instant::now();
                        }
                        if let Ok(mut raw) = r.lock() {
                            raw.extend_from_slice(&buf[..n]);
                        }
                    }
                }
            }
            if let Ok(mut st) = s.lock() {
                st.closed = true;
            }
        });
        Tui {
            master: pty.master,
            writer,
            child,
            state,
            raw,
        }
    }

    /// The interface on the ledger at `path` as of 2018-06-15 in `lang`, started in the
    /// ledger's folder.
    pub fn open(path: &Path, lang: &str, cols: u16, rows: u16, env: &[(&str, &str)]) -> Self {
        let dir = path.parent().expect("a ledger in a folder");
        let file = path.to_str().expect("utf-8 path");
        Self::start(
            &["--today", "2018-06-15", "--lang", lang, file],
            dir,
            cols,
            rows,
            env,
        )
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    pub fn keys(&mut self, text: &str) {
        self.send(text.as_bytes());
    }

    /// Esc goes in its own write: Esc followed by a key reads as Alt-key.
    pub fn esc(&mut self) {
        std::thread::sleep(Duration::from_millis(30));
        self.send(b"\x1b");
        std::thread::sleep(Duration::from_millis(60));
    }

    pub fn screen(&self) -> String {
        self.state
            .lock()
            .map(|s| s.parser.screen().contents())
            .unwrap_or_default()
    }

    /// Waits until `pred` holds on the screen and no output came for 40 ms.
    pub fn wait_until(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + timeout();
        loop {
            let (screen, quiet) = {
                let st = self.state.lock().expect("state");
                (
                    st.parser.screen().contents(),
                    st.last_output.elapsed() > Duration::from_millis(40),
                )
            };
            if pred(&screen) && quiet {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; the screen was:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(text, |s| s.contains(text))
    }

    /// Each row of the screen as the columns whose cell shows `symbol` (for alignment tests:
    /// `contents()` hides where a wide character really sits).
    pub fn columns_of(&self, symbol: &str) -> Vec<Vec<u16>> {
        let Ok(st) = self.state.lock() else {
            return Vec::new();
        };
        let screen = st.parser.screen();
        let (rows, cols) = screen.size();
        (0..rows.get())
            .map(|r| {
                (0..cols.get())
                    .filter(|&c| screen.cell(r, c).is_some_and(|x| x.contents() == symbol))
                    .collect()
            })
            .collect()
    }

    /// The text of the cell at `row`, `col` (empty for the right half of a wide character).
    pub fn cell(&self, row: u16, col: u16) -> String {
        self.state
            .lock()
            .ok()
            .and_then(|s| {
                s.parser
                    .screen()
                    .cell(row, col)
                    .map(|c| c.contents().to_string())
            })
            .unwrap_or_default()
    }

    pub fn alternate_screen(&self) -> bool {
        self.state
            .lock()
            .map(|s| s.parser.screen().alternate_screen())
            .unwrap_or(false)
    }

    pub fn cursor_hidden(&self) -> bool {
        self.state
            .lock()
            .map(|s| s.parser.screen().hide_cursor())
            .unwrap_or(false)
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("child pid")
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        // The screen first: a frame drawn for the new size must not be read at the old one.
        if let Ok(mut st) = self.state.lock() {
            st.parser.screen_mut().set_size(nz(rows), nz(cols));
        }
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize pty");
    }

    /// Whether the pty is back in cooked mode (what `stty` reports for its tty).
    pub fn cooked(&self) -> bool {
        let Some(tty) = self.master.tty_name() else {
            return false;
        };
        let out = std::process::Command::new("stty")
            .arg("-F")
            .arg(tty)
            .arg("-a")
            .output()
            .expect("run stty");
        let text = String::from_utf8_lossy(&out.stdout);
        text.split_whitespace().any(|w| w == "icanon")
            && text.split_whitespace().any(|w| w == "echo")
    }

    /// Waits for the program to exit; returns its exit code.
    pub fn wait_exit_code(&mut self) -> u32 {
        self.wait_status().exit_code()
    }

    /// Waits for the program to exit (failing after `timeout()`), then lets the reader drain
    /// the last frame.
    fn wait_status(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + timeout();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                std::thread::sleep(Duration::from_millis(50));
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "tracker did not exit:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Whether the program has exited (without waiting).
    pub fn exited(&mut self) -> bool {
        self.child.try_wait().ok().flatten().is_some()
    }

    /// Everything the program wrote, as text (stderr goes to the same terminal).
    pub fn output(&self) -> String {
        self.raw
            .lock()
            .map(|r| String::from_utf8_lossy(&r).into_owned())
            .unwrap_or_default()
    }

    /// Waits for the program to exit; returns whether it exited with success.
    pub fn wait_exit(&mut self) -> bool {
        self.wait_status().success()
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// Arrow keys and friends as the terminal sends them.
pub const RIGHT: &str = "\x1b[C";
pub const DOWN: &str = "\x1b[B";
pub const BACKSPACE: &str = "\x7f";
pub const ENTER: &str = "\r";
pub const CTRL_R: &str = "\x12";
