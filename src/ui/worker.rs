//! The loop's helper threads for files: the worker (saves, reloads, briefs, syncs and
//! histories, one at a time and in order, each answered with a message) and the watcher
//! (noticing other writers). The UI thread never blocks on the disk or on git.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use chrono::NaiveDate;
use crossterm::event::Event as TermEvent;

use super::action::Message;
use super::editor::{self, Draft};
use super::terminal::CHECK_EVERY;
use crate::lang::Lang;
use crate::ledger::lock::{LockHolder, Wait};
use crate::ledger::save::{self, Fingerprint, SaveError, Stamp};
use crate::ledger::{self, Change, load_path_cached};

/// How often the watcher looks at the file: every 2 s, or `TRACKER_WATCH_SECONDS` (for a
/// slow network share, and for tests that need a change to go unnoticed for a while).
fn watch_every() -> Duration {
    std::env::var("TRACKER_WATCH_SECONDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map_or(CHECK_EVERY, |s| Duration::from_secs(s.max(1)))
}
/// What reaches the loop from its helper threads.
pub(super) enum Event {
    Terminal(TermEvent),
    Signal(i32),
    /// From the file worker and the watcher, for `update` as it is.
    Message(Message),
}

/// Work for the file worker, done in order.
pub(super) enum Job {
    Save {
        file: ledger::LedgerFile,
        seq: u64,
        change: Change,
        /// The commit's message and author, when the ledger is in git.
        commit: (String, String),
    },
    Reload(PathBuf),
    /// Share through git; the merge driver speaks `lang` and settles the fields both sides
    /// changed as `clash` says, or one by one as `choices` say.
    Sync {
        path: PathBuf,
        lang: Lang,
        clash: crate::ledger::merge::Clash,
        choices: Vec<(String, crate::ledger::merge::Side)>,
    },
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
pub(super) struct Watch {
    fingerprint: Option<Fingerprint>,
    stamp: Option<Stamp>,
    /// A save or reload is running: the file may be ours mid-way.
    busy: bool,
    /// Already reported; quiet until the next reload.
    reported: bool,
}

/// What the watcher starts from: the file as loaded.
pub(super) fn watching(fingerprint: Fingerprint, stamp: Option<Stamp>) -> Shared {
    Arc::new(Mutex::new(Watch {
        fingerprint: Some(fingerprint),
        stamp,
        ..Watch::default()
    }))
}

pub(super) type Shared = Arc<Mutex<Watch>>;

fn watch_set(w: &Shared, f: impl FnOnce(&mut Watch)) {
    if let Ok(mut w) = w.lock() {
        f(&mut w);
    }
}

/// The file worker: saves, reloads and briefs, one at a time and in order.
pub(super) fn spawn_worker(
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
                    let record = draft_record(&path, &bytes);
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
                        let (message, author) = commit;
                        to_commit = Some((path.clone(), (format!("{message}{record}"), author)));
                    }
                    Event::Message(Message::DraftSaved { draft, result })
                }
                Job::Sync {
                    path,
                    lang,
                    clash,
                    choices,
                } => Event::Message(Message::Synced(sync(&path, lang, clash, &choices))),
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
pub(super) fn spawn_watcher(tx: Sender<Event>, path: PathBuf, watch: Shared) {
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

/// A count of the weekly trend asked for: the ledger, its today, which generation.
pub(super) struct TrendJob {
    pub path: PathBuf,
    pub today: NaiveDate,
    pub generation: u64,
}

/// The trend's own thread: a first count of a long history takes seconds, and saves must
/// never wait behind it. Only the latest of the counts asked meanwhile is made.
pub(super) fn spawn_counter(tx: Sender<Event>) -> Sender<TrendJob> {
    let (jobs, rx) = mpsc::channel::<TrendJob>();
    thread::spawn(move || {
        while let Ok(mut job) = rx.recv() {
            while let Ok(later) = rx.try_recv() {
                job = later;
            }
            let counted = count_trend(&job.path, job.today);
            let message = Message::Trend {
                generation: job.generation,
                counted,
            };
            if tx.send(Event::Message(message)).is_err() {
                break;
            }
        }
    });
    jobs
}

/// The weekly trend of the ledger's history, or why there is none.
fn count_trend(path: &std::path::Path, today: NaiveDate) -> super::app::Counted {
    use super::app::Counted;
    match crate::git::work_tree(path) {
        None => Counted::NoHistory,
        Some(tree) => match crate::trend::weekly(&tree, today) {
            Ok(t) => Counted::Trend(t),
            Err(e) => Counted::Failed(e.to_string()),
        },
    }
}

/// A sync on the worker; the clerk's choices reach the merge driver through a file inside
/// .git, removed afterwards.
fn sync(
    path: &std::path::Path,
    lang: Lang,
    clash: crate::ledger::merge::Clash,
    choices: &[(String, crate::ledger::merge::Side)],
) -> Result<crate::git::Synced, crate::git::SyncError> {
    let tree = crate::git::open(path)?;
    let file = if choices.is_empty() {
        None
    } else {
        Some(tree.write_choices(choices)?)
    };
    let driver = crate::git::driver_command(Some(lang), clash, file.as_deref());
    let result = tree.sync(&driver, super::i18n::text(lang).sync_merged);
    if let Some(f) = file {
        let _ = std::fs::remove_file(f);
    }
    result
}

/// The record of the milestones' facts an edit made in the editor changed (the file as it
/// is against the draft), for its commit; none if either does not load.
fn draft_record(path: &std::path::Path, draft: &[u8]) -> String {
    let Ok(now) = std::fs::read(path) else {
        return String::new();
    };
    match (ledger::load_bytes(&now), ledger::load_bytes(draft)) {
        (Ok((before, _)), Ok((after, _))) => ledger::facts::record_of_versions(&before, &after),
        _ => String::new(),
    }
}
