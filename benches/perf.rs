//! Speed at a province's scale, each figure beside its floor measured in the same run.
//! Run: `cargo bench --bench perf` (sizes: 165, 1,000, 10,000 projects; the open benches
//! also at 100,000 with `TRACKER_BENCH_100K=1`).

use std::hint::black_box;

use chrono::NaiveDate;
use divan::Bencher;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tracker::cli::Lang;
use tracker::ledger::{self, Change, LedgerFile};
use tracker::ui::action::Message;
use tracker::ui::app::View;
use tracker::ui::{Action, App, update};

const SIZES: [usize; 3] = [165, 1_000, 10_000];

/// The sizes of the open benches: 100,000 only on request, to keep CI short.
fn open_sizes() -> Vec<usize> {
    let mut sizes = SIZES.to_vec();
    if std::env::var_os("TRACKER_BENCH_100K").is_some_and(|v| v == "1") {
        sizes.push(100_000);
    }
    sizes
}

fn main() {
    divan::main();
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2018, 6, 15).unwrap_or_default()
}

fn text(n: usize) -> String {
    tracker::generate::ledger_text(n, 42)
}

/// Floor: bare `ron` deserialisation of the same text into the same raw types.
#[divan::bench(args = open_sizes(), sample_count = 10)]
fn parse_floor(b: Bencher, n: usize) {
    let t = text(n);
    b.bench(|| black_box(ledger::parse_raw(black_box(&t)).is_ok()));
}

/// Load + validate + colours and statistics (what opening the ledger costs before drawing).
#[divan::bench(args = open_sizes(), sample_count = 10)]
fn load_validate_stats(b: Bencher, n: usize) {
    let t = text(n);
    b.bench(|| {
        let (l, _) = ledger::load_str(black_box(&t)).unwrap_or_else(|_| panic!("loads"));
        let stats = tracker::rules::unit_stats(&l, today());
        let totals = tracker::rules::totals(&l, &l.projects, today());
        black_box((stats.len(), totals.milestones))
    });
}

/// A ledger file on disk and a cache folder beside its folder (never inside it).
fn on_disk(n: usize) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap_or_else(|_| panic!("tempdir"));
    std::fs::create_dir(dir.path().join("office")).unwrap_or_else(|_| panic!("mkdir"));
    let path = dir.path().join("office").join("ledger.ron");
    std::fs::write(&path, text(n)).unwrap_or_else(|_| panic!("write"));
    let cache = dir.path().join("cache");
    (dir, path, cache)
}

/// Reopening an unchanged ledger: read and fingerprint the file, read, check and decode the
/// cache, from the file on disk to the `Ledger` in memory.
#[divan::bench(args = open_sizes(), sample_count = 10)]
fn open_cached(b: Bencher, n: usize) {
    let (_dir, path, cache) = on_disk(n);
    ledger::load_path_cached_in(&path, &cache, ledger::CacheWrite::Now)
        .unwrap_or_else(|e| panic!("{e}"));
    b.bench(|| {
        let l = ledger::load_path_cached_in(&path, &cache, ledger::CacheWrite::Now)
            .unwrap_or_else(|e| panic!("{e}"));
        black_box(l.ledger.projects.len())
    });
}

/// The first open as the UI does it: no cache yet, so read, parse, validate, encode the
/// cache; its write runs on a thread of its own (`open_first_sync`: written before return).
#[divan::bench(args = open_sizes(), sample_count = 10)]
fn open_first(b: Bencher, n: usize) {
    first_open(b, n, ledger::CacheWrite::Background);
}

#[divan::bench(args = open_sizes(), sample_count = 10)]
fn open_first_sync(b: Bencher, n: usize) {
    first_open(b, n, ledger::CacheWrite::Now);
}

fn first_open(b: Bencher, n: usize, write: ledger::CacheWrite) {
    let (_dir, path, cache) = on_disk(n);
    b.with_inputs(|| {
        let _ = std::fs::remove_dir_all(&cache);
    })
    .bench_local_values(|()| {
        let l = ledger::load_path_cached_in(&path, &cache, write).unwrap_or_else(|e| panic!("{e}"));
        black_box(l.ledger.projects.len())
    });
}

/// Opening without the cache (`load_path`): read, parse, validate.
#[divan::bench(args = open_sizes(), sample_count = 10)]
fn open_uncached(b: Bencher, n: usize) {
    let (_dir, path, _) = on_disk(n);
    b.bench(|| {
        let l = ledger::load_path(&path).unwrap_or_else(|e| panic!("{e}"));
        black_box(l.ledger.projects.len())
    });
}

fn app_for(n: usize) -> App {
    let (l, _) = ledger::load_str(&text(n)).unwrap_or_else(|_| panic!("loads"));
    let file = LedgerFile {
        path: "bench.ron".into(),
        fingerprint: ledger::save::fingerprint(b""),
        read_only: false,
        stamp: None,
    };
    let mut app = App::new(l, file, today(), true, Lang::Zh);
    update(&mut app, Message::Resize(200, 60));
    app
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(200, 60)).unwrap_or_else(|_| panic!("terminal"))
}

/// Load through to the first frame drawn on a 200x60 TestBackend.
#[divan::bench(args = SIZES, sample_count = 10)]
fn first_frame(b: Bencher, n: usize) {
    let t = text(n);
    b.bench(|| {
        let (l, _) = ledger::load_str(&t).unwrap_or_else(|_| panic!("loads"));
        let file = LedgerFile {
            path: "bench.ron".into(),
            fingerprint: ledger::save::fingerprint(b""),
            read_only: false,
            stamp: None,
        };
        let mut app = App::new(l, file, today(), true, Lang::Zh);
        update(&mut app, Message::Resize(200, 60));
        let mut term = terminal();
        let _ = term.draw(|f| tracker::ui::panes::render(f, &app));
        black_box(app.derived.rows.len())
    });
}

