//! Streaming aggregation of trajectories into exact, mergeable integers:
//! outcome counts, one [`Hist`] per per-run figure, and the monthly state
//! counts kept as difference arrays (O(1) per run, prefix-summed at the end).
//! Adding runs in any order, or merging partial aggregates in any order,
//! gives the same aggregate, bit for bit.

use super::hist::{Hist, HistWire};
use crate::model::{N_OUTCOMES, Outcome, Record};

/// A per-run figure: its name in `summary.json`, the divisor that turns the
/// stored integer into the reported unit, the unit, and its meaning.
#[derive(Debug)]
pub struct MetricSpec {
    pub name: &'static str,
    pub scale: f64,
    pub unit: &'static str,
    pub doc: &'static str,
}

macro_rules! metrics {
    ($($variant:ident = $name:literal, $scale:expr, $unit:literal, $doc:literal;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(usize)]
        pub enum Metric { $($variant),* }
        pub const METRICS: &[MetricSpec] = &[$(MetricSpec { name: $name, scale: $scale, unit: $unit, doc: $doc }),*];
        impl Metric {
            pub const ALL: &[Metric] = &[$(Metric::$variant),*];
        }
    };
}

metrics! {
    TroopsAnnounced = "troops_announced", 1.0, "troops", "troops and trainers announced (the figure the announcement penalty reads); all runs";
    TroopsDeployed = "troops_deployed", 1.0, "troops", "troops and trainers that deployed, after backstop-dependent contingents stayed home; deployed runs";
    TerminalMonth = "terminal_month", 1.0, "mission month", "mission month of the terminal event (0 = before arrival); runs that ended in a terminal event after deploying or during the lag";
    FirstAttack = "months_to_first_attack", 1.0, "months", "mission months to the first strike on the force; runs where one came";
    Deaths = "hostile_deaths", 1.0, "deaths", "hostile deaths in the force; deployed runs";
    LethalIncidents = "lethal_incidents", 1.0, "incidents", "strikes on the force that killed someone; deployed runs";
    CivilianHarm = "civilian_harm", 1.0, "index points", "civilian-harm index (weighted drones and missiles that hit cities); deployed runs";
    PeakRung = "peak_rung", 1.0, "rung (0-4)", "highest escalation rung reached; deployed runs";
    Probes = "probes", 1.0, "probes", "grey-zone probes; deployed runs";
    StrikesAttempted = "strikes_attempted", 1.0, "weapons", "drones and missiles launched at the force or cities; deployed runs";
    StrikesIntercepted = "strikes_intercepted", 1.0, "weapons", "drones and missiles intercepted (all layers, Ukraine's included); deployed runs";
    Answered = "attacks_answered", 1.0, "attacks", "attacks the force answered; deployed runs";
    Escalations = "deliberate_escalations", 1.0, "escalations", "deliberate Russian escalations (campaigns, strikes on air-defence sites or on hubs outside Ukraine); deployed runs";
    Unanswered = "attacks_unanswered", 1.0, "attacks", "attacks left unanswered; deployed runs";
    Credibility = "final_credibility", 1000.0, "0-1", "the force's credibility at the end; deployed runs";
    Cost = "cost_eur_bn", 1000.0, "EUR bn", "troop-years, unit-years and interceptors; deployed runs";
    Personnel = "personnel_committed", 1.0, "people", "troops and trainers x rotation multiplier; deployed runs";
}

pub const N_METRICS: usize = METRICS.len();

/// The monthly state series of `summary.json`.
pub const MONTHLY: [&str; 3] = ["no_attack_yet", "ceasefire_holding", "force_in_place"];

