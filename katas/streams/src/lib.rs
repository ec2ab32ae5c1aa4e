//! # Kata: streams — TODO the kata's title
//!
//! TODO: the program in a paragraph — what it does, in which world, and what is wrong with it as
//! shipped. It compiles and runs; the spec says what it does not do yet:
//!
//! ```text
//! cargo test -p kata-streams            # every problem
//! cargo test -p kata-streams problem1   # one problem
//! ```
//!
//! 1. **first** — `first` asks the desk three questions and returns the sum of the answers, in
//!    about the time of one answer.
//!
//! The harness's [`Desk`] owns the fixed numbers: how long an answer takes. Everything else in
//! this file is yours to change, as long as `first` keeps its signature.

use kata_harness::streams::Desk;

/// Asks the desk 1, 2 and 3, and returns the sum of the answers.
pub async fn first(desk: &Desk) -> u64 {
    // TODO: each question waits for the one before. Need it?
    let mut sum = 0;
    for question in 1..=3 {
        sum += desk.ask(question).await;
    }
    sum
}
