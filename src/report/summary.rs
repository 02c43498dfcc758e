//! [`Summary`]: the results of one scenario run as a public contract. It is
//! serialised as `summary.json` and every other output (tables, CSV, the
//! printed summary) is rendered from it, so they cannot disagree.

use crate::engine::stats::wilson;
use crate::engine::{Aggregate, METRICS, MONTHLY};
use crate::model::{Mission, NeverReason, Peace, Route, Share, WithdrawalCause};
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
    /// The peace at the horizon ([`Peace`] classes), over all runs: the
    /// figures every option shares, `no-force` included.
    pub peace: IndexMap<String, OutcomeStat>,
    /// Months of the horizon that ended with a ceasefire in force.
    pub months_of_ceasefire: MonthsStat,
    /// The mission's fate ([`Mission`] classes), over all runs; null for
    /// an option without a force.
    pub mission: Option<IndexMap<String, OutcomeStat>>,
    /// Why a force never deployed, and how a collapse ended the mission
    /// (stood aside, fought), each over all runs; null without a force.
    pub mission_detail: Option<MissionDetail>,
    /// Every class of both families, the peace first (the rows of
    /// `outcomes.csv`; the mission's only for an option with a force).
    pub outcomes: IndexMap<String, OutcomeStat>,
    /// The first ceasefire's collapse by route (`before_arrival`,
    /// `force_stood_aside`, `force_fought`, `no_force`), each over all runs.
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

/// Months of ceasefire per run: the mean with its 95% interval (normal,
/// from exact sums), its share of the horizon, and exact quantiles.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct MonthsStat {
    pub mean: f64,
    pub ci95: [f64; 2],
    /// The mean as a share of the horizon's months, and its interval.
    pub share_of_horizon: f64,
    pub share_ci95: [f64; 2],
    pub p05: u32,
    pub p25: u32,
    pub p50: u32,
    pub p75: u32,
    pub p95: u32,
}

/// The mission's classes split further, each over all runs.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct MissionDetail {
    /// `never_deployed` by reason ([`NeverReason`] order).
    pub never_deployed: IndexMap<String, OutcomeStat>,
    /// `ended_by_collapse` by how the force met the offensive
    /// (`force_stood_aside`, `force_fought`).
    pub ended_by_collapse: IndexMap<String, OutcomeStat>,
    /// The two withdrawn classes together by what triggered the withdrawal
    /// ([`WithdrawalCause`] order).
    pub withdrawn_by: IndexMap<String, OutcomeStat>,
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

/// The headline figures: name and what it means, the peace first.
pub const HEADLINE: [(&str, &str); 8] = [
    (
        "p_ceasefire_at_horizon",
        "a ceasefire in force at the horizon (quiet or contested), over all runs",
    ),
    ("p_wider_war", "wider war (rung 4), over all runs"),
    (
        "p_ceasefire",
        "a ceasefire came within the horizon, over all runs",
    ),
    (
        "p_collapse_given_ceasefire",
        "the first ceasefire collapsed within the horizon, over the runs with a ceasefire",
    ),
    ("p_deployed", "the force reached the country, over all runs"),
    (
        "p_collapse_with_force",
        "the first ceasefire collapsed with the force in the country (it stood aside or fought), over all runs",
    ),
    (
        "p_withdrawn",
        "the force withdrew, with or without hostile deaths, over all runs",
    ),
    (
        "p_in_place_given_deployed",
        "the force was in place at the horizon, over the runs that deployed it",
    ),
];

/// The headline figures that are about the force: left out (null) for an
/// option without one.
pub const FORCE_HEADLINE: [&str; 4] = [
    "p_deployed",
    "p_collapse_with_force",
    "p_withdrawn",
    "p_in_place_given_deployed",
];

/// The reader's name of a headline figure of [`HEADLINE`] (its identifier
/// stays in JSON and CSV).
pub fn headline_label(name: &str) -> &str {
    match name {
        "p_ceasefire_at_horizon" => "Ceasefire in force at the horizon",
        "p_wider_war" => "Wider war",
        "p_ceasefire" => "A ceasefire within the horizon",
        "p_collapse_given_ceasefire" => "Collapse given a ceasefire",
        "p_deployed" => "Force deployed",
        "p_collapse_with_force" => "Collapse with the force in the country",
        "p_withdrawn" => "Force withdrawn",
        "p_in_place_given_deployed" => "In place given deployed",
        other => other,
    }
}

