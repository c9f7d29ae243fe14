use super::codec::{Key, decode, encode};
use super::*;
use crate::ledger::load_str;

fn sample() -> (Ledger, Vec<Problem>) {
    load_str(crate::paths::SAMPLE_LEDGER).unwrap_or_else(|_| panic!("sample loads"))
}

fn key(version: &str) -> Key<'_> {
    Key {
        version,
        fingerprint: fingerprint(b"ledger bytes"),
        path: b"/office/ledger.ron",
    }
}

fn encoded() -> Vec<u8> {
    let (l, w) = sample();
    encode(&key(VERSION), &l, &w, 0).unwrap_or_else(|e| panic!("{e}"))
}

/// Rewrites the checksum so that a change inside passes it and reaches the decoder.
fn resum(bytes: &mut Vec<u8>) {
    let body = bytes.len() - 16;
    bytes.truncate(body);
    let (len, hash) = fingerprint(bytes).parts();
    bytes.extend_from_slice(&len.to_le_bytes());
    bytes.extend_from_slice(&hash.to_le_bytes());
}

#[test]
fn round_trip_equals_the_model_and_warnings() {
    let (l, w) = sample();
    let got = decode(&encoded(), &key(VERSION)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(got, (l, w));
}

#[test]
fn pinyin_overrides_survive_the_round_trip() {
    let (mut l, w) = sample();
    l.units[0].pinyin = Some("qu gong jian ban".into());
    l.projects[0].pinyin = Some("feng hu".into());
    let bytes = encode(&key(VERSION), &l, &w, 0).unwrap_or_else(|e| panic!("{e}"));
    let got = decode(&bytes, &key(VERSION)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(got, (l, w));
}

#[test]
fn warnings_survive_the_round_trip() {
    let (l, _) = sample();
    let w = vec![Problem {
        line: 3,
        col: 7,
        severity: crate::ledger::Severity::Warning,
        finding: crate::ledger::Finding::HiddenCharacters("隐藏字符 hidden".into()),
    }];
    let bytes = encode(&key(VERSION), &l, &w, 0).unwrap_or_else(|e| panic!("{e}"));
    let got = decode(&bytes, &key(VERSION)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(got, (l, w));
}

#[test]
fn another_version_another_ledger_or_other_bytes_is_stale() {
    let bytes = encoded();
    assert!(matches!(
        decode(&bytes, &key("0.0.0-other")),
        Err(CacheError::Stale)
    ));
    let mut k = key(VERSION);
    k.path = b"/elsewhere/ledger.ron";
    assert!(matches!(decode(&bytes, &k), Err(CacheError::Stale)));
    let mut k = key(VERSION);
    k.fingerprint = fingerprint(b"ledger byteS");
    assert!(matches!(decode(&bytes, &k), Err(CacheError::Stale)));
}

#[test]
fn every_truncation_and_every_flipped_byte_is_refused() {
    let bytes = encoded();
    for n in 0..bytes.len() {
        assert!(decode(&bytes[..n], &key(VERSION)).is_err(), "prefix {n}");
    }
    for i in 0..bytes.len() {
        let mut b = bytes.clone();
        b[i] ^= 0x10;
        assert!(decode(&b, &key(VERSION)).is_err(), "byte {i}");
    }
}

/// Corruption that passes the checksum (a forged or buggy cache) still cannot panic or
/// make a huge allocation: every length is bounded by the bytes left.
#[test]
fn corrupt_content_behind_a_valid_checksum_never_panics() {
    let bytes = encoded();
    for i in 0..bytes.len() - 16 {
        for v in [0x00, 0xff] {
            let mut b = bytes.clone();
            b[i] = v;
            resum(&mut b);
            let _ = decode(&b, &key(VERSION));
        }
    }
}

#[test]
fn a_bad_unit_index_is_corrupt_not_a_later_panic() {
    let (mut l, w) = sample();
    l.projects[0].lead = l.units.len();
    let bytes = encode(&key(VERSION), &l, &w, 0).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(
        decode(&bytes, &key(VERSION)),
        Err(CacheError::Corrupt)
    ));
}

#[test]
fn a_cache_folder_that_is_the_ledgers_own_is_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let canon = fs::canonicalize(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let beside = cache_file_in(dir.path(), &canon.join("ledger.ron"));
    assert!(matches!(beside, Err(CacheError::BesideLedger)));
    let sub = canon.join("cache");
    fs::create_dir(&sub).unwrap_or_else(|e| panic!("{e}"));
    let file = cache_file_in(&sub, &canon.join("ledger.ron")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(file.parent(), Some(sub.as_path()));
}

#[test]
fn no_folder_is_made_beside_the_ledger_on_the_way_to_the_cache() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let canon = fs::canonicalize(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let ledger = canon.join("ledger.ron");
    // HOME is the ledger's folder and has no .cache yet: nothing is created.
    let home_cache = dir.path().join(".cache").join("tracker");
    assert!(matches!(
        cache_file_in(&home_cache, &ledger),
        Err(CacheError::BesideLedger)
    ));
    assert!(fs::read_dir(dir.path()).map(|d| d.count()).unwrap_or(1) == 0);
    // An existing folder there may hold it, and deeper folders may be made inside it.
    fs::create_dir(dir.path().join(".cache")).unwrap_or_else(|e| panic!("{e}"));
    let file = cache_file_in(&home_cache, &ledger).unwrap_or_else(|e| panic!("{e}"));
    assert!(file.starts_with(canon.join(".cache").join("tracker")));
}
