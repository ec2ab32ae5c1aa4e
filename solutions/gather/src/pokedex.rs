//! Problems 1 and 2: spawn every request, then await the handles in order — the order of the
//! results is the order of the handles, whatever order the requests finish in. Politeness is a
//! semaphore with `limit` permits: a request waits for a permit before it goes out, and gives
//! it back when it is done, so the next request goes out the moment any one finishes.

use std::sync::Arc;

use anyhow::Context as _;
use kata_harness::gather::PokeApi;
use tokio::sync::Semaphore;

/// The names of Pokémon #1 to #150, in Pokédex order, all requested at once.
pub async fn pokedex(api: &PokeApi) -> anyhow::Result<Vec<String>> {
    let requests: Vec<_> = (1..=150)
        .map(|id| {
            let api = api.clone();
            tokio::spawn(async move { api.fetch(id).await })
        })
        .collect();
    let mut names = Vec::with_capacity(requests.len());
    for request in requests {
        names.push(request.await.context("a request's task panicked")??);
    }
    Ok(names)
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
