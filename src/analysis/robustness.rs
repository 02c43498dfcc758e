//! Is the ranking robust? An outer loop over assumption sets: each set
//! draws every coefficient (or the ones named with `--coefficients`)
//! independently and uniformly over its plausible range (on a stream keyed
//! by the set's number and the coefficient's name),
//! then runs every option on the same inner runs, so options are compared
//! on common random numbers within a set and every set sees the same runs.
//!
//! For each set the options are ranked on the criterion (best first, in the
//! criterion's good direction); each option's regret is its distance from
//! the best option of that set, in the criterion's unit. Over the sets:
//! the chance each option ranks best (and each rank), its regret's mean,
//! 90th percentile and maximum. The sets where the leader differs from the
//! leader under the scenarios' own assumptions are handed to PRIM to say
//! under which assumptions the leader changes.

use super::criterion::{Criterion, Moments};
use super::sweep::{Lever, apply};
use crate::engine::{Plan, fold_batches};
use crate::model::coef::Coef;
use crate::model::{Model, NoObserver, Record, RunParams};
use crate::random::{RunKey, purpose};
use crate::scenario::Scenario;
use serde::Serialize;

/// One assumption set: a value for each coefficient of `which`, each
/// drawn on its own stream (so a coefficient takes the same value in set k
/// whichever others are drawn beside it).
pub fn assumption_set(seed: u64, k: u64, which: &[Coef]) -> Vec<(Coef, f64)> {
    let key = RunKey::new(seed, k);
    which
        .iter()
        .map(|&coef| {
            let c = coef.spec();
            let u = key
                .stream(purpose(&format!("robustness.{}", c.name)))
                .next_f64();
            let x = c.plausible.0 + u * (c.plausible.1 - c.plausible.0);
            (coef, if c.integer { x.round() } else { x })
        })
        .collect()
}

/// The scenario with the set's coefficients fixed at its values (whatever
/// the scenario's own `[assumptions]` said of them; the others as written)
/// and the `[correlations]` pairs naming them dropped.
pub fn with_assumptions(s: &Scenario, set: &[(Coef, f64)]) -> Scenario {
    let mut v = s.clone();
    for &(c, x) in set {
        // Also drops the pairs that name it: a fixed coefficient has no
        // draw left to correlate.
        apply(&mut v, Lever::Coef(c), x);
    }
    v
}

/// Runs `0..runs` of every model on this thread (one set's inner loop),
/// each run's records, one per model, handed to `each`.
fn each_run(models: &[Model], seed: u64, runs: u64, mut each: impl FnMut(&[Record])) {
    let mut params: Vec<RunParams> = models.iter().map(Model::central_params).collect();
    let mut records = vec![Record::default(); models.len()];
    for run in 0..runs {
        for ((model, p), r) in models.iter().zip(&mut params).zip(&mut records) {
            *r = model.run_into(seed, run, p, &mut NoObserver);
        }
        each(&records);
    }
}

/// The criterion's moments of the options on runs `0..runs`.
fn moments(models: &[Model], c: Criterion, seed: u64, runs: u64) -> Moments {
    let mut m = Moments::new(models.len());
    let mut v = vec![0u64; 2 * models.len()];
    each_run(models, seed, runs, |records| {
        for (j, r) in records.iter().enumerate() {
            (v[2 * j], v[2 * j + 1]) = c.value(r);
        }
        m.add(&v);
    });
    m
}

/// `f` of every assumption set k in `0..sets`, given the scenarios' models
/// under set k (the coefficients `which`, drawn on `seed`). Sets run in
/// parallel and each one serially, so the results, in set order, do not
/// depend on the thread count.
fn over_sets<T: Clone + Send>(
    scenarios: &[&Scenario],
    which: &[Coef],
    (seed, sets, threads): (u64, u64, usize),
    f: impl Fn(u64, &[Model]) -> T + Sync + Send,
) -> Vec<T> {
    let plan = Plan {
        seed,
        first: 0,
        runs: sets,
        threads,
        batch: 1,
    };
    let mut out = fold_batches(
        &plan,
        Vec::new,
        |acc: &mut Vec<(u64, T)>, ks| {
            for k in ks {
                let set = assumption_set(seed, k, which);
                let models: Vec<Model> = scenarios
                    .iter()
                    .map(|s| Model::new(&with_assumptions(s, &set)))
                    .collect();
                acc.push((k, f(k, &models)));
            }
        },
        |a, b| a.extend_from_slice(b),
    );
    out.sort_by_key(|x| x.0);
    out.into_iter().map(|x| x.1).collect()
}

