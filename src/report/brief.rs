//! The brief: one page at the top of every `run`, `compare` and `batch`
//! report, and `brief.md` beside it. Options × the figures a decision
//! needs, each with its denominator and 95% interval; each option's paired
//! difference from the reference where there is one; a bottom line per
//! option written from the numbers; and, in a batch whose conclusions were
//! checked over assumption sets, which conclusions the ranking rests on.

use super::glossary::{DEPLOYED_NOTE, PER_RUN_NOTE, and_list};
use super::html::esc;
use super::md;
use super::summary::{Estimate, Summary, estimate};
use super::table::{Table, num, pct, pct_bound, pp, signed};
use crate::analysis::compare::{PAIRED_MEANS, REFERENCE_FIGURES, RefFigure};
use crate::analysis::robustness::Survival;
use crate::engine::METRICS;
use crate::math::Z95;

/// The brief's closing line; the glossary says it in full.
pub const SHORT_NOTE: &str = "Peace figures over all runs, on one calendar; deaths and cost per deployed run (the runs in which the force reached the country). Definitions at the end of the report.";

/// One cell: the value and, beneath it, its interval (or spread).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cell {
    pub value: String,
    pub interval: String,
}

impl Cell {
    fn text(&self) -> String {
        if self.interval.is_empty() {
            self.value.clone()
        } else {
            format!("{} ({})", self.value, self.interval)
        }
    }
}

/// A column: the figure and the runs it is counted over.
#[derive(Clone, Debug)]
pub struct Column {
    pub label: String,
    pub over: String,
}

/// A paired difference from the reference, in probability (or the
/// figure's unit for deaths and cost), with its 95% interval and, where
/// checked, whether its direction survives over assumption sets.
#[derive(Clone, Debug)]
pub struct Delta {
    pub what: String,
    pub diff: f64,
    pub ci95: [f64; 2],
    /// `None` for a probability (shown in pp); the unit otherwise.
    pub unit: Option<&'static str>,
    pub survival: Option<Survival>,
}

impl Delta {
    fn clear(&self) -> bool {
        self.ci95[0] > 0.0 || self.ci95[1] < 0.0
    }

    fn fmt(&self, x: f64) -> String {
        match self.unit {
            None => pp(x),
            Some(_) => signed(x),
        }
    }

    /// "−9.8 to −9.2": the paired interval, without the unit.
    fn range(&self) -> String {
        let f = |x: f64| self.fmt(x).replace(" pp", "");
        format!("{} to {}", f(self.ci95[0]), f(self.ci95[1]))
    }

    fn cell(&self) -> Cell {
        let mut interval = self.range();
        if let Some(v) = &self.survival {
            interval.push_str(&format!("; {}", super::index::survival_cell(v)));
        }
        Cell {
            value: self.fmt(self.diff),
            interval,
        }
    }

    /// "ceasefire collapse 9.5 pp less likely (−9.8 to −9.2)".
    fn words(&self) -> String {
        let up = self.diff > 0.0;
        match self.unit {
            None => format!(
                "{} {:.1} pp {} likely ({})",
                self.what,
                (self.diff * 100.0).abs(),
                if up { "more" } else { "less" },
                self.range()
            ),
            Some(unit) => {
                let sign = if up { "+" } else { "\u{2212}" };
                let amount = match unit {
                    "EUR bn" => format!("{sign}EUR {} bn", num(self.diff.abs())),
                    "deaths" => format!("{sign}{}", num(self.diff.abs())),
                    "months" => format!("{sign}{:.1} months", self.diff.abs()),
                    u => format!("{sign}{} {u}", num(self.diff.abs())),
                };
                format!("{} {amount} ({})", self.what, self.range())
            }
        }
    }
}

/// One option: its figures and, beside the reference, its differences.
#[derive(Clone, Debug)]
pub struct Row {
    pub name: String,
    pub cells: Vec<Cell>,
    pub deltas: Vec<Delta>,
    pub bottom_line: String,
}

