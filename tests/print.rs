//! Every report prints to A4 and reads at a phone's width: `run`, a
//! six-option `compare`, a 2-D `sweep` and a `batch` are printed to PDF by
//! headless Chromium, and each table heading of the page must be in the
//! PDF's text (a table cut at the page edge loses its right-hand headings)
//! with no page wider than A4; then each page is laid out 400 px wide and
//! must not scroll sideways. Skipped, saying so, without Chromium and
//! poppler's `pdftotext`/`pdfinfo` (.ci/run installs both).

mod common;

use common::{SIX_OPTIONS, bin, browser, chromium, find_program, folder, lib, run_browser};
use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

/// The text of every `<th>` of a page, tags stripped and entities decoded.
fn headings(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<th") {
        let after = &rest[i + 3..];
        // `<th>` or `<th class=...>`, not `<thead>`.
        if !(after.starts_with('>') || after.starts_with(' ')) {
            rest = after;
            continue;
        }
        let open = after.find('>').unwrap() + 1;
        let close = after.find("</th>").unwrap();
        let mut text = String::new();
        let mut in_tag = false;
        for ch in after[open..close].chars() {
            match ch {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        let text = text
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        out.push(text);
        rest = &after[close..];
    }
    out
}

/// The words of a text: runs of letters and digits, lower-cased.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Print a page to PDF and check it; then lay it out at 400 px. Returns
/// the text of the PDF's first page.
fn check_page(chrome: &Path, page: &Path, tmp: &Path) -> String {
    let name = page
        .parent()
        .and_then(|p| p.file_name())
        .map_or("page".into(), |n| n.to_string_lossy().to_string());
    let html = std::fs::read_to_string(page).unwrap();
    let ths = headings(&html);
    assert!(!ths.is_empty(), "{name}: no table headings found");

    let pdf = tmp.join(format!("{name}.pdf"));
    let mut c = browser(chrome, &tmp.join(format!("profile-{name}")));
    c.arg(format!("--print-to-pdf={}", pdf.display()))
        .arg("--no-pdf-header-footer")
        .arg(format!("file://{}", page.display()));
    run_browser(c, 120);
    assert!(pdf.is_file(), "{name}: Chromium wrote no PDF");

    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    let have: HashSet<String> = words(&text).into_iter().collect();
    for h in &ths {
        let missing: Vec<String> = words(h).into_iter().filter(|w| !have.contains(w)).collect();
        assert!(
            missing.is_empty(),
            "{name}: the printed page lacks the column heading {h:?} (missing {missing:?}): a table was cut at the page's edge"
        );
    }

    let info = Command::new("pdfinfo")
        .args(["-f", "1", "-l", "10000"])
        .arg(&pdf)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let widths: Vec<f64> = info
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size:"))
        .filter_map(|l| {
            l.split(" size:")
                .nth(1)?
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        })
        .collect();
    assert!(
        !widths.is_empty(),
        "{name}: pdfinfo gave no page size:\n{info}"
    );
    for w in &widths {
        assert!(
            *w <= 596.0,
            "{name}: a page {w} pt wide is wider than A4 (595 pt)"
        );
    }

    // At a phone's width: headless Chromium's window is at least 500 px,
    // so the page is laid out in a 400 px frame of a probe page, whose
    // script writes the frame's scroll width into the DOM (the report
    // itself has no script).
    let probe = tmp.join(format!("{name}-400.html"));
    let escaped = html
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    std::fs::write(
        &probe,
        format!(
            "<!DOCTYPE html><html><body style=\"margin:0\"><iframe style=\"width:400px;height:900px;border:0\" srcdoc=\"{escaped}\" onload=\"document.body.setAttribute('data-scroll-width', String(this.contentDocument.documentElement.scrollWidth))\"></iframe></body></html>"
        ),
    )
    .unwrap();
    let mut c = browser(chrome, &tmp.join(format!("profile-{name}-400")));
    c.args(["--dump-dom", "--window-size=500,900"])
        .arg(format!("file://{}", probe.display()));
    let dom = run_browser(c, 120);
    let width: u32 = dom
        .split("data-scroll-width=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{name}: the probe wrote no scroll width"));
    assert!(
        width <= 400,
        "{name}: at 400 px the page is {width} px wide: it scrolls sideways on a phone"
    );
    let first = Command::new("pdftotext")
        .args(["-f", "1", "-l", "1"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&first.stdout).into_owned()
}

#[test]
fn every_report_prints_to_a4_and_reads_on_a_phone() {
    let Some(chrome) = chromium() else {
        eprintln!("skipped: no Chromium found (Debian package `chromium`; .ci/run installs it)");
        return;
    };
    if find_program(&["pdftotext"]).is_none() || find_program(&["pdfinfo"]).is_none() {
        eprintln!(
            "skipped: pdftotext and pdfinfo not found (Debian package `poppler-utils`; .ci/run installs it)"
        );
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let o = out.path();
    bin()
        .args([
            "run", "--runs", "2000", "--charts", "svg", "--quiet", "--out",
        ])
        .arg(o)
        .assert()
        .success();
    bin()
        .arg("compare")
        .args(SIX_OPTIONS.iter().map(|f| lib(f)))
        .args(["--runs", "2000", "--charts", "svg", "--quiet", "--out"])
        .arg(o)
        .assert()
        .success();
    bin()
        .arg("sweep")
        .arg(lib("coalition-baseline.toml"))
        .args([
            "--vary",
            "force.troops=5000..50000:4",
            "--vary",
            "us_backstop.level=none,political,isr_logistics,air_support",
            "--runs",
            "300",
            "--charts",
            "svg",
            "--quiet",
            "--out",
        ])
        .arg(o)
        .assert()
        .success();
    let library = o.join("library");
    bin()
        .arg("batch")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"))
        .args([
            "--runs",
            "1000",
            "--robustness-draws",
            "2",
            "--charts",
            "svg",
            "--quiet",
            "--out",
        ])
        .arg(&library)
        .assert()
        .code(predicate_ok());
    let compare = folder(o, "compare-");
    let sweep = folder(o, "sweep-");
    let pages = [
        o.join("coalition-baseline/report.html"),
        compare.join("report.html"),
        sweep.join("report.html"),
        library.join("index.html"),
    ];
    let tmp = tempfile::tempdir().unwrap();
    let mut first_pages = Vec::new();
    for page in &pages {
        assert!(page.is_file(), "{} was not written", page.display());
        first_pages.push(check_page(&chrome, page, tmp.path()));
    }
    // The six-option brief is one printed page: its closing line is on
    // the first page, after every option's bottom line.
    let brief = &first_pages[1];
    assert!(
        brief.contains("Bottom line") && brief.contains("Definitions at the end of the report"),
        "the six-option brief does not fit the first printed page:\n{brief}"
    );
    for option in ["No force.", "Deploy during war."] {
        assert!(brief.contains(option), "{option:?} not on the first page");
    }
    // The batch, checked over assumption sets, says what its ranking
    // rests on.
    let md = std::fs::read_to_string(library.join("brief.md")).unwrap();
    assert!(md.contains("What the ranking rests on"), "{md}");
}

/// A batch exits 0, or 1 when a library scenario's `[expect]` bound fails
/// at these few runs; either way it wrote its index.
fn predicate_ok() -> impl predicates::Predicate<i32> {
    predicates::function::function(|c: &i32| *c == 0 || *c == 1)
}

#[test]
fn headings_are_read_from_the_page() {
    let html = "<table><thead><tr><th>Option</th><th class=\"x\">Cost p50 <small>per deployed run</small></th></tr></thead></table>";
    assert_eq!(headings(html), ["Option", "Cost p50 per deployed run"]);
    assert_eq!(words("Cost p50, EUR bn"), ["cost", "p50", "eur", "bn"]);
}
