use kata_harness::gather::PokeApi;

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
    let (tx, mut rx) = tokio::sync::mpsc::channel(ids.len().max(1));
    let mut handles = Vec::new();
    for (index, &id) in ids.iter().enumerate() {
        let (api, tx) = (api.clone(), tx.clone());
        handles.push(tokio::spawn(async move {
            let _ = tx.send((index, api.fetch(id).await)).await;
        }));
    }
    drop(tx);
    let mut names = vec![String::new(); ids.len()];
    while let Some((index, answer)) = rx.recv().await {
        match answer {
            Ok(name) => names[index] = name,
            Err(e) => {
                handles.iter().for_each(|h| h.abort());
                return Err(e.into());
            }
        }
    }
    Ok(names)
}
