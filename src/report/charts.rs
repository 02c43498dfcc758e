//! Charts, drawn with plotters from [`Summary`] values only. Each chart is
//! one generic drawing function run on two backends: SVG (papers, the HTML
//! report) and PNG (slides). Text uses DejaVu Sans embedded in the binary
//! through ab_glyph, so a PNG renders the same on a machine with no fonts and
//! the binary never links fontconfig. Outcomes are coloured Okabe–Ito
//! (colour-blind safe); scenarios take Paul Tol's "muted" set, one colour per
//! scenario in every chart of a report, and are named wherever they are drawn.
//! Every chart takes several series, so `compare` reuses them: with more than
//! one, they become small multiples (a panel per class, rung or scenario)
//! rather than overlaid bars or histograms. A [`Look`] sets the canvas and the
//! text size (`--slide`: 16:9, larger text).

use super::raster::Raster;
use super::summary::Summary;
use super::table::num;
use crate::engine::stats::wilson;
use crate::model::{Mission, Peace};
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rayon::prelude::*;

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 800;

pub(crate) const FONT: &str = "sans-serif";
pub(super) static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub(super) static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Register the embedded fonts with plotters (once per process).
fn fonts() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let ok = plotters::style::register_font(FONT, FontStyle::Normal, REGULAR).is_ok()
            && plotters::style::register_font(FONT, FontStyle::Bold, BOLD).is_ok();
        debug_assert!(ok, "the embedded fonts parse");
    });
}

// Okabe & Ito (2008), "Color Universal Design".
pub const ORANGE: RGBColor = RGBColor(230, 159, 0);
pub const SKY: RGBColor = RGBColor(86, 180, 233);
pub const GREEN: RGBColor = RGBColor(0, 158, 115);
pub const BLUE: RGBColor = RGBColor(0, 114, 178);
pub const VERMILLION: RGBColor = RGBColor(213, 94, 0);
pub const PURPLE: RGBColor = RGBColor(204, 121, 167);
pub const INK: RGBColor = RGBColor(34, 34, 34);
pub const GREY: RGBColor = RGBColor(136, 136, 136);
pub(crate) const GRID: RGBColor = RGBColor(226, 226, 226);

/// One colour per scenario, in the order the scenarios were given: Paul
/// Tol's "muted" qualitative set (ordered so the first options differ most)
/// and a dark brown for the tenth; none of them is near an outcome colour,
/// and all ten stay apart under simulated protanopia, deuteranopia and
/// tritanopia (both tested). Every chart names the scenarios beside their
/// marks, so colour is never the only key. Past ten, colours repeat.
pub const SERIES: [RGBColor; 10] = [
    RGBColor(51, 34, 136),   // indigo
    RGBColor(204, 102, 119), // rose
    RGBColor(17, 119, 51),   // green
    RGBColor(136, 204, 238), // cyan
    RGBColor(221, 204, 119), // sand
    RGBColor(136, 34, 85),   // wine
    RGBColor(68, 170, 153),  // teal
    RGBColor(153, 153, 51),  // olive
    RGBColor(170, 68, 153),  // purple
    RGBColor(102, 51, 0),    // dark brown
];

/// The colour of scenario `i` (0 = the first given) in every chart.
pub fn scenario_colour(i: usize) -> RGBColor {
    SERIES[i % SERIES.len()]
}

/// The escalation ladder's rungs 0–4, light to dark (ColorBrewer OrRd): an
/// ordered palette, so a higher rung always reads as a darker colour.
pub const RUNG_COLOURS: [RGBColor; 5] = [
    RGBColor(253, 212, 158),
    RGBColor(253, 187, 132),
    RGBColor(252, 141, 89),
    RGBColor(227, 74, 51),
    RGBColor(179, 0, 0),
];

/// Canvas size and text scale of a set of charts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Look {
    pub width: u32,
    pub height: u32,
    /// Every text size of the chart is multiplied by this.
    pub text: f64,
}

impl Look {
    /// Screen and print: 1200 × 800.
    pub const SCREEN: Look = Look {
        width: WIDTH,
        height: HEIGHT,
        text: 1.0,
    };
    /// `--slide`: 1600 × 900 (16:9) with text half as large again, so a chart
    /// pasted full-width on a slide is readable from the back of a room.
    pub const SLIDE: Look = Look {
        width: 1600,
        height: 900,
        text: 1.5,
    };

    pub fn slide(on: bool) -> Look {
        if on { Look::SLIDE } else { Look::SCREEN }
    }

    /// A text size (or a distance tied to one) on this look.
    pub fn px(self, size: f64) -> f64 {
        size * self.text
    }

    /// [`Look::px`] rounded to whole pixels.
    pub fn ipx(self, size: f64) -> i32 {
        (size * self.text).round() as i32
    }
}

/// One colour per peace class, the same in every chart.
pub fn peace_colour(o: Peace) -> RGBColor {
    match o {
        Peace::CeasefireQuiet => GREEN,
        Peace::CeasefireContested => SKY,
        Peace::War => ORANGE,
        Peace::WiderWar => INK,
    }
}

/// One colour per mission class, the same in every chart.
pub fn mission_colour(o: Mission) -> RGBColor {
    match o {
        Mission::NeverDeployed => RGBColor(153, 153, 153),
        Mission::InPlace => BLUE,
        Mission::WithdrawnNoDeaths => tint(PURPLE, 0.45),
        Mission::WithdrawnAfterDeaths => PURPLE,
        Mission::EndedByCollapse => VERMILLION,
        Mission::EndedByWiderWar => INK,
    }
}

/// The colour of a share of runs: a class's, or for the two groups a
/// ceasefire's green (darker than a quiet one) and a withdrawal's purple.
pub fn share_colour(s: crate::model::Share) -> RGBColor {
    use crate::model::Share;
    match s {
        Share::Peace(p) => peace_colour(p),
        Share::Mission(m) => mission_colour(m),
        Share::CeasefireAtHorizon => RGBColor(0, 110, 80),
        Share::Withdrawn => PURPLE,
    }
}

/// The colour of a class of either family, by identifier.
pub fn class_colour(name: &str) -> RGBColor {
    Peace::find(name)
        .map(peace_colour)
        .or_else(|| Mission::find(name).map(mission_colour))
        .unwrap_or(GREY)
}

/// A colour blended toward white by `t` (0: itself, 1: white), for the
/// parts of a category drawn beneath it.
fn tint(c: RGBColor, t: f64) -> RGBColor {
    let f = |x: u8| (x as f64 + (255.0 - x as f64) * t).round() as u8;
    RGBColor(f(c.0), f(c.1), f(c.2))
}

/// Which files `--charts` asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Formats {
    Svg,
    Png,
    All,
    None,
}

impl Formats {
    pub fn svg_files(self) -> bool {
        matches!(self, Formats::Svg | Formats::All)
    }
    pub fn png_files(self) -> bool {
        matches!(self, Formats::Png | Formats::All)
    }
}

/// The charts of one run (or one comparison), in the order they appear.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Outcomes,
    MissionStates,
    Casualties,
    Escalation,
    Cost,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Outcomes,
        Kind::MissionStates,
        Kind::Casualties,
        Kind::Escalation,
        Kind::Cost,
    ];

    pub fn stem(self) -> &'static str {
        match self {
            Kind::Outcomes => "outcomes",
            Kind::MissionStates => "mission-states",
            Kind::Casualties => "casualties",
            Kind::Escalation => "escalation",
            Kind::Cost => "cost",
        }
    }

    pub fn heading(self) -> &'static str {
        match self {
            Kind::Outcomes => "the peace and the mission at the horizon",
            Kind::MissionStates => "the peace and the force by month",
            Kind::Casualties => "force casualties",
            Kind::Escalation => "peak escalation rung",
            Kind::Cost => "cost",
        }
    }
}

/// What every chart of a set shares: the scenarios drawn and the caption.
#[derive(Debug)]
pub struct ChartSet<'a> {
    /// The scenario name (or the comparison's name) for titles.
    pub title: String,
    /// (label, summary) per series; the label shows in legends.
    pub series: Vec<(String, &'a Summary)>,
    /// The line under every chart: runs, seed, what the intervals mean.
    pub caption: String,
    /// Canvas and text size.
    pub look: Look,
}

impl<'a> ChartSet<'a> {
    /// The charts of a single run.
    pub fn single(s: &'a Summary) -> Self {
        ChartSet {
            title: s.scenario.name.clone(),
            series: vec![(s.scenario.name.clone(), s)],
            caption: format!(
                "{} runs, seed {}, {}-month horizon · whiskers, where drawn: 95% Wilson intervals (Monte Carlo noise only) · reassure {}",
                num(s.runs as f64),
                s.seed,
                s.horizon_months,
                s.tool.version
            ),
            look: Look::SCREEN,
        }
    }

    /// The same set drawn on another [`Look`].
    pub fn with_look(self, look: Look) -> Self {
        ChartSet { look, ..self }
    }
}

