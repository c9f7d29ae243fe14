//! A name typed for an item (on the command line) that the ledger does not have, or has
//! several of: typed, so that the edge says it in the user's language.

/// What a typed name names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameOf {
    Unit,
    Pledge,
    Project,
    Milestone,
    Category,
}

impl NameOf {
    /// The English word, for logs and English messages.
    pub fn word(self) -> &'static str {
        match self {
            NameOf::Unit => "unit",
            NameOf::Pledge => "pledge",
            NameOf::Project => "project",
            NameOf::Milestone => "milestone",
            NameOf::Category => "category",
        }
    }
}

/// A name typed for an item that the ledger does not have (or has several of).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotFound {
    /// No item of this kind is named so; the closest names, best first (maybe none).
    Named {
        kind: NameOf,
        typed: String,
        closest: Vec<String>,
    },
    /// What was typed begins several names: these.
    Ambiguous {
        kind: NameOf,
        typed: String,
        candidates: Vec<String>,
    },
    /// The project has no such milestone; its milestones.
    Milestone {
        project: String,
        typed: String,
        milestones: Vec<String>,
    },
}

impl std::fmt::Display for NotFound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let quoted = |v: &[String]| {
            v.iter()
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            NotFound::Named {
                kind,
                typed,
                closest,
            } if closest.is_empty() => {
                write!(f, "no {} named \"{typed}\"", kind.word())
            }
            NotFound::Named {
                kind,
                typed,
                closest,
            } => write!(
                f,
                "no {} named \"{typed}\" (did you mean {}?)",
                kind.word(),
                quoted(closest)
            ),
            NotFound::Ambiguous {
                kind,
                typed,
                candidates,
            } => write!(
                f,
                "\"{typed}\" fits the names of several {}s: {}; give more of the name",
                kind.word(),
                quoted(candidates)
            ),
            NotFound::Milestone {
                project,
                typed,
                milestones,
            } => write!(
                f,
                "project \"{project}\" has no milestone \"{typed}\"; it has: {}",
                milestones.join(", ")
            ),
        }
    }
}
