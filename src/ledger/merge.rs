//! Three-way merge of two versions of a ledger that grew from one base, by unit, pledge,
//! project, milestone and field, not by line. What the other side changed since the base is
//! made on our text as the smallest edits, the same edits the forms make, so both sides'
//! bytes and comments are kept and only the merged fields differ. A field both sides
//! changed differently is a conflict: ours is kept, and both versions are handed back.

use super::change::edit_splice;
use super::change::{Change, Fields, Item, NewItem, fields_of, item_of};
use super::model::Ledger;
use super::model::updates_added;
use super::rebase::{Rebased, item_in, pledge_in, rebase};
use super::{ChangeError, Problem, load_str};

/// A field both sides changed differently. Ours stands in the merged text; choosing
/// theirs is `Change::Set { item: at, fields: theirs }` on it.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeConflict {
    /// The item in the merged ledger.
    pub at: Item,
    /// The field (or fields that go together, as `done` with `by`), by its ledger name.
    pub field: &'static str,
    pub ours: Fields,
    pub theirs: Fields,
}

impl MergeConflict {
    /// The clashing field on each side, as the ledger writes it (ours, theirs).
    pub fn values(&self) -> (String, String) {
        (
            value(&self.ours, self.field),
            value(&self.theirs, self.field),
        )
    }
}

/// A field (or fields that go together) as the ledger writes them; "—" for none.
fn value(f: &Fields, field: &str) -> String {
    let date = |d: Option<chrono::NaiveDate>| d.map_or_else(|| "—".to_string(), |d| d.to_string());
    let text = |t: &Option<compact_str::CompactString>| t.as_deref().unwrap_or("—").to_string();
    let num = |x: Option<f64>| x.map_or_else(|| "—".to_string(), crate::ledger::number::display);
    match (f, field) {
        (Fields::Milestone(m), "due") => m.due.to_string(),
        (Fields::Milestone(m), "done") => format!("{} {}", date(m.done), text(&m.by)),
        (Fields::Milestone(m), "unit") => text(&m.unit),
        (Fields::Pledge(p), "due") => date(p.due),
        (Fields::Pledge(p), "done") => format!("{} {}", date(p.done), text(&p.by)),
        (Fields::Pledge(p), "progress") => num(p.progress),
        (Fields::Pledge(p), "target") => format!("{} {}", num(p.target), text(&p.measure)),
        (Fields::Project(p), "lead") => p.lead.to_string(),
        (Fields::Project(p), "leader") => text(&p.leader),
        (Fields::Project(p), "category") => text(&p.category),
        (Fields::Project(p), "scale") => text(&p.scale),
        (Fields::Project(p), "support") => p.support.join(", "),
        (Fields::Project(p), "investment") => {
            let i = p.investment.unwrap_or_default();
            format!("{} / {} / {}", num(i.total), num(i.plan), num(i.done))
        }
        (Fields::Unit(u), "leader") => text(&u.leader),
        (Fields::Unit(u), "title") => text(&u.title),
        _ => String::new(),
    }
}

#[derive(Debug)]
pub struct Merged {
    pub text: String,
    pub conflicts: Vec<MergeConflict>,
}

#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// One of the three versions does not load (which: base, ours or theirs).
    #[error("the {which} version of the ledger does not load")]
    Invalid {
        which: &'static str,
        problems: Vec<Problem>,
    },
    /// An edit could not be made on our text (the ledger's rules refused it).
    #[error("{0}")]
    Change(#[from] ChangeError),
}

fn load(text: &str, which: &'static str) -> Result<Ledger, MergeError> {
    load_str(text)
        .map(|(l, _)| l)
        .map_err(|problems| MergeError::Invalid { which, problems })
}

/// What a field both sides changed differently becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clash {
    /// Ours stands, and the clash is handed back (the user decides).
    Report,
    /// Ours stands (the user chose it).
    KeepOurs,
    /// Theirs is taken (the user chose it).
    TakeTheirs,
}

