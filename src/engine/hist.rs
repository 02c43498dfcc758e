//! A fixed-bin histogram of non-negative integers that merges exactly.
//!
//! Bins are exact for values below 64; above, each power of two is split
//! into 32 equal bins, so a bin is at most 1/32 of its lower edge wide
//! (about 3%). Quantiles are reported as the bin's midpoint, within ±1.6% of
//! the exact order statistic, and exact below 64. The count, sum and maximum
//! are kept exactly beside the bins, so means and maxima are exact.

pub const EXACT: u64 = 64;
const SUB_BITS: u32 = 5;
const SUB: usize = 1 << SUB_BITS;
/// 64 exact bins, then 32 per octave from 2^6 to 2^63.
pub const NBINS: usize = EXACT as usize + (64 - 6) * SUB;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hist {
    pub n: u64,
    pub sum: u128,
    pub max: u64,
    bins: Box<[u64]>,
}

impl Default for Hist {
    fn default() -> Self {
        Hist {
            n: 0,
            sum: 0,
            max: 0,
            bins: vec![0; NBINS].into_boxed_slice(),
        }
    }
}

#[inline(always)]
pub fn bin_of(v: u64) -> usize {
    if v < EXACT {
        v as usize
    } else {
        let e = 63 - v.leading_zeros(); // floor(log2 v) >= 6
        let sub = ((v >> (e - SUB_BITS)) as usize) & (SUB - 1);
        EXACT as usize + (e as usize - 6) * SUB + sub
    }
}

/// The smallest value that falls in bin `b`, and the bin's width.
pub fn bin_range(b: usize) -> (u64, u64) {
    if b < EXACT as usize {
        (b as u64, 1)
    } else {
        let k = b - EXACT as usize;
        let e = (k / SUB) as u32 + 6;
        let sub = (k % SUB) as u64;
        let width = 1u64 << (e - SUB_BITS);
        ((1u64 << e) + sub * width, width)
    }
}

/// A histogram as written to a shard's part file: the counts, the sum as
/// a decimal string (a u128), and the non-empty bins as (bin, count).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HistWire {
    pub n: u64,
    pub sum: String,
    pub max: u64,
    pub bins: Vec<(u32, u64)>,
}

impl Hist {
    pub fn to_wire(&self) -> HistWire {
        HistWire {
            n: self.n,
            sum: self.sum.to_string(),
            max: self.max,
            bins: self
                .bins
                .iter()
                .enumerate()
                .filter(|(_, c)| **c > 0)
                .map(|(b, c)| (b as u32, *c))
                .collect(),
        }
    }

    /// Read back a [`HistWire`]; the error says what is inconsistent.
    pub fn from_wire(w: &HistWire) -> Result<Hist, String> {
        let mut h = Hist {
            n: w.n,
            sum: w
                .sum
                .parse()
                .map_err(|_| format!("histogram sum `{}` is not a whole number", w.sum))?,
            max: w.max,
            ..Hist::default()
        };
        let mut total = 0u64;
        for &(b, c) in &w.bins {
            let slot = h
                .bins
                .get_mut(b as usize)
                .ok_or_else(|| format!("histogram bin {b} is beyond the last ({})", NBINS - 1))?;
            *slot += c;
            total = total.checked_add(c).ok_or("histogram counts overflow")?;
        }
        if total != h.n {
            return Err(format!(
                "histogram bins hold {total} values but n is {}",
                h.n
            ));
        }
        h.check()?;
        Ok(h)
    }

    /// What every honest histogram satisfies: the maximum sits in the
    /// highest non-empty bin, and the sum lies between the sums of the
    /// bins' lower and upper edges (so a sum scaled by hand, or a mean
    /// above the maximum, is caught). The error says which fails.
    pub fn check(&self) -> Result<(), String> {
        let top = self.bins.iter().rposition(|&c| c > 0);
        match top {
            None if self.sum != 0 || self.max != 0 => {
                Err("an empty histogram with a sum or a maximum".into())
            }
            None => Ok(()),
            Some(b) if b != bin_of(self.max) => Err(format!(
                "histogram maximum {} is not in its highest non-empty bin",
                self.max
            )),
            Some(_) => {
                let (mut lo, mut hi) = (0u128, 0u128);
                for (b, &c) in self.bins.iter().enumerate().filter(|(_, c)| **c > 0) {
                    let (edge, width) = bin_range(b);
                    let top = (edge + (width - 1)).min(self.max);
                    lo = lo
                        .checked_add(edge as u128 * c as u128)
                        .ok_or("histogram sums overflow")?;
                    hi = hi
                        .checked_add(top as u128 * c as u128)
                        .ok_or("histogram sums overflow")?;
                }
                if self.sum < lo || self.sum > hi {
                    return Err(format!(
                        "histogram sum {} is outside what its bins allow ({lo} to {hi})",
                        self.sum
                    ));
                }
                Ok(())
            }
        }
    }

