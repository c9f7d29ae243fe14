//! The event loop: draw, read events, map each to an action, update, carry out effects.
//! Every file operation runs on a worker thread (saves, reloads, the brief) or the watcher
//! thread (noticing other writers): the UI thread never blocks on the disk.

use std::collections::VecDeque;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use crossterm::event::{self, Event as TermEvent, KeyEventKind};
use ratatui::DefaultTerminal;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGTSTP};

use super::action::{Action, Effect, Event as Incoming, Message};
use super::app::{App, Mode, Status, StatusKind};
use super::editor::{self, Draft};
use super::i18n::fill;
use super::panes;
use super::screen::{self, InputGate};
use super::theme::Theme;
use super::update::saving::unsaved_lines;
use super::update::{clock_today, update};
use super::worker::{
    Event, Job, Shared, TrendJob, spawn_counter, spawn_watcher, spawn_worker, watching,
};
use crate::lang::Lang;
use crate::ledger::load_path_cached_later;

/// How often the loop looks at the clock, and the watcher at the file.
pub(super) const CHECK_EVERY: Duration = Duration::from_secs(2);

/// After a signal, how long a save may still wait for another writer's lock.
const SIGNAL_GRACE: Duration = Duration::from_secs(3);

/// Why the interface could not start or go on.
#[derive(Debug, thiserror::Error)]
pub enum UiError {
    #[error(transparent)]
    Path(#[from] crate::paths::PathError),
    #[error(transparent)]
    Load(#[from] crate::ledger::LoadError),
    #[error("no unit named \"{name}\"; the ledger's units are: {}", units.join(", "))]
    NoSuchUnit { name: String, units: Vec<String> },
    #[error("cannot watch signals: {0}")]
    Signals(std::io::Error),
    #[error("cannot draw: {0}")]
    Draw(std::io::Error),
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub file: Option<PathBuf>,
    pub today: Option<NaiveDate>,
    pub lang: Option<Lang>,
    pub unit: Option<String>,
    /// The format of the brief `b` writes (default: txt).
    pub brief_format: Option<crate::report::Format>,
    /// The user, the unit, the keys and any problem from the config file.
    pub config: super::startup::FromConfig,
}

/// Loads the ledger, runs the UI, restores the terminal. Exits non-zero, listing them on
/// stderr, when changes could not be saved.
pub fn run(opts: Options) -> Result<ExitCode, UiError> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        let t = super::i18n::text(opts.lang.unwrap_or_else(Lang::from_env));
        eprintln!("{}", t.needs_terminal);
        return Ok(ExitCode::from(2));
    }
    // No terminal type, or one without cursor addressing: full-screen output would be garbage.
    let term = std::env::var("TERM").unwrap_or_default();
    if term.is_empty() || term == "dumb" {
        let t = super::i18n::text(opts.lang.unwrap_or_else(Lang::from_env));
        let shown = if term.is_empty() {
            t.term_unset
        } else {
            "dumb"
        };
        eprintln!("{}", super::i18n::fill(t.dumb_terminal, shown));
        return Ok(ExitCode::from(2));
    }
    let mut app = prepare(&opts)?;
    let signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGTSTP])
        .map_err(UiError::Signals)?;
    let mut terminal = ratatui::init();
    let _ = crossterm::execute!(std::io::stdout(), event::EnableBracketedPaste);
    let result = event_loop(&mut terminal, &mut app, signals);
    let _ = crossterm::execute!(std::io::stdout(), event::DisableBracketedPaste);
    ratatui::restore();
    result?;
    let lost = unsaved_lines(&app);
    if lost.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("{}", fill(app.text().exit_unsaved, lost.len()));
    for what in lost {
        eprintln!("  - {what}");
    }
    Ok(ExitCode::FAILURE)
}

