//! The reports in English, for readers outside the office; dates are ISO (2018-06-15) and
//! amounts stay in the ledger's unit, 亿元 (hundred million yuan).

use super::Words;

pub(super) static WORDS: Words = Words {
    date: "{3}",
    colours: ["✗ red", "! yellow", "► blue", "✓ green"],
    late: ["{} days late", "{} days late"],
    late_one: ["{} day late", "{} day late"],
    due_today: "due today",
    left: ["{} days left", "{} days left"],
    left_one: ["{} day left", "{} day left"],
    later: ["{} days later", "{} days later"],
    later_one: ["{} day later", "{} day later"],
    earlier: ["{} days earlier", "{} days earlier"],
    earlier_one: ["{} day earlier", "{} day earlier"],
    unchanged: "unchanged",
    not_reported: "not reported",
    all_units: "all units",
    none: "None.",
    amount: "{} hundred million yuan",
    brief_file: "weekly-brief-{0}.{1}",

    brief_title: "{} — Weekly meeting brief ({})",
    brief_scope: [
        "Scope: {}. Due-soon window: {} days.",
        "Scope: {}. Due-soon window: {} days.",
    ],
    overdue_heading: [
        "1. Overdue milestones ({} red, {} yellow)",
        "1. Overdue milestones ({} red, {} yellow)",
    ],
    due_soon_heading: [
        "2. Milestones due within {} days ({})",
        "2. Milestones due within {} days ({})",
    ],
    pledges_heading: ["3. Pledges due ({})", "3. Pledges due ({})"],
    lag_heading: [
        "4. Projects behind the investment schedule ({}, more than {} points behind)",
        "4. Projects behind the investment schedule ({}, more than {} points behind)",
    ],
    replans_heading: [
        "5. Re-planned milestones ({}, first or current due date within {} days)",
        "5. Re-planned milestones ({}, first or current due date within {} days)",
    ],
    summary_heading: "6. Summary",
    // Counts as "label: n", so no count needs a plural.
    summary: [
        "As of {0}, {1}. Projects: {2}; milestones: {3} (red {4}, yellow {5}, blue {6}, green \
         {7}). Overdue: {8}; due within {9} days: {10}; pledges due: {11}; behind the investment \
         schedule: {12}; re-planned: {13}{14}.",
        "As of {0}, {1}. Projects: {2}; milestones: {3} (red {4}, yellow {5}, blue {6}, green \
         {7}). Overdue: {8}; due within {9} days: {10}; pledges due: {11}; behind the investment \
         schedule: {12}; re-planned: {13}{14}.",
    ],
    summary_plan: [
        "; {}% of the year's planned investment done",
        "; {}% of the year's planned investment done",
    ],
    group_md: "{} ({})",
    group_txt: "({}, {})",
    milestone_columns: ["Warning", "Project", "Milestone", "Due", "Countdown"],
    pledge_columns: ["Unit", "Pledge", "Due", "Countdown", "Progress"],
    lag_columns: [
        "Project",
        "Lead unit",
        "This month (100M yuan)",
        "Done/plan (100M yuan)",
        "Done",
        "Year elapsed",
        "Gap (points)",
    ],
    replan_columns: [
        "Unit",
        "Project",
        "Milestone",
        "First due",
        "Due now",
        "Moved",
    ],
    milestone_line: "{}. [{}] {} — {}, due {}, {}.",
    pledge_progress: ", progress {}",
    pledge_line: "{}. {}: {}, due {}, {}{}.",
    lag_line: "{}. {} ({}): this month {}, to date {} hundred million yuan, {}% of the year's plan \
               against {}% of the year elapsed, {} points behind.",
    replan_line: "{}. {}: {} — {}, first due {}, now due {}, {}.",
    brief_csv_columns: [
        "Section",
        "Unit",
        "Project",
        "Milestone/pledge",
        "Due",
        "Warning",
        "Days late (negative: days left)",
        "Investment done (%)",
        "Year elapsed (%)",
        "Gap (points)",
        "This month (100M yuan)",
        "Done to date (100M yuan)",
        "First due",
        "Days moved (negative: earlier)",
    ],
    section_overdue: "Overdue milestone",
    section_due_soon: "Milestone due soon",
    section_pledge: "Pledge due",
    section_lag: "Investment behind",
    section_replan: "Re-planned",

    default_office: "Major Projects Office",
    notice_title: "Warning notice",
    notice_sender: "{}, {}",
    notice_subject: "On overdue milestones and investment behind schedule in major projects",
    notice_whom: "for {}, ",
    notice_intro: "According to {0}, as of {1}, {2}overdue milestones not done: {3}, of which \
         red (more than {4} days late): {5}, yellow ({6} days late or less): {7}; projects behind \
         the investment schedule: {8}. They are listed below:",
    notice_red: "1. Red warnings",
    notice_yellow: "2. Yellow warnings",
    notice_lag: "3. Investment behind schedule",
    notice_replans: "4. Re-planned milestones (first or current due date passed)",
    notice_leader: " ({})",
    notice_line: "{}. {}{}: {} — {}, due {}, {}.",
    notice_lag_line: "{0}. {1} ({2}): planned for the year {3} hundred million yuan, done {4} \
                      ({5}%), {7} points below the time elapsed ({6}%).",
    notice_replan_line: "{}. {}{}: {} — {}, first due {}, now due {}, {}.",
    notice_keep_on: "Please keep to the milestones' dates and finish on time.",
    notice_rectify: "The units above are to put these right against their milestones and report \
                     in writing to {} within one week.",
    notice_csv_columns: [
        "No.",
        "Warning",
        "Unit",
        "Answers for it",
        "Project",
        "Milestone",
        "Due",
        "Days late",
        "Investment done (%)",
        "Year elapsed (%)",
        "Gap (points)",
        "First due",
        "Days moved (negative: earlier)",
    ],

    scorecard_title: "{} — Unit scorecard ({})",
    scorecard_basis: "Ranked by on-time rate (higher first), then red warnings (fewer first), \
                      then pledge attainment (higher first); ties share a rank. Units with no \
                      milestone due yet have no on-time rate and are listed apart, unranked. \
                      Re-plans counts the milestones whose due date was moved (later or \
                      earlier); it does not affect the rank.",
    scorecard_apart: [
        "No milestone due yet (units: {}, unranked)",
        "No milestone due yet (units: {}, unranked)",
    ],
    scorecard_columns_before: ["Rank", "Unit", "On time"],
    scorecard_columns_after: ["Pledges met", "On time/due", "Re-plans"],
    scorecard_place: "No. {}",
    scorecard_line: "{}  {}  on time {} ({}/{})  red {}, yellow {}, blue {}, green {}  \
                     pledges met {}  re-plans {}",
    scorecard_month_before_columns: ["Red/yellow end of last month", "Change"],
    scorecard_month_before_csv: [
        "Red end of last month",
        "Yellow end of last month",
        "Change in red and yellow",
    ],
    scorecard_month_before_line: "  end of last month: red {}, yellow {}; change {}",
    scorecard_month_before_basis: "End of last month: the red and yellow milestones in the ledger as it stood on {} (the last day of the month before), from the git history; the change is today ({}) minus then, negative when fewer. Units are matched by their present names.",
    scorecard_csv_columns: [
        "Rank",
        "Unit",
        "On-time rate (%)",
        "Red",
        "Yellow",
        "Blue",
        "Green",
        "Pledge attainment (%)",
        "Milestones due",
        "Done on time",
        "Done late",
        "Re-plans",
    ],
    changes_title: "{}: changes since {}",
    changes_crossed_off: "crossed off {} — {} ({}, {})",
    changes_warned: "newly warned {} — {}: {}",
    changes_replanned: "re-planned {} — {}: {} → {}",
    changes_progress: "progress {} ({}): {}",
    changes_invested: "monthly figure {}: {} done {} 亿元",
    changes_kinds: [
        "crossed off",
        "newly warned",
        "re-planned",
        "progress",
        "investment",
    ],
    changes_csv_columns: ["Unit", "Kind", "Project", "Milestone", "Date", "Change"],
    history_line: "{}  {}  {}",
    history_crossed_off: "crossed off {} / {} on {}",
    history_progress: "progress {}: {}",
    history_none: "(nothing recorded)",
};
