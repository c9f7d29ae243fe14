//! Draws a terminal screen (a `vt100` cell grid) as SVG, cell by cell: every glyph is pinned
//! to the centre of its cell (wide characters to the centre of their two cells), and
//! box-drawing characters are drawn as lines so that borders join exactly. HTML screenshots
//! through a browser let CJK text drift off the grid; this does not.

use std::fmt::Write as _;

/// Geometry and colours of the picture.
#[derive(Debug, Clone)]
pub struct SvgOptions {
    /// Width of one cell in px.
    pub cell_w: u32,
    /// Height of one cell in px.
    pub cell_h: u32,
    pub font_size: f32,
    /// Space around the grid in px.
    pub padding: u32,
    pub font_family: String,
    pub background: String,
    pub foreground: String,
}

impl Default for SvgOptions {
    fn default() -> Self {
        Self {
            cell_w: 10,
            cell_h: 20,
            font_size: 16.0,
            padding: 8,
            font_family: "DejaVu Sans Mono, Noto Sans Mono CJK SC, Noto Sans CJK SC, monospace"
                .into(),
            background: "#1d1f21".into(),
            foreground: "#d0d0d0".into(),
        }
    }
}

/// The 16 ANSI colours, as a dark terminal theme shows them.
const ANSI: [&str; 16] = [
    "#1d1f21", "#cc6666", "#8fbf5f", "#e6c35c", "#5f8fd7", "#b294bb", "#6fb3b8", "#c5c8c6",
    "#5c5f66", "#ff7b7b", "#b5e07a", "#ffe08a", "#8cb8ff", "#d7b5e0", "#a6e3da", "#ffffff",
];

fn colour(c: vt100::Color, default: &str) -> String {
    match c {
        vt100::Color::Default => default.to_string(),
        vt100::Color::Idx(i) if i < 16 => ANSI[usize::from(i)].to_string(),
        vt100::Color::Idx(i) if i >= 232 => {
            let v = 8 + (u32::from(i) - 232) * 10;
            format!("#{v:02x}{v:02x}{v:02x}")
        }
        vt100::Color::Idx(i) => {
            let i = u32::from(i) - 16;
            let level = |n: u32| if n == 0 { 0 } else { 55 + n * 40 };
            format!(
                "#{:02x}{:02x}{:02x}",
                level(i / 36),
                level((i / 6) % 6),
                level(i % 6)
            )
        }
        vt100::Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
    }
}

