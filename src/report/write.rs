//! Writing a results folder atomically: every file goes into a temporary
//! folder beside the target, which is renamed into place when complete, so
//! a reader never sees half a result.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
#[error("cannot write results to `{path}`: {source}")]
pub struct WriteError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

fn at(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError {
        path: path.to_path_buf(),
        source,
    }
}

/// Whether `rel` (a path inside a results folder) is one the tool writes:
/// anything else there was put by someone else and is kept.
pub fn written_by_tool(rel: &str) -> bool {
    const TOP: &[&str] = &[
        "summary.json",
        "summary.md",
        "outcomes.csv",
        "headline.csv",
        "report.html",
        "compare.json",
        "compare.md",
        "compare.csv",
        "sweep.json",
        "sweep.md",
        "sweep.csv",
        "explain.md",
        "explain.json",
        "tree.svg",
        "tree.png",
        "stories.md",
        "stories.html",
        "stories.json",
        "sensitivity.json",
        "sensitivity.md",
        "sensitivity.csv",
        "discover.json",
        "discover.md",
        "robustness.json",
        "robustness.md",
        "robustness.csv",
    ];
    let rel = rel.replace('\\', "/");
    // A story's timeline: run-<index>.svg or .png.
    let timeline = |f: &str| {
        f.strip_prefix("run-")
            .and_then(|f| f.strip_suffix(".svg").or_else(|| f.strip_suffix(".png")))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    TOP.contains(&rel.as_str())
        || timeline(&rel)
        || rel
            .strip_prefix("charts/")
            .is_some_and(|f| !f.contains('/') && (f.ends_with(".svg") || f.ends_with(".png")))
}

/// A written results folder, and the files found in the folder it replaced
/// that the tool did not write (moved into the new one, not deleted).
#[derive(Debug)]
pub struct Written {
    pub dir: PathBuf,
    pub kept: Vec<String>,
}

/// Every file under `dir`, as paths relative to it.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(dir.join(&rel)) else {
            continue;
        };
        for e in entries.flatten() {
            let r = rel.join(e.file_name());
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(r),
                Ok(_) => out.push(r),
                Err(_) => {}
            }
        }
    }
    out.sort();
    out
}

/// Remove `.name.tmp-PID` and `.name.old-PID` left in `parent` by a process
/// that is gone (killed before it could clean up).
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let pid = [".tmp-", ".old-"].iter().find_map(|tag| {
            file.strip_prefix(&format!(".{name}{tag}"))
                .and_then(|p| p.parse::<u32>().ok())
        });
        if let Some(pid) = pid
            && pid != std::process::id()
            && !crate::cleanup::alive(pid)
        {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Write `files` (relative path, bytes) as the folder `parent/name`,
/// replacing any previous folder of that name. Files in the previous
/// folder that the tool does not write are moved into the new one.
pub fn write_folder(
    parent: &Path,
    name: &str,
    files: &[(String, Vec<u8>)],
) -> Result<Written, WriteError> {
    std::fs::create_dir_all(parent).map_err(at(parent))?;
    remove_stale(parent, name);
    let target = parent.join(name);
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    crate::cleanup::register(&tmp);
    let result = (|| {
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).map_err(at(&tmp))?;
        }
        std::fs::create_dir(&tmp).map_err(at(&tmp))?;
        for (rel, bytes) in files {
            let p = tmp.join(rel);
            if let Some(dir) = p.parent() {
                std::fs::create_dir_all(dir).map_err(at(dir))?;
            }
            std::fs::write(&p, bytes).map_err(at(&p))?;
        }
        // Someone's notes in the old folder are theirs: carry them over.
        let mut kept = Vec::new();
        if target.is_dir() {
            for rel in files_under(&target) {
                let shown = rel.to_string_lossy().into_owned();
                if written_by_tool(&shown) || tmp.join(&rel).exists() {
                    continue;
                }
                let dest = tmp.join(&rel);
                if let Some(dir) = dest.parent() {
                    std::fs::create_dir_all(dir).map_err(at(dir))?;
                }
                std::fs::copy(target.join(&rel), &dest).map_err(at(&dest))?;
                kept.push(shown);
            }
        }
        // A test hook: hold the finished temporary folder before the swap,
        // so a test can interrupt the write phase.
        if let Some(ms) = std::env::var("REASSURE_TEST_PAUSE_BEFORE_RENAME_MS")
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
        {
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
        // A directory cannot be renamed over a non-empty one: move the old
        // result aside first, then drop it once the new one is in place.
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        let had_old = target.exists();
        if had_old {
            crate::cleanup::register(&old);
            std::fs::rename(&target, &old).map_err(at(&target))?;
        }
        std::fs::rename(&tmp, &target).map_err(at(&target))?;
        crate::cleanup::unregister(&tmp);
        if had_old {
            let _ = std::fs::remove_dir_all(&old);
            crate::cleanup::unregister(&old);
        }
        Ok(Written {
            dir: target.clone(),
            kept,
        })
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
        crate::cleanup::unregister(&tmp);
    }
    result
}

/// Write `files` (relative path, bytes) into `parent`, each under a
/// temporary name renamed into place, so no reader sees half a file.
pub fn write_files(parent: &Path, files: &[(String, Vec<u8>)]) -> Result<(), WriteError> {
    for (rel, bytes) in files {
        let target = parent.join(rel);
        let dir = target.parent().unwrap_or(parent);
        std::fs::create_dir_all(dir).map_err(at(dir))?;
        let name = target
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
        std::fs::write(&tmp, bytes)
            .and_then(|()| std::fs::rename(&tmp, &target))
            .map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                at(&target)(e)
            })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_files_the_tool_did_not_write_and_removes_stale_temporaries() {
        let d = tempfile::tempdir().unwrap();
        write_folder(d.path(), "x", &[("summary.json".into(), b"1".to_vec())]).unwrap();
        std::fs::write(d.path().join("x/notes.txt"), "mine").unwrap();
        std::fs::create_dir(d.path().join("x/sub")).unwrap();
        std::fs::write(d.path().join("x/sub/more.md"), "also mine").unwrap();
        // A temporary left by a process that is gone.
        let stale = d.path().join(format!(".x.tmp-{}", u32::MAX - 3));
        std::fs::create_dir(&stale).unwrap();
        let w = write_folder(d.path(), "x", &[("summary.json".into(), b"2".to_vec())]).unwrap();
        assert_eq!(
            w.kept,
            vec!["notes.txt".to_string(), "sub/more.md".to_string()]
        );
        assert_eq!(
            std::fs::read_to_string(d.path().join("x/notes.txt")).unwrap(),
            "mine"
        );
        assert_eq!(
            std::fs::read(d.path().join("x/summary.json")).unwrap(),
            b"2"
        );
        assert!(!stale.exists());
        assert!(written_by_tool("charts/outcomes.png") && !written_by_tool("charts/x/y.png"));
    }

    #[test]
    fn replaces_previous_results_and_leaves_no_temporaries() {
        let d = tempfile::tempdir().unwrap();
        write_folder(d.path(), "x", &[("summary.md".into(), b"1".to_vec())]).unwrap();
        write_folder(d.path(), "x", &[("charts/c.svg".into(), b"2".to_vec())]).unwrap();
        assert!(!d.path().join("x/summary.md").exists());
        assert_eq!(
            std::fs::read(d.path().join("x/charts/c.svg")).unwrap(),
            b"2"
        );
        let names: Vec<_> = std::fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("x")]);
    }
}
