//! Paired comparison on common random numbers.
//!
//! Every scenario runs trajectory `i` with the same keyed streams
//! (seed, i, purpose), so a lever changes only what it touches. The pairing
//! is kept streaming and exact: for each scenario after the first, the 4×4
//! table of (peace class under the first, under it), the 6×6 table of
//! mission classes, and for the per-run means the integer sums Σa, Σb, Σa²,
//! Σb², Σab. Shards merge by addition.
//!
//! Estimator (documented in docs/model.md, "Comparisons"): the difference
//! of B from A is the mean of the paired differences d_i = b_i − a_i, with
//! the 95% interval mean ± z·s_d/√n, s_d the sample standard deviation of
//! d. For an outcome class, d_i ∈ {−1, 0, 1} and s_d comes from the
//! discordant cells of the table. The independent-streams interval is what
//! the same runs would give unpaired: ± z·√(s_a²/n + s_b²/n). Their variance
//! ratio is the variance reduction the pairing bought.

pub use crate::engine::aggregate::PairSums;
use crate::engine::aggregate::{AggregateWire, PairSumsWire};
use crate::engine::{Aggregate, Metric, Plan, fold_batches};
use crate::math::Z95;
use crate::model::{Model, N_MISSION, N_PEACE, N_ROUTES, NoObserver, Peace, Record, Share};
use serde::{Deserialize, Serialize};

/// The per-run figures whose means are compared (name, unit, stored units
/// per reported unit): months of ceasefire and civilian harm over every
/// run, hostile deaths counted as 0 in runs where no force deployed, and
/// cost as the force's marginal cost where it deployed plus what pressure
/// and aid cost in every run (X1 + X2).
pub const PAIRED_MEANS: [(&str, &str, f64); 4] = [
    ("months_of_ceasefire", "months", 1.0),
    ("civilian_harm_per_run", "index points", 1.0),
    ("hostile_deaths_per_run", "deaths", 1.0),
    ("cost_eur_bn_per_run", "EUR bn", 1000.0),
];

/// The paired sums kept beside [`PAIRED_MEANS`]: the force's marginal cost
/// alone (0 where no force deployed), for its mean per deployed run.
pub const FORCE_COST: usize = 4;

/// One run's values of [`PAIRED_MEANS`], then the force's cost alone.
pub(crate) fn paired_values(r: &Record) -> [u64; 5] {
    let months = u64::from(r.months_of_ceasefire());
    if r.deployed {
        [
            months,
            r.civilian_harm,
            r.deaths as u64,
            r.cost_eur_m + r.policy_cost_eur_m,
            r.cost_eur_m,
        ]
    } else {
        [months, r.civilian_harm, 0, r.policy_cost_eur_m, 0]
    }
}

/// One scenario's pairing with the first: the joint table of classes and
/// the sums of each compared figure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pairing {
    /// `peace[a][b]`: runs that ended in peace class a under the first
    /// scenario and in class b under this one.
    pub peace: [[u64; N_PEACE]; N_PEACE],
    /// The same for the mission classes (a run without a force is
    /// `never_deployed`).
    pub mission: [[u64; N_MISSION]; N_MISSION],
    /// The same for the first ceasefire's collapse: index 0 is "no
    /// collapse", 1 + r route r.
    pub routes: [[u64; N_ROUTES + 1]; N_ROUTES + 1],
    pub sums: [PairSums; 5],
}

impl Default for Pairing {
    fn default() -> Self {
        Pairing {
            peace: [[0; N_PEACE]; N_PEACE],
            mission: [[0; N_MISSION]; N_MISSION],
            routes: [[0; N_ROUTES + 1]; N_ROUTES + 1],
            sums: [PairSums::default(); 5],
        }
    }
}

/// Whether a joint table's row sums are `rows` and its column sums `cols`.
fn margins_agree<const N: usize>(t: &[[u64; N]], rows: &[u64], cols: &[u64]) -> bool {
    fn total(mut it: impl Iterator<Item = u64>) -> Option<u64> {
        it.try_fold(0u64, |s, x| s.checked_add(x))
    }
    t.iter()
        .map(|r| total(r.iter().copied()))
        .eq(rows.iter().map(|&x| Some(x)))
        && (0..N)
            .map(|j| total(t.iter().map(|r| r[j])))
            .eq(cols.iter().map(|&x| Some(x)))
}

