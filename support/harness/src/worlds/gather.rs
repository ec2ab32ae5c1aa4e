//! The worlds of the gather kata: a simulated Pokémon API, and a calculator that takes its time.
//!
//! The API answers `fetch(id)` with the name of Pokémon number `id` after a latency, like the
//! PokeAPI the asyncio original called — but in simulated time, so 150 requests take exactly
//! what they should. It records every request on a timeline row per *slot* (how many requests
//! were in flight), counts the most in flight at once, rejects requests past its limit like a
//! polite server would (429), fails the requests it was told to fail, and notices requests whose
//! futures were dropped before they finished (cancelled).
//!
//! The program under test gets the [`PokeApi`] or the [`Calculator`], which only answer; the
//! record — and anything else only the judge should know, such as how long each request takes —
//! is read from the [`ApiLog`] or [`CalculatorLog`] their constructors hand to the spec.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::core::record::{Outcome, Recorder, Span};
use crate::core::seeded::{seeded_millis, seeded_shuffle};
use crate::core::sync::lock;

use crate::core::pokemon::POKEMON;

/// How long one request takes: 150 of them one after another take about 6.30 s, as in the
/// original.
pub const LATENCY: Duration = Duration::from_millis(42);

/// Up to how much less than [`LATENCY`] a request takes, depending on its id: enough that
/// requests sent together don't finish in the order they were sent.
pub const JITTER: Duration = Duration::from_millis(1);

/// The seed for every seeded number in this kata.
pub const SEED: u64 = 2;

/// How long the API takes to answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Latency {
    /// Every request takes this long, less up to [`JITTER`] depending on its id.
    Fixed(Duration),
    /// Each request takes its own time from `min_ms` to `max_ms`, fixed by [`SEED`] and its id.
    Seeded { min_ms: u64, max_ms: u64 },
}

/// Why a request failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub id: u32,
    pub status: u16,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = match self.status {
            404 => "404 Not Found",
            429 => "429 Too Many Requests",
            _ => "500 Internal Server Error",
        };
        write!(f, "request for Pokémon #{} failed: {reason}", self.id)
    }
}

impl std::error::Error for ApiError {}

/// The simulated PokeAPI. Cheap to clone; clones share one server.
///
/// The program under test only asks: what the server saw — the requests, how many were in
/// flight, which were turned away, how long each takes — is read from its [`ApiLog`], which the
/// constructors hand to the spec only.
#[derive(Clone)]
pub struct PokeApi {
    inner: Arc<Inner>,
}

/// The record of a [`PokeApi`]: every request, when it went out and how it ended. For the spec.
#[derive(Clone, Debug)]
pub struct ApiLog {
    inner: Arc<Inner>,
}

impl fmt::Debug for PokeApi {
    // Nothing of the server's configuration (which requests fail, their latencies) shows here.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PokeApi").finish_non_exhaustive()
    }
}

#[derive(Debug)]
struct Inner {
    /// Every request that got a slot, keyed by the id asked for.
    recorder: Recorder<u32>,
    latency: Latency,
    limit: Option<usize>,
    failing: BTreeSet<u32>,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    slots: Vec<bool>,
    in_flight: usize,
    most: usize,
    rejected: Vec<u32>,
}

impl PokeApi {
    /// Every request takes [`LATENCY`]; any number may be in flight; none fails.
    pub fn open() -> (Self, ApiLog) {
        Self::build(Latency::Fixed(LATENCY), None, &[])
    }

    /// A polite API: more than `limit` requests in flight at once are rejected (429).
    pub fn polite(latency: Latency, limit: usize) -> (Self, ApiLog) {
        Self::build(latency, Some(limit), &[])
    }

    /// Requests for `failing` fail (500) after their latency.
    pub fn failing(latency: Latency, failing: &[u32]) -> (Self, ApiLog) {
        Self::build(latency, None, failing)
    }

    fn build(latency: Latency, limit: Option<usize>, failing: &[u32]) -> (Self, ApiLog) {
        let inner = Arc::new(Inner {
            recorder: Recorder::new(),
            latency,
            limit,
            failing: failing.iter().copied().collect(),
            state: Mutex::default(),
        });
        (Self { inner: inner.clone() }, ApiLog { inner })
    }

    /// Asks for Pokémon number `id` (from 1) and returns its name.
    pub async fn fetch(&self, id: u32) -> Result<String, ApiError> {
        let slot = {
            let mut state = lock(&self.inner.state);
            if let Some(limit) = self.inner.limit
                && state.in_flight >= limit
            {
                state.rejected.push(id);
                drop(state);
                self.inner.recorder.touch();
                return Err(ApiError { id, status: 429 });
            }
            state.in_flight += 1;
            state.most = state.most.max(state.in_flight);
            let slot = state.slots.iter().position(|busy| !busy).unwrap_or(state.slots.len());
            if slot == state.slots.len() {
                state.slots.push(true);
            } else {
                state.slots[slot] = true;
            }
            slot
        };
        let _release = Release { api: self, slot };
        let tracked = self
            .inner
            .recorder
            .track(&format!("slot {}", slot + 1), format!("#{id}"), id);
        tokio::time::sleep(self.inner.latency_of(id)).await;
        let answer = match POKEMON.get((id as usize).wrapping_sub(1)) {
            None => Err(ApiError { id, status: 404 }),
            Some(_) if self.inner.failing.contains(&id) => Err(ApiError { id, status: 500 }),
            Some(name) => Ok((*name).to_owned()),
        };
        tracked.finish(if answer.is_ok() { Outcome::Done } else { Outcome::Failed });
        answer
    }
}

