//! The weekly trend of a ledger's git history, timed: `cargo run --release --example trend --
//! LEDGER [TODAY] [load]` (`load` also counts by loading every week's whole version, the
//! slow way the walk must agree with).

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: trend LEDGER [YYYY-MM-DD] [load]");
        std::process::exit(2);
    };
    let today = args
        .get(1)
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let Ok(tree) = tracker::git::open(std::path::Path::new(path)) else {
        eprintln!("{path}: not in a git work tree");
        std::process::exit(1);
    };
    let start = Instant::now();
    let trend = match tracker::trend::weekly(&tree, today) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let walked = start.elapsed();
    for p in &trend.points {
        println!(
            "{}  red {:>6}  yellow {:>6}",
            p.day, p.total.red, p.total.yellow
        );
    }
    println!(
        "{} points, {} units: {:.1} ms",
        trend.points.len(),
        trend.units.len(),
        walked.as_secs_f64() * 1e3
    );
    if args.iter().any(|a| a == "load") {
        let days: Vec<_> = trend.points.iter().map(|p| p.day).collect();
        let start = Instant::now();
        let loaded = tracker::trend::on_days_by_loading(&tree, &days).unwrap_or_default();
        let totals =
            |t: &tracker::trend::Trend| t.points.iter().map(|p| p.total).collect::<Vec<_>>();
        println!(
            "by loading every week: {:.1} ms, totals {}",
            start.elapsed().as_secs_f64() * 1e3,
            if totals(&loaded) == totals(&trend) {
                "equal"
            } else {
                "DIFFERENT"
            }
        );
    }
}
