//! Problems 4 and 5 — when some requests fail.

use kata_harness::gather::PokeApi;

/// Every request's outcome, in the order of `ids`: the name, or the error.
// TODO(problem 4): all requests at once.
pub async fn all_results(api: &PokeApi, ids: &[u32]) -> Vec<anyhow::Result<String>> {
    let mut results = Vec::new();
    for &id in ids {
        results.push(api.fetch(id).await.map_err(anyhow::Error::from));
    }
    results
}

/// Every name, in the order of `ids` — or, as soon as any request fails, that error, with the
/// other requests stopped.
// TODO(problem 5): all at once, and out at the first failure.
pub async fn fail_fast(api: &PokeApi, ids: &[u32]) -> anyhow::Result<Vec<String>> {
    let mut names = Vec::new();
    for &id in ids {
        names.push(api.fetch(id).await?);
    }
    Ok(names)
}
