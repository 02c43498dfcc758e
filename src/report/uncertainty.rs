//! The files of the uncertainty analyses (`sensitivity`, `discover`,
//! `robustness`): each analysis is laid out once as a `Doc` (headings,
//! paragraphs, tables, charts) and rendered to the terminal, Markdown and a
//! self-contained `report.html`, beside its JSON and CSV.

use super::File;
use super::charts::{ChartError, Formats, Rendered};
use super::html::{esc, inline_svg, page, rich};
use super::md::{self, lit, unmarked};
use super::table::{Table, num};
use super::uncertainty_charts::{self as uc, Unit};
use crate::analysis::criterion::{Criterion, Estimate};
use crate::analysis::inputs::{Input, round4};
use crate::analysis::robustness::{Draw, Standing, standings};
use crate::analysis::{global, oat, prim, robustness};
use crate::model::coef::{COEFS, Coef};
use crate::scenario::Scenario;
use serde::Serialize;

// ------------------------------------------------------------------ Doc

enum Block {
    Heading(String),
    Para(String),
    Table(Table),
    /// A chart by stem, with its caption.
    Chart(String, String),
    List(Vec<String>),
}

/// An analysis's page, rendered three ways from the same blocks.
struct Doc {
    title: String,
    blocks: Vec<Block>,
}

impl Doc {
    fn new(title: String) -> Doc {
        Doc {
            title,
            blocks: Vec::new(),
        }
    }
    fn h(&mut self, s: &str) {
        self.blocks.push(Block::Heading(s.into()));
    }
    fn p(&mut self, s: String) {
        self.blocks.push(Block::Para(s));
    }
    fn table(&mut self, t: Table) {
        self.blocks.push(Block::Table(t));
    }
    fn chart(&mut self, stem: &str, caption: String) {
        self.blocks.push(Block::Chart(stem.into(), caption));
    }
    fn list(&mut self, items: Vec<String>) {
        if !items.is_empty() {
            self.blocks.push(Block::List(items));
        }
    }

    fn markdown(&self, links: &[(String, String)], rendered: &[Rendered]) -> String {
        let mut s = format!("# {}\n\n", md::inline(&self.title));
        for b in &self.blocks {
            match b {
                Block::Heading(h) => s.push_str(&format!("## {}\n\n", md::text(h))),
                Block::Para(p) => s.push_str(&format!("{}\n\n", md::inline(p))),
                Block::Table(t) => s.push_str(&format!("{}\n", t.markdown())),
                Block::Chart(stem, caption) => {
                    let found = rendered
                        .iter()
                        .position(|r| &r.stem == stem)
                        .and_then(|i| links.get(i));
                    if let Some((heading, link)) = found {
                        s.push_str(&format!(
                            "{}\n\n*{}*\n\n",
                            md::image(heading, link),
                            md::inline(caption)
                        ));
                    }
                }
                Block::List(items) => {
                    for i in items {
                        s.push_str(&format!("- {}\n", md::inline(i)));
                    }
                    s.push('\n');
                }
            }
        }
        s
    }

    fn html(&self, rendered: &[Rendered]) -> String {
        let mut body = format!("<h1>{}</h1>\n", rich(&self.title));
        for b in &self.blocks {
            match b {
                Block::Heading(h) => body.push_str(&format!("<h2>{}</h2>\n", esc(h))),
                Block::Para(p) => body.push_str(&format!("<p>{}</p>\n", rich(p))),
                Block::Table(t) => body.push_str(&t.html("wide")),
                Block::Chart(stem, caption) => {
                    if let Some(r) = rendered.iter().find(|r| &r.stem == stem) {
                        body.push_str(&format!(
                            "<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>\n",
                            inline_svg(&r.svg, &r.heading),
                            rich(caption)
                        ));
                    }
                }
                Block::List(items) => {
                    body.push_str("<ul>\n");
                    for i in items {
                        body.push_str(&format!("<li>{}</li>\n", rich(i)));
                    }
                    body.push_str("</ul>\n");
                }
            }
        }
        page(&unmarked(&self.title), &body)
    }

    fn text(&self) -> String {
        let title = unmarked(&self.title);
        let mut s = format!("{}\n{}\n\n", title, "=".repeat(title.chars().count()));
        for b in &self.blocks {
            match b {
                Block::Heading(h) => {
                    s.push_str(&format!("{h}\n{}\n", "-".repeat(h.chars().count())))
                }
                Block::Para(p) => s.push_str(&format!("{}\n\n", unmarked(p))),
                Block::Table(t) => s.push_str(&format!("{}\n", unmarked(&t.text()))),
                Block::Chart(..) => {}
                Block::List(items) => {
                    for i in items {
                        s.push_str(&format!("  - {}\n", unmarked(i)));
                    }
                    s.push('\n');
                }
            }
        }
        s
    }

