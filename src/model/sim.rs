//! One trajectory, month by month (model brief, "Timeline and state").
//!
//! Months are counted on one calendar from the start of the ceasefire window
//! ("absolute" months); monthly draws are keyed by that month so that two
//! scenarios on one seed meet the same Russian dice in the same month.

use crate::random::draw::{binomial, neg_binomial};
use super::{Coef, Model, Outcome, Policy, Posture, RunParams};
use crate::random::rng::{RunKey, Stream, purpose};

// One purpose per mechanism (random::rng): adding a draw to one mechanism
// never shifts another's.
const P_CEASEFIRE: u64 = purpose("ceasefire.timing");
const P_BACKSTOP: u64 = purpose("backstop.delivers");
const P_REINVADE_MONTH: u64 = purpose("reinvade.month");
const P_REINVADE_LAUNCH: u64 = purpose("reinvade.launch");
const P_ACTION: u64 = purpose("russia.action");
const P_SALVO: u64 = purpose("strike.salvo");
const P_INTERCEPT: u64 = purpose("strike.intercept");
const P_CASUALTIES: u64 = purpose("strike.casualties");
const P_TIER: u64 = purpose("strike.tier");
const P_CITY_INTERCEPT: u64 = purpose("city.intercept");
const P_WAR_VOLUME: u64 = purpose("war.volume");
const P_WAR_INTERCEPT: u64 = purpose("war.intercept");
const P_RESPONSE: u64 = purpose("force.response");
const P_ESCALATION: u64 = purpose("escalation");

/// What Russia did in a month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    None,
    Probe,
    StrikeForce,
    StrikeCities,
    Offensive,
}

/// Where the month falls: between ceasefire and arrival, at war, or under a ceasefire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Lag,
    War,
    Ceasefire,
}

/// What happened in one month, for observers (stories, tests).
#[derive(Clone, Copy, Debug)]
pub struct MonthLog {
    pub abs_month: u32,
    /// 0 before the force arrives.
    pub mission_month: u32,
    pub phase: Phase,
    pub action: Action,
    /// Weapons launched at the force or the cities this month, and intercepted.
    pub weapons: u32,
    pub intercepted: u32,
    pub city_leakers: u32,
    pub deaths: u32,
    /// The tier struck (0 lead, 1 other ground, 2 enablers), if deaths.
    pub tier_hit: Option<u8>,
    pub answered: Option<bool>,
    pub in_kind: bool,
    pub backstop_revealed: Option<bool>,
    pub rung: u8,
    pub deterrence: f64,
    pub credibility: f64,
    pub will: [f64; 3],
    pub present: [bool; 3],
    pub terminal: Option<Outcome>,
}

/// Sees every month of a trajectory. Production runs use [`NoObserver`],
/// which the compiler removes entirely.
pub trait Observer {
    /// Whether [`Observer::month`] wants the monthly log; when false the log
    /// is never built.
    const WANTS_MONTHS: bool = true;
    #[inline(always)]
    fn start(
        &mut self,
        _p: &RunParams,
        _ceasefire_month: u32,
        _arrival: Option<u32>,
        _backstop_delivers: bool,
    ) {
    }
    #[inline(always)]
    fn month(&mut self, _log: &MonthLog) {}
}

#[derive(Clone, Copy, Debug, Default)]
pub struct NoObserver;
impl Observer for NoObserver {
    const WANTS_MONTHS: bool = false;
}

/// One trajectory's result: its outcome and every per-run figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Record {
    pub outcome: Outcome,
    pub deployed: bool,
    /// Mission month of the terminal event (0 = before arrival); `None`
    /// when the run reached the horizon or never deployed.
    pub terminal_month: Option<u32>,
    /// Mission month of the first strike on the force.
    pub first_attack: Option<u32>,
    /// Mission month from which a ceasefire was in effect.
    pub ceasefire_from: Option<u32>,
    pub deaths: u32,
    pub lethal_incidents: u32,
    pub civilian_harm: u64,
    pub peak_rung: u8,
    pub probes: u32,
    pub weapons_launched: u64,
    pub weapons_intercepted: u64,
    pub answered: u32,
    pub unanswered: u32,
    /// Final credibility × 1000.
    pub credibility_milli: u32,
    /// Cost in EUR millions.
    pub cost_eur_m: u64,
    pub personnel: u64,
}

