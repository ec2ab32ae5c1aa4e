use crate::Pokedex;

impl Pokedex {
    pub async fn pokedex(&self) -> anyhow::Result<Vec<String>> {
        self.polite(150).await
    }
}
