//! The http kata's spec. One file, two crates: `cargo test -p kata-http` runs it against
//! the kata, `cargo test -p solution-http` against the reference solution.
//!
//! These runs are real: the program talks HTTP over TCP to a server the spec starts on
//! `127.0.0.1` (the harness's local PokeAPI), on the real clock. A paused clock can't be used
//! with sockets, and wall time on a shared, loaded machine says little on its own. So the checks
//! judge what the server recorded — how many requests were in flight at once (counted exactly),
//! on how many TCP connections, which ids were asked for how often, how each attempt ended and
//! how long after the one before the next came — and use time only for what no load can fake:
//! a program that takes many latencies where a few would do, or that is still running at a
//! deadline set several times past the slowest correct run.
//!
//! Every run has a deadline of its own, a little past the slowest a correct run may be (each
//! bound below says how far, and what a correct run measured here, on two cores with and
//! without four busy loops beside it). When it passes, the spec stops the program and says why
//! it was still running from what the server saw — requests still coming one at a time (too
//! slow), one waiting long past the policy's timeout (no timeout), an id asked again and again
//! (retries without end), nothing for a while (a deadlock) — or from the program's thread:
//! wanting a CPU all along (a busy loop), or keeping a heartbeat task beside the program
//! waiting (a blocking call). A thread held so long that not even the deadline can fire is
//! named by the runner after 4 s of it.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use kata_harness::http::{
    ALWAYS, Answer, Fault, Latency, OverCap, Request, RetryPolicy, Server, ServerLog, Settings, ThreadTimes,
};
use kata_harness::prelude::*;

use crate::subject::Pokedex;

/// The kata's server: each Pokémon takes from 30 to 60 ms (fixed per id, so that requests sent
/// together finish out of order).
const LATENCY: Latency = Latency::Spread {
    min: Duration::from_millis(30),
    max: Duration::from_millis(60),
};

/// How many Pokémon the Pokédex problems fetch.
const POKEDEX: u32 = 150;

/// Real time the runtime thread may be busy, in all, before the run counts as stuck: a correct
/// run keeps it busy for tens of milliseconds.
const BUSY_LIMIT: Duration = secs(4);

/// How long the server may hear nothing before a run stopped at its deadline counts as
/// deadlocked: several of the longest latency.
const QUIET: Duration = ms(400);

/// How often the spec's heartbeat beats beside the program.
const HEARTBEAT: Duration = ms(10);

/// The longest the thread may keep the heartbeat waiting (time it waited for a CPU not
/// counted) in a run stopped at its deadline before it counts as blocked: a program that awaits
/// lets it in within a few milliseconds.
const MOST_HELD: Duration = ms(100);

/// How many items a message lists.
const SHOWN: usize = 10;

const DEADLOCK_HINT: &str = "something waits for what never comes: a permit never given back, a task \
     never spawned, a handle awaited twice";

// ---------------------------------------------------------------------------------------------
// Running a program against the server

/// What a run came to.
struct Ran<T> {
    /// What the program returned; `None` if it was stopped at the deadline.
    value: Option<T>,
    /// Real time from start to return (or to the deadline).
    took: Duration,
    /// What the program's thread did meanwhile, if the OS says.
    cpu: Option<ThreadTimes>,
    /// The longest the program kept the spec's heartbeat (and timers) waiting past their time.
    held: Duration,
    deadline: Duration,
}

/// Runs `make()` on a fresh current-thread runtime on the real clock, stopping it at
/// `deadline`; a program that keeps the thread from ever getting back to the scheduler is named
/// by the runner within [`BUSY_LIMIT`].
fn run<T, F, Fut>(log: &ServerLog, deadline: Duration, make: F) -> Ran<T>
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future<Output = T> + 'static,
    T: Send + 'static,
{
    let sim = Sim::new(deadline + secs(2))
        .real_time()
        .busy_limit(BUSY_LIMIT)
        .recorder(log.recorder())
        .deadlock_hint(DEADLOCK_HINT);
    let run = simulate(sim, move || async move {
        let before = ThreadTimes::now();
        let start = Instant::now();
        // The spec's heartbeat: a task beside the program's, on its thread, that notes how long
        // the thread ever kept it from running. A program that waits lets it in every few
        // milliseconds; one that blocks the thread, only when the blocking call returns.
        let held = Arc::new(std::sync::Mutex::new(Duration::ZERO));
        let heartbeat = tokio::spawn({
            let held = held.clone();
            async move {
                loop {
                    let (due, times) = (Instant::now() + HEARTBEAT, ThreadTimes::now());
                    tokio::time::sleep(HEARTBEAT).await;
                    // Time the machine gave the thread no CPU is the machine's, not the program's.
                    let busy_machine = match (times, ThreadTimes::now()) {
                        (Some(before), Some(after)) => after.since(before).waiting_for_cpu,
                        _ => Duration::ZERO,
                    };
                    let late = due.elapsed().saturating_sub(busy_machine);
                    let mut longest = held.lock().unwrap_or_else(|e| e.into_inner());
                    *longest = (*longest).max(late);
                }
            }
        });
        let value = tokio::time::timeout(deadline, make()).await.ok();
        let took = start.elapsed();
        heartbeat.abort();
        let cpu = match (before, ThreadTimes::now()) {
            (Some(before), Some(after)) => Some(after.since(before)),
            _ => None,
        };
        // The deadline's own timer, noticed late, was held up too.
        let late = took.saturating_sub(deadline);
        let held = held.lock().map_or(late, |held| (*held).max(late));
        (value, took, cpu, held)
    });
    // What the program left in flight reaches the server as its runtime goes.
    log.settle(ms(500));
    let (value, took, cpu, held) = run.value;
    Ran {
        value,
        took,
        cpu,
        held,
        deadline,
    }
}

