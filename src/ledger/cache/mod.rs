//! A binary copy of the loaded ledger in the user's cache folder, so that reopening an
//! unchanged ledger skips the RON parse. The ledger file is always read and fingerprinted;
//! the copy is used only when it was made from exactly those bytes by this tracker, and any
//! doubt about it means parsing the file as usual. Nothing here ever reaches the user.

mod codec;
#[cfg(test)]
mod tests;

use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::load::{LoadError, Loaded, parse_read};
use super::model::Ledger;
use super::problem::Problem;
use super::save::{self, MAX_BYTES, fingerprint};
use codec::Key;

/// Overrides the cache folder (tests use it; so can a user who wants it elsewhere).
pub const CACHE_DIR_ENV: &str = "TRACKER_CACHE_DIR";
/// The program and its model layout: a cache from another build of either is not read.
const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "+model3");
/// A cache is never larger than this (the model is smaller than its RON text, with room).
const MAX_CACHE_BYTES: u64 = 2 * MAX_BYTES;

/// Why the cache was not used or not written; the caller parses the file instead.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CacheError {
    #[error("no cache folder")]
    NoDir,
    #[error("the cache folder is the ledger's own folder")]
    BesideLedger,
    #[error("not a regular file")]
    NotRegular,
    #[error("truncated")]
    Truncated,
    #[error("checksum mismatch")]
    Checksum,
    #[error("made by another version or from other bytes")]
    Stale,
    #[error("corrupt")]
    Corrupt,
    #[error("too large")]
    TooLarge,
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// When the cache is written after a parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheWrite {
    /// Before returning: the next open finds it (short-lived commands, tests).
    Now,
    /// Encoded before returning, written on a thread of its own, so the first open costs
    /// little more than a parse. A process that exits first leaves no cache (a stale temp
    /// file at most, removed by a later write).
    Background,
}

/// Like [`super::load_path`], but through the cache: the model is decoded from the cache
/// when it matches the file as read now, else parsed (and the cache rewritten in the
/// background, best effort). The cache folder is `TRACKER_CACHE_DIR`, else the platform's.
pub fn load_path_cached(path: &Path) -> Result<Loaded, LoadError> {
    load_path_cached_with(path, CacheWrite::Background)
}

/// [`load_path_cached`], choosing when the cache is written.
pub fn load_path_cached_with(path: &Path, write: CacheWrite) -> Result<Loaded, LoadError> {
    load_and_store(path, write, cache_file)
}

/// [`load_path_cached`], leaving the cache to be written by the caller when it has a
/// moment (the interface writes it beside its first frame).
pub fn load_path_cached_later(path: &Path) -> Result<(Loaded, Option<PendingCache>), LoadError> {
    load_via(path, cache_file)
}

/// [`load_path_cached_with`] with the cache in `dir` (tests and benches: the environment
/// is shared by every thread of a process).
pub fn load_path_cached_in(
    path: &Path,
    dir: &Path,
    write: CacheWrite,
) -> Result<Loaded, LoadError> {
    load_and_store(path, write, |target| cache_file_in(dir, target))
}

/// Loads through the cache and writes the cache of a ledger that had to be parsed.
fn load_and_store(
    path: &Path,
    write: CacheWrite,
    cache_for: impl FnOnce(&Path) -> Result<PathBuf, CacheError>,
) -> Result<Loaded, LoadError> {
    let (loaded, pending) = load_via(path, cache_for)?;
    if let Some(p) = pending {
        p.write(&loaded.ledger, &loaded.warnings, write);
    }
    Ok(loaded)
}

/// The cache of a ledger that was parsed, still to be written.
#[derive(Debug)]
pub struct PendingCache {
    file: PathBuf,
    target: PathBuf,
    fingerprint: save::Fingerprint,
    size: usize,
}

impl PendingCache {
    /// Encodes and writes the cache of `ledger` (as loaded, with its warnings). Only a
    /// cache: failing to write it changes nothing for the user.
    pub fn write(self, ledger: &Ledger, warnings: &[Problem], write: CacheWrite) {
        let _ = store(
            self.file.clone(),
            &self.key(),
            ledger,
            warnings,
            self.size,
            write,
        );
    }

    /// The cache's bytes, for [`PendingCache::write_encoded`]: the ledger is needed only
    /// this long.
    pub fn encode(&self, ledger: &Ledger, warnings: &[Problem]) -> Option<Vec<u8>> {
        codec::encode(&self.key(), ledger, warnings, self.size).ok()
    }

    /// Writes bytes made by [`PendingCache::encode`].
    pub fn write_encoded(self, bytes: &[u8]) {
        let _ = write_atomic(&self.file, bytes);
    }

    fn key(&self) -> Key<'_> {
        Key {
            version: VERSION,
            fingerprint: self.fingerprint,
            path: self.target.as_os_str().as_bytes(),
        }
    }
}

