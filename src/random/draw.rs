//! Discrete draws by inverse CDF from one uniform, so a draw moves
//! monotonically with its parameters (common random numbers stay aligned
//! when a lever changes a mean) and costs no allocation.

use crate::math::norm_inv;

/// Above this many trials the binomial is drawn from its normal
/// approximation (with continuity correction); at n = 200 and the smallest
/// variance that reaches this branch (n·p·(1−p) ≥ 9) its error in any
/// probability is below 1%.
const EXACT_BINOMIAL_MAX_N: u32 = 200;

/// Binomial(n, p) at uniform `u`.
pub fn binomial(n: u32, p: f64, u: f64) -> u32 {
    if n == 0 || p <= 0.0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    let nf = n as f64;
    let var = nf * p * (1.0 - p);
    if n > EXACT_BINOMIAL_MAX_N && var >= 9.0 {
        let x = crate::math::floor(nf * p + var.sqrt() * norm_inv(u) + 0.5);
        return x.clamp(0.0, nf) as u32;
    }
    // Sequential search from k = 0 by the pmf recurrence; work ~ n·p.
    // For large n with tiny variance (p near 0 or 1) search from the side
    // with the mass, by symmetry.
    if p > 0.5 {
        return n - binomial(n, 1.0 - p, 1.0 - u);
    }
    walk_cdf(n, p, |cdf| u > cdf)
}

/// The exact branch's walk (p ≤ 0.5): the cdf at k = 0, 1, ... by the pmf
/// recurrence, handed to `more` until it says stop; returns the k it stopped
/// at. The walk also stops at k = n, and where the pmf has underflowed with
/// the cdf at 1. [`binomial`] and [`BinomialTable`] both walk here, so a
/// table holds exactly the cdf values the search compares with.
#[inline(always)]
fn walk_cdf(n: u32, p: f64, mut more: impl FnMut(f64) -> bool) -> u32 {
    let nf = n as f64;
    let q = 1.0 - p;
    let ratio = p / q;
    let mut pmf = q.powi(n as i32);
    let mut cdf = pmf;
    let mut k = 0u32;
    while more(cdf) && k < n {
        pmf *= (nf - k as f64) / (k as f64 + 1.0) * ratio;
        k += 1;
        cdf += pmf;
        if pmf < 1e-300 && cdf > 1.0 - 1e-12 {
            break;
        }
    }
    k
}

/// [`binomial`] for one fixed p, with the exact branch's cdf walks done once
/// for every n ≤ 200 and kept: a draw is then a binary search in a row
/// instead of a walk of ~n·p steps with a division each (the interception
/// layers draw thousands a run). Bit-identical to [`binomial`]: each row
/// holds the very cdf values the walk compares u with, and the walk's answer
/// (the first k with u ≤ cdf(k), or where it stops) is the row's partition
/// point, because a cdf built by adding non-negative masses never decreases.
/// Trials above 200 go to [`binomial`] itself.
#[derive(Clone)]
pub struct BinomialTable {
    p: f64,
    /// p > 0.5: the rows are for 1 − p, searched at 1 − u (as [`binomial`] does).
    flip: bool,
    /// Every row's cdf values, row after row.
    cdf: Box<[f64]>,
    /// Row n of the table, for n = 0..=200.
    rows: Box<[Row]>,
}

/// Uniforms are cut into this many equal slices to find where in a row to
/// search: a power of two, so u·SLICES and its floor are exact. With 256
/// most slices hold no cdf value of their row, and a draw is then two
/// adjacent bytes of the row, with no cdf value read at all.
const SLICES: usize = 256;
const _: () = assert!(
    EXACT_BINOMIAL_MAX_N < u8::MAX as u32,
    "slice bounds are bytes"
);

