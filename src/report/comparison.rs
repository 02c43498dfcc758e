//! The outputs of `reassure compare`: `compare.json` (differences under
//! keys containing `diff`), `compare.md`, `compare.csv`, `report.html`,
//! the printed tables and the charts, all from one [`Comparison`].

use super::brief::{Brief, Delta};
use super::charts::{self, ChartSet, Formats, Rendered};
use super::html::{esc, figures, page};
use super::markdown::NOISE_NOTE;
use super::md;
use super::summary::{OutcomeStat, Summary, Tool};
use super::table::{Table, num, pp2, signed};
use super::{File, chart_files};
use crate::analysis::compare::{
    Diff, FORCE_COST, PAIRED_MEANS, Paired, REFERENCE_FIGURES, RefFigure, mean_interval,
};
use crate::model::{Mission, Peace, Route};
use indexmap::IndexMap;
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    pub tool: Tool,
    pub seed: u64,
    pub runs: u64,
    /// Every scenario ran trajectory i on the same keyed streams.
    pub common_random_numbers: bool,
    pub scenarios: Vec<ComparedScenario>,
    /// One entry per scenario after the first: its difference from the first.
    pub differences: Vec<Difference>,
    pub timing: CompareTiming,
}

#[derive(Clone, Debug, Serialize)]
pub struct ComparedScenario {
    pub name: String,
    pub slug: String,
    pub file: String,
    pub sha256: String,
    pub horizon_months: u32,
    /// The peace at the horizon, over all runs.
    pub peace: IndexMap<String, OutcomeStat>,
    pub months_of_ceasefire: super::summary::MonthsStat,
    /// The mission's fate, over all runs; null without a force.
    pub mission: Option<IndexMap<String, OutcomeStat>>,
    /// The first ceasefire's collapse by route, over all runs.
    pub collapse_routes: IndexMap<String, OutcomeStat>,
    /// The headline figures, each over its own denominator.
    pub headline: IndexMap<String, super::summary::Estimate>,
    /// Per-run means over all runs (0 where no force deployed), 95% normal
    /// interval: the figures the paired differences compare.
    pub means: IndexMap<String, MeanStat>,
    /// The runs that deployed a force, over all runs.
    pub deployed: super::summary::Estimate,
    /// Deaths and cost per deployed run (the convention of every report's
    /// tables): mean over the runs that deployed a force, 95% normal
    /// interval; zero with no deployed run.
    pub per_deployed_run: IndexMap<String, MeanStat>,
    /// Each mission class's share of the runs that deployed a force (every
    /// class but never deployed); absent when no force deployed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mission_given_deployment: Option<IndexMap<String, OutcomeStat>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MeanStat {
    pub unit: String,
    pub mean: f64,
    pub ci95: [f64; 2],
}

#[derive(Clone, Debug, Serialize)]
pub struct Difference {
    pub scenario: String,
    pub versus: String,
    /// Probability under this scenario minus under the first, per peace
    /// class.
    pub peace_diffs: IndexMap<String, DiffStat>,
    /// The same per mission class; absent unless both send a force.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mission_diffs: Option<IndexMap<String, DiffStat>>,
    /// The same for the first ceasefire's collapse by route.
    pub route_diffs: IndexMap<String, DiffStat>,
    /// Months of ceasefire, civilian harm, deaths and cost per run, over all
    /// runs.
    pub mean_diffs: IndexMap<String, DiffStat>,
    /// The figures of a batch's difference from its reference, the peace
    /// first (`ceasefire_at_horizon`, `ceasefire_quiet`, `war`, `wider_war`,
    /// `months_of_ceasefire`, `civilian_harm_per_run`).
    pub reference_diffs: IndexMap<String, DiffStat>,
    /// Median over the peace classes with a nonzero paired variance of
    /// Var(independent) / Var(paired).
    pub median_variance_reduction: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DiffStat {
    pub diff: f64,
    /// Paired (common random numbers) 95% interval.
    pub diff_ci95: [f64; 2],
    /// What independent streams would give for the same runs.
    pub independent_diff_ci95: [f64; 2],
    pub variance_reduction: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CompareTiming {
    pub elapsed_s: f64,
    pub threads: usize,
}

impl From<Diff> for DiffStat {
    fn from(d: Diff) -> Self {
        DiffStat {
            diff: d.diff,
            diff_ci95: d.diff_ci95,
            independent_diff_ci95: d.independent_diff_ci95,
            variance_reduction: d.variance_reduction,
        }
    }
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    })
}

