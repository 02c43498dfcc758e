//! The one way every command reads scenarios: files as given, folders
//! searched recursively for `*.toml` (each folder once, so a symlink loop
//! ends), `-` for standard input, only regular files read; then every file
//! loaded, `--runs`/`--seed` applied, and every problem printed (at most
//! [`MAX_SHOWN`], then a count) before anything runs.

use super::term::{paint_errors, warn};
use super::{EXIT_INPUT, RunOpts};
use crate::scenario::{self, Diagnostic, Scenario};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Problems printed in full; beyond this only their number.
pub const MAX_SHOWN: usize = 50;

/// Where a scenario comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

impl Input {
    pub fn name(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin => "<stdin>".into(),
        }
    }
}

/// Scenario inputs named by `paths`, in order; with `once`, each file once
/// (a file reached twice, through a symlink or a repeated argument, is one
/// scenario, not a duplicate slug). `compare` keeps repeats: a scenario
/// compared with itself is a check that every difference is zero.
pub fn expand(paths: &[PathBuf], once: bool) -> (Vec<Input>, Vec<Diagnostic>) {
    let mut inputs = Vec::new();
    let mut diags = Vec::new();
    let mut seen_files = HashSet::new();
    let mut seen_dirs = HashSet::new();
    let mut add = |p: PathBuf, inputs: &mut Vec<Input>| {
        let id = std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
        if seen_files.insert(id) || !once {
            inputs.push(Input::File(p));
        }
    };
    for p in paths {
        if p.as_os_str() == "-" {
            if inputs.contains(&Input::Stdin) {
                diags.push(Diagnostic::file_level(
                    "-",
                    "standard input (`-`) is named twice",
                    "name `-` once",
                ));
            } else {
                inputs.push(Input::Stdin);
            }
            continue;
        }
        let shown = p.display().to_string();
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found, &mut seen_dirs, &mut diags);
            if found.is_empty() {
                diags.push(Diagnostic::file_level(
                    &shown,
                    format!("no scenario files (`*.toml`) in the folder `{shown}`"),
                    "name a folder that holds scenarios, e.g. scenarios/",
                ));
            }
            for f in found {
                add(f, &mut inputs);
            }
        } else {
            // Missing, unreadable and non-regular files are reported by
            // `scenario::load`, with the path as given.
            add(p.clone(), &mut inputs);
        }
    }
    (inputs, diags)
}

/// Every `*.toml` under `dir`, sorted; each folder visited once.
fn walk(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    seen: &mut HashSet<PathBuf>,
    diags: &mut Vec<Diagnostic>,
) {
    let id = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !seen.insert(id) {
        return; // a symlink back to a folder already searched
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            let shown = dir.display().to_string();
            diags.push(Diagnostic::file_level(
                &shown,
                format!("cannot read the folder `{shown}`: {e}"),
                "check that the folder exists and is readable",
            ));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, out, seen, diags);
        } else if p.extension().is_some_and(|e| e == "toml") {
            // A link named *.toml to a file that is not one (a private
            // file, a log) is not read: its lines would be echoed as errors.
            let linked = std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink());
            if linked
                && let Ok(to) = std::fs::canonicalize(&p)
                && to.extension().is_none_or(|e| e != "toml")
            {
                let shown = p.display().to_string();
                diags.push(Diagnostic::file_level(
                    &shown,
                    format!(
                        "`{shown}` is a link to `{}`, which is not a .toml file; it was not read",
                        to.display()
                    ),
                    "remove the link from the folder, or name the scenario file itself",
                ));
                continue;
            }
            out.push(p);
        }
    }
}

/// The scenario a command names (`-` for standard input), or the built-in
/// default scenario when it names none.
pub fn load_or_default(path: Option<&std::path::Path>) -> Result<Scenario, Vec<Diagnostic>> {
    match path {
        Some(p) if p.as_os_str() == "-" => load(&Input::Stdin),
        Some(p) => load(&Input::File(p.to_path_buf())),
        None => Ok(crate::scenario::load_default()),
    }
}

