//! Setting, adding and removing items as the smallest edits of the ledger's text: the
//! fields that differ from what the file says are written, nothing else; new items are
//! laid out like their neighbours.

use compact_str::CompactString;

use super::item::{Fields, Item, MilestoneFields, NewItem, ProjectFields, UnitFields};
use crate::ledger::edit::{self, EditError, Placing, Splice, ron_string};
use crate::ledger::load::month_text;
use crate::ledger::model::{Investment, MonthDone, Pledge, Update};
use crate::ledger::number::literal as number;
use crate::ledger::raw::{
    RawInvestment, RawMilestone, RawMonth, RawPledge, RawProject, RawUnit, RawUpdate,
};
use crate::ledger::ron::Seg;

type Literals = Vec<(&'static str, Option<String>)>;

fn text(s: &Option<CompactString>) -> Option<String> {
    s.as_deref().map(ron_string)
}

fn date(d: Option<chrono::NaiveDate>) -> Option<String> {
    d.map(|d| ron_string(&d.to_string()))
}

fn list(items: &[CompactString]) -> Option<String> {
    (!items.is_empty()).then(|| {
        let inner: Vec<String> = items.iter().map(|s| ron_string(s)).collect();
        format!("[{}]", inner.join(", "))
    })
}

fn investment(i: &Option<Investment>) -> Option<String> {
    i.map(|i| {
        let parts: Vec<String> = [("total", i.total), ("plan", i.plan), ("done", i.done)]
            .iter()
            .filter_map(|(k, v)| v.map(|v| format!("{k}: {}", number(v))))
            .collect();
        format!("({})", parts.join(", "))
    })
}

fn raw_investment(i: &Option<RawInvestment>) -> Option<String> {
    investment(&i.as_ref().map(|i| Investment {
        total: i.total,
        plan: i.plan,
        done: i.done,
    }))
}

fn month_literal(year: i32, m: &MonthDone) -> String {
    format!(
        "Month(month: {}, done: {})",
        ron_string(&month_text(year, m.month)),
        number(m.done)
    )
}

fn pledge_fields(p: &Pledge) -> Literals {
    vec![
        ("text", Some(ron_string(&p.text))),
        ("due", date(p.due)),
        ("target", p.target.map(number)),
        ("measure", text(&p.measure)),
        ("progress", p.progress.map(number)),
        ("done", date(p.done)),
        ("by", text(&p.by)),
    ]
}

fn raw_pledge_fields(p: &RawPledge) -> Literals {
    vec![
        ("text", Some(ron_string(&p.text))),
        ("due", text(&p.due)),
        ("target", p.target.map(number)),
        ("measure", text(&p.measure)),
        ("progress", p.progress.map(number)),
        ("done", text(&p.done)),
        ("by", text(&p.by)),
    ]
}

fn milestone_fields(m: &MilestoneFields) -> Literals {
    vec![
        ("name", Some(ron_string(&m.name))),
        ("due", date(Some(m.due))),
        ("baseline", date(m.baseline)),
        ("done", date(m.done)),
        ("by", text(&m.by)),
        ("unit", text(&m.unit)),
    ]
}

fn raw_milestone_fields(m: &RawMilestone) -> Literals {
    vec![
        ("name", Some(ron_string(&m.name))),
        ("due", Some(ron_string(&m.due))),
        ("baseline", text(&m.baseline)),
        ("done", text(&m.done)),
        ("by", text(&m.by)),
        ("unit", text(&m.unit)),
    ]
}

fn unit_fields(u: &UnitFields) -> Literals {
    vec![
        ("name", Some(ron_string(&u.name))),
        ("pinyin", text(&u.pinyin)),
        ("leader", text(&u.leader)),
        ("title", text(&u.title)),
    ]
}

fn raw_unit_fields(u: &RawUnit) -> Literals {
    vec![
        ("name", Some(ron_string(&u.name))),
        ("pinyin", text(&u.pinyin)),
        ("leader", text(&u.leader)),
        ("title", text(&u.title)),
    ]
}

/// A project's plain fields (investment and monthly figures are edited entry by entry).
fn project_fields(p: &ProjectFields) -> Literals {
    vec![
        ("name", Some(ron_string(&p.name))),
        ("pinyin", text(&p.pinyin)),
        ("category", text(&p.category)),
        ("lead", Some(ron_string(&p.lead))),
        ("support", list(&p.support)),
        ("leader", text(&p.leader)),
        ("scale", text(&p.scale)),
    ]
}

fn raw_project_fields(p: &RawProject) -> Literals {
    vec![
        ("name", Some(ron_string(&p.name))),
        ("pinyin", text(&p.pinyin)),
        ("category", text(&p.category)),
        ("lead", Some(ron_string(&p.lead))),
        ("support", list(&p.support)),
        ("leader", text(&p.leader)),
        ("scale", text(&p.scale)),
    ]
}

fn one_line(name: &str, fields: &Literals) -> String {
    let parts: Vec<String> = fields
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}: {v}")))
        .collect();
    format!("{name}({})", parts.join(", "))
}