/// What the server saw, in a line.
fn server_saw(log: &ServerLog) -> String {
    let requests = log.requests();
    let done = requests.iter().filter(|r| r.answered()).count();
    let connections = log.connections().len();
    format!(
        "the server saw {} requests ({done} answered in full) on {connections} TCP connection{}, at most {} in \
         flight at once",
        requests.len(),
        if connections == 1 { "" } else { "s" },
        log.most_in_flight()
    )
}

/// What a failure's timeline shows.
const HEADING: &str = "real time as the server saw it, one row per TCP connection, one bar per request";

/// The timeline of the server's record: one row per connection.
fn timeline(log: &ServerLog, end: Duration) -> String {
    picture(log.recorder(), end)
}

/// What a run was asked to do, for the message when it is still going at its deadline.
struct Job {
    /// The function, as a message names it: `pokedex`, `polite (limit 10)`.
    what: String,
    /// The retry policy it was given, if any.
    policy: Option<RetryPolicy>,
    /// Why doing it one request at a time is too slow.
    slow: String,
    /// What to try when it is.
    faster: &'static str,
}

impl Job {
    /// A run that fetches the Pokédex's 150 names.
    fn pokedex(what: impl Into<String>) -> Self {
        Self {
            what: what.into(),
            policy: None,
            slow: format!(
                "each answer takes the server 30–60 ms: one request at a time, the {POKEDEX} take about {}",
                fmt_duration(one_at_a_time(1..=POKEDEX))
            ),
            faster: "send the requests together, instead of awaiting each answer before sending the next",
        }
    }

    /// A polite run.
    fn polite(limit: usize) -> Self {
        Self {
            faster: "keep `limit` requests in flight: a task per request, each waiting for a slot \
                     before it sends, and freeing it when its answer is in",
            ..Self::pokedex(format!("polite (limit {limit})"))
        }
    }

    /// The failures run.
    fn failures() -> Self {
        Self {
            what: "outcomes".into(),
            policy: Some(POLICY),
            slow: format!(
                "one id at a time, the answers' latencies add up, and so do the failing ids' timeouts \
                 and waits: {} for one id that never answers",
                fmt_duration(POLICY.worst_case())
            ),
            faster: "fetch every id at once, a task each, each doing its own attempts and waits",
        }
    }
}

