//! # Kata: awaitables — futures, tasks and the runtime
//!
//! Four small programs, each in its own file, each doing one thing at a time. Make them do
//! several things at once — without doing two things at once where that is not allowed.
//!
//! ```text
//! cargo test -p kata-awaitables            # every problem
//! cargo test -p kata-awaitables problem1   # one problem
//! ```
//!
//! 1. **count** (`src/count.rs`) — three counts, each "One", a one-second wait, "Two", should
//!    take one second, not three.
//! 2. **exhibition** (`src/exhibition.rs`) — the chess exhibition: play all 24 boards at once,
//!    with one master who never makes two moves at the same time.
//! 3. **lazy** (`src/breakfast.rs`) — `start_breakfast` must get every dish going *right away*
//!    and hand back something the caller awaits later.
//! 4. **makerandom** (`src/makerandom.rs`) — draw random numbers until each task passes its own
//!    threshold, the three tasks side by side.
//!
//! The worlds these programs run in (the journal, the exhibition, the kitchen, the dice) belong
//! to the harness: they keep the times fixed and record what happened, and the spec judges that
//! record. Everything in `src/` is yours to change, as long as the public functions keep their
//! signatures.

pub mod breakfast;
pub mod count;
pub mod exhibition;
pub mod makerandom;
