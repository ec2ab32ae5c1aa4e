use anyhow::Context as _;

use crate::Pokedex;

impl Pokedex {
    /// The names of Pokémon #1 to #150, in Pokédex order, all asked for at once.
    pub async fn pokedex(&self) -> anyhow::Result<Vec<String>> {
        let mut set = tokio::task::JoinSet::new();
        for id in 1..=150 {
            let pokedex = self.clone();
            set.spawn(async move { pokedex.name(id).await });
        }
        let mut names = Vec::new();
        while let Some(name) = set.join_next().await {
            names.push(name.context("a request's task failed")??);
        }
        Ok(names)
    }
}
