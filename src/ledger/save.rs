//! Saving without losing anything: a lock beside the ledger, a content-hash check against
//! what was loaded, the previous version kept as `.bak`, and an atomic replace.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, ErrorKind, Read, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use super::lock::{self, LockError, LockHolder, Wait};

/// Ledgers larger than this are refused rather than read into memory.
pub const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// Content fingerprint: length and a 64-bit hash (mtime can miss a same-size edit within a second).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Fingerprint {
    len: u64,
    hash: u64,
}

/// A multiply-rotate hash over 8-byte words (FxHash's step): about 1 ms for 13 MB, and the
/// same on every run. Each step is a bijection of the running hash and of the word, so two
/// inputs of one length that differ in a single word never collide. It guards against other
/// writers, not attackers, so speed wins.
pub fn fingerprint(bytes: &[u8]) -> Fingerprint {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h: u64 = 0;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    for &b in chunks.remainder() {
        h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
    }
    Fingerprint {
        len: bytes.len() as u64,
        hash: h,
    }
}

/// The file as read for loading.
#[derive(Debug)]
pub struct ReadFile {
    pub bytes: Vec<u8>,
    pub fingerprint: Fingerprint,
    /// The real file, symlinks resolved.
    pub target: PathBuf,
    /// We could not write it: permission bits, or a read-only folder or filesystem.
    pub read_only: bool,
    /// The file's size, time and inode as read.
    pub stamp: Stamp,
}

/// Why a read or save did not happen. Every variant but `Unconfirmed` means the ledger on
/// disk is exactly as it was.
#[derive(Debug)]
pub enum SaveError<E = std::convert::Infallible> {
    ChangedOnDisk {
        path: PathBuf,
    },
    ReadOnly {
        path: PathBuf,
    },
    NoSpace {
        path: PathBuf,
    },
    NotRegular {
        path: PathBuf,
    },
    TooLarge {
        path: PathBuf,
        bytes: u64,
    },
    NotFound {
        path: PathBuf,
    },
    /// Written and renamed into place, but the disk did not confirm it (fsync of the folder):
    /// the new version is what the file holds now, so `fingerprint` is its fingerprint.
    Unconfirmed {
        path: PathBuf,
        message: String,
        fingerprint: Fingerprint,
    },
    /// Someone else holds the lock and the wait was given up.
    LockBusy {
        path: PathBuf,
        holder: LockHolder,
    },
    Io {
        op: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    Edit(E),
}

impl<E: fmt::Display> fmt::Display for SaveError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Paths are shown cleaned like ledger text: a file name can hold ESC or RLO.
        use super::sanitize::path as shown;
        match self {
            SaveError::ChangedOnDisk { path } => write!(
                f,
                "{} was changed on disk since it was loaded; not saved (the file is untouched). \
                 Reload to see the other changes.",
                shown(path)
            ),
            SaveError::ReadOnly { path } => write!(
                f,
                "{} cannot be written (read-only file, folder or disk); not saved, the file is \
                 untouched.",
                shown(path)
            ),
            SaveError::NoSpace { path } => write!(
                f,
                "no space left on the disk of {}; not saved, the file is untouched.",
                shown(path)
            ),
            SaveError::NotRegular { path } => write!(
                f,
                "{} is not a regular file (a folder, device or pipe); expected a ledger file.",
                shown(path)
            ),
            SaveError::TooLarge { path, bytes } => write!(
                f,
                "{} is {bytes} bytes, more than a ledger can be ({MAX_BYTES} bytes); not read.",
                shown(path)
            ),
            SaveError::NotFound { path } => write!(f, "{}: no such file.", shown(path)),
            SaveError::Unconfirmed { path, message, .. } => write!(
                f,
                "{} was saved, but the disk did not confirm it ({message}); check the file, \
                 the previous version is in .bak.",
                shown(path)
            ),
            SaveError::LockBusy { path, holder } => write!(
                f,
                "{} is locked by another writer{}; not saved, the file is untouched.",
                shown(path),
                holder_words(holder)
            ),
            SaveError::Io { op, path, source } => write!(
                f,
                "cannot {op} {}: {source}; the file is untouched.",
                shown(path)
            ),
            SaveError::Edit(e) => write!(f, "{e}"),
        }
    }
}

/// " (process 123 on host, since 10:32:05)", as far as the lock file tells.
pub fn holder_words(h: &LockHolder) -> String {
    let mut parts = Vec::new();
    if let Some(pid) = h.pid {
        parts.push(format!("process {pid}"));
    }
    if let Some(host) = &h.host {
        parts.push(format!("on {host}"));
    }
    if let Some(since) = h.since {
        parts.push(format!("since {}", clock_time(since)));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(" "))
    }
}

