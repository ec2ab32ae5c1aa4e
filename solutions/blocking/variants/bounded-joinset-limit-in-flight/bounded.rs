use kata_harness::blocking::Lab;
use tokio::task::JoinSet;

pub async fn bounded(lab: Lab, jobs: u32, limit: usize) -> Vec<u64> {
    let mut results = vec![0; jobs as usize];
    let mut running = JoinSet::new();
    for id in 0..jobs {
        if running.len() == limit {
            let (done, result) = running.join_next().await.unwrap().unwrap();
            results[done as usize] = result;
        }
        let lab = lab.clone();
        running.spawn_blocking(move || (id, lab.blocking_job(id)));
    }
    while let Some(finished) = running.join_next().await {
        let (done, result) = finished.unwrap();
        results[done as usize] = result;
    }
    results
}