/// The mission states of `summary.json`'s `mission_states`: every run is in
/// exactly one of them at each mission month 0..=horizon, so they stack to
/// all runs. Identifier, label and meaning, in stacking order (bottom to
/// top). Month 0 is the force's arrival (the start of mission month 1);
/// month t ≥ 1 is the end of mission month t. docs/model.md defines them.
pub const STATES: [(&str, &str, &str); N_STATES] = [
    (
        "in_place_ceasefire",
        "Force in place, ceasefire holding",
        "a force is in the country and the ceasefire holds",
    ),
    (
        "no_force_ceasefire",
        "No force, ceasefire holding",
        "the ceasefire holds and no force is in the country (none was sent, or every contingent stayed home)",
    ),
    (
        "in_place_war",
        "Force in place, at war",
        "a force is in the country and the war runs: it deployed before a ceasefire, or it fought an offensive in a run that later ended in a wider war",
    ),
    (
        "no_force_war",
        "No force, at war",
        "the war runs and no force is in the country",
    ),
    (
        "ended_force_withdrawn",
        "Ended: force withdrawn",
        "the run ended in force_withdrawn at this month or before",
    ),
    (
        "ended_ceasefire_collapse",
        "Ended: ceasefire collapsed",
        "the run ended in ceasefire_collapse at this month or before (month 0: during the deployment lag)",
    ),
    (
        "ended_wider_war",
        "Ended: wider war",
        "the run ended in wider_war at this month or before",
    ),
    (
        "no_deployment",
        "No deployment (no ceasefire in the window)",
        "a ceasefire was required and none came in the window: the force never went",
    ),
];

pub const N_STATES: usize = 8;

/// Indices into [`STATES`].
pub mod state {
    pub const IN_PLACE_CEASEFIRE: usize = 0;
    pub const NO_FORCE_CEASEFIRE: usize = 1;
    pub const IN_PLACE_WAR: usize = 2;
    pub const NO_FORCE_WAR: usize = 3;
    pub const ENDED_WITHDRAWN: usize = 4;
    pub const ENDED_COLLAPSE: usize = 5;
    pub const ENDED_WIDER_WAR: usize = 6;
    pub const NO_DEPLOYMENT: usize = 7;
}

/// The state a run ending in `o` at its terminal month is in from then on.
const fn ended_state(o: Outcome) -> usize {
    match o {
        Outcome::ForceWithdrawn => state::ENDED_WITHDRAWN,
        Outcome::WiderWar => state::ENDED_WIDER_WAR,
        // The only other outcome with a terminal month.
        _ => state::ENDED_COLLAPSE,
    }
}

/// Exact sums over pairs (a, b) of one figure: Σa, Σb, Σa², Σb², Σab. The
/// paired comparison and the ratio estimator both stand on them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PairSums {
    pub a: u128,
    pub b: u128,
    pub aa: u128,
    pub bb: u128,
    pub ab: u128,
}

impl PairSums {
    #[inline]
    pub fn add(&mut self, a: u128, b: u128) {
        self.a += a;
        self.b += b;
        self.aa += a * a;
        self.bb += b * b;
        self.ab += a * b;
    }

    pub fn merge(&mut self, o: &PairSums) {
        self.a += o.a;
        self.b += o.b;
        self.aa += o.aa;
        self.bb += o.bb;
        self.ab += o.ab;
    }
}

/// The sums of a ratio estimator Σd/Σm over n runs (hostile deaths d per
/// person-month m in the country): `sums.a` is Σd, `sums.b` Σm.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RatioSums {
    pub n: u64,
    pub sums: PairSums,
}

impl RatioSums {
    #[inline]
    fn add(&mut self, d: u64, m: u64) {
        self.n += 1;
        self.sums.add(d as u128, m as u128);
    }

    fn merge(&mut self, o: &RatioSums) {
        self.n += o.n;
        self.sums.merge(&o.sums);
    }

    /// Σm, the denominator.
    pub fn denominator(&self) -> u128 {
        self.sums.b
    }