pub(super) fn milestone_literal(m: &MilestoneFields) -> String {
    one_line("Milestone", &milestone_fields(m))
}

pub(super) fn pledge_literal(p: &Pledge) -> String {
    one_line("Pledge", &pledge_fields(p))
}

pub(super) fn update_literal(u: &Update) -> String {
    let fields: Literals = vec![
        ("date", date(Some(u.date))),
        ("text", Some(ron_string(&u.text))),
        ("by", text(&u.by)),
    ];
    one_line("Update", &fields)
}

fn deeper(indent: &str) -> String {
    if indent.contains('\t') {
        format!("{indent}\t")
    } else {
        format!("{indent}    ")
    }
}

/// A struct over several lines: each field on a line of its own, then lists of items one
/// per line.
fn multi_line(
    name: &str,
    fields: &Literals,
    lists: &[(&str, Vec<String>)],
    at: &Placing,
) -> String {
    let inner = deeper(at.indent);
    let eol = at.eol;
    let mut s = format!("{name}({eol}");
    for (k, v) in fields {
        if let Some(v) = v {
            s.push_str(&format!("{inner}{k}: {v},{eol}"));
        }
    }
    for (k, items) in lists {
        if items.is_empty() {
            continue;
        }
        let item_indent = deeper(&inner);
        s.push_str(&format!("{inner}{k}: [{eol}"));
        for i in items {
            s.push_str(&format!("{item_indent}{i},{eol}"));
        }
        s.push_str(&format!("{inner}],{eol}"));
    }
    s.push_str(at.indent);
    s.push(')');
    s
}

fn new_item_literal(year: i32, item: &NewItem, at: &Placing) -> String {
    match item {
        NewItem::Milestone(m) => milestone_literal(m),
        NewItem::Pledge(p) => pledge_literal(p),
        NewItem::Unit(u, pledges) if pledges.is_empty() => one_line("Unit", &unit_fields(u)),
        NewItem::Unit(u, pledges) => multi_line(
            "Unit",
            &unit_fields(u),
            &[("pledges", pledges.iter().map(pledge_literal).collect())],
            at,
        ),
        NewItem::Project(p, milestones, updates) => {
            let mut fields = project_fields(p);
            // After `leader`, as docs/format.md lists it.
            let after = fields
                .iter()
                .position(|(k, _)| *k == "leader")
                .map_or(fields.len(), |i| i + 1);
            fields.insert(after, ("investment", investment(&p.investment)));
            let lists = [
                (
                    "monthly",
                    p.monthly.iter().map(|m| month_literal(year, m)).collect(),
                ),
                (
                    "milestones",
                    milestones.iter().map(milestone_literal).collect(),
                ),
                ("updates", updates.iter().map(update_literal).collect()),
            ];
            multi_line("Project", &fields, &lists, at)
        }
    }
}

