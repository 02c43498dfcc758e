//! The definitions a report relies on, generated from the registries (the
//! outcome classes' labels and meanings, the collapse routes, the headline
//! figures, the per-run figures of `engine::METRICS`) and the estimators'
//! equations, so a report read on its own explains every word and number.

use super::html::esc;
use super::summary::{HEADLINE, headline_label};
use crate::engine::METRICS;
use crate::model::{Outcome, Route};

/// One defined term: the reader's words, the identifier in JSON and CSV,
/// and what it means.
#[derive(Debug)]
pub struct Term {
    pub label: String,
    pub id: String,
    pub meaning: String,
}

/// A group of terms under a heading.
#[derive(Debug)]
pub struct Section {
    pub heading: &'static str,
    pub terms: Vec<Term>,
}

/// The words a collapse route's row shows.
pub fn route_label(r: Route) -> &'static str {
    match r {
        Route::BeforeArrival => "before the force arrived",
        Route::StoodAside => "the force stood aside",
        Route::Fought => "the force fought",
    }
}

fn route_meaning(r: Route) -> &'static str {
    match r {
        Route::BeforeArrival => {
            "the ceasefire collapsed during the deployment lag, or with no force at all: no force was in the country"
        }
        Route::StoodAside => {
            "the ceasefire collapsed with the force in the country, and it did not fight the offensive"
        }
        Route::Fought => {
            "the ceasefire collapsed with the force in the country, and it fought the offensive"
        }
    }
}

/// The reader's name of a per-run figure of `engine::METRICS`.
pub fn metric_label(name: &str) -> String {
    match name {
        "troops_announced" => "Troops announced".into(),
        "troops_deployed" => "Troops deployed".into(),
        "terminal_month" => "Month of the ending".into(),
        "months_to_first_attack" => "Months to the first attack".into(),
        "hostile_deaths" => "Hostile deaths".into(),
        "lethal_incidents" => "Lethal incidents".into(),
        "civilian_harm" => "Civilian harm".into(),
        "peak_rung" => "Highest escalation rung".into(),
        "probes" => "Grey-zone probes".into(),
        "strikes_attempted" => "Strikes launched".into(),
        "strikes_intercepted" => "Strikes intercepted".into(),
        "attacks_answered" => "Attacks answered".into(),
        "deliberate_escalations" => "Deliberate escalations".into(),
        "attacks_unanswered" => "Attacks unanswered".into(),
        "final_credibility" => "Final credibility".into(),
        "cost_eur_bn" => "Cost".into(),
        "personnel_committed" => "Personnel committed".into(),
        other => {
            let s = other.replace('_', " ");
            let mut c = s.chars();
            c.next()
                .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
        }
    }
}

/// What "deployed" means, and why the deployed runs are fewer than the
/// runs with an outcome other than no deployment.
pub const DEPLOYED_NOTE: &str = "A run deployed a force when the force reached the country. Runs with no ceasefire in the window (no deployment) never deploy, and neither do runs whose ceasefire collapsed during the deployment lag (before the force arrived): so the deployed runs are all runs minus those two groups.";

/// The one convention for cost, deaths and personnel.
pub const PER_RUN_NOTE: &str = "Deaths, cost and personnel are per deployed run: their medians, upper quantiles and means are over the runs that deployed a force, what the mission costs when it happens. The paired differences of deaths and cost between options are of the expected figure per run over all runs (a run with no force counts 0), because that is what two options' runs pair on; it equals the mean per deployed run times the chance of deployment.";

