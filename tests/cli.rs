//! The command line, end to end: every class of input mistake, the result
//! files and their contract, exit codes.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn bin() -> Command {
    Command::cargo_bin("reassure").unwrap()
}

const HEAD: &str = "[scenario]\nname = \"t\"\n";

struct Case {
    dir: TempDir,
    file: PathBuf,
}

impl Case {
    fn new(bytes: &[u8]) -> Case {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.toml");
        std::fs::write(&file, bytes).unwrap();
        Case { dir, file }
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    /// Run `run` and `validate` on the file; both must exit 2 with the same
    /// diagnostics, and nothing may be written. Returns stderr.
    fn fails(&self) -> String {
        self.fails_at(&self.file.clone())
    }

    fn fails_at(&self, path: &Path) -> String {
        let run = bin()
            .arg("run")
            .arg(path)
            .arg("--out")
            .arg(self.out())
            .args(["--runs", "100"])
            .output()
            .unwrap();
        assert_eq!(
            run.status.code(),
            Some(2),
            "run: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        assert!(!self.out().exists(), "nothing may be written on bad input");
        assert!(run.stdout.is_empty(), "no results on stdout");
        let val = bin().arg("validate").arg(path).output().unwrap();
        assert_eq!(val.status.code(), Some(2));
        let (a, b) = (
            String::from_utf8(run.stderr).unwrap(),
            String::from_utf8(val.stderr).unwrap(),
        );
        assert!(
            b.starts_with(a.trim_end_matches("nothing was run\n")),
            "run and validate report the same:\n{a}\n---\n{b}"
        );
        a
    }
}

/// Assert the diagnostic names `file:line:col`, the key, the expected text,
/// and the suggestion.
fn has(stderr: &str, case: &Case, line_col: &str, key: &str, expected: &str, help: Option<&str>) {
    let loc = format!("{}:{line_col}", case.file.display());
    assert!(
        stderr.contains(&format!("--> {loc}\n")),
        "location {loc} in:\n{stderr}"
    );
    assert!(
        stderr.contains(&format!("`{key}`")),
        "key `{key}` in:\n{stderr}"
    );
    assert!(
        stderr.contains(expected),
        "expected text {expected:?} in:\n{stderr}"
    );
    if let Some(h) = help {
        assert!(stderr.contains(h), "help {h:?} in:\n{stderr}");
    }
    assert!(
        stderr.contains(" | "),
        "the offending line is quoted:\n{stderr}"
    );
    assert!(stderr.contains('^'), "a caret points at it:\n{stderr}");
}

fn scenario(body: &str) -> Case {
    Case::new(format!("{HEAD}{body}").as_bytes())
}

#[test]
fn toml_syntax_error() {
    let c = scenario("[force]\ntroops = = 5\n");
    let e = c.fails();
    assert!(e.contains("TOML syntax"), "{e}");
    assert!(e.contains(&format!("{}:4:", c.file.display())), "{e}");
    assert!(e.contains("expected: valid TOML"), "{e}");
}

#[test]
fn unknown_key() {
    let c = scenario("[force]\ntroop = 5000\n");
    has(
        &c.fails(),
        &c,
        "4:1",
        "force.troop",
        "expected: one of `troops`",
        Some("did you mean `troops`?"),
    );
}

#[test]
fn key_in_the_wrong_table() {
    let c = scenario("[ceasefire]\nzone = \"rear\"\n");
    has(
        &c.fails(),
        &c,
        "4:1",
        "ceasefire.zone",
        "expected: one of `required_before_deployment`",
        Some("`zone` belongs in [force]"),
    );
}

#[test]
fn unknown_table() {
    let c = scenario("[forse]\ntroops = 1\n");
    has(
        &c.fails(),
        &c,
        "3:2",
        "forse",
        "expected: one of `scenario`",
        Some("did you mean `force`?"),
    );
}

#[test]
fn wrong_type() {
    let c = scenario("[force]\ntroops = \"many\"\n");
    has(
        &c.fails(),
        &c,
        "4:10",
        "force.troops",
        "a whole number from 0 to 200000",
        None,
    );
}

#[test]
fn out_of_range() {
    let c = scenario("[ceasefire]\nprobability = 1.5\n");
    has(
        &c.fails(),
        &c,
        "4:15",
        "ceasefire.probability",
        "a number from 0 to 1",
        Some("the nearest allowed value is 1"),
    );
}

#[test]
fn not_a_whole_number() {
    let c = scenario("[force]\ntroops = 5000.5\n");
    has(
        &c.fails(),
        &c,
        "4:10",
        "force.troops",
        "a whole number",
        Some("use 5001"),
    );
}

#[test]
fn nan_and_infinity() {
    let c = scenario("[ceasefire]\nprobability = nan\npressure = -inf\n");
    let e = c.fails();
    has(
        &e,
        &c,
        "4:15",
        "ceasefire.probability",
        "a number from 0 to 1",
        Some("write a finite number"),
    );
    assert!(e.contains("NaN is not allowed"), "{e}");
    has(
        &e,
        &c,
        "5:12",
        "ceasefire.pressure",
        "a number from 0 to 1",
        None,
    );
    assert!(e.contains("infinite is not allowed"), "{e}");
}

#[test]
fn impossible_distribution() {
    let c = scenario("[force]\ntroops = { dist = \"uniform\", min = 9000, max = 1000 }\n");
    let e = c.fails();
    has(
        &e,
        &c,
        "4:36",
        "force.troops.min",
        "a whole number from 0 to 200000",
        Some("swap `min` and `max`"),
    );
    let c = scenario(
        "[russia]\nrisk_appetite = { dist = \"normal\", mean = 0.5, sd = 0, min = 0, max = 1 }\n",
    );
    has(
        &c.fails(),
        &c,
        "4:53",
        "russia.risk_appetite.sd",
        "a number from 0 to 1",
        Some("give `sd` a positive value"),
    );
    let c = scenario(
        "[us_backstop]\nlevel = { dist = \"choice\", values = [\"none\", \"full_guarantee\"], weights = [0, 0] }\n",
    );
    has(
        &c.fails(),
        &c,
        "4:75",
        "us_backstop.level.weights",
        "one of \"none\"",
        Some("give at least one value a positive weight"),
    );
}

#[test]
fn distribution_reaching_outside_the_field() {
    let c = scenario("[ceasefire]\nprobability = { dist = \"normal\", mean = 0.5, sd = 0.2 }\n");
    has(
        &c.fails(),
        &c,
        "4:15",
        "ceasefire.probability.min",
        "a number from 0 to 1",
        Some("truncate it: add `min = 0`"),
    );
}

#[test]
fn misspelt_distribution_and_enum_value() {
    let c =
        scenario("[force]\nzone = \"rera\"\ntroops = { dist = \"unifrom\", min = 1, max = 2 }\n");
    let e = c.fails();
    has(
        &e,
        &c,
        "4:8",
        "force.zone",
        "one of \"rear\", \"cities\", \"border\", \"contact_line\"",
        Some("did you mean \"rear\"?"),
    );
    has(
        &e,
        &c,
        "5:19",
        "force.troops.dist",
        "one of \"uniform\"",
        Some("did you mean \"uniform\"?"),
    );
}

#[test]
fn runs_and_horizon_outside_limits() {
    let c = Case::new(b"[scenario]\nname = \"t\"\nruns = 0\nhorizon_months = 121\n");
    let e = c.fails();
    has(
        &e,
        &c,
        "3:8",
        "scenario.runs",
        "a whole number from 1 to 10000000000",
        Some("runs must be between 1 and 10000000000"),
    );
    has(
        &e,
        &c,
        "4:18",
        "scenario.horizon_months",
        "a whole number from 1 to 120",
        Some("between 1 and 120"),
    );
}

#[test]
fn missing_name() {
    let c = Case::new(b"[scenario]\nseed = 4\n");
    has(
        &c.fails(),
        &c,
        "1:2",
        "scenario.name",
        "a string naming the scenario",
        Some("add `name = \"...\"` under [scenario]"),
    );
}

#[test]
fn blank_name() {
    // A name in any script gives a slug now (tests/hardening.rs); only a
    // blank one is refused.
    let c = Case::new("[scenario]\nname = \"   \"\n".as_bytes());
    has(
        &c.fails(),
        &c,
        "2:8",
        "scenario.name",
        "a name for the scenario",
        Some("e.g. name = \"Baseline 1\""),
    );
}

#[test]
fn unknown_coefficient() {
    let c = scenario("[assumptions]\nannouncment_penalty = 0.1\n");
    has(
        &c.fails(),
        &c,
        "4:1",
        "assumptions.announcment_penalty",
        "the name of a model coefficient",
        Some("did you mean `announcement_penalty`?"),
    );
}

/// Rules across fields: a minimum above its maximum (also when a
/// distribution can draw it), ground contributors outside the nations,
/// troops without a ground contributor, shares of one whole above 1. Each is
/// located at the key written last, once.
#[test]
fn cross_field_rules() {
    let c = scenario("[assumptions]\nwar_drones_min = 7000\nwar_drones_max = 6000\n");
    let err = c.fails();
    has(
        &err,
        &c,
        "5:1",
        "assumptions.war_drones_max",
        "the lower bound at most the upper bound in every run",
        Some("make `assumptions.war_drones_min` at most 6000"),
    );
    assert_eq!(err.matches("error:").count(), 1, "{err}");

    let c =
        scenario("[assumptions]\nwar_missiles_min = { dist = \"uniform\", min = 50, max = 400 }\n");
    has(
        &c.fails(),
        &c,
        "4:1",
        "assumptions.war_missiles_min",
        "in every run",
        Some("at most 350"),
    );

    let c = scenario("[force]\nnations = 2\nground_contributors = 3\n");
    has(
        &c.fails(),
        &c,
        "5:1",
        "force.ground_contributors",
        "force.ground_contributors at most force.nations",
        Some("raise `force.nations` to at least 3"),
    );

    let c = scenario("[force]\ntroops = 5000\nground_contributors = 0\n");
    has(
        &c.fails(),
        &c,
        "5:1",
        "force.ground_contributors",
        "at least one ground contributor",
        None,
    );

    let c = scenario("[assumptions]\nfight_robust = 0.8\ndefend_robust = 0.5\n");
    has(
        &c.fails(),
        &c,
        "5:1",
        "assumptions.defend_robust",
        "sum to at most 1",
        None,
    );
}

#[test]
fn unknown_outcome() {
    let c = scenario("[expect]\nwider_wars = { max = 0.1 }\n");
    has(
        &c.fails(),
        &c,
        "4:1",
        "expect.wider_wars",
        "one of `ceasefire_quiet`",
        Some("did you mean `wider_war`?"),
    );
}

/// A class of model version 2 in `[expect]` is refused where it is written,
/// naming the version 3 names that replace it.
#[test]
fn a_version_2_class_names_its_replacement() {
    let c = scenario("[expect]\ncontested_peace = { max = 0.1 }\nheld = { min = 0.1 }\n");
    let e = c.fails();
    has(
        &e,
        &c,
        "4:1",
        "expect.contested_peace",
        "one of `ceasefire_quiet`",
        Some("use `ceasefire_contested`"),
    );
    assert!(
        e.contains("`held` is a class of model version 2")
            && e.contains("use `ceasefire_at_horizon`"),
        "{e}"
    );
}

/// A file without `model_version = 3` loads and runs, with a located note
/// on stderr saying what changed (none under --quiet); one that says it is
/// written for version 3 gets no note.
#[test]
fn an_older_file_runs_with_a_note_saying_what_changed() {
    let c = scenario("");
    let text = std::fs::read_to_string(&c.file).unwrap();
    let old = c.dir.path().join("old.toml");
    std::fs::write(
        &old,
        text.replace("[scenario]\n", "[scenario]\nhorizon_months = 24\n"),
    )
    .unwrap();
    let out = bin()
        .args(["run", "--runs", "200", "--charts", "none", "--out"])
        .arg(c.out())
        .arg(&old)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let e = String::from_utf8(out.stderr).unwrap();
    assert!(
        e.contains("note: `scenario.horizon_months`: horizon_months now counts calendar months")
            && e.contains("old.toml:")
            && e.contains("6 + 2 + 24 = 32"),
        "{e}"
    );
    let quiet = bin()
        .args([
            "run", "--runs", "200", "--charts", "none", "--quiet", "--out",
        ])
        .arg(c.out())
        .arg(&old)
        .output()
        .unwrap();
    assert!(quiet.stderr.is_empty());
    let new = c.dir.path().join("new.toml");
    std::fs::write(
        &new,
        text.replace("[scenario]\n", "[scenario]\nmodel_version = 3\n"),
    )
    .unwrap();
    let out = bin().args(["validate"]).arg(&new).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("note:"));
}

#[test]
fn every_problem_in_a_file_is_reported() {
    let c = scenario(
        "[force]\ntroop = 1\nzone = \"rera\"\n[russia]\nrisk_appetite = 2\n[expect]\nwider_wars = { max = 0.1 }\n",
    );
    let e = c.fails();
    assert_eq!(e.matches("error: ").count(), 4, "{e}");
}

#[test]
fn missing_file() {
    let c = Case::new(b"");
    let missing = c.dir.path().join("nope.toml");
    let e = c.fails_at(&missing);
    assert!(e.contains(&format!("--> {}\n", missing.display())), "{e}");
    assert!(
        e.contains("no such file") && e.contains("help: check the path"),
        "{e}"
    );
}

#[test]
fn unreadable_file() {
    // A path through a regular file cannot be opened, even by root.
    let c = Case::new(b"x");
    let bad = c.file.join("inner.toml");
    let e = c.fails_at(&bad);
    assert!(
        e.contains(&format!("cannot read `{}`", bad.display())),
        "{e}"
    );
}

#[test]
fn folder_given_as_a_file() {
    let c = Case::new(b"");
    let dir = c.dir.path().join("scenarios");
    std::fs::create_dir(&dir).unwrap();
    // `run` takes one file: a folder is refused with a pointer inside it.
    let out = bin()
        .arg("run")
        .arg(&dir)
        .arg("--out")
        .arg(c.out())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8(out.stderr).unwrap();
    assert!(
        e.contains("is a folder, not a scenario file")
            && e.contains("help: name a .toml file inside it"),
        "{e}"
    );
    assert!(!c.out().exists());
    // `validate` searches folders as `batch` does: an empty one is a problem,
    // one with scenarios is checked file by file.
    let out = bin().arg("validate").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("no scenario files")
    );
    std::fs::write(dir.join("a.toml"), HEAD).unwrap();
    let out = bin().arg("validate").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("ok  "));
}

