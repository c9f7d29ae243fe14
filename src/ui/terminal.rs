//! The event loop: draw, read one event, map it to an action, update, carry out effects.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use chrono::NaiveDate;
use crossterm::event::{self, Event as TermEvent, KeyEventKind};
use ratatui::DefaultTerminal;

use super::action::{Action, Effect};
use super::app::{App, Status, StatusKind};
use super::i18n::lang_from_env;
use super::keymap;
use super::panes;
use super::theme::Theme;
use super::update::{clock_today, update};
use crate::cli::{Lang, resolve_ledger};
use crate::ledger::{self, Change, LedgerFile, load_path};

/// How often the loop looks at the clock and at the file on disk.
const CHECK_EVERY: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub file: Option<PathBuf>,
    pub today: Option<NaiveDate>,
    pub lang: Option<Lang>,
    pub unit: Option<String>,
    /// The format of the brief `b` writes (default: txt).
    pub brief_format: Option<crate::report::Format>,
}

/// What reaches the loop from its helper threads.
enum Event {
    Terminal(TermEvent),
    /// SIGTERM, SIGHUP or SIGINT.
    Signal,
    Saved(Result<ledger::save::Fingerprint, String>),
}

/// Loads the ledger, runs the UI, restores the terminal.
pub fn run(opts: Options) -> Result<ExitCode, String> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        eprintln!(
            "tracker: the interface needs a terminal (stdin and stdout must be a tty); \
             for scripts use `tracker check`, `tracker done` or `tracker report`"
        );
        return Ok(ExitCode::from(2));
    }
    let mut app = prepare(&opts)?;
    let signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ])
    .map_err(|e| format!("cannot watch signals: {e}"))?;
    let mut terminal = ratatui::init();
    let result = event_loop(&mut terminal, &mut app, signals);
    ratatui::restore();
    result.map(|()| ExitCode::SUCCESS)
}

/// Builds the app state from the options (no terminal needed: tests use it too).
pub fn prepare(opts: &Options) -> Result<App, String> {
    let path = resolve_ledger(opts.file.as_deref())?;
    let loaded = load_path(&path).map_err(|e| e.to_string())?;
    let today = opts.today.unwrap_or_else(clock_today);
    let lang = opts.lang.unwrap_or_else(lang_from_env);
    let mut app = App::new(
        loaded.ledger,
        loaded.file,
        today,
        opts.today.is_some(),
        lang,
    );
    app.theme = Theme::from_env();
    app.brief_format = opts.brief_format.unwrap_or(app.brief_format);
    if let Some(name) = &opts.unit {
        match app.ledger.unit_by_name(name) {
            Some(u) => {
                app.filter.unit = Some(u);
                app.refresh_rows();
            }
            None => {
                let names: Vec<&str> = app.ledger.units.iter().map(|u| u.name.as_str()).collect();
                return Err(format!(
                    "no unit named \"{name}\"; the ledger's units are: {}",
                    names.join(", ")
                ));
            }
        }
    }
    if app.file.read_only {
        app.status = Some(Status {
            kind: StatusKind::Error,
            text: format!("{}: {}", app.text().read_only, app.file.path.display()),
        });
    }
    Ok(app)
}

fn spawn_input(tx: Sender<Event>) {
    thread::spawn(move || {
        while let Ok(ev) = event::read() {
            if tx.send(Event::Terminal(ev)).is_err() {
                break;
            }
        }
    });
}

fn spawn_signals(tx: Sender<Event>, mut signals: signal_hook::iterator::Signals) {
    thread::spawn(move || {
        if signals.forever().next().is_some() {
            let _ = tx.send(Event::Signal);
        }
    });
}

/// The saver: one job at a time, off the UI thread, so the UI never freezes while saving.
fn spawn_saver(tx: Sender<Event>) -> Sender<(LedgerFile, Change)> {
    let (jobs, rx) = mpsc::channel::<(LedgerFile, Change)>();
    thread::spawn(move || {
        for (file, change) in rx {
            let result = ledger::apply_to_file(&file, &change).map_err(|e| e.to_string());
            if tx.send(Event::Saved(result)).is_err() {
                break;
            }
        }
    });
    jobs
}