/// The whole brief.
#[derive(Clone, Debug)]
pub struct Brief {
    pub title: String,
    /// Runs, seed, pairing, in one line.
    pub context: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// The option every other one is compared with, when there is one.
    pub reference: Option<String>,
    /// What the ranking rests on (batch with assumption sets checked).
    pub assumptions: Vec<String>,
}

/// The brief's figures, in order: (label, the runs it is over). The peace
/// first (comparable across every option, over all runs), then the force.
pub const FIGURES: [(&str, &str); 10] = [
    ("Ceasefire in force at the horizon", "of all runs"),
    ("Of which quiet", "of all runs"),
    ("Months of ceasefire", "mean per run"),
    ("Wider war", "of all runs"),
    ("Force deployed", "of all runs"),
    ("Force withdrawn", "of all runs"),
    ("Hostile deaths p50 (p99)", "per deployed run"),
    ("Cost p50, EUR bn", "marginal, per deployed run"),
    ("Cost p90, EUR bn", "marginal, per deployed run"),
    ("Personnel p50 (p05–p95)", "per deployed run"),
];

fn share_cell(e: &Estimate) -> Cell {
    match e.estimate {
        None => Cell {
            value: "–".into(),
            interval: "none to count".into(),
        },
        Some(_) if e.count == 0 => Cell {
            value: format!("< {}", pct_bound(e.ci95[1])),
            interval: "none".into(),
        },
        Some(x) => {
            let d = if e.ci95[1] < 0.01 { 2 } else { 1 };
            Cell {
                value: format!("{:.d$}%", x * 100.0),
                interval: format!("{:.d$}–{:.d$}", e.ci95[0] * 100.0, e.ci95[1] * 100.0),
            }
        }
    }
}

/// The runs that deployed a force, as an estimate over all runs.
pub fn deployment(s: &Summary) -> Estimate {
    estimate(s.rates.deployed_runs, s.runs)
}

/// The value of a histogram at `rank` (1-based) by the summary's own rule
/// (`engine::hist`): a single-value bin's value, else its middle.
fn value_at(bins: &[[f64; 3]], rank: u64, exact: f64) -> Option<f64> {
    let mut acc = 0u64;
    for [lo, w, c] in bins {
        acc += *c as u64;
        if acc >= rank {
            return Some(if *w <= exact * 1.000_001 {
                *lo
            } else {
                lo + (w - exact) / 2.0
            });
        }
    }
    None
}

/// Quantile `q` of a charted figure over the runs it counts, and its 95%
/// order-statistic interval (ranks n·q ± 1.96·√(n·q(1−q))).
pub fn quantile(s: &Summary, metric: &str, q: f64) -> Option<(f64, [f64; 2])> {
    let bins = s.histograms.get(metric)?;
    let scale = METRICS.iter().find(|m| m.name == metric)?.scale;
    let n: u64 = bins.iter().map(|b| b[2] as u64).sum();
    if n == 0 {
        return None;
    }
    let nf = n as f64;
    let half = Z95 * (nf * q * (1.0 - q)).sqrt();
    let rank = |r: f64| (r.ceil() as u64).clamp(1, n);
    let exact = 1.0 / scale;
    let v = value_at(bins, rank(q * nf), exact)?;
    let lo = value_at(bins, rank(q * nf - half), exact)?;
    let hi = value_at(bins, rank(q * nf + half), exact)?;
    Some((v, [lo, hi]))
}

fn quantile_cell(s: &Summary, metric: &str, q: f64) -> Cell {
    // Deaths are whole: a wide bin's middle is shown rounded.
    let whole = |x: f64| {
        if metric == "hostile_deaths" {
            x.round()
        } else {
            x
        }
    };
    match quantile(s, metric, q).map(|(v, [lo, hi])| (whole(v), [whole(lo), whole(hi)])) {
        None => Cell {
            value: "–".into(),
            interval: "none deployed".into(),
        },
        Some((v, [lo, hi])) => Cell {
            value: num(v),
            interval: if num(lo) == num(hi) {
                "no spread".into()
            } else {
                format!("{}–{}", num(lo), num(hi))
            },
        },
    }
}