/// Every section, in reading order.
pub fn sections() -> Vec<Section> {
    let outcomes = Outcome::ALL
        .iter()
        .map(|o| Term {
            label: o.label().into(),
            id: o.name().into(),
            meaning: format!("{}.", capitalise(o.meaning())),
        })
        .collect();
    let routes = Route::ALL
        .iter()
        .map(|r| Term {
            label: format!("Ceasefire collapse: {}", route_label(*r)),
            id: format!("ceasefire_collapse.{}", r.name()),
            meaning: format!("{}; over all runs.", capitalise(route_meaning(*r))),
        })
        .collect();
    let mut figures: Vec<Term> = HEADLINE
        .iter()
        .map(|(id, meaning)| Term {
            label: headline_label(id).into(),
            id: (*id).into(),
            meaning: format!("{}.", capitalise(meaning)),
        })
        .collect();
    figures.push(Term {
        label: "Chance of deployment".into(),
        id: "rates.deployed_runs".into(),
        meaning: format!("Runs that deployed a force, over all runs. {DEPLOYED_NOTE}"),
    });
    figures.push(Term {
        label: "Deaths per 1,000 troop-years".into(),
        id: "hostile_deaths_per_1000_troop_years".into(),
        meaning: "Hostile deaths per 1,000 person-years in the country (troops, trainers, unit crews), over the runs that deployed: Σ deaths ÷ Σ person-years × 1,000.".into(),
    });
    let metrics = METRICS
        .iter()
        .map(|m| {
            let (what, over) = m.doc.rsplit_once("; ").unwrap_or((m.doc, ""));
            Term {
                label: metric_label(m.name),
                id: m.name.into(),
                meaning: format!(
                    "{}, in {}{}.",
                    capitalise(what),
                    m.unit,
                    if over.is_empty() {
                        String::new()
                    } else {
                        format!(
                            "; over {}",
                            over.replace("deployed runs", "the deployed runs")
                        )
                    }
                ),
            }
        })
        .collect();
    let methods = vec![
        Term {
            label: "Denominator".into(),
            id: String::new(),
            meaning: "Every figure names the runs it is counted over: \"of all runs\", \"of runs with a ceasefire\" or \"of deployed runs\". Shares over different denominators are not comparable directly.".into(),
        },
        Term {
            label: "Deployed run".into(),
            id: "deployed".into(),
            meaning: DEPLOYED_NOTE.into(),
        },
        Term {
            label: "Per deployed run".into(),
            id: String::new(),
            meaning: PER_RUN_NOTE.into(),
        },
        Term {
            label: "95% interval of a share".into(),
            id: "ci95".into(),
            meaning: "Wilson score interval for k of n runs, p = k/n, z = 1.96: (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) ÷ (1 + z²/n). It covers Monte Carlo noise only, not the model's own uncertainty.".into(),
        },
        Term {
            label: "< bound".into(),
            id: String::new(),
            meaning: "No run ended this way: the share is below the upper end of its 95% interval (about 3.7/n for n runs), not zero.".into(),
        },
        Term {
            label: "p50, p90, p99".into(),
            id: String::new(),
            meaning: "The median and the 90th and 99th percentiles over the runs counted: 99% of deployed runs had at most the p99. Read from fixed-bin histograms, exact below 64 and within ±1.6% above. Their 95% interval is the order-statistic interval: the values at ranks n·q ± 1.96·√(n·q(1−q)).".into(),
        },
        Term {
            label: "Mean's 95% interval".into(),
            id: String::new(),
            meaning: "Mean ± 1.96·s/√n over the runs counted (normal approximation).".into(),
        },
        Term {
            label: "Paired difference".into(),
            id: "diff, diff_ci95".into(),
            meaning: "Run i of every option meets the same random numbers (common random numbers), so each run gives a difference d_i = (option) − (reference); the estimate is the mean of d_i and its 95% interval mean ± 1.96·s_d/√n. Much narrower than for independent runs.".into(),
        },
        Term {
            label: "pp".into(),
            id: String::new(),
            meaning: "Percentage points: the difference of two percentages (40% − 30% = 10 pp).".into(),
        },
        Term {
            label: "No clear difference".into(),
            id: String::new(),
            meaning: "The difference's 95% interval includes 0: these runs cannot tell the two options apart on this figure.".into(),
        },
        Term {
            label: "Held".into(),
            id: "held".into(),
            meaning: "Deterrence held or contested peace: the ceasefire held and the force stayed to the horizon.".into(),
        },
    ];
    vec![
        Section {
            heading: "Outcome classes (every run ends in exactly one, of all runs)",
            terms: outcomes,
        },
        Section {
            heading: "How a ceasefire collapsed",
            terms: routes,
        },
        Section {
            heading: "Headline figures",
            terms: figures,
        },
        Section {
            heading: "Per-run figures",
            terms: metrics,
        },
        Section {
            heading: "Estimates and intervals",
            terms: methods,
        },
    ]
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

/// The glossary as an HTML section.
pub fn html() -> String {
    let mut out = String::from(
        "<section class=\"glossary\">\n<h2>Definitions</h2>\n<p>Every class and figure of this report. The identifiers in brackets name the same figures in the JSON and CSV files.</p>\n",
    );
    for s in sections() {
        out.push_str(&format!("<h3>{}</h3>\n<dl>\n", esc(s.heading)));
        for t in s.terms {
            let id = if t.id.is_empty() {
                String::new()
            } else {
                format!(" <code>{}</code>", esc(&t.id))
            };
            out.push_str(&format!(
                "<dt>{}{id}</dt><dd>{}</dd>\n",
                esc(&t.label),
                esc(&t.meaning)
            ));
        }
        out.push_str("</dl>\n");
    }
    out.push_str("</section>\n");
    out
}

/// The glossary as Markdown.
pub fn markdown() -> String {
    let mut out = String::from(
        "## Definitions\n\nEvery class and figure of this report. The identifiers in brackets name the same figures in the JSON and CSV files.\n",
    );
    for s in sections() {
        out.push_str(&format!("\n### {}\n\n", s.heading));
        for t in s.terms {
            let id = if t.id.is_empty() {
                String::new()
            } else {
                format!(" (`{}`)", t.id)
            };
            out.push_str(&format!("- **{}**{id}: {}\n", t.label, t.meaning));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_class_figure_and_metric_is_defined() {
        let md = markdown();
        for o in Outcome::ALL {
            assert!(md.contains(o.label()), "{}", o.label());
            assert!(md.contains(&format!("`{}`", o.name())));
        }
        for (id, _) in HEADLINE {
            assert!(md.contains(&format!("`{id}`")), "{id}");
        }
        for m in METRICS {
            assert!(md.contains(&format!("`{}`", m.name)), "{}", m.name);
            // Every figure has a reader's label, not its identifier.
            assert!(!metric_label(m.name).contains('_'), "{}", m.name);
        }
        assert!(md.contains("Wilson"));
        assert!(html().contains("<dt>Deterrence held <code>deterrence_held</code></dt>"));
    }
}
