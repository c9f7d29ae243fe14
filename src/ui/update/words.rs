//! Changes in words, for the status line and the conflict dialog.

use chrono::NaiveDate;

use crate::lang::{Lang, fill as lang_fill};
use crate::ledger::change::{Fields, Item, Kind, NameOf, NotFound, Refusal};
use crate::ledger::number::display;
use crate::ledger::{Change, ChangeError, WhenError};
use crate::ui::app::App;
use crate::ui::i18n::{EditTexts, fill, fill_all};

fn kind_word(t: &EditTexts, k: Kind) -> &'static str {
    match k {
        Kind::Unit => t.unit,
        Kind::Pledge => t.pledge,
        Kind::Project => t.project,
        Kind::Milestone => t.milestone,
    }
}

/// Why a change was refused, in the interface's language.
pub fn refusal_text(lang: Lang, r: &Refusal) -> String {
    let t = &crate::ui::i18n::text(lang).edits;
    let names = crate::ui::i18n::text(lang).names_separator;
    match r {
        Refusal::EmptyName(k) => fill(t.empty_name, kind_word(t, *k)),
        Refusal::DuplicateName(k, n) => fill_all(t.duplicate_name, &[&kind_word(t, *k), n]),
        Refusal::UnknownUnit(n) => fill(t.unknown_unit, n),
        Refusal::UnknownCategory(c) => fill(t.unknown_category, c),
        Refusal::UnitInUse(u, projects) => fill_all(t.unit_in_use, &[u, &projects.join(names)]),
        Refusal::BadAmount(what, x) => fill_all(t.bad_amount, &[&what.words(lang), &display(*x)]),
        Refusal::DoneTooEarly(d) => fill(t.done_too_early, d),
        Refusal::TargetWithoutMeasure => t.target_without_measure.to_string(),
        Refusal::MonthWithoutInvestment => t.month_without_investment.to_string(),
        Refusal::BadMonth(m) => fill(t.bad_month, m),
        Refusal::ProgressWithoutTarget => t.progress_without_target.to_string(),
    }
}

/// A change's failure in words: the ledger's rules in the interface's language.
pub fn change_error_text(app: &App, e: &ChangeError) -> String {
    match e {
        ChangeError::Rejected(r) => refusal_text(app.lang, r),
        other => change_error_words(app.lang, other),
    }
}

fn name_of_word(t: &EditTexts, n: NameOf) -> &'static str {
    match n {
        NameOf::Unit => t.unit,
        NameOf::Pledge => t.pledge,
        NameOf::Project => t.project,
        NameOf::Milestone => t.milestone,
        NameOf::Category => t.category,
    }
}

/// A date or month typed that names no day of the campaign, in words.
pub fn when_words(lang: Lang, e: &WhenError) -> String {
    let t = &crate::ui::i18n::text(lang).edits;
    match e {
        WhenError::NotADate(s) => fill(t.err_not_a_date, s),
        WhenError::NoSuchDay { year, month, day } => {
            fill(t.err_no_such_day, format!("{year}-{month:02}-{day:02}"))
        }
        WhenError::BeforeCampaign { date, year } => {
            lang_fill(t.when_before_campaign, &[date, year, &(year - 1)])
        }
        WhenError::NotAMonth(s) => fill(t.err_not_a_month, s),
        WhenError::MonthOutsideYear { text, year } => {
            lang_fill(t.when_month_outside, &[text, year, year])
        }
    }
}

