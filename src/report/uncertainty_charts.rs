//! Charts of the uncertainty analyses: a one-at-a-time sensitivity tornado,
//! PRIM's peeling trajectory, Sobol indices, and the probability of each
//! rank of each option across assumption draws. They take plain numbers
//! (no dependency on the analyses that produce them) and are drawn with the
//! house style of [`super::charts`]: same fonts, colours, frame and helpers,
//! 1200 px wide, growing in height when there are many rows. No text is
//! smaller than 18 (14.5 px in the SVG); long labels are shortened, legends
//! wrap, and values that are not finite are left out and said so.

use super::charts::{
    Area, BLUE, ChartError, GREY, HEIGHT, INK, ORANGE, R, Rendered, VERMILLION, WIDTH, empty, err,
    fit, frame_lines, house_style, label_width, legend_rows, pct_label, render_sized, text_style,
    value_label,
};
use super::raster::Raster;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// What the values of a chart are: probabilities (shown as percentages,
/// their differences in percentage points) or plain numbers in a unit
/// ("deaths", "EUR bn").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit<'a> {
    Probability,
    Number(&'a str),
}

/// The words around a chart: a title, a subtitle under it (notes about
/// what was left out are added on a line of their own) and a caption at
/// the foot. Both subtitle and caption wrap onto two lines.
#[derive(Clone, Copy, Debug)]
pub struct Frame<'a> {
    pub title: &'a str,
    pub subtitle: &'a str,
    pub caption: &'a str,
}

/// One input of a one-at-a-time sensitivity analysis: the result with the
/// input at its low and at its high setting, the others at the baseline.
#[derive(Clone, Debug)]
pub struct TornadoBar {
    pub label: String,
    pub low_setting: String,
    pub high_setting: String,
    pub at_low: f64,
    pub at_high: f64,
    /// Paired 95% interval of `at_high − at_low`.
    pub swing_ci95: [f64; 2],
}

/// The most bars a tornado draws; the rest are counted in the subtitle.
pub const TORNADO_MAX_BARS: usize = 20;

/// Text sizes (plotters sizes; the SVG's font-size is size / 1.24).
const LABEL: f64 = 20.0;
/// The smallest text of these charts: 14.5 px.
const SMALL: f64 = 18.0;
/// Secondary text: settings at a bar's ends.
const MUTED: RGBColor = RGBColor(80, 80, 80);
/// Room for everything but the rows (frame with notes, legend, headers,
/// axis), so rows keep their minimum height on a taller canvas.
const OVERHEAD: u32 = 400;
/// Widest row label, in pixels.
const MAX_LABEL: u32 = 300;

/// The low-setting and high-setting parts of a tornado bar.
const LOW: RGBColor = BLUE;
const HIGH: RGBColor = ORANGE;
/// First-order and total Sobol indices.
const FIRST: RGBColor = BLUE;
const TOTAL: RGBColor = VERMILLION;

/// Viridis (van der Walt & Smith) from light to dark: its lightness rises
/// steadily, so the order reads in grey and to colour-blind eyes, and its
/// hue turns, so a dozen steps stay apart.
const VIRIDIS: [RGBColor; 10] = [
    RGBColor(253, 231, 37),
    RGBColor(180, 222, 44),
    RGBColor(109, 205, 89),
    RGBColor(53, 183, 121),
    RGBColor(31, 158, 137),
    RGBColor(38, 130, 142),
    RGBColor(49, 104, 142),
    RGBColor(62, 74, 137),
    RGBColor(72, 40, 120),
    RGBColor(68, 1, 84),
];

/// The ordered palette at `t` (0: lightest, 1: darkest).
fn ramp(t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let x = t * (VIRIDIS.len() - 1) as f64;
    let i = (x.floor() as usize).min(VIRIDIS.len() - 2);
    let f = x - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let mix = |p: u8, q: u8| (p as f64 + (q as f64 - p as f64) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// White text on dark fills, ink on light ones.
fn text_on(c: RGBColor) -> RGBColor {
    let l = 0.2126 * c.0 as f64 + 0.7152 * c.1 as f64 + 0.0722 * c.2 as f64;
    if l < 128.0 { WHITE } else { INK }
}

/// A number this module draws: finite and not absurdly large (a range
/// spanning ±1e308 would overflow).
fn usable(v: f64) -> bool {
    v.is_finite() && v.abs() < 1e100
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Decimals for a number of this size: none from 100, then 1 and 2, and
/// two significant digits below 1.
fn decimals(x: f64) -> usize {
    let a = x.abs();
    if a >= 100.0 || a == 0.0 || !a.is_finite() {
        0
    } else if a >= 10.0 {
        1
    } else if a >= 1.0 {
        2
    } else {
        ((-a.log10()).ceil() as usize + 1).min(12)
    }
}

/// `x` with `d` decimals and thousands separators ("-1,234.5");
/// scientific notation when huge, "n/a" when not finite.
fn grouped(x: f64, d: usize) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    if x.abs() >= 1e15 {
        return format!("{x:.2e}");
    }
    let s = format!("{:.d$}", x.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out = format!("{out}.{frac}");
    }
    // No "-0.0": the sign only when the shown value is not zero.
    if x < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("-{out}")
    } else {
        out
    }
}

/// A plain number for a label or a tick: [`grouped`] at [`decimals`],
/// without trailing zeros.
fn number(x: f64) -> String {
    let s = grouped(x, decimals(x));
    if s.contains('.') && !s.contains('e') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

impl Unit<'_> {
    /// A value: "12.3%" or "1,234".
    fn value(self, v: f64) -> String {
        match self {
            Unit::Probability if (v * 100.0).abs() >= 1e6 => format!("{:.2e}%", v * 100.0),
            Unit::Probability => value_label(v),
            Unit::Number(_) => number(v),
        }
    }

    /// An axis tick; blank outside 0–100% for probabilities (the axis may
    /// extend past them to make room for labels).
    fn tick(self, v: f64) -> String {
        match self {
            Unit::Probability if !(-1e-9..=1.0 + 1e-9).contains(&v) => String::new(),
            Unit::Probability => pct_label(v),
            Unit::Number(_) => number(v),
        }
    }

    /// Decimals for differences around `d`: percentage points with one
    /// decimal (two below 1 pp), numbers by their size.
    fn diff_decimals(self, d: f64) -> usize {
        match self {
            Unit::Probability if (d * 100.0).abs() >= 1.0 || d == 0.0 => 1,
            Unit::Probability => 2,
            Unit::Number(_) => decimals(d),
        }
    }

    /// A difference without its unit, with `dec` decimals: "8.1"
    /// percentage points, or "1,234".
    fn diff(self, d: f64, dec: usize) -> String {
        match self {
            Unit::Probability => grouped(d * 100.0, dec),
            Unit::Number(_) => grouped(d, dec),
        }
    }

    /// A signed difference: "+8.1".
    fn signed(self, d: f64, dec: usize) -> String {
        let s = self.diff(d, dec);
        if s.starts_with('-') || s.chars().all(|c| !c.is_ascii_digit() || c == '0') {
            s
        } else {
            format!("+{s}")
        }
    }

    fn name(self) -> &'static str {
        match self {
            Unit::Probability => "probability",
            Unit::Number(_) => "",
        }
    }
}

/// The frame of these charts: the caller's subtitle, then the notes on
/// what was left out on a line of their own; caption and subtitle wrapped.
fn head<DB: DrawingBackend>(root: &Area<DB>, f: &Frame, notes: &[String]) -> R<Area<DB>> {
    let notes = if notes.is_empty() {
        String::new()
    } else {
        format!("Note: {}.", notes.join("; "))
    };
    frame_lines(root, f.title, &[f.subtitle, &notes], f.caption, 2, SMALL)
}