/// "2018-06-15 10:32:05" in local time for seconds since the epoch.
pub fn clock_time(secs: u64) -> String {
    i64::try_from(secs)
        .ok()
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .unwrap_or_else(|| secs.to_string())
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for SaveError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SaveError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl SaveError {
    /// Widens a read error to any edit error type.
    fn widen<E>(self) -> SaveError<E> {
        match self {
            SaveError::ChangedOnDisk { path } => SaveError::ChangedOnDisk { path },
            SaveError::ReadOnly { path } => SaveError::ReadOnly { path },
            SaveError::NoSpace { path } => SaveError::NoSpace { path },
            SaveError::NotRegular { path } => SaveError::NotRegular { path },
            SaveError::TooLarge { path, bytes } => SaveError::TooLarge { path, bytes },
            SaveError::NotFound { path } => SaveError::NotFound { path },
            SaveError::Unconfirmed {
                path,
                message,
                fingerprint,
            } => SaveError::Unconfirmed {
                path,
                message,
                fingerprint,
            },
            SaveError::LockBusy { path, holder } => SaveError::LockBusy { path, holder },
            SaveError::Io { op, path, source } => SaveError::Io { op, path, source },
            SaveError::Edit(never) => match never {},
        }
    }
}

/// A failed write: EROFS, EACCES and EPERM mean read-only, ENOSPC and EDQUOT a full disk.
fn write_error<E>(op: &'static str, path: &Path, source: io::Error) -> SaveError<E> {
    let path = path.to_path_buf();
    match source.kind() {
        ErrorKind::ReadOnlyFilesystem | ErrorKind::PermissionDenied => SaveError::ReadOnly { path },
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => SaveError::NoSpace { path },
        ErrorKind::NotFound => SaveError::NotFound { path },
        _ => SaveError::Io { op, path, source },
    }
}

/// A failed read: a permission error here is not "read-only", so it stays an I/O error.
fn read_error(path: &Path, source: io::Error) -> SaveError {
    let path = path.to_path_buf();
    match source.kind() {
        ErrorKind::NotFound => SaveError::NotFound { path },
        _ => SaveError::Io {
            op: "read",
            path,
            source,
        },
    }
}

/// Reads the ledger; refuses folders, devices and pipes without opening them.
pub fn read(path: &Path) -> Result<ReadFile, SaveError> {
    let target = resolve(path)?;
    let (bytes, meta) = read_regular(path, &target)?;
    let read_only = !file_writable(&target, &meta) || !dir_writable(&target);
    Ok(ReadFile {
        fingerprint: fingerprint(&bytes),
        bytes,
        target,
        read_only,
        stamp: Stamp::of(&meta),
    })
}

fn check_regular(path: &Path, meta: &fs::Metadata) -> Result<(), SaveError> {
    if !meta.file_type().is_file() {
        return Err(SaveError::NotRegular {
            path: path.to_path_buf(),
        });
    }
    if meta.len() > MAX_BYTES {
        return Err(SaveError::TooLarge {
            path: path.to_path_buf(),
            bytes: meta.len(),
        });
    }
    Ok(())
}

/// Looks before opening: opening a FIFO waits for a writer and /dev/zero never ends. The
/// read is capped too, in case the file grows between the look and the read.
fn read_regular(path: &Path, target: &Path) -> Result<(Vec<u8>, fs::Metadata), SaveError> {
    check_regular(
        path,
        &fs::metadata(target).map_err(|e| read_error(path, e))?,
    )?;
    let file = File::open(target).map_err(|e| read_error(path, e))?;
    let meta = file.metadata().map_err(|e| read_error(path, e))?;
    check_regular(path, &meta)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| read_error(path, e))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(SaveError::TooLarge {
            path: path.to_path_buf(),
            bytes: bytes.len() as u64,
        });
    }
    Ok((bytes, meta))
}

/// Whether the file itself may be written. No write bit at all is the office's choice and
/// holds even for root; opening for append changes nothing and catches another owner's file
/// and a read-only filesystem.
fn file_writable(target: &Path, meta: &fs::Metadata) -> bool {
    if meta.permissions().readonly() {
        return false;
    }
    match OpenOptions::new().append(true).open(target) {
        Ok(_) => true,
        Err(e) => !denied(&e),
    }
}

/// Whether the folder takes a new file, which an atomic save needs: `access(2)` answers for
/// mode bits, ACLs, read-only mounts and root alike, and writes nothing (a check must not).
fn dir_writable(target: &Path) -> bool {
    use rustix::fs::{Access, access};
    match access(dir_of(target), Access::WRITE_OK | Access::EXEC_OK) {
        Ok(()) => true,
        Err(e) => !matches!(
            e,
            rustix::io::Errno::ACCESS | rustix::io::Errno::ROFS | rustix::io::Errno::PERM
        ),
    }
}

fn denied(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem
    )
}

/// The real file behind `path`: saving writes it and leaves the link a link.
fn resolve(path: &Path) -> Result<PathBuf, SaveError> {
    fs::canonicalize(path).map_err(|e| match e.kind() {
        ErrorKind::NotFound => SaveError::NotFound {
            path: path.to_path_buf(),
        },
        _ => SaveError::Io {
            op: "find",
            path: path.to_path_buf(),
            source: e,
        },
    })
}

