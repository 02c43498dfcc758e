//! Sobol' sensitivity indices of a noisy simulator: how much of the outcome's
//! variation between input points each input explains, alone (first order)
//! and with all its interactions (total).
//!
//! Pure arithmetic on a design and its outputs; the caller evaluates the
//! model (for `reassure` the outcome frequency over m inner runs per point).
//!
//! # Design (Saltelli sampling)
//!
//! [`design`] draws two independent n×d matrices A and B of uniforms on
//! (0, 1) and, for each input i, AB_i: A with column i taken from B. The
//! caller maps each uniform to its input's range (an inverse CDF; the open
//! interval keeps those finite) and evaluates the model at the n(d + 2)
//! points. Point p = r(d + 2) + j is row r of A (j = 0), of B (j = 1) or of
//! AB_i (j = 2 + i); the outputs go into one flat slice in that order, so the
//! outputs of a row are adjacent, which is the unit the bootstrap resamples.
//! AB_i is not stored: its rows are assembled from A and B on demand.
//!
//! Every uniform is a pure function of (seed, matrix, row, column): row r of
//! A is the keyed stream `RunKey::new(seed, r).stream(purpose("sobol.A"))`
//! and column c is its (c + 1)-th draw (B likewise with `"sobol.B"`). So the
//! design does not depend on threads, and adding an input keeps the columns
//! of the others.
//!
//! # Estimators
//!
//! Write f_A, f_B, f_i for the outputs of one row of A, B and AB_i (sums run
//! over the n rows).
//!
//! - Mean and variance: μ = the mean of the 2n values f_A and f_B, and
//!   V = Σ (f − μ)² / (2n − 1) over those 2n values. Rows of A and B are
//!   independent draws of the inputs, so this is the unbiased variance of
//!   the outputs between points.
//! - First order (Saltelli et al. 2010, table 2 (b)):
//!   V_i = (1/n) Σ (f_B − μ)(f_i − f_A). The paper's form has f_B
//!   uncentred; since E[f_i − f_A] = 0, centring on μ changes the
//!   expectation only through μ's share of each row, by
//!   (VT_i − V_i + σ²)/2n (σ² below), and removes a variance that grows
//!   with μ², most of it for frequencies near 0 or 1.
//! - Total (Jansen 1999): VT_i = (1/2n) Σ (f_A − f_i)².
//!
//! # Randomness inside a run
//!
//! Each output is y = g(x) + ε, with g the outcome's probability (or mean)
//! at x and ε the error of estimating it from m inner runs: independent
//! between points, mean zero, variance σ² (`noise_var`, 0 for a
//! deterministic function). Then
//!
//! - E\[V\] = Var g + σ², so the variance the inputs explain is V_g = V − σ²;
//! - E\[VT_i\] = VT_i(g) + σ²: f_A − f_i carries two independent noises
//!   (variance 2σ²), halved by the 1/2n; so the corrected total is VT_i − σ²;
//! - E\[V_i\] is unchanged: the noises enter only as products with independent
//!   zero-mean factors;
//! - S_i = V_i / V_g and ST_i = (VT_i − σ²) / V_g;
//! - `explained_share` = V_g / V and `noise_share` = σ² / V, the shares of
//!   the variance between points that the inputs explain and that no input
//!   explains (clamped to [0, 1], since estimates can cross the bounds).
//!
//! For a proportion from m runs, σ² is estimated by the mean over points of
//! f̂(1 − f̂)/(m − 1) ([`proportion_noise_var`]): E[f̂(1 − f̂)] =
//! g(1 − g)(m − 1)/m, so each term is unbiased for Var ε = g(1 − g)/m. For a
//! mean, use the per-point sample variance over m.
//!
//! A single run's outcome varies more than the points' frequencies: for a
//! 0/1 outcome its variance is p̄(1 − p̄) = Var g + E[g(1 − g)], the second
//! term being the chance inside a run once the inputs are fixed. Given that
//! per-run variance (`Opts::run_var`), `run_explained_share` = V_g / run_var
//! (clamped to [0, 1]) is the share of a single run's variance the inputs
//! explain.
//!
//! # Intervals
//!
//! 95% percentile bootstrap: each of `Opts::bootstrap` resamples draws n rows
//! with replacement (a row carries its f_A, f_B and every f_i) and recomputes
//! μ, V, V_g, S_i and ST_i with the formulas above; the interval runs from
//! the 2.5% to the 97.5% quantile of the resampled values (linear
//! interpolation between order statistics). σ² is held fixed: it is an
//! average over all n(d + 2) points and far more precise than V_i. Resample
//! b draws its rows from the keyed stream (`Opts::seed`, b), so intervals are
//! reproducible and independent of threads; each resample is one pass over
//! its rows with O(d) running sums, O(B·n·d) time and no per-row storage.
//!
//! # Undefined indices
//!
//! When V_g ≤ 10⁻¹²(μ² + V) (rounding alone leaves a variance that small for
//! a constant), the inputs explain no detectable variance and the indices
//! are undefined: [`Indices::defined`] is false, every estimate and interval
//! is reported as 0, and a warning says why. Nothing panics and nothing is
//! NaN. Resamples in which V_g falls to that level are left out of the
//! intervals, with a warning if they are more than 5%.