/// Canvas height for `rows` rows of at least `min_row` pixels.
fn canvas_height(rows: usize, min_row: u32) -> u32 {
    (OVERHEAD + rows as u32 * min_row).max(HEIGHT)
}

fn text_w<DB: DrawingBackend>(area: &Area<DB>, text: &str, style: &TextStyle) -> i32 {
    area.estimate_text_size(text, style)
        .map_or(0, |(w, _)| w as i32)
}

/// Text at an absolute pixel position, centred vertically.
fn put<DB: DrawingBackend>(
    root: &Area<DB>,
    text: &str,
    (x, y): (i32, i32),
    size: f64,
    colour: &RGBColor,
    h: HPos,
) -> R<()> {
    if text.is_empty() {
        return Ok(());
    }
    root.draw(&Text::new(
        text.to_string(),
        (x, y),
        text_style(size, colour).pos(Pos::new(h, VPos::Center)),
    ))
    .map_err(err)
}

/// Row labels shortened to fit, and the label area they need.
fn row_labels<DB: DrawingBackend>(area: &Area<DB>, labels: &[String]) -> (Vec<String>, u32) {
    let style = text_style(LABEL, &INK);
    let fitted: Vec<String> = labels
        .iter()
        .map(|l| fit(area, l, &style, MAX_LABEL))
        .collect();
    let w = label_width(area, &fitted, &style);
    (fitted, w)
}

/// How many ticks fit along `plot_w` pixels for labels like `samples`.
fn tick_count<DB: DrawingBackend>(area: &Area<DB>, plot_w: i32, samples: &[String]) -> usize {
    let style = text_style(SMALL, &INK);
    let w = samples
        .iter()
        .map(|s| text_w(area, s, &style))
        .max()
        .unwrap_or(40);
    (plot_w / (w + 40)).clamp(2, 11) as usize
}

/// Draw `$draw(root, args…)` on both backends on a canvas `height` high.
macro_rules! render {
    ($stem:expr, $f:expr, $height:expr, $png:expr, $draw:ident($($arg:expr),*)) => {
        render_sized(
            $stem,
            $f.title,
            (WIDTH, $height),
            $png,
            |a: &Area<SVGBackend>| $draw(a, $($arg),*),
            |a: &Area<Raster>| $draw(a, $($arg),*),
        )
    };
}

// ---------------------------------------------------------------- tornado

/// One-at-a-time sensitivity: each bar spans the result with the input at
/// its low and at its high setting, around the baseline (a vertical line);
/// the part toward the low-setting result in one colour, toward the
/// high-setting result in another. Bars come sorted by the caller (largest
/// swing first); at most [`TORNADO_MAX_BARS`] are drawn and the subtitle
/// says how many more were left out. Each row shows the input (left), the
/// settings at the bar's ends, and the swing `at_high − at_low` with its
/// paired 95% interval in a column on the right.
pub fn tornado(
    stem: &str,
    f: &Frame,
    unit: Unit,
    baseline: f64,
    bars: &[TornadoBar],
    png: bool,
) -> Result<Rendered, ChartError> {
    let finite: Vec<&TornadoBar> = bars
        .iter()
        .filter(|b| usable(b.at_low) && usable(b.at_high))
        .collect();
    let shown = &finite[..finite.len().min(TORNADO_MAX_BARS)];
    let mut notes = Vec::new();
    let more = finite.len() - shown.len();
    if more > 0 {
        notes.push(format!(
            "{} with smaller swings not shown",
            plural(more, "more input", "more inputs")
        ));
    }
    let skipped = bars.len() - finite.len();
    if skipped > 0 {
        notes.push(format!(
            "{} left out: result not a finite number",
            plural(skipped, "input", "inputs")
        ));
    }
    if !usable(baseline) && !shown.is_empty() {
        notes.push("the baseline is not a finite number: bars are split at their midpoints".into());
    }
    let bad_ci = shown
        .iter()
        .filter(|b| !b.swing_ci95.iter().all(|v| usable(*v)))
        .count();
    if bad_ci > 0 {
        notes.push(format!(
            "{} without a finite interval",
            plural(bad_ci, "swing", "swings")
        ));
    }
    let height = canvas_height(shown.len(), 34);
    render!(
        stem,
        f,
        height,
        png,
        draw_tornado(f, unit, baseline, shown, &notes)
    )
}

/// "+8.1 pp (7.6 to 8.6)" or "+1,600 (1,540 to 1,660)" (the column's
/// header names a plain number's unit); the interval with the swing's
/// decimals.
fn swing_note(unit: Unit, b: &TornadoBar) -> String {
    let d = b.at_high - b.at_low;
    let [lo, hi] = b.swing_ci95;
    // Decimals for the larger of the swing and the interval's half-width,
    // so a zero swing with a narrow interval still shows the interval.
    let half = if usable(lo) && usable(hi) {
        (hi - lo).abs() / 2.0
    } else {
        0.0
    };
    let dec = unit.diff_decimals(d.abs().max(half));
    let mut s = unit.signed(d, dec);
    if unit == Unit::Probability {
        s.push_str(" pp");
    }
    if usable(lo) && usable(hi) {
        s = format!("{s} ({} to {})", unit.diff(lo, dec), unit.diff(hi, dec));
    }
    s
}

/// A tornado row's extent and the texts at its ends.
struct Ends {
    lo: f64,
    hi: f64,
    left: String,
    right: String,
}

/// An x range holding every span `(lo, hi)` with `left` pixels free before
/// it and `right` pixels after it, on a plot `plot_w` pixels wide.
fn fit_range(plot_w: f64, spans: &[(f64, f64, f64, f64)], min_pad: f64) -> (f64, f64) {
    let lo = spans.iter().map(|s| s.0).fold(f64::INFINITY, f64::min);
    let hi = spans.iter().map(|s| s.1).fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = if hi - lo <= 1e-12 * hi.abs().max(lo.abs()).max(1.0) {
        let pad = (hi.abs() * 0.05).max(min_pad);
        (lo - pad, hi + pad)
    } else {
        (lo, hi)
    };
    let (mut a, mut b) = (lo - (hi - lo) * 0.02, hi + (hi - lo) * 0.02);
    for _ in 0..100 {
        let s = plot_w / (b - a);
        let need_l = spans
            .iter()
            .map(|sp| sp.2 - (sp.0 - a) * s)
            .fold(0.0f64, f64::max);
        let need_r = spans
            .iter()
            .map(|sp| sp.3 - (b - sp.1) * s)
            .fold(0.0f64, f64::max);
        if need_l <= 0.5 && need_r <= 0.5 {
            break;
        }
        a -= need_l / s;
        b += need_r / s;
    }
    (a, b)
}

