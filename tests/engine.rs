//! Determinism, exact merges and common random numbers (model brief
//! properties 7 and 8; product brief "Deterministic").

mod common;

use reassure::engine::{Aggregate, Plan, simulate, simulate_serial};
use reassure::model::{Mission, Model, MonthLog, Observer, Peace, RunParams};
use reassure::report::summarize;
use reassure::scenario::{load_default, parse};

fn default_model() -> (reassure::scenario::Scenario, Model) {
    let s = load_default();
    let m = Model::new(&s);
    (s, m)
}

/// Pinned exact class counts, collapse routes, months of ceasefire and
/// hostile deaths for the default scenario, seed 2025, 20,000 runs. A change
/// here means the random streams or the model changed: if that was
/// intended, update the numbers in the same commit and say why.
#[test]
fn pinned_outcome_counts() {
    let (_, m) = default_model();
    let agg = simulate_serial(&m, 2025, 0..20_000);
    let peace: Vec<(&str, u64)> = Peace::ALL
        .iter()
        .map(|o| (o.name(), agg.peace[*o as usize]))
        .collect();
    let mission: Vec<(&str, u64)> = Mission::ALL
        .iter()
        .map(|o| (o.name(), agg.mission[*o as usize]))
        .collect();
    let got = (
        peace,
        mission,
        agg.routes,
        agg.months_sums().0,
        agg.metric(reassure::engine::Metric::Deaths).sum,
    );
    assert_eq!(agg.peace.iter().sum::<u64>(), 20_000);
    assert_eq!(agg.mission.iter().sum::<u64>(), 20_000);
    assert_eq!(
        got,
        (
            PINNED_PEACE.to_vec(),
            PINNED_MISSION.to_vec(),
            PINNED_ROUTES,
            PINNED_MONTHS,
            PINNED_DEATHS
        ),
        "the default scenario's counts changed"
    );
}

// Model v3 put every option on one calendar of 36 months from the start,
// lived every run to the horizon (months without the force, renewed
// ceasefires) and recalibrated the relapse curve: every count moved. Its
// second round moved them again: Kyiv's side of the ceasefire (more
// ceasefires come), monitoring's relapse cut (fewer collapse), mandate
// regimes and elections (the lead nations hold no renewal vote), a ladder
// that reads what got through, and the casualty coefficients recalibrated.
// Its third round moved them again: Russia rebuilds after a ceasefire (R5)
// and the relapse curve refitted with it (fewer relapses in the first two
// years, more later), force generation's strain (F1), Moscow's objection
// to air policing (C1) and pressure that builds and erodes (P2p): fewer
// ceasefires come.
const PINNED_PEACE: [(&str, u64); 4] = [
    ("ceasefire_quiet", 10275),
    ("ceasefire_contested", 3682),
    ("war", 6018),
    ("wider_war", 25),
];
const PINNED_MISSION: [(&str, u64); 6] = [
    ("never_deployed", 6055),
    ("in_place", 12591),
    ("withdrawn_no_deaths", 111),
    ("withdrawn_after_deaths", 248),
    ("ended_by_collapse", 970),
    ("ended_by_wider_war", 25),
];
const PINNED_ROUTES: [u64; 4] = [967, 837, 149, 33];
const PINNED_MONTHS: u128 = 388704;
const PINNED_DEATHS: u128 = 38523;

#[test]
fn threads_and_batches_do_not_change_results() {
    let (s, m) = default_model();
    let reference = simulate_serial(&m, 99, 0..30_000);
    for threads in [1, 2, 3] {
        for batch in [1, 7, 1000, 16_384, 100_000] {
            let plan = Plan {
                seed: 99,
                first: 0,
                runs: 30_000,
                threads,
                batch,
            };
            let agg = simulate(&m, &plan, &|_| {});
            assert_eq!(agg, reference, "threads {threads}, batch {batch}");
        }
    }
    // And the summary built from it is byte-identical apart from timing.
    let a = serde_json::to_string(&summarize(&s, &reference, 0.0, 1)).unwrap();
    let b = serde_json::to_string(&summarize(
        &s,
        &simulate(
            &m,
            &Plan {
                seed: 99,
                first: 0,
                runs: 30_000,
                threads: 2,
                batch: 333,
            },
            &|_| {},
        ),
        0.0,
        1,
    ))
    .unwrap();
    assert_eq!(a, b);
}

/// Property 7: counts sum to the runs and are conserved when partial
/// aggregates merge, in any order and any split.
#[test]
fn merging_partials_in_any_order_is_exact() {
    let (_, m) = default_model();
    let whole = simulate_serial(&m, 5, 0..12_000);
    assert_eq!(whole.peace.iter().sum::<u64>(), whole.runs);
    assert_eq!(whole.mission.iter().sum::<u64>(), whole.runs);
    let cuts = [0u64, 1, 999, 4000, 4001, 9000, 12_000];
    let parts: Vec<Aggregate> = cuts
        .windows(2)
        .map(|w| simulate_serial(&m, 5, w[0]..w[1]))
        .collect();
    for order in [
        vec![0, 1, 2, 3, 4, 5],
        vec![5, 4, 3, 2, 1, 0],
        vec![2, 0, 5, 1, 4, 3],
    ] {
        let mut acc = Aggregate::new(m.horizon);
        for i in order {
            acc.merge(&parts[i]);
        }
        assert_eq!(acc, whole);
    }
}

