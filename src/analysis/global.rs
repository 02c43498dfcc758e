//! Global sensitivity of the model: Sobol indices of the scenario's
//! uncertain inputs on a criterion ([`super::sobol`] holds the design and
//! the estimators; this module evaluates the model at the design's points).
//!
//! The randomness inside a run is treated by estimating on per-point
//! frequencies: at each design point x (every uncertain input fixed at the
//! point's value, everything else as in the scenario) the criterion is
//! estimated from m runs, f̂(x) = Σnum/Σden. Point p uses runs p·m to
//! p·m + m − 1 of the scenario's seed, so each point's noise is independent
//! of every other's and the design is reproducible. f̂ is g(x) plus noise of
//! variance σ²(x) (its delta-method variance); the estimators remove the
//! mean noise variance σ̄² from the total variance and from Jansen's total
//! effects, and report σ̄² / Var(f̂) as the share of the variance between
//! points that no input explains. When a point has no run in the
//! criterion's denominator (no ceasefire among its runs, say), f̂ is the
//! pooled value Σnum/Σden over all points and adds nothing to σ̄²; the
//! report warns how many points were so (or nearly so) empty.

use super::criterion::{Criterion, Moments};
use super::inputs::Input;
use super::sobol;
use crate::engine::{Plan, fold_batches};
use crate::model::{Model, NoObserver};
use crate::scenario::Scenario;
use serde::Serialize;

/// What a Sobol analysis needs besides the scenario.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Base samples n (rows of the matrices A and B).
    pub samples: usize,
    /// Runs per design point, m.
    pub runs_per_point: u64,
    pub seed: u64,
    pub threads: usize,
    pub bootstrap: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub criterion: &'static str,
    pub meaning: String,
    pub seed: u64,
    pub samples: usize,
    pub runs_per_point: u64,
    pub points: usize,
    pub trajectories: u64,
    pub inputs: Vec<String>,
    /// The criterion over every run of every point.
    pub mean: f64,
    pub indices: sobol::Indices,
}

/// Evaluate every design point and estimate the indices. `tick` counts
/// trajectories.
pub fn sobol_indices(
    s: &Scenario,
    inputs: &[Input],
    c: Criterion,
    set: &Settings,
    tick: &(dyn Fn(u64) + Sync),
) -> Report {
    let d = inputs.len();
    let design = sobol::design(set.samples, d, set.seed);
    let n_points = set.samples * (d + 2);
    let m = set.runs_per_point;
    let plan = Plan {
        seed: set.seed,
        first: 0,
        runs: n_points as u64,
        threads: set.threads,
        batch: 4,
    };
    // (point, f̂, its noise variance, Σnum, Σden)
    type Point = (usize, f64, f64, u128, u128);
    let mut points: Vec<Point> = fold_batches(
        &plan,
        Vec::new,
        |acc: &mut Vec<Point>, range| {
            for p in range {
                let p = p as usize;
                let mut v = s.clone();
                for (input, u) in inputs.iter().zip(design.point(p)) {
                    input.fix(&mut v, input.at(u));
                }
                let model = Model::new(&v);
                let mut params = model.central_params();
                let mut mo = Moments::new(1);
                let first = p as u64 * m;
                for run in first..first + m {
                    let (num, den) =
                        c.value(&model.run_into(set.seed, run, &mut params, &mut NoObserver));
                    mo.add(&[num, den]);
                }
                let e = mo.estimate(0, c);
                let var = mo.variance(0, c);
                let var = if var.is_finite() { var } else { 0.0 };
                let (num, den) = mo.sums(0);
                acc.push((p, e.value, var, num, den));
                tick(m);
            }
        },
        |a, b| a.extend_from_slice(b),
    );
    points.sort_unstable_by_key(|x| x.0);
    let (num, den) = points
        .iter()
        .fold((0u128, 0u128), |(a, b), x| (a + x.3, b + x.4));
    let mean = if den == 0 {
        f64::NAN
    } else {
        num as f64 / den as f64 / c.scale()
    };
    let y: Vec<f64> = points
        .iter()
        .map(|x| if x.1.is_finite() { x.1 } else { mean })
        .collect();
    let noise_var = points.iter().map(|x| x.2).sum::<f64>() / points.len().max(1) as f64;
    // A run's own variance: p(1 − p) for a 0/1 figure over all runs.
    let run_var = (c.is_probability() && c.over_all_runs()).then_some(mean * (1.0 - mean));
    let opts = sobol::Opts {
        bootstrap: set.bootstrap,
        seed: set.seed,
        run_var,
        names: inputs.iter().map(|i| i.key.clone()).collect(),
    };
    let mut indices = sobol::indices(set.samples, d, &y, noise_var, &opts);
    let empty = points.iter().filter(|x| x.4 == 0).count();
    let thin = points.iter().filter(|x| x.4 > 0 && x.4 < 10).count();
    if empty + thin > 0 {
        indices.warnings.push(format!(
            "{} of {} design points had no run in the criterion's denominator (their value is the pooled value) and {} had fewer than 10: their noise is underestimated and the indices lean towards the inputs that decide the denominator; raise --runs-per-point",
            empty,
            points.len(),
            thin
        ));
    }
    if !s.correlations.is_empty() {
        indices.warnings.push(
            "the scenario's [correlations] are not applied here: Sobol indices assume independent inputs, so the design draws each input on its own (read the indices as those of the inputs made independent)".into(),
        );
    }
    if den == 0 {
        indices.warnings.push(format!(
            "no run counted towards {}: nothing to analyse",
            c.name()
        ));
    }
    Report {
        criterion: c.name(),
        meaning: c.meaning(),
        seed: set.seed,
        samples: set.samples,
        runs_per_point: m,
        points: n_points,
        trajectories: n_points as u64 * m,
        inputs: inputs.iter().map(|i| i.key.clone()).collect(),
        mean,
        indices,
    }
}