/// Merges `theirs` into `ours`, both grown from `base`; a field both changed differently is
/// reported with ours kept.
pub fn merge(base: &str, ours: &str, theirs: &str) -> Result<Merged, MergeError> {
    merge_choosing(base, ours, theirs, Clash::Report)
}

/// [`merge`], with the fields both changed resolved as `clash` says.
pub fn merge_choosing(
    base: &str,
    ours: &str,
    theirs: &str,
    clash: Clash,
) -> Result<Merged, MergeError> {
    merge_deciding(base, ours, theirs, &|_| clash.side())
}

impl Clash {
    /// The side every clashing field takes; none when each is reported.
    pub fn side(self) -> Option<Side> {
        match self {
            Clash::Report => None,
            Clash::KeepOurs => Some(Side::Mine),
            Clash::TakeTheirs => Some(Side::Theirs),
        }
    }
}

/// Which version of a field both sides changed is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Mine,
    Theirs,
}

/// [`merge`], each field both changed resolved as `decide` says of it; those it leaves
/// (`None`) are reported, with ours kept.
pub fn merge_deciding(
    base: &str,
    ours: &str,
    theirs: &str,
    decide: &dyn Fn(&MergeConflict) -> Option<Side>,
) -> Result<Merged, MergeError> {
    let base_l = load(base, "base")?;
    let mut now = load(ours, "ours")?;
    let theirs_l = load(theirs, "theirs")?;
    let mut text = ours.to_string();
    let mut conflicts = Vec::new();
    for (change, before) in diff(&base_l, &theirs_l) {
        let made = match (&change, &before) {
            (Change::Set { item, fields }, Change::Set { fields: was, .. }) => {
                let Some(at) = item_in(&base_l, &now, *item, None) else {
                    continue;
                };
                let Some(mine) = fields_of(&now, at) else {
                    continue;
                };
                let (mut merged, clashes) = three_way(was, &mine, fields, &[]);
                let mut take = Vec::new();
                for field in clashes {
                    let c = MergeConflict {
                        at,
                        field,
                        ours: mine.clone(),
                        theirs: (**fields).clone(),
                    };
                    match decide(&c) {
                        None => conflicts.push(c),
                        Some(Side::Mine) => {}
                        Some(Side::Theirs) => take.push(field),
                    }
                }
                if !take.is_empty() {
                    merged = three_way(was, &mine, fields, &take).0;
                }
                if merged == mine {
                    continue;
                }
                Change::Set {
                    item: at,
                    fields: Box::new(merged),
                }
            }
            _ => match rebase(&change, &before, &base_l, &now) {
                Rebased::Apply(c) => c,
                Rebased::AlreadyThere | Rebased::Gone | Rebased::Conflict(_) => continue,
            },
        };
        // The rules first, on the model: a change they refuse (a unit still named by a
        // project ours added) is not made, and ours stands.
        if made.apply(&mut now).is_err() {
            continue;
        }
        let splice = edit_splice(&text, &made)?;
        text = splice.apply(&text);
    }
    Ok(Merged { text, conflicts })
}

/// Fields three ways, one at a time: theirs where only they changed a field; where both
/// changed it differently, theirs if it is one to `take`, else ours with the clash noted.
struct Pick<'a> {
    take: &'a [&'static str],
    clashes: Vec<&'static str>,
}

impl Pick<'_> {
    fn field<T: PartialEq + Clone>(
        &mut self,
        name: &'static str,
        base: &T,
        mine: &mut T,
        theirs: &T,
    ) {
        if theirs == base || mine == theirs {
            return;
        }
        if mine == base || self.take.contains(&name) {
            *mine = theirs.clone();
        } else {
            self.clashes.push(name);
        }
    }
}

