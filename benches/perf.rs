//! Speed at a province's scale, each figure beside its floor measured in the same run.
//! Run: `cargo bench --bench perf`. Opening, saving and their floors at 165, 1,000 and 10,000
//! projects; each key (update + one redraw on a 200x60 TestBackend) at 1,000 and 10,000.
//! `TRACKER_BENCH_100K=1` adds 100,000 projects to all of them (too slow for CI).

use std::cell::RefCell;
use std::collections::HashMap;
use std::hint::black_box;
use std::sync::{Mutex, OnceLock};

use chrono::NaiveDate;
use divan::Bencher;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tracker::cli::Lang;
use tracker::ledger::{self, Change, LedgerFile};
use tracker::ui::action::Message;
use tracker::ui::app::{Mode, Picker, View};
use tracker::ui::{Action, App, update};

const SIZES: [usize; 3] = [165, 1_000, 10_000];

/// The sizes of the key benches.
const KEY_SIZES: [usize; 2] = [1_000, 10_000];

/// 100,000 projects added only on request (`TRACKER_BENCH_100K=1`), to keep CI short.
fn with_100k(sizes: &[usize]) -> Vec<usize> {
    let mut sizes = sizes.to_vec();
    if std::env::var_os("TRACKER_BENCH_100K").is_some_and(|v| v == "1") {
        sizes.push(100_000);
    }
    sizes
}

/// The sizes of the open and save benches and of their floors.
fn open_sizes() -> Vec<usize> {
    with_100k(&SIZES)
}

/// The sizes of the key benches.
fn key_sizes() -> Vec<usize> {
    with_100k(&KEY_SIZES)
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

/// The ledger of `n` projects, loaded once per size and cloned for each bench (loading
/// 100,000 projects takes over a second).
fn ledger_for(n: usize) -> ledger::Ledger {
    static LOADED: OnceLock<Mutex<HashMap<usize, ledger::Ledger>>> = OnceLock::new();
    let mut loaded = LOADED
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|_| panic!("lock"));
    loaded
        .entry(n)
        .or_insert_with(|| {
            ledger::load_str(&text(n))
                .unwrap_or_else(|_| panic!("loads"))
                .0
        })
        .clone()
}

fn app_for(n: usize) -> App {
    let file = LedgerFile {
        path: "bench.ron".into(),
        fingerprint: ledger::save::fingerprint(b""),
        read_only: false,
        stamp: None,
    };
    let mut app = App::new(ledger_for(n), file, today(), true, Lang::Zh);
    update(&mut app, Message::Resize(200, 60));
    app
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(200, 60)).unwrap_or_else(|_| panic!("terminal"))
}

fn draw(term: &mut Terminal<TestBackend>, app: &App) {
    let _ = term.draw(|f| tracker::ui::panes::render(f, app));
}

/// Load through to the first frame drawn on a 200x60 TestBackend.
#[divan::bench(args = open_sizes(), sample_count = 10)]
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
        draw(&mut term, &app);
        black_box(app.derived.rows.len())
    });
}

/// One key measured: `setup` (not measured) brings the app to where the key is pressed and
/// draws that screen; then the key's actions and one redraw are timed. One key per sample
/// (`sample_size = 1` on every key bench), so each sample has its own setup.
fn key_bench(b: Bencher, n: usize, mut setup: impl FnMut(&mut App), key: &[Action]) {
    let state = RefCell::new((app_for(n), terminal()));
    {
        let (app, term) = &mut *state.borrow_mut();
        setup(app);
        draw(term, app);
    }
    b.with_inputs(|| {
        let (app, term) = &mut *state.borrow_mut();
        setup(app);
        draw(term, app);
    })
    .bench_local_values(|()| {
        let (app, term) = &mut *state.borrow_mut();
        for &a in key {
            black_box(update(app, a));
        }
        draw(term, app);
    });
}

fn nothing(_: &mut App) {}

