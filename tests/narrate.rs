//! `reassure narrate`: story i is run i of the engine's streams, it is
//! reproducible, it changes with the seed, and it ends in the class the
//! engine gives that run.

use reassure::engine::simulate_serial;
use reassure::model::{Model, NoObserver, Outcome, Phase};
use reassure::report::story;
use reassure::scenario::load;
use std::path::Path;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_reassure"))
}

const SCENARIOS: [&str; 5] = [
    "scenarios/coalition-baseline.toml",
    "scenarios/deploy-during-war.toml",
    "scenarios/skyshield.toml",
    "scenarios/pressure-first.toml",
    "scenarios/no-force.toml",
];

/// Over many runs of several scenarios: each story's class and figures are
/// the engine's for that run, the stories' classes add up to the engine's
/// counts, and the told ending names the class.
#[test]
fn every_story_ends_in_the_class_the_engine_gives_its_run() {
    let runs = 5000u64;
    for file in SCENARIOS {
        let s = load(Path::new(file)).unwrap();
        let m = Model::new(&s);
        let agg = simulate_serial(&m, s.seed, 0..runs);
        let mut counts = [0u64; 7];
        let mut p = m.central_params();
        for run in 0..runs {
            let st = story::record(&m, s.seed, run);
            let engine = m.run_into(s.seed, run, &mut p, &mut NoObserver);
            assert_eq!(st.record, engine, "{file} run {run}");
            counts[st.record.outcome as usize] += 1;
            let ending = story::json(&st).ending;
            let words = story::outcome_words(st.record.outcome, st.record.route);
            assert!(ending.contains(&words), "{file} run {run}: {ending}");
            // A run that ends early ends in its last recorded month (a
            // collapse the force fought goes on as a war: its terminal month
            // is the collapse's).
            if let Some(t) = st.record.terminal_month
                && t > 0
                && st.record.route != Some(reassure::model::Route::Fought)
            {
                let last = st.months.last().unwrap();
                assert_eq!(last.mission_month, t, "{file} run {run}");
                assert!(last.terminal.is_some(), "{file} run {run}");
            }
            // Months are told in order, and nothing follows a terminal month.
            let mut prev = 0;
            for (i, log) in st.months.iter().enumerate() {
                assert!(log.abs_month > prev);
                prev = log.abs_month;
                if log.terminal.is_some() && log.phase != Phase::Engaged {
                    let more_mission = st.months[i + 1..].iter().any(|l| l.mission_month > 0);
                    assert!(
                        !more_mission || log.terminal == Some(Outcome::CeasefireCollapse),
                        "{file} run {run}"
                    );
                }
            }
        }
        assert_eq!(counts, agg.outcomes, "{file}: stories and engine disagree");
    }
}

fn narrate(args: &[&str]) -> (std::process::Output, serde_json::Value) {
    let d = tempfile::tempdir().unwrap();
    let out = bin()
        .arg("narrate")
        .args(args)
        .args([
            "--out",
            d.path().to_str().unwrap(),
            "--json",
            "--charts",
            "none",
        ])
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out, v)
}

#[test]
fn stories_are_reproducible_and_change_with_the_seed() {
    let (a, ja) = narrate(&["--count", "4", "--run", "10"]);
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    let (_, jb) = narrate(&["--count", "4", "--run", "10"]);
    assert_eq!(ja, jb);
    let runs: Vec<u64> = ja
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["run"].as_u64().unwrap())
        .collect();
    assert_eq!(runs, vec![10, 11, 12, 13]);
    let (_, jc) = narrate(&["--count", "4", "--run", "10", "--seed", "7"]);
    assert_ne!(ja, jc, "another seed tells other stories");
}

/// The CLI's story i is the engine's run i, and --outcome finds runs that
/// the engine says ended that way, the first ones from --run on.
#[test]
fn the_command_tells_the_engines_runs() {
    let s = load(Path::new("scenarios/deploy-during-war.toml")).unwrap();
    let m = Model::new(&s);
    let mut p = m.central_params();
    let (out, j) = narrate(&[
        "scenarios/deploy-during-war.toml",
        "--count",
        "3",
        "--run",
        "40",
    ]);
    assert!(out.status.success());
    for st in j.as_array().unwrap() {
        let run = st["run"].as_u64().unwrap();
        let r = m.run_into(s.seed, run, &mut p, &mut NoObserver);
        assert_eq!(st["outcome"], r.outcome.name());
        assert_eq!(st["deaths"].as_u64().unwrap(), r.deaths as u64);
    }
    for outcome in ["force_withdrawn", "wider_war"] {
        let (out, j) = narrate(&[
            "scenarios/deploy-during-war.toml",
            "--count",
            "2",
            "--outcome",
            outcome,
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let found: Vec<u64> = j
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["run"].as_u64().unwrap())
            .collect();
        assert_eq!(found.len(), 2, "{outcome}");
        let want = Outcome::find(outcome).unwrap();
        let first: Vec<u64> = (0..s.runs)
            .filter(|&r| m.run_into(s.seed, r, &mut p, &mut NoObserver).outcome == want)
            .take(2)
            .collect();
        assert_eq!(found, first, "{outcome}");
    }
}

#[test]
fn the_files_are_written_and_self_contained() {
    let d = tempfile::tempdir().unwrap();
    let out = bin()
        .args([
            "narrate",
            "--count",
            "2",
            "--outcome",
            "contested_peace",
            "--out",
        ])
        .arg(d.path())
        .args(["--charts", "svg"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("How it ended"), "{text}");
    let dir = d.path().join("coalition-baseline-stories");
    let html = std::fs::read_to_string(dir.join("stories.html")).unwrap();
    assert!(html.contains("<svg"));
    assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"));
    let md = std::fs::read_to_string(dir.join("stories.md")).unwrap();
    assert_eq!(md.matches("## Run #").count(), 2);
    let pictures = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".svg")
        })
        .count();
    assert_eq!(pictures, 2);
}

#[test]
fn bad_requests_are_refused_with_exit_2() {
    let d = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["narrate", "--run", "500", "--runs", "100", "--out"])
        .arg(d.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--run 500 is beyond"));
    let out = bin()
        .args(["narrate", "no-such.toml", "--out"])
        .arg(d.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = bin()
        .args(["narrate", "--outcome", "wider_wars", "--out"])
        .arg(d.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_dir(d.path()).unwrap().count(),
        0,
        "nothing written"
    );
}
