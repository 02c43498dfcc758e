//! `reassure compare`: several scenarios on common random numbers, each one
//! and its paired difference from the first.

use super::guard;
use super::inputs::load_all;
use super::run::{json, publish};
use super::term::warn;
use super::{CompareArgs, EXIT_INPUT};
use crate::analysis;
use crate::engine::Plan;
use crate::model::Model;
use crate::report::{self, Summary};
use std::time::Instant;

pub fn compare(a: CompareArgs) -> u8 {
    let mut scenarios = match load_all(&a.scenarios, &a.opts, false) {
        Ok(s) => s,
        Err(code) => return code,
    };
    if scenarios.len() < 2 {
        warn("error: compare needs at least two different scenario files\nnothing was run\n");
        return EXIT_INPUT;
    }
    // One seed and one run count for all: the first scenario's, unless given.
    let seed = a.opts.seed.unwrap_or(scenarios[0].seed);
    let runs = a.opts.runs.unwrap_or(scenarios[0].runs);
    for s in &mut scenarios {
        s.seed = seed;
        s.runs = runs;
    }
    let total = runs.saturating_mul(scenarios.len() as u64);
    let _out = match guard::prepare(&a.opts, 1, total) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let threads = a.opts.threads();
    let models: Vec<Model> = scenarios.iter().map(Model::new).collect();
    let plan = Plan {
        seed,
        first: 0,
        runs,
        threads,
        batch: a.opts.batch_size,
    };
    let pb = super::term::progress(total, a.opts.quiet);
    let started = Instant::now();
    let paired = analysis::compare::simulate_paired(&models, &plan, &|n| {
        if let Some(pb) = &pb {
            pb.inc(n);
        }
    });
    let elapsed = started.elapsed().as_secs_f64();
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let summaries: Vec<Summary> = scenarios
        .iter()
        .zip(&paired.aggs)
        .map(|(s, agg)| report::summarize(s, agg, elapsed, threads))
        .collect();
    let c = report::comparison::compare(&summaries, &paired, elapsed, threads);
    let slugs: Vec<&str> = scenarios.iter().map(|s| s.slug.as_str()).collect();
    publish(
        &a.opts,
        &report::comparison::folder_name(&slugs),
        |png| report::comparison::render_charts(&c, &summaries, png),
        |rendered, formats| report::comparison::files(&c, rendered, formats),
        || report::comparison::text(&c),
        || json(&c),
        (elapsed, threads),
    )
}
