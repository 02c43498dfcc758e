//! `reassure validate`: check scenario files (folders searched as `batch`
//! searches them, `-` for standard input), print every problem, run nothing.

use super::EXIT_INPUT;
use super::inputs::{self, expand, print_diagnostics, problem_count};
use super::term::{say, warn};
use std::path::PathBuf;

pub fn validate(paths: &[PathBuf]) -> u8 {
    let (inputs, mut diags) = expand(paths, true);
    let mut bad = diags.len();
    for input in &inputs {
        match inputs::load(input) {
            Ok(s) => {
                say(&format!("ok  {}\n", input.name()));
                let warnings = force_generation(&s);
                if !warnings.is_empty() {
                    print_diagnostics(&warnings);
                }
            }
            Err(d) => {
                bad += 1;
                diags.extend(d);
            }
        }
    }
    if diags.is_empty() {
        return 0;
    }
    print_diagnostics(&diags);
    warn(&format!(
        "{}\n",
        problem_count(diags.len(), bad, inputs.len().max(bad))
    ));
    EXIT_INPUT
}

/// F1: a warning for each tier whose people, with rotation, exceed its
/// deployable pool at the scenario's central values (the run goes ahead:
/// strain wears the tier's will down, it does not refuse the force).
pub fn force_generation(s: &crate::scenario::Scenario) -> Vec<crate::scenario::Diagnostic> {
    use crate::model::coef::Coef;
    let p = crate::model::Model::new(s).central_params();
    let f = p.force_generation(&p.tiers());
    let (committed, strain) = (f.committed, f.strain);
    let tiers = [
        ("the lead nations", Coef::PoolLead, "force.troops"),
        (
            "the other ground contributors",
            Coef::PoolGround,
            "force.troops",
        ),
        ("the enablers", Coef::PoolEnablers, "force.aircraft"),
    ];
    let n = crate::report::table::num;
    (0..3)
        .filter(|&i| strain[i] > 1.0)
        .map(|i| {
            let (who, pool, key) = tiers[i];
            let key = if i == 2 && !s.spans.iter().any(|(k, _)| k == key) {
                ["force.air_defence_units", "force.naval_units"]
                    .into_iter()
                    .find(|k| s.spans.iter().any(|(x, _)| x == k))
                    .unwrap_or(key)
            } else {
                key
            };
            s.warning_at(
                key,
                format!(
                    "{who} would commit {} people with rotation, more than their deployable pool of {} (strain {:.2}; F1)",
                    n(committed[i]),
                    n(p.c[pool]),
                    strain[i]
                ),
                format!(
                    "at most {} people with rotation (`rotation_multiplier` {} × those deployed), or a larger `assumptions.{}` if these nations have more to send",
                    n(p.c[pool]),
                    n(p.c[Coef::RotationMultiplier]),
                    pool.spec().name
                ),
                "the scenario runs as written: strain lowers the will the tier recovers toward, so it leaves more often at votes and elections (docs/model.md, F1)",
            )
        })
        .collect()
}
