//! The per-run sample: for every run, what it drew for each uncertain input
//! and how it ended, streamed in run order (for `--export`, `run
//! --export-runs` and scenario discovery).
//!
//! Runs are simulated in chunks of consecutive indices, each chunk spread
//! over the thread pool and handed over in run order, so memory holds one
//! chunk whatever the number of runs and the rows come out identical for
//! any thread count.

use super::inputs::Input;
use super::sweep::Lever;
use crate::engine::{Plan, fold_batches};
use crate::model::{Model, NoObserver, Record, Route};
use std::fmt::Write as _;

/// Runs per chunk handed to the consumer.
const CHUNK: u64 = 65_536;

/// One run: its index, the value of each input (in the order given), and
/// its record.
#[derive(Clone, Debug)]
pub struct Row {
    pub run: u64,
    pub inputs: Vec<f64>,
    pub record: Record,
}

/// Simulate the plan's runs and hand them to `each`, chunk by chunk in run
/// order. `each` returns false to stop early (a write failed).
pub fn for_each_chunk(
    model: &Model,
    inputs: &[Input],
    plan: &Plan,
    tick: &(dyn Fn(u64) + Sync),
    mut each: impl FnMut(&[Row]) -> bool,
) {
    let end = plan.first + plan.runs;
    let mut at = plan.first;
    while at < end {
        let hi = (at + CHUNK).min(end);
        let chunk = Plan {
            first: at,
            runs: hi - at,
            batch: plan.batch.min(4096),
            ..plan.clone()
        };
        let mut rows = fold_batches(
            &chunk,
            Vec::new,
            |acc: &mut Vec<Row>, runs| {
                let n = runs.end - runs.start;
                let mut p = model.central_params();
                for run in runs {
                    let record = model.run_into(plan.seed, run, &mut p, &mut NoObserver);
                    acc.push(Row {
                        run,
                        inputs: drawn_inputs(model, inputs, plan.seed, run, &mut p),
                        record,
                    });
                }
                tick(n);
            },
            |a, b| a.extend_from_slice(b),
        );
        rows.sort_unstable_by_key(|r| r.run);
        if !each(&rows) {
            return;
        }
        at = hi;
    }
}

/// What run `run` drew for each input, in the inputs' order (`p`: the
/// buffer the run was simulated with, whose correlation cache is reused).
pub fn drawn_inputs(
    model: &Model,
    inputs: &[Input],
    seed: u64,
    run: u64,
    p: &mut crate::model::RunParams,
) -> Vec<f64> {
    let (fields, coefs) = model.drawn(seed, run, p);
    inputs
        .iter()
        .map(|i| match i.lever {
            Lever::Field(f) => fields
                .iter()
                .find(|(k, _)| *k == f)
                .map_or(f64::NAN, |x| x.1),
            Lever::Coef(c) => coefs
                .iter()
                .find(|(k, _)| *k == c)
                .map_or(f64::NAN, |x| x.1),
        })
        .collect()
}

/// The per-run figures of the CSV, after the inputs: the peace first,
/// then the mission (deployed runs' figures are empty in runs that did not
/// deploy).
pub const FIGURES: [&str; 26] = [
    "peace",
    "months_of_ceasefire",
    "civilian_harm",
    "mission",
    "collapse_route",
    "first_collapse_month",
    "ceasefire",
    "first_ceasefire_month",
    "deployed",
    "arrival_month",
    "mission_end_month",
    "fought",
    "first_attack_month",
    "hostile_deaths",
    "lethal_incidents",
    "peak_rung",
    "probes",
    "weapons_launched",
    "weapons_intercepted",
    "answered",
    "unanswered",
    "escalations",
    "credibility",
    "cost_eur_bn",
    "personnel",
    "troops_deployed",
];

/// The CSV header: `run`, every input's key, then [`FIGURES`].
pub fn csv_header(inputs: &[Input]) -> String {
    let mut h = String::from("run");
    for i in inputs {
        h.push(',');
        h.push_str(&i.key);
    }
    for f in FIGURES {
        h.push(',');
        h.push_str(f);
    }
    h.push('\n');
    h
}

/// One row as CSV: inputs as a scenario writes them (names for named
/// levers), empty cells for figures a run does not have.
pub fn csv_row(out: &mut String, inputs: &[Input], row: &Row) {
    let r = &row.record;
    let _ = write!(out, "{}", row.run);
    for (i, x) in inputs.iter().zip(&row.inputs) {
        let _ = write!(out, ",{}", i.label(*x));
    }
    let opt = |x: Option<u32>| x.map(|v| v.to_string()).unwrap_or_default();
    let _ = write!(
        out,
        ",{},{},{},{},{},{},{},{},{},{},{},{},{}",
        r.peace.name(),
        r.months_of_ceasefire(),
        r.civilian_harm,
        if r.has_force { r.mission.name() } else { "" },
        r.route.map_or("", Route::name),
        opt(r.first_collapse),
        u8::from(r.ceasefire),
        opt(r.first_ceasefire),
        u8::from(r.deployed),
        opt(r.arrival),
        opt(r.mission_end),
        u8::from(r.fought),
        opt(r.first_attack),
    );
    if r.deployed {
        let _ = writeln!(
            out,
            ",{},{},{},{},{},{},{},{},{},{},{},{},{}",
            r.deaths,
            r.lethal_incidents,
            r.peak_rung,
            r.probes,
            r.weapons_launched,
            r.weapons_intercepted,
            r.answered,
            r.unanswered,
            r.escalations,
            r.credibility_milli as f64 / 1000.0,
            r.cost_eur_m as f64 / 1000.0,
            r.personnel,
            r.troops_deployed,
        );
    } else {
        out.push_str(&",".repeat(13));
        out.push('\n');
    }
}
