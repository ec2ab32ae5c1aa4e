//! Problem 4: asyncio's `wait(..., return_when=FIRST_EXCEPTION)`: results as they finish, and at
//! the first failure, stop — the jobs still in the set are unfinished, and dropping it aborts them.

use kata_harness::as_completed::{Collected, Jobs};
use tokio::task::JoinSet;

/// Everything, or what finished before the first failure, that failure, and what was stopped.
pub async fn until_first_error(jobs: &Jobs) -> Collected {
    let mut running = JoinSet::new();
    let mut unfinished: Vec<u32> = jobs.ids();
    for id in jobs.ids() {
        let jobs = jobs.clone();
        running.spawn(async move { (id, jobs.run(id).await) });
    }
    let mut collected = Collected::default();
    while let Some(finished) = running.join_next().await {
        let (id, result) = finished.expect("a job's task panicked");
        unfinished.retain(|other| *other != id);
        match result {
            Ok(value) => collected.done.push((id, value)),
            Err(err) => {
                collected.error = Some(err.into());
                break; // dropping `running` below aborts the jobs still in it
            }
        }
    }
    collected.unfinished = if collected.error.is_some() {
        unfinished
    } else {
        Vec::new()
    };
    collected
}
