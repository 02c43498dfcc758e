//! What an uncertainty analysis measures, and exact paired sums to estimate
//! it for several models at once on common random numbers.
//!
//! A [`Criterion`] turns one run's [`Record`] into a numerator and a
//! denominator (whole numbers; the denominator is 0 or 1). Its estimate over
//! runs is the ratio R = Σnum/Σden: an outcome's share of all runs (den = 1),
//! a conditional share such as collapse given a ceasefire (den = 1 when the
//! run had a ceasefire), or a mean per run (deaths, cost). These are exactly
//! the figures `summary.json` reports under the same names.
//!
//! [`Moments`] keeps, for k models run on the same run indices, the integer
//! sums Σvᵢ and Σvᵢvⱼ of the 2k values (num and den of each model). They
//! merge by addition, so any split over threads gives the same bytes, and
//! they give every ratio and every paired difference with its interval by
//! the delta method (docs/model.md, "Uncertainty analysis"):
//! with uᵢ = (numᵢ − R·denᵢ)/d̄ the linearised ratio, the variance of a
//! difference R_b − R_a is Σ(u_b − u_a)² / ((n − 1)·n).

use super::compare::{PAIRED_MEANS, paired_values};
use crate::engine::{Plan, fold_batches};
use crate::math::Z95;
use crate::model::{Mission, Model, NoObserver, Peace, Record, RunParams, Share};
use serde::Serialize;

/// What a run contributes to an analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Criterion {
    /// A share of all runs: a peace class, a mission class, or one of the
    /// two groups (`ceasefire_at_horizon`, `withdrawn`).
    Share(Share),
    /// Mean months of ceasefire per run, over all runs.
    MonthsOfCeasefire,
    /// `p_ceasefire`: a ceasefire came within the horizon, over all runs.
    Ceasefire,
    /// `p_collapse_given_ceasefire`: the first ceasefire collapsed, over
    /// the runs with a ceasefire.
    CollapseGivenCeasefire,
    /// `p_in_place_given_deployed`: in place at the horizon, over the runs
    /// that deployed a force.
    InPlaceGivenDeployed,
    /// Mean hostile deaths per run (0 where no force deployed), over all runs.
    Deaths,
    /// Mean cost per run in EUR bn (0 where no force deployed), over all runs.
    Cost,
    /// Mean civilian-harm index per run, over all runs.
    Harm,
}

/// Every figure a criterion accepts besides the shares, with its meaning.
pub const FIGURES: [(&str, &str); 7] = [
    (
        "months_of_ceasefire",
        "months of the horizon that ended with a ceasefire in force, mean per run over all runs",
    ),
    (
        "p_ceasefire",
        "a ceasefire came within the horizon, over all runs",
    ),
    (
        "p_collapse_given_ceasefire",
        "the first ceasefire collapsed within the horizon, over the runs with a ceasefire",
    ),
    (
        "p_in_place_given_deployed",
        "the force was in place at the horizon, over the runs that deployed a force",
    ),
    (
        "hostile_deaths_per_run",
        "hostile deaths in the force per run (0 where no force deployed), over all runs",
    ),
    (
        "cost_eur_bn_per_run",
        "cost per run in EUR bn: the force's marginal cost where it deployed, plus pressure and military aid kept up over the horizon, over all runs",
    ),
    (
        "civilian_harm_per_run",
        "civilian-harm index per run over the whole horizon, over all runs",
    ),
];

/// The criterion analyses use when none is named: the peace at the horizon.
pub const DEFAULT: Criterion = Criterion::Share(Share::CeasefireAtHorizon);

impl Criterion {
    /// Every criterion: the shares (peace first), then the figures.
    pub fn all() -> Vec<Criterion> {
        let mut v: Vec<Criterion> = Share::all().into_iter().map(Criterion::Share).collect();
        v.extend([
            Criterion::MonthsOfCeasefire,
            Criterion::Ceasefire,
            Criterion::CollapseGivenCeasefire,
            Criterion::InPlaceGivenDeployed,
            Criterion::Deaths,
            Criterion::Cost,
            Criterion::Harm,
        ]);
        v
    }

