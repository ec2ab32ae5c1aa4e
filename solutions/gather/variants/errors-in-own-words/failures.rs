use anyhow::Context as _;
use kata_harness::gather::PokeApi;
use tokio::task::JoinSet;

pub async fn all_results(api: &PokeApi, ids: &[u32]) -> Vec<anyhow::Result<String>> {
    let requests: Vec<_> = ids
        .iter()
        .map(|&id| {
            let api = api.clone();
            tokio::spawn(async move { api.fetch(id).await })
        })
        .collect();
    let mut results = Vec::new();
    for request in requests {
        results.push(match request.await {
            Ok(Ok(name)) => Ok(name),
            Ok(Err(e)) => Err(anyhow::anyhow!("{e:?}")),
            Err(e) => Err(anyhow::anyhow!("task failed: {e}")),
        });
    }
    results
}

pub async fn fail_fast(api: &PokeApi, ids: &[u32]) -> anyhow::Result<Vec<String>> {
    let mut requests = JoinSet::new();
    for (index, &id) in ids.iter().enumerate() {
        let api = api.clone();
        requests.spawn(async move { (index, api.fetch(id).await) });
    }
    let mut names = vec![String::new(); ids.len()];
    while let Some(finished) = requests.join_next().await {
        let (index, answer) = finished.context("a request's task panicked")?;
        match answer {
            Ok(name) => names[index] = name,
            Err(e) => anyhow::bail!("Pokémon {} could not be fetched (status {})", e.id, e.status),
        }
    }
    Ok(names)
}
