//! The scenario library and `reassure batch`: every shipped scenario is
//! valid and documented, a batch writes its index, `[expect]` can fail a
//! build, and bad input stops the batch before anything runs.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn bin() -> Command {
    Command::cargo_bin("reassure").unwrap()
}

fn library() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

fn library_files() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(library())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    v.sort();
    v
}

#[test]
fn every_library_scenario_is_valid_documented_and_named_after_its_file() {
    let files = library_files();
    assert!(
        files.len() >= 10,
        "the library has {} scenarios",
        files.len()
    );
    for f in &files {
        let s = reassure::scenario::load(f).unwrap_or_else(|d| panic!("{}: {d:?}", f.display()));
        let stem = f.file_stem().unwrap().to_str().unwrap();
        assert_eq!(s.slug, stem, "{}: slug and file name differ", f.display());
        assert!(!s.source.is_empty() && !s.description.is_empty(), "{stem}");
        assert!(!s.expect.is_empty(), "{stem} has no [expect] bounds");
        let text = std::fs::read_to_string(f).unwrap();
        if stem != "coalition-baseline" {
            for part in [
                "Option modelled:",
                "From the article",
                "Assumed beyond the article",
            ] {
                assert!(text.contains(part), "{stem}: header lacks {part:?}");
            }
        }
    }
}

fn batch_json(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("batch.json")).unwrap()).unwrap()
}

fn prob(j: &Value, slug: &str, outcome: &str) -> (f64, f64, f64) {
    let s = j["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["slug"] == slug)
        .unwrap_or_else(|| panic!("{slug} not in batch.json"));
    let o = &s["outcomes"][outcome];
    (
        o["probability"].as_f64().unwrap(),
        o["ci95"][0].as_f64().unwrap(),
        o["ci95"][1].as_f64().unwrap(),
    )
}

#[test]
fn batch_runs_the_library_and_writes_the_index() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    let assert = bin()
        .args(["batch", "--runs", "20000", "--charts", "svg", "--out"])
        .arg(&out)
        .arg(library())
        .assert()
        .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("Rear-area 5k") && stdout.contains("Index: "));
    let files = library_files();
    let j = batch_json(&out);
    assert_eq!(j["scenarios"].as_array().unwrap().len(), files.len());
    assert_eq!(j["failed_expectations"], 0);
    for f in &files {
        let slug = f.file_stem().unwrap().to_str().unwrap();
        for file in ["summary.json", "report.html", "charts/outcomes.svg"] {
            assert!(out.join(slug).join(file).is_file(), "{slug}/{file}");
        }
    }
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("href=\"rear-area-5k/report.html\""));
    assert_eq!(html.matches("<svg").count(), 1, "the overview chart");
    assert!(out.join("overview.svg").is_file() && !out.join("overview.png").exists());
    let md = std::fs::read_to_string(out.join("index.md")).unwrap();
    assert!(md.contains("](overview.svg)") && md.contains("| Rear-area 5k |"));

    // The options differ visibly, beyond their intervals.
    let below = |a: (f64, f64, f64), b: (f64, f64, f64)| a.2 < b.1;
    let collapse = |slug| prob(&j, slug, "ended_by_collapse");
    assert!(below(collapse("original-50k"), collapse("division-25k")));
    assert!(below(collapse("division-25k"), collapse("rear-area-5k")));
    let veto = |slug| prob(&j, slug, "never_deployed");
    assert_eq!(veto("skyshield").0, 0.0);
    assert_eq!(veto("deploy-during-war").0, 0.0);
    assert!(below(veto("pressure-first"), veto("rear-area-5k")));
    // The references on the same calendar: pressure and a stronger Ukraine
    // bring more ceasefires in force at the horizon than no force.
    let held = |slug| prob(&j, slug, "ceasefire_quiet");
    assert!(below(held("no-force"), held("pressure-only")));
    assert!(below(held("no-force"), held("arm-ukraine")));

    // Every option's paired difference from the no-force reference, on one
    // calendar: the baseline's announced force delays ceasefires (fewer in
    // force at the horizon, more war), and the reference itself has no
    // difference.
    let entry = |slug: &str| {
        j["scenarios"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["slug"] == slug)
            .unwrap()
            .clone()
    };
    assert!(entry("no-force").get("difference_from_reference").is_none());
    let base = entry("coalition-baseline");
    assert_eq!(base["reference"], "no-force");
    let diff = &base["difference_from_reference"];
    let (d, hi) = (
        diff["ceasefire_at_horizon"]["diff"].as_f64().unwrap(),
        diff["ceasefire_at_horizon"]["ci95"][1].as_f64().unwrap(),
    );
    // The force moves ceasefires in force at the horizon by little either
    // way (its sign rests on judgements: Moscow's objections to the
    // announced troops and aircraft against Kyiv's confidence), and brings
    // fewer quiet ones and more wider war: a force draws strikes that
    // contest the peace.
    let lo = diff["ceasefire_at_horizon"]["ci95"][0].as_f64().unwrap();
    assert!(d.abs() < 0.02 && lo > -0.03 && hi < 0.03, "{diff}");
    assert!(
        diff["ceasefire_quiet"]["ci95"][1].as_f64().unwrap() < 0.0,
        "{diff}"
    );
    assert!(
        diff["wider_war"]["ci95"][0].as_f64().unwrap() > 0.0,
        "{diff}"
    );
    let headline = &base["headline"];
    assert!(
        headline["p_collapse_given_ceasefire"]["estimate"]
            .as_f64()
            .unwrap()
            > 0.0
    );
    assert!(md.contains("## Difference from No force") && md.contains("## Headline figures"));
    assert!(html.contains("Difference from No force"));
    assert!(stdout.contains("Each cell: the option minus No force"));
}

