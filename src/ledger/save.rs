//! Saving without losing anything: a lock beside the ledger, a content-hash check against
//! what was loaded, the previous version kept as `.bak`, and an atomic replace.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Ledgers larger than this are refused rather than read into memory.
pub const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// Content fingerprint: length and a 64-bit hash (mtime can miss a same-size edit within a second).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Fingerprint {
    len: u64,
    hash: u64,
}

/// A multiply-rotate hash over 8-byte words (FxHash's step): about 1 ms for 13 MB, and the
/// same on every run. It guards against other writers, not attackers, so speed wins.
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
    /// We could not write it: permission bits, or a read-only directory or filesystem.
    pub read_only: bool,
}

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
        match self {
            SaveError::ChangedOnDisk { path } => write!(
                f,
                "{} was changed on disk since it was loaded; not saved (the file is untouched). \
                 Reload to see the other changes",
                path.display()
            ),
            SaveError::ReadOnly { path } => write!(
                f,
                "{} cannot be written (read-only file, folder or disk); not saved, the file is untouched",
                path.display()
            ),
            SaveError::NoSpace { path } => write!(
                f,
                "no space left on the disk of {}; not saved, the file is untouched",
                path.display()
            ),
            SaveError::NotRegular { path } => write!(
                f,
                "{} is not a regular file (a folder, device or pipe); expected a ledger file",
                path.display()
            ),
            SaveError::TooLarge { path, bytes } => write!(
                f,
                "{} is {bytes} bytes, more than a ledger can be ({MAX_BYTES} bytes)",
                path.display()
            ),
            SaveError::NotFound { path } => write!(f, "{}: no such file", path.display()),
            SaveError::Unconfirmed { path, message } => write!(
                f,
                "{} was written, but the disk did not confirm it ({message}); check the file, \
                 the previous version is in .bak",
                path.display()
            ),
            SaveError::Io { op, path, source } => {
                write!(
                    f,
                    "cannot {op} {}: {source}; the ledger is untouched",
                    path.display()
                )
            }
            SaveError::Edit(e) => write!(f, "{e}"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for SaveError<E> {}

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

fn io_error<E>(op: &'static str, path: &Path, source: io::Error) -> SaveError<E> {
    let path = path.to_path_buf();
    match source.raw_os_error() {
        // EROFS, EACCES, EPERM
        Some(30 | 13 | 1) => SaveError::ReadOnly { path },
        // ENOSPC, EDQUOT
        Some(28 | 122) => SaveError::NoSpace { path },
        _ if source.kind() == io::ErrorKind::NotFound => SaveError::NotFound { path },
        _ => SaveError::Io { op, path, source },
    }
}

/// Reads the ledger; refuses directories, devices and pipes without reading them.
pub fn read(path: &Path) -> Result<ReadFile, SaveError> {
    let target = resolve(path)?;
    let meta = fs::metadata(&target).map_err(|e| io_error("read", path, e))?;
    let ft = meta.file_type();
    if !ft.is_file() || ft.is_fifo() || ft.is_char_device() || ft.is_block_device() {
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
    let bytes = fs::read(&target).map_err(|e| io_error("read", path, e))?;
    let read_only = !writable(&target, &meta);
    Ok(ReadFile {
        fingerprint: fingerprint(&bytes),
        bytes,
        target,
        read_only,
    })
}

/// Whether we may write the file. Opening for append changes nothing; it fails on a
/// read-only mode (for non-root) and on a read-only filesystem (for everyone).
fn writable(target: &Path, meta: &fs::Metadata) -> bool {
    !meta.permissions().readonly() && OpenOptions::new().append(true).open(target).is_ok()
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "ledger".into())
}

/// The real file behind `path` (the link itself is left as it is).
fn resolve(path: &Path) -> Result<PathBuf, SaveError> {
    fs::canonicalize(path).map_err(|e| io_error("find", path, e))
}

fn temp_prefix(target: &Path) -> String {
    format!(".{}.tmp.", file_name(target))
}

/// Removes temp files left by a killed save. Only the lock holder writes temps, so under the
/// lock every match is stale.
fn remove_stale_temps_locked(target: &Path) {
    let Some(dir) = target.parent() else { return };
    let prefix = temp_prefix(target);
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = fs::remove_file(e.path());
            }
        }
    }
}