    /// Every accepted name, for `--help` and error messages.
    pub fn names() -> Vec<&'static str> {
        Criterion::all().into_iter().map(Criterion::name).collect()
    }

    pub fn find(name: &str) -> Option<Criterion> {
        Criterion::all().into_iter().find(|c| c.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Criterion::Share(s) => s.name(),
            _ => FIGURES[self.figure_index()].0,
        }
    }

    fn figure_index(self) -> usize {
        match self {
            Criterion::Share(_) => unreachable!("shares are not figures"),
            Criterion::MonthsOfCeasefire => 0,
            Criterion::Ceasefire => 1,
            Criterion::CollapseGivenCeasefire => 2,
            Criterion::InPlaceGivenDeployed => 3,
            Criterion::Deaths => 4,
            Criterion::Cost => 5,
            Criterion::Harm => 6,
        }
    }

    /// A short name for titles: "a ceasefire in force at the horizon",
    /// "collapse given a ceasefire".
    pub fn label(self) -> String {
        match self {
            Criterion::Share(Share::CeasefireAtHorizon) => {
                "a ceasefire in force at the horizon".into()
            }
            Criterion::Share(s) => s.label().to_lowercase(),
            Criterion::MonthsOfCeasefire => "months of ceasefire".into(),
            Criterion::Ceasefire => "a ceasefire within the horizon".into(),
            Criterion::CollapseGivenCeasefire => "collapse given a ceasefire".into(),
            Criterion::InPlaceGivenDeployed => "in place given deployment".into(),
            Criterion::Deaths => "hostile deaths per run".into(),
            Criterion::Cost => "cost per run".into(),
            Criterion::Harm => "civilian harm per run".into(),
        }
    }

    /// What it measures and over which runs, in words.
    pub fn meaning(self) -> String {
        match self {
            Criterion::Share(Share::Peace(p)) => format!("{}, over all runs", p.meaning()),
            Criterion::Share(Share::Mission(m)) => format!(
                "{}, over all runs (an option without a force: never deployed)",
                m.meaning()
            ),
            Criterion::Share(Share::CeasefireAtHorizon) => {
                "a ceasefire is in force at the horizon (quiet or contested), over all runs".into()
            }
            Criterion::Share(Share::Withdrawn) => {
                "the force withdrew (with or without deaths), over all runs".into()
            }
            _ => FIGURES[self.figure_index()].1.to_string(),
        }
    }

    /// Every run counts in the denominator (not a conditional share).
    pub fn over_all_runs(self) -> bool {
        !matches!(
            self,
            Criterion::CollapseGivenCeasefire | Criterion::InPlaceGivenDeployed
        )
    }

    /// A probability (shown in % and differences in pp), or a mean.
    pub fn is_probability(self) -> bool {
        self.paired_mean().is_none()
    }

    /// Which of `compare`'s paired means this is, if any: their per-run
    /// values, units and scales have one home there.
    fn paired_mean(self) -> Option<usize> {
        match self {
            Criterion::MonthsOfCeasefire => Some(0),
            Criterion::Harm => Some(1),
            Criterion::Deaths => Some(2),
            Criterion::Cost => Some(3),
            _ => None,
        }
    }

    /// The unit of a mean (empty for probabilities).
    pub fn unit(self) -> &'static str {
        self.paired_mean().map_or("", |i| PAIRED_MEANS[i].1)
    }

    /// Whether more is better when options are ranked: a ceasefire (in
    /// force, quiet or contested, and its months), a ceasefire coming, the
    /// force in place; every other class and figure is bad, `never_deployed`
    /// included (the mission never started).
    pub fn higher_is_better(self) -> bool {
        matches!(
            self,
            Criterion::Share(
                Share::CeasefireAtHorizon
                    | Share::Peace(Peace::CeasefireQuiet | Peace::CeasefireContested)
                    | Share::Mission(Mission::InPlace)
            ) | Criterion::MonthsOfCeasefire
                | Criterion::Ceasefire
                | Criterion::InPlaceGivenDeployed
        )
    }

    /// Stored units per reported unit (cost is kept in EUR m, reported in bn).
    pub fn scale(self) -> f64 {
        self.paired_mean().map_or(1.0, |i| PAIRED_MEANS[i].2)
    }

    /// One run's (numerator, denominator).
    #[inline]
    pub fn value(self, r: &Record) -> (u64, u64) {
        match self {
            Criterion::Share(s) => (u64::from(s.holds(r.peace, r.mission)), 1),
            Criterion::Ceasefire => (u64::from(r.ceasefire), 1),
            Criterion::CollapseGivenCeasefire => (
                u64::from(r.ceasefire && r.collapsed()),
                u64::from(r.ceasefire),
            ),
            Criterion::InPlaceGivenDeployed => (
                u64::from(r.deployed && r.mission == Mission::InPlace),
                u64::from(r.deployed),
            ),
            _ => (
                paired_values(r)[self.paired_mean().expect("a paired mean")],
                1,
            ),
        }
    }

    /// A value in its reported unit, for people: "12.3%", "+1.2 pp", "4.56 EUR bn".
    pub fn show(self, x: f64, difference: bool) -> String {
        if !x.is_finite() {
            return "n/a".into();
        }
        if self.is_probability() {
            let v = x * 100.0;
            let v = if v.abs() < 0.005 { 0.0 } else { v };
            if difference {
                format!("{v:+.2} pp").replace('-', "−")
            } else {
                format!("{v:.2}%")
            }
        } else {
            let digits = if x.abs() >= 100.0 { 0 } else { 2 };
            let v = if x.abs() < 0.005 { 0.0 } else { x };
            let s = if difference {
                format!("{v:+.digits$}")
            } else {
                format!("{v:.digits$}")
            };
            format!("{} {}", s.replace('-', "−"), self.unit())
        }
    }
}

