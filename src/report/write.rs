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

/// Create `path` as a new file for writing, never through a link or over
/// another file: a temporary's name is predictable (`.name.tmp-PID`), so one
/// found there (left by a killed process of the same PID, or planted as a
/// symbolic link) is removed, not followed, and the creation retried once.
pub fn create_new(path: &Path) -> std::io::Result<std::fs::File> {
    let open = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
    };
    match open() {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            remove_any(path)?;
            open()
        }
        r => r,
    }
}

/// Flush a folder's entries to disk after a rename into it, so a crash
/// cannot leave the old name and the new file's data in disagreement. Not
/// every platform can open a folder; there it is skipped.
pub fn sync_dir(dir: &Path) {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    if let Ok(f) = std::fs::File::open(dir) {
        let _ = f.sync_all();
    }
}

/// Write `bytes` to the new file `tmp`, flushed to disk, then rename it to
/// `target` (replacing a regular file there, never writing through a link or
/// into a device: rename replaces the name itself) and flush the folder.
pub fn write_then_rename(tmp: &Path, target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let result = (|| {
        let mut f = create_new(tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(tmp, target)?;
        sync_dir(target.parent().unwrap_or(Path::new(".")));
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(tmp);
    }
    result
}

/// Remove `path` whatever it is, never following a link: a symbolic link
/// is removed itself, a folder with everything under it (its read-only
/// folders made writable first, so a result saved read-only does not stay
/// behind as `.name.old-PID`).
pub fn remove_any(path: &Path) -> std::io::Result<()> {
    let meta = std::fs::symlink_metadata(path)?;
    if !meta.is_dir() {
        return std::fs::remove_file(path);
    }
    if std::fs::remove_dir_all(path).is_ok() {
        return Ok(());
    }
    make_writable(path);
    std::fs::remove_dir_all(path)
}

/// Give the owner write and search permission on every real folder under
/// `dir` (links are not followed), so its entries can be removed.
fn make_writable(dir: &Path) {
    let Ok(meta) = std::fs::symlink_metadata(dir) else {
        return;
    };
    if !meta.is_dir() {
        return;
    }
    let mut perms = meta.permissions();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        perms.set_mode(perms.mode() | 0o700);
    }
    #[cfg(not(unix))]
    perms.set_readonly(false);
    let _ = std::fs::set_permissions(dir, perms);
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                make_writable(&e.path());
            }
        }
    }
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
        MANIFEST,
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

/// The hidden list, inside a results folder, of the files the tool wrote
/// there: when the folder is rewritten, everything not on it is the user's
/// and is kept (a chart a user saved under `charts/` included).
pub const MANIFEST: &str = ".reassure-files";

/// A written results folder, and what became of the entries found in the
/// folder it replaced that the tool did not write.
#[derive(Debug)]
pub struct Written {
    pub dir: PathBuf,
    /// Files (and symbolic links, kept as links) carried over.
    pub kept: Vec<String>,
    /// Entries that could not be carried over (a device, FIFO or socket
    /// that could not be moved), removed with the old folder.
    pub not_kept: Vec<String>,
    /// The previous folder, when it could not be removed, and why.
    pub leftover: Option<(PathBuf, std::io::Error)>,
}

/// Every entry under `dir` that is not a real folder (files, links,
/// devices...), as paths relative to it. Links are listed, never followed.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(dir.join(&rel)) else {
            continue;
        };
        for e in entries.flatten() {
            let r = rel.join(e.file_name());
            // DirEntry::file_type does not follow links.
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

/// How an entry of the old folder is carried over.
enum Carried {
    Kept,
    NotKept,
}

/// Carry the entry `from` over to the new path `to` without following a
/// link: a regular file is copied (opened without following links, and
/// without blocking on a FIFO swapped in meanwhile), a symbolic link is
/// made again as the same link (its target is never read), and anything
/// else (a FIFO, socket or device node) is moved, never opened; if it
/// cannot be moved it is not kept.
fn carry(from: &Path, to: &Path) -> std::io::Result<Carried> {
    let meta = std::fs::symlink_metadata(from)?;
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir)?;
    }
    if meta.file_type().is_symlink() {
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(std::fs::read_link(from)?, to)?;
            return Ok(Carried::Kept);
        }
        #[cfg(not(unix))]
        return Ok(Carried::NotKept);
    }
    let moved = || match std::fs::rename(from, to) {
        Ok(()) => Carried::Kept,
        Err(_) => Carried::NotKept,
    };
    if !meta.file_type().is_file() {
        return Ok(moved());
    }
    let mut open = std::fs::OpenOptions::new();
    open.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        open.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let mut src = open.open(from)?;
    let now = src.metadata()?;
    if !now.is_file() {
        drop(src);
        return Ok(moved());
    }
    let mut dest = create_new(to)?;
    std::io::copy(&mut src, &mut dest)?;
    dest.set_permissions(now.permissions())?;
    Ok(Carried::Kept)
}

