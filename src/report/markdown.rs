//! `summary.md` and the printed summary: the same tables, as Markdown or text.

use super::glossary::metric_label;
use super::summary::{Summary, headline_denominator, headline_label};
use super::table::{Table, num, pct, share};
use crate::engine::METRICS;
use crate::model::Outcome;

pub const NOISE_NOTE: &str = "Intervals are 95% Wilson score intervals. They cover Monte Carlo noise only, not the model's own uncertainty: the model is stylised, and its coefficients are assumptions (see docs/model.md).";

/// The label of a `ceasefire_collapse` route's row: indented beneath the
/// class, as a part of it ("  of which the force fought").
pub fn route_label(route: &str) -> String {
    let words = crate::model::Route::ALL
        .iter()
        .find(|r| r.name() == route)
        .map_or_else(
            || route.replace('_', " "),
            |r| super::glossary::route_label(*r).to_string(),
        );
    format!("  of which {words}")
}

/// A share's cells: the estimate ("< bound" for a zero count) and its
/// interval.
fn share_cells(count: u64, p: f64, ci: [f64; 2]) -> [String; 2] {
    let hi = if count == 0 {
        super::table::pct_bound(ci[1])
    } else {
        pct(ci[1])
    };
    [share(count, p, ci), format!("{} – {hi}", pct(ci[0]))]
}

/// The outcome classes, with `ceasefire_collapse` split by route in
/// indented rows beneath it (the split rows are parts of the class above,
/// not further classes).
pub fn outcome_table(s: &Summary) -> Table {
    let mut t = Table::new(&["outcome", "runs", "share of all runs", "95% interval"]);
    let row = |t: &mut Table, name: String, o: &super::summary::OutcomeStat| {
        let [est, ci] = share_cells(o.count, o.probability, o.ci95);
        t.row(vec![name, num(o.count as f64), est, ci]);
    };
    for (name, o) in &s.outcomes {
        row(&mut t, outcome_label(name), o);
        if name == "ceasefire_collapse" {
            for (route, o) in &s.collapse_routes {
                row(&mut t, route_label(route), o);
            }
        }
    }
    t
}

/// A class's reader's label from its identifier.
pub fn outcome_label(name: &str) -> String {
    Outcome::find(name).map_or_else(|| name.replace('_', " "), |o| o.label().to_string())
}

/// Each class's count among the runs that deployed a force, when the
/// summary determines them: a run deploys unless it ended in no deployment
/// or in a collapse before arrival, so the deployed runs of every other
/// class are all its runs (and of a collapse, those with the force in the
/// country). `None` when those counts do not add up to the deployed runs
/// (a scenario that sends no force, whose runs never deploy).
pub fn deployed_counts(s: &Summary) -> Option<Vec<(String, u64)>> {
    let deployed = s.rates.deployed_runs;
    if deployed == 0 {
        return None;
    }
    let before = s
        .collapse_routes
        .get("before_arrival")
        .map_or(0, |o| o.count);
    let counts: Vec<(String, u64)> = s
        .outcomes
        .iter()
        .map(|(name, o)| {
            let k = match name.as_str() {
                "no_deployment" => 0,
                "ceasefire_collapse" => o.count.saturating_sub(before),
                _ => o.count,
            };
            (name.clone(), k)
        })
        .collect();
    (counts.iter().map(|(_, k)| k).sum::<u64>() == deployed).then_some(counts)
}

/// How the runs that deployed a force ended, each over the deployed runs.
pub fn deployed_outcome_table(s: &Summary) -> Option<Table> {
    let counts = deployed_counts(s)?;
    let n = s.rates.deployed_runs;
    let mut t = Table::new(&["outcome", "runs", "share of deployed runs", "95% interval"]);
    for (name, k) in counts {
        if name == "no_deployment" {
            continue;
        }
        let e = super::summary::estimate(k, n);
        let [est, ci] = share_cells(k, e.estimate.unwrap_or(0.0), e.ci95);
        let label = if name == "ceasefire_collapse" {
            "Ceasefire collapse (the force in the country)".to_string()
        } else {
            outcome_label(&name)
        };
        t.row(vec![label, num(k as f64), est, ci]);
    }
    Some(t)
}