/// Fails, explaining from the server's record why a run was still going at its deadline.
fn explain_unfinished<T>(job: &Job, log: &ServerLog, ran: &Ran<T>) -> ! {
    let requests = log.requests();
    let what = job.what.as_str();
    let deadline = fmt_duration(ran.deadline);
    let end = ran.deadline;
    // A thread that wanted a CPU for most of the run spins; a deadline noticed late means the
    // thread did not get back to the scheduler in time to notice it.
    let spinning = ran
        .cpu
        .is_some_and(|cpu| cpu.runnable().as_secs_f64() >= ran.took.as_secs_f64() * 0.5);
    if spinning {
        let cpu = ran.cpu.unwrap_or_default();
        Failure::new(format!("a busy loop: {what} kept its thread busy until the deadline"))
            .measured(format!(
                "{what} was still running at {deadline}, and its thread had been running (or ready \
                 to run) for {} of the {} — {} of it on a CPU; {}",
                fmt_duration(cpu.runnable()),
                fmt_duration(ran.took),
                fmt_duration(cpu.on_cpu),
                server_saw(log)
            ))
            .expected("a program that waits for its answers: a few milliseconds of CPU for a whole run")
            .why(
                "a loop that checks for something again and again (`try_recv`, `is_finished()`, a \
                 flag), even with `yield_now()` in it, burns the thread it shares with every other task",
            )
            .hint("await the thing itself: a `JoinHandle`, a `recv()`, a permit")
            .timeline_headed(HEADING, timeline(log, end))
            .fail();
    }
    if ran.held >= MOST_HELD {
        Failure::new(format!(
            "a blocking call held up the runtime thread: {what} kept it for {} at a stretch",
            fmt_duration(ran.held)
        ))
        .measured(format!(
            "{what} was still running at {deadline}; the spec's heartbeat, a task due every {} on \
             the same thread, was once kept waiting {}, while the thread used only {} of CPU in all; {}",
            fmt_duration(HEARTBEAT),
            fmt_duration(ran.held),
            fmt_duration(ran.cpu.unwrap_or_default().on_cpu),
            server_saw(log)
        ))
        .expected("a runtime thread that comes back to the scheduler at an `.await` every few milliseconds")
        .why(
            "a task can only hand over the thread at an `.await`: a call that blocks it \
             (`std::thread::sleep`, a blocking lock or receive, blocking I/O) stops every other task \
             on it — the other requests, and the spec's timers too",
        )
        .hint(
            "wait with `tokio::time::sleep(..).await`, not `std::thread::sleep`; move blocking work \
             into `tokio::task::spawn_blocking`",
        )
        .timeline_headed(HEADING, timeline(log, end))
        .fail();
    }
    if let Some(policy) = job.policy {
        let mut attempts: std::collections::BTreeMap<u32, u32> = std::collections::BTreeMap::new();
        for r in &requests {
            if let Some(id) = r.id {
                *attempts.entry(id).or_default() += 1;
            }
        }
        let bound = policy.retries + 1;
        let over: Vec<String> = attempts
            .iter()
            .filter(|(_, n)| **n > bound)
            .map(|(id, n)| format!("#{id} ({n}×)"))
            .collect();
        if !over.is_empty() {
            Failure::new(format!(
                "retries without end: {what} was still retrying at the deadline"
            ))
            .measured(format!(
                "at {deadline} {what} had not returned; asked more than {bound} times: {}",
                shown(over, SHOWN)
            ))
            .expected(format!(
                "at most {bound} attempts per id (the first, and {} retries), then the error in its place",
                policy.retries
            ))
            .why("some ids fail every time: a retry loop needs a count, or it never ends")
            .hint("count the attempts, and give up with the last error when the policy's retries are used up")
            .timeline_headed(HEADING, timeline(log, end))
            .fail();
        }
        // A request still waiting at the deadline, long past the policy's timeout.
        let waiting = requests.iter().find(|r| {
            matches!(r.answer, Answer::Stalled | Answer::SlowBody)
                && r.end_or(end).saturating_sub(r.arrived) > policy.timeout * 2
        });
        if let Some(request) = waiting {
            let waited = request.end_or(end).saturating_sub(request.arrived);
            let body = if request.answer == Answer::SlowBody {
                "its headers had come in time, and its body was still coming a few bytes at a time"
            } else {
                "the server never answered it"
            };
            Failure::new(format!(
                "no timeout: {what} was still waiting for an answer at the deadline"
            ))
            .measured(format!(
                "the request for #{} arrived at {} and waited {} ({body}); the policy's timeout is {}",
                request.id.unwrap_or(0),
                fmt_duration(request.arrived),
                fmt_duration(waited),
                fmt_duration(policy.timeout)
            ))
            .expected(format!(
                "every attempt given up after {}, and {what} done well before {deadline}",
                fmt_duration(policy.timeout)
            ))
            .why(
                "a server that doesn't answer keeps a request waiting for ever: only the client can \
                     end the wait. And the body counts: headers that come in time say nothing of the rest",
            )
            .hint(
                "put the timeout on each attempt, covering the whole answer: reqwest's \
                     `RequestBuilder::timeout` (the request and its body), or `tokio::time::timeout` \
                     around both the `send()` and the `json()`",
            )
            .timeline_headed(HEADING, timeline(log, end))
            .fail();
        }
    }
    let last = requests.iter().map(|r| r.end_or(end).max(r.arrived)).max();
    // A program that is getting on with its work keeps the server busy: every request ends
    // within a latency of the next one starting. A long silence before the deadline is waiting.
    if last.is_none_or(|last| last + QUIET < end) {
        let quiet = match last {
            Some(last) => format!("the server's last request ended at {}", fmt_duration(last)),
            None => "the server saw no request at all".to_owned(),
        };
        Failure::new(format!(
            "{what} never finished: it waits for something other than the server"
        ))
        .measured(format!("{quiet}, and {what} was still waiting at {deadline}"))
        .expected(format!("{what} returns once its answers are in"))
        .why(
            "every answer it asked for had come, yet it went on waiting: for a permit, a task \
                 or a message that nothing will give it — a deadlock",
        )
        .hint(DEADLOCK_HINT)
        .timeline_headed(HEADING, timeline(log, end))
        .fail();
    }
    let done = requests.iter().filter(|r| r.answered()).count();
    let most = log.most_in_flight();
    Failure::new(format!(
        "too slow: {what} was still working at {deadline}, with at most {most} request{} in flight at once",
        if most == 1 { "" } else { "s" }
    ))
    .measured(format!(
        "by {deadline} the server had answered {done} requests; {}",
        server_saw(log)
    ))
    .expected(format!("{what} done well before {deadline}"))
    .why(job.slow.clone())
    .hint(job.faster)
    .timeline_headed(HEADING, timeline(log, end))
    .fail()
}

