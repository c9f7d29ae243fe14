//! Writes a generated ledger: `cargo run --example gen_ledger -- PROJECTS [SEED] > FILE`.

use std::io::Write;

fn main() {
    let mut args = std::env::args().skip(1);
    let projects = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(42);
    let text = tracker::generate::ledger_text(projects, seed);
    if std::io::stdout().write_all(text.as_bytes()).is_err() {
        std::process::exit(1);
    }
}
