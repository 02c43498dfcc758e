//! Correlated inputs: `[correlations]` applied by the Iman–Conover method
//! (Iman & Conover 1982) on fixed blocks of runs.
//!
//! docs/model.md ("Correlated inputs") is the specification; in short:
//! runs are cut into blocks of [`BLOCK`] consecutive run indices. For a
//! block, every correlated input is drawn independently for each of the
//! block's runs, exactly as an uncorrelated input is (its own keyed stream,
//! rounded for whole-number inputs); then the draws of each input are
//! rearranged across the block's runs so that their ranks follow a score
//! matrix with the target correlation. A run's value is always the draw of
//! some run of its block, so each input's values in a block are the same
//! multiset as without `[correlations]`, and the result depends only on the
//! seed, the block and the scenario (never on threads, batches, shards or
//! the total number of runs).
//!
//! The block's values are computed once, when the first run of a new block
//! is drawn, into a [`Blocks`] cache kept in the engine's reused
//! [`super::RunParams`]: the hot loop then reads one value per input and
//! allocates nothing.

use super::KeyedDraw;
use crate::math::{cholesky, norm_inv, pearson_of_spearman};
use crate::random::rng::{RunKey, purpose};
use crate::scenario::{Lever, Param, Scenario};

/// Runs per block: block b holds runs b·BLOCK .. (b + 1)·BLOCK, whatever
/// the total number of runs (the last block of a simulation may use only
/// some of its runs; its values are those of the full block).
pub const BLOCK: usize = 1024;

/// One correlated input: where its value goes and how it is drawn.
#[derive(Clone, Debug)]
pub(crate) struct Input {
    pub lever: Lever,
    /// Its independent draw, on its own purpose: "param.<path>" or
    /// "assumptions.<name>".
    draw: KeyedDraw,
    /// The purpose of its score permutation: "correlations.<path>".
    shuffle: u64,
}

impl Input {
    /// The independent draw for run `key`: the value the run would draw
    /// without `[correlations]`.
    #[inline]
    fn sample(&self, key: RunKey) -> f64 {
        self.draw.draw(key)
    }
}

/// What a model with `[correlations]` needs to fill a block.
#[derive(Clone, Debug)]
pub(crate) struct Correlated {
    /// The correlated inputs, levers in the registry's order, then
    /// coefficients in theirs ([`Lever::order`]).
    pub inputs: Vec<Input>,
    /// Lower Cholesky factor P of the target T (k×k, row-major), where
    /// T[i][j] = 2·sin(π·ρ[i][j]/6): the normal scores' correlation whose
    /// rank correlation is the file's ρ.
    target: Vec<f64>,
    /// The centred van der Waerden scores Φ⁻¹(j/(n+1)) − mean, j = 1..=n.
    scores: Vec<f64>,
    /// Σ of the squared centred scores.
    score_ss: f64,
    /// Tells this setup's blocks from another model's in a reused buffer.
    fingerprint: u64,
}

