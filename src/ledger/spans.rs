//! A span-aware reading of RON text: where each value, struct field and list item starts and
//! ends. `ron` gives positions only for parse errors; validation messages (FILE:LINE:COL) and
//! in-place edits need them for any value.
//!
//! The scanner walks bytes and only ever slices at ASCII delimiters or whole characters, so
//! malformed or hostile text gives a [`SyntaxError`], never a panic. Lookups along one path
//! skip every subtree off the path without allocating; only the text up to the end of the
//! value found is checked.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

/// One step of a path from the top-level value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// Deeper nesting than this is refused, so hostile text cannot overflow the stack
/// (ron itself stops at 128).
const MAX_DEPTH: usize = 256;

/// The length of the UTF-8 character whose first byte is `lead`.
fn char_len(lead: u8) -> usize {
    match lead {
        0..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// The high bit set in each byte of `x` that equals `n` (the lowest one is exact; bits above
/// a match may be spurious, which only the lowest-match searches below rely on).
fn bytes_equal(x: u64, n: u8) -> u64 {
    let y = x ^ (LO * u64::from(n));
    y.wrapping_sub(LO) & !y & HI
}

/// The first position in `hay` holding `a` or `b`, eight bytes at a time: most of a ledger is
/// the text inside strings, and this is what finds their ends.
fn find2(hay: &[u8], a: u8, b: u8) -> Option<usize> {
    let mut chunks = hay.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        let m = bytes_equal(x, a) | bytes_equal(x, b);
        if m != 0 {
            return Some(at + (m.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&c| c == a || c == b)
        .map(|i| at + i)
}

fn find1(hay: &[u8], a: u8) -> Option<usize> {
    find2(hay, a, a)
}

/// The eight bytes at `p` as one word (the caller checks `p + 8 <= b.len()`).
#[inline]
fn word(b: &[u8], p: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[p..p + 8]);
    u64::from_le_bytes(w)
}

/// Where the lexical skip of a subtree has something to do: `"`, `'`, `/` or a bracket.
/// `(`/`)`, `[`/`{` and `]`/`}` differ in one bit, so six comparisons cover nine bytes.
#[inline]
fn special_mask(x: u64) -> u64 {
    bytes_equal(x, b'"')
        | bytes_equal(x, b'\'')
        | bytes_equal(x, b'/')
        | bytes_equal(x | LO, b')')
        | bytes_equal(x | (LO * 0x20), b'{')
        | bytes_equal(x | (LO * 0x20), b'}')
}

fn is_special(c: u8) -> bool {
    matches!(
        c,
        b'"' | b'\'' | b'/' | b'(' | b')' | b'[' | b']' | b'{' | b'}'
    )
}

/// A field's name as the data means it: `r#by` is `by` (ron's raw identifiers).
fn bare_name(raw: &[u8]) -> &[u8] {
    raw.strip_prefix(b"r#").unwrap_or(raw)
}

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// How a bracketed group's entries look, learnt from its first entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Unknown,
    Fields,
    Items,
}

/// An open `(`, `[` or `{` being read.
struct Group {
    open: usize,
    close: u8,
    shape: Shape,
    /// The previous entry had no comma, so only the closing bracket may follow.
    need_close: bool,
}

/// The start of one entry of a group; the scanner is on its value.
struct Entry {
    /// Field name, or map key.
    name: Option<Range<usize>>,
}

struct Scanner<'a> {
    b: &'a [u8],
    pos: usize,
    depth: usize,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            b: text.as_bytes(),
            pos: 0,
            depth: 0,
        }
    }

    fn err<T>(&self, offset: usize, message: impl Into<String>) -> Result<T, SyntaxError> {
        Err(SyntaxError {
            offset: offset.min(self.b.len()),
            message: message.into(),
        })
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn at(&self, n: usize) -> Option<u8> {
        self.b.get(self.pos + n).copied()
    }

    fn rest(&self) -> &'a [u8] {
        self.b.get(self.pos..).unwrap_or(&[])
    }

    /// The length of a multi-byte whitespace character (as ron counts them) at the scanner.
    fn wide_ws(&self) -> usize {
        match (self.peek(), self.at(1), self.at(2)) {
            (Some(0xC2), Some(0x85), _) => 2,
            (Some(0xE2), Some(0x80), Some(0x8E | 0x8F | 0xA8 | 0xA9)) => 3,
            _ => 0,
        }
    }

    /// Skips whitespace and comments (`//` to the end of line, nested `/* */`).
    #[inline]
    fn ws(&mut self) -> Result<(), SyntaxError> {
        match self.peek() {
            Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C | b'/' | 0xC2 | 0xE2) => self.ws_slow(),
            _ => Ok(()),
        }
    }

    fn ws_slow(&mut self) -> Result<(), SyntaxError> {
        const SPACES: u64 = LO * b' ' as u64;
        loop {
            // Indentation: eight spaces at a time.
            while let Some(chunk) = self.b.get(self.pos..self.pos + 8) {
                let mut word = [0u8; 8];
                word.copy_from_slice(chunk);
                if u64::from_le_bytes(word) != SPACES {
                    break;
                }
                self.pos += 8;
            }
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C) => self.pos += 1,
                Some(b'/') => match self.at(1) {
                    Some(b'/') => match find1(self.rest(), b'\n') {
                        Some(i) => self.pos += i + 1,
                        None => self.pos = self.b.len(),
                    },
                    Some(b'*') => self.block_comment()?,
                    _ => return Ok(()),
                },
                Some(0xC2 | 0xE2) => match self.wide_ws() {
                    0 => return Ok(()),
                    n => self.pos += n,
                },
                _ => return Ok(()),
            }
        }
    }

    fn block_comment(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos;
        self.pos += 2;
        let mut level = 1usize;
        while level > 0 {
            let Some(i) = find2(self.rest(), b'/', b'*') else {
                return self.err(start, "unterminated /* comment");
            };
            self.pos += i;
            match (self.peek(), self.at(1)) {
                (Some(b'*'), Some(b'/')) => {
                    level -= 1;
                    self.pos += 2;
                }
                (Some(b'/'), Some(b'*')) => {
                    level += 1;
                    self.pos += 2;
                }
                _ => self.pos += 1,
            }
        }
        Ok(())
    }

    /// Skips a byte-order mark, whitespace and `#![...]` attributes before the top-level value.
    fn preamble(&mut self) -> Result<(), SyntaxError> {
        if self.b.starts_with("\u{feff}".as_bytes()) {
            self.pos = 3;
        }
        self.ws()?;
        while self.peek() == Some(b'#') {
            let start = self.pos;
            self.pos += 1;
            self.ws()?;
            if self.peek() != Some(b'!') {
                return self.err(start, "expected `#![...]`");
            }
            self.pos += 1;
            self.ws()?;
            if self.peek() != Some(b'[') {
                return self.err(self.pos, "expected `[` after `#!`");
            }
            self.skip_value()?;
            self.ws()?;
        }
        Ok(())
    }

    #[inline]
    fn is_ident_start(&self) -> bool {
        match self.peek() {
            Some(c) if c.is_ascii_alphabetic() || c == b'_' => true,
            Some(c) if c >= 0x80 => self.wide_ws() == 0,
            _ => false,
        }
    }

    /// An identifier (`r#raw` too); non-ASCII letters are taken whole, as ron takes them.
    fn ident(&mut self) -> Option<Range<usize>> {
        let start = self.pos;
        let raw = self.peek() == Some(b'r') && self.at(1) == Some(b'#');
        if raw {
            self.pos += 2;
        }
        if !self.is_ident_start() {
            self.pos = start;
            return None;
        }
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || c == b'_' || (raw && matches!(c, b'.' | b'+' | b'-')) {
                self.pos += 1;
            } else if c >= 0x80 && self.wide_ws() == 0 {
                self.pos += char_len(c);
            } else {
                break;
            }
        }
        self.pos = self.pos.min(self.b.len());
        Some(start..self.pos)
    }

    /// `"..."`, the scanner on the quote.
    fn string(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        loop {
            let Some(i) = find2(self.rest(), b'"', b'\\') else {
                return self.err(start, "unterminated string");
            };
            self.pos += i;
            if self.peek() == Some(b'"') {
                self.pos += 1;
                return Ok(());
            }
            // A backslash and the byte it escapes; multi-byte escapes hold no quote or
            // backslash, so the search above skips the rest of them.
            self.pos += 2;
        }
    }

    /// `r"..."`, `r#"..."#`, with the scanner on the `r`.
    fn raw_string(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.pos += 1;
        }
        if self.peek() != Some(b'"') {
            return self.err(start, "expected `\"` in a raw string");
        }
        self.pos += 1;
        loop {
            let Some(i) = find1(self.rest(), b'"') else {
                return self.err(start, "unterminated raw string");
            };
            self.pos += i + 1;
            if (0..hashes).all(|k| self.at(k) == Some(b'#')) {
                self.pos += hashes;
                return Ok(());
            }
        }
    }

    /// `'x'`, `'\n'`, `'\u{4e2d}'`, the scanner on the first quote.
    fn char_lit(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        match self.peek() {
            Some(b'\\') => {
                self.pos += 2;
                // The rest of an escape: up to the closing quote, on this line, short.
                let Some(i) = self
                    .rest()
                    .iter()
                    .take(12)
                    .position(|&c| c == b'\'' || c == b'\n')
                else {
                    return self.err(start, "unterminated character literal");
                };
                self.pos += i;
            }
            Some(b'\'' | b'\n' | b'\r') | None => {
                return self.err(start, "expected a character between `'`s");
            }
            Some(c) => self.pos += char_len(c),
        }
        if self.peek() != Some(b'\'') {
            return self.err(start, "unterminated character literal");
        }
        self.pos += 1;
        Ok(())
    }

    /// Integers and floats in any base, with `_`, exponents, suffixes, `inf` and `NaN`.
    fn number(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos;
        if matches!(self.peek(), Some(b'+' | b'-')) {
            self.pos += 1;
        }
        match self.peek() {
            Some(c) if c.is_ascii_digit() || c == b'.' => {}
            _ => {
                let word = self.ident().map(|r| &self.b[r]);
                if matches!(word, Some(b"inf" | b"NaN")) {
                    return Ok(());
                }
                return self.err(start, "expected a number");
            }
        }
        let hex = self.peek() == Some(b'0') && matches!(self.at(1), Some(b'x' | b'X'));
        while let Some(c) = self.peek() {
            let exponent_sign = matches!(c, b'+' | b'-')
                && !hex
                && matches!(self.b.get(self.pos.wrapping_sub(1)), Some(b'e' | b'E'));
            if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || exponent_sign {
                self.pos += 1;
            } else {
                break;
            }
        }
        Ok(())
    }

    /// Checks and skips one value; returns its kind. Whitespace before it must be skipped.
    fn skip_value(&mut self) -> Result<ValueKind, SyntaxError> {
        let Some(c) = self.peek() else {
            return self.err(self.pos, "expected a value, found the end of the text");
        };
        match c {
            b'"' => self.string().map(|()| ValueKind::Str),
            b'\'' => self.char_lit().map(|()| ValueKind::Char),
            b'r' if self.at(1) == Some(b'"')
                || (self.at(1) == Some(b'#') && matches!(self.at(2), Some(b'"' | b'#'))) =>
            {
                self.raw_string().map(|()| ValueKind::Str)
            }
            b'b' if self.at(1) == Some(b'"') => {
                self.pos += 1;
                self.string().map(|()| ValueKind::Str)
            }
            b'b' if self.at(1) == Some(b'\'') => {
                self.pos += 1;
                self.char_lit().map(|()| ValueKind::Number)
            }
            b'b' if self.at(1) == Some(b'r') && matches!(self.at(2), Some(b'"' | b'#')) => {
                self.pos += 1;
                self.raw_string().map(|()| ValueKind::Str)
            }
            b'(' | b'[' | b'{' => self.skip_group(),
            b'0'..=b'9' | b'+' | b'-' | b'.' => self.number().map(|()| ValueKind::Number),
            _ => {
                let Some(name) = self.ident() else {
                    return self.err(self.pos, "expected a value");
                };
                let after = self.pos;
                self.ws()?;
                if self.peek() == Some(b'(') {
                    self.skip_group()?;
                    return Ok(ValueKind::Struct);
                }
                self.pos = after;
                Ok(match &self.b[name] {
                    b"true" | b"false" => ValueKind::Bool,
                    b"inf" | b"NaN" => ValueKind::Number,
                    _ => ValueKind::Ident,
                })
            }
        }
    }

    /// Checks and skips a bracketed group, the scanner on its opening bracket.
    fn skip_group(&mut self) -> Result<ValueKind, SyntaxError> {
        let mut g = self.open_group()?;
        let mut empty = true;
        while self.next_entry(&mut g)?.is_some() {
            empty = false;
            self.skip_value()?;
            self.after_value(&mut g)?;
        }
        Ok(match g.close {
            b']' => ValueKind::List,
            b'}' => ValueKind::Map,
            _ if empty => ValueKind::Unit,
            _ => ValueKind::Struct,
        })
    }

    /// Enters the group whose opening bracket is at the scanner.
    fn open_group(&mut self) -> Result<Group, SyntaxError> {
        let open = self.pos;
        let (close, shape) = match self.peek() {
            Some(b'(') => (b')', Shape::Unknown),
            Some(b'[') => (b']', Shape::Items),
            Some(b'{') => (b'}', Shape::Items),
            _ => return self.err(open, "expected `(`, `[` or `{`"),
        };
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.err(open, "nested too deeply");
        }
        self.pos += 1;
        Ok(Group {
            open,
            close,
            shape,
            need_close: false,
        })
    }

    /// Moves to the group's next entry and onto its value (past `name:` or `key:`).
    /// `None` once the closing bracket is passed.
    fn next_entry(&mut self, g: &mut Group) -> Result<Option<Entry>, SyntaxError> {
        self.ws()?;
        match self.peek() {
            Some(c) if c == g.close => {
                self.pos += 1;
                self.depth -= 1;
                return Ok(None);
            }
            None => {
                return self.err(
                    self.pos,
                    format!(
                        "expected `{}` to close the `{}` at byte {}, found the end of the text",
                        g.close as char, self.b[g.open] as char, g.open
                    ),
                );
            }
            Some(_) if g.need_close => {
                return self.err(self.pos, format!("expected `,` or `{}`", g.close as char));
            }
            Some(b',') => return self.err(self.pos, "expected a value before `,`"),
            Some(b')' | b']' | b'}') => return self.err(self.pos, "mismatched closing bracket"),
            Some(_) => {}
        }
        let start = self.pos;
        if g.close == b'}' {
            self.skip_value()?;
            let key = start..self.pos;
            self.ws()?;
            if self.peek() != Some(b':') {
                return self.err(self.pos, "expected `:` after a map key");
            }
            self.pos += 1;
            self.ws()?;
            return Ok(Some(Entry { name: Some(key) }));
        }
        if g.shape == Shape::Items {
            return Ok(Some(Entry { name: None }));
        }
        if let Some(name) = self.ident() {
            self.ws()?;
            if self.peek() == Some(b':') {
                if g.shape == Shape::Unknown {
                    g.shape = Shape::Fields;
                }
                self.pos += 1;
                self.ws()?;
                return Ok(Some(Entry { name: Some(name) }));
            }
            self.pos = start;
        }
        if g.shape == Shape::Fields {
            return self.err(start, "expected a field name");
        }
        g.shape = Shape::Items;
        Ok(Some(Entry { name: None }))
    }

    /// After an entry's value: the comma, if any.
    fn after_value(&mut self, g: &mut Group) -> Result<Option<usize>, SyntaxError> {
        self.ws()?;
        if self.peek() == Some(b',') {
            self.pos += 1;
            Ok(Some(self.pos - 1))
        } else {
            g.need_close = true;
            Ok(None)
        }
    }

    /// Enters any `Some(` wrappers at the scanner; returns how many.
    fn unwrap_some(&mut self) -> Result<usize, SyntaxError> {
        let mut n = 0;
        loop {
            let here = self.pos;
            if self.rest().starts_with(b"Some") {
                self.pos += 4;
                let word_ends =
                    !self.is_ident_start() && !matches!(self.peek(), Some(c) if c.is_ascii_digit());
                if word_ends {
                    self.ws()?;
                    if self.peek() == Some(b'(') {
                        self.depth += 1;
                        if self.depth > MAX_DEPTH {
                            return self.err(here, "nested too deeply");
                        }
                        self.pos += 1;
                        self.ws()?;
                        n += 1;
                        continue;
                    }
                }
            }
            self.pos = here;
            return Ok(n);
        }
    }

    /// Leaves `n` `Some(` wrappers after their contents.
    fn close_some(&mut self, n: usize) -> Result<(), SyntaxError> {
        for _ in 0..n {
            self.ws()?;
            if self.peek() == Some(b',') {
                self.pos += 1;
                self.ws()?;
            }
            if self.peek() != Some(b')') {
                return self.err(self.pos, "expected `)` closing `Some(`");
            }
            self.pos += 1;
            self.depth -= 1;
        }
        Ok(())
    }

    /// Skips a value that is off the path: scalars as usual, but bracketed groups only
    /// lexically (strings, characters, comments, matching brackets), which is several times
    /// faster than reading their grammar.
    fn skip_off_path(&mut self) -> Result<(), SyntaxError> {
        match self.peek() {
            Some(b'(' | b'[' | b'{') => self.skip_brackets(),
            Some(c) if c.is_ascii_alphabetic() || c == b'_' => {
                let here = self.pos;
                if self.ident().is_some() {
                    self.ws()?;
                    if self.peek() == Some(b'(') {
                        return self.skip_brackets();
                    }
                }
                self.pos = here;
                self.skip_value().map(|_| ())
            }
            _ => self.skip_value().map(|_| ()),
        }
    }

    /// The lexical skip of a bracketed group, the scanner on its opening bracket. One tight
    /// loop: a ledger has a string or bracket every few bytes, so per-token overhead is what
    /// costs.
    fn skip_brackets(&mut self) -> Result<(), SyntaxError> {
        let b = self.b;
        let n = b.len();
        let open = self.pos;
        let mut p = self.pos;
        let mut closers = [0u8; MAX_DEPTH];
        let mut depth = 0usize;
        loop {
            // On to the next special byte.
            let c = loop {
                if p + 8 <= n {
                    let m = special_mask(word(b, p));
                    if m == 0 {
                        p += 8;
                        continue;
                    }
                    p += (m.trailing_zeros() / 8) as usize;
                    break b[p];
                }
                match b.get(p) {
                    None => {
                        return self.err(
                            n,
                            format!("the `{}` at byte {open} is never closed", b[open] as char),
                        );
                    }
                    Some(&c) if is_special(c) => break c,
                    Some(_) => p += 1,
                }
            };
            match c {
                b'(' | b'[' | b'{' => {
                    if self.depth + depth >= MAX_DEPTH {
                        return self.err(p, "nested too deeply");
                    }
                    closers[depth] = match c {
                        b'(' => b')',
                        b'[' => b']',
                        _ => b'}',
                    };
                    depth += 1;
                    p += 1;
                }
                b')' | b']' | b'}' => {
                    if depth == 0 || closers[depth - 1] != c {
                        return self.err(p, "mismatched closing bracket");
                    }
                    depth -= 1;
                    p += 1;
                    if depth == 0 {
                        self.pos = p;
                        return Ok(());
                    }
                }
                b'"' => {
                    // `r"..."`, `r#"..."#`: the `r` and hashes are behind the quote.
                    let mut r = p;
                    while r > 0 && b[r - 1] == b'#' {
                        r -= 1;
                    }
                    let raw = r > 0
                        && b[r - 1] == b'r'
                        && (r < 2
                            || !is_ident_byte(b[r - 2])
                            || (b[r - 2] == b'b' && (r < 3 || !is_ident_byte(b[r - 3]))));
                    if raw {
                        self.pos = r - 1;
                        self.raw_string()?;
                        p = self.pos;
                        continue;
                    }
                    let start = p;
                    p += 1;
                    loop {
                        if p + 8 <= n {
                            let x = word(b, p);
                            let m = bytes_equal(x, b'"') | bytes_equal(x, b'\\');
                            if m == 0 {
                                p += 8;
                                continue;
                            }
                            p += (m.trailing_zeros() / 8) as usize;
                        } else {
                            match b.get(p) {
                                None => return self.err(start, "unterminated string"),
                                Some(b'"' | b'\\') => {}
                                Some(_) => {
                                    p += 1;
                                    continue;
                                }
                            }
                        }
                        if b[p] == b'"' {
                            p += 1;
                            break;
                        }
                        p += 2;
                    }
                }
                b'\'' => {
                    self.pos = p;
                    self.char_lit()?;
                    p = self.pos;
                }
                _ => {
                    // `/`: only comments may start with it.
                    if !matches!(b.get(p + 1), Some(b'/' | b'*')) {
                        return self.err(p, "unexpected `/`");
                    }
                    self.pos = p;
                    self.ws_slow()?;
                    p = self.pos;
                }
            }
        }
    }

    /// Moves past an optional struct name onto a bracket; false (scanner unmoved) if the
    /// value is not bracketed.
    fn onto_bracket(&mut self) -> Result<bool, SyntaxError> {
        let here = self.pos;
        if self.ident().is_some() {
            self.ws()?;
            if self.peek() != Some(b'(') {
                self.pos = here;
                return Ok(false);
            }
        }
        Ok(matches!(self.peek(), Some(b'(' | b'[' | b'{')))
    }

    /// Walks `path` from the top-level value, skipping everything off the path. On success
    /// the scanner is on the data of the value found (inside any `Some(`); returns where the
    /// value as written starts and how many `Some(` wrappers were entered.
    fn walk(&mut self, path: &[Seg]) -> Result<Option<(usize, usize)>, SyntaxError> {
        self.preamble()?;
        let mut start = self.pos;
        let mut wraps = self.unwrap_some()?;
        for seg in path {
            if !self.onto_bracket()? || self.peek() == Some(b'{') {
                self.skip_value()?;
                return Ok(None);
            }
            let mut g = self.open_group()?;
            let mut k = 0;
            loop {
                let Some(entry) = self.next_entry(&mut g)? else {
                    return Ok(None);
                };
                let here = match (*seg, &entry.name) {
                    (Seg::Field(want), Some(name)) => {
                        bare_name(&self.b[name.clone()]) == want.as_bytes()
                    }
                    (Seg::Index(i), None) => i == k,
                    _ => return Ok(None),
                };
                if here {
                    break;
                }
                self.skip_off_path()?;
                self.after_value(&mut g)?;
                k += 1;
            }
            start = self.pos;
            wraps = self.unwrap_some()?;
        }
        Ok(Some((start, wraps)))
    }
}

