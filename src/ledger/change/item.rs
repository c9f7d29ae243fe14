//! Items as a form edits them (a unit, a pledge, a project, a milestone): their own fields,
//! with units named as the file names them, and how setting, adding or removing one changes
//! the model. The rules a change must keep are checked here, on the ledger before it changes.

use chrono::NaiveDate;
use compact_str::CompactString;

use super::ChangeError;
use super::refusal::Refusal;
use crate::ledger::Figure;
use crate::ledger::load::{MAX_INVESTMENT, MAX_QUANTITY, done_date_rule};
use crate::ledger::model::{
    Investment, Ledger, Milestone, MonthDone, Pledge, Project, Unit, UnitId, Update,
};

/// Where an item is, by position in the ledger in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Unit(usize),
    Pledge { unit: usize, pledge: usize },
    Project(usize),
    Milestone { project: usize, milestone: usize },
}

/// Which kind of item, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Unit,
    Pledge,
    Project,
    Milestone,
}

impl Item {
    pub fn kind(self) -> Kind {
        match self {
            Item::Unit(_) => Kind::Unit,
            Item::Pledge { .. } => Kind::Pledge,
            Item::Project(_) => Kind::Project,
            Item::Milestone { .. } => Kind::Milestone,
        }
    }
}

/// A unit's own fields (its pledges are items of their own).
#[derive(Debug, Clone, PartialEq)]
pub struct UnitFields {
    pub name: CompactString,
    pub pinyin: Option<CompactString>,
    pub leader: Option<CompactString>,
    pub title: Option<CompactString>,
}

/// A project's own fields, units by name (its milestones and log are items of their own).
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectFields {
    pub name: CompactString,
    pub pinyin: Option<CompactString>,
    pub category: Option<CompactString>,
    pub lead: CompactString,
    pub support: Vec<CompactString>,
    pub leader: Option<CompactString>,
    pub investment: Option<Investment>,
    pub monthly: Vec<MonthDone>,
    pub scale: Option<CompactString>,
}

/// A milestone, its unit by name.
#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneFields {
    pub name: CompactString,
    pub due: NaiveDate,
    pub baseline: Option<NaiveDate>,
    pub done: Option<NaiveDate>,
    pub by: Option<CompactString>,
    pub unit: Option<CompactString>,
}

/// An item's own fields, as a form sets them.
#[derive(Debug, Clone, PartialEq)]
pub enum Fields {
    Unit(UnitFields),
    Pledge(Pledge),
    Project(ProjectFields),
    Milestone(MilestoneFields),
}

impl Fields {
    /// What names the item: a unit's, project's or milestone's name, a pledge's text.
    pub fn name(&self) -> &str {
        match self {
            Fields::Unit(u) => &u.name,
            Fields::Pledge(p) => &p.text,
            Fields::Project(p) => &p.name,
            Fields::Milestone(m) => &m.name,
        }
    }

    pub fn name_mut(&mut self) -> &mut CompactString {
        match self {
            Fields::Unit(u) => &mut u.name,
            Fields::Pledge(p) => &mut p.text,
            Fields::Project(p) => &mut p.name,
            Fields::Milestone(m) => &mut m.name,
        }
    }
}

/// A whole item with what it holds, as added (or put back after a removal).
#[derive(Debug, Clone, PartialEq)]
pub enum NewItem {
    Unit(UnitFields, Vec<Pledge>),
    Pledge(Pledge),
    Project(ProjectFields, Vec<MilestoneFields>, Vec<Update>),
    Milestone(MilestoneFields),
}

impl NewItem {
    /// What names the item, as [`Fields::name`].
    pub fn name(&self) -> &str {
        match self {
            NewItem::Unit(u, _) => &u.name,
            NewItem::Pledge(p) => &p.text,
            NewItem::Project(p, ..) => &p.name,
            NewItem::Milestone(m) => &m.name,
        }
    }
}

fn refuse<T>(r: Refusal) -> Result<T, ChangeError> {
    Err(ChangeError::Rejected(r))
}

fn missing(item: Item) -> ChangeError {
    ChangeError::Missing(format!("{} {item:?}", item.kind().word()))
}

fn amount(what: Figure, x: Option<f64>, max: f64) -> Result<(), ChangeError> {
    match x {
        Some(x) if !x.is_finite() || !(0.0..=max).contains(&x) => {
            refuse(Refusal::BadAmount(what, x))
        }
        _ => Ok(()),
    }
}

