use anyhow::anyhow;
use kata_harness::http::RetryPolicy;

use crate::Pokedex;

impl Pokedex {
    /// Every id's outcome, in the order of `ids`: the name, or why it could not be had after
    /// the retries `policy` allows.
    pub async fn outcomes(&self, ids: &[u32], policy: RetryPolicy) -> Vec<anyhow::Result<String>> {
        let mut outcomes = Vec::with_capacity(ids.len());
        for &id in ids {
            outcomes.push(self.with_retries(id, policy).await);
        }
        outcomes
    }

    async fn with_retries(&self, id: u32, policy: RetryPolicy) -> anyhow::Result<String> {
        let mut retry = 0;
        loop {
            match self.attempt(id, policy).await {
                Ok(name) => return Ok(name),
                Err(err) if retry < policy.retries && worth_retrying(&err) => {
                    retry += 1;
                    tokio::time::sleep(policy.wait_before(retry)).await;
                }
                Err(err) => {
                    return Err(anyhow::Error::new(err).context(format!("#{id}: gave up after {} attempts", retry + 1)));
                }
            }
        }
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

/// A timeout, a broken connection or a `5xx` may go away; a `4xx` will not.
fn worth_retrying(err: &reqwest::Error) -> bool {
    match err.status() {
        Some(status) => status.is_server_error() || status.as_u16() == 429,
        None => err.is_timeout() || err.is_connect() || err.is_request() || err.is_body() || err.is_decode(),
    }
}