#[test]
fn a_reference_that_is_not_in_the_batch_is_refused() {
    let d = tempfile::tempdir().unwrap();
    bin()
        .args(["batch", "--reference", "no-such", "--runs", "100", "--out"])
        .arg(d.path().join("out"))
        .arg(library().join("rear-area-5k.toml"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--reference no-such"));
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn a_broken_expectation_fails_batch_and_run_with_exit_1() {
    let d = tempfile::tempdir().unwrap();
    let good = write(
        d.path(),
        "a.toml",
        "[scenario]\nname = \"A\"\n[expect]\nwider_war = { max = 0.5 }\n",
    );
    let bad = write(
        d.path(),
        "b.toml",
        "[scenario]\nname = \"B\"\n[expect]\nnever_deployed = { max = 0.01 }\n",
    );
    let out = d.path().join("out");
    let a = bin()
        .args([
            "batch", "--runs", "3000", "--charts", "none", "--quiet", "--out",
        ])
        .arg(&out)
        .arg(&good)
        .arg(&bad)
        .assert()
        .code(1);
    let err = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("expectation failed: b: never_deployed at most 1.00%"),
        "{err}"
    );
    assert!(!err.contains("a: "), "{err}");
    // The results and the index are still written, and say what broke.
    let j = batch_json(&out);
    assert_eq!(j["failed_expectations"], 1);
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("1 failed") && html.contains("FAILED"));
    assert!(
        std::fs::read_to_string(out.join("index.md"))
            .unwrap()
            .contains("## Failed expectations")
    );

    bin()
        .args([
            "run", "--runs", "3000", "--charts", "none", "--quiet", "--out",
        ])
        .arg(&out)
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "never_deployed at most 1.00%: estimate",
        ));
}

#[test]
fn invalid_files_stop_the_batch_before_anything_runs() {
    let d = tempfile::tempdir().unwrap();
    let good = write(d.path(), "good.toml", "[scenario]\nname = \"Good\"\n");
    let bad1 = write(
        d.path(),
        "bad1.toml",
        "[scenario]\nname = \"Bad 1\"\n[force]\ntroop = 5000\n",
    );
    let bad2 = write(
        d.path(),
        "bad2.toml",
        "[scenario]\nname = \"Bad 2\"\n[russia]\npolicy = \"invade\"\n",
    );
    let out = d.path().join("out");
    let a = bin()
        .args(["batch", "--out"])
        .arg(&out)
        .arg(&good)
        .arg(&bad1)
        .arg(&bad2)
        .arg(d.path().join("missing.toml"))
        .assert()
        .code(2);
    let err = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("bad1.toml:4:1") && err.contains("did you mean `troops`?"),
        "{err}"
    );
    assert!(
        err.contains("bad2.toml:4:10") && err.contains("`russia.policy`"),
        "{err}"
    );
    assert!(
        err.contains("missing.toml") && err.contains("no such file"),
        "{err}"
    );
    assert!(err.contains("in 3 of 4 inputs; nothing was run"), "{err}");
    assert!(!out.exists(), "nothing may be written");
}