/// Everything a comparison keeps: each scenario's own aggregate and each
/// later scenario's pairing with the first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paired {
    pub aggs: Vec<Aggregate>,
    /// `pairings[k - 1]` pairs scenario k with scenario 0.
    pub pairings: Vec<Pairing>,
}

/// A [`Paired`] as written to a shard's part file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairedWire {
    pub aggs: Vec<AggregateWire>,
    pub pairings: Vec<PairingWire>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairingWire {
    pub peace: Vec<Vec<u64>>,
    pub mission: Vec<Vec<u64>>,
    pub routes: Vec<Vec<u64>>,
    pub sums: Vec<PairSumsWire>,
}

impl Paired {
    pub fn to_wire(&self) -> PairedWire {
        PairedWire {
            aggs: self.aggs.iter().map(Aggregate::to_wire).collect(),
            pairings: self
                .pairings
                .iter()
                .map(|p| PairingWire {
                    peace: p.peace.iter().map(|r| r.to_vec()).collect(),
                    mission: p.mission.iter().map(|r| r.to_vec()).collect(),
                    routes: p.routes.iter().map(|r| r.to_vec()).collect(),
                    sums: p.sums.iter().map(PairSums::to_wire).collect(),
                })
                .collect(),
        }
    }

    /// Read back a [`PairedWire`] for these models; the error says what does
    /// not fit.
    pub fn from_wire(w: &PairedWire, models: &[Model]) -> Result<Paired, String> {
        if w.aggs.len() != models.len() || w.pairings.len() != models.len().saturating_sub(1) {
            return Err(format!(
                "{} scenarios, expected {}",
                w.aggs.len(),
                models.len()
            ));
        }
        let mut p = Paired::new(models);
        for ((a, aw), m) in p.aggs.iter_mut().zip(&w.aggs).zip(models) {
            *a = Aggregate::from_wire(aw, m.horizon)?;
        }
        for (q, qw) in p.pairings.iter_mut().zip(&w.pairings) {
            let shape =
                |v: &Vec<Vec<u64>>, n: usize| v.len() == n && v.iter().all(|r| r.len() == n);
            if !shape(&qw.peace, N_PEACE)
                || !shape(&qw.mission, N_MISSION)
                || !shape(&qw.routes, N_ROUTES + 1)
                || qw.sums.len() != q.sums.len()
            {
                return Err("a pairing table of the wrong shape".into());
            }
            for (row, r) in q.peace.iter_mut().zip(&qw.peace) {
                row.copy_from_slice(r);
            }
            for (row, r) in q.mission.iter_mut().zip(&qw.mission) {
                row.copy_from_slice(r);
            }
            for (row, r) in q.routes.iter_mut().zip(&qw.routes) {
                row.copy_from_slice(r);
            }
            for (s, sw) in q.sums.iter_mut().zip(&qw.sums) {
                *s = PairSums::from_wire(sw)?;
            }
        }
        p.check()?;
        Ok(p)
    }

    /// The invariants of an honest comparison beyond each aggregate's own:
    /// every joint table's rows add up to the first option's counts and
    /// its columns to the other's, and each paired sum is the sum of the
    /// figure the two aggregates hold (deaths and cost count 0 where no
    /// force deployed), with Σab ≤ (Σa² + Σb²)/2. Each aggregate has
    /// passed [`Aggregate::check`] first.
    pub fn check(&self) -> Result<(), String> {
        let first = &self.aggs[0];
        let collapse_row = |a: &Aggregate| -> Vec<u64> {
            let mut v = vec![a.runs - a.collapsed()];
            v.extend_from_slice(&a.routes);
            v
        };
        let figure_sums = |a: &Aggregate| -> [u128; 5] {
            let s = |m: Metric| a.metric(m).sum;
            [
                s(Metric::MonthsOfCeasefire),
                s(Metric::CivilianHarm),
                s(Metric::Deaths),
                s(Metric::Cost) + s(Metric::PolicyCost),
                s(Metric::Cost),
            ]
        };
        for (k, (q, other)) in self.pairings.iter().zip(&self.aggs[1..]).enumerate() {
            let name = k + 2;
            if !margins_agree(&q.peace, &first.peace, &other.peace)
                || !margins_agree(&q.mission, &first.mission, &other.mission)
                || !margins_agree(&q.routes, &collapse_row(first), &collapse_row(other))
            {
                return Err(format!(
                    "option {name}'s joint table with the first does not add up to their own counts"
                ));
            }
            let (fa, fb) = (figure_sums(first), figure_sums(other));
            for (j, s) in q.sums.iter().enumerate() {
                let half = s.aa.checked_add(s.bb).map(|x| x / 2);
                if s.a != fa[j] || s.b != fb[j] || half.is_none_or(|h| s.ab > h) {
                    return Err(format!(
                        "option {name}'s paired sums of {} disagree with the two options' own",
                        PAIRED_MEANS.get(j).map_or("the force's cost", |m| m.0)
                    ));
                }
            }
        }
        Ok(())
    }

