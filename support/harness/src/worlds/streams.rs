//! The worlds of the streams kata: a paged PokeAPI, two weather stations, and a producer
//! feeding a store — everything a stream can come from or go to, in simulated time.
//!
//! - [`PokeApi`] answers its list endpoint a page at a time, like the real PokeAPI's
//!   `/pokemon?offset=…&limit=20`: each [`Page`] holds 20 Pokémon and the request for the next
//!   page. Its detail endpoint answers one Pokémon's [`Details`] after a latency of its own, and
//!   a polite server turns away (429) requests past its limit. It records every request on a
//!   timeline: page requests on one row, detail requests on a row per slot in flight.
//! - Two weather [`Station`]s send [`Reading`]s on a fixed schedule — with a long silence each —
//!   and then stop. Their readings come as a stream: whoever polls it gets each reading at the
//!   moment it is sent (or at once, if it was sent while nobody was listening). The program
//!   merges them into [`Event`]s.
//! - A [`Producer`] makes [`Item`]s fast, in a burst, then slowly; a [`Store`] writes them a
//!   batch at a time, each write taking a while. The program moves items from one to the other
//!   through a bounded channel, in batches of at most so many items or so much time
//!   ([`Batching`]). The producer records when it was held back, the store every batch.
//!
//! Each comes as a pair: the handle the program works with ([`PokeApi`], [`Station`],
//! [`Producer`] and [`Store`]) and the log only the spec reads ([`ApiLog`], [`WeatherLog`],
//! [`FactoryLog`]), which also knows what the program should not: how long each request takes,
//! when each reading will come, which item comes next.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;
use tokio::time::{Instant, Sleep};

use crate::core::record::{Outcome, Recorder};
use crate::core::seeded::{mix, seeded_millis};
use crate::core::sync::lock;

/// The seed of every seeded number in this kata.
pub const SEED: u64 = 17;

const fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

// ---------------------------------------------------------------------------------------------
// The PokeAPI: a list endpoint in pages, and a detail endpoint

use crate::core::pokemon::POKEMON;

/// How many Pokémon the list endpoint knows.
pub const POKEMON_COUNT: u32 = 150;

/// How many Pokémon a page holds (the PokeAPI's default `limit`).
pub const PAGE_SIZE: u32 = 20;

/// How long the list endpoint takes to answer one page.
pub const PAGE_LATENCY: Duration = ms(100);

/// The fastest and slowest detail request, in milliseconds: each Pokémon's takes its own time
/// in between, fixed by [`SEED`].
pub const DETAIL_LATENCY_MS: (u64, u64) = (20, 160);

/// One Pokémon as the list endpoint names it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Listed {
    /// Its number in the Pokédex, from 1.
    pub id: u32,
    pub name: String,
}

/// One Pokémon as the detail endpoint describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Details {
    pub id: u32,
    pub name: String,
    /// The experience a trainer gains for beating it.
    pub base_experience: u32,
}

/// A request for one page of the list: the first comes from [`PageRequest::first`], each
/// page's `next` is the one after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageRequest {
    offset: u32,
    limit: u32,
}

impl PageRequest {
    /// The first page of the list.
    pub const fn first() -> Self {
        Self {
            offset: 0,
            limit: PAGE_SIZE,
        }
    }

    /// Which page this asks for, from 1.
    pub fn number(&self) -> u32 {
        self.offset / PAGE_SIZE + 1
    }
}

impl fmt::Display for PageRequest {
    /// As the PokeAPI's URL says it: `/pokemon?offset=20&limit=20`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/pokemon?offset={}&limit={}", self.offset, self.limit)
    }
}

/// One page of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    /// How many Pokémon the whole list holds.
    pub count: u32,
    /// This page's Pokémon, in Pokédex order.
    pub results: Vec<Listed>,
    /// The request for the next page, if there is one.
    pub next: Option<PageRequest>,
}

/// Why a detail request failed.
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