    fn files(
        &self,
        stem: &str,
        json: String,
        csv: Option<String>,
        rendered: &[Rendered],
        formats: Formats,
    ) -> Vec<File> {
        let (chart_files, links) = super::chart_files(rendered, formats);
        let mut files = vec![
            (format!("{stem}.json"), json.into_bytes()),
            (
                format!("{stem}.md"),
                self.markdown(&links, rendered).into_bytes(),
            ),
            ("report.html".into(), self.html(rendered).into_bytes()),
        ];
        if let Some(csv) = csv {
            files.push((format!("{stem}.csv"), csv.into_bytes()));
        }
        files.extend(chart_files);
        files
    }
}

fn pretty_json(v: &impl Serialize) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("analysis results serialise");
    s.push('\n');
    s
}

/// "12.3% (11.9 to 12.8)" or "4.56 EUR bn (4.40 to 4.71)".
fn est(c: Criterion, e: &Estimate, difference: bool) -> String {
    if !e.value.is_finite() {
        return "n/a (no run counted)".into();
    }
    let bare = |x: f64| {
        let s = c.show(x, difference);
        s.trim_end_matches('%')
            .trim_end_matches(" pp")
            .trim_end_matches(c.unit())
            .trim_end()
            .to_string()
    };
    format!(
        "{} ({} to {})",
        c.show(e.value, difference),
        bare(e.ci95[0]),
        bare(e.ci95[1])
    )
}

/// A distance between two values of the criterion: "2.2 pp", "1.3 EUR bn".
fn gap(c: Criterion, x: f64) -> String {
    if c.is_probability() {
        format!("{:.2} pp", 100.0 * x)
    } else {
        c.show(x, false)
    }
}

fn unit(c: Criterion) -> Unit<'static> {
    if c.is_probability() {
        Unit::Probability
    } else {
        Unit::Number(c.unit())
    }
}

fn provenance(doc: &mut Doc, s: &Scenario, extra: &[(&str, String)], elapsed: Option<f64>) {
    doc.h("Provenance");
    let mut t = Table::new(&["item", "value"]);
    t.numeric = false;
    t.row(vec![
        "tool".into(),
        format!("reassure {}", super::summary::Tool::current().version),
    ]);
    t.row(vec![
        "scenario".into(),
        format!("{} (`{}`)", lit(&s.name), lit(&s.file)),
    ]);
    t.row(vec!["scenario sha256".into(), format!("`{}`", s.sha256)]);
    t.row(vec!["seed".into(), s.seed.to_string()]);
    t.row(vec![
        "horizon".into(),
        format!("{} months", s.horizon_months),
    ]);
    for (k, v) in extra {
        t.row(vec![k.to_string(), v.clone()]);
    }
    if let Some(e) = elapsed {
        t.row(vec!["elapsed".into(), format!("{e:.2} s")]);
    }
    doc.table(t);
}

fn what_is_measured(doc: &mut Doc, c: Criterion) {
    doc.p(format!(
        "**What is measured:** `{}`: {}. {} is better.",
        c.name(),
        c.meaning(),
        if c.higher_is_better() { "More" } else { "Less" }
    ));
}

// ------------------------------------------------------------ tornado

fn tornado_doc(s: &Scenario, t: &oat::Tornado, c: Criterion, elapsed: Option<f64>) -> Doc {
    let mut d = Doc::new(format!(
        "{}: which inputs move `{}`",
        lit(&s.name),
        c.name()
    ));
    what_is_measured(&mut d, c);
    d.p(format!(
        "One at a time: each input at its low and then its high setting, every other input as in the scenario, {} runs per setting on seed {}, so every setting sees the same random numbers. With every input as in the scenario: **{}**.",
        num(t.runs as f64),
        t.seed,
        est(c, &t.baseline, false)
    ));
    let clear = t.rows.iter().filter(|r| r.clear).count();
    let top: Vec<String> = t
        .rows
        .iter()
        .filter(|r| r.clear)
        .take(5)
        .map(|r| format!("`{}` ({})", r.key, c.show(r.swing.value, true)))
        .collect();
    d.p(format!(
        "{} of {} inputs move it by more than Monte Carlo noise (the swing's paired 95% interval excludes 0){}",
        clear,
        t.rows.len(),
        if top.is_empty() {
            ".".to_string()
        } else {
            format!("; the largest: {}.", top.join(", "))
        }
    ));
    d.chart(
        "tornado",
        format!(
            "Each bar spans `{}` with the input at its low and at its high setting; the line is the scenario as written. Sorted by the size of the swing.",
            c.name()
        ),
    );
    d.h("Every input");
    let mut tab = Table::new(&[
        "input",
        "low → high",
        "set over",
        "at low",
        "at high",
        "swing, high − low (paired 95%)",
    ]);
    for r in &t.rows {
        tab.row(vec![
            format!("`{}`", r.key),
            format!("{} → {}", r.low_label, r.high_label),
            r.setting.clone(),
            est(c, &r.at_low, false),
            est(c, &r.at_high, false),
            format!(
                "{}{}",
                est(c, &r.swing, true),
                if r.clear { "" } else { " — within noise" }
            ),
        ]);
    }
    d.table(tab);
    d.h("Method");
    d.p("Settings: an input given as a distribution goes to its 10th and 90th percentiles; with `--levers`, every numeric lever the scenario fixes goes to the ends of its range (narrowed where a rule across fields requires); with `--coefficients`, every coefficient the scenario does not draw goes to the ends of its plausible range (docs/model.md, \"Coefficients\"). The swing is the difference between the two settings on the same runs; its 95% interval is the paired delta-method interval (docs/model.md, \"Uncertainty analysis\"). A whole-number input is rounded, so its settings may coincide and its swing be exactly 0.".into());
    provenance(
        &mut d,
        s,
        &[("runs per setting", num(t.runs as f64))],
        elapsed,
    );
    d
}