/// Build the comparison from the scenarios' summaries (same seed and runs)
/// and the paired aggregate.
pub fn compare(
    summaries: &[Summary],
    paired: &Paired,
    elapsed_s: f64,
    threads: usize,
) -> Comparison {
    let n = paired.aggs[0].runs;
    let scenarios = summaries
        .iter()
        .enumerate()
        .map(|(k, s)| {
            // Each scenario's own sums: from its pairing's b side, or the a
            // side of any pairing for the first.
            let deployed = s.rates.deployed_runs;
            let own_sums = |i: usize| match k {
                0 => paired
                    .pairings
                    .first()
                    .map_or((0, 0), |p| (p.sums[i].a, p.sums[i].aa)),
                _ => (
                    paired.pairings[k - 1].sums[i].b,
                    paired.pairings[k - 1].sums[i].bb,
                ),
            };
            let mut per_deployed_run = IndexMap::new();
            let means = PAIRED_MEANS
                .iter()
                .enumerate()
                .map(|(i, (name, unit, scale))| {
                    let (sum, sq) = own_sums(i);
                    // Deaths and the force's cost: a run with no force adds
                    // 0 to both sums, so the same sums over the deployed
                    // runs give the mean per deployed run (the force's cost
                    // from its own sums: the expected cost adds pressure
                    // and aid in every run).
                    if matches!(*name, "hostile_deaths_per_run" | "cost_eur_bn_per_run") {
                        let j = if *name == "cost_eur_bn_per_run" {
                            FORCE_COST
                        } else {
                            i
                        };
                        let (sum, sq) = own_sums(j);
                        let (m, ci) = mean_interval(deployed, sum, sq, *scale);
                        per_deployed_run.insert(
                            name.replace("_per_run", ""),
                            MeanStat {
                                unit: unit.to_string(),
                                mean: m,
                                ci95: ci,
                            },
                        );
                    }
                    let (mean, ci95) = mean_interval(n, sum, sq, *scale);
                    (
                        name.to_string(),
                        MeanStat {
                            unit: unit.to_string(),
                            mean,
                            ci95,
                        },
                    )
                })
                .collect();
            let mission_given_deployment = s.mission.as_ref().filter(|_| deployed > 0).map(|m| {
                m.iter()
                    .filter(|(k, _)| *k != "never_deployed")
                    .map(|(name, o)| {
                        let e = super::summary::estimate(o.count, deployed);
                        (
                            name.clone(),
                            OutcomeStat {
                                count: o.count,
                                probability: e.estimate.unwrap_or(0.0),
                                ci95: e.ci95,
                            },
                        )
                    })
                    .collect()
            });
            ComparedScenario {
                name: s.scenario.name.clone(),
                slug: s.scenario.slug.clone(),
                file: s.scenario.file.clone(),
                sha256: s.scenario.sha256.clone(),
                horizon_months: s.horizon_months,
                peace: s.peace.clone(),
                months_of_ceasefire: s.months_of_ceasefire.clone(),
                mission: s.mission.clone(),
                collapse_routes: s.collapse_routes.clone(),
                headline: s.headline.clone(),
                means,
                deployed: super::summary::estimate(deployed, s.runs),
                per_deployed_run,
                mission_given_deployment,
            }
        })
        .collect();
    let differences = paired
        .pairings
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let peace_diffs: IndexMap<String, DiffStat> = Peace::ALL
                .iter()
                .map(|o| (o.name().to_string(), p.peace_diff(n, *o as usize).into()))
                .collect();
            let both_forces = summaries[0].mission.is_some() && summaries[k + 1].mission.is_some();
            let mission_diffs = both_forces.then(|| {
                Mission::ALL
                    .iter()
                    .map(|o| (o.name().to_string(), p.mission_diff(n, *o as usize).into()))
                    .collect()
            });
            let vr = median(
                peace_diffs
                    .values()
                    .filter_map(|d: &DiffStat| d.variance_reduction)
                    .collect(),
            );
            Difference {
                scenario: summaries[k + 1].scenario.slug.clone(),
                versus: summaries[0].scenario.slug.clone(),
                peace_diffs,
                mission_diffs,
                route_diffs: Route::ALL
                    .iter()
                    .map(|r| (r.name().to_string(), p.route_diff(n, *r).into()))
                    .collect(),
                mean_diffs: PAIRED_MEANS
                    .iter()
                    .enumerate()
                    .map(|(i, (name, _, _))| (name.to_string(), p.mean_diff(n, i).into()))
                    .collect(),
                reference_diffs: REFERENCE_FIGURES
                    .iter()
                    .map(|(g, f)| {
                        let d = match f {
                            RefFigure::Peace(set) => p.peace_group_diff(n, set),
                            RefFigure::Mean(i) => p.mean_diff(n, *i),
                        };
                        (g.to_string(), d.into())
                    })
                    .collect(),
                median_variance_reduction: vr,
            }
        })
        .collect();
    Comparison {
        tool: summaries[0].tool.clone(),
        seed: summaries[0].seed,
        runs: n,
        common_random_numbers: true,
        scenarios,
        differences,
        timing: CompareTiming { elapsed_s, threads },
    }
}

