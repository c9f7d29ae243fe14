//! Snapshots of every view and overlay at 80x24 and 120x40, in both languages, on the
//! sample ledger as of 2018-06-15.

mod common;

use common::{assert_rows_fit, render, sample_app, text_of};
use ratatui::style::Color;
use tracker::cli::Lang;
use tracker::ui::action::Message;
use tracker::ui::{Action, App, update};

/// The keys (as actions) that lead to each scene.
fn scene(name: &str) -> Vec<Action> {
    match name {
        "projects" => vec![],
        "units" => vec![Action::ShowView(tracker::ui::app::View::Units)],
        "timeline" => vec![Action::ShowView(tracker::ui::app::View::Timeline)],
        "wall" => vec![
            Action::ShowView(tracker::ui::app::View::Timeline),
            Action::ToggleWall,
        ],
        "overview" => vec![Action::ShowView(tracker::ui::app::View::Overview)],
        "picker" => vec![Action::OpenPicker, Action::Input('农'), Action::Input('工')],
        "help" => vec![Action::ToggleHelp],
        "crossoff" => vec![Action::FocusRight, Action::CrossOff],
        "detail" => vec![Action::Down, Action::Down, Action::FocusRight],
        "invest" => vec![Action::Down, Action::Invest],
        "move_due" => vec![Action::FocusRight, Action::MoveDue],
        // A bad date, explained under its field.
        "add_milestone" => {
            let mut keys = vec![Action::AddItem];
            keys.extend("完成设计".chars().map(Action::Input));
            keys.push(Action::NextField);
            keys.extend("2018-02-30".chars().map(Action::Input));
            keys.push(Action::Confirm);
            keys
        }
        // A unit's name half typed: what Tab would complete it to.
        "add_project" => {
            let mut keys = vec![Action::AddOuter];
            keys.extend("新项目".chars().map(Action::Input));
            keys.extend([Action::NextField, Action::NextField]);
            keys.extend("区农".chars().map(Action::Input));
            keys
        }
        "add_unit" => vec![
            Action::ShowView(tracker::ui::app::View::Units),
            Action::AddOuter,
        ],
        "edit_milestone" => vec![Action::FocusRight, Action::EditItem],
        // The second pledge: the first is fulfilled already.
        "close_pledge" => vec![
            Action::ShowView(tracker::ui::app::View::Units),
            Action::FocusRight,
            Action::Down,
            Action::CrossOff,
        ],
        // A unit projects still name: why it cannot go.
        "remove_unit" => vec![
            Action::ShowView(tracker::ui::app::View::Units),
            Action::Down,
            Action::RemoveItem,
        ],
        // A month's work saved: 本月完成 in the detail, a re-planned milestone marked, and
        // against its first due date while selected.
        "monthly_work" => {
            let mut keys = vec![Action::Down, Action::Invest, Action::NextField];
            keys.extend("0.3".chars().map(Action::Input));
            keys.extend([
                Action::Confirm,
                Action::FocusRight,
                Action::MoveDue,
                Action::Edit(tracker::ui::app::LineEdit::DeleteToStart),
            ]);
            keys.extend("2018-07-31".chars().map(Action::Input));
            keys.push(Action::Confirm);
            keys
        }
        // The edited ledger does not load: shown by `draft_problems` below.
        "draft_problems" => vec![Action::FocusRight],
        other => panic!("unknown scene {other}"),
    }
}

const SCENES: [&str; 19] = [
    "projects",
    "units",
    "timeline",
    "wall",
    "overview",
    "picker",
    "help",
    "crossoff",
    "detail",
    "invest",
    "move_due",
    "add_milestone",
    "add_project",
    "add_unit",
    "edit_milestone",
    "close_pledge",
    "remove_unit",
    "draft_problems",
    "monthly_work",
];

/// Scenes that save: their changes are asked of the loop, and nothing else is.
const SAVING_SCENES: [&str; 1] = ["monthly_work"];

/// What the editor gives back when the clerk leaves two mistakes in the sample: a day that
/// does not exist and a unit the ledger does not have (the loader's own problems).
fn draft_problems() -> Message {
    let text = std::fs::read_to_string(common::sample_path()).expect("sample");
    let broken = text
        .replacen("due: \"2018-06-30\"", "due: \"2018-06-31\"", 1)
        .replacen("lead: \"区住建局\"", "lead: \"区住建委\"", 1);
    let problems = tracker::ledger::load_str(&broken).expect_err("does not load");
    Message::EditorReturned(Ok(tracker::ui::editor::Outcome::Invalid {
        draft: tracker::ui::editor::Draft {
            path: "/tmp/tracker-4242-0-sample.ron".into(),
            on: tracker::ledger::save::fingerprint(text.as_bytes()),
        },
        problems,
    }))
}