pub fn tornado_charts(
    s: &Scenario,
    t: &oat::Tornado,
    c: Criterion,
    png: bool,
) -> Result<Vec<Rendered>, ChartError> {
    let bars: Vec<uc::TornadoBar> = t
        .rows
        .iter()
        .map(|r| uc::TornadoBar {
            label: r.key.clone(),
            low_setting: r.low_label.clone(),
            high_setting: r.high_label.clone(),
            at_low: r.at_low.value,
            at_high: r.at_high.value,
            swing_ci95: r.swing.ci95,
        })
        .collect();
    let title = format!("{}: what moves {}", s.name, c.label());
    let subtitle = format!(
        "one input at a time, low and high setting; {} runs each, common random numbers",
        num(t.runs as f64)
    );
    let f = uc::Frame {
        title: &title,
        subtitle: &subtitle,
        caption: &c.meaning(),
    };
    Ok(vec![uc::tornado(
        "tornado",
        &f,
        unit(c),
        t.baseline.value,
        &bars,
        png,
    )?])
}

#[derive(Serialize)]
struct TornadoJson<'a> {
    tool: super::summary::Tool,
    scenario: &'a str,
    file: &'a str,
    sha256: &'a str,
    method: &'static str,
    #[serde(flatten)]
    tornado: &'a oat::Tornado,
    elapsed_s: f64,
}

pub fn tornado_json<'a>(s: &'a Scenario, t: &'a oat::Tornado, elapsed: f64) -> impl Serialize + 'a {
    TornadoJson {
        tool: super::summary::Tool::current(),
        scenario: &s.name,
        file: &s.file,
        sha256: &s.sha256,
        method: "oat",
        tornado: t,
        elapsed_s: elapsed,
    }
}

fn tornado_csv(t: &oat::Tornado) -> String {
    let mut out = String::from(
        "input,setting,low,high,at_low,at_low_lo,at_low_hi,at_high,at_high_lo,at_high_hi,swing,swing_lo,swing_hi,clear\n",
    );
    for r in &t.rows {
        out.push_str(&format!(
            "{},\"{}\",{},{},{},{},{},{},{},{},{},{},{},{}\n",
            r.key,
            r.setting,
            r.low,
            r.high,
            r.at_low.value,
            r.at_low.ci95[0],
            r.at_low.ci95[1],
            r.at_high.value,
            r.at_high.ci95[0],
            r.at_high.ci95[1],
            r.swing.value,
            r.swing.ci95[0],
            r.swing.ci95[1],
            r.clear
        ));
    }
    out
}

pub fn tornado_files(
    s: &Scenario,
    t: &oat::Tornado,
    c: Criterion,
    rendered: &[Rendered],
    formats: Formats,
    elapsed: f64,
) -> Vec<File> {
    tornado_doc(s, t, c, Some(elapsed)).files(
        "sensitivity",
        pretty_json(&tornado_json(s, t, elapsed)),
        Some(tornado_csv(t)),
        rendered,
        formats,
    )
}

pub fn tornado_text(s: &Scenario, t: &oat::Tornado, c: Criterion) -> String {
    tornado_doc(s, t, c, None).text()
}

// -------------------------------------------------------------- sobol

