//! A span-aware reading of RON text: where each value, struct field and list item starts and
//! ends. `ron` gives positions only for parse errors; validation messages (FILE:LINE:COL) and
//! in-place edits need them for any value.
//!
//! One reader: `lex` turns bytes into tokens, `scan` walks the grammar along a path,
//! skipping everything off it without allocating, and `query` answers questions with it.
//! Only the text up to the end of the value found is checked.

pub(crate) mod lex;
mod query;
mod scan;
#[cfg(test)]
pub(crate) mod tests;

use std::fmt;
use std::ops::Range;

/// One step of a path from the top-level value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Seg<'a> {
    /// A named field of a struct.
    Field(&'a str),
    /// The n-th item of a list or tuple (from 0).
    Index(usize),
}

/// Text that is not RON, with the byte offset where reading stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at byte {}: {}", self.offset, self.message)
    }
}

impl std::error::Error for SyntaxError {}

/// What a value looks like. `Some(x)` reports the kind of `x`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// `Name(...)` or a non-empty `(...)`: structs, tuples, tuple structs.
    Struct,
    List,
    Map,
    Str,
    Number,
    Bool,
    Char,
    /// A bare identifier: `None`, unit structs and unit variants.
    Ident,
    /// `()`.
    Unit,
}

/// A value's byte span (including any `Some(` wrapper around it) and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub span: Range<usize>,
    pub kind: ValueKind,
}

/// One `name: value` of a struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSpan {
    pub name: String,
    pub name_span: Range<usize>,
    /// The whole value as written, `Some(..)` included.
    pub value_span: Range<usize>,
    /// Byte offset of the comma after the value, if any.
    pub comma: Option<usize>,
}

/// A struct's brackets and fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StructSpans {
    /// The whole struct including its optional name (not any `Some(` around it).
    pub span: Range<usize>,
    /// Byte of `(`.
    pub open: usize,
    /// Byte of `)`.
    pub close: usize,
    pub fields: Vec<FieldSpan>,
}

/// A list's brackets and items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListSpans {
    /// The list itself, `[` to `]` (not any `Some(` around it).
    pub span: Range<usize>,
    pub open: usize,
    pub close: usize,
    /// Each item's span and the comma after it.
    pub items: Vec<(Range<usize>, Option<usize>)>,
}

#[cfg(test)]
pub(crate) use query::check_document;
pub(crate) use query::value_starts;
pub use query::{check_value, line_col, list_at, locate, struct_at};