fn name_ok(kind: Kind, name: &str) -> Result<(), ChangeError> {
    if name.trim().is_empty() {
        return refuse(Refusal::EmptyName(kind));
    }
    Ok(())
}

fn unit_id(ledger: &Ledger, name: &str) -> Result<UnitId, ChangeError> {
    ledger
        .unit_by_name(name)
        .ok_or_else(|| ChangeError::Rejected(Refusal::UnknownUnit(name.into())))
}

impl UnitFields {
    pub fn of(u: &Unit) -> Self {
        UnitFields {
            name: u.name.clone(),
            pinyin: u.pinyin.clone(),
            leader: u.leader.clone(),
            title: u.title.clone(),
        }
    }
}

impl ProjectFields {
    pub fn of(ledger: &Ledger, p: &Project) -> Self {
        ProjectFields {
            name: p.name.clone(),
            pinyin: p.pinyin.clone(),
            category: p.category.clone(),
            lead: ledger.unit_name(p.lead).into(),
            support: p
                .support
                .iter()
                .map(|&s| ledger.unit_name(s).into())
                .collect(),
            leader: p.leader.clone(),
            investment: p.investment,
            monthly: p.monthly.clone(),
            scale: p.scale.clone(),
        }
    }
}

impl MilestoneFields {
    pub fn of(ledger: &Ledger, m: &Milestone) -> Self {
        MilestoneFields {
            name: m.name.clone(),
            due: m.due,
            baseline: m.baseline,
            done: m.done,
            by: m.by.clone(),
            unit: m.unit.map(|u| ledger.unit_name(u).into()),
        }
    }

    /// Moves the due date as a re-plan (倒排工期): the first move keeps the date it had as
    /// `baseline`, later moves keep that baseline, moving back to it ends the re-plan.
    pub fn move_to(&mut self, due: NaiveDate) {
        let baseline = self.baseline.unwrap_or(self.due);
        self.due = due;
        self.baseline = (baseline != due).then_some(baseline);
    }

    fn model(&self, ledger: &Ledger) -> Result<Milestone, ChangeError> {
        name_ok(Kind::Milestone, &self.name)?;
        if let Some(d) = self.done {
            done_date_rule(d, ledger.year).or_else(|_| refuse(Refusal::DoneTooEarly(d)))?;
        }
        Ok(Milestone {
            name: self.name.clone(),
            due: self.due,
            baseline: self.baseline,
            done: self.done,
            by: self.by.clone(),
            unit: self
                .unit
                .as_deref()
                .map(|u| unit_id(ledger, u))
                .transpose()?,
        })
    }
}

/// The fields of the item at `item`, as they are.
pub fn fields_of(ledger: &Ledger, item: Item) -> Option<Fields> {
    Some(match item {
        Item::Unit(u) => Fields::Unit(UnitFields::of(ledger.units.get(u)?)),
        Item::Pledge { unit, pledge } => {
            Fields::Pledge(ledger.units.get(unit)?.pledges.get(pledge)?.clone())
        }
        Item::Project(p) => Fields::Project(ProjectFields::of(ledger, ledger.projects.get(p)?)),
        Item::Milestone { project, milestone } => Fields::Milestone(MilestoneFields::of(
            ledger,
            ledger.projects.get(project)?.milestones.get(milestone)?,
        )),
    })
}

/// The whole item at `item`, with what it holds.
pub fn item_of(ledger: &Ledger, item: Item) -> Option<NewItem> {
    Some(match item {
        Item::Unit(u) => {
            let unit = ledger.units.get(u)?;
            NewItem::Unit(UnitFields::of(unit), unit.pledges.clone())
        }
        Item::Pledge { unit, pledge } => {
            NewItem::Pledge(ledger.units.get(unit)?.pledges.get(pledge)?.clone())
        }
        Item::Project(p) => {
            let pr = ledger.projects.get(p)?;
            NewItem::Project(
                ProjectFields::of(ledger, pr),
                pr.milestones
                    .iter()
                    .map(|m| MilestoneFields::of(ledger, m))
                    .collect(),
                pr.updates.clone(),
            )
        }
        Item::Milestone { project, milestone } => NewItem::Milestone(MilestoneFields::of(
            ledger,
            ledger.projects.get(project)?.milestones.get(milestone)?,
        )),
    })
}

