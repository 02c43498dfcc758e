//! The outputs of `reassure sweep`: `sweep.csv` (one row per grid point),
//! `sweep.json`, `sweep.md`, `report.html` and the charts: one line chart of
//! every outcome against the lever (one axis), or a heatmap per outcome
//! (two axes).

use super::charts::{
    self, Area, ChartError, Formats, GREY, INK, R, Rendered, err, frame, house_style,
    outcome_colour, pct_label, text_style, value_label,
};
use super::html::{esc, figures, page};
use super::markdown::NOISE_NOTE;
use super::raster::Raster;
use super::summary::{OutcomeStat, ScenarioInfo, Tool};
use super::table::{Table, num};
use super::{File, chart_files};
use crate::analysis::sweep::Axis;
use crate::model::Outcome;
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
}

#[derive(Clone, Debug, Serialize)]
pub struct AxisInfo {
    pub key: String,
    pub unit: String,
    pub values: Vec<String>,
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

/// Axis metadata for the result.
pub fn axis_info(a: &Axis) -> AxisInfo {
    AxisInfo {
        key: a.key.clone(),
        unit: a.unit().to_string(),
        values: a.labels.clone(),
    }
}

pub fn csv(s: &Sweep) -> String {
    let mut out: Vec<String> = s.axes.iter().map(|a| a.key.clone()).collect();
    for o in Outcome::ALL {
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

/// Grid point × outcome probabilities with intervals.
pub fn table(s: &Sweep) -> Table {
    let mut header: Vec<String> = s.axes.iter().map(|a| a.key.clone()).collect();
    header.extend(Outcome::ALL.iter().map(|o| o.name().replace('_', " ")));
    let h: Vec<&str> = header.iter().map(|x| x.as_str()).collect();
    let mut t = Table::new(&h);
    for p in &s.points {
        let mut row: Vec<String> = p.values.values().cloned().collect();
        row.extend(p.outcomes.values().map(super::index::cell));
        t.row(row);
    }
    t
}

fn title(s: &Sweep) -> String {
    format!(
        "Sweep of {}: {}",
        s.scenario.name,
        s.axes
            .iter()
            .map(|a| a.key.as_str())
            .collect::<Vec<_>>()
            .join(" × ")
    )
}

pub fn text(s: &Sweep) -> String {
    format!(
        "{} — {} grid points, {} runs each, seed {} (common random numbers)\n\n{}\n{NOISE_NOTE}\n",
        title(s),
        s.points.len(),
        num(s.runs as f64),
        s.seed,
        table(s).text()
    )
}

fn md(s: &Sweep, links: &[(String, String)]) -> String {
    let mut out = format!(
        "# {}\n\n{} grid points, {} runs each, seed {}; every point on the same random streams; reassure {}.\n\n> {NOISE_NOTE}\n\n",
        title(s),
        s.points.len(),
        num(s.runs as f64),
        s.seed,
        s.tool.version
    );
    out.push_str(&table(s).markdown());
    if !links.is_empty() {
        out.push_str("\n## Charts\n\n");
        for (heading, file) in links {
            out.push_str(&format!("![{heading}]({file})\n\n"));
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

fn caption(s: &Sweep) -> String {
    format!(
        "{} runs per point, seed {}, same random streams at every point · bands: 95% Wilson intervals (Monte Carlo noise only) · reassure {}",
        num(s.runs as f64),
        s.seed,
        s.tool.version
    )
}

/// The outcomes to draw: those asked for, less (by default) those that are
/// zero at every point, which are named in the subtitle instead.
fn drawn_outcomes(s: &Sweep, explicit: bool) -> (Vec<Outcome>, Vec<&'static str>) {
    let mut shown = Vec::new();
    let mut zero = Vec::new();
    for o in Outcome::ALL {
        if !s.outcomes_charted.iter().any(|n| n == o.name()) {
            continue;
        }
        let all_zero = s.points.iter().all(|p| p.outcomes[o.name()].count == 0);
        if all_zero && !explicit {
            zero.push(o.name());
        } else {
            shown.push(o);
        }
    }
    (shown, zero)
}

/// Draw the sweep's charts. `explicit`: the outcomes were chosen with
/// `--outcome` (draw them even when always zero).
pub fn render_charts(
    s: &Sweep,
    axes: &[Axis],
    explicit: bool,
    png: bool,
) -> Result<Vec<Rendered>, ChartError> {
    let (shown, zero) = drawn_outcomes(s, explicit);
    let cap = caption(s);
    if axes.len() == 1 {
        let sub = if zero.is_empty() {
            format!("Probability of each outcome as {} varies", axes[0].key)
        } else {
            format!(
                "Probability of each outcome as {} varies; always 0, not drawn: {}",
                axes[0].key,
                zero.join(", ")
            )
        };
        let t = format!("{}: outcomes", s.scenario.name);
        return Ok(vec![charts::render_one(
            "sweep",
            "outcomes against the lever",
            png,
            |a: &Area<SVGBackend>| lines(a, s, &axes[0], &shown, &t, &sub, &cap),
            |a: &Area<Raster>| lines(a, s, &axes[0], &shown, &t, &sub, &cap),
        )?]);
    }
    shown
        .iter()
        .map(|o| {
            let t = format!("{}: {}", s.scenario.name, o.name().replace('_', " "));
            let sub = format!(
                "Probability of {} over {} × {}; each cell: estimate and 95% half-width in percentage points",
                o.name(),
                axes[0].key,
                axes[1].key
            );
            let stem = format!("heatmap-{}", o.name().replace('_', "-"));
            let heading = format!("{} over the grid", o.name().replace('_', " "));
            charts::render_one(
                &stem,
                &heading,
                png,
                |a: &Area<SVGBackend>| heatmap(a, s, axes, *o, &t, &sub, &cap),
                |a: &Area<Raster>| heatmap(a, s, axes, *o, &t, &sub, &cap),
            )
        })
        .collect()
}

fn axis_desc(a: &Axis) -> String {
    if a.numeric() && !a.unit().is_empty() {
        format!("{} ({})", a.key, a.unit())
    } else {
        a.key.clone()
    }
}

fn lines<DB: DrawingBackend>(
    root: &Area<DB>,
    s: &Sweep,
    axis: &Axis,
    shown: &[Outcome],
    title: &str,
    subtitle: &str,
    caption: &str,
) -> R<()> {
    let area = frame(root, title, subtitle, caption)?;
    let legend: Vec<(String, RGBColor)> = shown
        .iter()
        .map(|o| (o.name().replace('_', " "), outcome_colour(*o)))
        .collect();
    let area = charts::legend_row(&area, &legend)?;
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
    let labels = axis.labels.clone();
    let numeric = axis.numeric();
    let mut chart = ChartBuilder::on(&area)
        .margin_top(8)
        .margin_right(24)
        .x_label_area_size(64)
        .y_label_area_size(96)
        .build_cartesian_2d(lo - pad..hi + pad, 0f64..y_max.clamp(0.05, 1.0))
        .map_err(err)?;
    house_style(&mut chart.configure_mesh())
        .x_desc(axis_desc(axis))
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
    for o in shown {
        let colour = outcome_colour(*o);
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
                pts.iter()
                    .map(|(x, st)| Circle::new((*x, st.probability), 5, colour.filled())),
            )
            .map_err(err)?;
    }
    Ok(())
}

/// Viridis (perceptually uniform, colour-blind safe), 5 stops.
fn viridis(t: f64) -> RGBColor {
    const STOPS: [(f64, f64, f64); 5] = [
        (68.0, 1.0, 84.0),
        (59.0, 82.0, 139.0),
        (33.0, 145.0, 140.0),
        (94.0, 201.0, 98.0),
        (253.0, 231.0, 37.0),
    ];
    let t = t.clamp(0.0, 1.0) * 4.0;
    let i = (t.floor() as usize).min(3);
    let f = t - i as f64;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    let mix = |x: f64, y: f64| (x + (y - x) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

fn heatmap<DB: DrawingBackend>(
    root: &Area<DB>,
    s: &Sweep,
    axes: &[Axis],
    o: Outcome,
    title: &str,
    subtitle: &str,
    caption: &str,
) -> R<()> {
    let area = frame(root, title, subtitle, caption)?;
    let (plot, scale_area) = area.split_horizontally(area.dim_in_pixel().0 - 130);
    let (nx, ny) = (axes[0].values.len() as i32, axes[1].values.len() as i32);
    let max = s
        .points
        .iter()
        .map(|p| p.outcomes[o.name()].probability)
        .fold(0.0f64, f64::max)
        .max(1e-9);
    let mut chart = ChartBuilder::on(&plot)
        .margin_top(8)
        .margin_right(12)
        .x_label_area_size(64)
        .y_label_area_size(130)
        .build_cartesian_2d(0f64..nx as f64, 0f64..ny as f64)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(0)
        .y_labels(0)
        .x_desc(axis_desc(&axes[0]))
        .y_desc(axis_desc(&axes[1]))
        .axis_desc_style(text_style(19.0, &INK))
        .axis_style(GREY)
        .draw()
        .map_err(err)?;
    // Value labels at the centre of each row and column.
    let base = plot.get_base_pixel();
    let label = text_style(17.0, &INK);
    for (i, l) in axes[0].labels.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(i as f64 + 0.5, 0.0));
        plot.draw(&Text::new(
            l.clone(),
            (px - base.0, py - base.1 + 10),
            label.clone().pos(Pos::new(HPos::Center, VPos::Top)),
        ))
        .map_err(err)?;
    }
    for (j, l) in axes[1].labels.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(0.0, j as f64 + 0.5));
        plot.draw(&Text::new(
            l.clone(),
            (px - base.0 - 10, py - base.1),
            label.clone().pos(Pos::new(HPos::Right, VPos::Center)),
        ))
        .map_err(err)?;
    }
    let cell_font = if nx * ny > 60 { 12.0 } else { 17.0 };
    for p in &s.points {
        let st = &p.outcomes[o.name()];
        let (i, j) = (p.at[0] as f64, p.at[1] as f64);
        let t = st.probability / max;
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(i, j), (i + 1.0, j + 1.0)],
                viridis(t).filled(),
            )))
            .map_err(err)?;
        let ink = if t > 0.6 { INK } else { WHITE };
        let half = (st.ci95[1] - st.ci95[0]) / 2.0 * 100.0;
        let (px, py) = chart.backend_coord(&(i + 0.5, j + 0.5));
        let style = text_style(cell_font, &ink).pos(Pos::new(HPos::Center, VPos::Center));
        plot.draw(&Text::new(
            value_label(st.probability),
            (px - base.0, py - base.1 - 10),
            style.clone(),
        ))
        .map_err(err)?;
        plot.draw(&Text::new(
            format!("±{half:.2} pp"),
            (px - base.0, py - base.1 + 12),
            text_style(cell_font * 0.8, &ink).pos(Pos::new(HPos::Center, VPos::Center)),
        ))
        .map_err(err)?;
    }
    // The colour scale.
    let (_, h) = scale_area.dim_in_pixel();
    let (top, bottom) = (20i32, h as i32 - 80);
    for y in top..bottom {
        let t = 1.0 - (y - top) as f64 / (bottom - top) as f64;
        scale_area
            .draw(&Rectangle::new([(30, y), (58, y + 1)], viridis(t).filled()))
            .map_err(err)?;
    }
    for (t, y) in [(1.0, top), (0.5, (top + bottom) / 2), (0.0, bottom)] {
        scale_area
            .draw(&Text::new(
                pct_label(max * t),
                (66, y),
                text_style(16.0, &INK).pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(err)?;
    }
    Ok(())
}
