use std::time::Duration;

use kata_harness::as_completed::{Collected, Jobs};
use tokio::task::JoinSet;

pub async fn before_deadline(jobs: &Jobs, deadline: Duration) -> Collected {
    let mut set = JoinSet::new();
    for id in jobs.ids() {
        let jobs = jobs.clone();
        set.spawn(async move { (id, jobs.run(id).await) });
    }
    let mut done = Vec::new();
    let _ = tokio::time::timeout(deadline, async {
        while let Some(joined) = set.join_next().await {
            let (id, result) = joined.expect("a job panicked");
            done.push((id, result.expect("these jobs do not fail")));
        }
    })
    .await;
    set.abort_all();
    let unfinished = jobs
        .ids()
        .into_iter()
        .filter(|id| !done.iter().any(|(d, _)| d == id))
        .collect();
    Collected {
        done,
        unfinished,
        error: None,
    }
}
