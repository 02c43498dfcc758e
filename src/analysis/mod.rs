//! Analyses built on the engine: paired comparisons of scenarios on common
//! random numbers, and sweeps over levers.

pub mod compare;
pub mod criterion;
pub mod global;
pub mod inputs;
pub mod oat;
pub mod prim;
pub mod robustness;
pub mod sample;
pub mod sobol;
pub mod sweep;
