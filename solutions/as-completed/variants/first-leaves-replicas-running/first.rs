use kata_harness::as_completed::Jobs;
use tokio::sync::mpsc;

pub async fn first_wins(replicas: &Jobs) -> anyhow::Result<(u32, u64)> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    for id in replicas.ids() {
        let (replicas, tx) = (replicas.clone(), tx.clone());
        tokio::spawn(async move {
            if let Ok(value) = replicas.run(id).await {
                let _ = tx.send((id, value));
            }
        });
    }
    drop(tx);
    rx.recv().await.ok_or_else(|| anyhow::anyhow!("no replica answered"))
}
