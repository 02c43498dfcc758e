//! Model version 3's like-for-like scoring: one calendar for every option,
//! every run lived to the horizon, the peace scored apart from the
//! mission. Exact equalities where the model says two histories are the
//! same, and the life after a withdrawal against the no-force hazard
//! computed exactly from docs/model.md's equations.

mod common;

use common::{bin, json, lib};
use reassure::engine::simulate_serial;
use reassure::model::{Coef, Mission, Model, NoObserver, Peace, RunParams};
use reassure::scenario::{Scenario, parse};

fn library(name: &str) -> String {
    std::fs::read_to_string(lib(name)).unwrap()
}

fn scenario(text: &str) -> Scenario {
    parse(text, "t.toml")
        .unwrap_or_else(|d| panic!("{}", d.iter().map(|x| x.to_string()).collect::<String>()))
}

/// A ceasefire-first option whose force is announced but never deploys
/// (every contingent waits for a U.S. backstop that is not committed), with
/// the announcement penalty at 0, lives exactly the no-force reference's
/// history on one seed: the same peace class, months of ceasefire,
/// ceasefire months and civilian harm in every run.
#[test]
fn a_force_that_never_deploys_leaves_exactly_the_no_force_peace() {
    let from = "deployment_lag_months = 2    # 004: paperwork banked in advance to move fast";
    let to = "deployment_lag_months = 2\nbackstop_dependent_share = 1\nbackstop_dependent_level = \"air_support\"";
    let withheld = library("coalition-baseline.toml");
    assert!(withheld.contains(from), "{from}");
    let withheld = withheld.replace(from, to);
    let withheld = common::set_assumption(&withheld, "announcement_penalty", "0");
    let withheld = common::set_assumption(&withheld, "air_policing_objection", "0");
    let none = common::set_assumption(&library("no-force.toml"), "announcement_penalty", "0");
    let (a, b) = (scenario(&withheld), scenario(&none));
    let (ma, mb) = (Model::new(&a), Model::new(&b));
    let (mut pa, mut pb) = (ma.central_params(), mb.central_params());
    let runs = 30_000;
    for run in 0..runs {
        let x = ma.run_into(2025, run, &mut pa, &mut NoObserver);
        let y = mb.run_into(2025, run, &mut pb, &mut NoObserver);
        assert!(x.has_force && !x.deployed && !y.has_force, "run {run}");
        assert_eq!(x.never, Some(reassure::model::NeverReason::Withheld));
        assert_eq!(
            (
                x.peace,
                x.ceasefire_months,
                x.civilian_harm,
                x.first_ceasefire,
                x.first_collapse,
                x.route
            ),
            (
                y.peace,
                y.ceasefire_months,
                y.civilian_harm,
                y.first_ceasefire,
                y.first_collapse,
                y.route
            ),
            "run {run}"
        );
    }
    let (ga, gb) = (
        simulate_serial(&ma, 2025, 0..runs),
        simulate_serial(&mb, 2025, 0..runs),
    );
    assert_eq!(ga.peace, gb.peace);
    assert_eq!(ga.months, gb.months);
    // A history that did not touch the force: the peace is not trivial.
    assert!(
        ga.peace.iter().filter(|c| **c > 1000).count() >= 3,
        "{:?}",
        ga.peace
    );
}

/// q(s), the reference relapse probability (C3).
fn q(c: &reassure::model::Coefs, s: u32) -> f64 {
    if s == 0 {
        return 0.0;
    }
    let (l, k) = (c[Coef::RelapseScale], c[Coef::RelapseShape]);
    let q = 1.0 - (-((s as f64 / l).powf(k) - ((s - 1) as f64 / l).powf(k))).exp();
    // R5: Russia rebuilds, 1 + gain · (1 − e^(−s/months)).
    q * (1.0 + c[Coef::RebuildGain] * (1.0 - (-(s as f64) / c[Coef::RebuildMonths]).exp()))
}

