use std::time::Duration;

use kata_harness::as_completed::{Collected, Jobs};
use tokio::task::JoinSet;
use tokio::time::{Instant, timeout_at};

pub async fn before_deadline(jobs: &Jobs, deadline: Duration) -> Collected {
    let deadline = Instant::now() + deadline;
    let mut set = JoinSet::new();
    for id in jobs.ids() {
        let jobs = jobs.clone();
        set.spawn(async move { (id, jobs.run(id).await) });
    }
    let mut collected = Collected::default();
    while let Ok(Some(done)) = timeout_at(deadline, set.join_next()).await {
        let (id, result) = done.unwrap();
        collected.done.push((id, result.unwrap()));
    }
    collected.done.sort();
    collected.unfinished = jobs
        .ids()
        .into_iter()
        .filter(|id| !collected.done.iter().any(|(done, _)| done == id))
        .collect();
    collected
}