#[test]
fn file_over_one_mebibyte() {
    let mut text = HEAD.to_string();
    while text.len() <= 1 << 20 {
        text.push_str("# padding padding padding padding padding padding padding padding\n");
    }
    let c = Case::new(text.as_bytes());
    let e = c.fails();
    assert!(e.contains("larger than the 1 MiB limit"), "{e}");
}

#[test]
fn invalid_utf8() {
    let c = Case::new(b"[scenario]\nname = \"t\xff\"\n");
    let e = c.fails();
    assert!(
        e.contains(&format!("--> {}:2:10\n", c.file.display())),
        "{e}"
    );
    assert!(
        e.contains("not valid UTF-8") && e.contains("expected: UTF-8 text"),
        "{e}"
    );
}

#[test]
fn bad_flag_values_exit_2() {
    for args in [
        vec!["run", "--runs", "0"],
        vec!["run", "--threads", "two"],
        vec!["run", "--runs", "10000000001"],
        vec!["frobnicate"],
    ] {
        let out = bin().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn validate_accepts_the_shipped_scenarios() {
    let files: Vec<PathBuf> = std::fs::read_dir("scenarios")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    assert!(!files.is_empty());
    let out = bin().arg("validate").args(&files).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout)
            .unwrap()
            .matches("ok  ")
            .count(),
        files.len()
    );
}