pub(super) fn item_path(item: Item) -> Vec<Seg<'static>> {
    match item {
        Item::Unit(u) => vec![Seg::Field("units"), Seg::Index(u)],
        Item::Pledge { unit, pledge } => vec![
            Seg::Field("units"),
            Seg::Index(unit),
            Seg::Field("pledges"),
            Seg::Index(pledge),
        ],
        Item::Project(p) => vec![Seg::Field("projects"), Seg::Index(p)],
        Item::Milestone { project, milestone } => vec![
            Seg::Field("projects"),
            Seg::Index(project),
            Seg::Field("milestones"),
            Seg::Index(milestone),
        ],
    }
}

/// The line (from 1) where an item's text starts: where `e` opens the editor.
pub fn item_line(text: &str, item: Item) -> Option<usize> {
    let span = edit::struct_span(text, &item_path(item)).ok()?;
    Some(1 + text[..span.start].matches('\n').count())
}

/// The list an item is in, and the item's place in it.
fn list_of(item: Item) -> (Vec<Seg<'static>>, usize) {
    let mut path = item_path(item);
    let Some(Seg::Index(i)) = path.pop() else {
        unreachable!("an item path ends with its index")
    };
    (path, i)
}

pub(super) fn read<T: serde::de::DeserializeOwned>(
    item: &str,
    path: &[Seg],
) -> Result<T, EditError> {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(item)
        .map_err(|e| {
            EditError::Syntax(crate::ledger::ron::SyntaxError {
                offset: 0,
                message: format!("{}: {}", edit::describe(path), e.code),
            })
        })
}

/// The fields whose literal differs, as changes for `set_fields_in`.
fn differing(old: &Literals, new: &Literals) -> Literals {
    old.iter()
        .zip(new)
        .filter(|((_, a), (_, b))| a != b)
        .map(|(_, (k, b))| (*k, b.clone()))
        .collect()
}

fn set_in(part: &str, changes: &Literals, indent: &str) -> Result<String, EditError> {
    let refs: Vec<(&str, Option<&str>)> = changes.iter().map(|(k, v)| (*k, v.as_deref())).collect();
    edit::set_fields_in_order(part, &refs, indent, super::field_order::FIELD_ORDER)
}

/// Sets an item's own fields: the splice writes only those that differ from the file.
pub(super) fn set_splice(
    text: &str,
    item: Item,
    fields: &Fields,
    year: i32,
) -> Result<Splice, EditError> {
    let path = item_path(item);
    let (window, indent) = edit::struct_place(text, &path)?;
    let part = &text[window.clone()];
    let edited = match fields {
        Fields::Pledge(p) => {
            let raw: RawPledge = read(part, &path)?;
            set_in(
                part,
                &differing(&raw_pledge_fields(&raw), &pledge_fields(p)),
                &indent,
            )?
        }
        Fields::Milestone(m) => {
            let raw: RawMilestone = read(part, &path)?;
            set_in(
                part,
                &differing(&raw_milestone_fields(&raw), &milestone_fields(m)),
                &indent,
            )?
        }
        Fields::Unit(u) => {
            let raw: RawUnit = read(part, &path)?;
            let edited = set_in(
                part,
                &differing(&raw_unit_fields(&raw), &unit_fields(u)),
                &indent,
            )?;
            if raw.name != u.name {
                let Item::Unit(_) = item else { unreachable!() };
                return rename_references(text, window, edited, &raw.name, &u.name);
            }
            edited
        }
        Fields::Project(p) => {
            let raw: RawProject = read(part, &path)?;
            let mut edited = set_in(
                part,
                &differing(&raw_project_fields(&raw), &project_fields(p)),
                &indent,
            )?;
            edited = set_investment(&edited, &raw.investment, &p.investment, &indent)?;
            edited = set_monthly(&edited, &raw.monthly, &p.monthly, year, &indent)?;
            edited
        }
    };
    Ok(Splice {
        range: window,
        with: edited,
    }
    .trimmed(text))
}

