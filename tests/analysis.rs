//! `compare` and `sweep`, end to end: paired differences on common random
//! numbers (exactly zero against itself, narrower than independent streams,
//! an interval that matches the spread over replications), grids, and
//! input errors.

mod common;

use common::{bin, json, lib};
use reassure::analysis::compare::simulate_paired;
use reassure::engine::Plan;
use reassure::model::Model;

#[test]
fn comparing_a_scenario_with_itself_gives_exactly_zero() {
    let d = tempfile::tempdir().unwrap();
    let a = lib("division-25k.toml");
    let out = bin()
        .args(["compare", "--runs", "5000", "--charts", "none", "--out"])
        .arg(d.path())
        .arg(&a)
        .arg(&a)
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.contains("those differences are exactly zero"),
        "{stdout}"
    );
    let j = json(
        &d.path()
            .join("compare-division-25k-vs-division-25k/compare.json"),
    );
    let diff = &j["differences"][0];
    for key in [
        "peace_diffs",
        "mission_diffs",
        "route_diffs",
        "reference_diffs",
    ] {
        for (name, x) in diff[key].as_object().unwrap() {
            assert_eq!(x["diff"], 0.0, "{key} {name}");
            assert_eq!(x["diff_ci95"], serde_json::json!([0.0, 0.0]), "{name}");
        }
    }
    for (name, x) in diff["mean_diffs"].as_object().unwrap() {
        assert_eq!(x["diff"], 0.0, "{name}");
        assert_eq!(x["diff_ci95"], serde_json::json!([0.0, 0.0]), "{name}");
    }
    assert_eq!(j["scenarios"][0]["peace"], j["scenarios"][1]["peace"]);
    assert_eq!(j["scenarios"][0]["mission"], j["scenarios"][1]["mission"]);
}

#[test]
fn comparing_two_options_pairs_them_and_says_what_it_bought() {
    let d = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["compare", "--runs", "20000", "--out"])
        .arg(d.path())
        .arg(lib("rear-area-5k.toml"))
        .arg(lib("division-25k.toml"))
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.contains("Division 25k minus Rear-area 5k"),
        "{stdout}"
    );
    assert!(
        stdout.contains("narrower than independent streams"),
        "{stdout}"
    );
    let dir = d.path().join("compare-rear-area-5k-vs-division-25k");
    let j = json(&dir.join("compare.json"));
    assert_eq!(j["common_random_numbers"], true);
    let d0 = &j["differences"][0];
    let diffs = d0["peace_diffs"]
        .as_object()
        .unwrap()
        .iter()
        .chain(d0["mission_diffs"].as_object().unwrap());
    let mut narrower = 0;
    for (name, x) in diffs {
        let w = |k: &str| x[k][1].as_f64().unwrap() - x[k][0].as_f64().unwrap();
        assert!(
            w("diff_ci95") <= w("independent_diff_ci95") + 1e-12,
            "{name}"
        );
        if w("diff_ci95") < 0.8 * w("independent_diff_ci95") {
            narrower += 1;
        }
    }
    assert!(narrower >= 3, "pairing narrows most intervals: {narrower}");
    // The difference is the difference of the two probabilities.
    let p = |k: usize| {
        j["scenarios"][k]["mission"]["ended_by_collapse"]["probability"]
            .as_f64()
            .unwrap()
    };
    let md = &d0["mission_diffs"]["ended_by_collapse"];
    let dc = md["diff"].as_f64().unwrap();
    assert!((dc - (p(1) - p(0))).abs() < 1e-12);
    assert!(dc < 0.0 && md["diff_ci95"][1].as_f64().unwrap() < 0.0);
    assert!(
        j["differences"][0]["median_variance_reduction"]
            .as_f64()
            .unwrap()
            > 1.5
    );

    let csv = std::fs::read_to_string(dir.join("compare.csv")).unwrap();
    // Four peace classes, six mission classes and four routes per scenario.
    assert_eq!(csv.lines().count(), 1 + 2 * (4 + 6 + 4));
    assert!(csv.contains("\nrear-area-5k,collapse_route.force_fought,"));
    // The routes' paired differences add up to the difference in first
    // collapses.
    let routes: f64 = [
        "before_arrival",
        "force_stood_aside",
        "force_fought",
        "no_force",
    ]
    .iter()
    .map(|r| {
        j["differences"][0]["route_diffs"][r]["diff"]
            .as_f64()
            .unwrap()
    })
    .sum();
    let collapsed = |k: usize| -> f64 {
        j["scenarios"][k]["collapse_routes"]
            .as_object()
            .unwrap()
            .values()
            .map(|r| r["probability"].as_f64().unwrap())
            .sum()
    };
    assert!(
        (routes - (collapsed(1) - collapsed(0))).abs() < 1e-12,
        "{routes}"
    );
    assert!(csv.starts_with("scenario,outcome,count,probability,ci95_low,ci95_high,diff,"));
    // Every row names its denominator: outcome shares are of all runs.
    assert!(csv.lines().next().unwrap().ends_with(",denominator"));
    assert!(csv.lines().skip(1).all(|l| l.ends_with(",all runs")));
    for c in [
        "outcomes",
        "mission-states",
        "casualties",
        "escalation",
        "cost",
        "difference",
    ] {
        for ext in ["svg", "png"] {
            assert!(dir.join(format!("charts/{c}.{ext}")).is_file(), "{c}.{ext}");
        }
    }
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert_eq!(html.matches("<svg").count(), 6);
    assert!(!html.contains("<script") && !html.contains("href="));
    assert!(
        std::fs::read_to_string(dir.join("compare.md"))
            .unwrap()
            .contains("](charts/difference.svg)")
    );
}