/// The sentence above the deployed-runs table.
pub fn deployed_note(s: &Summary) -> String {
    let no_dep = s.outcomes.get("no_deployment").map_or(0, |o| o.count);
    let before = s
        .collapse_routes
        .get("before_arrival")
        .map_or(0, |o| o.count);
    format!(
        "The {} runs that deployed a force ({} of all runs): the {} runs minus {} with no ceasefire in the window (no deployment) and {} whose ceasefire collapsed during the deployment lag, before the force arrived. Neither group ever had a force in the country.",
        num(s.rates.deployed_runs as f64),
        pct(s.rates.deployed_runs as f64 / s.runs.max(1) as f64),
        num(s.runs as f64),
        num(no_dep as f64),
        num(before as f64),
    )
}

/// The headline figures, each with its denominator, and the casualty rate.
pub fn headline_table(s: &Summary) -> Table {
    let mut t = Table::new(&[
        "headline figure",
        "estimate",
        "95% interval",
        "counted over",
        "runs counted",
    ]);
    for (name, e) in &s.headline {
        let [est, ci] = match e.estimate {
            Some(x) => share_cells(e.count, x, e.ci95),
            None => ["n/a".into(), "no run to count".into()],
        };
        t.row(vec![
            headline_label(name).to_string(),
            est,
            ci,
            headline_denominator(name).to_string(),
            num(e.n as f64),
        ]);
    }
    let d = super::brief::deployment(s);
    let [est, ci] = share_cells(d.count, d.estimate.unwrap_or(0.0), d.ci95);
    t.row(vec![
        "Force deployed".into(),
        est,
        ci,
        "of all runs".into(),
        num(s.runs as f64),
    ]);
    let r = &s.rates;
    t.row(vec![
        "Deaths per 1,000 troop-years".into(),
        format!("{:.3}", r.hostile_deaths_per_1000_troop_years),
        format!(
            "{:.3} – {:.3}",
            r.hostile_deaths_per_1000_troop_years_ci95[0],
            r.hostile_deaths_per_1000_troop_years_ci95[1]
        ),
        "of deployed runs".into(),
        num(r.deployed_runs as f64),
    ]);
    t
}

pub const HEADLINE_NOTE: &str = "Each headline figure is over the runs named beside it: all runs, the runs with a ceasefire, or the runs that deployed a force; \"runs counted\" is how many runs that is. The casualty rate counts every person in the country (troops, trainers, unit crews), over the runs that deployed.";

pub fn metric_table(s: &Summary) -> Table {
    let mut t = Table::new(&[
        "per-run figure",
        "unit",
        "counted over",
        "runs counted",
        "mean",
        "p05",
        "p50",
        "p90",
        "p99",
        "max",
    ]);
    for spec in METRICS {
        let m = &s.metrics[spec.name];
        t.row(vec![
            metric_label(spec.name),
            m.unit.clone(),
            counted_over(spec.doc),
            num(m.n as f64),
            num(m.mean),
            num(m.p05),
            num(m.p50),
            num(m.p90),
            num(m.p99),
            num(m.max),
        ]);
    }
    t
}

/// The runs a per-run figure is counted over, from its registry entry
/// ("...; deployed runs").
pub fn counted_over(doc: &str) -> String {
    let over = doc.rsplit_once("; ").map_or("all runs", |(_, o)| o);
    if over.starts_with("runs that ended in a terminal event") {
        "runs with an ending".into()
    } else {
        over.to_string()
    }
}

pub const METRIC_NOTE: &str = "Quantiles come from fixed-bin histograms: exact below 64, otherwise within ±1.6%. Each figure is over the runs named beside it, counted in \"runs counted\": all runs for troops announced, the runs that ended in a terminal event for the month of the ending, the runs with an attack on the force for the months to it, and the runs that deployed a force for every other figure.";

pub fn monthly_table(s: &Summary) -> Table {
    let mut t = Table::new(&[
        "mission month",
        "no attack on the force yet",
        "ceasefire holding",
        "force in place",
    ]);
    let h = s.horizon_months as usize;
    let deployed = super::charts::deployed(s);
    let months: Vec<usize> = (1..=h)
        .filter(|m| *m == 1 || *m % 3 == 0 || *m == h)
        .collect();
    for m in months {
        let cell = |k: &str| pct(s.monthly[k][m - 1] as f64 / deployed.max(1) as f64);
        t.row(vec![
            m.to_string(),
            cell("no_attack_yet"),
            cell("ceasefire_holding"),
            cell("force_in_place"),
        ]);
    }
    t
}

