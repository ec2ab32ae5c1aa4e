use std::time::Duration;

use kata_harness::as_completed::{Collected, Jobs};

pub async fn before_deadline(jobs: &Jobs, deadline: Duration) -> Collected {
    let handles: Vec<_> = jobs
        .ids()
        .into_iter()
        .map(|id| {
            let jobs = jobs.clone();
            (id, tokio::spawn(async move { jobs.run(id).await }))
        })
        .collect();
    tokio::time::sleep(deadline).await;
    let mut collected = Collected::default();
    for (id, handle) in handles {
        if handle.is_finished() {
            let value = handle.await.expect("a job panicked").expect("these jobs do not fail");
            collected.done.push((id, value));
        } else {
            handle.abort();
            collected.unfinished.push(id);
        }
    }
    collected
}
