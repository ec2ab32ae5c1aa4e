//! Problem 2 — checkpoints: the same computation, cooperative.

use kata_harness::blocking::{Lab, STEPS};

/// Runs the computation step by step — `acc = lab.step(i, acc)` for `i` in `0..STEPS`, from
/// `acc = 0` — on the runtime itself (not on another thread), and returns the final `acc`. The
/// heartbeat must keep beating meanwhile.
// TODO(problem 2): the loop never gives the runtime a chance to run anything else.
pub async fn compute_in_steps(lab: Lab) -> u64 {
    let mut acc = 0;
    for i in 0..STEPS {
        acc = lab.step(i, acc);
    }
    acc
}
