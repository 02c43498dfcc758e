//! Work a command takes on without `--allow-large`, refused up front (exit
//! 2) rather than discovered after minutes or gigabytes: at most
//! [`MAX_GRID_POINTS`] sweep points and [`MAX_TRAJECTORIES`] trajectories
//! per command; with the flag, 1,000,000 points and 10^12 trajectories.

/// Grid points a sweep may have (a 1,000-point grid already draws a
/// 1,000-cell heatmap per outcome).
pub const MAX_GRID_POINTS: u64 = 1_000;
/// Trajectories one command may simulate: the most one scenario may ask
/// for (product brief), about an hour and a half on two cores.
pub const MAX_TRAJECTORIES: u64 = 10_000_000_000;
const LARGE_GRID_POINTS: u64 = 1_000_000;
const LARGE_TRAJECTORIES: u64 = 1_000_000_000_000;

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
}
