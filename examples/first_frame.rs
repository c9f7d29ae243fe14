//! Time to first frame and peak memory of the real `tracker` binary in a pseudo-terminal.
//!
//! `cargo run --release --example first_frame -- BIN LEDGER [RUNS] [fresh|cached]`
//! prints the median time from spawn until the title bar is drawn and the screen is quiet,
//! and the peak resident memory (VmHWM) of the process; then the same for scripts:
//! `first_frame<TAB>mode<TAB>median_ms<TAB>min_ms<TAB>max_ms<TAB>peak_mib`.
//!
//! The binary keeps a load cache in `TRACKER_CACHE_DIR` (else the platform's cache folder).
//! `fresh` (needs `TRACKER_CACHE_DIR`) empties that folder before each run: every run is a
//! first open. `cached` checks before each run that the folder holds a cache (write one
//! first with `tracker check LEDGER`): every run is a reopen. Without either, runs take the
//! cache as they find it.

use std::io::Read;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod support;

use support::{COLS, ROWS, nz};

/// One run: (time to first frame, peak memory in KiB).
fn run_once(bin: &str, ledger: &str) -> (Duration, u64) {
    let (
        support::Session {
            mut child,
            mut reader,
            mut writer,
        },
        start,
    ) = support::start(bin, ledger, &[]);
    let screen = Arc::new(Mutex::new((
        vt100::Parser::new(nz(ROWS), nz(COLS), 0),
        Instant::now(),
        None::<Instant>,
    )));
    let s = screen.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            let mut st = s.lock().expect("lock");
            st.0.process(&buf[..n]);
            st.1 = Instant::now();
            if st.2.is_none() && st.0.screen().contents().contains("今天 2018-06-15") {
                st.2 = Some(Instant::now());
            }
        }
    });
    // Wait for the first complete frame: the title is there and output has paused.
    let first = loop {
        std::thread::sleep(Duration::from_millis(2));
        let st = screen.lock().expect("lock");
        if let Some(t) = st.2
            && st.1.elapsed() > Duration::from_millis(30)
        {
            break st.1.max(t) - start;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no frame after 60 s"
        );
    };
    let pid = child.process_id().expect("pid");
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let hwm = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let _ = writer.write_all(b"q");
    let _ = child.wait();
    (first, hwm)
}

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(bin), Some(ledger)) = (args.first(), args.get(1)) else {
        eprintln!("usage: first_frame BIN LEDGER [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    let mode = args.get(3).map_or("as found", String::as_str);
    let cache_dir = std::env::var_os("TRACKER_CACHE_DIR").filter(|d| !d.is_empty());
    let holds_cache = |dir: &std::ffi::OsStr| {
        std::fs::read_dir(dir).is_ok_and(|mut d| {
            d.any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".ledger-cache")))
        })
    };
    let mut times = Vec::new();
    let mut peak = 0;
    for _ in 0..runs {
        match (mode, &cache_dir) {
            ("fresh", Some(dir)) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            ("cached", Some(dir)) if holds_cache(dir) => {}
            ("fresh" | "cached", _) => {
                eprintln!(
                    "first_frame: {mode} needs TRACKER_CACHE_DIR{}",
                    if mode == "cached" {
                        " holding a cache (tracker check LEDGER)"
                    } else {
                        ""
                    }
                );
                std::process::exit(2);
            }
            _ => {}
        }
        let (t, hwm) = run_once(bin, ledger);
        times.push(t);
        peak = peak.max(hwm);
    }
    times.sort();
    let median = times[times.len() / 2];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let (median, min, max) = (ms(median), ms(times[0]), ms(times[times.len() - 1]));
    let peak = peak as f64 / 1024.0;
    println!(
        "{ledger}: first frame ({mode}) median {median:.1} ms (min {min:.1}, max {max:.1}, {runs} runs); peak memory {peak:.1} MiB",
    );
    println!("first_frame\t{mode}\t{median:.1}\t{min:.1}\t{max:.1}\t{peak:.1}");
}