/// Which arms of a box-drawing character are drawn: (left, right, up, down), each 0 (none),
/// 1 (light) or 2 (heavy); and whether it is dashed.
fn box_arms(c: char) -> Option<([u8; 4], bool)> {
    let arms = match c {
        '─' => [1, 1, 0, 0],
        '━' => [2, 2, 0, 0],
        '│' => [0, 0, 1, 1],
        '┃' => [0, 0, 2, 2],
        '┌' | '╭' => [0, 1, 0, 1],
        '┐' | '╮' => [1, 0, 0, 1],
        '└' | '╰' => [0, 1, 1, 0],
        '┘' | '╯' => [1, 0, 1, 0],
        '├' => [0, 1, 1, 1],
        '┤' => [1, 0, 1, 1],
        '┬' => [1, 1, 0, 1],
        '┴' => [1, 1, 1, 0],
        '┼' => [1, 1, 1, 1],
        '┄' | '┈' | '╌' => return Some(([1, 1, 0, 0], true)),
        '┆' | '┊' | '╎' => return Some(([0, 0, 1, 1], true)),
        _ => return None,
    };
    Some((arms, false))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Resolved colours of a cell (inverse applied).
fn cell_colours(cell: &vt100::Cell, o: &SvgOptions) -> (String, Option<String>) {
    let fg = colour(cell.fgcolor(), &o.foreground);
    let bg = match cell.bgcolor() {
        vt100::Color::Default => None,
        c => Some(colour(c, &o.background)),
    };
    if cell.inverse() {
        (bg.unwrap_or_else(|| o.background.clone()), Some(fg))
    } else {
        (fg, bg)
    }
}

/// The SVG for a whole screen.
pub fn screen_to_svg(screen: &vt100::Screen, o: &SvgOptions) -> String {
    let (rows, cols) = screen.size();
    let (rows, cols) = (u32::from(rows.get()), u32::from(cols.get()));
    let (cw, ch) = (o.cell_w as f32, o.cell_h as f32);
    let pad = o.padding as f32;
    let width = cols * o.cell_w + 2 * o.padding;
    let height = rows * o.cell_h + 2 * o.padding;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">"#
    );
    let _ = write!(
        svg,
        r#"<rect width="{width}" height="{height}" fill="{}"/>"#,
        o.background
    );
    let _ = write!(
        svg,
        r#"<g font-family="{}" font-size="{}" text-anchor="middle">"#,
        escape(&o.font_family),
        o.font_size
    );
    // Backgrounds first, as runs of equal colour, so glyphs are drawn over them.
    for r in 0..rows {
        let mut run: Option<(u32, String)> = None;
        for c in 0..=cols {
            // The right half of a wide character has no attributes of its own in vt100:
            // it takes its left half's background.
            let bg = screen
                .cell(r as u16, c as u16)
                .filter(|_| c < cols)
                .and_then(|cell| {
                    if cell.is_wide_continuation() && c > 0 {
                        screen.cell(r as u16, (c - 1) as u16)
                    } else {
                        Some(cell)
                    }
                })
                .and_then(|cell| cell_colours(cell, o).1);
            let same = matches!((&run, &bg), (Some((_, a)), Some(b)) if a == b);
            if !same {
                if let Some((start, fill)) = run.take() {
                    let _ = write!(
                        svg,
                        r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}"/>"#,
                        pad + start as f32 * cw,
                        pad + r as f32 * ch,
                        (c - start) as f32 * cw,
                        ch
                    );
                }
                run = bg.map(|b| (c, b));
            }
        }
    }
    for r in 0..rows {
        for c in 0..cols {
            let Some(cell) = screen.cell(r as u16, c as u16) else {
                continue;
            };
            if cell.is_wide_continuation() {
                continue;
            }
            let text = cell.contents();
            let Some(first) = text.chars().next() else {
                continue;
            };
            if first == ' ' {
                continue;
            }
            let (fg, _) = cell_colours(cell, o);
            let x = pad + c as f32 * cw;
            let y = pad + r as f32 * ch;
            if let Some((arms, dashed)) = box_arms(first) {
                draw_box(&mut svg, x, y, cw, ch, arms, dashed, &fg);
                continue;
            }
            if let Some((w, top, opacity)) = block_share(first) {
                let _ = write!(
                    svg,
                    r#"<rect x="{x}" y="{}" width="{}" height="{}" fill="{fg}" fill-opacity="{opacity}"/>"#,
                    y + ch * top,
                    cw * w,
                    ch * (1.0 - top)
                );
                continue;
            }
            let span = if cell.is_wide() { 2.0 } else { 1.0 };
            let cx = x + cw * span / 2.0;
            let baseline = y + ch * 0.78;
            let mut attrs = String::new();
            if cell.is_wide() {
                // CJK glyphs are about 1em wide; slightly larger fills the two cells as
                // terminals draw them.
                let _ = write!(attrs, r#" font-size="{}""#, o.font_size * 1.15);
            }
            if cell.bold() {
                attrs.push_str(r#" font-weight="bold""#);
            }
            if cell.underline() {
                attrs.push_str(r#" text-decoration="underline""#);
            }
            let _ = write!(
                svg,
                r#"<text x="{cx}" y="{baseline}" fill="{fg}"{attrs}>{}</text>"#,
                escape(text)
            );
        }
    }
    svg.push_str("</g></svg>\n");
    svg
}

/// Block elements drawn as rectangles: (share of the cell's width, where the block starts
/// as a share of the height from the top, opacity).
fn block_share(c: char) -> Option<(f32, f32, f32)> {
    match c {
        '█' => Some((1.0, 0.0, 1.0)),
        '▄' => Some((1.0, 0.5, 1.0)),
        '░' => Some((1.0, 0.0, 0.25)),
        '▒' => Some((1.0, 0.0, 0.5)),
        '▓' => Some((1.0, 0.0, 0.75)),
        '▏' => Some((0.125, 0.0, 1.0)),
        _ => None,
    }
}

/// Lines from the cell's centre to the middle of each edge it reaches, so neighbouring
/// cells' lines meet exactly at the shared edge.
#[allow(clippy::too_many_arguments)]
fn draw_box(
    svg: &mut String,
    x: f32,
    y: f32,
    cw: f32,
    ch: f32,
    arms: [u8; 4],
    dashed: bool,
    fg: &str,
) {
    let (cx, cy) = (x + cw / 2.0, y + ch / 2.0);
    let ends = [(x, cy), (x + cw, cy), (cx, y), (cx, y + ch)];
    let dash = if dashed {
        r#" stroke-dasharray="2 2""#
    } else {
        ""
    };
    for (arm, (ex, ey)) in arms.iter().zip(ends) {
        if *arm == 0 {
            continue;
        }
        let _ = write!(
            svg,
            r#"<line x1="{cx}" y1="{cy}" x2="{ex}" y2="{ey}" stroke="{fg}" stroke-width="{}" stroke-linecap="square"{dash}/>"#,
            if *arm == 2 { 2.5 } else { 1.2 }
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::num::NonZeroU16;

    fn screen(rows: u16, cols: u16, bytes: &str) -> vt100::Parser {
        let mut p = vt100::Parser::new(
            NonZeroU16::new(rows).expect("rows"),
            NonZeroU16::new(cols).expect("cols"),
            0,
        );
        p.process(bytes.as_bytes());
        p
    }

    /// (x, content) of every <text> element.
    fn texts(svg: &str) -> Vec<(f32, String)> {
        svg.split("<text ")
            .skip(1)
            .map(|t| {
                let x: f32 = t["x=\"".len()..]
                    .split('"')
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("x");
                let content = t
                    .split('>')
                    .nth(1)
                    .and_then(|c| c.split('<').next())
                    .expect("text");
                (x, content.to_string())
            })
            .collect()
    }

    /// (x1, y1, x2, y2) of every <line>.
    fn lines(svg: &str) -> Vec<[f32; 4]> {
        svg.split("<line ")
            .skip(1)
            .map(|l| {
                let get = |k: &str| -> f32 {
                    l.split(&format!("{k}=\""))
                        .nth(1)
                        .and_then(|v| v.split('"').next())
                        .and_then(|v| v.parse().ok())
                        .expect("coordinate")
                };
                [get("x1"), get("y1"), get("x2"), get("y2")]
            })
            .collect()
    }

    #[test]
    fn wide_characters_sit_on_their_two_cells() {
        // Row 1 is "│南水北调a│": 南 at columns 1-2, 水 3-4, 北 5-6, 调 7-8, a at 9.
        let p = screen(3, 12, "┌─项目─┐\r\n│南水北调a│\r\n└────────┘");
        let o = SvgOptions::default();
        let svg = screen_to_svg(p.screen(), &o);
        let t = texts(&svg);
        let at = |s: &str| t.iter().find(|(_, c)| c == s).map(|(x, _)| *x).expect(s);
        let pad = o.padding as f32;
        // A wide glyph is centred on its two cells: x = pad + (col + 1) * cell_w.
        assert_eq!(at("项"), pad + 3.0 * 10.0);
        assert_eq!(at("目"), pad + 5.0 * 10.0);
        assert_eq!(at("南"), pad + 2.0 * 10.0);
        assert_eq!(at("水"), pad + 4.0 * 10.0);
        assert_eq!(at("调"), pad + 8.0 * 10.0);
        // A narrow glyph is centred on its one cell.
        assert_eq!(at("a"), pad + 9.5 * 10.0);
        // Box-drawing characters are never text.
        assert!(!t.iter().any(|(_, c)| c == "─" || c == "│" || c == "┌"));
    }

    #[test]
    fn box_drawing_lines_join_at_cell_edges() {
        let p = screen(2, 4, "┌──┐\r\n└──┘");
        let o = SvgOptions::default();
        let svg = screen_to_svg(p.screen(), &o);
        let ls = lines(&svg);
        let pad = o.padding as f32;
        let mid_y = pad + 10.0;
        // The ─ at column 1 ends exactly where the ─ at column 2 begins.
        let edge = pad + 2.0 * 10.0;
        assert!(
            ls.iter()
                .any(|l| l[2] == edge && l[3] == mid_y && l[0] < edge),
            "{ls:?}"
        );
        assert!(
            ls.iter()
                .any(|l| l[2] == edge && l[3] == mid_y && l[0] > edge),
            "{ls:?}"
        );
        // The corner ┌ reaches its right edge and its bottom edge, and the └ below reaches
        // its top edge at the same x: the vertical border is continuous.
        let corner_x = pad + 5.0;
        assert!(
            ls.iter()
                .any(|l| l[0] == corner_x && l[2] == pad + 10.0 && l[3] == mid_y)
        );
        assert!(
            ls.iter()
                .any(|l| l[0] == corner_x && l[2] == corner_x && l[3] == pad + 20.0)
        );
        assert!(ls.iter().any(|l| l[0] == corner_x
            && l[2] == corner_x
            && l[3] == pad + 20.0
            && l[1] == pad + 30.0));
    }

    #[test]
    fn a_wide_character_background_covers_both_cells() {
        let p = screen(1, 6, "\x1b[44m南水\x1b[0m");
        let o = SvgOptions::default();
        let svg = screen_to_svg(p.screen(), &o);
        let rect = format!("x=\"{}\" y=\"{}\" width=\"40\"", o.padding, o.padding);
        assert!(svg.contains(&rect), "one 4-cell background run: {svg}");
    }

    #[test]
    fn colours_backgrounds_and_escaping() {
        let p = screen(1, 10, "\x1b[31;44m<&>\x1b[0m \x1b[7mx\x1b[0m");
        let svg = screen_to_svg(p.screen(), &SvgOptions::default());
        assert!(svg.contains("&lt;") && svg.contains("&amp;") && svg.contains("&gt;"));
        assert!(svg.contains(&format!("fill=\"{}\"", ANSI[1])), "red text");
        assert!(
            svg.contains(&format!("fill=\"{}\"", ANSI[4])),
            "blue background"
        );
        // Inverse: the x is drawn in the background colour.
        assert!(svg.contains(&format!("fill=\"{}\">x<", SvgOptions::default().background)));
    }
}
