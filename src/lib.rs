//! `reassure`: a Monte Carlo scenario engine for the outcomes of deploying a
//! European reassurance force in Ukraine.
//!
//! Data flows one way (see `ARCHITECTURE.md`): scenario file → [`scenario`]
//! (validated [`scenario::Scenario`]) → [`model`] (one trajectory) →
//! [`engine`] (parallel runs, exact aggregates) → [`report`] (files and
//! tables). [`cli`] wires them to the command line.

pub mod analysis;
pub mod cleanup;
pub mod cli;
pub mod engine;
pub mod math;
pub mod model;
pub mod random;
pub mod report;
pub mod scenario;
pub mod text;
