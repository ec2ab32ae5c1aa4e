use anyhow::Context as _;

use crate::Pokedex;

impl Pokedex {
    /// The names of Pokémon #1 to #150, in Pokédex order, all asked for at once.
    pub async fn pokedex(&self) -> anyhow::Result<Vec<String>> {
        let ids: Vec<u32> = (1..=150).collect();
        let mut names = Vec::new();
        for batch in ids.chunks(10) {
            let handles: Vec<_> = batch
                .iter()
                .map(|&id| {
                    let pokedex = self.clone();
                    tokio::spawn(async move { pokedex.name(id).await })
                })
                .collect();
            for handle in handles {
                names.push(handle.await.context("a request's task failed")??);
            }
        }
        Ok(names)
    }
}