impl std::str::FromStr for Criterion {
    type Err = String;

    fn from_str(s: &str) -> Result<Criterion, String> {
        Criterion::find(s).ok_or_else(|| {
            let names = Criterion::names();
            if let Some(new) = crate::model::v2_replacement(s) {
                return format!(
                    "`{s}` is a name of model version 2, which scored the peace and the mission together; version 3 scores them apart: use {new}"
                );
            }
            let hint = crate::scenario::diag::suggest(s, names.iter().copied())
                .map(|n| format!(" (did you mean `{n}`?)"))
                .unwrap_or_default();
            format!(
                "`{}` is not an outcome or figure{hint}; use one of {}",
                crate::text::printable(s),
                names.join(", ")
            )
        })
    }
}

/// An estimate with its 95% interval, in the criterion's reported unit.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Estimate {
    pub value: f64,
    pub ci95: [f64; 2],
}

/// The exact first and second moments of the (num, den) pairs of k models
/// run on the same run indices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Moments {
    pub n: u64,
    /// Σv over the 2k values (model j: num at 2j, den at 2j + 1).
    sum: Vec<u128>,
    /// Σvᵢvⱼ, row-major, i ≤ j only.
    prod: Vec<u128>,
    k: usize,
}

impl Moments {
    pub fn new(models: usize) -> Moments {
        let m = 2 * models;
        Moments {
            n: 0,
            sum: vec![0; m],
            prod: vec![0; m * m],
            k: models,
        }
    }

    pub fn models(&self) -> usize {
        self.k
    }

    /// One run's values: `v[2j]`, `v[2j + 1]` are model j's num and den.
    #[inline]
    pub fn add(&mut self, v: &[u64]) {
        let m = 2 * self.k;
        self.n += 1;
        for i in 0..m {
            let a = v[i] as u128;
            self.sum[i] += a;
            if a == 0 {
                continue;
            }
            let row = &mut self.prod[i * m..(i + 1) * m];
            for j in i..m {
                row[j] += a * v[j] as u128;
            }
        }
    }

