//! Outputs: one module per format, all rendered from [`summary::Summary`].

pub mod csv;
pub mod markdown;
pub mod summary;
pub mod table;
pub mod write;

pub use summary::{Summary, summarize};

/// The files of a results folder, as (relative path, bytes).
pub fn result_files(s: &Summary) -> Vec<(String, Vec<u8>)> {
    let mut json = serde_json::to_string_pretty(s).expect("a Summary always serialises");
    json.push('\n');
    vec![
        ("summary.json".into(), json.into_bytes()),
        ("summary.md".into(), markdown::summary_md(s).into_bytes()),
        ("outcomes.csv".into(), csv::outcomes_csv(s).into_bytes()),
    ]
}
