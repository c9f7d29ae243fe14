//! The in-place editor: on any ledger that loads, crossing off a milestone (with any `by`
//! text) and loading again gives the same ledger with just that change, and un-marking an
//! open milestone restores the original bytes.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tracker::ledger::{Change, load_str};

/// A few generated ledgers, made once: generating one per input would be most of the work.
fn ledgers() -> &'static [String] {
    static LEDGERS: OnceLock<Vec<String>> = OnceLock::new();
    LEDGERS.get_or_init(|| {
        (0..8)
            .map(|seed| tracker::generate::ledger_text(3, seed))
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    // Half the inputs are ledgers to edit; the other half are `by` texts on a fixed ledger.
    let (text, by) = if pick & 1 == 0 {
        let Ok(text) = std::str::from_utf8(rest) else {
            return;
        };
        (text.to_string(), "fuzz".to_string())
    } else {
        (
            ledgers()[usize::from(pick >> 5)].clone(),
            String::from_utf8_lossy(rest).into_owned(),
        )
    };
    let Ok((ledger, _)) = load_str(&text) else {
        return;
    };
    let Some((p, project)) = ledger
        .projects
        .iter()
        .enumerate()
        .find(|(_, p)| !p.milestones.is_empty())
    else {
        return;
    };
    let m = usize::from(pick >> 1) % project.milestones.len();
    let change = Change::MilestoneDone {
        project: p,
        milestone: m,
        done: chrono::NaiveDate::from_ymd_opt(2018, 6, 1),
        by: Some(by),
    };
    let Ok(edited) = change.edit_text(&text) else {
        return;
    };
    let (after, _) = load_str(&edited).expect("an edited ledger loads");
    let mut expected = ledger.clone();
    change.apply(&mut expected).expect("applies");
    // Loading cleans control characters out of every text, `by` included.
    let cleaned = expected.projects[p].milestones[m]
        .by
        .take()
        .map(|b| tracker::ledger::sanitize::clean(b).0);
    expected.projects[p].milestones[m].by = cleaned;
    assert_eq!(after, expected);
    if project.milestones[m].done.is_none() {
        let undo = Change::MilestoneDone {
            project: p,
            milestone: m,
            done: None,
            by: None,
        };
        assert_eq!(undo.edit_text(&edited).expect("un-marks"), text);
    }
});