/// Read and validate one scenario: a file, standard input, or a library
/// option by name ([`library_named`]).
pub fn load(input: &Input) -> Result<Scenario, Vec<Diagnostic>> {
    let s = match input {
        Input::File(p) => match library_named(p) {
            Some(l) => scenario::parse(l.text, &l.path()),
            None => scenario::load(p),
        },
        Input::Stdin => scenario::load_from(std::io::stdin().lock(), "<stdin>"),
    }?;
    print_notes(&s);
    Ok(s)
}

/// The library scenario a bare name stands for (`run skyshield`), when no
/// file of that name exists: the library is built in, so its options run
/// from any folder; `new --from` reads names by the same rule. A name with
/// a slash or ending `.toml` is always a path.
pub(super) fn library_named(p: &Path) -> Option<&'static scenario::LibraryScenario> {
    let name = p.to_str()?;
    if name.contains(['/', '\\']) || name.ends_with(".toml") || std::fs::symlink_metadata(p).is_ok()
    {
        return None;
    }
    scenario::library::find(name)
}

/// A loaded scenario's notes (an earlier model version's file), on stderr
/// unless `--quiet`.
pub fn print_notes(s: &Scenario) {
    if s.notes.is_empty() {
        return;
    }
    let text: String = s.notes.iter().map(|d| format!("{d}\n")).collect();
    super::term::note(&text);
}

/// Print problems on stderr, at most [`MAX_SHOWN`] of them in full.
pub fn print_diagnostics(diags: &[Diagnostic]) {
    let mut err = String::new();
    for d in diags.iter().take(MAX_SHOWN) {
        err.push_str(&d.to_string());
        err.push('\n');
    }
    if diags.len() > MAX_SHOWN {
        err.push_str(&format!(
            "… and {} more problems not shown (fix these first)\n",
            diags.len() - MAX_SHOWN
        ));
    }
    warn(&paint_errors(&err));
}

/// The closing line of a failed check: "3 problems in 2 of 5 files".
pub fn problem_count(problems: usize, bad: usize, total: usize) -> String {
    format!(
        "{problems} problem{} in {bad} of {total} input{}",
        if problems == 1 { "" } else { "s" },
        if total == 1 { "" } else { "s" }
    )
}

/// Load every scenario named by `paths`, applying `--runs` and `--seed`;
/// with `unique_slugs`, two scenarios with one slug are a problem (they
/// would write one folder). On any problem, print them all and return exit 2.
pub fn load_all(
    paths: &[PathBuf],
    opts: &RunOpts,
    unique_slugs: bool,
) -> Result<Vec<Scenario>, u8> {
    let (inputs, mut diags) = expand(paths, unique_slugs);
    let mut bad = diags.len();
    let mut scenarios: Vec<Scenario> = Vec::new();
    for input in &inputs {
        match load(input) {
            Ok(mut s) => {
                opts.apply(&mut s);
                if unique_slugs && let Some(first) = scenarios.iter().find(|t| t.slug == s.slug) {
                    bad += 1;
                    diags.push(Diagnostic::file_level(
                        &s.file,
                        format!(
                            "scenario `{}` has the slug `{}`, already used by `{}` (`{}`); both would write {}/{}/",
                            s.name,
                            s.slug,
                            first.file,
                            first.name,
                            opts.output.out.display(),
                            s.slug
                        ),
                        "give one of them a different [scenario] name",
                    ));
                    continue;
                }
                scenarios.push(s);
            }
            Err(d) => {
                bad += 1;
                diags.extend(d);
            }
        }
    }
    if diags.is_empty() {
        Ok(scenarios)
    } else {
        print_diagnostics(&diags);
        warn(&format!(
            "{}; nothing was run\n",
            problem_count(diags.len(), bad, inputs.len().max(bad))
        ));
        Err(EXIT_INPUT)
    }
}