impl Correlated {
    /// The correlated inputs of `s` that are drawn (given as distributions;
    /// a sweep may have fixed one, which leaves its pairs out), or `None`
    /// when fewer than two remain.
    pub fn new(s: &Scenario) -> Option<Correlated> {
        let drawn = |l: Lever| matches!(s.input(l), Param::Dist(_));
        let pairs: Vec<_> = s
            .correlations
            .iter()
            .filter(|c| drawn(c.a) && drawn(c.b))
            .collect();
        let mut levers: Vec<Lever> = Vec::new();
        for c in &pairs {
            for l in [c.a, c.b] {
                if !levers.contains(&l) {
                    levers.push(l);
                }
            }
        }
        // The canonical order, so that how a file orders its pairs (or
        // `reassure new` regroups them) changes no value.
        levers.sort_by_key(|l| l.order());
        let k = levers.len();
        if k < 2 {
            return None;
        }
        let at = |l: Lever| levers.iter().position(|x| *x == l).unwrap_or(0);
        let mut t = vec![0.0; k * k];
        for i in 0..k {
            t[i * k + i] = 1.0;
        }
        for c in &pairs {
            let (i, j) = (at(c.a), at(c.b));
            let r = pearson_of_spearman(c.rho);
            t[i * k + j] = r;
            t[j * k + i] = r;
        }
        let mut target = vec![0.0; k * k];
        if !cholesky(&t, k, &mut target) {
            // The parser refuses such a table; a hand-built scenario gets
            // independent inputs rather than a failure.
            debug_assert!(false, "[correlations] not positive definite");
            target.fill(0.0);
            for i in 0..k {
                target[i * k + i] = 1.0;
            }
        }
        let inputs: Vec<Input> = levers
            .iter()
            .map(|&l| {
                let Param::Dist(dist) = s.input(l) else {
                    unreachable!("only drawn inputs are kept")
                };
                let path = l.path();
                let draw = match l {
                    Lever::Field(_) => purpose(&format!("param.{path}")),
                    Lever::Coef(_) => purpose(&path),
                };
                Input {
                    lever: l,
                    draw: KeyedDraw::new(
                        &dist,
                        draw,
                        !matches!(l.kind(), crate::scenario::Kind::Float),
                    ),
                    shuffle: purpose(&format!("correlations.{path}")),
                }
            })
            .collect();
        let n = BLOCK;
        let raw: Vec<f64> = (1..=n)
            .map(|j| norm_inv(j as f64 / (n + 1) as f64))
            .collect();
        let mean = raw.iter().sum::<f64>() / n as f64;
        let scores: Vec<f64> = raw.iter().map(|a| a - mean).collect();
        let score_ss = scores.iter().map(|a| a * a).sum();
        let fingerprint = purpose(&format!("{inputs:?}{target:?}"));
        Some(Correlated {
            inputs,
            target,
            scores,
            score_ss,
            fingerprint,
        })
    }

    /// Which of the inputs `l` is.
    pub fn position(&self, l: Lever) -> Option<usize> {
        self.inputs.iter().position(|i| i.lever == l)
    }

    /// Make `cache` hold run `run`'s block on `seed` (computing it if it
    /// holds another), and return the run's place in it, for
    /// [`Blocks::get`].
    #[inline]
    pub fn prepare(&self, cache: &mut Blocks, seed: u64, run: u64) -> usize {
        let block = run / BLOCK as u64;
        if cache.key != Some((self.fingerprint, seed, block)) {
            self.fill(cache, seed, block);
        }
        (run % BLOCK as u64) as usize
    }

    /// Input `i`'s value in run `run`.
    #[cfg(test)]
    fn value(&self, cache: &mut Blocks, seed: u64, run: u64, i: usize) -> f64 {
        let j = self.prepare(cache, seed, run);
        cache.get(i, j)
    }

    /// A cache sized for these inputs, holding no block yet.
    pub fn cache(&self) -> Blocks {
        let (k, n) = (self.inputs.len(), BLOCK);
        Blocks {
            key: None,
            values: vec![0.0; k * n],
            s: vec![0.0; n * k],
            e: vec![0.0; k * k],
            q: vec![0.0; k * k],
            m: vec![0.0; k * k],
            y: vec![0.0; k],
            sorted: vec![0.0; n],
            keys: vec![0; n],
            scratch: vec![0.0; n],
            places: vec![0; n],
            counts: vec![0; n],
        }
    }

