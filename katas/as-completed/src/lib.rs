//! # Kata: as_completed — results in the order they finish
//!
//! Five programs that wait for their jobs in the order they were started. Make them deal with
//! each result as it comes in — and stop waiting, cleanly, when there is no point any more.
//!
//! ```text
//! cargo test -p kata-as-completed            # every problem
//! cargo test -p kata-as-completed problem1   # one problem
//! ```
//!
//! 1. **as_they_finish** (`src/finish.rs`) — hand each job's result over the moment it is ready.
//! 2. **first_wins** (`src/first.rs`) — ask every replica, take the first answer, stop the rest.
//! 3. **deadline** (`src/deadline.rs`) — keep what finishes before a deadline, report the rest.
//! 4. **first_error** (`src/first_error.rs`) — stop at the first failure and cancel the rest.
//! 5. **chains** (`src/chains.rs`) — `part1` then `part2` per chain, the chains side by side.
//!
//! The jobs, replicas and parts belong to the harness: they take seeded times (no two the same),
//! and record when each job started and how it ended — including being dropped before it
//! finished. Everything in `src/` is yours to change, as long as the public functions keep their
//! signatures.

pub mod chains;
pub mod deadline;
pub mod finish;
pub mod first;
pub mod first_error;