fn check_pledge(p: &Pledge, ledger: &Ledger) -> Result<(), ChangeError> {
    name_ok(Kind::Pledge, &p.text)?;
    amount(Figure::Target, p.target, MAX_QUANTITY)?;
    amount(Figure::Progress, p.progress, MAX_QUANTITY)?;
    if p.target.is_some() != p.measure.is_some() {
        return refuse(Refusal::TargetWithoutMeasure);
    }
    if let Some(d) = p.done {
        done_date_rule(d, ledger.year).or_else(|_| refuse(Refusal::DoneTooEarly(d)))?;
    }
    Ok(())
}

/// The project as the fields say, keeping what it holds.
fn project_model(
    ledger: &Ledger,
    f: &ProjectFields,
    milestones: Vec<Milestone>,
    updates: Vec<Update>,
) -> Result<Project, ChangeError> {
    name_ok(Kind::Project, &f.name)?;
    if let Some(c) = &f.category
        && !ledger.categories.is_empty()
        && !ledger.categories.contains(c)
    {
        return refuse(Refusal::UnknownCategory(c.clone()));
    }
    if let Some(i) = f.investment {
        amount(Figure::InvestmentTotal, i.total, MAX_INVESTMENT)?;
        amount(Figure::InvestmentPlan, i.plan, MAX_INVESTMENT)?;
        amount(Figure::InvestmentDone, i.done, MAX_INVESTMENT)?;
    }
    for m in &f.monthly {
        if !(1..=12).contains(&m.month) {
            return refuse(Refusal::BadMonth(m.month));
        }
        amount(Figure::MonthlyDone, Some(m.done), MAX_INVESTMENT)?;
    }
    if !f.monthly.is_empty() && f.investment.is_none() {
        return refuse(Refusal::MonthWithoutInvestment);
    }
    Ok(Project {
        name: f.name.clone(),
        pinyin: f.pinyin.clone(),
        category: f.category.clone(),
        lead: unit_id(ledger, &f.lead)?,
        support: f
            .support
            .iter()
            .map(|s| unit_id(ledger, s))
            .collect::<Result<_, _>>()?,
        leader: f.leader.clone(),
        investment: f.investment,
        monthly: f.monthly.clone(),
        scale: f.scale.clone(),
        milestones,
        updates,
    })
}

/// Refuses a name another item of the kind has (`except`: the item being renamed).
fn unique<'a>(
    kind: Kind,
    name: &str,
    names: impl Iterator<Item = &'a CompactString>,
    except: Option<usize>,
) -> Result<(), ChangeError> {
    if names
        .enumerate()
        .any(|(i, n)| Some(i) != except && n == name)
    {
        return refuse(Refusal::DuplicateName(kind, name.into()));
    }
    Ok(())
}

/// Sets an item's own fields; returns what they were.
pub fn set(ledger: &mut Ledger, item: Item, fields: &Fields) -> Result<Fields, ChangeError> {
    let was = fields_of(ledger, item).ok_or_else(|| missing(item))?;
    match (item, fields) {
        (Item::Unit(u), Fields::Unit(f)) => {
            name_ok(Kind::Unit, &f.name)?;
            unique(
                Kind::Unit,
                &f.name,
                ledger.units.iter().map(|u| &u.name),
                Some(u),
            )?;
            let unit = &mut ledger.units[u];
            unit.name = f.name.clone();
            unit.pinyin = f.pinyin.clone();
            unit.leader = f.leader.clone();
            unit.title = f.title.clone();
        }
        (Item::Pledge { unit, pledge }, Fields::Pledge(p)) => {
            check_pledge(p, ledger)?;
            let was_progress = ledger.units[unit].pledges[pledge].progress;
            if p.progress.is_some() && p.progress != was_progress && p.target.is_none() {
                return refuse(Refusal::ProgressWithoutTarget);
            }
            ledger.units[unit].pledges[pledge] = p.clone();
        }
        (Item::Project(p), Fields::Project(f)) => {
            unique(
                Kind::Project,
                &f.name,
                ledger.projects.iter().map(|p| &p.name),
                Some(p),
            )?;
            // Its milestones and log are items of their own: they move over as they are.
            let mut new = project_model(ledger, f, Vec::new(), Vec::new())?;
            let old = &mut ledger.projects[p];
            new.milestones = std::mem::take(&mut old.milestones);
            new.updates = std::mem::take(&mut old.updates);
            *old = new;
        }
        (Item::Milestone { project, milestone }, Fields::Milestone(f)) => {
            let m = f.model(ledger)?;
            let pr = &ledger.projects[project];
            unique(
                Kind::Milestone,
                &m.name,
                pr.milestones.iter().map(|m| &m.name),
                Some(milestone),
            )?;
            ledger.projects[project].milestones[milestone] = m;
        }
        _ => return Err(missing(item)),
    }
    Ok(was)
}

