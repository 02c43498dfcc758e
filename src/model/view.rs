//! The deterministic view: perceived deterrence with its terms and the first
//! mission month's branch probabilities, computed exactly (no sampling) from
//! one parameter set. Tests check the model's monotonicity properties here,
//! and `explain` prints it.

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
    pub ceasefire_hazard: f64,
    /// Whether the first mission month is at war (deployed without a ceasefire).
    pub war: bool,
    /// Months since the ceasefire in the first mission month (lag + 1).
    pub months_since_ceasefire: u32,
    /// C3: the reference relapse probability of that month.
    pub relapse_q: f64,
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
}

impl Model {
    /// The view at the scenario's central parameter values.
    pub fn first_month(&self) -> FirstMonth {
        self.first_month_of(&self.central_params())
    }

    pub fn first_month_of(&self, p: &RunParams) -> FirstMonth {
        let c = &p.c;
        let (troop_power, other_power) = p.combat_power();
        let (_, zone_weight, _) = p.zone_coefs();
        let credibility = c[Coef::InitialCredibility];
        let backstop = p.perceived_backstop(false, false);
        let base = p.deterrence_base();
        let score = base.score(1.0, credibility, backstop);
        let value = base.value(1.0, credibility, backstop);
        let p_win = p.p_win();
        let ceasefire_hazard = 1.0 - (1.0 - p_win).powf(1.0 / p.window as f64);
        let war = !p.required && p_win < 1.0;
        let s = p.lag + 1;
        let [p_offensive, p_strike_force, p_strike_cities, p_probe] = Rates::new(p).month(
            self,
            p,
            Month {
                s: if war { 0 } else { s },
                war,
                deterrence: value,
                adapt: 1.0,
                rung: 0,
                buildup: false,
            },
        );
        let p_answer = p.answer_prob(false);
        let p_in_kind = p.in_kind_share();
        let p_escalation_given_attack = p_answer
            * (p_in_kind * p.escalation_prob(true, false)
                + (1.0 - p_in_kind) * p.escalation_prob(false, false));
        FirstMonth {
            p_win,
            ceasefire_hazard,
            war,
            months_since_ceasefire: s,
            relapse_q: self.relapse_q(p, s),
            deterrence: Deterrence {
                troop_power,
                other_power,
                zone_weight,
                tripwire: base.tripwire,
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
        }
    }
}