/// The chance that a ceasefire that came at the end of month `k` and is in
/// force at the end of month `m`, with no force in the country from month
/// m + 1 on and Russia emboldened by a withdrawal at the end of month m,
/// is in force at the end of month `h`: N-months (R1 with D = 0 and no
/// target, R4's multiplier in the window) and, after a collapse, C2r's
/// renewal at the later hazard, month by month (docs/model.md).
fn in_ceasefire_at_horizon(p: &RunParams, k: u32, m: u32, h: u32) -> f64 {
    let c = &p.c;
    let g = p.risk_gain();
    let u = p.ukraine_factor();
    let [probe, _, cities, weight, _] = p.policy_rates();
    let (p_sc, p_pr) = (
        cities * g,
        probe * g * (1.0 - c[Coef::MonitoringProbeCut] * p.monitoring),
    );
    let h_w = 1.0 - (1.0 - p.p_win()).powf(1.0 / p.window as f64);
    let h_l = c[Coef::CeasefireLaterRatio] * h_w;
    let window = c[Coef::WithdrawalEmboldeningMonths] as u32;
    let emb = 1.0 + c[Coef::WithdrawalEmboldening];
    // Mass in a ceasefire that began at the end of month j, and at war.
    let mut cf: Vec<f64> = vec![0.0; h as usize + 1];
    cf[k as usize] = 1.0;
    let mut war = 0.0;
    for month in m + 1..=h {
        let e = if month <= m + window { emb } else { 1.0 };
        // The war's renewal at the end of this month.
        let renewed = war * h_l;
        war -= renewed;
        for start in 0..month {
            let mass = cf[start as usize];
            if mass == 0.0 {
                continue;
            }
            let off = q(c, month - start) * weight * g * u * e;
            let total = off + p_sc + p_pr;
            let off = if total > 1.0 { off / total } else { off };
            cf[start as usize] -= mass * off;
            war += mass * off;
        }
        cf[month as usize] += renewed;
    }
    cf.iter().sum()
}

/// A withdrawal no longer ends the peace: among runs whose force withdrew
/// at the end of month m with the ceasefire in force, the share still in a
/// ceasefire at the horizon is the no-force relapse hazard's, with R4's
/// emboldening after the withdrawal and C2r's renewals, computed exactly;
/// within 3 standard errors.
#[test]
fn after_a_withdrawal_the_ceasefire_lives_at_the_no_force_hazard() {
    // Probe: no adaptation (A = 1); risk appetite 0.5 (g = 1); strength 0.5
    // (U = 1); a ceasefire at the end of month 1; a demanding renewal bar
    // and votes every 6 months for every tier (the lead nations too), so that
    // many forces withdraw.
    let text = "[scenario]\nname = \"w\"\nhorizon_months = 48\nmodel_version = 3\n[ceasefire]\nprobability = 1\n[force]\ntroops = 20000\nnations = 6\nground_contributors = 4\nmandate_lead = \"periodic_vote\"\n[russia]\npolicy = \"probe\"\nrisk_appetite = 0.5\n[assumptions]\nrenewal_bar = 0.68\nmandate_period_months = 6\nrelapse_scale = 60\nrelapse_shape = 0.5\noffensive_weight_probe = 2\nwithdrawal_emboldening = 1\nceasefire_later_ratio = 0.05\n";
    let m = Model::new(&scenario(text));
    let p = m.central_params();
    let h = m.horizon;
    let mut params = m.central_params();
    let (mut n, mut held, mut expected, mut variance) = (0u64, 0u64, 0.0, 0.0);
    let mut by_month = std::collections::BTreeMap::new();
    for run in 0..60_000 {
        let r = m.run_into(7, run, &mut params, &mut NoObserver);
        let Some(w) = r.mission_end else { continue };
        let in_force = (r.ceasefire_months >> w) & 1 == 1;
        if !r.mission.withdrawn() || !in_force || w >= h {
            continue;
        }
        let k = r.first_ceasefire.unwrap();
        let e = *by_month
            .entry((k, w))
            .or_insert_with(|| in_ceasefire_at_horizon(&p, k, w, h));
        n += 1;
        held += u64::from(r.peace.ceasefire());
        expected += e;
        variance += e * (1.0 - e);
    }
    assert!(n > 3000, "only {n} withdrawals under a ceasefire");
    let sd = variance.sqrt();
    let got = held as f64;
    eprintln!("{held} of {n} in a ceasefire at the horizon; expected {expected:.1} (sd {sd:.1})");
    assert!(
        (got - expected).abs() < 3.0 * sd,
        "{held} of {n} still in a ceasefire at the horizon, expected {expected:.1} (sd {sd:.1})"
    );
    // The emboldening bites: without it the expectation is higher.
    let mut calm = p.clone();
    calm.c[Coef::WithdrawalEmboldening] = 0.0;
    let (with, without) = by_month
        .keys()
        .map(|&(k, w)| {
            (
                in_ceasefire_at_horizon(&p, k, w, h),
                in_ceasefire_at_horizon(&calm, k, w, h),
            )
        })
        .fold((0.0, 0.0), |acc, x| (acc.0 + x.0, acc.1 + x.1));
    assert!(without > with, "{without} vs {with}");
}