fn draw_tornado<DB: DrawingBackend>(
    root: &Area<DB>,
    f: &Frame,
    unit: Unit,
    baseline: f64,
    bars: &[&TornadoBar],
    notes: &[String],
) -> R<()> {
    let area = head(root, f, notes)?;
    if bars.is_empty() {
        return empty(&area, "No inputs to show.");
    }
    let area = legend_rows(
        &area,
        &[
            ("input at its low setting".to_string(), LOW),
            ("input at its high setting".to_string(), HIGH),
        ],
        SMALL,
    )?;
    let n = bars.len();
    let labels: Vec<String> = bars.iter().map(|b| b.label.clone()).collect();
    let (labels, label_w) = row_labels(&area, &labels);
    let small = text_style(SMALL, &INK);
    let header = match unit {
        Unit::Number(u) if !u.is_empty() => format!("swing, {u} (95% interval)"),
        _ => "swing (95% interval)".to_string(),
    };
    let swings: Vec<String> = bars.iter().map(|b| swing_note(unit, b)).collect();
    let col = swings
        .iter()
        .chain([&header])
        .map(|t| text_w(&area, t, &small))
        .max()
        .unwrap_or(0)
        .min(300) as u32;
    let header = fit(&area, &header, &small, col);
    let swings: Vec<String> = swings.iter().map(|s| fit(&area, s, &small, col)).collect();
    let col_w = col + 32;
    // Bars run from the baseline (or, without one, their midpoint) to each
    // setting's result; the texts sit beyond the bar's ends.
    let mid = |b: &TornadoBar| {
        if usable(baseline) {
            baseline
        } else {
            (b.at_low + b.at_high) / 2.0
        }
    };
    let ends: Vec<Ends> = bars
        .iter()
        .map(|b| {
            let m = mid(b);
            let (l, r) = if b.at_low <= b.at_high {
                (&b.low_setting, &b.high_setting)
            } else {
                (&b.high_setting, &b.low_setting)
            };
            Ends {
                lo: b.at_low.min(b.at_high).min(m),
                hi: b.at_low.max(b.at_high).max(m),
                left: fit(&area, l, &small, 170),
                right: fit(&area, r, &small, 170),
            }
        })
        .collect();
    let (aw, _) = area.dim_in_pixel();
    let plot_w = aw as i32 - label_w as i32 - col_w as i32 - 1;
    let gap = 8;
    let spans: Vec<(f64, f64, f64, f64)> = ends
        .iter()
        .map(|e| {
            let w = |t: &str| {
                if t.is_empty() {
                    4.0
                } else {
                    (text_w(&area, t, &small) + gap + 6) as f64
                }
            };
            (e.lo, e.hi, w(&e.left), w(&e.right))
        })
        .collect();
    let min_pad = match unit {
        Unit::Probability => 0.01,
        Unit::Number(_) => 1.0,
    };
    let (x0, x1) = fit_range(plot_w as f64, &spans, min_pad);
    let ticks = tick_count(&area, plot_w, &[unit.tick(x0), unit.tick(x1)]);
    let mut chart = ChartBuilder::on(&area)
        .margin_top(34)
        .margin_right(col_w)
        .x_label_area_size(64)
        .y_label_area_size(label_w)
        .build_cartesian_2d(x0..x1, 0f64..n as f64)
        .map_err(err)?;
    let desc = match unit {
        Unit::Number(u) if !u.is_empty() => format!("result ({u})"),
        _ => format!("result ({})", unit.name()),
    };
    house_style(&mut chart.configure_mesh())
        .label_style(text_style(SMALL, &INK))
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(ticks)
        .x_label_formatter(&|v| unit.tick(*v))
        .x_desc(desc)
        .draw()
        .map_err(err)?;
    let row_y = |k: usize| (n - 1 - k) as f64 + 0.5;
    for (k, b) in bars.iter().enumerate() {
        let (yc, half) = (row_y(k), 0.3);
        let m = mid(b);
        // The part reaching farther first, so the nearer shows on top of
        // it when both results lie on one side of the baseline.
        let mut parts = [(b.at_low, LOW), (b.at_high, HIGH)];
        parts.sort_by(|p, q| (q.0 - m).abs().total_cmp(&(p.0 - m).abs()));
        chart
            .draw_series(parts.iter().map(|&(v, c)| {
                Rectangle::new([(m.min(v), yc - half), (m.max(v), yc + half)], c.filled())
            }))
            .map_err(err)?;
        // No swing and no distance from the baseline: a mark, not nothing.
        if parts.iter().all(|p| p.0 == m) {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(m, yc - half), (m, yc + half)],
                    INK.stroke_width(3),
                )))
                .map_err(err)?;
        }
    }
    if usable(baseline) {
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(baseline, 0.0), (baseline, n as f64)],
                INK.stroke_width(2),
            )))
            .map_err(err)?;
    }
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let header_y = yr.start - 17;
    for (k, (e, (label, swing))) in ends.iter().zip(labels.iter().zip(&swings)).enumerate() {
        let (_, py) = chart.backend_coord(&(x0, row_y(k)));
        let (pl, _) = chart.backend_coord(&(e.lo, 0.0));
        let (pr, _) = chart.backend_coord(&(e.hi, 0.0));
        put(root, label, (xr.start - 12, py), LABEL, &INK, HPos::Right)?;
        put(root, &e.left, (pl - gap, py), SMALL, &MUTED, HPos::Right)?;
        put(root, &e.right, (pr + gap, py), SMALL, &MUTED, HPos::Left)?;
        put(root, swing, (xr.end + 24, py), SMALL, &INK, HPos::Left)?;
    }
    put(
        root,
        &header,
        (xr.end + 24, header_y),
        SMALL,
        &INK,
        HPos::Left,
    )?;
    if usable(baseline) {
        let text = fit(
            root,
            &format!("baseline {}", unit.value(baseline)),
            &small,
            (xr.end - xr.start) as u32,
        );
        let w = text_w(root, &text, &small);
        let (px, _) = chart.backend_coord(&(baseline, 0.0));
        let px = px.clamp(xr.start + w / 2, (xr.end - w / 2).max(xr.start + w / 2));
        put(root, &text, (px, header_y), SMALL, &INK, HPos::Center)?;
    }
    Ok(())
}

// ---------------------------------------------------------------- peeling

/// Mass classes of the peeling chart, from the first box (all the cases)
/// down: (lower bound, label).
const MASS_CLASSES: [(f64, &str); 5] = [
    (0.8, "box mass 80–100%"),
    (0.6, "60–80%"),
    (0.4, "40–60%"),
    (0.2, "20–40%"),
    (f64::NEG_INFINITY, "0–20%"),
];

fn mass_class(mass: f64) -> usize {
    MASS_CLASSES
        .iter()
        .position(|(lo, _)| mass >= *lo)
        .unwrap_or(MASS_CLASSES.len() - 1)
}

fn mass_colour(class: usize) -> RGBColor {
    ramp(class as f64 / (MASS_CLASSES.len() - 1) as f64)
}

/// A drawable box of the trajectory: its index in the caller's list,
/// coverage, density and mass, each in [0, 1].
type Point = (usize, f64, f64, f64);

/// PRIM's peeling trajectory: the coverage (x) against the density (y) of
/// each box, joined in order and coloured darker as the box's mass falls;
/// the `chosen` box (an index into `points`, shown as its number) ringed
/// and annotated with its coverage, density and mass; a dashed line at the
/// base rate. Axes 0–100%.
pub fn peeling(
    stem: &str,
    f: &Frame,
    points: &[(f64, f64, f64)],
    chosen: usize,
    base_rate: f64,
    png: bool,
) -> Result<Rendered, ChartError> {
    let mut notes = Vec::new();
    let pts: Vec<Point> = points
        .iter()
        .enumerate()
        .filter(|(_, p)| usable(p.0) && usable(p.1) && usable(p.2))
        .map(|(i, p)| (i, p.0, p.1, p.2))
        .collect();
    let skipped = points.len() - pts.len();
    if skipped > 0 {
        notes.push(format!(
            "{} left out: not finite",
            plural(skipped, "box", "boxes")
        ));
    }
    let outside = pts
        .iter()
        .filter(|p| [p.1, p.2, p.3].iter().any(|v| !(0.0..=1.0).contains(v)))
        .count();
    if outside > 0 {
        notes.push(format!(
            "{} outside 0–100% drawn at the edge",
            plural(outside, "box", "boxes")
        ));
    }
    let pts: Vec<Point> = pts
        .into_iter()
        .map(|(i, c, d, m)| (i, c.clamp(0.0, 1.0), d.clamp(0.0, 1.0), m.clamp(0.0, 1.0)))
        .collect();
    let pick = pts.iter().position(|p| p.0 == chosen);
    if pick.is_none() && !pts.is_empty() {
        notes.push(format!(
            "the chosen box ({chosen}) is not among those drawn"
        ));
    }
    let base = usable(base_rate).then_some(base_rate.clamp(0.0, 1.0));
    if base.is_none() && !pts.is_empty() {
        notes.push("the base rate is not a finite number: no line".into());
    }
    render!(
        stem,
        f,
        HEIGHT,
        png,
        draw_peeling(f, &pts, pick, base, &notes)
    )
}

