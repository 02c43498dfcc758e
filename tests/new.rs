//! `reassure new`, end to end: the file it writes validates and, run on the
//! same seed and runs, gives exactly the source scenario's results, for the
//! default and every library scenario; it never overwrites without
//! `--force`; it names every lever and coefficient; `-` prints it.

use reassure::model::coef::COEFS;
use reassure::scenario::FIELDS;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_reassure"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn library() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut slugs: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    slugs.sort();
    slugs
}

/// `summary.json` of a short run, without what legitimately differs between
/// a scenario and its copy: timing, the scenario's identity (name, slug,
/// file, hash) and the `[expect]` results (`new` leaves `[expect]` out).
fn summary(file: &Path, out: &Path) -> Value {
    let o = run(&[
        "run",
        s(file),
        "--runs",
        "2000",
        "--json",
        "--charts",
        "none",
        "--out",
        s(out),
    ]);
    // Exit 1 is an [expect] bound failing on 2,000 runs: still a result.
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "run {}: {}",
        file.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    let mut v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let m = v.as_object_mut().unwrap();
    for k in ["timing", "scenario", "expectations"] {
        assert!(m.remove(k).is_some(), "summary.json has `{k}`");
    }
    v
}

#[test]
fn the_default_and_every_library_scenario_copy_validates_and_runs_the_same() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    let scenarios = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut cases: Vec<(Option<String>, PathBuf)> = vec![(
        None,
        scenarios.join("coalition-baseline.toml"), // the default
    )];
    cases.extend(
        library()
            .into_iter()
            .map(|slug| (Some(slug.clone()), scenarios.join(format!("{slug}.toml")))),
    );
    assert!(
        cases.len() >= 12,
        "the default and the eleven library files"
    );
    for (from, source) in cases {
        let label = from.clone().unwrap_or_else(|| "default".into());
        let file = d.path().join(format!("copy-of-{label}.toml"));
        let mut args = vec!["new", s(&file)];
        if let Some(f) = &from {
            args.extend(["--from", f]);
        }
        let o = run(&args);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{label}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let said = String::from_utf8(o.stdout).unwrap();
        assert_eq!(said.lines().count(), 1, "one line: {said}");
        assert!(said.contains("reassure validate") && said.contains("reassure run"));
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(!text.contains("[expect]\n"), "{label}: no [expect] table");
        let v = run(&["validate", s(&file)]);
        assert_eq!(
            v.status.code(),
            Some(0),
            "{label}: {}",
            String::from_utf8_lossy(&v.stderr)
        );
        assert_eq!(
            summary(&file, &out),
            summary(&source, &out),
            "{label}: the copy must run exactly as its source"
        );
    }
}

#[test]
fn every_lever_and_coefficient_is_written() {
    let o = run(&["new", "-", "--from", "no-force"]);
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8(o.stdout).unwrap();
    let doc: toml::Table = toml::from_str(&text).unwrap();
    for f in &FIELDS {
        let table = doc[f.table].as_table().unwrap();
        assert!(table.contains_key(f.key), "{} is written", f.path());
        assert!(text.contains(f.doc.split_whitespace().next().unwrap()));
    }
    for key in [
        "name",
        "description",
        "source",
        "seed",
        "runs",
        "horizon_months",
    ] {
        assert!(
            doc["scenario"].as_table().unwrap().contains_key(key),
            "{key}"
        );
    }
    // The five coefficients the library draws are written live, with their
    // distributions; every other coefficient is written commented out.
    let drawn = [
        (
            "announcement_penalty",
            "{ dist = \"triangular\", min = 0, mode = 0.3, max = 0.6 }",
        ),
        (
            "pressure_effect",
            "{ dist = \"triangular\", min = 1, mode = 2, max = 3 }",
        ),
        (
            "initial_will",
            "{ dist = \"triangular\", min = 0.6, mode = 0.7, max = 0.8 }",
        ),
        (
            "renewal_bar",
            "{ dist = \"triangular\", min = 0.4, mode = 0.5, max = 0.6 }",
        ),
        (
            "kyiv_confidence",
            "{ dist = \"triangular\", min = 0, mode = 0.6, max = 1.2 }",
        ),
    ];
    let set: Vec<&str> = doc["assumptions"]
        .as_table()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected: Vec<&str> = drawn.iter().map(|(k, _)| *k).collect();
    expected.sort_unstable();
    let mut sorted = set.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted, expected,
        "exactly the four drawn coefficients are set"
    );
    for c in COEFS {
        match drawn.iter().find(|(k, _)| *k == c.name) {
            Some((_, dist)) => {
                let line = format!("\n{} = {dist}\n", c.name);
                assert!(text.contains(&line), "{} is written live: {line:?}", c.name);
                assert!(!text.contains(&format!("\n# {} = ", c.name)));
            }
            None => {
                let line = format!("\n# {} = ", c.name);
                assert!(text.contains(&line), "{} is written, commented out", c.name);
            }
        }
    }
    // The source's values, marked where it left a default.
    assert!(text.contains("\nnaval_units = 0\n"));
    assert!(text.contains("\nstrength = 0.5\n"));
    assert!(text.contains("\nbackstop_dependent_share = 0   # (default)\n"));
    assert!(
        text.contains(
            "risk_appetite = { dist = \"triangular\", min = 0.2, mode = 0.5, max = 0.8 }"
        )
    );
}