/// Remove `.name.tmp-PID` and `.name.old-PID` left in `parent` by a process
/// that is gone (killed before it could clean up), links and read-only
/// folders included.
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
        // This process's own PID on a leftover it is not writing is a
        // reused PID (a container's PID 1 of an earlier run).
        let path = e.path();
        if let Some(pid) = pid
            && ((pid == std::process::id() && !crate::cleanup::is_pending(&path))
                || (pid != std::process::id() && !crate::cleanup::alive(pid)))
        {
            let _ = remove_any(&path);
        }
    }
}

/// Why `parent/name` cannot take a results folder, if it cannot: a
/// symbolic link (whose target tree must be neither read nor replaced) or
/// something other than a folder. Checked before any work and again when
/// writing.
pub fn refuse_target(parent: &Path, name: &str) -> Option<String> {
    let target = parent.join(name);
    let meta = std::fs::symlink_metadata(&target).ok()?;
    let t = meta.file_type();
    if t.is_symlink() {
        let to = std::fs::read_link(&target)
            .map(|p| format!(" (to `{}`)", p.display()))
            .unwrap_or_default();
        Some(format!(
            "`{}` is a symbolic link{to}; results are written only into a real folder, and nothing under the link's target is read or replaced\n  = help: remove the link, or choose another folder with --out DIR",
            target.display()
        ))
    } else if !t.is_dir() {
        Some(format!(
            "`{}` is a file, not a results folder\n  = help: move the file away, or choose another folder with --out DIR",
            target.display()
        ))
    } else {
        None
    }
}

/// Write `bytes` as the new file `path`, flushed to disk.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut f = create_new(path)?;
    f.write_all(bytes)?;
    f.sync_data()
}

/// Write `files` (relative path, bytes) as the folder `parent/name`,
/// replacing any previous folder of that name. Entries in the previous
/// folder that the tool did not write are carried into the new one.
pub fn write_folder(
    parent: &Path,
    name: &str,
    files: &[(String, Vec<u8>)],
) -> Result<Written, WriteError> {
    let staged = stage_folder(parent, name, files)?;
    let _commit = crate::cleanup::commit_guard();
    staged.commit()
}

/// A results folder written in full under its temporary name, not yet in
/// place (`batch` stages every scenario's folder, then commits them all
/// with the index, so an interrupt leaves either all or none).
#[derive(Debug)]
pub struct Staged {
    parent: PathBuf,
    name: String,
    tmp: PathBuf,
    kept: Vec<String>,
    not_kept: Vec<String>,
}

