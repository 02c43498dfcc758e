//! The model brief's eight properties and five reality checks.
//!
//! Deterministic quantities (perceived deterrence, first-month branch
//! probabilities, p_win) are checked exactly on the deterministic view;
//! simulated frequencies with enough runs that the stated tolerance is at
//! least four standard errors.

use reassure::engine::{Metric, simulate_serial};
use reassure::model::{Action, Model, MonthLog, Observer, Outcome, Phase, RunParams};
use reassure::scenario::parse;

fn scenario(body: &str) -> reassure::scenario::Scenario {
    let text = format!("[scenario]\nname = \"t\"\n{body}");
    parse(&text, "t.toml")
        .unwrap_or_else(|d| panic!("{}", d.iter().map(|x| x.to_string()).collect::<String>()))
}

fn model(body: &str) -> Model {
    Model::new(&scenario(body))
}

fn share(m: &Model, runs: u64, o: Outcome) -> f64 {
    let agg = simulate_serial(m, 2025, 0..runs);
    agg.outcomes[o as usize] as f64 / runs as f64
}

const FORCE: &str = "[force]\ntroops = 20000\nair_defence_units = 4\naircraft = 10\nnaval_units = 2\nnations = 10\nground_contributors = 4\n";

/// Property 1: more troops, air defence, backstop level or reliability, or a
/// more credible posture never lowers deterrence nor raises the first-month
/// attack probability.
#[test]
fn p1_more_capability_never_lowers_deterrence() {
    let variants: Vec<(&str, Vec<String>)> = vec![
        // Every variant has a footprint (air-defence crews), so the comparison is
        // between forces that exist: with nothing deployed there is no target.
        (
            "troops",
            [0, 1000, 5000, 10000, 25000, 50000, 100000]
                .iter()
                .map(|t| format!("[force]\ntroops = {t}\nair_defence_units = 2\nnations = 5\n"))
                .collect(),
        ),
        (
            "air defence",
            [0, 1, 4, 10, 40]
                .iter()
                .map(|u| format!("[force]\ntroops = 5000\nair_defence_units = {u}\n"))
                .collect(),
        ),
        (
            "backstop level",
            [
                "none",
                "political",
                "isr_logistics",
                "air_support",
                "full_guarantee",
            ]
            .iter()
            .map(|l| format!("{FORCE}[us_backstop]\nlevel = \"{l}\"\nreliability = 0.6\n"))
            .collect(),
        ),
        (
            "reliability",
            [0.0, 0.2, 0.5, 0.9, 1.0]
                .iter()
                .map(|r| {
                    format!("{FORCE}[us_backstop]\nlevel = \"air_support\"\nreliability = {r}\n")
                })
                .collect(),
        ),
        (
            "posture",
            ["self_defence", "protect_mandate", "robust"]
                .iter()
                .map(|p| format!("{FORCE}[rules_of_engagement]\nposture = \"{p}\"\n"))
                .collect(),
        ),
    ];
    for policy in [
        "restraint",
        "probe",
        "coercive_strikes",
        "test_resolve",
        "reinvade",
    ] {
        for required in [true, false] {
            for (what, bodies) in &variants {
                let mut prev: Option<(f64, f64)> = None;
                for b in bodies {
                    let fm = model(&format!(
                        "{b}[russia]\npolicy = \"{policy}\"\n[ceasefire]\nrequired_before_deployment = {required}\n"
                    ))
                    .first_month();
                    if let Some((d, a)) = prev {
                        assert!(
                            fm.deterrence.value >= d,
                            "{what} under {policy}: deterrence fell {d} -> {}",
                            fm.deterrence.value
                        );
                        assert!(
                            fm.p_attack <= a + 1e-15,
                            "{what} under {policy}: attack probability rose {a} -> {}",
                            fm.p_attack
                        );
                    }
                    prev = Some((fm.deterrence.value, fm.p_attack));
                }
            }
        }
    }
}

/// Property 2: a more robust posture raises the chance of answering an
/// attack and of escalation given an attack.
#[test]
fn p2_robust_posture_answers_and_escalates_more() {
    let mut prev = (0.0, 0.0);
    for p in ["self_defence", "protect_mandate", "robust"] {
        let fm = model(&format!(
            "{FORCE}[rules_of_engagement]\nposture = \"{p}\"\n"
        ))
        .first_month();
        assert!(
            fm.p_answer > prev.0 && fm.p_escalation_given_attack > prev.1,
            "{p}: {fm:?}"
        );
        prev = (fm.p_answer, fm.p_escalation_given_attack);
    }
}

/// Property 3: the degenerate cases.
#[test]
fn p3_degenerate_cases() {
    let m = model(&format!("[ceasefire]\nprobability = 0\n{FORCE}"));
    assert_eq!(share(&m, 20_000, Outcome::NoDeployment), 1.0);

    let m = model(&format!(
        "[ceasefire]\nprobability = 1\n{FORCE}[russia]\npolicy = \"restraint\"\nrisk_appetite = 0\n"
    ));
    assert_eq!(share(&m, 20_000, Outcome::DeterrenceHeld), 1.0);

    for p0 in [0.0, 0.3, 1.0] {
        let m = model(&format!(
            "[ceasefire]\nrequired_before_deployment = false\nprobability = {p0}\n{FORCE}"
        ));
        assert_eq!(share(&m, 20_000, Outcome::NoDeployment), 0.0);
    }
}

