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

fn data_dir() -> Result<PathBuf, PathError> {
    directories::ProjectDirs::from("", "", "tracker")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or(PathError::NoHome)
}

/// Where the default ledger lives (it may not exist yet).
pub fn default_ledger() -> Result<PathBuf, PathError> {
    Ok(data_dir()?.join("ledger.ron"))
}

/// A copy of the bundled sample for first run, written if missing (an installed binary has
/// no repository to read it from).
pub fn sample_copy() -> Result<PathBuf, PathError> {
    let dir = data_dir()?;
    let path = dir.join("erqi-2018.ron");
    if !path.exists() {
        let create = |p: &Path, e| PathError::Create {
            path: p.to_path_buf(),
            source: e,
        };
        std::fs::create_dir_all(&dir).map_err(|e| create(&dir, e))?;
        std::fs::write(&path, SAMPLE_LEDGER).map_err(|e| create(&path, e))?;
    }
    Ok(path)
}

/// An empty ledger for `year`: the office as its one unit (the holder of the district-wide
/// pledges), no projects yet.
pub fn blank_ledger(title: &str, office: &str, year: i32) -> String {
    // ron escapes the quotes and backslashes a title may hold.
    let quote = |s: &str| ron::to_string(s).unwrap_or_else(|_| "\"\"".into());
    format!(
        "#![enable(implicit_some)]\nLedger(\n    title: {},\n    year: {year},\n    office: {},\n    \
         units: [\n        Unit(name: {}),\n    ],\n    projects: [],\n)\n",
        quote(title),
        quote(office),
        quote(office),
    )
}

/// Writes a new file, refusing to replace one (`AlreadyExists`); makes its folder.
pub fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    std::io::Write::write_all(&mut f, text.as_bytes())
}