/// Records each run's drawn parameters and ceasefire month.
#[derive(Default)]
struct Draws(Vec<(String, u32, bool)>);
impl Observer for Draws {
    const WANTS_MONTHS: bool = false;
    fn start(&mut self, p: &RunParams, ceasefire_month: u32, _: Option<u32>, delivers: bool) {
        // Everything but troops, which is the lever being changed.
        let mut q = p.clone();
        q.troops = 0.0;
        q.announced_troops = 0.0;
        // C1's G reads the force that deploys.
        q.guarantee = 0.0;
        self.0.push((format!("{q:?}"), ceasefire_month, delivers));
    }
    fn month(&mut self, _: &MonthLog) {}
}

fn draws(text: &str) -> Vec<(String, u32, bool)> {
    let m = Model::new(&parse(text, "t.toml").unwrap());
    let mut d = Draws::default();
    for run in 0..5_000 {
        m.run(2025, run, &mut d);
    }
    d.0
}

/// Property 8: changing `force.troops` leaves every run's drawn parameters,
/// backstop draw and ceasefire month as they were (with the announcement
/// penalty off: with it on, the ceasefire month legitimately depends on the
/// announced force, and then it can only come later with more troops).
#[test]
fn common_random_numbers_across_troop_levels() {
    // Moscow's penalty (kappa) and Kyiv's confidence (kyiv) both read the
    // force; with both off, troops change nothing before the mission.
    let text = |troops: &str, kappa: f64, kyiv: f64| {
        let base = reassure::scenario::DEFAULT_SCENARIO_TEXT.replace(
            "troops = { dist = \"triangular\", min = 15000, mode = 25000, max = 40000 }",
            &format!("troops = {troops}"),
        );
        let base = common::set_assumption(&base, "kyiv_confidence", &kyiv.to_string());
        common::set_assumption(&base, "announcement_penalty", &kappa.to_string())
    };
    let a = draws(&text("5000", 0.0, 0.0));
    let b = draws(&text(
        "{ dist = \"uniform\", min = 40000, max = 60000 }",
        0.0,
        0.0,
    ));
    assert_eq!(a, b);

    // One side at a time, 5,000 against 50,000 troops: parameters shared,
    // every run's ceasefire month moved one way only, and some moved.
    let one_way = |kappa: f64, kyiv: f64, later: bool, what: &str| {
        let small = draws(&text("5000", kappa, kyiv));
        let large = draws(&text("50000", kappa, kyiv));
        let mut moved = 0;
        for (s, l) in small.iter().zip(&large) {
            assert_eq!(s.0, l.0, "parameters are shared");
            assert!(if later { l.1 >= s.1 } else { l.1 <= s.1 }, "{what}");
            moved += usize::from(l.1 != s.1);
        }
        assert!(moved > 0, "{what}: no run moved");
    };
    one_way(
        0.0,
        0.6,
        false,
        "with Kyiv's side alone a larger force never brings the ceasefire later",
    );
    one_way(
        0.5,
        0.0,
        true,
        "a larger announced force never brings the ceasefire earlier",
    );
}

/// An observer that asks for every month: the trajectory then goes month by
/// month through the full step, never through the routine-month loop.
struct EveryMonth;
impl Observer for EveryMonth {
    fn month(&mut self, _: &MonthLog) {}
}

/// The engine runs stretches of routine ceasefire months (nothing or a
/// probe) in a tight loop
/// (`Trajectory::routine_months`); it must give exactly the records of the
/// month-by-month step, whatever the scenario. Every library scenario, and
/// variants that make votes, departures, calm steps and the relapse hazard
/// matter more (short mandates, low will, no recovery, long horizons).
#[test]
fn routine_month_loop_equals_the_month_by_month_step() {
    let mut texts: Vec<(String, String)> = Vec::new();
    for entry in std::fs::read_dir("scenarios").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path).unwrap();
            texts.push((path.display().to_string(), text));
        }
    }
    texts.sort();
    let base = std::fs::read_to_string("scenarios/coalition-baseline.toml").unwrap();
    let variants: [&[(&str, &str)]; 4] = [
        &[("mandate_period_months", "3"), ("renewal_bar", "0.7")],
        &[
            ("initial_will", "0.5"),
            ("will_recovery", "0"),
            ("calm_months_to_deescalate", "1"),
        ],
        &[("relapse_scale", "20"), ("viable_share", "0.9")],
        &[("mandate_period_months", "36"), ("will_recovery", "0.2")],
    ];
    for (i, v) in variants.iter().enumerate() {
        let mut text = base.replace("horizon_months = 36", "horizon_months = 120");
        assert!(text.contains("horizon_months = 120"));
        for (key, value) in v.iter() {
            text = common::set_assumption(&text, key, value);
        }
        texts.push((format!("variant {i}"), text));
    }
    let mut ceasefire_months = 0u64;
    for (name, text) in &texts {
        let m = Model::new(&parse(text, "v.toml").unwrap());
        let mut p = m.central_params();
        for run in 0..2_000 {
            let fast = m.run_into(7, run, &mut p, &mut reassure::model::NoObserver);
            let step = m.run(7, run, &mut EveryMonth);
            assert_eq!(fast, step, "{name} run {run}");
            ceasefire_months += u64::from(fast.months_of_ceasefire());
        }
    }
    // The check means something only if the loop ran: many months were
    // under a ceasefire.
    assert!(ceasefire_months > 100_000, "{ceasefire_months}");
}
