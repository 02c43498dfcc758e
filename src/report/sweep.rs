//! The outputs of `reassure sweep`: `sweep.csv` (one row per grid point),
//! `sweep.json`, `sweep.md`, `report.html` and the charts: one line chart of
//! every outcome against the lever (one axis), or a heatmap per outcome
//! (two axes).

use super::charts::{
    self, Area, ChartError, Formats, GREY, INK, Look, R, Rendered, err, house_style_look,
    pct_label, share_colour, text_style, value_label,
};
use super::html::{esc, figures, page};
use super::markdown::NOISE_NOTE;
use super::md;
use super::raster::Raster;
use super::summary::{OutcomeStat, ScenarioInfo, Tool};
use super::table::{Table, num};
use super::{File, chart_files};
use crate::analysis::sweep::Axis;
use crate::model::Share;
use indexmap::IndexMap;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct Sweep {
    pub tool: Tool,
    pub scenario: ScenarioInfo,
    pub seed: u64,
    pub runs: u64,
    pub axes: Vec<AxisInfo>,
    /// The outcomes charted (`--outcome`; all by default).
    pub outcomes_charted: Vec<String>,
    pub points: Vec<SweepPoint>,
    pub timing: SweepTiming,
    /// How the heatmaps colour their cells (`--scale`, `--difference`).
    pub heatmap: HeatmapView,
}

/// The heatmaps' colour scale: fitted to each outcome's own range over the
/// grid (`data`) or one range across the outcomes drawn (`shared`); with
/// `difference`, each cell is coloured by its difference from the cell of
/// the scenario's own values, on a diverging scale.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct HeatmapView {
    pub scale: ScaleChoice,
    pub difference: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScaleChoice {
    #[default]
    Data,
    Shared,
}