    fn new(models: &[Model]) -> Self {
        Paired {
            aggs: models.iter().map(|m| Aggregate::new(m.horizon)).collect(),
            pairings: vec![Pairing::default(); models.len().saturating_sub(1)],
        }
    }

    /// [`Paired::merge`] with checked arithmetic: an error, not a wrap.
    pub fn try_merge(&mut self, o: &Paired) -> Result<(), String> {
        let mut whole = self.clone();
        for (a, b) in whole.aggs.iter_mut().zip(&o.aggs) {
            a.try_merge(b)?;
        }
        for (p, q) in whole.pairings.iter_mut().zip(&o.pairings) {
            let tables = [
                (p.peace.as_flattened_mut(), q.peace.as_flattened()),
                (p.mission.as_flattened_mut(), q.mission.as_flattened()),
                (p.routes.as_flattened_mut(), q.routes.as_flattened()),
            ];
            for (x, y) in tables {
                for (x, y) in x.iter_mut().zip(y) {
                    *x = x
                        .checked_add(*y)
                        .ok_or("joint counts overflow when merged")?;
                }
            }
            for (s, t) in p.sums.iter_mut().zip(&q.sums) {
                *s = s
                    .checked_merge(t)
                    .ok_or("paired sums overflow when merged")?;
            }
        }
        *self = whole;
        Ok(())
    }

    /// Add another part's runs (exact: integer sums).
    pub fn merge(&mut self, o: &Paired) {
        for (a, b) in self.aggs.iter_mut().zip(&o.aggs) {
            a.merge(b);
        }
        for (p, q) in self.pairings.iter_mut().zip(&o.pairings) {
            for (row, qrow) in p.peace.iter_mut().zip(&q.peace) {
                for (x, y) in row.iter_mut().zip(qrow) {
                    *x += y;
                }
            }
            for (row, qrow) in p.mission.iter_mut().zip(&q.mission) {
                for (x, y) in row.iter_mut().zip(qrow) {
                    *x += y;
                }
            }
            for (row, qrow) in p.routes.iter_mut().zip(&q.routes) {
                for (x, y) in row.iter_mut().zip(qrow) {
                    *x += y;
                }
            }
            for (s, t) in p.sums.iter_mut().zip(&q.sums) {
                s.merge(t);
            }
        }
    }

    /// Add runs `runs`, every scenario on the same keyed streams.
    fn add_runs(&mut self, models: &[Model], seed: u64, runs: std::ops::Range<u64>) {
        let mut params: Vec<_> = models.iter().map(|m| m.central_params()).collect();
        let mut recs = vec![Record::default(); models.len()];
        for run in runs {
            for (k, m) in models.iter().enumerate() {
                recs[k] = m.run_into(seed, run, &mut params[k], &mut NoObserver);
                self.aggs[k].add(&recs[k]);
            }
            let first = recs[0];
            let a = paired_values(&first);
            let route = |r: &Record| r.route.map_or(0, |x| 1 + x as usize);
            for (p, r) in self.pairings.iter_mut().zip(&recs[1..]) {
                p.peace[first.peace as usize][r.peace as usize] += 1;
                p.mission[first.mission as usize][r.mission as usize] += 1;
                p.routes[route(&first)][route(r)] += 1;
                let b = paired_values(r);
                for i in 0..a.len() {
                    p.sums[i].add(a[i] as u128, b[i] as u128);
                }
            }
        }
    }
}

