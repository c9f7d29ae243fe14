//! Saving without losing anything: a lock beside the ledger, a content-hash check against
//! what was loaded, the previous version kept as `.bak`, and an atomic replace.

mod read;
mod temp;
#[cfg(test)]
mod tests;

use std::fmt;
use std::fs::{self, File};
use std::io::{self, ErrorKind};

use crate::ledger::edit::Splice;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::lock::{self, LockError, LockHolder, Wait};
pub use read::{MAX_BYTES, ReadError, ReadFile, read};
use read::{check_regular, file_writable, read_error, read_regular, resolve};
use temp::{fault, remove_stale_temps_locked, stash_previous, write_temp_beside};

/// Content fingerprint: length and a 64-bit hash (mtime can miss a same-size edit within a second).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Fingerprint {
    len: u64,
    hash: u64,
}

impl Fingerprint {
    /// Length and hash, for the load cache's key.
    pub(crate) fn parts(self) -> (u64, u64) {
        (self.len, self.hash)
    }

    pub(crate) fn from_parts(len: u64, hash: u64) -> Self {
        Self { len, hash }
    }
}

/// A multiply-rotate hash over 8-byte words (FxHash's step) in four lanes, so that four
/// words are mixed at once: about 6 ms for 75 MB, and the same on every run. Each step is a
/// bijection of the running hash and of the word, so two inputs of one length that differ
/// in a single word never collide. It guards against other writers, not attackers, so speed
/// wins.
pub fn fingerprint(bytes: &[u8]) -> Fingerprint {
    fingerprint_of(&[bytes])
}

/// The fingerprint of the pieces one after another, as if they were one slice (a save
/// writes a ledger as the bytes before an edit, the edit, the bytes after it).
pub fn fingerprint_of(parts: &[&[u8]]) -> Fingerprint {
    let mut h = Hasher::default();
    for part in parts {
        h.write(part);
    }
    h.finish()
}

const BLOCK: usize = 32;

#[derive(Default)]
struct Hasher {
    lanes: [u64; 4],
    /// A block begun at the end of one piece, finished from the next.
    carry: [u8; BLOCK],
    carried: usize,
    len: u64,
}

fn step(h: u64, w: u64) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    (h.rotate_left(5) ^ w).wrapping_mul(K)
}

fn word(b: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[..8]);
    u64::from_le_bytes(w)
}

impl Hasher {
    fn block(&mut self, b: &[u8]) {
        for (i, lane) in self.lanes.iter_mut().enumerate() {
            *lane = step(*lane, word(&b[i * 8..]));
        }
    }

    fn write(&mut self, mut bytes: &[u8]) {
        self.len += bytes.len() as u64;
        if self.carried > 0 {
            let take = (BLOCK - self.carried).min(bytes.len());
            self.carry[self.carried..self.carried + take].copy_from_slice(&bytes[..take]);
            self.carried += take;
            bytes = &bytes[take..];
            if self.carried < BLOCK {
                return;
            }
            let carry = self.carry;
            self.block(&carry);
        }
        let mut blocks = bytes.chunks_exact(BLOCK);
        for b in &mut blocks {
            self.block(b);
        }
        let tail = blocks.remainder();
        self.carry[..tail.len()].copy_from_slice(tail);
        self.carried = tail.len();
    }

    fn finish(self) -> Fingerprint {
        let mut h = self.lanes[0];
        for &lane in &self.lanes[1..] {
            h = step(h, lane);
        }
        let tail = &self.carry[..self.carried];
        let mut words = tail.chunks_exact(8);
        for w in &mut words {
            h = step(h, word(w));
        }
        for &b in words.remainder() {
            h = step(h, u64::from(b));
        }
        Fingerprint {
            len: self.len,
            hash: h,
        }
    }
}

/// A file's new version: the bytes read with one range replaced (an edit of one item: the
/// rest is written from the bytes read, never copied), or new bytes altogether.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewVersion {
    Splice(Splice),
    Whole(Vec<u8>),
}

impl From<Vec<u8>> for NewVersion {
    fn from(bytes: Vec<u8>) -> Self {
        NewVersion::Whole(bytes)
    }
}

impl From<Splice> for NewVersion {
    fn from(s: Splice) -> Self {
        NewVersion::Splice(s)
    }
}

impl NewVersion {
    /// The new bytes, in pieces, given the current ones; `None` if the range is not in them.
    fn parts<'a>(&'a self, current: &'a [u8]) -> Option<[&'a [u8]; 3]> {
        match self {
            NewVersion::Whole(bytes) => Some([bytes, &[], &[]]),
            NewVersion::Splice(s) => Some([
                current.get(..s.range.start)?,
                s.with.as_bytes(),
                current
                    .get(s.range.end..)
                    .filter(|_| s.range.start <= s.range.end)?,
            ]),
        }
    }
}