use crate::random::rng::{RunKey, purpose};
use rayon::prelude::*;
use serde::Serialize;

const PURPOSE_A: u64 = purpose("sobol.A");
const PURPOSE_B: u64 = purpose("sobol.B");
const PURPOSE_BOOTSTRAP: u64 = purpose("sobol.bootstrap");

/// Below this many base rows the indices are rough (an S_i's standard error
/// is typically several hundredths) and a warning says so.
pub const SMALL_N: usize = 500;

/// Which matrix a design point comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Matrix {
    A,
    B,
    /// A with column i from B.
    AB(usize),
}

impl Matrix {
    /// The position j of this matrix within a row's block of d + 2 points.
    fn offset(self) -> usize {
        match self {
            Matrix::A => 0,
            Matrix::B => 1,
            Matrix::AB(i) => 2 + i,
        }
    }
}

/// A Saltelli design: matrices A and B (n rows of d uniforms each), with the
/// AB_i assembled on demand. See the module doc for the point layout.
#[derive(Clone, Debug, PartialEq)]
pub struct Design {
    n: usize,
    d: usize,
    /// Row-major n×d.
    a: Vec<f64>,
    b: Vec<f64>,
}

/// The design for `n` base rows and `d` inputs, a pure function of `seed`.
pub fn design(n: usize, d: usize, seed: u64) -> Design {
    let draw = |tag: u64| {
        let mut m = Vec::with_capacity(n * d);
        for r in 0..n {
            let mut s = RunKey::new(seed, r as u64).stream(tag);
            m.extend((0..d).map(|_| s.next_f64()));
        }
        m
    };
    Design {
        n,
        d,
        a: draw(PURPOSE_A),
        b: draw(PURPOSE_B),
    }
}

impl Design {
    /// Base rows.
    pub fn n(&self) -> usize {
        self.n
    }

    /// Inputs.
    pub fn d(&self) -> usize {
        self.d
    }

