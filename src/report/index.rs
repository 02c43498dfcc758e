//! The index of a batch: `index.html` (every scenario's peace at the
//! horizon and mission's fate with intervals, links to each report, the
//! overview chart),
//! `index.md` and `batch.json`, all from the scenarios' [`Summary`]s.

use super::charts::{self, Formats};
use super::html::{esc, inline_svg, page};
use super::markdown::NOISE_NOTE;
use super::md;
use super::summary::{ExpectationResult, OutcomeStat, Summary};
use super::table::{Table, num};
use super::{File, charts::ChartError};
use crate::analysis::compare::{REFERENCE_FIGURES, RefDiff};
use crate::analysis::robustness::Survival;
use crate::model::{Mission, Peace};
use indexmap::IndexMap;
use serde::Serialize;

/// A batch's reference scenario and, per scenario in run order, its paired
/// difference from it (`None` for the reference itself, or when seed or
/// runs differ).
#[derive(Clone, Debug)]
pub struct Reference {
    pub name: String,
    pub slug: String,
    pub diffs: Vec<Option<IndexMap<String, RefDiff>>>,
    /// Per scenario, whether each difference keeps its direction over
    /// assumption sets drawn from the plausible ranges (`None` when not
    /// checked: `--robustness-draws 0`, or no difference).
    pub survival: Vec<Option<IndexMap<String, Survival>>>,
}

/// `batch.json`: one entry per scenario, in the order run.
#[derive(Debug, Serialize)]
pub struct BatchIndex<'a> {
    pub tool: &'a super::summary::Tool,
    pub scenarios: Vec<BatchEntry<'a>>,
    /// Expectations that failed, over all scenarios.
    pub failed_expectations: usize,
    pub elapsed_s: f64,
}

#[derive(Debug, Serialize)]
pub struct BatchEntry<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub file: &'a str,
    pub sha256: &'a str,
    pub seed: u64,
    pub runs: u64,
    pub horizon_months: u32,
    /// Relative to the batch folder.
    pub report: String,
    pub summary: String,
    pub peace: &'a indexmap::IndexMap<String, OutcomeStat>,
    pub months_of_ceasefire: &'a super::summary::MonthsStat,
    pub mission: Option<&'a indexmap::IndexMap<String, OutcomeStat>>,
    pub outcomes: &'a indexmap::IndexMap<String, OutcomeStat>,
    pub headline: &'a indexmap::IndexMap<String, super::summary::Estimate>,
    pub collapse_routes: &'a indexmap::IndexMap<String, OutcomeStat>,
    /// Paired difference from the batch's reference scenario (its slug in
    /// `reference`), in probability; absent for the reference itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difference_from_reference: Option<&'a IndexMap<String, RefDiff>>,
    /// Whether each difference keeps its direction inside the plausible
    /// ranges of the coefficients (see `reassure robustness`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inside_plausible_ranges: Option<&'a IndexMap<String, Survival>>,
    pub expectations: &'a [ExpectationResult],
    pub passed: bool,
}

/// "−9.5 pp (−9.8 to −9.2)": a paired difference in percentage points, or
/// "+1.2 months (+1.0 to +1.4)" for a mean of figure `name` of
/// `REFERENCE_FIGURES`.
pub fn diff_cell(name: &str, d: &RefDiff) -> String {
    let unit = super::brief::group_delta(name, d.diff, d.ci95, None).unit;
    let fmt = |x: f64| {
        let (v, digits) = match unit {
            None => (x * 100.0, 1),
            Some(_) if x.abs() >= 100.0 => (x, 0),
            Some(_) => (x, 1),
        };
        // No "−0.0": a difference that rounds to zero is 0.
        let v = if v.abs() < 0.5 * 10f64.powi(-digits) {
            0.0
        } else {
            v
        };
        format!("{v:+.digits$}", digits = digits as usize).replace('-', "−")
    };
    let unit = unit.map_or("pp", |u| if u == "index points" { "points" } else { u });
    format!(
        "{} {unit} ({} to {})",
        fmt(d.diff),
        fmt(d.ci95[0]),
        fmt(d.ci95[1])
    )
}

