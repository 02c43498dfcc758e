//! The peace and the force over time: for each calendar month 0..=horizon,
//! the share of all runs in each state (`engine::STATES`), as a
//! stacked-area chart that adds up to 100% every month. One scenario: one
//! chart, its areas labelled where they are wide enough. A comparison: one
//! panel per option on the same scales (small multiples), never overlaid.

use super::charts::{
    Area, ChartSet, GREEN, INK, ORANGE, R, SKY, err, legend_rows, pct_label, peace_colour,
    text_style,
};
use crate::engine::{Aggregate, N_STATES, STATES};
use crate::model::Peace;
use indexmap::IndexMap;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

/// `summary.json`'s `mission_states`: per state of `engine::STATES` (by
/// identifier, in stacking order), the count of runs in that state at each
/// mission month 0..=horizon. Every month's counts add up to `runs`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct MissionStates {
    /// What the counts are over: always all runs.
    pub denominator: String,
    /// What month t means.
    pub months: String,
    pub counts: IndexMap<String, Vec<u64>>,
}

impl MissionStates {
    pub fn of(agg: &Aggregate) -> MissionStates {
        let by_month = agg.states();
        MissionStates {
            denominator: "all runs".into(),
            months: "0 = the scenario's start; m = the end of calendar month m".into(),
            counts: STATES
                .iter()
                .enumerate()
                .map(|(i, (name, _, _))| {
                    (name.to_string(), by_month.iter().map(|m| m[i]).collect())
                })
                .collect(),
        }
    }

    /// The last month with counts (the horizon), if any.
    fn months_shown(&self) -> usize {
        self.counts.values().map(Vec::len).max().unwrap_or(0)
    }
}

/// Each state's colour: a ceasefire green and war orange, lighter when no
/// force is in the country; a wider war its peace class's colour.
pub fn state_colour(i: usize) -> RGBColor {
    use crate::engine::aggregate::state::*;
    match i {
        IN_PLACE_CEASEFIRE => GREEN,
        NO_FORCE_CEASEFIRE => lighten(GREEN, 0.55),
        IN_PLACE_WAR => ORANGE,
        NO_FORCE_WAR => lighten(ORANGE, 0.5),
        WIDER_WAR => peace_colour(Peace::WiderWar),
        _ => SKY,
    }
}

fn lighten(c: RGBColor, t: f64) -> RGBColor {
    let f = |x: u8| (x as f64 + (255.0 - x as f64) * t).round() as u8;
    RGBColor(f(c.0), f(c.1), f(c.2))
}

/// Text that reads on `c`: white on dark fills, ink on light ones.
fn ink_on(c: RGBColor) -> RGBColor {
    let l = 0.299 * c.0 as f64 + 0.587 * c.1 as f64 + 0.114 * c.2 as f64;
    if l < 140.0 { WHITE } else { INK }
}

/// Cumulative shares of one scenario: `cum[s][t]` is the share of runs in
/// states 0..s at month t (cum[0] is all zeros, cum[N_STATES] all ones).
fn cumulative(m: &MissionStates, runs: u64) -> Vec<Vec<f64>> {
    let months = m.months_shown();
    let mut cum = vec![vec![0.0; months]; N_STATES + 1];
    let mut acc = vec![0u64; months];
    for (s, (name, _, _)) in STATES.iter().enumerate() {
        if let Some(v) = m.counts.get(*name) {
            for (a, c) in acc.iter_mut().zip(v) {
                *a += c;
            }
        }
        for t in 0..months {
            cum[s + 1][t] = acc[t] as f64 / runs.max(1) as f64;
        }
    }
    cum
}

/// The states that hold a run at some month in any of the summaries.
fn present(set: &ChartSet) -> Vec<usize> {
    (0..N_STATES)
        .filter(|&s| {
            set.series.iter().any(|(_, x)| {
                x.mission_states
                    .counts
                    .get(STATES[s].0)
                    .is_some_and(|v| v.iter().any(|&c| c > 0))
            })
        })
        .collect()
}

