//! Where opening a ledger spends its time and memory:
//! `cargo run --release --example load_phases -- FILE`.
//!
//! Memory is the process's resident set (Linux /proc), after each phase and at its peak.
//! `load_phases FILE model` loads only, and says what the model keeps resident.

use std::time::Instant;

/// A field of /proc/self/status in MiB (VmRSS: now, VmHWM: the peak).
fn status_mib(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Prints a phase's time, the resident memory after it and the peak reached during it,
/// then resets the peak (writing 5 to clear_refs) for the next phase.
fn phase(name: &str, started: Instant) {
    println!(
        "{name:<28} {:>9.1} ms   rss {:>7.1} MiB   peak {:>7.1} MiB",
        started.elapsed().as_secs_f64() * 1000.0,
        status_mib("VmRSS:"),
        status_mib("VmHWM:"),
    );
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "data/erqi-2018.ron".into());
    if std::env::args().nth(2).as_deref() == Some("model") {
        model_only(&path);
        return;
    }
    let t = Instant::now();
    let bytes = std::fs::read(&path).unwrap_or_default();
    phase("read", t);
    let t = Instant::now();
    let text = std::str::from_utf8(&bytes).unwrap_or_default();
    let _ = tracker::ledger::save::fingerprint(&bytes);
    phase("decode + fingerprint", t);
    let t = Instant::now();
    let raw = tracker::ledger::parse_raw(text);
    phase("bare ron parse", t);
    drop(raw);
    let t = Instant::now();
    let loaded = tracker::ledger::load_str(text);
    phase("load_str (parse + validate)", t);
    let Ok((ledger, _)) = loaded else { return };
    let t = Instant::now();
    let file = tracker::ledger::LedgerFile {
        path: path.clone().into(),
        fingerprint: tracker::ledger::save::fingerprint(b""),
        read_only: false,
        stamp: None,
    };
    let today = chrono::NaiveDate::from_ymd_opt(2018, 6, 15).unwrap_or_default();
    let app = tracker::ui::App::new(ledger, file, today, true, tracker::cli::Lang::Zh);
    phase("app derive", t);
    let t = Instant::now();
    drop(bytes);
    phase("file bytes dropped", t);
    println!("rows {}", app.derived.rows.len());
}

/// `load_phases FILE model`: what the loaded model alone keeps resident, in a process that
/// did nothing else (the file's bytes dropped once it is built).
fn model_only(path: &str) {
    let bytes = std::fs::read(path).unwrap_or_default();
    let size = bytes.len();
    let loaded = tracker::ledger::load_bytes(&bytes);
    drop(bytes);
    let Ok((ledger, _)) = loaded else { return };
    println!(
        "model resident {:.1} MiB for a {:.1} MiB file ({} projects; peak while loading {:.1} MiB)",
        status_mib("VmRSS:"),
        size as f64 / (1024.0 * 1024.0),
        ledger.projects.len(),
        status_mib("VmHWM:"),
    );
}