/// The runs a headline figure of [`HEADLINE`] is counted over, as a table
/// shows beside it.
pub fn headline_denominator(name: &str) -> &'static str {
    match name {
        "p_collapse_given_ceasefire" => "of runs with a ceasefire",
        "p_in_place_given_deployed" => "of deployed runs",
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

/// `k` of all `runs` as an [`OutcomeStat`].
pub fn share_stat(k: u64, runs: u64) -> OutcomeStat {
    let (lo, hi) = wilson(k, runs);
    OutcomeStat {
        count: k,
        probability: ratio(k, runs),
        ci95: [lo, hi],
    }
}

/// The peace classes, in their order.
pub fn peace_stats(agg: &Aggregate) -> IndexMap<String, OutcomeStat> {
    Peace::ALL
        .iter()
        .map(|p| {
            (
                p.name().to_string(),
                share_stat(agg.peace_count(*p), agg.runs),
            )
        })
        .collect()
}

/// The mission classes, in their order (`None` for an option without a
/// force).
pub fn mission_stats(agg: &Aggregate) -> Option<IndexMap<String, OutcomeStat>> {
    (agg.force_runs > 0).then(|| {
        Mission::ALL
            .iter()
            .map(|m| {
                (
                    m.name().to_string(),
                    share_stat(agg.mission_count(*m), agg.runs),
                )
            })
            .collect()
    })
}

fn mission_detail(agg: &Aggregate) -> Option<MissionDetail> {
    (agg.force_runs > 0).then(|| MissionDetail {
        never_deployed: NeverReason::ALL
            .iter()
            .map(|n| {
                (
                    n.name().to_string(),
                    share_stat(agg.never[*n as usize], agg.runs),
                )
            })
            .collect(),
        ended_by_collapse: [Route::StoodAside, Route::Fought]
            .iter()
            .zip(agg.collapse_ended)
            .map(|(r, k)| (r.name().to_string(), share_stat(k, agg.runs)))
            .collect(),
        withdrawn_by: WithdrawalCause::ALL
            .iter()
            .zip(agg.withdrawn_by)
            .map(|(w, k)| (w.name().to_string(), share_stat(k, agg.runs)))
            .collect(),
    })
}

/// The count of a share of all runs.
pub fn share_count(agg: &Aggregate, s: Share) -> u64 {
    agg.share_count(s)
}

/// Months of ceasefire: the mean with its interval, its share of the
/// horizon, and exact quantiles (the smallest value whose cumulative count
/// reaches q·n).
pub fn months_stat(agg: &Aggregate) -> MonthsStat {
    let n = agg.runs;
    let (s, ss) = agg.months_sums();
    let (mean, ci95) = crate::analysis::compare::mean_interval(n, s, ss, 1.0);
    let h = f64::from(agg.horizon().max(1));
    let q = |p: f64| -> u32 {
        if n == 0 {
            return 0;
        }
        let target = (p * n as f64).ceil().max(1.0) as u64;
        let mut acc = 0;
        for (k, &c) in agg.months.iter().enumerate() {
            acc += c;
            if acc >= target {
                return k as u32;
            }
        }
        agg.horizon()
    };
    MonthsStat {
        mean,
        ci95,
        share_of_horizon: mean / h,
        share_ci95: [ci95[0] / h, ci95[1] / h],
        p05: q(0.05),
        p25: q(0.25),
        p50: q(0.50),
        p75: q(0.75),
        p95: q(0.95),
    }
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

/// The first ceasefire's collapse by route, each over all runs.
pub fn route_stats(agg: &Aggregate) -> IndexMap<String, OutcomeStat> {
    Route::ALL
        .iter()
        .map(|r| {
            (
                r.name().to_string(),
                share_stat(agg.routes[*r as usize], agg.runs),
            )
        })
        .collect()
}

/// The headline figures of [`HEADLINE`], in its order; those of
/// [`FORCE_HEADLINE`] left out for an option without a force.
pub fn headline(agg: &Aggregate) -> IndexMap<String, Estimate> {
    let collapsed = agg.collapsed();
    let with_force = agg.routes[Route::StoodAside as usize] + agg.routes[Route::Fought as usize];
    let values = [
        estimate(agg.ceasefire_at_horizon(), agg.runs),
        estimate(agg.peace_count(Peace::WiderWar), agg.runs),
        estimate(agg.ceasefires, agg.runs),
        estimate(collapsed, agg.ceasefires),
        estimate(agg.deployed, agg.runs),
        estimate(with_force, agg.runs),
        estimate(share_count(agg, Share::Withdrawn), agg.runs),
        estimate(agg.mission_count(Mission::InPlace), agg.deployed),
    ];
    HEADLINE
        .iter()
        .zip(values)
        .filter(|((name, _), _)| agg.force_runs > 0 || !FORCE_HEADLINE.contains(name))
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
    let peace = peace_stats(agg);
    let mission = mission_stats(agg);
    let outcomes: IndexMap<String, OutcomeStat> = peace
        .iter()
        .chain(mission.iter().flatten())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
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
            let o = share_stat(share_count(agg, e.share), runs);
            let passed =
                e.min.is_none_or(|m| o.ci95[1] >= m) && e.max.is_none_or(|m| o.ci95[0] <= m);
            ExpectationResult {
                outcome: e.share.name().to_string(),
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
        peace,
        months_of_ceasefire: months_stat(agg),
        mission,
        mission_detail: mission_detail(agg),
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
