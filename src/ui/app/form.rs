//! Forms a clerk types into: several fields, Tab between them, units completed from the
//! ledger's, dates as the office writes them. A form knows what it edits and which field
//! each value comes from; turning it into a change is `update`'s.

use crate::ledger::change::Item;
use crate::ledger::names;

use super::TextField;

/// What a form does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    /// This month's completed investment, and the plan and total (月报).
    Invest {
        project: usize,
    },
    /// A milestone's new due date (倒排工期).
    Move {
        project: usize,
        milestone: usize,
    },
    AddMilestone {
        project: usize,
    },
    AddProject,
    AddUnit,
    AddPledge {
        unit: usize,
    },
    /// An item's own fields (its name among them).
    Edit(Item),
    /// A pledge fulfilled: the day.
    ClosePledge {
        unit: usize,
        pledge: usize,
    },
}

/// What a field holds, which decides how it is read and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Free text; `required` refuses it empty.
    Text {
        required: bool,
    },
    Date {
        required: bool,
    },
    /// A figure, 0 or more; empty leaves it unset.
    Number,
    /// A month of the ledger's year.
    Month,
    /// One of the ledger's units; Tab completes it.
    Unit {
        required: bool,
    },
    /// Several units, separated by 、 or commas.
    Units,
    /// One of the ledger's categories.
    Category,
}

/// Which label a field shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldLabel {
    Name,
    Due,
    Unit,
    Lead,
    Support,
    Category,
    Leader,
    Title,
    Scale,
    Total,
    Plan,
    Month,
    MonthDone,
    Text,
    Target,
    Measure,
    Progress,
    DoneOn,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormField {
    pub label: FieldLabel,
    pub kind: FieldKind,
    pub text: TextField,
}

/// What a unit field's typing could complete to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion<'a> {
    /// The field's text before the name being typed (the units listed before it).
    pub head: &'a str,
    pub typed: &'a str,
    /// The units whose names it could be: one, or several that begin alike.
    pub names: Vec<&'a str>,
}

impl FormField {
    /// The unit names the name being typed could be, from `units`; None outside a unit
    /// field, or when the name is empty or already one of them.
    /// `pinyin`: each unit's override, if any (pinyin completes too: qngw to 区农工委).
    pub fn completion<'a>(
        &'a self,
        units: &[&'a str],
        pinyin: &[Option<&str>],
    ) -> Option<Completion<'a>> {
        let all = self.text.as_str();
        let (head, typed) = match self.kind {
            FieldKind::Unit { .. } => ("", all.trim()),
            FieldKind::Units => match all.rfind(['、', ',', '，']) {
                Some(i) => {
                    let sep = all[i..].chars().next().map_or(1, char::len_utf8);
                    (&all[..i + sep], all[i + sep..].trim())
                }
                None => ("", all.trim()),
            },
            _ => return None,
        };
        if typed.is_empty() || units.contains(&typed) {
            return None;
        }
        let read = (units.iter().enumerate()).map(|(i, &u)| (u, pinyin.get(i).copied().flatten()));
        let names = match names::find_read(typed, read, true) {
            names::Found::Exact(i) | names::Found::Prefix(i) => vec![units[i]],
            names::Found::Ambiguous(v) => v.iter().map(|&i| units[i]).collect(),
            names::Found::NotFound(_) => return None,
        };
        Some(Completion { head, typed, names })
    }
}

impl Completion<'_> {
    /// The field's text completed: the one name, or as far as the names agree; None when
    /// that adds nothing to what was typed.
    pub fn completed(&self) -> Option<String> {
        let first = self.names.first()?;
        let common = self.names.iter().fold(first.len(), |n, name| {
            first
                .char_indices()
                .zip(name.chars())
                .take_while(|((_, a), b)| a == b)
                .last()
                .map_or(0, |((at, a), _)| at + a.len_utf8())
                .min(n)
        });
        (self.names.len() == 1 || common > self.typed.len())
            .then(|| format!("{}{}", self.head, &first[..common]))
    }
}

/// Why a field's value is refused, shown beside it.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldError {
    Required,
    NotADate(String),
    NoSuchDay(String),
    /// Before the campaign could have started.
    TooEarly,
    /// After today, for a done date.
    AfterToday,
    NotANumber(String),
    Negative,
    NotAMonth(String),
    UnknownUnit(String, Option<String>),
    UnknownCategory(String),
    /// A rule of the ledger, as the change was refused.
    Refused(crate::ledger::change::Refusal),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub kind: FormKind,
    pub fields: Vec<FormField>,
    pub focus: usize,
    /// The field with a problem, and the problem.
    pub error: Option<(usize, FieldError)>,
}

impl Form {
    pub fn new(kind: FormKind, fields: Vec<(FieldLabel, FieldKind, String)>) -> Self {
        Form {
            kind,
            fields: fields
                .into_iter()
                .map(|(label, kind, text)| FormField {
                    label,
                    kind,
                    text: TextField::new(&text),
                })
                .collect(),
            focus: 0,
            error: None,
        }
    }

    pub fn focused(&mut self) -> Option<&mut FormField> {
        self.fields.get_mut(self.focus)
    }

    /// The text of the field with this label.
    pub fn value(&self, label: FieldLabel) -> &str {
        self.fields
            .iter()
            .find(|f| f.label == label)
            .map_or("", |f| f.text.as_str().trim())
    }

    pub fn index_of(&self, label: FieldLabel) -> usize {
        self.fields
            .iter()
            .position(|f| f.label == label)
            .unwrap_or(0)
    }

    /// Tab: the next field, round to the first.
    pub fn next(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len().max(1);
    }

    pub fn prev(&mut self) {
        let n = self.fields.len().max(1);
        self.focus = (self.focus + n - 1) % n;
    }
}
