//! Streaming aggregation of trajectories into exact, mergeable integers:
//! the peace and mission classes, one [`Hist`] per per-run figure, the exact
//! distribution of months of ceasefire, and the monthly state counts kept as
//! difference arrays (O(changes) per run, prefix-summed at the end). Adding
//! runs in any order, or merging partial aggregates in any order, gives the
//! same aggregate, bit for bit.

use super::hist::{Hist, HistWire};
use crate::model::{
    Mission, N_CAUSES, N_MISSION, N_NEVER, N_PEACE, N_ROUTES, Peace, Record, Route, Share,
};

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
    MonthsOfCeasefire = "months_of_ceasefire", 1.0, "months", "months of the horizon that ended with a ceasefire in force; all runs";
    CivilianHarm = "civilian_harm", 1.0, "index points", "civilian-harm index over the whole horizon (weighted drones and missiles that hit cities, war months included); all runs";
    FirstCeasefire = "first_ceasefire_month", 1.0, "calendar month", "the month at whose end the first ceasefire came; runs with a ceasefire";
    TroopsAnnounced = "troops_announced", 1.0, "troops", "troops and trainers announced (the figure the announcement penalty reads); all runs";
    TroopsDeployed = "troops_deployed", 1.0, "troops", "troops and trainers that deployed, after backstop-dependent contingents stayed home; deployed runs";
    ArrivalMonth = "arrival_month", 1.0, "calendar month", "the month at whose end the force arrived; deployed runs";
    MissionEnd = "mission_end_month", 1.0, "calendar month", "the month at whose end the force left (stood aside, withdrew, went home after a war it fought, or a wider war); deployed runs whose force left";
    FirstAttack = "months_to_first_attack", 1.0, "months", "months from the force's arrival to the first strike on it; runs where one came";
    Deaths = "hostile_deaths", 1.0, "deaths", "hostile deaths in the force; deployed runs";
    LethalIncidents = "lethal_incidents", 1.0, "incidents", "strikes on the force that killed someone; deployed runs";
    PeakRung = "peak_rung", 1.0, "rung (0-4)", "highest escalation rung reached; deployed runs";
    Probes = "probes", 1.0, "probes", "grey-zone probes while the force was in the country; deployed runs";
    StrikesAttempted = "strikes_attempted", 1.0, "weapons", "drones and missiles launched at the force or cities while it was in the country; deployed runs";
    StrikesIntercepted = "strikes_intercepted", 1.0, "weapons", "of those, intercepted (all layers, Ukraine's included); deployed runs";
    Answered = "attacks_answered", 1.0, "attacks", "attacks the force answered; deployed runs";
    Escalations = "deliberate_escalations", 1.0, "escalations", "deliberate Russian escalations (campaigns, strikes on air-defence sites or on hubs outside Ukraine); deployed runs";
    Unanswered = "attacks_unanswered", 1.0, "attacks", "attacks left unanswered; deployed runs";
    Credibility = "final_credibility", 1000.0, "0-1", "the force's credibility when its time in the country ended; deployed runs";
    Cost = "cost_eur_bn", 1000.0, "EUR bn", "the force's marginal cost (what deploying adds to keeping the forces at home): troop-years, unit-years and interceptors; deployed runs";
    Personnel = "personnel_committed", 1.0, "people", "troops, trainers and crews x rotation multiplier; deployed runs";
    PolicyCost = "policy_cost_eur_bn", 1000.0, "EUR bn", "pressure and military aid kept up over the horizon, at their yearly prices (X2); all runs";
}

pub const N_METRICS: usize = METRICS.len();

/// The monthly series of `summary.json`, over all runs, at the end of each
/// month 1..=horizon.
pub const MONTHLY: [&str; 3] = ["ceasefire_in_force", "force_in_place", "no_attack_yet"];

