//! Where opening a ledger spends its time: `cargo run --release --example load_phases -- FILE`.

use std::time::Instant;

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "data/erqi-2018.ron".into());
    let t = Instant::now();
    let bytes = std::fs::read(&path).unwrap_or_default();
    let read = t.elapsed();
    let t = Instant::now();
    let text = std::str::from_utf8(&bytes).unwrap_or_default();
    let _ = tracker::ledger::save::fingerprint(&bytes);
    let decode = t.elapsed();
    let t = Instant::now();
    let raw = tracker::ledger::parse_raw(text);
    let parse = t.elapsed();
    drop(raw);
    let t = Instant::now();
    let loaded = tracker::ledger::load_str(text);
    let full = t.elapsed();
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
    let derive = t.elapsed();
    println!(
        "read {read:?} decode+hash {decode:?} ron parse {parse:?} load_str (parse+validate) {full:?} app derive {derive:?} rows {}",
        app.derived.rows.len()
    );
}
