//! The engine: the parallel batch runner, streaming
//! aggregation and interval statistics.
//!
//! Runs are cut into fixed-size batches of consecutive run indices; rayon
//! spreads batches over threads; each batch folds its trajectories into a
//! partial [`Aggregate`]; partials merge by integer addition. Because every
//! draw is keyed by (seed, run, purpose, month) and every aggregate is an
//! integer, the result is the same whatever the thread count or batch size,
//! and memory holds only one partial per worker, however many runs.

pub mod aggregate;
pub mod hist;
pub mod stats;

pub use aggregate::{Aggregate, METRICS, MONTHLY, Metric, N_STATES, STATES};

use crate::model::{Model, NoObserver};

/// Default runs per batch: large enough that merging partials is noise,
/// small enough to balance load and update the progress bar often.
pub const DEFAULT_BATCH: u64 = 16_384;

/// One of N contiguous parts of a run-index range (a cluster's array task).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// 1-based.
    pub k: u64,
    pub n: u64,
}

impl Shard {
    /// The most parts a range may be cut into.
    pub const MAX_PARTS: u64 = 1_000_000;

    /// Part k of `0..total`: from ⌊(k−1)·total/N⌋ to ⌊k·total/N⌋, so the parts
    /// are contiguous, cover the range once, and differ in size by at most 1.
    pub fn range(self, total: u64) -> std::ops::Range<u64> {
        let at = |k: u64| ((k as u128 * total as u128) / self.n as u128) as u64;
        at(self.k - 1)..at(self.k)
    }
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || {
            format!(
                "`{}` is not K/N: two whole numbers with 1 <= K <= N <= {} (part K of N, e.g. 3/8)",
                crate::text::printable(s),
                Shard::MAX_PARTS
            )
        };
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let k: u64 = k.trim().parse().map_err(|_| bad())?;
        let n: u64 = n.trim().parse().map_err(|_| bad())?;
        if k < 1 || k > n || n > Shard::MAX_PARTS {
            return Err(bad());
        }
        Ok(Shard { k, n })
    }
}

/// How to split the work. None of it changes the result.
#[derive(Clone, Debug)]
pub struct Plan {
    pub seed: u64,
    /// Run indices `first..first + runs` (a shard is a sub-range).
    pub first: u64,
    pub runs: u64,
    pub threads: usize,
    pub batch: u64,
}

/// Simulate the plan's runs and aggregate them. `tick` is called after each
/// batch with the number of runs it finished (for progress bars).
pub fn simulate(model: &Model, plan: &Plan, tick: &(dyn Fn(u64) + Sync)) -> Aggregate {
    fold_batches(
        plan,
        || Aggregate::new(model.horizon),
        |acc, runs| {
            let n = runs.end - runs.start;
            add_runs(acc, model, plan.seed, runs);
            tick(n);
        },
        |a, b| a.merge(b),
    )
}

/// The parallel skeleton every simulation shares: cut the plan's runs into
/// fixed batches, fold each batch with `add` into its thread's accumulator,
/// and merge the threads' accumulators with `merge`, on `plan.threads`
/// threads. With an exact `merge` (sums, or rows sorted afterwards), the
/// result is independent of threads and batch size.
///
/// Each thread claims the next batch from a shared counter until none is
/// left, so a slow thread takes fewer batches, and folds them into one
/// accumulator of its own: an aggregate's histograms are some 300 kB to
/// zero and to merge, so there is one per thread, not one per batch.
pub fn fold_batches<A: Send>(
    plan: &Plan,
    init: impl Fn() -> A + Sync + Send,
    add: impl Fn(&mut A, std::ops::Range<u64>) + Sync + Send,
    merge: impl Fn(&mut A, &A) + Sync + Send,
) -> A {
    use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
    let batch = plan.batch.max(1);
    let n_batches = plan.runs.div_ceil(batch);
    let next = AtomicU64::new(0);
    let work = |_: rayon::BroadcastContext<'_>| {
        let mut acc = None;
        loop {
            let b = next.fetch_add(1, Relaxed);
            if b >= n_batches {
                break;
            }
            let lo = plan.first + b * batch;
            let hi = (lo + batch).min(plan.first + plan.runs);
            add(acc.get_or_insert_with(&init), lo..hi);
        }
        acc
    };
    let parts = match pool(plan.threads.max(1)) {
        Some(pool) => pool.broadcast(work),
        // A pool that cannot be built (resource limits) falls back to the
        // global pool: slower or faster, never different.
        None => rayon::broadcast(work),
    };
    let mut parts = parts.into_iter().flatten();
    let mut out = parts.next().unwrap_or_else(init);
    for part in parts {
        merge(&mut out, &part);
    }
    out
}

