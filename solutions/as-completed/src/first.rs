//! Problem 2: the first result out of the `JoinSet` wins; dropping the set aborts the rest.
//! A failed replica is not an answer, so the loop goes on to the next one to finish.

use anyhow::Context as _;
use kata_harness::as_completed::Jobs;
use tokio::task::JoinSet;

/// Asks every replica; returns the first answer, and stops the others.
pub async fn first_wins(replicas: &Jobs) -> anyhow::Result<(u32, u64)> {
    let mut asked = JoinSet::new();
    for id in replicas.ids() {
        let replicas = replicas.clone();
        asked.spawn(async move { (id, replicas.run(id).await) });
    }
    let mut last_error = None;
    while let Some(answer) = asked.join_next().await {
        match answer.context("a replica's task panicked")? {
            (id, Ok(value)) => return Ok((id, value)), // `asked` is dropped: the rest are aborted
            (_, Err(err)) => last_error = Some(err),
        }
    }
    Err(last_error.map_or_else(|| anyhow::anyhow!("there are no replicas"), anyhow::Error::from))
}
