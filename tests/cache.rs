//! The load cache: a cached open equals a fresh `load_path`, and every doubtful cache (an
//! edited ledger, a truncated or corrupt cache, a symlink, a folder, an unreadable file)
//! falls back to parsing without a word to the user. Each test keeps its cache in its own
//! temp folder through `load_path_cached_in`; `TRACKER_CACHE_DIR` is tested through the
//! binary, since the environment is shared by the test threads.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use tracker::ledger::{self, CacheWrite, Loaded, load_path, load_path_cached_in};

struct Case {
    _dir: tempfile::TempDir,
    ledger: PathBuf,
    cache: PathBuf,
}

fn case(text: &str) -> Case {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // The cache folder is never made in the ledger's folder: the two are side by side.
    let office = dir.path().join("office");
    fs::create_dir(&office).unwrap_or_else(|e| panic!("{e}"));
    let ledger = office.join("ledger.ron");
    fs::write(&ledger, text).unwrap_or_else(|e| panic!("{e}"));
    let cache = dir.path().join("cache");
    Case {
        _dir: dir,
        ledger,
        cache,
    }
}

fn sample() -> String {
    fs::read_to_string("data/erqi-2018.ron").unwrap_or_else(|e| panic!("{e}"))
}

fn cached(c: &Case) -> Loaded {
    load_path_cached_in(&c.ledger, &c.cache, CacheWrite::Now).unwrap_or_else(|e| panic!("{e}"))
}

fn fresh(path: &Path) -> Loaded {
    load_path(path).unwrap_or_else(|e| panic!("{e}"))
}

fn assert_same(a: &Loaded, b: &Loaded) {
    assert!(a.ledger == b.ledger, "ledgers differ");
    assert_eq!(a.warnings, b.warnings);
    assert_eq!(a.file.fingerprint, b.file.fingerprint);
    assert_eq!(a.file.path, b.file.path);
}

