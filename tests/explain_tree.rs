//! The event tree of `reassure explain` against the model: its branch
//! probabilities against the equations of docs/model.md written out here,
//! its leaves summing to 1, and its leaf probabilities against the
//! frequencies of the first mission month in simulated runs.

use rayon::prelude::*;
use reassure::model::{
    Action, Backstop, Coef, Escalation, Event, Model, MonthEnd, MonthLog, MonthState, Observer,
    Phase, Route, Tree,
};
use reassure::scenario::{load, parse};
use std::collections::BTreeMap;

fn model(body: &str) -> Model {
    let text = format!("[scenario]\nname = \"t\"\n{body}");
    let s = parse(&text, "t.toml")
        .unwrap_or_else(|d| panic!("{}", d.iter().map(|x| x.to_string()).collect::<String>()));
    Model::new(&s)
}

/// Robust posture at the border with U.S. air support: in-kind answers,
/// fights, a U.S. layer that only intercepts when the backstop delivers.
const ROBUST: &str = r#"
[ceasefire]
required_before_deployment = true
probability = 0.9
[force]
troops = 20000
air_defence_units = 4
aircraft = 12
zone = "border"
nations = 10
ground_contributors = 3
[rules_of_engagement]
posture = "robust"
caveat_share = 0.3
[us_backstop]
level = "air_support"
reliability = 0.5
[russia]
policy = "coercive_strikes"
risk_appetite = 0.9
"#;

/// Self-defence in the rear with an ISR backstop, Russia testing resolve.
const CAUTIOUS: &str = r#"
[ceasefire]
required_before_deployment = true
probability = 0.8
[force]
troops = 8000
air_defence_units = 2
aircraft = 0
zone = "cities"
nations = 12
ground_contributors = 4
[rules_of_engagement]
posture = "protect_mandate"
caveat_share = 0.5
[us_backstop]
level = "isr_logistics"
reliability = 0.6
[russia]
policy = "test_resolve"
risk_appetite = 0.85
"#;

/// Deployed during the war, many aircraft at the contact line: W3's losses.
const AT_WAR: &str = r#"
[ceasefire]
required_before_deployment = false
probability = 0.05
[force]
troops = 15000
air_defence_units = 6
aircraft = 300
zone = "contact_line"
nations = 8
ground_contributors = 3
[rules_of_engagement]
posture = "robust"
caveat_share = 0.2
[us_backstop]
level = "full_guarantee"
reliability = 0.4
[russia]
policy = "coercive_strikes"
risk_appetite = 0.9
[assumptions]
aircraft_loss_rate = 0.002
"#;

/// What one month shows that the tree also decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Sig {
    action: u8,
    fought: Option<bool>,
    reveal: Option<bool>,
    lethal: Option<bool>,
    aircraft_lost: bool,
    escalation: Option<u8>,
    answered: Option<bool>,
    in_kind: bool,
    rung: u8,
    collapse: bool,
    wider: bool,
}

fn action_code(a: Action) -> u8 {
    a as u8
}

fn path_sigs(tree: &Tree) -> BTreeMap<Sig, f64> {
    let mut out = BTreeMap::new();
    for path in tree.paths() {
        let mut s = Sig {
            action: 255,
            fought: None,
            reveal: None,
            lethal: None,
            aircraft_lost: false,
            escalation: None,
            answered: None,
            in_kind: false,
            rung: path.leaf.rung,
            // What the month does to the peace: a wider war outranks the
            // collapse (whether the force stood aside or fought).
            collapse: path.leaf.ends == Some(MonthEnd::Collapse),
            wider: path.leaf.ends == Some(MonthEnd::WiderWar),
        };
        for e in &path.events {
            match *e {
                Event::Action(a) => s.action = action_code(a),
                Event::Fight | Event::Reached(true) => s.fought = Some(true),
                Event::StandAside | Event::Reached(false) => s.fought = Some(false),
                Event::Reveal(d) => s.reveal = Some(d),
                Event::Lethal(l) => s.lethal = Some(l),
                // Every weapon shot down: no one killed (and rung 1, E1).
                Event::Stopped => s.lethal = Some(false),
                Event::AircraftLost(l) => s.aircraft_lost = l,
                Event::Escalation(k) => s.escalation = k.map(|k| k as u8),
                Event::Answered(a) => s.answered = Some(a),
                Event::InKind(k) => s.in_kind = k,
                _ => {}
            }
        }
        if s.aircraft_lost {
            s.lethal = None; // a crew lost with the aircraft is a death too
        }
        *out.entry(s).or_insert(0.0) += path.p;
    }
    out
}

/// Records the first mission month of a run.
#[derive(Default)]
struct First(Option<(MonthLog, bool)>);
impl Observer for First {
    fn month(&mut self, log: &MonthLog) {
        if log.mission_month == 1 {
            self.0 = Some((*log, log.phase == Phase::War));
        }
    }
}