fn expectation_lines(s: &Summary) -> String {
    s.expectations
        .iter()
        .map(|e| {
            format!(
                "- {} {}\n",
                if e.passed { "ok    " } else { "FAILED" },
                e.describe()
            )
        })
        .collect()
}

/// `summary.md`; `charts` are (heading, relative file) image links.
pub fn summary_md(s: &Summary, charts: &[(String, String)]) -> String {
    let mut out = format!("# {}\n\n", s.scenario.name);
    if !s.scenario.description.is_empty() {
        out.push_str(&format!("{}\n\n", s.scenario.description));
    }
    out.push_str(&format!(
        "Scenario `{}` (sha256 `{}`), seed {}, {} runs, {}-month horizon; reassure {}.\n\n> {}\n\n",
        s.scenario.file,
        &s.scenario.sha256[..16.min(s.scenario.sha256.len())],
        s.seed,
        num(s.runs as f64),
        s.horizon_months,
        s.tool.version,
        NOISE_NOTE
    ));
    out.push_str(&super::brief::of_run(s).markdown("##"));
    out.push_str(&format!("\n## Headline\n\n{HEADLINE_NOTE}\n\n"));
    out.push_str(&headline_table(s).markdown());
    out.push_str("\n## Outcomes\n\nEvery run ends in exactly one class; shares of all runs.\n\n");
    out.push_str(&outcome_table(s).markdown());
    if let Some(t) = deployed_outcome_table(s) {
        out.push_str(&format!(
            "\n## Outcomes given deployment\n\n{}\n\n",
            deployed_note(s)
        ));
        out.push_str(&t.markdown());
    }
    if !s.expectations.is_empty() {
        out.push_str("\n## Expectations\n\n");
        out.push_str(&expectation_lines(s));
    }
    out.push_str(&format!("\n## Per-run figures\n\n{METRIC_NOTE}\n\n"));
    out.push_str(&metric_table(s).markdown());
    out.push_str(&format!(
        "\n## State by mission month\n\n{MONTHLY_NOTE}\n\n"
    ));
    out.push_str(&monthly_table(s).markdown());
    if !charts.is_empty() {
        out.push_str("\n## Charts\n\n");
        for (heading, file) in charts {
            out.push_str(&format!("![{heading}]({file})\n\n"));
        }
    }
    out.push_str("\n## Parameters\n\n");
    out.push_str(&parameter_table(s).markdown());
    out.push('\n');
    out.push_str(&super::glossary::markdown());
    out
}

pub const MONTHLY_NOTE: &str =
    "Shares of the runs that deployed a force, at the end of each mission month.";

pub fn parameter_table(s: &Summary) -> Table {
    let mut t = Table::new(&["lever", "value"]);
    t.numeric = false;
    for (k, v) in &s.parameters {
        t.row(vec![format!("`{k}`"), v.clone()]);
    }
    for (k, v) in &s.assumptions {
        t.row(vec![format!("`assumptions.{k}`"), v.clone()]);
    }
    for (k, rho) in &s.correlations {
        let (a, b) = k.split_once(" ~ ").unwrap_or((k, ""));
        t.row(vec![
            format!("`{a}` ~ `{b}`"),
            format!("rank correlation {}", crate::scenario::spec::fmt_num(*rho)),
        ]);
    }
    t
}

/// The summary printed by `run`.
pub fn summary_text(s: &Summary) -> String {
    let mut out = format!(
        "{} — {} runs, seed {}, {}-month horizon\n\n",
        s.scenario.name,
        num(s.runs as f64),
        s.seed,
        s.horizon_months
    );
    out.push_str(&outcome_table(s).text());
    out.push('\n');
    if let Some(t) = deployed_outcome_table(s) {
        out.push_str(&t.text());
        out.push('\n');
    }
    out.push_str(&headline_table(s).text());
    out.push('\n');
    out.push_str(&metric_table(s).text());
    if !s.expectations.is_empty() {
        out.push_str("\nExpectations:\n");
        out.push_str(&expectation_lines(s));
    }
    out.push_str(&format!("\n{NOISE_NOTE}\n"));
    out
}
