use kata_harness::as_completed::Jobs;
use tokio::sync::mpsc;

pub async fn as_they_finish(jobs: &Jobs) {
    let (tx, mut rx) = mpsc::channel::<(u32, u64)>(16);
    let writer = {
        let jobs = jobs.clone();
        tokio::spawn(async move {
            while let Some((id, value)) = rx.recv().await {
                jobs.handle(id, value);
            }
        })
    };
    for id in jobs.ids() {
        let (jobs, tx) = (jobs.clone(), tx.clone());
        tokio::spawn(async move {
            let value = jobs.run(id).await.expect("these jobs do not fail");
            tx.send((id, value)).await.expect("the writer is listening");
        });
    }
    drop(tx);
    writer.await.expect("the writer does not panic");
}
