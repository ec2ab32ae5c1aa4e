//! Problem 3, polite: a `Semaphore` of `limit` permits, each held until its answer is in.

use std::sync::Arc;

use anyhow::Context as _;
use tokio::sync::Semaphore;

use crate::Pokedex;

impl Pokedex {
    /// The same names, with never more than `limit` requests in flight at once.
    pub async fn polite(&self, limit: usize) -> anyhow::Result<Vec<String>> {
        let slots = Arc::new(Semaphore::new(limit));
        let handles: Vec<_> = (1..=150)
            .map(|id| {
                let (pokedex, slots) = (self.clone(), slots.clone());
                tokio::spawn(async move {
                    // Held until the answer is in: the request counts as in flight until then.
                    let _slot = slots.acquire_owned().await?;
                    pokedex.name(id).await
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