/// How long the server takes over `ids` one after another.
fn one_at_a_time(ids: impl IntoIterator<Item = u32>) -> Duration {
    ids.into_iter().map(|id| LATENCY.of(id)).sum()
}

fn names(log: &ServerLog, ids: impl IntoIterator<Item = u32>) -> Vec<String> {
    ids.into_iter()
        .map(|id| log.name(id).expect("the spec asks for Pokémon that exist").to_owned())
        .collect()
}

/// The first place two lists differ, for messages.
fn first_difference(got: &[String], want: &[String]) -> String {
    match got.iter().zip(want).position(|(a, b)| a != b) {
        Some(i) => format!(
            "position {} (Pokémon #{}) is {:?}, expected {:?}",
            i + 1,
            i + 1,
            got[i],
            want[i]
        ),
        None => format!("{} names, expected {}", got.len(), want.len()),
    }
}

fn expect_names(what: &str, value: anyhow::Result<Vec<String>>, want: &[String], log: &ServerLog, end: Duration) {
    let got = match value {
        Err(err) => Failure::new(format!("{what} returned an error"))
            .measured(format!("Err: {err:#}"))
            .expected("Ok with every name: no request fails here")
            .note(server_saw(log))
            .timeline_headed(HEADING, timeline(log, end))
            .fail(),
        Ok(got) if got == want => return,
        Ok(got) => got,
    };
    let (mut sorted_got, mut sorted_want) = (got.clone(), want.to_vec());
    sorted_got.sort();
    sorted_want.sort();
    if sorted_got == sorted_want {
        Failure::new(format!("{what} returned the names in the wrong order"))
            .measured(first_difference(&got, want))
            .expected("the names in Pokédex order: #1 first")
            .why(
                "requests sent together are answered in any order (here each Pokémon takes its own \
                 30–60 ms); the results must still line up with the requests",
            )
            .hint("keep each result with its request: the order you collect results in is the order you get")
            .fail();
    }
    Failure::new(format!("{what} did not return each name once, in order"))
        .measured(first_difference(&got, want))
        .expected(format!("{} names, one per Pokémon, in Pokédex order", want.len()))
        .why("the names must come from the server's answers: the `name` field of each Pokémon's JSON")
        .note(server_saw(log))
        .timeline_headed(HEADING, timeline(log, end))
        .fail();
}