fn key_bench(b: Bencher, n: usize, actions: fn() -> Vec<Action>) {
    let mut app = app_for(n);
    let mut term = terminal();
    b.bench_local(|| {
        for a in actions() {
            black_box(update(&mut app, a));
        }
        let _ = term.draw(|f| tracker::ui::panes::render(f, &app));
    });
}

/// One keystroke: move the selection down, then redraw.
#[divan::bench(args = SIZES)]
fn key_move_selection(b: Bencher, n: usize) {
    key_bench(b, n, || vec![Action::Down]);
}

/// One keystroke: switch to the next view, then redraw (cycles through all four).
#[divan::bench(args = SIZES)]
fn key_switch_view(b: Bencher, n: usize) {
    key_bench(b, n, || vec![Action::NextView]);
}

/// One keystroke: apply a bureau filter from the picker (Enter), then redraw. The picker is
/// reopened outside the measured key by alternating two units.
#[divan::bench(args = SIZES)]
fn key_apply_unit_filter(b: Bencher, n: usize) {
    let mut app = app_for(n);
    let mut term = terminal();
    let mut which = 0usize;
    b.bench_local(|| {
        which = 1 - which;
        app.mode = tracker::ui::app::Mode::Picker(tracker::ui::app::Picker {
            query: String::new(),
            selected: 1 + which,
        });
        black_box(update(&mut app, Action::Confirm));
        let _ = term.draw(|f| tracker::ui::panes::render(f, &app));
    });
}

/// One keystroke of search: type a character, then redraw (alternates type / delete).
#[divan::bench(args = SIZES)]
fn key_search_char(b: Bencher, n: usize) {
    let mut app = app_for(n);
    update(&mut app, Action::StartSearch);
    let mut term = terminal();
    let mut typed = false;
    b.bench_local(|| {
        let a = if typed {
            Action::Backspace
        } else {
            Action::Input('园')
        };
        typed = !typed;
        black_box(update(&mut app, a));
        let _ = term.draw(|f| tracker::ui::panes::render(f, &app));
    });
}

/// Timeline view redraw after a move (its rows are built once per filter change).
#[divan::bench(args = SIZES)]
fn key_timeline_move(b: Bencher, n: usize) {
    let mut app = app_for(n);
    update(&mut app, Action::ShowView(View::Timeline));
    let mut term = terminal();
    b.bench_local(|| {
        black_box(update(&mut app, Action::Down));
        let _ = term.draw(|f| tracker::ui::panes::render(f, &app));
    });
}

/// One cross-off saved: in-place edit, lock, hash check, .bak, atomic write.
#[divan::bench(args = SIZES, sample_count = 20)]
fn cross_off_save(b: Bencher, n: usize) {
    let dir = tempfile::tempdir().unwrap_or_else(|_| panic!("tempdir"));
    let path = dir.path().join("ledger.ron");
    std::fs::write(&path, text(n)).unwrap_or_else(|_| panic!("write"));
    let mut file = ledger::load_path(&path)
        .unwrap_or_else(|e| panic!("{e}"))
        .file;
    let mut done = false;
    b.bench_local(|| {
        done = !done;
        let change = Change::MilestoneDone {
            project: n / 2,
            milestone: 4,
            done: done.then(today),
            by: done.then(|| "bench".into()),
        };
        file.fingerprint = ledger::apply_to_file(&file, &change).unwrap_or_else(|e| panic!("{e}"));
    });
}

/// Floor for the save: a plain `std::fs::write` of the same bytes.
#[divan::bench(args = SIZES, sample_count = 20)]
fn write_floor(b: Bencher, n: usize) {
    let dir = tempfile::tempdir().unwrap_or_else(|_| panic!("tempdir"));
    let path = dir.path().join("ledger.ron");
    let t = text(n);
    b.bench(|| std::fs::write(&path, t.as_bytes()).unwrap_or_else(|_| panic!("write")));
}

/// Typing into a field, one key at a time and redrawn after each (the worst case: a terminal
/// without bracketed paste), for a line of 100, 200 and 400 characters: the time per key must
/// not grow with the length (linear in all).
#[divan::bench(args = [100, 200, 400], sample_count = 10)]
fn type_a_line_key_by_key(b: Bencher, chars: usize) {
    b.bench(|| {
        let mut term = terminal();
        let mut app = app_for(165);
        update(&mut app, Action::AddUpdate);
        for _ in 0..chars {
            update(&mut app, Action::Input('进'));
            let _ = term.draw(|f| tracker::ui::panes::render(f, &app));
        }
        black_box(app.mode.clone())
    });
}

/// A paste of 1,000 to 100,000 characters into a field, then one frame: cut to the field's
/// limit in time linear in the paste.
#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 10)]
fn paste_into_a_field(b: Bencher, chars: usize) {
    let paste: String = "进度".repeat(chars / 2);
    b.bench(|| {
        let mut term = terminal();
        let mut app = app_for(165);
        update(&mut app, Action::AddUpdate);
        update(&mut app, Message::Paste(paste.clone()));
        let _ = term.draw(|f| tracker::ui::panes::render(f, &app));
        black_box(app.mode.clone())
    });
}

/// A cross-off in the UI up to its first repaint (the save itself runs on the worker): the
/// dialog's Enter, then a frame. Crossing off and un-marking alternate, so every sample
/// changes a milestone.
#[divan::bench(args = SIZES)]
fn key_cross_off_repaint(b: Bencher, n: usize) {
    key_bench(b, n, || vec![Action::CrossOff, Action::Confirm]);
}
