//! `--shard K/N` and `reassure merge`: four shards merged give what the
//! unsharded command gives (apart from timing) for `run`, `compare` and
//! `sweep` (cut by runs and by grid points); parts that do not belong
//! together are refused with exit 2; a failed shard leaves no part file.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_reassure"))
}

fn go(args: &[&str], out: &Path) -> Output {
    bin().args(args).arg("--out").arg(out).output().unwrap()
}

fn ok(o: &Output) {
    assert!(
        o.status.success(),
        "exit {:?}\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A results file without its timing (and the tool's timing-free identity).
fn without_timing(path: &Path) -> Value {
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    fn strip(v: &mut Value) {
        match v {
            Value::Object(m) => {
                m.remove("timing");
                m.remove("elapsed_s");
                for x in m.values_mut() {
                    strip(x);
                }
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut v);
    v
}

/// Run `args` whole and in four shards, merge, and compare `file` in the
/// results folder `name`.
fn sharded_equals_whole(args: &[&str], name: &str, file: &str) -> Value {
    let d = tempfile::tempdir().unwrap();
    let (whole, parts, merged) = (
        d.path().join("whole"),
        d.path().join("parts"),
        d.path().join("merged"),
    );
    ok(&go(&[args, &["--charts", "none", "-q"]].concat(), &whole));
    // Shards in another order than 1..N, with different thread counts.
    for (k, threads) in [(3, "1"), (1, "2"), (4, "2"), (2, "1")] {
        let shard = format!("{k}/4");
        let o = go(
            &[args, &["--shard", &shard, "--threads", threads, "-q"]].concat(),
            &parts,
        );
        ok(&o);
        // A shard writes its part file and nothing else.
        let listing: Vec<String> = std::fs::read_dir(parts.join(name))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            listing
                .iter()
                .all(|f| f.starts_with("part-") && f.ends_with("-of-4.json")),
            "{listing:?}"
        );
    }
    let o = go(
        &[
            "merge",
            parts.join(name).to_str().unwrap(),
            "--charts",
            "none",
            "-q",
        ],
        &merged,
    );
    ok(&o);
    assert_eq!(
        without_timing(&merged.join(name).join(file)),
        without_timing(&whole.join(name).join(file)),
        "{args:?}"
    );
    // The CSV files carry no timing: byte for byte.
    for csv in std::fs::read_dir(whole.join(name)).unwrap() {
        let p = csv.unwrap().path();
        if p.extension().is_some_and(|e| e == "csv") {
            let f = p.file_name().unwrap();
            assert_eq!(
                std::fs::read(&p).unwrap(),
                std::fs::read(merged.join(name).join(f)).unwrap(),
                "{f:?}"
            );
        }
    }
    without_timing(&merged.join(name).join(file))
}

#[test]
fn run_in_four_shards_merges_to_the_unsharded_run() {
    let j = sharded_equals_whole(
        &[
            "run",
            "scenarios/coalition-baseline.toml",
            "--runs",
            "30001",
            "--batch-size",
            "4096",
        ],
        "coalition-baseline",
        "summary.json",
    );
    // The part files carry the mission states: the merged summary has them,
    // every month adding up to the runs.
    let counts = j["mission_states"]["counts"].as_object().unwrap();
    assert_eq!(counts.len(), 5);
    for t in 0..=36 {
        let total: u64 = counts.values().map(|v| v[t].as_u64().unwrap()).sum();
        assert_eq!(total, 30001, "month {t}");
    }
}

#[test]
fn compare_in_four_shards_merges_to_the_unsharded_comparison() {
    let _ = sharded_equals_whole(
        &[
            "compare",
            "scenarios/rear-area-5k.toml",
            "scenarios/division-25k.toml",
            "scenarios/original-50k.toml",
            "--runs",
            "20003",
        ],
        "compare-rear-area-5k-vs-division-25k-vs-original-50k",
        "compare.json",
    );
}

#[test]
fn sweep_in_four_shards_merges_to_the_unsharded_sweep_by_runs_and_by_points() {
    let base = [
        "sweep",
        "scenarios/coalition-baseline.toml",
        "--vary",
        "force.troops=5000..45000:5",
        "--runs",
        "8000",
    ];
    let _ = sharded_equals_whole(&base, "sweep-coalition-baseline-force-troops", "sweep.json");
    let _ = sharded_equals_whole(
        &[&base[..], &["--shard-by", "points"]].concat(),
        "sweep-coalition-baseline-force-troops",
        "sweep.json",
    );
    // The heatmaps' colouring travels in the parts: merge draws what the
    // unsharded sweep draws.
    let j = sharded_equals_whole(
        &[
            "sweep",
            "scenarios/division-25k.toml",
            "--vary",
            "force.troops=5000,25000",
            "--vary",
            "us_backstop.level=none,isr_logistics",
            "--runs",
            "2001",
            "--scale",
            "shared",
            "--difference",
        ],
        "sweep-division-25k-force-troops-us-backstop-level",
        "sweep.json",
    );
    assert_eq!(j["heatmap"]["scale"], "shared");
    assert_eq!(j["heatmap"]["difference"], true);
}

/// Four parts of a small run, for the refusal tests.
fn four_parts(d: &Path) -> Vec<PathBuf> {
    (1..=4)
        .map(|k| {
            ok(&go(
                &["run", "--runs", "4000", "--shard", &format!("{k}/4"), "-q"],
                &d.join("parts"),
            ));
            d.join("parts/coalition-baseline")
                .join(format!("part-{k}-of-4.json"))
        })
        .collect()
}

fn merge_err(parts: &[PathBuf], out: &Path) -> String {
    let o = bin()
        .arg("merge")
        .args(parts)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(!out.join("coalition-baseline").exists(), "nothing written");
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn parts_that_do_not_belong_together_are_refused_with_exit_2() {
    let d = tempfile::tempdir().unwrap();
    let parts = four_parts(d.path());
    let out = d.path().join("merged");
    // Missing.
    let e = merge_err(&parts[..3], &out);
    assert!(e.contains("1 of 4 parts missing: 4"), "{e}");
    // Twice.
    let twice = [parts.clone(), vec![parts[1].clone()]].concat();
    let copy = d.path().join("copy.json");
    std::fs::copy(&parts[1], &copy).unwrap();
    let e = merge_err(&[twice[..4].to_vec(), vec![copy]].concat(), &out);
    assert!(e.contains("part 2 of 4 is given twice"), "{e}");
    // Foreign: another seed's part 4.
    let other = d.path().join("other");
    ok(&go(
        &[
            "run", "--runs", "4000", "--seed", "9", "--shard", "4/4", "-q",
        ],
        &other,
    ));
    let e = merge_err(
        &[
            parts[..3].to_vec(),
            vec![other.join("coalition-baseline/part-4-of-4.json")],
        ]
        .concat(),
        &out,
    );
    assert!(e.contains("its seed differs"), "{e}");
    // Another scenario's part.
    ok(&go(
        &[
            "run",
            "scenarios/skyshield.toml",
            "--runs",
            "4000",
            "--shard",
            "4/4",
            "-q",
        ],
        &other,
    ));
    let e = merge_err(
        &[
            parts[..3].to_vec(),
            vec![other.join("skyshield/part-4-of-4.json")],
        ]
        .concat(),
        &out,
    );
    assert!(e.contains("scenario (its SHA-256) differs"), "{e}");
    // Another version.
    let text = std::fs::read_to_string(&parts[3]).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["version"] = Value::from("0.0.1");
    let old = d.path().join("old.json");
    std::fs::write(&old, serde_json::to_string(&v).unwrap()).unwrap();
    let e = merge_err(&[parts[..3].to_vec(), vec![old]].concat(), &out);
    assert!(e.contains("made by reassure 0.0.1"), "{e}");
    // Damaged: a count changed, and a file that is not a part.
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["data"]["aggregate"]["peace"][0] = Value::from(999_999);
    let bad = d.path().join("bad.json");
    std::fs::write(&bad, serde_json::to_string(&v).unwrap()).unwrap();
    let e = merge_err(&[parts[..3].to_vec(), vec![bad]].concat(), &out);
    assert!(e.contains("damaged"), "{e}");
    let junk = d.path().join("junk.json");
    std::fs::write(&junk, "{\"hello\": 1}").unwrap();
    let e = merge_err(&[parts[..3].to_vec(), vec![junk]].concat(), &out);
    assert!(e.contains("not a part file"), "{e}");
    // And the four right ones merge.
    let o = bin()
        .arg("merge")
        .args(&parts)
        .arg("--out")
        .arg(&out)
        .arg("-q")
        .output()
        .unwrap();
    ok(&o);
}

#[test]
fn a_failed_shard_leaves_no_part_file_and_bad_shards_are_refused() {
    let d = tempfile::tempdir().unwrap();
    // --out is a file: exit 3, no part anywhere.
    let file = d.path().join("file");
    std::fs::write(&file, "x").unwrap();
    let o = go(&["run", "--runs", "1000", "--shard", "1/2"], &file);
    assert_eq!(o.status.code(), Some(3));
    for bad in ["0/2", "3/2", "2", "x/y"] {
        let o = go(&["run", "--runs", "1000", "--shard", bad], d.path());
        assert_eq!(o.status.code(), Some(2), "{bad}");
    }
    let o = go(&["batch", "scenarios/", "--shard", "1/2"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("does not take --shard"));
    let entries: Vec<_> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        entries,
        vec![std::ffi::OsString::from("file")],
        "nothing but the file"
    );
}

/// A shard reports its progress in its log (stderr), which a cluster keeps.
#[test]
fn a_shard_logs_its_progress() {
    let d = tempfile::tempdir().unwrap();
    let o = go(&["run", "--runs", "20000", "--shard", "2/2"], d.path());
    ok(&o);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("shard 2/2: 10,000 / 10,000 runs (100%)"),
        "{err}"
    );
}