fn load_via(
    path: &Path,
    cache_for: impl FnOnce(&Path) -> Result<PathBuf, CacheError>,
) -> Result<(Loaded, Option<PendingCache>), LoadError> {
    let mut read = save::read(path)?;
    let target = read.target.clone();
    let file = cache_for(&target).ok();
    let key = |fingerprint| Key {
        version: VERSION,
        fingerprint,
        path: target.as_os_str().as_bytes(),
    };
    let cache = file.as_deref().and_then(|f| read_cache(f).ok());
    if let Some(opened) = cache
        .as_deref()
        .and_then(|c| codec::open(c, &key(read.fingerprint)).ok())
    {
        // The cache holds this very file (key and checksum match): the file's own bytes
        // are not needed while the model is decoded.
        let fingerprint = read.fingerprint;
        read.bytes = Vec::new();
        match opened.decode() {
            Ok((ledger, warnings)) => {
                return Ok((Loaded::from_read(path, &read, ledger, warnings), None));
            }
            // Checked and still not readable (a bug, never seen): parse the file, read
            // again. The cache is written afresh only if the file is still the same.
            Err(_) => {
                read = save::read(path)?;
                if read.fingerprint != fingerprint {
                    let (ledger, warnings) = parse_read(path, &mut read)?;
                    return Ok((Loaded::from_read(path, &read, ledger, warnings), None));
                }
            }
        }
    }
    drop(cache);
    let size = read.bytes.len();
    let (ledger, warnings) = parse_read(path, &mut read)?;
    let pending = file.map(|file| PendingCache {
        file,
        target: target.clone(),
        fingerprint: read.fingerprint,
        size,
    });
    Ok((Loaded::from_read(path, &read, ledger, warnings), pending))
}

/// The cache folder: `TRACKER_CACHE_DIR`, else the platform's cache folder for tracker.
pub(crate) fn cache_dir() -> Result<PathBuf, CacheError> {
    match std::env::var_os(CACHE_DIR_ENV) {
        Some(d) if !d.is_empty() => Ok(PathBuf::from(d)),
        _ => directories::ProjectDirs::from("", "", "tracker")
            .map(|d| d.cache_dir().to_path_buf())
            .ok_or(CacheError::NoDir),
    }
}

/// The cache file for a ledger, in the cache folder.
pub(crate) fn cache_file(target: &Path) -> Result<PathBuf, CacheError> {
    cache_file_in(&cache_dir()?, target)
}

/// The cache for the ledger at `target` (its canonical path) in `dir`: one file per
/// ledger, named by a hash of the path. The folder is made private if it is created.
fn cache_file_in(dir: &Path, target: &Path) -> Result<PathBuf, CacheError> {
    let ledger_dir = target.parent().ok_or(CacheError::NoDir)?;
    // Nothing is ever added beside the ledger, where the office would find and copy it:
    // not the cache, nor a folder made on the way to it (a HOME that is the ledger's folder).
    if creates_in(dir, ledger_dir) {
        return Err(CacheError::BesideLedger);
    }
    DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
    let dir = fs::canonicalize(dir)?;
    if dir == ledger_dir {
        return Err(CacheError::BesideLedger);
    }
    let (_, hash) = fingerprint(target.as_os_str().as_bytes()).parts();
    Ok(dir.join(format!("{hash:016x}.ledger-cache")))
}

/// Whether making `dir` would create a folder directly in `parent` (canonical).
fn creates_in(dir: &Path, parent: &Path) -> bool {
    let Ok(dir) = std::path::absolute(dir) else {
        return false;
    };
    let mut missing = false;
    let mut cur = dir.as_path();
    while fs::symlink_metadata(cur).is_err() {
        missing = true;
        match cur.parent() {
            Some(p) => cur = p,
            None => return false,
        }
    }
    missing && fs::canonicalize(cur).is_ok_and(|c| c == parent)
}

/// The cached warnings and model if `file` holds a valid cache for `key`.
/// Reads a regular file only: a symlink is refused (O_NOFOLLOW) and a FIFO cannot block the
/// open (O_NONBLOCK); the size is checked on the opened file.
pub(crate) fn read_cache(file: &Path) -> Result<Vec<u8>, CacheError> {
    use rustix::fs::{Mode, OFlags};
    let fd = rustix::fs::open(
        file,
        OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .map_err(io::Error::from)?;
    let f = File::from(fd);
    let meta = f.metadata()?;
    if !meta.file_type().is_file() {
        return Err(CacheError::NotRegular);
    }
    if meta.len() > MAX_CACHE_BYTES {
        return Err(CacheError::TooLarge);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    f.take(MAX_CACHE_BYTES + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Writes the cache atomically: a fresh temp file beside it (created exclusively, private),
/// then a rename over the old one, so a reader sees the old cache or the new, never half.
/// No fsync: a cache torn by a crash fails its checksum and is rebuilt.
pub(crate) fn store(
    file: PathBuf,
    key: &Key<'_>,
    ledger: &Ledger,
    warnings: &[Problem],
    size_hint: usize,
    write: CacheWrite,
) -> Result<(), CacheError> {
    let bytes = codec::encode(key, ledger, warnings, size_hint)?;
    match write {
        CacheWrite::Now => write_atomic(&file, &bytes),
        CacheWrite::Background => {
            std::thread::Builder::new()
                .name("cache-write".into())
                .spawn(move || write_atomic(&file, &bytes))?;
            Ok(())
        }
    }
}

fn write_atomic(file: &Path, bytes: &[u8]) -> Result<(), CacheError> {
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let dir = file.parent().ok_or(CacheError::NoDir)?;
    let name = file.file_name().ok_or(CacheError::NoDir)?;
    let mut tmp_name = name.to_os_string();
    tmp_name.push(format!(
        ".{}.{}.tmp",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    ));
    let tmp = dir.join(tmp_name);
    let result = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)
        .and_then(|mut f| f.write_all(bytes))
        .and_then(|()| fs::rename(&tmp, file));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    remove_stale_temps(dir);
    Ok(result?)
}

/// Temp files left by a process that exited mid-write; an hour is far longer than a write.
fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let old = |e: &fs::DirEntry| {
        e.metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 3600)
    };
    for e in entries.flatten() {
        let tmp = e.file_name().to_string_lossy().ends_with(".tmp");
        if tmp && old(&e) {
            let _ = fs::remove_file(e.path());
        }
    }
}
