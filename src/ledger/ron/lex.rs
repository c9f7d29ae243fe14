//! Bytes to tokens: whitespace, comments, strings, characters, numbers and identifiers.
//! Every function only slices at ASCII delimiters or whole characters, so hostile text gives
//! a [`SyntaxError`], never a panic.

use std::ops::Range;

use memchr::{memchr, memchr2};

use super::SyntaxError;

/// The length of the UTF-8 character whose first byte is `lead`.
pub(crate) fn char_len(lead: u8) -> usize {
    match lead {
        0..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// A field's name as the data means it: `r#by` is `by` (ron's raw identifiers).
pub(crate) fn bare_name(raw: &[u8]) -> &[u8] {
    raw.strip_prefix(b"r#").unwrap_or(raw)
}

/// The end of the `/* */` comment starting at `start` (comments nest, as in ron), or `None`
/// if it is never closed.
pub(crate) fn block_comment_end(b: &[u8], start: usize) -> Option<usize> {
    let mut pos = start + 2;
    let mut level = 1usize;
    while level > 0 {
        pos += memchr2(b'/', b'*', b.get(pos..)?)?;
        match (b.get(pos), b.get(pos + 1)) {
            (Some(b'*'), Some(b'/')) => {
                level -= 1;
                pos += 2;
            }
            (Some(b'/'), Some(b'*')) => {
                level += 1;
                pos += 2;
            }
            _ => pos += 1,
        }
    }
    Some(pos)
}

/// A position in the text and the token readers that move it.
pub(crate) struct Cursor<'a> {
    pub(crate) b: &'a [u8],
    pub(crate) pos: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            b: text.as_bytes(),
            pos: 0,
        }
    }

    pub(crate) fn err<T>(
        &self,
        offset: usize,
        message: impl Into<String>,
    ) -> Result<T, SyntaxError> {
        Err(SyntaxError {
            offset: offset.min(self.b.len()),
            message: message.into(),
        })
    }

    pub(crate) fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    pub(crate) fn at(&self, n: usize) -> Option<u8> {
        self.b.get(self.pos + n).copied()
    }

    pub(crate) fn rest(&self) -> &'a [u8] {
        self.b.get(self.pos..).unwrap_or(&[])
    }

    /// The length of a multi-byte whitespace character (as ron counts them) at the cursor.
    fn wide_ws(&self) -> usize {
        match (self.peek(), self.at(1), self.at(2)) {
            (Some(0xC2), Some(0x85), _) => 2,
            (Some(0xE2), Some(0x80), Some(0x8E | 0x8F | 0xA8 | 0xA9)) => 3,
            _ => 0,
        }
    }

    /// Skips whitespace and comments (`//` to the end of line, nested `/* */`).
    #[inline]
    pub(crate) fn ws(&mut self) -> Result<(), SyntaxError> {
        match self.peek() {
            Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C | b'/' | 0xC2 | 0xE2) => self.ws_slow(),
            _ => Ok(()),
        }
    }

    fn ws_slow(&mut self) -> Result<(), SyntaxError> {
        loop {
            match self.peek() {
                Some(b' ') => {
                    self.pos += 1;
                    // Indentation, much of a ledger's bytes: eight spaces at a time.
                    while self.rest().starts_with(b"        ") {
                        self.pos += 8;
                    }
                }
                Some(b'\t' | b'\n' | b'\r' | 0x0B | 0x0C) => self.pos += 1,
                Some(b'/') => match self.at(1) {
                    Some(b'/') => match memchr(b'\n', self.rest()) {
                        Some(i) => self.pos += i + 1,
                        None => self.pos = self.b.len(),
                    },
                    Some(b'*') => match block_comment_end(self.b, self.pos) {
                        Some(end) => self.pos = end,
                        None => return self.err(self.pos, "unterminated /* comment"),
                    },
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

    #[inline]
    pub(crate) fn is_ident_start(&self) -> bool {
        match self.peek() {
            Some(c) if c.is_ascii_alphabetic() || c == b'_' => true,
            Some(c) if c >= 0x80 => self.wide_ws() == 0,
            _ => false,
        }
    }

    /// An identifier (`r#raw` too); non-ASCII letters are taken whole, as ron takes them.
    #[inline]
    pub(crate) fn ident(&mut self) -> Option<Range<usize>> {
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

    /// `"..."`, the cursor on the quote.
    #[inline]
    pub(crate) fn string(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        loop {
            // Most of a ledger is text inside strings: this search is what finds their ends.
            let Some(i) = memchr2(b'"', b'\\', self.rest()) else {
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

    /// `r"..."`, `r#"..."#`, with the cursor on the `r`.
    pub(crate) fn raw_string(&mut self) -> Result<(), SyntaxError> {
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
            let Some(i) = memchr(b'"', self.rest()) else {
                return self.err(start, "unterminated raw string");
            };
            self.pos += i + 1;
            if (0..hashes).all(|k| self.at(k) == Some(b'#')) {
                self.pos += hashes;
                return Ok(());
            }
        }
    }

    /// `'x'`, `'\n'`, `'\u{4e2d}'`, the cursor on the first quote.
    pub(crate) fn char_lit(&mut self) -> Result<(), SyntaxError> {
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
    pub(crate) fn number(&mut self) -> Result<(), SyntaxError> {
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
}
