//! The results folder's lock, `.reassure.lock`: one command at a time
//! writes into a folder, also when that folder is shared by containers or
//! machines.
//!
//! The lock file appears complete and already locked: its text (process id,
//! the process's start time, host, boot and PID namespace) is written to a
//! temporary file, which is `flock`ed and then hard-linked to the lock's
//! name (an exclusive create: it fails if a lock exists). While the holder
//! lives, the kernel holds its `flock`, and the holder refreshes the file's
//! modification time every minute.
//!
//! A lock found in place is live or stale:
//! - its `flock` is held (by any process on this kernel, or through NFS
//!   locking on another machine): live;
//! - it was `flock`ed by its holder and no one holds that now: stale (the
//!   kernel drops the lock of a process that died, however it died, so a
//!   container's PID 1 that was killed leaves a stale lock);
//! - otherwise (a file system without `flock`, or a lock written by an older
//!   version): a holder on this host, boot and PID namespace is live when a
//!   process with its id and start time runs (a reused PID, PID 1 of another
//!   container run included, is not the holder); a holder elsewhere is stale
//!   once its lock has not been refreshed for [`STALE_AFTER`].
//!
//! Taking over a stale lock is serialised by a second exclusive file,
//! `.reassure.lock.takeover`: only its holder may remove the stale lock, and
//! only after reading it again unchanged; then every contender races for the
//! lock's name by exclusive create as usual, so two processes never both
//! hold a folder.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// The name of the lock file inside a results folder.
pub const LOCK: &str = ".reassure.lock";
/// A lock of a holder this process cannot check (another host, boot or
/// PID namespace, on a file system without `flock`) is stale once it has
/// not been refreshed for this long.
pub const STALE_AFTER: Duration = Duration::from_secs(10 * 60);
/// How often a holder refreshes its lock's modification time.
const REFRESH: Duration = Duration::from_secs(60);
/// A takeover file older than this was left by a process killed in the
/// middle of a takeover (which takes microseconds).
const TAKEOVER_STALE: Duration = Duration::from_secs(30);

/// Who holds (or held) a lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub pid: u32,
    /// The process's start time (clock ticks after boot), where known.
    pub start: Option<u64>,
    pub host: String,
    pub boot: String,
    pub pidns: String,
    /// Whether the holder `flock`ed the lock file.
    pub flock: bool,
}

impl Holder {
    /// This process.
    pub fn me() -> Holder {
        let pid = std::process::id();
        Holder {
            pid,
            start: start_time(pid),
            host: host(),
            boot: read_trim("/proc/sys/kernel/random/boot_id"),
            pidns: std::fs::read_link("/proc/self/ns/pid")
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            flock: false,
        }
    }

    fn text(&self) -> String {
        format!(
            "pid={}\nstart={}\nhost={}\nboot={}\npidns={}\nflock={}\n",
            self.pid,
            self.start.map_or_else(String::new, |s| s.to_string()),
            self.host,
            self.boot,
            self.pidns,
            if self.flock { "yes" } else { "no" }
        )
    }

    /// A lock's text; a bare process id is a lock of an older version.
    pub fn parse(text: &str) -> Option<Holder> {
        if let Ok(pid) = text.trim().parse::<u32>() {
            return Some(Holder {
                pid,
                start: None,
                host: String::new(),
                boot: String::new(),
                pidns: String::new(),
                flock: false,
            });
        }
        let field = |k: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(k)?.strip_prefix('='))
                .map(str::to_string)
        };
        Some(Holder {
            pid: field("pid")?.parse().ok()?,
            start: field("start").and_then(|s| s.parse().ok()),
            host: field("host")?,
            boot: field("boot")?,
            pidns: field("pidns")?,
            flock: field("flock")? == "yes",
        })
    }

    /// Whether this process can check the holder's process directly.
    fn local(&self, me: &Holder) -> bool {
        self.host.is_empty()
            || (self.host == me.host && self.boot == me.boot && self.pidns == me.pidns)
    }

    /// "process 123 on host h".
    pub fn describe(&self, me: &Holder) -> String {
        if self.host.is_empty() || self.host == me.host {
            format!("process {}", self.pid)
        } else {
            format!("process {} on host {}", self.pid, self.host)
        }
    }
}

fn read_trim(path: &str) -> String {
    std::fs::read_to_string(path)
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

fn host() -> String {
    let h = read_trim("/proc/sys/kernel/hostname");
    if !h.is_empty() {
        return h;
    }
    let h = read_trim("/etc/hostname");
    if !h.is_empty() {
        return h;
    }
    std::env::var("HOSTNAME")
        .or_else(|_| std::env::var("COMPUTERNAME"))
        .unwrap_or_else(|_| "unknown".into())
}

/// Field 22 of `/proc/PID/stat`: the process's start time in clock ticks
/// after boot (read after the command name, which may hold spaces).
pub fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(19)?.parse().ok()
}

/// Lock files this process holds (a second claim of one folder by this
/// process is refused like anyone else's).
static HELD: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn held() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    HELD.lock().unwrap_or_else(|e| e.into_inner())
}