/// The process's pool of `threads` threads, built the first time that many
/// are asked for and kept: a sweep or an analysis simulates hundreds of
/// points, and a pool built per call would start and stop its threads each
/// time (while the last pool's threads are still winding down).
fn pool(threads: usize) -> Option<std::sync::Arc<rayon::ThreadPool>> {
    use std::sync::{Arc, Mutex, PoisonError};
    static POOLS: Mutex<Vec<(usize, Arc<rayon::ThreadPool>)>> = Mutex::new(Vec::new());
    let mut pools = POOLS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, p)) = pools.iter().find(|(n, _)| *n == threads) {
        return Some(p.clone());
    }
    let p = Arc::new(
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .ok()?,
    );
    pools.push((threads, p.clone()));
    Some(p)
}

/// Simulate sequentially without the thread pool (tests, small runs).
pub fn simulate_serial(model: &Model, seed: u64, runs: std::ops::Range<u64>) -> Aggregate {
    let mut acc = Aggregate::new(model.horizon);
    add_runs(&mut acc, model, seed, runs);
    acc
}

/// The hot loop: simulate consecutive runs into one aggregate, reusing one
/// parameter buffer.
fn add_runs(acc: &mut Aggregate, model: &Model, seed: u64, runs: std::ops::Range<u64>) {
    let mut params = model.central_params();
    for run in runs {
        acc.add(&model.run_into(seed, run, &mut params, &mut NoObserver));
    }
}

#[cfg(test)]
mod shard_tests {
    use super::Shard;

    #[test]
    fn parts_cover_the_range_once_in_order() {
        for (total, n) in [
            (10u64, 3u64),
            (3, 8),
            (100_000, 7),
            (0, 2),
            (u64::MAX / 3, 5),
        ] {
            let mut next = 0;
            for k in 1..=n {
                let r = Shard { k, n }.range(total);
                assert_eq!(r.start, next);
                assert!(r.end - r.start <= total / n + 1);
                next = r.end;
            }
            assert_eq!(next, total);
        }
        assert_eq!("2/4".parse::<Shard>(), Ok(Shard { k: 2, n: 4 }));
        for bad in ["0/4", "5/4", "4", "a/b", "1/0", "1/2000000", "-1/3", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }
}

#[cfg(test)]
mod fold_tests {
    use super::{Plan, fold_batches};

    /// Every run of the plan is added once, in batches of at most
    /// `batch` that start on the plan's grid, whatever the threads (more
    /// threads than batches included), and one accumulator per thread at
    /// most is merged.
    #[test]
    fn batches_cover_the_runs_once_on_any_thread_count() {
        for (first, runs, batch) in [(0u64, 0u64, 5u64), (7, 1, 5), (3, 100, 7), (0, 64, 64)] {
            for threads in [1, 2, 3, 8] {
                let plan = Plan {
                    seed: 1,
                    first,
                    runs,
                    threads,
                    batch,
                };
                let (mut got, merges) = fold_batches(
                    &plan,
                    || (Vec::new(), 1usize),
                    |acc, r| {
                        assert!(r.end - r.start <= batch && (r.start - first) % batch == 0);
                        acc.0.extend(r);
                    },
                    |a, b| {
                        a.0.extend_from_slice(&b.0);
                        a.1 += b.1;
                    },
                );
                got.sort_unstable();
                assert_eq!(got, (first..first + runs).collect::<Vec<_>>());
                assert!(
                    merges <= threads,
                    "{merges} accumulators on {threads} threads"
                );
            }
        }
    }
}
