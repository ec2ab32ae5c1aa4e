use crate::Pokedex;

impl Pokedex {
    /// The names of Pokémon #1 to #150, in Pokédex order, all asked for at once.
    pub async fn pokedex(&self) -> anyhow::Result<Vec<String>> {
        self.window(150).await
    }
}
