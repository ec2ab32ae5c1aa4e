use futures::future::join_all;
use kata_harness::blocking::Lab;

pub const JOBS: u32 = 8;

pub async fn offload(lab: Lab) -> Vec<u64> {
    let handles = (0..JOBS).map(|id| {
        let lab = lab.clone();
        tokio::task::spawn_blocking(move || lab.blocking_job(id))
    });
    join_all(handles).await.into_iter().map(|r| r.unwrap()).collect()
}
