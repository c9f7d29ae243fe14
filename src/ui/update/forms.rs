//! Forms: opened on the selected item, typed into field by field, turned into one change
//! when saved. A value that cannot be read, or a change the ledger's rules refuse, keeps
//! the form open with the reason beside the field; nothing is saved.

use chrono::{Datelike, NaiveDate};
use compact_str::CompactString;

use super::saving::{self, try_commit};
use crate::ledger::change::{
    Fields, Item, MilestoneFields, NewItem, PledgeEntry, ProjectFields, Refusal, UnitFields,
    fields_of, move_milestone, parse_month_typed, record_pledge, set_investment,
};
use crate::ledger::number::literal;
use crate::ledger::{
    Change, ChangeError, Figure, Investment, Pledge, WhenError, names, parse_campaign_day,
};
use crate::ui::action::{Action, Effect};
use crate::ui::app::{
    App, FieldError, FieldKind, FieldLabel as L, Focus, Form, FormKind, Mode, View,
};

/// Text as typed in a form; names this long are a paste gone wrong.
pub const MAX_FIELD: usize = 200;

/// The item the edit keys act on in the current view and focus.
pub(super) fn selected_item(app: &App) -> Option<Item> {
    match (app.view, app.focus) {
        (View::Projects, Focus::Table) => app.selected_project().map(Item::Project),
        (View::Projects, Focus::Detail) | (View::Timeline, _) => {
            app.target_milestone().map(|m| Item::Milestone {
                project: m.project,
                milestone: m.milestone,
            })
        }
        (View::Units, Focus::Table) => app.selected_unit().map(Item::Unit),
        (View::Units, Focus::Detail) => {
            let unit = app.selected_unit()?;
            let pledge = app.pledges.selected;
            (pledge < app.ledger.units[unit].pledges.len()).then_some(Item::Pledge { unit, pledge })
        }
        (View::Overview, _) => None,
    }
}

fn figure(x: Option<f64>) -> String {
    x.map(literal).unwrap_or_default()
}

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

const TEXT: FieldKind = FieldKind::Text { required: false };
const NAME: FieldKind = FieldKind::Text { required: true };

/// The form a key opens, on the selected item; None where it does not apply.
pub(super) fn open(app: &mut App, action: Action) {
    let item = selected_item(app);
    let l = &app.ledger;
    let project = app
        .selected_project()
        .filter(|_| app.view == View::Projects);
    let unit = app.selected_unit().filter(|_| app.view == View::Units);
    let form = match action {
        Action::Invest => project.map(|p| {
            let pr = &l.projects[p];
            let inv = pr.investment.unwrap_or_default();
            let month = if app.today.year() == l.year {
                app.today.month()
            } else if app.today.year() > l.year {
                12
            } else {
                1
            };
            Form::new(
                FormKind::Invest { project: p },
                vec![
                    (
                        L::Month,
                        FieldKind::Month,
                        crate::ledger::month_text(l.year, month),
                    ),
                    (
                        L::MonthDone,
                        FieldKind::Number,
                        figure(pr.month_done(month)),
                    ),
                    (L::Plan, FieldKind::Number, figure(inv.plan)),
                    (L::Total, FieldKind::Number, figure(inv.total)),
                ],
            )
        }),
        Action::MoveDue => match item {
            Some(Item::Milestone { project, milestone }) => Some(Form::new(
                FormKind::Move { project, milestone },
                vec![(
                    L::Due,
                    FieldKind::Date { required: true },
                    l.projects[project].milestones[milestone].due.to_string(),
                )],
            )),
            _ => None,
        },
        Action::AddItem => match (project, unit) {
            (Some(p), _) => Some(Form::new(
                FormKind::AddMilestone { project: p },
                milestone_form(None),
            )),
            (None, Some(u)) => Some(Form::new(
                FormKind::AddPledge { unit: u },
                pledge_form(None),
            )),
            _ => None,
        },
        Action::AddOuter => match app.view {
            View::Projects => Some(Form::new(FormKind::AddProject, project_form(None))),
            View::Units => Some(Form::new(FormKind::AddUnit, unit_form(None))),
            _ => None,
        },
        Action::EditItem => item.and_then(|item| edit_form(app, item)),
        _ => None,
    };
    if let Some(form) = form {
        app.mode = Mode::Form(form);
    }
}