/// Puts `new` at `at` (the items after it move down one).
pub fn add(ledger: &mut Ledger, at: Item, new: &NewItem) -> Result<(), ChangeError> {
    match (at, new) {
        (Item::Unit(u), NewItem::Unit(f, pledges)) => {
            if u > ledger.units.len() {
                return Err(missing(at));
            }
            name_ok(Kind::Unit, &f.name)?;
            unique(
                Kind::Unit,
                &f.name,
                ledger.units.iter().map(|u| &u.name),
                None,
            )?;
            for p in pledges {
                check_pledge(p, ledger)?;
            }
            renumber_units(ledger, |id| if id >= u { id + 1 } else { id });
            ledger.units.insert(
                u,
                Unit {
                    name: f.name.clone(),
                    pinyin: f.pinyin.clone(),
                    leader: f.leader.clone(),
                    title: f.title.clone(),
                    pledges: pledges.clone(),
                },
            );
        }
        (Item::Pledge { unit, pledge }, NewItem::Pledge(p)) => {
            check_pledge(p, ledger)?;
            let list = &mut ledger
                .units
                .get_mut(unit)
                .ok_or_else(|| missing(at))?
                .pledges;
            if pledge > list.len() {
                return Err(missing(at));
            }
            list.insert(pledge, p.clone());
        }
        (Item::Project(p), NewItem::Project(f, milestones, updates)) => {
            if p > ledger.projects.len() {
                return Err(missing(at));
            }
            unique(
                Kind::Project,
                &f.name,
                ledger.projects.iter().map(|p| &p.name),
                None,
            )?;
            let ms = milestones
                .iter()
                .map(|m| m.model(ledger))
                .collect::<Result<Vec<_>, _>>()?;
            let project = project_model(ledger, f, ms, updates.clone())?;
            ledger.projects.insert(p, project);
        }
        (Item::Milestone { project, milestone }, NewItem::Milestone(f)) => {
            let m = f.model(ledger)?;
            let pr = ledger
                .projects
                .get_mut(project)
                .ok_or_else(|| missing(at))?;
            if milestone > pr.milestones.len() {
                return Err(missing(at));
            }
            unique(
                Kind::Milestone,
                &m.name,
                pr.milestones.iter().map(|m| &m.name),
                None,
            )?;
            pr.milestones.insert(milestone, m);
        }
        _ => return Err(missing(at)),
    }
    Ok(())
}

/// Takes the item at `at` out; returns it whole (what puts it back).
pub fn remove(ledger: &mut Ledger, at: Item) -> Result<NewItem, ChangeError> {
    let whole = item_of(ledger, at).ok_or_else(|| missing(at))?;
    match at {
        Item::Unit(u) => {
            let users = projects_naming(ledger, u);
            if !users.is_empty() {
                return refuse(Refusal::UnitInUse(ledger.units[u].name.clone(), users));
            }
            ledger.units.remove(u);
            renumber_units(ledger, |id| if id > u { id - 1 } else { id });
        }
        Item::Pledge { unit, pledge } => {
            ledger.units[unit].pledges.remove(pledge);
        }
        Item::Project(p) => {
            ledger.projects.remove(p);
        }
        Item::Milestone { project, milestone } => {
            ledger.projects[project].milestones.remove(milestone);
        }
    }
    Ok(whole)
}

/// The projects that name unit `u` as lead, support, or a milestone's unit.
pub fn projects_naming(ledger: &Ledger, u: UnitId) -> Vec<CompactString> {
    ledger
        .projects
        .iter()
        .filter(|p| p.names_unit(u))
        .map(|p| p.name.clone())
        .collect()
}

fn renumber_units(ledger: &mut Ledger, f: impl Fn(UnitId) -> UnitId) {
    for p in &mut ledger.projects {
        p.lead = f(p.lead);
        for s in &mut p.support {
            *s = f(*s);
        }
        for m in &mut p.milestones {
            if let Some(u) = &mut m.unit {
                *u = f(*u);
            }
        }
    }
}