/// The paired interval's width matches the actual spread of the paired
/// difference over independent replications (different seeds), and the
/// independent-streams interval is the wider one.
#[test]
fn the_paired_standard_error_matches_replications() {
    let load = |f: &str| Model::new(&reassure::scenario::load(&lib(f)).unwrap());
    let models = [load("rear-area-5k.toml"), load("division-25k.toml")];
    let (reps, runs) = (40u64, 5000u64);
    let j = reassure::model::Peace::War as usize;
    let mut diffs = Vec::new();
    let mut se_paired = 0.0;
    let mut se_indep = 0.0;
    for seed in 0..reps {
        let plan = Plan {
            seed: 1000 + seed,
            first: 0,
            runs,
            threads: 1,
            batch: 4096,
        };
        let p = simulate_paired(&models, &plan, &|_| {});
        let d = p.pairings[0].peace_diff(runs, j);
        diffs.push(d.diff);
        se_paired += (d.diff_ci95[1] - d.diff_ci95[0]) / 2.0 / 1.959964 / reps as f64;
        se_indep += (d.independent_diff_ci95[1] - d.independent_diff_ci95[0])
            / 2.0
            / 1.959964
            / reps as f64;
    }
    let mean = diffs.iter().sum::<f64>() / reps as f64;
    let sd = (diffs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (reps - 1) as f64).sqrt();
    // With 40 replications the sample SD is within about ±25% of the truth.
    let ratio = sd / se_paired;
    assert!(
        (0.7..1.35).contains(&ratio),
        "empirical sd {sd}, reported se {se_paired}"
    );
    assert!(
        se_indep > 1.5 * se_paired,
        "independent {se_indep} vs paired {se_paired}"
    );
}

#[test]
fn comparison_results_do_not_depend_on_threads_or_batches() {
    let run = |extra: &[&str]| {
        let d = tempfile::tempdir().unwrap();
        bin()
            .args([
                "compare", "--runs", "3000", "--charts", "none", "--quiet", "--out",
            ])
            .arg(d.path())
            .args(extra)
            .arg(lib("rear-area-5k.toml"))
            .arg(lib("skyshield.toml"))
            .assert()
            .success();
        let mut j = json(
            &d.path()
                .join("compare-rear-area-5k-vs-skyshield/compare.json"),
        );
        j.as_object_mut().unwrap().remove("timing");
        j
    };
    let base = run(&["--threads", "2"]);
    assert_eq!(base, run(&["--threads", "1", "--batch-size", "7"]));
    assert_eq!(base, run(&["--threads", "3", "--batch-size", "1000"]));
}

#[test]
fn compare_refuses_bad_input_and_writes_nothing() {
    let d = tempfile::tempdir().unwrap();
    let bad = d.path().join("bad.toml");
    std::fs::write(&bad, "[scenario]\nname = \"x\"\n[force]\ntroops = -5\n").unwrap();
    bin()
        .args(["compare", "--out"])
        .arg(d.path().join("out"))
        .arg(lib("rear-area-5k.toml"))
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("bad.toml:4:10"));
    assert!(!d.path().join("out").exists());
    bin()
        .args(["compare"])
        .arg(lib("rear-area-5k.toml"))
        .assert()
        .code(2);
}