type FieldList = Vec<(L, FieldKind, String)>;

fn shown(x: Option<&CompactString>) -> String {
    x.map(|s| s.to_string()).unwrap_or_default()
}

/// The fields of a form for a project: empty to add one, filled to edit `f`.
fn project_form(f: Option<&ProjectFields>) -> FieldList {
    let inv = f.and_then(|f| f.investment).unwrap_or_default();
    vec![
        (L::Name, NAME, shown(f.map(|f| &f.name))),
        (
            L::Category,
            FieldKind::Category,
            shown(f.and_then(|f| f.category.as_ref())),
        ),
        (
            L::Lead,
            FieldKind::Unit { required: true },
            shown(f.map(|f| &f.lead)),
        ),
        (
            L::Support,
            FieldKind::Units,
            f.map(|f| f.support.join("、")).unwrap_or_default(),
        ),
        (L::Leader, TEXT, shown(f.and_then(|f| f.leader.as_ref()))),
        (L::Total, FieldKind::Number, figure(inv.total)),
        (L::Plan, FieldKind::Number, figure(inv.plan)),
        (L::Scale, TEXT, shown(f.and_then(|f| f.scale.as_ref()))),
    ]
}

fn unit_form(u: Option<&UnitFields>) -> FieldList {
    vec![
        (L::Name, NAME, shown(u.map(|u| &u.name))),
        (L::Leader, TEXT, shown(u.and_then(|u| u.leader.as_ref()))),
        (L::Title, TEXT, shown(u.and_then(|u| u.title.as_ref()))),
    ]
}

/// A pledge's fields; its progress only once it exists.
fn pledge_form(p: Option<&Pledge>) -> FieldList {
    let mut fields = vec![
        (L::Text, NAME, shown(p.map(|p| &p.text))),
        (
            L::Due,
            FieldKind::Date { required: false },
            date(p.and_then(|p| p.due)),
        ),
        (
            L::Target,
            FieldKind::Number,
            figure(p.and_then(|p| p.target)),
        ),
        (L::Measure, TEXT, shown(p.and_then(|p| p.measure.as_ref()))),
    ];
    if let Some(p) = p {
        fields.push((L::Progress, FieldKind::Number, figure(p.progress)));
    }
    fields
}

fn milestone_form(m: Option<&MilestoneFields>) -> FieldList {
    vec![
        (L::Name, NAME, shown(m.map(|m| &m.name))),
        (
            L::Due,
            FieldKind::Date { required: true },
            date(m.map(|m| m.due)),
        ),
        (
            L::Unit,
            FieldKind::Unit { required: false },
            shown(m.and_then(|m| m.unit.as_ref())),
        ),
    ]
}

fn edit_form(app: &App, item: Item) -> Option<Form> {
    let fields = match fields_of(&app.ledger, item)? {
        Fields::Unit(u) => unit_form(Some(&u)),
        Fields::Pledge(p) => pledge_form(Some(&p)),
        Fields::Project(p) => project_form(Some(&p)),
        Fields::Milestone(m) => milestone_form(Some(&m)),
    };
    Some(Form::new(FormKind::Edit(item), fields))
}

/// `x` on a pledge: close it on a day (a form), or open a closed one again.
pub(super) fn close_pledge(app: &mut App) -> Option<Vec<Effect>> {
    let Some(Item::Pledge { unit, pledge }) = selected_item(app) else {
        return None;
    };
    if app.ledger.units[unit].pledges[pledge].done.is_some() {
        let change = record_pledge(&app.ledger, unit, pledge, PledgeEntry::Reopen).ok()?;
        return Some(saving::commit(app, change));
    }
    app.mode = Mode::Form(Form::new(
        FormKind::ClosePledge { unit, pledge },
        vec![(
            L::DoneOn,
            FieldKind::Date { required: true },
            app.today.to_string(),
        )],
    ));
    Some(Vec::new())
}

