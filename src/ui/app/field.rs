//! A line being typed (the search, the unit picker's query, a dialog's field): its text
//! and where the cursor is, moved and edited as in a shell's line editor.

/// How a key edits a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEdit {
    /// ← : one character back.
    Left,
    /// → : one character on.
    Right,
    /// Home, Ctrl-A: to the start.
    Start,
    /// End, Ctrl-E: to the end.
    End,
    /// Backspace: the character before the cursor.
    DeleteBack,
    /// Delete: the character under the cursor.
    DeleteForward,
    /// Ctrl-W: the word before the cursor (and the spaces after it).
    DeleteWord,
    /// Ctrl-U: everything before the cursor.
    DeleteToStart,
}

/// The text and the cursor, a byte index at a character boundary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextField {
    text: String,
    cursor: usize,
}

impl TextField {
    /// `text`, with the cursor at its end.
    pub fn new(text: &str) -> Self {
        TextField {
            text: text.to_string(),
            cursor: text.len(),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// What is before the cursor, and what is after it.
    pub fn split(&self) -> (&str, &str) {
        self.text.split_at(self.cursor)
    }

    /// Whether the cursor is at the end (typing there only adds to the text).
    pub fn at_end(&self) -> bool {
        self.cursor == self.text.len()
    }

    /// Types `text` at the cursor, cleaned as every typed text is (line breaks and tabs
    /// become spaces, characters that could drive the terminal are dropped), up to
    /// `limit` characters in all. True when some of it did not fit.
    pub fn insert(&mut self, text: &str, limit: usize) -> bool {
        let mut have = self.text.chars().count();
        for c in text.chars() {
            let c = match c {
                '\n' | '\r' | '\t' => ' ',
                c if crate::ledger::sanitize::is_unsafe(c) => continue,
                c => c,
            };
            if have >= limit {
                return true;
            }
            self.text.insert(self.cursor, c);
            self.cursor += c.len_utf8();
            have += 1;
        }
        false
    }

    /// Moves or deletes as `edit` says; true when the text changed.
    pub fn edit(&mut self, edit: LineEdit) -> bool {
        let before = &self.text[..self.cursor];
        let back = before.chars().next_back().map_or(0, char::len_utf8);
        let on = self.text[self.cursor..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        match edit {
            LineEdit::Left => self.cursor -= back,
            LineEdit::Right => self.cursor += on,
            LineEdit::Start => self.cursor = 0,
            LineEdit::End => self.cursor = self.text.len(),
            LineEdit::DeleteBack => return self.delete(self.cursor - back..self.cursor),
            LineEdit::DeleteForward => return self.delete(self.cursor..self.cursor + on),
            LineEdit::DeleteWord => {
                let trimmed = before.trim_end();
                let start = trimmed
                    .char_indices()
                    .rev()
                    .find(|(_, c)| c.is_whitespace())
                    .map_or(0, |(i, c)| i + c.len_utf8());
                return self.delete(start..self.cursor);
            }
            LineEdit::DeleteToStart => return self.delete(0..self.cursor),
        }
        false
    }

    fn delete(&mut self, range: std::ops::Range<usize>) -> bool {
        if range.is_empty() {
            return false;
        }
        self.cursor = range.start;
        self.text.replace_range(range, "");
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, cursor: usize) -> TextField {
        TextField {
            text: text.to_string(),
            cursor,
        }
    }

    #[test]
    fn typing_goes_in_at_the_cursor_and_moves_it() {
        let mut f = TextField::new("区城管局");
        f.edit(LineEdit::Left);
        f.edit(LineEdit::Left);
        assert!(!f.insert("市管理", 100));
        assert_eq!(f.as_str(), "区城市管理管局");
        assert_eq!(f.split(), ("区城市管理", "管局"));
        f.edit(LineEdit::DeleteForward);
        assert_eq!(f.as_str(), "区城市管理局");
        f.edit(LineEdit::Start);
        assert!(!f.insert("\t", 100));
        assert_eq!(f.as_str(), " 区城市管理局", "a tab is typed as a space");
    }

    #[test]
    fn the_limit_counts_characters() {
        let mut f = TextField::new("进度");
        assert!(f.insert("完成百分之四十", 5));
        assert_eq!(f.as_str(), "进度完成百");
    }

    #[test]
    fn words_and_the_start_are_deleted_like_a_shell_does() {
        let mut f = TextField::new("南水北调 生态 公园  ");
        assert!(f.edit(LineEdit::DeleteWord));
        assert_eq!(f.as_str(), "南水北调 生态 ");
        assert!(f.edit(LineEdit::DeleteWord));
        assert_eq!(f.as_str(), "南水北调 ");
        let mut f = at("abc def", 5);
        assert!(f.edit(LineEdit::DeleteToStart));
        assert_eq!((f.as_str(), f.split().0), ("ef", ""));
    }

    #[test]
    fn nothing_happens_at_the_ends() {
        let mut f = TextField::new("");
        for e in [
            LineEdit::Left,
            LineEdit::Right,
            LineEdit::DeleteBack,
            LineEdit::DeleteForward,
            LineEdit::DeleteWord,
            LineEdit::DeleteToStart,
        ] {
            assert!(!f.edit(e));
        }
        let mut f = TextField::new("园");
        assert!(!f.edit(LineEdit::Right));
        assert!(!f.edit(LineEdit::DeleteForward));
        assert!(f.edit(LineEdit::DeleteBack));
        assert!(f.is_empty() && f.at_end());
    }
}