/// Every id of `ids` was answered exactly once, and nothing else was asked.
fn check_asked(log: &ServerLog, ids: impl IntoIterator<Item = u32>, end: Duration) {
    let says = Says {
        missing: "never answered",
        repeated: "asked for more than once",
        strays: "asked for, though not in the list",
    };
    let asked = log.requests().into_iter().map(|r| r.id.unwrap_or(0));
    let tally = Tally::of(ids, asked);
    if let Err(failure) = tally.check("the server was not asked for each Pokémon exactly once", says, |id| {
        if *id == 0 {
            "a path that names no Pokémon".to_owned()
        } else {
            format!("#{id}")
        }
    }) {
        failure
            .expected("one request per Pokémon")
            .why("every name comes from one answer; asking twice costs the server twice")
            .timeline_headed(HEADING, timeline(log, end))
            .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 1 — pokedex

/// How long a run of the Pokédex may take before the spec stops it: past the bound below, with
/// half a second to spare.
const POKEDEX_DEADLINE: Duration = ms(1500);

/// At least this many requests in flight at once: all 150 go out together, and arrive at the
/// server within a few milliseconds of each other — far fewer than the shortest latency, 30 ms.
const MOST_AT_ONCE: usize = 50;

/// The slowest a concurrent Pokédex may be: about twenty of the longest latency. (A correct
/// run takes about 0.1 s here, 0.2 s with four busy loops on the two cores; one at a time takes
/// 6.8 s.)
const POKEDEX_BOUND: Duration = secs(1);

fn run_pokedex() -> (ServerLog, Ran<anyhow::Result<Vec<String>>>) {
    let (base, log) = Server::start(Settings::new(LATENCY));
    let ran = run(&log, POKEDEX_DEADLINE, move || async move {
        let pokedex = Pokedex::new(&base);
        pokedex.pokedex().await
    });
    (log, ran)
}

fn problem1_pokedex_in_order() {
    let (log, ran) = run_pokedex();
    let Some(value) = ran.value else {
        explain_unfinished(&Job::pokedex("pokedex"), &log, &ran)
    };
    expect_names("pokedex", value, &names(&log, 1..=POKEDEX), &log, ran.took);
    check_asked(&log, 1..=POKEDEX, ran.took);
}

fn problem1_pokedex_fetches_concurrently() {
    let (log, ran) = run_pokedex();
    if ran.value.is_none() {
        explain_unfinished(&Job::pokedex("pokedex"), &log, &ran)
    }
    let most = log.most_in_flight();
    let bound = POKEDEX_BOUND;
    if most < MOST_AT_ONCE || ran.took > bound {
        let sequential = one_at_a_time(1..=POKEDEX);
        Failure::new(format!(
            "not concurrent enough: at most {most} request{} in flight at once",
            if most == 1 { "" } else { "s" }
        ))
        .measured(format!("pokedex took {}; {}", fmt_duration(ran.took), server_saw(&log)))
        .expected(format!(
            "all {POKEDEX} requests sent together: at least {MOST_AT_ONCE} in flight at once, and done \
             in a few latencies — under {} in any case",
            fmt_duration(bound)
        ))
        .why(format!(
            "each answer takes 30–60 ms: one at a time, {POKEDEX} take {}; sent together, the last \
             answer is in about 60 ms after the last request goes out",
            fmt_duration(sequential)
        ))
        .hint("start every request before awaiting any: a task per request, then await the handles in order")
        .timeline_headed(HEADING, timeline(&log, ran.took))
        .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 2 — one client

/// The spec plays an application that asks for one name at a time on each of this many lanes.
const LANES: u32 = 10;
/// Names each lane asks for.
const PER_LANE: u32 = 15;
/// The most connections one client may open for them: one per lane, and a few more for a
/// connection not yet back in the pool when its lane's next request went out.
const MOST_CONNECTIONS: usize = 2 * LANES as usize;

fn problem2_one_client_reuses_connections() {
    let (base, log) = Server::start(Settings::new(LATENCY));
    let ran = run(&log, secs(5), move || async move {
        let pokedex = Arc::new(Pokedex::new(&base));
        let lanes: Vec<_> = (0..LANES)
            .map(|lane| {
                let pokedex = pokedex.clone();
                tokio::spawn(async move {
                    let mut names = Vec::new();
                    for k in 0..PER_LANE {
                        names.push((lane + k * LANES + 1, pokedex.name(lane + k * LANES + 1).await));
                    }
                    names
                })
            })
            .collect();
        let mut all = Vec::new();
        for lane in lanes {
            all.extend(lane.await.expect("a lane of the spec's own panicked"));
        }
        all
    });
    let Some(value) = ran.value else {
        explain_unfinished(&Job::pokedex("the application's calls to name"), &log, &ran)
    };
    for (id, name) in value {
        let want = log.name(id).unwrap_or_default();
        match name {
            Ok(name) if name == want => {}
            Ok(name) => Failure::new("name returned the wrong name")
                .measured(format!("name({id}) returned {name:?}"))
                .expected(format!(
                    "{want:?}: the `name` field of the JSON at /api/v2/pokemon/{id}"
                ))
                .fail(),
            Err(err) => Failure::new("name returned an error")
                .measured(format!("name({id}): Err: {err:#}"))
                .expected("Ok with the name: no request fails here")
                .note(server_saw(&log))
                .fail(),
        }
    }
    let connections = log.connections().len();
    if connections > MOST_CONNECTIONS {
        let requests = log.requests().len();
        Failure::new(format!(
            "a new connection for almost every request: {connections} TCP connections for {requests} requests"
        ))
        .measured(format!(
            "{LANES} callers asked for {} names, each waiting for one answer before the next; {}",
            LANES * PER_LANE,
            server_saw(&log)
        ))
        .expected(format!(
            "at most {MOST_CONNECTIONS}: never more than {LANES} requests were in flight, and a \
             connection that is done with one answer can carry the next"
        ))
        .why(
            "a `reqwest::Client` keeps a pool of open connections and reuses them (HTTP/1.1's \
             keep-alive), as an aiohttp `ClientSession` does; a client made for one request (or \
             `reqwest::get`, which makes one each time) opens a connection, uses it once, and drops it",
        )
        .hint(
            "build one `Client` when the `Pokedex` is made, keep it in the struct, and use it for every \
             request (clone it to share it: the clones share one pool)",
        )
        .timeline_headed(HEADING, timeline(&log, ran.took))
        .fail();
    }
}

fn problem2_one_client_one_connection_in_turn() {
    let (base, log) = Server::start(Settings::new(LATENCY));
    let ran = run(&log, secs(5), move || async move {
        let pokedex = Pokedex::new(&base);
        let mut names = Vec::new();
        for id in 1..=20 {
            names.push(pokedex.name(id).await.ok());
        }
        names
    });
    let Some(_) = ran.value else {
        explain_unfinished(&Job::pokedex("the application's calls to name"), &log, &ran)
    };
    let connections = log.connections().len();
    if connections > 3 {
        Failure::new(format!(
            "a new connection for almost every request: {connections} TCP connections for 20 requests in turn"
        ))
        .measured(format!(
            "the application asked for 20 names one after another, on one `Pokedex`; {}",
            server_saw(&log)
        ))
        .expected("one connection, kept alive from each request to the next (a few at most)")
        .why(
            "opening a connection costs a round trip (and, with TLS, several more); a client keeps \
             its connections open after an answer for the next request — if the same client sends it",
        )
        .hint("one `Client` per `Pokedex`, made in `new`, used by every call")
        .timeline_headed(HEADING, timeline(&log, ran.took))
        .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 3 — polite

/// The limits of the polite runs, so that no number written into the program passes them all.
const LIMITS: [usize; 2] = [10, 4];

/// The fastest a client can be with `limit` in flight: the 150 latencies over `limit` slots.
fn polite_ideal(limit: usize) -> Duration {
    one_at_a_time(1..=POKEDEX) / limit as u32
}

/// The slowest a polite client may be: twice the ideal, and 300 ms for the machine.
fn polite_bound(limit: usize) -> Duration {
    polite_ideal(limit) * 2 + ms(300)
}

/// When the spec stops a polite run: past the bound, with half a second to spare.
fn polite_deadline(limit: usize) -> Duration {
    polite_bound(limit) + ms(500)
}

fn run_polite(limit: usize, cap: usize) -> (ServerLog, Ran<anyhow::Result<Vec<String>>>) {
    let (base, log) = Server::start(Settings::new(LATENCY).cap(cap, OverCap::Reject));
    let ran = run(&log, polite_deadline(limit), move || async move {
        let pokedex = Pokedex::new(&base);
        pokedex.polite(limit).await
    });
    (log, ran)
}

fn problem3_polite_never_exceeds_the_limit() {
    for limit in LIMITS {
        let (log, ran) = run_polite(limit, limit);
        let turned_away: Vec<Request> = log
            .requests()
            .into_iter()
            .filter(|r| r.answer == Answer::TooMany)
            .collect();
        if log.most_in_flight() > limit || !turned_away.is_empty() {
            Failure::new(format!("requests were sent past the limit of {limit}"))
                .measured(format!(
                    "at most {} in flight at once; the server turned {} away (429): {}",
                    log.most_in_flight(),
                    turned_away.len(),
                    shown(turned_away.iter().map(|r| format!("#{}", r.id.unwrap_or(0))), SHOWN)
                ))
                .expected(format!("never more than {limit} in flight, as counted by the server"))
                .why(
                    "a request is in flight from the moment it reaches the server until its whole answer \
                     has left; the server serves at most `limit` at once and turns away the rest",
                )
                .hint(
                    "make each request wait for a slot before it is sent, and keep the slot until its \
                     answer is read — use the `limit` you are given",
                )
                .timeline_headed(HEADING, timeline(&log, ran.took))
                .fail();
        }
        let Some(value) = ran.value else {
            explain_unfinished(&Job::polite(limit), &log, &ran)
        };
        expect_names(
            &format!("polite (limit {limit})"),
            value,
            &names(&log, 1..=POKEDEX),
            &log,
            ran.took,
        );
    }
}

fn problem3_polite_is_as_fast_as_the_limit_allows() {
    for limit in LIMITS {
        let (log, ran) = run_polite(limit, limit);
        if ran.value.is_none() {
            explain_unfinished(&Job::polite(limit), &log, &ran)
        }
        let most = log.most_in_flight();
        let (ideal, bound) = (polite_ideal(limit), polite_bound(limit));
        if most < limit || ran.took > bound {
            Failure::new(format!(
                "slower than the limit allows: at most {most} in flight, where {limit} may be"
            ))
            .measured(format!(
                "polite (limit {limit}) took {}; {}",
                fmt_duration(ran.took),
                server_saw(&log)
            ))
            .expected(format!(
                "{limit} in flight at once, done in about {} (the {POKEDEX} latencies over {limit} \
                 slots), under {} in any case",
                fmt_duration(ideal),
                fmt_duration(bound)
            ))
            .why("the limit is a ceiling, not a pace: every slot that stands idle while requests wait is time lost")
            .hint("keep all `limit` slots busy: as soon as one request's answer is in, the next goes out")
            .timeline_headed(HEADING, timeline(&log, ran.took))
            .fail();
        }
    }
}

fn problem3_polite_does_not_ignore_429() {
    let (limit, cap) = (10, 5);
    let (log, ran) = run_polite(limit, cap);
    let Some(value) = ran.value else {
        explain_unfinished(&Job::polite(limit), &log, &ran)
    };
    let turned_away = log.requests().iter().filter(|r| r.answer == Answer::TooMany).count();
    let want = names(&log, 1..=POKEDEX);
    match value {
        Ok(got) if got == want => {}
        Err(err) if format!("{err:#}").contains("429") => {}
        Err(err) => Failure::new("a 429 was not reported as one")
            .measured(format!(
                "the server, which served at most {cap} at once this time, turned {turned_away} requests \
                 away with 429 Too Many Requests; polite returned Err: {err:#}"
            ))
            .expected("an error that says what the server said (429 Too Many Requests), or every name after waiting and retrying")
            .why(
                "a 429's body is an error message, not a Pokémon: reading it as one fails with a \
                 misleading error (a missing field), or worse, succeeds with a wrong value",
            )
            .hint("check the status before reading the body: `response.error_for_status()?` (aiohttp's `raise_for_status()`)")
            .timeline_headed(HEADING, timeline(&log, ran.took))
            .fail(),
        Ok(got) => Failure::new("a 429 was taken for a Pokémon")
            .measured(format!(
                "the server turned {turned_away} requests away with 429 Too Many Requests, and polite \
                 returned Ok anyway: {}",
                first_difference(&got, &want)
            ))
            .expected("an error that says what the server said (429 Too Many Requests), or every name after waiting and retrying")
            .why(
                "a server may allow fewer requests at once than you were told (it is busy, it is \
                 shared): a 429's body is an error message, not a Pokémon",
            )
            .hint("check the status before reading the body: `response.error_for_status()?` (aiohttp's `raise_for_status()`)")
            .timeline_headed(HEADING, timeline(&log, ran.took))
            .fail(),
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 4 — failures

/// The policy the spec asks for.
const POLICY: RetryPolicy = RetryPolicy {
    timeout: ms(400),
    retries: 2,
    backoff: ms(100),
};

/// The ids of the failures run.
const FAILURE_IDS: std::ops::RangeInclusive<u32> = 1..=24;

/// How the failures run's server misbehaves: (id, fault, for how many attempts).
const FAULTS: [(u32, Fault, u32); 6] = [
    (3, Fault::Unavailable, 1),
    (7, Fault::Unavailable, 2),
    (11, Fault::Unavailable, ALWAYS),
    (14, Fault::Stall, 1),
    (18, Fault::Stall, ALWAYS),
    (21, Fault::SlowBody, ALWAYS),
];

/// The slowest the failures run may be: one id's worst case (every attempt timing out, and
/// every wait: 1.5 s), and 400 ms for the machine. (A correct run takes 1.51 s here, 1.53 s
/// with four busy loops on the two cores.)
fn failures_bound() -> Duration {
    POLICY.worst_case() + ms(400)
}

/// When the spec stops the failures run: past the bound, with a little to spare.
fn failures_deadline() -> Duration {
    failures_bound() + ms(200)
}

fn failures_settings() -> Settings {
    FAULTS
        .into_iter()
        .fold(Settings::new(LATENCY), |settings, (id, fault, times)| {
            settings.fault(id, fault, times)
        })
}

/// Whether `id` can be had within the policy's retries.
fn recoverable(id: u32) -> bool {
    match FAULTS.iter().find(|(f, _, _)| *f == id) {
        Some((_, _, times)) => *times <= POLICY.retries,
        None => true,
    }
}

fn run_failures() -> (ServerLog, Ran<Vec<anyhow::Result<String>>>) {
    let (base, log) = Server::start(failures_settings());
    let ids: Vec<u32> = FAILURE_IDS.collect();
    let ran = run(&log, failures_deadline(), move || async move {
        let pokedex = Pokedex::new(&base);
        pokedex.outcomes(&ids, POLICY).await
    });
    (log, ran)
}

fn problem4_failures_every_outcome_in_its_place() {
    let (log, ran) = run_failures();
    let Some(outcomes) = ran.value else {
        explain_unfinished(&Job::failures(), &log, &ran)
    };
    let ids: Vec<u32> = FAILURE_IDS.collect();
    if outcomes.len() != ids.len() {
        Failure::new("outcomes did not return one outcome per id")
            .measured(format!("{} outcomes for {} ids", outcomes.len(), ids.len()))
            .expected("one outcome per id, in the order of the ids: a name, or an error")
            .why("like asyncio's `gather(…, return_exceptions=True)`: an error takes its request's place")
            .fail();
    }
    for (id, outcome) in ids.iter().zip(&outcomes) {
        let want = log.name(*id).unwrap_or_default();
        let attempts = log.requests().iter().filter(|r| r.id == Some(*id)).count();
        let fault = FAULTS.iter().find(|(f, _, _)| f == id);
        let trouble = match fault {
            Some((_, Fault::Unavailable, ALWAYS)) => "answers 503 every time".to_owned(),
            Some((_, Fault::Stall, ALWAYS)) => "never answers".to_owned(),
            Some((_, Fault::SlowBody, _)) => "sends its body a few bytes at a time, for seconds".to_owned(),
            Some((_, Fault::Unavailable, n)) => format!("answers 503 the first {n} time(s), then 200"),
            Some((_, Fault::Stall, n)) => format!("does not answer the first {n} time(s), then does"),
            None => "answers at once".to_owned(),
        };
        match outcome {
            Ok(name) if recoverable(*id) && name == want => {}
            Err(_) if !recoverable(*id) => {}
            Ok(name) => Failure::new(format!("outcomes gave #{id} a name it should not have"))
                .measured(format!(
                    "#{id} → Ok({name:?}); #{id} {trouble}; it was asked {attempts} time(s)"
                ))
                .expected(if recoverable(*id) {
                    format!("Ok({want:?})")
                } else {
                    "an error: the policy's retries run out before the server gives a name".to_owned()
                })
                .why("a non-200 answer's body is an error message; read a Pokémon only from a 200")
                .timeline_headed(HEADING, timeline(&log, ran.took))
                .fail(),
            Err(err) => {
                let why = if fault.is_some() {
                    format!(
                        "#{id} {trouble}: with {} retries allowed, the policy gets its name",
                        POLICY.retries
                    )
                } else {
                    format!("#{id} {trouble}")
                };
                Failure::new(format!("outcomes gave up on #{id}, which could be had"))
                    .measured(format!("#{id} → Err: {err:#}; it was asked {attempts} time(s)"))
                    .expected(format!("Ok({want:?})"))
                    .why(why)
                    .hint(format!(
                        "retry an attempt that failed on a 5xx or a timeout, up to {} times, waiting \
                         {} and then {} before the retries",
                        POLICY.retries,
                        fmt_duration(POLICY.wait_before(1)),
                        fmt_duration(POLICY.wait_before(2))
                    ))
                    .timeline_headed(HEADING, timeline(&log, ran.took))
                    .fail()
            }
        }
    }
}

fn problem4_failures_retry_a_bounded_number_of_times() {
    let (log, ran) = run_failures();
    if ran.value.is_none() {
        explain_unfinished(&Job::failures(), &log, &ran)
    }
    let requests = log.requests();
    let bound = POLICY.retries + 1;
    for id in FAILURE_IDS {
        let attempts: Vec<&Request> = requests.iter().filter(|r| r.id == Some(id)).collect();
        if attempts.len() as u32 > bound {
            Failure::new(format!("#{id} was asked {} times", attempts.len()))
                .measured(format!(
                    "attempts at #{id}: {}",
                    attempts
                        .iter()
                        .map(|r| format!("{} at {}", r.answer, fmt_duration(r.arrived)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
                .expected(format!("at most {bound}: the first attempt and {} retries", POLICY.retries))
                .why("retries are for failures that may pass, and a bounded number of them: a server that is down stays down")
                .hint("count the retries; stop at the policy's `retries`, with the last error")
                .timeline_headed(HEADING, timeline(&log, ran.took))
                .fail();
        }
        for pair in attempts.windows(2) {
            let (before, after) = (pair[0], pair[1]);
            // Only a 503 ends exactly when the server says: a timed-out attempt ends when the
            // server notices the client has gone, a moment after.
            if before.answer != Answer::Unavailable {
                continue;
            }
            let Some(ended) = before.ended else { continue };
            let wait = POLICY.wait_before(before.attempt);
            let gap = after.arrived.saturating_sub(ended);
            if gap + ms(2) < wait {
                Failure::new(format!("#{id} was retried without waiting"))
                    .measured(format!(
                        "attempt {} got its 503 at {}; attempt {} came {} later",
                        before.attempt,
                        fmt_duration(ended),
                        after.attempt,
                        fmt_duration(gap)
                    ))
                    .expected(format!(
                        "at least {} before retry {} (the policy's backoff, {}, doubled for each retry)",
                        fmt_duration(wait),
                        before.attempt,
                        fmt_duration(POLICY.backoff)
                    ))
                    .why(
                        "a server that answers 503 is overloaded or restarting: retrying at once adds \
                         to its load and likely fails again. Waiting longer each time gives it room",
                    )
                    .hint("sleep before each retry: `tokio::time::sleep(policy.wait_before(n)).await`")
                    .timeline_headed(HEADING, timeline(&log, ran.took))
                    .fail();
            }
        }
    }
}

fn problem4_failures_end_before_the_deadline() {
    let (log, ran) = run_failures();
    if ran.value.is_none() {
        explain_unfinished(&Job::failures(), &log, &ran)
    }
    let bound = failures_bound();
    if ran.took > bound {
        Failure::new(format!("outcomes took {}", fmt_duration(ran.took)))
            .measured(format!("{}; {}", fmt_duration(ran.took), server_saw(&log)))
            .expected(format!(
                "under {}: the ids fetched together, the slowest taking every attempt's timeout and every wait ({})",
                fmt_duration(bound),
                fmt_duration(POLICY.worst_case())
            ))
            .why("one at a time, every failing id's timeouts and waits add up")
            .hint("fetch every id at once; each does its own retries")
            .timeline_headed(HEADING, timeline(&log, ran.took))
            .fail();
    }
}

kata_harness::spec! {
    problem1_pokedex_in_order,
    problem1_pokedex_fetches_concurrently,
    problem2_one_client_reuses_connections,
    problem2_one_client_one_connection_in_turn,
    problem3_polite_never_exceeds_the_limit,
    problem3_polite_is_as_fast_as_the_limit_allows,
    problem3_polite_does_not_ignore_429,
    problem4_failures_every_outcome_in_its_place,
    problem4_failures_retry_a_bounded_number_of_times,
    problem4_failures_end_before_the_deadline,
}
