//! Paths to remove if the process is interrupted: temporary result folders
//! and lock files. Writers register what they create and unregister it once
//! it is renamed into place or released; the command line's interrupt
//! handler removes whatever is still registered before it exits, so Ctrl-C
//! never leaves a `.slug.tmp-PID/` folder or a stale lock behind.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Held while finished results are renamed into place (a few renames): the
/// interrupt handler takes it before cleaning up, so an interrupt waits for
/// the commit instead of leaving half of it.
static COMMIT: Mutex<()> = Mutex::new(());

/// Hold off interrupts while the guard lives (a commit of results).
pub fn commit_guard() -> std::sync::MutexGuard<'static, ()> {
    COMMIT.lock().unwrap_or_else(|e| e.into_inner())
}

/// Whether `path` is registered (a temporary this process is writing).
pub fn is_pending(path: &Path) -> bool {
    pending().iter().any(|p| p == path)
}

fn pending() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    // A poisoned lock only means a panic elsewhere; the list is still sound.
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Remove `path` (a file or a folder) if the process is interrupted.
pub fn register(path: &Path) {
    pending().push(path.to_path_buf());
}

/// `path` is no longer temporary.
pub fn unregister(path: &Path) {
    pending().retain(|p| p != path);
}

/// Remove everything still registered (the interrupt handler's job).
pub fn remove_pending() {
    for p in pending().drain(..) {
        // Never through a link: a link is removed itself.
        let _ = crate::report::write::remove_any(&p);
    }
}

/// Whether process `pid` is alive. On systems without `/proc` a process is
/// assumed alive, so nothing that might be in use is removed.
pub fn alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_paths_are_removed_and_unregistered_ones_kept() {
        let d = tempfile::tempdir().unwrap();
        let (a, b) = (d.path().join("a"), d.path().join("b"));
        std::fs::create_dir(&a).unwrap();
        std::fs::write(&b, "x").unwrap();
        register(&a);
        register(&b);
        unregister(&b);
        remove_pending();
        assert!(!a.exists() && b.exists());
        assert!(alive(std::process::id()));
        assert!(!alive(u32::MAX - 7));
    }
}