/// Any change's failure in `lang`, with no interface at hand (the commands use it too).
pub fn change_error_words(lang: Lang, e: &ChangeError) -> String {
    let t = &crate::ui::i18n::text(lang).edits;
    let all = crate::ui::i18n::text(lang);
    let list = |v: &[String]| {
        v.iter()
            .map(|n| fill(all.quoted, n))
            .collect::<Vec<_>>()
            .join(all.names_separator)
    };
    let refused = |why: String| fill(t.with_nothing_written, why);
    match e {
        ChangeError::Missing(what) => fill(t.missing_item, what),
        ChangeError::NotFound(NotFound::Named {
            kind,
            typed,
            closest,
        }) => {
            let mut s = lang_fill(t.not_found, &[&name_of_word(t, *kind), typed]);
            if !closest.is_empty() {
                s.push_str(&fill(t.closest, list(closest)));
            }
            s
        }
        ChangeError::NotFound(NotFound::Ambiguous {
            kind,
            typed,
            candidates,
        }) => lang_fill(
            t.ambiguous,
            &[&name_of_word(t, *kind), typed, &list(candidates)],
        ),
        ChangeError::NotFound(NotFound::Milestone {
            project,
            typed,
            milestones,
        }) => lang_fill(
            t.no_milestone_in,
            &[project, typed, &milestones.join(all.names_separator)],
        ),
        ChangeError::Edit(e) => fill(t.edit_failed, e),
        ChangeError::Invalid { file, problems } => {
            let mut s = t.invalid_on_disk.to_string();
            for p in problems {
                s.push('\n');
                if file.is_empty() {
                    s.push_str(&p.at(lang, &p.message(lang)));
                } else {
                    s.push_str(&p.display_in(file, lang));
                }
            }
            s
        }
        ChangeError::Finding(f) => refused(f.words(lang)),
        ChangeError::Refused(why) => refused(why.clone()),
        ChangeError::Rejected(r) => refused(refusal_text(lang, r)),
        ChangeError::Date(w) => refused(when_words(lang, w)),
        ChangeError::Unverified(what) => fill(t.unverified, what),
    }
}

/// The item a form's change is about, by name (`project / milestone` for a milestone).
fn item_name(app: &App, item: Item, own: &str) -> String {
    let l = &app.ledger;
    match item {
        Item::Milestone { project, .. } => {
            let p = l.projects.get(project).map_or("", |p| p.name.as_str());
            format!("{p} / {own}")
        }
        Item::Pledge { unit, .. } => {
            let u = l.units.get(unit).map_or("", |u| u.name.as_str());
            format!("{u} / {own}")
        }
        _ => own.to_string(),
    }
}

/// The item at `at`, by name, for a form's title.
pub fn item_words(app: &App, at: Item) -> String {
    match crate::ledger::change::fields_of(&app.ledger, at) {
        Some(f) => item_name(app, at, f.name()),
        None => String::new(),
    }
}

/// A form's change in words: what it did, found by comparing it with what it replaced.
fn describe_form(app: &App, change: &Change, before: &Change) -> Option<String> {
    let e = &app.text().edits;
    Some(match (change, before) {
        (Change::Set { item, fields }, Change::Set { fields: was, .. }) => {
            let kind = kind_word(e, item.kind());
            let name = item_name(app, *item, fields.name());
            if was.name() != fields.name() {
                let mut renamed_only = was.as_ref().clone();
                *renamed_only.name_mut() = fields.name().into();
                let words = if renamed_only == **fields {
                    fill_all(e.renamed, &[&kind, &was.name(), &fields.name()])
                } else {
                    fill_all(e.renamed_and_edited, &[&kind, &name, &was.name()])
                };
                return Some(words);
            }
            match (fields.as_ref(), was.as_ref()) {
                (Fields::Milestone(m), Fields::Milestone(w)) if m.due != w.due => {
                    fill_all(e.moved, &[&name, &w.due, &m.due])
                }
                (Fields::Project(p), Fields::Project(w)) if p.monthly != w.monthly => {
                    let month = |m: u32| crate::ledger::month_text(app.ledger.year, m);
                    let set = p.monthly.iter().find(|m| !w.monthly.contains(m));
                    let gone = w
                        .monthly
                        .iter()
                        .find(|m| !p.monthly.iter().any(|n| n.month == m.month));
                    match (set, gone) {
                        (Some(m), _) => {
                            fill_all(e.month_done, &[&name, &month(m.month), &display(m.done)])
                        }
                        (None, Some(m)) => fill_all(e.month_cleared, &[&name, &month(m.month)]),
                        (None, None) => fill_all(e.edited, &[&kind, &name]),
                    }
                }
                (Fields::Project(p), Fields::Project(w)) if p.investment != w.investment => {
                    fill(e.investment, &name)
                }
                (Fields::Pledge(p), Fields::Pledge(w)) if p.done.is_some() && w.done.is_none() => {
                    format!("{} {name}", e.pledge_closed)
                }
                (Fields::Pledge(p), Fields::Pledge(w)) if p.done.is_none() && w.done.is_some() => {
                    format!("{} {name}", e.pledge_reopened)
                }
                _ => fill_all(e.edited, &[&kind, &name]),
            }
        }
        (Change::Add { at, item }, _) => {
            let name = item_name(app, *at, item.name());
            fill_all(e.added, &[&kind_word(e, at.kind()), &name])
        }
        (Change::Remove { at }, Change::Add { item, .. }) => {
            let name = item_name(app, *at, item.name());
            fill_all(e.removed, &[&kind_word(e, at.kind()), &name])
        }
        (Change::Exactly { change, .. }, _) => describe(app, change, before),
        _ => return None,
    })
}

