use std::time::{Duration, Instant};

use kata_harness::as_completed::{Collected, Jobs};
use tokio::task::JoinSet;

pub async fn before_deadline(jobs: &Jobs, deadline: Duration) -> Collected {
    let start = Instant::now();
    let mut set = JoinSet::new();
    for id in jobs.ids() {
        let jobs = jobs.clone();
        set.spawn(async move { (id, jobs.run(id).await) });
    }
    let mut collected = Collected::default();
    let mut unfinished = jobs.ids();
    while let Some(done) = set.join_next().await {
        if start.elapsed() > deadline {
            break;
        }
        let (id, result) = done.unwrap();
        collected.done.push((id, result.unwrap()));
        unfinished.retain(|&other| other != id);
    }
    collected.unfinished = unfinished;
    collected
}
