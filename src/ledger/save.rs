//! Saving without losing anything: a lock beside the ledger, a content-hash check against
//! what was loaded, the previous version kept as `.bak`, and an atomic replace.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, ErrorKind, Read, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

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
    /// Written and renamed into place, but the disk did not confirm it (fsync of the folder).
    Unconfirmed {
        path: PathBuf,
        message: String,
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
            SaveError::Unconfirmed { path, message } => write!(
                f,
                "{} was saved, but the disk did not confirm it ({message}); check the file, \
                 the previous version is in .bak.",
                shown(path)
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
            SaveError::Unconfirmed { path, message } => SaveError::Unconfirmed { path, message },
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

/// Whether the folder takes a new file, which an atomic save needs. Trying it is the one
/// answer that covers mode bits, ACLs, read-only mounts and root alike; the probe has a temp
/// name, so a killed probe is cleaned up like a killed save.
fn dir_writable(target: &Path) -> bool {
    let probe = temp_path(target);
    match OpenOptions::new().write(true).create_new(true).open(&probe) {
        Ok(_) => {
            let _ = fs::remove_file(&probe);
            true
        }
        // A full disk or the like is not "read-only": the save will say what it is.
        Err(e) => !denied(&e),
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
fn temp_path(target: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
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

/// Opens `FILE.lock` beside the ledger, creating it if absent. Never the ledger itself: on
/// SMB a lock on it becomes mandatory and breaks other readers. Never deleted: a saver could
/// otherwise lock a file that is no longer the one the next saver locks.
fn open_lock(target: &Path) -> io::Result<File> {
    let path = sibling(target, ".lock");
    match OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
    {
        // Another user's lock file: a lock needs no write access.
        Err(e) if e.kind() == ErrorKind::PermissionDenied => File::open(&path).map_err(|_| e),
        other => other,
    }
}

/// Writes `bytes` as `dest` in one step: a temp beside the ledger, renamed over `dest`. On
/// failure the temp is removed and `dest` is as it was.
fn write_atomic(target: &Path, dest: &Path, bytes: &[u8], like: &fs::Metadata) -> io::Result<()> {
    let temp = temp_path(target);
    let result = write_temp(&temp, bytes, like).and_then(|()| fs::rename(&temp, dest));
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// A new file gets 0600 from `tempfile` and the umask otherwise, so owner and mode are copied
/// from the ledger explicitly; then the bytes are synced before anyone renames them in.
fn write_temp(temp: &Path, bytes: &[u8], like: &fs::Metadata) -> io::Result<()> {
    let mode = like.permissions().mode() & 0o7777;
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode & 0o777)
        .open(temp)?;
    // Keeps the ledger's group (and owner, for root); a clerk may not be allowed, which is fine.
    let _ = std::os::unix::fs::fchown(&f, Some(like.uid()), Some(like.gid()));
    // After the chown, which may clear set-id bits. Mounts with fixed modes (SMB, FAT) may
    // refuse; the file then keeps its umask-narrowed mode, never a wider one.
    let _ = f.set_permissions(fs::Permissions::from_mode(mode));
    f.write_all(bytes)?;
    f.sync_all()
}

/// Keeps the current version as `FILE.bak`, replaced in one step like the ledger: a hard link
/// to the current file renamed over it (no copy of a large ledger); where links are not
/// supported (SMB, FAT), a copy written atomically.
fn keep_backup(target: &Path, current: &[u8], like: &fs::Metadata) -> io::Result<()> {
    let bak = sibling(target, ".bak");
    let link = temp_path(target);
    if fs::hard_link(target, &link).is_ok() {
        let renamed = fs::rename(&link, &bak);
        // When .bak already is a link to the ledger (a save killed between this rename and
        // the next), POSIX rename does nothing and succeeds, leaving the temp name.
        let _ = fs::remove_file(&link);
        return renamed;
    }
    write_atomic(target, &bak, current, like)
}

/// Makes the renames durable. A filesystem that cannot sync a folder (EINVAL or ENOTSUP on
/// some FUSE and SMB mounts) is taken at its word; an I/O error is reported.
fn sync_dir(target: &Path) -> io::Result<()> {
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
    let target = resolve(path).map_err(SaveError::widen)?;
    // A folder or pipe is refused before a lock file appears beside it.
    fs::metadata(&target)
        .map_err(|e| read_error(path, e))
        .and_then(|m| check_regular(path, &m))
        .map_err(SaveError::widen)?;
    let _lock = open_lock(&target)
        .and_then(|f| f.lock().map(|()| f))
        .map_err(|e| write_error("lock", path, e))?;
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
        return Ok(before);
    }
    keep_backup(&target, &current, &meta)
        .map_err(|e| write_error("keep the previous version of", path, e))?;
    write_atomic(&target, &target, &new, &meta).map_err(|e| write_error("write", path, e))?;
    sync_dir(&target).map_err(|e| SaveError::Unconfirmed {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    Ok(fingerprint(&new))
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

    #[test]
    fn a_failed_rename_leaves_no_temp_and_the_target_as_it_was() {
        let (d, p) = setup("v1");
        let busy = d.path().join("busy");
        fs::create_dir(&busy).expect("mkdir");
        fs::write(busy.join("inside"), "x").expect("write");
        let meta = fs::metadata(&p).expect("meta");
        assert!(write_atomic(&p, &busy, b"new", &meta).is_err());
        assert_eq!(names(d.path()), ["busy", "l.ron"]);
        assert_eq!(fs::read(&p).expect("read"), b"v1");
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