/// The one cache file in the case's cache folder (temp files never stay).
fn cache_file(c: &Case) -> PathBuf {
    let files: Vec<PathBuf> = fs::read_dir(&c.cache)
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|e| e.unwrap_or_else(|e| panic!("{e}")).path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

fn opened_twice_equals_fresh(text: &str) {
    let c = case(text);
    let first = cached(&c);
    let f = cache_file(&c);
    let written = inode(&f);
    let second = cached(&c);
    let expected = fresh(&c.ledger);
    assert_same(&first, &expected);
    assert_same(&second, &expected);
    // A hit does not rewrite the cache (a miss would, under a new inode).
    assert_eq!(inode(&f), written);
}

#[test]
fn sample_from_the_cache_equals_a_fresh_load() {
    opened_twice_equals_fresh(&sample());
}

#[test]
fn generated_from_the_cache_equals_a_fresh_load() {
    opened_twice_equals_fresh(&tracker::generate::ledger_text(2000, 7));
}

#[test]
fn warnings_come_back_from_the_cache() {
    // A control character in a name is a warning, not an error.
    let text = sample().replacen("title: \"", "title: \"\u{202e}", 1);
    let c = case(&text);
    let first = cached(&c);
    assert!(!first.warnings.is_empty(), "expected a warning");
    let second = cached(&c);
    assert_same(&second, &fresh(&c.ledger));
}

#[test]
fn an_edit_of_the_same_length_is_not_served_from_the_cache() {
    let text = tracker::generate::ledger_text(200, 7);
    let c = case(&text);
    cached(&c);
    // One digit of an investment figure changed: same length, other bytes.
    let at = text.find("plan: ").unwrap_or_else(|| panic!("a plan")) + "plan: ".len();
    let mut bytes = text.into_bytes();
    let d = bytes[at];
    assert!(d.is_ascii_digit());
    bytes[at] = if d == b'9' { b'1' } else { d + 1 };
    fs::write(&c.ledger, &bytes).unwrap_or_else(|e| panic!("{e}"));
    let got = cached(&c);
    let expected = fresh(&c.ledger);
    assert_same(&got, &expected);
    // And the cache is rewritten for the new bytes.
    assert_same(&cached(&c), &expected);
}

/// Spoils the cache, then checks the load equals a fresh one and, where a file can take
/// the cache's place, that the cache was rewritten and is used by the next load.
fn spoiled_falls_back(spoil: impl FnOnce(&Path)) {
    let c = case(&sample());
    cached(&c);
    let f = cache_file(&c);
    spoil(&f);
    assert_same(&cached(&c), &fresh(&c.ledger));
    let meta = fs::symlink_metadata(&f).unwrap_or_else(|e| panic!("{e}"));
    if meta.is_dir() {
        return; // a rename cannot replace a folder: no cache, loads parse
    }
    assert!(meta.file_type().is_file(), "rewritten as a regular file");
    let ino = inode(&f);
    assert_same(&cached(&c), &fresh(&c.ledger));
    assert_eq!(
        inode(&f),
        ino,
        "the rewritten cache is used, not rewritten again"
    );
}

fn inode(f: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    fs::symlink_metadata(f)
        .unwrap_or_else(|e| panic!("{e}"))
        .ino()
}

#[test]
fn a_truncated_cache_falls_back() {
    spoiled_falls_back(|f| {
        let b = fs::read(f).unwrap_or_else(|e| panic!("{e}"));
        fs::write(f, &b[..b.len() / 2]).unwrap_or_else(|e| panic!("{e}"));
    });
}

#[test]
fn an_empty_cache_falls_back() {
    spoiled_falls_back(|f| fs::write(f, b"").unwrap_or_else(|e| panic!("{e}")));
}

#[test]
fn a_cache_with_flipped_bytes_falls_back() {
    spoiled_falls_back(|f| {
        let mut b = fs::read(f).unwrap_or_else(|e| panic!("{e}"));
        for i in (0..b.len()).step_by(997) {
            b[i] ^= 0x5a;
        }
        fs::write(f, &b).unwrap_or_else(|e| panic!("{e}"));
    });
}

/// Another version's cache: the version string patched and the checksum made valid again,
/// so that only the version check can refuse it.
#[test]
fn a_cache_from_another_version_falls_back() {
    spoiled_falls_back(|f| {
        let mut b = fs::read(f).unwrap_or_else(|e| panic!("{e}"));
        let v = env!("CARGO_PKG_VERSION").as_bytes();
        let at = b
            .windows(v.len())
            .position(|w| w == v)
            .unwrap_or_else(|| panic!("version in the header"));
        b[at] = if b[at] == b'9' { b'8' } else { b'9' };
        let body = b.len() - 16;
        b.truncate(body);
        let sum = ledger::save::fingerprint(&b);
        // The checksum is a fingerprint: its length then its hash, little-endian.
        b.extend_from_slice(&(body as u64).to_le_bytes());
        b.extend_from_slice(&hash_of(sum).to_le_bytes());
        fs::write(f, &b).unwrap_or_else(|e| panic!("{e}"));
    });
}

/// The hash half of a fingerprint, read back from its `Debug` form (its fields are private).
fn hash_of(f: ledger::save::Fingerprint) -> u64 {
    let s = format!("{f:?}");
    let h = s
        .split("hash: ")
        .nth(1)
        .and_then(|t| t.trim_end_matches([' ', '}']).parse().ok());
    h.unwrap_or_else(|| panic!("{s}"))
}

#[test]
fn a_cache_that_is_a_symlink_to_another_ledgers_cache_falls_back() {
    // The other ledger differs, so its cache, valid for it, would give the wrong model.
    let other = case(&tracker::generate::ledger_text(50, 3));
    cached(&other);
    let theirs = cache_file(&other);
    spoiled_falls_back(|f| {
        fs::remove_file(f).unwrap_or_else(|e| panic!("{e}"));
        std::os::unix::fs::symlink(&theirs, f).unwrap_or_else(|e| panic!("{e}"));
    });
}

#[test]
fn a_symlink_to_a_valid_cache_of_the_same_ledger_is_still_refused() {
    let c = case(&sample());
    cached(&c);
    let f = cache_file(&c);
    let moved = c.cache.with_extension("elsewhere");
    fs::rename(&f, &moved).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(&moved, &f).unwrap_or_else(|e| panic!("{e}"));
    assert_same(&cached(&c), &fresh(&c.ledger));
    // Rewritten as a regular file in place of the link.
    let meta = fs::symlink_metadata(&f).unwrap_or_else(|e| panic!("{e}"));
    assert!(meta.file_type().is_file());
}

#[test]
fn a_cache_that_is_a_folder_falls_back() {
    spoiled_falls_back(|f| {
        fs::remove_file(f).unwrap_or_else(|e| panic!("{e}"));
        fs::create_dir(f).unwrap_or_else(|e| panic!("{e}"));
        fs::write(f.join("x"), b"x").unwrap_or_else(|e| panic!("{e}"));
    });
}

/// chmod 000: refused by the open for a normal user, so the load parses and rewrites the
/// cache (a new file). Root reads it anyway: under root only that assertion is skipped (and
/// said so); the result equals a fresh load either way.
#[test]
fn an_unreadable_cache_falls_back() {
    use std::os::unix::fs::PermissionsExt;
    let c = case(&sample());
    cached(&c);
    let f = cache_file(&c);
    let before = inode(&f);
    fs::set_permissions(&f, fs::Permissions::from_mode(0o000)).unwrap_or_else(|e| panic!("{e}"));
    let root = fs::File::open(&f).is_ok();
    assert_same(&cached(&c), &fresh(&c.ledger));
    if root {
        println!("SKIPPED the rewrite assertion: running as root, which reads a mode-000 file");
    } else {
        assert_ne!(inode(&f), before, "an unreadable cache is replaced");
    }
    assert_same(&cached(&c), &fresh(&c.ledger));
}

#[test]
fn a_cache_folder_that_cannot_be_made_still_loads() {
    let c = case(&sample());
    // A file where the folder should be: no cache, the ledger loads all the same.
    fs::write(&c.cache, b"not a folder").unwrap_or_else(|e| panic!("{e}"));
    assert_same(&cached(&c), &fresh(&c.ledger));
}

#[test]
fn an_invalid_ledger_is_the_same_error_and_leaves_no_cache() {
    let c = case("Ledger(title: \"x\", year: 2018, projects: [Project(name: \"a\")])");
    let got = load_path_cached_in(&c.ledger, &c.cache, CacheWrite::Now).map(|_| ());
    let want = load_path(&c.ledger).map(|_| ());
    assert_eq!(format!("{got:?}"), format!("{want:?}"));
    assert!(got.is_err());
    let left = fs::read_dir(&c.cache).map(|d| d.count()).unwrap_or(0);
    assert_eq!(left, 0);
}

#[test]
fn no_cache_folder_is_made_in_the_ledgers_folder() {
    let c = case(&sample());
    let inside = c.ledger.with_file_name("cache");
    let got =
        load_path_cached_in(&c.ledger, &inside, CacheWrite::Now).unwrap_or_else(|e| panic!("{e}"));
    assert_same(&got, &fresh(&c.ledger));
    assert!(!inside.exists(), "nothing made beside the ledger");
}

/// `TRACKER_CACHE_DIR` through the binary: `tracker check` writes the cache there, never
/// beside the ledger, and prints the same with the cache as without.
#[test]
fn tracker_check_uses_tracker_cache_dir_and_prints_the_same() {
    let c = case(&sample());
    let run = || {
        let out = Command::new(env!("CARGO_BIN_EXE_tracker"))
            .args(["check", "--today", "2018-06-15"])
            .arg(&c.ledger)
            .env("TRACKER_CACHE_DIR", &c.cache)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        (out.status.code(), out.stdout, out.stderr)
    };
    let first = run();
    cache_file(&c);
    let second = run();
    assert_eq!(first, second);
    assert_eq!(first.0, Some(0));
    let beside: Vec<_> = fs::read_dir(c.ledger.parent().unwrap_or_else(|| panic!("parent")))
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|e| e.unwrap_or_else(|e| panic!("{e}")).file_name())
        .collect();
    assert_eq!(beside.len(), 1, "only the ledger: {beside:?}");
}

/// The UI's way: the cache is written on a thread of its own and used once it is there.
#[test]
fn a_cache_written_in_the_background_is_used_next_time() {
    let c = case(&tracker::generate::ledger_text(300, 5));
    let first = load_path_cached_in(&c.ledger, &c.cache, CacheWrite::Background)
        .unwrap_or_else(|e| panic!("{e}"));
    let expected = fresh(&c.ledger);
    assert_same(&first, &expected);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let file = loop {
        let done: Vec<PathBuf> = fs::read_dir(&c.cache)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        if let [f] = done.as_slice()
            && !f.to_string_lossy().ends_with(".tmp")
        {
            break f.clone();
        }
        assert!(std::time::Instant::now() < deadline, "no cache written");
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    let ino = inode(&file);
    assert_same(&cached(&c), &expected);
    assert_eq!(inode(&file), ino, "used, not rewritten");
}
