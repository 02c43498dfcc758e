//! `reassure narrate`: story i is run i of the engine's streams, it is
//! reproducible, it changes with the seed, and it ends in the classes the
//! engine gives that run.

use reassure::engine::simulate_serial;
use reassure::model::{Leave, Model, NoObserver, Share};
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

/// Over many runs of several scenarios: each story's classes and figures
/// are the engine's for that run, the stories' classes add up to the
/// engine's counts, the told ending names them, and the recorded months
/// cover the calendar once, in order, and end where the history ends.
#[test]
fn every_story_ends_in_the_class_the_engine_gives_its_run() {
    let runs = 5000u64;
    for file in SCENARIOS {
        let s = load(Path::new(file)).unwrap();
        let m = Model::new(&s);
        let agg = simulate_serial(&m, s.seed, 0..runs);
        let (mut peace, mut mission) = ([0u64; 4], [0u64; 6]);
        let mut p = m.central_params();
        for run in 0..runs {
            let st = story::record(&m, s.seed, run);
            let engine = m.run_into(s.seed, run, &mut p, &mut NoObserver);
            assert_eq!(st.record, engine, "{file} run {run}");
            peace[st.record.peace as usize] += 1;
            mission[st.record.mission as usize] += 1;
            let ending = story::json(&st).ending;
            let words = story::outcome_words(&st.record);
            assert!(ending.contains(&words), "{file} run {run}: {ending}");
            // The months cover 1..=H once each, in order (a W0 stretch is
            // one entry), up to a wider war's month.
            let mut next = 1;
            for log in &st.months {
                assert_eq!(log.abs_month, next, "{file} run {run}");
                assert!(log.until >= log.abs_month);
                next = log.until + 1;
            }
            let last = st.months.last().unwrap();
            match st.record.wider_month {
                Some(w) => {
                    assert_eq!(last.until, w, "{file} run {run}");
                    assert!(last.wider);
                }
                None => assert_eq!(last.until, s.horizon_months, "{file} run {run}"),
            }
            // The force's months are the ones the record says it was in
            // the country, and it left where the record says.
            let force_months = st.months.iter().filter(|l| l.phase.force()).count() as u32;
            let in_country = match (st.record.arrival, st.record.mission_end) {
                (Some(a), Some(e)) => e - a,
                (Some(a), None) => s.horizon_months - a,
                _ => 0,
            };
            assert_eq!(force_months, in_country, "{file} run {run}");
            if let Some(e) = st.record.mission_end {
                let left = st.months.iter().find(|l| l.left.is_some()).unwrap();
                assert_eq!(left.abs_month, e, "{file} run {run}");
                if st.record.mission.withdrawn() {
                    assert_eq!(left.left, Some(Leave::Withdrawn), "{file} run {run}");
                }
            }
        }
        assert_eq!(peace, agg.peace, "{file}: stories and engine disagree");
        assert_eq!(mission, agg.mission, "{file}: stories and engine disagree");
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
        assert_eq!(st["peace"], r.peace.name());
        assert_eq!(st["mission"], r.mission.name());
        assert_eq!(st["deaths"].as_u64().unwrap(), r.deaths as u64);
    }
    for outcome in ["withdrawn", "wider_war", "ended_by_collapse"] {
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
        let want = Share::find(outcome).unwrap();
        let first: Vec<u64> = (0..s.runs)
            .filter(|&r| {
                let rec = m.run_into(s.seed, r, &mut p, &mut NoObserver);
                want.holds(rec.peace, rec.mission)
            })
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
            "ceasefire_contested",
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
    assert!(text.contains("At the horizon, month 36"), "{text}");
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
    // A class of version 2 is refused with its replacement.
    let out = bin()
        .args(["narrate", "--outcome", "contested_peace", "--out"])
        .arg(d.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ceasefire_contested"));
    assert_eq!(
        std::fs::read_dir(d.path()).unwrap().count(),
        0,
        "nothing written"
    );
}
