//! Forms: each field on its line with its label, the cursor in the one being typed into,
//! what Tab would complete a unit's name to, and a refused value's reason under its field.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{block, centered};
use crate::ledger::change::{Item, NewItem, item_of};
use crate::ui::Action;
use crate::ui::app::{App, FieldError, FieldLabel, Form, FormKind};
use crate::ui::i18n::{EditTexts, fill, fill_all};
use crate::ui::keymap::{Context, Pick};
use crate::ui::width::{around_cursor, fit, width};

const WIDTH: u16 = 64;

fn label(e: &EditTexts, l: FieldLabel) -> &'static str {
    match l {
        FieldLabel::Name => e.label_name,
        FieldLabel::Due => e.label_due,
        FieldLabel::Unit => e.label_unit,
        FieldLabel::Lead => e.label_lead,
        FieldLabel::Support => e.label_support,
        FieldLabel::Category => e.label_category,
        FieldLabel::Leader => e.label_leader,
        FieldLabel::Title => e.label_title,
        FieldLabel::Scale => e.label_scale,
        FieldLabel::Total => e.label_total,
        FieldLabel::Plan => e.label_plan,
        FieldLabel::Month => e.label_month,
        FieldLabel::MonthDone => e.label_month_done,
        FieldLabel::Text => e.label_text,
        FieldLabel::Target => e.label_target,
        FieldLabel::Measure => e.label_measure,
        FieldLabel::Progress => e.label_progress,
        FieldLabel::DoneOn => e.label_done_on,
    }
}

/// A refused value, in words.
pub fn field_error_text(app: &App, err: &FieldError) -> String {
    let e = &app.text().edits;
    match err {
        FieldError::Required => e.err_required.to_string(),
        FieldError::NotADate(s) => fill(e.err_not_a_date, s),
        FieldError::NoSuchDay(s) => fill(e.err_no_such_day, s),
        FieldError::TooEarly => e.err_too_early.to_string(),
        FieldError::AfterToday => fill(e.err_after_today, app.today),
        FieldError::NotANumber(s) => fill(e.err_not_a_number, s),
        FieldError::Negative => e.err_negative.to_string(),
        FieldError::NotAMonth(s) => fill(e.err_not_a_month, s),
        FieldError::UnknownUnit(s, hint) => {
            let mut t = fill(e.err_unknown_unit, s);
            if let Some(h) = hint {
                t.push_str(&fill(e.err_did_you_mean, h));
            }
            t
        }
        FieldError::UnknownCategory(s) => fill(e.err_unknown_category, s),
        FieldError::Refused(r) => crate::ui::update::refusal_text(app.lang, r),
    }
}

/// The form's title, with the item it is about.
fn title(app: &App, kind: FormKind) -> String {
    let e = &app.text().edits;
    let l = &app.ledger;
    let (what, about) = match kind {
        FormKind::Invest { project } => (e.title_invest, l.projects[project].name.to_string()),
        FormKind::Move { project, milestone } => (
            e.title_move,
            format!(
                "{} / {}",
                l.projects[project].name, l.projects[project].milestones[milestone].name
            ),
        ),
        FormKind::AddMilestone { project } => {
            (e.title_add_milestone, l.projects[project].name.to_string())
        }
        FormKind::AddProject => (e.title_add_project, String::new()),
        FormKind::AddUnit => (e.title_add_unit, String::new()),
        FormKind::AddPledge { unit } => (e.title_add_pledge, l.units[unit].name.to_string()),
        FormKind::Edit(item) => (e.title_edit, crate::ui::update::item_words(app, item)),
        FormKind::ClosePledge { unit, pledge } => (
            e.title_close_pledge,
            l.units[unit].pledges[pledge].text.to_string(),
        ),
    };
    let about = fit(&about, 40);
    if about.is_empty() {
        format!(" {what} ")
    } else {
        format!(" {what} · {about} ")
    }
}