impl Default for Record {
    fn default() -> Self {
        Record {
            outcome: Outcome::NoDeployment,
            deployed: false,
            terminal_month: None,
            first_attack: None,
            ceasefire_from: None,
            deaths: 0,
            lethal_incidents: 0,
            civilian_harm: 0,
            peak_rung: 0,
            probes: 0,
            weapons_launched: 0,
            weapons_intercepted: 0,
            answered: 0,
            unanswered: 0,
            credibility_milli: 0,
            cost_eur_m: 0,
            personnel: 0,
        }
    }
}

/// An interception layer (I1): per-strike capacity and kill probabilities.
#[derive(Clone, Copy)]
struct Layer {
    cap: f64,
    kill_drone: f64,
    kill_missile: f64,
    /// Interceptors of this layer are paid by the coalition or the U.S.
    costed: bool,
}

struct Intercepted {
    drones_left: u32,
    missiles_left: u32,
    stopped: u32,
    costed_shots: u32,
}

/// I1: each layer engages missiles first, then drones, up to its capacity;
/// each engaged weapon is stopped with the layer's probability. Without
/// saturation a weapon survives with probability Π(1 − p_layer).
#[inline]
fn intercept(mut nd: u32, mut nm: u32, layers: &[Layer], s: &mut Stream) -> Intercepted {
    let (mut stopped, mut shots) = (0, 0);
    for l in layers {
        let cap = l.cap.min(u32::MAX as f64) as u32;
        let em = nm.min(cap);
        let ed = nd.min(cap - em);
        let km = binomial(em, l.kill_missile, s.next_f64());
        let kd = binomial(ed, l.kill_drone, s.next_f64());
        nm -= km;
        nd -= kd;
        stopped += km + kd;
        if l.costed {
            shots += em + ed;
        }
    }
    Intercepted {
        drones_left: nd,
        missiles_left: nm,
        stopped,
        costed_shots: shots,
    }
}

/// The state that sets a month's propensities.
#[derive(Clone, Copy, Debug)]
pub(super) struct Month {
    /// Months since the ceasefire (0 at war).
    pub s: u32,
    pub war: bool,
    pub deterrence: f64,
    /// test_resolve's adaptation multiplier (R2).
    pub adapt: f64,
    pub rung: u8,
    /// Inside reinvade's build-up window (R3).
    pub buildup: bool,
}

/// Per-run constants of the propensities, computed once per trajectory.
#[derive(Clone, Copy, Debug)]
pub(super) struct Rates {
    /// Policy rates × g(r): probe, strike on force, strike on cities, offensive weight.
    base: [f64; 4],
    exposure: f64,
    has_footprint: bool,
    probe_factor: f64,
    clash: f64,
    buildup: f64,
}

impl Rates {
    pub(super) fn new(p: &RunParams) -> Rates {
        let c = &p.c;
        let g = p.risk_gain();
        let r = p.policy_rates();
        Rates {
            base: [r[0] * g, r[1] * g, r[2] * g, r[3] * g],
            exposure: p.zone_coefs().0,
            has_footprint: p.footprint() > 0.0,
            probe_factor: 1.0 - c[Coef::MonitoringProbeCut] * p.monitoring,
            clash: c[Coef::ClashStrikeMult],
            buildup: c[Coef::BuildupProbeMult],
        }
    }

    /// R1: the month's probabilities of [offensive, strike on the force,
    /// strike on cities, probe]; "nothing" takes the rest. Risk appetite and
    /// adaptation scale all four; (1 − D) scales those aimed at the force and
    /// the offensive; if they sum past 1 they are scaled down together.
    #[inline(always)]
    pub(super) fn month(&self, m: &Model, p: &RunParams, x: Month) -> [f64; 4] {
        let [probe, force, cities, offensive] = self.base;
        let not_d = 1.0 - x.deterrence;
        let p_off = if x.war {
            0.0
        } else {
            m.relapse_q(p, x.s) * offensive * x.adapt * not_d
        };
        let clash = if x.rung >= 3 { self.clash } else { 1.0 };
        let p_sf = if self.has_footprint {
            force * self.exposure * x.adapt * not_d * clash
        } else {
            0.0
        };
        let p_sc = if x.war { 0.0 } else { cities * x.adapt };
        let buildup = if x.buildup { self.buildup } else { 1.0 };
        let p_pr = probe * x.adapt * self.probe_factor * buildup;
        let total = p_off + p_sf + p_sc + p_pr;
        let k = if total > 1.0 { 1.0 / total } else { 1.0 };
        [p_off * k, p_sf * k, p_sc * k, p_pr * k]
    }
}

