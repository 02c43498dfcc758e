//! `[correlations]`: the Iman–Conover rearrangement on blocks of runs
//! (docs/model.md, "Correlated inputs"). The achieved rank correlations
//! match the targets; every input keeps its draws (per block, the same
//! multiset as without the table) and an input not named keeps its very
//! values; results do not depend on threads, batches, shards, the order in
//! which runs are drawn or their total; `Model::drawn` tells what
//! `draw_into` used; every mistake in the table exits 2 with a located
//! message and writes nothing; `reassure new` round-trips the table.

use reassure::engine::{Aggregate, Plan, simulate, simulate_serial};
use reassure::model::{CORRELATION_BLOCK, Coef, Model, RunParams};
use reassure::scenario::{FIELDS, Field, parse};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

const N: u64 = CORRELATION_BLOCK as u64;

/// Four inputs drawn per run; `[correlations]` is added by each test.
const BASE: &str = r#"[scenario]
name = "Correlated"
seed = 11
[ceasefire]
probability = { dist = "triangular", min = 0.2, mode = 0.45, max = 0.7 }
[force]
troops = { dist = "triangular", min = 15000, mode = 25000, max = 40000 }
ground_contributors = 3
nations = 8
[us_backstop]
level = "isr_logistics"
reliability = { dist = "uniform", min = 0.3, max = 0.8 }
[russia]
risk_appetite = { dist = "triangular", min = 0.2, mode = 0.5, max = 0.8 }
[assumptions]
pressure_effect = { dist = "normal", mean = 1.5, sd = 0.5, min = 0.5, max = 2.5 }
"#;

const THREE: &str = r#"[correlations]
"russia.risk_appetite" = { "assumptions.pressure_effect" = -0.4, "ceasefire.probability" = -0.5 }
"ceasefire.probability" = { "assumptions.pressure_effect" = 0.3 }
"#;

const TWO: &str = r#"[correlations]
"force.troops" = { "russia.risk_appetite" = 0.7 }
"#;

fn model(text: &str) -> Model {
    Model::new(&parse(text, "t.toml").unwrap_or_else(|d| panic!("{}", d[0])))
}

/// The values of the inputs this file correlates, as the run used them.
fn inputs(p: &RunParams) -> [f64; 5] {
    [
        p.risk,
        p.p0,
        p.c[Coef::PressureEffect],
        p.announced_troops,
        p.reliability,
    ]
}
const RISK: usize = 0;
const P0: usize = 1;
const PRESSURE: usize = 2;
const TROOPS: usize = 3;
const RELIABILITY: usize = 4;

/// Every run's inputs, drawn in order through one reused buffer (as the
/// engine does).
fn columns(m: &Model, seed: u64, runs: std::ops::Range<u64>) -> Vec<Vec<f64>> {
    let mut p = m.central_params();
    let mut cols = vec![Vec::new(); 5];
    for r in runs {
        m.draw_into(seed, r, &mut p);
        for (c, x) in cols.iter_mut().zip(inputs(&p)) {
            c.push(x);
        }
    }
    cols
}

use reassure::math::spearman;

/// The stated tolerance on an achieved rank correlation over 50,000 runs.
const TOLERANCE: f64 = 0.03;

#[test]
fn achieved_rank_correlations_match_the_targets() {
    let runs = 0..50_000;
    for (table, targets, free) in [
        (
            THREE,
            vec![
                (RISK, PRESSURE, -0.4),
                (RISK, P0, -0.5),
                (P0, PRESSURE, 0.3),
            ],
            vec![(TROOPS, RISK), (RELIABILITY, P0)],
        ),
        (
            TWO,
            vec![(TROOPS, RISK, 0.7)],
            vec![(P0, RISK), (PRESSURE, TROOPS)],
        ),
    ] {
        let cols = columns(&model(&format!("{BASE}{table}")), 11, runs.clone());
        for (a, b, target) in targets {
            let got = spearman(&cols[a], &cols[b]);
            eprintln!("target {target:+.2}: achieved {got:+.4}");
            assert!(
                (got - target).abs() < TOLERANCE,
                "inputs {a} and {b}: target {target}, achieved {got}"
            );
        }
        // Pairs not given stay near 0 (an unnamed input, or a named one
        // with a partner it has no pair with).
        for (a, b) in free {
            let got = spearman(&cols[a], &cols[b]);
            assert!(got.abs() < TOLERANCE, "inputs {a} and {b}: {got}");
        }
    }
    // Without the table: independent.
    let cols = columns(&model(BASE), 11, runs);
    assert!(spearman(&cols[RISK], &cols[P0]).abs() < TOLERANCE);
}

