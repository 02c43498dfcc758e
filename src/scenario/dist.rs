//! Validated distributions for parameters drawn once per trajectory.
//!
//! A [`Dist`] can only be built through [`Dist::new`], which checks its
//! parameters and that its support lies inside the field's range, so sampling
//! never fails. Sampling uses the inverse CDF of one uniform wherever that is
//! cheap (all but `beta`), so a sweep over a distribution's parameters moves
//! every run's draw monotonically and two scenarios on one seed share draws.

use crate::math::{norm_cdf, norm_inv};
use crate::random::rng::Stream;
use crate::scenario::spec::{Kind, fmt_num};
use rand::distr::Distribution;

pub const DIST_NAMES: &[&str] = &[
    "uniform",
    "triangular",
    "normal",
    "lognormal",
    "beta",
    "choice",
];

/// The keys each distribution takes (besides `dist`), required first.
pub fn dist_keys(name: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match name {
        "uniform" => (&["min", "max"], &[]),
        "triangular" => (&["min", "mode", "max"], &[]),
        "normal" => (&["mean", "sd"], &["min", "max"]),
        "lognormal" => (&["median", "sigma"], &["min", "max"]),
        "beta" => (&["alpha", "beta"], &[]),
        "choice" => (&["values", "weights"], &[]),
        _ => (&[], &[]),
    }
}

#[derive(Clone, Debug)]
pub enum Dist {
    Uniform {
        min: f64,
        max: f64,
    },
    Triangular {
        min: f64,
        mode: f64,
        max: f64,
    },
    /// Normal truncated to [lo, hi]; `plo`/`phi` are the CDF at the bounds.
    Normal {
        mean: f64,
        sd: f64,
        lo: f64,
        hi: f64,
        plo: f64,
        phi: f64,
    },
    /// ln X ~ Normal(ln median, sigma), truncated to [lo, hi].
    LogNormal {
        mu: f64,
        sigma: f64,
        lo: f64,
        hi: f64,
        plo: f64,
        phi: f64,
    },
    Beta {
        alpha: f64,
        beta: f64,
        sampler: rand_distr::Beta<f64>,
    },
    /// Values (numbers, or indices of names) with cumulative normalised weights.
    Choice {
        values: Vec<f64>,
        cum: Vec<f64>,
    },
}

/// What was wrong with a distribution, and which of its keys to point at.
#[derive(Debug, Clone, PartialEq)]
pub struct DistError {
    pub key: &'static str,
    pub message: String,
    pub help: String,
}

fn err(key: &'static str, message: impl Into<String>, help: impl Into<String>) -> DistError {
    DistError {
        key,
        message: message.into(),
        help: help.into(),
    }
}

/// Raw, unchecked parameters of a distribution as read from a file.
#[derive(Debug, Default, Clone)]
pub struct RawDist {
    pub name: String,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub mode: Option<f64>,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    pub median: Option<f64>,
    pub sigma: Option<f64>,
    pub alpha: Option<f64>,
    pub beta: Option<f64>,
    pub values: Vec<f64>,
    pub weights: Vec<f64>,
}

/// Smallest probability mass a truncated normal may keep: below it the
/// truncation window lies so far in a tail that the user surely meant
/// something else.
const MIN_MASS: f64 = 1e-9;

/// [`Dist::sample`] with the constants its inverse CDF needs computed once
/// (a model draws each input once a run): the same operations on the same
/// values, so the same draws bit for bit, without a division a draw.
#[derive(Clone, Debug)]
pub enum Sampler {
    /// min + u·span, span = max − min.
    Uniform {
        min: f64,
        span: f64,
    },
    /// Width 0: the minimum.
    Point(f64),
    /// w = max − min, f = (mode − min)/w, lo = mode − min, hi = max − mode.
    Triangular {
        min: f64,
        max: f64,
        w: f64,
        f: f64,
        lo: f64,
        hi: f64,
    },
    Other(Dist),
}

impl Sampler {
    pub fn new(d: &Dist) -> Sampler {
        match *d {
            Dist::Uniform { min, max } => Sampler::Uniform {
                min,
                span: max - min,
            },
            Dist::Triangular { min, mode, max } => {
                let w = max - min;
                if w == 0.0 {
                    return Sampler::Point(min);
                }
                Sampler::Triangular {
                    min,
                    max,
                    w,
                    f: (mode - min) / w,
                    lo: mode - min,
                    hi: max - mode,
                }
            }
            _ => Sampler::Other(d.clone()),
        }
    }