/// Back to the projects view with no filter, the table focused.
fn projects_view(app: &mut App) {
    if app.mode != Mode::Browse {
        update(app, Action::Cancel);
    }
    update(app, Action::ShowView(View::Projects));
}

/// A filter change (the colour filter pressed round its four states, back to none): the
/// timeline and the overview's totals are built again on their next visit.
fn after_filter_change(app: &mut App) {
    projects_view(app);
    for _ in 0..4 {
        update(app, Action::CycleColour);
    }
}

/// Move the selection down, then redraw (from the top again near the bottom).
#[divan::bench(args = key_sizes(), sample_size = 1)]
fn key_move_down(b: Bencher, n: usize) {
    key_bench(
        b,
        n,
        |app| {
            if app.projects.selected + 2 >= app.derived.rows.len() {
                update(app, Action::Home);
            }
        },
        &[Action::Down],
    );
}

/// From the projects view to the units view.
#[divan::bench(args = key_sizes(), sample_size = 1)]
fn key_view_units(b: Bencher, n: usize) {
    key_bench(b, n, projects_view, &[Action::ShowView(View::Units)]);
}

/// From the projects view to the timeline, its first visit after a filter change (the
/// timeline is built again in every sample).
#[divan::bench(args = key_sizes(), sample_size = 1)]
fn key_view_timeline(b: Bencher, n: usize) {
    key_bench(
        b,
        n,
        after_filter_change,
        &[Action::ShowView(View::Timeline)],
    );
}

/// From the projects view to the overview, its first visit after a filter change (its
/// totals are counted again in every sample).
#[divan::bench(args = key_sizes(), sample_size = 1)]
fn key_view_overview(b: Bencher, n: usize) {
    key_bench(
        b,
        n,
        after_filter_change,
        &[Action::ShowView(View::Overview)],
    );
}

/// Back to the projects view from the timeline (its rows kept).
#[divan::bench(args = key_sizes(), sample_size = 1)]
fn key_view_projects(b: Bencher, n: usize) {
    key_bench(
        b,
        n,
        |app| {
            update(app, Action::ShowView(View::Timeline));
        },
        &[Action::ShowView(View::Projects)],
    );
}

/// One press of the colour filter (round its four states: red and yellow, red, blue, none).
#[divan::bench(args = key_sizes(), sample_size = 1)]
fn key_colour_filter(b: Bencher, n: usize) {
    key_bench(b, n, nothing, &[Action::CycleColour]);
}

/// The first sort by name: every project's pinyin sort key, then the rank (kept after).
#[divan::bench(args = key_sizes(), sample_size = 1)]
fn key_sort_by_name(b: Bencher, n: usize) {
    let before_name = |app: &mut App| {
        projects_view(app);
        app.sort = tracker::ui::app::SortKey::Unit;
        app.derived.name_rank = None;
    };
    key_bench(b, n, before_name, &[Action::CycleSort]);
}

/// Opening the unit picker.
#[divan::bench(args = key_sizes(), sample_size = 1)]
fn key_unit_picker_open(b: Bencher, n: usize) {
    key_bench(b, n, projects_view, &[Action::OpenPicker]);
}

/// Applying a unit filter from the picker (Enter); the picker is opened on one of two units,
/// alternately, outside the measured key.
#[divan::bench(args = key_sizes(), sample_size = 1)]
fn key_apply_unit_filter(b: Bencher, n: usize) {
    let mut which = 0;
    key_bench(
        b,
        n,
        |app| {
            which = 1 - which;
            app.mode = Mode::Picker(Picker {
                query: tracker::ui::app::TextField::default(),
                selected: 1 + which,
            });
        },
        &[Action::Confirm],
    );
}