#[derive(Clone, Copy, Debug)]
struct Row {
    /// Where the row starts in `cdf`, and its length.
    start: u32,
    len: u16,
    /// The k the walk stops at when u is above every value (the walk's end;
    /// the row leaves out the repeats of its last value at the tail, where
    /// the pmf no longer moves it).
    end: u16,
    /// `slice[j]`: the first k whose cdf reaches j/SLICES (`len` if none), so
    /// a u in slice j has its answer in `slice[j]..=slice[j + 1]`.
    /// (k ≤ n ≤ 200 and `len` ≤ 201 fit a byte.)
    slice: [u8; SLICES + 1],
}

impl core::fmt::Debug for BinomialTable {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("BinomialTable")
            .field("p", &self.p)
            .field("values", &self.cdf.len())
            .finish()
    }
}

impl BinomialTable {
    /// The table for p, if p is strictly between 0 and 1 (elsewhere the
    /// draw is a constant and needs none).
    pub fn new(p: f64) -> Option<BinomialTable> {
        if !(p > 0.0 && p < 1.0) {
            return None;
        }
        let flip = p > 0.5;
        let pw = if flip { 1.0 - p } else { p };
        let mut cdf = Vec::new();
        let mut rows = Vec::with_capacity(EXACT_BINOMIAL_MAX_N as usize + 1);
        // n = 0 draws 0 without a table.
        rows.push(Row {
            start: 0,
            len: 0,
            end: 0,
            slice: [0; SLICES + 1],
        });
        for n in 1..=EXACT_BINOMIAL_MAX_N {
            let start = cdf.len();
            let end = walk_cdf(n, pw, |c| {
                cdf.push(c);
                true
            });
            // Keep the first of the tail's equal values only.
            let last = cdf[cdf.len() - 1];
            while cdf.len() - start > 1 && cdf[cdf.len() - 2] == last {
                cdf.pop();
            }
            let row = &cdf[start..];
            let mut slice = [row.len() as u8; SLICES + 1];
            for (j, s) in slice.iter_mut().enumerate().take(SLICES) {
                let lo = j as f64 / SLICES as f64;
                *s = row.partition_point(|&c| c < lo) as u8;
            }
            rows.push(Row {
                start: start as u32,
                len: row.len() as u16,
                end: end as u16,
                slice,
            });
        }
        Some(BinomialTable {
            p,
            flip,
            cdf: cdf.into_boxed_slice(),
            rows: rows.into_boxed_slice(),
        })
    }

    /// The probability the table is for.
    #[inline]
    pub fn p(&self) -> f64 {
        self.p
    }

    /// `binomial(n, self.p(), u)`, bit for bit.
    #[inline]
    pub fn draw(&self, n: u32, u: f64) -> u32 {
        if n == 0 {
            return 0; // as binomial(0, p, u)
        }
        if n > EXACT_BINOMIAL_MAX_N {
            return binomial(n, self.p, u);
        }
        let r = &self.rows[n as usize];
        let row = &self.cdf[r.start as usize..][..r.len as usize];
        let find = |u: f64| {
            // The walk's answer is the first k with u ≤ cdf(k). Below
            // slice[j] every cdf is under j/SLICES ≤ u; at slice[j + 1] it
            // reaches (j + 1)/SLICES > u (u ≥ 1 and NaN take the last and
            // first slices, whose bounds hold for them too).
            let j = ((u * SLICES as f64) as usize).min(SLICES - 1);
            let (lo, hi) = (r.slice[j] as usize, r.slice[j + 1] as usize);
            let k = lo + row[lo..hi].partition_point(|&c| u > c);
            if k == row.len() {
                r.end as u32
            } else {
                k as u32
            }
        };
        if self.flip {
            n - find(1.0 - u)
        } else {
            find(u)
        }
    }
}

