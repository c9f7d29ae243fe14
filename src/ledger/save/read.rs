//! Reading the ledger safely: never a folder, a device or a pipe, never more than a ledger
//! can be, and knowing whether it may be written, without writing anything.

use std::fs::{self, File, OpenOptions};
use std::io::{self, ErrorKind, Read};
use std::path::{Path, PathBuf};

use super::{Fingerprint, Stamp, dir_of, fingerprint};
use crate::ledger::sanitize::path as shown;

/// Ledgers larger than this are refused rather than read into memory.
pub const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// Why the ledger could not be read. The file is never changed by a read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{}: no such file.", shown(path))]
    NotFound { path: PathBuf },
    #[error(
        "{} is not a regular file (a folder, device or pipe); expected a ledger file.",
        shown(path)
    )]
    NotRegular { path: PathBuf },
    #[error(
        "{} is {bytes} bytes, more than a ledger can be ({MAX_BYTES} bytes); not read.",
        shown(path)
    )]
    TooLarge { path: PathBuf, bytes: u64 },
    #[error("cannot {op} {}: {source}; the file is untouched.", shown(path))]
    Io {
        op: &'static str,
        path: PathBuf,
        source: io::Error,
    },
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

/// A failed read: a permission error here is not "read-only", so it stays an I/O error.
pub(super) fn read_error(path: &Path, source: io::Error) -> ReadError {
    let path = path.to_path_buf();
    match source.kind() {
        ErrorKind::NotFound => ReadError::NotFound { path },
        _ => ReadError::Io {
            op: "read",
            path,
            source,
        },
    }
}

/// Reads the ledger; refuses folders, devices and pipes without opening them.
impl ReadError {
    /// The file that could not be read.
    pub fn path(&self) -> &Path {
        match self {
            ReadError::NotFound { path }
            | ReadError::NotRegular { path }
            | ReadError::TooLarge { path, .. }
            | ReadError::Io { path, .. } => path,
        }
    }
}

pub fn read(path: &Path) -> Result<ReadFile, ReadError> {
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

pub(super) fn check_regular(path: &Path, meta: &fs::Metadata) -> Result<(), ReadError> {
    if !meta.file_type().is_file() {
        return Err(ReadError::NotRegular {
            path: path.to_path_buf(),
        });
    }
    if meta.len() > MAX_BYTES {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            bytes: meta.len(),
        });
    }
    Ok(())
}

/// Looks before opening: opening a FIFO waits for a writer and /dev/zero never ends. The
/// read is capped too, in case the file grows between the look and the read.
pub(super) fn read_regular(
    path: &Path,
    target: &Path,
) -> Result<(Vec<u8>, fs::Metadata), ReadError> {
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
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            bytes: bytes.len() as u64,
        });
    }
    Ok((bytes, meta))
}

/// Whether the file itself may be written. No write bit at all is the office's choice and
/// holds even for root; opening for append changes nothing and catches another owner's file
/// and a read-only filesystem.
pub(super) fn file_writable(target: &Path, meta: &fs::Metadata) -> bool {
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
pub(super) fn resolve(path: &Path) -> Result<PathBuf, ReadError> {
    fs::canonicalize(path).map_err(|e| match e.kind() {
        ErrorKind::NotFound => ReadError::NotFound {
            path: path.to_path_buf(),
        },
        _ => ReadError::Io {
            op: "find",
            path: path.to_path_buf(),
            source: e,
        },
    })
}
