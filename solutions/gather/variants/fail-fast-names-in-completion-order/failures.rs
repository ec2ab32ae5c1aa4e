//! Problem 4: awaiting every handle in order collects every outcome — asyncio's
//! `gather(..., return_exceptions=True)`. Problem 5: a `JoinSet` yields results as they finish,
//! so the first failure is seen when it happens; returning drops the set, and dropping a
//! `JoinSet` aborts every task still in it.

use anyhow::Context as _;
use kata_harness::gather::PokeApi;
use tokio::task::JoinSet;

/// Every request's outcome, in the order of `ids`.
pub async fn all_results(api: &PokeApi, ids: &[u32]) -> Vec<anyhow::Result<String>> {
    let requests: Vec<_> = ids
        .iter()
        .map(|&id| {
            let api = api.clone();
            tokio::spawn(async move { api.fetch(id).await })
        })
        .collect();
    let mut results = Vec::with_capacity(requests.len());
    for request in requests {
        let outcome = match request.await {
            Ok(answer) => answer.map_err(anyhow::Error::from),
            Err(panicked) => Err(anyhow::Error::from(panicked).context("a request's task panicked")),
        };
        results.push(outcome);
    }
    results
}

/// Every name, or the first failure as soon as it happens.
pub async fn fail_fast(api: &PokeApi, ids: &[u32]) -> anyhow::Result<Vec<String>> {
    let mut requests = JoinSet::new();
    for &id in ids {
        let api = api.clone();
        requests.spawn(async move { api.fetch(id).await });
    }
    let mut names = Vec::new();
    while let Some(finished) = requests.join_next().await {
        names.push(finished.context("a request's task panicked")??);
    }
    Ok(names)
}
