use kata_harness::blocking::Lab;

pub const JOBS: u32 = 8;

pub async fn offload(lab: Lab) -> Vec<u64> {
    let mut results = Vec::new();
    for id in 0..JOBS {
        let lab = lab.clone();
        results.push(tokio::task::spawn_blocking(move || lab.blocking_job(id)).await.unwrap());
    }
    results
}