/// The lock is a separate `FILE.lock`: a lock on the ledger itself becomes mandatory on SMB.
fn lock(target: &Path) -> io::Result<File> {
    let mut name = target.as_os_str().to_owned();
    name.push(".lock");
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(PathBuf::from(name))?;
    file.lock()?;
    Ok(file)
}

/// Writes `bytes` to `dest` atomically: temp beside it, mode set, synced, renamed, dir synced.
fn write_atomic(dest: &Path, bytes: &[u8], mode: u32, counter: &mut u32) -> io::Result<()> {
    let dir = dest.parent().unwrap_or(Path::new("."));
    *counter += 1;
    let temp = dir.join(format!(
        "{}{}.{}",
        temp_prefix(dest),
        std::process::id(),
        counter
    ));
    let result = (|| {
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        f.set_permissions(fs::Permissions::from_mode(mode))?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&temp, dest)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
        return result;
    }
    // After the rename the new version is in place; only its durability is unconfirmed.
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| io::Error::new(e.kind(), Unconfirmed(e)))
}

/// The rename happened but the folder's fsync failed: the new version is in place.
#[derive(Debug)]
struct Unconfirmed(io::Error);

impl fmt::Display for Unconfirmed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Unconfirmed {}

/// Keeps the current version as `.bak`: a hard link to the current file (no copy of a large
/// ledger), renamed into place; where links are not supported, an atomic copy.
fn keep_backup(
    target: &Path,
    bak: &Path,
    current: &[u8],
    mode: u32,
    counter: &mut u32,
) -> io::Result<()> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let link = dir.join(format!("{}{}.bak", temp_prefix(target), std::process::id()));
    let _ = fs::remove_file(&link);
    if fs::hard_link(target, &link).is_ok() {
        let renamed = fs::rename(&link, bak);
        // When .bak is already a link to the same file (a save killed right after linking),
        // POSIX rename does nothing and succeeds, leaving the temporary name: remove it.
        let _ = fs::remove_file(&link);
        return renamed;
    }
    write_atomic(bak, current, mode, counter)
}

