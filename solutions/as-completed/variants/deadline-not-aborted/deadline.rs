use std::time::Duration;

use kata_harness::as_completed::{Collected, Jobs};
use tokio::sync::mpsc;
use tokio::time::{Instant, timeout_at};

pub async fn before_deadline(jobs: &Jobs, deadline: Duration) -> Collected {
    let deadline = Instant::now() + deadline;
    let (tx, mut rx) = mpsc::unbounded_channel();
    for id in jobs.ids() {
        let (jobs, tx) = (jobs.clone(), tx.clone());
        tokio::spawn(async move {
            let value = jobs.run(id).await.unwrap();
            let _ = tx.send((id, value));
        });
    }
    drop(tx);
    let mut collected = Collected::default();
    let mut unfinished = jobs.ids();
    while let Ok(Some((id, value))) = timeout_at(deadline, rx.recv()).await {
        collected.done.push((id, value));
        unfinished.retain(|&other| other != id);
    }
    collected.unfinished = unfinished;
    collected
}