impl Inner {
    fn latency_of(&self, id: u32) -> Duration {
        match self.latency {
            Latency::Fixed(latency) => latency - JITTER / 10 * (id.wrapping_mul(37) % 11),
            Latency::Seeded { min_ms, max_ms } => seeded_millis(SEED, u64::from(id), min_ms, max_ms),
        }
    }
}

impl ApiLog {
    /// How long the request for `id` takes.
    pub fn latency_of(&self, id: u32) -> Duration {
        self.inner.latency_of(id)
    }

    /// The name the API answers for Pokémon `id`, if there is one.
    pub fn name(&self, id: u32) -> Option<&'static str> {
        POKEMON.get((id as usize).wrapping_sub(1)).copied()
    }

    /// The most requests that were ever in flight at the same time.
    pub fn most_in_flight(&self) -> usize {
        lock(&self.inner.state).most
    }

    /// Requests rejected for going past the limit, by id.
    pub fn rejected(&self) -> Vec<u32> {
        lock(&self.inner.state).rejected.clone()
    }

    /// Every id asked for, once per request, in the order the requests ended (requests that
    /// were turned away included, after the others).
    pub fn asked(&self) -> Vec<u32> {
        let mut asked: Vec<u32> = self.inner.recorder.spans().iter().map(|s| s.key).collect();
        asked.extend(lock(&self.inner.state).rejected.iter());
        asked
    }

    /// Every request that ended (done, failed or dropped), keyed by id, on its slot's lane.
    pub fn requests(&self) -> Vec<Span<u32>> {
        self.inner.recorder.spans()
    }

    pub fn recorder(&self) -> &Recorder<u32> {
        &self.inner.recorder
    }
}

/// Frees a request's slot however the request ends — finished, failed or dropped.
struct Release<'a> {
    api: &'a PokeApi,
    slot: usize,
}

impl Drop for Release<'_> {
    fn drop(&mut self) {
        let mut state = lock(&self.api.inner.state);
        state.in_flight -= 1;
        state.slots[self.slot] = false;
    }
}

// ---------------------------------------------------------------------------------------------
// Doubles and triples

/// The numbers of the mapping exercises, `0..10` shuffled with [`SEED`].
pub fn shuffled_numbers() -> Vec<u64> {
    let mut numbers: Vec<u64> = (0..10).collect();
    seeded_shuffle(&mut numbers, SEED, 1000);
    numbers
}

/// One answer asked of a [`Calculator`]: what the spec keys its record by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Computation {
    /// `double(n)`.
    Double(u64),
    /// `triple(n)`.
    Triple(u64),
}

impl fmt::Display for Computation {
    /// As its timeline row names it: `double 3`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Double(n) => write!(f, "double {n}"),
            Self::Triple(n) => write!(f, "triple {n}"),
        }
    }
}

/// A calculator that takes a seeded, random time (up to a second) for each answer, like the
/// original's `await asyncio.sleep(random.random())`. Cheap to clone; clones share one record,
/// read from its [`CalculatorLog`].
#[derive(Clone, Default)]
pub struct Calculator {
    recorder: Recorder<Computation>,
}

/// The record of a [`Calculator`]: which answers it was asked for, and when. For the spec.
#[derive(Clone, Debug)]
pub struct CalculatorLog {
    recorder: Recorder<Computation>,
}

impl fmt::Debug for Calculator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Calculator").finish_non_exhaustive()
    }
}

fn double_time(n: u64) -> Duration {
    seeded_millis(SEED, 2000 + n, 1, 1000)
}

fn triple_time(n: u64) -> Duration {
    seeded_millis(SEED, 3000 + n, 1, 1000)
}

impl Calculator {
    /// A calculator whose record nobody reads.
    pub fn new() -> Self {
        Self::default()
    }

    /// A calculator, and its record.
    pub fn open() -> (Self, CalculatorLog) {
        let calculator = Self::default();
        let log = CalculatorLog {
            recorder: calculator.recorder.clone(),
        };
        (calculator, log)
    }

    /// `n * 2`, after thinking about it for a while (up to a second).
    pub async fn double(&self, n: u64) -> u64 {
        let computation = Computation::Double(n);
        let tracked = self.recorder.track(&computation.to_string(), "thinking", computation);
        tokio::time::sleep(double_time(n)).await;
        tracked.finish(Outcome::Done);
        n * 2
    }

    /// `n * 3`, after thinking about it for a while (up to a second).
    pub async fn triple(&self, n: u64) -> u64 {
        let computation = Computation::Triple(n);
        let tracked = self.recorder.track(&computation.to_string(), "thinking", computation);
        tokio::time::sleep(triple_time(n)).await;
        tracked.finish(Outcome::Done);
        n * 3
    }
}

impl CalculatorLog {
    /// How long `double(n)` takes.
    pub fn double_time(&self, n: u64) -> Duration {
        double_time(n)
    }

    /// How long `triple(n)` takes.
    pub fn triple_time(&self, n: u64) -> Duration {
        triple_time(n)
    }

    /// Every computation that ended, keyed by what was asked, on a row of its own.
    pub fn recorder(&self) -> &Recorder<Computation> {
        &self.recorder
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shuffle_is_a_fixed_permutation() {
        let numbers = shuffled_numbers();
        let mut sorted = numbers.clone();
        sorted.sort();
        assert_eq!(sorted, (0..10).collect::<Vec<_>>());
        assert_ne!(numbers, sorted);
        assert_eq!(numbers, shuffled_numbers());
    }
}
