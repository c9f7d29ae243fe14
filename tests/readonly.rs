//! Read-only ledgers that even root cannot write: a read-only filesystem (a tmpfs remounted
//! read-only) and a ledger that is itself a read-only bind mount in a writable folder. Tests
//! run as root here, and root ignores permission bits, so these are the real cases (the
//! chmod 0444 case is in tests/reliability.rs). Mounting needs root and CAP_SYS_ADMIN; where
//! that is missing the mount cases say so and the permission-bit cases still run.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::pty::{RIGHT, Tui};

/// A mount point that is unmounted (lazily, so a failing test never leaves it busy) on drop.
struct Mounted {
    point: PathBuf,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.point).status();
    }
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let out = cmd.output().map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(2) == Some("0"))
        })
        .unwrap_or(false)
}

/// A tmpfs at `point` holding `ledger.ron`, then remounted read-only.
fn read_only_tmpfs(point: &Path, text: &str) -> Result<Mounted, String> {
    run(Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(point))?;
    let m = Mounted {
        point: point.to_path_buf(),
    };
    std::fs::write(point.join("ledger.ron"), text).map_err(|e| e.to_string())?;
    run(Command::new("mount").args(["-o", "remount,ro"]).arg(point))?;
    Ok(m)
}

/// `file` bind-mounted onto itself, read-only; its folder stays writable.
fn read_only_bind(file: &Path) -> Result<Mounted, String> {
    run(Command::new("mount").arg("--bind").arg(file).arg(file))?;
    let m = Mounted {
        point: file.to_path_buf(),
    };
    run(Command::new("mount")
        .args(["-o", "remount,ro,bind"])
        .arg(file))?;
    Ok(m)
}

fn done(path: &Path) -> Output {
    let ledger = tracker::ledger::load_path(path).expect("loads").ledger;
    let p = ledger
        .projects
        .iter()
        .find(|p| p.milestones.iter().any(|m| m.done.is_none()))
        .expect("an open milestone");
    let m = p
        .milestones
        .iter()
        .find(|m| m.done.is_none())
        .expect("open");
    Command::new(env!("CARGO_BIN_EXE_tracker"))
        .arg("done")
        .arg(path)
        .args([&p.name, &m.name, "--date", "2018-06-01"])
        .output()
        .expect("run")
}

/// Everything a read-only ledger must do: load (check passes), refuse `done` with a message
/// naming it, show the marker in the interface (zh and en), refuse `x` there, and stay as it
/// was, with nothing created beside it.
fn assert_read_only_everywhere(path: &Path, text: &str) {
    let dir = path.parent().expect("dir");
    let before_names = names(dir);
    let check = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .arg("check")
        .arg(path)
        .output()
        .expect("check");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let out = done(path);
    let err = String::from_utf8_lossy(&out.stderr);
    println!("done: {}", err.trim());
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("ledger.ron"), "{err}");
    assert!(err.contains("is read-only"), "{err}");
    assert!(err.contains("untouched"), "{err}");

    for (lang, marker, refusal) in [
        ("zh", "[只读]", "只读: "),
        ("en", "[read-only]", "read-only: "),
    ] {
        let mut tui = Tui::open(path, lang, 120, 36, &[]);
        tui.wait_for(marker);
        tui.keys(RIGHT);
        tui.keys("x");
        tui.wait_until("the refusal", |s| {
            s.contains(refusal) && s.contains("ledger.ron")
        });
        let screen = tui.screen();
        assert!(
            !screen.contains("完成日期") && !screen.contains("Done on"),
            "no cross-off dialog:\n{screen}"
        );
        tui.keys("q");
        assert!(tui.wait_exit(), "{lang}: clean exit");
    }
    assert_eq!(std::fs::read_to_string(path).expect("read"), text);
    // Nothing created beside the ledger but its lock file (which stays, by design).
    let after: Vec<String> = names(dir)
        .into_iter()
        .filter(|n| n != "ledger.ron.lock")
        .collect();
    assert_eq!(after, before_names, "nothing created beside the ledger");
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    v.sort();
    v
}

#[test]
fn a_ledger_on_a_read_only_filesystem_opens_read_only() {
    let text = tracker::generate::ledger_text(3, 8);
    let dir = tempfile::tempdir().expect("dir");
    if !is_root() {
        println!("SKIPPED the mount: not root (mounting a tmpfs needs root)");
        return permission_bits_instead(&text);
    }
    let mounted = match read_only_tmpfs(dir.path(), &text) {
        Ok(m) => m,
        Err(e) => {
            println!("SKIPPED the mount: cannot mount a tmpfs here ({e})");
            return permission_bits_instead(&text);
        }
    };
    let path = dir.path().join("ledger.ron");
    // Root really cannot write it.
    assert!(
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .is_err(),
        "the filesystem is read-only"
    );
    assert_read_only_everywhere(&path, &text);
    drop(mounted);
}

#[test]
fn a_read_only_bind_mounted_ledger_in_a_writable_folder_opens_read_only() {
    let text = tracker::generate::ledger_text(3, 9);
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("ledger.ron");
    std::fs::write(&path, &text).expect("write");
    if !is_root() {
        println!("SKIPPED the bind mount: not root");
        return permission_bits_instead(&text);
    }
    let mounted = match read_only_bind(&path) {
        Ok(m) => m,
        Err(e) => {
            println!("SKIPPED the bind mount: {e}");
            return permission_bits_instead(&text);
        }
    };
    assert!(
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .is_err(),
        "the file is read-only"
    );
    // The folder takes new files: an atomic save could write its temp there, and must still
    // not replace a file it cannot write.
    assert!(std::fs::write(dir.path().join("probe"), "x").is_ok());
    std::fs::remove_file(dir.path().join("probe")).expect("rm");
    assert_read_only_everywhere(&path, &text);
    drop(mounted);
}

/// Without root: no write bit on the file and none on the folder.
fn permission_bits_instead(text: &str) {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("ledger.ron");
    std::fs::write(&path, text).expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).expect("chmod");
    assert_read_only_everywhere(&path, text);
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
}
