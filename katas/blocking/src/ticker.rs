//! Problem 1 — ticker: a heavy computation beside a heartbeat.

use kata_harness::blocking::Lab;

/// Runs `lab.heavy()` — a few hundred milliseconds of pure computation — and returns its
/// result, without stopping the heartbeat that runs beside it.
// TODO(problem 1): the computation holds the runtime thread from start to end.
pub async fn compute(lab: Lab) -> u64 {
    lab.heavy()
}
