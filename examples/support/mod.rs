//! What the terminal harnesses share: the real binary started on a ledger in a 200x60
//! pseudo-terminal, as of 2018-06-15, in Chinese.

use std::io::{Read, Write};
use std::num::NonZeroU16;

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

pub const ROWS: u16 = 60;
pub const COLS: u16 = 200;

pub fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).unwrap_or(NonZeroU16::MIN)
}

/// The running binary: the process, what it draws and where keys go.
pub struct Session {
    pub child: Box<dyn Child + Send + Sync>,
    pub reader: Box<dyn Read + Send>,
    pub writer: Box<dyn Write + Send>,
}

/// Starts `bin` on `ledger` with `env` set besides the terminal's and the language's; also
/// when the process was spawned (the pseudo-terminal was made before).
pub fn start(bin: &str, ledger: &str, env: &[(&str, &str)]) -> (Session, std::time::Instant) {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("pty");
    let mut cmd = CommandBuilder::new(bin);
    cmd.args(["--today", "2018-06-15", "--lang", "zh", ledger]);
    if let Ok(dir) = std::env::current_dir() {
        cmd.cwd(dir);
    }
    cmd.env("TERM", "xterm-256color");
    cmd.env("LANG", "zh_CN.UTF-8");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let started = std::time::Instant::now();
    let child = pty.slave.spawn_command(cmd).expect("spawn");
    drop(pty.slave);
    let session = Session {
        child,
        reader: pty.master.try_clone_reader().expect("reader"),
        writer: pty.master.take_writer().expect("writer"),
    };
    (session, started)
}
