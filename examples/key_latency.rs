//! Key to screen: how long the real `tracker` binary takes, in a pseudo-terminal, from a key
//! being written until the screen shows its effect.
//!
//! `cargo run --release --example key_latency -- BIN LEDGER [ROUNDS]`
//! opens LEDGER (as of 2018-06-15) in a 200x60 terminal, then for each key of a round trip
//! (move down and up, each view and back, each press of the colour filter, the timeline and
//! the overview on their first visit after a filter change, two search characters and their
//! deletion, a cross-off and its undoing, the unit picker) measures the time from the one
//! keypress being written until the screen's text changes, and prints the median and the
//! slowest per key over ROUNDS rounds: a table, then one line per key for scripts,
//! `key<TAB>name<TAB>median_ms<TAB>slowest_ms`. Last, the peak resident memory (VmHWM) of
//! the process after its first frame and again at the end, after the saves of the
//! cross-offs: `rss<TAB>first_frame_peak_mib<TAB>end_peak_mib<TAB>end_now_mib`.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod support;

use support::{COLS, ROWS, nz};

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
            sent.elapsed() < Duration::from_secs(30),
            "{what}: no change after 30 s; the screen:\n{now}"
        );
    }
}

/// Waits until the save a key started is no longer shown as under way (at most 60 s).
fn until_saved(s: &Arc<Mutex<Screen>>) {
    let start = Instant::now();
    while contents(s).contains("正在保存") && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// A field of /proc/PID/status in MiB (VmHWM: the peak resident memory, VmRSS: now).
fn status_mib(pid: Option<u32>, field: &str) -> f64 {
    let Some(pid) = pid else { return 0.0 };
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(bin), Some(ledger)) = (args.first(), args.get(1)) else {
        eprintln!("usage: key_latency BIN LEDGER [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    let (
        support::Session {
            mut child,
            mut reader,
            mut writer,
        },
        _,
    ) = support::start(bin, ledger, &[("TRACKER_USER", "bench")]);
    let screen = Arc::new(Mutex::new(Screen {
        parser: vt100::Parser::new(nz(ROWS), nz(COLS), 0),
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

    let pid = child.process_id();
    let open_peak = status_mib(pid, "VmHWM:");

    // Each key is one keypress and changes the screen; the round ends where it started.
    // The names are unique: they key the summary lines.
    let round: &[(&str, &[u8])] = &[
        ("move down", b"j"),
        ("move up", b"k"),
        ("units view", b"2"),
        ("timeline view", b"3"),
        ("overview", b"4"),
        ("projects view", b"1"),
        ("colour filter: red+yellow", b"c"),
        ("timeline after filter", b"3"),
        ("overview after filter", b"4"),
        ("projects view (filtered)", b"1"),
        ("colour filter: red", b"c"),
        ("colour filter: blue", b"c"),
        ("colour filter: off", b"c"),
        ("timeline after filter off", b"3"),
        ("overview after filter off", b"4"),
        ("projects view (all)", b"1"),
        ("search: open", b"/"),
        ("search: first character", "园".as_bytes()),
        ("search: second character", b"1"),
        ("search: delete second", b"\x7f"),
        ("search: delete first", b"\x7f"),
        ("search: close", b"\x1b"),
        ("cross-off dialog", b"x"),
        ("cross-off: Enter", b"\r"),
        ("undo the cross-off", b"u"),
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
            if matches!(*key, b"\r" | b"u") {
                until_saved(&screen);
            }
            std::thread::sleep(Duration::from_millis(60));
        }
    }
    // Memory after all the saves: the peak must not grow with them.
    std::thread::sleep(Duration::from_millis(300));
    let end_peak = status_mib(pid, "VmHWM:");
    let end_now = status_mib(pid, "VmRSS:");
    let _ = writer.write_all(b"q");
    let _ = child.wait();
    println!("{ledger}: key to screen over {rounds} rounds (200x60):");
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mut summary = Vec::new();
    for (i, (name, _)) in round.iter().enumerate() {
        let t = &mut times[i];
        t.sort();
        let (median, slowest) = (ms(t[t.len() / 2]), ms(t[t.len() - 1]));
        println!("  {name:<28} median {median:>7.1} ms   slowest {slowest:>7.1} ms");
        summary.push(format!("key\t{name}\t{median:.1}\t{slowest:.1}"));
    }
    println!(
        "  peak memory: {open_peak:.1} MiB after the first frame, {end_peak:.1} MiB after \
         {rounds} rounds ({} saves); resident now {end_now:.1} MiB",
        2 * rounds
    );
    for line in summary {
        println!("{line}");
    }
    println!("rss\t{open_peak:.1}\t{end_peak:.1}\t{end_now:.1}");
}
