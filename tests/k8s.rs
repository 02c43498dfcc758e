//! The Kubernetes Indexed Job in examples/k8s/, checked as far as an
//! offline machine allows: the manifests parse, the shard Job is Indexed
//! with N completions and N in its `--shard`, and every pod's command (with
//! the binary, paths and run count swapped for local ones) covers parts 1..N
//! once; the merge Job's command then gives the unsharded result.

use std::path::Path;
use std::process::Command;
use yaml_rust2::{Yaml, YamlLoader};

fn docs(file: &str) -> Vec<Yaml> {
    let text = std::fs::read_to_string(file).unwrap();
    YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn kind<'a>(docs: &'a [Yaml], kind: &str) -> &'a Yaml {
    docs.iter()
        .find(|d| d["kind"].as_str() == Some(kind))
        .unwrap_or_else(|| panic!("no {kind}"))
}

/// The pod's shell command with local stand-ins.
fn local(cmd: &str, bin: &str, root: &Path, runs: &str) -> String {
    let cmd = cmd.replace("exec reassure ", &format!("exec {bin} "));
    let cmd = cmd.replace("/scenario/", &format!("{}/scenario/", root.display()));
    let cmd = cmd.replace("/results", &format!("{}/results", root.display()));
    cmd.replace("--runs 100000000", &format!("--runs {runs}"))
        .replace("--threads 2", "--threads 1")
}

#[test]
fn the_indexed_job_covers_every_shard_once_and_merges_to_one_run() {
    let shards = docs("examples/k8s/indexed-job.yaml");
    let job = kind(&shards, "Job");
    assert_eq!(job["spec"]["completionMode"].as_str(), Some("Indexed"));
    let n = job["spec"]["completions"].as_i64().unwrap();
    assert!(n >= 2);
    let pod = &job["spec"]["template"]["spec"];
    assert_eq!(pod["restartPolicy"].as_str(), Some("Never"));
    let container = &pod["containers"][0];
    assert_eq!(container["command"][0].as_str(), Some("sh"));
    let cmd = container["args"][0].as_str().unwrap();
    assert!(
        cmd.contains(&format!("--shard \"$((JOB_COMPLETION_INDEX + 1))/{n}\"")),
        "the --shard argument must name the same N as completions ({n}): {cmd}"
    );
    // The scenario is the library's file itself, made a ConfigMap by the
    // command the manifest's header gives (a copy inside it had drifted:
    // 64% no deployment against the library's 50%).
    let text = std::fs::read_to_string("examples/k8s/indexed-job.yaml").unwrap();
    assert!(
        text.contains("--from-file=scenario.toml=scenarios/coalition-baseline.toml"),
        "the ConfigMap is made from the library file"
    );
    assert!(
        shards
            .iter()
            .all(|d| d["kind"].as_str() != Some("ConfigMap")),
        "no copy of a scenario inside the manifest"
    );
    assert_eq!(
        pod["volumes"][1]["configMap"]["name"].as_str(),
        Some("reassure-scenario")
    );
    let scenario = std::fs::read_to_string("scenarios/coalition-baseline.toml").unwrap();
    let merge_docs = docs("examples/k8s/merge-job.yaml");
    let merge = kind(&merge_docs, "Job");
    let merge_cmd = merge["spec"]["template"]["spec"]["containers"][0]["args"][0]
        .as_str()
        .unwrap();
    assert!(
        merge_cmd.contains("reassure merge /results/parts/*/"),
        "{merge_cmd}"
    );

    let d = tempfile::tempdir().unwrap();
    let root = d.path();
    std::fs::create_dir_all(root.join("scenario")).unwrap();
    std::fs::write(root.join("scenario/scenario.toml"), scenario).unwrap();
    let bin = env!("CARGO_BIN_EXE_reassure");
    // Each index, as Kubernetes would start the pods: out of order.
    let mut order: Vec<i64> = (0..n).collect();
    order.reverse();
    for i in order {
        let o = Command::new("sh")
            .args(["-c", &local(cmd, bin, root, "9001")])
            .env("JOB_COMPLETION_INDEX", i.to_string())
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "index {i}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let parts: Vec<String> = std::fs::read_dir(root.join("results/parts/coalition-baseline"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for k in 1..=n {
        assert!(
            parts.contains(&format!("part-{k}-of-{n}.json")),
            "{parts:?}"
        );
    }
    assert_eq!(parts.len() as i64, n);
    let o = Command::new("sh")
        .args(["-c", &local(merge_cmd, bin, root, "9001")])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = Command::new(bin)
        .args([
            "run", "--runs", "9001", "--seed", "2025", "--charts", "none", "-q", "--out",
        ])
        .arg(root.join("whole"))
        .arg(root.join("scenario/scenario.toml"))
        .output()
        .unwrap();
    assert!(o.status.success());
    let read = |p: &Path| {
        let mut v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        v.as_object_mut().unwrap().remove("timing");
        v
    };
    assert_eq!(
        read(&root.join("results/output/coalition-baseline/summary.json")),
        read(&root.join("whole/coalition-baseline/summary.json"))
    );
}
