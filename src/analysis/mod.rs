//! Analyses built on the engine: paired comparisons of scenarios on common
//! random numbers, and sweeps over levers.

pub mod compare;
pub mod sweep;