/// The search open with the query `typed` (search opened and the query typed or deleted
/// outside the measured key).
fn search_with(app: &mut App, typed: &str) {
    if !matches!(app.mode, Mode::Search(_)) {
        projects_view(app);
        update(app, Action::StartSearch);
    }
    while !typed.starts_with(app.filter.search.as_str()) {
        update(app, Action::Backspace);
    }
    for c in typed[app.filter.search.len()..].chars() {
        update(app, Action::Input(c));
    }
}

/// The first character of a search, from an empty query: every project is looked at.
#[divan::bench(args = key_sizes(), sample_size = 1)]
fn key_search_first_char(b: Bencher, n: usize) {
    key_bench(b, n, |app| search_with(app, ""), &[Action::Input('园')]);
}

/// A second character, narrowing the rows the first one found.
#[divan::bench(args = key_sizes(), sample_size = 1)]
fn key_search_second_char(b: Bencher, n: usize) {
    key_bench(b, n, |app| search_with(app, "园"), &[Action::Input('1')]);
}

/// A first Latin letter: every name is matched by its readings as well as by its text.
#[divan::bench(args = key_sizes(), sample_size = 1)]
fn key_search_first_letter(b: Bencher, n: usize) {
    key_bench(b, n, |app| search_with(app, ""), &[Action::Input('y')]);
}

/// A letter that makes the query initials (yb: 园博 …).
#[divan::bench(args = key_sizes(), sample_size = 1)]
fn key_search_initials(b: Bencher, n: usize) {
    key_bench(b, n, |app| search_with(app, "y"), &[Action::Input('b')]);
}

/// The search index, every name's readings worked out with it: built once, while idle.
#[divan::bench(args = key_sizes(), sample_size = 1)]
fn search_index_build(b: Bencher, n: usize) {
    let l = ledger_for(n);
    b.bench_local(|| black_box(tracker::ui::app::SearchIndex::build(&l)));
}

/// Deleting the search's one character: every project shown again.
#[divan::bench(args = key_sizes(), sample_size = 1)]
fn key_search_backspace(b: Bencher, n: usize) {
    key_bench(b, n, |app| search_with(app, "园"), &[Action::Backspace]);
}

/// The timeline view redrawn after a move (its rows are built once per filter change).
#[divan::bench(args = key_sizes(), sample_size = 1)]
fn key_timeline_move(b: Bencher, n: usize) {
    key_bench(
        b,
        n,
        |app| {
            if app.view != View::Timeline {
                update(app, Action::ShowView(View::Timeline));
            }
        },
        &[Action::Down],
    );
}

/// A cross-off in the UI up to its first repaint (the save itself runs on the worker): the
/// dialog's Enter, then a frame; the dialog is opened outside the measured key. Crossing
/// off and un-marking alternate, so every sample changes a milestone.
#[divan::bench(args = key_sizes(), sample_size = 1)]
fn key_cross_off_repaint(b: Bencher, n: usize) {
    key_bench(
        b,
        n,
        |app| {
            update(app, Action::CrossOff);
        },
        &[Action::Confirm],
    );
}

/// One cross-off saved: in-place edit, lock, hash check, .bak, atomic write.
#[divan::bench(args = open_sizes(), sample_count = 20)]
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

/// Floor for the save: the same bytes written to a file and synced to disk (what any save
/// that survives a power cut must do), without reading, checking or renaming anything.
#[divan::bench(args = open_sizes(), sample_count = 20)]
fn write_floor(b: Bencher, n: usize) {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap_or_else(|_| panic!("tempdir"));
    let path = dir.path().join("ledger.ron");
    let t = text(n);
    b.bench(|| {
        let mut f = std::fs::File::create(&path).unwrap_or_else(|_| panic!("create"));
        f.write_all(t.as_bytes())
            .unwrap_or_else(|_| panic!("write"));
        f.sync_all().unwrap_or_else(|_| panic!("sync"));
    });
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
            draw(&mut term, &app);
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
        draw(&mut term, &app);
        black_box(app.mode.clone())
    });
}