    /// R = Σd/Σm with its 95% interval by the delta method (the
    /// linearised ratio estimator: var R ≈ Σ(dᵢ − R·mᵢ)² / ((n − 1)·n·m̄²)).
    /// `None` when nothing was in the country.
    pub fn ratio(&self) -> Option<(f64, [f64; 2])> {
        let s = &self.sums;
        if s.b == 0 {
            return None;
        }
        let n = self.n as f64;
        let (d, m) = (s.a as f64, s.b as f64);
        let r = d / m;
        let ss = (s.aa as f64 - 2.0 * r * s.ab as f64 + r * r * s.bb as f64).max(0.0);
        let mbar = m / n;
        let se = if self.n > 1 {
            (ss / (n - 1.0) / n).sqrt() / mbar
        } else {
            f64::INFINITY
        };
        let h = crate::math::Z95 * se;
        Some((r, [(r - h).max(0.0), r + h]))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Aggregate {
    pub runs: u64,
    pub outcomes: [u64; N_OUTCOMES],
    /// Runs ending in `ceasefire_collapse`, by route (before arrival, force
    /// stood aside, force fought).
    pub routes: [u64; 3],
    /// Runs in which a ceasefire took effect.
    pub ceasefires: u64,
    /// Runs in which a force was in the country, and those of them that
    /// ended with the ceasefire held and the force in place.
    pub deployed: u64,
    pub held_deployed: u64,
    /// Runs in which an offensive ended the ceasefire, and in which the
    /// force fought it.
    pub offensives: u64,
    pub fought: u64,
    /// Hostile deaths over person-months in the country, deployed runs.
    pub exposure: RatioSums,
    pub metrics: Vec<Hist>,
    /// The three [`MONTHLY`] series: entry t − 1 holds the change at
    /// mission month t.
    monthly_delta: Spans,
    /// The mission states ([`STATES`]): entry t holds the change in the
    /// state's count at mission month t (0..=horizon).
    states_delta: Spans,
    horizon: u32,
}

/// Run counts by (series, month) kept as difference arrays: a run adds a
/// span of months in O(1) with no allocation, partial counts merge by
/// adding entries in any order, and running sums read the counts back.
/// Each series has horizon + 2 entries; the last only closes spans.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Spans {
    row: usize,
    d: Vec<i64>,
}

impl Spans {
    fn new(series: usize, horizon: u32) -> Spans {
        let row = horizon as usize + 2;
        Spans {
            row,
            d: vec![0; series * row],
        }
    }

    /// `by` runs more in series `s` at entries `from..=to`.
    #[inline]
    fn add(&mut self, s: usize, from: usize, to: usize, by: i64) {
        self.d[s * self.row + from] += by;
        self.d[s * self.row + to + 1] -= by;
    }

    fn merge(&mut self, o: &Spans) {
        for (x, y) in self.d.iter_mut().zip(&o.d) {
            *x += y;
        }
    }

    /// Series `s`'s counts at entries `0..n`.
    fn counts(&self, s: usize, n: usize) -> impl Iterator<Item = u64> + '_ {
        self.d[s * self.row..s * self.row + n]
            .iter()
            .scan(0i64, |acc, d| {
                *acc += d;
                Some((*acc).max(0) as u64)
            })
    }

    fn to_wire(&self) -> Vec<Vec<i64>> {
        self.d.chunks(self.row).map(<[i64]>::to_vec).collect()
    }

    /// Read back [`Spans::to_wire`]'s rows into a zeroed `self`.
    fn read_wire(&mut self, rows: &[Vec<i64>]) -> Result<(), ()> {
        if rows.len() * self.row != self.d.len() || rows.iter().any(|v| v.len() != self.row) {
            return Err(());
        }
        for (d, v) in self.d.chunks_mut(self.row).zip(rows) {
            d.copy_from_slice(v);
        }
        Ok(())
    }
}

/// [`PairSums`] as written to a part file: five u128 as decimal strings
/// (JSON numbers are not exact beyond 2^53).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PairSumsWire(pub [String; 5]);

impl PairSums {
    pub fn to_wire(&self) -> PairSumsWire {
        PairSumsWire([self.a, self.b, self.aa, self.bb, self.ab].map(|x| x.to_string()))
    }

    pub fn from_wire(w: &PairSumsWire) -> Result<PairSums, String> {
        let mut v = [0u128; 5];
        for (x, s) in v.iter_mut().zip(&w.0) {
            *x = s
                .parse()
                .map_err(|_| format!("`{s}` is not a whole number"))?;
        }
        let [a, b, aa, bb, ab] = v;
        Ok(PairSums { a, b, aa, bb, ab })
    }
}

/// An [`Aggregate`] as written to a shard's part file: every count, sum and
/// histogram, exactly, so that merging parts gives the unsharded aggregate.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AggregateWire {
    pub horizon: u32,
    pub runs: u64,
    pub outcomes: Vec<u64>,
    pub routes: Vec<u64>,
    pub ceasefires: u64,
    pub deployed: u64,
    pub held_deployed: u64,
    pub offensives: u64,
    pub fought: u64,
    pub exposure_n: u64,
    pub exposure: PairSumsWire,
    pub metrics: Vec<HistWire>,
    pub monthly_delta: Vec<Vec<i64>>,
    /// [`Aggregate`]'s mission-state difference arrays, one row per state
    /// of [`STATES`], each of horizon + 2 entries.
    pub states_delta: Vec<Vec<i64>>,
}