fn log_sig(log: &MonthLog) -> Sig {
    Sig {
        action: action_code(log.action),
        fought: log.branch.map(|b| b == reassure::model::Branch::Fought),
        reveal: log.backstop_revealed,
        // The tree splits deaths only for R1's strike on the force (a W3
        // crew loss is a separate death).
        lethal: (log.action == Action::StrikeForce && !log.aircraft_lost).then_some(log.deaths > 0),
        aircraft_lost: log.aircraft_lost,
        escalation: log.escalation.map(|k| k as u8),
        answered: log.answered,
        in_kind: log.in_kind,
        rung: log.rung,
        collapse: log.collapse && !log.wider,
        wider: log.wider,
    }
}

/// Compare the tree of month 1 with the first month of `runs` simulated
/// runs, signature by signature, within 4.5 standard errors.
fn agrees_with_simulation(body: &str, war: bool, runs: u64) {
    let m = model(body);
    let p = m.central_params();
    let st = m.month_state(&p, 1);
    assert_eq!(st.war, war);
    let expected = path_sigs(&m.event_tree(&p, &st));
    let observed: Vec<Sig> = (0..runs)
        .into_par_iter()
        .filter_map(|run| {
            let mut obs = First::default();
            m.run(2025, run, &mut obs);
            obs.0
                .filter(|(_, w)| *w == war)
                .map(|(log, _)| log_sig(&log))
        })
        .collect();
    let n = observed.len() as f64;
    assert!(n > runs as f64 * 0.3, "only {n} first months");
    let mut counts: BTreeMap<Sig, f64> = BTreeMap::new();
    for s in observed {
        *counts.entry(s).or_insert(0.0) += 1.0;
    }
    for (sig, c) in &counts {
        assert!(
            expected.contains_key(sig),
            "simulated {c} times but not in the tree: {sig:?}\ntree: {expected:#?}"
        );
    }
    let mut checked = 0;
    for (sig, &p) in &expected {
        let f = counts.get(sig).copied().unwrap_or(0.0) / n;
        let se = (p.max(1.0 / n) * (1.0 - p) / n).sqrt();
        assert!(
            (f - p).abs() <= 4.5 * se + 1e-9,
            "{sig:?}: tree {p:.6}, simulated {f:.6} (n {n}, se {se:.6})"
        );
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} leaves");
}

#[test]
fn tree_matches_simulated_first_months_robust_border() {
    agrees_with_simulation(ROBUST, false, 200_000);
}

#[test]
fn tree_matches_simulated_first_months_protect_mandate_cities() {
    agrees_with_simulation(CAUTIOUS, false, 200_000);
}

#[test]
fn tree_matches_simulated_first_months_at_war() {
    agrees_with_simulation(AT_WAR, true, 200_000);
}

fn node_p(tree: &Tree, path: &[Event]) -> f64 {
    let mut nodes = &tree.children;
    let mut p = f64::NAN;
    for e in path {
        let n = nodes
            .iter()
            .find(|n| n.event == *e)
            .unwrap_or_else(|| panic!("no branch {e:?} on {path:?}"));
        p = n.p;
        nodes = &n.children;
    }
    p
}