/// Property 4: more pressure, fewer no_deployment; a larger announced force
/// lowers the ceasefire chance only when the announcement penalty is positive.
#[test]
fn p4_pressure_and_announcement_penalty() {
    let mut prev_nd = 1.0;
    let mut prev_pwin = 0.0;
    for pressure in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let m = model(&format!(
            "[ceasefire]\nprobability = 0.3\npressure = {pressure}\n{FORCE}"
        ));
        let pw = m.first_month().p_win;
        assert!(pw > prev_pwin);
        let nd = share(&m, 40_000, Outcome::NoDeployment);
        assert!(
            nd < prev_nd,
            "pressure {pressure}: no_deployment {nd} >= {prev_nd}"
        );
        (prev_nd, prev_pwin) = (nd, pw);
    }
    let pwin = |troops: u32, kappa: f64| {
        model(&format!("[ceasefire]\nprobability = 0.5\n[force]\ntroops = {troops}\n[assumptions]\nannouncement_penalty = {kappa}\n"))
            .first_month()
            .p_win
    };
    assert!(pwin(50_000, 0.3) < pwin(5_000, 0.3));
    assert_eq!(pwin(50_000, 0.0), pwin(5_000, 0.0));
    assert_eq!(pwin(50_000, 0.0), 0.5);
}

/// Counts attacks on the force in months 13-24.
#[derive(Default)]
struct SecondYear(u64);
impl Observer for SecondYear {
    fn month(&mut self, l: &MonthLog) {
        if l.action == Action::StrikeForce && (13..=24).contains(&l.mission_month) {
            self.0 += 1;
        }
    }
}

/// Property 5: under test_resolve a force that never answers suffers more
/// attacks in the second year than one that always answers.
#[test]
fn p5_test_resolve_punishes_silence() {
    let attacks = |answer: f64| {
        let m = model(&format!(
            "[ceasefire]\nprobability = 1\n[force]\ntroops = 10000\nzone = \"border\"\n[rules_of_engagement]\ncaveat_share = 0\n[russia]\npolicy = \"test_resolve\"\n[assumptions]\nanswer_self_defence = {answer}\noffensive_weight_test_resolve = 0\n"
        ));
        let mut obs = SecondYear::default();
        for run in 0..20_000 {
            m.run(7, run, &mut obs);
        }
        obs.0
    };
    let (never, always) = (attacks(0.0), attacks(1.0));
    // ~9,000 vs ~6,300 attacks: the gap is over 20 standard errors.
    assert!(
        never as f64 > 1.25 * always as f64,
        "never answers: {never} attacks, always: {always}"
    );
}

/// Property 6: the same expected deaths, lumped into rare deadly incidents,
/// withdraw the force more often than when spread thinly; and, on the
/// mechanism, one incident past a tier's threshold removes the tier.
#[test]
fn p6_deadly_incidents_withdraw_more_than_spread_deaths() {
    let withdrawn = |dispersion: f64| {
        let m = model(&format!(
            "[ceasefire]\nprobability = 1\n[force]\ntroops = 5000\nnations = 6\nground_contributors = 4\nzone = \"contact_line\"\n[russia]\npolicy = \"coercive_strikes\"\nrisk_appetite = 0.9\n[assumptions]\ncasualty_dispersion = {dispersion}\noffensive_weight_coercive_strikes = 0\n"
        ));
        let agg = simulate_serial(&m, 11, 0..40_000);
        (
            agg.outcomes[Outcome::ForceWithdrawn as usize],
            agg.metric(Metric::Deaths).mean(),
        )
    };
    let (lumpy, lumpy_deaths) = withdrawn(0.05);
    let (even, even_deaths) = withdrawn(100.0);
    // Same mean deaths per incident; the draws differ only in dispersion.
    assert!(
        (lumpy_deaths - even_deaths).abs() / even_deaths < 0.35,
        "{lumpy_deaths} vs {even_deaths}"
    );
    assert!(
        lumpy > even + 100,
        "withdrawn: lumpy {lumpy} vs even {even}"
    );
}