    #[inline(always)]
    pub fn add(&mut self, v: u64) {
        self.n += 1;
        self.sum += v as u128;
        self.max = self.max.max(v);
        self.bins[bin_of(v)] += 1;
    }

    pub fn merge(&mut self, o: &Hist) {
        self.n += o.n;
        self.sum += o.sum;
        self.max = self.max.max(o.max);
        for (a, b) in self.bins.iter_mut().zip(o.bins.iter()) {
            *a += b;
        }
    }

    pub fn mean(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.sum as f64 / self.n as f64
        }
    }

    /// The q-quantile (0 < q <= 1): the value of order statistic ceil(q·n),
    /// exact below 64, else its bin's midpoint (never above the maximum).
    pub fn quantile(&self, q: f64) -> f64 {
        if self.n == 0 {
            return 0.0;
        }
        let rank = ((q * self.n as f64).ceil() as u64).clamp(1, self.n);
        let mut acc = 0;
        for (b, &c) in self.bins.iter().enumerate() {
            acc += c;
            if acc >= rank {
                let (lo, w) = bin_range(b);
                return if w == 1 {
                    lo as f64
                } else {
                    (lo as f64 + (w - 1) as f64 / 2.0).min(self.max as f64)
                };
            }
        }
        self.max as f64
    }

    /// Share of the values that are at least `v` (exact for v < 64, where
    /// bins are single values).
    pub fn share_at_least(&self, v: u64) -> f64 {
        if self.n == 0 {
            return 0.0;
        }
        let below: u64 = self.bins[..bin_of(v)].iter().sum();
        (self.n - below) as f64 / self.n as f64
    }

    /// Non-empty bins as (lower edge, width, count), for charts.
    pub fn bins(&self) -> impl Iterator<Item = (u64, u64, u64)> + '_ {
        self.bins
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(b, &c)| {
                let (lo, w) = bin_range(b);
                (lo, w, c)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_tile_the_integers() {
        let mut prev_end = 0;
        for b in 0..NBINS {
            let (lo, w) = bin_range(b);
            assert_eq!(lo, prev_end, "bin {b}");
            assert_eq!(bin_of(lo), b);
            assert_eq!(bin_of(lo + (w - 1)), b);
            prev_end = lo.wrapping_add(w);
        }
        assert_eq!(bin_of(u64::MAX), NBINS - 1);
    }

    #[test]
    fn quantiles_exact_small_and_close_large() {
        let mut h = Hist::default();
        for v in 1..=100u64 {
            h.add(v);
        }
        assert_eq!(h.quantile(0.5), 50.0);
        assert_eq!(h.quantile(0.05), 5.0);
        assert!((h.quantile(0.9) - 90.0).abs() / 90.0 < 0.02);
        assert_eq!(h.quantile(1.0), 100.0);
        assert_eq!(h.mean(), 50.5);
        let mut big = Hist::default();
        for v in (0..10_000u64).map(|i| i * 1000) {
            big.add(v);
        }
        let q = big.quantile(0.95);
        assert!((q - 9_499_000.0).abs() / 9_499_000.0 < 0.016, "{q}");
    }

    #[test]
    fn merge_equals_adding_everything() {
        let (mut a, mut b, mut all) = (Hist::default(), Hist::default(), Hist::default());
        for v in 0..5000u64 {
            let x = v * v % 7919;
            if v % 3 == 0 {
                a.add(x)
            } else {
                b.add(x)
            }
            all.add(x);
        }
        let mut ab = a.clone();
        ab.merge(&b);
        let mut ba = b;
        ba.merge(&a);
        assert_eq!(ab, all);
        assert_eq!(ba, all);
    }
}
