//! `summary.md` and the printed summary: the same tables, as Markdown or text.

use super::summary::Summary;
use super::table::{Table, num, pct};
use crate::engine::METRICS;

pub const NOISE_NOTE: &str = "Intervals are 95% Wilson score intervals. They cover Monte Carlo noise only, not the model's own uncertainty: the model is stylised, and its coefficients are assumptions (see docs/model.md).";

/// The label of a `ceasefire_collapse` route's row: indented beneath the
/// class, as a part of it ("  of which force fought").
pub fn route_label(route: &str) -> String {
    format!("  of which {}", route.replace('_', " "))
}

/// The outcome classes, with `ceasefire_collapse` split by route in
/// indented rows beneath it (the split rows are parts of the class above,
/// not further classes).
pub fn outcome_table(s: &Summary) -> Table {
    let mut t = Table::new(&["outcome", "count", "probability", "95% interval"]);
    let row = |t: &mut Table, name: String, o: &super::summary::OutcomeStat| {
        t.row(vec![
            name,
            num(o.count as f64),
            pct(o.probability),
            format!("{} – {}", pct(o.ci95[0]), pct(o.ci95[1])),
        ]);
    };
    for (name, o) in &s.outcomes {
        row(&mut t, name.clone(), o);
        if name == "ceasefire_collapse" {
            for (route, o) in &s.collapse_routes {
                row(&mut t, route_label(route), o);
            }
        }
    }
    t
}

/// The headline figures, each with its denominator, and the casualty rate.
pub fn headline_table(s: &Summary) -> Table {
    let mut t = Table::new(&["headline figure", "estimate", "95% interval", "of runs"]);
    for (name, e) in &s.headline {
        t.row(vec![
            name.clone(),
            e.estimate.map_or("n/a".into(), pct),
            format!("{} – {}", pct(e.ci95[0]), pct(e.ci95[1])),
            num(e.n as f64),
        ]);
    }
    let r = &s.rates;
    t.row(vec![
        "hostile_deaths_per_1000_troop_years".into(),
        format!("{:.3}", r.hostile_deaths_per_1000_troop_years),
        format!(
            "{:.3} – {:.3}",
            r.hostile_deaths_per_1000_troop_years_ci95[0],
            r.hostile_deaths_per_1000_troop_years_ci95[1]
        ),
        num(r.deployed_runs as f64),
    ]);
    t
}

pub const HEADLINE_NOTE: &str = "Each headline figure is over the runs named in its last column: all runs, the runs with a ceasefire, or the runs that deployed a force. The casualty rate counts every person in the country (troops, trainers, unit crews), over the runs that deployed.";

pub fn metric_table(s: &Summary) -> Table {
    let mut t = Table::new(&[
        "per-run figure",
        "unit",
        "n",
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
            spec.name.to_string(),
            m.unit.clone(),
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
    out.push_str(&format!("## Headline\n\n{HEADLINE_NOTE}\n\n"));
    out.push_str(&headline_table(s).markdown());
    out.push_str("\n## Outcomes\n\n");
    out.push_str(&outcome_table(s).markdown());
    if !s.expectations.is_empty() {
        out.push_str("\n## Expectations\n\n");
        out.push_str(&expectation_lines(s));
    }
    out.push_str("\n## Per-run figures\n\nQuantiles come from fixed-bin histograms: exact below 64, otherwise within ±1.6%.\n\n");
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
