use kata_harness::blocking::Lab;
use tokio::task::JoinSet;

pub const JOBS: u32 = 8;

pub async fn offload(lab: Lab) -> Vec<u64> {
    let mut set = JoinSet::new();
    for id in 0..JOBS {
        let lab = lab.clone();
        set.spawn_blocking(move || (id, lab.blocking_job(id)));
    }
    let mut done = set.join_all().await;
    done.sort_by_key(|(id, _)| *id);
    done.into_iter().map(|(_, result)| result).collect()
}