/// Scenario × figure: each option's paired difference from the reference.
pub fn reference_table(summaries: &[&Summary], r: &Reference) -> Table {
    let mut header = vec!["scenario".to_string()];
    header.extend(REFERENCE_FIGURES.iter().map(|(g, _)| {
        let mut l = super::brief::group_label(g);
        if let Some(f) = l.get_mut(0..1) {
            f.make_ascii_uppercase();
        }
        l
    }));
    let header: Vec<&str> = header.iter().map(|s| s.as_str()).collect();
    let mut t = Table::new(&header);
    for (i, (s, d)) in summaries.iter().zip(&r.diffs).enumerate() {
        let Some(d) = d else { continue };
        let survival = r.survival.get(i).and_then(|x| x.as_ref());
        let mut row = vec![s.scenario.name.clone()];
        row.extend(
            d.iter()
                .map(|(g, x)| match survival.and_then(|v| v.get(g)) {
                    Some(v) => format!("{}; {}", diff_cell(g, x), survival_cell(v)),
                    None => diff_cell(g, x),
                }),
        );
        t.row(row);
    }
    t
}

/// "survives (97% of 40 sets)": whether a difference keeps its direction
/// over the assumption sets.
pub fn survival_cell(v: &Survival) -> String {
    if v.verdict == "no conclusion" {
        return "no difference to test".into();
    }
    if v.verdict == "too small to check" {
        return format!(
            "too small to check at {} runs a set",
            num(v.runs_per_set as f64)
        );
    }
    format!(
        "{} ({:.0}% of {} sets)",
        v.verdict,
        100.0 * v.same_direction,
        v.decided_sets
    )
}

/// The sentence under the reference table.
pub fn reference_note(r: &Reference) -> String {
    let checked = r
        .survival
        .iter()
        .flatten()
        .next()
        .and_then(|m| m.values().next());
    let survival = match checked {
        Some(v) => format!(
            " Beside each difference: whether its direction holds when the model's coefficients are drawn from their plausible ranges ({} sets of {} runs of the option and the reference on common random numbers): it survives when the difference keeps its sign in at least 90% of the sets, flips when in under half, and is fragile in between (sets with no difference at all are left out); with no difference as written (the interval includes 0), there is nothing to test, and a difference so small that noise alone would flip its sign in more than 5% of sets at these runs is too small to check.",
            num(v.sets as f64),
            num(v.runs_per_set as f64)
        ),
        None => String::new(),
    };
    format!("{}{survival}", reference_note_plain(r))
}

fn reference_note_plain(r: &Reference) -> String {
    format!(
        "Each cell: the option minus {} (`{}`), on the same calendar, with its 95% paired interval: run i of both meets the same random numbers (common random numbers). Shares of all runs in percentage points; months of ceasefire and civilian harm as means per run. Options run with another seed, number of runs or horizon than the reference are left out.",
        md::lit(&r.name),
        md::lit(&r.slug)
    )
}

/// "13.2% (13.0–13.4)": an estimate and its 95% interval, one decimal.
/// Two decimals when the whole interval is below 1%, so rare classes
/// (wider war) do not all read "0.2%"; a class no run ended in reads
/// "< 0.02% (0–0.02)": below the upper end of its interval.
pub fn cell(o: &OutcomeStat) -> String {
    if o.count == 0 {
        let b = super::table::pct_bound(o.ci95[1]);
        let b = b.trim_end_matches('%');
        return format!("< {b}% (0–{b})");
    }
    let d = if o.ci95[1] < 0.01 { 2 } else { 1 };
    format!(
        "{:.d$}% ({:.d$}–{:.d$})",
        o.probability * 100.0,
        o.ci95[0] * 100.0,
        o.ci95[1] * 100.0
    )
}

