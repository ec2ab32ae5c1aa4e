//! Problem 4 — first_error.

use kata_harness::as_completed::{Collected, Jobs};

/// Runs every job of `jobs.ids()`. Returns when all have finished — or at the first failure,
/// with that error, the results that finished before it (in the order they finished), and the
/// ids of the jobs still running, which are stopped.
// TODO(problem 4): one job at a time, and the first failure in the list is not the first in time.
pub async fn until_first_error(jobs: &Jobs) -> Collected {
    let mut collected = Collected::default();
    for id in jobs.ids() {
        match jobs.run(id).await {
            Ok(value) => collected.done.push((id, value)),
            Err(err) => {
                collected.error = Some(err.into());
                return collected;
            }
        }
    }
    collected
}
