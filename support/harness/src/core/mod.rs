//! The core: what every spec and every world stands on, and nothing about any one kata.
//!
//! - [`runner`] runs a program in simulated time and explains why one never finishes;
//!   [`linger`] keeps the clock running after it returns, to catch work left behind.
//! - [`record`] is how a world notes who did what and when; [`timeline`] draws it.
//! - [`failure`] is how a check explains itself; [`shown`] keeps its lists short.
//! - [`spec`] is the test binary's `main`: each check in a process of its own.
//! - [`seeded`], [`sync`] and [`tempdir`] are what worlds are built from: numbers that look
//!   random but never change, a lock that survives a learner's panic, a scratch folder.
//!
//! Nothing here names a world. A world (`crate::worlds`) may use anything here, and nothing
//! else — not another world — so each kata's crate can build the core and its own world alone.

pub mod failure;
pub mod linger;
#[cfg(any(feature = "gather", feature = "streams"))]
pub mod pokemon;
pub mod record;
pub mod runner;
pub mod seeded;
pub mod shown;
pub mod spec;
pub mod sync;
pub mod tempdir;
pub mod timeline;
