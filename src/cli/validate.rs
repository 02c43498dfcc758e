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
            Ok(_) => say(&format!("ok  {}\n", input.name())),
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
