//! `reassure explain` from the command line: every library scenario, the
//! state flags, the files, and bad input.

use std::path::Path;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_reassure"))
}

fn explain(args: &[&str], out: &Path) -> std::process::Output {
    bin()
        .arg("explain")
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

/// Every library scenario is explained: the tree's paths sum to 1 in the
/// JSON, the Markdown shows every lever, the picture is drawn.
#[test]
fn explain_works_on_every_library_scenario() {
    let d = tempfile::tempdir().unwrap();
    let mut n = 0;
    for entry in std::fs::read_dir("scenarios").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let out = explain(
            &[path.to_str().unwrap(), "--charts", "svg", "--json"],
            d.path(),
        );
        assert!(
            out.status.success(),
            "{}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        fn leaves(v: &serde_json::Value, sum: &mut f64) {
            for n in v.as_array().unwrap() {
                if n.get("ends").is_some() {
                    *sum += n["path_p"].as_f64().unwrap();
                }
                if let Some(c) = n.get("children") {
                    leaves(c, sum);
                }
            }
        }
        let mut sum = 0.0;
        leaves(&j["tree"], &mut sum);
        assert!((sum - 1.0).abs() < 1e-9, "{}: {sum}", path.display());
        let ends: f64 = j["ends"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e[1].as_f64().unwrap())
            .sum();
        assert!((ends - 1.0).abs() < 1e-9);
        let slug = path.file_stem().unwrap().to_str().unwrap();
        let dir = d.path().join(format!("{slug}-explain"));
        let md = std::fs::read_to_string(dir.join("explain.md")).unwrap();
        for f in reassure::scenario::FIELDS {
            assert!(
                md.contains(&format!("`{}`", f.path())),
                "{slug}: {}",
                f.path()
            );
        }
        assert!(dir.join("tree.svg").exists());
        assert!(!dir.join("tree.png").exists(), "--charts svg writes no PNG");
        n += 1;
    }
    assert!(n >= 10);
}

#[test]
fn at_and_month_change_the_tree() {
    let d = tempfile::tempdir().unwrap();
    let json = |args: &[&str]| -> serde_json::Value {
        let mut a = vec!["--json", "--charts", "none"];
        a.extend_from_slice(args);
        let out = explain(&a, d.path());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let base = json(&[]);
    let text = serde_json::to_string(&base).unwrap();
    assert!(!text.contains("escalation.campaign"), "no E2 at rung 0");
    let r2 = json(&["--at", "rung=2", "--at", "backstop=failed"]);
    let text2 = serde_json::to_string(&r2).unwrap();
    assert!(
        text2.contains("escalation.campaign"),
        "E2 appears at rung 2"
    );
    assert!(
        !text2.contains("backstop.delivers"),
        "a revealed backstop is not tested again"
    );
    assert!(r2["deterrence_this_month"].as_f64() < base["deterrence_this_month"].as_f64());
    let later = json(&["--month", "12"]);
    assert_eq!(later["month"], 12);
    assert_ne!(
        later["tree"], base["tree"],
        "the relapse hazard moves with the month"
    );
    let engaged = json(&["--at", "engaged=true"]);
    let top: Vec<&str> = engaged["tree"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["event"].as_str().unwrap())
        .collect();
    assert_eq!(top, vec!["war.wider.true", "war.wider.false"]);
}

#[test]
fn the_terminal_view_and_the_keys() {
    let d = tempfile::tempdir().unwrap();
    let out = explain(&[], d.path());
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for want in [
        "Perceived deterrence on arrival",
        "Mission month 1",
        "Russia strikes the force's bases",
        "the month ends",
    ] {
        assert!(text.contains(want), "{want}\n{text}");
    }
    let dir = d.path().join("coalition-baseline-explain");
    for f in ["explain.md", "explain.json", "tree.svg", "tree.png"] {
        assert!(dir.join(f).exists(), "{f}");
    }
    let help = explain(&["--at", "help"], d.path());
    assert!(help.status.success());
    let help = String::from_utf8_lossy(&help.stdout);
    for (k, _) in reassure::report::explain::AT_KEYS {
        assert!(help.contains(k), "{k}");
    }
}

#[test]
fn bad_states_are_refused_with_exit_2_and_nothing_written() {
    let d = tempfile::tempdir().unwrap();
    for args in [
        vec!["--at", "rung=9"],
        vec!["--at", "rnug=1"],
        vec!["--at", "rung"],
        vec!["--at", "backstop=maybe"],
        vec!["--month", "37"],
        vec!["no-such.toml"],
    ] {
        let out = explain(&args, d.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("error"), "{args:?}: {err}");
    }
    let out = explain(&["--at", "rnug=1"], d.path());
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `rung`"));
    assert_eq!(
        std::fs::read_dir(d.path()).map(|r| r.count()).unwrap_or(0),
        0
    );
}
