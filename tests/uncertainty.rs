//! The uncertainty analyses end to end: `sensitivity` (one at a time and
//! Sobol), `discover` and its per-run export, `run --export-runs`,
//! `robustness`, and `batch`'s check of each conclusion. The analytic case
//! is Moscow's veto alone: with no force, no pressure, no announcement, no
//! talks after the window and no relapse, a run is at war at the horizon
//! with probability 1 − p0, whatever else is drawn.

mod common;

use common::{bin, json, lib};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// P(war at the horizon | p0) = 1 − p0: no ceasefire after the window, and
/// none that comes relapses; the backstop's reliability is drawn but never
/// matters (no force is ever tested).
const VETO: &str = r#"
[scenario]
name = "Veto only"
runs = 20000
model_version = 3
[ceasefire]
required_before_deployment = true
probability = { dist = "uniform", min = 0.2, max = 0.8 }
pressure = 0
[force]
troops = 0
ground_contributors = 0
[us_backstop]
reliability = { dist = "uniform", min = 0, max = 1 }
[assumptions]
ceasefire_later_ratio = 0
offensive_weight_test_resolve = 0
"#;

fn veto_file(dir: &Path) -> PathBuf {
    let p = dir.join("veto.toml");
    std::fs::write(&p, VETO).unwrap();
    p
}

fn row<'a>(rows: &'a Value, key: &str) -> &'a Value {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == key)
        .unwrap_or_else(|| panic!("no row {key}"))
}

#[test]
fn one_at_a_time_recovers_the_veto_and_an_input_that_does_nothing() {
    let d = tempfile::tempdir().unwrap();
    let f = veto_file(d.path());
    bin()
        .args([
            "sensitivity",
            "--outcome",
            "war",
            "--charts",
            "svg",
            "--out",
        ])
        .arg(d.path())
        .arg(&f)
        .assert()
        .success();
    let dir = d.path().join("veto-only-oat-war");
    let j = json(&dir.join("sensitivity.json"));
    let p0 = row(&j["rows"], "ceasefire.probability");
    // P10 and P90 of U(0.2, 0.8): 0.26 and 0.74.
    assert_eq!(p0["low"], 0.26);
    assert_eq!(p0["high"], 0.74);
    let swing = p0["swing"]["value"].as_f64().unwrap();
    let ci = &p0["swing"]["ci95"];
    let half = (ci[1].as_f64().unwrap() - ci[0].as_f64().unwrap()) / 2.0;
    // Analytic swing (1 − 0.74) − (1 − 0.26) = −0.48, within 2 intervals.
    assert!((swing + 0.48).abs() < 2.0 * half, "{swing} ± {half}");
    assert!(half > 0.0 && half < 0.02, "{half}");
    assert_eq!(p0["clear"], true);
    // Reliability changes nothing in any run: exactly 0, not clear.
    let rel = row(&j["rows"], "us_backstop.reliability");
    assert_eq!(rel["swing"]["value"], 0.0);
    assert_eq!(rel["swing"]["ci95"], serde_json::json!([0.0, 0.0]));
    assert_eq!(rel["clear"], false);
    // Sorted by the swing's size; the files a reader needs are there.
    assert_eq!(j["rows"][0]["key"], "ceasefire.probability");
    for f in [
        "sensitivity.md",
        "sensitivity.csv",
        "report.html",
        "charts/tornado.svg",
    ] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    let csv = std::fs::read_to_string(dir.join("sensitivity.csv")).unwrap();
    assert_eq!(csv.lines().count(), 3, "{csv}");
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.contains("<svg") && html.contains("ceasefire.probability"));
}