/// The investment figures entry by entry, so the office's layout of them stays.
fn set_investment(
    part: &str,
    old: &Option<RawInvestment>,
    new: &Option<Investment>,
    indent: &str,
) -> Result<String, EditError> {
    let (Some(o), Some(n)) = (old, new) else {
        if raw_investment(old) == investment(new) {
            return Ok(part.to_string());
        }
        return set_in(part, &vec![("investment", investment(new))], indent);
    };
    let changes: Literals = [
        ("total", o.total, n.total),
        ("plan", o.plan, n.plan),
        ("done", o.done, n.done),
    ]
    .iter()
    .filter(|(_, a, b)| a.map(number) != b.map(number))
    .map(|(k, _, b)| (*k, b.map(number)))
    .collect();
    if changes.is_empty() {
        return Ok(part.to_string());
    }
    let refs: Vec<(&str, Option<&str>)> = changes.iter().map(|(k, v)| (*k, v.as_deref())).collect();
    let inner = edit::set_struct_fields(part, &[Seg::Field("investment")], &refs)?;
    Ok(inner.apply(part))
}

/// The monthly figures entry by entry: a changed month's figure, a new month appended, a
/// month gone removed.
fn set_monthly(
    part: &str,
    old: &[RawMonth],
    new: &[MonthDone],
    year: i32,
    indent: &str,
) -> Result<String, EditError> {
    let mut part = part.to_string();
    let list = [Seg::Field("monthly")];
    let month_of = |m: &RawMonth| crate::ledger::load::parse_month(&m.month, year).ok();
    // The months as the list holds them, kept in step with each edit.
    let mut kept: Vec<(Option<u32>, f64)> = old.iter().map(|m| (month_of(m), m.done)).collect();
    // Months gone, last first so earlier positions hold.
    for i in (0..old.len()).rev() {
        if !new.iter().any(|n| Some(n.month) == kept[i].0) {
            let (s, emptied) = edit::remove_from_list(&part, &list, i)?;
            part = s.apply(&part);
            kept.remove(i);
            if emptied {
                part = set_in(&part, &vec![("monthly", None)], indent)?;
            }
        }
    }
    for n in new {
        match kept.iter().position(|(m, _)| *m == Some(n.month)) {
            Some(i) if number(kept[i].1) != number(n.done) => {
                let path = [Seg::Field("monthly"), Seg::Index(i)];
                let s = edit::set_struct_fields(&part, &path, &[("done", Some(&number(n.done)))])?;
                part = s.apply(&part);
                kept[i].1 = n.done;
            }
            Some(_) => {}
            None => {
                let lit = month_literal(year, n);
                part = match edit::insert_in_list(&part, &list, kept.len(), |_| lit.clone())? {
                    Some(s) => s.apply(&part),
                    None => set_in(&part, &vec![("monthly", Some(format!("[{lit}]")))], indent)?,
                };
                kept.push((Some(n.month), n.done));
            }
        }
    }
    Ok(part)
}

/// A unit renamed: its own name, and every project's `lead`, `support` and milestone
/// `unit` that named it, in one splice.
fn rename_references(
    text: &str,
    window: std::ops::Range<usize>,
    unit_text: String,
    old: &str,
    new: &str,
) -> Result<Splice, EditError> {
    let mut edits = vec![(window, unit_text)];
    let name = ron_string(new);
    // A name the file must escape is not found by its bytes: read every project then.
    let plain = !old.contains(['"', '\\']) && !old.chars().any(char::is_control);
    let finder = memchr::memmem::Finder::new(old.as_bytes());
    for (p, span) in edit::list_items(text, &[Seg::Field("projects")])?
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        let part = &text[span.clone()];
        if plain && finder.find(part.as_bytes()).is_none() {
            continue;
        }
        let here = [Seg::Field("projects"), Seg::Index(p)];
        let raw: RawProject = read(part, &here)?;
        let mut paths: Vec<Vec<Seg>> = Vec::new();
        if raw.lead == old {
            paths.push(vec![Seg::Field("lead")]);
        }
        for (j, s) in raw.support.iter().enumerate() {
            if s == old {
                paths.push(vec![Seg::Field("support"), Seg::Index(j)]);
            }
        }
        for (k, m) in raw.milestones.iter().enumerate() {
            if m.unit.as_deref() == Some(old) {
                paths.push(vec![
                    Seg::Field("milestones"),
                    Seg::Index(k),
                    Seg::Field("unit"),
                ]);
            }
        }
        let mut found = paths
            .iter()
            .map(|path| edit::value_replacement(part, path, &name))
            .collect::<Result<Vec<_>, _>>()?;
        found.sort_by_key(|(r, _)| r.start);
        edits.extend(
            found
                .into_iter()
                .map(|(r, s)| (r.start + span.start..r.end + span.start, s)),
        );
    }
    edits.sort_by_key(|(r, _)| r.start);
    Ok(Splice::of_replacements(text, &edits).trimmed(text))
}

