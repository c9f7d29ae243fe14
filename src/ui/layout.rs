//! How the screen is divided: the one place the panes draw from and `App::clamp_all` keeps
//! selections visible by, so both agree on every list's height.

/// Title bar, view tabs, status line, footer.
const CHROME_ROWS: usize = 4;
/// A bordered box loses a row at the top and one at the bottom.
const BORDERS: usize = 2;

/// Rows for the view between the tabs and the status line on a screen of `screen_rows`.
pub fn body_rows(screen_rows: u16) -> usize {
    usize::from(screen_rows).saturating_sub(CHROME_ROWS)
}

/// The projects view: the table's height and the detail panel's, in a body of `body` rows.
pub fn projects_split(body: usize) -> (usize, usize) {
    let table = (body * 5 / 8).max(6).min(body);
    (table, body - table)
}

/// Project rows visible in the table (inside its borders, under its header line).
pub fn project_rows(body: usize) -> usize {
    projects_split(body).0.saturating_sub(BORDERS + 1)
}

/// Milestone rows visible in the detail panel.
pub fn milestone_rows(body: usize) -> usize {
    projects_split(body).1.saturating_sub(BORDERS)
}

/// Unit rows visible in the units table (under its header line).
pub fn unit_rows(body: usize) -> usize {
    body.saturating_sub(BORDERS + 1)
}

/// Pledge rows visible in the pledge letter: pledges take up to 60% of the panel, under the
/// line naming the unit's leader.
pub fn pledge_rows(panel_inner: usize) -> usize {
    pledge_room(panel_inner).saturating_sub(1)
}

/// Lines the pledges may take in a pledge letter panel of `panel_inner` rows.
pub fn pledge_room(panel_inner: usize) -> usize {
    (panel_inner * 3 / 5).max(2)
}

/// Rows visible in the timeline list (no header line) or the wall chart (a header line).
pub fn timeline_rows(body: usize, wall: bool) -> usize {
    body.saturating_sub(BORDERS + usize::from(wall))
}

/// Rows inside a bordered box of `height` rows.
pub fn inner_rows(height: usize) -> usize {
    height.saturating_sub(BORDERS)
}