/// Pixel rectangles [x0, y0, x1, y1] intersect.
fn overlaps(a: [i32; 4], b: [i32; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

fn draw_peeling<DB: DrawingBackend>(
    root: &Area<DB>,
    f: &Frame,
    pts: &[Point],
    chosen: Option<usize>,
    base: Option<f64>,
    notes: &[String],
) -> R<()> {
    let area = head(root, f, notes)?;
    if pts.is_empty() {
        return empty(&area, "No boxes to show.");
    }
    let key: Vec<(String, RGBColor)> = MASS_CLASSES
        .iter()
        .enumerate()
        .map(|(k, (_, l))| (l.to_string(), mass_colour(k)))
        .collect();
    let area = legend_rows(&area, &key, SMALL)?;
    let mut chart = ChartBuilder::on(&area)
        .margin_top(8)
        .margin_right(24)
        .x_label_area_size(64)
        .y_label_area_size(100)
        .build_cartesian_2d(0f64..1.0, 0f64..1.0)
        .map_err(err)?;
    house_style(&mut chart.configure_mesh())
        .label_style(text_style(SMALL, &INK))
        .x_labels(11)
        .y_labels(11)
        .x_label_formatter(&|v| pct_label(*v))
        .y_label_formatter(&|v| pct_label(*v))
        .x_desc("coverage: share of all the cases of interest inside the box")
        .y_desc("density: share of the box's cases of interest")
        .draw()
        .map_err(err)?;
    let small = text_style(SMALL, &INK);
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let plot = [xr.start, yr.start, xr.end, yr.end];
    if let Some(b) = base {
        chart
            .draw_series(std::iter::once(DashedPathElement::new(
                vec![(0.0, b), (1.0, b)],
                10,
                6,
                INK.stroke_width(2),
            )))
            .map_err(err)?;
    }
    chart
        .draw_series(std::iter::once(PathElement::new(
            pts.iter().map(|p| (p.1, p.2)).collect::<Vec<_>>(),
            GREY.stroke_width(2),
        )))
        .map_err(err)?;
    for p in pts {
        let c = mass_colour(mass_class(p.3));
        chart
            .draw_series([
                Circle::new((p.1, p.2), 6, c.filled()),
                Circle::new((p.1, p.2), 6, GREY.stroke_width(1)),
            ])
            .map_err(err)?;
    }
    let pick = chosen.map(|k| pts[k]);
    if let Some(p) = pick {
        chart
            .draw_series(std::iter::once(Circle::new(
                (p.1, p.2),
                12,
                INK.stroke_width(3),
            )))
            .map_err(err)?;
    }
    // Where the labels go: the base rate's at an end of its line, above or
    // below it; the chosen box's in a white box beside it. Of the places,
    // the pair that stays in the plot, does not collide, and covers the
    // fewest points.
    let pixels: Vec<(i32, i32)> = pts
        .iter()
        .map(|q| chart.backend_coord(&(q.1, q.2)))
        .collect();
    let in_plot =
        |r: [i32; 4]| r[0] >= plot[0] && r[1] >= plot[1] && r[2] <= plot[2] && r[3] <= plot[3];
    let cost = |r: [i32; 4]| {
        let covered = pixels
            .iter()
            .filter(|q| overlaps(r, [q.0 - 7, q.1 - 7, q.0 + 7, q.1 + 7]))
            .count();
        (!in_plot(r)) as usize * 10_000 + covered
    };
    let base_text = base.map(|b| format!("base rate {}", value_label(b)));
    let base_boxes: Vec<[i32; 4]> = match (base, &base_text) {
        (Some(b), Some(t)) => {
            let (_, py) = chart.backend_coord(&(0.0, b));
            let (w, h) = (text_w(root, t, &small), (SMALL / 1.24).ceil() as i32);
            let xs = [plot[0] + 8, plot[2] - 8 - w];
            let ys = [py - 6 - h, py + 6];
            ys.iter()
                .flat_map(|&y| xs.iter().map(move |&x| [x, y, x + w, y + h]))
                .collect()
        }
        _ => vec![],
    };
    let lines = pick.map(|p| {
        [
            format!("box {}", p.0),
            format!(
                "coverage {} · density {} · mass {}",
                value_label(p.1),
                value_label(p.2),
                value_label(p.3)
            ),
        ]
    });
    let bold = (super::charts::FONT, LABEL, FontStyle::Bold)
        .into_font()
        .color(&INK);
    let note_boxes: Vec<[i32; 4]> = match (pick, &lines) {
        (Some(p), Some(l)) => {
            let w = text_w(root, &l[0], &bold).max(text_w(root, &l[1], &small)) + 20;
            let h = 60;
            let (px, py) = chart.backend_coord(&(p.1, p.2));
            [
                (px + 18, py + 18),
                (px + 18, py - 18 - h),
                (px - 18 - w, py + 18),
                (px - 18 - w, py - 18 - h),
                (px - w / 2, py + 24),
                (px - w / 2, py - 24 - h),
            ]
            .iter()
            // Kept inside the plot even when no side has room.
            .map(|&(x, y)| {
                let x = x.clamp(plot[0], (plot[2] - w).max(plot[0]));
                let y = y.clamp(plot[1], (plot[3] - h).max(plot[1]));
                [x, y, x + w, y + h]
            })
            .collect()
        }
        _ => vec![],
    };
    let ring = pick.map(|p| {
        let (px, py) = chart.backend_coord(&(p.1, p.2));
        [px - 14, py - 14, px + 14, py + 14]
    });
    let options = |v: &[[i32; 4]]| -> Vec<Option<[i32; 4]>> {
        if v.is_empty() {
            vec![None]
        } else {
            v.iter().copied().map(Some).collect()
        }
    };
    let mut best = (usize::MAX, None, None);
    for b in options(&base_boxes) {
        for a in options(&note_boxes) {
            let mut c = b.map_or(0, cost) + a.map_or(0, cost);
            if let (Some(a), Some(b)) = (a, b) {
                c += overlaps(a, b) as usize * 1_000;
            }
            if let (Some(b), Some(r)) = (b, ring) {
                c += overlaps(b, r) as usize * 100;
            }
            if c < best.0 {
                best = (c, b, a);
            }
        }
    }
    if let (Some(r), Some(t)) = (best.1, base_text) {
        root.draw(&Rectangle::new(
            [(r[0] - 3, r[1]), (r[2] + 3, r[3])],
            WHITE.mix(0.8).filled(),
        ))
        .map_err(err)?;
        put(root, &t, (r[0], (r[1] + r[3]) / 2), SMALL, &INK, HPos::Left)?;
    }
    if let (Some(r), Some(l)) = (best.2, lines) {
        let [bx, by, bx1, by1] = r;
        root.draw(&Rectangle::new([(bx, by), (bx1, by1)], WHITE.filled()))
            .map_err(err)?;
        root.draw(&Rectangle::new(
            [(bx, by), (bx1, by1)],
            GREY.stroke_width(1),
        ))
        .map_err(err)?;
        root.draw(&Text::new(
            l[0].clone(),
            (bx + 10, by + 17),
            bold.pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(err)?;
        put(root, &l[1], (bx + 10, by + 42), SMALL, &INK, HPos::Left)?;
    }
    Ok(())
}

// ---------------------------------------------------------------- sobol

/// A Sobol index: its estimate and its 95% interval.
type Index = (f64, [f64; 2]);

/// Sobol indices: for each input (rows, in the given order), the
/// first-order and the total index as two bars with their 95% bootstrap
/// intervals as whiskers, on an axis from 0 to 1. Slightly negative
/// estimates (sampling noise) widen the axis down to −0.1; anything beyond
/// [−0.1, 1.05] is drawn to the axis end and marked with a triangle. The
/// estimates are listed in two columns on the right.
pub fn sobol(
    stem: &str,
    f: &Frame,
    inputs: &[String],
    first: &[(f64, [f64; 2])],
    total: &[(f64, [f64; 2])],
    png: bool,
) -> Result<Rendered, ChartError> {
    let n = inputs.len();
    let rows: Vec<[Option<Index>; 2]> = (0..n)
        .map(|i| [first.get(i).copied(), total.get(i).copied()])
        .collect();
    let all = rows.iter().flatten().flatten();
    let values = all.clone().flat_map(|(e, ci)| [*e, ci[0], ci[1]]);
    let finite = values.filter(|v| usable(*v));
    // The axis: 0 to 1, or −0.1 and 1.05 at the ends when values go below
    // 0 or beyond 1.
    let lo = if finite.clone().any(|v| v < 0.0) {
        -0.1
    } else {
        0.0
    };
    let hi = if finite.clone().any(|v| v > 1.0) {
        1.05
    } else {
        1.0
    };
    let mut notes = Vec::new();
    let missing = rows.iter().flatten().filter(|v| v.is_none()).count();
    if missing > 0 {
        notes.push(format!("{} not given", plural(missing, "index", "indices")));
    }
    let bad = all.clone().filter(|(e, _)| !usable(*e)).count();
    if bad > 0 {
        notes.push(format!(
            "{} not a finite number: not drawn",
            plural(bad, "estimate", "estimates")
        ));
    }
    let bad_ci = all
        .clone()
        .filter(|(e, ci)| usable(*e) && !ci.iter().all(|v| usable(*v)))
        .count();
    if bad_ci > 0 {
        notes.push(format!(
            "{} without a finite interval",
            plural(bad_ci, "estimate", "estimates")
        ));
    }
    if finite.clone().any(|v| v < lo || v > hi) {
        notes.push(format!(
            "a triangle at an end of the axis ({} to {}) marks a value beyond it",
            axis_number(lo),
            axis_number(hi)
        ));
    }
    let height = canvas_height(n, 28);
    render!(
        stem,
        f,
        height,
        png,
        draw_sobol(f, inputs, &rows, (lo, hi), &notes)
    )
}

/// An index on the axis: "0", "0.2", "-0.1", "1.05".
fn axis_number(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

fn draw_sobol<DB: DrawingBackend>(
    root: &Area<DB>,
    f: &Frame,
    inputs: &[String],
    rows: &[[Option<Index>; 2]],
    (lo, hi): (f64, f64),
    notes: &[String],
) -> R<()> {
    let area = head(root, f, notes)?;
    if inputs.is_empty() {
        return empty(&area, "No inputs to show.");
    }
    let area = legend_rows(
        &area,
        &[
            ("first-order index (the input alone)".to_string(), FIRST),
            ("total index (with its interactions)".to_string(), TOTAL),
        ],
        SMALL,
    )?;
    let n = inputs.len();
    let (labels, label_w) = row_labels(&area, inputs);
    let small = text_style(SMALL, &INK);
    let value = |v: Option<Index>| match v {
        Some((e, _)) if usable(e) => format!("{e:.2}"),
        _ => "n/a".to_string(),
    };
    let cells: Vec<[String; 2]> = rows.iter().map(|r| [value(r[0]), value(r[1])]).collect();
    let heads = ["first", "total"];
    let cell_w = cells
        .iter()
        .flatten()
        .map(|s| s.as_str())
        .chain(heads)
        .map(|t| text_w(&area, t, &small))
        .max()
        .unwrap_or(40)
        .min(120);
    let col_w = (2 * cell_w + 24 + 24) as u32;
    let mut chart = ChartBuilder::on(&area)
        .margin_top(34)
        .margin_right(col_w)
        .x_label_area_size(64)
        .y_label_area_size(label_w)
        .build_cartesian_2d(lo..hi, 0f64..n as f64)
        .map_err(err)?;
    house_style(&mut chart.configure_mesh())
        .label_style(text_style(SMALL, &INK))
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(12)
        .x_label_formatter(&|v| axis_number(*v))
        .x_desc("Sobol index (share of the result's variance)")
        .draw()
        .map_err(err)?;
    if lo < 0.0 {
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.0, 0.0), (0.0, n as f64)],
                INK.stroke_width(2),
            )))
            .map_err(err)?;
    }
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let clamp = |v: f64| v.clamp(lo, hi);
    // Values beyond the axis, as (value, lane): a triangle at that end.
    let beyond = |v: f64| !(lo..=hi).contains(&v);
    let mut marks = Vec::new();
    for (k, row) in rows.iter().enumerate() {
        let yc = (n - 1 - k) as f64 + 0.5;
        for (j, (v, colour)) in row.iter().zip([FIRST, TOTAL]).enumerate() {
            let Some((e, ci)) = v else { continue };
            if !usable(*e) {
                continue;
            }
            // First-order above, total below, within the row.
            let lane = if j == 0 { yc + 0.2 } else { yc - 0.2 };
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(0.0, lane - 0.15), (clamp(*e), lane + 0.15)],
                    colour.filled(),
                )))
                .map_err(err)?;
            if beyond(*e) {
                marks.push((*e, lane));
            }
            if ci.iter().all(|v| usable(*v)) {
                let (a, b) = (ci[0].min(ci[1]), ci[0].max(ci[1]));
                let whisker = INK.stroke_width(2);
                let mut parts = vec![PathElement::new(
                    vec![(clamp(a), lane), (clamp(b), lane)],
                    whisker,
                )];
                for end in [a, b] {
                    if (lo..=hi).contains(&end) {
                        parts.push(PathElement::new(
                            vec![(end, lane - 0.1), (end, lane + 0.1)],
                            whisker,
                        ));
                    } else if end != *e {
                        marks.push((end, lane));
                    }
                }
                chart.draw_series(parts).map_err(err)?;
            }
        }
    }
    for (v, lane) in marks {
        let (_, py) = chart.backend_coord(&(lo, lane));
        let (tip, dir) = if v > hi {
            (xr.end - 1, -1)
        } else {
            (xr.start, 1)
        };
        root.draw(&Polygon::new(
            vec![
                (tip, py),
                (tip + 11 * dir, py - 7),
                (tip + 11 * dir, py + 7),
            ],
            INK.filled(),
        ))
        .map_err(err)?;
    }
    let col_x = |j: i32| xr.end + 24 + j * (cell_w + 24) + cell_w;
    for (k, (label, cell)) in labels.iter().zip(&cells).enumerate() {
        let (_, py) = chart.backend_coord(&(lo, (n - 1 - k) as f64 + 0.5));
        put(root, label, (xr.start - 12, py), LABEL, &INK, HPos::Right)?;
        for (j, (c, colour)) in cell.iter().zip([FIRST, TOTAL]).enumerate() {
            put(root, c, (col_x(j as i32), py), SMALL, &colour, HPos::Right)?;
        }
    }
    for (j, h) in heads.iter().enumerate() {
        put(
            root,
            h,
            (col_x(j as i32), yr.start - 17),
            SMALL,
            &INK,
            HPos::Right,
        )?;
    }
    Ok(())
}