/// What the API's record is keyed by: a page of the list, or one Pokémon's details.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Call {
    /// The list's page number `n` (from 1).
    Page(u32),
    /// The details of Pokémon `id`.
    Details(u32),
}

/// The simulated PokeAPI. Cheap to clone; clones share one server.
#[derive(Clone)]
pub struct PokeApi {
    inner: Arc<ApiInner>,
}

/// The record of a [`PokeApi`]: every request, when it went out and how it ended. For the spec.
#[derive(Clone, Debug)]
pub struct ApiLog {
    inner: Arc<ApiInner>,
}

impl fmt::Debug for PokeApi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PokeApi").finish_non_exhaustive()
    }
}

#[derive(Debug)]
struct ApiInner {
    recorder: Recorder<Call>,
    limit: Option<usize>,
    state: Mutex<ApiState>,
}

#[derive(Debug, Default)]
struct ApiState {
    /// Every page request as it went out: the page's number, and when.
    pages: Vec<(u32, Duration)>,
    slots: Vec<bool>,
    in_flight: usize,
    most: usize,
    rejected: Vec<u32>,
}

impl PokeApi {
    /// An API that takes any number of detail requests at once.
    pub fn open() -> (Self, ApiLog) {
        Self::build(None)
    }

    /// A polite API: a detail request sent while `limit` are in flight is turned away (429).
    pub fn polite(limit: usize) -> (Self, ApiLog) {
        Self::build(Some(limit))
    }

    fn build(limit: Option<usize>) -> (Self, ApiLog) {
        let inner = Arc::new(ApiInner {
            recorder: Recorder::new(),
            limit,
            state: Mutex::default(),
        });
        (Self { inner: inner.clone() }, ApiLog { inner })
    }

    /// One page of the list, after [`PAGE_LATENCY`].
    pub async fn list(&self, page: PageRequest) -> Page {
        let number = page.number();
        lock(&self.inner.state).pages.push((number, self.inner.recorder.now()));
        let tracked = self
            .inner
            .recorder
            .track("pages", format!("page {number}"), Call::Page(number));
        tokio::time::sleep(PAGE_LATENCY).await;
        tracked.finish(Outcome::Done);
        let end = (page.offset + page.limit).min(POKEMON_COUNT);
        let results = (page.offset + 1..=end).map(listed).collect();
        Page {
            count: POKEMON_COUNT,
            results,
            next: (end < POKEMON_COUNT).then_some(PageRequest {
                offset: end,
                limit: page.limit,
            }),
        }
    }

    /// The details of Pokémon `id`, after its own latency (see [`ApiLog::latency_of`]).
    pub async fn details(&self, id: u32) -> Result<Details, ApiError> {
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
            .track(&format!("slot {}", slot + 1), format!("#{id}"), Call::Details(id));
        tokio::time::sleep(detail_latency(id)).await;
        match details_of(id) {
            Some(details) => {
                tracked.finish(Outcome::Done);
                Ok(details)
            }
            None => {
                tracked.finish(Outcome::Failed);
                Err(ApiError { id, status: 404 })
            }
        }
    }
}

fn listed(id: u32) -> Listed {
    Listed {
        id,
        name: POKEMON[id as usize - 1].to_owned(),
    }
}

fn details_of(id: u32) -> Option<Details> {
    let name = POKEMON.get((id as usize).wrapping_sub(1))?;
    Some(Details {
        id,
        name: (*name).to_owned(),
        base_experience: 40 + (mix(SEED ^ u64::from(id)) % 240) as u32,
    })
}

fn detail_latency(id: u32) -> Duration {
    let (min, max) = DETAIL_LATENCY_MS;
    seeded_millis(SEED, u64::from(id), min, max)
}

/// Frees a detail request's slot however the request ends — finished, failed or dropped.
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

impl ApiLog {
    /// How long the detail request for `id` takes.
    pub fn latency_of(&self, id: u32) -> Duration {
        detail_latency(id)
    }

