//! # Kata: streams — async iteration: pages, limits, merges and batches
//!
//! Four programs that move things one at a time, where Python would write `async for`. Each
//! works, after a fashion; make each a stream that does its work when — and only when — the
//! consumer asks, and no more at once than it may:
//!
//! ```text
//! cargo test -p kata-streams            # every problem
//! cargo test -p kata-streams problem1   # one problem
//! ```
//!
//! 1. **pages** (`src/pages.rs`) — the PokeAPI's list comes a page at a time: yield its
//!    Pokémon one by one, fetching a page only when the consumer needs it.
//! 2. **buffered** (`src/details.rs`) — turn a stream of Pokémon into a stream of their details,
//!    never more than `limit` requests in flight: in order, then in the order they finish.
//! 3. **merge** (`src/merge.rs`) — two weather stations into one stream of stamped readings,
//!    reporting a station that falls silent, and ending when both have stopped.
//! 4. **batches** (`src/batches.rs`) — a fast producer, a bounded channel, and a store that
//!    writes batches of at most k items or t ms, whichever comes first.
//!
//! Two crates of combinators are at hand, each with its own `StreamExt`: `futures_util`'s
//! (`stream::unfold`, `buffered`, `select`, …) and `tokio_stream`'s (`timeout`, `merge`,
//! `chunks_timeout`, `wrappers::ReceiverStream`, …). Many names are in both: bring one trait into
//! scope per file, or call the other one by its path. The chapter shows how.
//!
//! The simulated PokeAPI, the stations, the producer and the store belong to the harness
//! (`kata_harness::streams`): they keep the times fixed and record what your program does to
//! them. Everything in `src/` is yours to change, as long as the public functions keep their
//! signatures.

pub mod batches;
pub mod details;
pub mod merge;
pub mod pages;