/// Our fields with theirs' changes since `base` made, and the fields that clash (those
/// named in `take` are theirs, and not reported). Fields that go together are taken
/// together: `done` with `by`, `due` with `baseline`, `target` with `measure`,
/// `investment` with `monthly`.
fn three_way(
    base: &Fields,
    mine: &Fields,
    theirs: &Fields,
    take: &[&'static str],
) -> (Fields, Vec<&'static str>) {
    let mut k = Pick {
        take,
        clashes: Vec::new(),
    };
    let mut out = mine.clone();
    match (base, &mut out, theirs) {
        (Fields::Unit(b), Fields::Unit(o), Fields::Unit(t)) => {
            k.field("leader", &b.leader, &mut o.leader, &t.leader);
            k.field("title", &b.title, &mut o.title, &t.title);
        }
        (Fields::Pledge(b), Fields::Pledge(o), Fields::Pledge(t)) => {
            k.field("due", &b.due, &mut o.due, &t.due);
            let mut target = (o.target, o.measure.take());
            let (bt, tt) = ((b.target, b.measure.clone()), (t.target, t.measure.clone()));
            k.field("target", &bt, &mut target, &tt);
            (o.target, o.measure) = target;
            k.field("progress", &b.progress, &mut o.progress, &t.progress);
            let mut done = (o.done, o.by.take());
            k.field(
                "done",
                &(b.done, b.by.clone()),
                &mut done,
                &(t.done, t.by.clone()),
            );
            (o.done, o.by) = done;
        }
        (Fields::Project(b), Fields::Project(o), Fields::Project(t)) => {
            k.field("category", &b.category, &mut o.category, &t.category);
            k.field("lead", &b.lead, &mut o.lead, &t.lead);
            k.field("support", &b.support, &mut o.support, &t.support);
            k.field("leader", &b.leader, &mut o.leader, &t.leader);
            let mut money = (o.investment, std::mem::take(&mut o.monthly));
            let (bm, tm) = (
                (b.investment, b.monthly.clone()),
                (t.investment, t.monthly.clone()),
            );
            k.field("investment", &bm, &mut money, &tm);
            (o.investment, o.monthly) = money;
            k.field("scale", &b.scale, &mut o.scale, &t.scale);
        }
        (Fields::Milestone(b), Fields::Milestone(o), Fields::Milestone(t)) => {
            let mut due = (o.due, o.baseline);
            k.field("due", &(b.due, b.baseline), &mut due, &(t.due, t.baseline));
            (o.due, o.baseline) = due;
            let mut done = (o.done, o.by.take());
            k.field(
                "done",
                &(b.done, b.by.clone()),
                &mut done,
                &(t.done, t.by.clone()),
            );
            (o.done, o.by) = done;
            k.field("unit", &b.unit, &mut o.unit, &t.unit);
        }
        _ => {}
    }
    (out, k.clashes)
}

/// What changed from `base` to `theirs`, as changes positioned on `base` each with its
/// inverse, in an order that keeps the ledger valid on the way: units and pledges added and
/// set, projects added and set, milestones, progress lines, then removals (milestones,
/// projects, pledges, units: a unit goes after the projects that named it).
fn diff(base: &Ledger, theirs: &Ledger) -> Vec<(Change, Change)> {
    let mut adds = Vec::new();
    let mut sets = Vec::new();
    let mut lines = Vec::new();
    let mut removes = Vec::new();
    let set = |b_item: Item, t_item: Item, out: &mut Vec<(Change, Change)>| {
        let (Some(was), Some(now)) = (fields_of(base, b_item), fields_of(theirs, t_item)) else {
            return;
        };
        if was != now {
            out.push((
                Change::Set {
                    item: b_item,
                    fields: Box::new(now),
                },
                Change::Set {
                    item: b_item,
                    fields: Box::new(was),
                },
            ));
        }
    };
    let add = |at: Item, item: Option<NewItem>, out: &mut Vec<(Change, Change)>| {
        if let Some(item) = item {
            out.push((
                Change::Add {
                    at,
                    item: Box::new(item),
                },
                Change::Remove { at },
            ));
        }
    };
    let remove = |at: Item, out: &mut Vec<(Change, Change)>| {
        if let Some(item) = item_of(base, at) {
            out.push((
                Change::Remove { at },
                Change::Add {
                    at,
                    item: Box::new(item),
                },
            ));
        }
    };
    for (tu, unit) in theirs.units.iter().enumerate() {
        let Some(bu) = base.unit_by_name(&unit.name) else {
            add(
                Item::Unit(base.units.len()),
                item_of(theirs, Item::Unit(tu)),
                &mut adds,
            );
            continue;
        };
        set(Item::Unit(bu), Item::Unit(tu), &mut sets);
        for tk in 0..unit.pledges.len() {
            match pledge_in(theirs, base, tu, tk) {
                Some((_, bk)) => set(
                    Item::Pledge {
                        unit: bu,
                        pledge: bk,
                    },
                    Item::Pledge {
                        unit: tu,
                        pledge: tk,
                    },
                    &mut sets,
                ),
                None => add(
                    Item::Pledge {
                        unit: bu,
                        pledge: base.units[bu].pledges.len(),
                    },
                    item_of(
                        theirs,
                        Item::Pledge {
                            unit: tu,
                            pledge: tk,
                        },
                    ),
                    &mut adds,
                ),
            }
        }
    }
    for (tp, project) in theirs.projects.iter().enumerate() {
        let Some(bp) = base.project_by_name(&project.name) else {
            add(
                Item::Project(base.projects.len()),
                item_of(theirs, Item::Project(tp)),
                &mut adds,
            );
            continue;
        };
        set(Item::Project(bp), Item::Project(tp), &mut sets);
        for (tm, m) in project.milestones.iter().enumerate() {
            let t_item = Item::Milestone {
                project: tp,
                milestone: tm,
            };
            match base.projects[bp].milestone_by_name(&m.name) {
                Some(bm) => set(
                    Item::Milestone {
                        project: bp,
                        milestone: bm,
                    },
                    t_item,
                    &mut sets,
                ),
                None => add(
                    Item::Milestone {
                        project: bp,
                        milestone: base.projects[bp].milestones.len(),
                    },
                    item_of(theirs, t_item),
                    &mut adds,
                ),
            }
        }
        let was = &base.projects[bp].updates;
        for u in updates_added(was, &project.updates) {
            lines.push((
                Change::AddUpdate {
                    project: bp,
                    update: u.clone(),
                },
                Change::RemoveLastUpdate {
                    project: bp,
                    update: u.clone(),
                    drop_empty_list: was.is_empty(),
                },
            ));
        }
    }
    for (bp, project) in base.projects.iter().enumerate() {
        match theirs.project_by_name(&project.name) {
            None => remove(Item::Project(bp), &mut removes),
            Some(tp) => {
                for (bm, m) in project.milestones.iter().enumerate() {
                    if theirs.projects[tp].milestone_by_name(&m.name).is_none() {
                        let at = Item::Milestone {
                            project: bp,
                            milestone: bm,
                        };
                        removes.insert(0, (Change::Remove { at }, remove_inverse(base, at)));
                    }
                }
            }
        }
    }
    for (bu, unit) in base.units.iter().enumerate() {
        match theirs.unit_by_name(&unit.name) {
            None => remove(Item::Unit(bu), &mut removes),
            Some(_) => {
                for bk in 0..unit.pledges.len() {
                    if pledge_in(base, theirs, bu, bk).is_none() {
                        remove(
                            Item::Pledge {
                                unit: bu,
                                pledge: bk,
                            },
                            &mut removes,
                        );
                    }
                }
            }
        }
    }
    // Units before projects (a project names its units), sets of existing items after the
    // additions they may name.
    adds.sort_by_key(|(c, _)| order(c.item()));
    adds.into_iter()
        .chain(sets)
        .chain(lines)
        .chain(removes)
        .collect()
}

fn remove_inverse(base: &Ledger, at: Item) -> Change {
    match item_of(base, at) {
        Some(item) => Change::Add {
            at,
            item: Box::new(item),
        },
        None => Change::Remove { at },
    }
}

fn order(item: Item) -> u8 {
    match item {
        Item::Unit(_) => 0,
        Item::Pledge { .. } => 1,
        Item::Project(_) => 2,
        Item::Milestone { .. } => 3,
    }
}
