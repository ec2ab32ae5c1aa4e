//! The kata harness: what every spec in the workbook stands on.
//!
//! A spec hands the learner's program to [`simulate`], which runs it on tokio's *paused* clock:
//! `sleep(100 ms)` takes no real time, the clock jumps straight to the next timer, and the
//! simulated duration of a run is exact and the same on every machine, however loaded. That is
//! what lets a spec say "this took 10.00 s, it should take 1.09 s" and be right every time.
//!
//! The same runner makes sure nothing a learner writes can hang `cargo test`:
//!
//! - a **deadlock** (every task waiting for something that never comes) is seen at once, because
//!   an idle runtime on a paused clock jumps to the run's simulated time limit;
//! - a **busy loop** or a **blocking call** keeps the runtime thread from ever going idle, so the
//!   clock cannot help; a real-time watchdog notices that the thread stopped coming back to the
//!   scheduler and names the likely cause from how much CPU the thread used meanwhile.
//!
//! Failing checks explain themselves through [`Failure`]: what was measured, what was expected
//! and why, what to try, and — where concurrency is the point — a [`timeline`] of what ran when,
//! drawn from the spans a [`Recorder`] collected.
//!
//! The simulated worlds the katas run in (the queue kata's [`queue::Floor`], …) live here too,
//! so the fixed numbers of an exercise are the harness's, not the learner's to change.

mod failure;
mod linger;
mod record;
mod runner;
mod spec;
mod tempdir;

pub mod as_completed;
pub mod awaitables;
pub mod blocking;
pub mod gather;
pub mod pipeline;
pub mod queue;
pub mod timeline;

pub use failure::{Failure, TimeBound, fmt_duration, has_word};
pub use linger::{GRACE, check_nothing_left, simulate_and_linger, still_running};
pub use record::{Outcome, Recorder, Span, Tracked, most_at_once};
pub use runner::{Run, SIM_LOG, Sim, simulate};
pub use spec::{REPORT, SpecTest, main};
pub use tempdir::TempDir;
