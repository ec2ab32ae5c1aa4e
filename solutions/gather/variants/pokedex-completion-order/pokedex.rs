use std::sync::Arc;

use anyhow::Context as _;
use kata_harness::gather::PokeApi;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

pub async fn pokedex(api: &PokeApi) -> anyhow::Result<Vec<String>> {
    let mut requests = JoinSet::new();
    for id in 1..=150 {
        let api = api.clone();
        requests.spawn(async move { api.fetch(id).await });
    }
    let mut names = Vec::new();
    while let Some(answer) = requests.join_next().await {
        names.push(answer.context("a request's task panicked")??);
    }
    Ok(names)
}

pub async fn polite_pokedex(api: &PokeApi, limit: usize) -> anyhow::Result<Vec<String>> {
    let permits = Arc::new(Semaphore::new(limit));
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
