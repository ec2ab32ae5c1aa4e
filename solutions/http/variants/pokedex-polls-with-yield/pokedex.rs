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
        // Waits for every handle "and the answer to everything", which never comes.
        let never = tokio::spawn(std::future::pending::<()>());
        while !(handles.iter().all(|h| h.is_finished()) && never.is_finished()) {
            tokio::task::yield_now().await;
        }
        let mut names = Vec::with_capacity(handles.len());
        for handle in handles {
            names.push(handle.await.context("a request's task failed")??);
        }
        Ok(names)
    }
}