#[test]
fn levers_and_coefficients_join_the_tornado_on_request() {
    let d = tempfile::tempdir().unwrap();
    let out = bin()
        .args([
            "sensitivity",
            "--levers",
            "--coefficients",
            "--runs",
            "300",
            "--charts",
            "none",
            "--json",
            "--out",
        ])
        .arg(d.path())
        .assert()
        .success();
    let j: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let keys: Vec<&str> = j["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].as_str().unwrap())
        .collect();
    // Every coefficient once, levers such as the lag, the default's own
    // distributions once.
    for c in reassure::model::COEFS {
        let k = format!("assumptions.{}", c.name);
        let n = keys.iter().filter(|x| **x == k).count();
        assert_eq!(n, usize::from(c.plausible.1 > c.plausible.0), "{k}");
    }
    assert!(keys.contains(&"force.deployment_lag_months"));
    assert_eq!(keys.iter().filter(|k| **k == "force.troops").count(), 1);
    // Sorted by |swing|.
    let swings: Vec<f64> = j["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["swing"]["value"].as_f64().unwrap().abs())
        .collect();
    assert!(swings.windows(2).all(|w| w[0] >= w[1]));
}

/// Ukraine's strength is a policy lever like the force's: every library
/// file states it, and a one-at-a-time sweep over its range moves the
/// ceasefire the way its source argues (a stronger Ukraine, more
/// ceasefires in force), with no force at all.
#[test]
fn ukraines_strength_is_a_lever_every_option_states() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "toml") {
            continue;
        }
        let v: toml::Table = toml::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        let strength = v.get("ukraine").and_then(|u| u.get("strength"));
        assert!(
            strength.is_some(),
            "{} leaves Ukraine's strength unstated",
            p.display()
        );
    }
    let d = tempfile::tempdir().unwrap();
    let out = bin()
        .args([
            "sensitivity",
            "--levers",
            "--runs",
            "20000",
            "--charts",
            "none",
            "--json",
            "--out",
        ])
        .arg(d.path())
        .arg(lib("no-force.toml"))
        .assert()
        .success();
    let j: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let row = j["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "ukraine.strength")
        .expect("ukraine.strength in the tornado");
    let low = row["swing"]["ci95"][0].as_f64().unwrap();
    assert!(low > 0.0, "a stronger Ukraine, more ceasefires: {row}");
}

/// The same analysis twice, on one thread and on two: the same bytes
/// (timing aside).
#[test]
fn analyses_do_not_depend_on_threads() {
    let d = tempfile::tempdir().unwrap();
    let f = veto_file(d.path());
    let run = |threads: &str, args: &[&str]| {
        let out = bin()
            .args(args)
            .args([
                "--runs",
                "2000",
                "--charts",
                "none",
                "--json",
                "--threads",
                threads,
                "--out",
            ])
            .arg(d.path())
            .arg(&f)
            .assert()
            .success();
        let mut j: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        j.as_object_mut().unwrap().remove("elapsed_s");
        j
    };
    for args in [
        &["sensitivity"][..],
        &[
            "sensitivity",
            "--method",
            "sobol",
            "--samples",
            "50",
            "--runs-per-point",
            "20",
        ],
        &["discover", "--outcome", "war"],
    ] {
        assert_eq!(run("1", args), run("2", args), "{args:?}");
    }
}

#[test]
fn sobol_indices_of_the_veto_are_one_and_zero() {
    let d = tempfile::tempdir().unwrap();
    let f = veto_file(d.path());
    let out = bin()
        .args([
            "sensitivity",
            "--method",
            "sobol",
            "--outcome",
            "war",
            "--samples",
            "400",
            "--runs-per-point",
            "50",
            "--json",
            "--charts",
            "svg",
            "--out",
        ])
        .arg(d.path())
        .arg(&f)
        .assert()
        .success();
    let j: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(
        j["inputs"],
        serde_json::json!(["ceasefire.probability", "us_backstop.reliability"])
    );
    let ix = &j["indices"];
    let v = |k: &str, i: usize| ix[k][i]["value"].as_f64().unwrap();
    // g = 1 − p0 alone: S = ST = 1 for p0, 0 for the reliability.
    assert!((v("first", 0) - 1.0).abs() < 0.1, "{ix}");
    assert!((v("total", 0) - 1.0).abs() < 0.1, "{ix}");
    assert!(v("first", 1).abs() < 0.1, "{ix}");
    assert!(v("total", 1).abs() < 0.1, "{ix}");
    // Var g = 0.6²/12 = 0.03 of a run's p̄(1 − p̄) = 0.25: 12%.
    let run_share = ix["run_explained_share"].as_f64().unwrap();
    assert!((run_share - 0.12).abs() < 0.03, "{run_share}");
    assert_eq!(j["trajectories"], 400 * 4 * 50);
    assert!(
        d.path()
            .join("veto-only-sobol-war/charts/sobol.svg")
            .is_file()
    );
}