/// Scenario × peace class, each cell an estimate with its interval, and
/// the mean months of ceasefire.
pub fn headline_table(summaries: &[&Summary]) -> Table {
    let mut header = vec!["scenario (the peace at the horizon, shares of all runs)"];
    header.extend(Peace::ALL.iter().map(|o| o.label()));
    header.push("Months of ceasefire (mean)");
    let mut t = Table::new(&header);
    for s in summaries {
        let mut row = vec![s.scenario.name.clone()];
        row.extend(
            Peace::ALL
                .iter()
                .map(|p| s.peace.get(p.name()).map_or("–".into(), cell)),
        );
        let m = &s.months_of_ceasefire;
        row.push(format!(
            "{:.1} of {} ({:.1}–{:.1})",
            m.mean, s.horizon_months, m.ci95[0], m.ci95[1]
        ));
        t.row(row);
    }
    t
}

/// Scenario × mission class ("–" for an option without a force).
pub fn mission_table(summaries: &[&Summary]) -> Table {
    let mut header = vec!["scenario (the mission's fate, shares of all runs)"];
    header.extend(Mission::ALL.iter().map(|o| o.label()));
    let mut t = Table::new(&header);
    for s in summaries {
        let mut row = vec![s.scenario.name.clone()];
        row.extend(Mission::ALL.iter().map(|m| {
            s.mission
                .as_ref()
                .and_then(|x| x.get(m.name()))
                .map_or("–".into(), cell)
        }));
        t.row(row);
    }
    t
}

/// A headline figure as a cell like [`cell`]'s, or "–" without a
/// denominator.
pub fn estimate_cell(e: &super::summary::Estimate) -> String {
    match e.estimate {
        Some(x) => cell(&OutcomeStat {
            count: e.count,
            probability: x,
            ci95: e.ci95,
        }),
        None => "–".into(),
    }
}

/// Scenario × headline figure: the figures a decision needs, each over its
/// own denominator (see the summary's `headline`).
pub fn figures_table(summaries: &[&Summary]) -> Table {
    use super::summary::{HEADLINE, headline_denominator, headline_label};
    let mut header: Vec<String> = vec!["scenario".into()];
    header.extend(HEADLINE.iter().map(|(name, _)| {
        format!(
            "{} ({})",
            headline_label(name),
            headline_denominator(name).trim_start_matches("of ")
        )
    }));
    header.push("Deaths per 1,000 troop-years (deployed runs)".into());
    let h: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut t = Table::new(&h);
    for s in summaries {
        let mut row = vec![s.scenario.name.clone()];
        row.extend(
            HEADLINE
                .iter()
                .map(|(name, _)| s.headline.get(*name).map_or("–".into(), estimate_cell)),
        );
        let r = &s.rates;
        row.push(if r.deployed_runs == 0 {
            "–".into()
        } else {
            format!(
                "{:.2} ({:.2}–{:.2})",
                r.hostile_deaths_per_1000_troop_years,
                r.hostile_deaths_per_1000_troop_years_ci95[0],
                r.hostile_deaths_per_1000_troop_years_ci95[1]
            )
        });
        t.row(row);
    }
    t
}

pub const FIGURES_NOTE: &str = "The peace first, then the force. Every figure is over all runs, except collapse given a ceasefire (over the runs with a ceasefire) and in place given deployed (over the runs that deployed a force, a figure per deployment: not comparable across options). \"–\": an option without a force. The casualty rate counts every person in the country.";

/// The line under a headline table: where it came from.
pub fn provenance_line(summaries: &[&Summary]) -> String {
    let mut seeds: Vec<u64> = summaries.iter().map(|s| s.seed).collect();
    seeds.dedup();
    let mut runs: Vec<u64> = summaries.iter().map(|s| s.runs).collect();
    runs.dedup();
    let list = |v: &[u64], f: &dyn Fn(u64) -> String| {
        v.iter().map(|x| f(*x)).collect::<Vec<_>>().join(", ")
    };
    format!(
        "{} scenarios; runs {}; seed {}; reassure {}. Each cell: probability (95% interval, Monte Carlo noise only).",
        summaries.len(),
        list(&runs, &|r| num(r as f64)),
        list(&seeds, &|s| s.to_string()),
        summaries
            .first()
            .map_or(env!("CARGO_PKG_VERSION"), |s| s.tool.version.as_str())
    )
}

