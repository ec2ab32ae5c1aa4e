use std::sync::Arc;

use tokio::sync::Semaphore;

use crate::Pokedex;

impl Pokedex {
    pub async fn polite(&self, limit: usize) -> anyhow::Result<Vec<String>> {
        let slots = Arc::new(Semaphore::new(limit));
        let mut handles = Vec::new();
        for id in 1..=150 {
            let (inner, slots) = (self.inner.clone(), slots.clone());
            handles.push(tokio::spawn(async move {
                let _slot = slots.acquire().await?;
                inner.name(id).await
            }));
        }
        let mut names = Vec::new();
        for handle in handles {
            names.push(handle.await??);
        }
        Ok(names)
    }
}
