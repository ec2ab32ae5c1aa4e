use kata_harness::as_completed::{Collected, Jobs};
use tokio::task::JoinSet;

pub async fn until_first_error(jobs: &Jobs) -> Collected {
    let mut set = JoinSet::new();
    let mut unfinished = jobs.ids();
    for id in jobs.ids() {
        let jobs = jobs.clone();
        set.spawn(async move { (id, jobs.run(id).await) });
    }
    let mut collected = Collected::default();
    while let Some(done) = set.join_next().await {
        let (id, result) = done.unwrap();
        unfinished.retain(|&other| other != id);
        match result {
            Ok(value) => collected.done.push((id, value)),
            Err(err) => {
                collected.error = Some(anyhow::anyhow!("Task {id} failed: {err:?}"));
                collected.unfinished = unfinished;
                break;
            }
        }
    }
    collected
}