/// The distribution [`binomial`] draws from, as masses P(X = k) for
/// k = 0..=n: the exact pmf where the draw searches it, the rounded
/// normal's masses where the draw uses that approximation (for the exact
/// views of `reassure explain`).
pub fn binomial_pmf(n: u32, p: f64) -> Vec<f64> {
    let mut out = vec![0.0; n as usize + 1];
    if n == 0 || p <= 0.0 {
        out[0] = 1.0;
        return out;
    }
    if p >= 1.0 {
        out[n as usize] = 1.0;
        return out;
    }
    let nf = n as f64;
    let var = nf * p * (1.0 - p);
    if n > EXACT_BINOMIAL_MAX_N && var >= 9.0 {
        // X = clamp(floor(np + σz + 0.5)): X ≤ k ⇔ z < (k + 0.5 − np)/σ.
        let sd = var.sqrt();
        let cdf = |k: f64| crate::math::norm_cdf((k + 0.5 - nf * p) / sd);
        let mut below = 0.0;
        for k in 0..n {
            let c = cdf(k as f64);
            out[k as usize] = c - below;
            below = c;
        }
        out[n as usize] = 1.0 - below;
        return out;
    }
    // ln pmf by lgamma-free recurrence from the mode's side would be more
    // robust for huge n; n ≤ 200 here, so q^n stays representable.
    let q = 1.0 - p;
    let mut pmf = q.powi(n as i32);
    if pmf > 0.0 {
        for k in 0..=n {
            out[k as usize] = pmf;
            pmf *= (nf - k as f64) / (k as f64 + 1.0) * (p / q);
        }
    } else {
        // q^n underflows (n large, p near 1): recur from k = n down.
        let mut pmf = p.powi(n as i32);
        for k in (0..=n).rev() {
            out[k as usize] = pmf;
            if k > 0 {
                pmf *= k as f64 / (nf - k as f64 + 1.0) * (q / p);
            }
        }
    }
    out
}

/// P(X = 0) for [`neg_binomial`]: (r / (r + mean))^r, 1 when the mean is 0.
pub fn neg_binomial_zero(mean: f64, r: f64) -> f64 {
    if mean <= 0.0 {
        1.0
    } else {
        (r / (r + mean)).powf(r)
    }
}