    /// Points to evaluate: n(d + 2).
    pub fn len(&self) -> usize {
        self.n * (self.d + 2)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The row and matrix of point `p`.
    pub fn locate(&self, p: usize) -> (usize, Matrix) {
        assert!(
            p < self.len(),
            "point {p} outside a design of {}",
            self.len()
        );
        let (row, j) = (p / (self.d + 2), p % (self.d + 2));
        let m = match j {
            0 => Matrix::A,
            1 => Matrix::B,
            _ => Matrix::AB(j - 2),
        };
        (row, m)
    }

    /// The point index of a row of a matrix (the inverse of [`Design::locate`]).
    pub fn index(&self, row: usize, m: Matrix) -> usize {
        assert!(row < self.n && m.offset() < self.d + 2);
        row * (self.d + 2) + m.offset()
    }

    /// Row `r` of A.
    pub fn a(&self, r: usize) -> &[f64] {
        &self.a[r * self.d..(r + 1) * self.d]
    }

    /// Row `r` of B.
    pub fn b(&self, r: usize) -> &[f64] {
        &self.b[r * self.d..(r + 1) * self.d]
    }

    /// Writes point `p`'s d uniforms into `out` (no allocation).
    pub fn fill(&self, p: usize, out: &mut [f64]) {
        assert_eq!(out.len(), self.d, "a point has d = {} coordinates", self.d);
        let (r, m) = self.locate(p);
        match m {
            Matrix::A => out.copy_from_slice(self.a(r)),
            Matrix::B => out.copy_from_slice(self.b(r)),
            Matrix::AB(i) => {
                out.copy_from_slice(self.a(r));
                out[i] = self.b(r)[i];
            }
        }
    }

    /// Point `p`'s d uniforms.
    pub fn point(&self, p: usize) -> Vec<f64> {
        let mut out = vec![0.0; self.d];
        self.fill(p, &mut out);
        out
    }

    /// Evaluates `f(p, point)` at every point in parallel and returns the
    /// outputs in the design's order, ready for [`indices`]. `p` lets a
    /// stochastic model key its inner runs by point.
    pub fn evaluate<F>(&self, f: F) -> Vec<f64>
    where
        F: Fn(usize, &[f64]) -> f64 + Sync,
    {
        (0..self.len())
            .into_par_iter()
            .map_init(
                || vec![0.0; self.d],
                |buf, p| {
                    self.fill(p, buf);
                    f(p, buf)
                },
            )
            .collect()
    }
}

/// The noise variance of outputs that are proportions over `runs_per_point`
/// runs each: the mean over points of f̂(1 − f̂)/(m − 1), unbiased for the
/// mean of g(1 − g)/m. `None` when m < 2 (one run per point says nothing
/// about the chance inside a point) or there are no outputs.
pub fn proportion_noise_var(y: &[f64], runs_per_point: u64) -> Option<f64> {
    if runs_per_point < 2 || y.is_empty() {
        return None;
    }
    let m1 = (runs_per_point - 1) as f64;
    Some(y.iter().map(|f| f * (1.0 - f) / m1).sum::<f64>() / y.len() as f64)
}

/// Options of [`indices`].
#[derive(Clone, Debug, PartialEq)]
pub struct Opts {
    /// Bootstrap resamples for the intervals (0: intervals collapse to the
    /// estimate).
    pub bootstrap: usize,
    /// Key of the resampling streams.
    pub seed: u64,
    /// The variance of a single run's outcome (p̄(1 − p̄) for a 0/1
    /// outcome), for `run_explained_share`.
    pub run_var: Option<f64>,
    /// Input names for the warnings; missing ones read "input k" (from 1).
    pub names: Vec<String>,
}

impl Default for Opts {
    fn default() -> Self {
        Opts {
            bootstrap: 500,
            seed: 0,
            run_var: None,
            names: Vec::new(),
        }
    }
}

/// An estimate and its 95% bootstrap interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Estimate {
    pub value: f64,
    pub ci95: [f64; 2],
}

impl Estimate {
    const ZERO: Estimate = Estimate {
        value: 0.0,
        ci95: [0.0, 0.0],
    };
}

/// The indices and what a reader needs to trust them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Indices {
    /// S_i, one per input.
    pub first: Vec<Estimate>,
    /// ST_i, one per input.
    pub total: Vec<Estimate>,
    /// V: the outputs' variance between points, noise included.
    pub variance: f64,
    /// V_g = V − σ², the part the inputs explain (may be ≤ 0 when undefined).
    pub explained_variance: f64,
    /// V_g / V, in [0, 1].
    pub explained_share: f64,
    /// σ² / V, in [0, 1]: the share of the variance between points that is
    /// the inner runs' noise.
    pub noise_share: f64,
    /// V_g / run_var, in [0, 1], when the caller gave run_var.
    pub run_explained_share: Option<f64>,
    /// False when V_g ≤ 0 (or the outputs are unusable): then every index
    /// and interval reads 0 and `warnings` says why.
    pub defined: bool,
    /// Plain-words warnings, each with its fix.
    pub warnings: Vec<String>,
}

/// Running sums of one pass over a set of rows, shifted by a constant c
/// (the full sample's mean) so that the variance by sums stays accurate.
struct Sums {
    rows: usize,
    /// Σ (f_A − c), Σ (f_B − c), Σ (f_A − c)² + (f_B − c)².
    sa: f64,
    sb: f64,
    q: f64,
    /// Per input, with Δ_i = f_i − f_A: Σ Δ_i, Σ (f_B − c) Δ_i, Σ Δ_i².
    delta: Vec<f64>,
    b_delta: Vec<f64>,
    delta2: Vec<f64>,
}

/// V, V_g and the index numerators of one set of rows.
struct Raw {
    v: f64,
    vg: f64,
    first: Vec<f64>,
    total: Vec<f64>,
}

