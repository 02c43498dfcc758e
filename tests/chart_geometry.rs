//! The geometry of the charts' text, read back from the SVG files the
//! command line writes: at six and ten options, for one- and two-axis
//! sweeps and for a batch's overview (on screen and on slides) no two texts
//! overlap and every text lies inside the canvas; each scenario keeps its
//! colour from chart to chart.
//!
//! Text boxes are measured as plotters lays text out: the width from DejaVu
//! Sans' advances and kerning at plotters' size (the SVG font-size × 1.24),
//! the height the font-size, placed by the anchor and the rotation.

mod common;

use common::{SIX_OPTIONS as SIX, bin, folder, lib};
use std::path::{Path, PathBuf};

use reassure::report::layout::{TextBox, layout_problems, text_boxes};

/// Ten library options: the six, then four more.
const TEN: [&str; 10] = [
    SIX[0],
    SIX[1],
    SIX[2],
    SIX[3],
    SIX[4],
    SIX[5],
    "multi-domain-26-nations.toml",
    "pressure-first.toml",
    "sea-and-air.toml",
    "skyshield.toml",
];

/// The chart SVGs of a results folder, by file name.
fn charts(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir.join("charts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "svg"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// `compare` of library files with SVG charts; the results folder.
fn compare(files: &[&str], extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    bin()
        .arg("compare")
        .args(files.iter().map(|f| lib(f)))
        .args(["--runs", "3000", "--charts", "svg", "--quiet", "--out"])
        .arg(d.path())
        .args(extra)
        .assert()
        .success();
    let dir = folder(d.path(), "");
    (d, dir)
}

/// Every chart of the folder is laid out without overlap inside its canvas.
fn assert_clean(dir: &Path, at_least: usize) -> Vec<(String, String)> {
    let svgs = charts(dir);
    assert!(svgs.len() >= at_least, "{} charts", svgs.len());
    let problems: Vec<String> = svgs
        .iter()
        .flat_map(|(name, svg)| layout_problems(name, svg))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    svgs
}

#[test]
fn six_option_compare_charts_keep_their_text_apart_and_on_the_canvas() {
    let (_d, dir) = compare(&SIX, &[]);
    for (name, svg) in assert_clean(&dir, 6) {
        let ((w, h), boxes) = text_boxes(&svg);
        assert_eq!((w, h), (1200.0, 800.0), "{name}");
        for b in &boxes {
            // Readable: no chart text under 14 px (plotters' size).
            assert!(b.size * 1.24 >= 13.5, "{name}: text too small: {b:?}");
            // Words for readers: no identifiers (snake_case, dotted keys).
            assert!(
                !b.text.contains('_') && !b.text.contains("force.troops"),
                "{name}: {b:?}"
            );
        }
    }
}

#[test]
fn ten_option_compare_charts_keep_their_text_apart_and_on_the_canvas() {
    let (_d, dir) = compare(&TEN, &[]);
    assert_clean(&dir, 6);
}

#[test]
fn slide_charts_are_sixteen_by_nine_with_larger_text() {
    let (_d, dir) = compare(&SIX, &["--slide"]);
    let (_e, screen) = compare(&SIX, &[]);
    let screen = charts(&screen);
    for (name, svg) in assert_clean(&dir, 6) {
        let ((w, h), boxes) = text_boxes(&svg);
        assert_eq!((w, h), (1600.0, 900.0), "{name}");
        // The title and the largest texts grow by half.
        let biggest = |b: &[TextBox]| b.iter().map(|b| b.size).fold(0.0, f64::max);
        let (_, before) = text_boxes(&screen.iter().find(|s| s.0 == name).unwrap().1);
        {
            assert!(
                biggest(&boxes) >= 1.45 * biggest(&before),
                "{name}: {} vs {}",
                biggest(&boxes),
                biggest(&before)
            );
            let median = |b: &[TextBox]| {
                let mut s: Vec<f64> = b.iter().map(|b| b.size).collect();
                s.sort_by(f64::total_cmp);
                s[s.len() / 2]
            };
            assert!(median(&boxes) > 1.2 * median(&before), "{name}");
        }
    }
}

#[test]
fn each_scenario_keeps_its_colour_in_every_chart() {
    let (_d, dir) = compare(&SIX, &[]);
    let names = [
        "No force",
        "Rear-area 5k",
        "Coalition baseline",
        "Division 25k",
        "Original 50k",
        "Deploy during war",
    ];
    let hex = |i: usize| {
        let c = reassure::report::charts::scenario_colour(i);
        format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
    };
    // The distribution panels are headed by the scenario's name after a key
    // in its colour.
    for chart in ["casualties.svg", "cost.svg"] {
        let svg = std::fs::read_to_string(dir.join("charts").join(chart)).unwrap();
        let elements: Vec<&str> = svg.split('<').collect();
        for (i, n) in names.iter().enumerate() {
            let at = elements
                .iter()
                .position(|e| {
                    e.starts_with("text") && e.split_once('>').map(|x| x.1.trim()) == Some(*n)
                })
                .unwrap_or_else(|| panic!("{chart}: no heading {n}"));
            let key = elements[..at]
                .iter()
                .rev()
                .find(|e| e.starts_with("rect"))
                .unwrap();
            assert!(
                key.contains(&format!("fill=\"{}\"", hex(i).to_uppercase())),
                "{chart}: {n}'s key is not {}: {key}",
                hex(i)
            );
        }
    }
    // Bars: the outcome chart draws every scenario's colour; the difference
    // chart every one but the first's (it is the reference), none other.
    let fills = |chart: &str| {
        let svg = std::fs::read_to_string(dir.join("charts").join(chart)).unwrap();
        (0..10)
            .filter(|&i| svg.contains(&format!("fill=\"{}\"", hex(i).to_uppercase())))
            .collect::<Vec<usize>>()
    };
    assert_eq!(fills("outcomes.svg"), vec![0, 1, 2, 3, 4, 5]);
    assert_eq!(fills("difference.svg"), vec![1, 2, 3, 4, 5]);
    // And no outcome colour stands for a scenario, nor fills a shape in the
    // charts where colour means the scenario.
    for o in reassure::model::Share::all() {
        let c = reassure::report::charts::share_colour(o);
        assert!((0..10).all(|i| reassure::report::charts::scenario_colour(i) != c));
        let fill = format!("fill=\"#{:02X}{:02X}{:02X}\"", c.0, c.1, c.2);
        for chart in [
            "outcomes.svg",
            "difference.svg",
            "casualties.svg",
            "cost.svg",
        ] {
            let svg = std::fs::read_to_string(dir.join("charts").join(chart)).unwrap();
            assert!(
                !svg.split('<')
                    .any(|e| e.starts_with("rect") && e.contains(&fill)),
                "{chart} fills a shape with the colour of {o:?}"
            );
        }
    }
}

#[test]
fn a_run_charts_keep_their_text_apart_and_on_the_canvas() {
    let d = tempfile::tempdir().unwrap();
    bin()
        .args([
            "run", "--runs", "3000", "--charts", "svg", "--quiet", "--out",
        ])
        .arg(d.path())
        .arg(lib("coalition-baseline.toml"))
        .assert()
        .success();
    assert_clean(&d.path().join("coalition-baseline"), 5);
}

/// The charts one command writes into a fresh folder (`charts/*.svg` of
/// its one results folder, or the batch's `overview.svg`), on the screen
/// and on slides.
fn written_charts(args: &[&str], slide: bool) -> Vec<(String, String)> {
    let d = tempfile::tempdir().unwrap();
    let mut cmd = bin();
    cmd.args(args)
        .args(["--runs", "2000", "--charts", "svg", "--quiet", "--out"])
        .arg(d.path());
    if slide {
        cmd.arg("--slide");
    }
    cmd.assert().success();
    if args[0] == "batch" {
        let svg = std::fs::read_to_string(d.path().join("overview.svg")).unwrap();
        return vec![("overview.svg".into(), svg)];
    }
    charts(&folder(d.path(), ""))
}

/// On the screen and on slides, every chart of the command keeps its text
/// apart, on a canvas of the look's size, at 14 px or more, in words; the
/// slide's text is larger.
fn assert_readable_on_both(args: &[&str], at_least: usize) {
    let screen = written_charts(args, false);
    let slide = written_charts(args, true);
    assert!(
        screen.len() >= at_least,
        "{args:?}: {} charts",
        screen.len()
    );
    assert_eq!(screen.len(), slide.len());
    for ((svgs, canvas), look) in [(&screen, (1200.0, 800.0)), (&slide, (1600.0, 900.0))]
        .into_iter()
        .zip(["screen", "slide"])
    {
        let problems: Vec<String> = svgs
            .iter()
            .flat_map(|(name, svg)| layout_problems(&format!("{look} {name}"), svg))
            .collect();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        for (name, svg) in svgs {
            let (wh, boxes) = text_boxes(svg);
            assert_eq!(wh, canvas, "{look} {name}");
            for b in &boxes {
                assert!(
                    b.size * 1.24 >= 13.5,
                    "{look} {name}: text too small: {b:?}"
                );
                assert!(
                    !b.text.contains('_') && !b.text.contains("force.troops"),
                    "{look} {name}: {b:?}"
                );
            }
        }
    }
    for ((name, a), (_, b)) in screen.iter().zip(&slide) {
        let biggest = |svg: &str| text_boxes(svg).1.iter().map(|b| b.size).fold(0.0, f64::max);
        assert!(
            biggest(b) >= 1.45 * biggest(a),
            "{name}: slide text no larger"
        );
    }
}

#[test]
fn a_one_axis_sweep_chart_reads_on_screen_and_slide() {
    assert_readable_on_both(
        &[
            "sweep",
            "scenarios/division-25k.toml",
            "--vary",
            "force.troops=5000..50000:4",
        ],
        1,
    );
}

const TWO_AXES: [&str; 6] = [
    "sweep",
    "scenarios/coalition-baseline.toml",
    "--vary",
    "force.troops=5000..50000:4",
    "--vary",
    "us_backstop.level=none,political,isr_logistics,air_support",
];

#[test]
fn two_axis_sweep_heatmaps_read_on_screen_and_slide() {
    assert_readable_on_both(&TWO_AXES, 5);
}

#[test]
fn difference_heatmaps_on_one_scale_read_on_screen_and_slide() {
    let mut args = TWO_AXES.to_vec();
    args.extend(["--difference", "--scale", "shared"]);
    assert_readable_on_both(&args, 5);
}

#[test]
fn the_batch_overview_reads_on_screen_and_slide() {
    assert_readable_on_both(&["batch", "scenarios/", "--robustness-draws", "0"], 1);
}

/// By hand, on any results folder: `REASSURE_CHART_DIR=DIR cargo test
/// --test chart_geometry -- --ignored` (DIR holds `charts/*.svg`).
#[test]
#[ignore]
fn charts_of_a_given_folder() {
    let dir = std::env::var("REASSURE_CHART_DIR").expect("REASSURE_CHART_DIR");
    assert_clean(Path::new(&dir), 1);
}