    /// Pokémon `id` as the list names it.
    pub fn listed(&self, id: u32) -> Listed {
        listed(id)
    }

    /// The details the API answers for `id`.
    pub fn details(&self, id: u32) -> Details {
        details_of(id).expect("the spec asks for Pokémon that exist")
    }

    /// Every page request, in the order they went out: the page's number and when it was sent
    /// (those still in flight, or dropped, included).
    pub fn pages(&self) -> Vec<(u32, Duration)> {
        lock(&self.inner.state).pages.clone()
    }

    /// Every detail request, by id, that got a slot and ended (done, failed or dropped), then
    /// the ones turned away.
    pub fn details_asked(&self) -> Vec<u32> {
        let mut asked: Vec<u32> = self
            .inner
            .recorder
            .spans()
            .iter()
            .filter_map(|s| match s.key {
                Call::Details(id) => Some(id),
                Call::Page(_) => None,
            })
            .collect();
        asked.extend(lock(&self.inner.state).rejected.iter());
        asked
    }

    /// When each detail request that ran to its end finished, by id.
    pub fn details_done(&self) -> Vec<(u32, Duration)> {
        self.inner
            .recorder
            .spans()
            .iter()
            .filter(|s| s.done())
            .filter_map(|s| match s.key {
                Call::Details(id) => Some((id, s.end)),
                Call::Page(_) => None,
            })
            .collect()
    }

    /// The most detail requests ever in flight at once.
    pub fn most_in_flight(&self) -> usize {
        lock(&self.inner.state).most
    }

    /// Detail requests turned away for going past the limit, by id.
    pub fn rejected(&self) -> Vec<u32> {
        lock(&self.inner.state).rejected.clone()
    }

    pub fn recorder(&self) -> &Recorder<Call> {
        &self.inner.recorder
    }
}

// ---------------------------------------------------------------------------------------------
// Weather stations

/// Which station a reading or a silence is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StationId {
    North,
    South,
}

impl fmt::Display for StationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::North => "north",
            Self::South => "south",
        })
    }
}

/// One reading, as a station sends it: its number in the station's series (from 1) and the
/// temperature in tenths of a degree. It does not say which station sent it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Reading {
    pub seq: u32,
    pub tenths: i32,
}

/// What the merged stream of the two stations yields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// A reading from `station`, stamped with the moment it came in.
    Reading {
        station: StationId,
        reading: Reading,
        at: Instant,
    },
    /// `station` has sent nothing for as long as the silence limit: reported at `at`.
    Silent { station: StationId, at: Instant },
}

/// When a station's readings come, and when it stops.
struct Schedule {
    station: StationId,
    /// Each reading with the moment it is sent, in simulated time since the run started.
    readings: Vec<(Reading, Duration)>,
    /// When the station stops: its stream ends then.
    ends: Duration,
}

/// North sends every 100 ms from 100 ms to 1.2 s, is silent until 2 s, sends every 100 ms to
/// 2.4 s and stops at 2.45 s; south sends every 150 ms from 150 to 600 ms, is silent until
/// 1.5 s, sends every 150 ms to 3 s and stops at 3.1 s.
fn schedule(station: StationId) -> Schedule {
    let times: Vec<u64> = match station {
        StationId::North => (1..=12).chain(20..=24).map(|k| k * 100).collect(),
        StationId::South => (1..=4).chain(10..=20).map(|k| k * 150).collect(),
    };
    let salt = match station {
        StationId::North => 100,
        StationId::South => 200,
    };
    let readings = times
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let seq = i as u32 + 1;
            let tenths = 120 + (mix(SEED ^ (salt + u64::from(seq))) % 80) as i32;
            (Reading { seq, tenths }, ms(t))
        })
        .collect();
    let ends = match station {
        StationId::North => ms(2450),
        StationId::South => ms(3100),
    };
    Schedule {
        station,
        readings,
        ends,
    }
}

/// How long before a reading the station's row on the timeline shows it measuring.
const MEASURING: Duration = ms(20);

