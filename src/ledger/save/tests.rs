//! The save's unit tests, with faults injected at each step.

use super::temp::{COUNTER, FAULT, is_temp_of, temp_path, temp_prefix};
use super::*;
use std::convert::Infallible;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::sync::atomic::Ordering;
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
    let e = transact(&p, None, |_| Ok::<_, Infallible>(b"changed".to_vec())).expect_err("refused");
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

fn with_fault<T>(step: &'static str, kind: ErrorKind, f: impl FnOnce() -> T) -> T {
    FAULT.with(|c| c.set(Some((step, kind))));
    let out = f();
    FAULT.with(|c| c.set(None));
    out
}

#[test]
fn a_failed_save_leaves_the_ledger_and_bak_as_they_were() {
    for step in ["write", "fsync", "stash", "rename"] {
        for kind in [ErrorKind::StorageFull, ErrorKind::Other] {
            let (d, p) = setup("v1");
            transact(&p, None, |_| Ok::<_, Infallible>(b"v2".to_vec())).expect("first save");
            let bak = d.path().join("l.ron.bak");
            let bak_ino = fs::metadata(&bak).expect("bak").ino();
            let r = with_fault(step, kind, || {
                transact(&p, None, |_| Ok::<_, Infallible>(b"v3".to_vec()))
            });
            assert!(r.is_err(), "{step} {kind:?}");
            assert_eq!(fs::read(&p).expect("read"), b"v2", "{step}");
            assert_eq!(fs::read(&bak).expect("bak"), b"v1", "{step}: .bak replaced");
            assert_eq!(fs::metadata(&bak).expect("bak").ino(), bak_ino, "{step}");
            assert_ne!(
                fs::metadata(&bak).expect("bak").ino(),
                fs::metadata(&p).expect("ledger").ino(),
                "{step}: .bak shares the ledger's inode"
            );
            assert_eq!(
                names(d.path()),
                ["l.ron", "l.ron.bak", "l.ron.lock"],
                "{step}"
            );
        }
    }
}

#[test]
fn an_unconfirmed_save_says_what_is_on_disk() {
    let (d, p) = setup("v1");
    let e = with_fault("sync_dir", ErrorKind::Other, || {
        transact(&p, None, |_| Ok::<_, Infallible>(b"v2".to_vec()))
    })
    .expect_err("unconfirmed");
    match e {
        SaveError::Unconfirmed {
            fingerprint: fp, ..
        } => {
            assert_eq!(fp, fingerprint(b"v2"));
        }
        other => panic!("{other}"),
    }
    assert_eq!(fs::read(&p).expect("read"), b"v2");
    assert_eq!(fs::read(d.path().join("l.ron.bak")).expect("bak"), b"v1");
    assert_eq!(names(d.path()), ["l.ron", "l.ron.bak", "l.ron.lock"]);
}

#[test]
fn a_new_file_is_created_exclusively_and_never_follows_a_link() {
    let d = tempfile::tempdir().expect("dir");
    let victim = d.path().join("victim");
    fs::write(&victim, "keep").expect("write");
    let out = d.path().join("report.md");
    // A link planted at the report's name is replaced, not followed.
    std::os::unix::fs::symlink(&victim, &out).expect("symlink");
    write_new_file(&out, b"report").expect("written");
    assert_eq!(fs::read(&victim).expect("victim"), b"keep");
    assert_eq!(fs::read(&out).expect("out"), b"report");
    assert!(
        !fs::symlink_metadata(&out)
            .expect("meta")
            .file_type()
            .is_symlink()
    );
    // A folder is refused and nothing is left behind.
    let dir = d.path().join("busy");
    fs::create_dir(&dir).expect("mkdir");
    assert!(matches!(
        write_new_file(&dir, b"x"),
        Err(SaveError::Read(ReadError::NotRegular { .. }))
    ));
    assert_eq!(names(d.path()), ["busy", "report.md", "victim"]);
}

#[test]
fn a_link_planted_at_the_temp_name_is_never_followed() {
    let d = tempfile::tempdir().expect("dir");
    let victim = d.path().join("victim");
    fs::write(&victim, "keep").expect("write");
    let out = d.path().join("r.md");
    // The next names this process would use; other tests may take some first.
    let next = COUNTER.load(Ordering::Relaxed);
    for n in next..next + 4 {
        let name = format!(".r.md.tmp.{}.{n}", std::process::id());
        std::os::unix::fs::symlink(&victim, d.path().join(name)).expect("plant");
    }
    write_new_file(&out, b"report").expect("written");
    assert_eq!(fs::read(&victim).expect("victim"), b"keep");
    assert_eq!(fs::read(&out).expect("out"), b"report");
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
    assert!(matches!(read(&dir), Err(ReadError::NotRegular { .. })));
    assert!(matches!(
        transact(&dir, None, |b| append(b, "x")),
        Err(SaveError::Read(ReadError::NotRegular { .. }))
    ));
    let fifo = d.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        assert!(fs::metadata(&fifo).expect("meta").file_type().is_fifo());
        let f = fifo.clone();
        let r = within(move || read(&f).map(|_| ()));
        assert!(matches!(r, Err(ReadError::NotRegular { .. })), "{r:?}");
        let f = fifo.clone();
        let t = within(move || transact(&f, None, |b| append(b, "x")).map(|_| ()));
        assert!(
            matches!(t, Err(SaveError::Read(ReadError::NotRegular { .. }))),
            "{t:?}"
        );
        assert!(!d.path().join("pipe.lock").exists());
    }
    let r = within(|| read(Path::new("/dev/zero")).map(|_| ()));
    assert!(matches!(r, Err(ReadError::NotRegular { .. })), "{r:?}");
    let missing = d.path().join("none.ron");
    let e = read(&missing).expect_err("missing");
    assert!(matches!(e, ReadError::NotFound { .. }), "{e}");
    assert!(e.to_string().contains("none.ron"), "{e}");
    assert!(matches!(
        transact(&missing, None, |b| append(b, "x")),
        Err(SaveError::Read(ReadError::NotFound { .. }))
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
        matches!(e, ReadError::TooLarge { bytes, .. } if bytes == MAX_BYTES + 1),
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

#[test]
fn a_fingerprint_in_pieces_equals_the_fingerprint_of_the_whole() {
    let whole: Vec<u8> = (0..200u32).map(|i| (i * 37 % 251) as u8).collect();
    for a in 0..20 {
        for b in a..40 {
            let parts = [&whole[..a], &whole[a..b], &whole[b..]];
            assert_eq!(fingerprint_of(&parts), fingerprint(&whole), "{a} {b}");
        }
    }
    assert_eq!(fingerprint_of(&[]), fingerprint(b""));
    assert_eq!(fingerprint_of(&[b"", b"abc", b""]), fingerprint(b"abc"));
}