/// A drawn chart: its file stem, its heading, and the requested renderings.
#[derive(Clone, Debug)]
pub struct Rendered {
    pub stem: String,
    pub heading: String,
    pub svg: String,
    pub png: Option<Vec<u8>>,
}

#[derive(Debug, thiserror::Error)]
#[error("cannot draw the {chart} chart: {message}")]
pub struct ChartError {
    pub chart: String,
    pub message: String,
}

pub(crate) type R<T> = Result<T, String>;

pub(crate) fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

/// Draw `kinds` for `set`. The SVG is always drawn (the HTML report inlines
/// it); the PNG only when `png` is set. Charts are drawn in parallel.
pub fn render(set: &ChartSet, kinds: &[Kind], png: bool) -> Result<Vec<Rendered>, ChartError> {
    fonts();
    kinds
        .par_iter()
        .map(|&k| {
            let heading = k.heading().to_string();
            render_sized(
                k.stem(),
                &heading,
                (set.look.width, set.look.height),
                png,
                |a: &Area<SVGBackend>| draw_kind(k, a, set),
                |a: &Area<Raster>| draw_kind(k, a, set),
            )
        })
        .collect()
}

/// The drawing area every chart function receives.
pub type Area<DB> = DrawingArea<DB, Shift>;

/// Run one drawing function on both backends. (Two closures because a
/// closure cannot be generic over the backend.)
pub fn render_one<FS, FP>(
    stem: &str,
    heading: &str,
    want_png: bool,
    draw_svg: FS,
    draw_png: FP,
) -> Result<Rendered, ChartError>
where
    FS: Fn(&Area<SVGBackend>) -> R<()>,
    FP: Fn(&Area<Raster>) -> R<()>,
{
    render_sized(stem, heading, (WIDTH, HEIGHT), want_png, draw_svg, draw_png)
}

/// [`render_one`] on a canvas of another size (pictures whose height
/// follows their content, such as `explain`'s tree).
pub fn render_sized<FS, FP>(
    stem: &str,
    heading: &str,
    (width, height): (u32, u32),
    want_png: bool,
    draw_svg: FS,
    draw_png: FP,
) -> Result<Rendered, ChartError>
where
    FS: Fn(&Area<SVGBackend>) -> R<()>,
    FP: Fn(&Area<Raster>) -> R<()>,
{
    fonts();
    let fail = |message: String| ChartError {
        chart: stem.to_string(),
        message,
    };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        draw_svg(&root).map_err(fail)?;
        root.present().map_err(|e| fail(err(e)))?;
    }
    let png = if want_png {
        let mut rgb = vec![255u8; (width as usize) * (height as usize) * 3];
        {
            let root =
                Raster(BitMapBackend::with_buffer(&mut rgb, (width, height))).into_drawing_area();
            draw_png(&root).map_err(fail)?;
            root.present().map_err(|e| fail(err(e)))?;
        }
        Some(encode_png(&rgb, width, height).map_err(|e| fail(e.to_string()))?)
    } else {
        None
    };
    Ok(Rendered {
        stem: stem.to_string(),
        heading: heading.to_string(),
        svg,
        png,
    })
}

fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_compression(png::Compression::Fast);
    let mut writer = enc.write_header()?;
    writer.write_image_data(rgb)?;
    writer.finish()?;
    Ok(out)
}

fn draw_kind<DB: DrawingBackend>(k: Kind, root: &Area<DB>, set: &ChartSet) -> R<()> {
    let title = format!("{}: {}", set.title, k.heading());
    let frame = |subtitle: &str| frame_look(root, set.look, &title, subtitle, &set.caption);
    match k {
        Kind::Outcomes => outcomes(frame, set),
        Kind::MissionStates => super::mission_chart::mission_states(frame, set),
        Kind::Casualties => exceedance(
            frame,
            set,
            &Exceed {
                metric: "hostile_deaths",
                what: "at least N hostile deaths in the force",
                x_desc: "N, hostile deaths in the force during the mission (deaths)",
            },
        ),
        Kind::Escalation => escalation(frame, set),
        Kind::Cost => exceedance(
            frame,
            set,
            &Exceed {
                metric: "cost_eur_bn",
                what: "a mission cost of at least X",
                x_desc: "X, cost of the mission (EUR bn)",
            },
        ),
    }
}

// ---------------------------------------------------------------- frame

pub(crate) fn text_style<'a>(size: f64, colour: &'a RGBColor) -> TextStyle<'a> {
    (FONT, size).into_font().color(colour)
}

/// Shorten `text` with an ellipsis until it fits in `max_px`.
pub(crate) fn fit<DB: DrawingBackend>(
    area: &Area<DB>,
    text: &str,
    style: &TextStyle,
    max_px: u32,
) -> String {
    let fits = |t: &str| {
        area.estimate_text_size(t, style)
            .is_ok_and(|(w, _)| w <= max_px)
    };
    if fits(text) {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let t: String = chars.iter().collect::<String>().trim_end().to_string() + "…";
        if fits(&t) {
            return t;
        }
    }
    String::new()
}

/// Greedy word wrap of `text` into at most `max_lines` lines of `max_px`;
/// the last line takes the rest, shortened with [`fit`].
pub(crate) fn wrap<DB: DrawingBackend>(
    area: &Area<DB>,
    text: &str,
    style: &TextStyle,
    max_px: u32,
    max_lines: usize,
) -> Vec<String> {
    let fits = |t: &str| {
        area.estimate_text_size(t, style)
            .is_ok_and(|(w, _)| w <= max_px)
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut lines = Vec::new();
    let mut i = 0;
    while i < words.len() && lines.len() + 1 < max_lines.max(1) {
        let mut line = words[i].to_string();
        i += 1;
        while i < words.len() && fits(&format!("{line} {}", words[i])) {
            line = format!("{line} {}", words[i]);
            i += 1;
        }
        if !fits(&line) {
            line = fit(area, &line, style, max_px);
        }
        lines.push(line);
    }
    if i < words.len() {
        lines.push(fit(area, &words[i..].join(" "), style, max_px));
    }
    lines
}

/// White background, the title on top, the caption at the foot; returns the
/// area left for the plot.
pub fn frame<DB: DrawingBackend>(
    root: &Area<DB>,
    title: &str,
    subtitle: &str,
    caption: &str,
) -> R<Area<DB>> {
    frame_lines(root, title, &[subtitle], caption, 1, 16.0)
}

/// [`frame`] on a canvas of any size, with each paragraph of the subtitle
/// and the caption wrapped onto up to `lines` lines, and the caption at
/// `caption_size`; the plot area shrinks by the extra lines.
pub(crate) fn frame_lines<DB: DrawingBackend>(
    root: &Area<DB>,
    title: &str,
    subtitle: &[&str],
    caption: &str,
    lines: usize,
    caption_size: f64,
) -> R<Area<DB>> {
    frame_scaled(root, title, subtitle, caption, lines, caption_size, 1.0)
}

/// [`frame`] with its text sized for `look`, the subtitle and the caption
/// each wrapped onto up to two lines.
pub fn frame_look<DB: DrawingBackend>(
    root: &Area<DB>,
    look: Look,
    title: &str,
    subtitle: &str,
    caption: &str,
) -> R<Area<DB>> {
    frame_scaled(root, title, &[subtitle], caption, 2, 16.0, look.text)
}

/// [`frame_lines`] with its text sized for `look`: each paragraph of the
/// subtitle and the caption wrapped onto up to two lines.
pub(crate) fn frame_lines_look<DB: DrawingBackend>(
    root: &Area<DB>,
    look: Look,
    title: &str,
    subtitle: &[&str],
    caption: &str,
) -> R<Area<DB>> {
    frame_scaled(root, title, subtitle, caption, 2, 16.0, look.text)
}

/// [`frame_lines`] with every size and offset multiplied by `k`.
fn frame_scaled<DB: DrawingBackend>(
    root: &Area<DB>,
    title: &str,
    subtitle: &[&str],
    caption: &str,
    lines: usize,
    caption_size: f64,
    k: f64,
) -> R<Area<DB>> {
    let (width, height) = root.dim_in_pixel();
    let px = |v: f64| (v * k).round() as i32;
    root.fill(&WHITE).map_err(err)?;
    // (FontDesc::style keeps the old face; name the style at creation.)
    let ts = (FONT, 30.0 * k, FontStyle::Bold).into_font().color(&INK);
    let t = fit(root, title, &ts, width - 80);
    root.draw(&Text::new(t, (40, px(16.0)), ts)).map_err(err)?;
    let ss = text_style(18.0 * k, &INK);
    let subs: Vec<String> = subtitle
        .iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| wrap(root, p, &ss, width - 80, lines))
        .collect();
    let sub_step = px(24.0);
    for (i, sub) in subs.iter().enumerate() {
        root.draw(&Text::new(
            sub.clone(),
            (40, px(56.0) + sub_step * i as i32),
            ss.clone(),
        ))
        .map_err(err)?;
    }
    let cs = text_style(caption_size * k, &GREY);
    let caps = wrap(root, caption, &cs, width - 80, lines);
    let step = (caption_size * k * 1.25).round() as i32;
    let last = height as i32 - px(36.0);
    for (i, c) in caps.iter().enumerate() {
        let y = last - step * (caps.len() - 1 - i) as i32;
        root.draw(&Text::new(c.clone(), (40, y), cs.clone()))
            .map_err(err)?;
    }
    let extra = |n: usize, step: i32| step * n.saturating_sub(1) as i32;
    Ok(root.margin(
        px(92.0) + extra(subs.len(), sub_step),
        px(56.0) + extra(caps.len(), step),
        24,
        44,
    ))
}

