use kata_harness::as_completed::Jobs;

pub async fn first_wins(replicas: &Jobs) -> anyhow::Result<(u32, u64)> {
    let mut handles: Vec<_> = replicas
        .ids()
        .into_iter()
        .map(|id| {
            let replicas = replicas.clone();
            (id, tokio::spawn(async move { replicas.run(id).await }))
        })
        .collect();
    loop {
        if handles.is_empty() {
            anyhow::bail!("every replica failed");
        }
        if let Some(i) = handles.iter().position(|(_, h)| h.is_finished()) {
            let (id, handle) = handles.remove(i);
            if let Ok(value) = handle.await? {
                for (_, other) in &handles {
                    other.abort();
                }
                return Ok((id, value));
            }
        }
        tokio::task::yield_now().await;
    }
}