fn vr_cell(v: Option<f64>) -> String {
    match v {
        Some(v) => format!("{v:.1}×"),
        None => "– (no discordant runs)".into(),
    }
}

/// A paired mean's words: "expected hostile deaths per run (all runs)".
pub fn mean_label(name: &str, unit: &str) -> String {
    match name {
        "months_of_ceasefire" => format!("Months of ceasefire per run, {unit} (of all runs)"),
        "civilian_harm_per_run" => format!("Civilian harm per run, {unit} (of all runs)"),
        "hostile_deaths_per_run" => {
            format!("Expected hostile deaths per run, {unit} (of all runs, 0 without a force)")
        }
        "cost_eur_bn_per_run" => {
            format!(
                "Expected cost per run, {unit} (of all runs: the force's marginal cost where it deployed, plus pressure and aid)"
            )
        }
        other => format!("{other}, {unit}"),
    }
}

/// A per-deployed-run mean's words.
fn deployed_mean_label(name: &str, unit: &str) -> String {
    let what = match name {
        "hostile_deaths" => "Hostile deaths, mean",
        "cost_eur_bn" => "Cost of the force (marginal), mean",
        other => other,
    };
    format!("{what}, {unit} (per deployed run)")
}

fn cell_of(o: &OutcomeStat) -> String {
    super::index::cell(o)
}

/// Option × peace class, shares of all runs with intervals, then months
/// of ceasefire; then option × mission class (for options with a force),
/// then deaths and cost per deployed run.
pub fn outcome_table(c: &Comparison) -> Table {
    let mut header = vec!["the peace at the horizon (share of all runs)".to_string()];
    header.extend(c.scenarios.iter().map(|s| s.name.clone()));
    let h: Vec<&str> = header.iter().map(|s| s.as_str()).collect();
    let mut t = Table::new(&h);
    for o in Peace::ALL {
        let mut row = vec![o.label().to_string()];
        row.extend(
            c.scenarios
                .iter()
                .map(|s| s.peace.get(o.name()).map_or("–".into(), cell_of)),
        );
        t.row(row);
    }
    let mut row = vec!["Months of ceasefire, mean (of all runs)".to_string()];
    row.extend(c.scenarios.iter().map(|s| {
        let m = &s.months_of_ceasefire;
        format!(
            "{:.1} of {} ({:.1}–{:.1})",
            m.mean, s.horizon_months, m.ci95[0], m.ci95[1]
        )
    }));
    t.row(row);
    if c.scenarios.iter().any(|s| s.mission.is_some()) {
        for o in Mission::ALL {
            let mut row = vec![format!("Mission: {}", o.label())];
            row.extend(c.scenarios.iter().map(|s| {
                s.mission
                    .as_ref()
                    .and_then(|m| m.get(o.name()))
                    .map_or("– (no force)".into(), cell_of)
            }));
            t.row(row);
        }
    }
    let names: Vec<String> = c
        .scenarios
        .first()
        .map(|s| s.per_deployed_run.keys().cloned().collect())
        .unwrap_or_default();
    for name in names {
        let unit = c.scenarios[0].per_deployed_run[&name].unit.clone();
        let mut row = vec![deployed_mean_label(&name, &unit)];
        row.extend(c.scenarios.iter().map(|s| {
            let m = &s.per_deployed_run[&name];
            if s.deployed.count == 0 {
                "– (none deployed)".into()
            } else {
                format!("{} ({}–{})", num(m.mean), num(m.ci95[0]), num(m.ci95[1]))
            }
        }));
        t.row(row);
    }
    t
}

