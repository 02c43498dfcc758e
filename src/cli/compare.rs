//! `reassure compare`: several scenarios on common random numbers, each one
//! and its paired difference from the first.

use super::guard;
use super::inputs::load_all;
use super::run::{json, publish};
use super::shard::{Part, PartData, PartScenario, write_part};
use super::term::warn;
use super::{CompareArgs, EXIT_INPUT, RunOpts};
use crate::analysis;
use crate::analysis::compare::Paired;
use crate::engine::Plan;
use crate::model::Model;
use crate::report::{self, Summary};
use crate::scenario::Scenario;
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
    // Options and the memory they hold (an aggregate per option and
    // thread), refused before anything is built.
    let horizon = a.opts.horizon.unwrap_or(scenarios[0].horizon_months);
    let bytes = (scenarios.len() as u64)
        .saturating_mul(a.opts.threads() as u64 + 1)
        .saturating_mul(super::limits::bytes_per_aggregate(horizon));
    if let Err(msg) =
        super::limits::check_options(scenarios.len(), a.opts.allow_large).and_then(|()| {
            super::limits::check_memory(
                bytes,
                &format!("the comparison of {} options", scenarios.len()),
                a.opts.allow_large,
            )
        })
    {
        warn(&format!("{msg}\nnothing was run\n"));
        return EXIT_INPUT;
    }
    // Two different options with one slug would share a row key of
    // compare.csv and a name in every table: refused. The same file given
    // twice (a check that every difference is zero) is one option twice.
    for (i, s) in scenarios.iter().enumerate() {
        if let Some(t) = scenarios[..i]
            .iter()
            .find(|t| t.slug == s.slug && (t.name != s.name || t.sha256 != s.sha256))
        {
            warn(&format!(
                "error: `{}` (\"{}\") and `{}` (\"{}\") have the same slug `{}`: their rows and columns in compare.csv and the tables could not be told apart\n  = help: give one of them a different [scenario] name\nnothing was run\n",
                t.file, t.name, s.file, s.name, s.slug
            ));
            return EXIT_INPUT;
        }
    }
    // One seed, one run count and one calendar for all: the first
    // scenario's, unless given.
    let seed = a.opts.seed.unwrap_or(scenarios[0].seed);
    let runs = a.opts.runs.unwrap_or(scenarios[0].runs);
    for s in &mut scenarios {
        if s.horizon_months != horizon && !a.opts.output.quiet {
            warn(&format!(
                "note: {} runs on the comparison's calendar, {horizon} months (its file says {}): every option is compared over the same months (--horizon sets them)\n",
                crate::text::printable(&s.file),
                s.horizon_months
            ));
        }
        s.seed = seed;
        s.runs = runs;
        s.horizon_months = horizon;
    }
    let total = runs.saturating_mul(scenarios.len() as u64);
    let threads = a.opts.threads();
    let models: Vec<Model> = scenarios.iter().map(Model::new).collect();
    if let Some(sh) = a.opts.shard {
        if let Err(msg) = super::limits::check(1, total, a.opts.allow_large) {
            warn(&format!("{msg}\nnothing was run\n"));
            return EXIT_INPUT;
        }
        let slice = sh.range(runs);
        let plan = Plan {
            seed,
            first: slice.start,
            runs: slice.end - slice.start,
            threads,
            batch: a.opts.batch_size,
        };
        let started = Instant::now();
        let tick = super::shard::log_progress(
            format!("compare shard {}/{}", sh.k, sh.n),
            plan.runs * models.len() as u64,
            a.opts.output.quiet,
        );
        let paired = analysis::compare::simulate_paired(&models, &plan, &tick);
        let mut part = Part::new("compare", seed, runs, sh, slice);
        part.scenarios = scenarios.iter().map(PartScenario::of).collect();
        part.elapsed_s = started.elapsed().as_secs_f64();
        part.threads = threads;
        part.data = PartData::Compare {
            paired: paired.to_wire(),
        };
        let slugs: Vec<&str> = scenarios.iter().map(|s| s.slug.as_str()).collect();
        return write_part(
            &a.opts,
            &report::comparison::folder_name(&slugs),
            sh,
            part,
            &format!("{} runs", crate::report::table::num(runs as f64)),
        );
    }
    let slugs: Vec<&str> = scenarios.iter().map(|s| s.slug.as_str()).collect();
    let name = report::comparison::folder_name(&slugs);
    let _out = match guard::prepare(&a.opts, 1, total, &[&name]) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let plan = Plan {
        seed,
        first: 0,
        runs,
        threads,
        batch: a.opts.batch_size,
    };
    let pb = super::term::progress(total, a.opts.output.quiet);
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
    publish_compare(&scenarios, &paired, elapsed, &a.opts)
}

/// Everything after the simulation (shared with `merge`): summaries, the
/// comparison, charts, files and the printed result.
pub fn publish_compare(
    scenarios: &[Scenario],
    paired: &Paired,
    elapsed: f64,
    opts: &RunOpts,
) -> u8 {
    let threads = opts.threads();
    let summaries: Vec<Summary> = scenarios
        .iter()
        .zip(&paired.aggs)
        .map(|(s, agg)| report::summarize(s, agg, elapsed, threads))
        .collect();
    let c = report::comparison::compare(&summaries, paired, elapsed, threads);
    let slugs: Vec<&str> = scenarios.iter().map(|s| s.slug.as_str()).collect();
    publish(
        opts,
        &report::comparison::folder_name(&slugs),
        |png| {
            let look = report::charts::Look::slide(opts.output.slide);
            report::comparison::render_charts(&c, &summaries, png, look)
        },
        |rendered, formats| report::comparison::files(&c, &summaries, rendered, formats),
        || report::comparison::text(&c),
        || json(&c),
        (elapsed, threads),
    )
}