// ---------------------------------------------------------------- ranks

/// Robustness: for each option (rows), the probability of each rank
/// (1 = best) across assumption draws, as a stacked bar from 0 to 100%,
/// rank 1 darkest; segments of 8% or more carry their value.
pub fn rank_probabilities(
    stem: &str,
    f: &Frame,
    options: &[String],
    probs: &[Vec<f64>],
    png: bool,
) -> Result<Rendered, ChartError> {
    let mut notes = Vec::new();
    let bad = probs
        .iter()
        .take(options.len())
        .flatten()
        .filter(|p| !p.is_finite())
        .count();
    if bad > 0 {
        notes.push(format!(
            "{} not a finite number: drawn as 0",
            plural(bad, "probability", "probabilities")
        ));
    }
    let clean: Vec<Vec<f64>> = (0..options.len())
        .map(|i| {
            probs.get(i).map_or(Vec::new(), |row| {
                row.iter()
                    .map(|p| {
                        if p.is_finite() {
                            p.clamp(0.0, 1.0)
                        } else {
                            0.0
                        }
                    })
                    .collect()
            })
        })
        .collect();
    let missing = clean.iter().filter(|r| r.is_empty()).count();
    if missing > 0 {
        notes.push(format!(
            "{} without probabilities",
            plural(missing, "option", "options")
        ));
    }
    let off = clean
        .iter()
        .filter(|r| !r.is_empty() && (r.iter().sum::<f64>() - 1.0).abs() > 0.005)
        .count();
    if off > 0 {
        notes.push(format!(
            "{} not summing to 100% (cut at 100%)",
            plural(off, "row", "rows")
        ));
    }
    let height = canvas_height(options.len(), 36);
    render!(stem, f, height, png, draw_ranks(f, options, &clean, &notes))
}

