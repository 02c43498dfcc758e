//! Reading a scenario file: existence, kind, size and encoding are checked
//! before any parsing, each failure a diagnostic naming the file.

use super::{Diagnostic, Scenario, parse};
use std::io::Read;
use std::path::Path;

/// Scenario files larger than this are refused (product brief).
pub const MAX_FILE_BYTES: u64 = 1 << 20;

/// The default scenario, embedded so that `reassure` works from any folder.
pub const DEFAULT_SCENARIO_TEXT: &str = include_str!("../../scenarios/coalition-baseline.toml");
pub const DEFAULT_SCENARIO_PATH: &str = "scenarios/coalition-baseline.toml";

pub fn load_default() -> Scenario {
    parse(DEFAULT_SCENARIO_TEXT, DEFAULT_SCENARIO_PATH)
        .expect("the embedded default scenario is valid (checked by a unit test)")
}

/// Read and validate one scenario file.
pub fn load(path: &Path) -> Result<Scenario, Vec<Diagnostic>> {
    let file = path.display().to_string();
    let one = |message: String, help: String| vec![Diagnostic::file_level(&file, message, help)];
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(one(
                format!("cannot read `{file}`: no such file"),
                "check the path; the shipped scenarios are in scenarios/, e.g. scenarios/coalition-baseline.toml".into(),
            ));
        }
        Err(e) => {
            return Err(one(
                format!("cannot read `{file}`: {e}"),
                "check that the file exists and is readable".into(),
            ));
        }
    };
    if meta.is_dir() {
        return Err(one(
            format!("`{file}` is a folder, not a scenario file"),
            format!(
                "name a .toml file inside it, e.g. `{}`",
                path.join("coalition-baseline.toml").display()
            ),
        ));
    }
    if !meta.is_file() {
        // A FIFO would block forever and a device never end: only regular
        // files are read (standard input is `-`).
        return Err(one(
            format!("`{file}` is not a regular file (a pipe, socket or device)"),
            "save the scenario to a file, or pass `-` to read it from standard input".into(),
        ));
    }
    let read = std::fs::File::open(path);
    match read {
        Ok(f) => load_from(f, &file),
        Err(e) => Err(one(
            format!("cannot read `{file}`: {e}"),
            "check the file's permissions".into(),
        )),
    }
}

/// Read and validate a scenario from a reader (a file, or standard input
/// named `-`), at most [`MAX_FILE_BYTES`].
pub fn load_from(reader: impl Read, file: &str) -> Result<Scenario, Vec<Diagnostic>> {
    let one = |message: String, help: String| vec![Diagnostic::file_level(file, message, help)];
    let mut bytes = Vec::new();
    if let Err(e) = reader.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes) {
        return Err(one(
            format!("cannot read `{file}`: {e}"),
            "check the file's permissions".into(),
        ));
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(one(
            format!("`{file}` is larger than the 1 MiB limit for a scenario file"),
            "a scenario is a short TOML file; check that this is the file you meant".into(),
        ));
    }
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let at = good.len();
            let mut d = Diagnostic::at(file, good, at..at, "", "the file is not valid UTF-8")
                .expected("UTF-8 text")
                .help(
                    "save the file as UTF-8 (most editors offer it under \"Save with encoding\")",
                );
            d.width = 1;
            return Err(vec![d]);
        }
    };
    parse(text, file)
}
