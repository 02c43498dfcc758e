//! Charts, drawn with plotters from [`Summary`] values only. Each chart is
//! one generic drawing function run on two backends: SVG (papers, the HTML
//! report) and PNG (slides). Text uses DejaVu Sans embedded in the binary
//! through ab_glyph, so a PNG renders the same on a machine with no fonts and
//! the binary never links fontconfig. Colours are Okabe–Ito (colour-blind
//! safe). Every chart takes several series, so `compare` reuses them.

use super::raster::Raster;
use super::summary::Summary;
use super::table::num;
use crate::engine::stats::wilson;
use crate::model::Outcome;
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

/// Colours for several scenarios in one chart, in order.
pub const SERIES: [RGBColor; 6] = [BLUE, VERMILLION, GREEN, ORANGE, PURPLE, SKY];

/// One colour per outcome class, the same in every chart.
pub fn outcome_colour(o: Outcome) -> RGBColor {
    match o {
        Outcome::NoDeployment => RGBColor(153, 153, 153),
        Outcome::DeterrenceHeld => GREEN,
        Outcome::ContestedPeace => SKY,
        Outcome::WarContinues => ORANGE,
        Outcome::ForceWithdrawn => PURPLE,
        Outcome::CeasefireCollapse => VERMILLION,
        Outcome::WiderWar => INK,
    }
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
            Kind::Outcomes => "outcome distribution",
            Kind::MissionStates => "state of the mission by month",
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
}