fn sobol_doc(s: &Scenario, r: &global::Report, c: Criterion, elapsed: Option<f64>) -> Doc {
    let ix = &r.indices;
    let mut d = Doc::new(format!("{}: Sobol indices of `{}`", lit(&s.name), c.name()));
    what_is_measured(&mut d, c);
    d.p(format!(
        "{} uncertain inputs, {} base samples, {} design points × {} runs = {} trajectories. Over all of them: {}.",
        r.inputs.len(),
        num(r.samples as f64),
        num(r.points as f64),
        num(r.runs_per_point as f64),
        num(r.trajectories as f64),
        c.show(r.mean, false)
    ));
    let mut shares = format!(
        "Of the variance between design points of the criterion's value (a frequency, or a mean for deaths and cost), {:.0}% is explained by the inputs and {:.0}% is the noise of {} runs per point.",
        100.0 * ix.explained_share.clamp(0.0, 1.0),
        100.0 * ix.noise_share.clamp(0.0, 1.0),
        r.runs_per_point
    );
    if let Some(x) = ix.run_explained_share {
        shares.push_str(&format!(
            " Of the variance of a single run's outcome (a yes or no), the inputs explain {:.1}%; the rest is chance inside a run that no input explains.",
            100.0 * x.clamp(0.0, 1.0)
        ));
    }
    d.p(shares);
    if !ix.warnings.is_empty() {
        d.h("Warnings");
        d.list(ix.warnings.clone());
    }
    d.chart(
        "sobol",
        "First-order index: the share of the variance the input explains alone; total index: alone and in interaction with the others. Whiskers: 95% bootstrap intervals.".into(),
    );
    let mut order: Vec<usize> = (0..r.inputs.len()).collect();
    order.sort_by(|&a, &b| ix.total[b].value.total_cmp(&ix.total[a].value));
    let mut t = Table::new(&["input", "first order S (95%)", "total ST (95%)"]);
    let e = |x: &crate::analysis::sobol::Estimate| {
        format!("{:.3} ({:.3} to {:.3})", x.value, x.ci95[0], x.ci95[1])
    };
    for i in order {
        t.row(vec![
            format!("`{}`", r.inputs[i]),
            e(&ix.first[i]),
            e(&ix.total[i]),
        ]);
    }
    d.h("Indices");
    d.table(t);
    d.h("Method");
    d.p("Saltelli sampling: two matrices A and B of independent uniforms (one row per base sample, one column per input, each mapped through the input's inverse CDF), and for each input i the matrix A with column i from B. At each point the scenario runs with those inputs fixed; the point's value is the criterion over its runs, Σnum/Σden (point p uses runs p·m to p·m + m − 1). First-order indices by Saltelli et al. (2010), total indices by Jansen (1999); the noise of the per-point value (its mean delta-method variance σ̄²) is removed from the total variance and from Jansen's numerators. Intervals: 95% percentile bootstrap over the base samples (docs/model.md, \"Uncertainty analysis\").".into());
    provenance(
        &mut d,
        s,
        &[
            ("base samples", num(r.samples as f64)),
            ("runs per point", num(r.runs_per_point as f64)),
        ],
        elapsed,
    );
    d
}

pub fn sobol_charts(
    s: &Scenario,
    r: &global::Report,
    c: Criterion,
    png: bool,
) -> Result<Vec<Rendered>, ChartError> {
    let title = format!("{}: Sobol indices of {}", s.name, c.label());
    let subtitle = format!(
        "{} base samples × {} runs per point; inputs explain {:.0}% of the variance between points",
        num(r.samples as f64),
        num(r.runs_per_point as f64),
        100.0 * r.indices.explained_share.clamp(0.0, 1.0)
    );
    let f = uc::Frame {
        title: &title,
        subtitle: &subtitle,
        caption: &c.meaning(),
    };
    let pair = |e: &crate::analysis::sobol::Estimate| (e.value, e.ci95);
    let first: Vec<(f64, [f64; 2])> = r.indices.first.iter().map(pair).collect();
    let total: Vec<(f64, [f64; 2])> = r.indices.total.iter().map(pair).collect();
    Ok(vec![uc::sobol(
        "sobol", &f, &r.inputs, &first, &total, png,
    )?])
}

#[derive(Serialize)]
struct SobolJson<'a> {
    tool: super::summary::Tool,
    scenario: &'a str,
    file: &'a str,
    sha256: &'a str,
    method: &'static str,
    #[serde(flatten)]
    report: &'a global::Report,
    elapsed_s: f64,
}

pub fn sobol_json<'a>(s: &'a Scenario, r: &'a global::Report, elapsed: f64) -> impl Serialize + 'a {
    SobolJson {
        tool: super::summary::Tool::current(),
        scenario: &s.name,
        file: &s.file,
        sha256: &s.sha256,
        method: "sobol",
        report: r,
        elapsed_s: elapsed,
    }
}

