//! `report.html`: one self-contained page (inline CSS, inline SVG charts, no
//! script, no external reference) that reads well on screen and printed to
//! PDF. Built from the same tables as `summary.md`.

use super::charts::Rendered;
use super::markdown::{
    HEADLINE_NOTE, METRIC_NOTE, MISSION_NOTE, MONTHLY_NOTE, NOISE_NOTE, PEACE_NOTE, deployed_note,
    deployed_outcome_table, headline_table, metric_table, mission_table, monthly_table,
    months_table, parameter_table, peace_table,
};
use super::summary::Summary;
use super::table::num;

const CSS: &str = r#"
:root { --ink: #222; --muted: #666; --rule: #ddd; --fail: #b3261e; --ok: #1b7f4b; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: var(--ink);
  max-width: 1100px; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.45; font-size: 15px;
  overflow-wrap: break-word; }
h1 { font-size: 1.9rem; margin: 0 0 .3rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .6rem; border-bottom: 2px solid var(--rule); padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
p.lede { color: var(--muted); margin: .2rem 0 1rem; }
p.caption { color: var(--muted); font-size: .88rem; }
.note { background: #f6f6f2; border-left: 4px solid #e69f00; padding: .6rem .9rem; margin: 1rem 0; }
table { border-collapse: collapse; margin: .4rem 0 1rem; font-variant-numeric: tabular-nums; max-width: 100%; }
th, td { padding: .25rem .7rem; border-bottom: 1px solid var(--rule); text-align: right; vertical-align: top; }
th { border-bottom: 2px solid #bbb; font-weight: 600; }
th:first-child, td:first-child { text-align: left; }
td:not(:first-child) { white-space: nowrap; }
/* Many columns of "estimate (interval)": let the interval wrap under its
   estimate rather than push the table off the page. */
table.wide td:not(:first-child) { white-space: normal; }
table.wide { width: 100%; }
td.sub { padding-left: 1.8rem; color: var(--muted); }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .92em; overflow-wrap: anywhere; }
figure { margin: 1.2rem 0 1.8rem; }
figure svg, figure img { width: 100%; max-width: 100%; height: auto; display: block; border: 1px solid var(--rule); }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .3rem; }
.fail { color: var(--fail); font-weight: 600; }
.ok { color: var(--ok); }
dl.prov { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.prov dt { color: var(--muted); }
dl.prov dd { margin: 0; overflow-wrap: anywhere; }
/* The brief: options by figure, each figure's denominator under its name. */
section.brief { margin-bottom: 1.5rem; }
table.brief-table { width: 100%; font-size: .84rem; line-height: 1.25; table-layout: fixed; }
table.brief-table th:first-child { width: 10%; }
table.brief-table th, table.brief-table td { padding: .25rem .3rem; white-space: normal; }
table.brief-table th small { display: block; font-weight: 400; color: var(--muted); }
table.brief-table td small { color: var(--muted); }
table.brief-table td.unclear { color: var(--muted); }
ul.bottom-line { padding-left: 1.1rem; margin: .3rem 0 .6rem; }
ul.bottom-line li { margin: .2rem 0; }
div.pair { display: flex; flex-wrap: wrap; gap: 0 2rem; }
div.pair > div { flex: 1 1 24rem; min-width: 0; }
section.glossary dl { margin: .2rem 0 .8rem; }
section.glossary dt { font-weight: 600; margin-top: .35rem; }
section.glossary dd { margin: 0 0 0 1.2rem; }
/* A phone: every table becomes stacked rows, each cell beside its heading. */
@media screen and (max-width: 700px) {
  body { margin: 1rem auto; padding: 0 .8rem; font-size: 14px; }
  h1 { font-size: 1.45rem; }
  table, table.wide, table.brief-table { width: 100%; font-size: .9rem; }
  table thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table, tbody, tr, td { display: block; }
  tr { border-bottom: 2px solid #bbb; padding: .3rem 0; }
  td, table.brief-table td { text-align: right; white-space: normal; border-bottom: 1px dotted var(--rule);
    padding: .15rem .2rem; overflow-wrap: anywhere; }
  td:first-child, table.brief-table td:first-child { text-align: left; font-weight: 600; border-bottom: none; }
  td:not(:first-child)::before { content: attr(data-label); float: left; text-align: left;
    color: var(--muted); font-weight: 400; max-width: 55%; padding-right: .5rem; }
  td.sub { padding-left: .2rem; }
  td::after { content: ""; display: block; clear: both; }
  dl.prov { grid-template-columns: 1fr; }
  dl.prov dd { margin-bottom: .3rem; }
}
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 9.5pt; }
  h1 { font-size: 14pt; }
  h2 { font-size: 12.5pt; margin-top: 1.1rem; break-after: avoid; }
  h3 { break-after: avoid; }
  figure, tr, dl.prov div { break-inside: avoid; }
  figure svg { border: none; max-height: 240mm; }
  table { width: 100%; font-size: 8pt; }
  th, td { padding: 1.5pt 3pt; white-space: normal !important; }
  td { overflow-wrap: break-word; }
  th { overflow-wrap: break-word; }
  td.sub { padding-left: 9pt; }
  thead { display: table-header-group; }
  table.brief-table { font-size: 7pt; table-layout: fixed; }
  table.brief-table th:first-child { width: 11%; }
  table.brief-table th, table.brief-table td { padding: 1.5pt 2pt; overflow-wrap: normal; }
  table.brief-table small { font-size: 6pt; }
  section.brief p, section.brief li { font-size: 7.8pt; line-height: 1.22; }
  section.brief h2 { margin-top: .4rem; }
  section.brief h3 { font-size: 9.5pt; margin: .4rem 0 .2rem; }
  section.brief { break-after: page; }
  div.pair > div { flex: 1 1 45%; }
  section.glossary h3 { font-size: 10pt; }
  section.glossary dl { columns: 2; column-gap: 8mm; font-size: 8.5pt; }
  section.glossary dt { break-after: avoid; }
  section.glossary dd { break-inside: avoid; margin-left: 3mm; }
  .note { padding: .3rem .6rem; }
  @page { size: A4; margin: 14mm 12mm; }
}
"#;

/// Escape text for HTML element content and attribute values. A control
/// character (from a file path, say) shows as `\u{..}`: HTML has no use
/// for one, and some would end the page's text early.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => out.push_str(&crate::text::show_char(c, false)),
            c => out.push(c),
        }
    }
    out
}

