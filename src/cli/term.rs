//! Everything the command line prints goes through here, so that a closed
//! pipe (`reassure validate *.toml | head -1`) or a full disk never panics:
//! after stdout closes, further output is dropped and the command finishes
//! with its usual exit code; any other stdout failure ends in exit 3 with a
//! message. Control characters are escaped on the way out, and colour is
//! used only on a terminal without `NO_COLOR`.

use crate::text::printable;
use std::io::{IsTerminal, Write};
use std::sync::Mutex;

/// Why stdout stopped taking output, if it did.
static STDOUT_BROKEN: Mutex<Option<String>> = Mutex::new(None);
static STDOUT_CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Print to stdout. A closed pipe ends output quietly; another failure is
/// remembered for [`exit_code`].
pub fn say(s: &str) {
    use std::sync::atomic::Ordering;
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let text = printable(s);
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            *STDOUT_BROKEN.lock().unwrap_or_else(|p| p.into_inner()) = Some(e.to_string());
        }
    }
}

/// `--quiet`: notes are silenced (errors never are).
static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, std::sync::atomic::Ordering::Relaxed);
}

/// A note on stderr (not an error), unless `--quiet`.
pub fn note(s: &str) {
    if !QUIET.load(std::sync::atomic::Ordering::Relaxed) {
        warn(s);
    }
}

/// Print to stderr; if stderr is gone there is no one to tell.
pub fn warn(s: &str) {
    let text = printable(s);
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

/// The exit code, once stdout's fate is known: a command that succeeded
/// but could not print its results to a failing stdout (not a closed pipe)
/// exits 3.
pub fn exit_code(code: u8) -> u8 {
    match STDOUT_BROKEN
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .take()
    {
        Some(e) => {
            warn(&format!("error: cannot write to standard output: {e}\n"));
            if code == 0 { super::EXIT_WRITE } else { code }
        }
        None => code,
    }
}

/// Colour on stderr: only on a terminal, never with `NO_COLOR` set
/// (no-color.org) or on a dumb terminal.
pub fn colour() -> bool {
    colour_for(
        std::io::stderr().is_terminal(),
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        std::env::var("TERM").is_ok_and(|t| t == "dumb"),
    )
}

fn colour_for(terminal: bool, no_color: bool, dumb: bool) -> bool {
    terminal && !no_color && !dumb
}

/// `error:` in bold red where colour is allowed.
pub fn paint_errors(text: &str) -> String {
    if colour() {
        text.replace("error:", "\u{1b}[1;31merror:\u{1b}[0m")
    } else {
        text.to_string()
    }
}

/// A rate for people: "1.21 M/s", "950 k/s", "12 /s".
pub fn rate(per_sec: f64) -> String {
    if per_sec >= 1e6 {
        format!("{:.2} M/s", per_sec / 1e6)
    } else if per_sec >= 1e4 {
        format!("{:.0} k/s", per_sec / 1e3)
    } else {
        format!("{per_sec:.0} /s")
    }
}

/// A progress bar on stderr when it is a terminal and not `--quiet`:
/// "3,670,016 / 30,000,000 runs  1.21 M/s  ETA 12s". The interrupt handler
/// finishes its line before the process exits.
pub fn progress(total: u64, quiet: bool) -> Option<indicatif::ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let style = indicatif::ProgressStyle::with_template(
        "{spinner} {prefix} [{bar:40}] {done} / {total} runs  {rate}  ETA {eta}",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
    .with_key(
        "done",
        |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{}", crate::report::table::num(s.pos() as f64));
        },
    )
    .with_key(
        "total",
        |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(
                w,
                "{}",
                crate::report::table::num(s.len().unwrap_or(0) as f64)
            );
        },
    )
    .with_key(
        "rate",
        |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{}", rate(s.per_sec()));
        },
    )
    .progress_chars("=> ");
    let pb = indicatif::ProgressBar::new(total);
    pb.set_style(style);
    *PROGRESS.lock().unwrap_or_else(|e| e.into_inner()) = Some(pb.clone());
    Some(pb)
}

/// The progress bar on screen, so an interrupt can finish its line.
static PROGRESS: Mutex<Option<indicatif::ProgressBar>> = Mutex::new(None);

/// Leave the progress bar's line as it is and move past it (on interrupt).
pub fn abandon_progress() {
    if let Some(pb) = PROGRESS.lock().unwrap_or_else(|e| e.into_inner()).take() {
        pb.abandon();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_like_people_write_them() {
        assert_eq!(rate(1_212_345.0), "1.21 M/s");
        assert_eq!(rate(950_400.0), "950 k/s");
        assert_eq!(rate(12.4), "12 /s");
    }

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        assert!(colour_for(true, false, false));
        assert!(!colour_for(true, true, false), "NO_COLOR honoured");
        assert!(!colour_for(false, false, false), "not a terminal");
        assert!(!colour_for(true, false, true), "TERM=dumb");
    }
}