pub fn sobol_files(
    s: &Scenario,
    r: &global::Report,
    c: Criterion,
    rendered: &[Rendered],
    formats: Formats,
    elapsed: f64,
) -> Vec<File> {
    let mut csv = String::from("input,first,first_lo,first_hi,total,total_lo,total_hi\n");
    for (i, name) in r.inputs.iter().enumerate() {
        let (f, t) = (&r.indices.first[i], &r.indices.total[i]);
        csv.push_str(&format!(
            "{name},{},{},{},{},{},{}\n",
            f.value, f.ci95[0], f.ci95[1], t.value, t.ci95[0], t.ci95[1]
        ));
    }
    sobol_doc(s, r, c, Some(elapsed)).files(
        "sensitivity",
        pretty_json(&sobol_json(s, r, elapsed)),
        Some(csv),
        rendered,
        formats,
    )
}

pub fn sobol_text(s: &Scenario, r: &global::Report, c: Criterion) -> String {
    sobol_doc(s, r, c, None).text()
}

// ------------------------------------------------------------ discover

/// A box's restricted input, for tables and JSON.
#[derive(Clone, Debug, Serialize)]
pub struct Limit {
    pub input: String,
    pub low: String,
    pub high: String,
    /// The data's own range of the input.
    pub range: String,
    /// The box's density with this limit dropped.
    pub density_without: f64,
}

/// `discover`'s result: the trajectory and the chosen box, in words.
#[derive(Debug, Serialize)]
pub struct Discovery {
    pub scenario: String,
    pub file: String,
    pub sha256: String,
    pub seed: u64,
    pub criterion: &'static str,
    pub meaning: String,
    /// Runs searched (the criterion's denominator), and the base rate.
    pub runs: u64,
    pub base_rate: f64,
    pub inputs: Vec<String>,
    pub trajectory: Vec<TrajectoryPoint>,
    pub chosen: usize,
    pub chosen_box: BoxSummary,
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TrajectoryPoint {
    pub coverage: f64,
    pub density: f64,
    pub mass: f64,
    pub restricted: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct BoxSummary {
    pub coverage: f64,
    pub density: f64,
    pub mass: f64,
    pub runs: usize,
    pub cases: usize,
    pub limits: Vec<Limit>,
}

fn box_summary(
    b: &prim::PrimBox,
    x: &[Vec<f64>],
    y: &[bool],
    ranges: &[(f64, f64)],
    ins: &[Input],
    names: &[String],
) -> BoxSummary {
    let limits = b
        .restrictions(x, y, names)
        .into_iter()
        .map(|r| {
            let label = |v: f64| match ins.get(r.dim) {
                Some(i) => i.label(round4(v)),
                None => crate::scenario::spec::fmt_num(round4(v)),
            };
            Limit {
                input: r.name.clone(),
                low: label(r.low),
                high: label(r.high),
                range: format!("{} to {}", label(ranges[r.dim].0), label(ranges[r.dim].1)),
                density_without: r.density_if_dropped,
            }
        })
        .collect();
    BoxSummary {
        coverage: b.coverage,
        density: b.density,
        mass: b.mass,
        runs: b.n,
        cases: b.n_cases,
        limits,
    }
}

impl Discovery {
    pub fn new(
        s: &Scenario,
        c: Criterion,
        ins: &[Input],
        names: &[String],
        (x, y): (&[Vec<f64>], &[bool]),
        t: &prim::Trajectory,
    ) -> Discovery {
        let runs = y.len() as u64;
        let ranges = &t.ranges;
        Discovery {
            scenario: s.name.clone(),
            file: s.file.clone(),
            sha256: s.sha256.clone(),
            seed: s.seed,
            criterion: c.name(),
            meaning: c.meaning(),
            runs,
            base_rate: t.base_rate,
            inputs: names.to_vec(),
            trajectory: t
                .boxes
                .iter()
                .map(|b| TrajectoryPoint {
                    coverage: b.coverage,
                    density: b.density,
                    mass: b.mass,
                    restricted: b.restricted_dims(ranges).len(),
                })
                .collect(),
            chosen: t.chosen,
            chosen_box: box_summary(&t.pasted, x, y, ranges, ins, names),
            notes: t.notes.clone(),
        }
    }

    pub fn json(&self, elapsed: f64) -> impl Serialize + '_ {
        #[derive(Serialize)]
        struct J<'a> {
            tool: super::summary::Tool,
            #[serde(flatten)]
            d: &'a Discovery,
            elapsed_s: f64,
        }
        J {
            tool: super::summary::Tool::current(),
            d: self,
            elapsed_s: elapsed,
        }
    }
}