/// The states of `summary.json`'s `mission_states`: every run is in exactly
/// one of them at each month 0..=horizon, so they stack to all runs.
/// Identifier, label and meaning, in stacking order (bottom to top). Month
/// 0 is the start; month m ≥ 1 the end of month m. docs/model.md defines
/// them.
pub const STATES: [(&str, &str, &str); N_STATES] = [
    (
        "in_place_ceasefire",
        "Ceasefire, force in place",
        "a ceasefire is in force and the force is in the country",
    ),
    (
        "no_force_ceasefire",
        "Ceasefire, no force",
        "a ceasefire is in force and no force is in the country (none was sent, it has not arrived, or it left)",
    ),
    (
        "in_place_war",
        "War, force in place",
        "no ceasefire, and the force is in the country (it deployed during the war, or it is fighting)",
    ),
    (
        "no_force_war",
        "War, no force",
        "no ceasefire and no force in the country",
    ),
    (
        "wider_war",
        "Wider war",
        "the escalation ladder reached rung 4 in this month or before",
    ),
];

pub const N_STATES: usize = 5;

/// Indices into [`STATES`].
pub mod state {
    pub const IN_PLACE_CEASEFIRE: usize = 0;
    pub const NO_FORCE_CEASEFIRE: usize = 1;
    pub const IN_PLACE_WAR: usize = 2;
    pub const NO_FORCE_WAR: usize = 3;
    pub const WIDER_WAR: usize = 4;
}

/// The state of month m from its two bits (a ceasefire in force, the force
/// in the country) before any wider war.
#[inline(always)]
fn state_of(cf: bool, force: bool) -> usize {
    match (cf, force) {
        (true, true) => state::IN_PLACE_CEASEFIRE,
        (true, false) => state::NO_FORCE_CEASEFIRE,
        (false, true) => state::IN_PLACE_WAR,
        (false, false) => state::NO_FORCE_WAR,
    }
}

/// Bits 0..=to.
#[inline(always)]
fn upto(to: u32) -> u128 {
    if to >= 127 {
        u128::MAX
    } else {
        (1u128 << (to + 1)) - 1
    }
}

