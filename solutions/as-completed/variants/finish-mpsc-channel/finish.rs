use kata_harness::as_completed::Jobs;
use tokio::sync::mpsc;

pub async fn as_they_finish(jobs: &Jobs) {
    let (tx, mut rx) = mpsc::unbounded_channel();
    for id in jobs.ids() {
        let (jobs, tx) = (jobs.clone(), tx.clone());
        tokio::spawn(async move {
            let value = jobs.run(id).await.unwrap();
            let _ = tx.send((id, value));
        });
    }
    drop(tx); // the loop ends when the last task's sender is gone
    while let Some((id, value)) = rx.recv().await {
        jobs.handle(id, value);
    }
}
