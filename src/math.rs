//! Numerical building blocks shared by distributions, the model and the
//! statistics: the standard normal CDF and its inverse, logit/logistic.
//!
//! Kept dependency-free and deterministic (only IEEE arithmetic and `exp`,
//! `ln`, `sqrt`), so results are identical on every machine of a platform.

/// Standard normal quantile, Wichura's algorithm AS 241 (PPND16), relative
/// accuracy about 1e-16 over (0, 1).
pub fn norm_inv(p: f64) -> f64 {
    debug_assert!(p > 0.0 && p < 1.0);
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        return q
            * (((((((r * 2509.0809287301227 + 33430.57558358813) * r + 67265.7709270087) * r
                + 45921.95393154987)
                * r
                + 13731.69376550946)
                * r
                + 1971.5909503065513)
                * r
                + 133.14166789178438)
                * r
                + 3.3871328727963665)
            / (((((((r * 5226.495278852545 + 28729.085735721943) * r + 39307.89580009271) * r
                + 21213.794301586597)
                * r
                + 5394.196021424751)
                * r
                + 687.1870074920579)
                * r
                + 42.31333070160091)
                * r
                + 1.0);
    }
    let mut r = if q < 0.0 { p } else { 1.0 - p };
    r = (-r.ln()).sqrt();
    let val = if r <= 5.0 {
        let r = r - 1.6;
        (((((((r * 7.745450142783414e-4 + 0.022723844989269184) * r + 0.2417807251774506) * r
            + 1.2704582524523684)
            * r
            + 3.6478483247632045)
            * r
            + 5.769497221460691)
            * r
            + 4.630337846156546)
            * r
            + 1.4234371107496835)
            / (((((((r * 1.0507500716444169e-9 + 5.475938084995345e-4) * r
                + 0.015198666563616457)
                * r
                + 0.14810397642748008)
                * r
                + 0.6897673349851)
                * r
                + 1.6763848301838038)
                * r
                + 2.053191626637759)
                * r
                + 1.0)
    } else {
        let r = r - 5.0;
        (((((((r * 2.0103343992922881e-7 + 2.7115555687434876e-5) * r + 0.0012426609473880784)
            * r
            + 0.026532189526576124)
            * r
            + 0.29656057182850487)
            * r
            + 1.7848265399172913)
            * r
            + 5.463784911164114)
            * r
            + 6.657904643501103)
            / (((((((r * 2.0442631033899397e-15 + 1.421511758316446e-7) * r
                + 1.8463183175100548e-5)
                * r
                + 7.868691311456133e-4)
                * r
                + 0.014875361290850615)
                * r
                + 0.1369298809227358)
                * r
                + 0.599832206555888)
                * r
                + 1.0)
    };
    if q < 0.0 { -val } else { val }
}

/// Standard normal CDF via the complementary error function (W. J. Cody's
/// rational approximations as in Numerical Recipes' `erfc`, |error| < 1.2e-7
/// relative), adequate for truncation bounds and interval checks.
pub fn norm_cdf(x: f64) -> f64 {
    0.5 * erfc(-x / core::f64::consts::SQRT_2)
}

fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let r = t
        * (-z * z - 1.26551223
            + t * (1.00002368
                + t * (0.37409196
                    + t * (0.09678418
                        + t * (-0.18628806
                            + t * (0.27886807
                                + t * (-1.13520398
                                    + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))))
            .exp();
    if x >= 0.0 { r } else { 2.0 - r }
}

/// Where rounding is a processor instruction (x86-64 with SSE4.1, the
/// x86-64-v2 level `.cargo/config.toml` builds for; AArch64), `f64::round`,
/// `floor` and `ceil` are used as they are: the same values, fewer
/// instructions than the portable versions below.
const NATIVE_ROUNDING: bool = cfg!(any(target_feature = "sse4.1", target_arch = "aarch64"));

/// 2^52: from here on every f64 is an integer.
const INTEGRAL: f64 = 4_503_599_627_370_496.0;

/// `x.trunc()` for |x| < 2^52, sign of zero kept: a conversion through i64
/// (one instruction each way) instead of the library call that `f64::trunc`,
/// `round`, `floor` and `ceil` become on the x86-64 baseline (no SSE4.1).
#[inline(always)]
fn trunc_small(x: f64) -> f64 {
    (x as i64 as f64).copysign(x)
}

/// `f64::round` (half away from zero), bit for bit; without a rounding
/// instruction, [`portable_round`].
#[inline(always)]
pub fn round(x: f64) -> f64 {
    if NATIVE_ROUNDING {
        x.round()
    } else {
        portable_round(x)
    }
}

/// `f64::round` (half away from zero), bit for bit, without the library call:
/// x − trunc(x) is exact, so comparing it with ±0.5 decides exactly. The
/// model rounds drawn values, whose fraction is a coin the branch predictor
/// cannot learn, so the three results are selected, not branched to.
#[inline(always)]
fn portable_round(x: f64) -> f64 {
    use core::hint::select_unpredictable as pick;
    // Otherwise x is integral already, infinite or NaN.
    if x.abs() < INTEGRAL {
        let t = trunc_small(x);
        let d = x - t;
        pick(d >= 0.5, t + 1.0, pick(d <= -0.5, t - 1.0, t))
    } else {
        x
    }
}

/// `f64::floor`, bit for bit.
#[inline(always)]
pub fn floor(x: f64) -> f64 {
    if NATIVE_ROUNDING {
        x.floor()
    } else {
        portable_floor(x)
    }
}

/// `f64::floor`, bit for bit, without the library call (selected, as
/// [`portable_round`]).
#[inline(always)]
fn portable_floor(x: f64) -> f64 {
    if x.abs() < INTEGRAL {
        let t = trunc_small(x);
        core::hint::select_unpredictable(x < t, t - 1.0, t)
    } else {
        x
    }
}

/// `f64::ceil`, bit for bit.
#[inline(always)]
pub fn ceil(x: f64) -> f64 {
    if NATIVE_ROUNDING {
        x.ceil()
    } else {
        portable_ceil(x)
    }
}

/// `f64::ceil`, bit for bit, without the library call (selected, as
/// [`portable_round`]).
#[inline(always)]
fn portable_ceil(x: f64) -> f64 {
    if x.abs() < INTEGRAL {
        let t = trunc_small(x);
        core::hint::select_unpredictable(x > t, t + 1.0, t)
    } else {
        x
    }
}

#[inline]
pub fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

#[inline]
pub fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

/// The 97.5% point of the standard normal, for 95% intervals.
pub const Z95: f64 = 1.959963984540054;

/// ln Γ(x) for x > 0 (Lanczos, g = 7, nine terms; relative error below
/// 1e-13 over the range the beta distribution's parameters take).
pub fn ln_gamma(x: f64) -> f64 {
    const G: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x)Γ(1 − x) = π / sin(πx).
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = G[0];
    let t = x + 7.5;
    for (i, g) in G.iter().enumerate().skip(1) {
        a += g / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// The regularised incomplete beta function I_x(a, b), the beta
/// distribution's CDF (continued fraction by the modified Lentz method,
/// Numerical Recipes §6.4).
pub fn beta_cdf(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    // The fraction converges fast for x < (a + 1)/(a + b + 2); use the
    // symmetry I_x(a, b) = 1 − I_{1−x}(b, a) elsewhere.
    if x < (a + 1.0) / (a + b + 2.0) {
        ln_front.exp() * beta_fraction(x, a, b) / a
    } else {
        1.0 - ln_front.exp() * beta_fraction(1.0 - x, b, a) / b
    }
}

fn beta_fraction(x: f64, a: f64, b: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..=300 {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        d = if d.abs() < TINY { TINY } else { d };
        c = 1.0 + aa / c;
        c = if c.abs() < TINY { TINY } else { c };
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        d = if d.abs() < TINY { TINY } else { d };
        c = 1.0 + aa / c;
        c = if c.abs() < TINY { TINY } else { c };
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

/// The beta distribution's quantile: the x with I_x(a, b) = u, by bisection
/// to 1e-12 (the CDF is monotone; 45 halvings of [0, 1]).
pub fn beta_quantile(u: f64, a: f64, b: f64) -> f64 {
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    while hi - lo > 1e-12 {
        let mid = 0.5 * (lo + hi);
        if beta_cdf(mid, a, b) < u {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// The Pearson correlation of a bivariate normal whose Spearman rank
/// correlation is `rho_s`: 2·sin(π·rho_s/6) (Pearson 1907). The inverse of
/// ρ_s = (6/π)·asin(ρ/2); odd, and ±1 at ±1.
pub fn pearson_of_spearman(rho_s: f64) -> f64 {
    2.0 * (std::f64::consts::PI * rho_s / 6.0).sin()
}

/// Mid-ranks of `x` from 0 (ties share the mean of their ranks).
pub fn ranks(x: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..x.len()).collect();
    idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut r = vec![0.0; x.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && x[idx[j + 1]] == x[idx[i]] {
            j += 1;
        }
        for &k in &idx[i..=j] {
            r[k] = (i + j) as f64 / 2.0;
        }
        i = j + 1;
    }
    r
}

/// Spearman's rank correlation: the Pearson correlation of the mid-ranks
/// (NaN when either has a single value).
pub fn spearman(x: &[f64], y: &[f64]) -> f64 {
    let (a, b) = (ranks(x), ranks(y));
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (p, q) in a.iter().zip(&b) {
        sab += (p - ma) * (q - mb);
        saa += (p - ma).powi(2);
        sbb += (q - mb).powi(2);
    }
    sab / (saa * sbb).sqrt()
}

/// The smallest pivot [`cholesky`] accepts: a correlation matrix (unit
/// diagonal) with a pivot at or below it is treated as not positive definite.
pub const MIN_PIVOT: f64 = 1e-10;

/// The lower-triangular Cholesky factor L of the symmetric k×k matrix `a`
/// (row-major; only its lower triangle is read), A = L·Lᵀ, into `l`
/// (row-major, zeros above the diagonal). Row by row (Cholesky–Banachiewicz):
/// for i = 0..k and j = 0..=i, s = a_ij − Σ_{m<j} l_im·l_jm (summed in m
/// order); l_ii = √s, l_ij = s / l_jj. False, with `l`
/// unspecified, when a pivot s on the diagonal is at most [`MIN_PIVOT`]
/// (or NaN): the matrix is not (safely) positive definite.
pub fn cholesky(a: &[f64], k: usize, l: &mut [f64]) -> bool {
    debug_assert!(a.len() >= k * k && l.len() >= k * k);
    l[..k * k].fill(0.0);
    for i in 0..k {
        for j in 0..=i {
            let mut s = a[i * k + j];
            for m in 0..j {
                s -= l[i * k + m] * l[j * k + m];
            }
            if i == j {
                if s.is_nan() || s <= MIN_PIVOT {
                    return false;
                }
                l[i * k + i] = s.sqrt();
            } else {
                l[i * k + j] = s / l[j * k + j];
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_known_values() {
        assert!((norm_inv(0.975) - Z95).abs() < 1e-12);
        assert!(norm_inv(0.5).abs() < 1e-15);
        assert!((norm_inv(0.001) + 3.0902323061678136).abs() < 1e-12);
        assert!((norm_inv(1e-12) + 7.0344838259).abs() < 1e-6);
    }

    #[test]
    fn spearman_and_pearson_of_a_normal() {
        for r in [-0.9, -0.5, 0.0, 0.3, 0.7, 0.99] {
            let p = pearson_of_spearman(r);
            assert!((6.0 / std::f64::consts::PI * (p / 2.0).asin() - r).abs() < 1e-14);
            assert!(p.abs() >= r.abs());
        }
        assert!((pearson_of_spearman(1.0) - 1.0).abs() < 1e-15);
    }

    #[test]
    fn cholesky_factors_and_refuses_what_is_not_positive_definite() {
        let a = [4.0, 2.0, 2.0, 2.0, 5.0, 3.0, 2.0, 3.0, 6.0];
        let mut l = [0.0; 9];
        assert!(cholesky(&a, 3, &mut l));
        for i in 0..3 {
            for j in 0..3 {
                let x: f64 = (0..3).map(|m| l[i * 3 + m] * l[j * 3 + m]).sum();
                assert!((x - a[i * 3 + j]).abs() < 1e-12, "{i},{j}");
            }
        }
        assert_eq!(l[1], 0.0);
        // Three inputs pairwise at -0.6 cannot all hold.
        let bad = [1.0, -0.6, -0.6, -0.6, 1.0, -0.6, -0.6, -0.6, 1.0];
        assert!(!cholesky(&bad, 3, &mut l));
        assert!(!cholesky(&[1.0, 1.0, 1.0, 1.0], 2, &mut l[..4]));
        assert!(!cholesky(&[f64::NAN], 1, &mut l[..1]));
    }

    #[test]
    fn cdf_inverts_quantile() {
        for &p in &[1e-6, 0.01, 0.1, 0.3, 0.5, 0.77, 0.95, 0.999] {
            assert!((norm_cdf(norm_inv(p)) - p).abs() < 2e-7 * p.max(1e-3) * 10.0);
        }
    }

    #[test]
    fn rounding_matches_the_standard_library_bit_for_bit() {
        let mut xs = vec![
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.5,
            -1.5,
            2.5,
            -2.5,
            0.49999999999999994,
            -0.49999999999999994,
            1e-300,
            -1e-300,
            4503599627370495.5,
            -4503599627370495.5,
            4503599627370496.0,
            9007199254740993.0,
            1e300,
            -1e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            2.0f64.powi(63),
        ];
        // Every half-integer and its neighbours up to 2^53, and a spread of others.
        let mut z = 0x1234_5678_9abc_def0u64;
        for e in 0..1075 {
            let h = 2f64.powi(e - 1022) + 0.5;
            xs.extend([
                h,
                -h,
                f64::from_bits(h.to_bits() + 1),
                f64::from_bits(h.to_bits() - 1),
            ]);
        }
        for _ in 0..200_000 {
            z = crate::random::mix64(z);
            let x = f64::from_bits(z);
            let y = (z >> 11) as f64 / (1u64 << 20) as f64 - 4096.0;
            xs.extend([x, y, y.trunc() + 0.5, -(y.trunc() + 0.5)]);
        }
        // NaN stays NaN (its payload may differ; the model never rounds one).
        let same = |a: f64, b: f64| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
        for x in xs {
            assert!(same(round(x), x.round()), "round {x:e}");
            assert!(same(floor(x), x.floor()), "floor {x:e}");
            assert!(same(ceil(x), x.ceil()), "ceil {x:e}");
            // The portable versions, whichever the build uses.
            assert!(same(portable_round(x), x.round()), "portable round {x:e}");
            assert!(same(portable_floor(x), x.floor()), "portable floor {x:e}");
            assert!(same(portable_ceil(x), x.ceil()), "portable ceil {x:e}");
        }
    }

    #[test]
    fn logit_logistic_round_trip() {
        for &p in &[0.01, 0.2, 0.5, 0.9] {
            assert!((logistic(logit(p)) - p).abs() < 1e-12);
        }
    }

    /// Known values of the incomplete beta: uniform, symmetric, and
    /// Beta(2, 3)'s closed form 1 − (1 − x)³(1 + 3x).
    #[test]
    fn beta_cdf_and_quantile() {
        for &x in &[0.0, 0.1, 0.37, 0.5, 0.9, 1.0] {
            assert!((beta_cdf(x, 1.0, 1.0) - x).abs() < 1e-12);
            let closed = 1.0 - (1.0 - x).powi(3) * (1.0 + 3.0 * x);
            assert!((beta_cdf(x, 2.0, 3.0) - closed).abs() < 1e-12, "{x}");
        }
        assert!((beta_cdf(0.5, 7.3, 7.3) - 0.5).abs() < 1e-12);
        for &u in &[0.01, 0.1, 0.5, 0.9, 0.99] {
            let x = beta_quantile(u, 2.5, 0.7);
            assert!((beta_cdf(x, 2.5, 0.7) - u).abs() < 1e-9, "{u}");
        }
        assert!((ln_gamma(5.0) - 24f64.ln()).abs() < 1e-12);
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-12);
    }

    #[test]
    fn spearman_of_monotone_ties_and_reversal() {
        let x = [1.0, 2.0, 2.0, 5.0];
        assert_eq!(ranks(&x), vec![0.0, 1.5, 1.5, 3.0]);
        assert!((spearman(&x, &[10.0, 20.0, 20.0, 90.0]) - 1.0).abs() < 1e-12);
        assert!((spearman(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
    }
}