/// One weather station. Its readings come as a stream: [`Station::readings`].
pub struct Station {
    schedule: Arc<Schedule>,
    recorder: Recorder<StationId>,
}

impl fmt::Debug for Station {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Station")
            .field("id", &self.schedule.station)
            .finish_non_exhaustive()
    }
}

/// The record of both stations, and when each sends what. For the spec.
#[derive(Clone, Debug)]
pub struct WeatherLog {
    recorder: Recorder<StationId>,
}

/// The two stations, north and south, and their log.
pub fn stations() -> (Station, Station, WeatherLog) {
    let recorder = Recorder::new();
    let station = |id| Station {
        schedule: Arc::new(schedule(id)),
        recorder: recorder.clone(),
    };
    (
        station(StationId::North),
        station(StationId::South),
        WeatherLog { recorder },
    )
}

impl Station {
    /// Which station this is.
    pub fn id(&self) -> StationId {
        self.schedule.station
    }

    /// The station's readings, each as it is sent; the stream ends when the station stops.
    pub fn readings(self) -> Readings {
        Readings {
            schedule: self.schedule,
            recorder: self.recorder,
            next: 0,
            sleep: None,
        }
    }
}

/// A station's readings, as a stream (see [`Station::readings`]).
pub struct Readings {
    schedule: Arc<Schedule>,
    recorder: Recorder<StationId>,
    next: usize,
    sleep: Option<Pin<Box<Sleep>>>,
}

impl fmt::Debug for Readings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Readings")
            .field("station", &self.schedule.station)
            .finish_non_exhaustive()
    }
}

impl Stream for Readings {
    type Item = Reading;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Reading>> {
        let this = &mut *self;
        loop {
            let now = this.recorder.now();
            let due = match this.schedule.readings.get(this.next) {
                Some(&(reading, at)) if at <= now => {
                    this.next += 1;
                    this.sleep = None;
                    let station = this.schedule.station;
                    this.recorder.record(
                        &station.to_string(),
                        format!("#{}", reading.seq),
                        station,
                        at.saturating_sub(MEASURING),
                        Outcome::Done,
                    );
                    return Poll::Ready(Some(reading));
                }
                Some(&(_, at)) => at,
                None if this.schedule.ends <= now => {
                    this.sleep = None;
                    return Poll::Ready(None);
                }
                None => this.schedule.ends,
            };
            let deadline = Instant::now() + (due - now);
            match &mut this.sleep {
                Some(sleep) if sleep.deadline() == deadline => {}
                slot => *slot = Some(Box::pin(tokio::time::sleep_until(deadline))),
            }
            let sleep = this.sleep.as_mut().expect("just set");
            if sleep.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
        }
    }
}

impl WeatherLog {
    /// Every reading `station` sends, with the moment it is sent.
    pub fn readings(&self, station: StationId) -> Vec<(Reading, Duration)> {
        schedule(station).readings
    }

    /// When `station` stops: its stream ends then.
    pub fn ends(&self, station: StationId) -> Duration {
        schedule(station).ends
    }

    /// Every reading handed out, on its station's row, keyed by station.
    pub fn recorder(&self) -> &Recorder<StationId> {
        &self.recorder
    }
}

// ---------------------------------------------------------------------------------------------
// A producer and a store

/// One thing the producer makes and the store keeps, numbered from 1 in the order made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Item {
    pub id: u32,
}

/// How the program should batch: through a channel of `capacity` items, batches of at most
/// `max_items`, and no item waiting more than `max_wait` for its batch to be written once the
/// batch has its first item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Batching {
    pub capacity: usize,
    pub max_items: usize,
    pub max_wait: Duration,
}

