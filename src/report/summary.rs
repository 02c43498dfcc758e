//! [`Summary`]: the results of one scenario run as a public contract. It is
//! serialised as `summary.json` and every other output (tables, CSV, the
//! printed summary) is rendered from it, so they cannot disagree.

use crate::engine::stats::wilson;
use crate::engine::{Aggregate, METRICS, MONTHLY};
use crate::model::Outcome;
use crate::scenario::spec::{Kind, fmt_num};
use crate::scenario::{Dist, FIELDS, Param, Scenario};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// The per-run figures whose whole distribution `summary.json` keeps, for
/// the charts.
pub const HISTOGRAMS: [&str; 3] = ["hostile_deaths", "peak_rung", "cost_eur_bn"];

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Summary {
    pub tool: Tool,
    pub scenario: ScenarioInfo,
    pub seed: u64,
    pub runs: u64,
    pub horizon_months: u32,
    /// Every lever as used: a value, or the distribution it is drawn from.
    pub parameters: IndexMap<String, String>,
    /// `[assumptions]` overrides, as used.
    pub assumptions: IndexMap<String, String>,
    pub outcomes: IndexMap<String, OutcomeStat>,
    pub metrics: IndexMap<String, MetricStat>,
    /// For each mission month 1..=horizon, the count of runs in each state.
    pub monthly: IndexMap<String, Vec<u64>>,
    /// The charted figures' distributions: non-empty bins as
    /// `[lower edge, width, count]` in the figure's unit (exact below 64
    /// stored units, log-linear above; see `engine::hist`).
    pub histograms: IndexMap<String, Vec<[f64; 3]>>,
    pub expectations: Vec<ExpectationResult>,
    pub timing: Timing,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ScenarioInfo {
    pub name: String,
    pub slug: String,
    pub file: String,
    pub sha256: String,
    pub description: String,
    pub source: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct OutcomeStat {
    pub count: u64,
    pub probability: f64,
    /// 95% Wilson score interval.
    pub ci95: [f64; 2],
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct MetricStat {
    pub unit: String,
    /// Runs where the figure is defined, and n / runs.
    pub n: u64,
    pub share: f64,
    pub mean: f64,
    pub p05: f64,
    pub p50: f64,
    pub p90: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ExpectationResult {
    pub outcome: String,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub probability: f64,
    pub ci95: [f64; 2],
    /// A bound fails only when the whole 95% interval lies beyond it.
    pub passed: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Timing {
    /// Simulation and aggregation.
    pub elapsed_s: f64,
    pub threads: usize,
    /// Drawing the charts (0 when none were drawn).
    #[serde(default)]
    pub charts_s: f64,
}

/// A parameter as a person would write it in the scenario file.
pub fn describe_param(p: &Param, kind: Kind) -> String {
    let name_of = |x: f64| match kind {
        Kind::Name(names) => format!("\"{}\"", names[x as usize]),
        Kind::Bool => (x != 0.0).to_string(),
        _ => fmt_num(x),
    };
    match p {
        Param::Fixed(x) => name_of(*x),
        Param::Dist(d) => match d {
            Dist::Uniform { min, max } => format!("uniform({}, {})", fmt_num(*min), fmt_num(*max)),
            Dist::Triangular { min, mode, max } => {
                format!(
                    "triangular({}, {}, {})",
                    fmt_num(*min),
                    fmt_num(*mode),
                    fmt_num(*max)
                )
            }
            Dist::Normal {
                mean, sd, lo, hi, ..
            } => {
                format!(
                    "normal(mean {}, sd {}, in [{}, {}])",
                    fmt_num(*mean),
                    fmt_num(*sd),
                    fmt_num(*lo),
                    fmt_num(*hi)
                )
            }
            Dist::LogNormal {
                mu, sigma, lo, hi, ..
            } => format!(
                "lognormal(median {}, sigma {}, in [{}, {}])",
                fmt_num((mu.exp() * 1e6).round() / 1e6),
                fmt_num(*sigma),
                fmt_num(*lo),
                fmt_num(*hi)
            ),
            Dist::Beta { alpha, beta, .. } => {
                format!("beta({}, {})", fmt_num(*alpha), fmt_num(*beta))
            }
            Dist::Choice { values, cum } => {
                let mut prev = 0.0;
                let parts: Vec<String> = values
                    .iter()
                    .zip(cum)
                    .map(|(v, c)| {
                        let w = c - prev;
                        prev = *c;
                        format!("{} {:.0}%", name_of(*v), w * 100.0)
                    })
                    .collect();
                format!("choice({})", parts.join(", "))
            }
        },
    }
}

/// Each outcome's count, probability and 95% Wilson interval, in the
/// brief's order.
pub fn outcome_stats(agg: &Aggregate) -> IndexMap<String, OutcomeStat> {
    let runs = agg.runs;
    Outcome::ALL
        .iter()
        .map(|o| {
            let k = agg.outcomes[*o as usize];
            let (lo, hi) = wilson(k, runs);
            (
                o.name().to_string(),
                OutcomeStat {
                    count: k,
                    probability: ratio(k, runs),
                    ci95: [lo, hi],
                },
            )
        })
        .collect()
}

impl Tool {
    /// This program.
    pub fn current() -> Tool {
        Tool {
            name: "reassure".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        }
    }
}

impl ScenarioInfo {
    pub fn of(s: &Scenario) -> ScenarioInfo {
        ScenarioInfo {
            name: s.name.clone(),
            slug: s.slug.clone(),
            file: s.file.clone(),
            sha256: s.sha256.clone(),
            description: s.description.clone(),
            source: s.source.clone(),
        }
    }
}

/// Turn an aggregate into the summary.
pub fn summarize(s: &Scenario, agg: &Aggregate, elapsed_s: f64, threads: usize) -> Summary {
    let runs = agg.runs;
    let outcomes = outcome_stats(agg);
    let metrics = METRICS
        .iter()
        .zip(&agg.metrics)
        .map(|(spec, h)| {
            let sc = |x: f64| x / spec.scale;
            (
                spec.name.to_string(),
                MetricStat {
                    unit: spec.unit.to_string(),
                    n: h.n,
                    share: ratio(h.n, runs),
                    mean: sc(h.mean()),
                    p05: sc(h.quantile(0.05)),
                    p50: sc(h.quantile(0.50)),
                    p90: sc(h.quantile(0.90)),
                    p95: sc(h.quantile(0.95)),
                    p99: sc(h.quantile(0.99)),
                    max: sc(h.max as f64),
                },
            )
        })
        .collect();
    let monthly = MONTHLY
        .iter()
        .zip(agg.monthly())
        .map(|(n, v)| (n.to_string(), v))
        .collect();
    let histograms = HISTOGRAMS
        .iter()
        .map(|name| {
            let i = METRICS
                .iter()
                .position(|m| m.name == *name)
                .expect("a known metric");
            let scale = METRICS[i].scale;
            let bins = agg.metrics[i]
                .bins()
                .map(|(lo, w, c)| [lo as f64 / scale, w as f64 / scale, c as f64])
                .collect();
            (name.to_string(), bins)
        })
        .collect();
    let expectations = s
        .expect
        .iter()
        .map(|e| {
            let o = &outcomes[e.outcome.name()];
            let passed =
                e.min.is_none_or(|m| o.ci95[1] >= m) && e.max.is_none_or(|m| o.ci95[0] <= m);
            ExpectationResult {
                outcome: e.outcome.name().to_string(),
                min: e.min,
                max: e.max,
                probability: o.probability,
                ci95: o.ci95,
                passed,
            }
        })
        .collect();
    Summary {
        tool: Tool::current(),
        scenario: ScenarioInfo::of(s),
        seed: s.seed,
        runs,
        horizon_months: s.horizon_months,
        parameters: FIELDS
            .iter()
            .zip(&s.params)
            .map(|(f, p)| (f.path(), describe_param(p, f.kind)))
            .collect(),
        assumptions: s
            .assumptions
            .iter()
            .map(|(c, p)| (c.spec().name.to_string(), describe_param(p, Kind::Float)))
            .collect(),
        outcomes,
        metrics,
        monthly,
        histograms,
        expectations,
        timing: Timing {
            elapsed_s,
            threads,
            charts_s: 0.0,
        },
    }
}

fn ratio(k: u64, n: u64) -> f64 {
    if n == 0 { 0.0 } else { k as f64 / n as f64 }
}

impl ExpectationResult {
    /// "wider_war at most 5.00%: estimate 6.10% (95% interval 5.70% – 6.50%)".
    pub fn describe(&self) -> String {
        use super::table::pct;
        let bound = match (self.min, self.max) {
            (Some(lo), Some(hi)) => format!("between {} and {}", pct(lo), pct(hi)),
            (Some(lo), None) => format!("at least {}", pct(lo)),
            (None, Some(hi)) => format!("at most {}", pct(hi)),
            (None, None) => String::new(),
        };
        format!(
            "{} {}: estimate {} (95% interval {} – {})",
            self.outcome,
            bound,
            pct(self.probability),
            pct(self.ci95[0]),
            pct(self.ci95[1])
        )
    }
}

impl Summary {
    pub fn failed_expectations(&self) -> impl Iterator<Item = &ExpectationResult> {
        self.expectations.iter().filter(|e| !e.passed)
    }
}