/// Read-modify-write under the lock. Refuses when the file differs from `expected`.
pub fn transact<E>(
    path: &Path,
    expected: Option<Fingerprint>,
    edit: impl FnOnce(&[u8]) -> Result<Vec<u8>, E>,
) -> Result<Fingerprint, SaveError<E>> {
    let target = resolve(path).map_err(SaveError::widen)?;
    let _lock = lock(&target).map_err(|e| io_error("lock", path, e))?;
    remove_stale_temps_locked(&target);
    let current = read(&target).map_err(SaveError::widen)?;
    // A ledger without write permission is read-only by the office's choice, even for root.
    if current.read_only {
        return Err(SaveError::ReadOnly {
            path: path.to_path_buf(),
        });
    }
    if expected.is_some_and(|fp| fp != current.fingerprint) {
        return Err(SaveError::ChangedOnDisk {
            path: path.to_path_buf(),
        });
    }
    let new = edit(&current.bytes).map_err(SaveError::Edit)?;
    if new == current.bytes {
        return Ok(current.fingerprint);
    }
    let mode = fs::metadata(&target)
        .map_err(|e| io_error("read", path, e))?
        .permissions()
        .mode()
        & 0o7777;
    let mut counter = 0;
    let mut bak = target.as_os_str().to_owned();
    bak.push(".bak");
    keep_backup(&target, Path::new(&bak), &current.bytes, mode, &mut counter)
        .map_err(|e| io_error("write the backup of", path, e))?;
    write_atomic(&target, &new, mode, &mut counter).map_err(|e| {
        match e
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<Unconfirmed>())
        {
            Some(Unconfirmed(source)) => SaveError::Unconfirmed {
                path: path.to_path_buf(),
                message: source.to_string(),
            },
            None => io_error("write", path, e),
        }
    })?;
    Ok(fingerprint(&new))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::convert::Infallible;

    fn setup(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("l.ron");
        fs::write(&p, text).expect("write");
        (dir, p)
    }

    #[test]
    fn round_trip_keeps_bak_and_mode() {
        let (_d, p) = setup("one");
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).expect("chmod");
        let r = read(&p).expect("read");
        let fp = transact::<Infallible>(&p, Some(r.fingerprint), |b| {
            let mut v = b.to_vec();
            v.extend_from_slice(b" two");
            Ok(v)
        })
        .expect("saved");
        assert_eq!(fs::read(&p).expect("read"), b"one two");
        assert_eq!(fp, fingerprint(b"one two"));
        assert_eq!(fs::read(p.with_extension("ron.bak")).expect("bak"), b"one");
        assert_eq!(
            fs::metadata(&p).expect("m").permissions().mode() & 0o777,
            0o640
        );
    }

    #[test]
    fn fingerprints_tell_same_size_edits_apart() {
        assert_eq!(fingerprint(b"abc"), fingerprint(b"abc"));
        assert_ne!(fingerprint(b"abcdefgh1"), fingerprint(b"abcdefgh2"));
        assert_ne!(
            fingerprint("测试台账".as_bytes()),
            fingerprint("测验台账".as_bytes())
        );
        assert_ne!(fingerprint(b"a"), fingerprint(b"a\0"));
    }

    #[test]
    fn a_ledger_without_write_permission_is_never_written() {
        let (_d, p) = setup("keep");
        fs::set_permissions(&p, fs::Permissions::from_mode(0o444)).expect("chmod");
        assert!(read(&p).expect("read").read_only);
        let e = transact::<Infallible>(&p, None, |_| Ok(b"changed".to_vec())).expect_err("refused");
        assert!(matches!(e, SaveError::ReadOnly { .. }), "{e}");
        assert_eq!(fs::read(&p).expect("read"), b"keep");
    }

    #[test]
    fn a_bak_already_linked_to_the_ledger_leaves_no_temp_name() {
        let (d, p) = setup("v1");
        // As after a save killed between linking .bak and writing the new version.
        fs::hard_link(&p, p.with_extension("ron.bak")).expect("link");
        transact::<Infallible>(&p, None, |_| Ok(b"v2".to_vec())).expect("saved");
        let names: Vec<String> = fs::read_dir(d.path())
            .expect("dir")
            .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect();
        assert!(!names.iter().any(|n| n.contains(".tmp.")), "{names:?}");
        assert_eq!(fs::read(p.with_extension("ron.bak")).expect("bak"), b"v1");
        assert_eq!(fs::read(&p).expect("new"), b"v2");
    }

    #[test]
    fn changed_on_disk_is_refused() {
        let (_d, p) = setup("aaaa");
        let r = read(&p).expect("read");
        fs::write(&p, "bbbb").expect("write");
        let e = transact::<Infallible>(&p, Some(r.fingerprint), |b| Ok(b.to_vec()))
            .expect_err("refused");
        assert!(matches!(e, SaveError::ChangedOnDisk { .. }));
        assert_eq!(fs::read(&p).expect("read"), b"bbbb");
    }

    #[test]
    fn stale_temps_are_removed_and_edit_errors_write_nothing() {
        let (d, p) = setup("x");
        let stale = d.path().join(".l.ron.tmp.999.1");
        fs::write(&stale, "torn").expect("write");
        let e = transact(&p, None, |_| Err::<Vec<u8>, &str>("no")).expect_err("edit error");
        assert!(matches!(e, SaveError::Edit("no")));
        assert!(!stale.exists());
        assert_eq!(fs::read(&p).expect("read"), b"x");
        assert!(!p.with_extension("ron.bak").exists());
    }

    #[test]
    fn directories_and_fifos_are_refused_without_reading() {
        let d = tempfile::tempdir().expect("dir");
        assert!(matches!(read(d.path()), Err(SaveError::NotRegular { .. })));
        let fifo = d.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert!(matches!(read(&fifo), Err(SaveError::NotRegular { .. })));
        }
        assert!(matches!(
            read(Path::new("/dev/zero")),
            Err(SaveError::NotRegular { .. })
        ));
        assert!(matches!(
            read(&d.path().join("none")),
            Err(SaveError::NotFound { .. })
        ));
    }

    #[test]
    fn concurrent_transactions_all_land() {
        let (_d, p) = setup("");
        let handles: Vec<_> = (0..8)
            .map(|i| {
                let p = p.clone();
                std::thread::spawn(move || {
                    transact::<Infallible>(&p, None, |b| {
                        let mut v = b.to_vec();
                        v.extend_from_slice(format!("line {i}\n").as_bytes());
                        Ok(v)
                    })
                    .expect("saved");
                })
            })
            .collect();
        for h in handles {
            h.join().expect("thread");
        }
        let text = fs::read_to_string(&p).expect("read");
        for i in 0..8 {
            assert!(text.contains(&format!("line {i}\n")), "{text}");
        }
    }
}
