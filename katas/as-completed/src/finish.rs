//! Problem 1 — as_they_finish.

use kata_harness::as_completed::Jobs;

/// Runs every job of `jobs.ids()` and hands each result to `jobs.handle(id, value)` the moment
/// that job is done, and returns once every result is handled. (None of these jobs fails.)
// TODO(problem 1): the results are handled in the order the jobs were started.
pub async fn as_they_finish(jobs: &Jobs) {
    for id in jobs.ids() {
        let value = jobs.run(id).await.expect("these jobs do not fail");
        jobs.handle(id, value);
    }
}
