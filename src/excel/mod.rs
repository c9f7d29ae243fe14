//! The 台账 in Excel: the workbook the meeting prints (`export`).

pub mod export;
mod words;

pub use export::workbook;
