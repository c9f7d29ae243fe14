//! More hostile input for `tracker check` and the interface, beyond tests/hostile.rs: a second
//! corpus (`tests/fixtures/hostile/more/`: every kind of deep nesting, bad escapes, UTF-16,
//! overlong UTF-8, CR-only lines, bad extensions, trailing data, integer overflow), extreme
//! but valid values (`tests/fixtures/hostile/extreme/`) through every view, 50 MB files of
//! several shapes under a memory limit, a 1 GiB sparse file, and every odd kind of path.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::pty::{RIGHT, Tui};
use common::root;

/// Generous, so a loaded CI machine never flakes; the printed times are the real measure.
const LIMIT: Duration = Duration::from_secs(10);

/// Runs `tracker check PATH` (optionally under `ulimit -v KIB`), killing it if it hangs.
fn check_with(path: &Path, mem_kib: Option<u64>) -> (Output, Duration) {
    let bin = env!("CARGO_BIN_EXE_tracker");
    let mut cmd = match mem_kib {
        Some(kib) => {
            let mut c = Command::new("sh");
            c.arg("-c")
                .arg(format!("ulimit -v {kib} && exec \"$0\" check \"$1\""))
                .arg(bin)
                .arg(path);
            c
        }
        None => {
            let mut c = Command::new(bin);
            c.arg("check").arg(path);
            c
        }
    };
    let t = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run tracker");
    // Read the pipes on threads, so a chatty child never blocks on a full pipe.
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stdout, &mut v);
        v
    });
    let err_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stderr, &mut v);
        v
    });
    let status = loop {
        if let Some(s) = child.try_wait().expect("try_wait") {
            break s;
        }
        if t.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{}: tracker check hung", path.display());
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let took = t.elapsed();
    let out = Output {
        status,
        stdout: out_t.join().expect("stdout thread"),
        stderr: err_t.join().expect("stderr thread"),
    };
    (out, took)
}

fn check(path: &Path) -> (Output, Duration) {
    check_with(path, None)
}

/// Exit 1, a message naming the file (`NAME:LINE:COL: ...` or the path), no panic, quick.
fn assert_refused(path: &Path, named: &str, out: &Output, took: Duration) {
    let err = String::from_utf8_lossy(&out.stderr);
    println!(
        "{}: {} ms: {}",
        path.display(),
        took.as_millis(),
        err.lines().next().unwrap_or("")
    );
    assert_eq!(out.status.code(), Some(1), "{}: {err}", path.display());
    assert!(
        err.contains(named),
        "{}: expected {named:?} in:\n{err}",
        path.display()
    );
    assert!(!err.contains("panicked"), "{err}");
    let first = err.lines().next().unwrap_or("");
    assert!(
        first.len() > named.len() + 12,
        "a message says what is wrong, not just where: {first}"
    );
    assert!(took < LIMIT, "{} took {took:?}", path.display());
}

/// (file, line:col of the first problem).
const MORE: &[(&str, &str)] = &[
    ("deep_parens.ron", "1:"),
    ("deep_some.ron", "1:"),
    ("deep_maps.ron", "1:"),
    ("deep_projects.ron", "1:"),
    ("bad_escape.ron", "4:"),
    ("surrogate_escape.ron", "4:"),
    ("byte_string.ron", "4:"),
    ("cr_only.ron", "1:"),
    ("utf16.ron", "1:1:"),
    ("overlong_utf8.ron", "1:16:"),
    ("only_comment.ron", "1:"),
    ("extension_unclosed.ron", ""),
    ("extension_unknown.ron", "1:"),
    ("duplicate_nested_field.ron", "7:"),
    ("trailing_ledger.ron", "25:"),
    ("huge_integer.ron", "5:"),
    ("year_2200.ron", ""),
    // Amounts beyond what a ledger can mean (1e308 亿元) are refused, named by field.
    ("max_float.ron", "18:33:"),
];

