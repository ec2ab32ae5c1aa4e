//! # Kata: pipeline — a job controller, failures, timeouts and cancellation
//!
//! A producer fills a work queue, workers turn tasks into results, result handlers deliver
//! each result to a per-task callback, and the job reports when it is done. Make the controller
//! fast, make it notice failures, give it a deadline, and measure a queue.
//!
//! ```text
//! cargo test -p kata-pipeline            # every problem
//! cargo test -p kata-pipeline problem1   # one problem
//! ```
//!
//! 1. **controller** (`src/controller.rs`) — 200 tasks through a work queue (100), 25 workers,
//!    a result queue (100) and 10 result handlers; every result delivered once, then the
//!    job-completed callback once, with the elapsed time; nothing left running.
//! 2. **failing_worker** (`src/controller.rs`) — when a worker fails, the job neither hangs nor
//!    reports success: it returns an error naming the failed task, promptly, and stops.
//! 3. **timeout** (`src/deadline.rs`) — a job with a deadline returns at the deadline with an
//!    error saying how many tasks had been delivered (deliveries that had ended), leaving
//!    nothing running.
//! 4. **time_in_queue** (`src/market.rs`) — several producers and several consumers, all at
//!    once, over one queue taken oldest item first by whichever consumer is free: report how long
//!    each item waited in it.
//!
//! The batch and the market belong to the harness: seeded work times, and a record of every
//! piece of work, every delivery and every callback — including work dropped before it was
//! done. Everything in `src/` is yours to change, as long as the public functions keep their
//! signatures.

pub mod controller;
pub mod deadline;
pub mod market;