/// The branch probabilities, written out from docs/model.md's equations.
#[test]
fn branches_follow_the_equations() {
    let m = model(ROBUST);
    let p = m.central_params();
    let c = &p.c;
    let st = m.month_state(&p, 1);
    let tree = m.event_tree(&p, &st);

    // D1 with everyone present, credibility on arrival, backstop w·reliability.
    let troop = c[Coef::TroopWeight] * (1.0f64 + 20000.0 / c[Coef::TroopScale]).ln();
    let other = c[Coef::AirDefenceWeight] * 4.0 + c[Coef::AircraftWeight] * 12.0;
    let trip = c[Coef::TripwireWeight] * 11.0f64.ln();
    let s = (troop + other + trip)
        * c[Coef::ZoneWeightBorder]
        * c[Coef::PostureRobust]
        * c[Coef::InitialCredibility]
        + c[Coef::BackstopDeterrence] * c[Coef::BackstopAir] * 0.5;
    let d = 1.0 - (-s).exp();
    assert!(
        (tree.deterrence - d).abs() < 1e-12,
        "{} vs {d}",
        tree.deterrence
    );

    // R1: g(r)·rate·(exposure)·(1 − D); the offensive with C3's q(s), R5's ρ(s) and U1.
    let g = (2.0f64 * 0.9).powf(c[Coef::RiskElasticity]);
    let p_sf = c[Coef::ForceStrikeCoercive] * g * c[Coef::ExposureBorder] * (1.0 - d);
    let s_m = (p.lag + 1) as f64;
    let (lam, k) = (c[Coef::RelapseScale], c[Coef::RelapseShape]);
    let q = 1.0 - (-((s_m / lam).powf(k) - ((s_m - 1.0) / lam).powf(k))).exp();
    let rho = 1.0 + c[Coef::RebuildGain] * (1.0 - (-s_m / c[Coef::RebuildMonths]).exp());
    let p_off = q * rho * c[Coef::OffensiveCoercive] * g * (1.0 - d) * p.verification_factor();
    let p_sc = c[Coef::CityStrikeCoercive] * g;
    let p_pr = c[Coef::ProbeCoercive] * g * (1.0 - c[Coef::MonitoringProbeCut] * p.monitoring);
    let total: f64 = p_off + p_sf + p_sc + p_pr;
    let scale = if total > 1.0 { 1.0 / total } else { 1.0 };
    let close = |a: f64, b: f64, what: &str| assert!((a - b).abs() < 1e-12, "{what}: {a} vs {b}");
    close(
        node_p(&tree, &[Event::Action(Action::StrikeForce)]),
        p_sf * scale,
        "strike on force",
    );
    close(
        node_p(&tree, &[Event::Action(Action::Offensive)]),
        p_off * scale,
        "offensive",
    );
    close(
        node_p(&tree, &[Event::Action(Action::StrikeCities)]),
        p_sc * scale,
        "cities",
    );
    close(
        node_p(&tree, &[Event::Action(Action::Probe)]),
        p_pr * scale,
        "probe",
    );

    // O1: f = fight·(1 − caveat_effect·caveat) + gain·w; d likewise; reach.
    let cav = 1.0 - c[Coef::CaveatEffect] * 0.3;
    let f = c[Coef::FightRobust] * cav + c[Coef::FightBackstopGain] * c[Coef::BackstopAir];
    let off = Event::Action(Action::Offensive);
    close(node_p(&tree, &[off, Event::Fight]), f, "fight");
    close(
        node_p(&tree, &[off, Event::Defend]),
        c[Coef::DefendRobust] * cav,
        "defend",
    );
    close(
        node_p(&tree, &[off, Event::Defend, Event::Reached(true)]),
        c[Coef::ReachBorder],
        "reach",
    );
    // B1, then G1 with the entangling face once the backstop delivered.
    close(
        node_p(&tree, &[off, Event::Fight, Event::Reveal(true)]),
        0.5,
        "reveal",
    );
    let esc_risk = 1.0 + c[Coef::EscalationRiskGain] * (0.9 - 0.5);
    let ent = 1.0 + c[Coef::Entanglement] * c[Coef::BackstopAir];
    close(
        node_p(
            &tree,
            &[
                off,
                Event::Fight,
                Event::Reveal(true),
                Event::EngagedWider(true),
            ],
        ),
        c[Coef::EngagedWiderWar] * esc_risk * ent,
        "engaged wider war, delivered",
    );
    close(
        node_p(
            &tree,
            &[
                off,
                Event::Fight,
                Event::Reveal(false),
                Event::EngagedWider(true),
            ],
        ),
        c[Coef::EngagedWiderWar] * esc_risk,
        "engaged wider war, failed",
    );

    // A1 after a strike that revealed a delivering backstop: the bonus; in
    // kind; E1's step damped by escalation dominance below rung 3.
    let sf = Event::Action(Action::StrikeForce);
    let ans = (c[Coef::AnswerRobust] * cav + c[Coef::BackstopAnswerBonus]).min(1.0);
    let base = [sf, Event::Reveal(true), Event::Lethal(false)];
    close(
        node_p(&tree, &[&base[..], &[Event::Answered(true)]].concat()),
        ans,
        "answer, delivered",
    );
    let ik = [&base[..], &[Event::Answered(true), Event::InKind(true)]].concat();
    close(node_p(&tree, &ik), c[Coef::InKindShare], "in kind");
    close(
        node_p(&tree, &[&ik[..], &[Event::Escalates(true)]].concat()),
        c[Coef::EscalationInKind] * esc_risk * (1.0 - c[Coef::BackstopEscalationDamping]),
        "escalation in kind, delivered",
    );
    let failed = [
        sf,
        Event::Reveal(false),
        Event::Lethal(false),
        Event::Answered(true),
    ];
    close(
        node_p(&tree, &failed),
        c[Coef::AnswerRobust] * cav,
        "answer, failed",
    );

    // Lethal, through without deaths and all shot down are complements,
    // each a probability strictly inside (0, 1).
    let l = node_p(&tree, &[sf, Event::Reveal(true), Event::Lethal(true)]);
    let nl = node_p(&tree, &[sf, Event::Reveal(true), Event::Lethal(false)]);
    let stopped = node_p(&tree, &[sf, Event::Reveal(true), Event::Stopped]);
    close(l + nl + stopped, 1.0, "lethal complements");
    assert!(l > 0.0 && l < 1.0 && stopped > 0.0 && stopped < 1.0);
    // The U.S. layer intercepts only when the backstop delivers.
    let lf = node_p(&tree, &[sf, Event::Reveal(false), Event::Lethal(true)]);
    assert!(
        l < lf,
        "a delivering U.S. layer must save lives: {l} vs {lf}"
    );
}