fn personnel_cell(s: &Summary) -> Cell {
    match s.metrics.get("personnel_committed") {
        Some(m) if m.n > 0 => Cell {
            value: num(m.p50),
            interval: if m.p05 == m.p95 {
                "fixed".into()
            } else {
                format!("{}–{}", num(m.p05), num(m.p95))
            },
        },
        _ => Cell {
            value: "–".into(),
            interval: "none deployed".into(),
        },
    }
}

/// Hostile deaths: the median and, beside it, the 99th percentile.
fn deaths_cell(s: &Summary) -> Cell {
    let whole = |x: f64| x.round();
    match (
        quantile(s, "hostile_deaths", 0.5),
        quantile(s, "hostile_deaths", 0.99),
    ) {
        (Some((m, _)), Some((p99, _))) => Cell {
            value: num(whole(m)),
            interval: format!("p99 {}", num(whole(p99))),
        },
        _ => Cell {
            value: "–".into(),
            interval: "none deployed".into(),
        },
    }
}

/// An option's figures, in the order of [`FIGURES`].
pub fn cells(s: &Summary) -> Vec<Cell> {
    let h = |k: &str| s.headline.get(k).map_or_else(none, share_cell);
    let over_all = |o: Option<&super::summary::OutcomeStat>| {
        o.map_or_else(none, |o| {
            share_cell(&Estimate {
                estimate: Some(o.probability),
                ci95: o.ci95,
                count: o.count,
                n: s.runs,
            })
        })
    };
    let m = &s.months_of_ceasefire;
    vec![
        h("p_ceasefire_at_horizon"),
        over_all(s.peace.get("ceasefire_quiet")),
        Cell {
            value: format!("{:.1} of {}", m.mean, s.horizon_months),
            interval: format!("{:.1}–{:.1}", m.ci95[0], m.ci95[1]),
        },
        h("p_wider_war"),
        h("p_deployed"),
        h("p_withdrawn"),
        deaths_cell(s),
        quantile_cell(s, "cost_eur_bn", 0.5),
        quantile_cell(s, "cost_eur_bn", 0.9),
        personnel_cell(s),
    ]
}

/// A cell for a figure an option does not have (no force).
fn none() -> Cell {
    Cell {
        value: "–".into(),
        interval: "no force".into(),
    }
}

/// The words of a figure of `REFERENCE_FIGURES`.
pub fn group_label(group: &str) -> String {
    match group {
        "ceasefire_at_horizon" => "a ceasefire in force at the horizon".into(),
        "ceasefire_quiet" => "a quiet ceasefire".into(),
        "war" => "war at the horizon".into(),
        "wider_war" => "wider war".into(),
        "months_of_ceasefire" => "months of ceasefire".into(),
        "civilian_harm_per_run" => "civilian harm".into(),
        g => g.replace('_', " "),
    }
}

/// A paired difference of one reference figure, for [`Row::deltas`].
pub fn group_delta(group: &str, diff: f64, ci95: [f64; 2], survival: Option<&Survival>) -> Delta {
    let unit = REFERENCE_FIGURES
        .iter()
        .find(|f| f.0 == group)
        .and_then(|f| match f.1 {
            RefFigure::Mean(i) => Some(PAIRED_MEANS[i].1),
            RefFigure::Peace(_) => None,
        });
    Delta {
        what: group_label(group),
        diff,
        ci95,
        unit,
        survival: survival.cloned(),
    }
}

