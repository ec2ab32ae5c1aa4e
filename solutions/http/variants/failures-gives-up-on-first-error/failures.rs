use anyhow::anyhow;
use kata_harness::http::RetryPolicy;

use crate::Pokedex;

impl Pokedex {
    /// Every id's outcome, in the order of `ids`: the name, or why it could not be had after
    /// the retries `policy` allows.
    pub async fn outcomes(&self, ids: &[u32], policy: RetryPolicy) -> Vec<anyhow::Result<String>> {
        let handles: Vec<_> = ids
            .iter()
            .map(|&id| {
                let pokedex = self.clone();
                tokio::spawn(async move { pokedex.with_retries(id, policy).await })
            })
            .collect();
        let mut outcomes = Vec::with_capacity(handles.len());
        for handle in handles {
            outcomes.push(
                handle
                    .await
                    .unwrap_or_else(|err| Err(anyhow!("the request's task failed: {err}"))),
            );
        }
        outcomes
    }

    async fn with_retries(&self, id: u32, policy: RetryPolicy) -> anyhow::Result<String> {
        Ok(self.attempt(id, policy).await?)
    }

    /// One attempt, the whole answer within the policy's timeout.
    async fn attempt(&self, id: u32, policy: RetryPolicy) -> Result<String, reqwest::Error> {
        let response = self
            .client
            .get(self.url(id))
            .timeout(policy.timeout)
            .send()
            .await?
            .error_for_status()?;
        let pokemon: serde_json::Value = response.json().await?;
        Ok(pokemon["name"].as_str().unwrap_or_default().to_owned())
    }
}
