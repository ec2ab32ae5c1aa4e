use anyhow::anyhow;
use kata_harness::http::RetryPolicy;

use crate::{Inner, Pokedex};

impl Inner {
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

impl Pokedex {
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