fn rank_colour(r: usize, ranks: usize) -> RGBColor {
    if ranks <= 1 {
        ramp(1.0)
    } else {
        ramp(1.0 - r as f64 / (ranks - 1) as f64)
    }
}

fn draw_ranks<DB: DrawingBackend>(
    root: &Area<DB>,
    f: &Frame,
    options: &[String],
    probs: &[Vec<f64>],
    notes: &[String],
) -> R<()> {
    let area = head(root, f, notes)?;
    let ranks = probs.iter().map(Vec::len).max().unwrap_or(0);
    if options.is_empty() || ranks == 0 {
        return empty(&area, "No options to show.");
    }
    let key: Vec<(String, RGBColor)> = (0..ranks)
        .map(|r| {
            let what = match r {
                0 => " (best)",
                _ if r + 1 == ranks => " (worst)",
                _ => "",
            };
            (format!("rank {}{what}", r + 1), rank_colour(r, ranks))
        })
        .collect();
    let area = legend_rows(&area, &key, SMALL)?;
    let n = options.len();
    let (labels, label_w) = row_labels(&area, options);
    let mut chart = ChartBuilder::on(&area)
        .margin_top(8)
        .margin_right(24)
        .x_label_area_size(64)
        .y_label_area_size(label_w)
        .build_cartesian_2d(0f64..1.0, 0f64..n as f64)
        .map_err(err)?;
    house_style(&mut chart.configure_mesh())
        .label_style(text_style(SMALL, &INK))
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(11)
        .x_label_formatter(&|v| pct_label(*v))
        .x_desc("probability of each rank across the assumption draws")
        .draw()
        .map_err(err)?;
    let (xr, _) = chart.plotting_area().get_pixel_range();
    let small = text_style(SMALL, &INK);
    for (k, (label, row)) in labels.iter().zip(probs).enumerate() {
        let yc = (n - 1 - k) as f64 + 0.5;
        let mut x = 0.0;
        for (r, &p) in row.iter().enumerate() {
            let p = p.min(1.0 - x);
            if p <= 0.0 {
                continue;
            }
            let c = rank_colour(r, ranks);
            let mut rect = Rectangle::new([(x, yc - 0.34), (x + p, yc + 0.34)], c.filled());
            rect.set_margin(0, 0, 0, 1);
            chart.draw_series(std::iter::once(rect)).map_err(err)?;
            let text = value_label(p);
            let (x0, py) = chart.backend_coord(&(x, yc));
            let (x1, _) = chart.backend_coord(&(x + p, yc));
            if p >= 0.08 && text_w(root, &text, &small) + 6 <= x1 - x0 {
                put(
                    root,
                    &text,
                    ((x0 + x1) / 2, py),
                    SMALL,
                    &text_on(c),
                    HPos::Center,
                )?;
            }
            x += p;
        }
        let (_, py) = chart.backend_coord(&(0.0, yc));
        put(root, label, (xr.start - 12, py), LABEL, &INK, HPos::Right)?;
        if row.is_empty() {
            put(
                root,
                "no probabilities given",
                (xr.start + 12, py),
                SMALL,
                &GREY,
                HPos::Left,
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::layout::text_boxes;

    const CAPTION: &str = "2,000 assumption draws × 10,000 runs, seed 42 · intervals: 95% (paired bootstrap over draws) · reassure 0.1.0 · a long caption to show that it wraps onto a second line";

    fn frame(title: &'static str) -> Frame<'static> {
        Frame {
            title,
            subtitle: "Each bar: the result with one input at its low and at its high setting, the others at the baseline",
            caption: CAPTION,
        }
    }

    /// Every text inside the canvas, none under 14 px, no two overlapping.
    fn check_layout(r: &Rendered) {
        let problems = crate::report::layout::layout_problems(&r.stem, &r.svg);
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        for b in text_boxes(&r.svg).1 {
            assert!(b.size >= 14.0, "{}: text under 14 px: {b:?}", r.stem);
            assert!(!b.text.contains("NaN") && !b.text.contains("inf"), "{b:?}");
        }
    }

    /// Both renderings exist, the PNG as tall as the SVG.
    fn check_rendered(r: &Rendered) -> (u32, u32) {
        let ((w, h), _) = text_boxes(&r.svg);
        let png = r.png.as_ref().expect("a PNG was asked for");
        let decoder = png::Decoder::new(std::io::Cursor::new(png.as_slice()));
        let info = decoder.read_info().unwrap();
        let (pw, ph) = (info.info().width, info.info().height);
        assert_eq!((pw as f64, ph as f64), (w, h), "{}", r.stem);
        assert_eq!(pw, WIDTH);
        (pw, ph)
    }

    fn has(r: &Rendered, text: &str) -> bool {
        text_boxes(&r.svg).1.iter().any(|b| b.text.contains(text))
    }

    fn tornado_bars(n: usize) -> Vec<TornadoBar> {
        let names = [
            "Russian resolve to test the force",
            "European political cohesion over a long mission and its elections",
            "Air defence coverage",
            "US backstop credibility",
            "Rules of engagement",
            "Force size",
            "Ceasefire monitoring",
            "Sanctions pressure",
        ];
        (0..n)
            .map(|i| {
                let swing = 0.16 / (1.0 + i as f64 * 0.6);
                let skew = if i % 3 == 0 { 0.7 } else { 0.4 };
                let (at_low, at_high) = if i % 4 == 2 {
                    (0.22 + swing * skew, 0.22 - swing * (1.0 - skew))
                } else {
                    (0.22 - swing * skew, 0.22 + swing * (1.0 - skew))
                };
                let d = at_high - at_low;
                TornadoBar {
                    label: if i < names.len() {
                        names[i].to_string()
                    } else {
                        format!("input {}", i + 1)
                    },
                    low_setting: format!("{:.2}", 0.1 + 0.01 * i as f64),
                    high_setting: if i == 1 {
                        "very high (a long setting)".to_string()
                    } else {
                        format!("{:.2}", 0.6 + 0.01 * i as f64)
                    },
                    at_low,
                    at_high,
                    swing_ci95: [d - 0.006, d + 0.006],
                }
            })
            .collect()
    }

    fn tornado_typical() -> Rendered {
        tornado(
            "tornado",
            &frame("Wider war: one-at-a-time sensitivity"),
            Unit::Probability,
            0.22,
            &tornado_bars(8),
            true,
        )
        .unwrap()
    }

    fn tornado_extreme() -> Rendered {
        let mut bars = tornado_bars(6);
        bars[0].at_low = f64::NAN;
        bars[1].at_high = f64::INFINITY;
        bars[2].swing_ci95 = [f64::NAN, f64::NEG_INFINITY];
        bars[3].at_low = bars[3].at_high;
        tornado(
            "tornado-extreme",
            &frame("Extreme"),
            Unit::Number("EUR bn"),
            f64::NAN,
            &bars,
            true,
        )
        .unwrap()
    }

    #[test]
    fn tornado_renders_typical_many_empty_and_extreme() {
        let r = tornado_typical();
        assert_eq!(check_rendered(&r), (WIDTH, HEIGHT));
        check_layout(&r);
        assert!(has(&r, "input at its low setting") && has(&r, "baseline 22.0%"));
        assert!(has(&r, "pp (") && has(&r, "swing (95% interval)"));
        // Plain numbers, 30 bars: 20 drawn, the rest counted.
        let mut bars = tornado_bars(30);
        for b in &mut bars {
            b.at_low *= 10_000.0;
            b.at_high *= 10_000.0;
            b.swing_ci95 = b.swing_ci95.map(|v| v * 10_000.0);
        }
        let r = tornado(
            "tornado-30",
            &frame("Force deaths: one-at-a-time sensitivity"),
            Unit::Number("deaths"),
            2_200.0,
            &bars,
            true,
        )
        .unwrap();
        assert!(check_rendered(&r).1 > HEIGHT);
        check_layout(&r);
        assert!(has(&r, "10 more inputs with smaller swings not shown"));
        assert!(has(&r, "swing, deaths (95% interval)"));
        assert!(!has(&r, "input 21"));
        // Nothing to draw.
        let r = tornado("t", &frame("Empty"), Unit::Probability, 0.2, &[], true).unwrap();
        check_rendered(&r);
        check_layout(&r);
        assert!(has(&r, "No inputs to show."));
        // Not finite: bars left out, intervals dropped, no baseline.
        let r = tornado_extreme();
        check_rendered(&r);
        check_layout(&r);
        assert!(has(&r, "2 inputs left out") && has(&r, "1 swing without"));
        assert!(has(&r, "baseline is not a finite number"));
        // All the same value, huge values, all bars unusable.
        let same = vec![
            TornadoBar {
                at_low: 0.3,
                at_high: 0.3,
                ..tornado_bars(1)[0].clone()
            };
            3
        ];
        for (b, base) in [(same, 0.3), (tornado_bars(3), 1e90)] {
            let r = tornado("t", &frame("Flat"), Unit::Probability, base, &b, true).unwrap();
            check_rendered(&r);
            check_layout(&r);
        }
        let mut nan = tornado_bars(2);
        nan.iter_mut().for_each(|b| b.at_high = f64::NAN);
        let r = tornado("t", &frame("NaN"), Unit::Probability, 0.2, &nan, true).unwrap();
        assert!(has(&r, "No inputs to show.") && has(&r, "2 inputs left out"));
    }

    fn peeling_points() -> Vec<(f64, f64, f64)> {
        (0..26)
            .map(|i| {
                let t = i as f64 / 25.0;
                let coverage = 1.0 - 0.85 * t.powf(1.6);
                let density = 0.18 + 0.74 * t.powf(0.8);
                let mass = (1.0 - t).powf(2.2) * 0.98 + 0.02;
                (coverage, density, mass)
            })
            .collect()
    }

    fn peeling_typical() -> Rendered {
        peeling(
            "peeling",
            &Frame {
                title: "Wider war: PRIM peeling trajectory",
                subtitle: "Each point a box, from all draws (right) to the smallest box (top left)",
                caption: CAPTION,
            },
            &peeling_points(),
            14,
            0.18,
            true,
        )
        .unwrap()
    }

    fn peeling_extreme_points() -> Vec<(f64, f64, f64)> {
        let mut pts = peeling_points();
        pts[3].0 = f64::NAN;
        pts[5].2 = f64::INFINITY;
        pts[7].1 = 1.4;
        pts
    }

    #[test]
    fn peeling_renders_typical_empty_and_extreme() {
        let r = peeling_typical();
        assert_eq!(check_rendered(&r), (WIDTH, HEIGHT));
        check_layout(&r);
        assert!(has(&r, "box 14") && has(&r, "base rate 18.0%"));
        assert!(has(&r, "box mass 80–100%"));
        let r = peeling("p", &frame("Empty"), &[], 0, 0.2, true).unwrap();
        check_rendered(&r);
        check_layout(&r);
        assert!(has(&r, "No boxes to show."));
        // Not finite and out of range; the chosen box skipped; base rate
        // at the top; the chosen box in each corner.
        let pts = peeling_extreme_points();
        for (chosen, base) in [(3, f64::INFINITY), (25, 1.0), (0, 0.0), (7, 0.5)] {
            let r = peeling("p", &frame("Extreme"), &pts, chosen, base, true).unwrap();
            check_rendered(&r);
            check_layout(&r);
            assert!(has(&r, "2 boxes left out") && has(&r, "outside 0–100%"));
        }
        let r = peeling("p", &frame("x"), &pts, 3, f64::NAN, true).unwrap();
        assert!(has(&r, "chosen box (3) is not among") && has(&r, "base rate is not"));
        let corners = [
            (0.0, 0.0, 1.0),
            (1.0, 1.0, 0.0),
            (0.0, 1.0, 0.5),
            (1.0, 0.0, 0.5),
        ];
        for chosen in 0..4 {
            let r = peeling("p", &frame("Corners"), &corners, chosen, 0.05, true).unwrap();
            check_layout(&r);
        }
    }

    fn sobol_data(n: usize) -> (Vec<String>, Vec<Index>, Vec<Index>) {
        let inputs = (0..n)
            .map(|i| match i {
                0 => "Russian resolve to test the force".to_string(),
                1 => {
                    "European political cohesion over a long mission and its elections".to_string()
                }
                _ => format!("input {}", i + 1),
            })
            .collect();
        let first = (0..n)
            .map(|i| {
                let s = 0.45 / (1.0 + i as f64);
                (s - 0.01, [s - 0.06, s + 0.05])
            })
            .collect();
        let total = (0..n)
            .map(|i| {
                let s = 0.6 / (1.0 + i as f64 * 0.8);
                (s, [s - 0.05, s + 0.07])
            })
            .collect();
        (inputs, first, total)
    }

    fn sobol_typical() -> Rendered {
        let (inputs, first, total) = sobol_data(8);
        sobol(
            "sobol",
            &Frame {
                title: "Wider war: Sobol indices",
                subtitle: "Share of the variance of the probability of a wider war due to each input",
                caption: CAPTION,
            },
            &inputs,
            &first,
            &total,
            true,
        )
        .unwrap()
    }

    fn sobol_extreme() -> Rendered {
        let (inputs, mut first, mut total) = sobol_data(5);
        first[0].0 = f64::NAN;
        first[1].1 = [f64::NEG_INFINITY, 0.3];
        total[2] = (f64::INFINITY, [f64::NAN, f64::NAN]);
        total[3] = (7.0, [-3.0, 9.0]);
        total.truncate(4);
        sobol(
            "sobol-extreme",
            &frame("Extreme"),
            &inputs,
            &first,
            &total,
            true,
        )
        .unwrap()
    }

    #[test]
    fn sobol_renders_typical_thirty_empty_and_extreme() {
        let r = sobol_typical();
        assert_eq!(check_rendered(&r), (WIDTH, HEIGHT));
        check_layout(&r);
        assert!(has(&r, "first-order index") && has(&r, "0.44"));
        // 30 inputs, a negative estimate, intervals beyond both ends.
        let (inputs, mut first, mut total) = sobol_data(30);
        first[29] = (-0.04, [-0.16, 0.03]);
        total[0] = (0.98, [0.9, 1.2]);
        let r = sobol(
            "sobol-30",
            &frame("Sobol, 30"),
            &inputs,
            &first,
            &total,
            true,
        )
        .unwrap();
        assert!(check_rendered(&r).1 > HEIGHT);
        check_layout(&r);
        assert!(has(&r, "-0.1") && has(&r, "a triangle at an end of the axis"));
        let r = sobol("s", &frame("Empty"), &[], &[], &[], true).unwrap();
        check_rendered(&r);
        check_layout(&r);
        assert!(has(&r, "No inputs to show."));
        let r = sobol_extreme();
        check_rendered(&r);
        check_layout(&r);
        assert!(has(&r, "2 estimates not a finite number") && has(&r, "1 index not given"));
        assert!(has(&r, "n/a") && has(&r, "7.00"));
    }

    fn rank_data(n: usize) -> (Vec<String>, Vec<Vec<f64>>) {
        let options = (0..n)
            .map(|i| match i {
                0 => "No deployment".to_string(),
                1 => "Reassurance force of 25,000 with a US backstop and air policing over western Ukraine".to_string(),
                _ => format!("Option {}", (b'A' + i as u8) as char),
            })
            .collect();
        // Option i tends to rank i + 1: weights falling with the distance.
        let probs = (0..n)
            .map(|i| {
                let w: Vec<f64> = (0..n)
                    .map(|r| (-(r as f64 - i as f64).abs() * 0.9).exp())
                    .collect();
                let s: f64 = w.iter().sum();
                w.iter().map(|x| x / s).collect()
            })
            .collect();
        (options, probs)
    }

    fn ranks_typical() -> Rendered {
        let (options, probs) = rank_data(5);
        rank_probabilities(
            "ranks",
            &Frame {
                title: "Which option is best across assumption draws",
                subtitle: "Probability of each rank by the chance of a wider war (rank 1: lowest)",
                caption: CAPTION,
            },
            &options,
            &probs,
            true,
        )
        .unwrap()
    }

    fn ranks_extreme() -> Rendered {
        let (options, mut probs) = rank_data(4);
        probs[0][0] = f64::NAN;
        probs[1][1] = f64::INFINITY;
        probs[2] = vec![0.9, 0.9, -0.2];
        probs.truncate(3);
        rank_probabilities("ranks-extreme", &frame("Extreme"), &options, &probs, true).unwrap()
    }

    #[test]
    fn ranks_render_typical_twelve_empty_and_extreme() {
        let r = ranks_typical();
        assert_eq!(check_rendered(&r), (WIDTH, HEIGHT));
        check_layout(&r);
        assert!(has(&r, "rank 1 (best)") && has(&r, "rank 5 (worst)"));
        let (options, probs) = rank_data(12);
        let r = rank_probabilities("ranks-12", &frame("12"), &options, &probs, true).unwrap();
        check_rendered(&r);
        check_layout(&r);
        assert!(has(&r, "rank 12 (worst)"));
        let r = rank_probabilities("r", &frame("Empty"), &[], &[], true).unwrap();
        check_rendered(&r);
        check_layout(&r);
        assert!(has(&r, "No options to show."));
        let r = ranks_extreme();
        check_rendered(&r);
        check_layout(&r);
        assert!(has(&r, "2 probabilities not a finite number"));
        assert!(has(&r, "1 option without") && has(&r, "not summing to 100%"));
        assert!(has(&r, "no probabilities given"));
    }

    #[test]
    fn units_and_ranges() {
        let signed = |u: Unit, d: f64| u.signed(d, u.diff_decimals(d));
        assert_eq!(signed(Unit::Probability, 0.081), "+8.1");
        assert_eq!(signed(Unit::Probability, -0.004), "-0.40");
        assert_eq!(signed(Unit::Number("deaths"), 1234.0), "+1,234");
        assert_eq!(signed(Unit::Probability, -0.0001), "-0.01");
        assert_eq!(signed(Unit::Probability, 0.0), "0.0");
        assert_eq!(signed(Unit::Number(""), -0.00001), "-0.000010");
        let b = TornadoBar {
            at_low: 1_000.0,
            at_high: 2_600.4,
            swing_ci95: [1_540.2, 1_660.7],
            ..tornado_bars(1)[0].clone()
        };
        assert_eq!(
            swing_note(Unit::Number("deaths"), &b),
            "+1,600 (1,540 to 1,661)"
        );
        assert_eq!(number(0.5), "0.5");
        assert_eq!(number(-1234.56), "-1,235");
        assert_eq!(number(0.0123), "0.012");
        assert_eq!(grouped(-0.001, 1), "0.0");
        assert_eq!(number(1e20), "1.00e20");
        assert_eq!(Unit::Probability.tick(-0.05), "");
        assert_eq!(axis_number(-0.1), "-0.1");
        // Texts beside the ends of every span fit.
        let spans = [(0.1, 0.3, 120.0, 80.0), (0.2, 0.25, 200.0, 150.0)];
        let (a, b) = fit_range(500.0, &spans, 0.01);
        let s = 500.0 / (b - a);
        for sp in spans {
            assert!((sp.0 - a) * s >= sp.2 - 1.0 && (b - sp.1) * s >= sp.3 - 1.0);
        }
        assert!(rank_colour(0, 5) != rank_colour(4, 5));
        assert_eq!(text_on(rank_colour(0, 5)), WHITE);
    }

    /// Writes the typical charts (and the crowded ones) to
    /// /tmp/uncertainty-charts/ to look at.
    #[test]
    #[ignore]
    fn write_pngs() {
        let dir = std::path::Path::new("/tmp/uncertainty-charts");
        std::fs::create_dir_all(dir).unwrap();
        let (inputs, first, total) = sobol_data(30);
        let (options, probs) = rank_data(12);
        let mut many = tornado_bars(30);
        many.iter_mut().for_each(|b| {
            b.at_low *= 10_000.0;
            b.at_high *= 10_000.0;
            b.swing_ci95 = b.swing_ci95.map(|v| v * 10_000.0);
        });
        let f = frame("Crowded");
        let pts = peeling_extreme_points();
        for r in [
            tornado_extreme(),
            sobol_extreme(),
            ranks_extreme(),
            peeling("peeling-extreme", &f, &pts, 25, 1.0, true).unwrap(),
            tornado_typical(),
            peeling_typical(),
            sobol_typical(),
            ranks_typical(),
            tornado(
                "tornado-30",
                &f,
                Unit::Number("deaths"),
                2200.0,
                &many,
                true,
            )
            .unwrap(),
            sobol("sobol-30", &f, &inputs, &first, &total, true).unwrap(),
            rank_probabilities("ranks-12", &f, &options, &probs, true).unwrap(),
        ] {
            std::fs::write(dir.join(format!("{}.png", r.stem)), r.png.unwrap()).unwrap();
            std::fs::write(dir.join(format!("{}.svg", r.stem)), r.svg).unwrap();
        }
    }
}
