//! Problems 1 and 2 — the Pokédex, fetched all at once, then politely.

use kata_harness::gather::PokeApi;

/// The names of Pokémon #1 to #150, in Pokédex order.
// TODO(problem 1): one request at a time takes 150 × 42 ms.
pub async fn pokedex(api: &PokeApi) -> anyhow::Result<Vec<String>> {
    let mut names = Vec::new();
    for id in 1..=150 {
        names.push(api.fetch(id).await?);
    }
    Ok(names)
}

/// The same names, with never more than `limit` requests in flight at once.
// TODO(problem 2): as fast as the limit allows.
pub async fn polite_pokedex(api: &PokeApi, limit: usize) -> anyhow::Result<Vec<String>> {
    let _ = limit;
    let mut names = Vec::new();
    for id in 1..=150 {
        names.push(api.fetch(id).await?);
    }
    Ok(names)
}
