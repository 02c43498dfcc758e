//! [`Summary`]: the results of one scenario run as a public contract. It is
//! serialised as `summary.json` and every other output (tables, CSV, the
//! printed summary) is rendered from it, so they cannot disagree.

use crate::engine::stats::wilson;
use crate::engine::{Aggregate, METRICS, MONTHLY};
use crate::model::{Outcome, Route};
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
    /// `[correlations]`, as used: `"a ~ b"` (the dotted names) → Spearman's
    /// rank correlation; left out when the scenario has none.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub correlations: IndexMap<String, f64>,
    pub outcomes: IndexMap<String, OutcomeStat>,
    /// `ceasefire_collapse` split by how it happened (`before_arrival`,
    /// `force_stood_aside`, `force_fought`), each over all runs.
    #[serde(default)]
    pub collapse_routes: IndexMap<String, OutcomeStat>,
    /// The figures a decision needs, each with its denominator (see
    /// [`HEADLINE`]).
    #[serde(default)]
    pub headline: IndexMap<String, Estimate>,
    #[serde(default)]
    pub rates: Rates,
    pub metrics: IndexMap<String, MetricStat>,
    /// For each mission month 1..=horizon, the count of runs in each state.
    pub monthly: IndexMap<String, Vec<u64>>,
    /// The charted figures' distributions: non-empty bins as
    /// `[lower edge, width, count]` in the figure's unit (exact below 64
    /// stored units, log-linear above; see `engine::hist`).
    pub histograms: IndexMap<String, Vec<[f64; 3]>>,
    pub expectations: Vec<ExpectationResult>,
    pub timing: Timing,
    /// For each mission month 0..=horizon, the count of runs in each
    /// mission state (`engine::STATES`), over all runs.
    #[serde(default)]
    pub mission_states: super::mission_chart::MissionStates,
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

/// A headline probability: `count` of `n` runs, with its 95% Wilson
/// interval; `estimate` is null when `n` is 0 (no run to condition on).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Estimate {
    pub estimate: Option<f64>,
    pub ci95: [f64; 2],
    pub count: u64,
    pub n: u64,
}

/// Rates over the time the force spent in the country.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Rates {
    /// Hostile deaths per 1,000 person-years in the country (troops,
    /// trainers and unit crews), over the runs that deployed: Σ deaths /
    /// Σ person-years × 1000 (0 when nothing deployed).
    pub hostile_deaths_per_1000_troop_years: f64,
    /// Its 95% interval (ratio estimator, delta method).
    pub hostile_deaths_per_1000_troop_years_ci95: [f64; 2],
    /// The person-years the rate is over, summed over the runs that deployed.
    pub troop_years: f64,
    /// The runs that deployed a force, and their hostile deaths.
    pub deployed_runs: u64,
    #[serde(default)]
    pub hostile_deaths: u64,
}

/// The headline figures: name, what it means, and how the summary counts it.
pub const HEADLINE: [(&str, &str); 6] = [
    (
        "p_ceasefire",
        "chance of a ceasefire (one that took effect within the simulated months), over all runs",
    ),
    (
        "p_collapse_given_ceasefire",
        "chance the ceasefire collapsed, over the runs with a ceasefire",
    ),
    (
        "p_collapse_before_arrival",
        "collapse with no force in the country (the deployment lag, or no force at all), over all runs",
    ),
    (
        "p_collapse_with_force",
        "collapse with the force in the country (it stood aside or fought), over all runs",
    ),
    ("p_wider_war", "wider war (rung 4), over all runs"),
    (
        "p_held_given_deployed",
        "the ceasefire held and the force stayed to the horizon, over the runs that deployed a force",
    ),
];

/// The reader's name of a headline figure of [`HEADLINE`] (its identifier
/// stays in JSON and CSV).
pub fn headline_label(name: &str) -> &str {
    match name {
        "p_ceasefire" => "Ceasefire",
        "p_collapse_given_ceasefire" => "Collapse given a ceasefire",
        "p_collapse_before_arrival" => "Collapse before the force arrived",
        "p_collapse_with_force" => "Collapse with the force in the country",
        "p_wider_war" => "Wider war",
        "p_held_given_deployed" => "Held given deployed",
        other => other,
    }
}

/// The runs a headline figure of [`HEADLINE`] is counted over, as a table
/// shows beside it.
pub fn headline_denominator(name: &str) -> &'static str {
    match name {
        "p_collapse_given_ceasefire" => "of runs with a ceasefire",
        "p_held_given_deployed" => "of deployed runs",
        _ => "of all runs",
    }
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

/// `k` of `n` as an [`Estimate`].
pub fn estimate(k: u64, n: u64) -> Estimate {
    let (lo, hi) = if n == 0 { (0.0, 1.0) } else { wilson(k, n) };
    Estimate {
        estimate: (n > 0).then(|| ratio(k, n)),
        ci95: [lo, hi],
        count: k,
        n,
    }
}

/// `ceasefire_collapse` by route, each over all runs.
pub fn route_stats(agg: &Aggregate) -> IndexMap<String, OutcomeStat> {
    Route::ALL
        .iter()
        .map(|r| {
            let k = agg.routes[*r as usize];
            let (lo, hi) = wilson(k, agg.runs);
            (
                r.name().to_string(),
                OutcomeStat {
                    count: k,
                    probability: ratio(k, agg.runs),
                    ci95: [lo, hi],
                },
            )
        })
        .collect()
}

/// The headline figures of [`HEADLINE`], in its order.
pub fn headline(agg: &Aggregate) -> IndexMap<String, Estimate> {
    let collapse = agg.outcomes[Outcome::CeasefireCollapse as usize];
    let before = agg.routes[Route::BeforeArrival as usize];
    let values = [
        estimate(agg.ceasefires, agg.runs),
        estimate(collapse, agg.ceasefires),
        estimate(before, agg.runs),
        estimate(collapse - before, agg.runs),
        estimate(agg.outcomes[Outcome::WiderWar as usize], agg.runs),
        estimate(agg.held_deployed, agg.deployed),
    ];
    HEADLINE
        .iter()
        .zip(values)
        .map(|((name, _), e)| (name.to_string(), e))
        .collect()
}

/// Hostile deaths per 1,000 person-years in the country.
pub fn rates(agg: &Aggregate) -> Rates {
    // Person-months to person-years, and per 1,000.
    let k = 12.0 * 1000.0;
    match agg.exposure.ratio() {
        Some((r, [lo, hi])) => Rates {
            hostile_deaths_per_1000_troop_years: r * k,
            hostile_deaths_per_1000_troop_years_ci95: [lo * k, hi * k],
            troop_years: agg.exposure.denominator() as f64 / 12.0,
            deployed_runs: agg.deployed,
            hostile_deaths: agg.exposure.sums.a as u64,
        },
        None => Rates::default(),
    }
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
        correlations: s
            .correlations
            .iter()
            .map(|c| (format!("{} ~ {}", c.a.path(), c.b.path()), c.rho))
            .collect(),
        outcomes,
        collapse_routes: route_stats(agg),
        headline: headline(agg),
        rates: rates(agg),
        metrics,
        monthly,
        histograms,
        expectations,
        timing: Timing {
            elapsed_s,
            threads,
            charts_s: 0.0,
        },
        mission_states: super::mission_chart::MissionStates::of(agg),
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
