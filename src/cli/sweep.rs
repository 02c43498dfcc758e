//! `reassure sweep`: a grid over one or two levers or assumptions, every
//! point on the same random numbers. The grid's size is checked before
//! anything runs.

use super::guard;
use super::inputs::{self, Input, print_diagnostics};
use super::run::{json, publish};
use super::shard::{Part, PartData, PartScenario, by, log_progress, write_part};
use super::term::warn;
use super::{EXIT_INPUT, HeatmapScale, RunOpts, ShardBy, SweepArgs};
use crate::analysis;
use crate::analysis::sweep::Axis;
use crate::engine::{self, Aggregate, Plan, Shard};
use crate::model::Model;
use crate::report;
use crate::report::sweep::{HeatmapView, ScaleChoice};
use crate::scenario::{self, Scenario};
use std::time::Instant;

/// The axes of `--vary` arguments, with every problem found.
pub fn axes_of(vary: &[String]) -> Result<Vec<Axis>, String> {
    let mut problems = Vec::new();
    let axes: Vec<Axis> = vary
        .iter()
        .filter_map(|v| {
            analysis::sweep::parse_vary(v)
                .map_err(|e| problems.push(e))
                .ok()
        })
        .collect();
    if vary.len() > 2 {
        problems.push(format!(
            "{} `--vary` options: a sweep takes one (a line chart) or two (a grid)",
            vary.len()
        ));
    }
    if axes.len() == 2 && axes[0].lever == axes[1].lever {
        problems.push(format!("`{}` is varied twice", axes[0].key));
    }
    if problems.is_empty() {
        Ok(axes)
    } else {
        Err(problems.join("\nerror: "))
    }
}

/// The scenario of every grid point, in grid order.
pub fn point_scenarios(base: &Scenario, axes: &[Axis], points: &[Vec<usize>]) -> Vec<Scenario> {
    points
        .iter()
        .map(|at| {
            let mut s = base.clone();
            for (axis, &i) in axes.iter().zip(at) {
                analysis::sweep::apply(&mut s, axis.lever, axis.values[i]);
            }
            s
        })
        .collect()
}

pub fn sweep(a: SweepArgs) -> u8 {
    let axes = axes_of(&a.vary);
    let input = if a.scenario.as_os_str() == "-" {
        Input::Stdin
    } else {
        Input::File(a.scenario.clone())
    };
    let base = inputs::load(&input);
    if let Err(d) = &base {
        print_diagnostics(d);
    }
    if let Err(p) = &axes {
        warn(&format!("error: {p}\n"));
    }
    let (mut base, axes) = match (base, axes) {
        (Ok(s), Ok(axes)) => (s, axes),
        _ => {
            warn("nothing was run\n");
            return EXIT_INPUT;
        }
    };
    a.opts.apply(&mut base);
    if axes.len() == 1 && (a.difference || a.scale != HeatmapScale::Data) {
        warn(
            "note: --scale and --difference colour heatmaps (two --vary); a line chart is drawn as usual\n",
        );
    }
    // The grid's size is checked before the grid is built.
    let n_points: u64 = axes.iter().map(|ax| ax.values.len() as u64).product();
    // So is the memory its points will hold (one aggregate each), once the
    // grid is within the limits on points and trajectories (said first).
    if super::limits::check(
        n_points,
        n_points.saturating_mul(base.runs),
        a.opts.allow_large,
    )
    .is_ok()
        && let Err(msg) = super::limits::check_memory(
            n_points.saturating_mul(super::limits::bytes_per_aggregate(base.horizon_months)),
            &format!(
                "the sweep's {} grid points",
                report::table::num(n_points as f64)
            ),
            a.opts.allow_large,
        )
    {
        warn(&format!("{msg}\nnothing was run\n"));
        return EXIT_INPUT;
    }
    if let Some(sh) = a.opts.shard {
        if let Err(msg) = super::limits::check(
            n_points,
            n_points.saturating_mul(base.runs),
            a.opts.allow_large,
        ) {
            warn(&format!("{msg}\nnothing was run\n"));
            return EXIT_INPUT;
        }
        let scenarios = point_scenarios(&base, &axes, &analysis::sweep::grid(&axes));
        return sweep_shard(&a, &base, &scenarios, sh, n_points);
    }
    let name = folder_name(
        &base,
        &axes.iter().map(|a| a.key.clone()).collect::<Vec<_>>(),
    );
    let _out = match guard::prepare(
        &a.opts,
        n_points,
        n_points.saturating_mul(base.runs),
        &[&name],
    ) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let points = analysis::sweep::grid(&axes);
    let scenarios = point_scenarios(&base, &axes, &points);
    let pb = super::term::progress(base.runs * points.len() as u64, a.opts.output.quiet);
    let started = Instant::now();
    let aggs = simulate_points(&scenarios, 0..base.runs, &a.opts, &|n| {
        if let Some(pb) = &pb {
            pb.inc(n);
        }
    });
    let elapsed = started.elapsed().as_secs_f64();
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    publish_sweep(&base, &axes, &a.outcome, &aggs, elapsed, &a.opts, view(&a))
}

