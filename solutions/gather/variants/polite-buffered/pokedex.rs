use anyhow::Context as _;
use futures::stream::{self, StreamExt, TryStreamExt};
use kata_harness::gather::PokeApi;

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

pub async fn polite_pokedex(api: &PokeApi, limit: usize) -> anyhow::Result<Vec<String>> {
    let names = stream::iter(1..=150)
        .map(|id| api.fetch(id))
        .buffered(limit)
        .try_collect()
        .await?;
    Ok(names)
}