/// Option × mission class, shares of the runs that deployed a force.
pub fn deployed_table(c: &Comparison) -> Option<Table> {
    if c.scenarios
        .iter()
        .all(|s| s.mission_given_deployment.is_none())
    {
        return None;
    }
    let mut header = vec!["the mission's fate (share of deployed runs)".to_string()];
    header.extend(c.scenarios.iter().map(|s| s.name.clone()));
    let h: Vec<&str> = header.iter().map(|s| s.as_str()).collect();
    let mut t = Table::new(&h);
    let mut row = vec!["Deployed runs".to_string()];
    row.extend(c.scenarios.iter().map(|s| num(s.deployed.count as f64)));
    t.row(row);
    for o in Mission::ALL.iter().skip(1) {
        let mut row = vec![o.label().to_string()];
        row.extend(c.scenarios.iter().map(|s| {
            s.mission_given_deployment
                .as_ref()
                .and_then(|m| m.get(o.name()))
                .map_or("– (none deployed)".into(), cell_of)
        }));
        t.row(row);
    }
    Some(t)
}

/// Headline figure × scenario, each over its own denominator.
pub fn headline_table(c: &Comparison) -> Table {
    let mut header = vec!["headline figure".to_string()];
    header.extend(c.scenarios.iter().map(|s| s.name.clone()));
    let h: Vec<&str> = header.iter().map(|s| s.as_str()).collect();
    let mut t = Table::new(&h);
    for (name, _) in super::summary::HEADLINE {
        let mut row = vec![format!(
            "{} ({})",
            super::summary::headline_label(name),
            super::summary::headline_denominator(name)
        )];
        row.extend(c.scenarios.iter().map(|s| {
            s.headline
                .get(name)
                .map_or("–".into(), super::index::estimate_cell)
        }));
        t.row(row);
    }
    t
}

/// One scenario's differences from the first.
pub fn difference_table(d: &Difference) -> Table {
    let mut t = Table::new(&[
        "figure",
        "difference",
        "paired 95% interval",
        "independent 95% interval",
        "variance reduction",
    ]);
    // Probabilities in percentage points of all runs, means as signed
    // numbers; the collapse routes beneath their class.
    let row = |t: &mut Table, name: String, x: &DiffStat, f: fn(f64) -> String| {
        let bare = |v: f64| f(v).replace(" pp", "");
        let range = |c: [f64; 2]| format!("{} to {}", bare(c[0]), bare(c[1]));
        t.row(vec![
            name,
            f(x.diff),
            range(x.diff_ci95),
            range(x.independent_diff_ci95),
            vr_cell(x.variance_reduction),
        ]);
    };
    for (name, x) in &d.peace_diffs {
        row(&mut t, super::markdown::outcome_label(name), x, pp2);
    }
    for (name, x) in d.mean_diffs.iter().take(2) {
        let unit = PAIRED_MEANS
            .iter()
            .find(|m| m.0 == name)
            .map_or("", |m| m.1);
        row(&mut t, mean_label(name, unit), x, signed);
    }
    for (name, x) in d.mission_diffs.iter().flatten() {
        row(
            &mut t,
            format!("Mission: {}", super::markdown::outcome_label(name)),
            x,
            pp2,
        );
    }
    for (r, x) in &d.route_diffs {
        row(
            &mut t,
            format!(
                "First ceasefire collapsed: {}",
                super::glossary::route_label(
                    *Route::ALL.iter().find(|x| x.name() == r).expect("a route")
                )
            ),
            x,
            pp2,
        );
    }
    for (name, x) in d.mean_diffs.iter().skip(2) {
        let unit = PAIRED_MEANS
            .iter()
            .find(|m| m.0 == name)
            .map_or("", |m| m.1);
        row(&mut t, mean_label(name, unit), x, signed);
    }
    t
}