/// `--at rung=2 backstop=failed`: E2's deliberate escalation appears, at
/// the rate its equation gives, with the failed backstop's lost restraint.
#[test]
fn deliberate_escalation_at_rung_two() {
    let m = model(ROBUST);
    let p = m.central_params();
    let c = &p.c;
    let st = MonthState {
        rung: 2,
        backstop: Backstop::Failed,
        credibility: c[Coef::InitialCredibility] * (1.0 - c[Coef::BackstopFailureLoss]),
        ..m.month_state(&p, 1)
    };
    let tree = m.event_tree(&p, &st);
    let g = (2.0f64 * 0.9).powf(c[Coef::RiskElasticity]);
    // A failed backstop: perceived weight 0 (no U.S.-led monitoring here).
    let rate = c[Coef::RussianEscCoercive] * g;
    let probe = Event::Action(Action::Probe);
    let camp = node_p(
        &tree,
        &[probe, Event::Escalation(Some(Escalation::Campaign))],
    );
    assert!((camp - rate * c[Coef::EscShareCampaign]).abs() < 1e-12);
    let none = node_p(&tree, &[probe, Event::Escalation(None)]);
    assert!((none - (1.0 - rate)).abs() < 1e-12);
    let hubs = [
        probe,
        Event::Escalation(Some(Escalation::Hubs)),
        Event::HubWider(true),
    ];
    assert!((node_p(&tree, &hubs) - c[Coef::HubWiderWar]).abs() < 1e-12);
    let total: f64 = tree.paths().iter().map(|x| x.p).sum();
    assert!((total - 1.0).abs() < 1e-12);
    // Every path that went through a deliberate escalation ends at rung 3 or 4.
    for path in tree.paths() {
        if path
            .events
            .iter()
            .any(|e| matches!(e, Event::Escalation(Some(_))))
        {
            assert!(path.leaf.rung >= 3, "{path:?}");
        }
    }
    // With a delivering backstop the restraint face lowers the rate.
    let delivered = m.event_tree(
        &p,
        &MonthState {
            backstop: Backstop::Delivered,
            ..st
        },
    );
    let camp_d = node_p(
        &delivered,
        &[probe, Event::Escalation(Some(Escalation::Campaign))],
    );
    assert!(camp_d < camp, "{camp_d} vs {camp}");
}

/// Engaged in a war: only G1 remains.
#[test]
fn an_engaged_month_is_g1_alone() {
    let m = model(ROBUST);
    let p = m.central_params();
    let st = MonthState {
        engaged: true,
        rung: 3,
        backstop: Backstop::Delivered,
        ..m.month_state(&p, 5)
    };
    let tree = m.event_tree(&p, &st);
    assert_eq!(tree.children.len(), 2);
    let w = node_p(&tree, &[Event::EngagedWider(true)]);
    assert!((w - p.engaged_wider_war_prob(true)).abs() < 1e-12);
    assert!((tree.outcome_probability(Some(MonthEnd::WiderWar)) - w).abs() < 1e-12);
}

/// The tree exists, sums to 1 and has no negative branch for every library
/// scenario at its central values, in month 1 and in a later month.
#[test]
fn every_library_scenario_has_a_proper_tree() {
    let mut n = 0;
    for entry in std::fs::read_dir("scenarios").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let m = Model::new(&load(&path).unwrap());
            let p = m.central_params();
            for month in [1, 13] {
                let tree = m.event_tree(&p, &m.month_state(&p, month));
                let paths = tree.paths();
                let total: f64 = paths.iter().map(|x| x.p).sum();
                assert!((total - 1.0).abs() < 1e-9, "{}: {total}", path.display());
                assert!(paths.iter().all(|x| x.p >= 0.0));
            }
            n += 1;
        }
    }
    assert!(n >= 10);
}

/// With no force, an offensive is a collapse with no force there and
/// nothing is struck or answered.
#[test]
fn no_force_tree() {
    let m = Model::new(&load(std::path::Path::new("scenarios/no-force.toml")).unwrap());
    let p = m.central_params();
    let tree = m.event_tree(&p, &m.month_state(&p, 1));
    assert_eq!(tree.people, 0.0);
    assert_eq!(tree.deterrence, 0.0);
    for path in tree.paths() {
        assert!(!path.events.contains(&Event::Action(Action::StrikeForce)));
        if path.events.contains(&Event::Action(Action::Offensive)) {
            assert_eq!(path.leaf.route, Some(Route::NoForce));
        }
    }
}