/// Builds the app state from the options (no terminal needed: tests use it too).
pub fn prepare(opts: &Options) -> Result<App, UiError> {
    let path = match &opts.file {
        Some(p) => p.clone(),
        None => crate::paths::resolve_ledger(None)?.0,
    };
    let (loaded, pending) = load_path_cached_later(&path)?;
    let today = opts.today.unwrap_or_else(clock_today);
    let lang = opts.lang.unwrap_or_else(Lang::from_env);
    let mut app = App::new(
        loaded.ledger,
        loaded.file,
        today,
        opts.today.is_some(),
        lang,
    );
    if let Some(pending) = pending {
        // A parsed ledger's cache is written beside the first frame, from the ledger the
        // app holds (shared, not copied; let go once encoded).
        let ledger = Arc::clone(&app.ledger);
        let warnings = loaded.warnings;
        let _ = thread::Builder::new()
            .name("cache-write".into())
            .spawn(move || {
                let bytes = pending.encode(&ledger, &warnings);
                drop(ledger);
                if let Some(bytes) = bytes {
                    pending.write_encoded(&bytes);
                }
            });
    }
    app.theme = Theme::from_env();
    app.brief_format = opts.brief_format.unwrap_or(app.brief_format);
    if let Some(name) = &opts.unit {
        match crate::ledger::names::unit_typed(&app.ledger, name) {
            Some(u) => {
                app.filter.unit = Some(u);
                app.refresh_rows();
            }
            None => {
                return Err(UiError::NoSuchUnit {
                    name: name.clone(),
                    units: app
                        .ledger
                        .units
                        .iter()
                        .map(|u| u.name.to_string())
                        .collect(),
                });
            }
        }
    }
    if app.file.read_only {
        app.status = Some(Status {
            kind: StatusKind::Error,
            text: format!(
                "{}: {}",
                app.text().read_only,
                crate::ledger::sanitize::path(&app.file.path)
            ),
        });
    }
    super::startup::apply(&mut app, &opts.config);
    Ok(app)
}

fn spawn_input(tx: Sender<Event>, gate: Arc<InputGate>) {
    thread::spawn(move || {
        loop {
            match gate.next_event() {
                Ok(Some(ev)) => {
                    if tx.send(Event::Terminal(ev)).is_err() {
                        break;
                    }
                }
                Ok(None) => {}
                Err(_) => break,
            }
        }
    });
}

fn spawn_signals(tx: Sender<Event>, mut signals: signal_hook::iterator::Signals) {
    thread::spawn(move || {
        for sig in signals.forever() {
            if tx.send(Event::Signal(sig)).is_err() {
                break;
            }
        }
    });
}