/// A key in a form.
pub(super) fn key(app: &mut App, mut form: Form, action: Action) -> Vec<Effect> {
    match action {
        Action::Cancel => {
            app.mode = Mode::Browse;
            return Vec::new();
        }
        Action::NextField if !complete(app, &mut form) => form.next(),
        Action::NextField => {}
        Action::PrevField => form.prev(),
        Action::Input(c) => {
            if let Some(f) = form.focused() {
                f.text.insert(c.encode_utf8(&mut [0; 4]), MAX_FIELD);
            }
            form.error = None;
        }
        Action::Backspace | Action::Edit(_) => {
            let edit = super::dialogs::line_edit(action);
            if let Some(f) = form.focused() {
                f.text.edit(edit);
            }
        }
        Action::Confirm => return submit(app, form),
        _ => {}
    }
    app.mode = Mode::Form(form);
    Vec::new()
}

/// Text pasted or typed several characters at once (an input method).
pub(super) fn type_into(form: &mut Form, text: &str) {
    if let Some(f) = form.focused() {
        f.text.insert(text, MAX_FIELD);
    }
    form.error = None;
}

/// Tab in a unit field: the name completed from the ledger's units. False when there was
/// nothing to complete (Tab then moves on).
fn complete(app: &App, form: &mut Form) -> bool {
    let units: Vec<&str> = app.ledger.units.iter().map(|u| u.name.as_str()).collect();
    let pinyin: Vec<Option<&str>> = app
        .ledger
        .units
        .iter()
        .map(|u| u.pinyin.as_deref())
        .collect();
    let Some(field) = form.fields.get_mut(form.focus) else {
        return false;
    };
    let Some(text) = field
        .completion(&units, &pinyin)
        .and_then(|c| c.completed())
    else {
        return false;
    };
    field.text = crate::ui::app::TextField::new(&text);
    true
}

type Read<T> = Result<T, (L, FieldError)>;

fn required(form: &Form, label: L) -> Read<CompactString> {
    let v = form.value(label);
    if v.is_empty() {
        return Err((label, FieldError::Required));
    }
    Ok(crate::ledger::sanitize::clean(v.to_string()).0.into())
}

fn optional(form: &Form, label: L) -> Option<CompactString> {
    let v = form.value(label);
    (!v.is_empty()).then(|| crate::ledger::sanitize::clean(v.to_string()).0.into())
}

fn day(form: &Form, label: L, year: i32) -> Read<Option<NaiveDate>> {
    let v = form.value(label);
    if v.is_empty() {
        return Ok(None);
    }
    match parse_campaign_day(v, year) {
        Ok(d) => Ok(Some(d)),
        Err(WhenError::BeforeCampaign { .. }) => Err((label, FieldError::TooEarly)),
        Err(WhenError::NoSuchDay { .. }) => Err((label, FieldError::NoSuchDay(v.into()))),
        Err(_) => Err((label, FieldError::NotADate(v.into()))),
    }
}

fn due(form: &Form, label: L, year: i32) -> Read<NaiveDate> {
    day(form, label, year)?.ok_or((label, FieldError::Required))
}

fn number(form: &Form, label: L) -> Read<Option<f64>> {
    let v = form.value(label);
    if v.is_empty() {
        return Ok(None);
    }
    let folded: String = v.chars().map(names::half_width).collect();
    match folded.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(Some(x)),
        Ok(x) if x < 0.0 => Err((label, FieldError::Negative)),
        _ => Err((label, FieldError::NotANumber(v.into()))),
    }
}

fn unit_name(app: &App, form: &Form, label: L) -> Read<Option<CompactString>> {
    let v = form.value(label);
    if v.is_empty() {
        return Ok(None);
    }
    unit_called(app, v).map(Some).map_err(|e| (label, e))
}

fn unit_called(app: &App, typed: &str) -> Result<CompactString, FieldError> {
    let units: Vec<&str> = app.ledger.units.iter().map(|u| u.name.as_str()).collect();
    let pinyin = app.ledger.units.iter().map(|u| u.pinyin.as_deref());
    let closest = match names::find_read(typed, units.iter().copied().zip(pinyin), false) {
        names::Found::Exact(i) => return Ok(units[i].into()),
        names::Found::Prefix(i) => Some(i),
        names::Found::Ambiguous(v) | names::Found::NotFound(v) => v.first().copied(),
    };
    Err(FieldError::UnknownUnit(
        typed.into(),
        closest.map(|i| units[i].into()),
    ))
}