/// Negative binomial with the given mean and size `r` (variance
/// mean + mean²/r; small r = over-dispersed) at uniform `u`, capped at `cap`.
pub fn neg_binomial(mean: f64, r: f64, u: f64, cap: u32) -> u32 {
    if mean <= 0.0 || cap == 0 {
        return 0;
    }
    let p = r / (r + mean);
    let mut pmf = p.powf(r);
    let mut cdf = pmf;
    let mut k = 0u32;
    while u > cdf && k < cap {
        pmf *= (k as f64 + r) / (k as f64 + 1.0) * (1.0 - p);
        k += 1;
        cdf += pmf;
        if pmf < 1e-300 && k as f64 > mean {
            break;
        }
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::rng::{RunKey, purpose};

    fn moments(f: impl Fn(f64) -> u32) -> (f64, f64) {
        let n = 200_000u64;
        let (mut s, mut s2) = (0.0, 0.0);
        for i in 0..n {
            let x = f(RunKey::new(3, i).u01(purpose("d"), 1)) as f64;
            s += x;
            s2 += x * x;
        }
        let m = s / n as f64;
        (m, s2 / n as f64 - m * m)
    }

    #[test]
    fn binomial_moments_exact_and_approximate_branches() {
        for &(n, p) in &[
            (24u32, 0.15),
            (10, 0.85),
            (150, 0.02),
            (4000, 0.15),
            (300, 0.5),
        ] {
            let (m, v) = moments(|u| binomial(n, p, u));
            let (em, ev) = (n as f64 * p, n as f64 * p * (1.0 - p));
            assert!(
                (m - em).abs() < 4.0 * (ev / 200_000.0).sqrt() + 0.01,
                "n={n} p={p}: mean {m} vs {em}"
            );
            assert!((v - ev).abs() / ev < 0.05, "n={n} p={p}: var {v} vs {ev}");
        }
        assert_eq!(binomial(5, 0.0, 0.7), 0);
        assert_eq!(binomial(5, 1.0, 0.7), 5);
    }

    #[test]
    fn tables_draw_exactly_what_the_search_draws() {
        // Every n ≤ 200, on a grid of uniforms and at each stored cdf value
        // and its neighbours (where an off-by-one would show).
        for &p in &[0.85, 0.45, 0.6, 0.3, 0.7, 0.5, 0.02, 0.999, 1e-3, 0.15] {
            let t = BinomialTable::new(p).unwrap();
            for n in 0..=210 {
                let mut us: Vec<f64> = (1..500).map(|i| i as f64 / 500.0).collect();
                us.extend([1e-300, 1e-17, 1.0 - 1e-16, 0.5 + 1e-17]);
                // Slice edges and their neighbours.
                for j in 0..=SLICES {
                    let e = j as f64 / SLICES as f64;
                    us.extend([e, e.next_up(), e.next_down()]);
                }
                if (1..=EXACT_BINOMIAL_MAX_N).contains(&n) {
                    let r = t.rows[n as usize];
                    for &c in &t.cdf[r.start as usize..][..r.len as usize] {
                        for v in [c, 1.0 - c] {
                            us.extend([v, v.next_up(), v.next_down()]);
                        }
                    }
                }
                us.retain(|u| *u > 0.0 && *u < 1.0);
                // Out of (0, 1) the table's search still agrees (1 − u can
                // round to 1); beyond 200 trials both take the normal branch,
                // whose quantile needs u inside (0, 1).
                if n <= EXACT_BINOMIAL_MAX_N {
                    us.extend([0.0, 1.0, -0.5, 1.5, f64::NAN]);
                }
                for &u in &us {
                    assert_eq!(t.draw(n, u), binomial(n, p, u), "p={p} n={n} u={u:e}");
                }
            }
        }
        assert!(BinomialTable::new(0.0).is_none() && BinomialTable::new(1.0).is_none());
    }

    #[test]
    fn binomial_is_monotone_in_u_and_p() {
        let mut prev = 0;
        for i in 1..100 {
            let k = binomial(30, 0.3, i as f64 / 100.0);
            assert!(k >= prev);
            prev = k;
        }
        assert!(binomial(30, 0.2, 0.5) <= binomial(30, 0.4, 0.5));
    }

    #[test]
    fn the_pmf_is_the_distribution_the_draw_samples() {
        // Inverting on a fine grid of uniforms reproduces the masses, in the
        // exact and the normal branch.
        for &(n, p) in &[(30u32, 0.3), (7, 0.85), (400, 0.4), (0, 0.5), (5, 1.0)] {
            let pmf = binomial_pmf(n, p);
            assert!((pmf.iter().sum::<f64>() - 1.0).abs() < 1e-9, "n={n} p={p}");
            let grid = 200_000;
            let mut freq = vec![0.0; n as usize + 1];
            for i in 0..grid {
                let u = (i as f64 + 0.5) / grid as f64;
                freq[binomial(n, p, u) as usize] += 1.0 / grid as f64;
            }
            for k in 0..=n as usize {
                assert!(
                    (freq[k] - pmf[k]).abs() < 2e-5,
                    "n={n} p={p} k={k}: {} vs {}",
                    freq[k],
                    pmf[k]
                );
            }
        }
    }

    #[test]
    fn negative_binomial_zero_mass_matches_the_draw() {
        let (mean, r) = (2.5, 0.5);
        let p0 = neg_binomial_zero(mean, r);
        let grid = 100_000;
        let zeros = (0..grid)
            .filter(|i| neg_binomial(mean, r, (*i as f64 + 0.5) / grid as f64, 1000) == 0)
            .count();
        assert!((zeros as f64 / grid as f64 - p0).abs() < 2e-5);
        assert_eq!(neg_binomial_zero(0.0, r), 1.0);
    }

    #[test]
    fn negative_binomial_mean_and_overdispersion() {
        let (m, v) = moments(|u| neg_binomial(2.0, 0.4, u, 100_000));
        assert!((m - 2.0).abs() < 0.05, "mean {m}");
        let ev = 2.0 + 4.0 / 0.4;
        assert!((v - ev).abs() / ev < 0.1, "var {v} vs {ev}");
        assert_eq!(neg_binomial(5.0, 1.0, 0.999_999, 3), 3, "cap holds");
    }
}
