use anyhow::Context as _;
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
    let mut handles: Vec<_> = ids
        .iter()
        .map(|&id| {
            let api = api.clone();
            Some(tokio::spawn(async move { api.fetch(id).await }))
        })
        .collect();
    let mut names = vec![String::new(); ids.len()];
    while handles.iter().any(Option::is_some) {
        for (index, slot) in handles.iter_mut().enumerate() {
            if slot.as_ref().is_some_and(|h| h.is_finished()) {
                let handle = slot.take().expect("checked");
                match handle.await.context("a request's task panicked")? {
                    Ok(name) => names[index] = name,
                    Err(e) => {
                        handles.iter().flatten().for_each(|h| h.abort());
                        return Err(e.into());
                    }
                }
            }
        }
        tokio::task::yield_now().await;
    }
    Ok(names)
}