/// The printed summary of a batch.
pub fn headline_text(summaries: &[&Summary], reference: Option<&Reference>) -> String {
    let mut out = format!(
        "{}\n  {}\n\n{}\n{}\n  {}\n",
        headline_table(summaries).text(),
        provenance_line(summaries),
        mission_table(summaries).text(),
        figures_table(summaries).text(),
        FIGURES_NOTE
    );
    if let Some(r) = reference {
        out.push_str(&format!(
            "\n{}\n  {}\n",
            reference_table(summaries, r).text(),
            md::unmarked(&reference_note(r))
        ));
    }
    out
}

fn index_md(
    brief: &super::brief::Brief,
    summaries: &[&Summary],
    reference: Option<&Reference>,
    overview: Option<&str>,
) -> String {
    let mut out = String::from("# Scenario library\n\n");
    out.push_str(&brief.markdown("##"));
    out.push_str("\n## The peace at the horizon\n\n");
    out.push_str(&headline_table(summaries).markdown());
    out.push_str(&format!(
        "\n{}\n\n> {NOISE_NOTE}\n",
        provenance_line(summaries)
    ));
    out.push_str("\n## The mission's fate\n\n");
    out.push_str(&mission_table(summaries).markdown());
    out.push_str("\n## Headline figures\n\n");
    out.push_str(&figures_table(summaries).markdown());
    out.push_str(&format!("\n{FIGURES_NOTE}\n"));
    if let Some(r) = reference {
        out.push_str(&format!("\n## Difference from {}\n\n", md::text(&r.name)));
        out.push_str(&reference_table(summaries, r).markdown());
        out.push_str(&format!("\n{}\n", md::inline(&reference_note(r))));
    }
    if let Some(file) = overview {
        out.push_str(&format!(
            "\n{}\n",
            md::image("The peace at the horizon", file)
        ));
    }
    out.push_str("\n## Scenarios\n\n");
    for s in summaries {
        let failed = s.failed_expectations().count();
        out.push_str(&format!(
            "- {} ({}): {}{}\n",
            md::link(&s.scenario.name, &format!("{}/summary.md", s.scenario.slug)),
            md::link("report", &format!("{}/report.html", s.scenario.slug)),
            md::text(&s.scenario.description),
            if failed > 0 {
                format!(" **{failed} expectation(s) failed.**")
            } else {
                String::new()
            }
        ));
    }
    let failures: Vec<String> = summaries
        .iter()
        .flat_map(|s| {
            s.failed_expectations().map(move |e| {
                format!(
                    "- {}: {}\n",
                    md::code(&s.scenario.slug),
                    md::text(&e.describe())
                )
            })
        })
        .collect();
    if !failures.is_empty() {
        out.push_str("\n## Failed expectations\n\n");
        out.extend(failures);
    }
    out.push('\n');
    out.push_str(&super::glossary::markdown());
    out
}

