//! Forms: opened on the selected item, typed into field by field, turned into one change
//! when saved. A value that cannot be read, or a change the ledger's rules refuse, keeps
//! the form open with the reason beside the field; nothing is saved.

use chrono::{Datelike, NaiveDate};
use compact_str::CompactString;

use super::saving::{self, try_commit};
use crate::ledger::change::{
    Fields, InvestmentEntry, Item, MilestoneFields, NewItem, PledgeEntry, ProjectFields, Refusal,
    UnitFields, fields_of, move_milestone, parse_month_typed, record_investment, record_pledge,
};
use crate::ledger::number::literal;
use crate::ledger::{Change, ChangeError, Investment, Pledge, WhenError, names, parse_when};
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

fn text(s: &Option<CompactString>) -> String {
    s.as_deref().unwrap_or_default().to_string()
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
                    (L::Month, FieldKind::Month, format!("{}-{month:02}", l.year)),
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
                vec![
                    (L::Name, NAME, String::new()),
                    (L::Due, FieldKind::Date { required: true }, String::new()),
                    (L::Unit, FieldKind::Unit { required: false }, String::new()),
                ],
            )),
            (None, Some(u)) => Some(Form::new(
                FormKind::AddPledge { unit: u },
                vec![
                    (L::Text, NAME, String::new()),
                    (L::Due, FieldKind::Date { required: false }, String::new()),
                    (L::Target, FieldKind::Number, String::new()),
                    (L::Measure, TEXT, String::new()),
                ],
            )),
            _ => None,
        },
        Action::AddOuter => match app.view {
            View::Projects => Some(Form::new(FormKind::AddProject, project_fields(None))),
            View::Units => Some(Form::new(
                FormKind::AddUnit,
                vec![
                    (L::Name, NAME, String::new()),
                    (L::Leader, TEXT, String::new()),
                    (L::Title, TEXT, String::new()),
                ],
            )),
            _ => None,
        },
        Action::EditItem => item.and_then(|item| edit_form(app, item)),
        _ => None,
    };
    if let Some(form) = form {
        app.mode = Mode::Form(form);
    }
}

fn project_fields(f: Option<&ProjectFields>) -> Vec<(L, FieldKind, String)> {
    let inv = f.and_then(|f| f.investment).unwrap_or_default();
    let s = |x: Option<&CompactString>| x.map(|s| s.to_string()).unwrap_or_default();
    vec![
        (L::Name, NAME, s(f.map(|f| &f.name))),
        (
            L::Category,
            FieldKind::Category,
            s(f.and_then(|f| f.category.as_ref())),
        ),
        (
            L::Lead,
            FieldKind::Unit { required: true },
            s(f.map(|f| &f.lead)),
        ),
        (
            L::Support,
            FieldKind::Units,
            f.map(|f| f.support.join("、")).unwrap_or_default(),
        ),
        (L::Leader, TEXT, s(f.and_then(|f| f.leader.as_ref()))),
        (L::Total, FieldKind::Number, figure(inv.total)),
        (L::Plan, FieldKind::Number, figure(inv.plan)),
        (L::Scale, TEXT, s(f.and_then(|f| f.scale.as_ref()))),
    ]
}