/// One set's result.
#[derive(Clone, Debug, Serialize)]
pub struct Draw {
    pub set: u64,
    /// Each option's criterion value (reported unit).
    pub values: Vec<f64>,
    /// Option indices, best first.
    pub order: Vec<usize>,
    /// The leader's paired margin over the runner-up excludes 0.
    pub clear: bool,
}

/// Run `sets` assumption sets (numbered from 0) of the options; `tick`
/// counts trajectories. Sets run in parallel, each one's inner runs
/// serially, so the result does not depend on the thread count.
#[allow(clippy::too_many_arguments)]
pub fn draws(
    options: &[Scenario],
    c: Criterion,
    which: &[Coef],
    seed: u64,
    sets: u64,
    runs: u64,
    threads: usize,
    tick: &(dyn Fn(u64) + Sync),
) -> Vec<Draw> {
    let scenarios: Vec<&Scenario> = options.iter().collect();
    over_sets(&scenarios, which, (seed, sets, threads), |k, models| {
        let d = rank(k, &moments(models, c, seed, runs), c);
        tick(runs * models.len() as u64);
        d
    })
}

/// The options under their own assumptions, ranked the same way (set
/// number `u64::MAX` marks it).
pub fn as_written(
    options: &[Scenario],
    c: Criterion,
    seed: u64,
    runs: u64,
    threads: usize,
) -> Draw {
    let models: Vec<Model> = options.iter().map(Model::new).collect();
    let plan = Plan {
        seed,
        first: 0,
        runs,
        threads,
        batch: 4096,
    };
    let m = super::criterion::simulate_moments(&models, c, &plan, &|_| {});
    rank(u64::MAX, &m, c)
}

fn rank(set: u64, m: &Moments, c: Criterion) -> Draw {
    let n = m.models();
    let values: Vec<f64> = (0..n).map(|j| m.ratio(j) / c.scale()).collect();
    let mut order: Vec<usize> = (0..n).collect();
    // Undefined values (no run in the denominator) rank last; ties keep
    // the options' order.
    let key = |j: usize| {
        let v = values[j];
        if v.is_nan() {
            f64::NEG_INFINITY
        } else if c.higher_is_better() {
            v
        } else {
            -v
        }
    };
    order.sort_by(|&a, &b| key(b).total_cmp(&key(a)).then(a.cmp(&b)));
    let clear = n < 2 || {
        let d = m.diff(order[1], order[0], c);
        d.ci95[0] > 0.0 || d.ci95[1] < 0.0
    };
    Draw {
        set,
        values,
        order,
        clear,
    }
}

/// One option's standing over the sets.
#[derive(Clone, Debug, Serialize)]
pub struct Standing {
    pub slug: String,
    pub name: String,
    /// Under the options' own assumptions.
    pub as_written: f64,
    pub rank_as_written: usize,
    /// P(rank = r + 1) over the sets.
    pub rank_probabilities: Vec<f64>,
    pub p_best: f64,
    pub regret_mean: f64,
    pub regret_p90: f64,
    pub regret_max: f64,
}

/// The standings from the draws (regret in the criterion's unit, always ≥ 0).
pub fn standings(options: &[Scenario], written: &Draw, draws: &[Draw]) -> Vec<Standing> {
    let n = options.len();
    let k = draws.len().max(1) as f64;
    (0..n)
        .map(|j| {
            let mut counts = vec![0u64; n];
            // Regret only where both the option's and the best value are
            // defined (a set with no run in the option's denominator has
            // no regret to speak of).
            let mut regrets: Vec<f64> = draws
                .iter()
                .filter_map(|d| {
                    let r = d.order.iter().position(|&x| x == j).unwrap_or(n - 1);
                    counts[r] += 1;
                    let best = d.values[d.order[0]];
                    let v = d.values[j];
                    (v.is_finite() && best.is_finite()).then(|| (best - v).abs())
                })
                .collect();
            let ranks: Vec<f64> = counts.iter().map(|&c| c as f64 / k).collect();
            regrets.sort_by(f64::total_cmp);
            let mean = regrets.iter().sum::<f64>() / regrets.len() as f64;
            let p90 = regrets
                .get(((regrets.len() as f64 * 0.9).ceil() as usize).saturating_sub(1))
                .copied()
                .unwrap_or(f64::NAN);
            Standing {
                slug: options[j].slug.clone(),
                name: options[j].name.clone(),
                as_written: written.values[j],
                rank_as_written: written.order.iter().position(|&x| x == j).unwrap_or(0) + 1,
                p_best: ranks[0],
                rank_probabilities: ranks,
                regret_mean: mean,
                regret_p90: p90,
                regret_max: regrets.last().copied().unwrap_or(f64::NAN),
            }
        })
        .collect()
}