/// Force generation (F1): `validate` warns, at the key and line, when a
/// tier's people with rotation exceed its deployable pool, and still
/// accepts the file (exit 0); a force within its pools gets no warning.
#[test]
fn validate_warns_when_a_force_needs_more_people_than_its_pools() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, troops: u32| {
        let p = dir.path().join(name);
        std::fs::write(
            &p,
            format!("[scenario]\nname = \"t\"\nmodel_version = 3\n[force]\nnations = 4\nground_contributors = 4\ntroops = {troops}\n"),
        )
        .unwrap();
        p
    };
    let (big, small) = (write("big.toml", 120_000), write("small.toml", 10_000));
    let out = bin().arg("validate").arg(&big).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning: `force.troops`: the lead nations would commit 216,000 people with rotation, more than their deployable pool of 150,000"),
        "{err}"
    );
    assert!(err.contains("big.toml:7:1"), "{err}");
    assert!(
        err.contains("the other ground contributors would commit 144,000"),
        "{err}"
    );
    let out = bin().arg("validate").arg(&small).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("warning"));
}

/// Costs on one basis (X1, X2): a comparison's expected cost per run adds
/// what pressure and aid cost in every run to the force's marginal cost,
/// so an option with no force carries its price (pressure-only: 0.6 more
/// pressure at EUR 30 bn a year and aid 0.5 at EUR 25 bn a year, for 3
/// years, EUR 91.5 bn more than no force in every run), and the pages say
/// the force's cost is marginal.
#[test]
fn comparisons_price_pressure_and_aid_and_state_the_cost_basis() {
    // `compare no-force OPTION` at 2,000 runs: its JSON and its compare.md.
    let compare = |option: &str| {
        let dir = tempfile::tempdir().unwrap();
        let out = bin()
            .args([
                "compare", "no-force", option, "--runs", "2000", "--json", "--out",
            ])
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let folder = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.is_dir())
            .unwrap();
        (
            j,
            std::fs::read_to_string(folder.join("compare.md")).unwrap(),
        )
    };
    let (j, md) = compare("pressure-only");
    let cost = &j["differences"][0]["mean_diffs"]["cost_eur_bn_per_run"];
    assert!(
        (cost["diff"].as_f64().unwrap() - 91.5).abs() < 1e-9,
        "{cost}"
    );
    assert!(
        md.contains("force's marginal cost where it deployed, plus pressure and aid"),
        "{md}"
    );
    // A force's cost per deployed run is its own, without the pressure and
    // aid every run pays (EUR 27 bn at the library's pressure).
    let (j, _) = compare("rear-area-5k");
    let force = j["scenarios"][1]["per_deployed_run"]["cost_eur_bn"]["mean"]
        .as_f64()
        .unwrap();
    let all = j["scenarios"][1]["means"]["cost_eur_bn_per_run"]["mean"]
        .as_f64()
        .unwrap();
    assert!(force > 1.0 && force < 5.0 && all > 27.0, "{force} {all}");
}

