//! tracker: the campaign ledger (台账) of a district's major projects, in the terminal.
//!
//! `ledger` reads, checks and saves the file; `rules` computes colours and statistics;
//! `ui` is the terminal interface; `cli` parses the command line.

pub mod cli;
pub mod config;
pub mod excel;
pub mod generate;
pub mod git;
pub mod lang;
pub mod ledger;
pub mod paths;
pub mod report;
pub mod rules;
pub mod trend;
pub mod ui;

pub use lang::Lang;
