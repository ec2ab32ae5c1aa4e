use std::collections::BTreeSet;

use anyhow::Context as _;
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use kata_harness::as_completed::{Collected, Jobs};

pub async fn until_first_error(jobs: &Jobs) -> Collected {
    let mut pending: BTreeSet<u32> = jobs.ids().into_iter().collect();
    let mut running: FuturesUnordered<_> = jobs
        .ids()
        .into_iter()
        .map(|id| async move { (id, jobs.run(id).await) })
        .collect();
    let mut collected = Collected::default();
    while let Some((id, result)) = running.next().await {
        pending.remove(&id);
        match result.context("stopping at the first failure") {
            Ok(value) => collected.done.push((id, value)),
            Err(err) => {
                collected.error = Some(err);
                collected.unfinished = pending.into_iter().collect();
                break;
            }
        }
    }
    collected
}
