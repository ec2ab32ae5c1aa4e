use std::sync::Arc;

use crate::Pokedex;

impl Pokedex {
    /// The same names, with never more than `limit` requests in flight at once.
    pub async fn polite(&self, limit: usize) -> anyhow::Result<Vec<String>> {
        let gate = Arc::new(tokio::sync::Semaphore::new(limit));
        let mut tasks = Vec::new();
        for id in 1..=150 {
            let (me, gate) = (self.clone(), gate.clone());
            tasks.push(tokio::spawn(async move {
                let _permit = gate.acquire().await?;
                me.name(id).await
            }));
        }
        let mut names = Vec::new();
        for t in tasks {
            names.push(t.await??);
        }
        Ok(names)
    }
}