/// The span and kind of the value at `path` (`Some(..)` is looked through for the kind and
/// for descent; the span is the value as written).
pub fn locate(text: &str, path: &[Seg]) -> Result<Option<Located>, SyntaxError> {
    let mut s = Scanner::new(text);
    let Some((start, wraps)) = s.walk(path)? else {
        return Ok(None);
    };
    let kind = s.skip_value()?;
    s.close_some(wraps)?;
    Ok(Some(Located {
        span: start..s.pos,
        kind,
    }))
}

/// The fields of the struct at `path`; `None` if there is no value there or it is not a
/// struct with named fields (an empty `()` counts as a struct).
pub fn struct_at(text: &str, path: &[Seg]) -> Result<Option<StructSpans>, SyntaxError> {
    let mut s = Scanner::new(text);
    if s.walk(path)?.is_none() {
        return Ok(None);
    }
    let start = s.pos;
    if !s.onto_bracket()? || s.peek() != Some(b'(') {
        s.skip_value()?;
        return Ok(None);
    }
    let mut g = s.open_group()?;
    let mut fields = Vec::new();
    while let Some(entry) = s.next_entry(&mut g)? {
        let Some(name_span) = entry.name else {
            // A tuple: still checked to its end, like any other value read.
            s.skip_value()?;
            s.after_value(&mut g)?;
            while s.next_entry(&mut g)?.is_some() {
                s.skip_value()?;
                s.after_value(&mut g)?;
            }
            return Ok(None);
        };
        let vstart = s.pos;
        s.skip_value()?;
        let value_span = vstart..s.pos;
        let comma = s.after_value(&mut g)?;
        fields.push(FieldSpan {
            name: String::from_utf8_lossy(bare_name(&s.b[name_span.clone()])).into_owned(),
            name_span,
            value_span,
            comma,
        });
    }
    Ok(Some(StructSpans {
        span: start..s.pos,
        open: g.open,
        close: s.pos - 1,
        fields,
    }))
}