#[test]
fn the_second_corpus_is_refused_clearly_quickly_and_left_alone() {
    let dir = root().join("tests/fixtures/hostile/more");
    let mut seen = 0;
    for (name, at) in MORE {
        let path = dir.join(name);
        let before = std::fs::read(&path).expect("fixture");
        let (out, took) = check(&path);
        assert_refused(&path, &format!("{name}:{at}"), &out, took);
        assert_eq!(std::fs::read(&path).expect("fixture"), before, "{name}");
        seen += 1;
    }
    // Every file in the folder is in the table.
    let files = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "ron"))
        .count();
    assert_eq!(files, seen, "a fixture in {} is not checked", dir.display());
}

/// Huge day counts, dates in year 0 and 9999, the largest amounts a ledger allows and the
/// smallest floats: valid, so they load; then every view must draw them without panicking.
#[test]
fn extreme_but_valid_values_load_and_every_view_draws_them() {
    let dir = root().join("tests/fixtures/hostile/extreme");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    names.sort();
    assert!(names.len() >= 7);
    for fixture in names {
        let (out, took) = check(&fixture);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{}: {err}", fixture.display());
        assert!(took < LIMIT);
        // A writable copy, so the interface is not read-only.
        let tmp = tempfile::tempdir().expect("dir");
        let path = tmp.path().join("ledger.ron");
        std::fs::copy(&fixture, &path).expect("copy");
        let mut tui = Tui::open(&path, "en", 120, 36, &[]);
        tui.wait_for("today 2018-06-15");
        for keys in ["l", "2", RIGHT, "3", "w", "w", "4", "1"] {
            tui.keys(keys);
            std::thread::sleep(Duration::from_millis(40));
        }
        let screen = tui.wait_for("today 2018-06-15");
        tui.keys("q");
        assert!(
            tui.wait_exit(),
            "{}: the interface failed:\n{screen}",
            fixture.display()
        );
        let raw = String::from_utf8_lossy(&tui.raw.lock().expect("raw")).into_owned();
        assert!(!raw.contains("panicked"), "{}: {raw}", fixture.display());
        assert_eq!(
            std::fs::read(&path).expect("read"),
            std::fs::read(&fixture).expect("read"),
            "viewing never writes"
        );
    }
}

/// 50 MB in several shapes, each read under a 512 MiB address-space limit: refused with
/// exit 1 and a message (not an allocation failure), in well under the limit.
#[test]
fn fifty_megabyte_files_of_every_shape_in_bounded_memory() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("big.ron");
    const MB50: usize = 50 * 1024 * 1024;
    let shapes: Vec<(&str, Vec<u8>)> = vec![
        ("brackets", {
            let mut v = b"Ledger(title: \"x\", year: 2018, units: ".to_vec();
            v.resize(MB50, b'[');
            v
        }),
        ("NUL bytes", vec![0u8; MB50]),
        ("one long line of digits", {
            let mut v = b"Ledger(title: \"x\", year: ".to_vec();
            v.resize(MB50, b'9');
            v.extend_from_slice(b", units: [], projects: [])");
            v
        }),
        ("a valid head then junk", {
            let mut v = tracker::generate::ledger_text(2, 1).into_bytes();
            v.truncate(v.len() - 3);
            while v.len() < MB50 {
                v.extend_from_slice("台账\u{1b}[2J,".as_bytes());
            }
            v
        }),
    ];
    for (shape, bytes) in shapes {
        std::fs::write(&path, &bytes).expect("write 50 MB");
        drop(bytes);
        let (out, took) = check_with(&path, Some(512 * 1024));
        println!("50 MB of {shape}:");
        // A debug build reads and parses 50 MB in 1-2 s; a busy CI machine gets more time.
        assert_refused(
            &path,
            "big.ron",
            &out,
            took.saturating_sub(Duration::from_secs(5)),
        );
        assert!(
            !String::from_utf8_lossy(&out.stderr).contains("memory allocation"),
            "{shape}: ran out of memory"
        );
    }
}

