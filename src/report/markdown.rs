//! `summary.md` and the printed summary: the same tables, as Markdown or text.

use super::glossary::metric_label;
use super::md;
use super::summary::{Summary, headline_denominator, headline_label};
use super::table::{Table, num, pct, share};
use crate::engine::METRICS;
use crate::model::{Mission, NeverReason, Peace, Route, WithdrawalCause};

pub const NOISE_NOTE: &str = "Intervals are 95% Wilson score intervals (months of ceasefire: the normal interval of a mean). They cover Monte Carlo noise only, not the model's own uncertainty: the model is stylised, and its coefficients are assumptions (see docs/model.md).";

/// The label of a route's row: indented beneath its class, as a part of it
/// ("  of which the force fought").
pub fn route_label(route: &str) -> String {
    let words = Route::ALL.iter().find(|r| r.name() == route).map_or_else(
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

/// A row of a class table: label, runs, share and interval.
fn class_row(t: &mut Table, name: String, o: &super::summary::OutcomeStat) {
    let [est, ci] = share_cells(o.count, o.probability, o.ci95);
    t.row(vec![name, num(o.count as f64), est, ci]);
}

/// The peace at the horizon: every run in one class, over all runs.
pub fn peace_table(s: &Summary) -> Table {
    let mut t = Table::new(&[
        "the peace at the horizon",
        "runs",
        "share of all runs",
        "95% interval",
    ]);
    for (name, o) in &s.peace {
        class_row(&mut t, outcome_label(name), o);
    }
    t
}

/// Months of ceasefire: the mean with its interval, its share of the
/// horizon, and exact quantiles.
pub fn months_table(s: &Summary) -> Table {
    let m = &s.months_of_ceasefire;
    let mut t = Table::new(&[
        "months of ceasefire",
        "mean",
        "95% interval",
        "share of the horizon",
        "p05",
        "p25",
        "p50",
        "p75",
        "p95",
    ]);
    t.row(vec![
        format!("of {} months, all runs", s.horizon_months),
        format!("{:.2}", m.mean),
        format!("{:.2} – {:.2}", m.ci95[0], m.ci95[1]),
        pct(m.share_of_horizon),
        m.p05.to_string(),
        m.p25.to_string(),
        m.p50.to_string(),
        m.p75.to_string(),
        m.p95.to_string(),
    ]);
    t
}

/// The mission's fate over all runs, with `never_deployed` split by reason
/// and `ended_by_collapse` by how the force met the offensive, in indented
/// rows (parts of the class above). `None` for an option without a force.
pub fn mission_table(s: &Summary) -> Option<Table> {
    let mission = s.mission.as_ref()?;
    let detail = s.mission_detail.as_ref();
    let mut t = Table::new(&[
        "the mission's fate",
        "runs",
        "share of all runs",
        "95% interval",
    ]);
    for (name, o) in mission {
        class_row(&mut t, outcome_label(name), o);
        let parts = match (name.as_str(), detail) {
            ("never_deployed", Some(d)) => Some(&d.never_deployed),
            ("ended_by_collapse", Some(d)) => Some(&d.ended_by_collapse),
            _ => None,
        };
        for (part, o) in parts.into_iter().flatten() {
            if o.count > 0 || name == "ended_by_collapse" {
                class_row(&mut t, part_label(part), o);
            }
        }
        // Under the second withdrawn class: both of them, by trigger.
        if let ("withdrawn_after_deaths", Some(d)) = (name.as_str(), detail) {
            for (part, o) in &d.withdrawn_by {
                class_row(&mut t, part_label(part), o);
            }
        }
    }
    Some(t)
}

/// The label of a part of a mission class ("  of which ...").
fn part_label(part: &str) -> String {
    if let Some(n) = NeverReason::ALL.iter().find(|n| n.name() == part) {
        return format!("  of which {}", n.label());
    }
    if let Some(w) = WithdrawalCause::ALL.iter().find(|w| w.name() == part) {
        return format!("  withdrawn (either class): {}", w.label());
    }
    route_label(part)
}

/// A class's reader's label from its identifier (either family).
pub fn outcome_label(name: &str) -> String {
    Peace::find(name)
        .map(|p| p.label().to_string())
        .or_else(|| Mission::find(name).map(|m| m.label().to_string()))
        .unwrap_or_else(|| name.replace('_', " "))
}

/// The mission's fate among the runs that deployed a force: every class
/// but `never_deployed`, over the deployed runs. `None` without a force or
/// with no deployed run.
pub fn deployed_outcome_table(s: &Summary) -> Option<Table> {
    let mission = s.mission.as_ref()?;
    let n = s.rates.deployed_runs;
    if n == 0 {
        return None;
    }
    let mut t = Table::new(&[
        "the mission's fate, deployed runs",
        "runs",
        "share of deployed runs",
        "95% interval",
    ]);
    for (name, o) in mission.iter().filter(|(k, _)| *k != "never_deployed") {
        let e = super::summary::estimate(o.count, n);
        let [est, ci] = share_cells(o.count, e.estimate.unwrap_or(0.0), e.ci95);
        t.row(vec![outcome_label(name), num(o.count as f64), est, ci]);
    }
    Some(t)
}

/// The sentence above the deployed-runs table.
pub fn deployed_note(s: &Summary) -> String {
    let never = s
        .mission
        .as_ref()
        .and_then(|m| m.get("never_deployed"))
        .map_or(0, |o| o.count);
    format!(
        "Per deployment: the {} runs in which the force reached the country ({} of all runs): the {} runs minus the {} in which it never deployed. These shares are not comparable with an option's all-runs figures, nor across options whose forces deploy in different runs.",
        num(s.rates.deployed_runs as f64),
        pct(s.rates.deployed_runs as f64 / s.runs.max(1) as f64),
        num(s.runs as f64),
        num(never as f64),
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
    let r = &s.rates;
    if r.deployed_runs == 0 {
        return t;
    }
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

pub const HEADLINE_NOTE: &str = "The peace first, then the mission. Each headline figure is over the runs named beside it: all runs, the runs with a ceasefire, or the runs that deployed a force; \"runs counted\" is how many runs that is. The casualty rate counts every person in the country (troops, trainers, unit crews), over the runs that deployed.";

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
        // Over no run there is no mean or quantile to print, not a 0.
        let value = |x: f64| if m.n == 0 { "–".to_string() } else { num(x) };
        t.row(vec![
            metric_label(spec.name),
            m.unit.clone(),
            counted_over(spec.doc),
            num(m.n as f64),
            value(m.mean),
            value(m.p05),
            value(m.p50),
            value(m.p90),
            value(m.p99),
            value(m.max),
        ]);
    }
    t
}

/// The runs a per-run figure is counted over, from its registry entry
/// ("...; deployed runs").
pub fn counted_over(doc: &str) -> String {
    let over = doc.rsplit_once("; ").map_or("all runs", |(_, o)| o);
    if over.starts_with("deployed runs whose force left") {
        "runs whose force left".into()
    } else {
        over.to_string()
    }
}

pub const METRIC_NOTE: &str = "Quantiles come from fixed-bin histograms: exact below 64, otherwise within ±1.6%. Each figure is over the runs named beside it, counted in \"runs counted\": all runs for months of ceasefire, civilian harm and troops announced, the runs with a ceasefire for its month, the runs with an attack on the force for the months to it, the runs whose force left for the month it left, and the runs that deployed a force for every other figure.";

pub fn monthly_table(s: &Summary) -> Table {
    let mut t = Table::new(&[
        "month",
        "ceasefire in force",
        "force in place",
        "force in place, not yet attacked",
    ]);
    let h = s.horizon_months as usize;
    let months: Vec<usize> = (1..=h)
        .filter(|m| *m == 1 || *m % 3 == 0 || *m == h)
        .collect();
    for m in months {
        let cell = |k: &str| pct(s.monthly[k][m - 1] as f64 / s.runs.max(1) as f64);
        t.row(vec![
            m.to_string(),
            cell("ceasefire_in_force"),
            cell("force_in_place"),
            cell("no_attack_yet"),
        ]);
    }
    t
}

/// One line per expectation; `show` renders its text for the format
/// (`md::text` for Markdown).
fn expectation_lines(s: &Summary, show: fn(&str) -> String) -> String {
    s.expectations
        .iter()
        .map(|e| {
            format!(
                "- {} {}\n",
                if e.passed { "ok    " } else { "FAILED" },
                show(&e.describe())
            )
        })
        .collect()
}

/// `summary.md`; `charts` are (heading, relative file) image links.
pub fn summary_md(s: &Summary, charts: &[(String, String)]) -> String {
    let mut out = format!("# {}\n\n", md::text(&s.scenario.name));
    if !s.scenario.description.is_empty() {
        out.push_str(&format!("{}\n\n", md::text(&s.scenario.description)));
    }
    out.push_str(&format!(
        "Scenario {} (sha256 {}), seed {}, {} runs, horizon {} months from the start; reassure {}.\n\n> {}\n\n",
        md::code(&s.scenario.file),
        md::code(&s.scenario.sha256[..16.min(s.scenario.sha256.len())]),
        s.seed,
        num(s.runs as f64),
        s.horizon_months,
        s.tool.version,
        NOISE_NOTE
    ));
    out.push_str(&super::brief::of_run(s).markdown("##"));
    out.push_str(&format!("\n## Headline\n\n{HEADLINE_NOTE}\n\n"));
    out.push_str(&headline_table(s).markdown());
    out.push_str(&format!(
        "\n## The peace at the horizon\n\n{PEACE_NOTE}\n\n"
    ));
    out.push_str(&peace_table(s).markdown());
    out.push('\n');
    out.push_str(&months_table(s).markdown());
    if let Some(t) = mission_table(s) {
        out.push_str(&format!("\n## The mission's fate\n\n{MISSION_NOTE}\n\n"));
        out.push_str(&t.markdown());
    }
    if let Some(t) = deployed_outcome_table(s) {
        out.push_str(&format!(
            "\n## The mission's fate per deployment\n\n{}\n\n",
            deployed_note(s)
        ));
        out.push_str(&t.markdown());
    }
    if !s.expectations.is_empty() {
        out.push_str("\n## Expectations\n\n");
        out.push_str(&expectation_lines(s, md::text));
    }
    out.push_str(&format!("\n## Per-run figures\n\n{METRIC_NOTE}\n\n"));
    out.push_str(&metric_table(s).markdown());
    out.push_str(&format!("\n## State by month\n\n{MONTHLY_NOTE}\n\n"));
    out.push_str(&monthly_table(s).markdown());
    if !charts.is_empty() {
        out.push_str("\n## Charts\n\n");
        for (heading, file) in charts {
            out.push_str(&format!("{}\n\n", md::image(heading, file)));
        }
    }
    out.push_str("\n## Parameters\n\n");
    out.push_str(&parameter_table(s).markdown());
    out.push('\n');
    out.push_str(&super::glossary::markdown());
    out
}

pub const MONTHLY_NOTE: &str =
    "Shares of all runs, at the end of each calendar month from the scenario's start.";

pub const PEACE_NOTE: &str = "Every run, with a force or without, ends in one class at the horizon: a ceasefire in force (quiet: no strike on the cities or the force in its last six months; contested otherwise), war, or a wider war. Months of ceasefire credit a ceasefire for the months it lasted.";

pub const MISSION_NOTE: &str =
    "What became of the force, over all runs: every run ends in one class.";

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
        "{} — {} runs, seed {}, horizon {} months from the start\n\n",
        s.scenario.name,
        num(s.runs as f64),
        s.seed,
        s.horizon_months
    );
    out.push_str(&peace_table(s).text());
    out.push('\n');
    out.push_str(&months_table(s).text());
    out.push('\n');
    if let Some(t) = mission_table(s) {
        out.push_str(&t.text());
        out.push('\n');
    }
    if let Some(t) = deployed_outcome_table(s) {
        out.push_str(&t.text());
        out.push('\n');
    }
    out.push_str(&headline_table(s).text());
    out.push('\n');
    out.push_str(&metric_table(s).text());
    if !s.expectations.is_empty() {
        out.push_str("\nExpectations:\n");
        out.push_str(&expectation_lines(s, str::to_string));
    }
    out.push_str(&format!("\n{NOISE_NOTE}\n"));
    out
}
