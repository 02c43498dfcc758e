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

/// Write `files` (relative path, bytes) as the folder `parent/name`,
/// replacing any previous folder of that name.
pub fn write_folder(
    parent: &Path,
    name: &str,
    files: &[(String, Vec<u8>)],
) -> Result<PathBuf, WriteError> {
    std::fs::create_dir_all(parent).map_err(at(parent))?;
    let target = parent.join(name);
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
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
        // A directory cannot be renamed over a non-empty one: move the old
        // result aside first, then drop it once the new one is in place.
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        let had_old = target.exists();
        if had_old {
            std::fs::rename(&target, &old).map_err(at(&target))?;
        }
        std::fs::rename(&tmp, &target).map_err(at(&target))?;
        if had_old {
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(target.clone())
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
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
    fn replaces_previous_results_and_leaves_no_temporaries() {
        let d = tempfile::tempdir().unwrap();
        write_folder(d.path(), "x", &[("a.txt".into(), b"1".to_vec())]).unwrap();
        write_folder(d.path(), "x", &[("b/c.txt".into(), b"2".to_vec())]).unwrap();
        assert!(!d.path().join("x/a.txt").exists());
        assert_eq!(std::fs::read(d.path().join("x/b/c.txt")).unwrap(), b"2");
        let names: Vec<_> = std::fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("x")]);
    }
}
