//! The office's rules as pure functions of the ledger and a `today` date.

mod colour;
mod stats;

pub use colour::{Colour, Countdown, countdown, milestone_colour, next_open, project_colour};
pub use stats::{
    ColourCounts, InvestmentLag, ScoreRow, Totals, UnitStats, investment_lag, pledge_attainment,
    scorecard, totals, unit_stats, year_elapsed_share,
};
