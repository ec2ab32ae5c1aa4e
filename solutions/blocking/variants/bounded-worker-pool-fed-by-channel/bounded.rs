use std::sync::{Arc, Mutex};

use kata_harness::blocking::Lab;
use tokio::sync::mpsc;

pub async fn bounded(lab: Lab, jobs: u32, limit: usize) -> Vec<u64> {
    let (id_tx, id_rx) = mpsc::channel::<u32>(1);
    let id_rx = Arc::new(Mutex::new(id_rx));
    let (result_tx, mut result_rx) = mpsc::unbounded_channel();
    for _ in 0..limit {
        let (lab, id_rx, result_tx) = (lab.clone(), id_rx.clone(), result_tx.clone());
        tokio::task::spawn_blocking(move || {
            loop {
                // The lock is held only while taking an id, not while working on it.
                let Some(id) = id_rx.lock().unwrap().blocking_recv() else {
                    break;
                };
                let _ = result_tx.send((id, lab.blocking_job(id)));
            }
        });
    }
    drop(result_tx);
    for id in 0..jobs {
        id_tx.send(id).await.unwrap();
    }
    drop(id_tx);
    let mut results = vec![0; jobs as usize];
    while let Some((id, result)) = result_rx.recv().await {
        results[id as usize] = result;
    }
    results
}
