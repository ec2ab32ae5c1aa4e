use std::sync::mpsc;

use kata_harness::blocking::Lab;

pub const JOBS: u32 = 8;

pub async fn offload(lab: Lab) -> Vec<u64> {
    let (tx, rx) = mpsc::channel();
    for id in 0..JOBS {
        let (lab, tx) = (lab.clone(), tx.clone());
        tokio::task::spawn_blocking(move || tx.send((id, lab.blocking_job(id))).unwrap());
    }
    let mut results = vec![0; JOBS as usize];
    for _ in 0..JOBS {
        let (id, result) = rx.recv().unwrap();
        results[id as usize] = result;
        // Let the other tasks have a turn between results.
        tokio::task::yield_now().await;
    }
    results
}