impl Sums {
    fn over(y: &[f64], d: usize, c: f64, rows: impl Iterator<Item = usize>) -> Sums {
        let w = d + 2;
        let mut s = Sums {
            rows: 0,
            sa: 0.0,
            sb: 0.0,
            q: 0.0,
            delta: vec![0.0; d],
            b_delta: vec![0.0; d],
            delta2: vec![0.0; d],
        };
        for r in rows {
            let row = &y[r * w..(r + 1) * w];
            let (fa, fb) = (row[0] - c, row[1] - c);
            s.rows += 1;
            s.sa += fa;
            s.sb += fb;
            s.q += fa * fa + fb * fb;
            for i in 0..d {
                let dl = row[2 + i] - row[0];
                s.delta[i] += dl;
                s.b_delta[i] += fb * dl;
                s.delta2[i] += dl * dl;
            }
        }
        s
    }

    fn finish(&self, noise_var: f64) -> Raw {
        let n = self.rows as f64;
        let m = 2.0 * n;
        // μ − c, then Σ (f − μ)² = Σ (f − c)² − 2n (μ − c)².
        let shift = (self.sa + self.sb) / m;
        let v = ((self.q - m * shift * shift) / (m - 1.0)).max(0.0);
        let first = (0..self.delta.len())
            // Σ (f_B − μ) Δ_i = Σ (f_B − c) Δ_i − (μ − c) Σ Δ_i.
            .map(|i| (self.b_delta[i] - shift * self.delta[i]) / n)
            .collect();
        let total = self.delta2.iter().map(|d2| d2 / m - noise_var).collect();
        Raw {
            v,
            vg: v - noise_var,
            first,
            total,
        }
    }
}

