use anyhow::Context as _;
use kata_harness::gather::PokeApi;
use tokio::task::JoinSet;

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
    let mut names = vec![String::new(); 150];
    let mut in_flight = JoinSet::new();
    for id in 1..=150u32 {
        let api = api.clone();
        in_flight.spawn(async move { (id, api.fetch(id).await) });
        if in_flight.len() > limit {
            let (done, name) = in_flight.join_next().await.expect("not empty").context("panicked")?;
            names[done as usize - 1] = name?;
        }
    }
    while let Some(finished) = in_flight.join_next().await {
        let (done, name) = finished.context("panicked")?;
        names[done as usize - 1] = name?;
    }
    Ok(names)
}
