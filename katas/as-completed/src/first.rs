//! Problem 2 — first_wins.

use kata_harness::as_completed::Jobs;

/// Asks every replica of `replicas.ids()` the same question (`replicas.run(id)`), and returns the
/// first answer to arrive, with the id of the replica that gave it. The others are stopped.
/// A replica that fails has no answer; if every replica fails, this returns an error.
// TODO(problem 2): this asks one replica after another and takes the first in the list.
pub async fn first_wins(replicas: &Jobs) -> anyhow::Result<(u32, u64)> {
    for id in replicas.ids() {
        if let Ok(value) = replicas.run(id).await {
            return Ok((id, value));
        }
    }
    anyhow::bail!("no replica answered")
}