/// A lock found in place.
#[derive(Debug)]
pub enum Found {
    /// Held: who, and when it was last refreshed.
    Live(String),
    /// Abandoned: its exact text, to remove only that.
    Stale(Vec<u8>),
    /// Gone before it could be read: try again.
    Gone,
}

/// Judge the lock at `path`.
pub fn judge(path: &Path) -> Found {
    let me = Holder::me();
    let Ok(file) = File::open(path) else {
        return Found::Gone;
    };
    let Ok(bytes) = std::fs::read(path) else {
        return Found::Gone;
    };
    let age = file
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .unwrap_or_default();
    let holder = Holder::parse(&String::from_utf8_lossy(&bytes));
    let kernel = match file.try_lock() {
        Ok(()) => {
            let _ = file.unlock();
            Some(false)
        }
        Err(std::fs::TryLockError::WouldBlock) => Some(true),
        Err(std::fs::TryLockError::Error(_)) => None,
    };
    let who = holder
        .as_ref()
        .map_or_else(|| "another reassure".to_string(), |h| h.describe(&me));
    if kernel == Some(true) {
        return Found::Live(who);
    }
    let Some(h) = holder else {
        // Being written by a file system without hard links, or garbage.
        return if age < Duration::from_secs(30) {
            Found::Live(who)
        } else {
            Found::Stale(bytes)
        };
    };
    if h.flock && kernel == Some(false) {
        return Found::Stale(bytes);
    }
    if h.local(&me) {
        let mine = h.pid == me.pid && (h.start.is_none() || h.start == me.start);
        let alive = if mine {
            held().iter().any(|p| p == path)
        } else {
            crate::cleanup::alive(h.pid) && (h.start.is_none() || start_time(h.pid) == h.start)
        };
        if alive {
            Found::Live(who)
        } else {
            Found::Stale(bytes)
        }
    } else if age > STALE_AFTER {
        Found::Stale(bytes)
    } else {
        Found::Live(format!(
            "{who} (last refreshed {} s ago; a lock from another host or container that it cannot check is taken as abandoned {} minutes after its last refresh)",
            age.as_secs(),
            STALE_AFTER.as_secs() / 60
        ))
    }
}

/// A held lock: removed, and its `flock` dropped, when this is dropped.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    file: File,
    /// Dropping it stops the refreshing thread.
    _refresh: std::sync::mpsc::Sender<()>,
}

/// Why a lock could not be taken.
#[derive(Debug)]
pub enum LockError {
    Busy(String),
    Io(std::io::Error),
}

