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

pub async fn fail_fast(api: &PokeApi, ids: &[u32]) -> anyhow::Result<Vec<String>> {
    let mut requests = JoinSet::new();
    for (index, &id) in ids.iter().enumerate() {
        let api = api.clone();
        requests.spawn(async move { (index, api.fetch(id).await) });
    }
    let mut finished = Vec::new();
    while let Some(done) = requests.join_next().await {
        finished.push(done.context("a request's task panicked")?);
    }
    let mut names = vec![String::new(); ids.len()];
    for (index, answer) in finished {
        names[index] = answer?;
    }
    Ok(names)
}
