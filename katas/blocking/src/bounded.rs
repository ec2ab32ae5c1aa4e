//! Problem 4 — bounded: blocking jobs, a few at a time.

use kata_harness::blocking::Lab;

/// Runs blocking jobs `0..jobs` off the runtime, never more than `limit` at the same time (the
/// runtime's blocking pool would allow many more), and returns their results in id order.
// TODO(problem 4): one at a time, on the runtime thread.
pub async fn bounded(lab: Lab, jobs: u32, limit: usize) -> Vec<u64> {
    let _ = limit;
    (0..jobs).map(|id| lab.blocking_job(id)).collect()
}
