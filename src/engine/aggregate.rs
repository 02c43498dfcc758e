//! Streaming aggregation of trajectories into exact, mergeable integers:
//! outcome counts, one [`Hist`] per per-run figure, and the monthly state
//! counts kept as difference arrays (O(1) per run, prefix-summed at the end).
//! Adding runs in any order, or merging partial aggregates in any order,
//! gives the same aggregate, bit for bit.

use super::hist::Hist;
use crate::model::{N_OUTCOMES, Record};

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
    Unanswered = "attacks_unanswered", 1.0, "attacks", "attacks left unanswered; deployed runs";
    Credibility = "final_credibility", 1000.0, "0-1", "the force's credibility at the end; deployed runs";
    Cost = "cost_eur_bn", 1000.0, "EUR bn", "troop-years, unit-years and interceptors; deployed runs";
    Personnel = "personnel_committed", 1.0, "people", "troops and trainers x rotation multiplier; deployed runs";
}

pub const N_METRICS: usize = METRICS.len();

/// The monthly state series of `summary.json`.
pub const MONTHLY: [&str; 3] = ["no_attack_yet", "ceasefire_holding", "force_in_place"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Aggregate {
    pub runs: u64,
    pub outcomes: [u64; N_OUTCOMES],
    pub metrics: Vec<Hist>,
    /// Difference arrays: entry t − 1 holds the change at mission month t.
    monthly_delta: [Vec<i64>; 3],
    horizon: u32,
}

impl Aggregate {
    pub fn new(horizon: u32) -> Self {
        let len = horizon as usize + 2;
        Aggregate {
            runs: 0,
            outcomes: [0; N_OUTCOMES],
            metrics: (0..N_METRICS).map(|_| Hist::default()).collect(),
            monthly_delta: [vec![0; len], vec![0; len], vec![0; len]],
            horizon,
        }
    }

    #[inline]
    pub fn add(&mut self, r: &Record) {
        self.runs += 1;
        self.outcomes[r.outcome as usize] += 1;
        let m = &mut self.metrics;
        if let Some(t) = r.terminal_month {
            m[Metric::TerminalMonth as usize].add(t as u64);
        }
        if let Some(t) = r.first_attack {
            m[Metric::FirstAttack as usize].add(t as u64);
        }
        if !r.deployed {
            return;
        }
        m[Metric::Deaths as usize].add(r.deaths as u64);
        m[Metric::LethalIncidents as usize].add(r.lethal_incidents as u64);
        m[Metric::CivilianHarm as usize].add(r.civilian_harm);
        m[Metric::PeakRung as usize].add(r.peak_rung as u64);
        m[Metric::Probes as usize].add(r.probes as u64);
        m[Metric::StrikesAttempted as usize].add(r.weapons_launched);
        m[Metric::StrikesIntercepted as usize].add(r.weapons_intercepted);
        m[Metric::Answered as usize].add(r.answered as u64);
        m[Metric::Unanswered as usize].add(r.unanswered as u64);
        m[Metric::Credibility as usize].add(r.credibility_milli as u64);
        m[Metric::Cost as usize].add(r.cost_eur_m);
        m[Metric::Personnel as usize].add(r.personnel);

        // Months 1..=last are in place (a terminal event in month t ends the
        // run before the month's end); the others are sub-ranges of it.
        let last = r
            .terminal_month
            .map_or(self.horizon, |t| t.saturating_sub(1)) as usize;
        if last == 0 {
            return;
        }
        let mut span = |series: usize, from: usize, to: usize| {
            if from >= 1 && from <= to {
                self.monthly_delta[series][from - 1] += 1;
                self.monthly_delta[series][to] -= 1;
            }
        };
        span(2, 1, last);
        if let Some(cf) = r.ceasefire_from {
            span(1, cf as usize, last);
        }
        let quiet_to = r.first_attack.map_or(last, |a| last.min(a as usize - 1));
        span(0, 1, quiet_to);
    }

    pub fn merge(&mut self, o: &Aggregate) {
        debug_assert_eq!(self.horizon, o.horizon);
        self.runs += o.runs;
        for (a, b) in self.outcomes.iter_mut().zip(o.outcomes) {
            *a += b;
        }
        for (a, b) in self.metrics.iter_mut().zip(&o.metrics) {
            a.merge(b);
        }
        for (a, b) in self.monthly_delta.iter_mut().zip(&o.monthly_delta) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
    }

    /// For each monthly series, the count of runs in that state at the end of
    /// each mission month 1..=horizon.
    pub fn monthly(&self) -> [Vec<u64>; 3] {
        let h = self.horizon as usize;
        std::array::from_fn(|i| {
            let mut acc = 0i64;
            self.monthly_delta[i][..h]
                .iter()
                .map(|d| {
                    acc += d;
                    acc as u64
                })
                .collect()
        })
    }

    pub fn horizon(&self) -> u32 {
        self.horizon
    }

    pub fn metric(&self, m: Metric) -> &Hist {
        &self.metrics[m as usize]
    }
}