/// What the loop remembers of the file to notice changes by others cheaply.
#[derive(PartialEq, Eq, Clone, Copy)]
struct Seen {
    len: u64,
    modified: Option<SystemTime>,
}

fn seen(path: &std::path::Path) -> Option<Seen> {
    let m = std::fs::metadata(path).ok()?;
    Some(Seen {
        len: m.len(),
        modified: m.modified().ok(),
    })
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    signals: signal_hook::iterator::Signals,
) -> Result<(), String> {
    let (tx, rx) = mpsc::channel();
    spawn_input(tx.clone());
    spawn_signals(tx.clone(), signals);
    let saver = spawn_saver(tx);
    if let Ok(size) = terminal.size() {
        update(app, Action::Resize(size.width, size.height));
    }
    let mut last_seen = seen(&app.file.path);
    let mut next_check = Instant::now() + CHECK_EVERY;
    loop {
        terminal
            .draw(|f| panes::render(f, app))
            .map_err(|e| format!("cannot draw: {e}"))?;
        let wait = next_check.saturating_duration_since(Instant::now());
        let action = match rx.recv_timeout(wait) {
            Ok(Event::Terminal(TermEvent::Key(key))) if key.kind != KeyEventKind::Release => {
                keymap::action_for(&app.mode, &key)
            }
            Ok(Event::Terminal(TermEvent::Resize(w, h))) => Some(Action::Resize(w, h)),
            Ok(Event::Terminal(_)) => None,
            Ok(Event::Saved(result)) => Some(Action::Saved(result)),
            Ok(Event::Signal) => {
                finish_saving(app, &rx, &saver);
                return Ok(());
            }
            Err(RecvTimeoutError::Timeout) => {
                next_check = Instant::now() + CHECK_EVERY;
                periodic_check(app, &mut last_seen)
            }
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        let Some(action) = action else { continue };
        let mut effects = update(app, action);
        while let Some(effect) = effects.pop() {
            match effect {
                Effect::Quit => {
                    finish_saving(app, &rx, &saver);
                    return Ok(());
                }
                Effect::Save(change) => {
                    if saver.send((app.file.clone(), change)).is_err() {
                        effects.extend(update(app, Action::Saved(Err("the saver stopped".into()))));
                    }
                }
                Effect::Reload => {
                    let result = load_path(&app.file.path);
                    last_seen = seen(&app.file.path);
                    effects.extend(update(app, Action::Reloaded(Box::new(result))));
                }
                Effect::WriteBrief => {
                    let result = crate::report::write_brief_from_ui(
                        &app.ledger,
                        &app.file.path,
                        app.today,
                        app.filter.unit,
                        app.brief_format,
                    );
                    effects.extend(update(app, Action::BriefWritten(result)));
                }
            }
        }
    }
}

/// The day's date and the file on disk, looked at every few seconds.
fn periodic_check(app: &App, last_seen: &mut Option<Seen>) -> Option<Action> {
    if !app.today_fixed {
        let today = clock_today();
        if today != app.today {
            return Some(Action::DayChanged(today));
        }
    }
    if app.saving || app.stale {
        return None;
    }
    let now = seen(&app.file.path);
    if now == *last_seen {
        return None;
    }
    *last_seen = now;
    let bytes = std::fs::read(&app.file.path).ok()?;
    (ledger::save::fingerprint(&bytes) != app.file.fingerprint).then_some(Action::ChangedOnDisk)
}

/// Saves every queued change before leaving, so quitting (or a signal) never drops a
/// cross-off; gives up after a while or at the first failure.
fn finish_saving(app: &mut App, rx: &Receiver<Event>, saver: &Sender<(LedgerFile, Change)>) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while app.saving {
        let wait = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(wait) {
            Ok(Event::Saved(result)) => {
                for effect in update(app, Action::Saved(result)) {
                    if let Effect::Save(change) = effect
                        && saver.send((app.file.clone(), change)).is_err()
                    {
                        app.saving = false;
                    }
                }
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
}
