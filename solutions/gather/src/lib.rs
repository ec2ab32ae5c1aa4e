//! Reference solution of the gather kata. Spoilers: try `katas/gather` first.

pub mod failures;
pub mod mapping;
pub mod pokedex;