#[test]
fn a_duplicate_slug_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let a = write(d.path(), "a.toml", "[scenario]\nname = \"Same name\"\n");
    let b = write(d.path(), "b.toml", "[scenario]\nname = \"Same  NAME!\"\n");
    let out = d.path().join("out");
    let r = bin()
        .args(["batch", "--out"])
        .arg(&out)
        .arg(&a)
        .arg(&b)
        .assert()
        .code(2);
    let err = String::from_utf8(r.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("slug `same-name`") && err.contains("a.toml") && err.contains("b.toml"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn folders_are_searched_and_empty_ones_refused() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(d.path().join("lib/nested")).unwrap();
    std::fs::create_dir_all(d.path().join("empty")).unwrap();
    write(
        &d.path().join("lib"),
        "one.toml",
        "[scenario]\nname = \"One\"\n",
    );
    write(
        &d.path().join("lib/nested"),
        "two.toml",
        "[scenario]\nname = \"Two\"\n",
    );
    write(&d.path().join("lib"), "notes.txt", "not a scenario");
    let out = d.path().join("out");
    bin()
        .args([
            "batch", "--runs", "500", "--charts", "none", "--quiet", "--out",
        ])
        .arg(&out)
        .arg(d.path().join("lib"))
        .assert()
        .success();
    let j = batch_json(&out);
    let slugs: Vec<&str> = j["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["slug"].as_str().unwrap())
        .collect();
    // Path order: lib/nested/two.toml sorts before lib/one.toml.
    assert_eq!(slugs, ["two", "one"]);
    bin()
        .args(["batch", "--out"])
        .arg(d.path().join("out2"))
        .arg(d.path().join("empty"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no scenario files"));
}

/// Replace the README's block between `begin` and `end` markers with
/// `body`, or fail when it differs (UPDATE_README=1 rewrites it).
fn sync_readme(tag: &str, body: &str) {
    let begin =
        format!("<!-- {tag}:begin (generated: UPDATE_README=1 cargo test --test batch) -->");
    let end = format!("<!-- {tag}:end -->");
    let block = format!("{begin}\n{body}\n{end}");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (Some(a), Some(b)) = (readme.find(&begin), readme.find(&end)) else {
        panic!("README.md lacks the {tag} markers");
    };
    if readme[a..b + end.len()] != block {
        if std::env::var_os("UPDATE_README").is_some() {
            let updated = format!("{}{}{}", &readme[..a], block, &readme[b + end.len()..]);
            std::fs::write(&path, updated).unwrap();
        } else {
            panic!(
                "README.md's {tag} block is stale; run UPDATE_README=1 cargo test --test batch\n{block}"
            );
        }
    }
}

/// The README's table of headline results is the output of
/// `reassure batch scenarios/` with each scenario's own runs and seed.
#[test]
fn the_readme_headline_table_is_generated() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    bin()
        .args(["batch", "--charts", "none", "--quiet", "--out"])
        .arg(&out)
        .arg(library())
        .assert()
        .success();
    let md = std::fs::read_to_string(out.join("index.md")).unwrap();
    // The tables and their notes, without the noise note and the list of
    // scenarios; headings one level down to sit inside the README's section.
    let body: String = md
        .split("\n## Scenarios")
        .next()
        .unwrap()
        .trim_start_matches("# Scenario library\n\n")
        .lines()
        .filter(|l| !l.starts_with("> "))
        .map(|l| match l.strip_prefix("## ") {
            Some(h) => format!("#### {h}\n"),
            None => format!("{l}\n"),
        })
        .collect();
    let body = body.replace("\n\n\n", "\n\n");
    sync_readme("headline", body.trim_end());
}

/// The README's sample output is what `cargo run --release` prints (less
/// the last line, which names the folder and the time taken).
#[test]
fn the_readme_sample_output_is_generated() {
    let d = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["--charts", "none", "--out"])
        .arg(d.path())
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let body = stdout.split("\nResults: ").next().unwrap().trim_end();
    sync_readme("sample", &format!("```text\n{body}\n```"));
}
