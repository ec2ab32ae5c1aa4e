use anyhow::Context as _;
use kata_harness::gather::PokeApi;
use tokio::task::JoinSet;

pub async fn all_results(api: &PokeApi, ids: &[u32]) -> Vec<anyhow::Result<String>> {
    let mut requests = JoinSet::new();
    for &id in ids {
        let api = api.clone();
        requests.spawn(async move { api.fetch(id).await });
    }
    let mut results = Vec::new();
    while let Some(finished) = requests.join_next().await {
        results.push(finished.context("a request's task panicked").and_then(|r| Ok(r?)));
    }
    results
}

/// Every name in order, or the first failure as soon as it happens.
pub async fn fail_fast(api: &PokeApi, ids: &[u32]) -> anyhow::Result<Vec<String>> {
    let mut requests = JoinSet::new();
    for (index, &id) in ids.iter().enumerate() {
        let api = api.clone();
        requests.spawn(async move { (index, api.fetch(id).await) });
    }
    let mut names = vec![String::new(); ids.len()];
    while let Some(finished) = requests.join_next().await {
        let (index, answer) = finished.context("a request's task panicked")?;
        names[index] = answer?; // on error, `requests` is dropped here: every other task is aborted
    }
    Ok(names)
}