/// How many items the burst makes, 1 ms each.
pub const BURST: u32 = 80;
/// The pause after the burst.
pub const PAUSE: Duration = ms(400);
/// How many items come slowly after the pause.
pub const TRICKLE: u32 = 7;
/// How long each slow item takes.
pub const TRICKLE_EVERY: Duration = ms(40);
/// How long after the last item the producer says it is done.
pub const WIND_DOWN: Duration = ms(60);
/// How long a write takes: this, plus [`WRITE_PER_ITEM`] per item in the batch.
pub const WRITE_BASE: Duration = ms(20);
pub const WRITE_PER_ITEM: Duration = ms(1);

/// How long the producer takes to make item `id` (from 1), once asked; `BURST + TRICKLE + 1`
/// is the time it takes to say it is done.
fn making_time(id: u32) -> Duration {
    if id <= BURST {
        ms(1)
    } else if id == BURST + 1 {
        PAUSE
    } else if id <= BURST + TRICKLE {
        TRICKLE_EVERY
    } else {
        WIND_DOWN
    }
}

/// What the factory's record is keyed by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Work {
    /// The producer making item `id`.
    Making(u32),
    /// The producer, ready to make item `id`, waiting to be asked for it.
    HeldBack(u32),
    /// The store writing its batch number `n` (from 1).
    Write(usize),
}

/// Makes [`Item`]s, one per call to [`Producer::next`]: a burst of [`BURST`] items, 1 ms each,
/// then a pause, then [`TRICKLE`] items 40 ms apart, then `None`.
pub struct Producer {
    next_id: u32,
    /// When the last item was handed over: the producer waits from then until asked again.
    handed: Option<Duration>,
    shared: Arc<Factory>,
}

/// Writes batches of items, one write taking [`WRITE_BASE`] plus [`WRITE_PER_ITEM`] per item.
/// Cheap to clone; clones share one store.
#[derive(Clone)]
pub struct Store {
    shared: Arc<Factory>,
}

/// The record of a producer and its store. For the spec.
#[derive(Clone, Debug)]
pub struct FactoryLog {
    shared: Arc<Factory>,
}

impl fmt::Debug for Producer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Producer").finish_non_exhaustive()
    }
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store").finish_non_exhaustive()
    }
}

#[derive(Debug, Default)]
struct Factory {
    recorder: Recorder<Work>,
    state: Mutex<FactoryState>,
}

#[derive(Debug, Default)]
struct FactoryState {
    /// Each item handed over, and when.
    made: Vec<(Item, Duration)>,
    /// When the producer said it was done.
    done: Option<Duration>,
    batches: Vec<Batch>,
    writing: Vec<bool>,
}

/// One write the store was asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    /// The batch's number, from 1, in the order the writes started.
    pub number: usize,
    pub items: Vec<Item>,
    /// When the write started and ended (`None` while it runs, or if it was dropped).
    pub start: Duration,
    pub end: Option<Duration>,
}

/// A producer, a store, and their log.
pub fn factory() -> (Producer, Store, FactoryLog) {
    let shared = Arc::new(Factory::default());
    (
        Producer {
            next_id: 1,
            handed: None,
            shared: shared.clone(),
        },
        Store { shared: shared.clone() },
        FactoryLog { shared },
    )
}

impl Producer {
    /// The next item, once made; `None` when the producer is done.
    pub async fn next(&mut self) -> Option<Item> {
        let recorder = &self.shared.recorder;
        let id = self.next_id;
        if id > BURST + TRICKLE + 1 {
            return None;
        }
        if let Some(handed) = self.handed.take() {
            let now = recorder.now();
            if now > handed {
                recorder.record("held back", format!("#{id}"), Work::HeldBack(id), handed, Outcome::Done);
            }
        }
        let making = recorder.track("producer", format!("#{id}"), Work::Making(id));
        tokio::time::sleep(making_time(id)).await;
        making.finish(Outcome::Done);
        self.next_id += 1;
        let now = recorder.now();
        if id > BURST + TRICKLE {
            lock(&self.shared.state).done = Some(now);
            return None;
        }
        self.handed = Some(now);
        let item = Item { id };
        lock(&self.shared.state).made.push((item, now));
        Some(item)
    }
}

