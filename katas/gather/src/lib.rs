//! # Kata: gather — many awaitables, results in order, and failure
//!
//! Five programs that wait for many things one at a time. Make them wait for everything at
//! once — and keep each result matched to the request it answers, even when some fail.
//!
//! ```text
//! cargo test -p kata-gather            # every problem
//! cargo test -p kata-gather problem1   # one problem
//! ```
//!
//! 1. **pokedex** (`src/pokedex.rs`) — fetch the first 150 Pokémon concurrently, in Pokédex order.
//! 2. **polite** (`src/pokedex.rs`) — the same, never more than `limit` requests in flight.
//! 3. **doubles_triples** (`src/mapping.rs`) — map shuffled numbers to their doubles, then each
//!    double to its triple, everything computed at once.
//! 4. **all_results** (`src/failures.rs`) — some requests fail: return every outcome, errors
//!    included, in the order asked.
//! 5. **fail_fast** (`src/failures.rs`) — return the first failure the moment it happens, and
//!    stop the other requests.
//!
//! The simulated PokeAPI and the calculator belong to the harness: they keep the times fixed,
//! record every request, and notice requests that are dropped. Everything in `src/` is yours to
//! change, as long as the public functions keep their signatures.

pub mod failures;
pub mod mapping;
pub mod pokedex;