fn run_default(dir: &Path, extra: &[&str]) -> (String, serde_json::Value) {
    let out = bin()
        .args(["--runs", "3000", "--out"])
        .arg(dir)
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "nothing on stderr when all is well: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = std::fs::read_to_string(dir.join("coalition-baseline/summary.json")).unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        serde_json::from_str(&json).unwrap(),
    )
}

#[test]
fn bare_command_runs_the_default_scenario_and_writes_the_contract() {
    let d = tempfile::tempdir().unwrap();
    let (stdout, j) = run_default(d.path(), &[]);
    assert!(
        stdout.contains("the peace at the horizon")
            && stdout.contains("the mission's fate")
            && stdout.contains("95% interval")
            && stdout.contains("Monte Carlo noise only")
    );
    let folder = d.path().join("coalition-baseline");
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            // The hidden list of the files the tool wrote: on a rewrite,
            // anything not on it is the user's and is kept.
            ".reassure-files",
            "brief.md",
            "charts",
            "headline.csv",
            "outcomes.csv",
            "report.html",
            "summary.json",
            "summary.md"
        ]
    );
    // Nothing else beside the results folder: no temporaries left behind.
    assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);

    assert_eq!(j["tool"]["name"], "reassure");
    assert_eq!(j["scenario"]["slug"], "coalition-baseline");
    assert_eq!(j["scenario"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(
        (
            j["seed"].as_u64(),
            j["runs"].as_u64(),
            j["horizon_months"].as_u64()
        ),
        (Some(2025), Some(3000), Some(36))
    );
    // The peace at the horizon: four classes over all runs, adding up.
    let class_block = |key: &str, names: &[&str]| {
        let o = j[key].as_object().unwrap_or_else(|| panic!("{key}"));
        let keys: Vec<&str> = o.keys().map(|k| k.as_str()).collect();
        assert_eq!(keys, names, "{key}");
        let total: u64 = o.values().map(|x| x["count"].as_u64().unwrap()).sum();
        assert_eq!(total, 3000, "{key}");
        for x in o.values() {
            let (p, lo, hi) = (
                x["probability"].as_f64().unwrap(),
                x["ci95"][0].as_f64().unwrap(),
                x["ci95"][1].as_f64().unwrap(),
            );
            assert!(lo <= p && p <= hi);
        }
    };
    class_block("peace", &reassure::model::Peace::NAMES);
    class_block("mission", &reassure::model::Mission::NAMES);
    let m = &j["months_of_ceasefire"];
    let (mean, lo, hi) = (
        m["mean"].as_f64().unwrap(),
        m["ci95"][0].as_f64().unwrap(),
        m["ci95"][1].as_f64().unwrap(),
    );
    assert!(lo <= mean && mean <= hi && mean > 0.0 && hi <= 36.0);
    assert!((m["share_of_horizon"].as_f64().unwrap() - mean / 36.0).abs() < 1e-12);
    for q in ["p05", "p25", "p50", "p75", "p95"] {
        assert!(m[q].as_u64().unwrap() <= 36, "{q}");
    }
    // Every class of both families in `outcomes`, the peace first.
    let outcomes = j["outcomes"].as_object().unwrap();
    let keys: Vec<&str> = outcomes.keys().map(|k| k.as_str()).collect();
    let both: Vec<&str> = reassure::model::Peace::NAMES
        .iter()
        .chain(&reassure::model::Mission::NAMES)
        .copied()
        .collect();
    assert_eq!(keys, both);
    for m in reassure::engine::METRICS {
        let v = &j["metrics"][m.name];
        for k in [
            "n", "share", "mean", "p05", "p50", "p90", "p95", "p99", "max",
        ] {
            assert!(v[k].is_number(), "metrics.{}.{k}", m.name);
        }
    }
    for k in ["ceasefire_in_force", "force_in_place", "no_attack_yet"] {
        assert_eq!(j["monthly"][k].as_array().unwrap().len(), 36);
    }
    assert!(j["timing"]["elapsed_s"].is_number() && j["timing"]["threads"].is_number());

    let csv = std::fs::read_to_string(folder.join("outcomes.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "outcome,count,probability,ci95_low,ci95_high");
    assert_eq!(lines.len(), 1 + 4 + 6);
    assert!(lines[1].starts_with("ceasefire_quiet,") && lines[4].starts_with("wider_war,"));
    assert!(
        lines[5].starts_with("never_deployed,") && lines[10].starts_with("ended_by_wider_war,")
    );
    let md = std::fs::read_to_string(folder.join("summary.md")).unwrap();
    assert!(
        md.contains("cover Monte Carlo noise only")
            && md
                .contains("| the peace at the horizon | runs | share of all runs | 95% interval |")
            && md.contains("of which the force fought")
            && md.contains("p_collapse_given_ceasefire")
    );

    // The headline figures, the peace first, each with its interval and
    // denominator.
    let h = j["headline"].as_object().unwrap();
    let names: Vec<&str> = h.keys().map(|k| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "p_ceasefire_at_horizon",
            "p_wider_war",
            "p_ceasefire",
            "p_collapse_given_ceasefire",
            "p_deployed",
            "p_collapse_with_force",
            "p_withdrawn",
            "p_in_place_given_deployed"
        ]
    );
    for (k, e) in h {
        let (x, lo, hi) = (
            e["estimate"].as_f64().unwrap(),
            e["ci95"][0].as_f64().unwrap(),
            e["ci95"][1].as_f64().unwrap(),
        );
        assert!(lo <= x && x <= hi, "{k}");
        let (count, n) = (e["count"].as_u64().unwrap(), e["n"].as_u64().unwrap());
        assert!((x - count as f64 / n as f64).abs() < 1e-12, "{k}");
    }
    assert_eq!(h["p_ceasefire"]["n"], 3000);
    assert_eq!(
        h["p_collapse_given_ceasefire"]["n"],
        h["p_ceasefire"]["count"]
    );
    let peace = j["peace"].as_object().unwrap();
    let count = |o: &serde_json::Value| o["count"].as_u64().unwrap();
    assert_eq!(
        count(&h["p_ceasefire_at_horizon"]),
        count(&peace["ceasefire_quiet"]) + count(&peace["ceasefire_contested"])
    );
    // The first ceasefire's collapse routes add up to its collapses.
    let routes = j["collapse_routes"].as_object().unwrap();
    let sum: u64 = routes.values().map(count).sum();
    assert_eq!(sum, count(&h["p_collapse_given_ceasefire"]));
    // The mission's parts add up to their classes.
    let mission = j["mission"].as_object().unwrap();
    let detail = &j["mission_detail"];
    let parts = |k: &str| -> u64 { detail[k].as_object().unwrap().values().map(count).sum() };
    assert_eq!(parts("never_deployed"), count(&mission["never_deployed"]));
    assert_eq!(
        parts("ended_by_collapse"),
        count(&mission["ended_by_collapse"])
    );
    assert_eq!(
        count(&h["p_deployed"]),
        3000 - count(&mission["never_deployed"])
    );
    let r = &j["rates"];
    let rate = r["hostile_deaths_per_1000_troop_years"].as_f64().unwrap();
    assert!(rate > 0.0 && r["troop_years"].as_f64().unwrap() > 0.0);
    assert!(
        r["hostile_deaths_per_1000_troop_years_ci95"][0]
            .as_f64()
            .unwrap()
            <= rate
    );
    let hcsv = std::fs::read_to_string(folder.join("headline.csv")).unwrap();
    let hl: Vec<&str> = hcsv.lines().collect();
    assert_eq!(hl[0], "figure,estimate,ci95_low,ci95_high,count,n");
    assert_eq!(hl.len(), 1 + 8 + 2 + 4 + 1);
    assert!(hl[1].starts_with("p_ceasefire_at_horizon,"));
    assert!(hl[9].starts_with("months_of_ceasefire,"));
    assert!(hl[15].starts_with("hostile_deaths_per_1000_troop_years,"));
}

#[test]
fn results_do_not_depend_on_threads_or_batches() {
    let strip = |mut j: serde_json::Value| {
        j.as_object_mut().unwrap().remove("timing");
        j
    };
    let d1 = tempfile::tempdir().unwrap();
    let reference = strip(run_default(d1.path(), &["--threads", "1"]).1);
    for extra in [
        ["--threads", "2"],
        ["--batch-size", "17"],
        ["--batch-size", "100000"],
    ] {
        let d = tempfile::tempdir().unwrap();
        assert_eq!(
            strip(run_default(d.path(), &extra).1),
            reference,
            "{extra:?}"
        );
    }
}

#[test]
fn seed_and_runs_flags_override_the_file() {
    let d = tempfile::tempdir().unwrap();
    let (_, a) = run_default(d.path(), &["--seed", "7"]);
    assert_eq!(a["seed"], 7);
    let d2 = tempfile::tempdir().unwrap();
    let (_, b) = run_default(d2.path(), &["--seed", "8"]);
    assert_ne!(a["peace"], b["peace"]);
}

#[test]
fn quiet_prints_nothing() {
    let d = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["run", "--quiet", "--runs", "500", "--out"])
        .arg(d.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    assert!(d.path().join("coalition-baseline/summary.json").exists());
}

#[test]
fn unwritable_results_folder_exits_3() {
    let d = tempfile::tempdir().unwrap();
    let blocker = d.path().join("file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let out = bin()
        .args(["--runs", "500", "--out"])
        .arg(&blocker)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let e = String::from_utf8(out.stderr).unwrap();
    assert!(
        e.contains("is a file, not a folder") && e.contains("--out"),
        "{e}"
    );
}

#[test]
fn failed_expectation_exits_1_and_says_which() {
    let c = scenario(
        "[ceasefire]\nprobability = 0\n[expect]\nwar = { max = 0.5 }\nceasefire_contested = { max = 0.5 }\n",
    );
    let out = bin()
        .arg("run")
        .arg(&c.file)
        .arg("--out")
        .arg(c.out())
        .args(["--runs", "2000"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let e = String::from_utf8(out.stderr).unwrap();
    assert!(
        e.contains("expectation failed: war") && !e.contains("ceasefire_contested"),
        "{e}"
    );
    assert!(
        c.out().join("t/summary.json").exists(),
        "results are still written"
    );
}

/// A library option runs by its name from any folder, as `new --from`
/// copies it: `run skyshield`, `compare no-force skyshield`. A file of that
/// name in the folder is the user's and wins; an unknown name is still a
/// missing file, exit 2.
#[test]
fn library_options_run_by_name_from_any_folder() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    let run = |args: &[&str]| {
        bin()
            .current_dir(d.path())
            .args(args)
            .args(["--charts", "none", "--out"])
            .arg(&out)
            .output()
            .unwrap()
    };
    let ok = |o: std::process::Output| {
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    ok(run(&["run", "skyshield", "--runs", "500"]));
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("skyshield/summary.json")).unwrap())
            .unwrap();
    assert_eq!(j["scenario"]["file"], "scenarios/skyshield.toml");
    assert_eq!(j["scenario"]["name"], "SkyShield");
    ok(run(&["compare", "no-force", "skyshield", "--runs", "500"]));
    assert!(
        out.join("compare-no-force-vs-skyshield/compare.json")
            .exists()
    );
    // The user's own file of that name is read, not the library's.
    std::fs::write(d.path().join("skyshield"), "[scenario]\nname = \"Mine\"\n").unwrap();
    ok(run(&["run", "skyshield", "--runs", "100"]));
    assert!(out.join("mine/summary.json").exists());
    assert_eq!(run(&["run", "no-such-option"]).status.code(), Some(2));
}
