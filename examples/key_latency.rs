//! Key to screen: how long the real `tracker` binary takes, in a pseudo-terminal, from a key
//! being written until the screen shows its effect.
//!
//! `cargo run --release --example key_latency -- BIN LEDGER [ROUNDS]`
//! opens LEDGER (as of 2018-06-15) in a 200x60 terminal, then for each key of a round trip
//! (move down and up, each view and back, the colour filter, a search character and its
//! deletion, a cross-off and its un-marking, the unit picker) measures the time until the
//! screen's text changes, and prints the median and the slowest per key over ROUNDS rounds.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).unwrap_or(NonZeroU16::MIN)
}

struct Screen {
    parser: vt100::Parser,
    last_output: Instant,
}

fn contents(s: &Arc<Mutex<Screen>>) -> String {
    s.lock()
        .map(|st| st.parser.screen().contents())
        .unwrap_or_default()
}

/// Waits until the screen differs from `before` and output has paused for 20 ms; returns
/// the time from `sent` to the first change.
fn until_changed(s: &Arc<Mutex<Screen>>, before: &str, sent: Instant, what: &str) -> Duration {
    let mut changed_at = None;
    loop {
        std::thread::sleep(Duration::from_micros(200));
        let (now, quiet) = match s.lock() {
            Ok(st) => (
                st.parser.screen().contents(),
                st.last_output.elapsed() > Duration::from_millis(20),
            ),
            Err(_) => return Duration::MAX,
        };
        if changed_at.is_none() && now != before {
            changed_at = Some(sent.elapsed());
        }
        if let (Some(t), true) = (changed_at, quiet) {
            return t;
        }
        assert!(
            sent.elapsed() < Duration::from_secs(5),
            "{what}: no change after 5 s; the screen:\n{now}"
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(bin), Some(ledger)) = (args.first(), args.get(1)) else {
        eprintln!("usage: key_latency BIN LEDGER [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 60,
            cols: 200,
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
    cmd.env("TRACKER_USER", "bench");
    let mut child = pty.slave.spawn_command(cmd).expect("spawn");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let mut writer = pty.master.take_writer().expect("writer");
    let screen = Arc::new(Mutex::new(Screen {
        parser: vt100::Parser::new(nz(60), nz(200), 0),
        last_output: Instant::now(),
    }));
    let s = screen.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            if let Ok(mut st) = s.lock() {
                st.parser.process(&buf[..n]);
                st.last_output = Instant::now();
            }
        }
    });
    let start = Instant::now();
    while !contents(&screen).contains("今天 2018-06-15") {
        std::thread::sleep(Duration::from_millis(5));
        assert!(start.elapsed() < Duration::from_secs(120), "no first frame");
    }
    std::thread::sleep(Duration::from_millis(500));

    // Each key changes the screen; the round ends where it started.
    let round: &[(&str, &[u8])] = &[
        ("move down", b"j"),
        ("move up", b"k"),
        ("units view", b"2"),
        ("timeline view", b"3"),
        ("overview", b"4"),
        ("projects view", b"1"),
        ("colour filter", b"c"),
        ("colour filter off", b"ccc"),
        ("search: open", b"/"),
        ("search: one character", "园".as_bytes()),
        ("search: delete it", b"\x7f"),
        ("search: close", b"\x1b"),
        ("cross-off dialog", b"x"),
        ("cross-off: Enter", b"\r"),
        ("un-mark dialog", b"x"),
        ("un-mark: Enter", b"\r"),
        ("unit picker", b"f"),
        ("unit picker: close", b"\x1b"),
    ];
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); round.len()];
    for _ in 0..rounds {
        for (i, (name, key)) in round.iter().enumerate() {
            let before = contents(&screen);
            let sent = Instant::now();
            writer.write_all(key).expect("write key");
            writer.flush().expect("flush");
            times[i].push(until_changed(&screen, &before, sent, name));
            // Let a save finish before the next key, as a clerk would.
            std::thread::sleep(Duration::from_millis(60));
        }
    }
    let _ = writer.write_all(b"q");
    let _ = child.wait();
    println!("{ledger}: key to screen over {rounds} rounds (200x60):");
    for (i, (name, _)) in round.iter().enumerate() {
        let t = &mut times[i];
        t.sort();
        println!(
            "  {name:<24} median {:>7.1} ms   slowest {:>7.1} ms",
            t[t.len() / 2].as_secs_f64() * 1000.0,
            t[t.len() - 1].as_secs_f64() * 1000.0
        );
    }
}