    /// `Dist::sample` on the distribution it was made from.
    #[inline]
    pub fn sample(&self, s: &mut Stream) -> f64 {
        match self {
            Sampler::Other(d) => d.sample(s),
            _ => self.quantile(s.next_f64()),
        }
    }

    /// `Dist::quantile` on the distribution it was made from (the one home
    /// of the uniform and triangular inverse CDFs).
    #[inline]
    pub fn quantile(&self, u: f64) -> f64 {
        match *self {
            Sampler::Uniform { min, span } => min + u * span,
            Sampler::Point(min) => min,
            Sampler::Triangular {
                min,
                max,
                w,
                f,
                lo,
                hi,
            } => {
                // Both sides, then the one u falls on: which it is is a
                // coin the branch predictor cannot learn.
                core::hint::select_unpredictable(
                    u < f,
                    min + (u * w * lo).sqrt(),
                    max - ((1.0 - u) * w * hi).sqrt(),
                )
            }
            Sampler::Other(ref d) => d.quantile(u),
        }
    }
}

impl Dist {
    /// Check a distribution against the field range `[lo, hi]`.
    pub fn new(raw: &RawDist, lo: f64, hi: f64) -> Result<Dist, DistError> {
        let range = format!(
            "the field's range [{}, {}]",
            crate::scenario::spec::fmt_num(lo),
            crate::scenario::spec::fmt_num(hi)
        );
        let inside = |key: &'static str, what: &str, v: f64| -> Result<(), DistError> {
            if v < lo || v > hi {
                Err(err(
                    key,
                    format!("{what} {v} lies outside {range}"),
                    format!(
                        "keep `{key}` between {} and {}",
                        crate::scenario::spec::fmt_num(lo),
                        crate::scenario::spec::fmt_num(hi)
                    ),
                ))
            } else {
                Ok(())
            }
        };
        let req = |v: Option<f64>| v.unwrap_or(f64::NAN);
        match raw.name.as_str() {
            "uniform" => {
                let (a, b) = (req(raw.min), req(raw.max));
                if a > b {
                    return Err(err(
                        "min",
                        format!("min {a} is greater than max {b}"),
                        "swap `min` and `max`",
                    ));
                }
                inside("min", "min", a)?;
                inside("max", "max", b)?;
                Ok(Dist::Uniform { min: a, max: b })
            }
            "triangular" => {
                let (a, m, b) = (req(raw.min), req(raw.mode), req(raw.max));
                if a > b {
                    return Err(err(
                        "min",
                        format!("min {a} is greater than max {b}"),
                        "swap `min` and `max`",
                    ));
                }
                if m < a || m > b {
                    return Err(err(
                        "mode",
                        format!("mode {m} lies outside [min, max] = [{a}, {b}]"),
                        "put `mode` between `min` and `max`",
                    ));
                }
                inside("min", "min", a)?;
                inside("max", "max", b)?;
                Ok(Dist::Triangular {
                    min: a,
                    mode: m,
                    max: b,
                })
            }
            "normal" | "lognormal" => {
                let lognormal = raw.name == "lognormal";
                let (centre, spread) = if lognormal {
                    let median = req(raw.median);
                    if median <= 0.0 {
                        return Err(err(
                            "median",
                            format!("median must be positive, got {median}"),
                            "a lognormal's median is a positive number",
                        ));
                    }
                    (median.ln(), req(raw.sigma))
                } else {
                    (req(raw.mean), req(raw.sd))
                };
                let skey = if lognormal { "sigma" } else { "sd" };
                if spread <= 0.0 {
                    return Err(err(
                        skey,
                        format!("{skey} must be greater than 0, got {spread}"),
                        format!("give `{skey}` a positive value"),
                    ));
                }
                let natural_lo = if lognormal { 0.0 } else { f64::NEG_INFINITY };
                let tlo = raw.min.unwrap_or(natural_lo);
                let thi = raw.max.unwrap_or(f64::INFINITY);
                if tlo >= thi {
                    return Err(err(
                        "min",
                        format!("min {tlo} is not below max {thi}"),
                        "give `min` a value below `max`",
                    ));
                }
                if tlo < lo || (raw.min.is_none() && tlo.is_infinite()) {
                    return Err(err(
                        "min",
                        format!(
                            "the {} reaches below {} but {range}",
                            raw.name,
                            crate::scenario::spec::fmt_num(lo)
                        ),
                        format!(
                            "truncate it: add `min = {}` (or higher)",
                            crate::scenario::spec::fmt_num(lo)
                        ),
                    ));
                }
                if thi > hi {
                    return Err(err(
                        "max",
                        format!(
                            "the {} reaches above {} but {range}",
                            raw.name,
                            crate::scenario::spec::fmt_num(hi)
                        ),
                        format!(
                            "truncate it: add `max = {}` (or lower)",
                            crate::scenario::spec::fmt_num(hi)
                        ),
                    ));
                }
                let z = |x: f64| {
                    if lognormal {
                        if x <= 0.0 {
                            f64::NEG_INFINITY
                        } else {
                            (x.ln() - centre) / spread
                        }
                    } else {
                        (x - centre) / spread
                    }
                };
                let plo = norm_cdf(z(tlo));
                let phi = norm_cdf(z(thi));
                if phi - plo < MIN_MASS {
                    return Err(err(
                        "min",
                        format!(
                            "the truncation [{tlo}, {thi}] keeps almost none of the distribution's mass"
                        ),
                        format!(
                            "move `min`/`max` closer to the {}",
                            if lognormal { "median" } else { "mean" }
                        ),
                    ));
                }
                Ok(if lognormal {
                    Dist::LogNormal {
                        mu: centre,
                        sigma: spread,
                        lo: tlo,
                        hi: thi,
                        plo,
                        phi,
                    }
                } else {
                    Dist::Normal {
                        mean: centre,
                        sd: spread,
                        lo: tlo,
                        hi: thi,
                        plo,
                        phi,
                    }
                })
            }
            "beta" => {
                let (a, b) = (req(raw.alpha), req(raw.beta));
                if a <= 0.0 {
                    return Err(err(
                        "alpha",
                        format!("alpha must be greater than 0, got {a}"),
                        "give `alpha` a positive value",
                    ));
                }
                if b <= 0.0 {
                    return Err(err(
                        "beta",
                        format!("beta must be greater than 0, got {b}"),
                        "give `beta` a positive value",
                    ));
                }
                if lo > 0.0 || hi < 1.0 {
                    return Err(err(
                        "alpha",
                        format!("a beta distribution lives on [0, 1] but {range}"),
                        "use a uniform, triangular or truncated normal for this field",
                    ));
                }
                let sampler = rand_distr::Beta::new(a, b).map_err(|e| {
                    err(
                        "alpha",
                        format!("invalid beta parameters: {e}"),
                        "give `alpha` and `beta` positive values",
                    )
                })?;
                Ok(Dist::Beta {
                    alpha: a,
                    beta: b,
                    sampler,
                })
            }
            "choice" => {
                if raw.values.is_empty() {
                    return Err(err(
                        "values",
                        "`values` is empty",
                        "list at least one value",
                    ));
                }
                if raw.values.len() != raw.weights.len() {
                    return Err(err(
                        "weights",
                        format!(
                            "{} values but {} weights",
                            raw.values.len(),
                            raw.weights.len()
                        ),
                        "give one weight per value",
                    ));
                }
                for &v in &raw.values {
                    inside("values", "value", v)?;
                }
                if let Some(w) = raw.weights.iter().find(|w| **w < 0.0) {
                    return Err(err(
                        "weights",
                        format!("weight {w} is negative"),
                        "weights are relative frequencies: use numbers ≥ 0",
                    ));
                }
                let total: f64 = raw.weights.iter().sum();
                if !total.is_finite() {
                    return Err(err(
                        "weights",
                        "the weights are too large to add up (their sum overflows)",
                        "weights are relative: scale them down, e.g. [1, 1] for equal chances",
                    ));
                }
                if total <= 0.0 {
                    return Err(err(
                        "weights",
                        "the weights sum to 0",
                        "give at least one value a positive weight",
                    ));
                }
                let mut acc = 0.0;
                let cum = raw
                    .weights
                    .iter()
                    .map(|w| {
                        acc += w;
                        acc / total
                    })
                    .collect();
                Ok(Dist::Choice {
                    values: raw.values.clone(),
                    cum,
                })
            }
            other => Err(err(
                "dist",
                format!("unknown distribution `{other}`"),
                "use one of uniform, triangular, normal, lognormal, beta, choice",
            )),
        }
    }

    /// One draw. Consumes one uniform from the stream (beta: as many as its
    /// rejection sampler needs).
    pub fn sample(&self, s: &mut Stream) -> f64 {
        match self {
            Dist::Beta { sampler, .. } => sampler.sample(s),
            _ => self.quantile(s.next_f64()),
        }
    }

    /// The inverse CDF at `u` in (0, 1). For `beta` it is found by bisection
    /// (slow: `sample` draws beta by its own sampler instead; the analyses
    /// use this for quantiles and designs).
    pub fn quantile(&self, u: f64) -> f64 {
        match *self {
            Dist::Uniform { .. } | Dist::Triangular { .. } => Sampler::new(self).quantile(u),
            Dist::Normal {
                mean,
                sd,
                lo,
                hi,
                plo,
                phi,
            } => (mean + sd * norm_inv((plo + u * (phi - plo)).clamp(1e-300, 1.0 - 1e-16)))
                .clamp(lo, hi),
            Dist::LogNormal {
                mu,
                sigma,
                lo,
                hi,
                plo,
                phi,
            } => (mu + sigma * norm_inv((plo + u * (phi - plo)).clamp(1e-300, 1.0 - 1e-16)))
                .exp()
                .clamp(lo, hi),
            Dist::Beta { alpha, beta, .. } => crate::math::beta_quantile(u, alpha, beta),
            Dist::Choice {
                ref values,
                ref cum,
            } => {
                let i = cum.iter().position(|&c| u < c).unwrap_or(values.len() - 1);
                values[i]
            }
        }
    }

    /// The smallest and largest values a draw can take.
    pub fn support(&self) -> (f64, f64) {
        match self {
            Dist::Uniform { min, max } | Dist::Triangular { min, max, .. } => (*min, *max),
            Dist::Normal { lo, hi, .. } | Dist::LogNormal { lo, hi, .. } => (*lo, *hi),
            Dist::Beta { .. } => (0.0, 1.0),
            Dist::Choice { values, .. } => values
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                    (a.min(*v), b.max(*v))
                }),
        }
    }

    /// A central value for the deterministic view (`explain`): the median
    /// for continuous distributions, the most likely value for `choice`.
    pub fn central(&self) -> f64 {
        match self {
            Dist::Choice { values, cum } => {
                let mut best = 0;
                let mut best_w = -1.0;
                let mut prev = 0.0;
                for (i, c) in cum.iter().enumerate() {
                    if c - prev > best_w {
                        best_w = c - prev;
                        best = i;
                    }
                    prev = *c;
                }
                values[best]
            }
            Dist::Beta { alpha, beta, .. } => alpha / (alpha + beta),
            _ => self.quantile(0.5),
        }
    }

    /// The distribution as a TOML inline table, as a scenario file writes
    /// it for a field of `kind` (`choice` values of named fields and
    /// booleans as names and `true`/`false`). Parsed back for the same
    /// field it gives this distribution again, exactly: a lognormal's
    /// median and a choice's weights are chosen so that the parser's own
    /// arithmetic reproduces the stored `mu` and cumulative weights.
    pub fn to_toml(&self, kind: Kind) -> String {
        let n = |x: f64| fmt_num(x);
        match self {
            Dist::Uniform { min, max } => {
                format!(
                    "{{ dist = \"uniform\", min = {}, max = {} }}",
                    n(*min),
                    n(*max)
                )
            }
            Dist::Triangular { min, mode, max } => format!(
                "{{ dist = \"triangular\", min = {}, mode = {}, max = {} }}",
                n(*min),
                n(*mode),
                n(*max)
            ),
            Dist::Normal {
                mean, sd, lo, hi, ..
            } => format!(
                "{{ dist = \"normal\", mean = {}, sd = {}{} }}",
                n(*mean),
                n(*sd),
                bounds_toml(*lo, *hi, f64::NEG_INFINITY)
            ),
            Dist::LogNormal {
                mu, sigma, lo, hi, ..
            } => format!(
                "{{ dist = \"lognormal\", median = {}, sigma = {}{} }}",
                n(median_for(*mu)),
                n(*sigma),
                bounds_toml(*lo, *hi, 0.0)
            ),
            Dist::Beta { alpha, beta, .. } => format!(
                "{{ dist = \"beta\", alpha = {}, beta = {} }}",
                n(*alpha),
                n(*beta)
            ),
            Dist::Choice { values, cum } => {
                let value = |x: &f64| match kind {
                    Kind::Bool => (*x != 0.0).to_string(),
                    Kind::Name(names) => names
                        .get(*x as usize)
                        .map_or_else(|| n(*x), |s| format!("\"{s}\"")),
                    Kind::Int | Kind::Float => n(*x),
                };
                let list = |v: Vec<String>| v.join(", ");
                format!(
                    "{{ dist = \"choice\", values = [{}], weights = [{}] }}",
                    list(values.iter().map(value).collect()),
                    list(weights_for(values, cum).into_iter().map(n).collect())
                )
            }
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Dist::Uniform { .. } => "uniform",
            Dist::Triangular { .. } => "triangular",
            Dist::Normal { .. } => "normal",
            Dist::LogNormal { .. } => "lognormal",
            Dist::Beta { .. } => "beta",
            Dist::Choice { .. } => "choice",
        }
    }
}

