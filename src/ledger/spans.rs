//! A span-aware reading of RON text: where each value, struct field and list item starts and
//! ends. `ron` gives positions only for parse errors; validation messages and in-place edits
//! need them for any value.

use std::fmt;
use std::ops::Range;

/// One step of a path from the top-level value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg<'a> {
    Field(&'a str),
    Index(usize),
}

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    Struct,
    List,
    Map,
    Str,
    Number,
    Bool,
    Char,
    Ident,
    Unit,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub span: Range<usize>,
    pub kind: ValueKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSpan {
    pub name: String,
    pub name_span: Range<usize>,
    pub value_span: Range<usize>,
    /// Byte offset of the comma after the value, if any.
    pub comma: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StructSpans {
    pub span: Range<usize>,
    pub open: usize,
    pub close: usize,
    pub fields: Vec<FieldSpan>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListSpans {
    pub span: Range<usize>,
    pub open: usize,
    pub close: usize,
    /// Each item's span and the comma after it.
    pub items: Vec<(Range<usize>, Option<usize>)>,
}

/// Deeper nesting than this is refused (ron itself stops at 128).
const MAX_DEPTH: usize = 256;

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

    fn err<T>(&self, message: impl Into<String>) -> Result<T, SyntaxError> {
        Err(SyntaxError {
            offset: self.pos,
            message: message.into(),
        })
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn peek_at(&self, n: usize) -> Option<u8> {
        self.b.get(self.pos + n).copied()
    }

    /// Skips whitespace and comments (`//` to the end of line, nested `/* */`).
    fn ws(&mut self) -> Result<(), SyntaxError> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b'/') if self.peek_at(1) == Some(b'/') => {
                    while let Some(c) = self.peek() {
                        if c == b'\n' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                Some(b'/') if self.peek_at(1) == Some(b'*') => {
                    let start = self.pos;
                    self.pos += 2;
                    let mut level = 1;
                    while level > 0 {
                        match (self.peek(), self.peek_at(1)) {
                            (Some(b'*'), Some(b'/')) => {
                                level -= 1;
                                self.pos += 2;
                            }
                            (Some(b'/'), Some(b'*')) => {
                                level += 1;
                                self.pos += 2;
                            }
                            (Some(_), _) => self.pos += 1,
                            (None, _) => {
                                self.pos = start;
                                return self.err("unterminated /* comment");
                            }
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    /// Skips `#![...]` attributes and leading whitespace before the top-level value.
    fn preamble(&mut self) -> Result<(), SyntaxError> {
        self.ws()?;
        while self.peek() == Some(b'#') {
            self.pos += 1;
            if self.peek() == Some(b'!') {
                self.pos += 1;
            }
            self.ws()?;
            if self.peek() != Some(b'[') {
                return self.err("expected `[` after `#!`");
            }
            self.skip_value()?;
            self.ws()?;
        }
        Ok(())
    }

    fn ident(&mut self) -> Option<Range<usize>> {
        let start = self.pos;
        if self.peek() == Some(b'r') && self.peek_at(1) == Some(b'#') {
            self.pos += 2;
        }
        match self.peek() {
            Some(c) if c.is_ascii_alphabetic() || c == b'_' => self.pos += 1,
            _ => {
                self.pos = start;
                return None;
            }
        }
        while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == b'_') {
            self.pos += 1;
        }
        Some(start..self.pos)
    }

    fn string(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(b'\\') => self.pos += 2,
                Some(_) => self.pos += 1,
                None => {
                    self.pos = start;
                    return self.err("unterminated string");
                }
            }
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
            return self.err("expected `\"` in raw string");
        }
        self.pos += 1;
        loop {
            match self.peek() {
                Some(b'"') => {
                    let close = (1..=hashes).all(|i| self.peek_at(i) == Some(b'#'));
                    self.pos += 1;
                    if close {
                        self.pos += hashes;
                        return Ok(());
                    }
                }
                Some(_) => self.pos += 1,
                None => {
                    self.pos = start;
                    return self.err("unterminated raw string");
                }
            }
        }
    }

    fn char_lit(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        loop {
            match self.peek() {
                Some(b'\'') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(b'\\') => self.pos += 2,
                Some(b'\n') | None => {
                    self.pos = start;
                    return self.err("unterminated character literal");
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    fn number(&mut self) {
        if matches!(self.peek(), Some(b'+' | b'-')) {
            self.pos += 1;
        }
        while let Some(c) = self.peek() {
            let exponent_sign = matches!(c, b'+' | b'-')
                && matches!(self.b.get(self.pos.wrapping_sub(1)), Some(b'e' | b'E'));
            if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || exponent_sign {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    /// Skips one value; returns its kind. Whitespace before it must already be skipped.
    fn skip_value(&mut self) -> Result<ValueKind, SyntaxError> {
        match self.peek() {
            None => self.err("expected a value, found the end of the text"),
            Some(b'"') => self.string().map(|()| ValueKind::Str),
            Some(b'\'') => self.char_lit().map(|()| ValueKind::Char),
            Some(b'r')
                if matches!(self.peek_at(1), Some(b'"' | b'#'))
                    && !(self.peek_at(1) == Some(b'#')
                        && matches!(self.peek_at(2), Some(c) if c.is_ascii_alphabetic() || c == b'_')) =>
            {
                self.raw_string().map(|()| ValueKind::Str)
            }
            Some(b'b') if self.peek_at(1) == Some(b'"') => {
                self.pos += 1;
                self.string().map(|()| ValueKind::Str)
            }
            Some(b'(') => self.skip_group(b')').map(|()| ValueKind::Struct),
            Some(b'[') => self.skip_group(b']').map(|()| ValueKind::List),
            Some(b'{') => self.skip_group(b'}').map(|()| ValueKind::Map),
            Some(c) if c.is_ascii_digit() || c == b'-' || c == b'+' || c == b'.' => {
                self.number();
                Ok(ValueKind::Number)
            }
            Some(_) => {
                let Some(name) = self.ident() else {
                    return self.err("expected a value");
                };
                let word = &self.b[name.clone()];
                let after = self.pos;
                self.ws()?;
                if self.peek() == Some(b'(') {
                    self.skip_group(b')')?;
                    return Ok(ValueKind::Struct);
                }
                self.pos = after;
                Ok(match word {
                    b"true" | b"false" => ValueKind::Bool,
                    b"inf" | b"NaN" => ValueKind::Number,
                    _ => ValueKind::Ident,
                })
            }
        }
    }

    /// Skips a bracketed group, the scanner on its opening byte.
    fn skip_group(&mut self, close: u8) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.err("nested too deeply");
        }
        self.pos += 1;
        loop {
            self.ws()?;
            match self.peek() {
                None => return self.err(format!("expected `{}`", close as char)),
                Some(c) if c == close => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                Some(b',' | b':') => self.pos += 1,
                Some(b')' | b']' | b'}') => return self.err("mismatched closing bracket"),
                Some(_) => {
                    self.skip_value()?;
                }
            }
        }
    }

    /// On a value: moves past an optional struct name and `Some(` wrappers to the bracket or
    /// scalar that holds the data; returns the start of the whole value.
    fn enter(&mut self) -> Result<usize, SyntaxError> {
        let start = self.pos;
        loop {
            let here = self.pos;
            if let Some(name) = self.ident() {
                let is_some = &self.b[name] == b"Some";
                self.ws()?;
                if self.peek() == Some(b'(') {
                    if is_some {
                        self.pos += 1;
                        self.ws()?;
                        continue;
                    }
                    return Ok(start);
                }
                self.pos = here;
            }
            return Ok(start);
        }
    }

    /// Reads the fields of the struct whose `(` is at the scanner.
    fn struct_fields(&mut self) -> Result<(usize, usize, Vec<FieldSpan>), SyntaxError> {
        if self.peek() != Some(b'(') {
            return self.err("expected a struct");
        }
        let open = self.pos;
        self.pos += 1;
        let mut fields = Vec::new();
        loop {
            self.ws()?;
            match self.peek() {
                Some(b')') => {
                    let close = self.pos;
                    self.pos += 1;
                    return Ok((open, close, fields));
                }
                None => return self.err("expected `)`"),
                _ => {}
            }
            let Some(name_span) = self.ident() else {
                return self.err("expected a field name");
            };
            self.ws()?;
            if self.peek() != Some(b':') {
                return self.err("expected `:` after a field name");
            }
            self.pos += 1;
            self.ws()?;
            let vstart = self.pos;
            self.skip_value()?;
            let value_span = vstart..self.pos;
            self.ws()?;
            let comma = if self.peek() == Some(b',') {
                self.pos += 1;
                Some(self.pos - 1)
            } else {
                None
            };
            let name = String::from_utf8_lossy(&self.b[name_span.clone()]).into_owned();
            fields.push(FieldSpan {
                name,
                name_span,
                value_span,
                comma,
            });
            if comma.is_none() {
                self.ws()?;
                if self.peek() != Some(b')') {
                    return self.err("expected `,` or `)`");
                }
            }
        }
    }

    /// Reads the items of the list (or tuple) whose bracket is at the scanner.
    fn list_items(&mut self) -> Result<ListSpans, SyntaxError> {
        let close_byte = match self.peek() {
            Some(b'[') => b']',
            Some(b'(') => b')',
            _ => return self.err("expected a list"),
        };
        let open = self.pos;
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.ws()?;
            match self.peek() {
                Some(c) if c == close_byte => {
                    let close = self.pos;
                    self.pos += 1;
                    return Ok(ListSpans {
                        span: open..self.pos,
                        open,
                        close,
                        items,
                    });
                }
                None => return self.err(format!("expected `{}`", close_byte as char)),
                _ => {}
            }
            let start = self.pos;
            self.skip_value()?;
            let span = start..self.pos;
            self.ws()?;
            let comma = if self.peek() == Some(b',') {
                self.pos += 1;
                Some(self.pos - 1)
            } else {
                None
            };
            items.push((span, comma));
            if comma.is_none() {
                self.ws()?;
                if self.peek() != Some(close_byte) {
                    return self.err(format!("expected `,` or `{}`", close_byte as char));
                }
            }
        }
    }

    /// Walks `path` from the top-level value, skipping everything off the path. Leaves the
    /// scanner at the start of the value found (after any `Some(`), or returns None.
    fn walk(&mut self, path: &[Seg]) -> Result<Option<usize>, SyntaxError> {
        self.preamble()?;
        let mut start = self.enter()?;
        for seg in path {
            // Past an optional struct name to the bracket.
            let here = self.pos;
            if self.ident().is_some() {
                self.ws()?;
                if self.peek() != Some(b'(') {
                    self.pos = here;
                    return Ok(None);
                }
            }
            match *seg {
                Seg::Field(want) => {
                    if self.peek() != Some(b'(') {
                        return Ok(None);
                    }
                    self.pos += 1;
                    let mut found = false;
                    loop {
                        self.ws()?;
                        if matches!(self.peek(), Some(b')') | None) {
                            break;
                        }
                        let Some(name) = self.ident() else {
                            return self.err("expected a field name");
                        };
                        self.ws()?;
                        if self.peek() != Some(b':') {
                            return self.err("expected `:` after a field name");
                        }
                        self.pos += 1;
                        self.ws()?;
                        if &self.b[name] == want.as_bytes() {
                            found = true;
                            break;
                        }
                        self.skip_value()?;
                        self.ws()?;
                        if self.peek() == Some(b',') {
                            self.pos += 1;
                        }
                    }
                    if !found {
                        return Ok(None);
                    }
                }
                Seg::Index(i) => {
                    let close = match self.peek() {
                        Some(b'[') => b']',
                        Some(b'(') => b')',
                        _ => return Ok(None),
                    };
                    self.pos += 1;
                    for _ in 0..i {
                        self.ws()?;
                        if matches!(self.peek(), Some(c) if c == close) || self.peek().is_none() {
                            return Ok(None);
                        }
                        self.skip_value()?;
                        self.ws()?;
                        if self.peek() == Some(b',') {
                            self.pos += 1;
                        }
                    }
                    self.ws()?;
                    if matches!(self.peek(), Some(c) if c == close) || self.peek().is_none() {
                        return Ok(None);
                    }
                }
            }
            start = self.enter()?;
        }
        Ok(Some(start))
    }
}

/// The span and kind of the value at `path` (`Some(..)` is looked through).
pub fn locate(text: &str, path: &[Seg]) -> Result<Option<Located>, SyntaxError> {
    let mut s = Scanner::new(text);
    let Some(_) = s.walk(path)? else {
        return Ok(None);
    };
    let start = s.pos;
    let kind = s.skip_value()?;
    Ok(Some(Located {
        span: start..s.pos,
        kind,
    }))
}

/// The fields of the struct at `path`.
pub fn struct_at(text: &str, path: &[Seg]) -> Result<Option<StructSpans>, SyntaxError> {
    let mut s = Scanner::new(text);
    let Some(start) = s.walk(path)? else {
        return Ok(None);
    };
    if s.ident().is_some() {
        s.ws()?;
    }
    if s.peek() != Some(b'(') {
        return Ok(None);
    }
    let (open, close, fields) = s.struct_fields()?;
    Ok(Some(StructSpans {
        span: start..close + 1,
        open,
        close,
        fields,
    }))
}

/// The items of the list at `path`.
pub fn list_at(text: &str, path: &[Seg]) -> Result<Option<ListSpans>, SyntaxError> {
    let mut s = Scanner::new(text);
    if s.walk(path)?.is_none() {
        return Ok(None);
    }
    if s.peek() != Some(b'[') {
        return Ok(None);
    }
    s.list_items().map(Some)
}

/// Every value's span, for many lookups (used only when a file has validation problems).
#[derive(Debug)]
pub struct SpanIndex<'a> {
    text: &'a str,
    nodes: Vec<Node>,
}

#[derive(Debug, Clone)]
struct Node {
    span: Range<usize>,
    /// For struct fields: the field name's bytes in the text.
    name: Option<Range<usize>>,
    first_child: u32,
    next_sibling: u32,
}

const NONE: u32 = u32::MAX;

impl<'a> SpanIndex<'a> {
    pub fn build(text: &'a str) -> Result<Self, SyntaxError> {
        let mut s = Scanner::new(text);
        s.preamble()?;
        let mut index = SpanIndex {
            text,
            nodes: Vec::new(),
        };
        index.value(&mut s, None)?;
        Ok(index)
    }

    /// Adds the value at the scanner (and its children); returns its node.
    fn value(&mut self, s: &mut Scanner, name: Option<Range<usize>>) -> Result<u32, SyntaxError> {
        let me = self.nodes.len() as u32;
        let start = s.enter()?;
        self.nodes.push(Node {
            span: start..start,
            name,
            first_child: NONE,
            next_sibling: NONE,
        });
        let here = s.pos;
        if s.ident().is_some() {
            s.ws()?;
            if s.peek() != Some(b'(') {
                s.pos = here;
            }
        }
        let mut last_child = NONE;
        let mut link = |index: &mut SpanIndex<'a>, child: u32| {
            if last_child == NONE {
                index.nodes[me as usize].first_child = child;
            } else {
                index.nodes[last_child as usize].next_sibling = child;
            }
            last_child = child;
        };
        match s.peek() {
            Some(open @ (b'(' | b'[' | b'{')) => {
                let close = match open {
                    b'(' => b')',
                    b'[' => b']',
                    _ => b'}',
                };
                s.depth += 1;
                if s.depth > MAX_DEPTH {
                    return s.err("nested too deeply");
                }
                s.pos += 1;
                loop {
                    s.ws()?;
                    match s.peek() {
                        Some(c) if c == close => {
                            s.pos += 1;
                            break;
                        }
                        None => return s.err(format!("expected `{}`", close as char)),
                        Some(b',') => {
                            s.pos += 1;
                            continue;
                        }
                        _ => {}
                    }
                    // A struct field `name: value`, or a plain item.
                    let at = s.pos;
                    let mut field = None;
                    if open == b'('
                        && let Some(n) = s.ident()
                    {
                        s.ws()?;
                        if s.peek() == Some(b':') {
                            s.pos += 1;
                            s.ws()?;
                            field = Some(n);
                        } else {
                            s.pos = at;
                        }
                    }
                    if open == b'{' {
                        s.skip_value()?;
                        s.ws()?;
                        if s.peek() == Some(b':') {
                            s.pos += 1;
                        }
                        s.ws()?;
                    }
                    let child = self.value(s, field)?;
                    link(self, child);
                }
                s.depth -= 1;
                // Close any `Some(` wrappers entered.
                self.close_wrappers(s, start)?;
            }
            _ => {
                s.skip_value()?;
                self.close_wrappers(s, start)?;
            }
        }
        self.nodes[me as usize].span = start..s.pos;
        Ok(me)
    }

    /// After the data of a value, skips the `)` of each `Some(` that `enter` went through.
    fn close_wrappers(&mut self, s: &mut Scanner, start: usize) -> Result<(), SyntaxError> {
        let mut opened = 0;
        let mut p = Scanner {
            b: s.b,
            pos: start,
            depth: 0,
        };
        while let Some(n) = p.ident() {
            if &p.b[n] != b"Some" {
                break;
            }
            p.ws()?;
            if p.peek() != Some(b'(') {
                break;
            }
            opened += 1;
            p.pos += 1;
            p.ws()?;
        }
        for _ in 0..opened {
            s.ws()?;
            if s.peek() != Some(b')') {
                return s.err("expected `)` closing Some(");
            }
            s.pos += 1;
        }
        Ok(())
    }

    fn child(&self, node: u32, seg: &Seg) -> Option<u32> {
        let mut c = self.nodes.get(node as usize)?.first_child;
        let mut i = 0;
        while c != NONE {
            let n = &self.nodes[c as usize];
            match seg {
                Seg::Field(want) => {
                    if n.name.as_ref().is_some_and(|r| {
                        self.text.as_bytes().get(r.clone()) == Some(want.as_bytes())
                    }) {
                        return Some(c);
                    }
                }
                Seg::Index(k) => {
                    if i == *k {
                        return Some(c);
                    }
                }
            }
            i += 1;
            c = n.next_sibling;
        }
        None
    }

    fn find(&self, path: &[Seg]) -> Option<u32> {
        let mut node = 0u32;
        if self.nodes.is_empty() {
            return None;
        }
        for seg in path {
            node = self.child(node, seg)?;
        }
        Some(node)
    }

    /// The span of the value at `path`.
    pub fn span(&self, path: &[Seg]) -> Option<Range<usize>> {
        self.find(path).map(|n| self.nodes[n as usize].span.clone())
    }

    /// The span of the field name for a path ending in a field.
    pub fn field_name_span(&self, path: &[Seg]) -> Option<Range<usize>> {
        self.find(path)
            .and_then(|n| self.nodes[n as usize].name.clone())
    }
}

/// 1-based line and 1-based column counted in chars, as ron counts them.
pub fn line_col(text: &str, byte: usize) -> (usize, usize) {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    let before = &text[..byte];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}
