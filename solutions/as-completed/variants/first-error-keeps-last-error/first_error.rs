use kata_harness::as_completed::{Collected, Jobs};
use tokio::task::JoinSet;

pub async fn until_first_error(jobs: &Jobs) -> Collected {
    let mut set = JoinSet::new();
    for id in jobs.ids() {
        let jobs = jobs.clone();
        set.spawn(async move { (id, jobs.run(id).await) });
    }
    let mut collected = Collected::default();
    while let Some(joined) = set.join_next().await {
        let (id, result) = joined.expect("a job panicked");
        match result {
            Ok(value) => collected.done.push((id, value)),
            Err(err) => collected.error = Some(err.into()),
        }
    }
    collected
}
