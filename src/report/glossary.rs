//! The definitions a report relies on, generated from the registries (the
//! peace and mission classes' labels and meanings, the collapse routes, the headline
//! figures, the per-run figures of `engine::METRICS`) and the estimators'
//! equations, so a report read on its own explains every word and number.

use super::html::esc;
use super::summary::{HEADLINE, headline_label};
use crate::engine::METRICS;
use crate::model::{Mission, NeverReason, Peace, Route, WithdrawalCause};

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
        Route::NoForce => "with no force in the country",
    }
}

fn route_meaning(r: Route) -> &'static str {
    match r {
        Route::BeforeArrival => {
            "the first ceasefire collapsed during the deployment lag of a force waiting for it: none was in the country yet, and the deployment was called off"
        }
        Route::NoForce => {
            "the first ceasefire collapsed with no force in the country and none on its way: an option without a force, or after the force left"
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
        "months_of_ceasefire" => "Months of ceasefire".into(),
        "first_ceasefire_month" => "Month of the first ceasefire".into(),
        "arrival_month" => "Month the force arrived".into(),
        "mission_end_month" => "Month the force left".into(),
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
        "cost_eur_bn" => "Cost of the force (marginal)".into(),
        "policy_cost_eur_bn" => "Cost of pressure and aid".into(),
        "personnel_committed" => "Personnel committed".into(),
        other => {
            let s = other.replace('_', " ");
            let mut c = s.chars();
            c.next()
                .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
        }
    }
}

/// What "deployed" means.
pub const DEPLOYED_NOTE: &str = "A run deployed a force when the force was in the country for at least one month. A force that waits for a ceasefire never deploys when none comes within the horizon (Moscow's veto), when the ceasefire collapses before it arrives, or when it would arrive too late; the deployed runs are all runs minus the never-deployed ones.";

/// The one convention for cost, deaths and personnel.
pub const PER_RUN_NOTE: &str = "Deaths, cost and personnel are per deployed run: their medians, upper quantiles and means are over the runs that deployed a force, what the mission costs when it happens. The paired differences of deaths and cost between options are of the expected figure per run over all runs (a run with no force counts 0), because that is what two options' runs pair on; it equals the mean per deployed run times the chance of deployment. Cost is stated on one basis: the force's marginal cost (what deploying adds to keeping the same forces at home: the French and German operations budgets it is sourced to count only that), plus, in the expected cost per run, what the option's pressure on Moscow and military aid to Ukraine cost Europe over the horizon (X2), in every run. The force's full cost, with pay, equipment and support at home, is about 2 to 3 times its marginal cost (judgement; docs/model.md, X1).";

/// Every section, in reading order.
pub fn sections() -> Vec<Section> {
    let mut peace: Vec<Term> = Peace::ALL
        .iter()
        .map(|o| Term {
            label: o.label().into(),
            id: o.name().into(),
            meaning: format!("{}.", capitalise(o.meaning())),
        })
        .collect();
    peace.push(Term {
        label: "Months of ceasefire".into(),
        id: "months_of_ceasefire".into(),
        meaning: "The months of the horizon that ended with a ceasefire in force (the month a ceasefire came counts, the month it collapsed does not), per run; with their share of the horizon. It credits a ceasefire for the months it lasted.".into(),
    });
    let mission = Mission::ALL
        .iter()
        .map(|o| Term {
            label: o.label().into(),
            id: o.name().into(),
            meaning: format!("{}.", capitalise(o.meaning())),
        })
        .chain(NeverReason::ALL.iter().map(|n| Term {
            label: format!("Never deployed: {}", n.label()),
            id: format!("never_deployed.{}", n.name()),
            meaning: "A part of never deployed, over all runs.".into(),
        }))
        .chain(WithdrawalCause::ALL.iter().map(|w| Term {
            label: format!("Withdrawn {}", w.label()),
            id: format!("withdrawn_by.{}", w.name()),
            meaning: "A part of the two withdrawn classes together, over all runs. A withdrawal counts as after an incident when someone in the force was killed by hostile action in its month or the twelve months before it, or the force was fighting a war; otherwise by what made the last contingent leave.".into(),
        }))
        .collect();
    let routes = Route::ALL
        .iter()
        .map(|r| Term {
            label: format!("Collapse: {}", route_label(*r)),
            id: format!("collapse_route.{}", r.name()),
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
            label: "Ceasefire in force at the horizon".into(),
            id: "ceasefire_at_horizon".into(),
            meaning: "Ceasefire, quiet or contested: a ceasefire was in force at the end of the horizon, whatever became of the force.".into(),
        },
        Term {
            label: "One calendar".into(),
            id: "horizon_months".into(),
            meaning: "Every option runs the same months from the scenario's start to the horizon, and every run lives to it: a withdrawal, a collapse or a veto does not end the history, so the peace at the horizon compares options like for like.".into(),
        },
    ];
    vec![
        Section {
            heading: "The peace at the horizon (every run ends in exactly one class, of all runs)",
            terms: peace,
        },
        Section {
            heading: "The mission's fate (an option with a force: every run in exactly one class)",
            terms: mission,
        },
        Section {
            heading: "How the first ceasefire collapsed",
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

/// `s` with its first letter upper-case, for a label that starts a sentence.
pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

/// "a", "a and b", "a, b and c".
pub(crate) fn and_list<S: AsRef<str>>(v: &[S]) -> String {
    match v {
        [] => String::new(),
        [a] => a.as_ref().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", init.join(", "), last.as_ref())
        }
    }
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
        for o in Peace::ALL {
            assert!(md.contains(o.label()), "{}", o.label());
            assert!(md.contains(&format!("`{}`", o.name())));
        }
        for o in Mission::ALL {
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
        assert!(html().contains("<dt>Ceasefire, quiet <code>ceasefire_quiet</code></dt>"));
    }
}
