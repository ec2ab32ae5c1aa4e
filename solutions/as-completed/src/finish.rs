//! Problem 1: a `JoinSet` hands back each job's result as it finishes — asyncio's
//! `as_completed` — so each is handled at its own finishing time.

use kata_harness::as_completed::Jobs;
use tokio::task::JoinSet;

/// Runs every job and handles each result the moment it is ready.
pub async fn as_they_finish(jobs: &Jobs) {
    let mut running = JoinSet::new();
    for id in jobs.ids() {
        let jobs = jobs.clone();
        running.spawn(async move { (id, jobs.run(id).await) });
    }
    while let Some(finished) = running.join_next().await {
        let (id, result) = finished.expect("a job's task panicked");
        jobs.handle(id, result.expect("these jobs do not fail"));
    }
}
