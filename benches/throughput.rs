//! Throughput of the model and the engine.
//!
//! - `default/trajectories`: default-scenario trajectories per second on one
//!   thread (the figure quoted per core).
//! - `war/trajectories`: the same for `scenarios/deploy-during-war.toml`,
//!   the slow case (war volumes through several interception layers).
//! - `always_deploys/mission_months`: a scenario in which every run deploys
//!   at once and stays 120 months unless a terminal event ends it; throughput
//!   in simulated mission-months, so 1/throughput is ns per mission-month.
//! - `rng/keyed_draw`: the cost of opening a keyed stream and drawing one
//!   uniform, paid per mechanism per month.
//! - `compare/paired_2`: two library options run paired (both on every
//!   run's streams, plus the joint table and product sums); trajectories/s.
//! - `scaling/threads_1`, `scaling/threads_2`: the default scenario through
//!   `engine::simulate` (rayon, default batches) on one and on two threads;
//!   the ratio of their throughputs is the speed-up of a second core.
//! - `correlations/*`: the parameter draw alone (`Model::draw_into`) for
//!   the default scenario as it is (`independent`: five distributions) and
//!   with four of them in `[correlations]` (`correlated_4`: the Iman–Conover
//!   block computed once per 1,024 runs), and whole trajectories of the
//!   latter (`trajectories_4`, against `default/trajectories`); per run.
//! - `charts/*`: drawing the five charts of a run (SVG only, and SVG + PNG),
//!   then the whole results folder's bytes; the time charts add to a run.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use reassure::engine::simulate_serial;
use reassure::model::{Model, MonthLog, Observer};
use reassure::random::{RunKey, purpose};
use reassure::report::charts::{ChartSet, Formats, Kind, render};
use reassure::scenario::{load_default, parse};
use std::hint::black_box;

const ALWAYS: &str = "[scenario]\nname = \"always\"\nhorizon_months = 120\n[ceasefire]\nprobability = 1\n[force]\ntroops = 25000\nair_defence_units = 6\naircraft = 24\nnaval_units = 4\nnations = 11\nground_contributors = 4\ndeployment_lag_months = 0\n[us_backstop]\nlevel = \"isr_logistics\"\n[russia]\npolicy = \"test_resolve\"\nrisk_appetite = 0.3\n";

/// Four of the default scenario's five distributions, correlated.
const CORRELATIONS: &str = "\"russia.risk_appetite\" = { \"ceasefire.probability\" = -0.5, \"us_backstop.reliability\" = 0.3 }\n\"ceasefire.probability\" = { \"force.troops\" = -0.2 }\n";

fn benches(c: &mut Criterion) {
    let runs = 20_000u64;
    let default = Model::new(&load_default());
    let mut g = c.benchmark_group("default");
    g.throughput(Throughput::Elements(runs));
    g.bench_function("trajectories", |b| {
        b.iter(|| black_box(simulate_serial(&default, 2025, 0..runs)))
    });
    g.finish();

    let war = Model::new(
        &reassure::scenario::load(std::path::Path::new("scenarios/deploy-during-war.toml"))
            .unwrap(),
    );
    let mut g = c.benchmark_group("war");
    g.throughput(Throughput::Elements(runs));
    g.bench_function("trajectories", |b| {
        b.iter(|| black_box(simulate_serial(&war, 2025, 0..runs)))
    });
    g.finish();

    let always = Model::new(&parse(ALWAYS, "always.toml").unwrap());
    // Mission months simulated, counted by an observer.
    struct Months(u64);
    impl Observer for Months {
        fn month(&mut self, l: &MonthLog) {
            self.0 += u64::from(l.mission_month > 0);
        }
    }
    let mut counter = Months(0);
    for r in 0..runs {
        always.run(2025, r, &mut counter);
    }
    let months = counter.0;
    let mut g = c.benchmark_group("always_deploys");
    g.throughput(Throughput::Elements(months));
    g.bench_function("mission_months", |b| {
        b.iter(|| black_box(simulate_serial(&always, 2025, 0..runs)))
    });
    g.finish();

    let mut g = c.benchmark_group("rng");
    g.throughput(Throughput::Elements(1000));
    let key = RunKey::new(2025, 7);
    let p = purpose("russia.action");
    g.bench_function("keyed_draw", |b| {
        b.iter(|| {
            let mut s = 0.0;
            for m in 0..1000u32 {
                s += black_box(key).u01(p, m);
            }
            s
        })
    });
    g.finish();

    let lib = |f: &str| {
        Model::new(
            &reassure::scenario::load(std::path::Path::new(&format!("scenarios/{f}"))).unwrap(),
        )
    };
    let pair = [lib("rear-area-5k.toml"), lib("division-25k.toml")];
    let plan = reassure::engine::Plan {
        seed: 2025,
        first: 0,
        runs,
        threads: 1,
        batch: runs,
    };
    let mut g = c.benchmark_group("compare");
    g.throughput(Throughput::Elements(2 * runs));
    g.bench_function("paired_2", |b| {
        b.iter(|| {
            black_box(reassure::analysis::compare::simulate_paired(
                &pair,
                &plan,
                &|_| {},
            ))
        })
    });
    g.finish();

    // The parallel engine as `reassure run` uses it: enough runs for several
    // batches per thread, so the ratio shows scaling rather than one straggler.
    let scaling_runs = 16 * reassure::engine::DEFAULT_BATCH;
    let mut g = c.benchmark_group("scaling");
    g.throughput(Throughput::Elements(scaling_runs));
    for threads in [1, 2] {
        let plan = reassure::engine::Plan {
            seed: 2025,
            first: 0,
            runs: scaling_runs,
            threads,
            batch: reassure::engine::DEFAULT_BATCH,
        };
        g.bench_function(format!("threads_{threads}"), |b| {
            b.iter(|| black_box(reassure::engine::simulate(&default, &plan, &|_| {})))
        });
    }
    g.finish();

    let correlated = Model::new(
        &parse(
            &format!(
                "{}\n[correlations]\n{CORRELATIONS}",
                reassure::scenario::DEFAULT_SCENARIO_TEXT
            ),
            "correlated.toml",
        )
        .unwrap(),
    );
    let mut g = c.benchmark_group("correlations");
    g.throughput(Throughput::Elements(runs));
    for (name, m) in [("independent", &default), ("correlated_4", &correlated)] {
        g.bench_function(name, |b| {
            let mut p = m.central_params();
            b.iter(|| {
                for r in 0..runs {
                    m.draw_into(2025, r, &mut p);
                }
                black_box(p.risk)
            })
        });
    }
    g.bench_function("trajectories_4", |b| {
        b.iter(|| black_box(simulate_serial(&correlated, 2025, 0..runs)))
    });
    g.finish();

    let s = load_default();
    let summary =
        reassure::report::summarize(&s, &simulate_serial(&default, 2025, 0..runs), 0.0, 1);
    let set = ChartSet::single(&summary);
    let mut g = c.benchmark_group("charts");
    g.bench_function("svg", |b| {
        b.iter(|| black_box(render(&set, &Kind::ALL, false).unwrap()))
    });
    g.bench_function("svg_png", |b| {
        b.iter(|| black_box(render(&set, &Kind::ALL, true).unwrap()))
    });
    let drawn = render(&set, &Kind::ALL, true).unwrap();
    g.bench_function("result_files", |b| {
        b.iter(|| {
            black_box(reassure::report::result_files(
                &summary,
                &drawn,
                Formats::All,
            ))
        })
    });
    g.finish();
}

criterion_group! {
    name = throughput;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(4));
    targets = benches
}
criterion_main!(throughput);