/// The items of the list at `path`; `None` if there is no value there or it is not a list.
pub fn list_at(text: &str, path: &[Seg]) -> Result<Option<ListSpans>, SyntaxError> {
    let mut s = Scanner::new(text);
    if s.walk(path)?.is_none() {
        return Ok(None);
    }
    if s.peek() != Some(b'[') {
        s.skip_value()?;
        return Ok(None);
    }
    let mut g = s.open_group()?;
    let mut items = Vec::new();
    while s.next_entry(&mut g)?.is_some() {
        let start = s.pos;
        s.skip_value()?;
        let span = start..s.pos;
        items.push((span, s.after_value(&mut g)?));
    }
    Ok(Some(ListSpans {
        span: g.open..s.pos,
        open: g.open,
        close: s.pos - 1,
        items,
    }))
}

/// Checks that `text` is exactly one RON value with nothing around it (not even whitespace or
/// a comment, which could swallow what follows it), e.g. a literal about to be written into a
/// ledger.
pub fn check_value(text: &str) -> Result<ValueKind, SyntaxError> {
    let mut s = Scanner::new(text);
    let kind = s.skip_value()?;
    if s.pos < s.b.len() {
        return s.err(s.pos, "unexpected text after the value");
    }
    Ok(kind)
}

const NONE: u32 = u32::MAX;