/// A message in place of a plot, when there is nothing to draw.
pub(crate) fn empty<DB: DrawingBackend>(area: &Area<DB>, message: &str) -> R<()> {
    let (w, h) = area.dim_in_pixel();
    let style = text_style(24.0, &GREY).pos(Pos::new(HPos::Center, VPos::Center));
    area.draw(&Text::new(
        message.to_string(),
        (w as i32 / 2, h as i32 / 2),
        style,
    ))
    .map_err(err)
}

/// An axis tick as a percentage, with as many decimals as small ticks need.
pub fn pct_label(v: f64) -> String {
    let p = v * 100.0;
    // Ticks computed as sums of steps land a hair off zero.
    if p.abs() < 1e-9 {
        return "0%".into();
    }
    let d = if p.abs() >= 10.0 {
        0
    } else if p.abs() >= 1.0 {
        1
    } else {
        (-p.abs().log10()).ceil() as usize + 1
    };
    let s = format!("{p:.d$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        &s
    };
    format!("{s}%")
}

/// A bar's value: one decimal, two below 1%.
pub fn value_label(v: f64) -> String {
    let p = v * 100.0;
    if p == 0.0 {
        "0%".into()
    } else if p.abs() >= 1.0 {
        format!("{p:.1}%")
    } else {
        format!("{p:.2}%")
    }
}

/// A one-line legend across the top of `area`; returns the area below it.
/// Used where a legend inside the plot could cover data.
pub(crate) fn legend_row<DB: DrawingBackend>(
    area: &Area<DB>,
    items: &[(String, RGBColor)],
) -> R<Area<DB>> {
    legend_rows(area, items, 17.0)
}

/// [`legend_row`] with text of `size`, wrapped onto further rows where the
/// items would run past the area's right edge; an item too long for a row
/// of its own is shortened, so the legend never leaves the area's width.
pub(crate) fn legend_rows<DB: DrawingBackend>(
    area: &Area<DB>,
    items: &[(String, RGBColor)],
    size: f64,
) -> R<Area<DB>> {
    // Swatch and spacing grow with text larger than the house size.
    let k = (size / 17.0).max(1.0);
    let px = |v: f64| (v * k).round() as i32;
    let style = text_style(size, &INK);
    let right = area.dim_in_pixel().0 as i32;
    let (mut x, mut y) = (8, 0);
    let widest = ((right - 8 - px(24.0)).max(40) as u32).min((420.0 * k) as u32);
    for (label, colour) in items {
        let label = fit(area, label, &style, widest);
        let w = area
            .estimate_text_size(&label, &style)
            .map_or(100, |(w, _)| w as i32);
        if x > 8 && x + px(24.0) + w > right {
            (x, y) = (8, y + px(30.0));
        }
        area.draw(&Rectangle::new(
            [(x, y + px(6.0)), (x + px(18.0), y + px(22.0))],
            colour.filled(),
        ))
        .map_err(err)?;
        area.draw(&Text::new(
            label,
            (x + px(24.0), y + px(14.0)),
            style.clone().pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(err)?;
        x += px(24.0) + w + px(28.0);
    }
    Ok(area.margin(y + px(30.0), 0, 0, 0))
}

/// Room for the widest of `labels` beside an axis.
pub(crate) fn label_width<DB: DrawingBackend>(
    area: &Area<DB>,
    labels: &[String],
    style: &TextStyle,
) -> u32 {
    labels
        .iter()
        .filter_map(|c| area.estimate_text_size(c, style).ok())
        .map(|(w, _)| w)
        .max()
        .unwrap_or(100)
        + 24
}

/// With several series, a legend row of their labels in the scenario
/// colours, and the area below it; with one, the area unchanged.
fn series_legend<DB: DrawingBackend>(
    area: &Area<DB>,
    labels: impl Iterator<Item = String>,
) -> R<Area<DB>> {
    let items: Vec<(String, RGBColor)> = labels
        .enumerate()
        .map(|(j, l)| (l, scenario_colour(j)))
        .collect();
    if items.len() > 1 {
        legend_row(area, &items)
    } else {
        Ok(area.clone())
    }
}

/// The house style of every chart's axes: label sizes, light grid.
pub(crate) fn house_style<'a, 'b, 'c, X: Ranged, Y: Ranged, DB: DrawingBackend>(
    m: &'c mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB>,
) -> &'c mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB> {
    house_style_look(m, Look::SCREEN)
}

/// [`house_style`] with text sized for `look`.
pub(crate) fn house_style_look<'a, 'b, 'c, X: Ranged, Y: Ranged, DB: DrawingBackend>(
    m: &'c mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB>,
    look: Look,
) -> &'c mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB> {
    m.axis_desc_style(text_style(look.px(19.0), &INK))
        .label_style(text_style(look.px(17.0), &INK))
        .bold_line_style(GRID)
        .light_line_style(WHITE)
        .axis_style(GREY)
}

/// Pixel boxes of the labels drawn so far, so a label that would overprint
/// another is left out (its value is in the tables).
#[derive(Default)]
struct Placed(Vec<[i32; 4]>);

impl Placed {
    /// Claim `b` (x0, y0, x1, y1) unless it meets a box already claimed.
    fn claim(&mut self, b: [i32; 4]) -> bool {
        let meets = |a: &[i32; 4]| a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
        if self.0.iter().any(meets) {
            return false;
        }
        self.0.push(b);
        true
    }
}

// ---------------------------------------------------------------- category bars

/// Horizontal bars, one row per category (top to bottom in the given
/// order), one bar per series within a row, each with a whisker.
#[derive(Debug)]
pub struct Bars<'a> {
    pub categories: Vec<String>,
    /// Per series, per category: [estimate, ci low, ci high].
    pub values: Vec<Vec<[f64; 3]>>,
    pub series: Vec<String>,
    /// Per-category colours, used when there is a single series.
    pub category_colours: Option<Vec<RGBColor>>,
    pub x_desc: &'a str,
    /// Signed values (differences): labels get a sign, the axis spans zero.
    pub signed: bool,
}

pub fn category_bars<DB: DrawingBackend>(area: &Area<DB>, b: &Bars) -> R<()> {
    category_bars_look(area, b, Look::SCREEN)
}