#[test]
fn an_existing_file_is_kept_unless_force() {
    let d = tempfile::tempdir().unwrap();
    let file = d.path().join("mine.toml");
    std::fs::write(&file, "precious").unwrap();
    let o = run(&["new", s(&file)]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("already exists"), "{err}");
    assert!(
        err.contains("= help: use --force to overwrite, or choose another name"),
        "{err}"
    );
    assert!(o.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "precious");

    let o = run(&["new", s(&file), "--from", "skyshield", "--force"]);
    assert_eq!(o.status.code(), Some(0));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("\nname = \"Mine\"\n"), "named after the file");
    assert!(text.contains("\naircraft = 120\n"));
    let names: Vec<_> = std::fs::read_dir(d.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary left behind");

    // A folder is never a target, even with --force.
    let o = run(&["new", s(d.path()), "--force"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn an_unknown_name_is_refused_with_a_suggestion() {
    let d = tempfile::tempdir().unwrap();
    let file = d.path().join("x.toml");
    let o = run(&["new", s(&file), "--from", "skyshild"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("did you mean `skyshield`?"), "{err}");
    for slug in library() {
        assert!(err.contains(&slug), "lists `{slug}`: {err}");
    }
    assert!(!file.exists());
}

#[test]
fn from_a_file_keeps_overrides_live_and_a_bad_file_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let src = d.path().join("src.toml");
    std::fs::write(
        &src,
        "[scenario]\nname = \"Mine\"\nseed = 7\n[force]\ntroops = 5000\n\
         trainers = { dist = \"lognormal\", median = 300, sigma = 0.5, max = 2000 }\n\
         [assumptions]\nwar_drones_max = 7000\n\
         buildup_months = { dist = \"choice\", values = [1, 3], weights = [1, 2] }\n\
         [expect]\nwider_war = { max = 0.5 }\n",
    )
    .unwrap();
    let file = d.path().join("copy.toml");
    let o = run(&["new", s(&file), "--from", s(&src)]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("\nwar_drones_max = 7000\n"));
    assert!(text.contains("\n# war_drones_min = 2000\n"));
    assert!(
        text.contains(
            "\nbuildup_months = { dist = \"choice\", values = [1, 3], weights = [1, 2] }\n"
        )
    );
    assert!(text.contains("\nseed = 7\n") && text.contains("\naircraft = 0   # (default)\n"));
    let out = d.path().join("out");
    assert_eq!(summary(&file, &out), summary(&src, &out));

    std::fs::write(&src, "[scenario]\nname = \"x\"\n[force]\ntroop = 5\n").unwrap();
    let bad = d.path().join("bad.toml");
    let o = run(&["new", s(&bad), "--from", s(&src)]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("did you mean `troops`?"), "diagnostics: {err}");
    assert!(!bad.exists());
}

#[test]
fn dash_prints_a_file_that_validates_from_stdin() {
    let d = tempfile::tempdir().unwrap();
    let o = bin()
        .args(["new", "-", "--from", "sea-and-air"])
        .current_dir(d.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stderr.is_empty());
    assert!(
        !o.stdout.starts_with(b"#:schema"),
        "no schema line: standard output has no folder"
    );
    assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 0, "no file");
    let mut v = bin()
        .args(["validate", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut v.stdin.take().unwrap(), &o.stdout).unwrap();
    assert!(v.wait().unwrap().success());
}

#[test]
fn the_schema_line_only_beside_a_schema_and_unwritable_targets_exit_3() {
    let d = tempfile::tempdir().unwrap();
    let plain = d.path().join("plain.toml");
    assert!(run(&["new", s(&plain)]).status.success());
    assert!(
        !std::fs::read_to_string(&plain)
            .unwrap()
            .starts_with("#:schema")
    );
    std::fs::write(d.path().join("reassure.schema.json"), "{}").unwrap();
    let beside = d.path().join("beside.toml");
    assert!(run(&["new", s(&beside)]).status.success());
    assert!(
        std::fs::read_to_string(&beside)
            .unwrap()
            .starts_with("#:schema ./reassure.schema.json\n")
    );
    // A regular file where a folder should be: nothing can be written there
    // (a permission test would pass when run as root).
    let under_a_file = plain.join("x.toml");
    let o = run(&["new", s(&under_a_file)]);
    assert_eq!(o.status.code(), Some(3));
    assert!(
        String::from_utf8(o.stderr)
            .unwrap()
            .contains("cannot write")
    );
}
