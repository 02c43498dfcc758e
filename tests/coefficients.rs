//! The coefficient registry: every coefficient is documented in
//! docs/model.md, can be overridden from `[assumptions]`, and moves some
//! output (no dead coefficients).

use reassure::engine::simulate_serial;
use reassure::model::{COEFS, Coef, Model, coef::markdown_table};
use reassure::scenario::parse;

/// Replace the text between a generated table's markers; returns the part
/// before the table and the whole new document.
fn regenerate(doc: &str, name: &str, source: &str, table: &str) -> (String, String) {
    let begin = format!(
        "<!-- {name}:begin (generated from {source}; UPDATE_DOCS=1 cargo test --test coefficients) -->\n"
    );
    let end = format!("<!-- {name}:end -->");
    let (head, rest) = doc
        .split_once(&begin)
        .unwrap_or_else(|| panic!("docs/model.md has the {name}:begin marker"));
    let (_, tail) = rest
        .split_once(&end)
        .unwrap_or_else(|| panic!("docs/model.md has the {name}:end marker"));
    (head.to_string(), format!("{head}{begin}{table}{end}{tail}"))
}

/// docs/model.md's coefficient and lever tables are the registries'. Run
/// with UPDATE_DOCS=1 to regenerate them after changing either.
#[test]
fn docs_table_matches_the_registry() {
    let path = "docs/model.md";
    let doc = std::fs::read_to_string(path).unwrap();
    let (_, with_levers) = regenerate(
        &doc,
        "levers",
        "src/scenario/spec.rs",
        &reassure::scenario::spec::markdown_table(),
    );
    let (head, fresh) = regenerate(
        &with_levers,
        "coefficients",
        "src/model/coef.rs",
        &markdown_table(),
    );
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(path, &fresh).unwrap();
        return;
    }
    assert!(
        doc == fresh,
        "docs/model.md's generated tables are stale: run UPDATE_DOCS=1 cargo test --test coefficients"
    );
    for c in COEFS {
        assert!(
            doc.contains(&format!("| `{}` |", c.name)),
            "{} has no row",
            c.name
        );
        // Its equation label is explained in the prose too.
        let label = c.role.split(':').next().unwrap();
        for l in label.split('/') {
            assert!(
                head.contains(&format!("**{l}**")),
                "equation {l} (for {}) is not described in docs/model.md",
                c.name
            );
        }
    }
}

/// Scenarios that between them exercise every mechanism, policy, zone,
/// posture and backstop level.
const PROBES: &[&str] = &[
    "[ceasefire]\nprobability = 1\nmonitoring = \"european\"\n[force]\ntroops = 5000\nair_defence_units = 2\naircraft = 10\nnaval_units = 2\ntrainers = 500\nnations = 6\nground_contributors = 4\nzone = \"rear\"\n[rules_of_engagement]\nposture = \"robust\"\n[us_backstop]\nlevel = \"air_support\"\n[russia]\npolicy = \"test_resolve\"\nrisk_appetite = 0.8\n",
    "[ceasefire]\nrequired_before_deployment = false\nprobability = 0.3\nmonitoring = \"us_led\"\n[force]\ntroops = 20000\nair_defence_units = 6\naircraft = 60\nnaval_units = 4\nnations = 10\nground_contributors = 4\nzone = \"cities\"\n[rules_of_engagement]\nposture = \"protect_mandate\"\n[us_backstop]\nlevel = \"full_guarantee\"\n[russia]\npolicy = \"coercive_strikes\"\nrisk_appetite = 0.8\n",
    "[ceasefire]\nprobability = 0.6\npressure = 0.5\n[force]\ntroops = 10000\nair_defence_units = 3\nnations = 5\nground_contributors = 3\nzone = \"border\"\n[us_backstop]\nlevel = \"isr_logistics\"\n[russia]\npolicy = \"reinvade\"\n[ukraine]\nstrength = 0.6\naid = 0.5\n",
    "[ceasefire]\nprobability = 1\n[force]\ntroops = 8000\nair_defence_units = 2\nnations = 4\nground_contributors = 4\nzone = \"contact_line\"\n[us_backstop]\nlevel = \"political\"\n[russia]\npolicy = \"probe\"\nrisk_appetite = 0.9\n",
    "[ceasefire]\nprobability = 1\n[force]\ntroops = 8000\nnations = 3\nzone = \"rear\"\n[russia]\npolicy = \"restraint\"\nrisk_appetite = 1\n",
    // Ten years (every tier's later elections), UN/OSCE-style observers.
    "horizon_months = 120\n[ceasefire]\nprobability = 1\nmonitoring = \"un_osce\"\n[force]\ntroops = 15000\nair_defence_units = 3\nnations = 8\nground_contributors = 4\n[russia]\npolicy = \"test_resolve\"\n",
    // A force past its pools (F1's strain).
    "[ceasefire]\nprobability = 1\n[force]\ntroops = 60000\nnations = 8\nground_contributors = 6\n[russia]\npolicy = \"test_resolve\"\n",
];

fn fingerprint(probe: &str, assumption: &str) -> String {
    let text = format!("[scenario]\nname = \"c\"\n{probe}[assumptions]\n{assumption}\n");
    let s =
        parse(&text, "c.toml").unwrap_or_else(|d| panic!("override refused: {assumption}\n{d:?}"));
    let m = Model::new(&s);
    format!("{:?}{:?}", m.first_month(), simulate_serial(&m, 3, 0..3000))
}

#[test]
fn every_coefficient_is_overridable_and_moves_an_output() {
    let baselines: Vec<String> = PROBES.iter().map(|p| fingerprint(p, "")).collect();
    let mut dead = Vec::new();
    for c in Coef::ALL {
        let s = c.spec();
        // The override is accepted and used.
        let text = format!(
            "[scenario]\nname = \"c\"\n[assumptions]\n{} = {:?}\n",
            s.name, s.plausible.1
        );
        let m = Model::new(&parse(&text, "c.toml").unwrap());
        assert_eq!(m.central_params().c[*c], s.plausible.1, "{}", s.name);
        // Some value in its plausible or hard range changes some output;
        // values that break a cross-field rule alone are skipped.
        let candidates = [s.plausible.1, s.plausible.0, s.max, s.min];
        let moved = candidates.iter().filter(|v| **v != s.default).any(|v| {
            PROBES.iter().zip(&baselines).any(|(p, base)| {
                let text = format!(
                    "[scenario]\nname = \"c\"\n{p}[assumptions]\n{} = {v:?}\n",
                    s.name
                );
                parse(&text, "c.toml").is_ok()
                    && fingerprint(p, &format!("{} = {:?}", s.name, v)) != *base
            })
        });
        if !moved {
            dead.push(s.name);
        }
    }
    assert!(
        dead.is_empty(),
        "coefficients that change nothing: {dead:?}"
    );
}

#[test]
fn out_of_range_override_is_refused() {
    let d = parse(
        "[scenario]\nname = \"c\"\n[assumptions]\nrelapse_shape = 9\n",
        "c.toml",
    )
    .unwrap_err();
    assert_eq!(d[0].key, "assumptions.relapse_shape");
    // A coefficient may be a distribution too.
    assert!(parse("[scenario]\nname = \"c\"\n[assumptions]\nrelapse_shape = { dist = \"uniform\", min = 0.5, max = 0.7 }\n", "c.toml").is_ok());
}
