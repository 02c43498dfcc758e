//! The seed options and the calibration cases at a glance: perceived
//! deterrence D and first-month attack probability from the deterministic
//! view, and the outcome shares over 50,000 runs (seed 2025) of each.
//! `cargo run --release --example calibrate`. The scenarios are inline
//! sketches of the options argued over in the seed articles, not the
//! shipped scenario library (scenarios/), which `reassure batch scenarios/`
//! runs.

use reassure::engine::simulate_serial;
use reassure::model::{Model, Outcome};
use reassure::scenario::parse;

fn show(label: &str, text: &str) {
    let s = parse(text, label)
        .unwrap_or_else(|d| panic!("{}", d.iter().map(|x| x.to_string()).collect::<String>()));
    let m = Model::new(&s);
    let fm = m.first_month();
    let agg = simulate_serial(&m, 2025, 0..50_000);
    let p: Vec<String> = Outcome::ALL
        .iter()
        .map(|o| {
            format!(
                "{}={:.3}",
                &o.name()[..6],
                agg.outcomes[*o as usize] as f64 / agg.runs as f64
            )
        })
        .collect();
    let d = agg.metric(reassure::engine::Metric::Deaths);
    println!(
        "{label:28} D={:.2} att={:.4} {} deaths={:.2}",
        fm.deterrence.value,
        fm.p_attack,
        p.join(" "),
        d.mean()
    );
}

fn main() {
    let base = "[scenario]\nname='x'\n";
    let nf = "[ceasefire]\nprobability=1\n[russia]\npolicy='test_resolve'\nrisk_appetite=0.5\n";
    show("no force", &format!("{base}{nf}"));
    show(
        "large credible force",
        &format!(
            "{base}{nf}[force]\ntroops=50000\nair_defence_units=12\naircraft=48\nnations=12\nground_contributors=6\nzone='border'\n[rules_of_engagement]\nposture='robust'\ncaveat_share=0.1\n[us_backstop]\nlevel='air_support'\nreliability=0.8\n"
        ),
    );
    show("default", reassure::scenario::DEFAULT_SCENARIO_TEXT);
    let opts = [
        (
            "rear 5k",
            "[ceasefire]\nprobability=0.45\npressure=0.3\nmonitoring='european'\n[force]\ntroops=5000\nair_defence_units=2\nzone='rear'\nnations=5\nground_contributors=3\n[us_backstop]\nlevel='isr_logistics'\nreliability=0.5\n",
        ),
        (
            "division 25k",
            "[ceasefire]\nprobability=0.45\npressure=0.3\n[force]\ntroops=25000\nair_defence_units=6\naircraft=24\nzone='rear'\nnations=11\nground_contributors=4\n[us_backstop]\nlevel='isr_logistics'\nreliability=0.5\n",
        ),
        (
            "50k",
            "[ceasefire]\nprobability=0.45\npressure=0.3\n[force]\ntroops=50000\nair_defence_units=10\naircraft=48\nzone='cities'\nnations=11\nground_contributors=6\n[rules_of_engagement]\nposture='protect_mandate'\n[us_backstop]\nlevel='isr_logistics'\nreliability=0.5\n",
        ),
        (
            "sea-and-air",
            "[ceasefire]\nprobability=0.45\npressure=0.3\n[force]\ntroops=0\ntrainers=2000\naircraft=60\nnaval_units=10\nair_defence_units=4\nzone='rear'\nnations=11\nground_contributors=0\n[us_backstop]\nlevel='isr_logistics'\nreliability=0.5\n",
        ),
        (
            "skyshield",
            "[ceasefire]\nrequired_before_deployment=false\nprobability=0.45\npressure=0.3\n[force]\naircraft=120\nair_defence_units=4\nzone='cities'\nnations=8\nground_contributors=0\ndeployment_lag_months=1\n",
        ),
        (
            "deploy in war",
            "[ceasefire]\nrequired_before_deployment=false\nprobability=0.45\npressure=0.3\n[force]\ntroops=25000\nair_defence_units=6\naircraft=24\nzone='rear'\nnations=11\nground_contributors=4\n[us_backstop]\nlevel='isr_logistics'\nreliability=0.5\n",
        ),
        (
            "pressure first",
            "[ceasefire]\nprobability=0.45\npressure=0.9\n[force]\ntroops=25000\nair_defence_units=6\naircraft=24\nzone='rear'\nnations=11\nground_contributors=4\n[us_backstop]\nlevel='isr_logistics'\nreliability=0.5\n",
        ),
        (
            "us-led monitoring",
            "[ceasefire]\nprobability=0.45\npressure=0.3\nmonitoring='us_led'\n[force]\ntroops=25000\nair_defence_units=6\naircraft=24\nzone='rear'\nnations=11\nground_contributors=4\n[us_backstop]\nlevel='isr_logistics'\nreliability=0.5\n",
        ),
        (
            "robust 25k coercive",
            "[ceasefire]\nprobability=1\n[force]\ntroops=25000\nair_defence_units=6\nzone='border'\nnations=11\nground_contributors=4\n[rules_of_engagement]\nposture='robust'\n[russia]\npolicy='coercive_strikes'\nrisk_appetite=0.8\n",
        ),
        (
            "reinvade vs 5k",
            "[ceasefire]\nprobability=1\n[force]\ntroops=5000\nzone='rear'\nnations=5\nground_contributors=3\n[russia]\npolicy='reinvade'\n",
        ),
        (
            "restraint large",
            "[ceasefire]\nprobability=1\n[force]\ntroops=50000\nzone='border'\nnations=11\nground_contributors=6\n[russia]\npolicy='restraint'\n",
        ),
    ];
    for (l, t) in opts {
        show(l, &format!("{base}{t}"));
    }
}
