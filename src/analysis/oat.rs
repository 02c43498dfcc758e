//! One-at-a-time sensitivity (a tornado): each input set to its low and
//! then its high setting, every other input as in the scenario, on common
//! random numbers.
//!
//! Every variant runs runs 0..n on the scenario's seed, so run i of the
//! baseline and of every variant share their keyed streams: a variant
//! differs from the baseline only by the input it fixes. The swing of an
//! input is R(high) − R(low), estimated from the same runs with its paired
//! 95% interval (delta method, [`super::criterion::Moments::diff`]). Inputs
//! are sorted by the size of their swing.

use super::criterion::{Criterion, Estimate, Moments, simulate_moments};
use super::inputs::Input;
use crate::engine::Plan;
use crate::model::Model;
use crate::scenario::Scenario;
use serde::Serialize;

/// One input's row of the tornado.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub key: String,
    /// How its settings were chosen ("triangular distribution, 10th to
    /// 90th percentile", "the coefficient's plausible range").
    pub setting: String,
    pub low: f64,
    pub high: f64,
    pub low_label: String,
    pub high_label: String,
    pub at_low: Estimate,
    pub at_high: Estimate,
    /// at_high − at_low, paired.
    pub swing: Estimate,
    /// The swing's interval excludes 0.
    pub clear: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Tornado {
    pub criterion: &'static str,
    pub meaning: String,
    pub higher_is_better: bool,
    pub seed: u64,
    pub runs: u64,
    pub baseline: Estimate,
    /// Sorted by |swing|, largest first.
    pub rows: Vec<Row>,
}

/// Run the baseline and every input's two settings. `tick` counts
/// trajectories.
pub fn tornado(
    s: &Scenario,
    inputs: &[Input],
    c: Criterion,
    plan: &Plan,
    tick: &(dyn Fn(u64) + Sync),
) -> Tornado {
    let base = simulate_moments(&[Model::new(s)], c, plan, tick);
    let mut rows: Vec<Row> = inputs
        .iter()
        .map(|input| {
            let (lo, hi) = input.settings();
            let model_at = |x: f64| {
                let mut v = s.clone();
                input.fix(&mut v, x);
                Model::new(&v)
            };
            let m: Moments = simulate_moments(&[model_at(lo), model_at(hi)], c, plan, tick);
            let swing = m.diff(0, 1, c);
            Row {
                key: input.key.clone(),
                setting: input.describe(),
                low: lo,
                high: hi,
                low_label: input.label(lo),
                high_label: input.label(hi),
                at_low: m.estimate(0, c),
                at_high: m.estimate(1, c),
                clear: swing.ci95[0] > 0.0 || swing.ci95[1] < 0.0,
                swing,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        let key = |r: &Row| {
            if r.swing.value.is_finite() {
                r.swing.value.abs()
            } else {
                -1.0
            }
        };
        key(b).total_cmp(&key(a)).then_with(|| a.key.cmp(&b.key))
    });
    Tornado {
        criterion: c.name(),
        meaning: c.meaning(),
        higher_is_better: c.higher_is_better(),
        seed: plan.seed,
        runs: plan.runs,
        baseline: base.estimate(0, c),
        rows,
    }
}