    /// Compute block `block`'s values on `seed` into `cache`.
    #[cold]
    #[inline(never)]
    fn fill(&self, cache: &mut Blocks, seed: u64, block: u64) {
        let (k, n) = (self.inputs.len(), BLOCK);
        if cache.y.len() != k {
            *cache = self.cache();
        }
        let c = cache;
        // 1. The independent draws, run by run.
        for j in 0..n {
            let key = RunKey::new(seed, block * n as u64 + j as u64);
            for (i, input) in self.inputs.iter().enumerate() {
                c.values[i * n + j] = input.sample(key);
            }
        }
        // 2. Each input's column of scores, shuffled by its own stream of
        // (seed, block): Fisher–Yates from the last position down, the swap
        // partner of position m being ⌊x·(m + 1)/2⁶⁴⌋ for the stream's next
        // 64-bit output x.
        let bkey = RunKey::new(seed, block);
        for (i, input) in self.inputs.iter().enumerate() {
            let mut st = bkey.stream(input.shuffle);
            let col = &mut c.sorted;
            col.copy_from_slice(&self.scores);
            for m in (1..n).rev() {
                let r = ((st.next_u64() as u128 * (m as u128 + 1)) >> 64) as usize;
                col.swap(m, r);
            }
            for j in 0..n {
                c.s[j * k + i] = col[j];
            }
        }
        // 3. E, the scores' own correlation, and its Cholesky factor Q.
        for i in 0..k {
            c.e[i * k + i] = 1.0;
            for l in 0..i {
                let mut sum = 0.0;
                for j in 0..n {
                    sum += c.s[j * k + i] * c.s[j * k + l];
                }
                c.e[i * k + l] = sum / self.score_ss;
                c.e[l * k + i] = c.e[i * k + l];
            }
        }
        if !cholesky(&c.e, k, &mut c.q) {
            // Never seen for k < n (the permuted scores are almost surely
            // independent columns); then the scores are used uncorrected.
            c.q.fill(0.0);
            for i in 0..k {
                c.q[i * k + i] = 1.0;
            }
        }
        // 4. S* = S·(Q⁻¹)ᵀ·Pᵀ = S·Mᵀ with M = P·Q⁻¹ (lower triangular).
        // W = Q⁻¹ column by column (into `e`, no longer needed):
        // W_cc = 1/Q_cc, W_ic = −(Σ_{c≤m<i} Q_im·W_mc)/Q_ii for i > c.
        let w = &mut c.e;
        w.fill(0.0);
        for col in 0..k {
            w[col * k + col] = 1.0 / c.q[col * k + col];
            for i in col + 1..k {
                let mut v = 0.0;
                for m in col..i {
                    v += c.q[i * k + m] * w[m * k + col];
                }
                w[i * k + col] = -v / c.q[i * k + i];
            }
        }
        // M_ic = Σ_{c≤m≤i} P_im·W_mc.
        c.m.fill(0.0);
        for i in 0..k {
            for col in 0..=i {
                let mut v = 0.0;
                for m in col..=i {
                    v += self.target[i * k + m] * w[m * k + col];
                }
                c.m[i * k + col] = v;
            }
        }
        // S*_ji = Σ_{m≤i} M_im·S_jm, row by row.
        for j in 0..n {
            let row = &mut c.s[j * k..(j + 1) * k];
            c.y.copy_from_slice(row);
            for i in 0..k {
                let mut v = 0.0;
                for m in 0..=i {
                    v += c.m[i * k + m] * c.y[m];
                }
                row[i] = v;
            }
        }
        // 5. Each input's draws, sorted, go to the runs in the order of its
        // column of S* (ties by run): the run with the m-th smallest score
        // gets the m-th smallest draw. Both orders are IEEE total order.
        for i in 0..k {
            let vals = &mut c.values[i * n..(i + 1) * n];
            for (key, v) in c.keys.iter_mut().zip(vals.iter()) {
                *key = total_order_bits(*v);
            }
            // Equal keys are equal draws: an unstable sort is exact.
            c.keys.sort_unstable();
            for (x, key) in c.sorted.iter_mut().zip(&c.keys) {
                *x = from_total_order_bits(*key);
            }
            order_places(&c.s, k, i, &mut c.scratch, &mut c.places, &mut c.counts);
            for (m, &o) in c.places.iter().enumerate() {
                vals[o as usize] = c.sorted[m];
            }
        }
        c.key = Some((self.fingerprint, seed, block));
    }
}

/// `x`'s bits mapped so that unsigned order is IEEE total order (as
/// [`f64::total_cmp`]: −0 before +0).
#[inline(always)]
fn total_order_bits(x: f64) -> u64 {
    let b = x.to_bits();
    if b >> 63 == 1 { !b } else { b | 1 << 63 }
}

#[inline(always)]
fn from_total_order_bits(k: u64) -> f64 {
    f64::from_bits(if k >> 63 == 1 { k & !(1 << 63) } else { !k })
}