#[inline(always)]
fn bit(x: u128, m: u32) -> bool {
    (x >> m) & 1 == 1
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

    /// The merged sums, or `None` if one would overflow.
    pub fn checked_merge(&self, o: &PairSums) -> Option<PairSums> {
        Some(PairSums {
            a: self.a.checked_add(o.a)?,
            b: self.b.checked_add(o.b)?,
            aa: self.aa.checked_add(o.aa)?,
            bb: self.bb.checked_add(o.bb)?,
            ab: self.ab.checked_add(o.ab)?,
        })
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
    /// Runs by peace class at the horizon ([`Peace`] order).
    pub peace: [u64; N_PEACE],
    /// Runs whose option announced a force, and every run by mission class
    /// ([`Mission`] order; a run without a force is `never_deployed`).
    pub force_runs: u64,
    pub mission: [u64; N_MISSION],
    /// Runs that announced a force and never deployed, by reason
    /// ([`crate::model::NeverReason`] order).
    pub never: [u64; N_NEVER],
    /// Withdrawn runs (both classes) by what triggered the withdrawal
    /// ([`crate::model::WithdrawalCause`] order).
    pub withdrawn_by: [u64; N_CAUSES],
    /// `ended_by_collapse` runs by how the force met the offensive: stood
    /// aside, fought.
    pub collapse_ended: [u64; 2],
    /// Runs whose first ceasefire collapsed, by route ([`Route`] order).
    pub routes: [u64; N_ROUTES],
    /// Runs in which a ceasefire came within the horizon.
    pub ceasefires: u64,
    /// Runs in which a force was in the country, and in which it fought.
    pub deployed: u64,
    pub fought: u64,
    /// Runs by months of ceasefire, 0..=horizon: exact.
    pub months: Vec<u64>,
    /// Hostile deaths over person-months in the country, deployed runs.
    pub exposure: RatioSums,
    pub metrics: Vec<Hist>,
    /// The three [`MONTHLY`] series: entry m − 1 holds the change at month m.
    monthly_delta: Spans,
    /// The states ([`STATES`]): entry m holds the change in the state's
    /// count at month m (0..=horizon).
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

    /// One run more in series `s` at every entry `m − shift` whose bit m
    /// is set in `bits`: a span per run of ones.
    #[inline]
    fn add_bits(&mut self, s: usize, mut bits: u128, shift: usize) {
        while bits != 0 {
            let from = bits.trailing_zeros();
            let run = (!(bits >> from)).trailing_zeros();
            let to = from + run - 1;
            self.add(s, from as usize - shift, to as usize - shift, 1);
            let ones = if run >= 128 {
                u128::MAX
            } else {
                (1u128 << run) - 1
            };
            bits &= !(ones << from);
        }
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

    /// Each series closes (its entries sum to 0) and its running counts
    /// over the first `n` entries stay between 0 and `runs`.
    fn consistent(&self, runs: u64, n: usize) -> bool {
        self.d.chunks(self.row).all(|row| {
            let mut acc = 0i128;
            let in_range = row.iter().take(n).all(|&d| {
                acc += i128::from(d);
                (0..=i128::from(runs)).contains(&acc)
            });
            in_range && row.iter().map(|&d| i128::from(d)).sum::<i128>() == 0
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
    pub peace: Vec<u64>,
    pub force_runs: u64,
    pub mission: Vec<u64>,
    pub never: Vec<u64>,
    pub withdrawn_by: Vec<u64>,
    pub collapse_ended: Vec<u64>,
    pub routes: Vec<u64>,
    pub ceasefires: u64,
    pub deployed: u64,
    pub fought: u64,
    pub months: Vec<u64>,
    pub exposure_n: u64,
    pub exposure: PairSumsWire,
    pub metrics: Vec<HistWire>,
    pub monthly_delta: Vec<Vec<i64>>,
    /// [`Aggregate`]'s state difference arrays, one row per state of
    /// [`STATES`], each of horizon + 2 entries.
    pub states_delta: Vec<Vec<i64>>,
}

impl Aggregate {
    pub fn to_wire(&self) -> AggregateWire {
        AggregateWire {
            horizon: self.horizon,
            runs: self.runs,
            peace: self.peace.to_vec(),
            force_runs: self.force_runs,
            mission: self.mission.to_vec(),
            never: self.never.to_vec(),
            withdrawn_by: self.withdrawn_by.to_vec(),
            collapse_ended: self.collapse_ended.to_vec(),
            routes: self.routes.to_vec(),
            ceasefires: self.ceasefires,
            deployed: self.deployed,
            fought: self.fought,
            months: self.months.clone(),
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
        fit("peace", &w.peace, &mut a.peace)?;
        fit("mission", &w.mission, &mut a.mission)?;
        fit("never", &w.never, &mut a.never)?;
        fit("withdrawn_by", &w.withdrawn_by, &mut a.withdrawn_by)?;
        fit("collapse_ended", &w.collapse_ended, &mut a.collapse_ended)?;
        fit("routes", &w.routes, &mut a.routes)?;
        fit("months", &w.months, &mut a.months)?;
        a.runs = w.runs;
        a.force_runs = w.force_runs;
        a.ceasefires = w.ceasefires;
        a.deployed = w.deployed;
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
            .map_err(|()| "state series of the wrong length")?;
        a.check()?;
        Ok(a)
    }

    /// The invariants of an honest aggregate (docs/model.md, "What a part
    /// file must satisfy"): every family adds up to the runs, the counts
    /// that describe one another agree, each figure is counted over the
    /// runs it names, and every monthly count lies between 0 and the runs.
    /// `merge` checks each part with it, so moved counts, edited sums or
    /// monthly deltas that no longer close are refused, not published. The
    /// error names the first invariant that fails.
    pub fn check(&self) -> Result<(), String> {
        let runs = self.runs;
        let sum = |v: &[u64]| v.iter().try_fold(0u64, |acc, x| acc.checked_add(*x));
        let m = |x: Metric| &self.metrics[x as usize];
        let never_deployed = self.mission[Mission::NeverDeployed as usize];
        let at_horizon = self.peace[Peace::CeasefireQuiet as usize]
            .checked_add(self.peace[Peace::CeasefireContested as usize]);
        let deployed_figures = [
            Metric::TroopsDeployed,
            Metric::ArrivalMonth,
            Metric::Deaths,
            Metric::LethalIncidents,
            Metric::PeakRung,
            Metric::Probes,
            Metric::StrikesAttempted,
            Metric::StrikesIntercepted,
            Metric::Answered,
            Metric::Escalations,
            Metric::Unanswered,
            Metric::Credibility,
            Metric::Cost,
            Metric::Personnel,
        ];
        let months_sum = self
            .months
            .iter()
            .enumerate()
            .try_fold(0u128, |acc, (k, &c)| acc.checked_add(k as u128 * c as u128));
        let h = u64::from(self.horizon);
        let states = self.states();
        // The states at the horizon restate the peace classes.
        let last = states.last().copied().unwrap_or_default();
        let horizon_states_agree =
            Some(last[state::IN_PLACE_CEASEFIRE] + last[state::NO_FORCE_CEASEFIRE]) == at_horizon
                && last[state::IN_PLACE_WAR] + last[state::NO_FORCE_WAR]
                    == self.peace[Peace::War as usize]
                && last[state::WIDER_WAR] == self.peace[Peace::WiderWar as usize]
                && last[state::IN_PLACE_CEASEFIRE] + last[state::IN_PLACE_WAR]
                    >= self.mission[Mission::InPlace as usize];
        let checks: [(bool, &str); 25] = [
            (
                sum(&self.peace) == Some(runs),
                "peace classes do not add up to the runs",
            ),
            (
                sum(&self.months) == Some(runs),
                "months of ceasefire do not add up to the runs",
            ),
            (
                sum(&self.mission) == Some(runs),
                "mission classes do not add up to the runs",
            ),
            (self.force_runs <= runs, "more runs with a force than runs"),
            (
                sum(&self.never).and_then(|n| n.checked_add(runs - self.force_runs.min(runs)))
                    == Some(never_deployed),
                "the reasons a force never deployed do not add up to never_deployed",
            ),
            (
                sum(&self.withdrawn_by)
                    == self.mission[Mission::WithdrawnNoDeaths as usize]
                        .checked_add(self.mission[Mission::WithdrawnAfterDeaths as usize]),
                "the triggers of withdrawals do not add up to the withdrawn classes",
            ),
            (
                sum(&self.collapse_ended) == Some(self.mission[Mission::EndedByCollapse as usize]),
                "stood aside and fought do not add up to ended_by_collapse",
            ),
            (
                Some(self.deployed) == runs.checked_sub(never_deployed),
                "deployed runs are not the runs that did not stay never_deployed",
            ),
            (
                self.fought <= self.deployed,
                "more runs fought than deployed",
            ),
            (
                self.collapse_ended[1] <= self.fought,
                "more collapses fought than runs that fought",
            ),
            (
                self.ceasefires <= runs,
                "more runs with a ceasefire than runs",
            ),
            (
                Some(self.months[0]) == runs.checked_sub(self.ceasefires),
                "runs with no month of ceasefire are not the runs with no ceasefire",
            ),
            (
                sum(&self.routes).is_some_and(|c| c <= self.ceasefires),
                "more first ceasefires collapsed (the routes) than runs with a ceasefire",
            ),
            (
                at_horizon.is_some_and(|c| c <= self.ceasefires),
                "more ceasefires in force at the horizon than runs with a ceasefire",
            ),
            (
                self.mission[Mission::EndedByWiderWar as usize]
                    <= self.peace[Peace::WiderWar as usize],
                "more missions ended by a wider war than runs in a wider war",
            ),
            (
                [
                    Metric::MonthsOfCeasefire,
                    Metric::CivilianHarm,
                    Metric::TroopsAnnounced,
                    Metric::PolicyCost,
                ]
                .iter()
                .all(|&x| m(x).n == runs),
                "a figure of all runs is not counted over all runs",
            ),
            (
                m(Metric::FirstCeasefire).n == self.ceasefires,
                "the month of the first ceasefire is not counted over the runs with a ceasefire",
            ),
            (
                deployed_figures.iter().all(|&x| m(x).n == self.deployed),
                "a figure of deployed runs is not counted over the deployed runs",
            ),
            (
                m(Metric::MissionEnd).n <= self.deployed
                    && m(Metric::FirstAttack).n <= self.deployed,
                "the month the force left or the first attack is counted over more runs than deployed",
            ),
            (
                months_sum == Some(m(Metric::MonthsOfCeasefire).sum),
                "months of ceasefire: the distribution and the figure's sum disagree",
            ),
            (
                [
                    Metric::MonthsOfCeasefire,
                    Metric::FirstCeasefire,
                    Metric::ArrivalMonth,
                    Metric::MissionEnd,
                ]
                .iter()
                .all(|&x| m(x).max <= h)
                    && m(Metric::PeakRung).max <= 4
                    && m(Metric::Credibility).max <= 1000,
                "a month beyond the horizon, a rung above 4 or a credibility above 1",
            ),
            (
                m(Metric::StrikesIntercepted).sum <= m(Metric::StrikesAttempted).sum,
                "more weapons intercepted than launched",
            ),
            (
                self.exposure.n == self.deployed && self.exposure.sums.a == m(Metric::Deaths).sum,
                "the casualty rate's sums disagree with the deployed runs and their deaths",
            ),
            (
                self.states_delta
                    .consistent(runs, self.horizon as usize + 1)
                    && self.monthly_delta.consistent(runs, self.horizon as usize)
                    && states.iter().all(|month| month.iter().sum::<u64>() == runs),
                "the monthly counts do not stay between 0 and the runs, or the states do not add up to the runs each month",
            ),
            (
                horizon_states_agree,
                "the states at the horizon disagree with the peace classes or the force in place",
            ),
        ];
        match checks.iter().find(|(ok, _)| !ok) {
            Some((_, what)) => Err(format!("{what} ({runs} runs)")),
            None => Ok(()),
        }
    }

    /// [`Aggregate::merge`] with checked arithmetic: an error, not a wrap,
    /// when counts or sums would overflow.
    pub fn try_merge(&mut self, o: &Aggregate) -> Result<(), String> {
        let overflow = || "counts or sums overflow when merged".to_string();
        let fits = |a: &[u64], b: &[u64]| a.iter().zip(b).all(|(x, y)| x.checked_add(*y).is_some());
        let scalars = [
            (self.runs, o.runs),
            (self.force_runs, o.force_runs),
            (self.ceasefires, o.ceasefires),
            (self.deployed, o.deployed),
            (self.fought, o.fought),
            (self.exposure.n, o.exposure.n),
        ];
        if scalars.iter().any(|(x, y)| x.checked_add(*y).is_none())
            || !fits(&self.peace, &o.peace)
            || !fits(&self.mission, &o.mission)
            || !fits(&self.never, &o.never)
            || !fits(&self.withdrawn_by, &o.withdrawn_by)
            || !fits(&self.collapse_ended, &o.collapse_ended)
            || !fits(&self.routes, &o.routes)
            || !fits(&self.months, &o.months)
            || self.exposure.sums.checked_merge(&o.exposure.sums).is_none()
            || self
                .metrics
                .iter()
                .zip(&o.metrics)
                .any(|(a, b)| a.n.checked_add(b.n).is_none() || a.sum.checked_add(b.sum).is_none())
        {
            return Err(overflow());
        }
        self.merge(o);
        Ok(())
    }

    pub fn new(horizon: u32) -> Self {
        Aggregate {
            runs: 0,
            peace: [0; N_PEACE],
            force_runs: 0,
            mission: [0; N_MISSION],
            never: [0; N_NEVER],
            withdrawn_by: [0; N_CAUSES],
            collapse_ended: [0; 2],
            routes: [0; N_ROUTES],
            ceasefires: 0,
            deployed: 0,
            fought: 0,
            months: vec![0; horizon as usize + 1],
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
        self.peace[r.peace as usize] += 1;
        // A run without a force counts as never deployed (comparisons pair
        // it so); `force_runs` says whether the option has a mission.
        self.mission[r.mission as usize] += 1;
        self.force_runs += u64::from(r.has_force);
        if let Some(n) = r.never {
            self.never[n as usize] += 1;
        }
        if let Some(w) = r.withdrawn_by {
            self.withdrawn_by[w as usize] += 1;
        }
        if r.mission == Mission::EndedByCollapse {
            self.collapse_ended[usize::from(r.route == Some(Route::Fought))] += 1;
        }
        if let Some(route) = r.route {
            self.routes[route as usize] += 1;
        }
        self.ceasefires += u64::from(r.ceasefire);
        self.fought += u64::from(r.fought);
        let months = r.months_of_ceasefire();
        self.months[(months as usize).min(self.horizon as usize)] += 1;
        self.add_states(r);
        let m = &mut self.metrics;
        m[Metric::MonthsOfCeasefire as usize].add(u64::from(months));
        m[Metric::CivilianHarm as usize].add(r.civilian_harm);
        m[Metric::TroopsAnnounced as usize].add(r.troops_announced as u64);
        m[Metric::PolicyCost as usize].add(r.policy_cost_eur_m);
        if let Some(k) = r.first_ceasefire {
            m[Metric::FirstCeasefire as usize].add(u64::from(k));
        }
        if let Some(t) = r.first_attack {
            m[Metric::FirstAttack as usize].add(t as u64);
        }
        if !r.deployed {
            return;
        }
        self.deployed += 1;
        self.exposure.add(r.deaths as u64, r.people_months);
        if let Some(a) = r.arrival {
            m[Metric::ArrivalMonth as usize].add(u64::from(a));
        }
        if let Some(e) = r.mission_end {
            m[Metric::MissionEnd as usize].add(u64::from(e));
        }
        m[Metric::TroopsDeployed as usize].add(r.troops_deployed as u64);
        m[Metric::Deaths as usize].add(r.deaths as u64);
        m[Metric::LethalIncidents as usize].add(r.lethal_incidents as u64);
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
    }

    /// The run's state at each month 0..=horizon and its monthly series,
    /// as spans on the difference arrays: one per change of state (a few
    /// per run, no allocation).
    #[inline]
    fn add_states(&mut self, r: &Record) {
        let h = self.horizon;
        // Months before a wider war read their two bits; from its month on
        // the run is in the wider war.
        let last = r.wider_month.map_or(h, |w| w.saturating_sub(1).min(h));
        let live = if r.wider_month == Some(0) {
            0
        } else {
            upto(last)
        };
        let (cf, force) = (r.ceasefire_months & live, r.force_months & live);
        if r.wider_month != Some(0) {
            let mut changes = ((cf ^ (cf << 1)) | (force ^ (force << 1))) & live & !1;
            let (mut from, mut st) = (0u32, state_of(bit(cf, 0), bit(force, 0)));
            while changes != 0 {
                let m = changes.trailing_zeros();
                self.states_delta.add(st, from as usize, m as usize - 1, 1);
                st = state_of(bit(cf, m), bit(force, m));
                from = m;
                changes &= changes - 1;
            }
            self.states_delta.add(st, from as usize, last as usize, 1);
        }
        if let Some(w) = r.wider_month
            && w <= h
        {
            self.states_delta
                .add(state::WIDER_WAR, w as usize, h as usize, 1);
        }
        // The monthly series over months 1..=h (entry m − 1).
        let months = upto(h) & !1;
        self.monthly_delta.add_bits(0, cf & months, 1);
        self.monthly_delta.add_bits(1, force & months, 1);
        if r.deployed {
            let quiet = match (r.first_attack, r.arrival) {
                (Some(t), Some(a)) => force & upto((a + t).saturating_sub(1)),
                _ => force,
            };
            self.monthly_delta.add_bits(2, quiet & months, 1);
        }
    }

    pub fn merge(&mut self, o: &Aggregate) {
        debug_assert_eq!(self.horizon, o.horizon);
        self.runs += o.runs;
        let add = |a: &mut [u64], b: &[u64]| {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        };
        add(&mut self.peace, &o.peace);
        self.force_runs += o.force_runs;
        add(&mut self.mission, &o.mission);
        add(&mut self.never, &o.never);
        add(&mut self.withdrawn_by, &o.withdrawn_by);
        add(&mut self.collapse_ended, &o.collapse_ended);
        add(&mut self.routes, &o.routes);
        add(&mut self.months, &o.months);
        self.ceasefires += o.ceasefires;
        self.deployed += o.deployed;
        self.fought += o.fought;
        self.exposure.merge(&o.exposure);
        for (a, b) in self.metrics.iter_mut().zip(&o.metrics) {
            a.merge(b);
        }
        self.monthly_delta.merge(&o.monthly_delta);
        self.states_delta.merge(&o.states_delta);
    }

    /// For each month 0..=horizon, the count of runs in each state of
    /// [`STATES`] (in that order); each month's counts add up to `runs`.
    pub fn states(&self) -> Vec<[u64; N_STATES]> {
        let h = self.horizon as usize;
        let mut series: [_; N_STATES] = std::array::from_fn(|s| self.states_delta.counts(s, h + 1));
        (0..=h)
            .map(|_| std::array::from_fn(|s| series[s].next().unwrap_or(0)))
            .collect()
    }

    /// For each monthly series, the count of runs in that state at the end of
    /// each month 1..=horizon.
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

    /// Runs in a peace class.
    pub fn peace_count(&self, p: Peace) -> u64 {
        self.peace[p as usize]
    }

    /// Runs with a ceasefire in force at the horizon (quiet or contested).
    pub fn ceasefire_at_horizon(&self) -> u64 {
        self.peace_count(Peace::CeasefireQuiet) + self.peace_count(Peace::CeasefireContested)
    }

    /// Runs in a mission class.
    pub fn mission_count(&self, m: Mission) -> u64 {
        self.mission[m as usize]
    }

    /// Runs in a share: a class of either family, or a group.
    pub fn share_count(&self, s: Share) -> u64 {
        match s {
            Share::Peace(p) => self.peace_count(p),
            Share::CeasefireAtHorizon => self.ceasefire_at_horizon(),
            Share::Mission(m) => self.mission_count(m),
            Share::Withdrawn => {
                self.mission_count(Mission::WithdrawnNoDeaths)
                    + self.mission_count(Mission::WithdrawnAfterDeaths)
            }
        }
    }

    /// A share's fraction of all runs (0 with no run).
    pub fn share(&self, s: Share) -> f64 {
        if self.runs == 0 {
            0.0
        } else {
            self.share_count(s) as f64 / self.runs as f64
        }
    }

    /// Runs whose first ceasefire collapsed (any route).
    pub fn collapsed(&self) -> u64 {
        self.routes.iter().sum()
    }

    /// Σ months of ceasefire and Σ of their squares, exactly.
    pub fn months_sums(&self) -> (u128, u128) {
        self.months
            .iter()
            .enumerate()
            .fold((0, 0), |(s, ss), (k, &c)| {
                let (k, c) = (k as u128, c as u128);
                (s + k * c, ss + k * k * c)
            })
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
        bad.peace[0] += 1;
        assert!(Aggregate::from_wire(&bad, agg.horizon()).is_err());
        let mut bad = back.clone();
        bad.mission[1] += 1;
        assert!(Aggregate::from_wire(&bad, agg.horizon()).is_err());
        let mut bad = back.clone();
        bad.months[3] += 1;
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

    /// Every library scenario's aggregate, and the aggregate of an option
    /// with its horizon cut to 12 months, satisfies the invariants `merge`
    /// checks a part against.
    #[test]
    fn every_library_aggregate_is_honest() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for f in files
            .iter()
            .filter(|f| f.extension().is_some_and(|e| e == "toml"))
        {
            for horizon in [None, Some(12)] {
                let text = std::fs::read_to_string(f).unwrap();
                let mut s = crate::scenario::parse(&text, &f.display().to_string()).unwrap();
                if let Some(h) = horizon {
                    s.horizon_months = h;
                }
                let m = crate::model::Model::new(&s);
                let agg = crate::engine::simulate_serial(&m, 11, 0..2000);
                if let Err(e) = agg.check() {
                    panic!("{}: {e}", f.display());
                }
            }
        }
    }

    /// Months from..=to as a bit set.
    fn bits(from: u32, to: u32) -> u128 {
        (from..=to).fold(0, |acc, m| acc | (1u128 << m))
    }

    /// Hand-made runs on a 6-month horizon land in the states docs/model.md
    /// defines, month by month, at the edges too: month 0, a run with no
    /// ceasefire, a force that arrives and withdraws, a wider war.
    #[test]
    fn states_of_known_runs() {
        use state::*;
        let mut a = Aggregate::new(6);
        // War throughout, no force.
        a.add(&Record::default());
        // A ceasefire at the end of month 2 that holds; no force.
        a.add(&Record {
            ceasefire_months: bits(2, 6),
            peace: Peace::CeasefireQuiet,
            ..Record::default()
        });
        // A force arriving at the end of month 1 into the war, a ceasefire
        // at the end of month 3, the force withdrawn at the end of month 5.
        a.add(&Record {
            deployed: true,
            has_force: true,
            arrival: Some(1),
            force_months: bits(1, 4),
            ceasefire_months: bits(3, 6),
            peace: Peace::CeasefireContested,
            mission: Mission::WithdrawnNoDeaths,
            ..Record::default()
        });
        // A force in place from the start; a wider war in month 4.
        a.add(&Record {
            deployed: true,
            has_force: true,
            arrival: Some(0),
            force_months: bits(0, 3),
            ceasefire_months: bits(1, 3),
            wider_month: Some(4),
            peace: Peace::WiderWar,
            mission: Mission::EndedByWiderWar,
            ..Record::default()
        });
        let st = a.states();
        assert_eq!(st.len(), 7, "months 0..=6");
        let col = |s: usize| st.iter().map(|m| m[s]).collect::<Vec<_>>();
        assert_eq!(col(NO_FORCE_WAR), [3, 2, 1, 1, 1, 1, 1]);
        assert_eq!(col(NO_FORCE_CEASEFIRE), [0, 0, 1, 1, 1, 2, 2]);
        assert_eq!(col(IN_PLACE_WAR), [1, 1, 1, 0, 0, 0, 0]);
        assert_eq!(col(IN_PLACE_CEASEFIRE), [0, 1, 1, 2, 1, 0, 0]);
        assert_eq!(col(WIDER_WAR), [0, 0, 0, 0, 1, 1, 1]);
        assert!(st.iter().all(|m| m.iter().sum::<u64>() == 4));
        let [cf, force, quiet] = a.monthly();
        assert_eq!(cf, [1, 2, 3, 2, 2, 2]);
        assert_eq!(force, [2, 2, 2, 1, 0, 0]);
        assert_eq!(quiet, force, "no attack in these runs");
        assert_eq!(a.months, [1, 0, 0, 1, 1, 1, 0], "0, 3, 4 and 5 months");
    }

    /// On simulated runs the states stack to the run count every month, the
    /// states at the horizon are the peace classes, and merging parts in
    /// either order gives the whole, exactly.
    #[test]
    fn states_stack_and_merge_exactly() {
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
            assert_eq!(
                end[state::IN_PLACE_CEASEFIRE] + end[state::NO_FORCE_CEASEFIRE],
                whole.ceasefire_at_horizon(),
                "{file}"
            );
            assert_eq!(
                end[state::IN_PLACE_WAR] + end[state::NO_FORCE_WAR],
                whole.peace_count(Peace::War)
            );
            assert_eq!(end[state::WIDER_WAR], whole.peace_count(Peace::WiderWar));
            // The force in place at the horizon: in place, or still fighting
            // the war it chose to fight.
            assert!(
                end[state::IN_PLACE_CEASEFIRE] + end[state::IN_PLACE_WAR]
                    >= whole.mission_count(Mission::InPlace)
            );
            // Month 0: nobody is under a ceasefire.
            assert_eq!(
                st[0][state::IN_PLACE_CEASEFIRE] + st[0][state::NO_FORCE_CEASEFIRE],
                0
            );
            // Months of ceasefire: the exact counts and the histogram agree.
            let (sum, _) = whole.months_sums();
            assert_eq!(sum, whole.metric(Metric::MonthsOfCeasefire).sum);
            // The monthly ceasefire series adds up to the months of ceasefire.
            let [cf, _, _] = whole.monthly();
            assert_eq!(cf.iter().map(|&x| x as u128).sum::<u128>(), sum, "{file}");
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