impl<'a> ChartSet<'a> {
    /// The charts of a single run.
    pub fn single(s: &'a Summary) -> Self {
        ChartSet {
            title: s.scenario.name.clone(),
            series: vec![(s.scenario.name.clone(), s)],
            caption: format!(
                "{} runs, seed {}, {}-month horizon · whiskers and bands: 95% Wilson intervals (Monte Carlo noise only) · reassure {}",
                num(s.runs as f64),
                s.seed,
                s.horizon_months,
                s.tool.version
            ),
        }
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
            render_one(
                k.stem(),
                &heading,
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
    let frame = |subtitle: &str| frame(root, &title, subtitle, &set.caption);
    match k {
        Kind::Outcomes => outcomes(frame, set),
        Kind::MissionStates => super::mission_chart::mission_states(frame, set),
        Kind::Casualties => distribution(
            frame,
            set,
            "hostile_deaths",
            "hostile deaths in the force per run (deaths)",
        ),
        Kind::Escalation => escalation(frame, set),
        Kind::Cost => distribution(
            frame,
            set,
            "cost_eur_bn",
            "cost of the mission per run (EUR bn)",
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
    let (width, height) = root.dim_in_pixel();
    root.fill(&WHITE).map_err(err)?;
    // (FontDesc::style keeps the old face; name the style at creation.)
    let ts = (FONT, 30.0, FontStyle::Bold).into_font().color(&INK);
    let t = fit(root, title, &ts, width - 80);
    root.draw(&Text::new(t, (40, 16), ts)).map_err(err)?;
    let ss = text_style(18.0, &INK);
    let subs: Vec<String> = subtitle
        .iter()
        .flat_map(|p| wrap(root, p, &ss, width - 80, lines))
        .collect();
    for (i, sub) in subs.iter().enumerate() {
        root.draw(&Text::new(
            sub.clone(),
            (40, 56 + 24 * i as i32),
            ss.clone(),
        ))
        .map_err(err)?;
    }
    let cs = text_style(caption_size, &GREY);
    let caps = wrap(root, caption, &cs, width - 80, lines);
    let step = (caption_size * 1.25).round() as i32;
    let last = height as i32 - 36;
    for (i, c) in caps.iter().enumerate() {
        let y = last - step * (caps.len() - 1 - i) as i32;
        root.draw(&Text::new(c.clone(), (40, y), cs.clone()))
            .map_err(err)?;
    }
    let extra = |n: usize, step: i32| step * n.saturating_sub(1) as i32;
    Ok(root.margin(
        92 + extra(subs.len(), 24),
        56 + extra(caps.len(), step),
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
/// items would run past the area's right edge.
pub(crate) fn legend_rows<DB: DrawingBackend>(
    area: &Area<DB>,
    items: &[(String, RGBColor)],
    size: f64,
) -> R<Area<DB>> {
    let style = text_style(size, &INK);
    let right = area.dim_in_pixel().0 as i32;
    let (mut x, mut y) = (8, 0);
    for (label, colour) in items {
        let label = fit(area, label, &style, 420);
        let w = area
            .estimate_text_size(&label, &style)
            .map_or(100, |(w, _)| w as i32);
        if x > 8 && x + 24 + w > right {
            (x, y) = (8, y + 30);
        }
        area.draw(&Rectangle::new(
            [(x, y + 6), (x + 18, y + 22)],
            colour.filled(),
        ))
        .map_err(err)?;
        area.draw(&Text::new(
            label,
            (x + 24, y + 14),
            style.clone().pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(err)?;
        x += 24 + w + 28;
    }
    Ok(area.margin(y + 30, 0, 0, 0))
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

/// With several series, a legend row of their labels in the series
/// colours, and the area below it; with one, the area unchanged.
fn series_legend<DB: DrawingBackend>(
    area: &Area<DB>,
    labels: impl Iterator<Item = String>,
) -> R<Area<DB>> {
    let items: Vec<(String, RGBColor)> = labels
        .enumerate()
        .map(|(j, l)| (l, SERIES[j % SERIES.len()]))
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
    m.axis_desc_style(text_style(19.0, &INK))
        .label_style(text_style(17.0, &INK))
        .bold_line_style(GRID)
        .light_line_style(WHITE)
        .axis_style(GREY)
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
    let nc = b.categories.len();
    let ns = b.values.len().max(1);
    let all = b.values.iter().flatten();
    let hi = all.clone().map(|v| v[2].max(v[0])).fold(0.0f64, f64::max);
    let lo = all.map(|v| v[1].min(v[0])).fold(0.0f64, f64::min);
    // Room on the right (and left, when signed) for the value labels.
    let pad = (hi - lo).max(0.01) * 0.16;
    let x_max = if b.signed {
        hi + pad
    } else {
        (hi + pad).min(1.0).max(hi * 1.02)
    };
    let x_min = if b.signed { lo - pad } else { 0.0 };
    let label_style = text_style(19.0, &INK);
    let label_w = label_width(area, &b.categories, &label_style);
    let area = &series_legend(area, b.series.iter().cloned())?;
    let mut chart = ChartBuilder::on(area)
        .margin_top(8)
        .x_label_area_size(64)
        .y_label_area_size(label_w)
        .build_cartesian_2d(x_min..x_max, 0f64..nc as f64)
        .map_err(err)?;
    let signed = b.signed;
    house_style(&mut chart.configure_mesh())
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(10)
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
    let value_style = text_style(16.0, &INK).pos(Pos::new(HPos::Left, VPos::Center));
    let neg_style = text_style(16.0, &INK).pos(Pos::new(HPos::Right, VPos::Center));
    for (j, vals) in b.values.iter().enumerate() {
        let colour_of = |k: usize| match (&b.category_colours, ns) {
            (Some(c), 1) => c[k],
            _ => SERIES[j % SERIES.len()],
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
            let gap = (x_max - x_min) * 0.008;
            let (x, style) = if v[0] < 0.0 {
                (v[1].min(v[0]) - gap, neg_style.clone())
            } else {
                (v[2].max(v[0]) + gap, value_style.clone())
            };
            chart
                .draw_series(std::iter::once(Text::new(text, (x, yc), style)))
                .map_err(err)?;
        }
    }
    // Category labels, right-aligned against the axis.
    let base = area.get_base_pixel();
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

fn outcomes<DB: DrawingBackend>(frame: impl Fn(&str) -> R<Area<DB>>, set: &ChartSet) -> R<()> {
    let area = &frame(&match set.series.as_slice() {
        [(_, s)] => format!(
            "Share of all {} runs, by the class each run ended in; \u{2026} rows split ceasefire collapse by how it happened",
            num(s.runs as f64)
        ),
        _ => "Share of each scenario's runs, by the class each run ended in; \u{2026} rows split ceasefire collapse".to_string(),
    })?;
    // `ceasefire_collapse` is followed by its three routes, as parts of it
    // (summaries written before the routes existed have none).
    let with_routes = set
        .series
        .iter()
        .all(|(_, s)| !s.collapse_routes.is_empty());
    let values = set
        .series
        .iter()
        .map(|(_, s)| {
            let mut v: Vec<[f64; 3]> = Vec::new();
            for (name, o) in &s.outcomes {
                v.push([o.probability, o.ci95[0], o.ci95[1]]);
                if with_routes && name == "ceasefire_collapse" {
                    v.extend(
                        s.collapse_routes
                            .values()
                            .map(|r| [r.probability, r.ci95[0], r.ci95[1]]),
                    );
                }
            }
            v
        })
        .collect();
    let mut categories = Vec::new();
    let mut colours = Vec::new();
    for o in Outcome::ALL {
        categories.push(o.name().replace('_', " "));
        colours.push(outcome_colour(o));
        if with_routes && o == Outcome::CeasefireCollapse {
            for r in crate::model::Route::ALL {
                categories.push(format!("… {}", r.name().replace('_', " ")));
                colours.push(tint(outcome_colour(o), 0.45));
            }
        }
    }
    category_bars(
        area,
        &Bars {
            categories,
            values,
            series: set.series.iter().map(|(l, _)| l.clone()).collect(),
            category_colours: Some(colours),
            x_desc: "probability (share of all runs)",
            signed: false,
        },
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
    let area = &frame(&format!(
        "Highest rung of the ladder each run reached, among {}",
        deployed_phrase(set)
    ))?;
    if set.series.iter().all(|(_, s)| deployed(s) == 0) {
        return empty(
            area,
            "No run deployed a force: there is no escalation to show.",
        );
    }
    let values = set
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
    let ladder = [GREEN, SKY, ORANGE, VERMILLION, INK].to_vec();
    category_bars(
        area,
        &Bars {
            categories: RUNGS.iter().map(|s| s.to_string()).collect(),
            values,
            series: set.series.iter().map(|(l, _)| l.clone()).collect(),
            category_colours: Some(ladder),
            x_desc: "share of the runs that deployed a force",
            signed: false,
        },
    )
}

// ---------------------------------------------------------------- distributions

/// Display bins for a stored histogram: a power-of-two width, in stored
/// units, no narrower than the widest stored bin, so every stored bin falls
/// inside exactly one display bin (no splitting, no invented shape).
struct Rebinned {
    start: u64,
    width: u64,
    /// Per series, the count in each display bin.
    counts: Vec<Vec<u64>>,
    /// Per series, the runs beyond the shown range, and the largest value
    /// there (stored units).
    beyond: Vec<u64>,
    beyond_max: u64,
}

/// Share of each series' runs the shown range must hold on a linear axis;
/// the far tail beyond it is reported in words instead of stretching the
/// axis. (A log axis shows the whole tail.)
const SHOWN: f64 = 0.999;

fn rebin(hists: &[&[[f64; 3]]], scale: f64, max_bins: u64, shown: f64) -> Option<Rebinned> {
    let stored = |v: f64| (v * scale).round() as u64;
    let bins: Vec<Vec<(u64, u64, u64)>> = hists
        .iter()
        .map(|h| {
            h.iter()
                .map(|b| (stored(b[0]), stored(b[1]).max(1), b[2] as u64))
                .collect()
        })
        .collect();
    // The cut: the largest over series of the bin where SHOWN is reached.
    let cut = bins
        .iter()
        .filter_map(|h| {
            let n: u64 = h.iter().map(|b| b.2).sum();
            let mut acc = 0;
            h.iter().find_map(|b| {
                acc += b.2;
                (acc as f64 >= shown * n as f64).then_some(b.0 + b.1 - 1)
            })
        })
        .max()?;
    let beyond: Vec<u64> = bins
        .iter()
        .map(|h| h.iter().filter(|b| b.0 > cut).map(|b| b.2).sum())
        .collect();
    let beyond_max = bins
        .iter()
        .flatten()
        .filter(|b| b.0 > cut)
        .map(|b| b.0 + b.1 - 1)
        .max()
        .unwrap_or(0);
    let bins: Vec<Vec<(u64, u64, u64)>> = bins
        .into_iter()
        .map(|h| h.into_iter().filter(|b| b.0 <= cut).collect())
        .collect();
    let all = bins.iter().flatten();
    let vmin = all.clone().map(|b| b.0).min()?;
    let vmax = all.clone().map(|b| b.0 + b.1 - 1).max()?;
    let widest = all.map(|b| b.1).max()?;
    let mut width = 1u64;
    let start = loop {
        let start = vmin / width * width;
        if width >= widest && (vmax - start) / width < max_bins {
            break start;
        }
        width *= 2;
    };
    let nb = ((vmax - start) / width + 1) as usize;
    let counts = bins
        .iter()
        .map(|h| {
            let mut c = vec![0u64; nb];
            for &(lo, _, k) in h {
                c[((lo - start) / width) as usize] += k;
            }
            c
        })
        .collect();
    Some(Rebinned {
        start,
        width,
        counts,
        beyond,
        beyond_max,
    })
}

fn distribution<DB: DrawingBackend>(
    frame: impl Fn(&str) -> R<Area<DB>>,
    set: &ChartSet,
    metric: &str,
    x_desc: &str,
) -> R<()> {
    let scale = crate::engine::METRICS
        .iter()
        .find(|m| m.name == metric)
        .map_or(1.0, |m| m.scale);
    let hists: Vec<&[[f64; 3]]> = set
        .series
        .iter()
        .map(|(_, s)| s.histograms[metric].as_slice())
        .collect();
    // Log counts only where the tail needs them: when one stored bin
    // (typically zero deaths) holds most of a scenario's runs.
    let log = set.series.iter().zip(&hists).any(|((_, s), h)| {
        let top = h.iter().map(|b| b[2]).fold(0.0f64, f64::max);
        top > 0.5 * deployed(s) as f64 && h.len() > 1
    });
    let Some(rb) = rebin(&hists, scale, 48, if log { 1.0 } else { SHOWN }) else {
        return empty(
            &frame("")?,
            "No run deployed a force: there is nothing to show.",
        );
    };
    let w = rb.width as f64 / scale;
    // Bins of single integers are centred on their value.
    let half = if rb.width == 1 && scale == 1.0 {
        0.5
    } else {
        0.0
    };
    let x0 = rb.start as f64 / scale - half;
    let x1 = x0 + w * rb.counts[0].len() as f64;
    let tail: u64 = rb.beyond.iter().sum();
    let mut subtitle = format!("Among {}", deployed_phrase(set));
    if tail > 0 {
        let n: u64 = set.series.iter().map(|(_, s)| deployed(s)).sum();
        subtitle.push_str(&format!(
            "; not shown: {} of them above {}, up to {}",
            value_label(tail as f64 / n.max(1) as f64),
            num(x1),
            num(rb.beyond_max as f64 / scale)
        ));
    }
    let area = &frame(&subtitle)?;
    let area = &series_legend(
        area,
        set.series.iter().map(|(l, s)| {
            let m = &s.metrics[metric];
            format!("{l} (median {}, p90 {})", num(m.p50), num(m.p90))
        }),
    )?;
    // Shares of each series' deployed runs, so scenarios of different size compare.
    let shares: Vec<Vec<f64>> = rb
        .counts
        .iter()
        .zip(&set.series)
        .map(|(c, (_, s))| {
            let n = deployed(s).max(1) as f64;
            c.iter().map(|&k| k as f64 / n).collect()
        })
        .collect();
    let nonzero = shares.iter().flatten().copied().filter(|v| *v > 0.0);
    let top = nonzero.clone().fold(0.0f64, f64::max);
    let smallest = nonzero.fold(1.0f64, f64::min);
    let floor = if log { smallest / 2.0 } else { 0.0 };
    let ceil = if log { top * 3.0 } else { top * 1.15 };
    let y_desc = if log {
        "share of deployed runs (log scale)"
    } else {
        "share of deployed runs"
    };
    let plot = DistPlot {
        set,
        metric,
        x_desc,
        y_desc,
        shares: &shares,
        x0,
        x1,
        w,
        floor,
        ceil,
    };
    if log {
        let mut chart = distribution_builder(area)
            .build_cartesian_2d(x0..x1, (floor..ceil).log_scale())
            .map_err(err)?;
        draw_distribution(&mut chart, area, &plot)
    } else {
        let mut chart = distribution_builder(area)
            .build_cartesian_2d(x0..x1, floor..ceil)
            .map_err(err)?;
        draw_distribution(&mut chart, area, &plot)
    }
}

/// What [`draw_distribution`] draws, in display units.
struct DistPlot<'a> {
    set: &'a ChartSet<'a>,
    metric: &'a str,
    x_desc: &'a str,
    y_desc: &'a str,
    /// Per series, the share of its deployed runs in each display bin.
    shares: &'a [Vec<f64>],
    x0: f64,
    x1: f64,
    w: f64,
    floor: f64,
    ceil: f64,
}

/// The bars (one series) or step outlines (several), and for one series
/// its median and 90th percentile; on a linear or a log y axis.
fn draw_distribution<'a, DB: DrawingBackend + 'a, Y>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<plotters::coord::types::RangedCoordf64, Y>>,
    area: &Area<DB>,
    d: &DistPlot,
) -> R<()>
where
    Y: Ranged<ValueType = f64> + plotters::coord::ranged1d::ValueFormatter<f64>,
{
    house_style(&mut chart.configure_mesh())
        .x_desc(d.x_desc)
        .y_desc(d.y_desc)
        .y_label_formatter(&|v| pct_label(*v))
        .x_label_formatter(&|v| num(*v))
        .draw()
        .map_err(err)?;
    let multi = d.set.series.len() > 1;
    for (j, ((_, s), sh)) in d.set.series.iter().zip(d.shares).enumerate() {
        if deployed(s) == 0 {
            continue;
        }
        let (colour, fill) = if multi {
            let c = SERIES[j % SERIES.len()];
            (c, c.mix(0.25))
        } else {
            (BLUE, BLUE.mix(0.85))
        };
        let rects = sh
            .iter()
            .enumerate()
            .filter(|(_, v)| **v > 0.0)
            .map(|(i, v)| {
                let a = d.x0 + d.w * i as f64;
                let mut r = Rectangle::new([(a, d.floor), (a + d.w, *v)], fill.filled());
                r.set_margin(0, 0, 1, 1);
                r
            });
        chart.draw_series(rects).map_err(err)?;
        if multi {
            // A step outline keeps overlapping scenarios readable; their
            // quantiles are in the legend.
            let mut steps = vec![(d.x0, d.floor)];
            for (i, v) in sh.iter().enumerate() {
                let y = v.max(d.floor);
                steps.push((d.x0 + d.w * i as f64, y));
                steps.push((d.x0 + d.w * (i + 1) as f64, y));
            }
            steps.push((d.x1, d.floor));
            chart
                .draw_series(std::iter::once(PathElement::new(
                    steps,
                    colour.stroke_width(3),
                )))
                .map_err(err)?;
            continue;
        }
        let m = &s.metrics[d.metric];
        for (row, (q, name, c)) in [
            (m.p50, "median", INK),
            (m.p90, "90th percentile", VERMILLION),
        ]
        .into_iter()
        .enumerate()
        {
            let x = q.clamp(d.x0, d.x1);
            chart
                .draw_series(std::iter::once(DashedPathElement::new(
                    vec![(x, d.floor), (x, d.ceil)],
                    10,
                    6,
                    c.stroke_width(2),
                )))
                .map_err(err)?;
            let (px, py) = chart.backend_coord(&(x, d.ceil));
            let base = area.get_base_pixel();
            area.draw(&Text::new(
                format!("{name} {}", num(q)),
                (px - base.0 + 6, py - base.1 + 6 + 22 * row as i32),
                text_style(16.0, &c).pos(Pos::new(HPos::Left, VPos::Top)),
            ))
            .map_err(err)?;
        }
    }
    Ok(())
}

fn distribution_builder<'a, 'b, DB: DrawingBackend>(
    area: &'a Area<DB>,
) -> ChartBuilder<'a, 'b, DB> {
    let mut b = ChartBuilder::on(area);
    b.margin_top(8)
        .margin_right(24)
        .x_label_area_size(64)
        .y_label_area_size(110);
    b
}

// ---------------------------------------------------------------- overview

/// The batch overview: one stacked bar per scenario, its runs split into
/// the seven outcome classes (the index table gives the intervals).
pub fn render_overview(
    summaries: &[&Summary],
    caption: &str,
    png: bool,
) -> Result<Rendered, ChartError> {
    let title = "Scenario library: outcome profiles";
    render_one(
        "overview",
        "outcome profiles",
        png,
        |a: &Area<SVGBackend>| overview(a, title, caption, summaries),
        |a: &Area<Raster>| overview(a, title, caption, summaries),
    )
}

fn overview<DB: DrawingBackend>(
    root: &Area<DB>,
    title: &str,
    caption: &str,
    summaries: &[&Summary],
) -> R<()> {
    let area = frame(
        root,
        title,
        "Share of each scenario's runs ending in each class; the intervals are in index.html",
        caption,
    )?;
    let n = summaries.len();
    let label_style = text_style(17.0, &INK);
    let names: Vec<String> = summaries
        .iter()
        .map(|s| fit(&area, &s.scenario.name, &label_style, 300))
        .collect();
    let label_w = label_width(&area, &names, &label_style);
    let (plot, legend_area) = area.split_vertically(area.dim_in_pixel().1 - 56);
    let mut chart = ChartBuilder::on(&plot)
        .margin_top(4)
        .margin_right(16)
        .x_label_area_size(44)
        .y_label_area_size(label_w)
        .build_cartesian_2d(0f64..1.0, 0f64..n.max(1) as f64)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(11)
        .x_label_formatter(&|v| pct_label(*v))
        .label_style(text_style(16.0, &INK))
        .bold_line_style(GRID)
        .light_line_style(WHITE)
        .axis_style(GREY)
        .draw()
        .map_err(err)?;
    let base = plot.get_base_pixel();
    for (i, s) in summaries.iter().enumerate() {
        let y0 = (n - 1 - i) as f64 + 0.15;
        let y1 = y0 + 0.7;
        let mut x = 0.0;
        for o in Outcome::ALL {
            let p = s.outcomes[o.name()].probability;
            if p > 0.0 {
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x, y0), (x + p, y1)],
                        outcome_colour(o).filled(),
                    )))
                    .map_err(err)?;
                if p >= 0.07 {
                    let dark = matches!(
                        o,
                        Outcome::WiderWar | Outcome::CeasefireCollapse | Outcome::DeterrenceHeld
                    );
                    let c = if dark { WHITE } else { INK };
                    chart
                        .draw_series(std::iter::once(Text::new(
                            value_label(p),
                            (x + p / 2.0, (y0 + y1) / 2.0),
                            text_style(15.0, &c).pos(Pos::new(HPos::Center, VPos::Center)),
                        )))
                        .map_err(err)?;
                }
            }
            x += p;
        }
        let (px, py) = chart.backend_coord(&(0.0, (y0 + y1) / 2.0));
        plot.draw(&Text::new(
            names[i].clone(),
            (px - base.0 - 12, py - base.1),
            label_style.clone().pos(Pos::new(HPos::Right, VPos::Center)),
        ))
        .map_err(err)?;
    }
    // The legend: one swatch per class, in the brief's order, in one row.
    let mut x = 8;
    for o in Outcome::ALL {
        legend_area
            .draw(&Rectangle::new(
                [(x, 18), (x + 18, 34)],
                outcome_colour(o).filled(),
            ))
            .map_err(err)?;
        let name = o.name().replace('_', " ");
        let w = legend_area
            .estimate_text_size(&name, &text_style(16.0, &INK))
            .map_or(100, |(w, _)| w as i32);
        legend_area
            .draw(&Text::new(
                name,
                (x + 24, 26),
                text_style(16.0, &INK).pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(err)?;
        x += 24 + w + 20;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rebinning_keeps_every_count_and_nests_stored_bins() {
        // Stored bins: exact below 64, then width 2 from 64 (cost-like scale 1).
        let h: Vec<[f64; 3]> = vec![
            [3.0, 1.0, 5.0],
            [40.0, 1.0, 2.0],
            [64.0, 2.0, 7.0],
            [130.0, 4.0, 1.0],
        ];
        let rb = rebin(&[&h], 1.0, 48, 1.0).unwrap();
        assert!(rb.width.is_power_of_two() && rb.width >= 4);
        assert_eq!(rb.counts[0].iter().sum::<u64>(), 15);
        assert_eq!(rb.start % rb.width, 0);
        assert!(rb.counts[0].len() <= 48);
        assert_eq!(rebin(&[&[]], 1.0, 48, 1.0).map(|r| r.width), None);
        // The cut keeps 99.9% of the runs and counts the rest as beyond.
        let mut long = vec![[0.0, 1.0, 9990.0]];
        long.push([5000.0, 128.0, 10.0]);
        let rb = rebin(&[&long], 1.0, 48, SHOWN).unwrap();
        assert_eq!((rb.beyond[0], rb.beyond_max), (10, 5127));
        assert_eq!(rb.counts[0], vec![9990]);
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
    }
}
