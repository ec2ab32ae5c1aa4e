use kata_harness::as_completed::Jobs;
use tokio::sync::mpsc;

pub async fn first_wins(replicas: &Jobs) -> anyhow::Result<(u32, u64)> {
    let (tx, mut rx) = mpsc::channel(8);
    let handles: Vec<_> = replicas
        .ids()
        .into_iter()
        .map(|id| {
            let (replicas, tx) = (replicas.clone(), tx.clone());
            tokio::spawn(async move {
                if let Ok(value) = replicas.run(id).await {
                    let _ = tx.send((id, value)).await;
                }
            })
        })
        .collect();
    drop(tx);
    let first = rx.recv().await;
    for handle in &handles {
        handle.abort();
    }
    first.ok_or_else(|| anyhow::anyhow!("every replica failed"))
}
