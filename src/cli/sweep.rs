//! `reassure sweep`: a grid over one or two levers or assumptions, every
//! point on the same random numbers. The grid's size is checked before
//! anything runs.

use super::guard;
use super::inputs::{self, Input, print_diagnostics};
use super::run::{json, publish};
use super::term::warn;
use super::{EXIT_INPUT, SweepArgs};
use crate::analysis;
use crate::engine::{self, Plan};
use crate::model::Model;
use crate::report;
use crate::scenario;
use std::time::Instant;

pub fn sweep(a: SweepArgs) -> u8 {
    let mut problems = Vec::new();
    let axes: Vec<analysis::sweep::Axis> = a
        .vary
        .iter()
        .filter_map(|v| {
            analysis::sweep::parse_vary(v)
                .map_err(|e| problems.push(e))
                .ok()
        })
        .collect();
    if a.vary.len() > 2 {
        problems.push(format!(
            "{} `--vary` options: a sweep takes one (a line chart) or two (a grid)",
            a.vary.len()
        ));
    }
    if axes.len() == 2 && axes[0].lever == axes[1].lever {
        problems.push(format!("`{}` is varied twice", axes[0].key));
    }
    let input = if a.scenario.as_os_str() == "-" {
        Input::Stdin
    } else {
        Input::File(a.scenario.clone())
    };
    let base = inputs::load(&input);
    if let Err(d) = &base {
        print_diagnostics(d);
    }
    for p in &problems {
        warn(&format!("error: {p}\n"));
    }
    let mut base = match base {
        Ok(s) if problems.is_empty() => s,
        _ => {
            warn("nothing was run\n");
            return EXIT_INPUT;
        }
    };
    a.opts.apply(&mut base);
    let n_points: u64 = axes.iter().map(|ax| ax.values.len() as u64).product();
    let _out = match guard::prepare(&a.opts, n_points, n_points.saturating_mul(base.runs)) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let points = analysis::sweep::grid(&axes);
    let threads = a.opts.threads();
    let pb = super::term::progress(base.runs * points.len() as u64, a.opts.quiet);
    let started = Instant::now();
    let mut results = Vec::new();
    for at in &points {
        let mut s = base.clone();
        for (axis, &i) in axes.iter().zip(at) {
            analysis::sweep::apply(&mut s, axis.lever, axis.values[i]);
        }
        let model = Model::new(&s);
        let plan = Plan {
            seed: s.seed,
            first: 0,
            runs: s.runs,
            threads,
            batch: a.opts.batch_size,
        };
        let agg = engine::simulate(&model, &plan, &|n| {
            if let Some(pb) = &pb {
                pb.inc(n);
            }
        });
        results.push(report::sweep::SweepPoint {
            values: axes
                .iter()
                .zip(at)
                .map(|(ax, &i)| (ax.key.clone(), ax.labels[i].clone()))
                .collect(),
            at: at.clone(),
            outcomes: report::summary::outcome_stats(&agg),
        });
    }
    let elapsed = started.elapsed().as_secs_f64();
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let explicit = !a.outcome.is_empty();
    let sw = report::sweep::Sweep {
        tool: report::summary::Tool::current(),
        scenario: report::summary::ScenarioInfo::of(&base),
        seed: base.seed,
        runs: base.runs,
        axes: axes.iter().map(report::sweep::axis_info).collect(),
        outcomes_charted: if explicit {
            a.outcome.clone()
        } else {
            crate::model::Outcome::NAMES
                .iter()
                .map(|s| s.to_string())
                .collect()
        },
        points: results,
        timing: report::sweep::SweepTiming {
            elapsed_s: elapsed,
            threads,
        },
    };
    let keys: Vec<String> = axes.iter().map(|a| scenario::slugify(&a.key)).collect();
    publish(
        &a.opts,
        &format!("sweep-{}-{}", base.slug, keys.join("-")),
        |png| report::sweep::render_charts(&sw, &axes, explicit, png),
        |rendered, formats| report::sweep::files(&sw, rendered, formats),
        || report::sweep::text(&sw),
        || json(&sw),
        (elapsed, threads),
    )
}