/// What the pairing bought, in one sentence.
pub fn pairing_line(d: &Difference) -> String {
    match d.median_variance_reduction {
        Some(v) => format!(
            "Common random numbers: paired intervals are {:.1}× narrower than independent streams would give for the same runs (median variance reduction {v:.1}× over the peace classes that differ).",
            v.sqrt()
        ),
        None => "Common random numbers: every run ended in the same peace class under both scenarios, so those differences are exactly zero.".into(),
    }
}

pub const ESTIMATOR_NOTE: &str = "Every option runs the same calendar months from the scenario's start. Differences are means of paired per-run differences (scenario minus the first) on common random numbers, in percentage points (pp) of all runs or in the figure's unit; 95% intervals are mean ± 1.96·s/√n over the pairs (see Definitions).";

fn name_of<'a>(c: &'a Comparison, slug: &'a str) -> &'a str {
    c.scenarios
        .iter()
        .find(|s| s.slug == slug)
        .map_or(slug, |s| s.name.as_str())
}

/// The printed comparison.
pub fn text(c: &Comparison) -> String {
    let mut out = format!(
        "Comparison — {} runs each, seed {}, common random numbers\n\n",
        num(c.runs as f64),
        c.seed
    );
    out.push_str(&outcome_table(c).text());
    out.push('\n');
    if let Some(t) = deployed_table(c) {
        out.push_str(&t.text());
        out.push('\n');
    }
    out.push_str(&headline_table(c).text());
    for d in &c.differences {
        out.push_str(&format!(
            "\n{} minus {}:\n",
            name_of(c, &d.scenario),
            name_of(c, &d.versus)
        ));
        out.push_str(&difference_table(d).text());
        out.push_str(&format!("  {}\n", pairing_line(d)));
    }
    out.push_str(&format!("\n{ESTIMATOR_NOTE}\n"));
    out
}

fn md(c: &Comparison, brief: &Brief, links: &[(String, String)]) -> String {
    let mut out = format!(
        "# Comparison: {}\n\n{} runs each, seed {}, common random numbers; reassure {}.\n\n> {ESTIMATOR_NOTE}\n>\n> {NOISE_NOTE}\n\n",
        md::text(
            &c.scenarios
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join(" vs ")
        ),
        num(c.runs as f64),
        c.seed,
        c.tool.version
    );
    out.push_str(&brief.markdown("##"));
    out.push_str("\n## The peace and the mission\n\n");
    out.push_str(&outcome_table(c).markdown());
    if let Some(t) = deployed_table(c) {
        out.push_str(&format!(
            "\n## The mission's fate per deployment\n\n{} These shares are per deployment: not comparable across options whose forces deploy in different runs.\n\n",
            super::glossary::DEPLOYED_NOTE
        ));
        out.push_str(&t.markdown());
    }
    out.push_str(&format!(
        "\n## Headline figures\n\n{}\n\n",
        super::index::FIGURES_NOTE
    ));
    out.push_str(&headline_table(c).markdown());
    for d in &c.differences {
        out.push_str(&format!(
            "\n## {} minus {}\n\n",
            md::text(name_of(c, &d.scenario)),
            md::text(name_of(c, &d.versus))
        ));
        out.push_str(&difference_table(d).markdown());
        out.push_str(&format!("\n{}\n", md::text(&pairing_line(d))));
    }
    if !links.is_empty() {
        out.push_str("\n## Charts\n\n");
        for (heading, file) in links {
            out.push_str(&format!("{}\n\n", md::image(heading, file)));
        }
    }
    out.push_str("\n## Scenarios\n\n");
    for s in &c.scenarios {
        out.push_str(&format!(
            "- {} ({}, sha256 {})\n",
            md::text(&s.name),
            md::code(&s.file),
            md::code(&s.sha256[..16.min(s.sha256.len())])
        ));
    }
    out.push('\n');
    out.push_str(&super::glossary::markdown());
    out
}

