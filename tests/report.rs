//! Charts and `report.html`, end to end through the command line: the files
//! a run writes, what they contain, `--charts`, and the report rendered by a
//! real browser when one is installed.

mod common;

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const CHARTS: [&str; 5] = [
    "outcomes",
    "mission-states",
    "casualties",
    "escalation",
    "cost",
];

fn bin() -> Command {
    Command::cargo_bin("reassure").unwrap()
}

/// One default run with every chart, shared by the tests that only read it.
fn shared_run() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let d = tempfile::tempdir().unwrap();
        bin()
            .args(["run", "--runs", "20000", "--quiet", "--out"])
            .arg(d.path())
            .assert()
            .success();
        d
    });
    Box::leak(Box::new(dir.path().join("coalition-baseline")))
}

struct Image {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
}

fn decode_png(path: &Path) -> Image {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    let rgb = match info.color_type {
        png::ColorType::Rgb => buf,
        png::ColorType::Rgba => buf.chunks(4).flat_map(|p| [p[0], p[1], p[2]]).collect(),
        other => panic!("unexpected colour type {other:?}"),
    };
    Image {
        width: info.width,
        height: info.height,
        rgb,
    }
}

impl Image {
    /// Share of pixels in rows `rows` that are not (near) white.
    fn ink(&self, rows: std::ops::Range<u32>) -> f64 {
        let w = self.width as usize;
        let mut dark = 0;
        let mut all = 0;
        for y in rows {
            for x in 0..w {
                let i = (y as usize * w + x) * 3;
                all += 1;
                if self.rgb[i..i + 3].iter().any(|&c| c < 200) {
                    dark += 1;
                }
            }
        }
        dark as f64 / all.max(1) as f64
    }

    fn colours(&self) -> usize {
        let mut seen: Vec<[u8; 3]> = self.rgb.chunks(3).map(|p| [p[0], p[1], p[2]]).collect();
        seen.sort_unstable();
        seen.dedup();
        seen.len()
    }
}

/// The text of every `<text>` element of an SVG.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let body = &t[t.find('>')? + 1..];
            Some(body[..body.find("</text>")?].trim().to_string())
        })
        .collect()
}

#[test]
fn a_run_writes_five_charts_as_svg_and_png() {
    let dir = shared_run();
    for c in CHARTS {
        let img = decode_png(&dir.join(format!("charts/{c}.png")));
        assert_eq!((img.width, img.height), (1200, 800), "{c}.png size");
        let ink = img.ink(0..img.height);
        // (Curves on white, such as the exceedance charts, hold less ink
        // than bars; a frame with no plot holds about 1%.)
        assert!(
            ink > 0.015 && ink < 0.9,
            "{c}.png is blank or flooded: {ink}"
        );
        assert!(img.colours() > 20, "{c}.png has too few colours");
        // The title band holds rendered text (the embedded font works
        // without any system font).
        assert!(img.ink(10..50) > 0.01, "{c}.png has no title text");
        assert!(img.ink(760..785) > 0.003, "{c}.png has no caption text");

        let svg = std::fs::read_to_string(dir.join(format!("charts/{c}.svg"))).unwrap();
        let texts = svg_texts(&svg);
        assert!(
            texts.iter().any(|t| t.starts_with("Coalition baseline: ")),
            "{c}.svg has no title: {texts:?}"
        );
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("20,000 runs, seed 2025")),
            "{c}.svg has no caption"
        );
    }
}