/// [`category_bars`] with text sized for `look`. A value label that would
/// overprint another is left out.
pub fn category_bars_look<DB: DrawingBackend>(area: &Area<DB>, b: &Bars, look: Look) -> R<()> {
    let nc = b.categories.len();
    let ns = b.values.len().max(1);
    let all = b.values.iter().flatten();
    let hi = all.clone().map(|v| v[2].max(v[0])).fold(0.0f64, f64::max);
    let lo = all.map(|v| v[1].min(v[0])).fold(0.0f64, f64::min);
    // Room on the right (and left, when signed) for the value labels.
    let pad = (hi - lo).max(0.01) * 0.16 * look.text;
    let x_max = if b.signed {
        hi + pad
    } else {
        (hi + pad).min(1.0).max(hi * 1.02)
    };
    let x_min = if b.signed { lo - pad } else { 0.0 };
    let label_style = text_style(look.px(19.0), &INK);
    let label_w = label_width(area, &b.categories, &label_style);
    let area = &series_legend(area, b.series.iter().cloned())?;
    let mut chart = ChartBuilder::on(area)
        .margin_top(8)
        .margin_right(look.ipx(16.0))
        .x_label_area_size(look.ipx(64.0))
        .y_label_area_size(label_w)
        .build_cartesian_2d(x_min..x_max, 0f64..nc as f64)
        .map_err(err)?;
    let signed = b.signed;
    house_style_look(&mut chart.configure_mesh(), look)
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(if look.text > 1.0 { 6 } else { 10 })
        .x_label_formatter(&|v| {
            let s = pct_label(*v);
            if signed && *v > 0.0 {
                format!("+{s}")
            } else {
                s
            }
        })
        .x_desc(b.x_desc)
        .draw()
        .map_err(err)?;
    if signed {
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.0, 0.0), (0.0, nc as f64)],
                INK.stroke_width(2),
            )))
            .map_err(err)?;
    }
    let band = 0.72 / ns as f64;
    let value_size = look.px(16.0);
    let base = area.get_base_pixel();
    let mut placed = Placed::default();
    for (j, vals) in b.values.iter().enumerate() {
        let colour_of = |k: usize| match (&b.category_colours, ns) {
            (Some(c), 1) => c[k],
            _ => scenario_colour(j),
        };
        let rows = vals.iter().enumerate().map(|(k, v)| {
            // Series top to bottom in legend order.
            let y0 = (nc - 1 - k) as f64 + 0.14 + (ns - 1 - j) as f64 * band;
            (k, v, y0, y0 + band * 0.9)
        });
        chart
            .draw_series(rows.clone().map(|(k, v, y0, y1)| {
                Rectangle::new([(0.0, y0), (v[0], y1)], colour_of(k).filled())
            }))
            .map_err(err)?;
        for (_, v, y0, y1) in rows {
            let yc = (y0 + y1) / 2.0;
            let cap = (y1 - y0) * 0.3;
            let whisker = INK.stroke_width(2);
            chart
                .draw_series([
                    PathElement::new(vec![(v[1], yc), (v[2], yc)], whisker),
                    PathElement::new(vec![(v[1], yc - cap), (v[1], yc + cap)], whisker),
                    PathElement::new(vec![(v[2], yc - cap), (v[2], yc + cap)], whisker),
                ])
                .map_err(err)?;
            let text = if signed && v[0] > 0.0 {
                format!("+{}", value_label(v[0]))
            } else {
                value_label(v[0])
            };
            let gap = look.ipx(6.0);
            let style = text_style(value_size, &INK);
            let w = area
                .estimate_text_size(&text, &style)
                .map_or(60, |(w, _)| w as i32);
            let h = (value_size / 1.24).ceil() as i32;
            let (px, py) = if v[0] < 0.0 {
                chart.backend_coord(&(v[1].min(v[0]), yc))
            } else {
                chart.backend_coord(&(v[2].max(v[0]), yc))
            };
            let (px, py) = (px - base.0, py - base.1);
            let (x0, hpos) = if v[0] < 0.0 {
                (px - gap - w, HPos::Right)
            } else {
                (px + gap, HPos::Left)
            };
            if placed.claim([x0, py - h / 2 - 1, x0 + w, py + h / 2 + 1]) {
                let x = if v[0] < 0.0 { px - gap } else { px + gap };
                area.draw(&Text::new(
                    text,
                    (x, py),
                    style.pos(Pos::new(hpos, VPos::Center)),
                ))
                .map_err(err)?;
            }
        }
    }
    // Category labels, right-aligned against the axis.
    let cat_style = label_style.pos(Pos::new(HPos::Right, VPos::Center));
    for (k, c) in b.categories.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(x_min, (nc - 1 - k) as f64 + 0.5));
        area.draw(&Text::new(
            c.clone(),
            (px - base.0 - 12, py - base.1),
            cat_style.clone(),
        ))
        .map_err(err)?;
    }
    Ok(())
}

// ---------------------------------------------------------------- small multiples of bars

/// Which way a difference is good news.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
    /// Neither direction is plainly better (no deployment, contested peace).
    Neither,
}

impl Better {
    /// Good news when a class becomes more likely? A quiet ceasefire and a
    /// force in place are; war, a wider war, withdrawals and a collapse are
    /// not; a contested ceasefire (better than war, worse than quiet) and
    /// never deploying are neither.
    pub fn of(name: &str) -> Better {
        match name {
            "ceasefire_quiet"
            | "ceasefire_at_horizon"
            | "in_place"
            | "months_of_ceasefire"
            | "p_ceasefire"
            | "p_in_place_given_deployed" => Better::Higher,
            "ceasefire_contested" | "never_deployed" => Better::Neither,
            _ => Better::Lower,
        }
    }
}

/// One small multiple of [`panel_bars`]: one category (an outcome class, a
/// rung, a figure), one bar per scenario.
#[derive(Debug)]
pub struct Panel {
    pub title: String,
    /// A colour square before the title (the class's or rung's colour).
    pub swatch: Option<RGBColor>,
    /// Per row: [estimate, ci low, ci high]; `None` where the figure is
    /// undefined (drawn as "–").
    pub values: Vec<Option<[f64; 3]>>,
    /// Panels of one group share their scale, so bar lengths compare.
    pub group: usize,
    /// Shown under the bars of a signed panel as "← better" / "worse →".
    pub better: Better,
    /// A value as its label.
    pub format: fn(f64) -> String,
}

/// Small multiples: a grid of panels, each with one horizontal bar per
/// scenario (rows named at the left of each grid row, bars in the
/// scenarios' colours, whiskers, value labels that always fit beside the
/// bar inside the panel).
#[derive(Debug)]
pub struct PanelBars {
    /// The rows' names, top to bottom, and their colours.
    pub names: Vec<String>,
    pub colours: Vec<RGBColor>,
    pub panels: Vec<Panel>,
    /// Panels per grid row.
    pub cols: usize,
    /// Differences: the scale spans zero and positive labels carry a sign.
    pub signed: bool,
}

/// A signed label: "+" before positive values.
fn signed_with(v: f64, format: fn(f64) -> String) -> String {
    if v > 0.0 {
        format!("+{}", format(v))
    } else {
        format(v)
    }
}