/// The percentile of sorted values at q ∈ [0, 1], interpolating linearly
/// between order statistics (Hyndman & Fan type 7).
fn percentile(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Sobol' indices from the outputs `y` of a [`design`] of `design_n` rows
/// and `d` inputs, in the design's order, with `noise_var` the variance of
/// each output's noise (module doc). Never panics on the values of `y`.
///
/// # Panics
///
/// If `y.len()` is not `design_n * (d + 2)` (a caller's bug).
pub fn indices(design_n: usize, d: usize, y: &[f64], noise_var: f64, opts: &Opts) -> Indices {
    let n = design_n;
    assert_eq!(
        y.len(),
        n * (d + 2),
        "a design of {n} rows and {d} inputs has {} outputs",
        n * (d + 2)
    );
    let name = |i: usize| {
        opts.names
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("input {}", i + 1))
    };
    let mut warnings = Vec::new();
    if n < SMALL_N {
        warnings.push(format!(
            "The sample is small ({n} base samples, under {SMALL_N}): the indices are rough \
             and their intervals wide. Raise --samples (intervals narrow as 1/√samples)."
        ));
    }
    let s2 = if noise_var.is_finite() && noise_var >= 0.0 {
        noise_var
    } else {
        warnings.push(format!(
            "The noise variance given ({noise_var}) is not a variance; it was taken as 0, \
             so the indices are not corrected for the randomness inside a run."
        ));
        0.0
    };
    let undefined = |v: f64, warnings: Vec<String>| Indices {
        first: vec![Estimate::ZERO; d],
        total: vec![Estimate::ZERO; d],
        variance: v,
        explained_variance: v - s2,
        explained_share: 0.0,
        noise_share: if v > 0.0 {
            (s2 / v).min(1.0)
        } else if s2 > 0.0 {
            1.0
        } else {
            0.0
        },
        run_explained_share: opts
            .run_var
            .filter(|rv| rv.is_finite() && *rv > 0.0)
            .map(|_| 0.0),
        defined: false,
        warnings,
    };
    if n < 2 {
        warnings.push(format!(
            "With {n} base sample(s) no variance can be estimated: the indices are undefined. \
             Raise --samples."
        ));
        return undefined(0.0, warnings);
    }
    if let Some(p) = y.iter().position(|v| !v.is_finite()) {
        warnings.push(format!(
            "Output {p} of the design is not a number ({}): the indices are undefined. \
             Check the model at that point.",
            y[p]
        ));
        return undefined(0.0, warnings);
    }

    let w = d + 2;
    let mu = (0..n).map(|r| y[r * w] + y[r * w + 1]).sum::<f64>() / (2 * n) as f64;
    let est = Sums::over(y, d, mu, 0..n).finish(s2);
    // Rounding leaves a constant's variance at about ε μ², not 0.
    let negligible = |v: f64, vg: f64| vg <= 1e-12 * (mu * mu + v);
    if negligible(est.v, est.vg) {
        warnings.push(if s2 > 0.0 {
            format!(
                "The outcome varies between points no more than the inner runs' noise explains \
                 (variance {:.3e}, noise {:.3e}): the indices are undefined. The inner runs are \
                 too few: raise --runs-per-point.",
                est.v, s2
            )
        } else {
            "The outcome is the same at every point: no input changes it, so the indices are \
             undefined (reported as 0)."
                .to_string()
        });
        return undefined(est.v, warnings);
    }

    let first: Vec<f64> = est.first.iter().map(|x| x / est.vg).collect();
    let total: Vec<f64> = est.total.iter().map(|x| x / est.vg).collect();

    // Each resample: n row indices from its own keyed stream, by the
    // multiply-shift map of a 64-bit draw onto 0..n (bias below n/2⁶⁴).
    let reps: Vec<Option<Vec<f64>>> = (0..opts.bootstrap)
        .into_par_iter()
        .map(|b| {
            let mut s = RunKey::new(opts.seed, b as u64).stream(PURPOSE_BOOTSTRAP);
            let rows = (0..n).map(move |_| ((s.next_u64() as u128 * n as u128) >> 64) as usize);
            let raw = Sums::over(y, d, mu, rows).finish(s2);
            (!negligible(raw.v, raw.vg)).then(|| {
                raw.first
                    .iter()
                    .chain(&raw.total)
                    .map(|x| x / raw.vg)
                    .collect()
            })
        })
        .collect();
    let valid: Vec<&Vec<f64>> = reps.iter().flatten().collect();
    let dropped = reps.len() - valid.len();
    if dropped * 20 > reps.len() {
        warnings.push(format!(
            "In {dropped} of {} bootstrap resamples the inputs explained no variance, so the \
             intervals are unreliable. Raise --runs-per-point, then --samples.",
            reps.len()
        ));
    }
    let interval = |k: usize, value: f64| {
        if valid.is_empty() {
            return [value, value];
        }
        let mut xs: Vec<f64> = valid.iter().map(|r| r[k]).collect();
        xs.sort_by(f64::total_cmp);
        [percentile(&xs, 0.025), percentile(&xs, 0.975)]
    };
    let first: Vec<Estimate> = first
        .iter()
        .enumerate()
        .map(|(i, &value)| Estimate {
            value,
            ci95: interval(i, value),
        })
        .collect();
    let total: Vec<Estimate> = total
        .iter()
        .enumerate()
        .map(|(i, &value)| Estimate {
            value,
            ci95: interval(d + i, value),
        })
        .collect();

    let kinds = [("first-order", &first), ("total", &total)];
    let mut negative = Vec::new();
    let mut wide = Vec::new();
    for (kind, list) in kinds {
        for (i, e) in list.iter().enumerate() {
            if e.value < -0.05 || e.ci95[1] < 0.0 {
                negative.push(format!("{kind} index of {} ({:.3})", name(i), e.value));
            }
            if e.ci95[1] - e.ci95[0] > 0.2 {
                wide.push(format!(
                    "{kind} index of {} ([{:.3}, {:.3}])",
                    name(i),
                    e.ci95[0],
                    e.ci95[1]
                ));
            }
        }
    }
    if !negative.is_empty() {
        warnings.push(format!(
            "Some indices are estimated below zero, which only sampling error can do: {}. \
             Read them as 0 and raise --samples.",
            negative.join(", ")
        ));
    }
    if !wide.is_empty() {
        warnings.push(format!(
            "Some 95% intervals are wider than 0.2: {}. Raise --samples (intervals narrow as \
             1/√samples){}.",
            wide.join(", "),
            if s2 > est.v * 0.25 {
                " and --runs-per-point"
            } else {
                ""
            }
        ));
    }
    let sum_first: f64 = first.iter().map(|e| e.value).sum();
    if sum_first > 1.05 {
        warnings.push(format!(
            "The first-order indices sum to {sum_first:.3}, above 1, which exact values cannot: \
             sampling error is large. Raise --samples."
        ));
    }
    let noise_share = (s2 / est.v).clamp(0.0, 1.0);
    if noise_share > 0.5 {
        warnings.push(format!(
            "{:.0}% of the outcome's variance between points is noise from the inner runs, \
             not the inputs: the inner runs are too few. Raise --runs-per-point.",
            100.0 * noise_share
        ));
    }
    Indices {
        first,
        total,
        variance: est.v,
        explained_variance: est.vg,
        explained_share: (est.vg / est.v).clamp(0.0, 1.0),
        noise_share,
        run_explained_share: opts
            .run_var
            .filter(|rv| rv.is_finite() && *rv > 0.0)
            .map(|rv| (est.vg / rv).clamp(0.0, 1.0)),
        defined: true,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::norm_inv;
    use std::f64::consts::PI;

    const A: f64 = 7.0;
    const B: f64 = 0.1;

    fn ishigami(u: &[f64]) -> f64 {
        let x: Vec<f64> = u.iter().map(|u| -PI + 2.0 * PI * u).collect();
        x[0].sin() + A * x[1].sin().powi(2) + B * x[2].powi(4) * x[0].sin()
    }

    /// Analytic (V, S, ST) of the Ishigami function (Sobol' & Levitan 1999).
    fn ishigami_exact() -> (f64, [f64; 3], [f64; 3]) {
        let pi4 = PI.powi(4);
        let pi8 = PI.powi(8);
        let v = A * A / 8.0 + B * pi4 / 5.0 + B * B * pi8 / 18.0 + 0.5;
        let v1 = 0.5 * (1.0 + B * pi4 / 5.0).powi(2);
        let v2 = A * A / 8.0;
        let vt1 = v1 + 8.0 * B * B * pi8 / 225.0;
        let vt3 = 8.0 * B * B * pi8 / 225.0;
        (v, [v1 / v, v2 / v, 0.0], [vt1 / v, v2 / v, vt3 / v])
    }

    /// N(0, σ²) noise keyed by the point, as an inner-run average would add.
    fn noise(seed: u64, p: usize, sd: f64) -> f64 {
        sd * norm_inv(RunKey::new(seed, p as u64).u01(purpose("test.noise"), 0))
    }

    /// Asserts each estimate within `tol` of its analytic value, and the
    /// analytic value inside the 95% interval widened to 1.5 times its width
    /// about its centre. Unwidened, six intervals all cover with probability
    /// about 0.95⁶ = 0.74 per seed; widened, over 100 seeds of the Ishigami
    /// tests at most 2 missed per index (see the ignored coverage test for
    /// the unwidened rate).
    fn close(got: &[Estimate], want: &[f64], tol: f64, what: &str) {
        for (i, (e, w)) in got.iter().zip(want).enumerate() {
            assert!(
                (e.value - w).abs() < tol,
                "{what}[{i}] = {:.4}, analytic {w:.4}, tolerance {tol}",
                e.value
            );
            let h = 0.25 * (e.ci95[1] - e.ci95[0]);
            assert!(
                e.ci95[0] - h <= *w && *w <= e.ci95[1] + h,
                "{what}[{i}]: analytic {w:.4} outside [{:.4}, {:.4}] widened by {h:.4}",
                e.ci95[0],
                e.ci95[1]
            );
        }
    }

    #[test]
    fn design_layout_and_ab_rows() {
        let des = design(7, 4, 11);
        assert_eq!(des.len(), 7 * 6);
        for p in 0..des.len() {
            let (r, m) = des.locate(p);
            assert_eq!(des.index(r, m), p);
            let x = des.point(p);
            assert!(x.iter().all(|u| *u > 0.0 && *u < 1.0));
            match m {
                Matrix::A => assert_eq!(x, des.a(r)),
                Matrix::B => assert_eq!(x, des.b(r)),
                Matrix::AB(i) => {
                    for c in 0..4 {
                        let want = if c == i { des.b(r)[c] } else { des.a(r)[c] };
                        assert_eq!(x[c], want);
                    }
                }
            }
        }
        assert_eq!(des.locate(6 + 3), (1, Matrix::AB(1)));
        // A and B are independent draws, not copies.
        assert_ne!(des.a(0), des.b(0));
    }

    #[test]
    fn design_is_a_pure_function_of_seed_row_and_column() {
        assert_eq!(design(50, 3, 9), design(50, 3, 9));
        assert_ne!(design(50, 3, 9), design(50, 3, 10));
        // More rows or more inputs keep the values already drawn.
        let small = design(20, 2, 9);
        let big = design(40, 5, 9);
        for r in 0..20 {
            assert_eq!(small.a(r), &big.a(r)[..2]);
            assert_eq!(small.b(r), &big.b(r)[..2]);
        }
        // The parallel evaluation keeps the design's order.
        let des = design(30, 2, 1);
        let y = des.evaluate(|p, _| p as f64);
        assert!(y.iter().enumerate().all(|(p, v)| *v == p as f64));
    }

    #[test]
    fn ishigami_indices_match_analytic_values() {
        let (_, s, st) = ishigami_exact();
        let n = 10_000;
        let des = design(n, 3, 2024);
        let y = des.evaluate(|_, x| ishigami(x));
        let ind = indices(n, 3, &y, 0.0, &Opts::default());
        assert!(ind.defined);
        close(&ind.first, &s, 0.03, "S");
        close(&ind.total, &st, 0.03, "ST");
        assert_eq!(ind.noise_share, 0.0);
        assert_eq!(ind.explained_share, 1.0);
        assert!(ind.warnings.is_empty(), "{:?}", ind.warnings);
    }

    #[test]
    fn noisy_ishigami_totals_are_corrected_for_the_noise() {
        let (v, s, st) = ishigami_exact();
        let noise_var = v / 4.0;
        let n = 10_000;
        let des = design(n, 3, 77);
        let y = des.evaluate(|p, x| ishigami(x) + noise(5, p, noise_var.sqrt()));
        let ind = indices(n, 3, &y, noise_var, &Opts::default());
        assert!(ind.defined);
        // The noise widens the estimates' spread (over 100 seeds the largest
        // error was 0.041, against 0.038 without noise), not their centre.
        close(&ind.total, &st, 0.04, "ST");
        close(&ind.first, &s, 0.04, "S");
        let share = noise_var / (v + noise_var);
        assert!(
            (ind.noise_share - share).abs() < 0.02,
            "noise share {:.4}, expected {share:.4}",
            ind.noise_share
        );
        assert!((ind.explained_share + ind.noise_share - 1.0).abs() < 1e-12);
        // Without the correction, x3's total index would be off by σ²/V ≈ 0.2.
        let raw = indices(n, 3, &y, 0.0, &Opts::default());
        assert!(raw.total[2].value - st[2] > 0.1);
    }

    #[test]
    fn additive_linear_function_has_equal_first_and_total_indices() {
        let c = [1.0, 2.0, 3.0, 0.0];
        let sum_sq: f64 = c.iter().map(|c| c * c).sum();
        let want: Vec<f64> = c.iter().map(|c| c * c / sum_sq).collect();
        let n = 5_000;
        let des = design(n, 4, 3);
        let y = des.evaluate(|_, x| x.iter().zip(&c).map(|(x, c)| x * c).sum());
        let ind = indices(n, 4, &y, 0.0, &Opts::default());
        close(&ind.first, &want, 0.02, "S");
        close(&ind.total, &want, 0.02, "ST");
        // An input with no effect gets exactly 0: f_i = f_A in every row.
        assert_eq!(ind.first[3], Estimate::ZERO);
        assert_eq!(ind.total[3], Estimate::ZERO);
    }

    #[test]
    fn bernoulli_frequencies_split_variance_between_inputs_and_chance() {
        // g = 0.2 + 0.6 x1, x2 inert; each point's output is a frequency
        // over m runs. Var g = 0.36/12 = 0.03, p̄ = 0.5, σ² = E[g(1−g)]/m =
        // (0.25 − 0.03)/m.
        let (n, m) = (4_000, 20u64);
        let des = design(n, 2, 8);
        let y = des.evaluate(|p, x| {
            let g = 0.2 + 0.6 * x[0];
            let mut s = RunKey::new(99, p as u64).stream(purpose("test.runs"));
            (0..m).filter(|_| s.next_f64() < g).count() as f64 / m as f64
        });
        let noise_var = proportion_noise_var(&y, m).unwrap();
        assert!((noise_var - 0.22 / m as f64).abs() < 0.001, "{noise_var}");
        let p_bar = y.iter().sum::<f64>() / y.len() as f64;
        let opts = Opts {
            run_var: Some(p_bar * (1.0 - p_bar)),
            ..Opts::default()
        };
        let ind = indices(n, 2, &y, noise_var, &opts);
        assert!(ind.defined);
        // A quarter of the variance between points is noise, and n is 4,000:
        // over 100 seeds the largest error was 0.076.
        close(&ind.first, &[1.0, 0.0], 0.08, "S");
        close(&ind.total, &[1.0, 0.0], 0.08, "ST");
        let share = 0.011 / (0.03 + 0.011);
        assert!(
            (ind.noise_share - share).abs() < 0.03,
            "{}",
            ind.noise_share
        );
        let run_share = ind.run_explained_share.unwrap();
        assert!((run_share - 0.03 / 0.25).abs() < 0.01, "{run_share}");
    }

    #[test]
    fn same_seed_same_intervals() {
        let n = 600;
        let des = design(n, 3, 4);
        let y = des.evaluate(|_, x| ishigami(x));
        let opts = Opts {
            seed: 12,
            ..Opts::default()
        };
        let one = indices(n, 3, &y, 0.0, &opts);
        assert_eq!(one, indices(n, 3, &y, 0.0, &opts));
        let other = indices(
            n,
            3,
            &y,
            0.0,
            &Opts {
                seed: 13,
                ..Opts::default()
            },
        );
        // Another resampling seed moves the intervals, not the estimates.
        assert_eq!(one.first[0].value, other.first[0].value);
        assert_ne!(one.first[0].ci95, other.first[0].ci95);
    }

    #[test]
    fn small_sample_is_flagged() {
        let n = 100;
        let des = design(n, 3, 1);
        let y = des.evaluate(|_, x| ishigami(x));
        let ind = indices(n, 3, &y, 0.0, &Opts::default());
        assert!(ind.defined);
        assert!(
            ind.warnings.iter().any(|w| w.contains("sample is small")),
            "{:?}",
            ind.warnings
        );
        assert!(ind.warnings.iter().any(|w| w.contains("--samples")));
    }

    fn all_finite(ind: &Indices) -> bool {
        ind.first
            .iter()
            .chain(&ind.total)
            .all(|e| e.value.is_finite() && e.ci95.iter().all(|x| x.is_finite()))
            && ind.explained_share.is_finite()
            && ind.noise_share.is_finite()
    }

    #[test]
    fn constant_function_is_undefined_without_panic() {
        let n = 1_000;
        let des = design(n, 3, 1);
        // 0.1 is not exact in binary: its mean picks up rounding.
        let y = des.evaluate(|_, _| 0.1);
        let ind = indices(n, 3, &y, 0.0, &Opts::default());
        assert!(!ind.defined);
        assert!(all_finite(&ind));
        assert!(
            ind.warnings
                .iter()
                .any(|w| w.contains("same at every point")),
            "{:?}",
            ind.warnings
        );
        // Pure noise around a constant: the noise explains it all.
        let noisy = des.evaluate(|p, _| 0.5 + noise(3, p, 0.1));
        let ind = indices(n, 3, &noisy, 0.01, &Opts::default());
        assert!(all_finite(&ind));
        assert!(ind.noise_share > 0.5);
        assert!(
            ind.warnings.iter().any(|w| w.contains("--runs-per-point")),
            "{:?}",
            ind.warnings
        );
        // Degenerate inputs never panic either.
        let ind = indices(1, 2, &[0.0; 4], 0.0, &Opts::default());
        assert!(!ind.defined && all_finite(&ind));
        let ind = indices(
            2,
            1,
            &[0.0, f64::NAN, 1.0, 2.0, 3.0, 4.0],
            0.0,
            &Opts::default(),
        );
        assert!(!ind.defined && all_finite(&ind));
    }

    /// The percentile intervals' coverage, unwidened, over 100 seeds of the
    /// Ishigami function with and without noise: about 5 misses per index
    /// are expected (95%); more than 12 would be improbable (binomial tail
    /// about 0.2%) and mean the intervals are too narrow. Ignored because it
    /// takes about 10 s on two cores:
    /// `cargo test --lib ishigami_interval_coverage -- --ignored`.
    #[test]
    #[ignore]
    fn ishigami_interval_coverage_over_seeds() {
        let (v, s, st) = ishigami_exact();
        let want: Vec<f64> = s.iter().chain(&st).copied().collect();
        for noise_var in [0.0, v / 4.0] {
            let mut miss = [0; 6];
            for seed in 0..100 {
                let n = 10_000;
                let des = design(n, 3, seed);
                let y = des.evaluate(|p, x| ishigami(x) + noise(seed + 1000, p, noise_var.sqrt()));
                let opts = Opts {
                    seed,
                    ..Opts::default()
                };
                let ind = indices(n, 3, &y, noise_var, &opts);
                for (k, e) in ind.first.iter().chain(&ind.total).enumerate() {
                    miss[k] += usize::from(want[k] < e.ci95[0] || want[k] > e.ci95[1]);
                }
            }
            assert!(
                miss.iter().all(|m| *m <= 12),
                "noise {noise_var}: misses per index {miss:?} of 100"
            );
        }
    }
}
