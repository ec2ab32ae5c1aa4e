use anyhow::anyhow;

mod failures;
mod pokedex;
mod polite;

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
        let client = reqwest::Client::new();
        let response = client.get(self.url(id)).send().await?.error_for_status()?;
        let pokemon: serde_json::Value = response.json().await?;
        name_of(&pokemon, id)
    }
}

fn name_of(pokemon: &serde_json::Value, id: u32) -> anyhow::Result<String> {
    pokemon["name"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| anyhow!("the answer for #{id} has no name"))
}