pub fn panel_bars<DB: DrawingBackend>(area: &Area<DB>, p: &PanelBars, look: Look) -> R<()> {
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let np = p.panels.len();
    let n = p.names.len();
    if np == 0 || n == 0 {
        return empty(area, "Nothing to show.");
    }
    let cols = p.cols.clamp(1, np);
    let rows = np.div_ceil(cols);
    let name_size = look.px(17.0);
    let name_style = text_style(name_size, &INK);
    let names: Vec<String> = p
        .names
        .iter()
        .map(|s| fit(area, s, &name_style, (w as f64 * 0.26) as u32))
        .collect();
    let name_w = label_width(area, &names, &name_style) as i32 - 24 + look.ipx(10.0);
    let gap_x = look.ipx(26.0);
    let gap_y = look.ipx(12.0);
    let pw = (w - name_w - gap_x * (cols as i32 - 1)) / cols as i32;
    let ph = (h - gap_y * (rows as i32 - 1)) / rows as i32;
    let title_style = (FONT, look.px(16.0), FontStyle::Bold)
        .into_font()
        .color(&INK);
    // Titles wrap onto a second line rather than lose their words.
    let swatch_w = |q: &Panel| q.swatch.map_or(0, |_| look.ipx(19.0));
    let titles: Vec<Vec<String>> = p
        .panels
        .iter()
        .map(|q| {
            wrap(
                area,
                &q.title,
                &title_style,
                (pw - swatch_w(q)).max(10) as u32,
                2,
            )
        })
        .collect();
    let title_lines = titles.iter().map(Vec::len).max().unwrap_or(1) as i32;
    let title_h = look.ipx(22.0) * title_lines + look.ipx(6.0);
    let dir_size = look.px(14.0);
    let dir_h = if p.signed && p.panels.iter().any(|q| q.better != Better::Neither) {
        look.ipx(22.0)
    } else {
        0
    };
    let pitch = (ph - title_h - dir_h) as f64 / n as f64;
    // Text in the rows never taller than a row.
    let row_size = |nominal: f64| look.px(nominal).min(pitch * 1.2);
    let value_style = text_style(row_size(15.0), &INK);
    let label_of = |q: &Panel, v: f64| {
        if p.signed {
            signed_with(v, q.format)
        } else {
            (q.format)(v)
        }
    };
    let text_w =
        |t: &str, s: &TextStyle| area.estimate_text_size(t, s).map_or(60, |(w, _)| w as i32);
    // Each group's scale and the room its labels need on either side.
    let groups: Vec<usize> = p.panels.iter().map(|q| q.group).collect();
    let scale = |g: usize| {
        let vals = p
            .panels
            .iter()
            .filter(|q| q.group == g)
            .flat_map(|q| q.values.iter().flatten().map(move |v| (q, v)));
        let mut lo = 0.0f64;
        let mut hi = 0.0f64;
        let (mut pad_l, mut pad_r) = (0, 0);
        for (q, v) in vals {
            if !v.iter().all(|x| x.is_finite()) {
                continue;
            }
            lo = lo.min(v[0]).min(v[1]);
            hi = hi.max(v[0]).max(v[2]);
            let lw = text_w(&label_of(q, v[0]), &value_style) + look.ipx(8.0);
            if v[0] < 0.0 {
                pad_l = pad_l.max(lw);
            } else {
                pad_r = pad_r.max(lw);
            }
        }
        pad_r = pad_r.max(text_w("–", &value_style) + look.ipx(8.0));
        if hi - lo <= 0.0 {
            hi = lo + 1.0;
        }
        (lo, hi, pad_l, pad_r)
    };
    let scales: Vec<(f64, f64, i32, i32)> = groups.iter().map(|&g| scale(g)).collect();
    for (i, q) in p.panels.iter().enumerate() {
        let (c, r) = ((i % cols) as i32, (i / cols) as i32);
        let x0 = name_w + c * (pw + gap_x);
        let y0 = r * (ph + gap_y);
        // Title, with its swatch.
        let mut tx = x0;
        if let Some(s) = q.swatch {
            let sq = look.ipx(13.0);
            area.draw(&Rectangle::new(
                [(tx, y0 + look.ipx(5.0)), (tx + sq, y0 + look.ipx(5.0) + sq)],
                s.filled(),
            ))
            .map_err(err)?;
            tx += sq + look.ipx(6.0);
        }
        for (l, line) in titles[i].iter().enumerate() {
            area.draw(&Text::new(
                line.clone(),
                (tx, y0 + look.ipx(2.0) + look.ipx(22.0) * l as i32),
                title_style.clone(),
            ))
            .map_err(err)?;
        }
        let by0 = y0 + title_h;
        let by1 = by0 + (pitch * n as f64).round() as i32;
        let (lo, hi, pad_l, pad_r) = scales[i];
        let (sx0, sx1) = (x0 + pad_l, (x0 + pw - pad_r).max(x0 + pad_l + 10));
        let x_of = |v: f64| sx0 + ((v - lo) / (hi - lo) * (sx1 - sx0) as f64).round() as i32;
        let zero = x_of(0.0);
        // Light panel background, and the zero line.
        area.draw(&Rectangle::new(
            [(x0, by0), (x0 + pw, by1)],
            RGBColor(247, 247, 247).filled(),
        ))
        .map_err(err)?;
        for (k, v) in q.values.iter().enumerate() {
            let yc = by0 + (pitch * (k as f64 + 0.5)).round() as i32;
            let half = ((pitch * 0.34).min(look.px(13.0)).round() as i32).max(1);
            if c == 0 {
                area.draw(&Text::new(
                    names[k].clone(),
                    (x0 - look.ipx(10.0), yc),
                    text_style(row_size(17.0), &INK).pos(Pos::new(HPos::Right, VPos::Center)),
                ))
                .map_err(err)?;
            }
            let Some(v) = v.filter(|v| v.iter().all(|x| x.is_finite())) else {
                area.draw(&Text::new(
                    "–",
                    (zero + look.ipx(6.0), yc),
                    value_style
                        .clone()
                        .color(&GREY)
                        .pos(Pos::new(HPos::Left, VPos::Center)),
                ))
                .map_err(err)?;
                continue;
            };
            let colour = p.colours.get(k).copied().unwrap_or(INK);
            let (a, b) = (x_of(v[0]).min(zero), x_of(v[0]).max(zero));
            area.draw(&Rectangle::new(
                [(a, yc - half), (b.max(a + 1), yc + half)],
                colour.filled(),
            ))
            .map_err(err)?;
            let (wl, wh) = (x_of(v[1]), x_of(v[2]));
            let cap = (half / 2).max(2);
            let whisker = INK.stroke_width(if look.text > 1.0 { 2 } else { 1 });
            for seg in [
                [(wl, yc), (wh, yc)],
                [(wl, yc - cap), (wl, yc + cap)],
                [(wh, yc - cap), (wh, yc + cap)],
            ] {
                area.draw(&PathElement::new(seg.to_vec(), whisker))
                    .map_err(err)?;
            }
            let text = label_of(q, v[0]);
            let gap = look.ipx(5.0);
            let (x, hpos) = if v[0] < 0.0 {
                (x_of(v[0].min(v[1])) - gap, HPos::Right)
            } else {
                (x_of(v[0].max(v[2])) + gap, HPos::Left)
            };
            area.draw(&Text::new(
                text,
                (x, yc),
                value_style.clone().pos(Pos::new(hpos, VPos::Center)),
            ))
            .map_err(err)?;
        }
        area.draw(&PathElement::new(
            vec![(zero, by0), (zero, by1)],
            INK.stroke_width(if p.signed { 2 } else { 1 }),
        ))
        .map_err(err)?;
        if p.signed && q.better != Better::Neither {
            let (left, right) = match q.better {
                Better::Higher => ("← worse", "better →"),
                _ => ("← better", "worse →"),
            };
            let ds = text_style(dir_size, &GREY);
            let y = by1 + look.ipx(4.0);
            area.draw(&Text::new(
                left,
                (x0, y),
                ds.clone().pos(Pos::new(HPos::Left, VPos::Top)),
            ))
            .map_err(err)?;
            area.draw(&Text::new(
                right,
                (x0 + pw, y),
                ds.pos(Pos::new(HPos::Right, VPos::Top)),
            ))
            .map_err(err)?;
        }
    }
    Ok(())
}

/// Grid columns for `n` panels of scenario bars.
fn panel_cols(n: usize) -> usize {
    match n {
        0..=3 => n.max(1),
        4 => 2,
        5 | 6 => 3,
        7 | 8 => 4,
        _ => 5,
    }
}

/// A row's share of all runs in a summary: [estimate, ci low, ci high].
type RowStat = Box<dyn Fn(&Summary) -> Option<[f64; 3]>>;

/// One bar of the classes chart: a class of either family, or a part of
/// one (a never-deployed reason, a collapse route).
struct ClassRow {
    label: String,
    colour: RGBColor,
    better: Better,
    /// The row's share in a summary, if it has one.
    get: RowStat,
}

/// The classes chart's rows: the peace classes, then (for options with a
/// force) the mission's, with `ended_by_collapse` split by how the force
/// met the offensive.
fn class_rows(with_mission: bool) -> Vec<ClassRow> {
    let stat = |o: &super::summary::OutcomeStat| [o.probability, o.ci95[0], o.ci95[1]];
    let mut rows: Vec<ClassRow> = Peace::ALL
        .iter()
        .map(|&p| ClassRow {
            label: format!("Peace: {}", p.label()),
            colour: peace_colour(p),
            better: Better::of(p.name()),
            get: Box::new(move |s: &Summary| s.peace.get(p.name()).map(stat)),
        })
        .collect();
    if with_mission {
        for m in Mission::ALL {
            rows.push(ClassRow {
                label: format!("Mission: {}", m.label()),
                colour: mission_colour(m),
                better: Better::of(m.name()),
                get: Box::new(move |s: &Summary| {
                    s.mission.as_ref().and_then(|x| x.get(m.name())).map(stat)
                }),
            });
            if m == Mission::EndedByCollapse {
                for (r, words) in [
                    ("force_stood_aside", "stood aside"),
                    ("force_fought", "fought"),
                ] {
                    rows.push(ClassRow {
                        label: format!("↳ the force {words}"),
                        colour: tint(mission_colour(m), 0.45),
                        better: Better::Lower,
                        get: Box::new(move |s: &Summary| {
                            s.mission_detail
                                .as_ref()
                                .and_then(|d| d.ended_by_collapse.get(r))
                                .map(stat)
                        }),
                    });
                }
            }
        }
    }
    rows
}

/// The scenario names of a set, and their colours.
fn names_and_colours(set: &ChartSet) -> (Vec<String>, Vec<RGBColor>) {
    set.series
        .iter()
        .enumerate()
        .map(|(j, (l, _))| (l.clone(), scenario_colour(j)))
        .unzip()
}

fn outcomes<DB: DrawingBackend>(frame: impl Fn(&str) -> R<Area<DB>>, set: &ChartSet) -> R<()> {
    let with_mission = set.series.iter().any(|(_, s)| s.mission.is_some());
    let rows = class_rows(with_mission);
    if set.series.len() > 1 {
        let area = &frame(if with_mission {
            "Share of all runs of each scenario in each class at the horizon, with 95% intervals: the peace first, then the mission's fate (an option without a force never deploys)"
        } else {
            "Share of all runs of each scenario in each peace class at the horizon, with 95% intervals"
        })?;
        let (names, colours) = names_and_colours(set);
        let panels: Vec<Panel> = rows
            .iter()
            .map(|row| Panel {
                title: row.label.clone(),
                // In a comparison colour means the scenario, nothing else.
                swatch: None,
                values: set.series.iter().map(|(_, s)| (row.get)(s)).collect(),
                group: 0,
                better: row.better,
                format: value_label,
            })
            .collect();
        return panel_bars(
            area,
            &PanelBars {
                names,
                colours,
                panels,
                cols: 4,
                signed: false,
            },
            set.look,
        );
    }
    let area = &frame(&match set.series.as_slice() {
        [(_, s)] if with_mission => format!(
            "Share of all {} runs in each class at the horizon: the peace, then the mission's fate; \u{2026} rows split a class",
            num(s.runs as f64)
        ),
        [(_, s)] => format!(
            "Share of all {} runs in each peace class at the horizon",
            num(s.runs as f64)
        ),
        _ => String::new(),
    })?;
    let values = set
        .series
        .iter()
        .map(|(_, s)| {
            rows.iter()
                .map(|row| (row.get)(s).unwrap_or([0.0; 3]))
                .collect()
        })
        .collect();
    category_bars_look(
        area,
        &Bars {
            categories: rows
                .iter()
                .map(|r| r.label.replace("↳", "\u{2026}"))
                .collect(),
            values,
            series: set.series.iter().map(|(l, _)| l.clone()).collect(),
            category_colours: Some(rows.iter().map(|r| r.colour).collect()),
            x_desc: "probability (share of all runs)",
            signed: false,
        },
        set.look,
    )
}

