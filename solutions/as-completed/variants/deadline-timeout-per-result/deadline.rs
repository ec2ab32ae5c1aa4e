use std::time::Duration;

use kata_harness::as_completed::{Collected, Jobs};
use tokio::task::JoinSet;
use tokio::time::timeout;

pub async fn before_deadline(jobs: &Jobs, deadline: Duration) -> Collected {
    let mut set = JoinSet::new();
    for id in jobs.ids() {
        let jobs = jobs.clone();
        set.spawn(async move { (id, jobs.run(id).await) });
    }
    let mut collected = Collected::default();
    let mut unfinished = jobs.ids();
    while let Ok(Some(done)) = timeout(deadline, set.join_next()).await {
        let (id, result) = done.unwrap();
        collected.done.push((id, result.unwrap()));
        unfinished.retain(|&other| other != id);
    }
    set.abort_all();
    collected.unfinished = unfinished;
    collected
}
