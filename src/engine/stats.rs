//! Interval estimators.
//!
//! Outcome probabilities get the Wilson score interval (Wilson 1927): unlike
//! the normal ("Wald") interval it stays inside [0, 1], is not degenerate at
//! 0 or n successes, and its coverage is close to nominal even for small n·p
//! (checked against exact binomial coverage in the tests).

use crate::math::Z95;

/// The 95% Wilson score interval for `k` successes in `n` trials.
pub fn wilson(k: u64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let n_f = n as f64;
    let p = k as f64 / n_f;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n_f;
    let centre = (p + z2 / (2.0 * n_f)) / denom;
    let half = Z95 / denom * (p * (1.0 - p) / n_f + z2 / (4.0 * n_f * n_f)).sqrt();
    let lo = if k == 0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let hi = if k == n {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    (lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Exact coverage of the Wilson interval: the probability, under
    /// Binomial(n, p), that the interval contains p.
    fn coverage(n: u64, p: f64) -> f64 {
        // pmf in log space: (1 - p)^n underflows for large n.
        let mut ln_choose = 0.0;
        let mut cov = 0.0;
        for k in 0..=n {
            if k > 0 {
                ln_choose += ((n - k + 1) as f64).ln() - (k as f64).ln();
            }
            let pmf = (ln_choose + k as f64 * p.ln() + (n - k) as f64 * (1.0 - p).ln()).exp();
            let (lo, hi) = wilson(k, n);
            if lo <= p && p <= hi {
                cov += pmf;
            }
        }
        cov
    }

    #[test]
    fn coverage_is_near_nominal_over_a_grid() {
        // Wilson's coverage oscillates around 95%; over a grid of (n, p) its
        // average is close to nominal and its worst case stays above ~90%
        // (Brown, Cai & DasGupta 2001, Statistical Science 16:101-133).
        let mut total = 0.0;
        let mut count = 0;
        for &n in &[20u64, 50, 100, 500, 1000] {
            for i in 1..20 {
                let p = i as f64 / 20.0;
                let c = coverage(n, p);
                assert!(c > 0.90, "coverage {c} at n={n}, p={p}");
                total += c;
                count += 1;
            }
        }
        let mean = total / count as f64;
        assert!((mean - 0.95).abs() < 0.01, "mean coverage {mean}");
    }

    #[test]
    fn known_values_and_edges() {
        // Textbook: 0 of 10 -> [0, 0.2775]; 5 of 10 -> [0.2366, 0.7634].
        let (lo, hi) = wilson(0, 10);
        assert_eq!(lo, 0.0);
        assert!((hi - 0.2775).abs() < 1e-4);
        let (lo, hi) = wilson(5, 10);
        assert!((lo - 0.2366).abs() < 1e-4 && (hi - 0.7634).abs() < 1e-4);
        assert_eq!(wilson(10, 10).1, 1.0);
    }
}
