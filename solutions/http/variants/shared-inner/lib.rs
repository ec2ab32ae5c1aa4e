//! The http kata with the client behind an `Arc`, and no `Clone` on `Pokedex`: every task
//! clones the `Arc<Inner>` instead.

use std::sync::Arc;

use anyhow::anyhow;

mod failures;
mod pokedex;
mod polite;

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
}
