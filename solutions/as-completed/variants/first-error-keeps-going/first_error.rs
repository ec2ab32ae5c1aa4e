use kata_harness::as_completed::{Collected, Jobs};
use tokio::task::JoinSet;

pub async fn until_first_error(jobs: &Jobs) -> Collected {
    let mut set = JoinSet::new();
    for id in jobs.ids() {
        let jobs = jobs.clone();
        set.spawn(async move { (id, jobs.run(id).await) });
    }
    let mut collected = Collected::default();
    while let Some(done) = set.join_next().await {
        match done.unwrap() {
            (id, Ok(value)) if collected.error.is_none() => collected.done.push((id, value)),
            (_, Err(err)) if collected.error.is_none() => collected.error = Some(err.into()),
            (id, _) => collected.unfinished.push(id),
        }
    }
    collected
}
