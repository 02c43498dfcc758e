//! A file the user names for a command to write (`run --export-runs PATH`,
//! `discover --export PATH`, `new FILE`): checked before any work. Only a
//! new regular file, or an existing regular file that is not one of the
//! command's inputs, is written; `-` means standard output. A device, a
//! FIFO, a socket, a symbolic link or a folder is refused, and so is an
//! input under any name (inputs are recognised by device and inode, so a
//! hard link or a symlinked path to the scenario is caught too).

use std::path::{Path, PathBuf};

/// Where the file goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dest {
    Stdout,
    File(PathBuf),
}

/// The identity of an existing file: (device, inode) on Unix, the
/// canonical path elsewhere. Follows symbolic links, as reading does.
#[cfg(unix)]
pub fn identity(path: &Path) -> Option<(u64, u64, PathBuf)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path)
        .ok()
        .map(|m| (m.dev(), m.ino(), PathBuf::new()))
}

#[cfg(not(unix))]
pub fn identity(path: &Path) -> Option<(u64, u64, PathBuf)> {
    std::fs::canonicalize(path).ok().map(|p| (0, 0, p))
}

/// Check `path` as the place to write `what` (e.g. "the per-run CSV"):
/// `inputs` are the files the command reads; `overwrite` allows replacing
/// an existing regular file. The error is the whole message, exit 2.
pub fn check(path: &Path, inputs: &[&Path], overwrite: bool, what: &str) -> Result<Dest, String> {
    if path.as_os_str() == "-" {
        return Ok(Dest::Stdout);
    }
    let shown = path.display();
    let nothing = "nothing was written";
    if path.file_name().is_none() {
        return Err(format!(
            "error: `{shown}` does not name a file for {what}\n  = help: name a file, e.g. runs.csv, or `-` for standard output; {nothing}"
        ));
    }
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        // Nothing there (or a path that cannot exist, such as one under a
        // file): writing it is a new file, or fails with its own message.
        Err(_) => return Ok(Dest::File(path.into())),
    };
    let kind = meta.file_type();
    let refuse = |is: &str| {
        Err(format!(
            "error: `{shown}` is {is}, and {what} is written only to a new file or over a regular file\n  = help: name a new file (e.g. runs.csv), or `-` for standard output; {nothing}"
        ))
    };
    if kind.is_symlink() {
        return refuse("a symbolic link");
    }
    if kind.is_dir() {
        return refuse("a folder");
    }
    if !kind.is_file() {
        return refuse("not a regular file (a device, pipe or socket)");
    }
    let id = identity(path);
    for input in inputs {
        if id.is_some() && identity(input) == id {
            return Err(format!(
                "error: `{shown}` is the scenario file `{}` this command reads; writing {what} there would destroy it\n  = help: name another file, e.g. runs.csv; {nothing}",
                input.display()
            ));
        }
    }
    if !overwrite {
        return Err(format!(
            "error: `{shown}` already exists; {nothing}\n  = help: use --force to overwrite, or choose another name"
        ));
    }
    Ok(Dest::File(path.into()))
}

/// `--export-runs`/`--export` of a command reading `scenario` (`None`: the
/// built-in one; `-`: standard input): the destination, or the exit code
/// after saying why (exit 2, nothing run). Standard output is the CSV's
/// alone, so `--json` cannot share it.
pub fn export_dest(
    path: Option<&Path>,
    scenario: Option<&Path>,
    json: bool,
    flag: &str,
) -> Result<Option<Dest>, u8> {
    let Some(path) = path else {
        return Ok(None);
    };
    let inputs: Vec<&Path> = scenario
        .filter(|p| p.as_os_str() != "-")
        .into_iter()
        .collect();
    let dest = check(path, &inputs, true, "the per-run CSV").and_then(|d| {
        if d == Dest::Stdout && json {
            Err(format!(
                "error: {flag} - and --json both write to standard output\n  = help: write the CSV to a file, or drop --json"
            ))
        } else {
            Ok(d)
        }
    });
    dest.map(Some).map_err(|msg| {
        super::term::warn(&super::term::paint_errors(&format!(
            "{msg}\nnothing was run\n"
        )));
        super::EXIT_INPUT
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_new_or_regular_non_input_files() {
        let d = tempfile::tempdir().unwrap();
        let input = d.path().join("in.toml");
        std::fs::write(&input, "x").unwrap();
        let other = d.path().join("other.csv");
        std::fs::write(&other, "x").unwrap();
        let new = d.path().join("new.csv");
        assert_eq!(check(Path::new("-"), &[], true, "it"), Ok(Dest::Stdout));
        assert_eq!(
            check(&new, &[&input], false, "it"),
            Ok(Dest::File(new.clone()))
        );
        assert_eq!(
            check(&other, &[&input], true, "it"),
            Ok(Dest::File(other.clone()))
        );
        assert!(
            check(&other, &[], false, "it")
                .unwrap_err()
                .contains("already exists")
        );
        assert!(
            check(&input, &[&input], true, "it")
                .unwrap_err()
                .contains("reads")
        );
        assert!(
            check(d.path(), &[], true, "it")
                .unwrap_err()
                .contains("a folder")
        );
        #[cfg(unix)]
        {
            // The input under another name: a hard link and a symlinked folder.
            let hard = d.path().join("hard.csv");
            std::fs::hard_link(&input, &hard).unwrap();
            assert!(
                check(&hard, &[&input], true, "it")
                    .unwrap_err()
                    .contains("reads")
            );
            let link = d.path().join("link.csv");
            std::os::unix::fs::symlink(&other, &link).unwrap();
            assert!(
                check(&link, &[], true, "it")
                    .unwrap_err()
                    .contains("symbolic link")
            );
            assert!(
                check(Path::new("/dev/null"), &[], true, "it")
                    .unwrap_err()
                    .contains("not a regular file")
            );
        }
    }
}
