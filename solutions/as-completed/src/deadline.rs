//! Problem 3: `tokio::time::timeout_at` around each `join_next` stops waiting at the deadline
//! (asyncio's `wait(..., timeout=...)`); whatever is still in the set then is unfinished, and
//! `abort_all` stops it.

use std::time::Duration;

use kata_harness::as_completed::{Collected, Jobs};
use tokio::task::JoinSet;
use tokio::time::{Instant, timeout_at};

/// Results that finish before `deadline`, and the ids of those that don't.
pub async fn before_deadline(jobs: &Jobs, deadline: Duration) -> Collected {
    let deadline = Instant::now() + deadline;
    let mut running = JoinSet::new();
    let mut unfinished: Vec<u32> = jobs.ids();
    for id in jobs.ids() {
        let jobs = jobs.clone();
        running.spawn(async move { (id, jobs.run(id).await) });
    }
    let mut collected = Collected::default();
    while let Ok(Some(finished)) = timeout_at(deadline, running.join_next()).await {
        let (id, result) = finished.expect("a job's task panicked");
        collected.done.push((id, result.expect("these jobs do not fail")));
        unfinished.retain(|other| *other != id);
    }
    running.abort_all();
    collected.unfinished = unfinished;
    collected
}