/// The level sentences: what an option does on its own. The peace over
/// all runs first; the figures per deployment in a sentence of their own,
/// never beside an all-runs figure.
fn levels(s: &Summary) -> String {
    let h = |k: &str| s.headline.get(k).and_then(|e| e.estimate);
    let mut parts = Vec::new();
    if let Some(c) = h("p_ceasefire_at_horizon") {
        parts.push(format!(
            "a ceasefire in force at the horizon in {} of all runs",
            pct1(c)
        ));
    }
    let m = &s.months_of_ceasefire;
    parts.push(format!(
        "{:.1} months of ceasefire of {} on average",
        m.mean, s.horizon_months
    ));
    if let Some(o) = s.peace.get("wider_war") {
        parts.push(if o.count == 0 {
            format!("wider war in < {} of runs", pct_bound(o.ci95[1]))
        } else {
            format!("wider war in {}", pct(o.probability))
        });
    }
    if let Some(d) = h("p_deployed") {
        parts.push(format!("the force deployed in {}", pct1(d)));
    }
    let mut out = capital(&parts.join("; "));
    out.push('.');
    if let (Some((d, _)), Some((c, _))) = (
        quantile(s, "hostile_deaths", 0.5),
        quantile(s, "cost_eur_bn", 0.5),
    ) {
        let d99 = quantile(s, "hostile_deaths", 0.99)
            .map_or(d, |x| x.0)
            .round();
        out.push_str(&format!(
            " Per deployment: a median cost of EUR {} bn, median hostile deaths {} (1 in 100 deployments {} or more).",
            num(c),
            num(d.round()),
            num(d99)
        ));
    }
    out
}

/// The option's own peace share, after its differences: " A ceasefire in
/// force at the horizon in 46.4% of all runs."
fn short_levels(s: &Summary) -> String {
    s.headline
        .get("p_ceasefire_at_horizon")
        .and_then(|e| e.estimate)
        .map_or(String::new(), |h| {
            format!(
                " A ceasefire in force at the horizon in {} of all runs.",
                pct1(h)
            )
        })
}

