//! Findings in English.

use super::{Figure, Finding};
use crate::ledger::number::compact;

pub(super) fn figure(f: Figure) -> &'static str {
    match f {
        Figure::InvestmentTotal => "investment total",
        Figure::InvestmentPlan => "investment plan",
        Figure::InvestmentDone => "investment done",
        Figure::MonthlyDone => "monthly done",
        Figure::Target => "target",
        Figure::Progress => "progress",
        Figure::LagPoints => "lag_points",
    }
}

/// The measure after each figure, and the hint that ends a "too large" message.
fn measure(f: Figure) -> (&'static str, &'static str) {
    match f {
        Figure::Target | Figure::Progress => ("", " in its measure"),
        Figure::LagPoints => (" points", ""),
        _ => (" 亿元", " (100 万亿元): is a decimal point or unit wrong?"),
    }
}

fn mark(c: char) -> &'static str {
    match c {
        '，' => "comma",
        '：' => "colon",
        '（' => "opening parenthesis",
        '）' => "closing parenthesis",
        '“' => "opening quotation mark",
        '”' => "closing quotation mark",
        '‘' => "opening single quotation mark",
        '’' => "closing single quotation mark",
        '；' => "semicolon",
        '【' => "opening bracket",
        '】' => "closing bracket",
        _ => "mark",
    }
}

fn within(w: &Option<String>) -> &str {
    w.as_deref().unwrap_or("this item")
}

pub(super) fn place(line: usize, col: usize) -> String {
    format!("line {line}, column {col}: ")
}