pub fn render_form(frame: &mut Frame, app: &App, form: &Form, area: Rect) {
    let t = app.text();
    let e = &t.edits;
    let th = app.theme;
    let label_width = form
        .fields
        .iter()
        .map(|f| width(label(e, f.label)))
        .max()
        .unwrap_or(0);
    let inner_width = usize::from(WIDTH.min(area.width).saturating_sub(2));
    let room = inner_width.saturating_sub(label_width + 4);
    let units: Vec<&str> = app.ledger.units.iter().map(|u| u.name.as_str()).collect();
    let pinyin: Vec<Option<&str>> = app
        .ledger
        .units
        .iter()
        .map(|u| u.pinyin.as_deref())
        .collect();
    let mut lines = Vec::new();
    for (i, f) in form.fields.iter().enumerate() {
        let name = label(e, f.label);
        let pad = " ".repeat(label_width - width(name));
        let focused = i == form.focus;
        let mut spans = vec![Span::styled(format!("{pad}{name} "), th.header())];
        if focused {
            let (before, after) = f.text.split();
            let (before, after) = around_cursor(before, after, room.saturating_sub(2));
            spans.push(Span::styled("[", th.focus_border()));
            spans.push(Span::raw(before));
            spans.push(Span::styled(th.cursor(), th.focus_border()));
            spans.push(Span::raw(after));
            spans.push(Span::styled("]", th.focus_border()));
        } else {
            spans.push(Span::styled(" ", th.dim()));
            spans.push(Span::raw(fit(f.text.as_str(), room)));
        }
        lines.push(Line::from(spans));
        if focused && let Some(c) = f.completion(&units, &pinyin) {
            let c = c
                .names
                .iter()
                .take(3)
                .copied()
                .collect::<Vec<_>>()
                .join(" / ");
            lines.push(Line::from(Span::styled(
                fit(
                    &format!(
                        "{}  {} {c}",
                        " ".repeat(label_width),
                        app.keymap.fill_keys(
                            e.completes,
                            &[(Context::Form, Action::NextField, Pick::First)]
                        )
                    ),
                    inner_width,
                ),
                th.dim(),
            )));
        }
        if let Some((at, err)) = &form.error
            && *at == i
        {
            lines.push(Line::from(Span::styled(
                format!(
                    "{}  {}",
                    " ".repeat(label_width),
                    field_error_text(app, err)
                ),
                th.error(),
            )));
        }
    }
    lines.push(Line::from(""));
    let form_hint = app.keymap.fill_keys(
        e.form_hint,
        &[
            (Context::Form, Action::NextField, Pick::First),
            (Context::Form, Action::Confirm, Pick::First),
            (Context::Form, Action::Cancel, Pick::First),
        ],
    );
    lines.push(Line::from(Span::styled(form_hint, th.dim())));
    let lines = super::wrapped(lines, WIDTH.min(area.width).saturating_sub(2));
    let rect = centered(area, WIDTH, (lines.len() as u16).saturating_add(2));
    super::clear_popup(frame, rect);
    let outer = block(th, title(app, form.kind), true);
    let inner = outer.inner(rect);
    frame.render_widget(outer, rect);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Removing an item: what goes with it, or why it cannot go.
pub fn render_confirm_remove(frame: &mut Frame, app: &App, at: Item, area: Rect) {
    let t = app.text();
    let e = &t.edits;
    let th = app.theme;
    let l = &app.ledger;
    let what = match item_of(l, at) {
        Some(NewItem::Project(p, ms, ups)) => format!(
            "{} {} ({} {} · {} {})",
            e.project,
            p.name,
            ms.len(),
            e.milestone,
            ups.len(),
            t.updates
        ),
        Some(NewItem::Unit(u, pledges)) => {
            format!("{} {} ({} {})", e.unit, u.name, pledges.len(), e.pledge)
        }
        _ => crate::ui::update::item_words(app, at),
    };
    let users = match at {
        Item::Unit(u) => crate::ledger::change::projects_naming(l, u),
        _ => Vec::new(),
    };
    let mut lines = Vec::new();
    let (title, hint) = if let (Item::Unit(u), false) = (at, users.is_empty()) {
        let why = fill_all(
            e.unit_in_use,
            &[&l.units[u].name, &users.join(t.names_separator)],
        );
        lines.push(Line::from(Span::styled(why, th.error())));
        let hint = app.keymap.fill_keys(
            e.remove_blocked_hint,
            &[(Context::Dialog, Action::Cancel, Pick::All)],
        );
        (e.remove_blocked_title, hint)
    } else {
        lines.push(Line::from(fit(&fill(e.remove_goes, what), 60)));
        let hint = app.keymap.fill_keys(
            e.remove_hint,
            &[
                (Context::Dialog, Action::Confirm, Pick::All),
                (Context::Dialog, Action::Cancel, Pick::All),
            ],
        );
        (e.remove_title, hint)
    };
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(hint, th.dim())));
    let lines = super::wrapped(lines, WIDTH.min(area.width).saturating_sub(2));
    let rect = centered(area, WIDTH, (lines.len() as u16).saturating_add(2));
    super::clear_popup(frame, rect);
    let outer = block(th, format!(" {title} "), true);
    let inner = outer.inner(rect);
    frame.render_widget(outer, rect);
    frame.render_widget(Paragraph::new(lines), inner);
}
