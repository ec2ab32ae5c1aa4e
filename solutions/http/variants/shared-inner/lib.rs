//! The http kata with the client behind an `Arc`, and no `Clone` on `Pokedex`.

use std::sync::Arc;

use anyhow::anyhow;
use kata_harness::http::RetryPolicy;
use tokio::sync::Semaphore;

struct Inner {
    client: reqwest::Client,
    base: String,
}

impl Inner {
    async fn name(&self, id: u32) -> anyhow::Result<String> {
        let url = format!("{}/api/v2/pokemon/{id}", self.base);
        let pokemon: serde_json::Value = self.client.get(url).send().await?.error_for_status()?.json().await?;
        pokemon["name"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| anyhow!("#{id} has no name"))
    }

    async fn attempt(&self, id: u32, timeout: std::time::Duration) -> anyhow::Result<String> {
        let url = format!("{}/api/v2/pokemon/{id}", self.base);
        let pokemon: serde_json::Value = self
            .client
            .get(url)
            .timeout(timeout)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok(pokemon["name"].as_str().unwrap_or_default().to_owned())
    }
}

pub struct Pokedex {
    inner: Arc<Inner>,
}

impl Pokedex {
    pub fn new(base: &str) -> Self {
        Self {
            inner: Arc::new(Inner {
                client: reqwest::Client::new(),
                base: base.to_owned(),
            }),
        }
    }

    pub async fn name(&self, id: u32) -> anyhow::Result<String> {
        self.inner.name(id).await
    }

    pub async fn pokedex(&self) -> anyhow::Result<Vec<String>> {
        self.polite(150).await
    }

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

    pub async fn outcomes(&self, ids: &[u32], policy: RetryPolicy) -> Vec<anyhow::Result<String>> {
        let mut handles = Vec::new();
        for &id in ids {
            let inner = self.inner.clone();
            handles.push(tokio::spawn(async move {
                let mut last = None;
                for retry in 0..=policy.retries {
                    if retry > 0 {
                        tokio::time::sleep(policy.wait_before(retry)).await;
                    }
                    match inner.attempt(id, policy.timeout).await {
                        Ok(name) => return Ok(name),
                        Err(err) => last = Some(err),
                    }
                }
                Err(last.unwrap_or_else(|| anyhow!("#{id}: no attempt")))
            }));
        }
        let mut outcomes = Vec::new();
        for handle in handles {
            outcomes.push(handle.await.unwrap_or_else(|err| Err(anyhow!("task failed: {err}"))));
        }
        outcomes
    }
}