/// A short description of a change, for the status line; `before` is its inverse (what
/// it replaced).
pub fn describe(app: &App, change: &Change, before: &Change) -> String {
    if let Some(words) = describe_form(app, change, before) {
        return words;
    }
    let t = app.text();
    let l = &app.ledger;
    match change {
        Change::MilestoneDone {
            project,
            milestone,
            done,
            ..
        } => {
            let p = l.projects.get(*project);
            let names = p.map_or_else(String::new, |p| {
                let m = p.milestones.get(*milestone).map_or("", |m| m.name.as_str());
                format!("{} / {m}", p.name)
            });
            match done {
                Some(d) => format!("{} {names} ({d})", t.crossed_off),
                None => format!("{} {names}", t.unmarked),
            }
        }
        Change::AddUpdate { project, update } => {
            let name = l.projects.get(*project).map_or("", |p| p.name.as_str());
            format!("{} {name}: {}", t.updates, update.text)
        }
        Change::RemoveLastUpdate { project, .. } => {
            let name = l.projects.get(*project).map_or("", |p| p.name.as_str());
            format!("{} {name} −1", t.updates)
        }
        Change::PledgeProgress {
            unit,
            pledge,
            progress,
        } => {
            let text = l
                .units
                .get(*unit)
                .and_then(|u| u.pledges.get(*pledge))
                .map_or("", |p| p.text.as_str());
            let v = progress.map_or_else(|| "—".to_string(), crate::ledger::number::display);
            format!("{} {text}: {v}", t.col_pledges)
        }
        // Described above.
        Change::Set { .. }
        | Change::Add { .. }
        | Change::Remove { .. }
        | Change::Exactly { .. } => String::new(),
    }
}

/// The value a change sets and the value the ledger holds now, in words (for a conflict).
pub fn values_of(app: &App, change: &Change) -> (String, String) {
    let t = app.text();
    let done_by = |done: &Option<NaiveDate>, by: &Option<compact_str::CompactString>| match done {
        Some(d) => format!(
            "{} {d}{}",
            t.crossed_off,
            by.as_deref().map(|b| format!(" ({b})")).unwrap_or_default()
        ),
        None => t.not_crossed_off.to_string(),
    };
    let number =
        |x: &Option<f64>| x.map_or_else(|| "—".to_string(), crate::ledger::number::display);
    let l = &app.ledger;
    match change {
        Change::MilestoneDone {
            project,
            milestone,
            done,
            by,
        } => {
            let now = l
                .projects
                .get(*project)
                .and_then(|p| p.milestones.get(*milestone));
            (
                done_by(done, by),
                now.map_or_else(String::new, |m| done_by(&m.done, &m.by)),
            )
        }
        Change::PledgeProgress {
            unit,
            pledge,
            progress,
        } => {
            let now = l
                .units
                .get(*unit)
                .and_then(|u| u.pledges.get(*pledge))
                .map(|p| p.progress);
            (
                number(progress),
                now.map_or_else(String::new, |x| number(&x)),
            )
        }
        other => (describe(app, other, other), String::new()),
    }
}