#[test]
fn discover_finds_the_veto_and_exports_the_runs_it_searched() {
    let d = tempfile::tempdir().unwrap();
    let f = veto_file(d.path());
    let csv = d.path().join("runs.csv");
    bin()
        .args([
            "discover",
            "--outcome",
            "war",
            "--runs",
            "10000",
            "--charts",
            "svg",
            "--export",
        ])
        .arg(&csv)
        .arg("--out")
        .arg(d.path())
        .arg(&f)
        .assert()
        .success();
    let j = json(&d.path().join("veto-only-discover-war/discover.json"));
    let limits = j["chosen_box"]["limits"].as_array().unwrap();
    // Only the ceasefire's chance is restricted, to its low end.
    assert_eq!(limits.len(), 1, "{limits:?}");
    assert_eq!(limits[0]["input"], "ceasefire.probability");
    let high: f64 = limits[0]["high"].as_str().unwrap().parse().unwrap();
    // The case's chance falls smoothly with p0 (no edge), so the F-score
    // box keeps most of the range but must cut the top.
    assert!(high < 0.75, "{high}");
    let (density, base) = (
        j["chosen_box"]["density"].as_f64().unwrap(),
        j["base_rate"].as_f64().unwrap(),
    );
    assert!(density > base + 0.05, "{density} vs {base}");
    // The export: a header, one row per run in run order, every outcome
    // as `run` counts it.
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(
        &header[..3],
        &["run", "ceasefire.probability", "us_backstop.reliability"]
    );
    let outcome_col = header.iter().position(|h| *h == "peace").unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 10_000);
    assert!(rows.iter().enumerate().all(|(i, r)| r[0] == i.to_string()));
    let summary = bin()
        .args([
            "run", "--runs", "10000", "--charts", "none", "--json", "--out",
        ])
        .arg(d.path())
        .arg(&f)
        .assert()
        .success();
    let s: Value = serde_json::from_slice(&summary.get_output().stdout).unwrap();
    for (name, o) in s["peace"].as_object().unwrap() {
        let n = rows.iter().filter(|r| r[outcome_col] == name).count() as u64;
        assert_eq!(n, o["count"].as_u64().unwrap(), "{name}");
    }
    assert!(
        d.path()
            .join("veto-only-discover-war/charts/peeling.svg")
            .is_file()
    );
}

