//! The world of the http kata: a real HTTP/1.1 server on loopback that serves a local PokeAPI,
//! and records every request it sees.
//!
//! Every other world is simulated: its waiting happens on tokio's paused clock. This one is not.
//! The program under test talks real HTTP over real TCP sockets (with reqwest, the kata's
//! client), and a paused clock can't be used with sockets. So the spec starts this server in
//! the test process, on `127.0.0.1` with a port the OS picks (tests run side by side, offline),
//! and judges what *the server* saw — which requests came, on which TCP connection, how many
//! were in flight at once, in what order, how each ended — rather than the wall clock alone.
//!
//! The server is hyper's (`hyper::server::conn::http1`), one task per accepted connection, on a
//! runtime and a thread of its own: whatever the program does to its own runtime (a blocking
//! call, a busy loop), the server keeps its times.
//!
//! - `GET /api/v2/pokemon/{id}` answers Pokémon #1–#151 as JSON, in the PokeAPI's shape
//!   (`id`, `name`, `height`, `weight`, `types`), after a fixed latency per response
//!   ([`Settings::latency`]); anything else is a `404`.
//! - It can cap how many requests it serves at once ([`Settings::cap`]), like a real API's rate
//!   limit: past the cap it answers `429 Too Many Requests` at once, or makes the request wait
//!   its turn ([`OverCap`]).
//! - Some ids can misbehave ([`Settings::fault`]): answer `503 Service Unavailable`, stall (no
//!   answer at all), or send their body a few bytes at a time — for their first few attempts
//!   or for ever.
//!
//! The Pokémon are public facts (names, types, heights and weights of the first 151), kept in
//! `data/pokemon.tsv` and compiled in.
//!
//! What it records, per request ([`Request`]): when its head arrived and when it ended, the TCP
//! connection that carried it (numbered as accepted), which attempt at its id it was, what it
//! was answered, and whether the answer went out whole or the client hung up first. The count
//! of requests in flight is exact: it goes up under one lock as a request arrives, and down as
//! the last chunk of its answer is handed to the connection — before hyper writes it, so before
//! the client can have read it, which is what makes "never more than N in flight" checkable on
//! a real clock. The same requests are drawn as a timeline, one row per connection.
//!
//! Like every world it comes as a pair: [`Server::start`] hands the program the server's base
//! URL (`http://127.0.0.1:<port>`, all it needs) and the spec a [`ServerLog`], which owns the
//! server (it stops when the last clone of the log is dropped) and reads its record.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::core::record::Recorder;
use crate::core::sync::lock;

mod data;
mod server;

pub use data::Pokemon;

/// How long the public PokeAPI took per request in the asyncio notes: 150 requests, one after
/// another, took 6.31 s.
pub const LATENCY: Duration = Duration::from_millis(42);

/// The ids the server knows: the first 151 Pokémon.
pub const KNOWN: std::ops::RangeInclusive<u32> = 1..=151;

/// How long the server takes before it answers a request for a Pokémon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Latency {
    /// The same for every id.
    Fixed(Duration),
    /// From `min` to `max`, fixed for each id and spread over the range (`id × 37` steps of a
    /// millisecond, wrapped): requests sent together finish out of id order.
    Spread { min: Duration, max: Duration },
}

impl Latency {
    /// The latency of Pokémon `id`.
    pub fn of(self, id: u32) -> Duration {
        match self {
            Latency::Fixed(latency) => latency,
            Latency::Spread { min, max } => {
                let span = (max.saturating_sub(min).as_millis() as u64).max(1) + 1;
                min + Duration::from_millis(u64::from(id) * 37 % span)
            }
        }
    }

    /// The longest latency of any id.
    pub fn max(self) -> Duration {
        match self {
            Latency::Fixed(latency) => latency,
            Latency::Spread { max, .. } => max,
        }
    }
}

/// What the server does with a request past its cap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OverCap {
    /// Answers `429 Too Many Requests` at once.
    Reject,
    /// Lets it wait until a request being served is answered: a server with so many workers.
    Queue,
}