/// Write `files` as the temporary folder `parent/.name.tmp-PID`, with the
/// user's entries of the previous `parent/name` carried over.
pub fn stage_folder(
    parent: &Path,
    name: &str,
    files: &[(String, Vec<u8>)],
) -> Result<Staged, WriteError> {
    std::fs::create_dir_all(parent).map_err(at(parent))?;
    remove_stale(parent, name);
    let target = parent.join(name);
    if let Some(why) = refuse_target(parent, name) {
        return Err(WriteError {
            path: target,
            source: std::io::Error::other(why.lines().next().unwrap_or_default().to_string()),
        });
    }
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    crate::cleanup::register(&tmp);
    let result = (|| {
        // Each entry is written with interrupts held off: the interrupt
        // handler takes the same guard and never gives it back, so it
        // removes a folder no thread is still writing into.
        let writing = crate::cleanup::commit_guard();
        if std::fs::symlink_metadata(&tmp).is_ok() {
            remove_any(&tmp).map_err(at(&tmp))?;
        }
        std::fs::create_dir(&tmp).map_err(at(&tmp))?;
        for (rel, bytes) in files {
            let p = tmp.join(rel);
            if let Some(dir) = p.parent() {
                std::fs::create_dir_all(dir).map_err(at(dir))?;
            }
            write_new(&p, bytes).map_err(at(&p))?;
        }
        let mut manifest: Vec<&str> = files.iter().map(|(rel, _)| rel.as_str()).collect();
        manifest.sort_unstable();
        let mut list = manifest.join("\n");
        list.push('\n');
        write_new(&tmp.join(MANIFEST), list.as_bytes()).map_err(at(&tmp))?;
        // Someone's notes in the old folder are theirs: carry them over.
        // What the tool wrote there is on the old folder's list (or, for a
        // folder written before the list existed, has a name it writes).
        let (mut kept, mut not_kept) = (Vec::new(), Vec::new());
        if std::fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
            let old_list = std::fs::symlink_metadata(target.join(MANIFEST))
                .ok()
                .filter(|m| m.is_file())
                .and_then(|_| std::fs::read_to_string(target.join(MANIFEST)).ok());
            let tools = |rel: &str| match &old_list {
                Some(list) => rel == MANIFEST || list.lines().any(|l| l == rel),
                None => written_by_tool(rel),
            };
            for rel in files_under(&target) {
                let shown = rel.to_string_lossy().replace('\\', "/");
                if tools(&shown) || std::fs::symlink_metadata(tmp.join(&rel)).is_ok() {
                    continue;
                }
                let dest = tmp.join(&rel);
                match carry(&target.join(&rel), &dest).map_err(at(&dest))? {
                    Carried::Kept => kept.push(shown),
                    Carried::NotKept => not_kept.push(shown),
                }
            }
        }
        drop(writing);
        // A test hook: hold the finished temporary folder before the swap,
        // so a test can interrupt the write phase.
        if let Some(ms) = std::env::var("REASSURE_TEST_PAUSE_BEFORE_RENAME_MS")
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
        {
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
        // The new folder's entries are on disk before it takes the name.
        sync_dir(&tmp);
        Ok(Staged {
            parent: parent.to_path_buf(),
            name: name.to_string(),
            tmp: tmp.clone(),
            kept,
            not_kept,
        })
    })();
    if result.is_err() {
        let _ = remove_any(&tmp);
        crate::cleanup::unregister(&tmp);
    }
    result
}

impl Staged {
    /// Drop the staged folder unused.
    pub fn discard(self) {
        let _ = remove_any(&self.tmp);
        crate::cleanup::unregister(&self.tmp);
    }

    /// Put the staged folder in place of `parent/name` (call under
    /// [`crate::cleanup::commit_guard`]).
    pub fn commit(self) -> Result<Written, WriteError> {
        let Staged {
            parent,
            name,
            tmp,
            kept,
            not_kept,
        } = self;
        let target = parent.join(&name);
        let result = (|| {
            if let Some(why) = refuse_target(&parent, &name) {
                return Err(WriteError {
                    path: target.clone(),
                    source: std::io::Error::other(
                        why.lines().next().unwrap_or_default().to_string(),
                    ),
                });
            }
            // A directory cannot be renamed over a non-empty one: move the
            // old result aside first, then drop it once the new one is in
            // place.
            let old = parent.join(format!(".{name}.old-{}", std::process::id()));
            let had_old = std::fs::symlink_metadata(&target).is_ok();
            if had_old {
                crate::cleanup::register(&old);
                std::fs::rename(&target, &old).map_err(at(&target))?;
            }
            if let Err(e) = std::fs::rename(&tmp, &target) {
                if had_old {
                    // Put the previous result back rather than leave none.
                    let _ = std::fs::rename(&old, &target);
                    crate::cleanup::unregister(&old);
                }
                return Err(at(&target)(e));
            }
            crate::cleanup::unregister(&tmp);
            sync_dir(&parent);
            let mut leftover = None;
            if had_old {
                if let Err(e) = remove_any(&old) {
                    leftover = Some((old.clone(), e));
                }
                crate::cleanup::unregister(&old);
            }
            Ok(Written {
                dir: target.clone(),
                kept,
                not_kept,
                leftover,
            })
        })();
        if result.is_err() {
            let _ = remove_any(&tmp);
            crate::cleanup::unregister(&tmp);
        }
        result
    }
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
        crate::cleanup::register(&tmp);
        let done = write_then_rename(&tmp, &target, bytes);
        crate::cleanup::unregister(&tmp);
        done.map_err(at(&target))?;
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