fn sweep(args: &[&str]) -> (tempfile::TempDir, assert_cmd::assert::Assert) {
    let d = tempfile::tempdir().unwrap();
    let a = bin()
        .args(["sweep", "--runs", "4000", "--quiet", "--out"])
        .arg(d.path())
        .arg(lib("division-25k.toml"))
        .args(args)
        .assert();
    (d, a)
}

#[test]
fn a_one_lever_sweep_writes_a_row_per_value_and_shares_random_numbers() {
    let (d, a) = sweep(&["--vary", "force.troops=5000,25000,50000"]);
    a.success();
    let dir = d.path().join("sweep-division-25k-force-troops");
    let csv = std::fs::read_to_string(dir.join("sweep.csv")).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 1 + 3);
    assert!(
        rows[0].starts_with("force.troops,ceasefire_quiet_probability,ceasefire_quiet_ci95_low,")
    );
    assert!(rows[1].starts_with("5000,") && rows[3].starts_with("50000,"));
    assert!(dir.join("charts/sweep.svg").is_file() && dir.join("charts/sweep.png").is_file());
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert_eq!(html.matches("<svg").count(), 1);

    // The point at the scenario's own value is exactly the scenario's run:
    // every grid point uses the same random streams.
    let j = json(&dir.join("sweep.json"));
    let point = &j["points"][1];
    assert_eq!(point["values"]["force.troops"], "25000");
    let r = tempfile::tempdir().unwrap();
    bin()
        .args([
            "run", "--runs", "4000", "--charts", "none", "--quiet", "--out",
        ])
        .arg(r.path())
        .arg(lib("division-25k.toml"))
        .assert()
        .success();
    let run = json(&r.path().join("division-25k/summary.json"));
    for (class, o) in run["outcomes"].as_object().unwrap() {
        assert_eq!(point["outcomes"][class], *o, "{class}");
    }
}

#[test]
fn a_two_lever_sweep_writes_the_grid_and_a_heatmap_per_outcome() {
    let (d, a) = sweep(&[
        "--vary",
        "force.troops=5000..50000:4",
        "--vary",
        "us_backstop.level=none,air_support",
        "--outcome",
        "war",
        "--outcome",
        "ceasefire_quiet",
    ]);
    a.success();
    let dir = d
        .path()
        .join("sweep-division-25k-force-troops-us-backstop-level");
    let csv = std::fs::read_to_string(dir.join("sweep.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 8);
    assert!(csv.starts_with("force.troops,us_backstop.level,"));
    assert!(csv.lines().nth(2).unwrap().starts_with("5000,air_support,"));
    let mut charts: Vec<String> = std::fs::read_dir(dir.join("charts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    charts.sort();
    assert_eq!(
        charts,
        [
            "heatmap-ceasefire-quiet.png",
            "heatmap-ceasefire-quiet.svg",
            "heatmap-war.png",
            "heatmap-war.svg"
        ]
    );
    let j = json(&dir.join("sweep.json"));
    assert_eq!(j["points"].as_array().unwrap().len(), 8);
    assert_eq!(
        j["axes"][0]["values"],
        serde_json::json!(["5000", "20000", "35000", "50000"])
    );
}

#[test]
fn sweep_input_errors_name_the_valid_keys_and_write_nothing() {
    for (vary, must) in [
        ("force.troop=1,2", "did you mean `force.troops`?"),
        ("assumptions.no_such=1", "valid keys"),
        ("force.troops=lots", "whole numbers from 0"),
        ("ceasefire.probability=0.5,2", "`2` is not a valid value"),
        ("us_backstop.level=air", "did you mean `air_support`?"),
        ("force.troops", "is not KEY=VALUES"),
    ] {
        let (d, a) = sweep(&["--vary", vary]);
        a.code(2).stderr(predicates::str::contains(must));
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 0, "{vary}");
    }
    let (_d, a) = sweep(&["--vary", "force.troops=1", "--vary", "force.troops=2"]);
    a.code(2).stderr(predicates::str::contains("varied twice"));
    let (_d, a) = sweep(&["--vary", "force.troops=1", "--outcome", "peace"]);
    a.code(2);
    // A class of version 2 is refused with its replacement.
    let (_d, a) = sweep(&["--vary", "force.troops=1", "--outcome", "deterrence_held"]);
    a.code(2)
        .stderr(predicates::str::contains("ceasefire_quiet"));
}