/// How an id misbehaves, for its first [`Settings::fault`] `times` attempts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// `503 Service Unavailable`, after the usual latency.
    Unavailable,
    /// No answer at all: the server holds the request until the client gives up on it.
    Stall,
    /// `200` and the headers after the usual latency, then the body a few bytes at a time
    /// ([`SLOW_BODY_CHUNK`] bytes every [`SLOW_BODY_PAUSE`]): about six seconds for a Pokémon.
    SlowBody,
}

/// How many bytes of a slow body come at a time.
pub const SLOW_BODY_CHUNK: usize = 8;
/// How long a slow body pauses between its chunks.
pub const SLOW_BODY_PAUSE: Duration = Duration::from_millis(400);

/// "For ever": a fault's `times` that never runs out.
pub const ALWAYS: u32 = u32::MAX;

/// How a server behaves.
#[derive(Clone, Debug)]
pub struct Settings {
    latency: Latency,
    cap: Option<(usize, OverCap)>,
    faults: BTreeMap<u32, (Fault, u32)>,
}

impl Settings {
    /// A server that answers every known id after `latency`, as many at once as come.
    pub fn new(latency: Latency) -> Self {
        Self {
            latency,
            cap: None,
            faults: BTreeMap::new(),
        }
    }

    /// Serves at most `cap` requests at once; past that, `over` says what happens.
    pub fn cap(mut self, cap: usize, over: OverCap) -> Self {
        self.cap = Some((cap, over));
        self
    }

    /// Pokémon `id` misbehaves as `fault` says for its first `times` attempts ([`ALWAYS`]: for
    /// ever), then answers as usual.
    pub fn fault(mut self, id: u32, fault: Fault, times: u32) -> Self {
        self.faults.insert(id, (fault, times));
        self
    }

    /// The server's latency.
    pub fn latency(&self) -> Latency {
        self.latency
    }

    /// The cap, if any.
    pub fn capped(&self) -> Option<(usize, OverCap)> {
        self.cap
    }

    /// The fault of `id`, if any, and for how many attempts.
    pub fn fault_of(&self, id: u32) -> Option<(Fault, u32)> {
        self.faults.get(&id).copied()
    }

    /// What attempt `attempt` (1 for the first) at `id` gets, by these settings.
    pub fn answer_to(&self, id: u32, attempt: u32) -> Answer {
        if !KNOWN.contains(&id) {
            return Answer::NotFound;
        }
        match self.fault_of(id) {
            Some((fault, times)) if attempt <= times => match fault {
                Fault::Unavailable => Answer::Unavailable,
                Fault::Stall => Answer::Stalled,
                Fault::SlowBody => Answer::SlowBody,
            },
            _ => Answer::Pokemon,
        }
    }
}

/// What the server answered a request with (or set out to).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Answer {
    /// `200` and the Pokémon's JSON.
    Pokemon,
    /// `200`, with a body that comes a few bytes at a time.
    SlowBody,
    /// Nothing: the request was held until the client went away.
    Stalled,
    /// `404 Not Found`.
    NotFound,
    /// `429 Too Many Requests`: past the cap.
    TooMany,
    /// `503 Service Unavailable`.
    Unavailable,
}

impl Answer {
    /// The status line's code (0 for a request never answered).
    pub fn status(self) -> u16 {
        match self {
            Answer::Pokemon | Answer::SlowBody => 200,
            Answer::Stalled => 0,
            Answer::NotFound => 404,
            Answer::TooMany => 429,
            Answer::Unavailable => 503,
        }
    }
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Answer::Pokemon => "200",
            Answer::SlowBody => "200 (slow body)",
            Answer::Stalled => "no answer",
            Answer::NotFound => "404",
            Answer::TooMany => "429",
            Answer::Unavailable => "503",
        })
    }
}

/// How a request ended, as the server saw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// Still going when the record was read.
    Open,
    /// The whole answer was handed to the connection.
    Answered,
    /// The client went away (closed the connection) before the whole answer was out: it gave
    /// up — a timeout, a dropped future — or its program ended.
    HungUp,
}