/// Puts a new item at `at`.
pub(super) fn add_splice(
    text: &str,
    at: Item,
    item: &NewItem,
    year: i32,
) -> Result<Splice, EditError> {
    let (list, index) = list_of(at);
    if let Some(s) = edit::insert_in_list(text, &list, index, |p| new_item_literal(year, item, p))?
    {
        return Ok(s);
    }
    // No such list yet: the field, with the item, on the struct that holds it.
    let mut parent = list.clone();
    let Some(Seg::Field(field)) = parent.pop() else {
        unreachable!("a list path ends with its field")
    };
    let (window, indent) = edit::struct_place(text, &parent)?;
    let lit = new_item_literal(
        year,
        item,
        &Placing {
            indent: &indent,
            eol: "\n",
        },
    );
    let edited = edit::set_fields_in(
        &text[window.clone()],
        &[(field, Some(&format!("[{lit}]")))],
        &indent,
    )?;
    Ok(Splice {
        range: window,
        with: edited,
    }
    .trimmed(text))
}

/// Takes the item at `at` out; a list left empty goes with it.
pub(super) fn remove_splice(text: &str, at: Item) -> Result<Splice, EditError> {
    let (list, index) = list_of(at);
    let (splice, emptied) = edit::remove_from_list(text, &list, index)?;
    if !emptied {
        return Ok(splice);
    }
    let mut parent = list.clone();
    let Some(Seg::Field(field)) = parent.pop() else {
        unreachable!("a list path ends with its field")
    };
    let (window, indent) = edit::struct_place(text, &parent)?;
    let edited = edit::set_fields_in(&text[window.clone()], &[(field, None)], &indent)?;
    Ok(Splice {
        range: window,
        with: edited,
    }
    .trimmed(text))
}

/// The raw update, as the loader reads one.
pub(super) fn raw_update(u: &Update) -> RawUpdate {
    RawUpdate {
        date: u.date.to_string().into(),
        text: u.text.clone(),
        by: u.by.clone(),
    }
}

/// Whether the item as read says what the fields say (compared as the file would write each).
pub(super) fn says_pledge(raw: &RawPledge, p: &Pledge) -> bool {
    raw_pledge_fields(raw) == pledge_fields(p)
}

pub(super) fn says_milestone(raw: &RawMilestone, m: &MilestoneFields) -> bool {
    raw_milestone_fields(raw) == milestone_fields(m)
}

pub(super) fn says_unit(raw: &RawUnit, u: &UnitFields) -> bool {
    raw_unit_fields(raw) == unit_fields(u)
}

pub(super) fn says_project(raw: &RawProject, p: &ProjectFields, year: i32) -> bool {
    let months: Vec<String> = raw
        .monthly
        .iter()
        .map(|m| format!("{}={}", m.month, number(m.done)))
        .collect();
    let want: Vec<String> = p
        .monthly
        .iter()
        .map(|m| format!("{}={}", month_text(year, m.month), number(m.done)))
        .collect();
    raw_project_fields(raw) == project_fields(p)
        && raw_investment(&raw.investment) == investment(&p.investment)
        && months == want
}