/// Where the loop stands with its helpers.
struct Loop {
    worker: Sender<Job>,
    /// Counts the weekly trend, apart from the worker.
    counter: Sender<TrendJob>,
    cancel: Arc<AtomicBool>,
    reloading: bool,
    /// A save is being recorded in git.
    committing: Arc<AtomicBool>,
    /// The editor's draft is being saved.
    saving_draft: bool,
    input: Arc<InputGate>,
    leaving: bool,
    signalled: bool,
    /// A second signal: leave without waiting for anything.
    forced: bool,
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    signals: signal_hook::iterator::Signals,
) -> Result<(), UiError> {
    let (tx, rx) = mpsc::channel();
    let watch: Shared = watching(app.file.fingerprint, app.file.stamp);
    let cancel = Arc::new(AtomicBool::new(false));
    let input = Arc::new(InputGate::default());
    spawn_input(tx.clone(), input.clone());
    spawn_signals(tx.clone(), signals);
    spawn_watcher(tx.clone(), app.file.path.clone(), watch.clone());
    let committing = Arc::new(AtomicBool::new(false));
    let mut lp = Loop {
        counter: spawn_counter(tx.clone()),
        worker: spawn_worker(tx, watch, cancel.clone(), committing.clone()),
        cancel,
        reloading: false,
        committing,
        saving_draft: false,
        input,
        leaving: false,
        signalled: false,
        forced: false,
    };
    if let Ok(size) = terminal.size() {
        update(app, Message::Resize(size.width, size.height));
    }
    let mut next_check = Instant::now() + CHECK_EVERY;
    loop {
        if lp.leaving && done_leaving(app, &lp) {
            return Ok(());
        }
        terminal
            .draw(|f| panes::render(f, app))
            .map_err(UiError::Draw)?;
        // While nothing waits, the indexes a first visit to the timeline or a first search
        // would need are built, one at a time (once after opening or reading the file).
        let mut pending = rx.try_recv().ok();
        while pending.is_none() && app.wants_warming() {
            update(app, Message::Idle);
            pending = rx.try_recv().ok();
        }
        let wait = next_check.saturating_duration_since(Instant::now());
        let first = match pending.map_or_else(|| rx.recv_timeout(wait), Ok) {
            Ok(ev) => Some(ev),
            Err(RecvTimeoutError::Timeout) => {
                next_check = Instant::now() + CHECK_EVERY;
                if !app.today_fixed && clock_today() != app.today {
                    handle(
                        terminal,
                        app,
                        &mut lp,
                        Message::DayChanged(clock_today()).into(),
                    );
                }
                None
            }
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        // Everything that has arrived is taken before the next frame: a paste or a burst
        // of keys costs one redraw, not one each.
        for ev in first
            .into_iter()
            .chain(std::iter::from_fn(|| rx.try_recv().ok()))
        {
            let Some(action) = to_action(app, &mut lp, ev) else {
                continue;
            };
            handle(terminal, app, &mut lp, action);
            if lp.leaving && done_leaving(app, &lp) {
                return Ok(());
            }
        }
    }
}

/// An event as an action for `update`; signals are handled here.
fn to_action(app: &mut App, lp: &mut Loop, ev: Event) -> Option<Incoming> {
    match ev {
        Event::Terminal(TermEvent::Key(key)) if key.kind != KeyEventKind::Release => {
            app.keymap.action_for(&app.mode, &key).map(Incoming::from)
        }
        Event::Terminal(TermEvent::Paste(text)) => Some(Message::Paste(text).into()),
        Event::Terminal(TermEvent::Resize(w, h)) => Some(Message::Resize(w, h).into()),
        Event::Terminal(_) => None,
        Event::Signal(SIGTSTP) => Some(Action::Suspend.into()),
        Event::Signal(_) if lp.signalled => {
            // A second signal: leave now, reporting what is not saved.
            lp.cancel.store(true, Ordering::Relaxed);
            lp.forced = true;
            lp.leaving = true;
            None
        }
        Event::Signal(_) => {
            // Finish what can be finished, then leave: saves go on, a wait for another
            // writer's lock is given a moment and then given up.
            lp.signalled = true;
            lp.leaving = true;
            let cancel = lp.cancel.clone();
            thread::spawn(move || {
                thread::sleep(SIGNAL_GRACE);
                cancel.store(true, Ordering::Relaxed);
            });
            Some(Message::Terminate.into())
        }
        Event::Message(m) => {
            match m {
                Message::Reloaded(_) => lp.reloading = false,
                Message::DraftSaved { .. } => lp.saving_draft = false,
                _ => {}
            }
            Some(m.into())
        }
    }
}

/// Leaving: once no save or reload is under way and nothing more can be saved.
fn done_leaving(app: &App, lp: &Loop) -> bool {
    if lp.forced {
        return true;
    }
    let committing = lp.committing.load(Ordering::SeqCst);
    if app.saving.is_some() || lp.reloading || lp.saving_draft || committing {
        return false;
    }
    let blocked = app.save_failed.is_some() || matches!(app.mode, Mode::Conflict(_));
    app.unsaved.is_empty() || blocked || !lp.signalled || lp.cancel.load(Ordering::Relaxed)
}

fn handle(terminal: &mut DefaultTerminal, app: &mut App, lp: &mut Loop, event: Incoming) {
    let mut effects: VecDeque<Effect> = update(app, event).into();
    while let Some(effect) = effects.pop_front() {
        match effect {
            Effect::Quit => lp.leaving = true,
            Effect::CancelSave => lp.cancel.store(true, Ordering::Relaxed),
            Effect::Save {
                seq,
                change,
                what,
                author,
            } => {
                let job = Job::Save {
                    file: app.file.clone(),
                    seq,
                    change,
                    commit: (what, author),
                };
                if lp.worker.send(job).is_err() {
                    app.saving = None;
                    app.save_failed = Some(app.text().worker_stopped.into());
                }
            }
            Effect::Reload => {
                lp.reloading = true;
                if lp.worker.send(Job::Reload(app.file.path.clone())).is_err() {
                    lp.reloading = false;
                }
            }
            Effect::History { project, milestone } => {
                let _ = lp.worker.send(Job::History {
                    path: app.file.path.clone(),
                    ledger: Arc::clone(&app.ledger),
                    at: (project, milestone),
                    lang: app.lang,
                });
            }
            Effect::Sync { clash, choices } => {
                let job = Job::Sync {
                    path: app.file.path.clone(),
                    lang: app.lang,
                    clash,
                    choices,
                };
                let _ = lp.worker.send(job);
            }
            Effect::WriteBrief => {
                let _ = lp.worker.send(Job::Brief {
                    ledger: Arc::clone(&app.ledger),
                    path: app.file.path.clone(),
                    today: app.today,
                    unit: app.filter.unit,
                    format: app.brief_format,
                    lang: app.lang,
                });
            }
            Effect::Suspend => suspend(terminal),
            Effect::OpenEditor { item } => {
                let returned = editor::new_draft(&app.file.path, item)
                    .and_then(|(draft, line)| in_editor(terminal, lp, draft, line));
                effects.extend(update(app, Message::EditorReturned(returned)));
            }
            Effect::EditAgain { draft, line } => {
                let returned = in_editor(terminal, lp, draft, line);
                effects.extend(update(app, Message::EditorReturned(returned)));
            }
            Effect::SaveDraft {
                draft,
                bytes,
                commit,
            } => {
                let job = Job::SaveDraft {
                    path: app.file.path.clone(),
                    draft,
                    bytes,
                    commit,
                };
                lp.saving_draft = lp.worker.send(job).is_ok();
            }
            Effect::DiscardDraft(draft) => editor::discard(&draft),
            Effect::SyncInTerminal => {
                let result = sync_in_terminal(terminal, lp, app);
                effects.extend(update(app, Message::Synced(result)));
            }
            Effect::Trend { generation } => {
                let job = TrendJob {
                    path: app.file.path.clone(),
                    today: app.today,
                    generation,
                };
                if lp.counter.send(job).is_err() {
                    app.trend.asked_of = None;
                }
            }
        }
    }
}

/// Ctrl-Z or SIGTSTP: the terminal as the shell expects it, stop; on `fg`, back to the
/// full screen, redrawn whole.
fn suspend(terminal: &mut DefaultTerminal) {
    screen::leave();
    let _ = signal_hook::low_level::raise(signal_hook::consts::SIGSTOP);
    // Continued (`fg`).
    screen::enter(terminal);
}

/// A sync with the terminal handed over, so that git (or ssh) can ask for the password or
/// passphrase itself; then the terminal taken back.
fn sync_in_terminal(
    terminal: &mut DefaultTerminal,
    lp: &Loop,
    app: &App,
) -> Result<crate::git::Synced, crate::git::SyncError> {
    use crate::ledger::merge::Clash;
    let t = app.text();
    let _shut = lp.input.shut();
    screen::leave();
    let _ = std::io::Write::write_all(
        &mut std::io::stdout(),
        format!("\n{}\n", t.password_handover).as_bytes(),
    );
    let result = crate::git::open(&app.file.path).and_then(|tree| {
        let tree = crate::git::WorkTree {
            prompts: true,
            ..tree
        };
        let driver = crate::git::driver_command(Some(app.lang), Clash::Report, None);
        tree.sync(&driver, t.sync_merged)
    });
    screen::enter(terminal);
    result
}

/// The terminal handed to the editor on the draft, and taken back; then the draft read.
fn in_editor(
    terminal: &mut DefaultTerminal,
    lp: &Loop,
    draft: Draft,
    line: usize,
) -> Result<editor::Outcome, editor::EditorError> {
    let ran = {
        let _shut = lp.input.shut();
        screen::leave();
        let ran = editor::run_editor(&editor::editor_command(), &draft, line);
        screen::enter(terminal);
        ran
    };
    ran.and_then(|()| editor::read_back(draft))
}
