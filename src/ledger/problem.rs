//! Problems found in a ledger file, each pinned to a line and column.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The ledger cannot be used until this is fixed.
    Error,
    /// The ledger loads, but something deserves a look (e.g. hidden control characters).
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub col: usize,
    pub severity: Severity,
    /// What is wrong and what was expected.
    pub message: String,
}

impl Problem {
    pub fn error(line: usize, col: usize, message: impl Into<String>) -> Self {
        Self {
            line,
            col,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    /// `FILE:LINE:COL: message`, the form editors and terminals make clickable.
    pub fn display_in<'a>(&'a self, file: &'a str) -> impl fmt::Display + 'a {
        struct In<'a>(&'a Problem, &'a str);
        impl fmt::Display for In<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let p = self.0;
                let level = match p.severity {
                    Severity::Error => "",
                    Severity::Warning => "warning: ",
                };
                write!(f, "{}:{}:{}: {level}{}", self.1, p.line, p.col, p.message)
            }
        }
        In(self, file)
    }
}