/// One request, as the server saw it. Times are since the run started.
#[derive(Clone, Debug)]
pub struct Request {
    /// Its place in the order requests arrived, from 0.
    pub seq: usize,
    /// The TCP connection that carried it: 1 for the first the server accepted.
    pub conn: usize,
    /// The request's path, as sent.
    pub path: String,
    /// The Pokémon asked for, if the path names one.
    pub id: Option<u32>,
    /// How many times that id had been asked for, this one included.
    pub attempt: u32,
    /// When its head had arrived.
    pub arrived: Duration,
    /// When it ended (answered, or the client went away); `None` while it is open.
    pub ended: Option<Duration>,
    pub answer: Answer,
    pub ending: Ending,
    /// Requests in flight when it arrived, itself included.
    pub in_flight: usize,
}

impl Request {
    /// Whether the client got the whole answer.
    pub fn answered(&self) -> bool {
        self.ending == Ending::Answered
    }

    /// When it ended, or `now` if it hasn't.
    pub fn end_or(&self, now: Duration) -> Duration {
        self.ended.unwrap_or(now)
    }
}

/// One TCP connection the server accepted. Times are since the run started.
#[derive(Clone, Debug)]
pub struct Connection {
    /// 1 for the first accepted.
    pub id: usize,
    pub opened: Duration,
    /// When it closed; `None` while open.
    pub closed: Option<Duration>,
}

/// What the server shares between its connections, and the record the spec reads.
struct State {
    settings: Settings,
    recorder: Recorder<usize>,
    record: Mutex<Record>,
    /// Turns for [`OverCap::Queue`].
    turns: Option<Arc<tokio::sync::Semaphore>>,
}

#[derive(Default)]
struct Record {
    requests: Vec<Request>,
    connections: Vec<Connection>,
    attempts: BTreeMap<u32, u32>,
    in_flight: usize,
    most_in_flight: usize,
    /// Requests being served (not turned away, not waiting their turn).
    serving: usize,
}

/// The spec's side of the server: it owns the server, and reads what it recorded. Cheap to
/// clone; the server stops when the last clone is dropped.
#[derive(Clone)]
pub struct ServerLog {
    state: Arc<State>,
    base: String,
    _running: Arc<server::Running>,
}

impl fmt::Debug for ServerLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServerLog")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

/// The local PokeAPI.
pub struct Server;

impl Server {
    /// Starts a server on `127.0.0.1` with a port the OS picks, on a thread of its own, and
    /// returns its base URL (`http://127.0.0.1:<port>`, no trailing slash) for the program, and
    /// its log for the spec.
    pub fn start(settings: Settings) -> (String, ServerLog) {
        let turns = match settings.cap {
            Some((cap, OverCap::Queue)) => Some(Arc::new(tokio::sync::Semaphore::new(cap))),
            _ => None,
        };
        let state = Arc::new(State {
            settings,
            recorder: Recorder::new(),
            record: Mutex::new(Record::default()),
            turns,
        });
        let (running, port) = server::start(state.clone());
        let base = format!("http://127.0.0.1:{port}");
        let log = ServerLog {
            state,
            base: base.clone(),
            _running: Arc::new(running),
        };
        (base, log)
    }
}

impl ServerLog {
    /// The server's base URL.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The server's settings.
    pub fn settings(&self) -> &Settings {
        &self.state.settings
    }

