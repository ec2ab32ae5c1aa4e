use kata_harness::http::RetryPolicy;

use crate::Pokedex;

impl Pokedex {
    /// Every id's outcome, in the order of `ids`.
    pub async fn outcomes(&self, ids: &[u32], policy: RetryPolicy) -> Vec<anyhow::Result<String>> {
        let mut tasks = Vec::new();
        for &id in ids {
            let me = self.clone();
            tasks.push(tokio::spawn(async move {
                let mut attempt = 0;
                loop {
                    match tokio::time::timeout(policy.timeout, me.name(id)).await {
                        Ok(Ok(name)) => return Ok(name),
                        Ok(Err(e)) if attempt >= policy.retries => return Err(e),
                        Err(_) if attempt >= policy.retries => anyhow::bail!("#{id} timed out"),
                        _ => {}
                    }
                    attempt += 1;
                    tokio::time::sleep(policy.wait_before(attempt)).await;
                }
            }));
        }
        let mut out = Vec::new();
        for t in tasks {
            out.push(t.await.unwrap_or_else(|e| Err(e.into())));
        }
        out
    }
}