fn index_html(
    brief: &super::brief::Brief,
    summaries: &[&Summary],
    reference: Option<&Reference>,
    overview: Option<&charts::Rendered>,
) -> String {
    let mut b = String::from("<h1>Scenario library</h1>\n");
    b.push_str(&format!(
        "<p class=\"lede\">{}</p>\n<p class=\"note\">{}</p>\n",
        esc(&provenance_line(summaries)),
        esc(NOISE_NOTE)
    ));
    b.push_str(&brief.html());
    b.push_str(
        "<h2>The peace at the horizon</h2>\n<p>Every run, with a force or without, ends in exactly one class at the horizon, on one calendar for every option; shares of all runs.</p>\n<table class=\"wide\">\n<thead><tr><th>Scenario</th>",
    );
    for o in Peace::ALL {
        b.push_str(&format!("<th>{}</th>", esc(o.label())));
    }
    b.push_str("<th>Months of ceasefire</th><th>Expectations</th></tr></thead>\n<tbody>\n");
    for s in summaries {
        b.push_str(&format!(
            "<tr><td data-label=\"Scenario\"><a href=\"{}/report.html\">{}</a></td>",
            esc(&s.scenario.slug),
            esc(&s.scenario.name)
        ));
        for o in Peace::ALL {
            let Some(x) = s.peace.get(o.name()) else {
                b.push_str("<td>–</td>");
                continue;
            };
            let value = if x.count == 0 {
                format!("&lt; {}", esc(&super::table::pct_bound(x.ci95[1])))
            } else {
                format!("{:.1}%", x.probability * 100.0)
            };
            b.push_str(&format!(
                "<td data-label=\"{}\">{value}<br><small>{:.1}–{:.1}</small></td>",
                esc(o.label()),
                x.ci95[0] * 100.0,
                x.ci95[1] * 100.0
            ));
        }
        let m = &s.months_of_ceasefire;
        b.push_str(&format!(
            "<td data-label=\"Months of ceasefire\">{:.1} of {}<br><small>{:.1}–{:.1}</small></td>",
            m.mean, s.horizon_months, m.ci95[0], m.ci95[1]
        ));
        let failed = s.failed_expectations().count();
        b.push_str(&match (s.expectations.len(), failed) {
            (0, _) => "<td data-label=\"Expectations\">–</td>".to_string(),
            (n, 0) => format!("<td class=\"ok\" data-label=\"Expectations\">{n} ok</td>"),
            (_, f) => format!("<td class=\"fail\" data-label=\"Expectations\">{f} failed</td>"),
        });
        b.push_str("</tr>\n");
    }
    b.push_str("</tbody>\n</table>\n");
    b.push_str("<h2>The mission's fate</h2>\n<p>What became of each option's force; shares of all runs (\"–\": no force).</p>\n");
    b.push_str(&mission_table(summaries).html("wide"));
    b.push_str(&format!(
        "<h2>Headline figures</h2>\n<p>{}</p>\n",
        esc(FIGURES_NOTE)
    ));
    b.push_str(&figures_table(summaries).html("wide"));
    if let Some(r) = reference {
        b.push_str(&format!(
            "<h2>Difference from {}</h2>\n<p>{}</p>\n",
            esc(&r.name),
            super::html::rich(&reference_note(r))
        ));
        b.push_str(&reference_table(summaries, r).html("wide"));
    }
    if let Some(c) = overview {
        b.push_str(&format!(
            "<figure>\n{}\n<figcaption>The peace at the horizon of every scenario.</figcaption>\n</figure>\n",
            inline_svg(&c.svg, "The peace at the horizon of every scenario")
        ));
    }
    let failures: Vec<String> = summaries
        .iter()
        .flat_map(|s| {
            s.failed_expectations().map(move |e| {
                format!(
                    "<li><span class=\"fail\">FAILED</span> <code>{}</code>: {}</li>\n",
                    esc(&s.scenario.slug),
                    esc(&e.describe())
                )
            })
        })
        .collect();
    if !failures.is_empty() {
        b.push_str("<h2>Failed expectations</h2>\n<ul>\n");
        b.extend(failures);
        b.push_str("</ul>\n");
    }
    b.push_str("<h2>Scenarios</h2>\n<ul>\n");
    for s in summaries {
        b.push_str(&format!(
            "<li><a href=\"{slug}/report.html\">{}</a> — {} <small>(<code>{}</code>, {} runs, seed {})</small></li>\n",
            esc(&s.scenario.name),
            esc(&s.scenario.description),
            esc(&s.scenario.file),
            num(s.runs as f64),
            s.seed,
            slug = esc(&s.scenario.slug),
        ));
    }
    b.push_str("</ul>\n");
    b.push_str(&super::glossary::html());
    page("Scenario library — reassure", &b)
}

