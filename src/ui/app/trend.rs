//! The weekly trend the Overview charts: counted from git history on the worker, asked for
//! only while the Overview is shown, and again after the history changed.

use crate::trend::Trend;

/// What the last count gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Counted {
    Trend(Trend),
    /// The ledger is not in a git work tree (or git is not installed): no history.
    NoHistory,
    /// git failed, in its words.
    Failed(String),
}

/// The trend shown, and whether it is still the history's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrendCache {
    pub counted: Option<Counted>,
    /// Bumped whenever the history may have changed (a commit, a sync, a reload, a new day).
    pub generation: u64,
    /// The generation `counted` is of.
    pub counted_of: Option<u64>,
    /// The generation being counted on the worker.
    pub asked_of: Option<u64>,
}

impl TrendCache {
    /// The history may have changed: count again when next shown.
    pub fn outdated(&mut self) {
        self.generation += 1;
    }

    /// The generation to ask for, if a count is due and none is under way for it.
    pub fn to_ask(&self) -> Option<u64> {
        let current = Some(self.generation);
        (self.counted_of != current && self.asked_of != current).then_some(self.generation)
    }

    pub fn answered(&mut self, generation: u64, counted: Counted) {
        if self.asked_of == Some(generation) {
            self.asked_of = None;
        }
        // An answer older than one already shown is dropped.
        if self.counted_of.is_none_or(|g| g <= generation) {
            self.counted = Some(counted);
            self.counted_of = Some(generation);
        }
    }
}