impl Lock {
    /// Take the lock at `path` (exclusive create; a stale lock is taken
    /// over, one contender at a time).
    pub fn take(path: &Path) -> Result<Lock, LockError> {
        for _ in 0..5 {
            match Lock::create(path) {
                Ok(l) => return Ok(l),
                Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
                    return Err(LockError::Io(e));
                }
                Err(_) => {}
            }
            match judge(path) {
                Found::Live(who) => return Err(LockError::Busy(who)),
                Found::Gone => continue,
                Found::Stale(text) => take_over(path, &text)?,
            }
        }
        Err(LockError::Busy(
            "other reassure processes contending for it".into(),
        ))
    }

    /// Create the lock, complete and locked, or fail with AlreadyExists.
    fn create(path: &Path) -> std::io::Result<Lock> {
        use std::io::Write as _;
        let dir = path.parent().unwrap_or(Path::new("."));
        // Unique to this attempt (threads of one process share its id).
        static ATTEMPT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let tmp = dir.join(format!(
            "{}.new-{}-{}",
            path.file_name().unwrap_or_default().to_string_lossy(),
            std::process::id(),
            ATTEMPT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        let mut me = Holder::me();
        me.flock = lock_own(&file);
        let linked = file
            .write_all(me.text().as_bytes())
            .and_then(|()| file.sync_all())
            .and_then(|()| match std::fs::hard_link(&tmp, path) {
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
                // A file system without hard links: an exclusive create,
                // then the text (a reader meanwhile sees a fresh empty lock,
                // which it takes as live).
                Err(_) => {
                    let mut f = std::fs::OpenOptions::new()
                        .write(true)
                        .create_new(true)
                        .open(path)?;
                    me.flock = lock_own(&f);
                    f.write_all(me.text().as_bytes())?;
                    file = f;
                    Ok(())
                }
                Ok(()) => Ok(()),
            });
        let _ = std::fs::remove_file(&tmp);
        linked?;
        crate::report::write::sync_dir(dir);
        held().push(path.to_path_buf());
        crate::cleanup::register(path);
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        if let Ok(f) = file.try_clone() {
            std::thread::spawn(move || {
                while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = rx.recv_timeout(REFRESH)
                {
                    let _ = f.set_modified(SystemTime::now());
                }
            });
        }
        Ok(Lock {
            path: path.to_path_buf(),
            file,
            _refresh: tx,
        })
    }
}

/// `flock` a file this process just created; a checker may hold it for a
/// moment, so a few tries. False on a file system without `flock`.
fn lock_own(file: &File) -> bool {
    for _ in 0..50 {
        match file.try_lock() {
            Ok(()) => return true,
            Err(std::fs::TryLockError::WouldBlock) => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(std::fs::TryLockError::Error(_)) => return false,
        }
    }
    false
}

/// Remove the stale lock at `path` whose text is `text`, if it is still
/// that lock, holding the takeover file meanwhile.
fn take_over(path: &Path, text: &[u8]) -> Result<(), LockError> {
    let mutex = path.with_file_name(format!(
        "{}.takeover",
        path.file_name().unwrap_or_default().to_string_lossy()
    ));
    let claim = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&mutex)
    };
    let guard = match claim() {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let old = std::fs::symlink_metadata(&mutex)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| SystemTime::now().duration_since(t).ok())
                .is_some_and(|age| age > TAKEOVER_STALE);
            if !old {
                // Another process is taking it over right now.
                return Ok(());
            }
            let _ = std::fs::remove_file(&mutex);
            match claim() {
                Ok(f) => f,
                Err(_) => return Ok(()),
            }
        }
        Err(e) => return Err(LockError::Io(e)),
    };
    crate::cleanup::register(&mutex);
    if std::fs::read(path).is_ok_and(|now| now == text) {
        let _ = std::fs::remove_file(path);
    }
    drop(guard);
    let _ = std::fs::remove_file(&mutex);
    crate::cleanup::unregister(&mutex);
    Ok(())
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Remove the name while still holding the flock, and only if it
        // is still this lock.
        let ours = match (std::fs::metadata(&self.path), self.file.metadata()) {
            #[cfg(unix)]
            (Ok(a), Ok(b)) => {
                use std::os::unix::fs::MetadataExt;
                a.dev() == b.dev() && a.ino() == b.ino()
            }
            #[cfg(not(unix))]
            (Ok(_), Ok(_)) => true,
            _ => false,
        };
        if ours {
            let _ = std::fs::remove_file(&self.path);
        }
        held().retain(|p| p != &self.path);
        crate::cleanup::unregister(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_round_trip_and_old_locks_are_read() {
        let mut me = Holder::me();
        me.flock = true;
        assert_eq!(Holder::parse(&me.text()), Some(me.clone()));
        assert_eq!(Holder::parse("123\n").map(|h| h.pid), Some(123));
        assert_eq!(Holder::parse("garbage"), None);
        #[cfg(target_os = "linux")]
        assert!(me.start.is_some() && !me.host.is_empty() && !me.boot.is_empty());
    }

    #[test]
    fn one_holder_then_stale_locks_of_every_kind_are_taken_over() {
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join(LOCK);
        let first = Lock::take(&path).unwrap();
        assert!(matches!(Lock::take(&path), Err(LockError::Busy(_))));
        drop(first);
        assert!(!path.exists());
        let me = Holder::me();
        // This process's own PID with another start time: a reused PID
        // (PID 1 of an earlier container run).
        let reused = Holder {
            start: me.start.map(|s| s + 1),
            ..me.clone()
        };
        std::fs::write(&path, reused.text()).unwrap();
        drop(Lock::take(&path).unwrap());
        // flock'ed by a holder no one holds now: its process died.
        let dead = Holder {
            host: "elsewhere".into(),
            flock: true,
            ..me.clone()
        };
        std::fs::write(&path, dead.text()).unwrap();
        drop(Lock::take(&path).unwrap());
        // Another host without flock: live while refreshed, stale after.
        let remote = Holder {
            host: "elsewhere".into(),
            ..me.clone()
        };
        std::fs::write(&path, remote.text()).unwrap();
        match Lock::take(&path) {
            Err(LockError::Busy(who)) => assert!(who.contains("on host elsewhere"), "{who}"),
            other => panic!("{other:?}"),
        }
        let f = File::options().write(true).open(&path).unwrap();
        f.set_modified(SystemTime::now() - STALE_AFTER - Duration::from_secs(5))
            .unwrap();
        drop(Lock::take(&path).unwrap());
        // An old version's lock naming a dead process.
        std::fs::write(&path, format!("{}\n", u32::MAX - 9)).unwrap();
        drop(Lock::take(&path).unwrap());
    }

    #[test]
    fn contenders_for_a_stale_lock_never_both_hold_it() {
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join(LOCK);
        for _ in 0..20 {
            std::fs::write(&path, format!("{}\n", u32::MAX - 9)).unwrap();
            let winners = std::sync::atomic::AtomicUsize::new(0);
            let holding = std::sync::atomic::AtomicUsize::new(0);
            std::thread::scope(|s| {
                for _ in 0..4 {
                    s.spawn(|| {
                        if let Ok(l) = Lock::take(&path) {
                            use std::sync::atomic::Ordering::SeqCst;
                            assert_eq!(holding.fetch_add(1, SeqCst), 0, "two holders");
                            winners.fetch_add(1, SeqCst);
                            std::thread::sleep(Duration::from_millis(5));
                            holding.fetch_sub(1, SeqCst);
                            drop(l);
                        }
                    });
                }
            });
            assert!(winners.into_inner() >= 1);
            let _ = std::fs::remove_file(&path);
        }
    }
}