/// The heatmaps' colouring asked for.
fn view(a: &SweepArgs) -> HeatmapView {
    HeatmapView {
        scale: match a.scale {
            HeatmapScale::Data => ScaleChoice::Data,
            HeatmapScale::Shared => ScaleChoice::Shared,
        },
        difference: a.difference,
    }
}

/// The colouring a part file records (`merge` draws with it).
pub fn view_of(scale: &str, difference: bool) -> HeatmapView {
    HeatmapView {
        scale: if scale == "shared" {
            ScaleChoice::Shared
        } else {
            ScaleChoice::Data
        },
        difference,
    }
}

/// Every grid point's scenario over the runs `runs`, on one seed.
fn simulate_points(
    scenarios: &[Scenario],
    runs: std::ops::Range<u64>,
    opts: &RunOpts,
    tick: &(dyn Fn(u64) + Sync),
) -> Vec<Aggregate> {
    scenarios
        .iter()
        .map(|s| {
            let plan = Plan {
                seed: s.seed,
                first: runs.start,
                runs: runs.end - runs.start,
                threads: opts.threads(),
                batch: opts.batch_size,
            };
            engine::simulate(&Model::new(s), &plan, tick)
        })
        .collect()
}

/// `sweep --shard K/N`: part K of the runs (every grid point), or with
/// `--shard-by points` part K of the grid points (every run).
fn sweep_shard(
    a: &SweepArgs,
    base: &Scenario,
    scenarios: &[Scenario],
    sh: Shard,
    n_points: u64,
) -> u8 {
    let started = Instant::now();
    let (slice, aggs, of) = match a.shard_by {
        ShardBy::Runs => {
            let slice = sh.range(base.runs);
            let tick = log_progress(
                format!("sweep shard {}/{}", sh.k, sh.n),
                (slice.end - slice.start) * n_points,
                a.opts.output.quiet,
            );
            let aggs = simulate_points(scenarios, slice.clone(), &a.opts, &tick);
            (
                slice,
                aggs,
                format!("{} runs", report::table::num(base.runs as f64)),
            )
        }
        ShardBy::Points => {
            let slice = sh.range(n_points);
            let mine = &scenarios[slice.start as usize..slice.end as usize];
            let tick = log_progress(
                format!("sweep shard {}/{}", sh.k, sh.n),
                mine.len() as u64 * base.runs,
                a.opts.output.quiet,
            );
            let aggs = simulate_points(mine, 0..base.runs, &a.opts, &tick);
            (
                slice,
                aggs,
                format!("{} grid points", report::table::num(n_points as f64)),
            )
        }
    };
    let mut part = Part::new("sweep", base.seed, base.runs, sh, slice);
    part.scenarios = vec![PartScenario::of(base)];
    part.vary = a.vary.clone();
    part.outcome = a.outcome.clone();
    part.shard_by = by(a.shard_by).into();
    let v = view(a);
    part.scale = match v.scale {
        ScaleChoice::Data => "data",
        ScaleChoice::Shared => "shared",
    }
    .into();
    part.difference = v.difference;
    part.elapsed_s = started.elapsed().as_secs_f64();
    part.threads = a.opts.threads();
    part.data = PartData::Sweep {
        aggregates: aggs.iter().map(Aggregate::to_wire).collect(),
    };
    write_part(
        &a.opts,
        &folder_name(base, &axes_keys(&a.vary)),
        sh,
        part,
        &of,
    )
}

fn axes_keys(vary: &[String]) -> Vec<String> {
    axes_of(vary)
        .map(|axes| axes.iter().map(|a| a.key.clone()).collect())
        .unwrap_or_default()
}

fn folder_name(base: &Scenario, keys: &[String]) -> String {
    let keys: Vec<String> = keys.iter().map(|k| scenario::slugify(k)).collect();
    format!("sweep-{}-{}", base.slug, keys.join("-"))
}

/// Everything after the simulation (shared with `merge`).
pub fn publish_sweep(
    base: &Scenario,
    axes: &[Axis],
    outcome: &[String],
    aggs: &[Aggregate],
    elapsed: f64,
    opts: &RunOpts,
    heatmap: HeatmapView,
) -> u8 {
    let threads = opts.threads();
    let explicit = !outcome.is_empty();
    let sw = report::sweep::build(base, axes, outcome, aggs, (elapsed, threads), heatmap);
    let keys: Vec<String> = axes.iter().map(|a| a.key.clone()).collect();
    let look = report::charts::Look::slide(opts.output.slide);
    publish(
        opts,
        &folder_name(base, &keys),
        |png| report::sweep::render_charts(&sw, axes, explicit, png, look),
        |rendered, formats| report::sweep::files(&sw, rendered, formats),
        || report::sweep::text(&sw),
        || json(&sw),
        (elapsed, threads),
    )
}