/// The sample's red and yellow on the twelve Sundays before its day and on the day, as if
/// the ledger had always been as it is (the history is counted by `tracker::trend`).
fn sample_trend(app: &App) -> tracker::trend::Trend {
    use tracker::rules::{Colour, milestone_colour};
    use tracker::trend::{Counts, Point, Trend};
    let first = app.today - chrono::Duration::days(7 * 12);
    let units: Vec<String> = app
        .ledger
        .units
        .iter()
        .map(|u| u.name.to_string())
        .collect();
    let points = tracker::trend::week_ends(first, app.today)
        .into_iter()
        .map(|day| {
            let mut total = Counts::default();
            let mut by_unit = vec![Counts::default(); units.len()];
            for p in &app.ledger.projects {
                for m in &p.milestones {
                    let c = milestone_colour(m, day, &app.ledger.thresholds);
                    let u = &mut by_unit[p.milestone_unit(m)];
                    match c {
                        Colour::Red => (total.red += 1, u.red += 1),
                        Colour::Yellow => (total.yellow += 1, u.yellow += 1),
                        _ => ((), ()),
                    };
                }
            }
            Point {
                day,
                total,
                by_unit,
            }
        })
        .collect();
    Trend { units, points }
}

fn shot(lang: Lang, scene_name: &str, w: u16, h: u16) -> (App, String) {
    let mut app = sample_app(lang);
    update(&mut app, Message::Resize(w, h));
    for a in scene(scene_name) {
        let mut effects = update(&mut app, a);
        // The Overview asks for the trend; the loop's worker would count it from git.
        if let Some(i) = effects
            .iter()
            .position(|e| matches!(e, tracker::ui::Effect::Trend { .. }))
            && let tracker::ui::Effect::Trend { generation } = effects.remove(i)
        {
            let counted = tracker::ui::app::Counted::Trend(sample_trend(&app));
            assert!(
                update(
                    &mut app,
                    Message::Trend {
                        generation,
                        counted
                    }
                )
                .is_empty()
            );
        }
        let saves = SAVING_SCENES.contains(&scene_name)
            && effects
                .iter()
                .all(|e| matches!(e, tracker::ui::Effect::Save { .. }));
        assert!(
            effects.is_empty() || saves,
            "scene {scene_name} caused effects: {effects:?}"
        );
    }
    if scene_name == "draft_problems" {
        assert!(update(&mut app, draft_problems()).is_empty());
    }
    let buffer = render(&mut app, w, h);
    assert_rows_fit(&buffer);
    (app, text_of(&buffer))
}

/// Compares one scene with its snapshot `{scene}_{lang}_{w}x{h}`.
fn check(lang: Lang, scene_name: &str, w: u16, h: u16) {
    let (_, text) = shot(lang, scene_name, w, h);
    let id = format!(
        "{scene_name}_{}_{w}x{h}",
        if lang == Lang::Zh { "zh" } else { "en" }
    );
    insta::assert_snapshot!(id, text);
}

/// One test per scene, size and language, so one mismatch does not hide the others.
macro_rules! scene_snapshots {
    ($($scene:ident),* $(,)?) => {
        /// The scenes given a snapshot test, checked against `SCENES` below.
        const SNAPSHOT_SCENES: &[&str] = &[$(stringify!($scene)),*];
        $(mod $scene {
            use super::{Lang, check};
            #[test]
            fn zh_80x24() {
                check(Lang::Zh, stringify!($scene), 80, 24);
            }
            #[test]
            fn zh_120x40() {
                check(Lang::Zh, stringify!($scene), 120, 40);
            }
            #[test]
            fn en_80x24() {
                check(Lang::En, stringify!($scene), 80, 24);
            }
            #[test]
            fn en_120x40() {
                check(Lang::En, stringify!($scene), 120, 40);
            }
        })*
    };
}

scene_snapshots!(
    projects,
    units,
    timeline,
    wall,
    overview,
    picker,
    help,
    crossoff,
    detail,
    invest,
    move_due,
    add_milestone,
    add_project,
    add_unit,
    edit_milestone,
    close_pledge,
    remove_unit,
    draft_problems,
    monthly_work,
);

#[test]
fn every_scene_has_its_snapshot_tests() {
    assert_eq!(SNAPSHOT_SCENES, SCENES);
}

#[test]
fn all_four_colours_are_drawn_in_colour_and_with_words() {
    let mut app = sample_app(Lang::Zh);
    // Sorted by name, the first screenful mixes every colour.
    for _ in 0..3 {
        update(&mut app, Action::CycleSort);
    }
    assert_eq!(app.sort, tracker::ui::app::SortKey::Name);
    let buffer = render(&mut app, 120, 60);
    let text = text_of(&buffer);
    for word in ["✗红", "!黄", "►蓝", "✓绿"] {
        assert!(
            text.contains(word),
            "{word} missing from the projects view:\n{text}"
        );
    }
    // The red symbol's cell is drawn red.
    let area = buffer.area;
    let red = (0..area.height)
        .flat_map(|y| (0..area.width).map(move |x| (x, y)))
        .find(|&p| buffer[p].symbol() == "✗")
        .expect("a red mark");
    assert_eq!(buffer[red].fg, Color::LightRed);
}

