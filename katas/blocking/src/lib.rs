//! # Kata: blocking — keeping the runtime free
//!
//! Four programs that hold the runtime's only thread while they work, so nothing else on it can
//! run — not even the heartbeat the spec keeps beside them. Free the runtime, each in the way
//! that fits the work.
//!
//! ```text
//! cargo test -p kata-blocking            # every problem
//! cargo test -p kata-blocking problem1   # one problem
//! ```
//!
//! 1. **ticker** (`src/ticker.rs`) — a CPU-heavy computation, and a heartbeat that must keep
//!    beating while it runs.
//! 2. **checkpoints** (`src/checkpoints.rs`) — the same computation in steps, made cooperative:
//!    it stays on the runtime, and lets the heartbeat in.
//! 3. **offload** (`src/offload.rs`) — blocking jobs, run side by side off the runtime.
//! 4. **bounded** (`src/bounded.rs`) — the same, never more than `limit` at once.
//!
//! These specs run in real time: blocking is invisible to a paused clock. The harness's `Lab`
//! records which thread each piece of work ran on and how many jobs ran at once, and the spec
//! runs a heartbeat (a beat every 10 ms) on the runtime while your code works. Everything in
//! `src/` is yours to change, as long as the public functions keep their signatures.

pub mod bounded;
pub mod checkpoints;
pub mod offload;
pub mod ticker;