/// The limits that do most of a box's work, for a sentence: sorted by how
/// much density the box loses without each (most first), at most three.
fn main_limits(b: &BoxSummary) -> (Vec<String>, usize) {
    let mut ls: Vec<&Limit> = b.limits.iter().collect();
    ls.sort_by(|x, y| x.density_without.total_cmp(&y.density_without));
    let shown: Vec<String> = ls
        .iter()
        .take(3)
        .map(|l| format!("`{}` from {} to {}", l.input, l.low, l.high))
        .collect();
    let more = ls.len().saturating_sub(shown.len());
    (shown, more)
}

/// "… and 4 smaller limits" when a sentence leaves some out.
fn and_more(more: usize) -> String {
    match more {
        0 => String::new(),
        1 => " (and 1 smaller limit: see the table)".into(),
        n => format!(" (and {n} smaller limits: see the table)"),
    }
}

/// A box's limits as a table, the ones doing most of the work first.
fn limits_table(b: &BoxSummary) -> Table {
    let mut ls: Vec<&Limit> = b.limits.iter().collect();
    ls.sort_by(|x, y| x.density_without.total_cmp(&y.density_without));
    let mut t = Table::new(&["input", "box", "drawn range", "density without this limit"]);
    for l in ls {
        t.row(vec![
            format!("`{}`", l.input),
            format!("{} to {}", l.low, l.high),
            l.range.clone(),
            format!("{:.1}%", 100.0 * l.density_without),
        ]);
    }
    t
}

fn discover_doc(d: &Discovery, elapsed: Option<f64>) -> Doc {
    let b = &d.chosen_box;
    let pct = |x: f64| format!("{:.1}%", 100.0 * x);
    let mut doc = Doc::new(format!(
        "{}: when does a run end in `{}`?",
        lit(&d.scenario),
        d.criterion
    ));
    doc.p(format!(
        "**The case:** `{}`: {}. It happens in {} of the {} runs searched.",
        d.criterion,
        d.meaning,
        pct(d.base_rate),
        num(d.runs as f64)
    ));
    if b.limits.is_empty() {
        doc.p("PRIM found no box of inputs in which the case is clearly more common: here it is not decided by the drawn inputs.".into());
    } else {
        let (words, more) = main_limits(b);
        doc.p(format!(
            "**Where it concentrates:** with {}{}, the case happens in {} of runs (against {} overall). That box holds {} of all runs searched (mass) and {} of all the cases (coverage).",
            words.join(" and "),
            and_more(more),
            pct(b.density),
            pct(d.base_rate),
            pct(b.mass),
            pct(b.coverage)
        ));
        doc.h("The chosen box");
        doc.table(limits_table(b));
    }
    doc.list(d.notes.clone());
    doc.chart(
        "peeling",
        "PRIM's peeling trajectory: each point a box, from all runs (right) to ever smaller boxes; coverage is the share of all cases inside the box, density the share of the box's runs that are cases. The ringed point is the chosen box.".into(),
    );
    doc.h("Peeling trajectory");
    let mut t = Table::new(&["box", "coverage", "density", "mass", "inputs restricted"]);
    for (i, p) in d.trajectory.iter().enumerate() {
        t.row(vec![
            format!("{}{}", i, if i == d.chosen { " (chosen)" } else { "" }),
            pct(p.coverage),
            pct(p.density),
            pct(p.mass),
            p.restricted.to_string(),
        ]);
    }
    doc.table(t);
    doc.h("Method");
    doc.p("PRIM (Friedman and Fisher 1999) over the per-run sample: every input the scenario draws, run by run, against whether the run is a case. Peeling removes, at each step, the slice of one input (a share alpha of the box's runs, at its low or high end) whose removal raises the density most, until the box would hold fewer than the minimum mass of runs; the chosen box is then pasted (widened again where that raises density). The choice rule is in docs/model.md, \"Uncertainty analysis\". `--export FILE` writes the sample for other tools.".into());
    if let Some(e) = elapsed {
        doc.p(format!("Elapsed: {e:.2} s."));
    }
    doc
}

pub fn discover_charts(d: &Discovery, png: bool) -> Result<Vec<Rendered>, ChartError> {
    let title = format!(
        "{}: where {} concentrates",
        d.scenario,
        Criterion::find(d.criterion).map_or_else(|| d.criterion.to_string(), |c| c.label())
    );
    let subtitle = format!(
        "PRIM peeling trajectory over {} runs; base rate {:.1}%",
        num(d.runs as f64),
        100.0 * d.base_rate
    );
    let f = uc::Frame {
        title: &title,
        subtitle: &subtitle,
        caption: &d.meaning,
    };
    let pts: Vec<(f64, f64, f64)> = d
        .trajectory
        .iter()
        .map(|p| (p.coverage, p.density, p.mass))
        .collect();
    Ok(vec![uc::peeling(
        "peeling",
        &f,
        &pts,
        d.chosen,
        d.base_rate,
        png,
    )?])
}

