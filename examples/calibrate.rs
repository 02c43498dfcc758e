//! Calibration at a glance: every scenario in `scenarios/` and the model
//! brief's reality-check cases, with the peace and mission classes, months
//! of ceasefire, the first ceasefire's collapse routes, engagement,
//! escalation and casualty rates over 50,000 runs (seed 2025).
//! `cargo run --release --example calibrate [RUNS]`.

use reassure::engine::{Aggregate, Metric, simulate_serial};
use reassure::model::Model;
use reassure::scenario::{Scenario, load, parse};

fn row(label: &str, s: &Scenario, runs: u64) -> Aggregate {
    let m = Model::new(s);
    let agg = simulate_serial(&m, 2025, 0..runs);
    let pct = |k: u64| 100.0 * k as f64 / runs as f64;
    let o: Vec<String> = agg
        .peace
        .iter()
        .chain(&agg.mission)
        .map(|k| format!("{:5.2}", pct(*k)))
        .collect();
    let rate = agg.exposure.ratio().map_or(0.0, |(r, _)| r * 12.0 * 1000.0);
    let fm = m.first_month();
    println!(
        "{label:26} {} | months {:5.2} | routes {:5.2} {:5.2} {:5.2} {:5.2} | fought {:5.2} | rung3+ {:5.2} | esc/run {:.3} | deaths/1000py {:6.3} | D {:.2} wd {:.2}",
        o.join(" "),
        agg.metric(Metric::MonthsOfCeasefire).mean(),
        pct(agg.routes[0]),
        pct(agg.routes[1]),
        pct(agg.routes[2]),
        pct(agg.routes[3]),
        pct(agg.fought),
        100.0 * agg.metric(Metric::PeakRung).share_at_least(3),
        agg.metric(Metric::Escalations).mean(),
        rate,
        fm.deterrence.value,
        fm.p_fought_given_offensive,
    );
    agg
}

fn main() {
    let runs: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50_000);
    println!(
        "{:26} quiet contd   war wider never inplc wdnod wdded ecoll ewide",
        ""
    );
    let mut files: Vec<_> = std::fs::read_dir("scenarios")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    for f in files {
        let s = load(&f).unwrap();
        row(&s.slug, &s, runs);
    }
    let base = "[scenario]\nname='x'\n";
    let nf = "[ceasefire]\nprobability=1\n[russia]\npolicy='test_resolve'\nrisk_appetite=0.5\n";
    let cases = [
        ("relapse: no force", format!("{base}{nf}")),
        (
            "relapse: large credible",
            format!(
                "{base}{nf}[force]\ntroops=50000\nair_defence_units=12\naircraft=48\nnations=12\nground_contributors=6\nzone='border'\n[rules_of_engagement]\nposture='robust'\ncaveat_share=0.1\n[us_backstop]\nlevel='air_support'\nreliability=0.8\n"
            ),
        ),
        (
            "restraint large",
            format!(
                "{base}[ceasefire]\nprobability=1\n[force]\ntroops=50000\nzone='border'\nnations=11\nground_contributors=6\n[russia]\npolicy='restraint'\n"
            ),
        ),
    ];
    for (l, t) in cases {
        row(l, &parse(&t, l).unwrap(), runs);
    }
    // The baseline with a robust posture against coercive strikes.
    let text = reassure::scenario::DEFAULT_SCENARIO_TEXT
        .replace("posture = \"self_defence\"", "posture = \"robust\"")
        .replace("policy = \"test_resolve\"", "policy = \"coercive_strikes\"");
    row(
        "baseline robust+coercive",
        &parse(&text, "rc").unwrap(),
        runs,
    );
}
