//! Problems found in a ledger file, each pinned to a line and column.

use crate::lang::Lang;

pub use super::finding::{Figure, Finding};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The ledger cannot be used until this is fixed.
    Error,
    /// The ledger loads, but something deserves a look (e.g. hidden control characters).
    Warning,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub line: usize,
    pub col: usize,
    pub severity: Severity,
    /// What is wrong and what was expected, typed; words come from [`Problem::message`].
    pub finding: Finding,
}

impl Problem {
    pub fn error(line: usize, col: usize, finding: Finding) -> Self {
        Self {
            line,
            col,
            severity: Severity::Error,
            finding,
        }
    }

    /// What is wrong, in `lang`, without the place.
    pub fn message(&self, lang: Lang) -> String {
        super::sanitize::clean(self.finding.words(lang)).0
    }

    /// The problem with its place, for a terminal: `FILE:LINE:COL: message` in English (the
    /// form editors make clickable), `FILE 第 L 行第 C 列：…` in Chinese.
    pub fn display_in(&self, file: &str, lang: Lang) -> String {
        let message = self.message(lang);
        match lang {
            Lang::En => {
                let level = match self.severity {
                    Severity::Error => "",
                    Severity::Warning => "warning: ",
                };
                format!("{file}:{}:{}: {level}{message}", self.line, self.col)
            }
            Lang::Zh => {
                let level = match self.severity {
                    Severity::Error => "",
                    Severity::Warning => super::finding::ZH_WARNING,
                };
                format!("{file} {level}{}", self.at(lang, &message))
            }
        }
    }

    /// The place and the message as one sentence: "第 12 行第 40 列是全角逗号…",
    /// "line 12, column 40: …".
    pub fn at(&self, lang: Lang, message: &str) -> String {
        super::finding::place(lang, self.line, self.col, self.finding.is_character()) + message
    }
}