/// The places 0..n in ascending order of (column `i` of the n×k matrix
/// `s` in IEEE total order, place), into `places`. Exact, whatever the
/// values; fast for S*'s columns, which are close to standard normal: a
/// counting sort into n buckets of equal width over [−4, 4] (a monotone
/// map, places ascending within a bucket), then an insertion sort that
/// only has to order each bucket's few values.
fn order_places(
    s: &[f64],
    k: usize,
    i: usize,
    keys: &mut [f64],
    places: &mut [u32],
    counts: &mut [u32],
) {
    let n = places.len();
    let scale = n as f64 / 8.0;
    let top = (n - 1) as f64;
    let bucket = |x: f64| ((x + 4.0) * scale).clamp(0.0, top) as usize;
    counts.fill(0);
    for j in 0..n {
        counts[bucket(s[j * k + i])] += 1;
    }
    let mut sum = 0;
    for c in counts.iter_mut() {
        let x = *c;
        *c = sum;
        sum += x;
    }
    for j in 0..n {
        let x = s[j * k + i];
        let b = bucket(x);
        let at = counts[b] as usize;
        keys[at] = x;
        places[at] = j as u32;
        counts[b] += 1;
    }
    for m in 1..n {
        let (x, p) = (keys[m], places[m]);
        let mut q = m;
        while q > 0
            && keys[q - 1]
                .total_cmp(&x)
                .then(places[q - 1].cmp(&p))
                .is_gt()
        {
            keys[q] = keys[q - 1];
            places[q] = places[q - 1];
            q -= 1;
        }
        keys[q] = x;
        places[q] = p;
    }
}

/// One block's values of every correlated input, and the scratch space to
/// compute the next block without allocating.
#[derive(Clone)]
pub(crate) struct Blocks {
    /// (model fingerprint, seed, block) of the values held.
    key: Option<(u64, u64, u64)>,
    /// Input-major: `values[i·n + j]` is input i's value in run b·n + j.
    values: Vec<f64>,
    /// The n×k score matrix (row-major), S then S*.
    s: Vec<f64>,
    e: Vec<f64>,
    q: Vec<f64>,
    m: Vec<f64>,
    y: Vec<f64>,
    sorted: Vec<f64>,
    keys: Vec<u64>,
    scratch: Vec<f64>,
    places: Vec<u32>,
    counts: Vec<u32>,
}

impl Blocks {
    /// Input `i`'s value at place `j` of the block held (see
    /// [`Correlated::prepare`]).
    #[inline(always)]
    pub(crate) fn get(&self, i: usize, j: usize) -> f64 {
        self.values[i * BLOCK + j]
    }
}

impl std::fmt::Debug for Blocks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Blocks")
            .field("inputs", &self.y.len())
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::parse;

    const TEXT: &str = r#"[scenario]