/// "the 49,712 runs that deployed a force", or the plural for a comparison.
fn deployed_phrase(set: &ChartSet) -> String {
    match set.series.as_slice() {
        [(_, s)] => format!("the {} runs that deployed a force", num(deployed(s) as f64)),
        _ => "each scenario's runs that deployed a force".to_string(),
    }
}

/// Runs in which the force deployed (the denominator of the per-run
/// figures).
pub fn deployed(s: &Summary) -> u64 {
    s.metrics["hostile_deaths"].n
}

pub const RUNGS: [&str; 5] = [
    "0 calm",
    "1 grey-zone incidents",
    "2 strikes",
    "3 sustained clashes",
    "4 wider war",
];

fn escalation<DB: DrawingBackend>(frame: impl Fn(&str) -> R<Area<DB>>, set: &ChartSet) -> R<()> {
    let multi = set.series.len() > 1;
    let area = &frame(&format!(
        "Highest rung of the escalation ladder each run reached, as a share of {}{}",
        deployed_phrase(set),
        if multi {
            "; – where none deployed"
        } else {
            ""
        }
    ))?;
    if set.series.iter().all(|(_, s)| deployed(s) == 0) {
        return empty(
            area,
            "No run deployed a force: there is no escalation to show.",
        );
    }
    let values: Vec<Vec<[f64; 3]>> = set
        .series
        .iter()
        .map(|(_, s)| {
            let n = deployed(s);
            let mut counts = [0u64; 5];
            for b in &s.histograms["peak_rung"] {
                counts[(b[0] as usize).min(4)] += b[2] as u64;
            }
            counts
                .iter()
                .map(|&k| {
                    let (lo, hi) = wilson(k, n);
                    [if n == 0 { 0.0 } else { k as f64 / n as f64 }, lo, hi]
                })
                .collect()
        })
        .collect();
    if multi {
        let (names, colours) = names_and_colours(set);
        let panels = (0..5)
            .map(|r| Panel {
                title: RUNGS[r].to_string(),
                swatch: Some(RUNG_COLOURS[r]),
                values: set
                    .series
                    .iter()
                    .zip(&values)
                    .map(|((_, s), v)| (deployed(s) > 0).then_some(v[r]))
                    .collect(),
                group: 0,
                better: Better::Neither,
                format: value_label,
            })
            .collect();
        return panel_bars(
            area,
            &PanelBars {
                names,
                colours,
                panels,
                cols: 5,
                signed: false,
            },
            set.look,
        );
    }
    category_bars_look(
        area,
        &Bars {
            categories: RUNGS.iter().map(|s| s.to_string()).collect(),
            values,
            series: set.series.iter().map(|(l, _)| l.clone()).collect(),
            category_colours: Some(RUNG_COLOURS.to_vec()),
            x_desc: "share of the runs that deployed a force",
            signed: false,
        },
        set.look,
    )
}

// ---------------------------------------------------------------- exceedance

/// What an exceedance chart shows: a per-run figure's histogram and words.
struct Exceed<'a> {
    metric: &'a str,
    /// "at least N hostile deaths in the force": the event whose chance is plotted.
    what: &'a str,
    x_desc: &'a str,
}

/// Share of each series' runs the shown range must hold on a linear axis;
/// the far tail beyond it is reported in words instead of stretching the
/// axis. (A log axis shows the whole tail.)
const SHOWN: f64 = 0.999;

/// The exceedance curve of a stored histogram ([lower edge, width, count]
/// per bin, in display units): the share of the `n` runs with a value of at
/// least x, at both edges of every bin that holds runs. Exact there, because
/// the histogram holds exact counts per bin, and flat between bins (no run
/// lies there); only inside a bin is the line an interpolation.
fn exceedance_points(h: &[[f64; 3]], n: u64) -> Vec<(f64, f64)> {
    if n == 0 {
        return Vec::new();
    }
    let mut bins: Vec<[f64; 3]> = h.iter().filter(|b| b[2] > 0.0).copied().collect();
    bins.sort_by(|a, b| a[0].total_cmp(&b[0]));
    let mut left: f64 = bins.iter().map(|b| b[2]).sum();
    let mut pts = Vec::with_capacity(bins.len() + 1);
    for b in &bins {
        pts.push((b[0], left / n as f64));
        left -= b[2];
        pts.push((b[0] + b[1], left / n as f64));
    }
    pts
}

/// The smallest x with at most 1 − `shown` of the runs at or above it.
fn shown_up_to(pts: &[(f64, f64)], shown: f64) -> Option<f64> {
    pts.iter().find(|p| p.1 <= 1.0 - shown).map(|p| p.0)
}

/// "Chance of at least N deaths" per scenario on one shared scale: one
/// panel per scenario, its own curve in its colour over the others' in grey.
/// A log chance axis where most runs sit at the bottom of the range (zero
/// deaths), else linear up to the point that holds 99.9% of the runs.
fn exceedance<DB: DrawingBackend>(
    frame: impl Fn(&str) -> R<Area<DB>>,
    set: &ChartSet,
    e: &Exceed,
) -> R<()> {
    let look = set.look;
    let curves: Vec<Vec<(f64, f64)>> = set
        .series
        .iter()
        .map(|(_, s)| exceedance_points(&s.histograms[e.metric], deployed(s)))
        .collect();
    let multi = set.series.len() > 1;
    let subtitle = format!(
        "Chance of {} in one run, among {}{}",
        e.what,
        deployed_phrase(set),
        if multi {
            "; each panel one scenario, the others in grey"
        } else {
            ""
        }
    );
    let area = &frame(&subtitle)?;
    if curves.iter().all(|c| c.is_empty()) {
        return empty(area, "No run deployed a force: there is nothing to show.");
    }
    // Log chances when one value (typically zero deaths) holds most runs.
    let log = set.series.iter().any(|(_, s)| {
        let h = &s.histograms[e.metric];
        let top = h.iter().map(|b| b[2]).fold(0.0f64, f64::max);
        h.len() > 1 && top > 0.5 * deployed(s) as f64
    });
    let x0 = curves
        .iter()
        .flatten()
        .map(|p| p.0)
        .fold(f64::INFINITY, f64::min)
        .min(0.0);
    let x1 = if log {
        curves.iter().flatten().map(|p| p.0).fold(0.0f64, f64::max)
    } else {
        curves
            .iter()
            .filter_map(|c| shown_up_to(c, SHOWN))
            .fold(0.0f64, f64::max)
    };
    let x1 = if x1 > x0 { x1 } else { x0 + 1.0 };
    let floor = curves
        .iter()
        .flatten()
        .map(|p| p.1)
        .filter(|p| *p > 0.0)
        .fold(1.0f64, f64::min)
        / 2.0;
    let y_desc = "chance (share of deployed runs)";
    // The grid: y ticks at the left of each row, x ticks under every panel.
    let np = set.series.len();
    let cols = panel_cols(np);
    let rows = np.div_ceil(cols);
    let (w, h) = area.dim_in_pixel();
    let desc_h = look.ipx(34.0);
    let (grid, below) = area.split_vertically(h - desc_h as u32);
    below
        .draw(&Text::new(
            e.x_desc,
            (w as i32 / 2, desc_h / 2),
            text_style(look.px(19.0), &INK).pos(Pos::new(HPos::Center, VPos::Center)),
        ))
        .map_err(err)?;
    let side = look.ipx(30.0);
    let (aside, grid) = grid.split_horizontally(side as u32);
    let gh = aside.dim_in_pixel().1 as i32;
    aside
        .draw(&Text::new(
            y_desc,
            (side / 2, gh / 2),
            text_style(look.px(19.0), &INK)
                .transform(FontTransform::Rotate270)
                .pos(Pos::new(HPos::Center, VPos::Center)),
        ))
        .map_err(err)?;
    let y_label_w = look.ipx(if log { 70.0 } else { 58.0 });
    let gap = look.ipx(20.0);
    let (gw, gh) = grid.dim_in_pixel();
    let pw = (gw as i32 - y_label_w - gap * (cols as i32 - 1)) / cols as i32;
    let ph = gh as i32 / rows as i32;
    let heading = (FONT, look.px(16.0), FontStyle::Bold).into_font();
    let note_style = text_style(look.px(14.0), &GREY);
    let head_h = if multi { look.ipx(62.0) } else { 0 };
    for (j, (name, s)) in set.series.iter().enumerate() {
        let (c, r) = ((j % cols) as i32, (j / cols) as i32);
        let left = if c == 0 {
            0
        } else {
            y_label_w + c * (pw + gap)
        };
        let width = if c == 0 { y_label_w + pw } else { pw };
        let cell = grid
            .clone()
            .shrink((left, r * ph), (width as u32, ph as u32));
        let colour = scenario_colour(j);
        let plot = if multi {
            let tx = if c == 0 { y_label_w } else { 0 };
            // The scenario's line as a key before its name (light colours
            // would make poor text).
            let key = look.ipx(22.0);
            let mid = look.ipx(11.0);
            cell.draw(&Rectangle::new(
                [(tx, mid - look.ipx(3.0)), (tx + key, mid + look.ipx(3.0))],
                colour.filled(),
            ))
            .map_err(err)?;
            let hs = heading.color(&INK);
            let name_x = tx + key + look.ipx(7.0);
            cell.draw(&Text::new(
                fit(&cell, name, &hs, (pw - key - look.ipx(7.0)).max(10) as u32),
                (name_x, look.ipx(2.0)),
                hs,
            ))
            .map_err(err)?;
            let m = &s.metrics[e.metric];
            let items = if deployed(s) == 0 {
                vec!["no force deployed".to_string()]
            } else {
                vec![
                    format!("median {}", figure(m.p50)),
                    format!("90th percentile {}", figure(m.p90)),
                    format!("99th {}", figure(m.p99)),
                ]
            };
            for (l, line) in wrap_items(&cell, &items, &note_style, pw as u32)
                .into_iter()
                .take(2)
                .enumerate()
            {
                cell.draw(&Text::new(
                    line,
                    (tx, look.ipx(24.0) + look.ipx(18.0) * l as i32),
                    note_style.clone(),
                ))
                .map_err(err)?;
            }
            cell.margin(head_h, 0, 0, 0)
        } else {
            cell
        };
        let mut b = ChartBuilder::on(&plot);
        b.margin_top(look.ipx(6.0))
            .margin_right(look.ipx(14.0))
            .x_label_area_size(look.ipx(30.0))
            .y_label_area_size(if c == 0 { y_label_w } else { 0 });
        let panel = PanelCurves {
            curves: &curves,
            j,
            colour,
            single: !multi,
            s,
            metric: e.metric,
            look,
            ticks: if cols > 3 { 4 } else { 6 },
        };
        if log {
            let mut chart = b
                .build_cartesian_2d(x0..x1, (floor..1.3).log_scale())
                .map_err(err)?;
            draw_curves(&mut chart, &plot, &panel)?;
        } else {
            let mut chart = b.build_cartesian_2d(x0..x1, 0.0..1.04).map_err(err)?;
            draw_curves(&mut chart, &plot, &panel)?;
        }
    }
    Ok(())
}