/// Marked-up text (see [`super::md`]) as HTML: code spans as `<code>`,
/// strong as `<strong>`, everything escaped.
pub fn rich(s: &str) -> String {
    marked(s, true)
}

/// A table cell's marked-up text as HTML: code spans only, as
/// [`super::md::cell`] reads it.
pub fn rich_cell(s: &str) -> String {
    marked(s, false)
}

fn marked(s: &str, strong: bool) -> String {
    use super::md::Piece;
    let mut out = String::with_capacity(s.len() + 16);
    for p in super::md::pieces(s, strong) {
        match p {
            Piece::Text(t) => out.push_str(&esc(&t)),
            Piece::Code(c) => out.push_str(&format!("<code>{}</code>", esc(&c))),
            Piece::Strong(true) => out.push_str("<strong>"),
            Piece::Strong(false) => out.push_str("</strong>"),
        }
    }
    out
}

/// A chart's SVG made fit for inlining: no XML prolog, no namespace URL
/// (HTML parsers need neither), scales with the page, labelled for screen
/// readers.
pub fn inline_svg(svg: &str, label: &str) -> String {
    let body = match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => svg,
    };
    let body = body.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1);
    body.replacen(
        "<svg ",
        &format!("<svg role=\"img\" aria-label=\"{}\" ", esc(label)),
        1,
    )
}

/// The `<figure>` of each chart.
pub fn figures(charts: &[Rendered], title: &str) -> String {
    let mut out = String::new();
    for c in charts {
        let label = format!("{title}: {}", c.heading);
        out.push_str(&format!(
            "<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>\n",
            inline_svg(&c.svg, &label),
            esc(&super::glossary::capitalise(&c.heading)),
        ));
    }
    out
}

/// The scenario's source as a report read on its own can use: "this file"
/// in a scenario's words is the scenario file, which the report names.
pub fn source_line(s: &Summary) -> String {
    s.scenario.source.replace(
        "the header of this file",
        &format!("the header of the scenario file {}", s.scenario.file),
    )
}

/// The page around a body: head, inline CSS.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        esc(title)
    )
}

