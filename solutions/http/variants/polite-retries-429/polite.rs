use std::sync::Arc;

use anyhow::Context as _;
use tokio::sync::Semaphore;

use crate::{Pokedex, name_of};

impl Pokedex {
    /// The same names, with never more than `limit` requests in flight at once.
    pub async fn polite(&self, limit: usize) -> anyhow::Result<Vec<String>> {
        let slots = Arc::new(Semaphore::new(limit));
        let handles: Vec<_> = (1..=150)
            .map(|id| {
                let (pokedex, slots) = (self.clone(), slots.clone());
                tokio::spawn(async move {
                    let _slot = slots.acquire_owned().await?;
                    let mut tries = 0;
                    loop {
                        tries += 1;
                        let response = pokedex.client.get(pokedex.url(id)).send().await?;
                        if response.status() == reqwest::StatusCode::TOO_MANY_REQUESTS && tries < 5 {
                            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                            continue;
                        }
                        let pokemon: serde_json::Value = response.error_for_status()?.json().await?;
                        return name_of(&pokemon, id);
                    }
                })
            })
            .collect();
        let mut names = Vec::with_capacity(handles.len());
        for handle in handles {
            names.push(handle.await.context("a request's task failed")??);
        }
        Ok(names)
    }
}
