//! The 台账 in Excel: the workbook the meeting prints (`export`), and a ledger from an
//! office's existing spreadsheet (`import`).

pub mod export;
pub mod import;
pub mod report;
pub mod words;

pub use export::workbook;
