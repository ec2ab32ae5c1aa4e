use std::sync::Arc;

use kata_harness::blocking::Lab;
use tokio::sync::Semaphore;

pub async fn bounded(lab: Lab, jobs: u32, limit: usize) -> Vec<u64> {
    let permits = Arc::new(Semaphore::new(limit));
    let mut results = Vec::new();
    for id in 0..jobs {
        let permit = permits.clone().acquire_owned().await.unwrap();
        let lab = lab.clone();
        let result = tokio::task::spawn_blocking(move || {
            let result = lab.blocking_job(id);
            drop(permit);
            result
        });
        results.push(result.await.unwrap());
    }
    results
}