/// The mission-state chart of `set`: one stacked area per scenario.
pub fn mission_states<DB: DrawingBackend>(
    frame: impl Fn(&str) -> R<Area<DB>>,
    set: &ChartSet,
) -> R<()> {
    let multi = set.series.len() > 1;
    let area = &frame(if multi {
        "Share of all runs in each state, month by month from the scenario's start; one panel per option, same scales"
    } else {
        "Share of all runs in each state, month by month from the scenario's start (month 0), one calendar for every option"
    })?;
    if set
        .series
        .iter()
        .all(|(_, s)| s.mission_states.counts.is_empty())
    {
        return super::charts::empty(area, "This summary has no mission states.");
    }
    let shown = present(set);
    let legend: Vec<(String, RGBColor)> = shown
        .iter()
        .map(|&s| (STATES[s].1.to_string(), state_colour(s)))
        .collect();
    let look = set.look;
    let area = &legend_rows(area, &legend, look.px(if multi { 15.0 } else { 17.0 }))?;
    let h = set
        .series
        .iter()
        .map(|(_, s)| s.mission_states.months_shown().saturating_sub(1))
        .max()
        .unwrap_or(1)
        .max(1);
    let n = set.series.len();
    let cols = match n {
        1 => 1,
        2..=3 => n,
        4 => 2,
        5..=9 => 3,
        _ => 4,
    };
    let rows = n.div_ceil(cols);
    let panels = area.split_evenly((rows, cols));
    for (p, (label, s)) in panels.iter().zip(&set.series) {
        panel(
            p,
            if multi { Some(label.as_str()) } else { None },
            s,
            h,
            &shown,
            multi,
            look,
        )?;
    }
    Ok(())
}