#[test]
fn each_full_block_keeps_the_independent_draws_and_unnamed_inputs_keep_their_values() {
    let free = columns(&model(BASE), 11, 0..4 * N);
    let corr = columns(&model(&format!("{BASE}{THREE}")), 11, 0..4 * N);
    for b in 0..4 {
        let block = (b * N) as usize..((b + 1) * N) as usize;
        for i in [RISK, P0, PRESSURE] {
            let sorted = |v: &[f64]| {
                let mut v = v.to_vec();
                v.sort_by(f64::total_cmp);
                v
            };
            assert_eq!(
                sorted(&corr[i][block.clone()]),
                sorted(&free[i][block.clone()]),
                "block {b}, input {i}: the same multiset of draws"
            );
            assert_ne!(corr[i][block.clone()], free[i][block.clone()]);
        }
    }
    assert_eq!(corr[TROOPS], free[TROOPS], "troops are not in the table");
    assert_eq!(corr[RELIABILITY], free[RELIABILITY]);
}

#[test]
fn a_runs_values_depend_on_the_seed_and_its_block_only() {
    let m = model(&format!("{BASE}{THREE}"));
    let seq = columns(&m, 11, 0..3 * N);
    // Any order, fresh buffers or one buffer jumping between blocks.
    let mut p = m.central_params();
    for r in [2 * N + 5, 3, N - 1, 3 * N - 1, N, 0, 2 * N + 5, 17] {
        m.draw_into(11, r, &mut p);
        let one = inputs(&p);
        let fresh = inputs(&m.draw(11, r));
        for i in 0..5 {
            assert_eq!(one[i], seq[i][r as usize], "run {r}, input {i}");
            assert_eq!(fresh[i], one[i]);
        }
    }
    // Another seed moves them.
    assert_ne!(columns(&m, 12, 0..N)[RISK], seq[RISK][..N as usize]);
}

#[test]
fn drawn_tells_the_values_draw_into_used() {
    let s = parse(&format!("{BASE}{THREE}"), "t.toml").unwrap();
    let m = Model::new(&s);
    let mut p = m.central_params();
    for r in [0, 1, N - 1, N, 5 * N + 77, 1_000_003] {
        m.draw_into(11, r, &mut p);
        for buffer in [&mut m.central_params(), &mut p.clone()] {
            let (fields, coefs) = m.drawn(11, r, buffer);
            let field = |f: Field| {
                fields
                    .iter()
                    .find(|(i, _)| *i == f as usize)
                    .map(|(_, x)| *x)
                    .unwrap()
            };
            assert_eq!(field(Field::RiskAppetite), p.risk, "run {r}");
            assert_eq!(field(Field::CeasefireProbability), p.p0);
            assert_eq!(field(Field::Troops), p.announced_troops);
            assert_eq!(field(Field::BackstopReliability), p.reliability);
            assert_eq!(
                coefs,
                vec![(Coef::PressureEffect, p.c[Coef::PressureEffect])]
            );
            assert_eq!(
                fields.len(),
                s.params
                    .iter()
                    .filter(|x| matches!(x, reassure::scenario::Param::Dist(_)))
                    .count()
            );
        }
    }
    assert!(FIELDS.len() > 4);
}

#[test]
fn threads_batches_and_splits_do_not_change_results() {
    let m = model(&format!("{BASE}{THREE}"));
    let runs = 5_000u64; // the last block is partial
    let reference = simulate_serial(&m, 11, 0..runs);
    for (threads, batch) in [(1, 1), (2, 7), (2, 1000), (1, 16_384), (2, 333)] {
        let plan = Plan {
            seed: 11,
            first: 0,
            runs,
            threads,
            batch,
        };
        assert_eq!(
            simulate(&m, &plan, &|_| {}),
            reference,
            "threads {threads}, batch {batch}"
        );
    }
    let mut merged = Aggregate::new(m.horizon);
    for cut in [3_001..5_000, 0..10, 1_500..3_001, 10..1_500] {
        merged.merge(&simulate_serial(&m, 11, cut));
    }
    assert_eq!(merged, reference);
    // The first 2,000 runs are the same whether 2,000 or 5,000 are run.
    let first = simulate_serial(&m, 11, 0..2_000);
    let mut rest = simulate_serial(&m, 11, 2_000..runs);
    rest.merge(&first);
    assert_eq!(rest, reference);
    // And the table changes results at all.
    assert_ne!(simulate_serial(&model(BASE), 11, 0..runs), reference);
}

