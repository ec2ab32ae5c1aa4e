//! The worlds: one per kata, each the place its programs run in — the queue kata's floor, the
//! gather kata's PokeAPI, the pipeline kata's batch, …
//!
//! A world holds the exercise's fixed numbers (how long an item's work takes, how many requests
//! a polite server allows), does the waiting in simulated time, and records what happened, so a
//! spec judges what the program *did*. Two worlds are real instead of simulated, because their
//! katas are about sockets: the http world is a real HTTP server on `127.0.0.1`, and the
//! websocket world's clients are real WebSocket clients; both record on the real clock.
//!
//! Every world comes as a pair: the handle the program works with (`Floor`, `PokeApi`, `Batch`),
//! which can only do the work, and the log only the spec reads (`Ledger`, `ApiLog`, `BatchLog`),
//! handed out together by the world's constructor:
//!
//! ```ignore
//! let (floor, ledger) = Floor::open();   // floor → the program, ledger → the judge
//! ```
//!
//! so that a program cannot read the answers off the record (which request will fail, how long
//! each takes), and a learner reading the world's API sees only what the exercise gives them.
//!
//! A world depends on the core (`crate::core`) and on nothing else — not on another world. Each
//! sits behind a cargo feature named after its kata (`queue`, `as-completed`, …), and a kata's
//! crate enables only its own: its first build compiles the core and one world, and the compiler
//! holds every world to that rule whenever a kata is built alone.

#[cfg(feature = "as-completed")]
pub mod as_completed;
#[cfg(feature = "awaitables")]
pub mod awaitables;
#[cfg(feature = "blocking")]
pub mod blocking;
#[cfg(feature = "gather")]
pub mod gather;
#[cfg(feature = "http")]
pub mod http;
#[cfg(feature = "pipeline")]
pub mod pipeline;
#[cfg(feature = "queue")]
pub mod queue;
#[cfg(feature = "streams")]
pub mod streams;
#[cfg(feature = "websocket")]
pub mod websocket;