name = "c"
[russia]
risk_appetite = { dist = "triangular", min = 0.2, mode = 0.5, max = 0.8 }
[ceasefire]
probability = { dist = "uniform", min = 0.2, max = 0.7 }
window_months = { dist = "choice", values = [3, 6, 12], weights = [1, 2, 1] }
[assumptions]
pressure_effect = { dist = "normal", mean = 1.5, sd = 0.3, min = 0.5, max = 2.5 }
[correlations]
"russia.risk_appetite" = { "ceasefire.probability" = -0.5, "assumptions.pressure_effect" = 0.4 }
"ceasefire.window_months" = { "ceasefire.probability" = 0.3 }
"#;

    use crate::math::spearman;

    #[test]
    fn a_block_keeps_the_draws_and_takes_the_rank_correlation() {
        let s = parse(TEXT, "t.toml").unwrap();
        let c = Correlated::new(&s).unwrap();
        assert_eq!(c.inputs.len(), 4);
        let mut cache = c.cache();
        let n = BLOCK;
        let block = 3u64;
        let col = |cache: &mut Blocks, i: usize| -> Vec<f64> {
            (0..n as u64)
                .map(|j| c.value(cache, 9, block * n as u64 + j, i))
                .collect()
        };
        let cols: Vec<Vec<f64>> = (0..4).map(|i| col(&mut cache, i)).collect();
        for (i, input) in c.inputs.iter().enumerate() {
            let mut free: Vec<f64> = (0..n as u64)
                .map(|j| input.sample(RunKey::new(9, block * n as u64 + j)))
                .collect();
            let mut got = cols[i].clone();
            free.sort_by(f64::total_cmp);
            got.sort_by(f64::total_cmp);
            assert_eq!(free, got, "input {i}: the block's multiset of draws");
            assert_ne!(
                cols[i],
                (0..n as u64)
                    .map(|j| input.sample(RunKey::new(9, block * n as u64 + j)))
                    .collect::<Vec<_>>(),
                "rearranged"
            );
        }
        // One block of 1,024 runs: within a few hundredths of the targets.
        use crate::scenario::Field;
        let at = |l: Lever| c.position(l).unwrap();
        let (risk, p0, window) = (
            at(Lever::Field(Field::RiskAppetite as usize)),
            at(Lever::Field(Field::CeasefireProbability as usize)),
            at(Lever::Field(Field::WindowMonths as usize)),
        );
        let pressure = at(Lever::Coef(crate::model::Coef::PressureEffect));
        assert_eq!(
            (p0, window, risk, pressure),
            (0, 1, 2, 3),
            "canonical order"
        );
        assert!((spearman(&cols[risk], &cols[p0]) + 0.5).abs() < 0.06);
        assert!((spearman(&cols[risk], &cols[pressure]) - 0.4).abs() < 0.06);
        assert!(spearman(&cols[pressure], &cols[p0]).abs() < 0.08);
        // A discrete input ties: its rank correlation is weaker, same sign.
        let w = spearman(&cols[window], &cols[p0]);
        assert!(w > 0.15 && w < 0.33, "{w}");
        // The same block again, from a fresh cache or after another block.
        let mut other = c.cache();
        c.value(&mut other, 9, 5, 0);
        assert_eq!(col(&mut other, 2), cols[2]);
        // Another seed, another arrangement.
        let moved: Vec<f64> = (0..n as u64)
            .map(|j| c.value(&mut other, 10, block * n as u64 + j, 0))
            .collect();
        assert_ne!(moved, cols[0]);
    }

    #[test]
    fn places_are_ordered_by_total_order_then_place() {
        let mut xs: Vec<f64> = (0..1000)
            .map(|i| ((i * 7919) % 1009) as f64 / 97.0 - 5.0)
            .collect();
        xs.extend([
            0.0,
            -0.0,
            0.0,
            f64::MAX,
            f64::MIN,
            1e-300,
            -1e-300,
            3.0,
            3.0,
        ]);
        xs.extend(std::iter::repeat_n(0.5, 15));
        let n = xs.len();
        // As column 1 of an n×2 matrix.
        let s: Vec<f64> = xs.iter().flat_map(|x| [7.0, *x]).collect();
        let (mut keys, mut places, mut counts) = (vec![0.0; n], vec![0; n], vec![0; n]);
        order_places(&s, 2, 1, &mut keys, &mut places, &mut counts);
        let mut want: Vec<u32> = (0..n as u32).collect();
        want.sort_by(|&a, &b| xs[a as usize].total_cmp(&xs[b as usize]).then(a.cmp(&b)));
        assert_eq!(places, want);
        for x in [0.0, -0.0, 1.5, -2.25, f64::MIN_POSITIVE, -f64::MAX] {
            assert_eq!(
                from_total_order_bits(total_order_bits(x)).to_bits(),
                x.to_bits()
            );
        }
        assert!(total_order_bits(-0.0) < total_order_bits(0.0));
        assert!(total_order_bits(-1.0) < total_order_bits(-0.5));
    }

    #[test]
    fn inputs_fixed_by_a_sweep_leave_their_pairs() {
        let mut s = parse(TEXT, "t.toml").unwrap();
        s.params[crate::scenario::Field::CeasefireProbability as usize] = Param::Fixed(0.5);
        let c = Correlated::new(&s).unwrap();
        assert_eq!(c.inputs.len(), 2, "risk appetite and pressure effect");
        s.params[crate::scenario::Field::RiskAppetite as usize] = Param::Fixed(0.5);
        assert!(Correlated::new(&s).is_none());
    }
}