/// Whether one conclusion of a batch (an option's paired difference from
/// the reference on one group of outcomes) survives inside the plausible
/// ranges.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Survival {
    pub sets: u64,
    pub runs_per_set: u64,
    /// Sets whose difference is not exactly 0 (the shares are over these).
    pub decided_sets: u64,
    /// Share of them whose difference has the as-written difference's sign.
    pub same_direction: f64,
    /// Share of them whose paired 95% interval lies wholly on the other side of 0.
    pub clearly_reversed: f64,
    /// The share that would keep the sign through Monte Carlo noise alone
    /// were the difference the same in every set: Φ(|d| / se), se the
    /// as-written standard error scaled to a set's runs.
    pub noise_only: f64,
    /// `no conclusion` (the as-written interval includes 0), `too small to
    /// check` (noise alone would flip the sign in more than 5% of sets, or
    /// no set has a difference), `survives` (same direction in at least 90%
    /// of sets), `flips` (in under 50%), `fragile` (in between).
    pub verdict: String,
}

/// Below this share of sets keeping the sign through noise alone, a set's
/// runs cannot check the conclusion.
const NOISE_FLOOR: f64 = 0.95;

/// The batch index's reference figures as criteria, in
/// `REFERENCE_FIGURES` order (a test checks the names agree).
pub fn group_criteria() -> [Criterion; 6] {
    use crate::model::{Peace, Share};
    [
        Criterion::Share(Share::CeasefireAtHorizon),
        Criterion::Share(Share::Peace(Peace::CeasefireQuiet)),
        Criterion::Share(Share::Peace(Peace::War)),
        Criterion::Share(Share::Peace(Peace::WiderWar)),
        Criterion::MonthsOfCeasefire,
        Criterion::Harm,
    ]
}