impl Store {
    /// Writes `batch`: [`WRITE_BASE`] plus [`WRITE_PER_ITEM`] per item.
    pub async fn write(&self, batch: Vec<Item>) {
        let recorder = &self.shared.recorder;
        let (number, lane) = {
            let mut state = lock(&self.shared.state);
            let number = state.batches.len() + 1;
            state.batches.push(Batch {
                number,
                items: batch.clone(),
                start: recorder.now(),
                end: None,
            });
            let lane = state
                .writing
                .iter()
                .position(|busy| !busy)
                .unwrap_or(state.writing.len());
            if lane == state.writing.len() {
                state.writing.push(true);
            } else {
                state.writing[lane] = true;
            }
            (number, lane)
        };
        let _free = FreeLane {
            shared: &self.shared,
            lane,
        };
        let label = match (batch.first(), batch.last()) {
            (Some(first), Some(last)) if first != last => format!("#{}–#{}", first.id, last.id),
            (Some(first), _) => format!("#{}", first.id),
            _ => "empty".to_owned(),
        };
        let name = if lane == 0 {
            "store".to_owned()
        } else {
            format!("store {}", lane + 1)
        };
        let tracked = recorder.track(&name, label, Work::Write(number));
        tokio::time::sleep(WRITE_BASE + WRITE_PER_ITEM * batch.len() as u32).await;
        tracked.finish(Outcome::Done);
        lock(&self.shared.state).batches[number - 1].end = Some(recorder.now());
    }
}

/// Frees a write's row however the write ends.
struct FreeLane<'a> {
    shared: &'a Factory,
    lane: usize,
}

impl Drop for FreeLane<'_> {
    fn drop(&mut self) {
        lock(&self.shared.state).writing[self.lane] = false;
    }
}

impl FactoryLog {
    /// Every item the producer handed over, with when.
    pub fn made(&self) -> Vec<(Item, Duration)> {
        lock(&self.shared.state).made.clone()
    }

    /// Every item the producer will make, in order.
    pub fn all_items(&self) -> Vec<Item> {
        (1..=BURST + TRICKLE).map(|id| Item { id }).collect()
    }

    /// When the producer said it was done (its `next` returned `None`), if it did.
    pub fn done(&self) -> Option<Duration> {
        lock(&self.shared.state).done
    }

    /// Every write the store was asked for, in the order they started.
    pub fn batches(&self) -> Vec<Batch> {
        lock(&self.shared.state).batches.clone()
    }

    /// How long a write of `items` items takes.
    pub fn write_time(&self, items: usize) -> Duration {
        WRITE_BASE + WRITE_PER_ITEM * items as u32
    }

    pub fn recorder(&self) -> &Recorder<Work> {
        &self.shared.recorder
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pages_cover_the_list_once() {
        let mut page = Some(PageRequest::first());
        let mut ids = Vec::new();
        let mut pages = 0;
        while let Some(request) = page {
            pages += 1;
            let end = (request.offset + request.limit).min(POKEMON_COUNT);
            ids.extend(request.offset + 1..=end);
            page = (end < POKEMON_COUNT).then_some(PageRequest {
                offset: end,
                limit: request.limit,
            });
        }
        assert_eq!(pages, 8);
        assert_eq!(ids, (1..=POKEMON_COUNT).collect::<Vec<_>>());
        assert_eq!(PageRequest::first().to_string(), "/pokemon?offset=0&limit=20");
    }

    #[test]
    fn each_station_falls_silent_once() {
        for (station, gap) in [(StationId::North, ms(800)), (StationId::South, ms(900))] {
            let times: Vec<Duration> = schedule(station).readings.iter().map(|(_, t)| *t).collect();
            let gaps: Vec<Duration> = times.windows(2).map(|w| w[1] - w[0]).collect();
            assert_eq!(gaps.iter().filter(|g| **g > ms(150)).count(), 1);
            assert_eq!(gaps.iter().max(), Some(&gap));
        }
    }
}