#[test]
fn svg_charts_carry_their_labels() {
    let dir = shared_run();
    let read =
        |c: &str| svg_texts(&std::fs::read_to_string(dir.join(format!("charts/{c}.svg"))).unwrap());
    let outcomes = read("outcomes");
    for label in [
        "Peace: Ceasefire, quiet",
        "Peace: Ceasefire, contested",
        "Peace: War",
        "Peace: Wider war",
        "Mission: Never deployed",
        "Mission: In place",
        "Mission: Withdrawn after deaths",
        "Mission: Ended by a collapse",
        "probability (share of all runs)",
    ] {
        assert!(
            outcomes.iter().any(|t| t == label),
            "outcomes.svg lacks {label:?}"
        );
    }
    let states = read("mission-states");
    for label in [
        "month from the start (0 = the start; every option on one calendar)",
        "share of all runs",
        "Ceasefire, force in place",
        "War, no force",
        "Ceasefire, no force",
    ] {
        assert!(
            states.iter().any(|t| t == label),
            "mission-states.svg lacks {label:?}"
        );
    }
    let casualties = read("casualties");
    assert!(casualties.iter().any(|t| t.starts_with("median ")));
    assert!(casualties.iter().any(|t| t.starts_with("90th percentile ")));
    assert!(casualties.iter().any(|t| t.contains("(deaths)")));
    assert!(read("cost").iter().any(|t| t.contains("(EUR bn)")));
    assert!(read("escalation").iter().any(|t| t == "4 wider war"));
}

#[test]
fn the_report_is_self_contained() {
    let dir = shared_run();
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    let lower = html.to_lowercase();
    for bad in [
        "<script", "<link", "<iframe", "<img", " src=", "href=", "url(", "@import", "http://",
        "https://",
    ] {
        assert!(!lower.contains(bad), "report.html contains {bad:?}");
    }
    assert_eq!(html.matches("<svg").count(), 5, "one inline SVG per chart");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    for must in [
        "Monte Carlo noise only",
        "ceasefire_quiet",
        "never_deployed",
        "hostile_deaths",
        "force.troops",
        summary["scenario"]["sha256"].as_str().unwrap(),
        "20,000",
        "2025",
        "0.1.0",
    ] {
        assert!(html.contains(must), "report.html lacks {must:?}");
    }
    // Every outcome's interval is in the table.
    for (name, o) in summary["outcomes"].as_object().unwrap() {
        let lo = o["ci95"][0].as_f64().unwrap() * 100.0;
        assert!(
            html.contains(&format!("{lo:.2}%")),
            "{name} interval missing"
        );
    }
}

#[test]
fn summary_md_links_the_charts() {
    let md = std::fs::read_to_string(shared_run().join("summary.md")).unwrap();
    for c in CHARTS {
        assert!(
            md.contains(&format!("](charts/{c}.svg)")),
            "summary.md lacks {c}"
        );
    }
}

fn run_with_charts(flag: &str) -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    bin()
        .args([
            "run", "--runs", "2000", "--quiet", "--charts", flag, "--out",
        ])
        .arg(d.path())
        .assert()
        .success();
    let dir = d.path().join("coalition-baseline");
    (d, dir)
}