/// A batch's brief: every option's figures, its paired difference from the
/// reference and, where checked, which conclusions the ranking rests on.
pub fn brief(summaries: &[&Summary], reference: Option<&Reference>) -> super::brief::Brief {
    // The reference first, as in a comparison; then the run order.
    let mut order: Vec<usize> = (0..summaries.len()).collect();
    if let Some(r) = reference {
        order.sort_by_key(|i| summaries[*i].scenario.slug != r.slug);
    }
    let deltas = order
        .iter()
        .map(|&i| {
            super::brief::batch_deltas(
                reference.and_then(|r| r.diffs.get(i).and_then(|d| d.as_ref())),
                reference.and_then(|r| r.survival.get(i).and_then(|x| x.as_ref())),
            )
        })
        .collect();
    let ordered: Vec<&Summary> = order.iter().map(|&i| summaries[i]).collect();
    let mut runs: Vec<u64> = summaries.iter().map(|s| s.runs).collect();
    runs.dedup();
    let mut seeds: Vec<u64> = summaries.iter().map(|s| s.seed).collect();
    seeds.dedup();
    let join = |v: &[u64], f: &dyn Fn(u64) -> String| {
        v.iter().map(|x| f(*x)).collect::<Vec<_>>().join(", ")
    };
    let pairing = match reference {
        Some(r) => format!(
            " Differences are from {}, paired on common random numbers.",
            r.name
        ),
        None => String::new(),
    };
    super::brief::Brief::new(
        "Brief".into(),
        format!(
            "{} options; runs {}; seed {}.{pairing}",
            summaries.len(),
            join(&runs, &|r| num(r as f64)),
            join(&seeds, &|s| s.to_string()),
        ),
        &ordered,
        reference.map(|r| r.name.as_str()),
        deltas,
    )
}

/// The index files of a batch, relative to its folder.
pub fn index_files(
    summaries: &[&Summary],
    reference: Option<&Reference>,
    elapsed_s: f64,
    formats: Formats,
    look: charts::Look,
) -> Result<Vec<File>, ChartError> {
    let overview = if formats == Formats::None || summaries.is_empty() {
        None
    } else {
        let caption = provenance_line(summaries)
            .split(". Each cell")
            .next()
            .unwrap_or_default()
            .to_string();
        Some(charts::render_overview(
            summaries,
            &caption,
            formats.png_files(),
            look,
        )?)
    };
    let mut files = Vec::new();
    let mut link = None;
    if let Some(c) = &overview {
        if formats.svg_files() {
            files.push(("overview.svg".to_string(), c.svg.clone().into_bytes()));
            link = Some("overview.svg");
        }
        if let (true, Some(png)) = (formats.png_files(), &c.png) {
            files.push(("overview.png".to_string(), png.clone()));
            link = link.or(Some("overview.png"));
        }
    }
    let index = BatchIndex {
        tool: &summaries[0].tool,
        scenarios: summaries
            .iter()
            .enumerate()
            .map(|(i, s)| BatchEntry {
                name: &s.scenario.name,
                slug: &s.scenario.slug,
                file: &s.scenario.file,
                sha256: &s.scenario.sha256,
                seed: s.seed,
                runs: s.runs,
                horizon_months: s.horizon_months,
                report: format!("{}/report.html", s.scenario.slug),
                summary: format!("{}/summary.json", s.scenario.slug),
                peace: &s.peace,
                months_of_ceasefire: &s.months_of_ceasefire,
                mission: s.mission.as_ref(),
                outcomes: &s.outcomes,
                headline: &s.headline,
                collapse_routes: &s.collapse_routes,
                reference: reference.map(|r| r.slug.as_str()),
                difference_from_reference: reference.and_then(|r| r.diffs[i].as_ref()),
                inside_plausible_ranges: reference
                    .and_then(|r| r.survival.get(i).and_then(|x| x.as_ref())),
                expectations: &s.expectations,
                passed: s.failed_expectations().next().is_none(),
            })
            .collect(),
        failed_expectations: summaries
            .iter()
            .map(|s| s.failed_expectations().count())
            .sum(),
        elapsed_s,
    };
    let brief = brief(summaries, reference);
    let mut json = serde_json::to_string_pretty(&index).expect("the index serialises");
    json.push('\n');
    files.push(("batch.json".to_string(), json.into_bytes()));
    files.push((
        "index.md".to_string(),
        index_md(&brief, summaries, reference, link).into_bytes(),
    ));
    files.push((
        "index.html".to_string(),
        index_html(&brief, summaries, reference, overview.as_ref()).into_bytes(),
    ));
    files.push(super::brief::file(&brief));
    Ok(files)
}
