use anyhow::Context as _;
use futures::stream::{self, StreamExt};
use kata_harness::gather::PokeApi;

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

pub async fn polite_pokedex(api: &PokeApi, limit: usize) -> anyhow::Result<Vec<String>> {
    let mut answers: Vec<(u32, _)> = stream::iter(1..=150)
        .map(|id| async move { (id, api.fetch(id).await) })
        .buffer_unordered(limit)
        .collect()
        .await;
    answers.sort_by_key(|(id, _)| *id);
    let mut names = Vec::new();
    for (_, answer) in answers {
        names.push(answer?);
    }
    Ok(names)
}