fn units_named(app: &App, form: &Form, label: L) -> Read<Vec<CompactString>> {
    form.value(label)
        .split(['、', ',', '，'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| unit_called(app, s).map_err(|e| (label, e)))
        .collect()
}

fn category(app: &App, form: &Form) -> Read<Option<CompactString>> {
    let v = form.value(L::Category);
    if v.is_empty() || app.ledger.categories.is_empty() {
        return Ok(optional(form, L::Category));
    }
    let names: Vec<&str> = app.ledger.categories.iter().map(|c| c.as_str()).collect();
    match names::find(v, names.iter().copied(), true) {
        names::Found::Exact(i) | names::Found::Prefix(i) => Ok(Some(names[i].into())),
        _ => Err((L::Category, FieldError::UnknownCategory(v.into()))),
    }
}

fn read_project(app: &App, form: &Form, was: Option<&ProjectFields>) -> Read<ProjectFields> {
    let total = number(form, L::Total)?;
    let plan = number(form, L::Plan)?;
    let mut investment = was.and_then(|w| w.investment).unwrap_or_default();
    investment.total = total;
    investment.plan = plan;
    Ok(ProjectFields {
        name: required(form, L::Name)?,
        // Not on the form: an override written in the file stays.
        pinyin: was.and_then(|w| w.pinyin.clone()),
        category: category(app, form)?,
        lead: unit_name(app, form, L::Lead)?.ok_or((L::Lead, FieldError::Required))?,
        support: units_named(app, form, L::Support)?,
        leader: optional(form, L::Leader),
        investment: (investment != Investment::default()).then_some(investment),
        monthly: was.map(|w| w.monthly.clone()).unwrap_or_default(),
        scale: optional(form, L::Scale),
    })
}

fn read_unit(form: &Form, was: Option<&UnitFields>) -> Read<UnitFields> {
    Ok(UnitFields {
        name: required(form, L::Name)?,
        // Not on the form: an override written in the file stays.
        pinyin: was.and_then(|w| w.pinyin.clone()),
        leader: optional(form, L::Leader),
        title: optional(form, L::Title),
    })
}

/// A pledge as the form says; what the form does not show is kept from `was`.
fn read_pledge(form: &Form, year: i32, was: Option<Pledge>) -> Read<Pledge> {
    let kept = was.unwrap_or(Pledge {
        text: CompactString::default(),
        due: None,
        target: None,
        measure: None,
        progress: None,
        done: None,
        by: None,
    });
    let shows_progress = form.fields.iter().any(|f| f.label == L::Progress);
    Ok(Pledge {
        text: required(form, L::Text)?,
        due: day(form, L::Due, year)?,
        target: number(form, L::Target)?,
        measure: optional(form, L::Measure),
        progress: if shows_progress {
            number(form, L::Progress)?
        } else {
            kept.progress
        },
        ..kept
    })
}

/// A milestone as the form says: a new one, or `was` with its due date moved as a re-plan.
fn read_milestone(app: &App, form: &Form, was: Option<MilestoneFields>) -> Read<MilestoneFields> {
    let name = required(form, L::Name)?;
    let due = due(form, L::Due, app.ledger.year)?;
    let unit = unit_name(app, form, L::Unit)?;
    Ok(match was {
        Some(mut m) => {
            m.move_to(due);
            MilestoneFields { name, unit, ..m }
        }
        None => MilestoneFields {
            name,
            due,
            baseline: None,
            done: None,
            by: None,
            unit,
        },
    })
}

/// Why a form is not saved: a field that cannot be read, or the change it makes.
enum Problem {
    Field(L, FieldError),
    Change(ChangeError),
}

impl From<(L, FieldError)> for Problem {
    fn from((label, e): (L, FieldError)) -> Self {
        Problem::Field(label, e)
    }
}

impl From<ChangeError> for Problem {
    fn from(e: ChangeError) -> Self {
        Problem::Change(e)
    }
}

fn add(at: Item, item: NewItem) -> Change {
    Change::Add {
        at,
        item: Box::new(item),
    }
}

/// The change the form asks for, from its fields.
fn change_of(app: &App, form: &Form) -> Result<Change, Problem> {
    let l = &app.ledger;
    let year = l.year;
    Ok(match form.kind {
        FormKind::Invest { project } => {
            let month = form.value(L::Month);
            let month = parse_month_typed(month, year)
                .map_err(|_| (L::Month, FieldError::NotAMonth(month.into())))?;
            let done = number(form, L::MonthDone)?;
            let (plan, total) = (number(form, L::Plan)?, number(form, L::Total)?);
            set_investment(l, project, done.map(|d| (month, d)), plan, total)?
        }
        FormKind::Move { project, milestone } => {
            move_milestone(l, project, milestone, due(form, L::Due, year)?)?
        }
        FormKind::AddMilestone { project } => add(
            Item::Milestone {
                project,
                milestone: l.projects[project].milestones.len(),
            },
            NewItem::Milestone(read_milestone(app, form, None)?),
        ),
        FormKind::AddProject => add(
            Item::Project(l.projects.len()),
            NewItem::Project(read_project(app, form, None)?, Vec::new(), Vec::new()),
        ),
        FormKind::AddUnit => add(
            Item::Unit(l.units.len()),
            NewItem::Unit(read_unit(form, None)?, Vec::new()),
        ),
        FormKind::AddPledge { unit } => add(
            Item::Pledge {
                unit,
                pledge: l.units[unit].pledges.len(),
            },
            NewItem::Pledge(read_pledge(form, year, None)?),
        ),
        FormKind::ClosePledge { unit, pledge } => {
            let on = due(form, L::DoneOn, year)?;
            crate::rules::check_done_date(on, app.today)
                .map_err(|_| (L::DoneOn, FieldError::AfterToday))?;
            record_pledge(
                l,
                unit,
                pledge,
                PledgeEntry::Done(on, app.user.as_str().into()),
            )?
        }
        FormKind::Edit(item) => {
            let was = fields_of(l, item).ok_or(ChangeError::Missing("item".into()))?;
            let fields = match was {
                Fields::Unit(u) => Fields::Unit(read_unit(form, Some(&u))?),
                Fields::Pledge(p) => Fields::Pledge(read_pledge(form, year, Some(p))?),
                Fields::Project(p) => Fields::Project(read_project(app, form, Some(&p))?),
                Fields::Milestone(m) => Fields::Milestone(read_milestone(app, form, Some(m))?),
            };
            Change::Set {
                item,
                fields: Box::new(fields),
            }
        }
    })
}

/// The field a refusal is about.
fn field_of(r: &Refusal) -> L {
    match r {
        Refusal::EmptyName(_) | Refusal::DuplicateName(..) => L::Name,
        Refusal::UnknownUnit(_) | Refusal::UnitInUse(..) => L::Lead,
        Refusal::UnknownCategory(_) => L::Category,
        Refusal::BadAmount(what, _) => match what {
            Figure::Target => L::Target,
            Figure::Progress => L::Progress,
            Figure::InvestmentTotal => L::Total,
            Figure::InvestmentPlan => L::Plan,
            _ => L::MonthDone,
        },
        Refusal::DoneTooEarly(_) => L::DoneOn,
        Refusal::TargetWithoutMeasure | Refusal::ProgressWithoutTarget => L::Target,
        Refusal::MonthWithoutInvestment | Refusal::BadMonth(_) => L::Month,
    }
}

fn submit(app: &mut App, mut form: Form) -> Vec<Effect> {
    if !super::browse::writable(app) {
        app.mode = Mode::Browse;
        return Vec::new();
    }
    let change = match change_of(app, &form) {
        Ok(c) => c,
        Err(Problem::Field(label, e)) => {
            let at = form.index_of(label);
            form.focus = at;
            form.error = Some((at, e));
            app.mode = Mode::Form(form);
            return Vec::new();
        }
        Err(Problem::Change(e)) => {
            app.mode = Mode::Browse;
            return saving::commit_error(app, e);
        }
    };
    app.mode = Mode::Browse;
    match try_commit(app, change) {
        Ok(effects) => effects,
        Err(ChangeError::Rejected(r)) => {
            // The names and units a form knows: the first of the form's fields that
            // carries the label, else the one focused.
            let label = field_of(&r);
            let at = (form.fields.iter().position(|f| f.label == label))
                .or_else(|| form.fields.iter().position(|f| f.label == L::Text))
                .unwrap_or(form.focus);
            form.focus = at;
            form.error = Some((at, FieldError::Refused(r)));
            app.mode = Mode::Form(form);
            Vec::new()
        }
        Err(e) => saving::commit_error(app, e),
    }
}