/// `, min = lo, max = hi` for a truncated normal or lognormal, leaving out a
/// bound that is the distribution's own (`natural_lo`, or infinity): the
/// parser gives an absent bound that value, so both mean the same.
fn bounds_toml(lo: f64, hi: f64, natural_lo: f64) -> String {
    let mut s = String::new();
    if lo.is_finite() && lo != natural_lo {
        s.push_str(&format!(", min = {}", fmt_num(lo)));
    }
    if hi.is_finite() {
        s.push_str(&format!(", max = {}", fmt_num(hi)));
    }
    s
}

/// A median whose logarithm is exactly `mu`, preferring the shortest
/// decimal (the file's `0.3`, not `exp(ln 0.3)` = 0.30000000000000004):
/// `exp` and `ln` each round, so the neighbours of `exp(mu)` are searched.
fn median_for(mu: f64) -> f64 {
    let guess = mu.exp();
    let mut c = guess;
    for _ in 0..8 {
        c = c.next_down();
    }
    let mut best: Option<f64> = None;
    for _ in 0..17 {
        if c > 0.0 && c.ln() == mu && best.is_none_or(|b| fmt_num(c).len() < fmt_num(b).len()) {
            best = Some(c);
        }
        c = c.next_up();
    }
    best.unwrap_or(guess)
}