fn csv(c: &Comparison) -> String {
    let mut out = String::from(
        "scenario,outcome,count,probability,ci95_low,ci95_high,diff,diff_ci95_low,diff_ci95_high,independent_diff_ci95_low,independent_diff_ci95_high,variance_reduction,denominator\n",
    );
    for (k, s) in c.scenarios.iter().enumerate() {
        // The peace classes, the mission's (with a force), then the first
        // ceasefire's collapse by route (as `collapse_route.<route>`).
        let diffs = (k > 0).then(|| &c.differences[k - 1]);
        let mut rows: Vec<(String, &OutcomeStat, Option<&DiffStat>)> = Vec::new();
        for (name, o) in &s.peace {
            rows.push((name.clone(), o, diffs.map(|d| &d.peace_diffs[name])));
        }
        for (name, o) in s.mission.iter().flatten() {
            let d = diffs.and_then(|d| d.mission_diffs.as_ref().map(|m| &m[name]));
            rows.push((name.clone(), o, d));
        }
        for (r, o) in &s.collapse_routes {
            rows.push((
                format!("collapse_route.{r}"),
                o,
                diffs.map(|d| &d.route_diffs[r]),
            ));
        }
        for (name, o, d) in rows {
            let f = |x: Option<f64>| x.map_or(String::new(), |v| v.to_string());
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{},{},{},{},{},all runs\n",
                s.slug,
                name,
                o.count,
                o.probability,
                o.ci95[0],
                o.ci95[1],
                f(d.map(|d| d.diff)),
                f(d.map(|d| d.diff_ci95[0])),
                f(d.map(|d| d.diff_ci95[1])),
                f(d.map(|d| d.independent_diff_ci95[0])),
                f(d.map(|d| d.independent_diff_ci95[1])),
                f(d.and_then(|d| d.variance_reduction)),
            ));
        }
    }
    out
}

fn html(c: &Comparison, brief: &Brief, rendered: &[Rendered]) -> String {
    let title = c
        .scenarios
        .iter()
        .map(|s| s.name.as_str())
        .collect::<Vec<_>>()
        .join(" vs ");
    let mut b = format!("<h1>Comparison: {}</h1>\n", esc(&title));
    b.push_str(&brief.html());
    b.push_str(&format!(
        "<p>{} runs each, seed {}, common random numbers (every scenario ran trajectory <i>i</i> on the same random streams).</p>\n<p class=\"note\">{} {}</p>\n",
        num(c.runs as f64),
        c.seed,
        esc(ESTIMATOR_NOTE),
        esc(NOISE_NOTE)
    ));
    b.push_str("<h2>The peace and the mission</h2>\n<p>Every run ends in exactly one peace class at the horizon, and an option with a force in one mission class; shares of all runs, then deaths and cost per deployed run.</p>\n");
    b.push_str(&outcome_table(c).html("wide"));
    if let Some(t) = deployed_table(c) {
        b.push_str(&format!(
            "<h2>The mission's fate per deployment</h2>\n<p>{} These shares are per deployment: not comparable across options whose forces deploy in different runs.</p>\n",
            esc(super::glossary::DEPLOYED_NOTE)
        ));
        b.push_str(&t.html("wide"));
    }
    b.push_str(&format!(
        "<h2>Headline figures</h2>\n<p>{}</p>\n",
        esc(super::index::FIGURES_NOTE)
    ));
    b.push_str(&headline_table(c).html("wide"));
    for d in &c.differences {
        b.push_str(&format!(
            "<h2>{} minus {}</h2>\n",
            esc(name_of(c, &d.scenario)),
            esc(name_of(c, &d.versus))
        ));
        b.push_str(&difference_table(d).html("wide"));
        b.push_str(&format!("<p>{}</p>\n", esc(&pairing_line(d))));
    }
    b.push_str("<h2>Charts</h2>\n");
    if rendered.is_empty() {
        b.push_str("<p>No charts were drawn (<code>--charts none</code>).</p>\n");
    } else {
        b.push_str(&figures(rendered, "Comparison"));
    }
    b.push_str("<h2>Scenarios</h2>\n<dl class=\"prov\">\n");
    for s in &c.scenarios {
        b.push_str(&format!(
            "<dt>{}</dt><dd><code>{}</code> sha256 <code>{}</code></dd>\n",
            esc(&s.name),
            esc(&s.file),
            esc(&s.sha256)
        ));
    }
    b.push_str(&format!(
        "<dt>tool</dt><dd><code>reassure {}</code>, {:.2} s on {} threads</dd>\n</dl>\n",
        esc(&c.tool.version),
        c.timing.elapsed_s,
        c.timing.threads
    ));
    b.push_str(&super::glossary::html());
    page(&format!("Comparison: {title} — reassure"), &b)
}