    /// Pokémon `id`, as the server knows it.
    pub fn pokemon(&self, id: u32) -> Option<&'static Pokemon> {
        data::pokemon(id)
    }

    /// The name of Pokémon `id`.
    pub fn name(&self, id: u32) -> Option<&'static str> {
        data::pokemon(id).map(|p| p.name)
    }

    /// Every request so far, in the order they arrived.
    pub fn requests(&self) -> Vec<Request> {
        lock(&self.state.record).requests.clone()
    }

    /// Every connection accepted so far, in order.
    pub fn connections(&self) -> Vec<Connection> {
        lock(&self.state.record).connections.clone()
    }

    /// The most requests in flight at once (arrived, and not yet answered or hung up on).
    pub fn most_in_flight(&self) -> usize {
        lock(&self.state.record).most_in_flight
    }

    /// Requests in flight now.
    pub fn in_flight(&self) -> usize {
        lock(&self.state.record).in_flight
    }

    /// The timeline the runner draws: one row per connection, one span per request.
    pub fn recorder(&self) -> &Recorder<usize> {
        &self.state.recorder
    }

    /// Time since the run started, on the record's clock.
    pub fn now(&self) -> Duration {
        self.state.recorder.now()
    }

    /// Waits (in real time, at most `limit`) until no request is in flight: what a program
    /// left behind reaches the server a moment after the program's runtime is gone.
    pub fn settle(&self, limit: Duration) {
        let start = std::time::Instant::now();
        while self.in_flight() > 0 && start.elapsed() < limit {
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

/// How a program should retry, the same for every request: the kata's failures problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Each attempt — the request, and reading the whole answer — gets at most this long.
    pub timeout: Duration,
    /// After a failed attempt (a `5xx`, a timeout, a broken connection), try again at most this
    /// many times.
    pub retries: u32,
    /// Wait at least this long before the first retry, and twice as long before each next one.
    pub backoff: Duration,
}

impl RetryPolicy {
    /// How long to wait before retry `n` (1 for the first): `backoff × 2^(n − 1)`.
    pub fn wait_before(&self, n: u32) -> Duration {
        self.backoff * 2u32.saturating_pow(n.saturating_sub(1))
    }

    /// The longest one request may take in all when every attempt times out: every attempt's
    /// timeout, and every wait.
    pub fn worst_case(&self) -> Duration {
        let waits: Duration = (1..=self.retries).map(|n| self.wait_before(n)).sum();
        self.timeout * (self.retries + 1) + waits
    }
}

/// What the kernel says about the calling thread so far (Linux's `/proc/thread-self/schedstat`;
/// `None` elsewhere): how a spec tells a program that spins from one that waits or blocks,
/// however loaded the machine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ThreadTimes {
    /// Time on a CPU.
    pub on_cpu: Duration,
    /// Time ready to run, waiting for a CPU: the machine's doing, not the program's.
    pub waiting_for_cpu: Duration,
}

impl ThreadTimes {
    /// The calling thread's times.
    pub fn now() -> Option<Self> {
        let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
        let mut fields = text.split_whitespace().map(|f| f.parse::<u64>().ok());
        Some(Self {
            on_cpu: Duration::from_nanos(fields.next()??),
            waiting_for_cpu: Duration::from_nanos(fields.next()??),
        })
    }

    /// The times from `earlier` to `self`.
    pub fn since(self, earlier: Self) -> Self {
        Self {
            on_cpu: self.on_cpu.saturating_sub(earlier.on_cpu),
            waiting_for_cpu: self.waiting_for_cpu.saturating_sub(earlier.waiting_for_cpu),
        }
    }

    /// Time the thread wanted a CPU: on one, or waiting for one. A thread that spins wants one
    /// all the time, on any machine; one that waits or blocks hardly at all.
    pub fn runnable(self) -> Duration {
        self.on_cpu + self.waiting_for_cpu
    }
}

// ---------------------------------------------------------------------------------------------
// The record, kept by the server's connections.

