//! Property tests with fixed seeds (no new dependency: SplitMix64, as `tracker::generate`).
//!
//! The in-place editor, on generated ledgers written in six styles (as generated, CRLF, tabs,
//! block and line comments between fields, explicit `Some(..)`, all on one line): random
//! sequences of every kind of change (cross off, un-mark, progress lines added and removed,
//! pledge progress), with texts full of quotes, backslashes, brackets and comment markers.
//! After every step the edited text loads to exactly the model with the same changes applied;
//! undoing the steps in reverse gives back the same ledger, and the original bytes wherever
//! the contract promises it. The item edits (investment, re-plans, pledges closed and reopened,
//! renames, items added and removed) mixed in with those, undone with the exact undo the save
//! keeps: every version back byte for byte. And the loader on structure-aware mutations: never a panic, every
//! problem inside the file.

use chrono::NaiveDate;
use tracker::generate::Rng;
use tracker::ledger::change::{
    Fields, InvestmentEntry, Item, MilestoneFields, NewItem, PledgeEntry, ProjectFields,
    UnitFields, fields_of, move_milestone, record_investment, record_pledge,
};
use tracker::ledger::save::fingerprint;
use tracker::ledger::{
    Change, ChangeError, Investment, Ledger, Pledge, Update, edit_bytes, edit_file, load_bytes,
    load_str,
};

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
                    assert!(
                        !p.message(tracker::cli::Lang::En).trim().is_empty(),
                        "case {case}: empty message"
                    );
                }
            }
        }
    }
    println!("400 mutated ledgers: {loaded} loaded, {refused} refused");
    assert!(refused > 150 && loaded > 10);
}

/// A name made from one of the hard texts, with a number that keeps it new.
fn name(rng: &mut Rng, texts: &[&str], n: &mut usize) -> compact_str::CompactString {
    *n += 1;
    format!("{}{n}", rng.pick(texts)).into()
}

fn maybe<T>(rng: &mut Rng, x: impl FnOnce(&mut Rng) -> T) -> Option<T> {
    (rng.index(2) == 0).then(|| x(rng))
}

fn figure(rng: &mut Rng) -> f64 {
    rng.index(1000) as f64 / 10.0
}

fn new_milestone(rng: &mut Rng, ledger: &Ledger, n: &mut usize) -> MilestoneFields {
    let due = date(rng);
    MilestoneFields {
        name: name(rng, TEXTS, n),
        due,
        baseline: maybe(rng, date),
        done: maybe(rng, date),
        by: maybe(rng, |r| (*r.pick(TEXTS)).into()),
        unit: maybe(rng, |r| {
            ledger.units[r.index(ledger.units.len())].name.clone()
        }),
    }
}

fn new_pledge(rng: &mut Rng, n: &mut usize) -> Pledge {
    let target = maybe(rng, |r| 1.0 + r.index(300) as f64);
    Pledge {
        text: name(rng, TEXTS, n),
        due: maybe(rng, date),
        target,
        measure: target.map(|_| (*rng.pick(&["座", "个", "万㎡", "a \"b\""])).into()),
        progress: target.and_then(|_| maybe(rng, figure)),
        done: maybe(rng, date),
        by: maybe(rng, |r| (*r.pick(TEXTS)).into()),
    }
}

fn a_milestone(rng: &mut Rng, ledger: &Ledger) -> Option<(usize, usize)> {
    let p = rng.index(ledger.projects.len());
    let len = ledger.projects.get(p)?.milestones.len();
    (len > 0).then(|| (p, rng.index(len)))
}

fn a_pledge(rng: &mut Rng, ledger: &Ledger) -> Option<(usize, usize)> {
    let u = rng.index(ledger.units.len());
    let len = ledger.units.get(u)?.pledges.len();
    (len > 0).then(|| (u, rng.index(len)))
}

