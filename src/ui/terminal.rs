//! The event loop: draw, read events, map each to an action, update, carry out effects.
//! Every file operation runs on a worker thread (saves, reloads, the brief) or the watcher
//! thread (noticing other writers): the UI thread never blocks on the disk.

use std::collections::VecDeque;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
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
use crate::lang::Lang;
use crate::ledger::lock::{LockHolder, Wait};
use crate::ledger::save::{self, Fingerprint, SaveError, Stamp};
use crate::ledger::{self, Change, load_path_cached, load_path_cached_later};

/// How often the loop looks at the clock, and the watcher at the file.
const CHECK_EVERY: Duration = Duration::from_secs(2);

/// How often the watcher looks at the file: every 2 s, or `TRACKER_WATCH_SECONDS` (for a
/// slow network share, and for tests that need a change to go unnoticed for a while).
fn watch_every() -> Duration {
    std::env::var("TRACKER_WATCH_SECONDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map_or(CHECK_EVERY, |s| Duration::from_secs(s.max(1)))
}
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

/// What reaches the loop from its helper threads.
enum Event {
    Terminal(TermEvent),
    Signal(i32),
    /// From the file worker and the watcher, for `update` as it is.
    Message(Message),
}

/// Work for the file worker, done in order.
enum Job {
    Save {
        file: ledger::LedgerFile,
        seq: u64,
        change: Change,
        /// The commit's message and author, when the ledger is in git.
        commit: (String, String),
    },
    Reload(PathBuf),
    /// Share through git; the merge driver speaks `lang`.
    Sync(PathBuf, Lang),
    /// The history of a project (and milestone) in the ledger as loaded.
    History {
        path: PathBuf,
        ledger: Arc<ledger::Ledger>,
        at: (Option<usize>, Option<usize>),
        lang: Lang,
    },
    /// The editor's draft, saved over the ledger if it is still the version copied.
    SaveDraft {
        path: PathBuf,
        draft: Draft,
        bytes: Vec<u8>,
        commit: (String, String),
    },
    Brief {
        ledger: Arc<ledger::Ledger>,
        path: PathBuf,
        today: NaiveDate,
        unit: Option<usize>,
        format: crate::report::Format,
        lang: Lang,
    },
}

/// What the watcher takes the file to be: our own saves and reloads set it, so they never
/// look like someone else's change.
#[derive(Default)]
struct Watch {
    fingerprint: Option<Fingerprint>,
    stamp: Option<Stamp>,
    /// A save or reload is running: the file may be ours mid-way.
    busy: bool,
    /// Already reported; quiet until the next reload.
    reported: bool,
}

type Shared = Arc<Mutex<Watch>>;

fn watch_set(w: &Shared, f: impl FnOnce(&mut Watch)) {
    if let Ok(mut w) = w.lock() {
        f(&mut w);
    }
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

/// The file worker: saves, reloads and briefs, one at a time and in order.
fn spawn_worker(
    tx: Sender<Event>,
    watch: Shared,
    cancel: Arc<AtomicBool>,
    committing: Arc<AtomicBool>,
) -> Sender<Job> {
    let (jobs, rx) = mpsc::channel::<Job>();
    thread::spawn(move || {
        for job in rx {
            watch_set(&watch, |w| w.busy = true);
            // Recorded in git once the save is reported: a commit never holds the UI up.
            let mut to_commit: Option<(PathBuf, (String, String))> = None;
            let event = match job {
                Job::Save {
                    file,
                    seq,
                    change,
                    commit,
                } => {
                    let tell = |h: &LockHolder| {
                        let _ = tx.send(Event::Message(Message::LockWait(h.clone())));
                    };
                    let wait = Wait {
                        cancel: Some(&cancel),
                        on_wait: Some(&tell),
                    };
                    let result =
                        save::transact_with(&file.path, Some(file.fingerprint), wait, |bytes| {
                            ledger::edit_file(bytes, &change)
                        });
                    watch_set(&watch, |w| match &result {
                        Ok(s) => {
                            w.fingerprint = Some(s.fingerprint);
                            w.stamp = s.stamp.or(w.stamp);
                        }
                        Err(SaveError::Unconfirmed { fingerprint, .. }) => {
                            w.fingerprint = Some(*fingerprint);
                            w.stamp = Stamp::read(&file.path);
                        }
                        Err(_) => {}
                    });
                    if result.is_ok() {
                        to_commit = Some((file.path.clone(), commit));
                    }
                    Event::Message(Message::Saved { seq, result })
                }
                Job::SaveDraft {
                    path,
                    draft,
                    bytes,
                    commit,
                } => {
                    let wait = Wait {
                        cancel: Some(&cancel),
                        on_wait: None,
                    };
                    let result = save::transact_with(&path, Some(draft.on), wait, |_| {
                        Ok::<_, std::convert::Infallible>(save::NewVersion::Whole(bytes))
                    });
                    watch_set(&watch, |w| {
                        if let Ok(s) = &result {
                            w.fingerprint = Some(s.fingerprint);
                            w.stamp = s.stamp.or(w.stamp);
                        }
                    });
                    if result.is_ok() {
                        editor::discard(&draft);
                        to_commit = Some((path.clone(), commit));
                    }
                    Event::Message(Message::DraftSaved { draft, result })
                }
                Job::Sync(path, lang) => {
                    let lang = match lang {
                        Lang::Zh => "zh",
                        Lang::En => "en",
                    };
                    let driver = crate::git::driver_command(Some(lang));
                    let result = match crate::git::work_tree(&path) {
                        Some(tree) => tree.sync(&driver),
                        None if !crate::git::installed() => {
                            Err(crate::git::SyncError::NotInstalled)
                        }
                        None => Err(crate::git::SyncError::NotInRepository),
                    };
                    Event::Message(Message::Synced(result))
                }
                Job::History {
                    path,
                    ledger,
                    at,
                    lang,
                } => Event::Message(Message::History(crate::report::history::lines(
                    &path, &ledger, at.0, at.1, lang,
                ))),
                Job::Reload(path) => {
                    let result = load_path_cached(&path);
                    if let Ok(l) = &result {
                        watch_set(&watch, |w| {
                            w.fingerprint = Some(l.file.fingerprint);
                            w.stamp = l.file.stamp;
                            w.reported = false;
                        });
                    }
                    Event::Message(Message::Reloaded(Box::new(result)))
                }
                Job::Brief {
                    ledger,
                    path,
                    today,
                    unit,
                    format,
                    lang,
                } => Event::Message(Message::BriefWritten(crate::report::write_brief_from_ui(
                    &ledger, &path, today, unit, format, lang,
                ))),
            };
            watch_set(&watch, |w| w.busy = false);
            // Set before the save is reported, so that leaving waits for the commit.
            committing.store(to_commit.is_some(), Ordering::SeqCst);
            if tx.send(event).is_err() {
                break;
            }
            if let Some((path, (message, author))) = to_commit {
                let result = crate::git::record(&path, &message, &author);
                committing.store(false, Ordering::SeqCst);
                // Said either way: a quit waiting for the commit goes on at once.
                if let Some(r) = result
                    && tx.send(Event::Message(Message::Committed(r))).is_err()
                {
                    break;
                }
            }
        }
    });
    jobs
}

/// The watcher: looks at the file's size, time and inode every few seconds, and reads it
/// (with the loader's checks: regular file, size cap) only when they changed.
fn spawn_watcher(tx: Sender<Event>, path: PathBuf, watch: Shared) {
    let every = watch_every();
    thread::spawn(move || {
        loop {
            thread::sleep(every);
            let (busy, reported, known, fp) = match watch.lock() {
                Ok(w) => (w.busy, w.reported, w.stamp, w.fingerprint),
                Err(_) => return,
            };
            if busy || reported {
                continue;
            }
            let now = Stamp::read(&path);
            if now.is_some() && now == known {
                continue;
            }
            let changed = match save::read(&path) {
                Ok(r) => Some(r.fingerprint) != fp,
                // Gone, or replaced by a pipe or a device: the reload will say what it is.
                Err(_) => true,
            };
            watch_set(&watch, |w| {
                // A save or reload that started meanwhile knows better.
                if !w.busy && w.fingerprint == fp {
                    w.stamp = now;
                    w.reported = changed;
                }
            });
            if changed && tx.send(Event::Message(Message::ChangedOnDisk)).is_err() {
                return;
            }
        }
    });
}

/// Where the loop stands with its helpers.
struct Loop {
    worker: Sender<Job>,
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
    let watch: Shared = Arc::new(Mutex::new(Watch {
        fingerprint: Some(app.file.fingerprint),
        stamp: app.file.stamp,
        ..Watch::default()
    }));
    let cancel = Arc::new(AtomicBool::new(false));
    let input = Arc::new(InputGate::default());
    spawn_input(tx.clone(), input.clone());
    spawn_signals(tx.clone(), signals);
    spawn_watcher(tx.clone(), app.file.path.clone(), watch.clone());
    let committing = Arc::new(AtomicBool::new(false));
    let mut lp = Loop {
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
            Effect::Sync => {
                let _ = lp.worker.send(Job::Sync(app.file.path.clone(), app.lang));
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
