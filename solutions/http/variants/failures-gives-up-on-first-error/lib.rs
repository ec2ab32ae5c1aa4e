//! Reference solution of the http kata: one `reqwest::Client`, built once and cloned into a task
//! per request; a `Semaphore` for politeness; each attempt under the policy's timeout, retried
//! after a doubling wait, every outcome kept in its place.

use std::sync::Arc;

use anyhow::{Context as _, anyhow};
use kata_harness::http::RetryPolicy;
use tokio::sync::Semaphore;

/// A client of the PokeAPI at one base URL: what an application keeps for its whole run.
#[derive(Clone)]
pub struct Pokedex {
    /// One client for every request: it keeps the pool of open connections (aiohttp's
    /// `ClientSession`). Cloning it is cheap and shares the pool.
    client: reqwest::Client,
    base: String,
}

impl Pokedex {
    /// A Pokédex that asks the API at `base` (`http://127.0.0.1:<port>`).
    pub fn new(base: &str) -> Self {
        Self {
            client: reqwest::Client::new(),
            base: base.trim_end_matches('/').to_owned(),
        }
    }

    fn url(&self, id: u32) -> String {
        format!("{}/api/v2/pokemon/{id}", self.base)
    }

    /// The name of Pokémon `id`: `GET /api/v2/pokemon/{id}`, and the `name` of the JSON.
    pub async fn name(&self, id: u32) -> anyhow::Result<String> {
        let response = self.client.get(self.url(id)).send().await?.error_for_status()?;
        let pokemon: serde_json::Value = response.json().await?;
        name_of(&pokemon, id)
    }

    /// The names of Pokémon #1 to #150, in Pokédex order, all asked for at once.
    pub async fn pokedex(&self) -> anyhow::Result<Vec<String>> {
        let handles: Vec<_> = (1..=150)
            .map(|id| {
                let pokedex = self.clone();
                tokio::spawn(async move { pokedex.name(id).await })
            })
            .collect();
        let mut names = Vec::with_capacity(handles.len());
        for handle in handles {
            names.push(handle.await.context("a request's task failed")??);
        }
        Ok(names)
    }

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

fn name_of(pokemon: &serde_json::Value, id: u32) -> anyhow::Result<String> {
    pokemon["name"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| anyhow!("the answer for #{id} has no name"))
}