/// Why a save did not happen. Every variant but `Unconfirmed` means the ledger on disk is
/// exactly as it was.
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
    /// The ledger could not be read (missing, not a regular file, too large).
    Read(ReadError),
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
            SaveError::Read(e) => write!(f, "{e}"),
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
            SaveError::Read(e) => Some(e),
            _ => None,
        }
    }
}

/// A failed write: EROFS, EACCES and EPERM mean read-only, ENOSPC and EDQUOT a full disk.
pub(super) fn write_error<E>(op: &'static str, path: &Path, source: io::Error) -> SaveError<E> {
    let path = path.to_path_buf();
    match source.kind() {
        ErrorKind::ReadOnlyFilesystem | ErrorKind::PermissionDenied => SaveError::ReadOnly { path },
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => SaveError::NoSpace { path },
        ErrorKind::NotFound => SaveError::Read(ReadError::NotFound { path }),
        _ => SaveError::Io { op, path, source },
    }
}

/// `target` with `suffix` added to its name (`ledger.ron` -> `ledger.ron.bak`).
/// Where a save keeps the version it replaced.
pub fn backup_of(target: &Path) -> PathBuf {
    sibling(target, ".bak")
}

pub(super) fn sibling(target: &Path, suffix: &str) -> PathBuf {
    let mut name = target.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

pub(super) fn dir_of(target: &Path) -> &Path {
    match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub fingerprint: Fingerprint,
    /// None when nothing was written (the edit changed nothing).
    pub stamp: Option<Stamp>,
    /// The splice that gives back the bytes from before, on the version written (the one
    /// with `fingerprint`); None for a whole-file write or when nothing was written.
    pub undo: Option<Splice>,
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
pub fn transact<E, N: Into<NewVersion>>(
    path: &Path,
    expected: Option<Fingerprint>,
    edit: impl FnOnce(&[u8]) -> Result<N, E>,
) -> Result<Fingerprint, SaveError<E>> {
    transact_with(path, expected, Wait::default(), edit).map(|s| s.fingerprint)
}

/// [`transact`], with a say in how to wait for the lock.
///
/// The order keeps every failure harmless: the new version is written and synced under a
/// fresh name; the current one is stashed (hard link); the new one is renamed over the
/// ledger; only then does the stash become `FILE.bak`. A failed save leaves both the ledger
/// and `.bak` as they were, and `.bak` never shares the live ledger's inode.
pub fn transact_with<E, N>(
    path: &Path,
    expected: Option<Fingerprint>,
    wait: Wait,
    edit: impl FnOnce(&[u8]) -> Result<N, E>,
) -> Result<Saved, SaveError<E>>
where
    N: Into<NewVersion>,
{
    let target = resolve(path).map_err(SaveError::Read)?;
    // A folder or pipe is refused before a lock file appears beside it.
    fs::metadata(&target)
        .map_err(|e| read_error(path, e))
        .and_then(|m| check_regular(path, &m))
        .map_err(SaveError::Read)?;
    let lock_file = open_lock(&target).map_err(|e| write_error("lock", path, e))?;
    let _lock = lock::acquire(lock_file, wait).map_err(|e| match e {
        LockError::Io(e) => write_error("lock", path, e),
        LockError::Cancelled(holder) => SaveError::LockBusy {
            path: path.to_path_buf(),
            holder,
        },
    })?;
    remove_stale_temps_locked(&target);
    let (current, meta) = read_regular(path, &target).map_err(SaveError::Read)?;
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
    let new: NewVersion = edit(&current).map_err(SaveError::Edit)?.into();
    let Some(parts) = new.parts(&current) else {
        return Err(write_error(
            "write",
            path,
            io::Error::new(ErrorKind::InvalidInput, "an edit outside the file"),
        ));
    };
    let unchanged = match &new {
        NewVersion::Whole(bytes) => *bytes == current,
        NewVersion::Splice(s) => current.get(s.range.clone()) == Some(s.with.as_bytes()),
    };
    if unchanged {
        return Ok(Saved {
            fingerprint: before,
            stamp: None,
            undo: None,
        });
    }
    let (temp, stamp) = write_temp_beside(&target, &parts, Some(&meta))
        .map_err(|e| write_error("write", path, e))?;
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
    let bak = fault("bak").and_then(|()| fs::rename(&stash, backup_of(&target)));
    let _ = fs::remove_file(&stash);
    let fingerprint = fingerprint_of(&parts);
    let synced = sync_dir(&target);
    match (synced, bak) {
        (Ok(()), Ok(())) => {
            Ok(Saved {
                fingerprint,
                stamp: Some(stamp),
                undo: match &new {
                    NewVersion::Splice(s) => std::str::from_utf8(&current[s.range.clone()])
                        .ok()
                        .map(|was| Splice {
                            range: s.range.start..s.range.start + s.with.len(),
                            with: was.to_string(),
                        }),
                    NewVersion::Whole(_) => None,
                },
            })
        }
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
            return Err(SaveError::Read(ReadError::NotRegular {
                path: dest.to_path_buf(),
            }));
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
    let (temp, _) = write_temp_beside(dest, &[bytes], None).map_err(failed)?;
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
