//! The http kata's spec. One file, two crates: `cargo test -p kata-http` runs it against
//! the kata, `cargo test -p solution-http` against the reference solution.
//!
//! TODO: what the world records, and what the checks judge from it — never how the code is
//! written.

use kata_harness::http::{ANSWER_TIME, Desk, DeskLog};
use kata_harness::prelude::*;

use crate::subject;

/// Every run: a minute of simulated time at most, and what a deadlock most likely is here.
const RUNS: Runs =
    Runs::new(secs(60)).deadlock_hint("TODO: what a program of this kata most likely waits for when it waits for ever");

fn run_first() -> (DeskLog, Run<u64>) {
    let (desk, log) = Desk::open();
    let run = RUNS.run(log.recorder(), move || async move { subject::first(&desk).await });
    (log, run)
}

// ---------------------------------------------------------------------------------------------
// Problem 1 — first

fn problem1_first_sums_the_answers() {
    let (log, run) = run_first();
    if run.value != 12 {
        Failure::new("first returned the wrong sum")
            .measured(format!("first returned {}", run.value))
            .expected("12")
            .why("the desk answers 1, 2 and 3 with their doubles: 2 + 4 + 6")
            .timeline(picture(log.recorder(), run.elapsed))
            .fail();
    }
}

fn problem1_first_asks_at_once() {
    let (log, run) = run_first();
    let bound = TimeBound {
        lower: ANSWER_TIME,
        derivation: format!(
            "the three questions need not wait for each other; each answer takes {}",
            fmt_duration(ANSWER_TIME)
        ),
        tolerance: 0.05,
        one_at_a_time: Some((ANSWER_TIME * 3, format!("3 questions × {}", fmt_duration(ANSWER_TIME)))),
    };
    if let Err(failure) = bound.check(run.elapsed) {
        failure
            .hint("ask every question before awaiting any answer")
            .timeline(picture(log.recorder(), run.elapsed))
            .fail();
    }
}

kata_harness::spec! {
    problem1_first_sums_the_answers,
    problem1_first_asks_at_once,
}
