//! Problem 4: a semaphore with `limit` permits in front of the blocking pool. Each job waits for
//! a permit *on the runtime* (asynchronously), and only then takes a blocking thread; the permit
//! goes with the job into the thread and is released when the job is done.

use std::sync::Arc;

use kata_harness::blocking::Lab;
use tokio::sync::Semaphore;

/// The jobs off the runtime, at most `limit` at a time.
pub async fn bounded(lab: Lab, jobs: u32, limit: usize) -> Vec<u64> {
    let permits = Arc::new(Semaphore::new(limit));
    let running: Vec<_> = (0..jobs)
        .map(|id| {
            let (lab, permits) = (lab.clone(), permits.clone());
            tokio::spawn(async move {
                let permit = permits.acquire_owned().await.expect("the semaphore is never closed");
                tokio::task::spawn_blocking(move || {
                    let result = lab.blocking_job(id);
                    drop(permit);
                    result
                })
                .await
                .expect("a job panicked")
            })
        })
        .collect();
    let mut results = Vec::with_capacity(running.len());
    for job in running {
        results.push(job.await.expect("a job's task panicked"));
    }
    results
}
