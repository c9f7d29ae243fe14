//! The office's rules as pure functions of the ledger and a `today` date.

mod checks;
mod colour;
mod stats;

pub use checks::{DoneDateError, ProgressError, check_done_date, check_progress, pledge_attained};
pub use colour::{
    Colour, Countdown, colour_on, countdown, milestone_colour, next_open, next_open_index,
    project_colour,
};
pub use stats::{
    Amounts, ColourCounts, InvestmentLag, ScoreRow, Totals, UnitStats, count_project,
    investment_lag, milestone_counts, pledge_attainment, scorecard, totals, unit_attainment,
    unit_stats, year_elapsed_share,
};