/// Provenance of one run, as a definition list.
pub fn provenance(s: &Summary) -> String {
    let rows = [
        ("tool", format!("{} {}", s.tool.name, s.tool.version)),
        ("scenario file", s.scenario.file.clone()),
        ("scenario sha256", s.scenario.sha256.clone()),
        ("seed", s.seed.to_string()),
        ("runs", num(s.runs as f64)),
        ("horizon", format!("{} months", s.horizon_months)),
        (
            "timing",
            format!(
                "{:.2} s on {} threads",
                s.timing.elapsed_s, s.timing.threads
            ),
        ),
    ];
    let mut out = String::from("<dl class=\"prov\">\n");
    for (k, v) in rows {
        out.push_str(&format!(
            "<dt>{}</dt><dd><code>{}</code></dd>\n",
            esc(k),
            esc(&v)
        ));
    }
    out.push_str("</dl>\n");
    out
}

/// `report.html` for one run.
pub fn report_html(s: &Summary, charts: &[Rendered]) -> String {
    let mut b = format!("<h1>{}</h1>\n", esc(&s.scenario.name));
    if !s.scenario.description.is_empty() {
        b.push_str(&format!(
            "<p class=\"lede\">{}</p>\n",
            esc(&s.scenario.description)
        ));
    }
    if !s.scenario.source.is_empty() {
        b.push_str(&format!(
            "<p class=\"lede\">Source: {}</p>\n",
            esc(&source_line(s))
        ));
    }
    b.push_str(&format!(
        "<p>{} runs, seed {}, horizon {} months from the start.</p>\n<p class=\"note\">{}</p>\n",
        num(s.runs as f64),
        s.seed,
        s.horizon_months,
        esc(NOISE_NOTE)
    ));
    b.push_str(&super::brief::of_run(s).html());
    b.push_str(&format!(
        "<h2>Headline</h2>\n<p>{}</p>\n",
        esc(HEADLINE_NOTE)
    ));
    b.push_str(&headline_table(s).html(""));
    b.push_str(&format!(
        "<h2>The peace at the horizon</h2>\n<p>{}</p>\n",
        esc(PEACE_NOTE)
    ));
    b.push_str(&peace_table(s).html(""));
    b.push_str(&months_table(s).html("wide"));
    if let Some(t) = mission_table(s) {
        b.push_str("<div class=\"pair\">\n<div>\n");
        b.push_str(&format!(
            "<h2>The mission's fate</h2>\n<p>{}</p>\n",
            esc(MISSION_NOTE)
        ));
        b.push_str(&t.html(""));
        b.push_str("</div>\n");
        if let Some(t) = deployed_outcome_table(s) {
            b.push_str(&format!(
                "<div>\n<h2>The mission's fate per deployment</h2>\n<p>{}</p>\n",
                esc(&deployed_note(s))
            ));
            b.push_str(&t.html(""));
            b.push_str("</div>\n");
        }
        b.push_str("</div>\n");
    }
    if !s.expectations.is_empty() {
        b.push_str("<h2>Expectations</h2>\n<ul>\n");
        for e in &s.expectations {
            let (class, word) = if e.passed {
                ("ok", "ok")
            } else {
                ("fail", "FAILED")
            };
            b.push_str(&format!(
                "<li><span class=\"{class}\">{word}</span> {}</li>\n",
                esc(&e.describe())
            ));
        }
        b.push_str("</ul>\n");
    }
    b.push_str("<h2>Charts</h2>\n");
    if charts.is_empty() {
        b.push_str("<p>No charts were drawn for this run (<code>--charts none</code>).</p>\n");
    } else {
        b.push_str(&figures(charts, &s.scenario.name));
    }
    b.push_str(&format!(
        "<h2>Per-run figures</h2>\n<p>{}</p>\n",
        esc(METRIC_NOTE)
    ));
    b.push_str(&metric_table(s).html("wide"));
    b.push_str(&format!(
        "<h2>State by month</h2>\n<p>{}</p>\n",
        esc(MONTHLY_NOTE)
    ));
    b.push_str(&monthly_table(s).html(""));
    b.push_str("<h2>Key settings</h2>\n");
    b.push_str(&parameter_table(s).html(""));
    b.push_str("<h2>Provenance</h2>\n");
    b.push_str(&provenance(s));
    b.push_str(&super::glossary::html());
    page(&format!("{} — reassure", s.scenario.name), &b)
}
