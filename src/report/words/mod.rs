//! Every word the reports print: one table per language (Chinese, English). Adding a word
//! means adding it to both. Templates are filled with `crate::lang::fill`: `{}` takes the
//! next value, `{0}`, `{1}` … the value at that place, so a language can reorder them.

use crate::lang::Lang;

mod en;
mod zh;

/// The same words twice: `[0]` for Markdown, with spaces around figures; `[1]` for plain
/// text, as running text in a document has none (Chinese only; English keeps its spaces).
pub type Spaced = [&'static str; 2];

/// One language's words for the reports.
#[derive(Debug)]
pub struct Words {
    // What every report shares.
    /// A date in running text: {0} year, {1} month, {2} day, {3} the ISO date.
    pub date: &'static str,
    /// The colours with a symbol, so a report reads the same printed in black: red, yellow,
    /// blue, green.
    pub colours: [&'static str; 4],
    /// Countdown, days past due: {} days (more than one, and exactly one).
    pub late: Spaced,
    pub late_one: Spaced,
    /// Countdown, due today.
    pub due_today: &'static str,
    /// Countdown, days left: {} days (more than one, and exactly one).
    pub left: Spaced,
    pub left_one: Spaced,
    /// A re-plan that moved the due date later by {} days (more than one, exactly one).
    pub later: Spaced,
    pub later_one: Spaced,
    /// A re-plan that moved the due date earlier by {} days (more than one, exactly one).
    pub earlier: Spaced,
    pub earlier_one: Spaced,
    /// A re-plan that kept the date.
    pub unchanged: &'static str,
    /// A month without an investment entry (not reported, which is not 0).
    pub not_reported: &'static str,
    /// The scope when no unit is chosen.
    pub all_units: &'static str,
    /// What an empty section says.
    pub none: &'static str,
    /// An amount in the ledger's unit, 亿元: {} the figure.
    pub amount: &'static str,
    /// The default name of a brief written from the UI: {0} today (ISO), {1} the extension.
    pub brief_file: &'static str,

    // The weekly-meeting brief.
    /// {0} the ledger's title, {1} the date.
    pub brief_title: &'static str,
    /// {0} the scope, {1} the due-soon window in days.
    pub brief_scope: Spaced,
    /// {0} red count, {1} yellow count.
    pub overdue_heading: Spaced,
    /// {0} window in days, {1} count.
    pub due_soon_heading: Spaced,
    /// {} count.
    pub pledges_heading: Spaced,
    /// {0} count, {1} the ledger's lag threshold in points.
    pub lag_heading: Spaced,
    /// {0} count, {1} window in days.
    pub replans_heading: Spaced,
    pub summary_heading: &'static str,
    /// {0} date, {1} scope, {2} projects, {3} milestones, {4}–{7} red, yellow, blue, green,
    /// {8} overdue, {9} window in days, {10} due soon, {11} pledges due, {12} lagging,
    /// {13} re-planned, {14} the `summary_plan` clause or nothing.
    pub summary: Spaced,
    /// {} the share of the year's planned investment done, in percent.
    pub summary_plan: Spaced,
    /// A unit's group heading in Markdown: {0} unit, {1} count.
    pub group_md: &'static str,
    /// A unit's group line in plain text: {0} unit, {1} count.
    pub group_txt: &'static str,
    /// Columns of the milestone tables.
    pub milestone_columns: [&'static str; 5],
    /// Columns of the pledge table.
    pub pledge_columns: [&'static str; 5],
    /// Columns of the lagging-investment table.
    pub lag_columns: [&'static str; 7],
    /// Columns of the re-planned milestones table.
    pub replan_columns: [&'static str; 6],
    /// {0} number, {1} colour, {2} project, {3} milestone, {4} due date, {5} countdown.
    pub milestone_line: &'static str,
    /// {} the pledge's progress.
    pub pledge_progress: &'static str,
    /// {0} number, {1} unit, {2} pledge, {3} due date, {4} countdown, {5} `pledge_progress`
    /// or nothing.
    pub pledge_line: &'static str,
    /// {0} number, {1} project, {2} unit, {3} this month (`amount` or `not_reported`),
    /// {4} done to date, {5} % of plan, {6} % of the year elapsed, {7} points behind.
    pub lag_line: &'static str,
    /// {0} number, {1} unit, {2} project, {3} milestone, {4} first due date, {5} due date,
    /// {6} the move.
    pub replan_line: &'static str,
    /// The brief's CSV header.
    pub brief_csv_columns: [&'static str; 14],
    /// The brief's CSV sections: overdue, due soon, pledges due.
    pub section_overdue: &'static str,
    pub section_due_soon: &'static str,
    pub section_pledge: &'static str,
    /// Sections of both CSVs: lagging investment, re-planned milestones.
    pub section_lag: &'static str,
    pub section_replan: &'static str,

    // The warning notice.
    /// The sender when the ledger names no office.
    pub default_office: &'static str,
    pub notice_title: &'static str,
    /// {0} office, {1} date.
    pub notice_sender: &'static str,
    pub notice_subject: &'static str,
    /// Before the total, when one unit is chosen: {} the unit.
    pub notice_whom: &'static str,
    /// {0} ledger title, {1} date, {2} `notice_whom` or nothing, {3} overdue, {4} the red
    /// threshold in days, {5} red, {6} the red threshold again, {7} yellow, {8} lagging.
    pub notice_intro: &'static str,
    pub notice_red: &'static str,
    pub notice_yellow: &'static str,
    pub notice_lag: &'static str,
    pub notice_replans: &'static str,
    /// After a unit: {} who answers for it.
    pub notice_leader: &'static str,
    /// {0} number, {1} unit, {2} `notice_leader` or nothing, {3} project, {4} milestone,
    /// {5} due date, {6} countdown.
    pub notice_line: &'static str,
    /// {0} number, {1} project, {2} unit, {3} year's plan, {4} done, {5} % of plan,
    /// {6} % of the year elapsed, {7} points behind.
    pub notice_lag_line: &'static str,
    /// {0} number, {1} unit, {2} `notice_leader` or nothing, {3} project, {4} milestone,
    /// {5} first due date, {6} due date, {7} the move.
    pub notice_replan_line: &'static str,
    /// The closing when nothing needs rectifying.
    pub notice_keep_on: &'static str,
    /// The closing that orders rectification: {} the office.
    pub notice_rectify: &'static str,
    /// The notice's CSV header.
    pub notice_csv_columns: [&'static str; 13],

    // The unit scorecard.
    /// {0} ledger title, {1} date.
    /// The sheet's name of each report as a workbook: brief, notice, scorecard, changes.
    pub xlsx_sheets: [&'static str; 4],
    /// The notice's title row in a workbook: {0} ledger title, {1} date.
    pub xlsx_notice_title: &'static str,
    pub scorecard_title: &'static str,
    /// How units are ranked.
    pub scorecard_basis: &'static str,
    /// {} the count of units listed apart.
    pub scorecard_apart: Spaced,
    /// Columns of the Markdown table before and after the four colours.
    pub scorecard_columns_before: [&'static str; 3],
    pub scorecard_columns_after: [&'static str; 3],
    /// A ranked place in plain text: {} the rank.
    pub scorecard_place: &'static str,
    /// {0} place, {1} unit, {2} on-time rate, {3} on time, {4} due, {5}–{8} red, yellow,
    /// blue, green, {9} pledge attainment, {10} re-plans.
    pub scorecard_line: &'static str,
    /// The scorecard's CSV header.
    /// The scorecard's comparison with the end of the month before (from git history):
    /// Markdown columns, CSV columns, the plain-text line's tail (red, yellow, change), and
    /// the sentence saying what they are ({} that day, {} today).
    pub scorecard_month_before_columns: [&'static str; 2],
    pub scorecard_month_before_csv: [&'static str; 3],
    pub scorecard_month_before_line: &'static str,
    pub scorecard_month_before_basis: &'static str,
    pub scorecard_csv_columns: [&'static str; 12],

    // What changed since a point in the history.
    /// {0} the ledger's title, {1} since what (a date or a revision).
    pub changes_title: &'static str,
    /// {0} project, {1} milestone, {2} date, {3} who.
    pub changes_crossed_off: &'static str,
    /// {0} project, {1} milestone, {2} the colour in words.
    pub changes_warned: &'static str,
    /// {0} project, {1} milestone, {2} the due before, {3} the due now.
    pub changes_replanned: &'static str,
    /// {0} project, {1} date, {2} the line.
    pub changes_progress: &'static str,
    /// {0} project, {1} month (YYYY-MM), {2} the figure in 亿元.
    pub changes_invested: &'static str,
    /// The kinds, in CSV: crossed off, newly warned, re-planned, progress, investment.
    /// New since then: {} the project; {} project, {} milestone, {} its due date.
    pub changes_new_project: &'static str,
    pub changes_new_milestone: &'static str,
    pub changes_kinds: [&'static str; 7],
    pub changes_csv_columns: [&'static str; 6],

    // The history of changes.
    /// {0} when, {1} who, {2} what.
    pub history_line: &'static str,
    /// {0} project, {1} milestone, {2} the day.
    pub history_crossed_off: &'static str,
    /// {0} project, {1} the line.
    pub history_progress: &'static str,
    /// When there is nothing to list.
    pub history_none: &'static str,
}

/// The reports' words in `lang`.
pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Zh => &zh::WORDS,
        Lang::En => &en::WORDS,
    }
}