/// A random change of any kind, old or new, that may or may not keep the ledger's rules
/// (the caller tries it on the model first); None when the pick does not fit the ledger.
fn random_any_change(rng: &mut Rng, ledger: &Ledger, n: &mut usize) -> Option<Change> {
    let np = ledger.projects.len();
    Some(match rng.index(16) {
        0 => {
            let (p, m) = a_milestone(rng, ledger)?;
            Change::MilestoneDone {
                project: p,
                milestone: m,
                done: maybe(rng, date),
                by: maybe(rng, |r| (*r.pick(TEXTS)).into()),
            }
        }
        1 if np > 0 => Change::AddUpdate {
            project: rng.index(np),
            update: Update {
                date: date(rng),
                text: (*rng.pick(TEXTS)).into(),
                by: maybe(rng, |r| (*r.pick(TEXTS)).into()),
            },
        },
        2 if np > 0 => {
            let p = rng.index(np);
            let update = ledger.projects[p].updates.last()?.clone();
            Change::RemoveLastUpdate {
                project: p,
                update,
                drop_empty_list: false,
            }
        }
        3 => {
            let (u, k) = a_pledge(rng, ledger)?;
            ledger.units[u].pledges[k].target?;
            Change::PledgeProgress {
                unit: u,
                pledge: k,
                progress: maybe(rng, figure),
            }
        }
        4 if np > 0 => {
            let entry = InvestmentEntry {
                month: maybe(rng, |r| (1 + r.index(12) as u32, figure(r))),
                plan: maybe(rng, figure),
                total: maybe(rng, figure),
            };
            record_investment(ledger, rng.index(np), entry).ok()?
        }
        5 | 6 => {
            let (p, m) = a_milestone(rng, ledger)?;
            // Now and then back to where it was first planned.
            let was = &ledger.projects[p].milestones[m];
            let due = match was.baseline {
                Some(b) if rng.index(3) == 0 => b,
                _ => date(rng),
            };
            move_milestone(ledger, p, m, due).ok()?
        }
        7 => {
            let (u, k) = a_pledge(rng, ledger)?;
            let entry = match rng.index(3) {
                0 => PledgeEntry::Done(date(rng), (*rng.pick(TEXTS)).into()),
                1 => PledgeEntry::Reopen,
                _ => PledgeEntry::Progress(figure(rng)),
            };
            record_pledge(ledger, u, k, entry).ok()?
        }
        8 => {
            let item = match rng.index(4) {
                // Half the time a unit a project names, so references follow the rename.
                0 if np > 0 && rng.index(2) == 0 => Item::Unit(ledger.projects[rng.index(np)].lead),
                0 => Item::Unit(rng.index(ledger.units.len())),
                1 => Item::Project(rng.index(np)),
                2 => {
                    let (project, milestone) = a_milestone(rng, ledger)?;
                    Item::Milestone { project, milestone }
                }
                _ => {
                    let (unit, pledge) = a_pledge(rng, ledger)?;
                    Item::Pledge { unit, pledge }
                }
            };
            let mut fields = fields_of(ledger, item)?;
            match &mut fields {
                Fields::Unit(u) => u.name = name(rng, TEXTS, n),
                Fields::Project(p) => p.name = name(rng, TEXTS, n),
                Fields::Milestone(m) => m.name = name(rng, TEXTS, n),
                Fields::Pledge(p) => p.text = name(rng, TEXTS, n),
            }
            Change::Set {
                item,
                fields: Box::new(fields),
            }
        }
        9 if np > 0 => {
            let p = rng.index(np);
            let at = Item::Milestone {
                project: p,
                milestone: rng.index(ledger.projects[p].milestones.len() + 1),
            };
            Change::Add {
                at,
                item: Box::new(NewItem::Milestone(new_milestone(rng, ledger, n))),
            }
        }
        10 => {
            let u = rng.index(ledger.units.len());
            Change::Add {
                at: Item::Pledge {
                    unit: u,
                    pledge: rng.index(ledger.units.get(u)?.pledges.len() + 1),
                },
                item: Box::new(NewItem::Pledge(new_pledge(rng, n))),
            }
        }
        11 => {
            let unit = |r: &mut Rng| ledger.units[r.index(ledger.units.len())].name.clone();
            let fields = ProjectFields {
                name: name(rng, TEXTS, n),
                pinyin: maybe(rng, |_| "nan shui bei diao".into()),
                category: maybe(rng, |r| r.pick(&ledger.categories).clone()),
                lead: unit(rng),
                support: (0..rng.index(3)).map(|_| unit(rng)).collect(),
                leader: maybe(rng, |r| (*r.pick(TEXTS)).into()),
                investment: maybe(rng, |r| Investment {
                    total: maybe(r, figure),
                    plan: maybe(r, figure),
                    done: maybe(r, figure),
                }),
                monthly: Vec::new(),
                scale: maybe(rng, |r| (*r.pick(TEXTS)).into()),
            };
            let milestones = (0..rng.index(3))
                .map(|_| new_milestone(rng, ledger, n))
                .collect();
            let updates = (0..rng.index(2))
                .map(|_| Update {
                    date: date(rng),
                    text: (*rng.pick(TEXTS)).into(),
                    by: None,
                })
                .collect();
            Change::Add {
                at: Item::Project(rng.index(np + 1)),
                item: Box::new(NewItem::Project(fields, milestones, updates)),
            }
        }
        12 => {
            let pledges = (0..rng.index(3)).map(|_| new_pledge(rng, n)).collect();
            Change::Add {
                at: Item::Unit(rng.index(ledger.units.len() + 1)),
                item: Box::new(NewItem::Unit(
                    UnitFields {
                        name: name(rng, TEXTS, n),
                        pinyin: maybe(rng, |_| "qu nong gong wei".into()),
                        leader: maybe(rng, |r| (*r.pick(TEXTS)).into()),
                        title: maybe(rng, |r| (*r.pick(TEXTS)).into()),
                    },
                    pledges,
                )),
            }
        }
        13 => {
            let (project, milestone) = a_milestone(rng, ledger)?;
            Change::Remove {
                at: Item::Milestone { project, milestone },
            }
        }
        14 => {
            let (unit, pledge) = a_pledge(rng, ledger)?;
            Change::Remove {
                at: Item::Pledge { unit, pledge },
            }
        }
        // Keeps a project and a unit, so every kind above keeps something to pick.
        15 if np > 1 && rng.index(2) == 0 => Change::Remove {
            at: Item::Project(rng.index(np)),
        },
        // A unit still named is refused by the model: then another change is picked.
        15 if ledger.units.len() > 1 => Change::Remove {
            at: Item::Unit(rng.index(ledger.units.len())),
        },
        _ => return None,
    })
}