/// One value in a [`SpanIndex`]: 28 bytes.
#[derive(Debug, Clone)]
struct Node {
    start: u32,
    end: u32,
    /// For struct fields: where the name starts, and its interned name.
    name_start: u32,
    name: u32,
    /// This value's children are `children[first..first + count]`.
    first: u32,
    count: u32,
    kind: ValueKind,
    /// Children are named fields (else list or tuple items, or map values).
    fields: bool,
}

/// Every value's span, for many lookups (used only when a file has validation problems):
/// one flat vector of nodes, children contiguous, field names interned.
#[derive(Debug, Clone, Default)]
pub struct SpanIndex {
    nodes: Vec<Node>,
    children: Vec<u32>,
    names: Vec<Box<str>>,
    name_ids: HashMap<Box<str>, u32>,
}

impl SpanIndex {
    /// Reads the whole text, checking it is one RON value.
    pub fn build(text: &str) -> Result<Self, SyntaxError> {
        if u32::try_from(text.len()).is_err() {
            return Err(SyntaxError {
                offset: 0,
                message: "the text is too large to index (over 4 GiB)".into(),
            });
        }
        let mut s = Scanner::new(text);
        s.preamble()?;
        let mut index = SpanIndex::default();
        let mut pending = Vec::new();
        index.value(&mut s, text, NONE, NONE, &mut pending)?;
        s.ws()?;
        if s.pos < s.b.len() {
            return s.err(s.pos, "unexpected text after the top-level value");
        }
        Ok(index)
    }

    fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.name_ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(name.into());
        self.name_ids.insert(name.into(), id);
        id
    }

    /// Adds the value at the scanner and everything in it; returns its node.
    /// `pending` collects children of the groups being read, shared to save allocations.
    fn value(
        &mut self,
        s: &mut Scanner,
        text: &str,
        name_start: u32,
        name: u32,
        pending: &mut Vec<u32>,
    ) -> Result<u32, SyntaxError> {
        let me = self.nodes.len();
        let start = s.pos;
        let wraps = s.unwrap_some()?;
        self.nodes.push(Node {
            start: start as u32,
            end: start as u32,
            name_start,
            name,
            first: 0,
            count: 0,
            kind: ValueKind::Unit,
            fields: false,
        });
        let data = s.pos;
        let (kind, fields) = if s.onto_bracket()? {
            let named = s.pos > data;
            let mut g = s.open_group()?;
            let mark = pending.len();
            let mut fields = false;
            while let Some(entry) = s.next_entry(&mut g)? {
                let (ns, nid) = match entry.name {
                    Some(r) if g.close == b')' => {
                        fields = true;
                        let n = text.get(r.clone()).unwrap_or("");
                        let n = n.strip_prefix("r#").unwrap_or(n);
                        (r.start as u32, self.intern(n))
                    }
                    _ => (NONE, NONE),
                };
                let child = self.value(s, text, ns, nid, pending)?;
                pending.push(child);
                s.after_value(&mut g)?;
            }
            let count = pending.len() - mark;
            let first = self.children.len();
            self.children.extend(pending.drain(mark..));
            let node = &mut self.nodes[me];
            node.first = first as u32;
            node.count = count as u32;
            let kind = match g.close {
                b']' => ValueKind::List,
                b'}' => ValueKind::Map,
                _ if count == 0 && !named => ValueKind::Unit,
                _ => ValueKind::Struct,
            };
            (kind, fields)
        } else {
            (s.skip_value()?, false)
        };
        s.close_some(wraps)?;
        let node = &mut self.nodes[me];
        node.end = s.pos as u32;
        node.kind = kind;
        node.fields = fields;
        Ok(me as u32)
    }

    fn child(&self, node: &Node, seg: &Seg) -> Option<u32> {
        let first = node.first as usize;
        let kids = self.children.get(first..first + node.count as usize)?;
        match *seg {
            Seg::Index(i) => {
                if node.fields || node.kind == ValueKind::Map {
                    return None;
                }
                kids.get(i).copied()
            }
            Seg::Field(want) => {
                if !node.fields {
                    return None;
                }
                let id = *self.name_ids.get(want)?;
                kids.iter()
                    .copied()
                    .find(|&k| self.nodes.get(k as usize).is_some_and(|n| n.name == id))
            }
        }
    }

    fn find(&self, path: &[Seg]) -> Option<&Node> {
        let mut node = self.nodes.first()?;
        for seg in path {
            node = self.nodes.get(self.child(node, seg)? as usize)?;
        }
        Some(node)
    }

    /// The span of the value at `path`, as [`locate`] gives it.
    pub fn span(&self, path: &[Seg]) -> Option<Range<usize>> {
        self.find(path).map(|n| n.start as usize..n.end as usize)
    }

    /// The kind of the value at `path`.
    pub fn kind(&self, path: &[Seg]) -> Option<ValueKind> {
        self.find(path).map(|n| n.kind)
    }

    /// The span of the field name, for a path ending in a field.
    pub fn field_name_span(&self, path_to_field: &[Seg]) -> Option<Range<usize>> {
        let n = self.find(path_to_field)?;
        let name = self.names.get(n.name as usize)?;
        Some(n.name_start as usize..n.name_start as usize + name.len())
    }

    /// How many values the index holds.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True for an index of nothing (never, once built).
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
}

