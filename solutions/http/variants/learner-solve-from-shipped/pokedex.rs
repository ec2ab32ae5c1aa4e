use crate::Pokedex;

impl Pokedex {
    /// The names of Pokémon #1 to #150, in Pokédex order.
    pub async fn pokedex(&self) -> anyhow::Result<Vec<String>> {
        let mut tasks = Vec::new();
        for id in 1..=150 {
            let me = self.clone();
            tasks.push(tokio::spawn(async move { me.name(id).await }));
        }
        let mut names = Vec::new();
        for t in tasks {
            names.push(t.await??);
        }
        Ok(names)
    }
}