/// For each group, whether the option's difference from the reference
/// keeps its direction over `sets` assumption sets of `runs` runs (both
/// scenarios on the same runs and the same set). `as_written` holds each
/// group's difference and interval under the scenarios' own assumptions,
/// estimated from `written_runs` runs.
#[allow(clippy::too_many_arguments)]
pub fn survival(
    reference: &Scenario,
    option: &Scenario,
    as_written: &[(f64, [f64; 2])],
    written_runs: u64,
    sets: u64,
    runs: u64,
    threads: usize,
    tick: &(dyn Fn(u64) + Sync),
) -> Vec<Survival> {
    let groups = group_criteria();
    // Per set: each group's (difference, interval).
    let per_set: Vec<Vec<(f64, [f64; 2])>> = over_sets(
        &[reference, option],
        Coef::ALL,
        (option.seed, sets, threads),
        |_, models| {
            // One pair of moments per group: the groups are never
            // compared with each other.
            let mut m = vec![Moments::new(2); groups.len()];
            each_run(models, option.seed, runs, |r| {
                for (mg, c) in m.iter_mut().zip(&groups) {
                    let ((a, da), (b, db)) = (c.value(&r[0]), c.value(&r[1]));
                    mg.add(&[a, da, b, db]);
                }
            });
            tick(2 * runs);
            groups
                .iter()
                .zip(&m)
                .map(|(c, mg)| {
                    let d = mg.diff(0, 1, *c);
                    (d.value, d.ci95)
                })
                .collect()
        },
    );
    as_written
        .iter()
        .enumerate()
        .map(|(g, &(d0, ci))| {
            let sign = if ci[0] > 0.0 {
                1.0
            } else if ci[1] < 0.0 {
                -1.0
            } else {
                0.0
            };
            // Sets whose difference is exactly 0 (no discordant run) say
            // nothing about its sign and are left out of the shares.
            let decided: Vec<&(f64, [f64; 2])> = per_set
                .iter()
                .map(|d| &d[g])
                .filter(|(d, _)| *d != 0.0)
                .collect();
            let k = decided.len().max(1) as f64;
            let same = decided.iter().filter(|(d, _)| d * sign > 0.0).count() as f64 / k;
            let reversed = decided
                .iter()
                .filter(|(_, ci)| (sign > 0.0 && ci[1] < 0.0) || (sign < 0.0 && ci[0] > 0.0))
                .count() as f64
                / k;
            // The share of sets that would keep the sign through noise
            // alone, were the difference the same in every set: the
            // as-written standard error scaled to a set's runs.
            let se = (ci[1] - ci[0]) / (2.0 * crate::math::Z95)
                * (written_runs as f64 / runs.max(1) as f64).sqrt();
            let noise_only = if se > 0.0 {
                crate::math::norm_cdf(d0.abs() / se)
            } else {
                1.0
            };
            let verdict = if sign == 0.0 || d0 == 0.0 {
                "no conclusion"
            } else if noise_only < NOISE_FLOOR || decided.is_empty() {
                "too small to check"
            } else if same >= 0.9 {
                "survives"
            } else if same < 0.5 {
                "flips"
            } else {
                "fragile"
            };
            Survival {
                sets,
                runs_per_set: runs,
                decided_sets: decided.len() as u64,
                same_direction: same,
                clearly_reversed: reversed,
                noise_only,
                verdict: verdict.into(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index's reference figures and their criteria are one list.
    #[test]
    fn group_criteria_follow_the_reference_figures() {
        let names: Vec<&str> = group_criteria().iter().map(|c| c.name()).collect();
        let figures: Vec<&str> = crate::analysis::compare::REFERENCE_FIGURES
            .iter()
            .map(|f| f.0)
            .collect();
        assert_eq!(names, figures);
    }

    /// Sets are reproducible, inside the plausible box, and differ.
    #[test]
    fn assumption_sets_stay_in_the_plausible_box() {
        let a = assumption_set(7, 3, Coef::ALL);
        assert_eq!(a, assumption_set(7, 3, Coef::ALL));
        assert_ne!(a, assumption_set(7, 4, Coef::ALL));
        for (c, x) in &a {
            let p = c.spec().plausible;
            assert!(*x >= p.0 && *x <= p.1, "{}", c.spec().name);
        }
        // A subset draws the same values as the whole set.
        let two = [Coef::RenewalBar, Coef::AnnouncementPenalty];
        let sub = assumption_set(7, 3, &two);
        for (c, x) in &sub {
            assert_eq!(a.iter().find(|(k, _)| k == c).unwrap().1, *x);
        }
        // Only the named coefficients are fixed; the scenario's own draw of
        // another stays a distribution.
        let s = crate::scenario::load_default();
        let v = with_assumptions(&s, &assumption_set(7, 3, &[Coef::RelapseScale]));
        assert!(
            v.assumptions.iter().any(
                |(c, p)| *c == Coef::RenewalBar && matches!(p, crate::scenario::Param::Dist(_))
            )
        );
    }

    /// An option against itself has nothing to conclude; a real difference
    /// whose direction holds everywhere survives.
    #[test]
    fn survival_verdicts() {
        let s = crate::scenario::load_default();
        let same = survival(&s, &s, &[(0.0, [0.0, 0.0]); 6], 100, 3, 100, 1, &|_| {});
        assert!(same.iter().all(|x| x.verdict == "no conclusion"));
        // Against the library's no-force option, Pressure first's much
        // stronger pressure brings more ceasefires in every assumption set.
        let text = crate::scenario::LIBRARY
            .iter()
            .find(|l| l.slug == "no-force")
            .expect("the library has no-force")
            .text;
        let none = crate::scenario::parse(text, "no-force.toml").expect("no-force is valid");
        let text = crate::scenario::LIBRARY
            .iter()
            .find(|l| l.slug == "pressure-first")
            .expect("the library has pressure-first")
            .text;
        let s = crate::scenario::parse(text, "pressure-first.toml").expect("valid");
        let mut written = [(0.0, [0.0, 0.0]); 6];
        // About +15 points of ceasefires at the horizon, clear at 100,000 runs.
        written[0] = (0.15, [0.146, 0.154]);
        let v = survival(&none, &s, &written, 100_000, 4, 400, 1, &|_| {});
        assert_eq!(v[0].verdict, "survives", "{v:?}");
        assert_eq!(v[0].same_direction, 1.0);
        // A difference clear at 100,000 runs but of 0.2 points is one that
        // noise alone would flip in many sets of 400 runs: too small to check.
        let mut weak = written;
        weak[0] = (0.002, [0.0009, 0.0031]);
        let v = survival(&none, &s, &weak, 100_000, 4, 400, 1, &|_| {});
        assert_eq!(v[0].verdict, "too small to check", "{v:?}");
        assert!(v[0].noise_only < 0.95);
    }

    /// Two copies of one option tie in every set: ranked in file order,
    /// never a clear leader, no regret.
    #[test]
    fn identical_options_tie() {
        let s = crate::scenario::load_default();
        let opts = [s.clone(), s];
        let c = Criterion::Share(crate::model::Share::Peace(crate::model::Peace::War));
        let d = draws(&opts, c, Coef::ALL, 1, 3, 200, 1, &|_| {});
        let written = as_written(&opts, c, 1, 200, 1);
        let st = standings(&opts, &written, &d);
        assert_eq!(st[0].p_best, 1.0);
        assert_eq!(st[1].regret_max, 0.0);
        assert!(d.iter().all(|x| !x.clear));
    }
}
