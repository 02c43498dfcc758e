//! The deterministic view: perceived deterrence with its terms and the first
//! mission month's branch probabilities, computed exactly (no sampling) from
//! one parameter set. Tests check the model's monotonicity properties and
//! the two faces of the backstop here.

use super::sim::{Month, Rates};
use super::{Coef, Model, RunParams};

/// D1, term by term, for the force on arrival.
#[derive(Clone, Debug, PartialEq)]
pub struct Deterrence {
    pub troop_power: f64,
    pub other_power: f64,
    pub zone_weight: f64,
    pub tripwire: f64,
    pub posture: f64,
    pub credibility: f64,
    /// Perceived backstop weight before the reveal.
    pub backstop: f64,
    /// S, the deterrence score.
    pub score: f64,
    /// D = 1 − exp(−S).
    pub value: f64,
}

/// The first mission month, branch by branch.
#[derive(Clone, Debug, PartialEq)]
pub struct FirstMonth {
    /// C1 and C2.
    pub p_win: f64,
    /// C1's shifts of the log-odds: pressure (+), Moscow's announcement
    /// penalty (−, as a positive number) and Kyiv's confidence (+), with
    /// the guarantee's credibility G it reads.
    pub c1_pressure: f64,
    pub c1_penalty: f64,
    /// Moscow's objection to air policing (−, as a positive number).
    pub c1_air: f64,
    pub c1_kyiv: f64,
    pub guarantee: f64,
    pub ceasefire_hazard: f64,
    /// Whether the first mission month is at war (deployed without a ceasefire).
    pub war: bool,
    /// Months since the ceasefire in the first mission month (lag + 1).
    pub months_since_ceasefire: u32,
    /// C3: the reference relapse probability of that month.
    pub relapse_q: f64,
    /// R5: the offensive hazard's multiplier for Russia's rebuilding.
    pub rebuild_factor: f64,
    /// U1: the offensive hazard's multiplier for Ukraine's strength.
    pub ukraine_factor: f64,
    /// V1: the relapse hazard's multiplier for monitoring and verification.
    pub verification_factor: f64,
    pub deterrence: Deterrence,
    pub p_offensive: f64,
    pub p_strike_force: f64,
    pub p_strike_cities: f64,
    pub p_probe: f64,
    pub p_nothing: f64,
    /// Chance of an attack aimed at the force or the ceasefire itself.
    pub p_attack: f64,
    /// Given an attack on the force: answered, in kind, and the ladder moves up.
    pub p_answer: f64,
    pub p_in_kind: f64,
    pub p_escalation_given_attack: f64,
    /// O1, given an offensive: fight, defend where it stands, stand aside;
    /// the chance the offensive reaches a defending force; and the chance
    /// the force ends up fighting.
    pub p_fight: f64,
    pub p_defend: f64,
    pub p_stand_aside: f64,
    pub p_reach: f64,
    pub p_fought_given_offensive: f64,
    /// E2: monthly chance of a deliberate escalation at rung 2 before the
    /// backstop is revealed, and after it has shown it delivers.
    pub p_deliberate_escalation: f64,
    pub p_deliberate_escalation_delivered: f64,
    /// G1: monthly chance that an engaged war becomes a wider war, without
    /// and with a delivered backstop (U.S. assets in the clash).
    pub p_wider_given_clash: f64,
    pub p_wider_given_clash_delivered: f64,
    /// E2: chance that a strike on hubs outside Ukraine becomes a wider war,
    /// without and with a delivered backstop.
    pub p_wider_given_hub_strike: f64,
    pub p_wider_given_hub_strike_delivered: f64,
}

impl Model {
    /// The view at the scenario's central parameter values.
    pub fn first_month(&self) -> FirstMonth {
        self.first_month_of(&self.central_params())
    }

    pub fn first_month_of(&self, p: &RunParams) -> FirstMonth {
        let c = &p.c;
        let (troop_power, other_power) = p.combat_power();
        let zone_weight = p.zone_coefs().weight;
        let credibility = c[Coef::InitialCredibility];
        let backstop = p.perceived_backstop(false, false);
        let base = p.deterrence_base();
        let has_force = p.footprint() > 0.0;
        let (score, value) = if has_force {
            (
                base.score(1.0, credibility, backstop),
                base.value(1.0, credibility, backstop),
            )
        } else {
            (0.0, 0.0)
        };
        let p_win = p.p_win();
        let [c1_pressure, c1_penalty, c1_air, c1_kyiv] = p.c1_shifts();
        let ceasefire_hazard = 1.0 - (1.0 - p_win).powf(1.0 / p.window as f64);
        let war = !p.required && p_win < 1.0;
        let s = p.lag + 1;
        let [p_offensive, p_strike_force, p_strike_cities, p_probe] = Rates::new(p).r1(
            self,
            p,
            Month {
                s: if war { 0 } else { s },
                war,
                deterrence: value,
                adapt: 1.0,
                rung: 0,
                buildup: false,
                target: has_force,
                kills_before: 0,
            },
        );
        let p_answer = p.answer_prob(false);
        let p_in_kind = p.in_kind_share();
        let p_escalation_given_attack = p_answer
            * (p_in_kind * p.escalation_prob(true, false, 0)
                + (1.0 - p_in_kind) * p.escalation_prob(false, false, 0));
        let (p_fight, p_defend) = p.o1_branch();
        let p_reach = p.zone_coefs().reach;
        FirstMonth {
            p_win,
            c1_pressure,
            c1_penalty,
            c1_air,
            c1_kyiv,
            guarantee: p.guarantee,
            ceasefire_hazard,
            war,
            months_since_ceasefire: s,
            relapse_q: super::relapse_q(c, s),
            rebuild_factor: super::rebuild_factor(c, s),
            ukraine_factor: p.ukraine_factor(),
            verification_factor: p.verification_factor(),
            deterrence: Deterrence {
                troop_power,
                other_power,
                zone_weight,
                tripwire: p.tripwire(),
                posture: base.posture,
                credibility,
                backstop,
                score,
                value,
            },
            p_offensive,
            p_strike_force,
            p_strike_cities,
            p_probe,
            p_nothing: 1.0 - p_offensive - p_strike_force - p_strike_cities - p_probe,
            p_attack: p_offensive + p_strike_force,
            p_answer,
            p_in_kind,
            p_escalation_given_attack,
            p_fight,
            p_defend,
            p_stand_aside: 1.0 - p_fight - p_defend,
            p_reach,
            p_fought_given_offensive: p.p_fight_offensive(),
            p_deliberate_escalation: p.e2_rate(backstop, 1.0, false),
            p_deliberate_escalation_delivered: p.e2_rate(
                p.perceived_backstop(true, true),
                1.0,
                false,
            ),
            p_wider_given_clash: p.engaged_wider_war_prob(false),
            p_wider_given_clash_delivered: p.engaged_wider_war_prob(true),
            p_wider_given_hub_strike: p.hub_wider_war_prob(false),
            p_wider_given_hub_strike_delivered: p.hub_wider_war_prob(true),
        }
    }
}
