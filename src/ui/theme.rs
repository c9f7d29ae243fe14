//! Colours, styles and symbols, in one place. Every colour also has a symbol and a word,
//! so the screen reads the same with `NO_COLOR` set.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

use crate::rules::Colour;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// False when `NO_COLOR` is set: only modifiers (bold, reverse) are used.
    pub colour: bool,
    /// ASCII borders for non-UTF-8 locales (`LC_ALL=C`).
    pub ascii: bool,
}

impl Theme {
    pub fn from_env() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Self {
            colour: !no_color,
            ascii: !locale_is_utf8(),
        }
    }

    /// The symbol that stands for a colour (never ambiguous-width, never emoji).
    pub fn symbol(self, c: Colour) -> &'static str {
        match (c, self.ascii) {
            (Colour::Red, false) => "✗",
            (Colour::Yellow, _) => "!",
            (Colour::Blue, false) => "►",
            (Colour::Green, false) => "✓",
            (Colour::Red, true) => "X",
            (Colour::Blue, true) => ">",
            (Colour::Green, true) => "+",
        }
    }

    /// The cell a week's column of the trend chart is built of, for red or yellow: told
    /// apart by shape too, for NO_COLOR and ASCII terminals.
    pub fn trend_cell(self, c: Colour) -> &'static str {
        match (c, self.ascii) {
            (Colour::Red, false) => "█",
            (_, false) => "▒",
            (Colour::Red, true) => "#",
            (_, true) => ":",
        }
    }

    pub fn warning(self, c: Colour) -> Style {
        if !self.colour {
            return match c {
                Colour::Red => Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
                Colour::Yellow => Style::new().add_modifier(Modifier::BOLD),
                _ => Style::new(),
            };
        }
        match c {
            Colour::Red => Style::new()
                .fg(Color::LightRed)
                .add_modifier(Modifier::BOLD),
            Colour::Yellow => Style::new().fg(Color::Yellow),
            Colour::Blue => Style::new().fg(Color::LightBlue),
            Colour::Green => Style::new().fg(Color::Green),
        }
    }

    /// A solid block of the colour, for the wall chart and bars.
    pub fn block(self, c: Colour) -> Style {
        if !self.colour {
            return self.warning(c);
        }
        let bg = match c {
            Colour::Red => Color::Red,
            Colour::Yellow => Color::Yellow,
            Colour::Blue => Color::Blue,
            Colour::Green => Color::Green,
        };
        Style::new().bg(bg).fg(Color::Black)
    }

    pub fn title_bar(self) -> Style {
        if self.colour {
            Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    pub fn tab_active(self) -> Style {
        if self.colour {
            Style::new()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    pub fn selected(self) -> Style {
        if self.colour {
            // Darker than the dim text colour, so dim figures stay legible when selected.
            Style::new()
                .bg(Color::Indexed(237))
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    pub fn header(self) -> Style {
        if self.colour {
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    pub fn dim(self) -> Style {
        if self.colour {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    pub fn key(self) -> Style {
        if self.colour {
            Style::new().fg(Color::Black).bg(Color::Gray)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    pub fn error(self) -> Style {
        if self.colour {
            Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    pub fn ok(self) -> Style {
        if self.colour {
            Style::new().fg(Color::Green)
        } else {
            Style::new()
        }
    }

    pub fn focus_border(self) -> Style {
        if self.colour {
            Style::new().fg(Color::Yellow)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    pub fn border_set(self) -> border::Set<'static> {
        if self.ascii {
            border::Set {
                top_left: "+",
                top_right: "+",
                bottom_left: "+",
                bottom_right: "+",
                vertical_left: "|",
                vertical_right: "|",
                horizontal_top: "-",
                horizontal_bottom: "-",
            }
        } else {
            border::PLAIN
        }
    }

    /// Characters for progress bars, filled and empty (the empty part is drawn dim). Half
    /// blocks, so bars on neighbouring rows stay apart.
    pub fn bar_chars(self) -> (&'static str, &'static str) {
        if self.ascii {
            ("#", ".")
        } else if !self.colour {
            // Without colour "dim" is plain: the empty part needs its own character.
            ("▄", "·")
        } else {
            ("▄", "▄")
        }
    }

    /// The colour cell of a project with no milestones: it has no colour.
    pub fn no_colour(self) -> &'static str {
        if self.ascii { "-" } else { "—" }
    }

    /// Horizontal rule character (today marker, separators).
    pub fn rule(self) -> &'static str {
        if self.ascii { "-" } else { "─" }
    }

    /// After the due date of a milestone re-planned (倒排工期): its due is not the first one.
    pub fn replanned_mark(self) -> &'static str {
        if self.ascii { "~" } else { "↻" }
    }

    /// Before the date a milestone was crossed off.
    pub fn done_mark(self) -> &'static str {
        if self.ascii { "+" } else { "✓" }
    }

    /// The text cursor in a field.
    pub fn cursor(self) -> &'static str {
        if self.ascii { "|" } else { "▏" }
    }

    /// An empty month on the wall chart, and the month holding today.
    pub fn empty_month(self, today: bool) -> &'static str {
        match (self.ascii, today) {
            (true, true) => ":",
            (true, false) => ".",
            (false, true) => "┊",
            (false, false) => "·",
        }
    }

    /// Selection marker at the start of a row.
    pub fn marker(self) -> &'static str {
        if self.ascii { ">" } else { "▸" }
    }
}

/// The locale's character set from `LC_ALL`, `LC_CTYPE`, `LANG`; unset counts as UTF-8.
fn locale_is_utf8() -> bool {
    let value = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
    match value {
        None => true,
        Some(v) => {
            let v = v.to_ascii_lowercase();
            v.contains("utf-8") || v.contains("utf8")
        }
    }
}