/// The comparison's charts: each run chart with every scenario (scenario i
/// in the same colour in every chart), and the paired differences from the
/// first scenario, of the outcomes and of deaths and cost, with intervals.
pub fn render_charts(
    c: &Comparison,
    summaries: &[Summary],
    png: bool,
    look: charts::Look,
) -> Result<Vec<Rendered>, charts::ChartError> {
    let set = ChartSet {
        title: "Comparison".into(),
        series: summaries
            .iter()
            .map(|s| (s.scenario.name.clone(), s))
            .collect(),
        caption: format!(
            "{} runs each, seed {}, common random numbers · whiskers, where drawn: 95% intervals (Monte Carlo noise only) · reassure {}",
            num(c.runs as f64),
            c.seed,
            c.tool.version
        ),
        look,
    };
    let mut out = charts::render(&set, &charts::Kind::ALL, png)?;
    // Rows: the scenarios after the first, in their own colours.
    let rows: Vec<(String, _)> = c
        .differences
        .iter()
        .enumerate()
        .map(|(k, d)| {
            (
                name_of(c, &d.scenario).to_string(),
                charts::scenario_colour(k + 1),
            )
        })
        .collect();
    let stat = |x: &DiffStat| Some([x.diff, x.diff_ci95[0], x.diff_ci95[1]]);
    let mut panels: Vec<charts::Panel> = Peace::ALL
        .iter()
        .map(|&o| charts::Panel {
            title: o.label().to_string(),
            // Colour here means the scenario, nothing else.
            swatch: None,
            values: c
                .differences
                .iter()
                .map(|d| d.peace_diffs.get(o.name()).and_then(stat))
                .collect(),
            group: 0,
            better: charts::Better::of(o.name()),
            format: pp_label,
        })
        .collect();
    // Months of ceasefire, civilian harm, deaths and cost per run over all
    // runs (deaths and cost 0 where no force deployed), as compare.json's
    // mean_diffs; each on its own scale.
    for (g, (name, title, better)) in [
        (
            "months_of_ceasefire",
            "Months of ceasefire per run (all runs)",
            charts::Better::Higher,
        ),
        (
            "civilian_harm_per_run",
            "Civilian harm per run, index points (all runs)",
            charts::Better::Lower,
        ),
        (
            "hostile_deaths_per_run",
            "Hostile deaths per run (all runs)",
            charts::Better::Lower,
        ),
        (
            "cost_eur_bn_per_run",
            "Cost per run, EUR bn (all runs; force marginal, plus pressure and aid)",
            charts::Better::Lower,
        ),
    ]
    .into_iter()
    .enumerate()
    {
        panels.push(charts::Panel {
            title: title.to_string(),
            swatch: None,
            values: c
                .differences
                .iter()
                .map(|d| d.mean_diffs.get(name).and_then(stat))
                .collect(),
            group: g + 1,
            better,
            format: figure_label,
        });
    }
    let bars = charts::PanelBars {
        names: rows.iter().map(|r| r.0.clone()).collect(),
        colours: rows.iter().map(|r| r.1).collect(),
        panels,
        cols: 4,
        signed: true,
    };
    let title = format!("Comparison: difference from {}", c.scenarios[0].name);
    let subtitle = format!(
        "Each scenario minus {}, on one calendar, paired on common random numbers, with paired 95% intervals; the peace in percentage points (pp) of all runs, on one scale",
        c.scenarios[0].name
    );
    let caption = set.caption.clone();
    out.push(charts::render_sized(
        "difference",
        "difference from the first scenario",
        (look.width, look.height),
        png,
        |root: &charts::Area<plotters::prelude::SVGBackend>| {
            let area = charts::frame_look(root, look, &title, &subtitle, &caption)?;
            charts::panel_bars(&area, &bars, look)
        },
        |root: &charts::Area<super::raster::Raster>| {
            let area = charts::frame_look(root, look, &title, &subtitle, &caption)?;
            charts::panel_bars(&area, &bars, look)
        },
    )?);
    Ok(out)
}

