//! Property tests with fixed seeds (no new dependency: SplitMix64, as `tracker::generate`).
//!
//! The in-place editor, on generated ledgers written in six styles (as generated, CRLF, tabs,
//! block and line comments between fields, explicit `Some(..)`, all on one line): random
//! sequences of every kind of change (cross off, un-mark, progress lines added and removed,
//! pledge progress), with texts full of quotes, backslashes, brackets and comment markers.
//! After every step the edited text loads to exactly the model with the same changes applied;
//! undoing the steps in reverse gives back the same ledger, and the original bytes wherever
//! the contract promises it. And the loader on structure-aware mutations: never a panic, every
//! problem inside the file.

use chrono::NaiveDate;
use tracker::generate::Rng;
use tracker::ledger::{Change, Ledger, Update, load_bytes, load_str};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Style {
    AsGenerated,
    Crlf,
    Tabs,
    Comments,
    ExplicitSome,
    OneLine,
}

const STYLES: [Style; 6] = [
    Style::AsGenerated,
    Style::Crlf,
    Style::Tabs,
    Style::Comments,
    Style::ExplicitSome,
    Style::OneLine,
];

/// The same ledger, written differently.
fn restyle(text: &str, style: Style) -> String {
    match style {
        Style::AsGenerated => text.to_string(),
        Style::Crlf => text.replace('\n', "\r\n"),
        Style::Tabs => text
            .lines()
            .map(|l| {
                let spaces = l.len() - l.trim_start_matches(' ').len();
                format!("{}{}\n", "\t".repeat(spaces / 4), &l[spaces..])
            })
            .collect(),
        Style::Comments => text
            .replace("Milestone(name:", "Milestone( /* 节点 */ name:")
            .replace(", due:", ", // 期限\n due:")
            .replace("milestones: [", "milestones: [ /* ] ) , */")
            .replace("updates: [", "updates: // 日志 ]\n ["),
        Style::ExplicitSome => text
            .lines()
            .map(|l| {
                let l = if l.trim_start().starts_with("Milestone(") {
                    l.replace("done: \"", "done: Some(\"")
                        .replace("\", by: \"攻坚办\")", "\"), by: Some(\"攻坚办\"))")
                } else {
                    l.to_string()
                };
                l + "\n"
            })
            .collect(),
        Style::OneLine => text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// Texts that are hard for an editor working on spans: quotes, backslashes, brackets,
/// comment markers, RON escapes as literal text, wide and astral characters.
const TEXTS: &[&str] = &[
    "王",
    "a \"quoted\" name",
    "back\\slash\\",
    "close ) ] } , : brackets",
    "// not a comment",
    "/* not a comment */",
    "\\u{1b} is literal text here",
    "r#\"raw\"#",
    "𝄞 astral · 全角，符号。",
    "",
    "   spaced   ",
    "done: \"2018-01-01\"",
];

/// Where two texts first differ, with some context, for failure messages.
fn first_difference(a: &str, b: &str) -> String {
    let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let show = |s: &str| {
        let mut from = at.saturating_sub(80);
        while !s.is_char_boundary(from) {
            from -= 1;
        }
        let mut to = (at + 80).min(s.len());
        while !s.is_char_boundary(to) {
            to += 1;
        }
        s[from..to].to_string()
    };
    format!(
        "at byte {at}:\n  got:  {:?}\n  want: {:?}",
        show(a),
        show(b)
    )
}

fn date(rng: &mut Rng) -> NaiveDate {
    NaiveDate::from_ymd_opt(2018, 1 + rng.index(12) as u32, 1 + rng.index(28) as u32).expect("date")
}

/// A random change that applies to `ledger`, and whether undoing it restores bytes exactly
/// (removing what was added, or writing back a value in the form the editor writes).
fn random_change(rng: &mut Rng, ledger: &Ledger, original: &Ledger) -> (Change, bool) {
    let p = rng.index(ledger.projects.len());
    match rng.index(10) {
        0..=5 => {
            let m = rng.index(ledger.projects[p].milestones.len());
            let open = ledger.projects[p].milestones[m].done.is_none();
            let (done, by) = if open || rng.index(3) == 0 {
                let by = (rng.index(4) > 0).then(|| rng.pick(TEXTS).to_string());
                (Some(date(rng)), by)
            } else {
                (None, None)
            };
            let was_open = original.projects[p].milestones[m].done.is_none();
            (
                Change::MilestoneDone {
                    project: p,
                    milestone: m,
                    done,
                    by: by.map(Into::into),
                },
                was_open,
            )
        }
        6 | 7 => {
            let update = Update {
                date: date(rng),
                text: (*rng.pick(TEXTS)).into(),
                by: (rng.index(2) == 0).then(|| (*rng.pick(TEXTS)).into()),
            };
            // Undoing it restores the bytes, also the first line of a project that had no
            // `updates:` (the list it made goes too).
            (Change::AddUpdate { project: p, update }, true)
        }
        8 if !ledger.projects[p].updates.is_empty() => {
            // Removing a line the file had: the inverse writes it back in the editor's layout.
            let own = ledger.projects[p].updates.len() > original.projects[p].updates.len();
            let update = ledger.projects[p].updates.last().cloned().expect("a line");
            let remove = Change::RemoveLastUpdate {
                project: p,
                update,
                drop_empty_list: false,
            };
            (remove, own)
        }
        _ => {
            let u = rng.index(ledger.units.len());
            if ledger.units[u].pledges.is_empty() {
                return random_change(rng, ledger, original);
            }
            let k = rng.index(ledger.units[u].pledges.len());
            let progress = match rng.index(4) {
                0 => None,
                1 => Some(rng.index(200) as f64 + 0.5),
                _ => Some(rng.index(500) as f64),
            };
            let had = original.units[u].pledges[k].progress.is_some();
            (
                Change::PledgeProgress {
                    unit: u,
                    pledge: k,
                    progress,
                },
                had,
            )
        }
    }
}

#[test]
fn random_edit_sequences_in_every_style_change_exactly_what_they_say() {
    let mut rng = Rng::new(0x7A11);
    let mut cases = 0;
    let mut exact_undos = 0;
    for seed in 0..8u64 {
        let generated = tracker::generate::ledger_text(6, seed);
        for style in STYLES {
            let text = restyle(&generated, style);
            let (original, warnings) =
                load_str(&text).unwrap_or_else(|e| panic!("{style:?} {seed}: {e:?}"));
            assert!(warnings.is_empty());
            assert_eq!(
                original,
                load_str(&generated).expect("loads").0,
                "{style:?}: restyling keeps the ledger"
            );
            for _ in 0..4 {
                cases += 1;
                let mut now = text.clone();
                let mut model = original.clone();
                let mut undo: Vec<Change> = Vec::new();
                let mut log: Vec<Change> = Vec::new();
                let mut exact = style != Style::ExplicitSome;
                for step in 0..1 + rng.index(6) {
                    let (change, restores) = random_change(&mut rng, &model, &original);
                    exact &= restores;
                    let edited = change.edit_text(&now).unwrap_or_else(|e| {
                        panic!("{style:?} seed {seed} step {step}: {change:?}: {e}\n{now}")
                    });
                    undo.push(change.apply(&mut model).expect("applies"));
                    log.push(change.clone());
                    let (loaded, _) = load_str(&edited).unwrap_or_else(|e| {
                        panic!("{style:?} seed {seed} step {step}: {change:?}: {e:?}\n{edited}")
                    });
                    assert_eq!(
                        loaded, model,
                        "{style:?} seed {seed} step {step}: {change:?} changed more or less"
                    );
                    now = edited;
                }
                while let Some(change) = undo.pop() {
                    now = change
                        .edit_text(&now)
                        .unwrap_or_else(|e| panic!("{style:?} undo {change:?}: {e}"));
                    change.apply(&mut model).expect("applies");
                }
                assert_eq!(model, original);
                assert_eq!(
                    load_str(&now).expect("loads").0,
                    original,
                    "{style:?} seed {seed}: undo gives the same ledger back"
                );
                if exact {
                    exact_undos += 1;
                    assert!(
                        now == text,
                        "{style:?} seed {seed}: undo left traces in the bytes {}\nsteps (undone): {log:?}",
                        first_difference(&now, &text)
                    );
                }
            }
        }
    }
    println!("{cases} sequences, {exact_undos} restored byte for byte");
    assert_eq!(cases, 8 * 6 * 4);
    assert!(exact_undos > 40);
}

/// Cross off then un-mark every open milestone of a ledger, one at a time, in every style:
/// the bytes come back exactly, and only that milestone ever changes.
#[test]
fn every_open_milestone_crossed_off_and_un_marked_in_every_style() {
    let generated = tracker::generate::ledger_text(5, 99);
    let mut checked = 0;
    for style in STYLES {
        let text = restyle(&generated, style);
        let (original, _) = load_str(&text).expect("loads");
        for (p, project) in original.projects.iter().enumerate() {
            for (m, milestone) in project.milestones.iter().enumerate() {
                if milestone.done.is_some() {
                    continue;
                }
                let cross = Change::MilestoneDone {
                    project: p,
                    milestone: m,
                    done: NaiveDate::from_ymd_opt(2018, 6, 15),
                    by: Some("检查\"员\\".into()),
                };
                let edited = cross.edit_text(&text).expect("crosses off");
                let mut expected = original.clone();
                cross.apply(&mut expected).expect("applies");
                assert_eq!(
                    load_str(&edited).expect("loads").0,
                    expected,
                    "{style:?} {p}/{m}"
                );
                let undo = Change::MilestoneDone {
                    project: p,
                    milestone: m,
                    done: None,
                    by: None,
                };
                assert_eq!(
                    undo.edit_text(&edited).expect("un-marks"),
                    text,
                    "{style:?} {p}/{m}: un-marking restores the bytes"
                );
                checked += 1;
            }
        }
    }
    println!("{checked} cross-offs checked");
    assert!(checked > 30);
}

/// Mutations that keep the file mostly well-formed, so the loader gets past the parser and
/// into validation: values swapped for hostile ones, names duplicated, fields dropped or
/// repeated, brackets nested. Never a panic; every problem inside the file.
#[test]
fn structure_aware_mutations_never_panic_and_point_inside_the_file() {
    const VALUES: &[&str] = &[
        "1e999",
        "-1e999",
        "NaN",
        "inf",
        "-0.0",
        "18446744073709551616",
        "-9223372036854775808",
        "9223372036854775807",
        "\"\\u{1b}[2J\"",
        "\"\\u{202e}\"",
        "\"\\u{0}\"",
        "\"2018-02-29\"",
        "\"0000-00-00\"",
        "\"9999-12-31\"",
        "\"\"",
        "[]",
        "()",
        "Some(Some(\"x\"))",
        "None",
        "true",
        "'c'",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"x\"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    ];
    let base = tracker::generate::ledger_text(4, 3);
    // Every value position: just after `: ` up to the next `,` or `)` on the same line.
    let positions: Vec<(usize, usize)> = base
        .match_indices(": ")
        .filter_map(|(i, _)| {
            let start = i + 2;
            let rest = &base[start..];
            let end = rest.find([',', ')', '\n'])?;
            (end > 0).then_some((start, start + end))
        })
        .collect();
    assert!(positions.len() > 100);
    let mut rng = Rng::new(4242);
    let (mut loaded, mut refused) = (0, 0);
    for case in 0..400 {
        let mut text = base.clone();
        // Apply from the back so earlier positions stay valid.
        let mut picks: Vec<(usize, usize)> = (0..1 + rng.index(3))
            .map(|_| positions[rng.index(positions.len())])
            .collect();
        picks.sort();
        picks.dedup();
        for &(start, end) in picks.iter().rev() {
            match rng.index(4) {
                0 => {
                    // Drop the whole field (name included) up to the value's end.
                    let name_start = text[..start - 2]
                        .rfind(['(', ',', '\n', ' '])
                        .map_or(start - 2, |i| i + 1);
                    text.replace_range(name_start..end, "");
                }
                1 => {
                    // Repeat the field.
                    let name_start = text[..start - 2]
                        .rfind(['(', ' '])
                        .map_or(start - 2, |i| i + 1);
                    let field = text[name_start..end].to_string();
                    text.insert_str(end, &format!(", {field}"));
                }
                _ => text.replace_range(start..end, VALUES[rng.index(VALUES.len())]),
            }
        }
        let lines = text.lines().count() + 1;
        match load_bytes(text.as_bytes()) {
            Ok(_) => loaded += 1,
            Err(problems) => {
                refused += 1;
                assert!(
                    !problems.is_empty(),
                    "case {case}: refused without a reason"
                );
                for p in &problems {
                    assert!(
                        p.line >= 1 && p.line <= lines && p.col >= 1,
                        "case {case}: {p:?} is outside the file ({lines} lines)"
                    );
                    assert!(!p.message.trim().is_empty(), "case {case}: empty message");
                }
            }
        }
    }
    println!("400 mutated ledgers: {loaded} loaded, {refused} refused");
    assert!(refused > 150 && loaded > 10);
}
