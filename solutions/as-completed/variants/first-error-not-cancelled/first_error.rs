use kata_harness::as_completed::{Collected, Jobs};
use tokio::sync::mpsc;

pub async fn until_first_error(jobs: &Jobs) -> Collected {
    let (tx, mut rx) = mpsc::unbounded_channel();
    for id in jobs.ids() {
        let (jobs, tx) = (jobs.clone(), tx.clone());
        tokio::spawn(async move {
            let _ = tx.send((id, jobs.run(id).await));
        });
    }
    drop(tx);
    let mut collected = Collected::default();
    let mut unfinished = jobs.ids();
    while let Some((id, result)) = rx.recv().await {
        unfinished.retain(|&other| other != id);
        match result {
            Ok(value) => collected.done.push((id, value)),
            Err(err) => {
                collected.error = Some(err.into());
                collected.unfinished = unfinished;
                break;
            }
        }
    }
    collected
}