/// The kind of a change, and for an item edit the kind of item: "Set Milestone".
fn kind_of(change: &Change) -> String {
    match change {
        Change::Set { item, .. } => format!("Set {:?}", item.kind()),
        Change::Add { at, .. } => format!("Add {:?}", at.kind()),
        Change::Remove { at } => format!("Remove {:?}", at.kind()),
        other => format!("{other:?}")
            .split([' ', '{'])
            .next()
            .unwrap_or("")
            .to_string(),
    }
}

/// Random sequences of every kind of change, the item edits (investment, re-plans, pledges
/// closed and reopened, renames, items added and removed) mixed with the old ones, in every
/// style: after each step the text loads to exactly the model with the change made; then
/// every step undone in reverse with the exact undo the save keeps gives back each version
/// before it, and in the end the original, byte for byte.
#[test]
fn random_item_edits_mixed_with_the_old_changes_undo_byte_for_byte() {
    const STEPS: usize = 40;
    let mut rng = Rng::new(0xED17);
    let mut kinds = std::collections::BTreeMap::<String, usize>::new();
    let mut refused = 0;
    let mut sequences = 0;
    for seed in 0..4u64 {
        let generated = tracker::generate::ledger_text(4, 100 + seed);
        for style in STYLES {
            let text = restyle(&generated, style);
            let (original, _) = load_str(&text).expect("loads");
            let mut model = original.clone();
            let mut now = text.clone();
            let mut n = 0;
            // Each step: the text before it, and the exact undo made for the text after it.
            let mut undo: Vec<(String, Change)> = Vec::new();
            for step in 0..STEPS {
                let (change, inverse) = loop {
                    let Some(change) = random_any_change(&mut rng, &model, &mut n) else {
                        continue;
                    };
                    let mut tried = model.clone();
                    match change.apply(&mut tried) {
                        Ok(inverse) => {
                            model = tried;
                            break (change, inverse);
                        }
                        Err(ChangeError::Rejected(_)) => refused += 1,
                        Err(e) => panic!("{style:?} seed {seed} step {step}: {change:?}: {e}"),
                    }
                };
                let what = format!("{style:?} seed {seed} step {step}: {change:?}");
                let splice = edit_file(now.as_bytes(), &change)
                    .unwrap_or_else(|e| panic!("{what}: {e}\n{now}"));
                let edited = splice.apply(&now);
                let (loaded, _) =
                    load_str(&edited).unwrap_or_else(|e| panic!("{what}: {e:?}\n{edited}"));
                assert_eq!(loaded, model, "{what}: changed more or less");
                *kinds.entry(kind_of(&change)).or_default() += 1;
                let exact = Change::Exactly {
                    change: Box::new(inverse),
                    on: fingerprint(edited.as_bytes()),
                    splice: splice.inverse(&now),
                };
                undo.push((std::mem::replace(&mut now, edited), exact));
            }
            while let Some((before, exact)) = undo.pop() {
                let back = edit_bytes(now.as_bytes(), &exact)
                    .unwrap_or_else(|e| panic!("{style:?} seed {seed}: undo {exact:?}: {e}"));
                let back = String::from_utf8(back).expect("utf-8");
                assert!(
                    back == before,
                    "{style:?} seed {seed}: undo {} steps from the end {}",
                    undo.len(),
                    first_difference(&back, &before)
                );
                exact.apply(&mut model).expect("undo applies");
                assert_eq!(load_str(&back).expect("loads").0, model);
                now = back;
            }
            assert!(now == text, "{style:?} seed {seed}: the original bytes");
            assert_eq!(model, original);
            sequences += 1;
        }
    }
    println!("{sequences} sequences, changes made: {kinds:?}, refused by the rules: {refused}");
    assert_eq!(sequences, 4 * STYLES.len());
    for kind in [
        "MilestoneDone",
        "AddUpdate",
        "RemoveLastUpdate",
        "PledgeProgress",
        "Set Unit",
        "Set Pledge",
        "Set Project",
        "Set Milestone",
        "Add Unit",
        "Add Pledge",
        "Add Project",
        "Add Milestone",
        "Remove Unit",
        "Remove Pledge",
        "Remove Project",
        "Remove Milestone",
    ] {
        assert!(
            kinds.get(kind).copied().unwrap_or(0) >= 5,
            "{kind}: {kinds:?}"
        );
    }
    assert!(refused > 0, "some picks break the rules and are refused");
}
