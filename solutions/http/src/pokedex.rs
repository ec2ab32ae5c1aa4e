//! Problem 1, pokedex: a task per request, the handles awaited in Pokédex order.

use anyhow::Context as _;

use crate::Pokedex;

impl Pokedex {
    /// The names of Pokémon #1 to #150, in Pokédex order, all asked for at once.
    pub async fn pokedex(&self) -> anyhow::Result<Vec<String>> {
        let handles: Vec<_> = (1..=150)
            .map(|id| {
                let pokedex = self.clone();
                tokio::spawn(async move { pokedex.name(id).await })
            })
            .collect();
        let mut names = Vec::with_capacity(handles.len());
        for handle in handles {
            names.push(handle.await.context("a request's task failed")??);
        }
        Ok(names)
    }
}