fn chart_files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir.join("charts"))
        .map(|r| {
            r.map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn charts_flag_chooses_the_files() {
    let (_d, dir) = run_with_charts("svg");
    let files = chart_files(&dir);
    assert_eq!(files.len(), 5);
    assert!(files.iter().all(|f| f.ends_with(".svg")));

    let (_d, dir) = run_with_charts("png");
    let files = chart_files(&dir);
    assert_eq!(files.len(), 5);
    assert!(files.iter().all(|f| f.ends_with(".png")));
    let md = std::fs::read_to_string(dir.join("summary.md")).unwrap();
    assert!(md.contains("](charts/outcomes.png)"));
    // The report still shows the charts, inline.
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert_eq!(html.matches("<svg").count(), 5);

    let (_d, dir) = run_with_charts("none");
    assert!(!dir.join("charts").exists());
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert_eq!(html.matches("<svg").count(), 0);
    assert!(html.contains("No charts were drawn"));
    assert!(
        !std::fs::read_to_string(dir.join("summary.md"))
            .unwrap()
            .contains("](charts/")
    );

    bin()
        .args(["run", "--runs", "10", "--charts", "gif"])
        .assert()
        .code(2);
}

#[test]
fn a_scenario_that_never_deploys_still_gets_readable_charts() {
    // Deployment after a ceasefire that never comes: every run is
    // no_deployment, so the per-run charts say there is nothing to show.
    let d = tempfile::tempdir().unwrap();
    let file = d.path().join("never.toml");
    std::fs::write(
        &file,
        "[scenario]\nname = \"Never\"\n[ceasefire]\nrequired_before_deployment = true\nprobability = 0.0\n",
    )
    .unwrap();
    bin()
        .args(["run", "--runs", "500", "--quiet", "--out"])
        .arg(d.path().join("out"))
        .arg(&file)
        .assert()
        .success();
    let dir = d.path().join("out/never");
    let svg = std::fs::read_to_string(dir.join("charts/escalation.svg")).unwrap();
    assert!(
        svg_texts(&svg)
            .iter()
            .any(|t| t.starts_with("No run deployed a force"))
    );
    let img = decode_png(&dir.join("charts/cost.png"));
    assert!(img.ink(380..420) > 0.005, "the message is drawn");
}

#[cfg(target_os = "linux")]
#[test]
fn the_binary_does_not_link_fontconfig() {
    let exe = assert_cmd::cargo::cargo_bin("reassure");
    let Ok(out) = std::process::Command::new("ldd").arg(&exe).output() else {
        eprintln!("skipped: ldd is not installed");
        return;
    };
    let libs = String::from_utf8_lossy(&out.stdout);
    assert!(!libs.is_empty(), "ldd printed nothing");
    assert!(!libs.contains("fontconfig"), "{libs}");
    assert!(!libs.contains("freetype"), "{libs}");
}

#[test]
fn the_report_renders_in_a_headless_browser() {
    let Some(browser) = common::chromium() else {
        eprintln!("skipped: no Chromium found (Debian package `chromium`; .ci/run installs it)");
        return;
    };
    let report = shared_run().join("report.html");
    let tmp = tempfile::tempdir().unwrap();
    let shot = tmp.path().join("report.png");
    let pdf = tmp.path().join("report.pdf");
    let profile = tmp.path().join("profile");
    let url = format!("file://{}", report.display());
    let status = common::browser(&browser, &profile)
        .arg("--window-size=1200,2400")
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&url)
        .output()
        .unwrap();
    assert!(
        shot.exists(),
        "no screenshot: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let img = decode_png(&shot);
    assert_eq!(img.width, 1200);
    let ink = img.ink(0..img.height);
    assert!(ink > 0.02, "the screenshot is blank ({ink})");
    assert!(img.colours() > 50, "the screenshot shows no charts");
    // Printing to PDF works too (the page has print styles).
    let mut print = common::browser(&browser, &profile);
    print
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(&url);
    common::run_browser(print, 60);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(
        bytes.starts_with(b"%PDF") && bytes.len() > 20_000,
        "PDF of {} bytes",
        bytes.len()
    );
}

/// The text of every `<th>` of a page.
fn th_texts(html: &str) -> Vec<String> {
    html.split("<th")
        .skip(1)
        .filter(|s| s.starts_with('>') || s.starts_with(' '))
        .filter_map(|s| Some(s[s.find('>')? + 1..s.find("</th>")?].to_string()))
        .collect()
}

#[test]
fn the_brief_opens_the_report_names_its_denominators_and_defines_its_words() {
    let dir = shared_run();
    let brief = std::fs::read_to_string(dir.join("brief.md")).unwrap();
    for over in ["of all runs", "mean per run", "per deployed run"] {
        assert!(brief.contains(over), "brief.md lacks {over:?}:\n{brief}");
    }
    // The brief ranks on no share per deployment: those are not
    // comparable across options whose forces deploy in different runs.
    assert!(!brief.contains("(of deployed runs)"), "{brief}");
    assert!(brief.contains("**Bottom line**"));
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    let at = |s: &str| html.find(s).unwrap_or_else(|| panic!("no {s:?}"));
    assert!(at("<section class=\"brief\">") < at("<h2>The peace at the horizon</h2>"));
    assert!(at("<h2>The peace at the horizon</h2>") < at("<h2>The mission's fate</h2>"));
    assert!(at("<h2>The mission's fate</h2>") < at("<h2>The mission's fate per deployment</h2>"));
    // The glossary defines every class by its label and identifier.
    assert!(at("<h2>Charts</h2>") < at("<h2>Definitions</h2>"));
    for (label, id) in [
        ("Ceasefire, quiet", "ceasefire_quiet"),
        ("Wider war", "wider_war"),
        ("Never deployed", "never_deployed"),
    ] {
        assert!(html.contains(&format!("<dt>{label} <code>{id}</code></dt>")));
    }
    // Words for readers: no identifiers in headings, no tool noise, no
    // negative zero.
    for th in th_texts(&html) {
        assert!(!th.contains('_'), "an identifier as a heading: {th}");
    }
    for noise in [
        "as chosen by",
        "-0.00%",
        "\u{2212}0.00%",
        "header of this file",
    ] {
        assert!(!html.contains(noise), "{noise:?} in report.html");
    }
    // The deployed runs are all runs but the never-deployed ones, said in
    // numbers that add up.
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    let never = j["mission"]["never_deployed"]["count"].as_u64().unwrap();
    let deployed = j["rates"]["deployed_runs"].as_u64().unwrap();
    assert_eq!(deployed, j["runs"].as_u64().unwrap() - never);
    let num = |x: u64| {
        let s = x.to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    assert!(
        html.contains(&format!(
            "the {} runs in which the force reached the country",
            num(deployed)
        )) && html.contains(&format!(
            "minus the {} in which it never deployed",
            num(never)
        )),
        "the deployed-runs note does not give the numbers"
    );
}

#[test]
fn an_option_identical_to_the_first_has_no_clear_difference_and_one_convention_for_cost() {
    let d = tempfile::tempdir().unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/coalition-baseline.toml");
    let copy = d.path().join("same.toml");
    std::fs::copy(&base, &copy).unwrap();
    let out = d.path().join("out");
    bin()
        .arg("compare")
        .arg(&base)
        .arg(&copy)
        .args(["--runs", "3000", "--charts", "none", "--quiet", "--out"])
        .arg(&out)
        .assert()
        .success();
    let folder = common::folder(&out, "compare-");
    let brief = std::fs::read_to_string(folder.join("brief.md")).unwrap();
    assert!(
        brief.contains("Against Coalition baseline: no clear difference in any figure compared."),
        "{brief}"
    );
    let html = std::fs::read_to_string(folder.join("report.html")).unwrap();
    assert!(html.contains("<section class=\"brief\">") && html.contains("<h2>Definitions</h2>"));
    // Deaths and the force's cost per deployed run are the all-runs
    // expectation over the chance of deployment: one figure, two
    // denominators, both named; the expected cost per run adds what
    // pressure and aid cost in every run (X2: the library's pressure 0.3
    // at EUR 30 bn a year for 3 years, no aid, EUR 27 bn).
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("compare.json")).unwrap())
            .unwrap();
    let s = &j["scenarios"][0];
    let share = s["deployed"]["estimate"].as_f64().unwrap();
    let mean = |k: &str| s["means"][k]["mean"].as_f64().unwrap();
    let per = |k: &str| s["per_deployed_run"][k]["mean"].as_f64().unwrap();
    let (deaths, cost) = (per("hostile_deaths"), per("cost_eur_bn"));
    assert!(
        share > 0.1
            && (deaths * share - mean("hostile_deaths_per_run")).abs() < 1e-9 * deaths.max(1.0),
        "deaths {deaths} × {share}"
    );
    let all = mean("cost_eur_bn_per_run");
    assert!(
        (cost * share + 27.0 - all).abs() < 1e-9 * all,
        "{cost} × {share} + 27 ≠ {all}"
    );
    // An identical option's paired differences are exactly zero.
    let diffs = &j["differences"][0]["reference_diffs"];
    for g in [
        "ceasefire_at_horizon",
        "ceasefire_quiet",
        "war",
        "wider_war",
        "months_of_ceasefire",
        "civilian_harm_per_run",
    ] {
        assert_eq!(diffs[g]["diff"].as_f64(), Some(0.0), "{g}");
    }
}
