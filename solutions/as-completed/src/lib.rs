//! Reference solution of the as_completed kata. Spoilers: try `katas/as-completed` first.

pub mod chains;
pub mod deadline;
pub mod finish;
pub mod first;
pub mod first_error;
