//! What is wrong at a place in a ledger file, typed: the loader, the checks and the
//! input-method scan say what they found, and only the edge (`tracker check`, the
//! interface) turns it into words, from the table of the user's language.

mod en;
mod zh;

use chrono::NaiveDate;

use crate::lang::Lang;

/// A figure the checks bound, named in messages with its measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    InvestmentTotal,
    InvestmentPlan,
    InvestmentDone,
    MonthlyDone,
    Target,
    Progress,
    LagPoints,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    // What ron could not read, in the ledger's terms.
    /// `within`: the item's name (`Milestone`), when ron knows it.
    UnknownField {
        found: String,
        expected: Vec<String>,
        within: Option<String>,
    },
    MissingField {
        field: String,
        within: Option<String>,
    },
    DuplicateField {
        field: String,
        within: Option<String>,
    },
    ExpectedComma,
    ExpectedFieldName,
    ExpectedInteger,
    ExpectedNumber,
    ExpectedText,
    UnclosedText,
    ExpectedList,
    ExpectedListEnd,
    /// `Milestone( ... )` and the like.
    ExpectedItem(String),
    ExpectedItemEnd,
    UnclosedComment,
    TooDeep,
    TrailingText,
    IntegerOutOfBounds,
    BadUnicodeEscape,
    /// ron's description of the escape.
    BadEscape(String),
    EndOfFile,
    /// A number out of range, in ron's words.
    OutOfRange(String),
    /// Anything else ron says, in its own words.
    Ron(String),
    UnclosedAttribute,
    NotUtf8 {
        byte: u8,
    },
    ConflictMarker,

    // What a Chinese input method typed where the ledger needs ASCII.
    /// A full-width mark (，：（）“”‘’；【】) where `ascii` belongs.
    FullWidth {
        c: char,
        ascii: char,
    },
    IdeographicSpace,
    NumberWithUnit {
        number: String,
        unit: String,
    },

    // Values that read but break a rule.
    NotADate(String),
    NoSuchDay(String),
    NotAMonth {
        text: String,
        year: i32,
    },
    MonthOutsideYear {
        text: String,
        year: i32,
    },
    MonthTwice(String),
    /// Below zero or not a finite number.
    BadAmount {
        what: Figure,
        x: f64,
    },
    TooLarge {
        what: Figure,
        x: f64,
        max: f64,
    },
    DoneTooEarly {
        date: NaiveDate,
        year: i32,
    },
    NotACampaignYear(i64),
    DuplicateUnit {
        name: String,
        first: usize,
    },
    DuplicateProject {
        name: String,
        first: usize,
    },
    DuplicateMilestone {
        name: String,
        project: String,
        first: usize,
    },
    UnknownCategory {
        category: String,
        categories: Vec<String>,
    },
    UnknownUnit {
        name: String,
        suggestion: Option<String>,
    },
    EmptyUnitName,
    EmptyProjectName,
    SoonDaysNegative(i64),
    RedDaysTooSmall(i64),
    TargetWithoutMeasure,
    MeasureWithoutTarget,
    /// A `pinyin:` override that is not syllables in Latin letters.
    NotAReading(String),
    /// A warning: control or invisible characters, shown as ␛/␦.
    HiddenCharacters(String),
}

/// The words before a finding: its place ("line 12, column 40: ", "第 12 行第 40 列是" for a
/// character typed there, "第 12 行第 40 列：").
pub fn place(lang: Lang, line: usize, col: usize, character: bool) -> String {
    match lang {
        Lang::Zh => zh::place(line, col, character),
        Lang::En => en::place(line, col),
    }
}

/// The mark before a warning (rather than an error) in Chinese output.
pub const ZH_WARNING: &str = zh::WARNING;

impl Figure {
    /// The figure's name in `lang` ("investment plan", "年度计划投资").
    pub fn words(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => zh::figure(self),
            Lang::En => en::figure(self),
        }
    }
}

impl Finding {
    /// What was found, in `lang`.
    pub fn words(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => zh::words(self),
            Lang::En => en::words(self),
        }
    }

    /// A character typed in the wrong form: in Chinese the place reads "第 3 行第 5 列是…".
    pub fn is_character(&self) -> bool {
        matches!(
            self,
            Finding::FullWidth { .. } | Finding::IdeographicSpace | Finding::NumberWithUnit { .. }
        )
    }
}

impl std::fmt::Display for Finding {
    /// English, for logs and `Debug`-like uses; the edge uses [`Finding::words`].
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.words(Lang::En))
    }
}
