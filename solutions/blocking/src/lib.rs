//! Reference solution of the blocking kata. Spoilers: try `katas/blocking` first.

pub mod bounded;
pub mod checkpoints;
pub mod offload;
pub mod ticker;