    pub fn merge(&mut self, o: &Moments) {
        self.n += o.n;
        for (a, b) in self.sum.iter_mut().zip(&o.sum) {
            *a += b;
        }
        for (a, b) in self.prod.iter_mut().zip(&o.prod) {
            *a += b;
        }
    }

    fn p(&self, i: usize, j: usize) -> f64 {
        let (i, j) = if i <= j { (i, j) } else { (j, i) };
        self.prod[i * 2 * self.k + j] as f64
    }

    /// Model j's ratio Σnum/Σden (NaN when its denominator is 0).
    pub fn ratio(&self, j: usize) -> f64 {
        let den = self.sum[2 * j + 1];
        if den == 0 {
            return f64::NAN;
        }
        self.sum[2 * j] as f64 / den as f64
    }

    /// Σu_a·u_b for the linearised ratios of models a and b.
    fn cross(&self, a: usize, b: usize) -> f64 {
        let n = self.n as f64;
        let (ra, rb) = (self.ratio(a), self.ratio(b));
        let da = self.sum[2 * a + 1] as f64 / n;
        let db = self.sum[2 * b + 1] as f64 / n;
        let (na, ea, nb, eb) = (2 * a, 2 * a + 1, 2 * b, 2 * b + 1);
        (self.p(na, nb) - rb * self.p(na, eb) - ra * self.p(ea, nb) + ra * rb * self.p(ea, eb))
            / (da * db)
    }

    fn interval(&self, value: f64, ss: f64, scale: f64) -> Estimate {
        let n = self.n as f64;
        let half = if self.n > 1 && value.is_finite() {
            Z95 * (ss.max(0.0) / (n - 1.0) / n).sqrt()
        } else {
            f64::NAN
        };
        Estimate {
            value: value / scale,
            ci95: [(value - half) / scale, (value + half) / scale],
        }
    }

    /// Model j's Σnum and Σden.
    pub fn sums(&self, j: usize) -> (u128, u128) {
        (self.sum[2 * j], self.sum[2 * j + 1])
    }

    /// The variance of model j's ratio estimate (delta method), in the
    /// reported unit squared; NaN with fewer than two runs or no denominator.
    pub fn variance(&self, j: usize, c: Criterion) -> f64 {
        if self.n < 2 || self.sum[2 * j + 1] == 0 {
            return f64::NAN;
        }
        let n = self.n as f64;
        self.cross(j, j).max(0.0) / (n - 1.0) / n / (c.scale() * c.scale())
    }

    /// Model j's estimate with its 95% interval (delta method), in the
    /// criterion's reported unit.
    pub fn estimate(&self, j: usize, c: Criterion) -> Estimate {
        let r = self.ratio(j);
        let mut e = self.interval(r, self.cross(j, j), c.scale());
        if c.is_probability() && e.value.is_finite() {
            e.ci95 = [e.ci95[0].max(0.0), e.ci95[1].min(1.0)];
        }
        e
    }

    /// R_b − R_a with its paired 95% interval, in the reported unit.
    pub fn diff(&self, a: usize, b: usize, c: Criterion) -> Estimate {
        let d = self.ratio(b) - self.ratio(a);
        let ss = self.cross(a, a) + self.cross(b, b) - 2.0 * self.cross(a, b);
        self.interval(d, ss, c.scale())
    }
}

