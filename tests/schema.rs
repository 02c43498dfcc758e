//! The JSON Schema of scenario files: generated from the registries, kept
//! in `scenarios/reassure.schema.json` (UPDATE_SCHEMA=1 cargo test --test
//! schema regenerates it), named by every library file's `#:schema`
//! directive, and checked with a real JSON Schema validator.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn library() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

fn schema() -> serde_json::Value {
    serde_json::from_str(&reassure::scenario::schema::schema_text()).unwrap()
}

/// A TOML document as the JSON a schema validator reads.
fn as_json(text: &str) -> serde_json::Value {
    let v: toml::Value = toml::from_str(text).unwrap();
    serde_json::to_value(v).unwrap()
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    let path = library().join("reassure.schema.json");
    let fresh = reassure::scenario::schema::schema_text();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap();
    assert!(
        committed == fresh,
        "scenarios/reassure.schema.json is stale: run UPDATE_SCHEMA=1 cargo test --test schema"
    );
    let out = Command::cargo_bin("reassure")
        .unwrap()
        .arg("schema")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), fresh);
}

#[test]
fn every_library_file_names_the_schema_and_satisfies_it() {
    let validator = jsonschema::draft202012::new(&schema()).expect("the schema is valid");
    let mut n = 0;
    for e in std::fs::read_dir(library()).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        assert_eq!(
            text.lines().next(),
            Some("#:schema ./reassure.schema.json"),
            "{}: first line",
            p.display()
        );
        let errors: Vec<String> = validator
            .iter_errors(&as_json(&text))
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", p.display());
        n += 1;
    }
    assert!(n >= 11);
}

/// The schema catches what an editor should flag as you type: unknown
/// keys and tables, out-of-range numbers, unknown names, malformed
/// distributions, a missing name, a bad expectation.
#[test]
fn the_schema_rejects_what_validation_rejects() {
    let validator = jsonschema::draft202012::new(&schema()).unwrap();
    let head = "[scenario]\nname = \"t\"\n";
    let bad = [
        "[force]\ntroop = 5000\n",
        "[forces]\ntroops = 1\n",
        "[force]\ntroops = 300000\n",
        "[force]\ntroops = 2.5\n",
        "[force]\nzone = \"coast\"\n",
        "[force]\ntroops = { dist = \"uniform\", min = 1 }\n",
        "[force]\ntroops = { dist = \"gauss\", mean = 1, sd = 1 }\n",
        "[assumptions]\nrelapse_shape = 9\n",
        "[assumptions]\nno_such = 1\n",
        "[expect]\nwider_war = { max = 2 }\n",
        "[correlations]\n\"russia.risk_apetite\" = { \"ceasefire.probability\" = 0.2 }\n",
        "[correlations]\n\"russia.risk_appetite\" = { \"ceasefire.probability\" = 1.5 }\n",
        "[correlations]\n\"russia.risk_appetite\" = { \"ceasefire.probability\" = -1 }\n",
        "[correlations]\n\"russia.risk_appetite\" = 0.5\n",
        "[correlations]\nrussia.risk_appetite = { \"ceasefire.probability\" = 0.2 }\n",
    ];
    for body in bad {
        let doc = as_json(&format!("{head}{body}"));
        assert!(!validator.is_valid(&doc), "the schema accepts:\n{body}");
        // And reassure itself refuses the same file.
        assert!(reassure::scenario::parse(&format!("{head}{body}"), "t.toml").is_err());
    }
    assert!(
        !validator.is_valid(&as_json("[scenario]\nseed = 1\n")),
        "name is required"
    );
    let good = "[force]\ntroops = { dist = \"triangular\", min = 1000, mode = 5000, max = 9000 }\nzone = \"border\"\n[us_backstop]\nlevel = { dist = \"choice\", values = [\"none\", \"air_support\"], weights = [1, 1] }\n[ukraine]\nstrength = { dist = \"uniform\", min = 0.3, max = 0.7 }\n[assumptions]\npressure_effect = { dist = \"uniform\", min = 1, max = 2 }\n[correlations]\n\"ukraine.strength\" = { \"force.troops\" = 0.3, \"assumptions.pressure_effect\" = -0.2 }\n";
    reassure::scenario::parse(&format!("{head}{good}"), "t.toml").unwrap();
    assert!(validator.is_valid(&as_json(&format!("{head}{good}"))));
}