/// Run every model on the plan's runs, paired. The result does not depend
/// on threads or batches (integer aggregates, keyed streams).
pub fn simulate_paired(models: &[Model], plan: &Plan, tick: &(dyn Fn(u64) + Sync)) -> Paired {
    fold_batches(
        plan,
        || Paired::new(models),
        |acc, runs| {
            let n = runs.end - runs.start;
            acc.add_runs(models, plan.seed, runs);
            tick(n * models.len() as u64);
        },
        |a, b| a.merge(b),
    )
}

/// The peace figures an index and a comparison give for every option
/// against its reference, in this order: groups of peace classes, then
/// paired means (an index into [`PAIRED_MEANS`]).
#[derive(Clone, Copy, Debug)]
pub enum RefFigure {
    Peace(&'static [Peace]),
    Mean(usize),
}

pub const REFERENCE_FIGURES: [(&str, RefFigure); 6] = [
    (
        "ceasefire_at_horizon",
        RefFigure::Peace(&[Peace::CeasefireQuiet, Peace::CeasefireContested]),
    ),
    (
        "ceasefire_quiet",
        RefFigure::Peace(&[Peace::CeasefireQuiet]),
    ),
    ("war", RefFigure::Peace(&[Peace::War])),
    ("wider_war", RefFigure::Peace(&[Peace::WiderWar])),
    ("months_of_ceasefire", RefFigure::Mean(0)),
    ("civilian_harm_per_run", RefFigure::Mean(1)),
];

/// A paired difference from a reference scenario, as written to `batch.json`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct RefDiff {
    pub diff: f64,
    pub ci95: [f64; 2],
}

/// Each figure of [`REFERENCE_FIGURES`]: the option minus the reference,
/// from their pairing over `runs` runs (`simulate_paired` on [reference,
/// option]).
pub fn reference_diffs(pairing: &Pairing, runs: u64) -> indexmap::IndexMap<String, RefDiff> {
    REFERENCE_FIGURES
        .iter()
        .map(|(name, figure)| {
            let d = match figure {
                RefFigure::Peace(set) => pairing.peace_group_diff(runs, set),
                RefFigure::Mean(i) => pairing.mean_diff(runs, *i),
            };
            (
                name.to_string(),
                RefDiff {
                    diff: d.diff,
                    ci95: d.diff_ci95,
                },
            )
        })
        .collect()
}

/// A difference B − A with its paired interval and, for contrast, the
/// interval independent streams would give.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Diff {
    pub diff: f64,
    pub diff_ci95: [f64; 2],
    pub independent_diff_ci95: [f64; 2],
    /// Var(independent) / Var(paired); `None` when the paired variance is 0
    /// (identical results in every run).
    pub variance_reduction: Option<f64>,
}

/// From n pairs: the sums of a, b, a², b², ab.
pub fn paired_diff(n: u64, a: f64, b: f64, aa: f64, bb: f64, ab: f64) -> Diff {
    if n == 0 {
        return Diff {
            diff: 0.0,
            diff_ci95: [0.0, 0.0],
            independent_diff_ci95: [0.0, 0.0],
            variance_reduction: None,
        };
    }
    let nf = n as f64;
    let diff = (b - a) / nf;
    // Sample variances with n − 1; clamped at 0 against rounding.
    let var = |s: f64, ss: f64| {
        if n < 2 {
            0.0
        } else {
            ((ss - s * s / nf) / (nf - 1.0)).max(0.0)
        }
    };
    let dd = aa + bb - 2.0 * ab;
    let var_d = var(b - a, dd);
    let var_ind = var(a, aa) + var(b, bb);
    let half = Z95 * (var_d / nf).sqrt();
    let half_ind = Z95 * (var_ind / nf).sqrt();
    Diff {
        diff,
        diff_ci95: [diff - half, diff + half],
        independent_diff_ci95: [diff - half_ind, diff + half_ind],
        variance_reduction: (var_d > 0.0).then(|| var_ind / var_d),
    }
}

impl Pairing {
    /// The difference in the probability of peace class `j`.
    pub fn peace_diff(&self, n: u64, j: usize) -> Diff {
        indicator_diff(n, &self.peace, j)
    }

    /// The difference in the probability of mission class `j`.
    pub fn mission_diff(&self, n: u64, j: usize) -> Diff {
        indicator_diff(n, &self.mission, j)
    }

    /// The difference in the probability that the first ceasefire
    /// collapsed by route `r`.
    pub fn route_diff(&self, n: u64, r: crate::model::Route) -> Diff {
        indicator_diff(n, &self.routes, 1 + r as usize)
    }