impl Aggregate {
    pub fn to_wire(&self) -> AggregateWire {
        AggregateWire {
            horizon: self.horizon,
            runs: self.runs,
            outcomes: self.outcomes.to_vec(),
            routes: self.routes.to_vec(),
            ceasefires: self.ceasefires,
            deployed: self.deployed,
            held_deployed: self.held_deployed,
            offensives: self.offensives,
            fought: self.fought,
            exposure_n: self.exposure.n,
            exposure: self.exposure.sums.to_wire(),
            metrics: self.metrics.iter().map(Hist::to_wire).collect(),
            monthly_delta: self.monthly_delta.to_wire(),
            states_delta: self.states_delta.to_wire(),
        }
    }

    /// Read back an [`AggregateWire`] for a model of `horizon` months; the
    /// error says what does not fit.
    pub fn from_wire(w: &AggregateWire, horizon: u32) -> Result<Aggregate, String> {
        if w.horizon != horizon {
            return Err(format!(
                "horizon {} months, the scenario has {horizon}",
                w.horizon
            ));
        }
        let mut a = Aggregate::new(horizon);
        let fit = |what: &str, v: &[u64], into: &mut [u64]| -> Result<(), String> {
            if v.len() != into.len() {
                return Err(format!(
                    "{what}: {} values, expected {}",
                    v.len(),
                    into.len()
                ));
            }
            into.copy_from_slice(v);
            Ok(())
        };
        fit("outcomes", &w.outcomes, &mut a.outcomes)?;
        fit("routes", &w.routes, &mut a.routes)?;
        if a.outcomes.iter().sum::<u64>() != w.runs {
            return Err(format!(
                "outcome counts do not add up to its {} runs",
                w.runs
            ));
        }
        a.runs = w.runs;
        a.ceasefires = w.ceasefires;
        a.deployed = w.deployed;
        a.held_deployed = w.held_deployed;
        a.offensives = w.offensives;
        a.fought = w.fought;
        a.exposure = RatioSums {
            n: w.exposure_n,
            sums: PairSums::from_wire(&w.exposure)?,
        };
        if w.metrics.len() != a.metrics.len() {
            return Err(format!(
                "{} figures, expected {}",
                w.metrics.len(),
                a.metrics.len()
            ));
        }
        for (h, hw) in a.metrics.iter_mut().zip(&w.metrics) {
            *h = Hist::from_wire(hw)?;
        }
        a.monthly_delta
            .read_wire(&w.monthly_delta)
            .map_err(|()| "monthly series of the wrong length")?;
        a.states_delta
            .read_wire(&w.states_delta)
            .map_err(|()| "mission-state series of the wrong length")?;
        // Every run is in one state at every month.
        if a.states()
            .iter()
            .any(|month| month.iter().sum::<u64>() != a.runs)
        {
            return Err(format!(
                "mission states do not add up to its {} runs",
                a.runs
            ));
        }
        Ok(a)
    }

    pub fn new(horizon: u32) -> Self {
        Aggregate {
            runs: 0,
            outcomes: [0; N_OUTCOMES],
            routes: [0; 3],
            ceasefires: 0,
            deployed: 0,
            held_deployed: 0,
            offensives: 0,
            fought: 0,
            exposure: RatioSums::default(),
            metrics: (0..N_METRICS).map(|_| Hist::default()).collect(),
            monthly_delta: Spans::new(MONTHLY.len(), horizon),
            states_delta: Spans::new(N_STATES, horizon),
            horizon,
        }
    }

