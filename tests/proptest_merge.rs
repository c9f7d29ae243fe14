//! The merge by item and field, on random work: two sides each make a random sequence of
//! edits (cross-offs, re-plans, progress lines, new milestones, monthly figures, pledge
//! progress) on items of their own. The merge must always be clean, load, hold both sides'
//! work (the same ledger as making both sequences one after the other), and keep every
//! line of the base that neither side touched.

use chrono::NaiveDate;
use tracker::generate::Rng;
use tracker::ledger::change::{
    InvestmentEntry, MilestoneFields, NewItem, move_milestone, record_investment,
};
use tracker::ledger::merge::merge;
use tracker::ledger::{Change, Ledger, Update, edit_bytes, load_str};

/// One edit, by the names that identify its item (so it can be made on any version).
#[derive(Debug, Clone)]
enum Op {
    CrossOff(String, String, NaiveDate),
    Move(String, String, NaiveDate),
    Log(String, String),
    AddMilestone(String, String, NaiveDate),
    Invest(String, u32, f64),
    Progress(String, usize, f64),
}

fn day(n: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2018, 1, 1).expect("day") + chrono::Days::new(n % 360)
}

/// A random edit of a project (or unit) that `mine` says is this side's.
fn random_op(rng: &mut Rng, l: &Ledger, mine: &dyn Fn(usize) -> bool, n: usize) -> Option<Op> {
    let ps: Vec<usize> = (0..l.projects.len()).filter(|&p| mine(p)).collect();
    let p = *rng.pick(&ps);
    let project = &l.projects[p];
    let name = project.name.to_string();
    Some(match rng.below(6) {
        0 | 1 if !project.milestones.is_empty() => {
            let m = &project.milestones[rng.index(project.milestones.len())];
            if rng.below(2) == 0 {
                Op::CrossOff(name, m.name.to_string(), day(rng.next() % 160))
            } else {
                Op::Move(name, m.name.to_string(), day(rng.next()))
            }
        }
        2 => Op::Log(name, format!("进展{n}，完成{}%", rng.below(100))),
        3 => Op::AddMilestone(name, format!("新增节点{n}"), day(rng.next())),
        4 if project.investment.is_some() => {
            Op::Invest(name, 1 + rng.below(12) as u32, rng.below(50) as f64 / 10.0)
        }
        _ => {
            // A pledge of a unit this side owns (units by the same parity).
            let us: Vec<usize> = (0..l.units.len())
                .filter(|&u| mine(u) && l.units[u].pledges.iter().any(|k| k.target.is_some()))
                .collect();
            if us.is_empty() {
                return None;
            }
            let u = *rng.pick(&us);
            let ks: Vec<usize> = (0..l.units[u].pledges.len())
                .filter(|&k| l.units[u].pledges[k].target.is_some())
                .collect();
            Op::Progress(
                l.units[u].name.to_string(),
                *rng.pick(&ks),
                rng.below(30) as f64,
            )
        }
    })
}

/// The change `op` asks of `l`, found by names; None when it names nothing there.
fn change_of(op: &Op, l: &Ledger) -> Option<Change> {
    let p = |n: &str| l.project_by_name(n);
    Some(match op {
        Op::CrossOff(pn, mn, d) => {
            let pi = p(pn)?;
            let mi = l.projects[pi].milestone_by_name(mn)?;
            Change::MilestoneDone {
                project: pi,
                milestone: mi,
                done: Some(*d),
                by: Some("李".into()),
            }
        }
        Op::Move(pn, mn, d) => {
            let pi = p(pn)?;
            let mi = l.projects[pi].milestone_by_name(mn)?;
            move_milestone(l, pi, mi, *d).ok()?
        }
        Op::Log(pn, text) => Change::AddUpdate {
            project: p(pn)?,
            update: Update {
                date: day(160),
                text: text.as_str().into(),
                by: Some("王".into()),
            },
        },
        Op::AddMilestone(pn, name, d) => {
            let pi = p(pn)?;
            Change::Add {
                at: tracker::ledger::change::Item::Milestone {
                    project: pi,
                    milestone: l.projects[pi].milestones.len(),
                },
                item: Box::new(NewItem::Milestone(MilestoneFields {
                    name: name.as_str().into(),
                    due: *d,
                    baseline: None,
                    done: None,
                    by: None,
                    unit: None,
                })),
            }
        }
        Op::Invest(pn, month, x) => record_investment(
            l,
            p(pn)?,
            InvestmentEntry {
                month: Some((*month, *x)),
                plan: None,
                total: None,
            },
        )
        .ok()?,
        Op::Progress(un, k, x) => Change::PledgeProgress {
            unit: l.unit_by_name(un)?,
            pledge: *k,
            progress: Some(*x),
        },
    })
}

/// `text` with `ops` made in turn (those the rules refuse are skipped, on every version
/// alike).
fn made(text: &str, ops: &[Op]) -> String {
    let mut text = text.to_string();
    for op in ops {
        let (mut l, _) = load_str(&text).expect("loads");
        let Some(change) = change_of(op, &l) else {
            continue;
        };
        if change.apply(&mut l).is_err() {
            continue;
        }
        let bytes = edit_bytes(text.as_bytes(), &change).expect("edits");
        text = String::from_utf8(bytes).expect("utf-8");
    }
    text
}

/// How many times each line occurs.
fn lines(text: &str) -> std::collections::HashMap<&str, usize> {
    let mut m = std::collections::HashMap::new();
    for l in text.lines() {
        *m.entry(l).or_insert(0) += 1;
    }
    m
}

#[test]
fn random_work_on_two_sides_always_merges_to_both() {
    let base = tracker::generate::ledger_text(40, 7);
    let (base_l, _) = load_str(&base).expect("the generated ledger loads");
    let mut rng = Rng::new(0x5EED16);
    for round in 0..60 {
        let n = 1 + rng.index(6);
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        for i in 0..n {
            ours.extend(random_op(&mut rng, &base_l, &|x| x % 2 == 0, i));
            theirs.extend(random_op(&mut rng, &base_l, &|x| x % 2 == 1, 100 + i));
        }
        let (o, t) = (made(&base, &ours), made(&base, &theirs));
        let merged = merge(&base, &o, &t).unwrap_or_else(|e| panic!("round {round}: {e}"));
        assert!(
            merged.conflicts.is_empty(),
            "round {round}: {:?}",
            merged.conflicts
        );
        let (got, _) = load_str(&merged.text).expect("the merge loads");
        let both: Vec<Op> = ours.iter().chain(&theirs).cloned().collect();
        let (want, _) = load_str(&made(&base, &both)).expect("loads");
        assert_eq!(got, want, "round {round}: {ours:?} / {theirs:?}");
        // Every line of the base that neither side changed is still there.
        let (b, lo, lt, lm) = (lines(&base), lines(&o), lines(&t), lines(&merged.text));
        for (line, count) in b {
            let kept = count
                .min(lo.get(line).copied().unwrap_or(0))
                .min(lt.get(line).copied().unwrap_or(0));
            assert!(
                lm.get(line).copied().unwrap_or(0) >= kept,
                "round {round}: lost {line:?}"
            );
        }
    }
}
