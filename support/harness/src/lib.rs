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
//! Two worlds can't use a paused clock, because their programs talk over real sockets: the
//! http kata's server and the websocket kata's clients run on the real clock
//! ([`Sim::real_time`]). Their specs judge what the world recorded — requests in flight,
//! connections, order, who got what — and use wall time only against bounds far past a correct
//! run's on a loaded machine; the same watchdog names a stuck program, sooner where a world says
//! how busy a healthy run keeps the thread ([`Sim::busy_limit`]).
//!
//! Failing checks explain themselves through [`Failure`]: what was measured, what was expected
//! and why, what to try, and — where concurrency is the point — a [`timeline`] of what ran when,
//! drawn from the spans a [`Recorder`] collected.
//!
//! # Layout: the core, the worlds, the prelude
//!
//! ```text
//! src/
//! ├── lib.rs          this page, and the paths everything is used by
//! ├── prelude.rs      the spec kit: `use kata_harness::prelude::*;`
//! ├── core/           the machinery, the same for every kata
//! │   ├── runner.rs     runs (simulated, or real-time), and why one never finishes
//! │   ├── linger.rs     the grace period after a run: work left behind
//! │   ├── record.rs     spans of work, keyed for the judge
//! │   ├── timeline.rs   spans drawn as text
//! │   ├── failure.rs    failures that teach; time bounds
//! │   ├── shown.rs      long lists, cut short
//! │   ├── spec.rs       the test binary's main: each check in a process of its own
//! │   └── seeded.rs, sync.rs, tempdir.rs   what worlds are built from
//! └── worlds/         one world per kata (simulated, but for http's and websocket's)
//!     └── awaitables.rs, gather.rs, as_completed.rs, blocking.rs, queue.rs, pipeline.rs,
//!         streams.rs, http.rs, websocket.rs   (one per kata; `workbook new <topic>` adds the next)
//! ```
//!
//! **The core** knows nothing of any kata. **A world** is the place one kata's programs run in
//! (the queue kata's `queue::Floor`, the gather kata's `gather::PokeApi`, …): it holds the
//! exercise's fixed numbers — so they are the harness's, not the learner's to change — does the
//! waiting in simulated time (or serves real sockets), and records what happened, handing the
//! program a handle that can only do the work and the spec a log that only reads it. A world
//! uses the core and nothing else; what two worlds would share (a seeded number, a lock that
//! survives a panic) lives in the core.
//!
//! Each world sits behind a cargo feature named after its kata, and is re-exported here under
//! its kata's name, so its path does not say where the file lives:
//!
//! ```toml
//! # katas/queue/Cargo.toml
//! kata-harness = { workspace = true, features = ["queue"] }
//! ```
//!
//! ```ignore
//! use kata_harness::queue::{Floor, QUEUE_SIZE};
//! ```
//!
//! A kata's crate builds the core and its own world only: a learner's first verdict compiles
//! less (measured on `cargo test -p kata-queue` with its other dependencies built: the harness
//! compiles in 1.23 s instead of 1.61 s with every world, and the verdict comes 2.30 s after the
//! command instead of 2.67 s; a verdict after an edit, 0.37 s, does not rebuild the harness), and
//! when a kata is built alone the compiler itself holds each world to "the core and nothing
//! else". Each feature is named after its kata (`queue`, `as-completed`, `streams`, …); a world
//! that needs crates of its own makes them optional and turns them on with its feature
//! (`streams = ["dep:futures-core"]`), so no other kata builds them.
//!
//! **The prelude** is what a spec needs besides its world: the core's types, and the helpers
//! every spec would otherwise write for itself — [`prelude::Runs`] to run programs,
//! [`prelude::picture`] to draw a recorder's timeline, [`shown`] to cut a list short,
//! [`prelude::Tally`] for exactly-once checks, [`prelude::ms`] and [`prelude::secs`] — so that a
//! spec is only its checks.

mod core;
pub mod prelude;
mod worlds;

pub use crate::core::failure::{Failure, TimeBound, fmt_duration, has_word};
pub use crate::core::linger::{GRACE, check_nothing_left, simulate_and_linger, still_running};
pub use crate::core::record::{Outcome, Recorder, Span, Tracked, most_at_once};
pub use crate::core::runner::{Run, SIM_LOG, Sim, simulate};
pub use crate::core::seeded;
pub use crate::core::shown::{shown, shown_lines};
pub use crate::core::spec::{REPORT, SpecTest, main};
pub use crate::core::sync::lock;
pub use crate::core::tempdir::TempDir;
pub use crate::core::timeline;

#[cfg(feature = "as-completed")]
pub use crate::worlds::as_completed;
#[cfg(feature = "awaitables")]
pub use crate::worlds::awaitables;
#[cfg(feature = "blocking")]
pub use crate::worlds::blocking;
#[cfg(feature = "gather")]
pub use crate::worlds::gather;
#[cfg(feature = "http")]
pub use crate::worlds::http;
#[cfg(feature = "pipeline")]
pub use crate::worlds::pipeline;
#[cfg(feature = "queue")]
pub use crate::worlds::queue;
#[cfg(feature = "streams")]
pub use crate::worlds::streams;
#[cfg(feature = "websocket")]
pub use crate::worlds::websocket;
