use std::sync::Arc;

use kata_harness::blocking::Lab;
use tokio::sync::Semaphore;

pub async fn bounded(lab: Lab, jobs: u32, limit: usize) -> Vec<u64> {
    let permits = Arc::new(Semaphore::new(limit));
    let mut handles = Vec::new();
    for id in 0..jobs {
        let permit = permits.clone().acquire_owned().await.unwrap();
        let lab = lab.clone();
        handles.push(tokio::task::spawn_blocking(move || {
            let _permit = permit;
            lab.blocking_job(id)
        }));
    }
    let mut results = Vec::new();
    for handle in handles {
        results.push(handle.await.unwrap());
    }
    results
}
