//! Where the ledger is: the one given, or the default one in the platform data directory,
//! created from the bundled sample on first use.

use std::path::{Path, PathBuf};

use crate::ledger::sanitize::path as shown;

/// The bundled sample ledger, copied to the default location on first use.
pub const SAMPLE_LEDGER: &str = include_str!("../data/erqi-2018.ron");

#[derive(Debug, thiserror::Error)]
pub enum PathError {
    #[error("no home directory to keep the default ledger in; give a FILE")]
    NoHome,
    #[error("cannot create {}: {source}", shown(path))]
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The ledger to use, and whether the default one was just created (the caller says so).
pub fn resolve_ledger(file: Option<&Path>) -> Result<(PathBuf, bool), PathError> {
    if let Some(f) = file {
        return Ok((f.to_path_buf(), false));
    }
    let dirs = directories::ProjectDirs::from("", "", "tracker").ok_or(PathError::NoHome)?;
    let path = dirs.data_dir().join("ledger.ron");
    if path.exists() {
        return Ok((path, false));
    }
    let create = |p: &Path, e| PathError::Create {
        path: p.to_path_buf(),
        source: e,
    };
    std::fs::create_dir_all(dirs.data_dir()).map_err(|e| create(dirs.data_dir(), e))?;
    std::fs::write(&path, SAMPLE_LEDGER).map_err(|e| create(&path, e))?;
    Ok((path, true))
}
