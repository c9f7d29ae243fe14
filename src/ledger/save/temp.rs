//! Temporary files beside the ledger: fresh names, created exclusively, and the stale ones
//! a killed save left behind.

use std::fs::{self, OpenOptions};
use std::io::{self, ErrorKind, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::{Stamp, dir_of};

pub(super) fn temp_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".{name}.tmp.")
}

/// A fresh temp name beside the ledger, `.NAME.tmp.PID.N`; every temp of a save (new
/// version, `.bak`, probe) has this shape so that stale ones are found.
pub(super) static COUNTER: AtomicU64 = AtomicU64::new(0);

pub(super) fn temp_path(target: &Path) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    dir_of(target).join(format!("{}{}.{n}", temp_prefix(target), std::process::id()))
}

/// Exactly `.NAME.tmp.DIGITS.DIGITS`, so that the temps of a ledger named `NAME.tmp.x` in
/// the same folder (under another lock) are left alone.
pub(super) fn is_temp_of(file_name: &str, prefix: &str) -> bool {
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
pub(super) fn remove_stale_temps_locked(target: &Path) {
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

// A fault injected by the unit tests at a named step of a save (a test double of the disk);
// nothing outside `cfg(test)`.
#[cfg(test)]
thread_local! {
    pub(super) static FAULT: std::cell::Cell<Option<(&'static str, ErrorKind)>> = const { std::cell::Cell::new(None) };
}

pub(super) fn fault(step: &'static str) -> io::Result<()> {
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
pub(super) fn write_temp_beside(
    target: &Path,
    bytes: &[&[u8]],
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
/// `bytes`: the file's content in pieces, written one after another.
fn write_temp(temp: &Path, bytes: &[&[u8]], like: Option<&fs::Metadata>) -> io::Result<Stamp> {
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
    for part in bytes {
        f.write_all(part)?;
    }
    fault("fsync")?;
    f.sync_all()?;
    f.metadata().map(|m| Stamp::of(&m))
}

/// The current version kept under a temp name, to become `FILE.bak` once the save has
/// succeeded: a hard link (no copy of a large ledger), or where links are not supported
/// (SMB, FAT) a copy.
pub(super) fn stash_previous(
    target: &Path,
    current: &[u8],
    like: &fs::Metadata,
) -> io::Result<PathBuf> {
    fault("stash")?;
    let link = temp_path(target);
    if fs::hard_link(target, &link).is_ok() {
        return Ok(link);
    }
    write_temp_beside(target, &[current], Some(like)).map(|(p, _)| p)
}
