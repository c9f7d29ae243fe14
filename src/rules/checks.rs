//! Checks on what a user is about to record, shared by the command line and the UI.

use chrono::NaiveDate;

use crate::ledger::number::compact;
use crate::ledger::{MAX_QUANTITY, Pledge};

/// Why a cross-off date is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DoneDateError {
    #[error(
        "done date {done} is after today ({today}); a milestone is crossed off once it is done, not in advance"
    )]
    AfterToday { done: NaiveDate, today: NaiveDate },
}

/// A milestone cannot be recorded as done on a day that has not come yet.
pub fn check_done_date(done: NaiveDate, today: NaiveDate) -> Result<(), DoneDateError> {
    if done > today {
        return Err(DoneDateError::AfterToday { done, today });
    }
    Ok(())
}

/// Why a pledge's progress is refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProgressError {
    #[error(
        "this pledge has no target, so progress on it means nothing; give it a target and measure first"
    )]
    NoTarget,
    #[error("progress {} is not a number from 0 to {max}", compact(*.0), max = compact(MAX_QUANTITY))]
    OutOfRange(f64),
}

/// Checks a new `progress` for a pledge; clearing it (`None`) is always allowed.
pub fn check_progress(pledge: &Pledge, progress: Option<f64>) -> Result<(), ProgressError> {
    let Some(x) = progress else { return Ok(()) };
    if pledge.target.is_none() {
        return Err(ProgressError::NoTarget);
    }
    // The loader's bound: a value it would refuse must not be saved.
    if !(0.0..=MAX_QUANTITY).contains(&x) {
        return Err(ProgressError::OutOfRange(x));
    }
    Ok(())
}

/// A pledge is attained when fulfilled (`done`) or when its progress has reached its
/// target: it is then no longer due, whatever its date.
pub fn pledge_attained(p: &Pledge) -> bool {
    p.done.is_some() || p.target.is_some_and(|t| p.progress.unwrap_or(0.0) >= t)
}
