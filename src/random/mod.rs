//! The random foundation the model stands on: keyed streams ([`rng`]) and
//! discrete draws by inverse CDF ([`draw`]).
//!
//! Every draw of a trajectory is a pure function of (seed, run, purpose,
//! month, counter), so results do not depend on threads, batches or shards,
//! and scenarios run on one seed share their random numbers. Nothing here
//! knows about scenarios, the model or the engine; they all build on it.

pub mod draw;
pub mod rng;

pub use rng::{RunKey, Stream, mix64, purpose};
