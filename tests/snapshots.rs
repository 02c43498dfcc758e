//! Snapshots of every page and file the commands write, for a pinned seed
//! and small run counts: `run`, `compare`, `sweep`, `batch`, `sensitivity`
//! (one at a time and Sobol), `discover`, `robustness`, `explain` and
//! `narrate`. A restructure of the report code must leave them the same:
//! Markdown, CSV, JSON and the HTML pages' text exactly; SVG after
//! normalising each element to its meaning (its name, colours, text, and
//! positions rounded to 2 px), so chart code can be rewritten without
//! copying it bug for bug. Timings, thread counts and the build's git
//! revision are blanked.
//!
//! A change meant to move a page: `UPDATE_SNAPSHOTS=1 cargo test --test
//! snapshots` rewrites `tests/snapshots/`, and the diff shows what moved.

mod common;

use regex::Regex;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

fn snapshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots")
}

/// Every command, each into `out`, run from `dir` on relative paths.
fn run_all(dir: &Path) {
    for f in ["coalition-baseline.toml", "no-force.toml", "skyshield.toml"] {
        std::fs::create_dir_all(dir.join("lib")).unwrap();
        std::fs::copy(common::lib(f), dir.join("lib").join(f)).unwrap();
    }
    let base = "lib/coalition-baseline.toml";
    let none = "lib/no-force.toml";
    let sky = "lib/skyshield.toml";
    let commands: [&[&str]; 10] = [
        &["run", base, "--runs", "400"],
        &["compare", none, base, sky, "--runs", "400"],
        &[
            "sweep",
            base,
            "--vary",
            "force.troops=5000,25000",
            "--runs",
            "300",
        ],
        &["batch", "lib", "--runs", "300", "--out", "out/batch"],
        &["sensitivity", base, "--runs", "200"],
        &[
            "sensitivity",
            base,
            "--method",
            "sobol",
            "--samples",
            "32",
            "--runs-per-point",
            "20",
            "--bootstrap",
            "50",
        ],
        &["discover", base, "--outcome", "war", "--runs", "2000"],
        &[
            "robustness",
            none,
            base,
            "--criterion",
            "ceasefire_at_horizon",
            "--runs",
            "50",
            "--draws",
            "40",
        ],
        &["explain", base],
        &["narrate", base, "--count", "2"],
    ];
    for c in commands {
        let mut args: Vec<&str> = c.to_vec();
        args.extend(["--seed", "11", "--charts", "svg"]);
        if !args.contains(&"--out") {
            args.extend(["--out", "out"]);
        }
        if args[0] == "explain" {
            // explain simulates nothing: no seed.
            args.retain(|a| *a != "--seed" && *a != "11");
        }
        let o = common::bin().args(&args).current_dir(dir).output().unwrap();
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

static TIMING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"[0-9]+\.[0-9]+ s on [0-9]+ threads?|(?i:elapsed)[^0-9\n]{0,60}?[0-9]+\.[0-9]+ s|charts [0-9]+\.[0-9]+ s",
    )
    .unwrap()
});
static GIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r" \(git [0-9a-f]{7,40}(\+dirty)?\)").unwrap());
static INLINE_SVG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<svg\b([^>]*)>.*?</svg>").unwrap());
static LABEL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"aria-label="([^"]*)""#).unwrap());

/// An inline chart as its label: the chart itself is its file's snapshot.
fn inline_chart(c: &regex::Captures) -> String {
    let label = LABEL
        .captures(&c[1])
        .map_or(String::new(), |l| l[1].to_string());
    format!("<svg aria-label=\"{label}\"/>")
}
static ELEMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<([a-zA-Z][\w:-]*)([^>]*?)/?>([^<]*)").unwrap());
static ATTR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"([\w:-]+)="([^"]*)""#).unwrap());
static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"-?[0-9]+(\.[0-9]+)?").unwrap());

/// A drawing as its meaning: one line per element with its attributes
/// (numbers but colours rounded to 2 px, opacity 1 and the namespace left
/// out) and its
/// text.
fn svg_meaning(svg: &str) -> String {
    let mut out = String::new();
    for e in ELEMENT.captures_iter(svg) {
        let mut line = e[1].to_string();
        for a in ATTR.captures_iter(&e[2]) {
            let (k, v) = (&a[1], &a[2]);
            if k == "xmlns" || (k == "opacity" && v == "1") {
                continue;
            }
            if v.starts_with('#') {
                line.push_str(&format!(" {k}={v}"));
                continue;
            }
            let v = NUMBER.replace_all(v, |n: &regex::Captures| {
                let x: f64 = n[0].parse().unwrap_or(0.0);
                format!("{}", (x / 2.0).round() * 2.0)
            });
            line.push_str(&format!(" {k}={v}"));
        }
        let text = e[3].trim();
        if !text.is_empty() {
            line.push_str(&format!(" {text:?}"));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Blank what differs from run to run: timings and thread counts.
fn normalise_json(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if matches!(k.as_str(), "elapsed_s" | "charts_s" | "threads") {
                    *x = serde_json::Value::Null;
                } else {
                    normalise_json(x);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(normalise_json),
        _ => {}
    }
}

/// A written file as its snapshot, or None for files not snapshotted
/// (pictures in PNG).
fn snapshot_of(path: &Path) -> Option<String> {
    let ext = path.extension()?.to_str()?;
    if ext == "png" {
        return None;
    }
    // The build's revision, where a picture names it, differs by commit.
    let text = GIT
        .replace_all(&std::fs::read_to_string(path).unwrap(), "git (revision)")
        .into_owned();
    Some(match ext {
        "json" => {
            let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
            normalise_json(&mut v);
            serde_json::to_string_pretty(&v).unwrap() + "\n"
        }
        "svg" => svg_meaning(&text),
        "html" => {
            // The inline charts are the chart files, snapshotted apart.
            let t = INLINE_SVG.replace_all(&text, inline_chart);
            TIMING.replace_all(&t, "(timing)").into_owned()
        }
        _ => TIMING.replace_all(&text, "(timing)").into_owned(),
    })
}

/// Every file under `root` (none when it is missing), by its path relative
/// to `root` with `/` between folders.
fn files(root: &Path) -> Vec<(String, PathBuf)> {
    fn walk(dir: &Path, root: &Path, acc: &mut Vec<(String, PathBuf)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, root, acc);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                acc.push((rel, p));
            }
        }
    }
    let mut acc = Vec::new();
    walk(root, root, &mut acc);
    acc
}

/// Every snapshotted file under `root`, by relative path. A batch's
/// scenario folders are `run`'s pages again: its index, brief and overview
/// are its own.
fn collect(root: &Path) -> BTreeMap<String, String> {
    files(root)
        .into_iter()
        .filter(|(rel, _)| !(rel.starts_with("batch/") && rel.matches('/').count() > 1))
        .filter_map(|(rel, p)| snapshot_of(&p).map(|s| (rel, s)))
        .collect()
}

/// The stored snapshots, by the relative path of the file they pin.
fn stored() -> BTreeMap<String, String> {
    files(&snapshot_dir())
        .into_iter()
        .map(|(rel, p)| {
            let rel = rel.strip_suffix(".snap").unwrap_or(&rel).to_string();
            (rel, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

#[test]
fn every_page_matches_its_snapshot() {
    let d = tempfile::tempdir().unwrap();
    run_all(d.path());
    let now = collect(&d.path().join("out"));
    assert!(now.len() > 50, "{} files", now.len());
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        let root = snapshot_dir();
        let _ = std::fs::remove_dir_all(&root);
        for (rel, text) in &now {
            let p = root.join(format!("{rel}.snap"));
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        return;
    }
    let before = stored();
    let mut problems = Vec::new();
    for rel in before.keys().filter(|k| !now.contains_key(*k)) {
        problems.push(format!("{rel}: no longer written"));
    }
    for (rel, text) in &now {
        match before.get(rel) {
            None => problems.push(format!("{rel}: new, with no snapshot")),
            Some(old) if old != text => {
                let (i, (a, b)) = old
                    .lines()
                    .zip(text.lines())
                    .enumerate()
                    .find(|(_, (a, b))| a != b)
                    .unwrap_or((
                        old.lines().count().min(text.lines().count()),
                        ("(end)", "(end)"),
                    ));
                problems.push(format!(
                    "{rel}: differs first at line {}:\n    was: {}\n    now: {}",
                    i + 1,
                    clip(a),
                    clip(b)
                ));
            }
            Some(_) => {}
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} files differ from tests/snapshots/ (UPDATE_SNAPSHOTS=1 cargo test --test snapshots rewrites them when the change is meant):\n{}",
        problems.len(),
        now.len(),
        problems.join("\n")
    );
}

fn clip(s: &str) -> String {
    let mut t: String = s.chars().take(300).collect();
    if s.chars().count() > 300 {
        t.push('…');
    }
    t
}

/// The normalisation itself: timings blanked, an SVG's positions rounded
/// and its colours and text kept, inline charts replaced by their label.
#[test]
fn normalising_keeps_meaning_and_drops_noise() {
    let svg = r##"<svg width="10" xmlns="http://www.w3.org/2000/svg"><rect x="3.2" y="0" opacity="1" fill="#FF0000"/><text x="40.9" y="16">Hello</text></svg>"##;
    assert_eq!(
        svg_meaning(svg),
        "svg width=10\nrect x=4 y=0 fill=#FF0000\ntext x=40 y=16 \"Hello\"\n"
    );
    assert_eq!(
        TIMING.replace_all(
            "Results (0.01 s on 2 threads; charts 0.03 s). Elapsed: 1.46 s.",
            "(timing)"
        ),
        "Results ((timing); (timing)). (timing)."
    );
    assert_eq!(
        TIMING.replace_all("| elapsed | 0.02 s |", "(timing)"),
        "| (timing) |"
    );
    assert_eq!(
        GIT.replace_all("reassure 0.1.0 (git 24d351587f+dirty).", ""),
        "reassure 0.1.0."
    );
    let html = r#"<p>a</p><svg viewBox="0 0 1 1" aria-label="The chart"><rect/></svg><p>b</p>"#;
    assert_eq!(
        INLINE_SVG.replace_all(html, inline_chart),
        r#"<p>a</p><svg aria-label="The chart"/><p>b</p>"#
    );
}