pub fn discover_files(
    d: &Discovery,
    rendered: &[Rendered],
    formats: Formats,
    elapsed: f64,
) -> Vec<File> {
    discover_doc(d, Some(elapsed)).files(
        "discover",
        pretty_json(&d.json(elapsed)),
        None,
        rendered,
        formats,
    )
}

pub fn discover_text(d: &Discovery) -> String {
    discover_doc(d, None).text()
}

// ---------------------------------------------------------- robustness

/// The fewest leader changes PRIM is asked to explain: with fewer, any box
/// is a description of a handful of sets, not a finding.
const MIN_CASES: usize = 10;

#[derive(Debug, Serialize)]
pub struct Robustness {
    pub criterion: &'static str,
    pub meaning: String,
    pub higher_is_better: bool,
    pub seed: u64,
    pub runs_per_set: u64,
    pub sets: usize,
    /// The coefficients each set draws (`assumptions.<name>`); the others
    /// stay as each option writes them.
    pub coefficients_drawn: Vec<String>,
    pub leader_as_written: String,
    /// Sets whose leader differs from the leader as written.
    pub leader_changes: f64,
    /// Sets where the leader's paired margin over the runner-up is clear of noise.
    pub clear_leader: f64,
    pub options: Vec<Standing>,
    /// PRIM on "the leader changes" over the sets' coefficients.
    pub where_leader_changes: Option<BoxSummary>,
    pub prim_notes: Vec<String>,
    pub draws: Vec<Draw>,
}

impl Robustness {
    pub fn new(
        options: &[Scenario],
        c: Criterion,
        which: &[Coef],
        (seed, runs): (u64, u64),
        written: &Draw,
        draws: &[Draw],
    ) -> Robustness {
        let st = standings(options, written, draws);
        let leader = written.order[0];
        let k = draws.len().max(1) as f64;
        let changed: Vec<bool> = draws.iter().map(|d| d.order[0] != leader).collect();
        let n_changed = changed.iter().filter(|&&x| x).count();
        let (where_leader_changes, prim_notes) = if (1..MIN_CASES).contains(&n_changed) {
            (
                None,
                vec![format!(
                    "The leader changed in only {n_changed} of {} sets: too few for PRIM to say under which assumptions (it needs at least {MIN_CASES}; raise --draws).",
                    draws.len()
                )],
            )
        } else if n_changed > 0 {
            let sets: Vec<Vec<(Coef, f64)>> = draws
                .iter()
                .map(|d| robustness::assumption_set(seed, d.set, which))
                .collect();
            let x: Vec<Vec<f64>> = (0..which.len())
                .map(|j| sets.iter().map(|s| s[j].1).collect())
                .collect();
            let names: Vec<String> = which
                .iter()
                .map(|c| format!("assumptions.{}", c.spec().name))
                .collect();
            let t = prim::peel_and_paste(&x, &changed, &prim::Opts::default());
            (
                Some(box_summary(&t.pasted, &x, &changed, &t.ranges, &[], &names)),
                t.notes.clone(),
            )
        } else {
            (None, Vec::new())
        };
        Robustness {
            criterion: c.name(),
            meaning: c.meaning(),
            higher_is_better: c.higher_is_better(),
            seed,
            runs_per_set: runs,
            sets: draws.len(),
            coefficients_drawn: which
                .iter()
                .map(|c| format!("assumptions.{}", c.spec().name))
                .collect(),
            leader_as_written: options[leader].name.clone(),
            leader_changes: changed.iter().filter(|&&x| x).count() as f64 / k,
            clear_leader: draws.iter().filter(|d| d.clear).count() as f64 / k,
            options: st,
            where_leader_changes,
            prim_notes,
            draws: draws.to_vec(),
        }
    }

    pub fn json(&self, elapsed: f64) -> impl Serialize + '_ {
        #[derive(Serialize)]
        struct J<'a> {
            tool: super::summary::Tool,
            #[serde(flatten)]
            r: &'a Robustness,
            elapsed_s: f64,
        }
        J {
            tool: super::summary::Tool::current(),
            r: self,
            elapsed_s: elapsed,
        }
    }

    fn criterion(&self) -> Criterion {
        Criterion::find(self.criterion).expect("a criterion's own name")
    }
}