/// Property 8 lives in tests/engine.rs (common random numbers); property 7
/// (conservation under merges) too.
///
/// Reality check 1 (Fortna): with no force, a quarter to a half of ceasefires
/// collapse within 24 months; a large, credible, backed force cuts that by 50-75%.
#[test]
fn reality_relapse() {
    let policy =
        "[ceasefire]\nprobability = 1\n[russia]\npolicy = \"test_resolve\"\nrisk_appetite = 0.5\n";
    let none = share(
        &model(&format!("{policy}[force]\ntroops = 0\n")),
        100_000,
        Outcome::CeasefireCollapse,
    );
    assert!((0.25..=0.50).contains(&none), "no force: {none}");
    let large = share(
        &model(&format!(
            "{policy}[force]\ntroops = 50000\nair_defence_units = 12\naircraft = 48\nnations = 12\nground_contributors = 6\nzone = \"border\"\n[rules_of_engagement]\nposture = \"robust\"\ncaveat_share = 0.1\n[us_backstop]\nlevel = \"air_support\"\nreliability = 0.8\n"
        )),
        100_000,
        Outcome::CeasefireCollapse,
    );
    let cut = 1.0 - large / none;
    assert!(
        (0.50..=0.75).contains(&cut),
        "cut {cut} (no force {none}, large force {large})"
    );
}

/// Reality check 2 (Seet & Burnham; IFOR/SFOR): under restraint a large force
/// loses at most 0.8 per 1,000 troop-years to hostile action.
#[test]
fn reality_quiet_missions() {
    let m = model(
        "[ceasefire]\nprobability = 1\n[force]\ntroops = 50000\nnations = 12\nground_contributors = 6\nzone = \"border\"\n[russia]\npolicy = \"restraint\"\n",
    );
    let agg = simulate_serial(&m, 2025, 0..50_000);
    let deaths = agg.metric(Metric::Deaths).sum as f64;
    // troop-years: months in place summed over runs.
    let months: u64 = agg.monthly()[2].iter().sum();
    let rate = deaths / (months as f64 * 50_000.0 / 12.0) * 1000.0;
    assert!(rate <= 0.8, "{rate} deaths per 1,000 troop-years");
}

/// Records lethal incidents and the outcome of each run.
#[derive(Default)]
struct Incidents {
    lethal: u32,
}
impl Observer for Incidents {
    fn start(&mut self, _: &RunParams, _: u32, _: Option<u32>, _: bool) {
        self.lethal = 0;
    }
    fn month(&mut self, l: &MonthLog) {
        if l.deaths > 0 {
            self.lethal += 1;
        }
    }
}

/// Reality check 3 (Khasham 2018, drones over Poland 2025): given exactly one
/// lethal incident on the force, wider war follows in under 2% of runs.
#[test]
fn reality_containment() {
    let m = Model::new(&reassure::scenario::load_default());
    let (mut one, mut wider) = (0u64, 0u64);
    let mut obs = Incidents::default();
    for run in 0..300_000 {
        let r = m.run(2025, run, &mut obs);
        if obs.lethal == 1 {
            one += 1;
            wider += u64::from(r.outcome == Outcome::WiderWar);
        }
    }
    assert!(one > 1000, "too few runs with one lethal incident: {one}");
    assert!((wider as f64) < 0.02 * one as f64, "{wider} of {one}");
}

#[derive(Default)]
struct WarMonths {
    drones_and_missiles: Vec<u32>,
}
impl Observer for WarMonths {
    fn month(&mut self, l: &MonthLog) {
        if l.phase == Phase::War {
            self.drones_and_missiles.push(l.weapons);
        }
    }
}

/// Reality check 4 (Ukrainian Air Force figures): in the war state monthly
/// strikes on cities lie in 2,060-6,850 weapons (2,000-6,500 drones plus
/// 60-350 missiles).
#[test]
fn reality_war_volumes() {
    let m = model(
        "[ceasefire]\nrequired_before_deployment = false\nprobability = 0.2\n[force]\naircraft = 120\nzone = \"cities\"\n[russia]\npolicy = \"restraint\"\nrisk_appetite = 0\n",
    );
    let mut obs = WarMonths::default();
    for run in 0..2_000 {
        m.run(1, run, &mut obs);
    }
    assert!(obs.drones_and_missiles.len() > 10_000);
    let (lo, hi) = (
        *obs.drones_and_missiles.iter().min().unwrap(),
        *obs.drones_and_missiles.iter().max().unwrap(),
    );
    assert!(lo >= 2_060 && hi <= 6_850, "[{lo}, {hi}]");
    assert!(
        lo < 2_200 && hi > 6_700,
        "the range is covered: [{lo}, {hi}]"
    );
}

/// Reality check 5: the default scenario is not degenerate.
#[test]
fn reality_default_not_degenerate() {
    let m = Model::new(&reassure::scenario::load_default());
    let agg = simulate_serial(&m, 2025, 0..100_000);
    let big = agg.outcomes.iter().filter(|c| **c >= 1_000).count();
    assert!(big >= 4, "{:?}", agg.outcomes);
}

/// SkyShield's interceptors cut civilian harm in the war state.
#[test]
fn air_defence_over_cities_reduces_harm() {
    let harm = |aircraft: u32| {
        let m = model(&format!(
            "[ceasefire]\nrequired_before_deployment = false\nprobability = 0.2\n[force]\naircraft = {aircraft}\nzone = \"cities\"\n"
        ));
        simulate_serial(&m, 3, 0..5_000)
            .metric(Metric::CivilianHarm)
            .mean()
    };
    assert!(harm(120) < 0.8 * harm(0));
}