/// A difference in probability as percentage points.
fn pp_label(v: f64) -> String {
    let p = v * 100.0;
    if p == 0.0 {
        "0 pp".into()
    } else if p.abs() >= 1.0 {
        format!("{p:.1} pp")
    } else {
        format!("{p:.2} pp")
    }
}

/// A difference in deaths or EUR bn per run: three significant figures
/// at most, no more than two decimals.
fn figure_label(v: f64) -> String {
    let a = v.abs();
    if a == 0.0 {
        "0".into()
    } else if a >= 100.0 {
        num(v.round())
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

/// The comparison's brief: every option's figures and its paired
/// difference from the first on the peace figures a batch reports (a
/// reference's).
pub fn brief(c: &Comparison, summaries: &[Summary]) -> Brief {
    let first = c.scenarios.first().map_or("", |s| s.name.as_str());
    let mut deltas = vec![Vec::new()];
    for d in &c.differences {
        let v: Vec<Delta> = d
            .reference_diffs
            .iter()
            .map(|(g, x)| super::brief::group_delta(g, x.diff, x.diff_ci95, None))
            .collect();
        deltas.push(v);
    }
    let refs: Vec<&Summary> = summaries.iter().collect();
    Brief::new(
        "Brief".into(),
        format!(
            "{} options, {} runs each, seed {}, horizon {} months from the start for every option, on common random numbers: run i of every option meets the same random draws, so differences are paired.",
            c.scenarios.len(),
            num(c.runs as f64),
            c.seed,
            c.scenarios.first().map_or(0, |s| s.horizon_months)
        ),
        &refs,
        Some(first),
        deltas,
    )
}

/// The files of `DIR/compare-<slugs>/`.
pub fn files(
    c: &Comparison,
    summaries: &[Summary],
    rendered: &[Rendered],
    formats: Formats,
) -> Vec<File> {
    let (chart_files, links) = chart_files(rendered, formats);
    let brief = brief(c, summaries);
    let mut json = serde_json::to_string_pretty(c).expect("a Comparison serialises");
    json.push('\n');
    let mut files = vec![
        ("compare.json".to_string(), json.into_bytes()),
        ("compare.md".to_string(), md(c, &brief, &links).into_bytes()),
        ("compare.csv".to_string(), csv(c).into_bytes()),
        (
            "report.html".to_string(),
            html(c, &brief, rendered).into_bytes(),
        ),
        super::brief::file(&brief),
    ];
    files.extend(chart_files);
    files
}

/// `compare-<slug>-vs-<slug>...`, shortened with a hash past 120 characters.
pub fn folder_name(slugs: &[&str]) -> String {
    let full = format!("compare-{}", slugs.join("-vs-"));
    if full.len() <= 120 {
        return full;
    }
    let hash = crate::random::rng::purpose(&full);
    format!("{}-{:08x}", full[..100].trim_end_matches('-'), hash as u32)
}