fn panel<DB: DrawingBackend>(
    area: &Area<DB>,
    title: Option<&str>,
    s: &super::Summary,
    h: usize,
    shown: &[usize],
    small: bool,
    look: super::charts::Look,
) -> R<()> {
    let area = match title {
        Some(t) => {
            let ts = (super::charts::FONT, look.px(17.0), FontStyle::Bold)
                .into_font()
                .color(&INK);
            let w = area.dim_in_pixel().0.saturating_sub(16);
            let t = super::charts::fit(area, t, &ts, w);
            area.draw(&Text::new(t, (8, 4), ts)).map_err(err)?;
            area.margin(look.px(26.0) as u32, 0, 0, 0)
        }
        None => area.clone(),
    };
    // Small panels keep 14 px text, the least that reads on a slide.
    let (label_size, axis_x, axis_y) = if small {
        (look.px(14.0), look.px(42.0) as u32, look.px(60.0) as u32)
    } else {
        (look.px(17.0), look.px(64.0) as u32, look.px(96.0) as u32)
    };
    let mut chart = ChartBuilder::on(&area)
        .margin_top(6)
        .margin_right(if small { 14 } else { 24 })
        .x_label_area_size(axis_x)
        .y_label_area_size(axis_y)
        .build_cartesian_2d(0f64..h as f64, 0f64..1.0)
        .map_err(err)?;
    let mut mesh = chart.configure_mesh();
    super::charts::house_style_look(&mut mesh, look)
        .y_label_formatter(&|v| pct_label(*v))
        .x_label_formatter(&|v| format!("{v:.0}"))
        .x_labels(if small { 7 } else { h.min(24) + 1 })
        .y_labels(if small { 6 } else { 11 });
    if small {
        mesh.label_style(text_style(label_size, &INK))
            .axis_desc_style(text_style(label_size, &INK))
            .x_desc("month from the start");
    } else {
        mesh.x_desc("month from the start (0 = the start; every option on one calendar)")
            .y_desc("share of all runs");
    }
    mesh.draw().map_err(err)?;
    let runs = s.runs;
    let cum = cumulative(&s.mission_states, runs);
    let months = cum[0].len();
    if months == 0 || runs == 0 {
        return Ok(());
    }
    let x = |t: usize| t as f64;
    for &st in shown {
        let (lo, hi) = (&cum[st], &cum[st + 1]);
        if (0..months).all(|t| hi[t] <= lo[t]) {
            continue;
        }
        let mut poly: Vec<(f64, f64)> = (0..months).map(|t| (x(t), hi[t])).collect();
        poly.extend((0..months).rev().map(|t| (x(t), lo[t])));
        chart
            .draw_series(std::iter::once(Polygon::new(
                poly,
                state_colour(st).filled(),
            )))
            .map_err(err)?;
    }
    // Thin white seams between the areas, so neighbours of similar shade
    // stay apart.
    for &st in shown {
        let hi = &cum[st + 1];
        if hi.iter().all(|&v| v >= 1.0 - 1e-12) || hi.iter().all(|&v| v <= 1e-12) {
            continue;
        }
        chart
            .draw_series(LineSeries::new(
                (0..months).map(|t| (x(t), hi[t])),
                WHITE.stroke_width(1),
            ))
            .map_err(err)?;
    }
    // Direct labels: each area's name where the band is tall enough over
    // the label's width; the share at the horizon follows the name.
    let base = area.get_base_pixel();
    let (x0, _) = chart.backend_coord(&(0.0, 0.0));
    let (x1, _) = chart.backend_coord(&(h as f64, 0.0));
    let (_, y_top) = chart.backend_coord(&(0.0, 1.0));
    let (_, y_bottom) = chart.backend_coord(&(0.0, 0.0));
    let px_month = (x1 - x0) as f64 / h as f64;
    let px_share = (y_bottom - y_top) as f64;
    for &st in shown {
        let (lo, hi) = (&cum[st], &cum[st + 1]);
        let last = months - 1;
        let share_end = hi[last] - lo[last];
        let name = STATES[st].1;
        let text = if small {
            // "No deployment (no ceasefire in the window)" → "No deployment".
            name.split(" (").next().unwrap_or(name).to_string()
        } else {
            format!(
                "{name}: {} at month {last}",
                super::charts::value_label(share_end)
            )
        };
        let ink = ink_on(state_colour(st));
        let style = text_style(label_size, &ink).pos(Pos::new(HPos::Center, VPos::Center));
        let Ok((tw, th)) = area.estimate_text_size(&text, &style) else {
            continue;
        };
        let need_h = th as f64 + 6.0;
        let half_months = (tw as f64 / 2.0 + 6.0) / px_month;
        // Candidate centres, widest band first.
        let mut order: Vec<usize> = (0..months).collect();
        order.sort_by(|a, b| {
            (hi[*b] - lo[*b])
                .partial_cmp(&(hi[*a] - lo[*a]))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let place = order.into_iter().find_map(|c| {
            let (from, to) = (c as f64 - half_months, c as f64 + half_months);
            if from < 0.0 || to > last as f64 {
                return None;
            }
            // The band's span over the label's width, on the month grid
            // and at the label's ends (areas are linear between months).
            let at = |v: &[f64], xf: f64| {
                let i = (xf.floor() as usize).min(last);
                let j = (i + 1).min(last);
                let f = xf - i as f64;
                v[i] + (v[j] - v[i]) * f
            };
            let mut xs: Vec<f64> = (from.ceil() as usize..=to.floor() as usize)
                .map(|t| t as f64)
                .collect();
            xs.extend([from, to]);
            let top = xs.iter().map(|&xf| at(hi, xf)).fold(f64::MAX, f64::min);
            let bottom = xs.iter().map(|&xf| at(lo, xf)).fold(f64::MIN, f64::max);
            ((top - bottom) * px_share >= need_h).then_some((c as f64, (top + bottom) / 2.0))
        });
        if let Some((cx, cy)) = place {
            let (px, py) = chart.backend_coord(&(cx, cy));
            area.draw(&Text::new(text, (px - base.0, py - base.1), style))
                .map_err(err)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The series in `summary.json` agree with independent figures of the
    /// same summary: at the horizon the states add up to the peace classes,
    /// and every month stacks to all runs.
    #[test]
    fn mission_states_agree_with_the_peace_classes() {
        let s = crate::scenario::load_default();
        let m = crate::model::Model::new(&s);
        let agg = crate::engine::simulate_serial(&m, 3, 0..5000);
        let sum = crate::report::summarize(&s, &agg, 0.0, 1);
        let ms = &sum.mission_states;
        assert_eq!(ms.denominator, "all runs");
        let h = s.horizon_months as usize;
        for t in 0..=h {
            let total: u64 = ms.counts.values().map(|v| v[t]).sum();
            assert_eq!(total, sum.runs, "month {t}");
        }
        // At the horizon: the ceasefire states are the runs with a ceasefire
        // in force, the war states the war class, and the wider war its class.
        let at = |state: &str| ms.counts[state][h];
        let p = |class: &str| sum.peace[class].count;
        assert_eq!(
            at("in_place_ceasefire") + at("no_force_ceasefire"),
            p("ceasefire_quiet") + p("ceasefire_contested")
        );
        assert_eq!(at("in_place_war") + at("no_force_war"), p("war"));
        assert_eq!(at("wider_war"), p("wider_war"));
        assert!(at("in_place_ceasefire") > 0 && at("no_force_war") > 0);
        let cum = cumulative(ms, sum.runs);
        assert!(cum[N_STATES].iter().all(|&v| v == 1.0));
    }
}