fn pct1(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

/// The bottom line of an option with differences from `reference`: the
/// largest clear differences in words, then those with no clear
/// difference.
pub fn bottom_line(s: &Summary, reference: Option<&str>, deltas: &[Delta]) -> String {
    let Some(r) = reference.filter(|_| !deltas.is_empty()) else {
        return levels(s);
    };
    let mut clear: Vec<&Delta> = deltas.iter().filter(|d| d.clear()).collect();
    // Probabilities by size first; deaths and cost after them.
    clear.sort_by(|a, b| {
        a.unit
            .is_some()
            .cmp(&b.unit.is_some())
            .then(b.diff.abs().total_cmp(&a.diff.abs()))
    });
    let unclear: Vec<String> = deltas
        .iter()
        .filter(|d| !d.clear())
        .map(|d| d.what.split(" (").next().unwrap_or(&d.what).to_string())
        .collect();
    let mut out = format!("Against {r}: ");
    if clear.is_empty() {
        out.push_str("no clear difference in any figure compared");
    } else {
        // The three largest clear differences in chance, then deaths and
        // cost (what a reader asks next), then how many more the table has.
        let chances: Vec<&&Delta> = clear.iter().filter(|d| d.unit.is_none()).collect();
        // Deaths, then cost: the table's order.
        let amounts = deltas.iter().filter(|d| d.unit.is_some() && d.clear());
        let mut words: Vec<String> = chances.iter().take(3).map(|d| d.words()).collect();
        words.extend(amounts.map(|d| d.words()));
        out.push_str(&words.join("; "));
        if chances.len() > 3 {
            let more = chances.len() - 3;
            out.push_str(&format!("; {more} more in the table"));
        }
        if !unclear.is_empty() {
            out.push_str(&format!("; no clear difference in {}", and_list(&unclear)));
        }
    }
    out.push('.');
    out.push_str(&short_levels(s));
    let fragile: Vec<String> = deltas
        .iter()
        .filter_map(|d| {
            let v = d.survival.as_ref()?;
            matches!(v.verdict.as_str(), "fragile" | "flips").then(|| {
                format!(
                    "the difference in {} {} ({:.0}% of {} assumption sets keep its direction)",
                    d.what.split(" (").next().unwrap_or(&d.what),
                    if v.verdict == "flips" {
                        "flips"
                    } else {
                        "is fragile"
                    },
                    100.0 * v.same_direction,
                    v.decided_sets
                )
            })
        })
        .collect();
    if !fragile.is_empty() {
        out.push_str(&format!(" Caution: {}.", and_list(&fragile)));
    }
    out
}

/// What a batch's ranking rests on, from the survival verdicts.
pub fn assumptions(rows: &[Row]) -> Vec<String> {
    let checked: Vec<(&Row, &Delta, &Survival)> = rows
        .iter()
        .flat_map(|r| {
            r.deltas
                .iter()
                .filter_map(move |d| d.survival.as_ref().map(|v| (r, d, v)))
        })
        .collect();
    let Some((_, _, first)) = checked.first() else {
        return Vec::new();
    };
    let count = |w: &str| checked.iter().filter(|(_, _, v)| v.verdict == w).count();
    let mut out = vec![format!(
        "Each clear difference was re-estimated under {} sets of the model's coefficients drawn from their plausible ranges ({} runs a set). Of {} differences: {} survive (same direction in at least 90% of sets), {} fragile (50–90%), {} flip (under 50%), {} too small to check, {} without a clear difference to test.",
        num(first.sets as f64),
        num(first.runs_per_set as f64),
        checked.len(),
        count("survives"),
        count("fragile"),
        count("flips"),
        count("too small to check"),
        count("no conclusion")
    )];
    for (r, d, v) in &checked {
        if matches!(v.verdict.as_str(), "fragile" | "flips") {
            out.push(format!(
                "{}: {} rests on the assumptions: it {} ({:.0}% of {} sets keep its direction).",
                r.name,
                d.words(),
                if v.verdict == "flips" {
                    "flips"
                } else {
                    "is fragile"
                },
                100.0 * v.same_direction,
                v.decided_sets
            ));
        }
    }
    if count("fragile") + count("flips") == 0 {
        out.push(
            "No clear difference depends on where in their plausible ranges the coefficients lie."
                .into(),
        );
    }
    out
}

impl Brief {
    /// A brief of options (`deltas[i]` empty for the reference, or when no
    /// reference).
    pub fn new(
        title: String,
        context: String,
        summaries: &[&Summary],
        reference: Option<&str>,
        deltas: Vec<Vec<Delta>>,
    ) -> Brief {
        let rows: Vec<Row> = summaries
            .iter()
            .zip(deltas)
            .map(|(s, d)| Row {
                name: s.scenario.name.clone(),
                cells: cells(s),
                bottom_line: bottom_line(s, reference, &d),
                deltas: d,
            })
            .collect();
        Brief {
            title,
            context,
            columns: FIGURES
                .iter()
                .map(|(l, o)| Column {
                    label: (*l).into(),
                    over: (*o).into(),
                })
                .collect(),
            assumptions: assumptions(&rows),
            rows,
            reference: reference.map(str::to_string),
        }
    }

    /// The difference columns: those of the first option with differences.
    fn has_means(&self) -> bool {
        self.rows
            .iter()
            .any(|r| r.deltas.iter().any(|d| d.unit.is_some()))
    }

    /// What the difference table's cells are.
    fn delta_caption(&self, reference: &str) -> String {
        format!(
            "Difference from {reference}, paired on common random numbers, on one calendar: percentage points (pp) of all runs{}. In brackets: the paired 95% interval{}.",
            if self.has_means() {
                "; months of ceasefire and civilian harm as means per run over all runs"
            } else {
                ""
            },
            if self
                .rows
                .iter()
                .any(|r| r.deltas.iter().any(|d| d.survival.is_some()))
            {
                ", then whether the difference keeps its direction over assumption sets"
            } else {
                ""
            }
        )
    }

    fn delta_columns(&self) -> Vec<String> {
        self.rows
            .iter()
            .find(|r| !r.deltas.is_empty())
            .map(|r| {
                r.deltas
                    .iter()
                    .map(|d| match d.unit {
                        None => capital(&d.what),
                        Some(u) => format!("{}, {u}", capital(&d.what)),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    pub const NOTE: &str = "Each cell: the estimate and, in brackets, its 95% interval (Monte Carlo noise only; for personnel, the spread p05–p95 of deployed runs). Every figure names the runs it is counted over.";

    /// The brief in Markdown (`brief.md` and the top of the `.md` reports).
    pub fn markdown(&self, heading: &str) -> String {
        let mut out = format!(
            "{heading} {}\n\n{}\n\n",
            md::text(&self.title),
            md::text(&self.context)
        );
        out.push_str(&format!("{}\n\n", Self::NOTE));
        let mut header = vec!["option".to_string()];
        header.extend(
            self.columns
                .iter()
                .map(|c| format!("{} ({})", c.label, c.over)),
        );
        let h: Vec<&str> = header.iter().map(String::as_str).collect();
        let mut t = Table::new(&h);
        for r in &self.rows {
            let mut row = vec![r.name.clone()];
            row.extend(r.cells.iter().map(Cell::text));
            t.row(row);
        }
        out.push_str(&t.markdown());
        if let Some(reference) = &self.reference {
            let cols = self.delta_columns();
            if !cols.is_empty() {
                out.push_str(&format!(
                    "\n{}\n\n",
                    md::text(&self.delta_caption(reference))
                ));
                let mut header = vec!["option".to_string()];
                header.extend(cols);
                let h: Vec<&str> = header.iter().map(String::as_str).collect();
                let mut t = Table::new(&h);
                for r in self.rows.iter().filter(|r| !r.deltas.is_empty()) {
                    let mut row = vec![r.name.clone()];
                    row.extend(r.deltas.iter().map(|d| d.cell().text()));
                    t.row(row);
                }
                out.push_str(&t.markdown());
            }
        }
        out.push_str("\n**Bottom line** (written from the numbers above):\n\n");
        for r in &self.rows {
            out.push_str(&format!(
                "- **{}.** {}\n",
                md::text(&r.name),
                md::text(&r.bottom_line)
            ));
        }
        if !self.assumptions.is_empty() {
            out.push_str("\n**What the ranking rests on:**\n\n");
            for a in &self.assumptions {
                out.push_str(&format!("- {}\n", md::text(a)));
            }
        }
        out.push_str(&format!("\n{DEPLOYED_NOTE} {PER_RUN_NOTE}\n"));
        out
    }

    /// The brief as an HTML section.
    pub fn html(&self) -> String {
        let mut b = format!(
            "<section class=\"brief\">\n<h2>{}</h2>\n<p class=\"lede\">{} {}</p>\n",
            esc(&self.title),
            esc(&self.context),
            esc(Self::NOTE)
        );
        let cell = |label: &str, c: &Cell| {
            let interval = if c.interval.is_empty() {
                String::new()
            } else {
                format!("<br><small>{}</small>", esc(&c.interval))
            };
            format!(
                "<td data-label=\"{}\">{}{interval}</td>",
                esc(label),
                esc(&c.value)
            )
        };
        b.push_str("<table class=\"brief-table\">\n<thead><tr><th>Option</th>");
        for c in &self.columns {
            b.push_str(&format!(
                "<th>{} <small>{}</small></th>",
                esc(&c.label),
                esc(&c.over)
            ));
        }
        b.push_str("</tr></thead>\n<tbody>\n");
        for r in &self.rows {
            b.push_str(&format!(
                "<tr><td data-label=\"Option\"><b>{}</b></td>",
                esc(&r.name)
            ));
            for (col, c) in self.columns.iter().zip(&r.cells) {
                b.push_str(&cell(&format!("{} ({})", col.label, col.over), c));
            }
            b.push_str("</tr>\n");
        }
        b.push_str("</tbody>\n</table>\n");
        if let Some(reference) = &self.reference {
            let cols = self.delta_columns();
            if !cols.is_empty() {
                b.push_str(&format!(
                    "<p class=\"caption\">{}</p>\n<table class=\"brief-table\">\n<thead><tr><th>Option</th>",
                    esc(&self.delta_caption(reference))
                ));
                for c in &cols {
                    b.push_str(&format!("<th>{}</th>", esc(c)));
                }
                b.push_str("</tr></thead>\n<tbody>\n");
                for r in self.rows.iter().filter(|r| !r.deltas.is_empty()) {
                    b.push_str(&format!(
                        "<tr><td data-label=\"Option\"><b>{}</b></td>",
                        esc(&r.name)
                    ));
                    for (col, d) in cols.iter().zip(&r.deltas) {
                        let class = if d.clear() { "" } else { " class=\"unclear\"" };
                        let c = d.cell();
                        b.push_str(&format!(
                            "<td{class} data-label=\"{}\">{}<br><small>{}</small></td>",
                            esc(col),
                            esc(&c.value),
                            esc(&c.interval)
                        ));
                    }
                    b.push_str("</tr>\n");
                }
                b.push_str("</tbody>\n</table>\n");
            }
        }
        b.push_str("<h3>Bottom line</h3>\n<ul class=\"bottom-line\">\n");
        for r in &self.rows {
            b.push_str(&format!(
                "<li><b>{}.</b> {}</li>\n",
                esc(&r.name),
                esc(&r.bottom_line)
            ));
        }
        b.push_str("</ul>\n");
        if !self.assumptions.is_empty() {
            b.push_str("<h3>What the ranking rests on</h3>\n<ul class=\"bottom-line\">\n");
            for a in &self.assumptions {
                b.push_str(&format!("<li>{}</li>\n", esc(a)));
            }
            b.push_str("</ul>\n");
        }
        b.push_str(&format!(
            "<p class=\"caption\">{}</p>\n</section>\n",
            esc(SHORT_NOTE)
        ));
        b
    }
}

/// The `brief.md` file of a results folder.
pub fn file(b: &Brief) -> super::File {
    ("brief.md".into(), b.markdown("#").into_bytes())
}

/// The brief of one run.
pub fn of_run(s: &Summary) -> Brief {
    Brief::new(
        format!("Brief: {}", s.scenario.name),
        format!(
            "{} runs, seed {}, horizon {} months from the start.",
            num(s.runs as f64),
            s.seed,
            s.horizon_months
        ),
        &[s],
        None,
        vec![Vec::new()],
    )
}

/// The paired differences of one option from the reference in a batch,
/// with their survival verdicts where checked.
pub fn batch_deltas(
    diffs: Option<&indexmap::IndexMap<String, crate::analysis::compare::RefDiff>>,
    survival: Option<&indexmap::IndexMap<String, Survival>>,
) -> Vec<Delta> {
    let Some(d) = diffs else {
        return Vec::new();
    };
    REFERENCE_FIGURES
        .iter()
        .filter_map(|(g, _)| {
            let x = d.get(*g)?;
            Some(group_delta(
                g,
                x.diff,
                x.ci95,
                survival.and_then(|s| s.get(*g)),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delta(diff: f64, lo: f64, hi: f64) -> Delta {
        group_delta("war", diff, [lo, hi], None)
    }

    #[test]
    fn a_clear_difference_is_told_in_words_and_an_unclear_one_is_not() {
        let d = delta(-0.095, -0.098, -0.092);
        assert!(d.clear());
        assert_eq!(
            d.words(),
            "war at the horizon 9.5 pp less likely (\u{2212}9.8 to \u{2212}9.2)"
        );
        assert!(!delta(0.001, -0.002, 0.004).clear());
    }

    #[test]
    fn quantile_interval_brackets_the_quantile() {
        // 100 runs, one per value 0..100 (exact bins): the median is 49
        // (rank 50) and its interval ranks 50 ± 9.8.
        let bins: Vec<[f64; 3]> = (0..100).map(|v| [v as f64, 1.0, 1.0]).collect();
        assert_eq!(value_at(&bins, 50, 1.0), Some(49.0));
        assert_eq!(value_at(&bins, 41, 1.0), Some(40.0));
        // A wide bin gives its middle, as the summary's quantiles do.
        assert_eq!(value_at(&[[64.0, 2.0, 3.0]], 2, 1.0), Some(64.5));
    }
}