#[derive(Clone, Debug, Serialize)]
pub struct AxisInfo {
    pub key: String,
    /// The lever in words ("Troops deployed").
    pub label: String,
    pub unit: String,
    pub values: Vec<String>,
    /// The values in words ("ISR and logistics", "25,000").
    pub value_labels: Vec<String>,
    /// The scenario's own value as written (null when the scenario draws
    /// the lever from a distribution), and its index among `values` (null
    /// when it is not on the grid).
    pub scenario_value: Option<String>,
    pub scenario_value_index: Option<usize>,
    /// The scenario's own value as a number, for the charts.
    #[serde(skip)]
    pub own: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SweepPoint {
    /// The varied values, by key, as written in a scenario.
    pub values: IndexMap<String, String>,
    /// Index of each value on its axis.
    #[serde(skip)]
    pub at: Vec<usize>,
    pub outcomes: IndexMap<String, OutcomeStat>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SweepTiming {
    pub elapsed_s: f64,
    pub threads: usize,
}

/// The sweep's result from each grid point's aggregate (in grid order):
/// `outcome` the outcomes asked for (all when empty), `timing` the elapsed
/// seconds and threads.
pub fn build(
    base: &crate::scenario::Scenario,
    axes: &[Axis],
    outcome: &[String],
    aggs: &[crate::engine::Aggregate],
    (elapsed_s, threads): (f64, usize),
    heatmap: HeatmapView,
) -> Sweep {
    let points = crate::analysis::sweep::grid(axes);
    Sweep {
        tool: Tool::current(),
        scenario: ScenarioInfo::of(base),
        seed: base.seed,
        runs: base.runs,
        axes: axes.iter().map(|a| axis_info(a, base)).collect(),
        outcomes_charted: if outcome.is_empty() {
            // Every class of both families; the two groups when asked for.
            Share::all()
                .into_iter()
                .filter(|s| matches!(s, Share::Peace(_) | Share::Mission(_)))
                .map(|s| s.name().to_string())
                .collect()
        } else {
            outcome.to_vec()
        },
        points: points
            .iter()
            .zip(aggs)
            .map(|(at, agg)| SweepPoint {
                values: axes
                    .iter()
                    .zip(at)
                    .map(|(ax, &i)| (ax.key.clone(), ax.labels[i].clone()))
                    .collect(),
                at: at.clone(),
                outcomes: Share::all()
                    .into_iter()
                    .map(|sh| {
                        let k = super::summary::share_count(agg, sh);
                        (
                            sh.name().to_string(),
                            super::summary::share_stat(k, agg.runs),
                        )
                    })
                    .collect(),
            })
            .collect(),
        timing: SweepTiming { elapsed_s, threads },
        heatmap,
    }
}

/// Axis metadata for the result; `base` is the scenario swept.
pub fn axis_info(a: &Axis, base: &crate::scenario::Scenario) -> AxisInfo {
    use crate::analysis::sweep::{label, lever_words, own_value, value_words};
    let own = own_value(base, a.lever);
    AxisInfo {
        key: a.key.clone(),
        label: lever_words(a.lever),
        unit: a.unit().to_string(),
        values: a.labels.clone(),
        value_labels: a.values.iter().map(|x| value_words(a.lever, *x)).collect(),
        scenario_value: own.map(|x| label(a.lever, x)),
        scenario_value_index: own.and_then(|x| a.values.iter().position(|v| *v == x)),
        own,
    }
}

impl AxisInfo {
    /// The scenario's own value in words, for notes under the charts.
    fn own_words(&self, lever: crate::analysis::sweep::Lever) -> String {
        match self.own {
            Some(x) => crate::analysis::sweep::value_words(lever, x),
            None => "drawn from a distribution".into(),
        }
    }
}

/// The point of the grid at the scenario's own values, when every axis has
/// it on the grid.
pub fn own_point(s: &Sweep) -> Option<usize> {
    let at: Option<Vec<usize>> = s.axes.iter().map(|a| a.scenario_value_index).collect();
    let at = at?;
    s.points.iter().position(|p| p.at == at)
}

/// Where the scenario's own values are, in words, for every chart.
fn own_note(s: &Sweep, axes: &[Axis]) -> String {
    let parts: Vec<String> = s
        .axes
        .iter()
        .zip(axes)
        .map(|(i, a)| match (i.own, i.scenario_value_index) {
            (Some(_), Some(_)) => format!("{} {}", i.label, i.own_words(a.lever)),
            (Some(_), None) => format!("{} {}, not on the grid", i.label, i.own_words(a.lever)),
            (None, _) => format!("{} drawn from a distribution (no single value)", i.label),
        })
        .collect();
    let what = if parts.len() == 1 { "value" } else { "values" };
    format!("The scenario's own {what}: {}", parts.join("; "))
}

pub fn csv(s: &Sweep) -> String {
    let mut out: Vec<String> = s.axes.iter().map(|a| a.key.clone()).collect();
    for o in Share::all() {
        let n = o.name();
        out.extend([
            format!("{n}_probability"),
            format!("{n}_ci95_low"),
            format!("{n}_ci95_high"),
        ]);
    }
    let mut text = out.join(",") + "\n";
    for p in &s.points {
        let mut row: Vec<String> = p.values.values().cloned().collect();
        for o in p.outcomes.values() {
            row.extend([
                o.probability.to_string(),
                o.ci95[0].to_string(),
                o.ci95[1].to_string(),
            ]);
        }
        text.push_str(&row.join(","));
        text.push('\n');
    }
    text
}

/// One row per grid point: the values in words, then each outcome that
/// occurs somewhere on the grid as its estimate ± the 95% half-width in
/// percentage points (the intervals' ends are in `sweep.csv`). The
/// scenario's own point is marked.
pub fn table(s: &Sweep) -> Table {
    table_with(s, short_cell)
}

/// [`table`] with each outcome's cell written by `cell`.
fn table_with(s: &Sweep, cell: fn(&OutcomeStat) -> String) -> Table {
    let shown: Vec<Share> = Share::all()
        .into_iter()
        .filter(|o| s.points.iter().any(|p| p.outcomes[o.name()].count > 0))
        .collect();
    let mut header: Vec<String> = s.axes.iter().map(|a| a.label.clone()).collect();
    header.extend(shown.iter().map(|o| o.label().to_string()));
    let h: Vec<&str> = header.iter().map(|x| x.as_str()).collect();
    let mut t = Table::new(&h);
    let own = own_point(s);
    for (k, p) in s.points.iter().enumerate() {
        let mut row: Vec<String> = s
            .axes
            .iter()
            .zip(&p.at)
            .map(|(a, &i)| a.value_labels[i].clone())
            .collect();
        if own == Some(k) {
            row[0].push_str(" (scenario)");
        }
        row.extend(shown.iter().map(|o| cell(&p.outcomes[o.name()])));
        t.row(row);
    }
    t
}

/// "12.3% ±0.5": the half-width in percentage points (the table's note
/// says so).
fn short_cell(o: &OutcomeStat) -> String {
    let d = if o.ci95[1] < 0.01 { 2 } else { 1 };
    format!(
        "{:.d$}% ±{:.d$}",
        o.probability * 100.0,
        (o.ci95[1] - o.ci95[0]) / 2.0 * 100.0
    )
}

/// What the terminal's grid table shows: each cell with its interval.
fn text_note(s: &Sweep) -> String {
    zero_note(s).replace(
        "the estimate (share of all runs of the grid point) ± the half-width of its 95% interval, in percentage points; sweep.csv has the intervals' ends.",
        "the estimate and its 95% interval, over all runs of the grid point.",
    )
}

/// The outcomes the grid table leaves out (zero at every point).
fn zero_note(s: &Sweep) -> String {
    let zero: Vec<&str> = Share::all()
        .into_iter()
        .filter(|o| s.points.iter().all(|p| p.outcomes[o.name()].count == 0))
        .map(|o| o.label())
        .collect();
    let mut note = "Each cell: the estimate (share of all runs of the grid point) ± the half-width of its 95% interval, in percentage points; sweep.csv has the intervals' ends.".to_string();
    if !zero.is_empty() {
        note.push_str(&format!(
            " Zero at every point, left out: {}.",
            zero.join(", ")
        ));
    }
    note
}

fn title(s: &Sweep) -> String {
    format!(
        "Sweep of {}: {}",
        s.scenario.name,
        s.axes
            .iter()
            .map(|a| a.label.as_str())
            .collect::<Vec<_>>()
            .join(" × ")
    )
}

pub fn text(s: &Sweep) -> String {
    format!(
        "{} — {} grid points, {} runs each, seed {} (common random numbers)\n\n{}\n{}\n{NOISE_NOTE}\n",
        title(s),
        s.points.len(),
        num(s.runs as f64),
        s.seed,
        table_with(s, super::index::cell).text(),
        text_note(s)
    )
}

fn md(s: &Sweep, links: &[(String, String)]) -> String {
    let mut out = format!(
        "# {}\n\n{} grid points, {} runs each, seed {}; every point on the same random streams; reassure {}.\n\n> {NOISE_NOTE}\n\n",
        md::text(&title(s)),
        s.points.len(),
        num(s.runs as f64),
        s.seed,
        s.tool.version
    );
    out.push_str(&table(s).markdown());
    out.push_str(&format!("\n{}\n", md::text(&zero_note(s))));
    if !links.is_empty() {
        out.push_str("\n## Charts\n\n");
        for (heading, file) in links {
            out.push_str(&format!("{}\n\n", md::image(heading, file)));
        }
    }
    out
}

fn html(s: &Sweep, rendered: &[Rendered]) -> String {
    let mut b = format!("<h1>{}</h1>\n", esc(&title(s)));
    b.push_str(&format!(
        "<p>{} grid points, {} runs each, seed {}; every grid point ran on the same random streams (common random numbers). Scenario <code>{}</code> (sha256 <code>{}</code>), reassure {}.</p>\n<p class=\"note\">{}</p>\n",
        s.points.len(),
        num(s.runs as f64),
        s.seed,
        esc(&s.scenario.file),
        esc(&s.scenario.sha256),
        esc(&s.tool.version),
        esc(NOISE_NOTE)
    ));
    b.push_str("<h2>Charts</h2>\n");
    if rendered.is_empty() {
        b.push_str("<p>No charts were drawn (<code>--charts none</code>).</p>\n");
    } else {
        b.push_str(&figures(rendered, &title(s)));
    }
    b.push_str("<h2>Grid</h2>\n");
    b.push_str(&format!("<p class=\"note\">{}</p>\n", esc(&zero_note(s))));
    b.push_str(&table(s).html("wide"));
    page(&format!("{} — reassure", title(s)), &b)
}

pub fn files(s: &Sweep, rendered: &[Rendered], formats: Formats) -> Vec<File> {
    let (chart_files, links) = chart_files(rendered, formats);
    let mut json = serde_json::to_string_pretty(s).expect("a Sweep serialises");
    json.push('\n');
    let mut files = vec![
        ("sweep.csv".to_string(), csv(s).into_bytes()),
        ("sweep.json".to_string(), json.into_bytes()),
        ("sweep.md".to_string(), md(s, &links).into_bytes()),
        ("report.html".to_string(), html(s, rendered).into_bytes()),
    ];
    files.extend(chart_files);
    files
}

/// The charts' foot line; `intervals` says where the chart shows the 95%
/// intervals ("bands" on the line chart, "±" in the heatmaps' cells).
fn caption(s: &Sweep, intervals: &str) -> String {
    format!(
        "{} runs per point, seed {}, same random streams at every point · {intervals}: 95% Wilson intervals (Monte Carlo noise only) · reassure {}",
        num(s.runs as f64),
        s.seed,
        s.tool.version
    )
}

/// The outcomes to draw: those asked for, less (by default) those that are
/// zero at every point, which are named in the subtitle instead.
fn drawn_outcomes(s: &Sweep, explicit: bool) -> (Vec<Share>, Vec<&'static str>) {
    let mut shown = Vec::new();
    let mut zero = Vec::new();
    for o in Share::all() {
        if !s.outcomes_charted.iter().any(|n| n == o.name()) {
            continue;
        }
        let all_zero = s.points.iter().all(|p| p.outcomes[o.name()].count == 0);
        if all_zero && !explicit {
            zero.push(o.label());
        } else {
            shown.push(o);
        }
    }
    (shown, zero)
}

/// Draw the sweep's charts on the canvas and with the text of `look`.
/// `explicit`: the outcomes were chosen with `--outcome` (draw them even
/// when always zero).
pub fn render_charts(
    s: &Sweep,
    axes: &[Axis],
    explicit: bool,
    png: bool,
    look: Look,
) -> Result<Vec<Rendered>, ChartError> {
    let size = (look.width, look.height);
    let (shown, zero) = drawn_outcomes(s, explicit);
    let own = own_note(s, axes);
    if axes.len() == 1 {
        let cap = caption(s, "bands");
        let ax = &s.axes[0];
        let mut sub = format!(
            "Probability of each outcome (share of all runs) as {} varies. {own}",
            lower_first(&ax.label)
        );
        if ax.own.is_some() {
            sub.push_str(" (dashed line)");
        }
        if !zero.is_empty() {
            sub.push_str(&format!("; always 0, not drawn: {}", zero.join(", ")));
        }
        let t = format!(
            "{}: outcomes by {}",
            s.scenario.name,
            lower_first(&ax.label)
        );
        let text = [t.as_str(), &sub, &cap];
        return Ok(vec![charts::render_sized(
            "sweep",
            "outcomes against the lever",
            size,
            png,
            |a: &Area<SVGBackend>| lines(a, look, s, &axes[0], &shown, text),
            |a: &Area<Raster>| lines(a, look, s, &axes[0], &shown, text),
        )?]);
    }
    let cap = caption(s, "±");
    let diff_point = own_point(s).filter(|_| s.heatmap.difference);
    // The shared scale: one range over every drawn outcome.
    let shared = (s.heatmap.scale == ScaleChoice::Shared).then(|| {
        let vals = shown.iter().flat_map(|o| {
            s.points
                .iter()
                .map(move |p| cell_value(s, p, *o, diff_point))
        });
        range_of(vals, diff_point.is_some())
    });
    shown
        .iter()
        .map(|o| {
            let t = format!("{}: {}", s.scenario.name, o.label().to_lowercase());
            let what = match diff_point {
                Some(_) => format!(
                    "Difference in the probability of {} from the scenario's own values, in percentage points",
                    o.label().to_lowercase()
                ),
                None => format!(
                    "Probability of {} (share of all runs)",
                    o.label().to_lowercase()
                ),
            };
            let scale_words = match (diff_point, s.heatmap.scale) {
                (Some(_), ScaleChoice::Data) => "colours: this outcome's largest difference either way",
                (Some(_), ScaleChoice::Shared) => "colours: one scale across the outcomes",
                (None, ScaleChoice::Data) => "colours span this outcome's range on the grid",
                (None, ScaleChoice::Shared) => "colours: one scale across the outcomes",
            };
            let cells = match diff_point {
                Some(_) => "each cell: the difference, and the 95% half-width of the cell's own estimate",
                None => "each cell: the estimate and its 95% half-width",
            };
            let mut notes = vec![format!("{what}; {cells}; {scale_words}.")];
            notes.push(if own_point(s).is_some() {
                format!("{own} (outlined).")
            } else {
                format!("{own}.")
            });
            if s.heatmap.difference && diff_point.is_none() {
                notes.push("No difference drawn: the scenario's own values are not a grid point.".into());
            }
            let stem = format!("heatmap-{}", o.name().replace('_', "-"));
            let heading = format!("{} over the grid", o.label().to_lowercase());
            let range = shared.unwrap_or_else(|| {
                range_of(
                    s.points.iter().map(|p| cell_value(s, p, *o, diff_point)),
                    diff_point.is_some(),
                )
            });
            let notes: Vec<&str> = notes.iter().map(String::as_str).collect();
            let cell = Cell {
                o: *o,
                diff: diff_point,
                range,
            };
            charts::render_sized(
                &stem,
                &heading,
                size,
                png,
                |a: &Area<SVGBackend>| heatmap(a, look, s, &cell, (&t, &notes, &cap)),
                |a: &Area<Raster>| heatmap(a, look, s, &cell, (&t, &notes, &cap)),
            )
        })
        .collect()
}

/// "Troops deployed" → "troops deployed"; "U.S. backstop" stays.
fn lower_first(t: &str) -> String {
    let mut c = t.chars();
    match (c.next(), c.next()) {
        (Some(a), Some(b)) if b.is_lowercase() => {
            a.to_lowercase().chain(t[a.len_utf8()..].chars()).collect()
        }
        _ => t.to_string(),
    }
}

/// A cell's value: the probability, or its difference from the scenario's
/// own point.
fn cell_value(s: &Sweep, p: &SweepPoint, o: Share, diff: Option<usize>) -> f64 {
    let v = p.outcomes[o.name()].probability;
    match diff {
        Some(k) => v - s.points[k].outcomes[o.name()].probability,
        None => v,
    }
}

/// The colour scale's ends: the data's range (padded when flat), or for
/// differences ± the largest difference either way.
fn range_of(vals: impl Iterator<Item = f64>, symmetric: bool) -> (f64, f64) {
    let (lo, hi) = vals.fold((f64::MAX, f64::MIN), |(l, h), v| (l.min(v), h.max(v)));
    if lo > hi {
        return (0.0, 1.0);
    }
    if symmetric {
        let m = lo.abs().max(hi.abs()).max(1e-4);
        return (-m, m);
    }
    if hi - lo < 1e-4 {
        let mid = (hi + lo) / 2.0;
        return ((mid - 5e-5).max(0.0), (mid - 5e-5).max(0.0) + 1e-4);
    }
    (lo, hi)
}

/// Whether more of a share is better (`Some(true)`), worse
/// (`Some(false)`) or neither, for the difference colours: the one
/// direction of the charts ([`charts::Better::of`]).
pub fn up_is_good(o: Share) -> Option<bool> {
    match charts::Better::of(o.name()) {
        charts::Better::Higher => Some(true),
        charts::Better::Lower => Some(false),
        charts::Better::Neither => None,
    }
}

fn axis_desc(a: &AxisInfo) -> String {
    let unit = &a.unit;
    // A long unit (a coefficient's equation) stays in sweep.json: an axis
    // title must fit beside the plot.
    if !unit.is_empty()
        && unit.chars().count() <= 28
        && unit != "name"
        && unit != "true/false"
        && !a.label.contains('(')
    {
        format!("{} ({unit})", a.label)
    } else {
        a.label.clone()
    }
}

fn lines<DB: DrawingBackend>(
    root: &Area<DB>,
    look: Look,
    s: &Sweep,
    axis: &Axis,
    shown: &[Share],
    [title, subtitle, caption]: [&str; 3],
) -> R<()> {
    let area = charts::frame_lines_look(root, look, title, &[subtitle], caption)?;
    let info = &s.axes[0];
    let legend: Vec<(String, RGBColor)> = shown
        .iter()
        .map(|o| (o.label().to_string(), share_colour(*o)))
        .collect();
    let area = charts::legend_rows(&area, &legend, look.px(17.0))?;
    // Numeric levers on their own scale; named ones at equal steps.
    let xs: Vec<f64> = if axis.numeric() {
        axis.values.clone()
    } else {
        (0..axis.values.len()).map(|i| i as f64).collect()
    };
    let (lo, hi) = (xs[0].min(xs[xs.len() - 1]), xs[0].max(xs[xs.len() - 1]));
    let pad = if axis.numeric() {
        (hi - lo).max(1e-9) * 0.03
    } else {
        0.5
    };
    let top = s
        .points
        .iter()
        .flat_map(|p| shown.iter().map(move |o| p.outcomes[o.name()].ci95[1]))
        .fold(0.0f64, f64::max);
    let y_max = ((top * 1.1) * 20.0).ceil() / 20.0;
    let y_max = y_max.clamp(0.05, 1.0);
    let labels = info.value_labels.clone();
    let numeric = axis.numeric();
    let mut chart = ChartBuilder::on(&area)
        .margin_top(look.ipx(8.0))
        .margin_right(look.ipx(24.0))
        .x_label_area_size(look.ipx(64.0))
        .y_label_area_size(look.ipx(96.0))
        .build_cartesian_2d(lo - pad..hi + pad, 0f64..y_max)
        .map_err(err)?;
    house_style_look(&mut chart.configure_mesh(), look)
        .x_desc(axis_desc(info))
        .y_desc("probability (share of all runs)")
        .y_label_formatter(&|v| pct_label(*v))
        .x_labels(if numeric { 10 } else { labels.len() * 2 + 1 })
        .x_label_formatter(&|v| {
            if numeric {
                num(*v)
            } else {
                let i = v.round();
                if (v - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < labels.len() {
                    labels[i as usize].clone()
                } else {
                    String::new()
                }
            }
        })
        .draw()
        .map_err(err)?;
    // The scenario's own value: a dashed vertical line, labelled, where it
    // falls inside the axis (a named value only when it is on the grid).
    let own_x = match (info.own, numeric) {
        (Some(x), true) if x >= lo - pad && x <= hi + pad => Some(x),
        (Some(_), false) => info.scenario_value_index.map(|i| i as f64),
        _ => None,
    };
    if let Some(x) = own_x {
        chart
            .draw_series(DashedLineSeries::new(
                [(x, 0.0), (x, y_max)],
                10,
                6,
                INK.stroke_width(2),
            ))
            .map_err(err)?;
        let words = if info.scenario_value_index.is_some() {
            "scenario's value".to_string()
        } else {
            "scenario's value (between grid points)".to_string()
        };
        let right = x > (lo + hi) / 2.0;
        let pos = Pos::new(if right { HPos::Right } else { HPos::Left }, VPos::Top);
        let (px, py) = chart.backend_coord(&(x, y_max));
        let base = area.get_base_pixel();
        area.draw(&Text::new(
            words,
            (
                px - base.0 + look.ipx(if right { -8.0 } else { 8.0 }),
                py - base.1 + look.ipx(6.0),
            ),
            text_style(look.px(16.0), &INK).pos(pos),
        ))
        .map_err(err)?;
    }
    for o in shown {
        let colour = share_colour(*o);
        let pts: Vec<(f64, &OutcomeStat)> = xs
            .iter()
            .zip(&s.points)
            .map(|(x, p)| (*x, &p.outcomes[o.name()]))
            .collect();
        let mut band: Vec<(f64, f64)> = pts.iter().map(|(x, st)| (*x, st.ci95[0])).collect();
        band.extend(pts.iter().rev().map(|(x, st)| (*x, st.ci95[1])));
        chart
            .draw_series(std::iter::once(Polygon::new(
                band,
                colour.mix(0.2).filled(),
            )))
            .map_err(err)?;
        chart
            .draw_series(LineSeries::new(
                pts.iter().map(|(x, st)| (*x, st.probability)),
                colour.stroke_width(3),
            ))
            .map_err(err)?;
        chart
            .draw_series(
                pts.iter().map(|(x, st)| {
                    Circle::new((*x, st.probability), look.ipx(5.0), colour.filled())
                }),
            )
            .map_err(err)?;
    }
    Ok(())
}

/// A colour blended from white (t = 0) to `c` (t = 1).
fn ramp(c: RGBColor, t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let f = |x: u8| (255.0 + (x as f64 - 255.0) * t).round() as u8;
    RGBColor(f(c.0), f(c.1), f(c.2))
}

/// A cell's colour: sequential, from near white to the outcome's colour
/// over the scale; for differences, diverging around white, blue for
/// better and vermillion for worse (purple and grey when the outcome has
/// no better direction).
fn cell_colour(o: Share, v: f64, (lo, hi): (f64, f64), diff: bool) -> RGBColor {
    if !diff {
        let t = (v - lo) / (hi - lo);
        return ramp(share_colour(o), 0.08 + 0.92 * t);
    }
    let t = (v / hi).clamp(-1.0, 1.0);
    let (up, down) = match up_is_good(o) {
        Some(true) => (charts::BLUE, charts::VERMILLION),
        Some(false) => (charts::VERMILLION, charts::BLUE),
        None => (charts::PURPLE, GREY),
    };
    if t >= 0.0 {
        ramp(up, t)
    } else {
        ramp(down, -t)
    }
}

fn ink_on(c: RGBColor) -> RGBColor {
    let l = 0.299 * c.0 as f64 + 0.587 * c.1 as f64 + 0.114 * c.2 as f64;
    if l < 140.0 { WHITE } else { INK }
}

/// What one heatmap colours: the outcome, the scenario's point when the
/// cells are differences from it, and the colour scale's ends.
struct Cell {
    o: Share,
    diff: Option<usize>,
    range: (f64, f64),
}

fn heatmap<DB: DrawingBackend>(
    root: &Area<DB>,
    look: Look,
    s: &Sweep,
    cell: &Cell,
    (title, notes, caption): (&str, &[&str], &str),
) -> R<()> {
    let Cell { o, diff, range } = *cell;
    let area = charts::frame_lines_look(root, look, title, notes, caption)?;
    let (plot, scale_area) =
        area.split_horizontally(area.dim_in_pixel().0 - look.ipx(170.0) as u32);
    let (ax, ay) = (&s.axes[0], &s.axes[1]);
    let (nx, ny) = (ax.values.len() as i32, ay.values.len() as i32);
    let y_labels: Vec<String> = ay
        .value_labels
        .iter()
        .enumerate()
        .map(|(j, l)| {
            if ay.scenario_value_index == Some(j) {
                format!("{l} (scenario)")
            } else {
                l.clone()
            }
        })
        .collect();
    let label = text_style(look.px(17.0), &INK);
    let y_w = charts::label_width(&plot, &y_labels, &label).max(look.ipx(60.0) as u32)
        + look.ipx(40.0) as u32;
    // The column labels, wrapped onto two lines where a column is narrow.
    let col_w = (plot.dim_in_pixel().0 as i32 - y_w as i32 - look.ipx(12.0)) / nx.max(1);
    let mark = |a: &AxisInfo, i: usize, l: &str| {
        if a.scenario_value_index == Some(i) {
            format!("{l} (scenario)")
        } else {
            l.to_string()
        }
    };
    let x_labels: Vec<Vec<String>> = ax
        .value_labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let w = (col_w - 8).max(8) as u32;
            let lines = charts::wrap(&plot, &mark(ax, i, l), &label, w, 2);
            // Too narrow for "(scenario)": the value alone (the subtitle
            // names the scenario's values, the outline marks its cell).
            if lines.iter().any(|x| x.contains('…')) {
                charts::wrap(&plot, l, &label, w, 2)
            } else {
                lines
            }
        })
        .collect();
    let line_h = look.ipx(22.0);
    let extra_lines = x_labels
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(1)
        .saturating_sub(1);
    let mut chart = ChartBuilder::on(&plot)
        .margin_top(look.ipx(8.0))
        .margin_right(look.ipx(12.0))
        .x_label_area_size(look.ipx(64.0) + line_h * extra_lines as i32)
        .y_label_area_size(y_w)
        .build_cartesian_2d(0f64..nx as f64, 0f64..ny as f64)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(0)
        .y_labels(0)
        .x_desc(axis_desc(ax))
        .y_desc(axis_desc(ay))
        .axis_desc_style(text_style(look.px(19.0), &INK))
        .axis_style(GREY)
        .draw()
        .map_err(err)?;
    // Value labels at the centre of each row and column.
    let base = plot.get_base_pixel();
    for (i, lines) in x_labels.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(i as f64 + 0.5, 0.0));
        for (n, l) in lines.iter().enumerate() {
            plot.draw(&Text::new(
                l.clone(),
                (
                    px - base.0,
                    py - base.1 + look.ipx(10.0) + line_h * n as i32,
                ),
                label.clone().pos(Pos::new(HPos::Center, VPos::Top)),
            ))
            .map_err(err)?;
        }
    }
    for (j, l) in y_labels.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(0.0, j as f64 + 0.5));
        plot.draw(&Text::new(
            l.clone(),
            (px - base.0 - look.ipx(10.0), py - base.1),
            label.clone().pos(Pos::new(HPos::Right, VPos::Center)),
        ))
        .map_err(err)?;
    }
    // The cells' text: as large as the look's, smaller where the cells
    // are small, never under 14 px; the half-width line only where two
    // lines fit (the grid table has it too).
    let mains: Vec<String> = s
        .points
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let st = &p.outcomes[o.name()];
            match diff {
                Some(d) if d == k => value_label(st.probability),
                Some(_) => format!("{:+.1} pp", cell_value(s, p, o, diff) * 100.0),
                None => value_label(st.probability),
            }
        })
        .collect();
    let (cx0, cy0) = chart.backend_coord(&(0.0, 1.0));
    let (cx1, cy1) = chart.backend_coord(&(1.0, 0.0));
    let (cell_w, cell_h) = ((cx1 - cx0) as f64, (cy1 - cy0) as f64);
    // The second line: the half-width, or under differences "(own)" in
    // the scenario's own cell (its probability is the first line).
    let halves: Vec<String> = s
        .points
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let st = &p.outcomes[o.name()];
            match diff {
                Some(d) if d == k => "(own)".to_string(),
                _ => format!("±{:.2} pp", (st.ci95[1] - st.ci95[0]) / 2.0 * 100.0),
            }
        })
        .collect();
    let widest = |texts: &[String], size: f64| {
        texts
            .iter()
            .filter_map(|m| plot.estimate_text_size(m, &text_style(size, &INK)).ok())
            .map(|(w, _)| w as f64)
            .fold(0.0, f64::max)
    };
    let room = cell_w - look.px(10.0);
    let half_of = |size: f64| (size * 0.85).max(14.0);
    let mut cell_font = look.px(17.0);
    while cell_font > 14.0
        && (widest(&mains, cell_font) > room
            || widest(&halves, half_of(cell_font)) > room
            || 1.3 * (cell_font + half_of(cell_font)) > cell_h)
    {
        cell_font -= 1.0;
    }
    let half_font = half_of(cell_font);
    let two_lines = 1.3 * (cell_font + half_font) <= cell_h && widest(&halves, half_font) <= room;
    let own = own_point(s);
    for (k, p) in s.points.iter().enumerate() {
        let (i, j) = (p.at[0] as f64, p.at[1] as f64);
        let v = cell_value(s, p, o, diff);
        let fill = cell_colour(o, v, range, diff.is_some());
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(i, j), (i + 1.0, j + 1.0)],
                fill.filled(),
            )))
            .map_err(err)?;
        let ink = ink_on(fill);
        let (px, py) = chart.backend_coord(&(i + 0.5, j + 0.5));
        let centre = Pos::new(HPos::Center, VPos::Center);
        let (up, down) = if two_lines {
            (
                (0.65 * half_font).round() as i32,
                (0.65 * cell_font).round() as i32,
            )
        } else {
            (0, 0)
        };
        plot.draw(&Text::new(
            mains[k].clone(),
            (px - base.0, py - base.1 - up),
            text_style(cell_font, &ink).pos(centre),
        ))
        .map_err(err)?;
        if two_lines {
            plot.draw(&Text::new(
                halves[k].clone(),
                (px - base.0, py - base.1 + down),
                text_style(half_font, &ink).pos(centre),
            ))
            .map_err(err)?;
        }
    }
    // The scenario's own cell, outlined.
    if let Some(k) = own {
        let (i, j) = (s.points[k].at[0] as f64, s.points[k].at[1] as f64);
        let (x0, y0) = chart.backend_coord(&(i, j + 1.0));
        let (x1, y1) = chart.backend_coord(&(i + 1.0, j));
        for w in 0..4 {
            plot.draw(&Rectangle::new(
                [
                    (x0 - base.0 + w, y0 - base.1 + w),
                    (x1 - base.0 - w, y1 - base.1 - w),
                ],
                INK.stroke_width(1),
            ))
            .map_err(err)?;
        }
    }
    // The colour scale, its ends the data's (or the shared) range.
    let (_, h) = scale_area.dim_in_pixel();
    let (top, bottom) = (look.ipx(20.0), h as i32 - look.ipx(80.0));
    let (lo, hi) = range;
    let at = |t: f64| lo + (hi - lo) * t;
    for y in top..bottom {
        let t = 1.0 - (y - top) as f64 / (bottom - top) as f64;
        scale_area
            .draw(&Rectangle::new(
                [(look.ipx(20.0), y), (look.ipx(48.0), y + 1)],
                cell_colour(o, at(t), range, diff.is_some()).filled(),
            ))
            .map_err(err)?;
    }
    let tick = |v: f64| match diff {
        Some(_) => format!("{:+.1} pp", v * 100.0),
        None => value_label(v),
    };
    let small = text_style(look.px(16.0), &INK).pos(Pos::new(HPos::Left, VPos::Center));
    let tx = look.ipx(56.0);
    for (t, y) in [(1.0, top), (0.5, (top + bottom) / 2), (0.0, bottom)] {
        scale_area
            .draw(&Text::new(tick(at(t)), (tx, y), small.clone()))
            .map_err(err)?;
    }
    if diff.is_some() {
        let (up, down) = match up_is_good(o) {
            Some(true) => ("better", "worse"),
            Some(false) => ("worse", "better"),
            None => ("more", "less"),
        };
        scale_area
            .draw(&Text::new(up, (tx, top + look.ipx(22.0)), small.clone()))
            .map_err(err)?;
        scale_area
            .draw(&Text::new(down, (tx, bottom - look.ipx(22.0)), small))
            .map_err(err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::sweep::{apply, parse_vary};

    /// A small sweep of the default scenario with troops fixed at 25,000.
    fn small(vary: &[&str], view: HeatmapView) -> (Sweep, Vec<Axis>) {
        let mut base = crate::scenario::load_default();
        let axes: Vec<Axis> = vary.iter().map(|v| parse_vary(v).unwrap()).collect();
        apply(&mut base, axes[0].lever, 25_000.0);
        base.runs = 3000;
        let points = crate::analysis::sweep::grid(&axes);
        let aggs: Vec<_> = points
            .iter()
            .map(|at| {
                let mut s = base.clone();
                for (a, &i) in axes.iter().zip(at) {
                    apply(&mut s, a.lever, a.values[i]);
                }
                crate::engine::simulate_serial(&crate::model::Model::new(&s), s.seed, 0..3000)
            })
            .collect();
        (build(&base, &axes, &[], &aggs, (0.0, 1), view), axes)
    }

    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter_map(|t| {
                let body = t.split_once('>')?.1;
                let text = body.split("</text>").next()?.trim();
                Some(text.replace("&apos;", "'").replace("&amp;", "&"))
            })
            .collect()
    }

    /// The line chart marks the scenario's own value; when the value is off
    /// the grid the chart says so.
    #[test]
    fn the_line_chart_marks_the_scenario_value() {
        let (s, axes) = small(&["force.troops=5000,25000,45000"], HeatmapView::default());
        let svg = &render_charts(&s, &axes, false, false, Look::SCREEN).unwrap()[0].svg;
        let t = texts(svg);
        assert!(t.iter().any(|x| x == "scenario's value"), "{t:?}");
        assert!(t.iter().any(|x| x.contains("Troops deployed")));
        assert!(!t.iter().any(|x| x.contains("force.troops")));
        let (s, axes) = small(&["force.troops=5000,15000,45000"], HeatmapView::default());
        let svg = &render_charts(&s, &axes, false, false, Look::SCREEN).unwrap()[0].svg;
        let t = texts(svg).join(" ");
        assert!(t.contains("between grid points"), "{t}");
        assert!(t.contains("not on the grid"), "{t}");
    }

    /// Heatmaps outline the scenario's cell, label its values, and fit the
    /// colour scale to the data (its ends are the outcome's lowest and
    /// highest estimate, not 0); the shared scale spans every outcome; the
    /// difference mode is centred on the scenario's cell.
    #[test]
    fn heatmaps_mark_the_scenario_and_fit_their_scales() {
        let vary = [
            "force.troops=5000,25000",
            "us_backstop.level=none,isr_logistics",
        ];
        let (s, axes) = small(&vary, HeatmapView::default());
        assert_eq!(own_point(&s), Some(3));
        let charts = render_charts(&s, &axes, false, false, Look::SCREEN).unwrap();
        let c = charts.iter().find(|c| c.stem == "heatmap-war").unwrap();
        let t = texts(&c.svg);
        assert!(t.iter().any(|x| x == "25,000 (scenario)"), "{t:?}");
        assert!(
            t.iter().any(|x| x == "ISR and logistics (scenario)"),
            "{t:?}"
        );
        let ps: Vec<f64> = s
            .points
            .iter()
            .map(|p| p.outcomes["war"].probability)
            .collect();
        let lo = ps.iter().cloned().fold(f64::MAX, f64::min);
        let hi = ps.iter().cloned().fold(f64::MIN, f64::max);
        assert!(lo > 0.0);
        assert!(
            t.contains(&value_label(lo)) && t.contains(&value_label(hi)),
            "{t:?}"
        );
        assert!(!t.contains(&"0%".to_string()));
        // The outline: a rectangle drawn without fill around the cell.
        assert!(c.svg.contains("fill=\"none\""));
        // Shared: the same ends on every heatmap.
        let (s, axes) = small(
            &vary,
            HeatmapView {
                scale: ScaleChoice::Shared,
                difference: false,
            },
        );
        let ends: Vec<Vec<String>> = render_charts(&s, &axes, false, false, Look::SCREEN)
            .unwrap()
            .iter()
            .map(|c| {
                texts(&c.svg)
                    .into_iter()
                    .filter(|x| x.ends_with('%') && !x.contains(' '))
                    .collect()
            })
            .collect();
        let hi = s
            .points
            .iter()
            .flat_map(|p| {
                s.outcomes_charted
                    .iter()
                    .map(|n| p.outcomes[n.as_str()].probability)
            })
            .fold(0.0, f64::max);
        let occurring = s
            .outcomes_charted
            .iter()
            .filter(|n| s.points.iter().any(|p| p.outcomes[n.as_str()].count > 0))
            .count();
        assert_eq!(ends.len(), occurring, "every class charted that occurs");
        assert!(occurring >= 6);
        assert!(
            ends.iter().all(|e| e.iter().any(|x| x == &value_label(hi))),
            "{ends:?}"
        );
        // Difference: the scenario's cell reads "(own)", the scale is symmetric.
        let (s, axes) = small(
            &vary,
            HeatmapView {
                scale: ScaleChoice::Data,
                difference: true,
            },
        );
        let c = &render_charts(&s, &axes, false, false, Look::SCREEN).unwrap()[0];
        let t = texts(&c.svg);
        assert!(t.iter().any(|x| x.ends_with("(own)")), "{t:?}");
        let top = t
            .iter()
            .filter(|x| x.starts_with('+') && x.ends_with(" pp"))
            .max_by(|a, b| {
                let v = |x: &str| x[1..x.len() - 3].parse::<f64>().unwrap();
                v(a).total_cmp(&v(b))
            })
            .unwrap();
        assert_ne!(top, "+0.0 pp");
        assert!(t.iter().any(|x| *x == top.replacen('+', "-", 1)), "{t:?}");
    }

    #[test]
    fn scales_fit_the_data_and_differences_are_symmetric() {
        assert_eq!(range_of([0.2, 0.3, 0.25].into_iter(), false), (0.2, 0.3));
        assert_eq!(range_of([-0.02, 0.05].into_iter(), true), (-0.05, 0.05));
        let (lo, hi) = range_of([0.4, 0.4].into_iter(), false);
        assert!(lo < 0.4 && hi > 0.4);
        assert_eq!(
            up_is_good(Share::Peace(crate::model::Peace::CeasefireQuiet)),
            Some(true)
        );
        assert_eq!(
            up_is_good(Share::Peace(crate::model::Peace::War)),
            Some(false)
        );
        assert_eq!(
            up_is_good(Share::Peace(crate::model::Peace::WiderWar)),
            Some(false)
        );
        // Better is blue whichever way the outcome moves.
        let r = (-0.1, 0.1);
        assert_eq!(
            cell_colour(
                Share::Peace(crate::model::Peace::CeasefireQuiet),
                0.1,
                r,
                true
            ),
            charts::BLUE
        );
        assert_eq!(
            cell_colour(Share::Peace(crate::model::Peace::War), -0.1, r, true),
            charts::BLUE
        );
        assert_eq!(
            cell_colour(Share::Peace(crate::model::Peace::War), 0.1, r, true),
            charts::VERMILLION
        );
    }
}
