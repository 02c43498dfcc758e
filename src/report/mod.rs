//! Outputs: one module per format, all rendered from [`summary::Summary`].

pub mod brief;
pub mod charts;
pub mod comparison;
pub mod csv;
pub mod explain;
pub mod glossary;
pub mod html;
pub mod index;
pub mod layout;
pub mod markdown;
pub mod md;
pub mod mission_chart;
pub mod raster;
pub mod story;
pub mod summary;
pub mod sweep;
pub mod table;
pub mod uncertainty;
pub mod uncertainty_charts;
pub mod write;

pub use summary::{Summary, summarize};

/// A file of a results folder: relative path, bytes.
pub type File = (String, Vec<u8>);

/// The files of a results folder, as (relative path, bytes). `charts` are
/// the drawn charts; `formats` says which of their files to write.
pub fn result_files(
    s: &Summary,
    charts: &[charts::Rendered],
    formats: charts::Formats,
) -> Vec<File> {
    let mut json = serde_json::to_string_pretty(s).expect("a Summary always serialises");
    json.push('\n');
    let (chart_files, links) = chart_files(charts, formats);
    let mut files = vec![
        ("summary.json".into(), json.into_bytes()),
        (
            "summary.md".into(),
            markdown::summary_md(s, &links).into_bytes(),
        ),
        ("outcomes.csv".into(), csv::outcomes_csv(s).into_bytes()),
        ("headline.csv".into(), csv::headline_csv(s).into_bytes()),
        (
            "report.html".into(),
            html::report_html(s, charts).into_bytes(),
        ),
    ];
    files.extend(chart_files);
    files
}

/// The chart files under `charts/`, and (heading, link) pairs for Markdown
/// (SVG where written, else PNG).
pub fn chart_files(
    charts: &[charts::Rendered],
    formats: charts::Formats,
) -> (Vec<File>, Vec<(String, String)>) {
    let mut files = Vec::new();
    let mut links = Vec::new();
    for c in charts {
        let svg = format!("charts/{}.svg", c.stem);
        let png = format!("charts/{}.png", c.stem);
        if formats.svg_files() {
            files.push((svg.clone(), c.svg.clone().into_bytes()));
        }
        if let (true, Some(bytes)) = (formats.png_files(), &c.png) {
            files.push((png.clone(), bytes.clone()));
        }
        let link = if formats.svg_files() { svg } else { png };
        links.push((c.heading.clone(), link));
    }
    (files, links)
}
