//! Work a command takes on without `--allow-large`, refused up front (exit
//! 2) rather than discovered after minutes or gigabytes: at most
//! [`MAX_GRID_POINTS`] sweep points and [`MAX_TRAJECTORIES`] trajectories
//! per command; with the flag, 1,000,000 points and 10^12 trajectories.
//! The memory a sweep or a comparison will hold is estimated before it
//! starts and refused beyond [`MAX_MEMORY`] (with the flag,
//! [`LARGE_MEMORY`]; never beyond the machine's memory), and a comparison
//! takes at most [`MAX_OPTIONS`] options (with the flag, [`LARGE_OPTIONS`]).

/// Grid points a sweep may have (a 1,000-point grid already draws a
/// 1,000-cell heatmap per outcome).
pub const MAX_GRID_POINTS: u64 = 1_000;
/// Trajectories one command may simulate: the most one scenario may ask
/// for (product brief), about an hour and a half on two cores.
pub const MAX_TRAJECTORIES: u64 = 10_000_000_000;
const LARGE_GRID_POINTS: u64 = 1_000_000;
pub const LARGE_TRAJECTORIES: u64 = 1_000_000_000_000;
/// Memory a command may plan to hold (bytes), and with `--allow-large`.
pub const MAX_MEMORY: u64 = 4 << 30;
pub const LARGE_MEMORY: u64 = 64 << 30;
/// Options one `compare` may take: its report grows with the square of
/// their number (a chart panel per option, a bar per option in each), and
/// its charts are read up to ten.
pub const MAX_OPTIONS: usize = 20;
pub const LARGE_OPTIONS: usize = 100;

/// The memory one simulated grid point or option holds while a command
/// runs, as allocated: its aggregate (a histogram per per-run figure, the
/// monthly and mission-state arrays) and room for its summary. An upper
/// bound: a 24-month sweep's points measured 147 KB each resident (the
/// histograms' untouched pages are not), against 272 KB estimated.
pub fn bytes_per_aggregate(horizon: u32) -> u64 {
    use crate::engine::aggregate::{MONTHLY, N_METRICS, N_STATES};
    let hist = crate::engine::hist::NBINS as u64 * 8;
    let arrays = (MONTHLY.len() + N_STATES) as u64 * (u64::from(horizon) + 2) * 8;
    N_METRICS as u64 * hist + arrays + 16 * 1024
}

/// The machine's memory in bytes, where the system says.
fn machine_memory() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let kb: u64 = info
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}

/// Check the memory a command will hold, `bytes`, for `what` (e.g. "the
/// sweep's 100,000 grid points"). The message says what to do.
pub fn check_memory(bytes: u64, what: &str, allow_large: bool) -> Result<(), String> {
    let limit = if allow_large {
        LARGE_MEMORY
    } else {
        MAX_MEMORY
    };
    let gib = |b: u64| format!("{:.1} GiB", b as f64 / (1u64 << 30) as f64);
    if let Some(total) = machine_memory()
        && bytes > total
    {
        return Err(format!(
            "error: {what} would hold about {} in memory, more than this machine has ({})\n  = help: use fewer points or options (split the work into several commands)",
            gib(bytes),
            gib(total)
        ));
    }
    if bytes > limit {
        let help = if allow_large {
            "the hard limit even with --allow-large; split the work into several commands"
        } else {
            "pass --allow-large to go beyond it, or use fewer points or options"
        };
        return Err(format!(
            "error: {what} would hold about {} in memory, more than the limit of {}\n  = help: {help}",
            gib(bytes),
            gib(limit)
        ));
    }
    Ok(())
}

/// Check the number of options of a comparison.
pub fn check_options(n: usize, allow_large: bool) -> Result<(), String> {
    let max = if allow_large {
        LARGE_OPTIONS
    } else {
        MAX_OPTIONS
    };
    if n > max {
        let help = if allow_large {
            "the hard limit even with --allow-large; compare fewer options at a time, or use `batch`, whose index grows with the options, not their square"
        } else {
            "compare fewer options at a time (charts are read up to ten), use `batch` for a whole library, or pass --allow-large"
        };
        return Err(format!(
            "error: compare takes at most {max} options, and {n} were given\n  = help: {help}"
        ));
    }
    Ok(())
}

/// Check a command's work: `points` grid points (1 for anything but a
/// sweep) of `trajectories` in all. The message says what to do.
pub fn check(points: u64, trajectories: u64, allow_large: bool) -> Result<(), String> {
    let (max_points, max_traj) = if allow_large {
        (LARGE_GRID_POINTS, LARGE_TRAJECTORIES)
    } else {
        (MAX_GRID_POINTS, MAX_TRAJECTORIES)
    };
    let num = |x: u64| crate::report::table::num(x as f64);
    let beyond = if allow_large {
        "the hard limit even with --allow-large; split the work (fewer points, fewer runs)"
    } else {
        "pass --allow-large to go beyond it, or use fewer points or fewer runs"
    };
    if points > max_points {
        return Err(format!(
            "error: the sweep has {} grid points, more than the limit of {}\n  = help: {beyond}",
            num(points),
            num(max_points)
        ));
    }
    if trajectories > max_traj {
        return Err(format!(
            "error: the command would simulate {} trajectories, more than the limit of {}\n  = help: {beyond}",
            num(trajectories),
            num(max_traj)
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_and_the_flag() {
        assert!(check(1_000, 1_000_000, false).is_ok());
        assert!(
            check(1_001, 1_001, false)
                .unwrap_err()
                .contains("--allow-large")
        );
        assert!(check(1_001, 1_001, true).is_ok());
        assert!(check(1, MAX_TRAJECTORIES + 1, false).is_err());
        assert!(check(1, MAX_TRAJECTORIES + 1, true).is_ok());
        assert!(
            check(2_000_000, 1, true)
                .unwrap_err()
                .contains("hard limit")
        );
    }

    #[test]
    fn memory_and_options() {
        // At least the measured 147 KB a point of a 24-month sweep, and
        // not far above it.
        let b = bytes_per_aggregate(24);
        assert!((147_000..400_000).contains(&b), "{b}");
        assert!(check_memory(1_000 * b, "x", false).is_ok());
        let e = check_memory(100_000 * b, "the sweep", false).unwrap_err();
        assert!(e.contains("GiB") && e.contains("in memory"), "{e}");
        assert!(
            check_memory(20_000 * b, "x", false)
                .unwrap_err()
                .contains("--allow-large")
        );
        assert!(check_memory(1_000_000 * b, "the sweep", true).is_err());
        assert!(check_options(20, false).is_ok());
        assert!(check_options(21, false).unwrap_err().contains("at most 20"));
        assert!(check_options(100, true).is_ok());
    }
}