/// `target` with `suffix` added to its name (`ledger.ron` -> `ledger.ron.bak`).
fn sibling(target: &Path, suffix: &str) -> PathBuf {
    let mut name = target.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn dir_of(target: &Path) -> &Path {
    match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

fn temp_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".{name}.tmp.")
}

/// A fresh temp name beside the ledger, `.NAME.tmp.PID.N`; every temp of a save (new
/// version, `.bak`, probe) has this shape so that stale ones are found.
static COUNTER: AtomicU64 = AtomicU64::new(0);

fn temp_path(target: &Path) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    dir_of(target).join(format!("{}{}.{n}", temp_prefix(target), std::process::id()))
}

/// Exactly `.NAME.tmp.DIGITS.DIGITS`, so that the temps of a ledger named `NAME.tmp.x` in
/// the same folder (under another lock) are left alone.
fn is_temp_of(file_name: &str, prefix: &str) -> bool {
    let Some(rest) = file_name.strip_prefix(prefix) else {
        return false;
    };
    let mut parts = rest.split('.');
    let digits =
        |p: Option<&str>| p.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    digits(parts.next()) && digits(parts.next()) && parts.next().is_none()
}

/// Removes temp files left by killed saves. Only the lock holder writes temps, so under the
/// lock every match is stale.
fn remove_stale_temps_locked(target: &Path) {
    let prefix = temp_prefix(target);
    let Ok(entries) = fs::read_dir(dir_of(target)) else {
        return;
    };
    for e in entries.flatten() {
        if is_temp_of(&e.file_name().to_string_lossy(), &prefix) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Removes temp files left by killed saves, for use at load time. Takes the lock only if it
/// is free: whoever holds it is saving and removes them first anyway. Best effort.
pub fn remove_stale_temps(target: &Path) {
    let Ok(target) = fs::canonicalize(target) else {
        return;
    };
    if !fs::metadata(&target).is_ok_and(|m| m.is_file()) {
        return;
    }
    let Ok(lock) = open_lock(&target) else {
        return;
    };
    if lock.try_lock().is_ok() {
        remove_stale_temps_locked(&target);
    }
}

fn open_lock(target: &Path) -> io::Result<File> {
    lock::open(&sibling(target, ".lock"))
}

/// What the file on disk looked like right after a save: lets a watcher tell our own write
/// from someone else's without reading the file again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub len: u64,
    pub modified: Option<SystemTime>,
    pub ino: u64,
    pub dev: u64,
}

impl Stamp {
    pub fn of(meta: &fs::Metadata) -> Self {
        Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            ino: meta.ino(),
            dev: meta.dev(),
        }
    }

    /// The stamp of the file at `path` now (symlinks followed); None when it cannot be seen.
    pub fn read(path: &Path) -> Option<Self> {
        fs::metadata(path).ok().map(|m| Self::of(&m))
    }
}

/// A save that took place: the new fingerprint, and the stamp of the file written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Saved {
    pub fingerprint: Fingerprint,
    /// None when nothing was written (the edit changed nothing).
    pub stamp: Option<Stamp>,
}

// A fault injected by the unit tests at a named step of a save (a test double of the disk);
// nothing outside `cfg(test)`.
#[cfg(test)]
thread_local! {
    static FAULT: std::cell::Cell<Option<(&'static str, ErrorKind)>> = const { std::cell::Cell::new(None) };
}

fn fault(step: &'static str) -> io::Result<()> {
    #[cfg(test)]
    if let Some((at, kind)) = FAULT.with(|f| f.get())
        && at == step
    {
        return Err(io::Error::from(kind));
    }
    let _ = step;
    Ok(())
}

/// Writes `bytes` as a new file beside `target`, synced; returns its name and stamp. The
/// name is fresh and created exclusively (`O_EXCL`), so a planted file or symlink is never
/// followed.
fn write_temp_beside(
    target: &Path,
    bytes: &[u8],
    like: Option<&fs::Metadata>,
) -> io::Result<(PathBuf, Stamp)> {
    // A name already taken (planted, or left by a process with our pid) is skipped, never
    // opened.
    let mut tries = 0;
    loop {
        let temp = temp_path(target);
        match write_temp(&temp, bytes, like) {
            Ok(stamp) => return Ok((temp, stamp)),
            Err(e) if e.kind() == ErrorKind::AlreadyExists && tries < 8 => tries += 1,
            Err(e) => {
                if e.kind() != ErrorKind::AlreadyExists {
                    let _ = fs::remove_file(&temp);
                }
                return Err(e);
            }
        }
    }
}

/// A new file gets 0600 from `tempfile` and the umask otherwise, so owner and mode are copied
/// from the ledger explicitly; then the bytes are synced before anyone renames them in.
fn write_temp(temp: &Path, bytes: &[u8], like: Option<&fs::Metadata>) -> io::Result<Stamp> {
    let mode = like.map_or(0o666, |m| m.permissions().mode() & 0o7777);
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode & 0o777)
        .open(temp)?;
    if let Some(like) = like {
        // Keeps the ledger's group (and owner, for root); a clerk may not be allowed, fine.
        let _ = std::os::unix::fs::fchown(&f, Some(like.uid()), Some(like.gid()));
        // After the chown, which may clear set-id bits. Mounts with fixed modes (SMB, FAT)
        // may refuse; the file then keeps its umask-narrowed mode, never a wider one.
        let _ = f.set_permissions(fs::Permissions::from_mode(mode));
    }
    fault("write")?;
    f.write_all(bytes)?;
    fault("fsync")?;
    f.sync_all()?;
    f.metadata().map(|m| Stamp::of(&m))
}