    #[inline]
    pub fn add(&mut self, r: &Record) {
        self.runs += 1;
        self.outcomes[r.outcome as usize] += 1;
        if let Some(route) = r.route {
            self.routes[route as usize] += 1;
        }
        self.ceasefires += u64::from(r.ceasefire);
        self.offensives += u64::from(r.offensive);
        self.fought += u64::from(r.fought);
        self.add_states(r);
        let m = &mut self.metrics;
        m[Metric::TroopsAnnounced as usize].add(r.troops_announced as u64);
        if let Some(t) = r.terminal_month {
            m[Metric::TerminalMonth as usize].add(t as u64);
        }
        if let Some(t) = r.first_attack {
            m[Metric::FirstAttack as usize].add(t as u64);
        }
        if !r.deployed {
            return;
        }
        self.deployed += 1;
        self.held_deployed += u64::from(matches!(
            r.outcome,
            Outcome::DeterrenceHeld | Outcome::ContestedPeace
        ));
        self.exposure.add(r.deaths as u64, r.people_months);
        m[Metric::TroopsDeployed as usize].add(r.troops_deployed as u64);
        m[Metric::Deaths as usize].add(r.deaths as u64);
        m[Metric::LethalIncidents as usize].add(r.lethal_incidents as u64);
        m[Metric::CivilianHarm as usize].add(r.civilian_harm);
        m[Metric::PeakRung as usize].add(r.peak_rung as u64);
        m[Metric::Probes as usize].add(r.probes as u64);
        m[Metric::StrikesAttempted as usize].add(r.weapons_launched);
        m[Metric::StrikesIntercepted as usize].add(r.weapons_intercepted);
        m[Metric::Answered as usize].add(r.answered as u64);
        m[Metric::Escalations as usize].add(r.escalations as u64);
        m[Metric::Unanswered as usize].add(r.unanswered as u64);
        m[Metric::Credibility as usize].add(r.credibility_milli as u64);
        m[Metric::Cost as usize].add(r.cost_eur_m);
        m[Metric::Personnel as usize].add(r.personnel);

        // The force is in place at the end of months 1..=force_to; the
        // ceasefire holds at the end of ceasefire_from..=ceasefire_to; no
        // attack has come yet at the end of months before the first.
        let last = r.force_to as usize;
        if last == 0 {
            return;
        }
        let mut span = |series: usize, from: usize, to: usize| {
            if from >= 1 && from <= to {
                self.monthly_delta.add(series, from - 1, to - 1, 1);
            }
        };
        span(2, 1, last);
        if let Some(cf) = r.ceasefire_from {
            span(1, cf as usize, (r.ceasefire_to as usize).min(last));
        }
        let quiet_to = r.first_attack.map_or(last, |a| last.min(a as usize - 1));
        span(0, 1, quiet_to);
    }

    /// The run's mission state at each month 0..=horizon, as at most four
    /// spans on the difference arrays (O(1), no allocation): the ended
    /// state from the terminal month on; before it, at war, less the months
    /// the ceasefire held. Month 0 (arrival) counts as under the ceasefire
    /// when one is in effect as mission month 1 begins (`ceasefire_from` 1).
    #[inline]
    fn add_states(&mut self, r: &Record) {
        let h = self.horizon as usize;
        let d = &mut self.states_delta;
        let mut span = |s: usize, from: usize, to: usize, by: i64| d.add(s, from, to, by);
        if r.outcome == Outcome::NoDeployment {
            span(state::NO_DEPLOYMENT, 0, h, 1);
            return;
        }
        let ongoing_to = match r.terminal_month {
            Some(t) => {
                let t = (t as usize).min(h);
                span(ended_state(r.outcome), t, h, 1);
                if t == 0 {
                    return;
                }
                t - 1
            }
            None => h,
        };
        let (cf, war) = if r.deployed {
            (state::IN_PLACE_CEASEFIRE, state::IN_PLACE_WAR)
        } else {
            (state::NO_FORCE_CEASEFIRE, state::NO_FORCE_WAR)
        };
        span(war, 0, ongoing_to, 1);
        if let Some(from) = r.ceasefire_from {
            let from = if from == 1 { 0 } else { from as usize };
            let to = (r.ceasefire_to as usize).min(ongoing_to);
            if from <= to {
                span(war, from, to, -1);
                span(cf, from, to, 1);
            }
        }
    }

    pub fn merge(&mut self, o: &Aggregate) {
        debug_assert_eq!(self.horizon, o.horizon);
        self.runs += o.runs;
        for (a, b) in self.outcomes.iter_mut().zip(o.outcomes) {
            *a += b;
        }
        for (a, b) in self.routes.iter_mut().zip(o.routes) {
            *a += b;
        }
        self.ceasefires += o.ceasefires;
        self.deployed += o.deployed;
        self.held_deployed += o.held_deployed;
        self.offensives += o.offensives;
        self.fought += o.fought;
        self.exposure.merge(&o.exposure);
        for (a, b) in self.metrics.iter_mut().zip(&o.metrics) {
            a.merge(b);
        }
        self.monthly_delta.merge(&o.monthly_delta);
        self.states_delta.merge(&o.states_delta);
    }

