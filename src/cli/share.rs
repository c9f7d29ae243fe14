//! Sharing the ledger through git: `tracker sync` (fetch, merge by item and field, push,
//! again when someone pushed first), `tracker merge-driver` (what git calls to merge two
//! versions of a ledger) and `tracker share-setup` (makes plain `git pull` use it too).

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use super::words::{self, say};
use super::{CliError, Lang};
use crate::git::{self, SyncError, Synced};
use crate::ledger::merge::{Clash, MergeConflict, Side, merge_deciding};
use crate::ledger::sanitize::path as shown;

/// `tracker merge-driver %O %A %B %P`: the merged ledger is written over %A. Exits 0 when
/// it merged cleanly; 1 with the conflicts listed (ours stands in the file, which never
/// holds conflict markers) or when a version does not load (ours is left as it was).
/// `choices`: the clerk's pick for conflicts as listed before (by their words); a conflict
/// not among them is listed again.
pub(super) fn merge_driver(
    (base, ours, theirs): (&Path, &Path, &Path),
    name: &str,
    (clash, choices): (Clash, &[(String, Side)]),
    lang: Lang,
) -> Result<ExitCode, CliError> {
    let t = words::text(lang);
    let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
    let (b, o, th) = (read(base), read(ours), read(theirs));
    let mut err = io::stderr().lock();
    let decide = |c: &MergeConflict| {
        clash.side().or_else(|| {
            let line = conflict_line(lang, c);
            choices.iter().find(|(l, _)| *l == line).map(|(_, s)| *s)
        })
    };
    match merge_deciding(&b, &o, &th, &decide) {
        Ok(merged) => {
            std::fs::write(ours, &merged.text).map_err(|e| CliError::Setup(e.to_string()))?;
            if merged.conflicts.is_empty() {
                return Ok(ExitCode::SUCCESS);
            }
            let _ = writeln!(
                err,
                "{}",
                say!(t.merge_conflicts, name, merged.conflicts.len())
            );
            for c in &merged.conflicts {
                let _ = writeln!(err, "  {}", conflict_line(lang, c));
            }
            Ok(ExitCode::FAILURE)
        }
        Err(e) => {
            let _ = writeln!(err, "{}", say!(t.merge_failed, name, e));
            Ok(ExitCode::FAILURE)
        }
    }
}

/// A conflict in words: the item, the field as the forms name it, both values. Also what a
/// choice is known by.
fn conflict_line(lang: Lang, c: &MergeConflict) -> String {
    let (ours, theirs) = c.values();
    say!(
        words::text(lang).merge_conflict_field,
        c.ours.name(),
        crate::ui::i18n::field_word(lang, c.field),
        ours,
        theirs
    )
}

/// The work tree of the ledger `file`, or why there is none, in words.
pub(super) fn tree_of(file: &Path, lang: Lang) -> Result<git::WorkTree, CliError> {
    git::open(file).map_err(|e| {
        CliError::Setup(match e {
            SyncError::NotInRepository => say!(words::text(lang).not_in_git, shown(file)),
            e => crate::ui::i18n::sync_error_text(lang, &e),
        })
    })
}

/// `tracker share-setup FILE`: `*.ron merge=tracker` in .gitattributes and the driver in
/// the repository's config, for people who run `git pull` themselves.
pub(super) fn setup(file: &Path, lang: Lang) -> Result<ExitCode, CliError> {
    let t = words::text(lang);
    let tree = tree_of(file, lang)?;
    tree.install_driver(&git::driver_command(None, Clash::Report, None))
        .map_err(|e| CliError::Setup(e.to_string()))?;
    let _ = writeln!(io::stdout(), "{}", say!(t.share_ready, shown(&tree.root)));
    Ok(ExitCode::SUCCESS)
}

/// `tracker sync FILE`: fetch, merge by item and field, push; when someone pushed first,
/// once more.
pub(super) fn sync(file: &Path, clash: Clash, lang: Lang) -> Result<ExitCode, CliError> {
    let t = words::text(lang);
    // Typed in a terminal: git may ask for a password there, as when run by hand.
    let tree = git::WorkTree {
        prompts: io::stdin().is_terminal(),
        ..tree_of(file, lang)?
    };
    let mut out = io::stdout().lock();
    match tree.sync(&git::driver_command(Some(lang), clash, None), t.sync_merged) {
        Ok(Synced { pulled, pushed }) => {
            let _ = writeln!(out, "{}", say!(t.synced, pulled, pushed));
            Ok(ExitCode::SUCCESS)
        }
        Err(SyncError::Conflict(c)) => {
            let _ = writeln!(out, "{}", t.sync_conflict);
            for l in &c.lines {
                let _ = writeln!(out, "  {l}");
            }
            let who = crate::ui::i18n::conflict_who(lang, &c.ours, &c.theirs);
            let _ = writeln!(out, "{who}");
            Ok(ExitCode::FAILURE)
        }
        Err(e @ SyncError::NeedsPassword(_)) => Err(CliError::Setup(format!(
            "{}\n{}",
            crate::ui::i18n::sync_error_text(lang, &e),
            t.sync_password_hint
        ))),
        Err(e) => Err(CliError::Setup(crate::ui::i18n::sync_error_text(lang, &e))),
    }
}

/// `tracker meeting FILE`: the present marked as this week's meeting (a git tag), so that
/// `report changes` counts from it.
pub(super) fn meeting(
    file: &Path,
    day: chrono::NaiveDate,
    lang: Lang,
) -> Result<ExitCode, CliError> {
    let t = words::text(lang);
    let tree = tree_of(file, lang)?;
    match tree
        .mark_meeting(day)
        .map_err(|e| CliError::Setup(say!(crate::ui::i18n::text(lang).sync_git_failed, e)))?
    {
        Some(tag) => {
            let _ = writeln!(io::stdout(), "{}", say!(t.meeting_marked, tag));
            Ok(ExitCode::SUCCESS)
        }
        None => Err(CliError::Setup(say!(t.meeting_exists, day))),
    }
}
