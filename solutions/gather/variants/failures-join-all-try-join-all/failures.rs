use futures::future::{join_all, try_join_all};
use kata_harness::gather::PokeApi;

pub async fn all_results(api: &PokeApi, ids: &[u32]) -> Vec<anyhow::Result<String>> {
    let outcomes = join_all(ids.iter().map(|&id| api.fetch(id))).await;
    outcomes.into_iter().map(|o| o.map_err(anyhow::Error::from)).collect()
}

pub async fn fail_fast(api: &PokeApi, ids: &[u32]) -> anyhow::Result<Vec<String>> {
    Ok(try_join_all(ids.iter().map(|&id| api.fetch(id))).await?)
}