/// Weights that give exactly the cumulative weights `cum` through
/// [`Dist::new`]: the smallest whole numbers that do (a file's `[1, 3]`),
/// else the differences of `cum`.
fn weights_for(values: &[f64], cum: &[f64]) -> Vec<f64> {
    let diffs: Vec<f64> = cum
        .iter()
        .scan(0.0, |prev, &c| {
            let w = c - *prev;
            *prev = c;
            Some(w)
        })
        .collect();
    let gives_cum = |weights: &[f64]| {
        let raw = RawDist {
            name: "choice".into(),
            values: values.to_vec(),
            weights: weights.to_vec(),
            ..Default::default()
        };
        matches!(
            Dist::new(&raw, f64::NEG_INFINITY, f64::INFINITY),
            Ok(Dist::Choice { cum: c, .. }) if c == cum
        )
    };
    (1..=1000u32)
        .map(|d| {
            diffs
                .iter()
                .map(|w| (w * f64::from(d)).round())
                .collect::<Vec<_>>()
        })
        .find(|w| gives_cum(w))
        .unwrap_or(diffs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::rng::{RunKey, purpose};

    fn raw(name: &str) -> RawDist {
        RawDist {
            name: name.into(),
            ..Default::default()
        }
    }

    #[test]
    fn sampler_draws_what_the_distribution_draws() {
        let dists = [
            Dist::Uniform { min: 0.2, max: 0.5 },
            Dist::Uniform { min: 3.0, max: 3.0 },
            Dist::Triangular {
                min: 15000.0,
                mode: 25000.0,
                max: 40000.0,
            },
            Dist::Triangular {
                min: 0.0,
                mode: 0.0,
                max: 0.6,
            },
            Dist::Triangular {
                min: 1.0,
                mode: 3.0,
                max: 3.0,
            },
            Dist::Triangular {
                min: 7.0,
                mode: 7.0,
                max: 7.0,
            },
        ];
        for d in &dists {
            let sampler = Sampler::new(d);
            for run in 0..20_000 {
                let key = RunKey::new(2025, run);
                let a = d.sample(&mut key.stream(purpose("x")));
                let b = sampler.sample(&mut key.stream(purpose("x")));
                assert_eq!(a.to_bits(), b.to_bits(), "{d:?} run {run}");
            }
        }
    }

    #[test]
    fn impossible_parameters_are_refused() {
        let mut r = raw("uniform");
        r.min = Some(5.0);
        r.max = Some(1.0);
        assert_eq!(Dist::new(&r, 0.0, 10.0).unwrap_err().key, "min");
        let mut r = raw("normal");
        r.mean = Some(0.5);
        r.sd = Some(0.0);
        assert_eq!(Dist::new(&r, 0.0, 1.0).unwrap_err().key, "sd");
        r.sd = Some(0.1);
        // Untruncated normal on a bounded field: its support leaves [0, 1].
        assert_eq!(Dist::new(&r, 0.0, 1.0).unwrap_err().key, "min");
        r.min = Some(0.0);
        assert_eq!(Dist::new(&r, 0.0, 1.0).unwrap_err().key, "max");
        r.max = Some(1.0);
        assert!(Dist::new(&r, 0.0, 1.0).is_ok());
        let mut c = raw("choice");
        c.values = vec![1.0, 2.0];
        c.weights = vec![0.0, 0.0];
        assert_eq!(Dist::new(&c, 0.0, 10.0).unwrap_err().key, "weights");
        c.weights = vec![-1.0, 2.0];
        assert_eq!(Dist::new(&c, 0.0, 10.0).unwrap_err().key, "weights");
        let mut b = raw("beta");
        b.alpha = Some(2.0);
        b.beta = Some(3.0);
        assert!(Dist::new(&b, 0.0, 1.0).is_ok());
        assert!(Dist::new(&b, 0.1, 1.0).is_err());
    }

    #[test]
    fn draws_stay_in_support_and_match_moments() {
        let mut r = raw("triangular");
        r.min = Some(6.0);
        r.mode = Some(12.0);
        r.max = Some(20.0);
        let d = Dist::new(&r, 0.0, 120.0).unwrap();
        let mut s = RunKey::new(1, 1).stream(purpose("t"));
        let n = 100_000;
        let mut sum = 0.0;
        for _ in 0..n {
            let x = d.sample(&mut s);
            assert!((6.0..=20.0).contains(&x));
            sum += x;
        }
        // mean of triangular = (a+b+c)/3 = 12.667; sd ~ 2.9, se ~ 0.009
        assert!((sum / n as f64 - 38.0 / 3.0).abs() < 0.05);

        let mut r = raw("normal");
        r.mean = Some(0.5);
        r.sd = Some(0.2);
        r.min = Some(0.4);
        r.max = Some(0.9);
        let d = Dist::new(&r, 0.0, 1.0).unwrap();
        for i in 1..1000 {
            let x = d.quantile(i as f64 / 1000.0);
            assert!((0.4..=0.9).contains(&x));
        }
        assert!(d.quantile(0.3) < d.quantile(0.6), "inverse CDF is monotone");
    }

    #[test]
    fn to_toml_writes_what_a_person_would() {
        let mut r = raw("lognormal");
        r.median = Some(0.3);
        r.sigma = Some(0.5);
        r.max = Some(1.0);
        let d = Dist::new(&r, 0.0, 1.0).unwrap();
        assert_eq!(
            d.to_toml(Kind::Float),
            "{ dist = \"lognormal\", median = 0.3, sigma = 0.5, max = 1 }"
        );
        let mut c = raw("choice");
        c.values = vec![0.0, 3.0];
        c.weights = vec![0.5, 1.5];
        let d = Dist::new(&c, 0.0, 4.0).unwrap();
        assert_eq!(
            d.to_toml(Kind::Name(crate::scenario::spec::BACKSTOP_LEVELS)),
            "{ dist = \"choice\", values = [\"none\", \"air_support\"], weights = [1, 3] }"
        );
        // Weights no whole numbers reproduce still give the same cumulative weights.
        c.values = vec![0.0, 1.0, 2.0];
        c.weights = vec![0.1, 0.7, 0.2];
        let Dist::Choice { values, cum } = Dist::new(&c, 0.0, 4.0).unwrap() else {
            panic!()
        };
        c.weights = weights_for(&values, &cum);
        let Dist::Choice { cum: again, .. } = Dist::new(&c, 0.0, 4.0).unwrap() else {
            panic!()
        };
        assert_eq!(cum, again);
    }

    #[test]
    fn choice_follows_weights() {
        let mut c = raw("choice");
        c.values = vec![0.0, 3.0];
        c.weights = vec![1.0, 3.0];
        let d = Dist::new(&c, 0.0, 4.0).unwrap();
        assert_eq!(d.quantile(0.2), 0.0);
        assert_eq!(d.quantile(0.3), 3.0);
        assert_eq!(d.central(), 3.0);
    }
}