/// A per-run figure for reading: whole numbers with thousands separators
/// from 100 up, else three significant figures at most, no trailing zeros.
pub fn figure(x: f64) -> String {
    let a = x.abs();
    let d = if a >= 100.0 {
        return num(x.round());
    } else if a >= 10.0 {
        1
    } else {
        2
    };
    let s = format!("{x:.d$}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// `items` joined by " · " onto lines of at most `max_px`, never breaking
/// an item (an item too long for a line is shortened).
fn wrap_items<DB: DrawingBackend>(
    area: &Area<DB>,
    items: &[String],
    style: &TextStyle,
    max_px: u32,
) -> Vec<String> {
    let fits = |t: &str| {
        area.estimate_text_size(t, style)
            .is_ok_and(|(w, _)| w <= max_px)
    };
    let mut lines: Vec<String> = Vec::new();
    for item in items {
        match lines.last_mut() {
            Some(l) if fits(&format!("{l} · {item}")) => {
                *l = format!("{l} · {item}");
            }
            _ => lines.push(fit(area, item, style, max_px)),
        }
    }
    lines
}

/// One panel of [`exceedance`].
struct PanelCurves<'a> {
    curves: &'a [Vec<(f64, f64)>],
    j: usize,
    colour: RGBColor,
    single: bool,
    s: &'a Summary,
    metric: &'a str,
    look: Look,
    ticks: usize,
}

fn draw_curves<'a, DB: DrawingBackend + 'a, Y>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<plotters::coord::types::RangedCoordf64, Y>>,
    area: &Area<DB>,
    p: &PanelCurves,
) -> R<()>
where
    Y: Ranged<ValueType = f64> + plotters::coord::ranged1d::ValueFormatter<f64>,
{
    let look = p.look;
    house_style_look(&mut chart.configure_mesh(), look)
        .label_style(text_style(look.px(15.0), &INK))
        .x_labels(p.ticks)
        .y_labels(6)
        .y_label_formatter(&|v| pct_label(*v))
        .x_label_formatter(&|v| num(*v))
        .draw()
        .map_err(err)?;
    let (y_lo, _) = {
        let r = chart.y_range();
        (r.start, r.end)
    };
    // A zero chance sits on the floor of a log axis.
    let line = |c: &[(f64, f64)]| -> Vec<(f64, f64)> {
        c.iter().map(|&(x, y)| (x, y.max(y_lo))).collect()
    };
    let own = &p.curves[p.j];
    for (k, c) in p.curves.iter().enumerate() {
        if k != p.j && !c.is_empty() && !own.is_empty() {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    line(c),
                    RGBColor(200, 200, 200).stroke_width(2),
                )))
                .map_err(err)?;
        }
    }
    if own.is_empty() {
        // Centred in the plot, clear of the tick labels.
        let (xs, ys) = chart.plotting_area().get_pixel_range();
        let base = area.get_base_pixel();
        let style = text_style(look.px(15.0), &GREY);
        let w = (xs.end - xs.start - 8).max(8) as u32;
        area.draw(&Text::new(
            fit(area, "No run deployed a force", &style, w),
            (
                (xs.start + xs.end) / 2 - base.0,
                (ys.start + ys.end) / 2 - base.1,
            ),
            style.pos(Pos::new(HPos::Center, VPos::Center)),
        ))
        .map_err(err)?;
        return Ok(());
    }
    chart
        .draw_series(std::iter::once(PathElement::new(
            line(own),
            p.colour.stroke_width(3),
        )))
        .map_err(err)?;
    if p.single {
        // The median and the 90th percentile, where the curve crosses
        // 50% and 10%.
        let m = &p.s.metrics[p.metric];
        let (xr, yr) = (chart.x_range(), chart.y_range());
        for (row, (q, name, c)) in [
            (m.p50, "median", INK),
            (m.p90, "90th percentile", VERMILLION),
        ]
        .into_iter()
        .enumerate()
        {
            let x = q.clamp(xr.start, xr.end);
            chart
                .draw_series(std::iter::once(DashedPathElement::new(
                    vec![(x, yr.start), (x, yr.end)],
                    10,
                    6,
                    c.stroke_width(2),
                )))
                .map_err(err)?;
            let (px, py) = chart.backend_coord(&(x, yr.end));
            let base = area.get_base_pixel();
            area.draw(&Text::new(
                format!("{name} {}", figure(q)),
                (
                    px - base.0 + look.ipx(6.0),
                    py - base.1 + look.ipx(6.0) + look.ipx(22.0) * row as i32,
                ),
                text_style(look.px(16.0), &c).pos(Pos::new(HPos::Left, VPos::Top)),
            ))
            .map_err(err)?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- overview

/// The batch overview: one stacked bar per scenario, its runs split into
/// the four peace classes at the horizon (the index table gives the
/// intervals), on the canvas and with the text of `look`.
pub fn render_overview(
    summaries: &[&Summary],
    caption: &str,
    png: bool,
    look: Look,
) -> Result<Rendered, ChartError> {
    let title = "Scenario library: the peace at the horizon";
    render_sized(
        "overview",
        "the peace at the horizon",
        (look.width, look.height),
        png,
        |a: &Area<SVGBackend>| overview(a, look, title, caption, summaries),
        |a: &Area<Raster>| overview(a, look, title, caption, summaries),
    )
}

fn overview<DB: DrawingBackend>(
    root: &Area<DB>,
    look: Look,
    title: &str,
    caption: &str,
    summaries: &[&Summary],
) -> R<()> {
    let area = frame_look(
        root,
        look,
        title,
        "Share of each scenario's runs in each peace class at the horizon, one calendar for all; the intervals are in index.html",
        caption,
    )?;
    // The legend first, above the bars: one swatch per class, in the
    // brief's order, wrapped onto a second row when the text is large.
    let legend: Vec<(String, RGBColor)> = Peace::ALL
        .iter()
        .map(|o| (o.label().to_string(), peace_colour(*o)))
        .collect();
    let area = legend_rows(&area, &legend, look.px(16.0))?;
    let n = summaries.len();
    let label_style = text_style(look.px(17.0), &INK);
    let names: Vec<String> = summaries
        .iter()
        .map(|s| {
            fit(
                &area,
                &s.scenario.name,
                &label_style,
                look.ipx(300.0) as u32,
            )
        })
        .collect();
    let label_w = label_width(&area, &names, &label_style);
    let mut chart = ChartBuilder::on(&area)
        .margin_top(look.ipx(4.0))
        .margin_right(look.ipx(28.0))
        .x_label_area_size(look.ipx(44.0))
        .y_label_area_size(label_w)
        .build_cartesian_2d(0f64..1.0, 0f64..n.max(1) as f64)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(11)
        .x_label_formatter(&|v| pct_label(*v))
        .label_style(text_style(look.px(16.0), &INK))
        .bold_line_style(GRID)
        .light_line_style(WHITE)
        .axis_style(GREY)
        .draw()
        .map_err(err)?;
    let base = area.get_base_pixel();
    let value_size = look.px(15.0);
    for (i, s) in summaries.iter().enumerate() {
        let y0 = (n - 1 - i) as f64 + 0.15;
        let y1 = y0 + 0.7;
        // A value label only where it fits inside its segment and its row.
        let (_, top) = chart.backend_coord(&(0.0, y1));
        let (_, bottom) = chart.backend_coord(&(0.0, y0));
        let row_h = (bottom - top) as f64;
        let mut x = 0.0;
        for o in Peace::ALL {
            let p = s.peace.get(o.name()).map_or(0.0, |x| x.probability);
            if p > 0.0 {
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x, y0), (x + p, y1)],
                        peace_colour(o).filled(),
                    )))
                    .map_err(err)?;
                let label = value_label(p);
                let style = text_style(value_size, &INK);
                let w = area
                    .estimate_text_size(&label, &style)
                    .map_or(i32::MAX, |(w, _)| w as i32);
                let (l, _) = chart.backend_coord(&(x, y0));
                let (r, _) = chart.backend_coord(&(x + p, y0));
                if w + look.ipx(6.0) <= r - l && value_size * 1.24 <= row_h {
                    let dark = matches!(o, Peace::WiderWar | Peace::CeasefireQuiet);
                    let c = if dark { WHITE } else { INK };
                    chart
                        .draw_series(std::iter::once(Text::new(
                            label,
                            (x + p / 2.0, (y0 + y1) / 2.0),
                            text_style(value_size, &c).pos(Pos::new(HPos::Center, VPos::Center)),
                        )))
                        .map_err(err)?;
                }
            }
            x += p;
        }
        let (px, py) = chart.backend_coord(&(0.0, (y0 + y1) / 2.0));
        area.draw(&Text::new(
            names[i].clone(),
            (px - base.0 - 12, py - base.1),
            label_style.clone().pos(Pos::new(HPos::Right, VPos::Center)),
        ))
        .map_err(err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exceedance_is_exact_at_bin_edges() {
        // 10 runs: 6 at zero, 3 at 2, 1 in the bin [64, 66).
        let h: Vec<[f64; 3]> = vec![[2.0, 1.0, 3.0], [0.0, 1.0, 6.0], [64.0, 2.0, 1.0]];
        let pts = exceedance_points(&h, 10);
        assert_eq!(
            pts,
            vec![
                (0.0, 1.0),
                (1.0, 0.4),
                (2.0, 0.4),
                (3.0, 0.1),
                (64.0, 0.1),
                (66.0, 0.0)
            ]
        );
        // Chances of deployed runs; no deployed run, no curve.
        assert_eq!(exceedance_points(&h, 20)[0], (0.0, 0.5));
        assert!(exceedance_points(&[], 0).is_empty());
        assert_eq!(shown_up_to(&pts, 0.5), Some(1.0));
        assert_eq!(shown_up_to(&pts, 0.8), Some(3.0));
        assert_eq!(shown_up_to(&pts, 0.999), Some(66.0));
    }

    #[test]
    fn scenario_colours_are_never_outcome_colours() {
        let far = |a: RGBColor, b: RGBColor| {
            let d = |x: u8, y: u8| (x as f64 - y as f64).powi(2);
            (d(a.0, b.0) + d(a.1, b.1) + d(a.2, b.2)).sqrt()
        };
        for i in 0..10 {
            let c = scenario_colour(i);
            for o in Peace::ALL {
                assert!(
                    far(c, peace_colour(o)) > 40.0,
                    "scenario {i} {c:?} is close to {o:?}"
                );
            }
            for o in Mission::ALL {
                assert!(
                    far(c, mission_colour(o)) > 40.0,
                    "scenario {i} {c:?} is close to {o:?}"
                );
            }
            // Ten distinct scenario colours.
            for k in 0..i {
                assert!(far(c, scenario_colour(k)) > 40.0, "scenarios {k} and {i}");
            }
        }
        // The ladder gets darker rung by rung.
        let light = |c: RGBColor| 0.299 * c.0 as f64 + 0.587 * c.1 as f64 + 0.114 * c.2 as f64;
        assert!(RUNG_COLOURS.windows(2).all(|w| light(w[0]) > light(w[1])));
    }

    /// CIELAB (D65) of an sRGB colour after the colour-vision-deficiency
    /// matrix `m` (Machado et al. 2009, severity 1) in linear RGB.
    fn lab_seen(c: RGBColor, m: &[[f64; 3]; 3]) -> [f64; 3] {
        let lin = |x: u8| {
            let x = x as f64 / 255.0;
            if x <= 0.04045 {
                x / 12.92
            } else {
                ((x + 0.055) / 1.055).powf(2.4)
            }
        };
        let l = [lin(c.0), lin(c.1), lin(c.2)];
        let v: Vec<f64> = m
            .iter()
            .map(|r| (r[0] * l[0] + r[1] * l[1] + r[2] * l[2]).clamp(0.0, 1.0))
            .collect();
        let xyz = [
            (0.4124 * v[0] + 0.3576 * v[1] + 0.1805 * v[2]) / 0.95047,
            0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2],
            (0.0193 * v[0] + 0.1192 * v[1] + 0.9505 * v[2]) / 1.08883,
        ];
        let f = |t: f64| {
            if t > 0.008856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        let (fx, fy, fz) = (f(xyz[0]), f(xyz[1]), f(xyz[2]));
        [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
    }

    #[test]
    fn scenario_colours_stay_apart_under_colour_blindness() {
        let vision: [(&str, [[f64; 3]; 3]); 4] = [
            (
                "normal",
                [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
            ),
            (
                "protanopia",
                [
                    [0.152286, 1.052583, -0.204868],
                    [0.114503, 0.786281, 0.099216],
                    [-0.003882, -0.048116, 1.051998],
                ],
            ),
            (
                "deuteranopia",
                [
                    [0.367322, 0.860646, -0.227968],
                    [0.280085, 0.672501, 0.047413],
                    [-0.011820, 0.042940, 0.968881],
                ],
            ),
            (
                "tritanopia",
                [
                    [1.255528, -0.076749, -0.178779],
                    [-0.078411, 0.930809, 0.147602],
                    [0.004733, 0.691367, 0.303900],
                ],
            ),
        ];
        for (name, m) in &vision {
            for i in 0..10 {
                for k in 0..i {
                    let (a, b) = (lab_seen(SERIES[i], m), lab_seen(SERIES[k], m));
                    let d = ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2))
                        .sqrt();
                    // ΔE*ab 12: plainly different side by side.
                    assert!(d > 12.0, "{name}: scenarios {k} and {i} are {d:.1} apart");
                }
            }
        }
    }

    #[test]
    fn directions() {
        assert_eq!(Better::of("ceasefire_quiet"), Better::Higher);
        assert_eq!(Better::of("ceasefire_at_horizon"), Better::Higher);
        assert_eq!(Better::of("in_place"), Better::Higher);
        assert_eq!(Better::of("wider_war"), Better::Lower);
        assert_eq!(Better::of("war"), Better::Lower);
        assert_eq!(Better::of("withdrawn_no_deaths"), Better::Lower);
        assert_eq!(Better::of("ended_by_collapse"), Better::Lower);
        assert_eq!(Better::of("ceasefire_contested"), Better::Neither);
        assert_eq!(Better::of("never_deployed"), Better::Neither);
        // Every criterion's direction agrees with the charts' where both
        // have one: one home for good news.
        for c in crate::analysis::criterion::Criterion::all() {
            match Better::of(c.name()) {
                Better::Higher => assert!(c.higher_is_better(), "{}", c.name()),
                Better::Lower => assert!(!c.higher_is_better(), "{}", c.name()),
                Better::Neither => {}
            }
        }
    }

    #[test]
    fn labels() {
        assert_eq!(pct_label(0.5), "50%");
        assert_eq!(pct_label(0.012), "1.2%");
        assert_eq!(pct_label(0.0), "0%");
        assert_eq!(pct_label(0.05), "5%");
        assert_eq!(pct_label(0.0001), "0.01%");
        assert_eq!(pct_label(0.025), "2.5%");
        assert_eq!(pct_label(0.005), "0.5%");
        assert_eq!(value_label(0.503), "50.3%");
        assert_eq!(value_label(0.001), "0.10%");
        assert_eq!(figure(84.5), "84.5");
        assert_eq!(figure(2.27), "2.27");
        assert_eq!(figure(11.654), "11.7");
        assert_eq!(figure(20.0), "20");
        assert_eq!(figure(122823.4), "122,823");
        assert_eq!(figure(0.0), "0");
    }
}
