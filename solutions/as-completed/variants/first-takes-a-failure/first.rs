use kata_harness::as_completed::Jobs;
use tokio::task::JoinSet;

pub async fn first_wins(replicas: &Jobs) -> anyhow::Result<(u32, u64)> {
    let mut asked = JoinSet::new();
    for id in replicas.ids() {
        let replicas = replicas.clone();
        asked.spawn(async move { (id, replicas.run(id).await) });
    }
    let (id, answer) = asked.join_next().await.expect("there are replicas")?;
    Ok((id, answer?))
}
