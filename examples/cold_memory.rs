//! Memory left alone for a few seconds is slow to touch again on this kind of virtual
//! machine (the host takes idle guest memory back): the same pass over every project, right
//! after loading and after a pause, in one process with nothing else changed.
//!
//! `cargo run --release --example cold_memory -- LEDGER [PAUSE_SECONDS]`

use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: cold_memory LEDGER [PAUSE_SECONDS]");
        std::process::exit(2);
    };
    let pause: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(4);
    let loaded = match tracker::ledger::load_path(std::path::Path::new(path)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let projects = &loaded.ledger.projects;
    // Every project's lead, in a scattered order (as a sorted table reads them).
    let order: Vec<usize> = (0..projects.len())
        .map(|i| (i * 7919) % projects.len())
        .collect();
    let pass = || {
        let t = Instant::now();
        let sum: usize = order.iter().map(|&p| projects[p].lead).sum();
        (t.elapsed(), sum)
    };
    let (warm, a) = pass();
    let (again, b) = pass();
    std::thread::sleep(Duration::from_secs(pause));
    let (cold, c) = pass();
    let (rewarmed, d) = pass();
    assert!(a == b && b == c && c == d);
    println!(
        "{} projects: one pass {warm:.1?}, again {again:.1?}, after {pause} s idle {cold:.1?}, again {rewarmed:.1?}",
        projects.len()
    );
}
