//! What protects the results folder: it is checked to be writable before
//! anything is simulated, one command at a time writes into it (a lock
//! file), and Ctrl-C removes the half-written temporary folder and the lock
//! before exiting 130.

use super::term::{abandon_progress, warn};
use std::path::Path;

/// On SIGINT, SIGTERM (what Slurm and Kubernetes send) and SIGHUP: finish
/// the progress line, remove temporary folders and lock files, say so, and
/// exit 130. A commit of finished results in progress (a few renames) is
/// completed first, so an interrupt never leaves half of it.
pub fn install_interrupt_handler() {
    let _ = ctrlc::set_handler(|| {
        let _commit = crate::cleanup::commit_guard();
        abandon_progress();
        crate::cleanup::remove_pending();
        warn("\ninterrupted: nothing more was written\n");
        std::process::exit(i32::from(super::EXIT_INTERRUPTED));
    });
}

/// The results folder, checked and locked for this command. Dropping it
/// releases the lock.
#[derive(Debug)]
pub struct OutFolder {
    _lock: super::lock::Lock,
}

/// Before any work: check the work against the limits (exit 2 if beyond)
/// and claim the results folder (exit 3 if it cannot be written or is in
/// use), saying why and that nothing was run. `names` are the folders the
/// command will write inside it: each must be a real folder or absent.
pub fn prepare(
    opts: &super::RunOpts,
    points: u64,
    trajectories: u64,
    names: &[&str],
) -> Result<OutFolder, u8> {
    if let Err(msg) = super::limits::check(points, trajectories, opts.allow_large) {
        warn(&format!("{msg}\nnothing was run\n"));
        return Err(super::EXIT_INPUT);
    }
    let claimed = OutFolder::claim(&opts.output.out).and_then(|o| {
        for name in names {
            if let Some(why) = crate::report::write::refuse_target(&opts.output.out, name) {
                return Err(format!("error: {why}"));
            }
        }
        Ok(o)
    });
    claimed.map_err(|msg| {
        warn(&format!("{msg}\nnothing was run\n"));
        super::EXIT_WRITE
    })
}

/// The name of the lock file inside a results folder.
pub const LOCK: &str = super::lock::LOCK;

impl OutFolder {
    /// Check `out` before any work: it must be (or become) a writable
    /// folder, and no other live `reassure` may be writing into it.
    pub fn claim(out: &Path) -> Result<OutFolder, String> {
        let shown = out.display();
        if out.exists() && !out.is_dir() {
            return Err(format!(
                "error: --out `{shown}` is a file, not a folder\n  = help: choose a folder for the results with --out DIR"
            ));
        }
        std::fs::create_dir_all(out).map_err(|e| {
            format!("error: cannot create the results folder `{shown}`: {e}\n  = help: choose a writable folder with --out DIR")
        })?;
        let lock = out.join(LOCK);
        match super::lock::Lock::take(&lock) {
            Ok(l) => Ok(OutFolder { _lock: l }),
            Err(super::lock::LockError::Busy(who)) => Err(format!(
                "error: another reassure ({who}) is writing results into `{shown}`\n  = help: wait for it to finish, or choose another folder with --out DIR (two commands writing one folder would mix their results)"
            )),
            Err(super::lock::LockError::Io(e)) => Err(format!(
                "error: cannot write into the results folder `{shown}`: {e}\n  = help: choose a writable folder with --out DIR"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_claim_at_a_time_and_stale_locks_are_taken_over() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out");
        let first = OutFolder::claim(&out).unwrap();
        // Another live process holds it: this process itself, seen as another.
        let err = OutFolder::claim(&out).unwrap_err();
        assert!(err.contains("is writing results into"), "{err}");
        drop(first);
        assert!(!out.join(LOCK).exists());
        // A lock left by a dead process is taken over.
        std::fs::write(out.join(LOCK), format!("{}\n", u32::MAX - 9)).unwrap();
        let again = OutFolder::claim(&out).unwrap();
        drop(again);
        // A file where the folder should be is refused up front.
        let file = d.path().join("file");
        std::fs::write(&file, "x").unwrap();
        assert!(OutFolder::claim(&file).unwrap_err().contains("is a file"));
    }
}
