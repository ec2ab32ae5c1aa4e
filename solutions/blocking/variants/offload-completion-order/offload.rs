use kata_harness::blocking::Lab;
use tokio::task::JoinSet;

pub const JOBS: u32 = 8;

pub async fn offload(lab: Lab) -> Vec<u64> {
    let mut set = JoinSet::new();
    for id in 0..JOBS {
        let lab = lab.clone();
        set.spawn_blocking(move || lab.blocking_job(id));
    }
    let mut results = Vec::new();
    while let Some(result) = set.join_next().await {
        results.push(result.unwrap());
    }
    results
}