fn edit_form(app: &App, item: Item) -> Option<Form> {
    let fields = match fields_of(&app.ledger, item)? {
        Fields::Unit(u) => vec![
            (L::Name, NAME, u.name.to_string()),
            (L::Leader, TEXT, text(&u.leader)),
            (L::Title, TEXT, text(&u.title)),
        ],
        Fields::Pledge(p) => vec![
            (L::Text, NAME, p.text.to_string()),
            (L::Due, FieldKind::Date { required: false }, date(p.due)),
            (L::Target, FieldKind::Number, figure(p.target)),
            (L::Measure, TEXT, text(&p.measure)),
            (L::Progress, FieldKind::Number, figure(p.progress)),
        ],
        Fields::Project(p) => project_fields(Some(&p)),
        Fields::Milestone(m) => vec![
            (L::Name, NAME, m.name.to_string()),
            (
                L::Due,
                FieldKind::Date { required: true },
                m.due.to_string(),
            ),
            (L::Unit, FieldKind::Unit { required: false }, text(&m.unit)),
        ],
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
    let Some(field) = form.fields.get_mut(form.focus) else {
        return false;
    };
    let all = field.text.as_str().to_string();
    let (head, typed) = match field.kind {
        FieldKind::Unit { .. } => ("", all.trim()),
        FieldKind::Units => match all.rfind(['、', ',', '，']) {
            Some(i) => {
                let sep = all[i..].chars().next().map_or(1, char::len_utf8);
                (&all[..i + sep], all[i + sep..].trim())
            }
            None => ("", all.trim()),
        },
        _ => return false,
    };
    if typed.is_empty() || units.contains(&typed) {
        return false;
    }
    let name = match names::find(typed, units.iter().copied(), true) {
        names::Found::Exact(i) | names::Found::Prefix(i) => units[i],
        names::Found::Ambiguous(v) => {
            // As far as the names agree.
            let first = units[v[0]];
            let common = v.iter().fold(first.len(), |n, &i| {
                first
                    .char_indices()
                    .zip(units[i].chars())
                    .take_while(|((_, a), b)| a == b)
                    .last()
                    .map_or(0, |((at, a), _)| at + a.len_utf8())
                    .min(n)
            });
            if common <= typed.len() {
                return false;
            }
            &first[..common]
        }
        names::Found::NotFound(_) => return false,
    };
    field.text = crate::ui::app::TextField::new(&format!("{head}{name}"));
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
    match parse_when(v, year) {
        Ok(d) if d.year() < year - 1 => Err((label, FieldError::TooEarly)),
        Ok(d) => Ok(Some(d)),
        Err(WhenError::NoSuchDay { .. }) => Err((label, FieldError::NoSuchDay(v.into()))),
        Err(WhenError::NotADate(_)) => Err((label, FieldError::NotADate(v.into()))),
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
    let closest = match names::find(typed, units.iter().copied(), false) {
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

fn project_form_fields(app: &App, form: &Form, was: Option<&ProjectFields>) -> Read<ProjectFields> {
    let total = number(form, L::Total)?;
    let plan = number(form, L::Plan)?;
    let mut investment = was.and_then(|w| w.investment).unwrap_or_default();
    investment.total = total;
    investment.plan = plan;
    Ok(ProjectFields {
        name: required(form, L::Name)?,
        category: category(app, form)?,
        lead: unit_name(app, form, L::Lead)?.ok_or((L::Lead, FieldError::Required))?,
        support: units_named(app, form, L::Support)?,
        leader: optional(form, L::Leader),
        investment: (investment != Investment::default()).then_some(investment),
        monthly: was.map(|w| w.monthly.clone()).unwrap_or_default(),
        scale: optional(form, L::Scale),
    })
}

/// The change the form asks for, from its fields.
fn change_of(app: &App, form: &Form) -> Result<Read<Change>, ChangeError> {
    let l = &app.ledger;
    let year = l.year;
    let read = || -> Read<Result<Change, ChangeError>> {
        Ok(match form.kind {
            FormKind::Invest { project } => {
                let month = form.value(L::Month);
                let month = parse_month_typed(month, year)
                    .map_err(|_| (L::Month, FieldError::NotAMonth(month.into())))?;
                let done = number(form, L::MonthDone)?;
                let entry = InvestmentEntry {
                    month: done.map(|d| (month, d)),
                    plan: None,
                    total: None,
                };
                let (plan, total) = (number(form, L::Plan)?, number(form, L::Total)?);
                record_investment(l, project, entry).map(|c| match c {
                    Change::Set { item, mut fields } => {
                        if let Fields::Project(f) = fields.as_mut() {
                            let mut inv = f.investment.unwrap_or_default();
                            inv.plan = plan;
                            inv.total = total;
                            f.investment = (inv != Investment::default()).then_some(inv);
                        }
                        Change::Set { item, fields }
                    }
                    other => other,
                })
            }
            FormKind::Move { project, milestone } => {
                move_milestone(l, project, milestone, due(form, L::Due, year)?)
            }
            FormKind::AddMilestone { project } => Ok(Change::Add {
                at: Item::Milestone {
                    project,
                    milestone: l.projects[project].milestones.len(),
                },
                item: Box::new(NewItem::Milestone(MilestoneFields {
                    name: required(form, L::Name)?,
                    due: due(form, L::Due, year)?,
                    baseline: None,
                    done: None,
                    by: None,
                    unit: unit_name(app, form, L::Unit)?,
                })),
            }),
            FormKind::AddProject => Ok(Change::Add {
                at: Item::Project(l.projects.len()),
                item: Box::new(NewItem::Project(
                    project_form_fields(app, form, None)?,
                    Vec::new(),
                    Vec::new(),
                )),
            }),
            FormKind::AddUnit => Ok(Change::Add {
                at: Item::Unit(l.units.len()),
                item: Box::new(NewItem::Unit(
                    UnitFields {
                        name: required(form, L::Name)?,
                        leader: optional(form, L::Leader),
                        title: optional(form, L::Title),
                    },
                    Vec::new(),
                )),
            }),
            FormKind::AddPledge { unit } => Ok(Change::Add {
                at: Item::Pledge {
                    unit,
                    pledge: l.units[unit].pledges.len(),
                },
                item: Box::new(NewItem::Pledge(Pledge {
                    text: required(form, L::Text)?,
                    due: day(form, L::Due, year)?,
                    target: number(form, L::Target)?,
                    measure: optional(form, L::Measure),
                    progress: None,
                    done: None,
                    by: None,
                })),
            }),
            FormKind::ClosePledge { unit, pledge } => {
                let on = due(form, L::DoneOn, year)?;
                if on > app.today {
                    return Err((L::DoneOn, FieldError::AfterToday));
                }
                record_pledge(
                    l,
                    unit,
                    pledge,
                    PledgeEntry::Done(on, app.user.as_str().into()),
                )
            }
            FormKind::Edit(item) => {
                let Some(was) = fields_of(l, item) else {
                    return Ok(Err(ChangeError::Missing("item".into())));
                };
                let fields = match was {
                    Fields::Unit(_) => Fields::Unit(UnitFields {
                        name: required(form, L::Name)?,
                        leader: optional(form, L::Leader),
                        title: optional(form, L::Title),
                    }),
                    Fields::Pledge(p) => Fields::Pledge(Pledge {
                        text: required(form, L::Text)?,
                        due: day(form, L::Due, year)?,
                        target: number(form, L::Target)?,
                        measure: optional(form, L::Measure),
                        progress: number(form, L::Progress)?,
                        ..p
                    }),
                    Fields::Project(p) => {
                        Fields::Project(project_form_fields(app, form, Some(&p))?)
                    }
                    Fields::Milestone(m) => {
                        let new_due = due(form, L::Due, year)?;
                        let baseline = m.baseline.unwrap_or(m.due);
                        Fields::Milestone(MilestoneFields {
                            name: required(form, L::Name)?,
                            due: new_due,
                            baseline: (new_due != baseline).then_some(baseline),
                            unit: unit_name(app, form, L::Unit)?,
                            ..m
                        })
                    }
                };
                Ok(Change::Set {
                    item,
                    fields: Box::new(fields),
                })
            }
        })
    };
    match read() {
        Ok(change) => change.map(Ok),
        Err(e) => Ok(Err(e)),
    }
}

/// The field a refusal is about.
fn field_of(r: &Refusal) -> Option<L> {
    Some(match r {
        Refusal::EmptyName(_) | Refusal::DuplicateName(..) => L::Name,
        Refusal::UnknownUnit(_) | Refusal::UnitInUse(..) => L::Lead,
        Refusal::UnknownCategory(_) => L::Category,
        Refusal::BadAmount(what, _) => match *what {
            "target" => L::Target,
            "progress" => L::Progress,
            "investment total" => L::Total,
            "investment plan" => L::Plan,
            _ => L::MonthDone,
        },
        Refusal::DoneTooEarly(_) => L::DoneOn,
        Refusal::TargetWithoutMeasure | Refusal::ProgressWithoutTarget => L::Target,
        Refusal::MonthWithoutInvestment | Refusal::BadMonth(_) => L::Month,
    })
}

fn submit(app: &mut App, mut form: Form) -> Vec<Effect> {
    if !super::browse::writable(app) {
        app.mode = Mode::Browse;
        return Vec::new();
    }
    let change = match change_of(app, &form) {
        Ok(Ok(c)) => c,
        Ok(Err((label, e))) => {
            let at = form.index_of(label);
            form.focus = at;
            form.error = Some((at, e));
            app.mode = Mode::Form(form);
            return Vec::new();
        }
        Err(e) => {
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
            let at = field_of(&r)
                .and_then(|l| form.fields.iter().position(|f| f.label == l))
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