    /// The difference in the probability of a share (a class or a group).
    pub fn share_diff(&self, n: u64, s: Share) -> Diff {
        match s {
            Share::Peace(p) => self.peace_diff(n, p as usize),
            Share::CeasefireAtHorizon => {
                self.peace_group_diff(n, &[Peace::CeasefireQuiet, Peace::CeasefireContested])
            }
            Share::Mission(m) => self.mission_diff(n, m as usize),
            Share::Withdrawn => group_diff(n, &self.mission, &|k| {
                crate::model::Mission::ALL[k].withdrawn()
            }),
        }
    }

    /// The difference in the probability of ending in any peace class of `set`.
    pub fn peace_group_diff(&self, n: u64, set: &[Peace]) -> Diff {
        group_diff(n, &self.peace, &|k| set.iter().any(|p| *p as usize == k))
    }
}

/// The paired difference in the indicator of a set of categories, from a
/// joint table `t[a][b]`.
fn group_diff<const K: usize>(n: u64, t: &[[u64; K]; K], inside: &dyn Fn(usize) -> bool) -> Diff {
    let (mut a, mut b, mut both) = (0u64, 0u64, 0u64);
    for (i, row) in t.iter().enumerate() {
        for (j, &c) in row.iter().enumerate() {
            a += if inside(i) { c } else { 0 };
            b += if inside(j) { c } else { 0 };
            both += if inside(i) && inside(j) { c } else { 0 };
        }
    }
    paired_diff(n, a as f64, b as f64, a as f64, b as f64, both as f64)
}

impl Pairing {
    /// The difference in the mean of compared figure `i`, in its unit.
    pub fn mean_diff(&self, n: u64, i: usize) -> Diff {
        let s = &self.sums[i];
        let k = PAIRED_MEANS[i].2;
        let f = |x: u128| x as f64;
        paired_diff(
            n,
            f(s.a) / k,
            f(s.b) / k,
            f(s.aa) / (k * k),
            f(s.bb) / (k * k),
            f(s.ab) / (k * k),
        )
    }
}

/// The paired difference in the indicator of category `j`, from a joint
/// table `t[a][b]` of (category under the first scenario, under this one).
fn indicator_diff<const K: usize>(n: u64, t: &[[u64; K]; K], j: usize) -> Diff {
    let a: u64 = t[j].iter().sum();
    let b: u64 = t.iter().map(|row| row[j]).sum();
    // Indicators: a² = a, b² = b, ab = in category j under both.
    paired_diff(n, a as f64, b as f64, a as f64, b as f64, t[j][j] as f64)
}