#[test]
fn a_sparse_gigabyte_is_refused_without_being_read() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("huge.ron");
    // No disk space used: a hole of 1 GiB.
    std::fs::File::create(&path)
        .expect("create")
        .set_len(1 << 30)
        .expect("set_len");
    // 64 MiB of address space is far too little to read it: it must not even try.
    let (out, took) = check_with(&path, Some(64 * 1024));
    assert_refused(&path, "huge.ron", &out, took);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("bytes"),
        "says how big it is"
    );
}

#[test]
fn every_odd_kind_of_path_is_refused_with_its_name() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let ledger = d.join("ledger.ron");
    std::fs::write(&ledger, tracker::generate::ledger_text(2, 1)).expect("write");
    // A symlink loop, a dangling symlink, a symlink to a folder.
    std::os::unix::fs::symlink(d.join("loop-b.ron"), d.join("loop-a.ron")).expect("ln");
    std::os::unix::fs::symlink(d.join("loop-a.ron"), d.join("loop-b.ron")).expect("ln");
    std::os::unix::fs::symlink(d.join("gone.ron"), d.join("dangling.ron")).expect("ln");
    std::fs::create_dir(d.join("folder")).expect("mkdir");
    std::os::unix::fs::symlink(d.join("folder"), d.join("to-folder.ron")).expect("ln");
    // A Unix socket.
    let _socket =
        std::os::unix::net::UnixListener::bind(d.join("socket.ron")).expect("bind socket");
    let cases: Vec<(PathBuf, String)> = vec![
        (d.join("loop-a.ron"), "loop-a.ron".into()),
        (d.join("dangling.ron"), "dangling.ron".into()),
        (d.join("to-folder.ron"), "to-folder.ron".into()),
        (d.join("socket.ron"), "socket.ron".into()),
        (d.join("missing.ron"), "missing.ron".into()),
        // A path through a file.
        (ledger.join("inner.ron"), "inner.ron".into()),
        (PathBuf::from("/dev/null"), "/dev/null".into()),
        (PathBuf::from("/dev/urandom"), "/dev/urandom".into()),
        (PathBuf::from("/dev/tty"), "/dev/tty".into()),
        // A regular file whose size says 0 but which has content.
        (
            PathBuf::from("/proc/self/status"),
            "/proc/self/status".into(),
        ),
        (PathBuf::from("/proc/self/mem"), "/proc/self/mem".into()),
    ];
    for (path, named) in cases {
        let (out, took) = check(&path);
        assert_refused(&path, &named, &out, took);
    }
    // Nothing was created beside the real ledger by all of this.
    let mut left: Vec<String> = std::fs::read_dir(d)
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    left.sort();
    assert_eq!(
        left,
        [
            "dangling.ron",
            "folder",
            "ledger.ron",
            "loop-a.ron",
            "loop-b.ron",
            "socket.ron",
            "to-folder.ron"
        ]
    );
}

#[test]
fn done_on_hostile_files_refuses_and_writes_nothing() {
    // The write path meets the same files: refused, nothing beside them created.
    let dir = root().join("tests/fixtures/hostile/more");
    for (name, _) in MORE {
        let tmp = tempfile::tempdir().expect("dir");
        let path = tmp.path().join(name);
        std::fs::copy(dir.join(name), &path).expect("copy");
        let out = Command::new(env!("CARGO_BIN_EXE_tracker"))
            .arg("done")
            .arg(&path)
            .args(["南水北调生态文化公园", "建成开放", "--date", "2018-06-01"])
            .stdin(Stdio::null())
            .output()
            .expect("run");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        assert!(err.contains(name), "{name}: {err}");
        assert_eq!(
            std::fs::read(&path).expect("read"),
            std::fs::read(dir.join(name)).expect("read"),
            "{name}"
        );
        // Only the ledger and its lock file (which stays, by design): no temp file, no .bak.
        let files: Vec<String> = std::fs::read_dir(tmp.path())
            .expect("dir")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != &format!("{name}.lock"))
            .collect();
        assert_eq!(files, [name.to_string()], "{name}");
    }
}