/// Every option of the library and the three references run on one
/// calendar of 36 months, and `compare` of the war-time options against
/// no force reports the peace on it, paired; the brief ranks on no figure
/// per deployment.
#[test]
fn options_and_references_share_one_calendar() {
    for entry in std::fs::read_dir(lib("")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let s = reassure::scenario::load(&path).unwrap();
            assert_eq!(s.horizon_months, 36, "{}", path.display());
            assert!(
                s.notes.is_empty(),
                "{} is written for version 3",
                path.display()
            );
        }
    }
    let d = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["compare", "--runs", "20000", "--charts", "none", "--out"])
        .arg(d.path())
        .arg(lib("no-force.toml"))
        .arg(lib("deploy-during-war.toml"))
        .arg(lib("skyshield.toml"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = d
        .path()
        .join("compare-no-force-vs-deploy-during-war-vs-skyshield");
    let j = json(&dir.join("compare.json"));
    for s in j["scenarios"].as_array().unwrap() {
        assert_eq!(s["horizon_months"], 36);
    }
    for diff in j["differences"].as_array().unwrap() {
        let r = &diff["reference_diffs"];
        for key in [
            "ceasefire_at_horizon",
            "ceasefire_quiet",
            "war",
            "wider_war",
            "months_of_ceasefire",
            "civilian_harm_per_run",
        ] {
            let x = &r[key];
            let (v, lo, hi) = (
                x["diff"].as_f64().unwrap(),
                x["diff_ci95"][0].as_f64().unwrap(),
                x["diff_ci95"][1].as_f64().unwrap(),
            );
            assert!(lo <= v && v <= hi, "{key}");
        }
        // No mission difference against an option without a force.
        assert!(diff.get("mission_diffs").is_none());
        // The paired peace difference is the difference of the peace.
        let k = diff["scenario"].as_str().unwrap();
        let s = j["scenarios"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["slug"] == k)
            .unwrap();
        let at = |s: &serde_json::Value| {
            s["peace"]["ceasefire_quiet"]["probability"]
                .as_f64()
                .unwrap()
                + s["peace"]["ceasefire_contested"]["probability"]
                    .as_f64()
                    .unwrap()
        };
        let d = r["ceasefire_at_horizon"]["diff"].as_f64().unwrap();
        assert!((d - (at(s) - at(&j["scenarios"][0]))).abs() < 1e-12);
    }
    let brief = std::fs::read_to_string(dir.join("brief.md")).unwrap();
    assert!(brief.contains("Ceasefire in force at the horizon (of all runs)"));
    assert!(!brief.contains("(of deployed runs)") && !brief.contains("deployed runs."));
    for line in brief.lines().filter(|l| l.starts_with("- **")) {
        assert!(
            !line.contains("of deployed runs"),
            "a bottom line mixes a per-deployment figure in: {line}"
        );
    }
}

/// Options run on one calendar even when their files say otherwise: the
/// comparison's (the first file's, or --horizon), with a note.
#[test]
fn compare_puts_every_option_on_one_calendar() {
    let d = tempfile::tempdir().unwrap();
    let short = d.path().join("short.toml");
    std::fs::write(
        &short,
        library("rear-area-5k.toml").replace("horizon_months = 36", "horizon_months = 24"),
    )
    .unwrap();
    let out = bin()
        .args(["compare", "--runs", "2000", "--charts", "none", "--out"])
        .arg(d.path().join("out"))
        .arg(lib("no-force.toml"))
        .arg(&short)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("runs on the comparison's calendar, 36 months"),
        "{err}"
    );
    let out = bin()
        .args([
            "compare",
            "--runs",
            "2000",
            "--charts",
            "none",
            "--quiet",
            "--horizon",
            "60",
            "--json",
            "--out",
        ])
        .arg(d.path().join("out2"))
        .arg(lib("no-force.toml"))
        .arg(&short)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for s in j["scenarios"].as_array().unwrap() {
        assert_eq!(s["horizon_months"], 60);
    }
}

/// With no force, a mission class is never anything but never deployed,
/// and the summary has no mission at all; a force's mission classes add up
/// to all runs, and its deployed runs are the runs not never deployed.
#[test]
fn the_two_families_add_up() {
    for (file, force) in [("no-force.toml", false), ("coalition-baseline.toml", true)] {
        let s = reassure::scenario::load(&lib(file)).unwrap();
        let m = Model::new(&s);
        let agg = simulate_serial(&m, 3, 0..20_000);
        assert_eq!(agg.peace.iter().sum::<u64>(), 20_000);
        assert_eq!(agg.mission.iter().sum::<u64>(), 20_000);
        let sum = reassure::report::summarize(&s, &agg, 0.0, 1);
        assert_eq!(sum.mission.is_some(), force, "{file}");
        if !force {
            assert_eq!(agg.mission_count(Mission::NeverDeployed), 20_000);
            assert_eq!(agg.peace_count(Peace::WiderWar), 0);
        } else {
            assert_eq!(
                agg.deployed,
                20_000 - agg.mission_count(Mission::NeverDeployed)
            );
            assert_eq!(
                agg.never.iter().sum::<u64>(),
                agg.mission_count(Mission::NeverDeployed)
            );
        }
    }
}