pub(super) fn words(f: &Finding) -> String {
    use Finding as F;
    match f {
        F::UnknownField {
            found,
            expected,
            within: w,
        } => format!(
            "unknown field `{found}` in {}; expected one of: {}",
            within(w),
            expected.join(", ")
        ),
        F::MissingField { field, within: w } => {
            format!(
                "{} is missing its `{field}` field, which is required",
                within(w)
            )
        }
        F::DuplicateField { field, within: w } => {
            format!("field `{field}` appears twice in {}; keep one", within(w))
        }
        F::ExpectedComma => "expected a `,` between two items or fields, or the closing bracket; \
                             is a `,` or a closing `\"` missing just before here?"
            .into(),
        F::ExpectedFieldName => {
            "expected a field name (like `name:` or `due:`) here; is a character stray?".into()
        }
        F::ExpectedInteger => "expected a whole number here (e.g. `2018` or `14`)".into(),
        F::ExpectedNumber => "expected a number here (e.g. `12.5`)".into(),
        F::ExpectedText => "expected text in double quotes here (e.g. `\"区农工委\"`)".into(),
        F::UnclosedText => "a text in quotes is not closed; expected a closing `\"`".into(),
        F::ExpectedList => "expected a list in `[ ]` here".into(),
        F::ExpectedListEnd => {
            "expected `]` to close the list, or a `,` before the next item".into()
        }
        F::ExpectedItem(name) => format!("expected `{name}( ... )` here"),
        F::ExpectedItemEnd => {
            "expected `)` to close this item, or a `,` before the next field".into()
        }
        F::UnclosedComment => "a `/*` comment is not closed; expected `*/`".into(),
        F::TooDeep => {
            "brackets nested too deeply (more than 128 levels); a ledger needs about 5".into()
        }
        F::TrailingText => {
            "text after the end of the ledger; expected nothing after its closing `)`".into()
        }
        F::IntegerOutOfBounds => "this whole number is too large or too small for a ledger; \
                                  expected a year like 2018 or a number of days like 14"
            .into(),
        F::BadUnicodeEscape => {
            "this `\\u{...}` escape is not a Unicode character; expected a code up to 10FFFF \
             outside D800–DFFF, e.g. `\\u{4e2d}` for 中, or the character itself"
                .into()
        }
        F::BadEscape(what) => format!(
            "this `\\` escape in a text is not valid ({what}); expected `\\\"`, `\\\\`, `\\n`, \
             `\\t` or `\\u{{4e2d}}`, or the character itself"
        ),
        F::EndOfFile => {
            "the file ends before the ledger does: a `(`, `[` or string is not closed; \
                         expected the rest of the ledger and its closing `)`"
                .into()
        }
        F::OutOfRange(s) => format!("{s}; expected a number that fits (days are whole numbers)"),
        F::Ron(s) => s.clone(),
        F::UnclosedAttribute => "the `#![enable(` line is not closed; expected `)]` at its end, \
                                 as in `#![enable(implicit_some)]` (or no such line: tracker \
                                 enables implicit_some itself)"
            .into(),
        F::NotUtf8 { byte } => format!(
            "byte 0x{byte:02X} is not UTF-8 text; expected the ledger saved as UTF-8 \
             (re-save it as UTF-8 in your editor)"
        ),
        F::ConflictMarker => "git merge conflict marker (<<<<<<<): the file holds two versions; \
                              keep one, remove the <<<<<<< ======= >>>>>>> lines, then load again"
            .into(),
        F::FullWidth { c, ascii } => format!(
            "a full-width {} `{c}` (typed by a Chinese input method) where the ledger \
             needs the ASCII `{ascii}`",
            mark(*c)
        ),
        F::IdeographicSpace => "a full-width (ideographic) space, typed by a Chinese input \
                                method, where the ledger needs an ASCII space"
            .into(),
        F::NumberWithUnit { number, unit } => format!(
            "the number {number}{unit} is written with its unit; expected the number alone \
             ({number}): amounts are in 亿元, a pledge's unit goes in `measure`"
        ),
        F::NotADate(s) => {
            format!("\"{s}\" is not a date; expected YYYY-MM-DD, e.g. \"2018-03-31\"")
        }
        F::NoSuchDay(s) => format!(
            "{s} is not a date (no such day in the calendar); expected a real day as YYYY-MM-DD"
        ),
        F::NotAMonth { text, year } => {
            format!("\"{text}\" is not a month; expected YYYY-MM, e.g. \"{year}-05\"")
        }
        F::MonthOutsideYear { text, year } => format!(
            "month \"{text}\" is outside the ledger's year {year}; expected a month of {year}"
        ),
        F::MonthTwice(m) => {
            format!("month \"{m}\" is written twice; expected one figure per month")
        }
        F::BadAmount { what, x } => format!(
            "{} is {x}; expected a finite number, 0 or more",
            figure(*what)
        ),
        F::TooLarge { what, x, max } => {
            let (unit, hint) = measure(*what);
            format!(
                "{} is {}{unit}; expected at most {}{unit}{hint}",
                figure(*what),
                compact(*x),
                compact(*max)
            )
        }
        F::DoneTooEarly { date, year } => format!(
            "done date {date} is before the {year} campaign could have started; \
             expected {}-01-01 or later",
            year - 1
        ),
        F::NotACampaignYear(y) => format!("year {y} is not a campaign year; expected e.g. 2018"),
        F::DuplicateUnit { name, first } => format!(
            "unit \"{name}\" is listed twice (also unit #{}); expected unique unit names",
            first + 1
        ),
        F::DuplicateProject { name, first } => format!(
            "project \"{name}\" is listed twice (also project #{}); expected unique project names",
            first + 1
        ),
        F::DuplicateMilestone {
            name,
            project,
            first,
        } => format!(
            "milestone \"{name}\" appears twice in project \"{project}\" (also milestone #{}); \
             expected unique milestone names within a project",
            first + 1
        ),
        F::UnknownCategory {
            category,
            categories,
        } => format!(
            "category \"{category}\" is not in `categories`; expected one of: {}",
            categories.join(", ")
        ),
        F::UnknownUnit { name, suggestion } => {
            let hint = suggestion
                .as_ref()
                .map(|s| format!(" (did you mean \"{s}\"?)"))
                .unwrap_or_default();
            format!(
                "no unit is named \"{name}\"{hint}; expected the name of one of the ledger's units"
            )
        }
        F::EmptyUnitName => {
            "a unit has an empty name; expected the unit's name, e.g. \"区农工委\"".into()
        }
        F::EmptyProjectName => "a project has an empty name; expected its name".into(),
        F::SoonDaysNegative(d) => format!("soon_days is {d}; expected 0 or more days"),
        F::RedDaysTooSmall(d) => format!("red_days is {d}; expected 1 or more days"),
        F::TargetWithoutMeasure => {
            "a target needs its measure; expected e.g. `target: 24, measure: \"座\"`".into()
        }
        F::MeasureWithoutTarget => {
            "a measure needs its target; expected e.g. `target: 24, measure: \"座\"`".into()
        }
        F::NotAReading(p) => format!(
            "pinyin \"{p}\" is not a reading; expected syllables in Latin letters \
             separated by spaces, without tones, e.g. \"chong qing lu\""
        ),
        F::HiddenCharacters(s) => format!(
            "control or invisible characters (or emoji sequences terminals draw at \
             differing widths) in \"{s}\" are shown as ␛/\u{2426}; expected plain text"
        ),
    }
}