// ---- the command line ----

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_reassure"))
}

fn ok(o: &Output) {
    assert!(
        o.status.success(),
        "exit {:?}\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `summary.json` without timing and, with `identity`, without what names
/// the scenario (a copy by `new` has its own name and file).
fn summary(path: &Path, identity: bool) -> Value {
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let m = v.as_object_mut().unwrap();
    m.remove("timing");
    if identity {
        m.remove("scenario");
    }
    v
}

#[test]
fn threads_batches_and_shards_give_the_same_summary() {
    let d = tempfile::tempdir().unwrap();
    let file = d.path().join("c.toml");
    std::fs::write(&file, format!("{BASE}{THREE}")).unwrap();
    let go = |out: &str, extra: &[&str]| {
        let o = bin()
            .args(["run", s(&file), "--runs", "6000", "--charts", "none", "-q"])
            .args(extra)
            .arg("--out")
            .arg(d.path().join(out))
            .output()
            .unwrap();
        ok(&o);
    };
    go("a", &["--threads", "1"]);
    go("b", &["--threads", "2", "--batch-size", "1000"]);
    for (k, threads) in [(2, "1"), (3, "2"), (1, "2")] {
        go(
            "parts",
            &["--shard", &format!("{k}/3"), "--threads", threads],
        );
    }
    let parts = d.path().join("parts/correlated");
    let o = bin()
        .args(["merge", s(&parts), "--charts", "none", "-q", "--out"])
        .arg(d.path().join("merged"))
        .output()
        .unwrap();
    ok(&o);
    let reference = summary(&d.path().join("a/correlated/summary.json"), false);
    for other in ["b", "merged"] {
        assert_eq!(
            summary(&d.path().join(other).join("correlated/summary.json"), false),
            reference,
            "{other}"
        );
    }
    assert_eq!(
        reference["correlations"]["russia.risk_appetite ~ ceasefire.probability"],
        -0.5
    );
}

#[test]
fn new_from_a_file_with_correlations_round_trips() {
    let d = tempfile::tempdir().unwrap();
    let src = d.path().join("src.toml");
    // Pairs written in another order and orientation than `new` groups
    // them: the inputs' canonical order makes that change nothing.
    std::fs::write(
        &src,
        format!(
            "{BASE}[correlations]\n\"ceasefire.probability\" = {{ \"assumptions.pressure_effect\" = 0.3 }}\n\"russia.risk_appetite\" = {{ \"ceasefire.probability\" = -0.5 }}\n\"assumptions.pressure_effect\" = {{ \"russia.risk_appetite\" = -0.4 }}\n"
        ),
    )
    .unwrap();
    let copy = d.path().join("copy.toml");
    ok(&bin()
        .args(["new", s(&copy), "--from", s(&src)])
        .output()
        .unwrap());
    let text = std::fs::read_to_string(&copy).unwrap();
    assert!(
        text.contains("\n\"ceasefire.probability\" = { \"assumptions.pressure_effect\" = 0.3 }\n"),
        "{text}"
    );
    let a = parse(&std::fs::read_to_string(&src).unwrap(), "a").unwrap();
    let b = parse(&text, "b").unwrap();
    assert_eq!(a.correlations, b.correlations);
    for f in [&src, &copy] {
        ok(&bin()
            .args([
                "run",
                s(f),
                "--runs",
                "3000",
                "--charts",
                "none",
                "-q",
                "--out",
            ])
            .arg(d.path().join("out"))
            .output()
            .unwrap());
    }
    assert_eq!(
        summary(&d.path().join("out/correlated/summary.json"), true),
        summary(&d.path().join("out/copy/summary.json"), true)
    );
}

#[test]
fn a_sweep_over_a_correlated_input_drops_its_pairs() {
    let d = tempfile::tempdir().unwrap();
    let file = d.path().join("c.toml");
    std::fs::write(&file, format!("{BASE}{THREE}")).unwrap();
    for vary in ["russia.risk_appetite=0.3,0.6", "force.nations=4,8"] {
        let o = bin()
            .args(["sweep", s(&file), "--vary", vary, "--runs", "2000"])
            .args(["--charts", "none", "-q", "--out"])
            .arg(d.path().join("out"))
            .output()
            .unwrap();
        ok(&o);
    }
}

// ---- every mistake: exit 2, located, nothing written ----

/// Run and validate a scenario with this `[correlations]` table (and the
/// base's inputs, with `extra` tables before it); both exit 2 and write
/// nothing. Returns stderr and the file's path.
fn fails(table: &str) -> (String, String) {
    let d = tempfile::tempdir().unwrap();
    let file = d.path().join("t.toml");
    std::fs::write(&file, format!("{BASE}{table}")).unwrap();
    let out = d.path().join("out");
    let run = bin()
        .args(["run", s(&file), "--runs", "100", "--out", s(&out)])
        .output()
        .unwrap();
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(!out.exists(), "nothing may be written on bad input");
    assert!(run.stdout.is_empty());
    let val = bin().args(["validate", s(&file)]).output().unwrap();
    assert_eq!(val.status.code(), Some(2));
    (stderr, s(&file).to_string())
}

/// The line of BASE + table where `[correlations]`' first pair line is.
fn line(n: usize) -> usize {
    BASE.lines().count() + n
}

fn has(stderr: &str, file: &str, line_col: &str, key: &str, texts: &[&str]) {
    assert!(
        stderr.contains(&format!("--> {file}:{line_col}\n")),
        "location {line_col} in:\n{stderr}"
    );
    assert!(
        stderr.contains(&format!("`{key}`")),
        "key {key} in:\n{stderr}"
    );
    for t in texts {
        assert!(stderr.contains(t), "{t:?} in:\n{stderr}");
    }
    assert!(stderr.contains(" | ") && stderr.contains('^'), "{stderr}");
}

#[test]
fn unknown_names_are_located_with_suggestions() {
    let (e, f) = fails(
        "[correlations]\n\"russia.risk_apetite\" = { \"ceasefire.p0\" = 0.2 }\n\"russia.risk_appetite\" = { \"assumptions.pressure_efect\" = 0.2 }\n",
    );
    has(
        &e,
        &f,
        &format!("{}:1", line(2)),
        "correlations.\"russia.risk_apetite\"",
        &[
            "unknown input `russia.risk_apetite`",
            "expected: the dotted name of an input",
            "help: did you mean `russia.risk_appetite`?",
        ],
    );
    has(
        &e,
        &f,
        &format!("{}:28", line(3)),
        "correlations.\"russia.risk_appetite\".\"assumptions.pressure_efect\"",
        &["help: did you mean `assumptions.pressure_effect`?"],
    );
    // The outer name is unknown: its partners are not looked at.
    assert_eq!(e.matches("error: `").count(), 2, "{e}");
    let (e, f) = fails("[correlations]\n\"russia.risk_appetite\" = { \"ceasefire.p0\" = 0.2 }\n");
    has(
        &e,
        &f,
        &format!("{}:28", line(2)),
        "correlations.\"russia.risk_appetite\".\"ceasefire.p0\"",
        &["valid keys in [ceasefire]: ", "`ceasefire.probability`"],
    );
    // Without quotes, TOML reads a table.
    let (e, f) =
        fails("[correlations]\nrussia.risk_appetite = { \"ceasefire.probability\" = 0.2 }\n");
    has(
        &e,
        &f,
        &format!("{}:1", line(2)),
        "correlations.\"russia\"",
        &["help: put the whole name in quotes: `\"russia.risk_appetite\"`"],
    );
}

#[test]
fn an_input_not_given_as_a_distribution_is_refused() {
    let (e, f) = fails(
        "[correlations]\n\"russia.risk_appetite\" = { \"force.nations\" = 0.2, \"assumptions.announcement_penalty\" = -0.2, \"us_backstop.level\" = 0.1 }\n",
    );
    let l = line(2);
    has(
        &e,
        &f,
        &format!("{l}:28"),
        "correlations.\"russia.risk_appetite\".\"force.nations\"",
        &[
            "`force.nations` is fixed at 8 in this file: only inputs given as distributions can be correlated",
            "help: give it a distribution, e.g. `nations = { dist = \"triangular\"",
            "in [force], or remove its pairs",
        ],
    );
    has(
        &e,
        &f,
        &format!("{l}:51"),
        "correlations.\"russia.risk_appetite\".\"assumptions.announcement_penalty\"",
        &[
            "is not set in this file (its default is",
            "in [assumptions]",
        ],
    );
    has(
        &e,
        &f,
        &format!("{l}:94"),
        "correlations.\"russia.risk_appetite\".\"us_backstop.level\"",
        &[
            "fixed at \"isr_logistics\"",
            "level = { dist = \"choice\", values = [\"none\"",
        ],
    );
    assert_eq!(e.matches("error: `").count(), 3, "{e}");
}

#[test]
fn self_pairs_repeated_pairs_and_bad_numbers_are_refused() {
    let (e, f) = fails(
        "[correlations]\n\"russia.risk_appetite\" = { \"russia.risk_appetite\" = 0.2, \"ceasefire.probability\" = -0.3 }\n\"ceasefire.probability\" = { \"russia.risk_appetite\" = -0.3, \"force.troops\" = 1.2, \"assumptions.pressure_effect\" = \"high\" }\n\"force.troops\" = { \"russia.risk_appetite\" = -1 }\n",
    );
    let (l2, l3, l4) = (line(2), line(3), line(4));
    has(
        &e,
        &f,
        &format!("{l2}:28"),
        "correlations.\"russia.risk_appetite\".\"russia.risk_appetite\"",
        &[
            "an input cannot be correlated with itself",
            "expected: a pair of two different inputs",
        ],
    );
    has(
        &e,
        &f,
        &format!("{l3}:29"),
        "correlations.\"ceasefire.probability\".\"russia.risk_appetite\"",
        &[&format!(
            "the pair `ceasefire.probability` and `russia.risk_appetite` is given twice (first at line {l2})"
        )],
    );
    has(
        &e,
        &f,
        &format!("{l3}:77"),
        "correlations.\"ceasefire.probability\".\"force.troops\"",
        &[
            "1.2 is not a correlation",
            "expected: a rank correlation: a number between -1 and 1 (exclusive)",
        ],
    );
    has(
        &e,
        &f,
        &format!("{l3}:114"),
        "correlations.\"ceasefire.probability\".\"assumptions.pressure_effect\"",
        &["expected a number, found a string"],
    );
    has(
        &e,
        &f,
        &format!("{l4}:45"),
        "correlations.\"force.troops\".\"russia.risk_appetite\"",
        &[
            "a correlation of -1 makes one input a function of the other",
            "help: use a value short of it, e.g. -0.95",
        ],
    );
    assert_eq!(e.matches("error: `").count(), 5, "{e}");
}

#[test]
fn a_matrix_that_is_not_positive_definite_is_refused() {
    let (e, f) = fails(
        "[correlations]\n\"russia.risk_appetite\" = { \"assumptions.pressure_effect\" = -0.8, \"ceasefire.probability\" = -0.8 }\n\"ceasefire.probability\" = { \"assumptions.pressure_effect\" = -0.7 }\n",
    );
    has(
        &e,
        &f,
        &format!("{}:2", line(1)),
        "correlations",
        &[
            "the correlations cannot all hold at once: their matrix over the 3 inputs (0 for pairs not given) is not positive definite",
            "help: weaken the largest coefficients (`russia.risk_appetite` ~ `assumptions.pressure_effect` = -0.8",
            "multiplying every coefficient by 0.",
        ],
    );
    // The factor offered works.
    let at = e.find("multiplying every coefficient by ").unwrap();
    let factor: f64 = e[at + 34..].split(' ').next().unwrap().parse().unwrap();
    let scaled = |r: f64| format!("{}", (r * factor * 1e6).round() / 1e6);
    let fixed = format!(
        "{BASE}[correlations]\n\"russia.risk_appetite\" = {{ \"assumptions.pressure_effect\" = {}, \"ceasefire.probability\" = {} }}\n\"ceasefire.probability\" = {{ \"assumptions.pressure_effect\" = {} }}\n",
        scaled(-0.8),
        scaled(-0.8),
        scaled(-0.7)
    );
    parse(&fixed, "t.toml").unwrap_or_else(|d| panic!("{factor}: {}", d[0]));
}
