//! # Kata: http — real HTTP on loopback, the Pokédex over a socket
//!
//! The asyncio notes fetched 150 Pokémon from the PokeAPI with aiohttp, one after another and
//! then with `gather`. Here is the same program in Rust, with reqwest — and a real HTTP/1.1
//! server: the spec starts a local PokeAPI on `127.0.0.1` (a port of its own for each run), and
//! your code talks to it over TCP. Nothing is simulated, and the server records everything: when
//! each request came and went, on which connection, how many were in flight at once.
//!
//! As shipped, everything works, one request at a time, each with a client of its own. The spec
//! says what is wrong with that:
//!
//! ```text
//! cargo test -p kata-http            # every problem
//! cargo test -p kata-http problem1   # one problem
//! ```
//!
//! 1. **pokedex** (`src/pokedex.rs`) — `pokedex` returns the names of #1 to #150 in Pokédex
//!    order, all requests in flight at once: in a few latencies, not 150 of them.
//! 2. **one client** (`src/lib.rs`) — one `reqwest::Client` for the whole `Pokedex`, made once
//!    in `new`: its connections are reused from one request to the next (the server counts
//!    them).
//! 3. **polite** (`src/polite.rs`, and `name` in `src/lib.rs`) — `polite` never has more than
//!    `limit` requests in flight (the server counts them, and turns away the rest with
//!    `429 Too Many Requests`), and is as fast as `limit` allows; a `429` is an error, never a
//!    Pokémon.
//! 4. **failures** (`src/failures.rs`) — some ids answer `503`, or stall: `outcomes` gives each
//!    attempt the policy's timeout, retries a bounded number of times with growing waits, and
//!    returns every outcome in order, names and errors alike.
//!
//! The server is the harness's: its latencies (30–60 ms per Pokémon), its cap and its faults are
//! fixed by the spec. Everything in `src/` is yours to change, as long as `Pokedex` keeps its
//! public functions (and stays `Send` and `Sync`, which it is unless you make it otherwise).

mod failures;
mod pokedex;
mod polite;

/// A client of the PokeAPI at one base URL: what an application keeps for its whole run.
#[derive(Clone)]
pub struct Pokedex {
    base: String,
    http: reqwest::Client,
}

impl Pokedex {
    /// A Pokédex that asks the API at `base` (`http://127.0.0.1:<port>`, no trailing slash).
    // TODO(problem 2): nothing is kept for the requests to share.
    pub fn new(base: &str) -> Self {
        Self {
            base: base.to_owned(),
            http: reqwest::Client::new(),
        }
    }

    /// The name of Pokémon `id`: `GET {base}/api/v2/pokemon/{id}`, and the `name` field of the
    /// JSON that comes back.
    // TODO(problem 2): `reqwest::get` makes a new client for every request.
    // TODO(problem 3): what if the answer is not a Pokémon?
    pub async fn name(&self, id: u32) -> anyhow::Result<String> {
        let url = format!("{}/api/v2/pokemon/{id}", self.base);
        let pokemon: serde_json::Value = self.http.get(url).send().await?.error_for_status()?.json().await?;
        Ok(pokemon["name"].as_str().unwrap_or_default().to_owned())
    }
}
