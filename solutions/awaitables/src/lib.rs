//! Reference solution of the awaitables kata. Spoilers: try `katas/awaitables` first.

pub mod breakfast;
pub mod count;
pub mod exhibition;
pub mod makerandom;
