//! Problem 3 — offload: blocking jobs off the runtime.

use kata_harness::blocking::Lab;

/// How many blocking jobs `offload` runs.
pub const JOBS: u32 = 8;

/// Runs blocking jobs `0..JOBS` (`lab.blocking_job(id)`, each holding its thread for 100 or
/// 150 ms) side by side, off the runtime, and returns their results in id order.
// TODO(problem 3): each job blocks the runtime thread in turn.
pub async fn offload(lab: Lab) -> Vec<u64> {
    (0..JOBS).map(|id| lab.blocking_job(id)).collect()
}