fn robustness_doc(r: &Robustness, elapsed: Option<f64>) -> Doc {
    let c = r.criterion();
    let pct = |x: f64| format!("{:.0}%", 100.0 * x);
    let mut d = Doc::new(format!("Is the ranking on `{}` robust?", r.criterion));
    what_is_measured(&mut d, c);
    d.p(format!(
        "{} assumption sets, each drawing {} uniformly over its plausible range; in each set every option runs the same {} runs on seed {} (common random numbers).",
        num(r.sets as f64),
        if r.coefficients_drawn.len() == COEFS.len() {
            "every coefficient".to_string()
        } else {
            format!(
                "{} (the other coefficients as each option writes them)",
                r.coefficients_drawn
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        },
        num(r.runs_per_set as f64),
        r.seed
    ));
    // The first of equal maxima, as the ranking breaks ties; "tied" when
    // two share the top.
    let top = r.options.iter().map(|o| o.p_best).fold(0.0, f64::max);
    let leaders: Vec<String> = r
        .options
        .iter()
        .filter(|o| o.p_best == top)
        .map(|o| lit(&o.name))
        .collect();
    let best = (leaders.join(" and "), top);
    d.p(format!(
        "**Bottom line:** under the options' own assumptions, **{}** ranks first. Across the plausible ranges the leader changes in {} of the sets; **{}** ranks first most often ({} of the sets{}). The leader's margin over the runner-up is clear of Monte Carlo noise in {} of the sets.",
        lit(&r.leader_as_written),
        pct(r.leader_changes),
        best.0,
        pct(best.1),
        if leaders.len() > 1 { ", tied" } else { "" },
        pct(r.clear_leader)
    ));
    d.chart(
        "ranks",
        "Each bar: the share of assumption sets in which the option ranked first, second, and so on.".into(),
    );
    let mut t = Table::new(&[
        "option",
        "as written (rank)",
        "ranks first",
        "regret: mean",
        "90th pct",
        "max",
    ]);
    for o in &r.options {
        t.row(vec![
            o.name.clone(),
            format!("{} ({})", c.show(o.as_written, false), o.rank_as_written),
            pct(o.p_best),
            gap(c, o.regret_mean),
            gap(c, o.regret_p90),
            gap(c, o.regret_max),
        ]);
    }
    d.h("Options");
    d.table(t);
    d.p("Regret: in each set, how far the option falls short of that set's best option, in the criterion's unit; 0 when it is the best.".into());
    d.h("Where the leader changes");
    match &r.where_leader_changes {
        Some(b) if !b.limits.is_empty() => {
            let (words, more) = main_limits(b);
            d.p(format!(
                "PRIM over the sets' coefficients: with {}{}, the leader differs from the leader as written in {:.0}% of sets (against {:.0}% overall); the box holds {:.0}% of the sets and {:.0}% of the changes.",
                words.join(" and "),
                and_more(more),
                100.0 * b.density,
                100.0 * r.leader_changes,
                100.0 * b.mass,
                100.0 * b.coverage
            ));
            d.table(limits_table(b));
        }
        Some(_) => d.p("The leader changes, but no box of coefficients concentrates the changes: they are spread across the plausible ranges (or are Monte Carlo noise between close options).".into()),
        None if r.leader_changes > 0.0 => {}
        None => d.p("The leader never changes across the sets.".into()),
    }
    d.list(r.prim_notes.clone());
    if let Some(e) = elapsed {
        d.p(format!("Elapsed: {e:.2} s."));
    }
    d
}

pub fn robustness_charts(r: &Robustness, png: bool) -> Result<Vec<Rendered>, ChartError> {
    let title = format!("Who ranks best on {}?", r.criterion().label());
    let subtitle = format!(
        "{} assumption sets from the plausible ranges × {} runs per option",
        num(r.sets as f64),
        num(r.runs_per_set as f64)
    );
    let f = uc::Frame {
        title: &title,
        subtitle: &subtitle,
        caption: &r.meaning,
    };
    let names: Vec<String> = r.options.iter().map(|o| o.name.clone()).collect();
    let probs: Vec<Vec<f64>> = r
        .options
        .iter()
        .map(|o| o.rank_probabilities.clone())
        .collect();
    Ok(vec![uc::rank_probabilities(
        "ranks", &f, &names, &probs, png,
    )?])
}

pub fn robustness_files(
    r: &Robustness,
    rendered: &[Rendered],
    formats: Formats,
    elapsed: f64,
) -> Vec<File> {
    let mut csv = String::from("set");
    for o in &r.options {
        csv.push_str(&format!(",{}", o.slug));
    }
    csv.push_str(",leader\n");
    for dr in &r.draws {
        csv.push_str(&dr.set.to_string());
        for v in &dr.values {
            csv.push_str(&format!(",{v}"));
        }
        csv.push_str(&format!(",{}\n", r.options[dr.order[0]].slug));
    }
    robustness_doc(r, Some(elapsed)).files(
        "robustness",
        pretty_json(&r.json(elapsed)),
        Some(csv),
        rendered,
        formats,
    )
}

pub fn robustness_text(r: &Robustness) -> String {
    robustness_doc(r, None).text()
}