/// The current version kept under a temp name, to become `FILE.bak` once the save has
/// succeeded: a hard link (no copy of a large ledger), or where links are not supported
/// (SMB, FAT) a copy.
fn stash_previous(target: &Path, current: &[u8], like: &fs::Metadata) -> io::Result<PathBuf> {
    fault("stash")?;
    let link = temp_path(target);
    if fs::hard_link(target, &link).is_ok() {
        return Ok(link);
    }
    write_temp_beside(target, current, Some(like)).map(|(p, _)| p)
}

/// Makes the renames durable. A filesystem that cannot sync a folder (EINVAL or ENOTSUP on
/// some FUSE and SMB mounts) is taken at its word; an I/O error is reported.
fn sync_dir(target: &Path) -> io::Result<()> {
    fault("sync_dir")?;
    match File::open(dir_of(target)).and_then(|d| d.sync_all()) {
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::InvalidInput | ErrorKind::Unsupported | ErrorKind::PermissionDenied
            ) =>
        {
            Ok(())
        }
        other => other,
    }
}

/// Read-modify-write under the lock. `expected` is the fingerprint the caller loaded: when
/// the file on disk differs, nothing is written. Returns the fingerprint of the bytes now on
/// disk (unchanged when `edit` returns the same bytes, which writes nothing).
pub fn transact<E>(
    path: &Path,
    expected: Option<Fingerprint>,
    edit: impl FnOnce(&[u8]) -> Result<Vec<u8>, E>,
) -> Result<Fingerprint, SaveError<E>> {
    transact_with(path, expected, Wait::default(), edit).map(|s| s.fingerprint)
}

/// [`transact`], with a say in how to wait for the lock.
///
/// The order keeps every failure harmless: the new version is written and synced under a
/// fresh name; the current one is stashed (hard link); the new one is renamed over the
/// ledger; only then does the stash become `FILE.bak`. A failed save leaves both the ledger
/// and `.bak` as they were, and `.bak` never shares the live ledger's inode.
pub fn transact_with<E>(
    path: &Path,
    expected: Option<Fingerprint>,
    wait: Wait,
    edit: impl FnOnce(&[u8]) -> Result<Vec<u8>, E>,
) -> Result<Saved, SaveError<E>> {
    let target = resolve(path).map_err(SaveError::widen)?;
    // A folder or pipe is refused before a lock file appears beside it.
    fs::metadata(&target)
        .map_err(|e| read_error(path, e))
        .and_then(|m| check_regular(path, &m))
        .map_err(SaveError::widen)?;
    let lock_file = open_lock(&target).map_err(|e| write_error("lock", path, e))?;
    let _lock = lock::acquire(lock_file, wait).map_err(|e| match e {
        LockError::Io(e) => write_error("lock", path, e),
        LockError::Cancelled(holder) => SaveError::LockBusy {
            path: path.to_path_buf(),
            holder,
        },
    })?;
    remove_stale_temps_locked(&target);
    let (current, meta) = read_regular(path, &target).map_err(SaveError::widen)?;
    let before = fingerprint(&current);
    if expected.is_some_and(|fp| fp != before) {
        return Err(SaveError::ChangedOnDisk {
            path: path.to_path_buf(),
        });
    }
    if !file_writable(&target, &meta) {
        return Err(SaveError::ReadOnly {
            path: path.to_path_buf(),
        });
    }
    let new = edit(&current).map_err(SaveError::Edit)?;
    if new == current {
        return Ok(Saved {
            fingerprint: before,
            stamp: None,
        });
    }
    let (temp, stamp) =
        write_temp_beside(&target, &new, Some(&meta)).map_err(|e| write_error("write", path, e))?;
    let stash = match stash_previous(&target, &current, &meta) {
        Ok(s) => s,
        Err(e) => {
            let _ = fs::remove_file(&temp);
            return Err(write_error("keep the previous version of", path, e));
        }
    };
    if let Err(e) = fault("rename").and_then(|()| fs::rename(&temp, &target)) {
        let _ = fs::remove_file(&temp);
        let _ = fs::remove_file(&stash);
        return Err(write_error("write", path, e));
    }
    // When .bak already is a link to the stashed version (a save killed between this rename
    // and the next), POSIX rename does nothing and succeeds, leaving the stash name.
    let bak = fault("bak").and_then(|()| fs::rename(&stash, sibling(&target, ".bak")));
    let _ = fs::remove_file(&stash);
    let fingerprint = fingerprint(&new);
    let synced = sync_dir(&target);
    match (synced, bak) {
        (Ok(()), Ok(())) => Ok(Saved {
            fingerprint,
            stamp: Some(stamp),
        }),
        (Err(e), _) | (Ok(()), Err(e)) => Err(SaveError::Unconfirmed {
            path: path.to_path_buf(),
            message: e.to_string(),
            fingerprint,
        }),
    }
}