impl State {
    /// A request arrived: count it, and say what it gets.
    fn arrive(self: &Arc<Self>, conn: usize, path: &str) -> Ticket {
        let id = data::id_in(path);
        let now = self.recorder.now();
        let mut record = lock(&self.record);
        let attempt = match id {
            Some(id) => {
                let n = record.attempts.entry(id).or_insert(0);
                *n += 1;
                *n
            }
            None => 1,
        };
        let mut answer = match id {
            Some(id) => self.settings.answer_to(id, attempt),
            None => Answer::NotFound,
        };
        if let Some((cap, OverCap::Reject)) = self.settings.cap
            && record.serving >= cap
        {
            answer = Answer::TooMany;
        } else {
            record.serving += 1;
        }
        record.in_flight += 1;
        record.most_in_flight = record.most_in_flight.max(record.in_flight);
        let seq = record.requests.len();
        let in_flight = record.in_flight;
        record.requests.push(Request {
            seq,
            conn,
            path: path.to_owned(),
            id,
            attempt,
            arrived: now,
            ended: None,
            answer,
            ending: Ending::Open,
            in_flight,
        });
        drop(record);
        self.recorder.touch();
        Ticket {
            state: self.clone(),
            seq,
            conn,
            id,
            answer,
            arrived: now,
            serving: answer != Answer::TooMany,
            done: false,
        }
    }

    fn connection_opened(&self) -> usize {
        let now = self.recorder.now();
        let mut record = lock(&self.record);
        let id = record.connections.len() + 1;
        record.connections.push(Connection {
            id,
            opened: now,
            closed: None,
        });
        id
    }

    fn connection_closed(&self, id: usize) {
        let now = self.recorder.now();
        let mut record = lock(&self.record);
        if let Some(conn) = record.connections.get_mut(id - 1) {
            conn.closed = Some(now);
        }
    }
}

/// One request in flight: ends as answered when its answer is out, or as hung up when it is
/// dropped first.
struct Ticket {
    state: Arc<State>,
    seq: usize,
    conn: usize,
    id: Option<u32>,
    answer: Answer,
    arrived: Duration,
    serving: bool,
    done: bool,
}

