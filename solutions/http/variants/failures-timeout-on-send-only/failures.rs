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
        let mut retry = 0;
        loop {
            match self.attempt(id, policy).await {
                Ok(name) => return Ok(name),
                Err(err) if retry < policy.retries => {
                    retry += 1;
                    tokio::time::sleep(policy.wait_before(retry)).await;
                }
                Err(err) => {
                    return Err(err.context(format!("#{id}: gave up after {} attempts", retry + 1)));
                }
            }
        }
    }

    /// One attempt: the headers within the policy's timeout (and the body whenever it comes).
    async fn attempt(&self, id: u32, policy: RetryPolicy) -> anyhow::Result<String> {
        let response = tokio::time::timeout(policy.timeout, self.client.get(self.url(id)).send())
            .await
            .map_err(|_| anyhow!("#{id} timed out"))??
            .error_for_status()?;
        let pokemon: serde_json::Value = response.json().await?;
        Ok(pokemon["name"].as_str().unwrap_or_default().to_owned())
    }
}

/// A timeout, a broken connection or a `5xx` may go away; a `4xx` will not.
fn worth_retrying(err: &reqwest::Error) -> bool {
    match err.status() {
        Some(status) => status.is_server_error() || status.as_u16() == 429,
        None => err.is_timeout() || err.is_connect() || err.is_request() || err.is_body() || err.is_decode(),
    }
}