/// Run every model on the plan's runs (run i of each on the same keyed
/// streams) and keep the criterion's moments. `tick` gets the runs done
/// per batch, times the number of models.
pub fn simulate_moments(
    models: &[Model],
    c: Criterion,
    plan: &Plan,
    tick: &(dyn Fn(u64) + Sync),
) -> Moments {
    fold_batches(
        plan,
        || Moments::new(models.len()),
        |acc, runs| {
            let n = runs.end - runs.start;
            let mut params: Vec<RunParams> = models.iter().map(Model::central_params).collect();
            let mut v = vec![0u64; 2 * models.len()];
            for run in runs {
                for (j, (m, p)) in models.iter().zip(&mut params).enumerate() {
                    let (num, den) = c.value(&m.run_into(plan.seed, run, p, &mut NoObserver));
                    v[2 * j] = num;
                    v[2 * j + 1] = den;
                }
                acc.add(&v);
            }
            tick(n * models.len() as u64);
        },
        |a, b| a.merge(b),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The delta-method interval of a plain proportion is the Wald
    /// interval, and a paired difference of 0/1 values is the classic one.
    #[test]
    fn moments_reduce_to_the_textbook_estimators() {
        // Model 0: 30 of 100 runs; model 1 agrees except 10 more successes.
        let mut m = Moments::new(2);
        for i in 0..100u64 {
            let a = u64::from(i < 30);
            let b = u64::from(i < 40);
            m.add(&[a, 1, b, 1]);
        }
        let c = Criterion::Share(Share::Peace(Peace::WiderWar));
        let e = m.estimate(0, c);
        let wald = Z95 * (0.3f64 * 0.7 / 99.0).sqrt();
        assert!((e.value - 0.3).abs() < 1e-12);
        assert!((e.ci95[1] - 0.3 - wald).abs() < 1e-12, "{e:?}");
        let d = m.diff(0, 1, c);
        // d_i is 1 in 10 runs, 0 elsewhere: s² = (10 − 100·0.01)/99.
        let half = Z95 * ((10.0 - 1.0) / 99.0 / 100.0f64).sqrt();
        assert!((d.value - 0.1).abs() < 1e-12);
        assert!((d.ci95[0] - (0.1 - half)).abs() < 1e-12, "{d:?}");
    }

    /// A conditional share is the ratio over its denominator's runs, and
    /// identical models differ by exactly 0 with a zero-width interval.
    #[test]
    fn ratios_and_self_differences() {
        let mut m = Moments::new(2);
        for i in 0..50u64 {
            let den = u64::from(i % 2 == 0);
            let num = u64::from(i % 4 == 0);
            m.add(&[num, den, num, den]);
        }
        let c = Criterion::CollapseGivenCeasefire;
        assert!((m.ratio(0) - 13.0 / 25.0).abs() < 1e-12);
        let d = m.diff(0, 1, c);
        assert_eq!(d.value, 0.0);
        assert!(d.ci95[1] - d.ci95[0] < 1e-9);
        // Merging two halves gives the same sums as one pass.
        let mut a = Moments::new(1);
        let mut b = Moments::new(1);
        let mut whole = Moments::new(1);
        for i in 0..20u64 {
            let v = [i * 3, 1];
            whole.add(&v);
            if i < 7 { a.add(&v) } else { b.add(&v) }
        }
        a.merge(&b);
        assert_eq!(a, whole);
    }

    #[test]
    fn names_round_trip_and_typos_are_suggested() {
        for c in Criterion::all() {
            assert_eq!(c.name().parse::<Criterion>(), Ok(c));
        }
        // The means are compare's, under compare's names.
        assert_eq!(Criterion::MonthsOfCeasefire.name(), PAIRED_MEANS[0].0);
        assert_eq!(Criterion::Harm.name(), PAIRED_MEANS[1].0);
        assert_eq!(Criterion::Deaths.name(), PAIRED_MEANS[2].0);
        assert_eq!(Criterion::Cost.name(), PAIRED_MEANS[3].0);
        // Version 2's names are refused with their replacements.
        let e = "held".parse::<Criterion>().unwrap_err();
        assert!(e.contains("ceasefire_at_horizon"), "{e}");
        let e = "wider_wat".parse::<Criterion>().unwrap_err();
        assert!(e.contains("wider_war"), "{e}");
    }
}
