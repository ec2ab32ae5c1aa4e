//! Reference solution of the pipeline kata. Spoilers: try `katas/pipeline` first.

pub mod controller;
pub mod deadline;
pub mod market;