impl Ticket {
    fn end(&mut self, ending: Ending) {
        if self.done {
            return;
        }
        self.done = true;
        let now = self.state.recorder.now();
        {
            let mut record = lock(&self.state.record);
            record.in_flight -= 1;
            if self.serving {
                record.serving -= 1;
            }
            if let Some(request) = record.requests.get_mut(self.seq) {
                request.ended = Some(now);
                request.ending = ending;
            }
        }
        let outcome = match (ending, self.answer) {
            (Ending::Answered, Answer::Pokemon | Answer::SlowBody) => crate::core::record::Outcome::Done,
            (Ending::Answered, _) => crate::core::record::Outcome::Failed,
            _ => crate::core::record::Outcome::Dropped,
        };
        let what = self.id.map_or_else(|| "?".to_owned(), |id| format!("#{id}"));
        self.state.recorder.record(
            &format!("c{}", self.conn),
            format!("{what} {}", self.answer),
            self.seq,
            self.arrived,
            outcome,
        );
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.end(Ending::HungUp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_latencies_stay_in_their_range() {
        let latency = Latency::Spread {
            min: Duration::from_millis(30),
            max: Duration::from_millis(60),
        };
        for id in KNOWN {
            let l = latency.of(id);
            assert!(
                l >= Duration::from_millis(30) && l <= Duration::from_millis(60),
                "{id}: {l:?}"
            );
        }
        assert_ne!(latency.of(1), latency.of(2));
    }

    #[test]
    fn a_policy_doubles_its_waits() {
        let policy = RetryPolicy {
            timeout: Duration::from_millis(400),
            retries: 2,
            backoff: Duration::from_millis(100),
        };
        assert_eq!(policy.wait_before(1), Duration::from_millis(100));
        assert_eq!(policy.wait_before(2), Duration::from_millis(200));
        assert_eq!(policy.worst_case(), Duration::from_millis(1500));
    }

    /// One request over a plain TCP socket: the status line's code, and the body.
    fn get(base: &str, path: &str, keep: Option<&mut std::net::TcpStream>) -> (u16, String) {
        use std::io::{Read, Write};
        let addr = base.trim_start_matches("http://");
        let mut fresh;
        let stream = match keep {
            Some(stream) => stream,
            None => {
                fresh = std::net::TcpStream::connect(addr).expect("connect");
                &mut fresh
            }
        };
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n").expect("write");
        let mut buffer = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            let n = stream.read(&mut chunk).expect("read");
            buffer.extend_from_slice(&chunk[..n]);
            let text = String::from_utf8_lossy(&buffer).into_owned();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let length: usize = head
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length: ")
                            .map(str::to_owned)
                    })
                    .and_then(|l| l.trim().parse().ok())
                    .unwrap_or(0);
                if body.len() >= length {
                    let code = head[9..12].parse().expect("a status code");
                    return (code, body.to_owned());
                }
            }
            assert!(n > 0, "the connection closed early: {text}");
        }
    }

    #[test]
    fn the_server_answers_records_and_reuses_connections() {
        let (base, log) = Server::start(Settings::new(Latency::Fixed(Duration::from_millis(5))));
        let mut stream = std::net::TcpStream::connect(base.trim_start_matches("http://")).expect("connect");
        let (code, body) = get(&base, "/api/v2/pokemon/25", Some(&mut stream));
        assert_eq!(code, 200);
        assert!(body.contains("\"name\":\"pikachu\""), "{body}");
        let (code, _) = get(&base, "/api/v2/pokemon/152/", Some(&mut stream));
        assert_eq!(code, 404);
        let requests = log.requests();
        assert_eq!(requests.len(), 2);
        assert_eq!(log.connections().len(), 1, "keep-alive: both on one connection");
        assert!(requests.iter().all(|r| r.conn == 1 && r.answered()));
        assert_eq!((requests[0].id, requests[0].answer), (Some(25), Answer::Pokemon));
        assert_eq!((requests[1].id, requests[1].answer), (Some(152), Answer::NotFound));
        assert_eq!(log.most_in_flight(), 1);
    }

    #[test]
    fn past_its_cap_the_server_turns_requests_away() {
        let settings = Settings::new(Latency::Fixed(Duration::from_millis(300))).cap(1, OverCap::Reject);
        let (base, log) = Server::start(settings);
        let first = std::thread::spawn({
            let base = base.clone();
            move || get(&base, "/api/v2/pokemon/1", None)
        });
        while log.in_flight() == 0 {
            std::thread::sleep(Duration::from_millis(1));
        }
        assert_eq!(get(&base, "/api/v2/pokemon/2", None).0, 429);
        assert_eq!(first.join().expect("the first request").0, 200);
        let answers: Vec<Answer> = log.requests().iter().map(|r| r.answer).collect();
        assert_eq!(answers, [Answer::Pokemon, Answer::TooMany]);
        assert_eq!(log.most_in_flight(), 2);
    }

    #[test]
    fn a_stalled_request_ends_when_the_client_hangs_up() {
        let (base, log) = Server::start(Settings::new(Latency::Fixed(LATENCY)).fault(7, Fault::Stall, 1));
        {
            use std::io::Write;
            let mut stream = std::net::TcpStream::connect(base.trim_start_matches("http://")).expect("connect");
            write!(stream, "GET /api/v2/pokemon/7 HTTP/1.1\r\nHost: x\r\n\r\n").expect("write");
            while log.in_flight() == 0 {
                std::thread::sleep(Duration::from_millis(1));
            }
            std::thread::sleep(LATENCY * 2);
        }
        log.settle(Duration::from_secs(2));
        let request = &log.requests()[0];
        assert_eq!(
            (request.answer, request.ending, request.attempt),
            (Answer::Stalled, Ending::HungUp, 1)
        );
        // The second attempt is answered.
        assert_eq!(get(&base, "/api/v2/pokemon/7", None).0, 200);
        assert_eq!(log.requests()[1].attempt, 2);
    }

    #[test]
    fn faults_last_as_long_as_they_are_told() {
        let settings = Settings::new(Latency::Fixed(LATENCY))
            .fault(3, Fault::Unavailable, 2)
            .fault(4, Fault::Stall, ALWAYS);
        assert_eq!(settings.answer_to(3, 1), Answer::Unavailable);
        assert_eq!(settings.answer_to(3, 3), Answer::Pokemon);
        assert_eq!(settings.answer_to(4, 1000), Answer::Stalled);
        assert_eq!(settings.answer_to(152, 1), Answer::NotFound);
    }
}