/// 1-based line and 1-based column counted in chars (not bytes), as ron counts them.
/// A `byte` inside a character or past the end is taken back to the character's start.
pub fn line_col(text: &str, byte: usize) -> (usize, usize) {
    let mut end = byte.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text.as_bytes()[..end];
    let line = before.iter().filter(|&&c| c == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |i| i + 1);
    let col = before[line_start..]
        .iter()
        .filter(|&&c| (c & 0xC0) != 0x80)
        .count()
        + 1;
    (line, col)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// The contract's sample ledger, with comments, CJK text and an optional-field `Some`.
    pub(crate) const SAMPLE: &str = r#"#![enable(implicit_some)]
// 台账: comments like this one are the office's own and must survive every save.
Ledger(
    title: "二七区2018年“项目建设全力攻坚年”重点项目台账",
    year: 2018,                       // the campaign year
    office: Some("二七区项目建设攻坚办"),     /* optional */
    categories: ["出彩项目", "重大产业项目", "新型城镇化项目", "生态建设项目", "社会民生项目"],
    warning: (soon_days: 14, red_days: 30),   // optional; these are the defaults
    units: [
        Unit(
            name: "区农工委",             // unique; projects refer to units by this name
            pledges: [                    // the unit's 目标承诺书, optional
                Pledge(
                    text: "完成贾鲁河蓝线主体等4个续建生态项目",
                    target: 4, measure: "个",  // optional, together
                    progress: 1,              // optional
                ),
            ],
        ),
    ],
    projects: [
        Project(
            name: "南水北调生态文化公园",  // unique
            lead: "区农工委",
            investment: (total: 12.5, plan: 3.0, done: 1.2),
            milestones: [
                Milestone(name: "建成开放", due: "2018-04-30"),
                Milestone(name: "绿化完成", due: "2018-03-31", done: "2018-03-29", by: "wang"),
            ],
            updates: [
                Update(date: "2018-03-05", text: "主园路完成80%", by: "wang"),
            ],
        ),
        Project(
            name: "樱桃沟 /* not a comment */ // nor this",
            lead: "区农工委",
            milestones: Some([
                Milestone(
                    name: "开工",
                    due: "2018-03-31", // 3月底前
                ),
            ]),
        ),
    ],
)
"#;

    /// A ledger shaped like the office's, with `n` projects of five milestones each.
    pub(crate) fn generated(n: usize) -> String {
        let mut out = String::with_capacity(n * 1400);
        out.push_str("#![enable(implicit_some)]\n// 生成的台账\nLedger(\n    title: \"生成台账\",\n    year: 2018,\n    units: [\n        Unit(name: \"单位1\", leader: \"张某\"),\n    ],\n    projects: [\n");
        for i in 0..n {
            if i % 50 == 0 {
                out.push_str(&format!("        // 第{}批\n", i / 50 + 1));
            }
            out.push_str("        Project(\n");
            out.push_str(&format!(
                "            name: \"贾鲁河生态文化公园{i}\",\n            category: \"生态建设项目\",\n            lead: \"单位1\",\n            support: [\"单位1\"],\n            investment: (total: 12.0, plan: {}.0, done: 1.5),\n            scale: \"占地约200亩，建设“一河两岸”景观带，含道路、绿化、照明等配套工程\",\n",
                i % 7 + 1
            ));
            out.push_str("            milestones: [\n");
            for k in 0..5 {
                out.push_str(&format!(
                    "                Milestone(name: \"节点{k}：完成立项审批\", due: \"2018-0{}-15\"",
                    k + 3
                ));
                if (i + k) % 3 == 0 {
                    out.push_str(", done: \"2018-03-01\", by: \"攻坚办\"");
                }
                out.push_str("),\n");
            }
            out.push_str("            ],\n");
            if i % 4 == 0 {
                out.push_str("            updates: [\n                Update(date: \"2018-03-05\", text: \"主园路完成80%，绿化完成60%，正在进行照明工程施工\", by: \"攻坚办\"),\n            ],\n");
            }
            out.push_str("        ),\n");
        }
        out.push_str("    ],\n)\n");
        out
    }

    fn at<'t>(text: &'t str, path: &[Seg]) -> &'t str {
        let l = locate(text, path).expect("parses").expect("found");
        &text[l.span]
    }

    use Seg::{Field as F, Index as I};

    #[test]
    fn locates_values_along_paths() {
        let t = SAMPLE;
        assert_eq!(at(t, &[F("year")]), "2018");
        assert_eq!(
            at(t, &[F("title")]),
            "\"二七区2018年“项目建设全力攻坚年”重点项目台账\""
        );
        assert_eq!(at(t, &[F("office")]), "Some(\"二七区项目建设攻坚办\")");
        assert_eq!(at(t, &[F("categories"), I(4)]), "\"社会民生项目\"");
        assert_eq!(at(t, &[F("warning"), F("red_days")]), "30");
        let p = [F("projects"), I(0), F("milestones"), I(1), F("by")];
        assert_eq!(at(t, &p), "\"wang\"");
        let m = [F("projects"), I(0), F("milestones"), I(0)];
        assert_eq!(
            at(t, &m),
            "Milestone(name: \"建成开放\", due: \"2018-04-30\")"
        );
        assert_eq!(
            at(t, &[F("units"), I(0), F("pledges"), I(0), F("measure")]),
            "\"个\""
        );
        assert!(at(t, &[]).starts_with("Ledger(") && at(t, &[]).ends_with(')'));
        assert_eq!(
            at(t, &[F("projects"), I(1), F("name")]),
            "\"樱桃沟 /* not a comment */ // nor this\""
        );
    }

    #[test]
    fn missing_paths_are_none() {
        let t = SAMPLE;
        for p in [
            vec![F("nope")],
            vec![F("projects"), I(2)],
            vec![F("projects"), I(0), F("milestones"), I(0), F("done")],
            vec![F("year"), F("x")],
            vec![F("year"), I(0)],
            vec![F("projects"), F("name")],
            vec![I(0)],
            vec![F("warning"), I(0)],
        ] {
            assert_eq!(locate(t, &p), Ok(None), "{p:?}");
            assert_eq!(struct_at(t, &p), Ok(None), "{p:?}");
            assert_eq!(list_at(t, &p), Ok(None), "{p:?}");
        }
        assert_eq!(struct_at(t, &[F("year")]), Ok(None));
        assert_eq!(list_at(t, &[F("warning")]), Ok(None));
    }

    #[test]
    fn kinds() {
        let t = r##"(a: "s", b: 'c', c: -1.5e-3, d: true, e: None, f: (), g: [1], h: {"k": 1},
            i: X(1), j: (1, 2), k: Some(3), l: r#"raw"#, m: inf, n: -NaN, o: 0xFF, p: b'x', q: Unit)"##;
        let kind = |f| locate(t, &[F(f)]).ok().flatten().map(|l| l.kind);
        use ValueKind::*;
        for (f, k) in [
            ("a", Str),
            ("b", Char),
            ("c", Number),
            ("d", Bool),
            ("e", Ident),
            ("f", Unit),
            ("g", List),
            ("h", Map),
            ("i", Struct),
            ("j", Struct),
            ("k", Number),
            ("l", Str),
            ("m", Number),
            ("n", Number),
            ("o", Number),
            ("p", Number),
            ("q", Ident),
        ] {
            assert_eq!(kind(f), Some(k), "{f}");
        }
        let ix = SpanIndex::build(t).expect("indexes");
        assert_eq!(ix.kind(&[F("k")]), Some(Number));
        assert_eq!(ix.kind(&[F("f")]), Some(Unit));
        assert_eq!(ix.kind(&[F("j")]), Some(Struct));
        assert_eq!(ix.kind(&[]), Some(Struct));
    }

    #[test]
    fn tricky_lexemes() {
        let t = r###"#![enable(implicit_some)] #![enable(unwrap_newtypes)]
/* a /* nested */ comment with "quotes" and ) */
Data( // ( [ {
    s: "a \"quoted\" \\ ) ] // not a comment \u{4e2d} 中",
    r: r#"raw "with" quotes ) "#,
    r2: r"plain raw",
    c: [')', '\'', '\\', '中', '\u{4e2d}', '"'],
    n: [1e5, -3, +4, 1_000, 0x1F, 0b101, 0o17, 1.5e+3, .5, 7u8, -inf, NaN],
    t: ((1, "x"), [2], {"k": (a: 1)}),
    raw_ident: r#type,
    r#type: 1,
    b: b"bytes",
    u: (),
    e: Some(Some([1, 2,],),),
)
"###;
        assert_eq!(
            at(t, &[F("s")]),
            r#""a \"quoted\" \\ ) ] // not a comment \u{4e2d} 中""#
        );
        assert_eq!(at(t, &[F("r")]), r##"r#"raw "with" quotes ) "#"##);
        assert_eq!(at(t, &[F("r2")]), r#"r"plain raw""#);
        assert_eq!(at(t, &[F("c"), I(1)]), r"'\''");
        assert_eq!(at(t, &[F("c"), I(3)]), "'中'");
        assert_eq!(at(t, &[F("c"), I(5)]), "'\"'");
        assert_eq!(at(t, &[F("n"), I(7)]), "1.5e+3");
        assert_eq!(at(t, &[F("n"), I(10)]), "-inf");
        assert_eq!(at(t, &[F("t"), I(0), I(1)]), "\"x\"");
        assert_eq!(at(t, &[F("t"), I(1), I(0)]), "2");
        assert_eq!(at(t, &[F("raw_ident")]), "r#type");
        // A raw identifier is the field it names (`r#type` is `type`), as ron reads it.
        assert_eq!(at(t, &[F("type")]), "1");
        assert_eq!(at(t, &[F("e")]), "Some(Some([1, 2,],),)");
        assert_eq!(at(t, &[F("e"), I(1)]), "2");
        assert_eq!(
            list_at(t, &[F("e")])
                .expect("ok")
                .expect("list")
                .items
                .len(),
            2
        );
        assert_eq!(at(t, &[F("u")]), "()");
        let ix = SpanIndex::build(t).expect("indexes");
        assert_eq!(
            ix.span(&[F("e"), I(1)]),
            locate(t, &[F("e"), I(1)]).ok().flatten().map(|l| l.span)
        );
    }

    #[test]
    fn some_is_transparent() {
        let t = SAMPLE;
        let ms = [F("projects"), I(1), F("milestones")];
        let l = locate(t, &ms).expect("ok").expect("found");
        assert_eq!(l.kind, ValueKind::List);
        assert!(t[l.span.clone()].starts_with("Some(["));
        assert!(t[l.span].ends_with("])"));
        let list = list_at(t, &ms).expect("ok").expect("list");
        assert_eq!(&t[list.span.clone()][..1], "[");
        assert_eq!(list.items.len(), 1);
        assert_eq!(list.items[0].1.map(|c| &t[c..c + 1]), Some(","));
        let m = [F("projects"), I(1), F("milestones"), I(0)];
        let st = struct_at(t, &m).expect("ok").expect("struct");
        assert!(t[st.span.clone()].starts_with("Milestone("));
        assert_eq!(st.fields.len(), 2);
        assert_eq!(
            at(t, &[F("projects"), I(1), F("milestones"), I(0), F("due")]),
            "\"2018-03-31\""
        );
        assert_eq!(
            struct_at("Some(Some(X(a: 1)))", &[])
                .ok()
                .flatten()
                .map(|s| s.span),
            Some(10..17)
        );
    }

    #[test]
    fn struct_and_list_spans() {
        let t = SAMPLE;
        let m = [F("projects"), I(0), F("milestones"), I(1)];
        let st = struct_at(t, &m).expect("ok").expect("struct");
        assert_eq!(&t[st.open..=st.open], "(");
        assert_eq!(&t[st.close..=st.close], ")");
        assert_eq!(st.span.end, st.close + 1);
        let names: Vec<&str> = st.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["name", "due", "done", "by"]);
        for f in &st.fields {
            assert_eq!(&t[f.name_span.clone()], f.name);
        }
        assert_eq!(&t[st.fields[2].value_span.clone()], "\"2018-03-29\"");
        assert!(
            st.fields[..3]
                .iter()
                .all(|f| f.comma.is_some_and(|c| &t[c..=c] == ","))
        );
        assert_eq!(st.fields[3].comma, None);

        let pl = [F("units"), I(0), F("pledges"), I(0)];
        let st = struct_at(t, &pl).expect("ok").expect("struct");
        assert!(st.fields.iter().all(|f| f.comma.is_some()));

        let list = list_at(t, &[F("categories")]).expect("ok").expect("list");
        assert_eq!(list.items.len(), 5);
        assert_eq!(&t[list.items[4].0.clone()], "\"社会民生项目\"");
        assert_eq!(list.items[4].1, None);
        assert_eq!(&t[list.span.clone()][..1], "[");

        let empty = struct_at("X()", &[]).expect("ok").expect("struct");
        assert_eq!(
            (empty.span, empty.open, empty.close, empty.fields.len()),
            (0..3, 1, 2, 0)
        );
        assert_eq!(struct_at("(1, 2)", &[]), Ok(None));
        assert_eq!(
            list_at("[]", &[]).ok().flatten().map(|l| l.items.len()),
            Some(0)
        );
    }

    #[test]
    fn crlf_and_bom() {
        let crlf = format!("\u{feff}{}", SAMPLE.replace('\n', "\r\n"));
        let p = [F("projects"), I(1), F("milestones"), I(0), F("due")];
        assert_eq!(at(&crlf, &p), "\"2018-03-31\"");
        let ix = SpanIndex::build(&crlf).expect("indexes");
        let span = ix.span(&p).expect("found");
        assert_eq!(&crlf[span.clone()], "\"2018-03-31\"");
        let (line, col) = line_col(&crlf, span.start);
        let (l2, c2) = line_col(
            SAMPLE,
            locate(SAMPLE, &p)
                .ok()
                .flatten()
                .map_or(0, |l| l.span.start),
        );
        assert_eq!((line, col), (l2, c2));
    }

    #[test]
    fn line_col_counts_chars() {
        let t = "ab\n中文x\r\nz";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 2), (1, 3));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 6), (2, 2));
        assert_eq!(line_col(t, 7), (2, 2), "inside a character");
        assert_eq!(line_col(t, 9), (2, 3));
        assert_eq!(line_col(t, 11), (2, 5));
        assert_eq!(line_col(t, 12), (3, 1));
        assert_eq!(line_col(t, 999), (3, 2));
        let p = [F("projects"), I(0), F("milestones"), I(1), F("by")];
        let span = locate(SAMPLE, &p)
            .ok()
            .flatten()
            .map_or(0, |l| l.span.start);
        assert_eq!(line_col(SAMPLE, span), (28, 84), "checked by hand");
    }

    /// Every path in `text` (fields, list and tuple items), depth first.
    fn all_paths(text: &str) -> Vec<Vec<Seg<'_>>> {
        fn go<'t>(text: &'t str, path: &mut Vec<Seg<'t>>, out: &mut Vec<Vec<Seg<'t>>>) {
            out.push(path.clone());
            if let Ok(Some(st)) = struct_at(text, path) {
                for f in st.fields {
                    let name = &text[f.name_span];
                    path.push(F(name));
                    go(text, path, out);
                    path.pop();
                }
                return;
            }
            let mut i = 0;
            loop {
                path.push(I(i));
                let found = matches!(locate(text, path), Ok(Some(_)));
                if found {
                    go(text, path, out);
                }
                path.pop();
                if !found {
                    break;
                }
                i += 1;
            }
        }
        let mut out = Vec::new();
        go(text, &mut Vec::new(), &mut out);
        out
    }

    #[test]
    fn index_agrees_with_locate_everywhere() {
        let crlf = SAMPLE.replace('\n', "\r\n");
        for t in [SAMPLE, crlf.as_str(), generated(3).as_str()] {
            let ix = SpanIndex::build(t).expect("indexes");
            let paths = all_paths(t);
            assert!(paths.len() > 40);
            for p in &paths {
                let l = locate(t, p).expect("ok").expect("found");
                assert_eq!(ix.span(p), Some(l.span), "{p:?}");
                assert_eq!(ix.kind(p), Some(l.kind), "{p:?}");
                if let Some((F(name), parent)) = p.split_last() {
                    let st = struct_at(t, parent).expect("ok").expect("struct");
                    let f = st.fields.iter().find(|f| f.name == *name).expect("field");
                    assert_eq!(ix.field_name_span(p), Some(f.name_span.clone()));
                    assert_eq!(Some(f.value_span.clone()), ix.span(p));
                }
            }
            assert_eq!(ix.len(), paths.len());
            assert_eq!(ix.span(&[F("nope")]), None);
            assert_eq!(ix.span(&[F("projects"), F("x")]), None);
            assert_eq!(ix.span(&[F("warning"), I(0)]), None);
            assert_eq!(ix.field_name_span(&[]), None);
        }
    }

    fn all_fail(text: &str) {
        assert!(SpanIndex::build(text).is_err(), "{text:?}");
        assert!(locate(text, &[]).is_err(), "{text:?}");
        assert!(struct_at(text, &[]).is_err(), "{text:?}");
        assert!(list_at(text, &[]).is_err(), "{text:?}");
    }

    #[test]
    fn malformed_text_is_an_error() {
        for t in [
            "",
            "   // only a comment",
            "Ledger(title: \"unterminated)",
            "/* /* nested unterminated */ Ledger()",
            "Ledger(a: r#\"raw\"",
            "Ledger(a: 'x)",
            "Ledger(a: '')",
            "Ledger(a: 1",
            "Ledger(a: [1, 2)",
            "Ledger(a: 1 b: 2)",
            "Ledger(a: 1,, b: 2)",
            "Ledger(a:)",
            "Ledger(,)",
            "[1 2]",
            "(a: 1, 2)",
            "{1: 2, 3}",
            "#![enable(implicit_some)",
            "#[x] ()",
            "Ledger(a: -)",
            "Ledger(a: /)",
            "Ledger(a: Some(1)",
            "Ledger(a: Some(1 2))",
            ")",
            "\"中",
            "'\\",
            "b\"",
        ] {
            all_fail(t);
        }
        assert!(SpanIndex::build("() x").is_err());
        assert!(SpanIndex::build("() // fine").is_ok());
        let e = locate("Ledger(title: \"unterminated)", &[F("title")]).expect_err("unterminated");
        assert_eq!(e.offset, 14);
        assert!(e.to_string().contains("unterminated string"));
        assert!(SpanIndex::build("Ledger(a: 1) /* unterminated").is_err());
        let e = locate("(a: 1) /* x", &[]).map(|_| ());
        assert_eq!(e, Ok(()), "only the value found is read");
        assert_eq!(
            SpanIndex::build("(a: 1) /* x")
                .map(|_| ())
                .map_err(|e| e.offset),
            Err(7)
        );
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        for open in ["[", "(", "Some(", "X(a: ", "{1: "] {
            let t = open.repeat(100_000);
            assert!(SpanIndex::build(&t).is_err(), "{open}");
            assert!(locate(&t, &[]).is_err(), "{open}");
            assert!(struct_at(&t, &[]).is_err(), "{open}");
            assert!(list_at(&t, &[]).is_err(), "{open}");
            assert!(locate(&t, &[I(0), I(0)]).is_err() || locate(&t, &[I(0), I(0)]) == Ok(None));
        }
        let ok = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(SpanIndex::build(&ok).is_ok());
    }

    #[test]
    fn truncated_text_never_panics_and_is_an_error() {
        let t = SAMPLE;
        let end = t.rfind(')').expect("closing");
        // Cut inside the name `Ledger`, what is left is a unit value.
        let name = t.find("Ledger(").expect("name");
        for cut in (0..t.len()).filter(|&i| t.is_char_boundary(i)) {
            let part = &t[..cut];
            let built = SpanIndex::build(part);
            let whole = cut > end || (name < cut && cut <= name + 6);
            assert_eq!(built.is_err(), !whole, "cut at {cut}");
            let _ = locate(
                part,
                &[F("projects"), I(1), F("milestones"), I(0), F("due")],
            );
            let _ = struct_at(part, &[F("projects"), I(0)]);
            let _ = list_at(part, &[F("projects")]);
            let _ = line_col(part, cut / 2);
        }
    }

    /// SplitMix64, for repeatable random inputs.
    pub(crate) struct Rng(pub u64);

    impl Rng {
        pub(crate) fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        pub(crate) fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    /// Random text from the pieces RON is made of, and random mutations of the sample.
    pub(crate) fn hostile_inputs(count: usize) -> Vec<String> {
        const PIECES: &[&str] = &[
            "(", ")", "[", "]", "{", "}", ",", ":", "\"", "'", "\\", "r#", "#", "r\"", "/*", "*/",
            "//", "\n", "\r\n", " ", "a", "Some", "None", "Some(", "1", "-", "e", "中", "\u{2028}",
            "\u{85}", "x: ", "b'", "#![", "\u{feff}", "é", "0x", "inf",
        ];
        let mut rng = Rng(7);
        let mut out = Vec::with_capacity(count);
        for k in 0..count {
            if k % 2 == 0 {
                let mut s = String::new();
                for _ in 0..rng.below(60) {
                    s.push_str(PIECES[rng.below(PIECES.len())]);
                }
                out.push(s);
            } else {
                let mut s = SAMPLE.to_string();
                for _ in 0..1 + rng.below(3) {
                    let mut at = rng.below(s.len());
                    while !s.is_char_boundary(at) {
                        at -= 1;
                    }
                    if rng.below(2) == 0 {
                        s.insert_str(at, PIECES[rng.below(PIECES.len())]);
                    } else {
                        let mut to = (at + 1 + rng.below(4)).min(s.len());
                        while !s.is_char_boundary(to) {
                            to += 1;
                        }
                        s.replace_range(at..to, "");
                    }
                }
                out.push(s);
            }
        }
        out
    }

    #[test]
    fn random_text_never_panics() {
        let paths: [&[Seg]; 4] = [
            &[],
            &[F("projects"), I(0), F("milestones"), I(1)],
            &[F("projects"), I(1), F("milestones")],
            &[I(0), I(1)],
        ];
        let mut errors = 0;
        for t in hostile_inputs(4000) {
            for p in paths {
                errors += usize::from(locate(&t, p).is_err());
                let _ = struct_at(&t, p);
                let _ = list_at(&t, p);
            }
            if let Ok(ix) = SpanIndex::build(&t) {
                for p in paths {
                    if let Some(r) = ix.span(p) {
                        assert!(t.get(r).is_some(), "spans fall on character boundaries");
                    }
                }
            }
            let _ = check_value(&t);
        }
        assert!(errors > 1000);
    }

    #[test]
    fn large_ledger() {
        let t = generated(10_000);
        let last = [F("projects"), I(9_999), F("milestones"), I(4), F("due")];
        assert_eq!(at(&t, &last), "\"2018-07-15\"");
        let st = struct_at(&t, &last[..4]).expect("ok").expect("struct");
        assert_eq!(st.fields[0].name, "name");
        assert_eq!(locate(&t, &[F("projects"), I(10_000)]), Ok(None));
        let ix = SpanIndex::build(&t).expect("indexes");
        assert_eq!(
            ix.span(&last),
            locate(&t, &last).ok().flatten().map(|l| l.span)
        );
        assert!(ix.len() > 300_000, "{}", ix.len());
    }
}