/// Writes a whole new file (a report) at `dest` in one step: a fresh temp beside it, created
/// exclusively and synced, renamed over `dest`. `dest` is replaced, never followed: a symlink
/// there is replaced by the file, and its target left alone.
pub fn write_new_file(dest: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    match fs::symlink_metadata(dest) {
        Ok(m) if !m.file_type().is_file() && !m.file_type().is_symlink() => {
            return Err(SaveError::NotRegular {
                path: dest.to_path_buf(),
            });
        }
        _ => {}
    }
    // A missing folder is an error of the write, not a missing ledger.
    let failed = |e: io::Error| match e.kind() {
        ErrorKind::NotFound => SaveError::Io {
            op: "write",
            path: dest.to_path_buf(),
            source: e,
        },
        _ => write_error("write", dest, e),
    };
    let (temp, _) = write_temp_beside(dest, bytes, None).map_err(failed)?;
    if let Err(e) = fs::rename(&temp, dest) {
        let _ = fs::remove_file(&temp);
        return Err(failed(e));
    }
    sync_dir(dest).map_err(|e| SaveError::Unconfirmed {
        path: dest.to_path_buf(),
        message: e.to_string(),
        fingerprint: fingerprint(bytes),
    })
}

/// Whether two paths name the same file (symlinks followed): by device and inode, not name.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::convert::Infallible;
    use std::os::unix::fs::FileTypeExt;
    use std::sync::mpsc;
    use std::time::Duration;

    fn setup(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("l.ron");
        fs::write(&p, text).expect("write");
        (dir, p)
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .expect("dir")
            .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect();
        v.sort();
        v
    }

    fn append(b: &[u8], s: &str) -> Result<Vec<u8>, Infallible> {
        let mut v = b.to_vec();
        v.extend_from_slice(s.as_bytes());
        Ok(v)
    }

    fn mode(p: &Path) -> u32 {
        fs::metadata(p).expect("meta").permissions().mode() & 0o7777
    }

    /// Root writes through permission bits; ask the kernel instead of assuming.
    fn can_create_in(dir: &Path) -> bool {
        let probe = dir.join("probe");
        let ok = fs::write(&probe, "x").is_ok();
        let _ = fs::remove_file(&probe);
        ok
    }

    /// Runs `f` on a thread and fails, rather than hangs, if it takes too long.
    fn within<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(f());
        });
        rx.recv_timeout(Duration::from_secs(10))
            .expect("finished without hanging")
    }

    #[test]
    fn round_trip_keeps_bak_and_mode() {
        let (d, p) = setup("one");
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).expect("chmod");
        let r = read(&p).expect("read");
        assert_eq!(r.bytes, b"one");
        assert!(!r.read_only);
        assert_eq!(r.target, fs::canonicalize(&p).expect("canon"));
        let fp = transact(&p, Some(r.fingerprint), |b| append(b, " two")).expect("saved");
        assert_eq!(fs::read(&p).expect("read"), b"one two");
        assert_eq!(fp, fingerprint(b"one two"));
        assert_eq!(read(&p).expect("read").fingerprint, fp);
        let bak = d.path().join("l.ron.bak");
        assert_eq!(fs::read(&bak).expect("bak"), b"one");
        assert_eq!(mode(&p), 0o640);
        assert_eq!(mode(&bak), 0o640);
        // A second save moves .bak along.
        transact(&p, Some(fp), |b| append(b, " three")).expect("saved");
        assert_eq!(fs::read(&bak).expect("bak"), b"one two");
        assert_eq!(names(d.path()), ["l.ron", "l.ron.bak", "l.ron.lock"]);
    }

    #[test]
    fn an_unchanged_edit_writes_nothing() {
        let (d, p) = setup("same");
        let fp = transact(&p, None, |b| Ok::<_, Infallible>(b.to_vec())).expect("ok");
        assert_eq!(fp, fingerprint(b"same"));
        assert_eq!(names(d.path()), ["l.ron", "l.ron.lock"]);
    }

    #[test]
    fn fingerprints_tell_same_size_edits_apart() {
        assert_eq!(fingerprint(b"abc"), fingerprint(b"abc"));
        assert_ne!(fingerprint(b"abcdefgh1"), fingerprint(b"abcdefgh2"));
        assert_ne!(fingerprint(b"1abcdefgh"), fingerprint(b"2abcdefgh"));
        assert_ne!(
            fingerprint("测试台账".as_bytes()),
            fingerprint("测验台账".as_bytes())
        );
        assert_ne!(fingerprint(b"a"), fingerprint(b"a\0"));
        assert_ne!(fingerprint(b""), fingerprint(b"\0"));
    }

    #[test]
    fn a_symlink_is_followed_and_stays_a_link() {
        let d = tempfile::tempdir().expect("dir");
        let real_dir = d.path().join("real");
        fs::create_dir(&real_dir).expect("mkdir");
        let real = real_dir.join("l.ron");
        fs::write(&real, "v1").expect("write");
        let link = d.path().join("link.ron");
        std::os::unix::fs::symlink("real/l.ron", &link).expect("symlink");

        let r = read(&link).expect("read");
        assert_eq!(r.target, fs::canonicalize(&real).expect("canon"));
        transact(&link, Some(r.fingerprint), |b| append(b, "+v2")).expect("saved");

        let lm = fs::symlink_metadata(&link).expect("meta");
        assert!(lm.file_type().is_symlink(), "the link was replaced");
        assert_eq!(fs::read_link(&link).expect("link"), Path::new("real/l.ron"));
        assert_eq!(fs::read(&real).expect("read"), b"v1+v2");
        assert_eq!(fs::read(real_dir.join("l.ron.bak")).expect("bak"), b"v1");
        assert_eq!(names(&real_dir), ["l.ron", "l.ron.bak", "l.ron.lock"]);
        assert_eq!(names(d.path()), ["link.ron", "real"]);
    }

    #[test]
    fn a_same_size_edit_in_the_same_second_is_changed_on_disk() {
        let (d, p) = setup("aaaa");
        let r = read(&p).expect("read");
        let mtime = fs::metadata(&p).expect("meta").modified().expect("mtime");
        fs::write(&p, "bbbb").expect("write");
        // Pin the mtime so that only the content tells the edit apart.
        File::options()
            .write(true)
            .open(&p)
            .and_then(|f| f.set_modified(mtime))
            .expect("set mtime");
        let mut called = false;
        let e = transact(&p, Some(r.fingerprint), |b| {
            called = true;
            append(b, "!")
        })
        .expect_err("refused");
        assert!(matches!(e, SaveError::ChangedOnDisk { .. }), "{e}");
        assert!(!called, "the edit ran on bytes the caller did not see");
        let msg = e.to_string();
        assert!(msg.contains("l.ron") && msg.contains("untouched"), "{msg}");
        assert_eq!(fs::read(&p).expect("read"), b"bbbb");
        assert_eq!(names(d.path()), ["l.ron", "l.ron.lock"]);
    }

    #[test]
    fn stale_temps_are_removed_and_others_left() {
        let (d, p) = setup("x");
        let stale = [".l.ron.tmp.999.1", ".l.ron.tmp.12345.67"];
        let kept = [
            ".l.ron.tmp.notes",
            ".l.ron.tmp.1.2.3",
            ".l.ron.tmp.x.tmp.1.2",
            ".m.ron.tmp.1.1",
            "l.ron.tmp.1.1",
        ];
        for n in stale.iter().chain(&kept) {
            fs::write(d.path().join(n), "torn").expect("write");
        }
        transact(&p, None, |b| append(b, "y")).expect("saved");
        for n in stale {
            assert!(!d.path().join(n).exists(), "{n} left");
        }
        for n in kept {
            assert!(d.path().join(n).exists(), "{n} removed");
        }
    }

    #[test]
    fn remove_stale_temps_at_load_time_takes_a_free_lock_only() {
        let (d, p) = setup("x");
        let stale = d.path().join(".l.ron.tmp.999.1");
        fs::write(&stale, "torn").expect("write");

        // Someone is saving: leave their temps to them, and do not wait.
        let held = open_lock(&p).expect("lock file");
        held.lock().expect("lock");
        within({
            let p = p.clone();
            move || remove_stale_temps(&p)
        });
        assert!(stale.exists());
        drop(held);

        remove_stale_temps(&p);
        assert!(!stale.exists());
        assert_eq!(names(d.path()), ["l.ron", "l.ron.lock"]);
    }

    #[test]
    fn an_edit_error_writes_nothing() {
        let (d, p) = setup("x");
        let e = transact(&p, None, |_| Err::<Vec<u8>, &str>("no")).expect_err("edit error");
        assert!(matches!(e, SaveError::Edit("no")));
        assert_eq!(e.to_string(), "no");
        assert_eq!(fs::read(&p).expect("read"), b"x");
        assert_eq!(names(d.path()), ["l.ron", "l.ron.lock"]);
    }

    #[test]
    fn a_ledger_without_write_permission_is_never_written() {
        let (d, p) = setup("keep");
        fs::set_permissions(&p, fs::Permissions::from_mode(0o444)).expect("chmod");
        assert!(read(&p).expect("read").read_only);
        let e =
            transact(&p, None, |_| Ok::<_, Infallible>(b"changed".to_vec())).expect_err("refused");
        assert!(matches!(e, SaveError::ReadOnly { .. }), "{e}");
        assert!(e.to_string().contains("cannot be written"), "{e}");
        assert_eq!(fs::read(&p).expect("read"), b"keep");
        assert_eq!(names(d.path()), ["l.ron", "l.ron.lock"]);
    }

    #[test]
    fn a_read_only_folder_is_read_only_and_the_file_intact() {
        let (d, p) = setup("v1");
        // Once saved, so that the lock file exists and the failure comes at the temp file.
        transact(&p, None, |b| append(b, "+v2")).expect("saved");
        fs::set_permissions(d.path(), fs::Permissions::from_mode(0o555)).expect("chmod");
        let root = can_create_in(d.path());
        let r = read(&p).expect("read");
        let result = transact(&p, Some(r.fingerprint), |b| append(b, "+v3"));
        let after = fs::read(&p).expect("read");
        let listing = names(d.path());
        fs::set_permissions(d.path(), fs::Permissions::from_mode(0o755)).expect("chmod back");
        if root {
            // Permissions do not stop root; there is nothing to check here.
            assert!(!r.read_only);
            assert!(result.is_ok());
            return;
        }
        assert!(r.read_only);
        let e = result.expect_err("refused");
        assert!(matches!(e, SaveError::ReadOnly { .. }), "{e}");
        assert_eq!(after, b"v1+v2");
        assert_eq!(listing, ["l.ron", "l.ron.bak", "l.ron.lock"]);
    }

    #[test]
    fn a_read_only_folder_without_a_lock_file_is_refused() {
        let (d, p) = setup("v1");
        fs::set_permissions(d.path(), fs::Permissions::from_mode(0o555)).expect("chmod");
        let root = can_create_in(d.path());
        let result = transact(&p, None, |b| append(b, "+v2"));
        fs::set_permissions(d.path(), fs::Permissions::from_mode(0o755)).expect("chmod back");
        if !root {
            let e = result.expect_err("refused");
            assert!(matches!(e, SaveError::ReadOnly { .. }), "{e}");
            assert_eq!(fs::read(&p).expect("read"), b"v1");
            assert_eq!(names(d.path()), ["l.ron"]);
        }
    }

    fn with_fault<T>(step: &'static str, kind: ErrorKind, f: impl FnOnce() -> T) -> T {
        FAULT.with(|c| c.set(Some((step, kind))));
        let out = f();
        FAULT.with(|c| c.set(None));
        out
    }

    #[test]
    fn a_failed_save_leaves_the_ledger_and_bak_as_they_were() {
        for step in ["write", "fsync", "stash", "rename"] {
            for kind in [ErrorKind::StorageFull, ErrorKind::Other] {
                let (d, p) = setup("v1");
                transact(&p, None, |_| Ok::<_, Infallible>(b"v2".to_vec())).expect("first save");
                let bak = d.path().join("l.ron.bak");
                let bak_ino = fs::metadata(&bak).expect("bak").ino();
                let r = with_fault(step, kind, || {
                    transact(&p, None, |_| Ok::<_, Infallible>(b"v3".to_vec()))
                });
                assert!(r.is_err(), "{step} {kind:?}");
                assert_eq!(fs::read(&p).expect("read"), b"v2", "{step}");
                assert_eq!(fs::read(&bak).expect("bak"), b"v1", "{step}: .bak replaced");
                assert_eq!(fs::metadata(&bak).expect("bak").ino(), bak_ino, "{step}");
                assert_ne!(
                    fs::metadata(&bak).expect("bak").ino(),
                    fs::metadata(&p).expect("ledger").ino(),
                    "{step}: .bak shares the ledger's inode"
                );
                assert_eq!(
                    names(d.path()),
                    ["l.ron", "l.ron.bak", "l.ron.lock"],
                    "{step}"
                );
            }
        }
    }

    #[test]
    fn an_unconfirmed_save_says_what_is_on_disk() {
        let (d, p) = setup("v1");
        let e = with_fault("sync_dir", ErrorKind::Other, || {
            transact(&p, None, |_| Ok::<_, Infallible>(b"v2".to_vec()))
        })
        .expect_err("unconfirmed");
        match e {
            SaveError::Unconfirmed {
                fingerprint: fp, ..
            } => {
                assert_eq!(fp, fingerprint(b"v2"));
            }
            other => panic!("{other}"),
        }
        assert_eq!(fs::read(&p).expect("read"), b"v2");
        assert_eq!(fs::read(d.path().join("l.ron.bak")).expect("bak"), b"v1");
        assert_eq!(names(d.path()), ["l.ron", "l.ron.bak", "l.ron.lock"]);
    }

    #[test]
    fn a_new_file_is_created_exclusively_and_never_follows_a_link() {
        let d = tempfile::tempdir().expect("dir");
        let victim = d.path().join("victim");
        fs::write(&victim, "keep").expect("write");
        let out = d.path().join("report.md");
        // A link planted at the report's name is replaced, not followed.
        std::os::unix::fs::symlink(&victim, &out).expect("symlink");
        write_new_file(&out, b"report").expect("written");
        assert_eq!(fs::read(&victim).expect("victim"), b"keep");
        assert_eq!(fs::read(&out).expect("out"), b"report");
        assert!(
            !fs::symlink_metadata(&out)
                .expect("meta")
                .file_type()
                .is_symlink()
        );
        // A folder is refused and nothing is left behind.
        let dir = d.path().join("busy");
        fs::create_dir(&dir).expect("mkdir");
        assert!(matches!(
            write_new_file(&dir, b"x"),
            Err(SaveError::NotRegular { .. })
        ));
        assert_eq!(names(d.path()), ["busy", "report.md", "victim"]);
    }

    #[test]
    fn a_link_planted_at_the_temp_name_is_never_followed() {
        let d = tempfile::tempdir().expect("dir");
        let victim = d.path().join("victim");
        fs::write(&victim, "keep").expect("write");
        let out = d.path().join("r.md");
        // The next names this process would use; other tests may take some first.
        let next = COUNTER.load(Ordering::Relaxed);
        for n in next..next + 4 {
            let name = format!(".r.md.tmp.{}.{n}", std::process::id());
            std::os::unix::fs::symlink(&victim, d.path().join(name)).expect("plant");
        }
        write_new_file(&out, b"report").expect("written");
        assert_eq!(fs::read(&victim).expect("victim"), b"keep");
        assert_eq!(fs::read(&out).expect("out"), b"report");
    }

    #[test]
    fn a_bak_already_linked_to_the_ledger_leaves_no_temp_name() {
        let (d, p) = setup("v1");
        // As after a save killed between linking .bak and writing the new version.
        fs::hard_link(&p, d.path().join("l.ron.bak")).expect("link");
        transact(&p, None, |_| Ok::<_, Infallible>(b"v2".to_vec())).expect("saved");
        assert_eq!(names(d.path()), ["l.ron", "l.ron.bak", "l.ron.lock"]);
        assert_eq!(fs::read(d.path().join("l.ron.bak")).expect("bak"), b"v1");
        assert_eq!(fs::read(&p).expect("new"), b"v2");
    }

    #[test]
    fn concurrent_transactions_all_land() {
        let (d, p) = setup("");
        let handles: Vec<_> = (0..8)
            .map(|i| {
                let p = p.clone();
                std::thread::spawn(move || {
                    transact(&p, None, |b| append(b, &format!("line {i}\n"))).expect("saved");
                })
            })
            .collect();
        for h in handles {
            h.join().expect("thread");
        }
        let text = fs::read_to_string(&p).expect("read");
        assert_eq!(text.lines().count(), 8, "{text}");
        for i in 0..8 {
            assert!(text.contains(&format!("line {i}\n")), "{text}");
        }
        assert_eq!(names(d.path()), ["l.ron", "l.ron.bak", "l.ron.lock"]);
    }

    #[test]
    fn folders_pipes_devices_and_missing_files_are_refused_without_reading() {
        let d = tempfile::tempdir().expect("dir");
        let dir = d.path().to_path_buf();
        assert!(matches!(read(&dir), Err(SaveError::NotRegular { .. })));
        assert!(matches!(
            transact(&dir, None, |b| append(b, "x")),
            Err(SaveError::NotRegular { .. })
        ));
        let fifo = d.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert!(fs::metadata(&fifo).expect("meta").file_type().is_fifo());
            let f = fifo.clone();
            let r = within(move || read(&f).map(|_| ()));
            assert!(matches!(r, Err(SaveError::NotRegular { .. })), "{r:?}");
            let f = fifo.clone();
            let t = within(move || transact(&f, None, |b| append(b, "x")).map(|_| ()));
            assert!(matches!(t, Err(SaveError::NotRegular { .. })), "{t:?}");
            assert!(!d.path().join("pipe.lock").exists());
        }
        let r = within(|| read(Path::new("/dev/zero")).map(|_| ()));
        assert!(matches!(r, Err(SaveError::NotRegular { .. })), "{r:?}");
        let missing = d.path().join("none.ron");
        let e = read(&missing).expect_err("missing");
        assert!(matches!(e, SaveError::NotFound { .. }), "{e}");
        assert!(e.to_string().contains("none.ron"), "{e}");
        assert!(matches!(
            transact(&missing, None, |b| append(b, "x")),
            Err(SaveError::NotFound { .. })
        ));
        assert!(!d.path().join("none.ron.lock").exists());
    }

    #[test]
    fn a_too_large_file_is_refused_without_reading() {
        let (_d, p) = setup("");
        // Sparse: no disk space used.
        File::options()
            .write(true)
            .open(&p)
            .and_then(|f| f.set_len(MAX_BYTES + 1))
            .expect("grow");
        let e = within(move || read(&p).map(|_| ())).expect_err("refused");
        assert!(
            matches!(e, SaveError::TooLarge { bytes, .. } if bytes == MAX_BYTES + 1),
            "{e}"
        );
    }

    #[test]
    fn the_temp_name_shape_is_recognised() {
        let target = Path::new("/x/l.ron");
        let temp = temp_path(target);
        let name = temp
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        assert!(is_temp_of(&name, &temp_prefix(target)), "{name}");
        assert_eq!(temp.parent(), Some(Path::new("/x")));
        assert!(!is_temp_of(".l.ron.tmp..1", ".l.ron.tmp."));
        assert!(!is_temp_of(".l.ron.tmp.1.", ".l.ron.tmp."));
    }
}
