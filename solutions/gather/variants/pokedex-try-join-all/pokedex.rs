use std::sync::Arc;

use anyhow::Context as _;
use kata_harness::gather::PokeApi;
use tokio::sync::Semaphore;

pub async fn pokedex(api: &PokeApi) -> anyhow::Result<Vec<String>> {
    let requests = (1..=150).map(|id| api.fetch(id));
    Ok(futures::future::try_join_all(requests).await?)
}

/// The same names, with never more than `limit` requests in flight.
pub async fn polite_pokedex(api: &PokeApi, limit: usize) -> anyhow::Result<Vec<String>> {
    let permits = Arc::new(Semaphore::new(limit));
    let requests: Vec<_> = (1..=150)
        .map(|id| {
            let (api, permits) = (api.clone(), permits.clone());
            tokio::spawn(async move {
                let _permit = permits.acquire().await.expect("the semaphore is never closed");
                api.fetch(id).await
            })
        })
        .collect();
    let mut names = Vec::with_capacity(requests.len());
    for request in requests {
        names.push(request.await.context("a request's task panicked")??);
    }
    Ok(names)
}