#[test]
fn no_color_keeps_symbols_and_words() {
    let mut app = sample_app(Lang::Zh);
    app.theme.colour = false;
    let buffer = render(&mut app, 120, 40);
    let text = text_of(&buffer);
    assert!(text.contains("✗红") && text.contains("✓绿"));
    let area = buffer.area;
    for y in 0..area.height {
        for x in 0..area.width {
            let c = &buffer[(x, y)];
            assert!(
                matches!(c.fg, Color::Reset) && matches!(c.bg, Color::Reset),
                "colour at {x},{y} with NO_COLOR"
            );
        }
    }
}

#[test]
fn ascii_borders_for_non_utf8_locales() {
    let mut app = sample_app(Lang::En);
    app.theme.ascii = true;
    let text = text_of(&render(&mut app, 100, 30));
    assert!(text.contains("+--"), "{text}");
    assert!(!text.contains('─') && !text.contains('│'));
}

#[test]
fn every_view_survives_every_small_size() {
    for name in SCENES {
        for w in 0..=30u16 {
            for h in 0..=12u16 {
                let mut app = sample_app(Lang::Zh);
                for a in scene(name) {
                    update(&mut app, a);
                }
                render(&mut app, w, h);
            }
        }
        let mut app = sample_app(Lang::Zh);
        for a in scene(name) {
            update(&mut app, a);
        }
        assert_rows_fit(&render(&mut app, 300, 80));
    }
}

#[test]
fn too_small_says_so() {
    let mut app = sample_app(Lang::Zh);
    let text = text_of(&render(&mut app, 40, 10));
    assert!(text.contains("终端太小"), "{text}");
}

#[test]
fn the_overview_scorecard_shows_units_with_nothing_due_unranked() {
    let mut app = sample_app(Lang::Zh);
    update(&mut app, Action::ShowView(tracker::ui::app::View::Overview));
    let screen = text_of(&render(&mut app, 120, 40));
    // 区攻坚办 has nothing due yet: no rank, rather than one below units with reds.
    let row = screen
        .lines()
        .find(|l| l.contains(" 区攻坚办 "))
        .expect("区攻坚办 in the scorecard");
    // The scorecard's part of the row: after the border just before the name.
    let name_at = row.find("区攻坚办").expect("name");
    let card = &row[row[..name_at].rfind('│').expect("the scorecard's border") + '│'.len_utf8()..];
    assert!(card.trim_start().starts_with("— 区攻坚办"), "{row}");
}

#[test]
fn a_typed_progress_line_with_quotes_stays_inside_its_dialog() {
    // Under ratatui's wrapper "a" put a wide character over the border; all were cut off.
    for head in ["", "a", "ab", "abc"] {
        let mut app = sample_app(Lang::Zh);
        update(&mut app, Action::AddUpdate);
        let text =
            format!("{head}主体封顶，\"钉子户\"已签约，“钉子户”已搬离，\"钉子户\"已签约，共三户");
        for c in text.chars() {
            update(&mut app, Action::Input(c));
        }
        let buffer = render(&mut app, 80, 24);
        assert_rows_fit(&buffer);
        let screen = text_of(&buffer);
        // The dialog is 56 wide, centred: borders at columns 12 and 67.
        for y in (0..24).filter(|&y| buffer[(12, y)].symbol() == "│") {
            assert_eq!(
                buffer[(67, y)].symbol(),
                "│",
                "{head:?}: row {y} lost its right border:\n{screen}"
            );
        }
        // And it is tall enough for all of it.
        assert!(
            screen.contains("共三户▏"),
            "{head:?}: the end is cut off:\n{screen}"
        );
        assert!(screen.contains("Esc 取消 "), "{head:?}: no hint:\n{screen}");
    }
}

/// The trend chart: red cells drawn red and yellow ones yellow; with the unit filter on,
/// the chart is that unit's and says so.
#[test]
fn the_trend_chart_is_coloured_and_follows_the_unit_filter() {
    let (mut app, _) = shot(Lang::Zh, "overview", 120, 40);
    let buffer = render(&mut app, 120, 40);
    let area = buffer.area;
    let cells: Vec<(u16, u16)> = (0..area.height)
        .flat_map(|y| (0..area.width).map(move |x| (x, y)))
        .collect();
    let red = cells
        .iter()
        .find(|&&p| buffer[p].symbol() == "█")
        .expect("a red cell");
    assert_eq!(buffer[*red].fg, Color::LightRed);
    let yellow = cells
        .iter()
        .find(|&&p| buffer[p].symbol() == "▒")
        .expect("a yellow cell");
    assert_eq!(buffer[*yellow].fg, Color::Yellow);
    let unit = app.ledger.unit_by_name("区农工委").expect("unit");
    app.filter.unit = Some(unit);
    let text = text_of(&render(&mut app, 120, 40));
    let counts = app.derived.unit_stats[unit].counts;
    assert!(text.contains("区农工委 预警趋势"), "{text}");
    assert!(
        text.contains(&format!("06-15 红 {} 黄 {}", counts.red, counts.yellow)),
        "{text}"
    );
}