    /// For each mission month 0..=horizon, the count of runs in each state
    /// of [`STATES`] (in that order); each month's counts add up to `runs`.
    pub fn states(&self) -> Vec<[u64; N_STATES]> {
        let h = self.horizon as usize;
        let mut series: [_; N_STATES] = std::array::from_fn(|s| self.states_delta.counts(s, h + 1));
        (0..=h)
            .map(|_| std::array::from_fn(|s| series[s].next().unwrap_or(0)))
            .collect()
    }

    /// For each monthly series, the count of runs in that state at the end of
    /// each mission month 1..=horizon.
    pub fn monthly(&self) -> [Vec<u64>; 3] {
        let h = self.horizon as usize;
        std::array::from_fn(|i| self.monthly_delta.counts(i, h).collect())
    }

    pub fn horizon(&self) -> u32 {
        self.horizon
    }

    pub fn metric(&self, m: Metric) -> &Hist {
        &self.metrics[m as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An aggregate written to a part file and read back is the same
    /// aggregate, and a damaged one is refused.
    #[test]
    fn the_wire_form_is_exact() {
        let s = crate::scenario::load_default();
        let m = crate::model::Model::new(&s);
        let agg = crate::engine::simulate_serial(&m, 7, 0..3000);
        let w = agg.to_wire();
        let text = serde_json::to_string(&w).unwrap();
        let back: AggregateWire = serde_json::from_str(&text).unwrap();
        assert_eq!(Aggregate::from_wire(&back, agg.horizon()).unwrap(), agg);
        let mut bad = back.clone();
        bad.outcomes[0] += 1;
        assert!(Aggregate::from_wire(&bad, agg.horizon()).is_err());
        let mut bad = back.clone();
        bad.metrics[0].bins.push((99_999, 1));
        assert!(Aggregate::from_wire(&bad, agg.horizon()).is_err());
        assert!(Aggregate::from_wire(&back, agg.horizon() + 1).is_err());
        let mut bad = back.clone();
        bad.states_delta[0][0] += 1;
        assert!(Aggregate::from_wire(&bad, agg.horizon()).is_err());
        let mut bad = back.clone();
        bad.states_delta.pop();
        assert!(Aggregate::from_wire(&bad, agg.horizon()).is_err());
    }

    fn record(outcome: Outcome) -> Record {
        Record {
            outcome,
            ..Record::default()
        }
    }

    /// Hand-made runs on a 6-month horizon land in the states docs/model.md
    /// defines, month by month, at the edges too: month 0, a collapse in the
    /// deployment lag, a run that never deploys, a run reaching the horizon.
    #[test]
    fn mission_states_of_known_runs() {
        use state::*;
        let mut a = Aggregate::new(6);
        // Never deployed: no ceasefire in the window.
        a.add(&record(Outcome::NoDeployment));
        // Collapsed in the deployment lag (terminal month 0).
        a.add(&Record {
            terminal_month: Some(0),
            ceasefire: true,
            ..record(Outcome::CeasefireCollapse)
        });
        // Held to the horizon, the ceasefire in effect from the start.
        a.add(&Record {
            deployed: true,
            ceasefire_from: Some(1),
            ceasefire_to: 6,
            force_to: 6,
            ..record(Outcome::DeterrenceHeld)
        });
        // Deployed during the war; ceasefire from month 3; withdrawn in 5.
        a.add(&Record {
            deployed: true,
            ceasefire_from: Some(3),
            ceasefire_to: 5,
            force_to: 4,
            terminal_month: Some(5),
            ..record(Outcome::ForceWithdrawn)
        });
        // No force in the country; the ceasefire holds from month 1.
        a.add(&Record {
            ceasefire_from: Some(1),
            ceasefire_to: 6,
            ..record(Outcome::ContestedPeace)
        });
        let st = a.states();
        assert_eq!(st.len(), 7, "months 0..=6");
        let col = |s: usize| st.iter().map(|m| m[s]).collect::<Vec<_>>();
        assert_eq!(col(NO_DEPLOYMENT), [1; 7]);
        assert_eq!(col(ENDED_COLLAPSE), [1; 7]);
        assert_eq!(col(IN_PLACE_CEASEFIRE), [1, 1, 1, 2, 2, 1, 1]);
        assert_eq!(col(IN_PLACE_WAR), [1, 1, 1, 0, 0, 0, 0]);
        assert_eq!(col(ENDED_WITHDRAWN), [0, 0, 0, 0, 0, 1, 1]);
        assert_eq!(col(NO_FORCE_CEASEFIRE), [1; 7]);
        assert_eq!(col(NO_FORCE_WAR), [0; 7]);
        assert_eq!(col(ENDED_WIDER_WAR), [0; 7]);
        assert!(st.iter().all(|m| m.iter().sum::<u64>() == 5));
    }

    /// On simulated runs the states stack to the run count every month,
    /// the ended states at the horizon are the outcome counts, and merging
    /// parts in either order gives the whole, exactly.
    #[test]
    fn mission_states_stack_and_merge_exactly() {
        for file in ["coalition-baseline", "deploy-during-war", "no-force"] {
            let text = crate::scenario::library::find(file).unwrap().text;
            let s = crate::scenario::parse(text, file).unwrap();
            let m = crate::model::Model::new(&s);
            let whole = crate::engine::simulate_serial(&m, 11, 0..4000);
            let (a, b) = (
                crate::engine::simulate_serial(&m, 11, 0..1500),
                crate::engine::simulate_serial(&m, 11, 1500..4000),
            );
            let (mut ab, mut ba) = (a.clone(), b.clone());
            ab.merge(&b);
            ba.merge(&a);
            assert_eq!(ab, whole, "{file}");
            assert_eq!(ba, whole, "{file}");
            let st = whole.states();
            assert_eq!(st.len(), s.horizon_months as usize + 1);
            assert!(st.iter().all(|m| m.iter().sum::<u64>() == 4000), "{file}");
            let end = st.last().unwrap();
            let o = |x: Outcome| whole.outcomes[x as usize];
            assert_eq!(end[state::ENDED_COLLAPSE], o(Outcome::CeasefireCollapse));
            assert_eq!(end[state::ENDED_WITHDRAWN], o(Outcome::ForceWithdrawn));
            assert_eq!(end[state::ENDED_WIDER_WAR], o(Outcome::WiderWar));
            assert_eq!(end[state::NO_DEPLOYMENT], o(Outcome::NoDeployment));
            assert_eq!(end[state::IN_PLACE_CEASEFIRE], whole.held_deployed);
            assert_eq!(
                end[state::IN_PLACE_CEASEFIRE] + end[state::NO_FORCE_CEASEFIRE],
                o(Outcome::DeterrenceHeld) + o(Outcome::ContestedPeace)
            );
            assert_eq!(
                end[state::IN_PLACE_WAR] + end[state::NO_FORCE_WAR],
                o(Outcome::WarContinues)
            );
            // Month 0: only collapses in the lag (terminal month 0) have ended.
            let at_zero = whole
                .metric(Metric::TerminalMonth)
                .bins()
                .find(|b| b.0 == 0)
                .map_or(0, |b| b.2);
            assert_eq!(st[0][state::ENDED_COLLAPSE], at_zero, "{file}");
            assert_eq!(
                st[0][state::ENDED_WITHDRAWN] + st[0][state::ENDED_WIDER_WAR],
                0
            );
        }
    }

    /// Three runs (d, m) = (2, 100), (0, 50), (4, 150): R = 6/300 = 0.02;
    /// residuals dᵢ − R·mᵢ = 0, −1, 1; Σ² = 2; se = √(2/(2·3))/100.
    #[test]
    fn ratio_estimator_known_answer() {
        let mut r = RatioSums::default();
        for (d, m) in [(2, 100), (0, 50), (4, 150)] {
            r.add(d, m);
        }
        let (est, ci) = r.ratio().unwrap();
        assert!((est - 0.02).abs() < 1e-15);
        let se = (2.0f64 / 6.0).sqrt() / 100.0;
        let h = crate::math::Z95 * se;
        assert!((ci[1] - (0.02 + h)).abs() < 1e-12);
        assert_eq!(ci[0], (0.02 - h).max(0.0));
        assert_eq!(RatioSums::default().ratio(), None);
    }

    /// Merging partial sums gives the whole's ratio and interval exactly.
    #[test]
    fn ratio_sums_merge_exactly() {
        let runs = [(3u64, 40u64), (0, 10), (9, 90), (1, 25), (0, 0)];
        let mut whole = RatioSums::default();
        let (mut a, mut b) = (RatioSums::default(), RatioSums::default());
        for (i, (d, m)) in runs.iter().enumerate() {
            whole.add(*d, *m);
            if i % 2 == 0 {
                a.add(*d, *m)
            } else {
                b.add(*d, *m)
            }
        }
        a.merge(&b);
        assert_eq!(a, whole);
    }
}