#[test]
fn run_exports_every_run_of_a_library_scenario() {
    let d = tempfile::tempdir().unwrap();
    let csv = d.path().join("runs.csv");
    let out = bin()
        .args([
            "run",
            "--runs",
            "3000",
            "--charts",
            "none",
            "--json",
            "--export-runs",
        ])
        .arg(&csv)
        .arg("--out")
        .arg(d.path())
        .arg(lib("skyshield.toml"))
        .assert()
        .success();
    let s: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    assert!(header.contains(&"hostile_deaths") && header.contains(&"cost_eur_bn"));
    let deaths_col = header.iter().position(|h| *h == "hostile_deaths").unwrap();
    let deaths: u64 = text
        .lines()
        .skip(1)
        .map(|l| {
            l.split(',')
                .nth(deaths_col)
                .unwrap()
                .parse::<u64>()
                .unwrap()
        })
        .sum();
    assert_eq!(text.lines().count(), 3001);
    assert_eq!(deaths, s["rates"]["hostile_deaths"].as_u64().unwrap());
    // No temporary is left beside it.
    let left: Vec<_> = std::fs::read_dir(d.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn robustness_ranks_a_dominant_option_first_in_every_set() {
    let d = tempfile::tempdir().unwrap();
    let out = bin()
        .args([
            "robustness",
            "--criterion",
            "withdrawn",
            "--draws",
            "6",
            "--runs",
            "300",
            "--charts",
            "svg",
            "--json",
            "--out",
        ])
        .arg(d.path())
        .arg(lib("no-force.toml"))
        .arg(lib("rear-area-5k.toml"))
        .assert()
        .success();
    let j: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    // With no force there is nothing to withdraw: first in every set.
    assert_eq!(j["options"][0]["slug"], "no-force");
    assert_eq!(j["options"][0]["p_best"], 1.0);
    assert_eq!(j["options"][0]["regret_max"], 0.0);
    assert_eq!(
        j["options"][0]["rank_probabilities"],
        serde_json::json!([1.0, 0.0])
    );
    assert_eq!(j["leader_changes"], 0.0);
    assert_eq!(j["sets"], 6);
    assert_eq!(
        j["coefficients_drawn"].as_array().unwrap().len(),
        reassure::model::COEFS.len()
    );
    assert_eq!(j["draws"].as_array().unwrap().len(), 6);
    let dir = d
        .path()
        .join("robustness-withdrawn-no-force-vs-rear-area-5k");
    for f in [
        "robustness.md",
        "robustness.csv",
        "report.html",
        "charts/ranks.svg",
    ] {
        assert!(dir.join(f).is_file(), "{f}");
    }
}

#[test]
fn batch_says_whether_each_conclusion_survives_the_plausible_ranges() {
    let d = tempfile::tempdir().unwrap();
    bin()
        .args([
            "batch",
            "--runs",
            "4000",
            "--robustness-draws",
            "5",
            "--charts",
            "none",
            "--out",
        ])
        .arg(d.path())
        .arg(lib("no-force.toml"))
        .arg(lib("rear-area-5k.toml"))
        .assert()
        .success();
    let j = json(&d.path().join("batch.json"));
    let entry = j["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["slug"] == "rear-area-5k")
        .unwrap();
    let s = entry["inside_plausible_ranges"].as_object().unwrap();
    let diffs = entry["difference_from_reference"].as_object().unwrap();
    assert_eq!(s.len(), 6);
    for (group, v) in s {
        assert_eq!(v["sets"], 5);
        let verdict = v["verdict"].as_str().unwrap();
        assert!(
            [
                "survives",
                "fragile",
                "flips",
                "no conclusion",
                "too small to check"
            ]
            .contains(&verdict),
            "{verdict}"
        );
        let ci = &diffs[group]["ci95"];
        let excludes_zero = ci[0].as_f64().unwrap() > 0.0 || ci[1].as_f64().unwrap() < 0.0;
        assert_eq!(verdict != "no conclusion", excludes_zero, "{group}");
    }
    let md = std::fs::read_to_string(d.path().join("index.md")).unwrap();
    assert!(md.contains("of 5 sets"), "{md}");
}

#[test]
fn analyses_refuse_bad_requests_with_exit_2_and_write_nothing() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    let f = veto_file(d.path());
    let fixed = d.path().join("fixed.toml");
    std::fs::write(&fixed, "[scenario]\nname = \"Fixed\"\n").unwrap();
    let (f, fixed, none) = (
        f.display().to_string(),
        fixed.display().to_string(),
        lib("no-force.toml").display().to_string(),
    );
    let cases: [(&[&str], &str); 11] = [
        (&["robustness", "--criterion", "wider_war", &f], "required"),
        (
            &["sensitivity", "--method", "sobol", "--levers", &f],
            "--levers",
        ),
        (
            &["sensitivity", &fixed],
            "no lever or coefficient as a distribution",
        ),
        (
            &["discover", "--outcome", "wider_war", &fixed],
            "no lever or coefficient",
        ),
        (&["discover", "--outcome", "wider_wat", &f], "wider_war"),
        (&["sensitivity", "--shard", "1/2", &f], "shard"),
        (
            &["run", "--shard", "1/2", "--export-runs", "x.csv", &f],
            "--export-runs",
        ),
        (
            &[
                "discover",
                "--outcome",
                "ceasefire_at_horizon",
                "--alpha",
                "0.7",
                &f,
            ],
            "alpha",
        ),
        (
            &[
                "robustness",
                "--criterion",
                "ceasefire_at_horizon",
                "--coefficients",
                "renewal_bar,anouncement_penalty",
                &f,
                &none,
            ],
            "did you mean `announcement_penalty`",
        ),
        (
            &[
                "robustness",
                "--criterion",
                "ceasefire_at_horizon",
                "--coefficients",
                "war_drones_min",
                &f,
                &none,
            ],
            "add `war_drones_max`",
        ),
        (
            &["discover", "--outcome", "hostile_deaths_per_run", &f],
            "a mean per run",
        ),
    ];
    for (args, says) in cases {
        let r = bin().args(args).arg("--out").arg(&out).assert().code(2);
        let err = String::from_utf8_lossy(&r.get_output().stderr).to_string();
        assert!(err.contains(says), "{args:?}: {err}");
        let written: Vec<_> = std::fs::read_dir(&out)
            .map(|r| {
                r.flatten()
                    .filter(|e| e.file_name() != ".reassure.lock")
                    .collect()
            })
            .unwrap_or_default();
        assert!(written.is_empty(), "{args:?} wrote {written:?}");
    }
}

/// Every analysis runs on every library scenario (each draws four
/// assumptions and some levers), with its files written.
#[test]
fn every_analysis_works_on_every_library_scenario() {
    let d = tempfile::tempdir().unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(lib(""))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 13);
    for f in &files {
        let slug = f.file_stem().unwrap().to_string_lossy().to_string();
        for (args, folder) in [
            (
                vec![
                    "sensitivity",
                    "--runs",
                    "400",
                    "--outcome",
                    "p_collapse_given_ceasefire",
                ],
                format!("{slug}-oat-p_collapse_given_ceasefire"),
            ),
            (
                vec![
                    "sensitivity",
                    "--method",
                    "sobol",
                    "--samples",
                    "20",
                    "--runs-per-point",
                    "10",
                    "--outcome",
                    "wider_war",
                ],
                format!("{slug}-sobol-wider_war"),
            ),
            (
                vec!["discover", "--runs", "1500", "--outcome", "withdrawn"],
                format!("{slug}-discover-withdrawn"),
            ),
        ] {
            bin()
                .args(&args)
                .args(["--charts", "svg", "--quiet", "--out"])
                .arg(d.path())
                .arg(f)
                .assert()
                .success();
            let dir = d.path().join(&folder);
            assert!(dir.join("report.html").is_file(), "{folder}");
            let stem = if args[0] == "discover" {
                "discover"
            } else {
                "sensitivity"
            };
            let j = json(&dir.join(format!("{stem}.json")));
            assert!(!j["scenario"].as_str().unwrap().is_empty(), "{folder}");
        }
    }
}

/// Correlated inputs: the per-run sample carries the correlated draws, an
/// analysis that fixes an input drops its pairs, Sobol says it treats the
/// inputs as independent, and robustness (which fixes every coefficient)
/// runs.
#[test]
fn analyses_of_a_scenario_with_correlated_inputs() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("corr.toml");
    let text = std::fs::read_to_string(lib("coalition-baseline.toml")).unwrap()
        + "\n[correlations]\n\"russia.risk_appetite\" = { \"assumptions.pressure_effect\" = -0.6, \"ceasefire.probability\" = -0.5 }\n";
    std::fs::write(&f, text).unwrap();
    let csv = d.path().join("runs.csv");
    bin()
        .args([
            "run",
            "--runs",
            "4096",
            "--charts",
            "none",
            "--quiet",
            "--export-runs",
        ])
        .arg(&csv)
        .arg("--out")
        .arg(d.path())
        .arg(&f)
        .assert()
        .success();
    // The exported draws are correlated as asked (ranks of 4,096 runs).
    let text = std::fs::read_to_string(&csv).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let col = |name: &str| {
        let i = header.iter().position(|h| *h == name).unwrap();
        text.lines()
            .skip(1)
            .map(|l| l.split(',').nth(i).unwrap().parse::<f64>().unwrap())
            .collect::<Vec<f64>>()
    };
    let rho = reassure::math::spearman(
        &col("russia.risk_appetite"),
        &col("assumptions.pressure_effect"),
    );
    assert!((rho + 0.6).abs() < 0.05, "{rho}");
    for args in [
        vec!["sensitivity", "--runs", "500"],
        vec![
            "sensitivity",
            "--method",
            "sobol",
            "--samples",
            "20",
            "--runs-per-point",
            "10",
        ],
        vec![
            "discover",
            "--runs",
            "2000",
            "--outcome",
            "ended_by_collapse",
        ],
    ] {
        bin()
            .args(&args)
            .args(["--charts", "none", "--quiet", "--out"])
            .arg(d.path())
            .arg(&f)
            .assert()
            .success();
    }
    let sobol = json(
        &d.path()
            .join("coalition-baseline-sobol-ceasefire_at_horizon/sensitivity.json"),
    );
    let warnings = sobol["indices"]["warnings"].to_string();
    assert!(warnings.contains("independent"), "{warnings}");
    bin()
        .args([
            "robustness",
            "--criterion",
            "ceasefire_at_horizon",
            "--draws",
            "3",
            "--runs",
            "200",
            "--charts",
            "none",
            "--quiet",
            "--out",
        ])
        .arg(d.path())
        .arg(&f)
        .arg(lib("no-force.toml"))
        .assert()
        .success();
}

/// `robustness --coefficients` draws only the named coefficients and says so.
#[test]
fn robustness_can_draw_a_chosen_few_coefficients() {
    let d = tempfile::tempdir().unwrap();
    let out = bin()
        .args([
            "robustness",
            "--criterion",
            "p_in_place_given_deployed",
            "--coefficients",
            "assumptions.announcement_penalty,renewal_bar",
            "--draws",
            "12",
            "--runs",
            "300",
            "--charts",
            "none",
            "--json",
            "--out",
        ])
        .arg(d.path())
        .arg(lib("rear-area-5k.toml"))
        .arg(lib("original-50k.toml"))
        .assert()
        .success();
    let j: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(
        j["coefficients_drawn"],
        serde_json::json!([
            "assumptions.announcement_penalty",
            "assumptions.renewal_bar"
        ])
    );
    let md =
        std::fs::read_to_string(d.path().join(
            "robustness-p_in_place_given_deployed-rear-area-5k-vs-original-50k/robustness.md",
        ))
        .unwrap();
    assert!(
        md.contains("the other coefficients as each option writes them"),
        "{md}"
    );
}
