//! The lock beside the ledger (`FILE.lock`): who holds it, and waiting for it without
//! hanging. While a tracker holds the lock, the file says who it is, so that another writer
//! can tell the user whom they are waiting for.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, ErrorKind, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Who holds the lock, as far as can be told.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LockHolder {
    pub pid: Option<u32>,
    pub host: Option<String>,
    /// Seconds since the epoch when it took the lock.
    pub since: Option<u64>,
}

impl LockHolder {
    /// Parses `pid host since`, the line a holder writes; anything else is an unknown holder.
    fn parse(text: &str) -> Self {
        let mut words = text.split_whitespace();
        let pid = words.next().and_then(|w| w.parse().ok());
        let host = words
            .next()
            .map(|h| super::sanitize::clean(h.to_string()).0);
        let since = words.next().and_then(|w| w.parse().ok());
        LockHolder { pid, host, since }
    }

    /// The holder's line as it is written into the lock file.
    fn line() -> String {
        let since = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        format!("{} {} {since}\n", std::process::id(), host_name())
    }
}

/// This machine's name, for the lock file; "?" when it cannot be read.
pub fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|s| s.trim().to_string())
        .ok()
        .filter(|s| !s.is_empty() && !s.contains(char::is_whitespace))
        .unwrap_or_else(|| "?".to_string())
}

/// How a save waits for the lock: whether it may be cancelled, and whom to tell.
#[derive(Default, Clone, Copy)]
pub struct Wait<'a> {
    /// Set to give up waiting (the user quit, or a signal came).
    pub cancel: Option<&'a AtomicBool>,
    /// Told, once the wait has lasted a moment, who holds the lock; again when that changes.
    pub on_wait: Option<&'a (dyn Fn(&LockHolder) + Sync)>,
}

/// The lock, held until dropped; dropping it clears the holder line first.
pub struct Held {
    file: File,
    wrote: bool,
}

impl Drop for Held {
    fn drop(&mut self) {
        // Cleared while still held, so a later reader never sees a line of a finished save.
        if self.wrote {
            let _ = self.file.set_len(0);
        }
    }
}

/// Why the lock was not taken.
#[derive(Debug)]
pub enum LockError {
    Io(io::Error),
    /// `Wait::cancel` was set while waiting.
    Cancelled(LockHolder),
}

/// Opens `FILE.lock` beside the ledger, creating it if absent. Never the ledger itself: on
/// SMB a lock on it becomes mandatory and breaks other readers. Never deleted: a saver could
/// otherwise lock a file that is no longer the one the next saver locks.
pub fn open(lock_path: &Path) -> io::Result<File> {
    match OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(lock_path)
    {
        // Another user's lock file: a lock needs no write access.
        Err(e) if e.kind() == ErrorKind::PermissionDenied => File::open(lock_path).map_err(|_| e),
        other => other,
    }
}

/// Who the lock file says holds it. A holder on this machine whose process is gone is not
/// named (the line is left from a killed tracker, and someone else holds the lock now).
pub fn holder(file: &mut File) -> LockHolder {
    let mut text = String::new();
    let read = file
        .seek(SeekFrom::Start(0))
        .and_then(|_| file.take(256).read_to_string(&mut text));
    if read.is_err() {
        return LockHolder::default();
    }
    let h = LockHolder::parse(&text);
    let here = h.host.as_deref() == Some(host_name().as_str());
    match h.pid {
        Some(pid) if here && !Path::new(&format!("/proc/{pid}")).exists() => LockHolder::default(),
        _ => h,
    }
}

/// Takes the lock, polling so that a wait can be cancelled and reported.
pub fn acquire(mut file: File, wait: Wait) -> Result<Held, LockError> {
    const POLL: Duration = Duration::from_millis(50);
    const REPORT_AFTER: Duration = Duration::from_millis(300);
    let started = Instant::now();
    let mut told: Option<LockHolder> = None;
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(e)) => return Err(LockError::Io(e)),
        }
        if wait.cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
            return Err(LockError::Cancelled(holder(&mut file)));
        }
        if started.elapsed() >= REPORT_AFTER
            && let Some(tell) = wait.on_wait
        {
            let h = holder(&mut file);
            if told.as_ref() != Some(&h) {
                tell(&h);
                told = Some(h);
            }
        }
        std::thread::sleep(POLL);
    }
    // Best effort: a lock file we may only read cannot say who we are.
    let line = LockHolder::line();
    let wrote = file.set_len(0).is_ok()
        && file.seek(SeekFrom::Start(0)).is_ok()
        && file.write_all(line.as_bytes()).is_ok();
    Ok(Held { file, wrote })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn a_holder_is_named_and_the_line_cleared_on_release() {
        let d = tempfile::tempdir().expect("dir");
        let p = d.path().join("l.ron.lock");
        let held = acquire(open(&p).expect("open"), Wait::default()).expect("lock");
        let mut other = open(&p).expect("open");
        let h = holder(&mut other);
        assert_eq!(h.pid, Some(std::process::id()));
        assert_eq!(h.host, Some(host_name()));
        assert!(h.since.is_some());
        drop(held);
        assert_eq!(std::fs::read(&p).expect("read"), b"");
    }

    #[test]
    fn a_wait_is_reported_and_can_be_cancelled() {
        let d = tempfile::tempdir().expect("dir");
        let p = d.path().join("l.ron.lock");
        let held = acquire(open(&p).expect("open"), Wait::default()).expect("lock");
        let cancel = AtomicBool::new(false);
        let seen = Mutex::new(Vec::new());
        let tell = |h: &LockHolder| {
            seen.lock().expect("lock").push(h.clone());
            cancel.store(true, Ordering::Relaxed);
        };
        let wait = Wait {
            cancel: Some(&cancel),
            on_wait: Some(&tell),
        };
        let r = acquire(open(&p).expect("open"), wait);
        assert!(matches!(r, Err(LockError::Cancelled(_))));
        let seen = seen.lock().expect("lock");
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].pid, Some(std::process::id()));
        drop(held);
    }

    #[test]
    fn a_dead_local_holder_is_not_named() {
        assert_eq!(
            LockHolder::parse("123 somehost 1700000000"),
            LockHolder {
                pid: Some(123),
                host: Some("somehost".into()),
                since: Some(1_700_000_000)
            }
        );
        let d = tempfile::tempdir().expect("dir");
        let p = d.path().join("l.lock");
        // No process has pid 0x7fff_fff0 here.
        std::fs::write(&p, format!("2147483632 {} 1\n", host_name())).expect("write");
        assert_eq!(holder(&mut open(&p).expect("open")), LockHolder::default());
    }
}
