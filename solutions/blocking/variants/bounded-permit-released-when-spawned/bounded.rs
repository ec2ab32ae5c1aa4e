use std::sync::Arc;

use kata_harness::blocking::Lab;
use tokio::sync::Semaphore;

pub async fn bounded(lab: Lab, jobs: u32, limit: usize) -> Vec<u64> {
    let permits = Arc::new(Semaphore::new(limit));
    let tasks: Vec<_> = (0..jobs)
        .map(|id| {
            let (lab, permits) = (lab.clone(), permits.clone());
            tokio::spawn(async move {
                let _permit = permits.acquire_owned().await.unwrap();
                tokio::task::spawn_blocking(move || lab.blocking_job(id))
            })
        })
        .collect();
    let mut results = Vec::new();
    for task in tasks {
        let job = task.await.unwrap();
        results.push(job.await.unwrap());
    }
    results
}