/// The mean of compared figure `i` for one scenario, with its 95% interval
/// (normal approximation).
pub fn mean_interval(n: u64, s: u128, ss: u128, scale: f64) -> (f64, [f64; 2]) {
    if n == 0 {
        return (0.0, [0.0, 0.0]);
    }
    let nf = n as f64;
    let (s, ss) = (s as f64 / scale, ss as f64 / (scale * scale));
    let mean = s / nf;
    let var = if n < 2 {
        0.0
    } else {
        ((ss - s * s / nf) / (nf - 1.0)).max(0.0)
    };
    let half = Z95 * (var / nf).sqrt();
    (mean, [mean - half, mean + half])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answer_for_a_paired_proportion() {
        // 1000 pairs: 100 in class j under both, 50 only under A, 20 only
        // under B. d = −1 in 50 runs, +1 in 20: mean −0.03,
        // s² = (70 − 1000·0.03²)/999 = 0.069169…, half = 1.959964·√(s²/1000).
        let mut p = Pairing::default();
        p.peace[0][0] = 100;
        p.peace[0][1] = 50;
        p.peace[1][0] = 20;
        p.peace[1][1] = 830;
        let d = p.peace_diff(1000, 0);
        let s2: f64 = (70.0 - 1000.0 * 0.03 * 0.03) / 999.0;
        let half = Z95 * (s2 / 1000.0).sqrt();
        assert!((d.diff + 0.03).abs() < 1e-15);
        assert!((d.diff_ci95[0] - (-0.03 - half)).abs() < 1e-12);
        assert!((d.diff_ci95[1] - (-0.03 + half)).abs() < 1e-12);
        // Independent: pA = 0.15, pB = 0.12, sample variances n/(n−1)·p(1−p).
        let vi: f64 = 1000.0 / 999.0 * (0.15 * 0.85 + 0.12 * 0.88);
        let half_i = Z95 * (vi / 1000.0).sqrt();
        assert!((d.independent_diff_ci95[1] - (-0.03 + half_i)).abs() < 1e-12);
        assert!((d.variance_reduction.unwrap() - vi / s2).abs() < 1e-9);
    }

    #[test]
    fn a_group_difference_sums_its_classes() {
        // Under A: 30 runs in class 0, 20 in class 1, 50 in class 2; under B
        // 10 of the class-0 runs move to class 2 and 5 of the class-2 runs
        // move to class 1. Group {0, 1}: A 50, B 45, −0.05.
        let mut p = Pairing::default();
        p.peace[0][0] = 20;
        p.peace[0][2] = 10;
        p.peace[1][1] = 20;
        p.peace[2][2] = 45;
        p.peace[2][1] = 5;
        let g = p.share_diff(100, Share::CeasefireAtHorizon);
        assert!((g.diff + 0.05).abs() < 1e-15);
        let one = p.peace_diff(100, 0);
        assert!((one.diff + 0.10).abs() < 1e-15);
    }

    #[test]
    fn identical_pairs_give_exactly_zero() {
        let mut p = Pairing::default();
        p.peace[2][2] = 400;
        p.peace[3][3] = 600;
        for j in 0..N_PEACE {
            let d = p.peace_diff(1000, j);
            assert_eq!(d.diff, 0.0);
            assert_eq!(d.diff_ci95, [0.0, 0.0]);
            assert_eq!(d.variance_reduction, None);
        }
    }

    /// Coverage of the paired interval for correlated Bernoulli pairs with
    /// a known difference: close to 95% over many replications.
    #[test]
    fn paired_interval_covers_the_true_difference() {
        use crate::random::rng::{RunKey, purpose};
        // P(A=1) = 0.3; B = A except: A=1 → B=0 w.p. 0.2; A=0 → B=1 w.p. 0.1.
        // P(B=1) = 0.3·0.8 + 0.7·0.1 = 0.31; true difference +0.01.
        let (n, reps) = (2000u64, 2000u64);
        let (pa, pb) = (purpose("test.a"), purpose("test.b"));
        let mut covered = 0;
        let mut narrower = 0;
        for r in 0..reps {
            let mut p = Pairing::default();
            for i in 0..n {
                let key = RunKey::new(r, i);
                let a = key.u01(pa, 0) < 0.3;
                let u = key.u01(pb, 0);
                let b = if a { u >= 0.2 } else { u < 0.1 };
                p.peace[usize::from(!a)][usize::from(!b)] += 1;
            }
            let d = p.peace_diff(n, 0);
            if d.diff_ci95[0] <= 0.01 && 0.01 <= d.diff_ci95[1] {
                covered += 1;
            }
            if d.diff_ci95[1] - d.diff_ci95[0]
                < d.independent_diff_ci95[1] - d.independent_diff_ci95[0]
            {
                narrower += 1;
            }
        }
        let cov = covered as f64 / reps as f64;
        assert!((0.935..=0.965).contains(&cov), "coverage {cov}");
        assert_eq!(
            narrower, reps,
            "pairing narrows the interval when pairs correlate"
        );
    }

    #[test]
    fn mean_difference_known_answer() {
        // Pairs (1,2), (3,3), (0,4): d = 1, 0, 4; mean 5/3, s² = 13/3 − …
        let mut s = PairSums::default();
        for (a, b) in [(1u64, 2u64), (3, 3), (0, 4)] {
            s.add(a as u128, b as u128);
        }
        let d = paired_diff(
            3,
            s.a as f64,
            s.b as f64,
            s.aa as f64,
            s.bb as f64,
            s.ab as f64,
        );
        let mean: f64 = 5.0 / 3.0;
        let s2 = ([1.0f64, 0.0, 4.0]
            .iter()
            .map(|x| (x - mean).powi(2))
            .sum::<f64>())
            / 2.0;
        assert!((d.diff - mean).abs() < 1e-12);
        assert!((d.diff_ci95[1] - (mean + Z95 * (s2 / 3.0).sqrt())).abs() < 1e-12);
    }
}
