//! The ledger's rules a change can break, typed until the edge where they become words.

use chrono::NaiveDate;
use compact_str::CompactString;

use super::item::Kind;

/// Why a change breaks one of the ledger's rules. Nothing is changed or written.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    EmptyName(Kind),
    /// Another item of the kind (within the project, for a milestone) has the name.
    DuplicateName(Kind, CompactString),
    UnknownUnit(CompactString),
    UnknownCategory(CompactString),
    /// The unit is still named by these projects (lead, support or a milestone's unit).
    UnitInUse(CompactString, Vec<CompactString>),
    /// A figure below zero, not a number, or beyond any real figure.
    BadAmount(crate::ledger::Figure, f64),
    /// A done date before the campaign could have started.
    DoneTooEarly(NaiveDate),
    /// A pledge target without its measure word, or a measure without a target.
    TargetWithoutMeasure,
    /// Monthly figures on a project without investment figures.
    MonthWithoutInvestment,
    BadMonth(u32),
    /// Progress means something only against a target.
    ProgressWithoutTarget,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::EmptyName(k) => write!(f, "a {} needs a name", k.word()),
            Refusal::DuplicateName(Kind::Milestone, n) => {
                write!(f, "the project already has a milestone named \"{n}\"")
            }
            Refusal::DuplicateName(k, n) => {
                write!(f, "a {} named \"{n}\" already exists", k.word())
            }
            Refusal::UnknownUnit(n) => write!(f, "no unit is named \"{n}\""),
            Refusal::UnknownCategory(c) => {
                write!(f, "\"{c}\" is not one of the ledger's categories")
            }
            Refusal::UnitInUse(u, projects) => write!(
                f,
                "unit \"{u}\" is still named by {}: {}",
                if projects.len() == 1 {
                    "project"
                } else {
                    "projects"
                },
                projects.join(", ")
            ),
            Refusal::BadAmount(what, x) => {
                let why = if *x < 0.0 {
                    "a figure cannot be below 0"
                } else {
                    "expected a real figure, 0 or more"
                };
                write!(f, "{} is {x}; {why}", what.words(crate::lang::Lang::En))
            }
            Refusal::DoneTooEarly(d) => {
                write!(f, "{d} is before the campaign could have started")
            }
            Refusal::TargetWithoutMeasure => {
                write!(f, "a target and its measure word go together")
            }
            Refusal::MonthWithoutInvestment => {
                write!(f, "monthly figures need the project's investment figures")
            }
            Refusal::BadMonth(m) => write!(f, "{m} is not a month"),
            Refusal::ProgressWithoutTarget => {
                write!(
                    f,
                    "the pledge has no target, so progress against it means nothing"
                )
            }
        }
    }
}

impl Kind {
    pub fn word(self) -> &'static str {
        match self {
            Kind::Unit => "unit",
            Kind::Pledge => "pledge",
            Kind::Project => "project",
            Kind::Milestone => "milestone",
        }
    }
}