pub(super) fn trajectory<O: Observer>(
    m: &Model,
    p: &RunParams,
    key: RunKey,
    obs: &mut O,
) -> Record {
    let c = &p.c;
    let mut rec = Record::default();
    let k_cf = p.ceasefire_month(key.u01(P_CEASEFIRE, 0));
    let delivered = key.u01(P_BACKSTOP, 0) < p.reliability;

    // C2: a required ceasefire that does not come in the window vetoes deployment.
    if p.required && k_cf > p.window {
        obs.start(p, k_cf, None, delivered);
        return rec;
    }
    let (start, arrival) = if p.required {
        (k_cf, k_cf + p.lag)
    } else {
        (0, p.lag)
    };
    obs.start(p, k_cf, Some(arrival), delivered);

    let rates = Rates::new(p);
    let reinvade = p.policy == Policy::Reinvade;
    // R3: the planned offensive's month, counted from the ceasefire.
    let reinvade_month = if reinvade {
        let (a, b, cc) = (
            c[Coef::ReinvadeMonthMin],
            c[Coef::ReinvadeMonthMode],
            c[Coef::ReinvadeMonthMax],
        );
        let (lo, hi) = (a.min(cc), a.max(cc));
        let tri = crate::scenario::Dist::Triangular {
            min: lo,
            mode: b.clamp(lo, hi),
            max: hi,
        };
        tri.quantile(key.u01(P_REINVADE_MONTH, 0)).round().max(1.0) as u32
    } else {
        u32::MAX
    };
    let mut planned_done = !reinvade;

    // C3 before arrival: between ceasefire and arrival the relapse hazard runs
    // with no force to deter it (D = 0).
    for abs in (start + 1)..=arrival {
        if abs <= k_cf {
            continue; // still at war, force not yet there: nothing to model
        }
        let s = abs - k_cf;
        let collapse = if !planned_done && s >= reinvade_month {
            planned_done = true;
            true
        } else {
            let x = Month {
                s,
                war: false,
                deterrence: 0.0,
                adapt: 1.0,
                rung: 0,
                buildup: false,
            };
            key.u01(P_ACTION, abs) < rates.month(m, p, x)[0]
        };
        if O::WANTS_MONTHS {
            obs.month(&MonthLog {
                abs_month: abs,
                mission_month: 0,
                phase: Phase::Lag,
                action: if collapse {
                    Action::Offensive
                } else {
                    Action::None
                },
                weapons: 0,
                intercepted: 0,
                city_leakers: 0,
                deaths: 0,
                tier_hit: None,
                answered: None,
                in_kind: false,
                backstop_revealed: None,
                rung: 0,
                deterrence: 0.0,
                credibility: c[Coef::InitialCredibility],
                will: [c[Coef::InitialWill]; 3],
                present: [true; 3],
                terminal: collapse.then_some(Outcome::CeasefireCollapse),
            });
        }
        if collapse {
            rec.outcome = Outcome::CeasefireCollapse;
            rec.terminal_month = Some(0);
            return rec;
        }
    }

    // The mission.
    rec.deployed = true;
    let shares = p.tier_shares();
    let mut present = [shares[0] > 0.0, shares[1] > 0.0, shares[2] > 0.0];
    let mut will = [c[Coef::InitialWill]; 3];
    let thresholds = [
        c[Coef::ThresholdLead],
        c[Coef::ThresholdGround],
        c[Coef::ThresholdEnablers],
    ];
    let mut share_now: f64 = 1.0;
    let mut cred = c[Coef::InitialCredibility];
    let mut revealed = false;
    let mut adapt: f64 = 1.0;
    let adapt_cap = c[Coef::ResolveCap];
    let mut rung: u8 = 0;
    let mut calm: u32 = 0;
    let mut contested = false;
    let d_base = p.deterrence_base();
    let mut deterrence = d_base.value(share_now, cred, p.perceived_backstop(false, delivered));
    let mut dirty = false;

    let (_, _, city_cover) = p.zone_coefs();
    let death_cap = p.footprint().min(u32::MAX as f64) as u32;
    let answers_cities = p.posture >= Posture::ProtectMandate;
    let us_cap = match p.level {
        super::Level::AirSupport => c[Coef::UsCapacityAir],
        super::Level::FullGuarantee => c[Coef::UsCapacityFull],
        _ => 0.0,
    };
    let us_layer = delivered && us_cap > 0.0;
    let ukraine = Layer {
        cap: f64::INFINITY,
        kill_drone: c[Coef::UkraineKillDrone],
        kill_missile: c[Coef::UkraineKillMissile],
        costed: false,
    };
    let ad = |units: f64, per_strike: f64| Layer {
        cap: units * c[Coef::AdCapacity] * per_strike,
        kill_drone: c[Coef::AdKillDrone],
        kill_missile: c[Coef::AdKillMissile],
        costed: true,
    };
    let air = |per_strike: f64| Layer {
        cap: p.aircraft * c[Coef::AircraftCapacity] * per_strike,
        kill_drone: c[Coef::AircraftKillDrone],
        kill_missile: c[Coef::AircraftKillMissile],
        costed: true,
    };
    let us = Layer {
        cap: if us_layer { us_cap } else { 0.0 },
        kill_drone: c[Coef::UsKillDrone],
        kill_missile: c[Coef::UsKillMissile],
        costed: true,
    };
    let force_layers = [ukraine, ad(p.air_defence, 1.0), air(1.0), us];
    let city_layers = [ukraine, ad(p.air_defence * city_cover, 1.0), air(1.0)];
    let salvos = c[Coef::WarSalvos];
    let war_layers = [ukraine, ad(p.air_defence * city_cover, salvos), air(salvos)];

    let unit_cost_month = (p.air_defence * c[Coef::CostAirDefenceYear]
        + p.aircraft * c[Coef::CostAircraftYear]
        + p.naval * c[Coef::CostNavalYear])
        / 12.0;
    let troop_years_month = (p.troops + p.trainers) / 12.0;
    // Integer constants of the loop, converted once.
    let mandate_period = (c[Coef::MandatePeriod] as u32).max(1);
    let calm_limit = c[Coef::CalmMonths] as u32;
    let buildup_months = c[Coef::BuildupMonths] as u32;
    let mut next_renewal = mandate_period;
    let mut cost = 0.0;
    let mut terminal: Option<Outcome> = None;
    let mut war = false;

    for t in 1..=m.horizon {
        let abs = arrival + t;
        war = abs <= k_cf;
        if !war && rec.ceasefire_from.is_none() {
            rec.ceasefire_from = Some(t);
        }
        let s = if war { 0 } else { abs - k_cf };
        if dirty {
            deterrence = d_base.value(share_now, cred, p.perceived_backstop(revealed, delivered));
            dirty = false;
        }
        let shown = revealed && delivered;

        let buildup = !planned_done && !war && s + buildup_months >= reinvade_month;
        let [p_off, p_sf, p_sc, p_pr] = rates.month(
            m,
            p,
            Month {
                s,
                war,
                deterrence,
                adapt,
                rung,
                buildup,
            },
        );

        // R3: the planned offensive goes ahead unless deterred then.
        let mut action = Action::None;
        if !planned_done && !war && s >= reinvade_month {
            planned_done = true;
            if key.u01(P_REINVADE_LAUNCH, abs) >= deterrence {
                action = Action::Offensive;
            }
        }
        if action == Action::None {
            let u = key.u01(P_ACTION, abs);
            action = if u < p_off {
                Action::Offensive
            } else if u < p_off + p_sf {
                Action::StrikeForce
            } else if u < p_off + p_sf + p_sc {
                Action::StrikeCities
            } else if u < p_off + p_sf + p_sc + p_pr {
                Action::Probe
            } else {
                Action::None
            };
        }

        let mut log_weapons = 0u32;
        let mut log_stopped = 0u32;
        let mut city_leakers = 0u32;
        let mut deaths = 0u32;
        let mut tier_hit = None;
        let mut answered = None;
        let mut in_kind = false;
        let mut reveal_now = None;
        let mut shots = 0u32;
        let mut event_level = 0u8;
        let mut calls_for_answer = false;

        match action {
            Action::Offensive => terminal = Some(Outcome::CeasefireCollapse),
            Action::Probe => {
                rec.probes += 1;
                event_level = 1;
            }
            Action::StrikeForce => {
                event_level = 2;
                calls_for_answer = true;
                contested |= !war;
                if rec.first_attack.is_none() {
                    rec.first_attack = Some(t);
                }
                // B1: the backstop is revealed by the first attack on the force.
                if !revealed {
                    revealed = true;
                    reveal_now = Some(delivered);
                    if !delivered {
                        cred *= 1.0 - c[Coef::BackstopFailureLoss];
                    }
                    dirty = true;
                }
                let f = 0.5 + key.u01(P_SALVO, abs);
                let nd = (c[Coef::SalvoDrones] * f).round() as u32;
                let nm = (c[Coef::SalvoMissiles] * f).round() as u32;
                let layers = if us_layer {
                    &force_layers[..]
                } else {
                    &force_layers[..3]
                };
                let r = intercept(nd, nm, layers, &mut key.monthly(P_INTERCEPT, abs));
                log_weapons += nd + nm;
                log_stopped += r.stopped;
                shots += r.costed_shots;
                // I2: deaths per incident, negative binomial around the leakers' mean.
                let mean = r.drones_left as f64 * c[Coef::DeathsPerDrone]
                    + r.missiles_left as f64 * c[Coef::DeathsPerMissile];
                deaths = neg_binomial(
                    mean,
                    c[Coef::CasualtyDispersion],
                    key.u01(P_CASUALTIES, abs),
                    death_cap,
                );
                if deaths > 0 {
                    rec.lethal_incidents += 1;
                    rec.deaths += deaths;
                    // P1: the incident falls on one tier's sites, by share.
                    let u = key.u01(P_TIER, abs) * share_now;
                    let mut acc = 0.0;
                    let mut hit = 0;
                    for i in 0..3 {
                        if present[i] {
                            acc += shares[i];
                            hit = i;
                            if u < acc {
                                break;
                            }
                        }
                    }
                    tier_hit = Some(hit as u8);
                    // Every tier's public sees the coalition's dead, through its
                    // own threshold; the tier whose soldiers died leaves past it.
                    let d = deaths as f64;
                    for i in 0..3 {
                        will[i] -=
                            c[Coef::WillShock] * (d / thresholds[i]).powf(c[Coef::WillConvexity]);
                    }
                    if d >= thresholds[hit] {
                        present[hit] = false;
                    }
                }
            }
            Action::StrikeCities => {
                event_level = 2;
                calls_for_answer = answers_cities;
                contested = true;
                let f = 0.5 + key.u01(P_SALVO, abs);
                let nd = (c[Coef::CitySalvoDrones] * f).round() as u32;
                let nm = (c[Coef::CitySalvoMissiles] * f).round() as u32;
                let r = intercept(
                    nd,
                    nm,
                    &city_layers,
                    &mut key.monthly(P_CITY_INTERCEPT, abs),
                );
                log_weapons += nd + nm;
                log_stopped += r.stopped;
                shots += r.costed_shots;
                city_leakers += r.drones_left + r.missiles_left;
                rec.civilian_harm += (r.drones_left as f64 * c[Coef::HarmPerDrone]
                    + r.missiles_left as f64 * c[Coef::HarmPerMissile])
                    .round() as u64;
            }
            Action::None => {}
        }

        // W1: in the war state the cities take war volumes every month.
        if war {
            let u = key.u01(P_WAR_VOLUME, abs);
            let nd = (c[Coef::WarDronesMin] + u * (c[Coef::WarDronesMax] - c[Coef::WarDronesMin]))
                .round() as u32;
            let nm = (c[Coef::WarMissilesMin]
                + u * (c[Coef::WarMissilesMax] - c[Coef::WarMissilesMin]))
                .round() as u32;
            let r = intercept(nd, nm, &war_layers, &mut key.monthly(P_WAR_INTERCEPT, abs));
            log_weapons += nd + nm;
            log_stopped += r.stopped;
            shots += r.costed_shots;
            city_leakers += r.drones_left + r.missiles_left;
            rec.civilian_harm += (r.drones_left as f64 * c[Coef::HarmPerDrone]
                + r.missiles_left as f64 * c[Coef::HarmPerMissile])
                .round() as u64;
        }
        rec.weapons_launched += log_weapons as u64;
        rec.weapons_intercepted += log_stopped as u64;

        // A1, K1, R2: the response, credibility and Moscow's adaptation.
        let mut escalate = false;
        if calls_for_answer {
            let mut rs = key.monthly(P_RESPONSE, abs);
            let ans = rs.next_f64() < p.answer_prob(shown);
            answered = Some(ans);
            let adaptive = p.policy == Policy::TestResolve || (reinvade && planned_done);
            if ans {
                rec.answered += 1;
                in_kind = rs.next_f64() < p.in_kind_share();
                cred += c[Coef::CredibilityGain] * (1.0 - cred);
                if adaptive {
                    adapt = (adapt * (1.0 - c[Coef::ResolveAnsweredCut])).max(1.0 / adapt_cap);
                }
                // E1: an answer may move the ladder up.
                escalate = key.u01(P_ESCALATION, abs) < p.escalation_prob(in_kind, shown);
            } else {
                rec.unanswered += 1;
                cred -= c[Coef::CredibilityLoss] * cred;
                if adaptive {
                    adapt = (adapt * (1.0 + c[Coef::ResolveUnansweredGain])).min(adapt_cap);
                }
                for i in 0..3 {
                    will[i] -= c[Coef::WillErosion];
                }
            }
            dirty = true;
        }

        // E1: the ladder moves at most one rung a month.
        let target = rung.max(event_level);
        if target > rung || (escalate && rung < 4) {
            rung += 1;
        }
        let quiet = event_level == 0 && answered.is_none();
        if quiet {
            calm += 1;
            if calm >= calm_limit && rung > 0 && rung < 4 {
                rung -= 1;
                calm = 0;
            }
        } else {
            calm = 0;
        }
        rec.peak_rung = rec.peak_rung.max(rung);
        if rung >= 4 {
            terminal = Some(Outcome::WiderWar);
        }

        // P1: will recovers in months without strikes; mandates come up for renewal.
        if event_level < 2 {
            for w in &mut will {
                *w += c[Coef::WillRecovery] * (1.0 - *w);
            }
        }
        let renewal = t == next_renewal;
        if renewal {
            next_renewal += mandate_period;
        }
        let mut share = 0.0;
        for i in 0..3 {
            if present[i] && (will[i] <= 0.0 || (renewal && will[i] < c[Coef::RenewalBar])) {
                present[i] = false;
            }
            if present[i] {
                share += shares[i];
            }
        }
        if share != share_now {
            share_now = share;
            dirty = true;
        }
        // P2: below a viable share of its combat power the force withdraws.
        if share_now < c[Coef::ViableShare] && terminal.is_none() {
            terminal = Some(Outcome::ForceWithdrawn);
        }

        // X1: cost of the month.
        let rate = if war || rung >= 3 {
            c[Coef::CostTroopYearCombat]
        } else {
            c[Coef::CostTroopYear]
        };
        cost +=
            troop_years_month * rate + unit_cost_month + shots as f64 * c[Coef::CostInterceptor];

        if O::WANTS_MONTHS {
            obs.month(&MonthLog {
                abs_month: abs,
                mission_month: t,
                phase: if war { Phase::War } else { Phase::Ceasefire },
                action,
                weapons: log_weapons,
                intercepted: log_stopped,
                city_leakers,
                deaths,
                tier_hit,
                answered,
                in_kind,
                backstop_revealed: reveal_now,
                rung,
                deterrence,
                credibility: cred,
                will,
                present,
                terminal,
            });
        }
        if let Some(o) = terminal {
            rec.outcome = o;
            rec.terminal_month = Some(t);
            break;
        }
    }

    if terminal.is_none() {
        rec.outcome = if war {
            Outcome::WarContinues
        } else if contested {
            Outcome::ContestedPeace
        } else {
            Outcome::DeterrenceHeld
        };
    }
    rec.credibility_milli = (cred.clamp(0.0, 1.0) * 1000.0).round() as u32;
    rec.cost_eur_m = cost.round() as u64;
    rec.personnel = ((p.troops + p.trainers) * c[Coef::RotationMultiplier]).round() as u64;
    rec
}
