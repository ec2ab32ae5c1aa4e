//! The streams kata's spec. One file, two crates: `cargo test -p kata-streams` runs it against
//! the kata, `cargo test -p solution-streams` against the reference solution.
//!
//! Every run happens in simulated time, in the harness's streams world, which records what the
//! program did to it: every page and detail request the PokeAPI answered (when it went out, how
//! many were in flight), every reading a station handed out, every item the producer made, when
//! it was held back, and every batch the store wrote. The spec consumes the program's streams
//! itself, noting when each item reached it. The checks judge those records and those moments —
//! never how the program is written.
//!
//! The inputs are chosen so that each mistake shows: the consumer waits before it first polls
//! the Pokémon stream, and stops at, just past, and a little past a page's end; detail requests
//! take 20–160 ms each, so a slot held for an older request and a result held back for an older
//! one both cost time; each station falls silent once, at a different time, for 800 and 900 ms,
//! and the two stop at different times; the producer bursts faster than the store writes, then
//! trickles slower than a batch's time limit; and limits change from run to run.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::pin::pin;
use std::time::Duration;

use futures_util::stream::{self, StreamExt};
use kata_harness::prelude::*;
use kata_harness::streams::{
    ApiError, ApiLog, BURST, Batch, Batching, Details, Event, FactoryLog, Listed, PAGE_SIZE, POKEMON_COUNT, PokeApi,
    StationId, WeatherLog, Work, factory, stations,
};
use tokio::time::Instant;

use crate::subject;

/// Every run: a minute of simulated time at most, and what a deadlock most likely is here.
const RUNS: Runs = Runs::new(secs(60)).deadlock_hint(
    "a stream that waits for an item that never comes: a channel whose receiver waits while a \
     sender is still alive somewhere, or a stream that waits on something nobody polls",
);

/// How many items a message lists.
const SHOWN: usize = 10;

/// Simulated time since `t0`, for the moments the spec notes.
fn since(t0: Instant) -> Duration {
    Instant::now().saturating_duration_since(t0)
}

/// "1 request", "5 requests".
fn requests(n: usize) -> String {
    if n == 1 {
        "1 request".to_owned()
    } else {
        format!("{n} requests")
    }
}

/// Within a millisecond: the world's times are whole milliseconds.
fn near(a: Duration, b: Duration) -> bool {
    a.abs_diff(b) <= ms(1)
}

// ---------------------------------------------------------------------------------------------
// Problem 1 — pages

/// How long the spec holds the Pokémon stream before it first polls it.
const IDLE: Duration = Duration::from_millis(500);

/// What a run of `pokemon` gave: the Pokémon taken, and when the consumer stopped.
struct Taken {
    log: ApiLog,
    items: Vec<Listed>,
    /// When the consumer had its items and dropped the stream.
    returned: Duration,
    /// The whole run, a grace period after `returned` included.
    end: Duration,
}

/// Makes the stream, holds it for [`IDLE`] unpolled, then takes `take` Pokémon (all, if `None`)
/// and drops it; then waits a grace period for anything still fetching.
fn take_pokemon(take: Option<usize>) -> Taken {
    let (api, log) = PokeApi::open();
    let run = RUNS.run_and_linger(log.recorder(), move || async move {
        let stream = subject::pages::pokemon(api);
        tokio::time::sleep(IDLE).await;
        let stream = pin!(stream);
        match take {
            Some(n) => stream.take(n).collect::<Vec<_>>().await,
            None => stream.collect::<Vec<_>>().await,
        }
    });
    let (items, returned) = run.value;
    Taken {
        log,
        items,
        returned,
        end: run.elapsed,
    }
}

fn pages_text(pages: &[(u32, Duration)]) -> String {
    shown(
        pages.iter().map(|(n, at)| format!("page {n} at {}", fmt_duration(*at))),
        SHOWN,
    )
}

fn problem1_pages_lists_every_pokemon_in_order() {
    let taken = take_pokemon(None);
    let want: Vec<Listed> = (1..=POKEMON_COUNT).map(|id| taken.log.listed(id)).collect();
    if taken.items != want {
        let got_ids: Vec<u32> = taken.items.iter().map(|p| p.id).collect();
        let tally = Tally::of(1..=POKEMON_COUNT, got_ids.iter().copied());
        let says = Says {
            missing: "never in the stream",
            repeated: "in the stream more than once",
            strays: "in the stream, though not on the list",
        };
        let measured = if tally.is_exact() {
            let i = taken.items.iter().zip(&want).position(|(a, b)| a != b).unwrap_or(0);
            format!(
                "item {} is #{} {}, expected #{} {}",
                i + 1,
                taken.items[i].id,
                taken.items[i].name,
                want[i].id,
                want[i].name
            )
        } else {
            format!(
                "{} Pokémon, expected {}\n{}",
                taken.items.len(),
                want.len(),
                tally.measured(says, |id| format!("#{id}"))
            )
        };
        Failure::new("pokemon did not yield every Pokémon of the list once, in order")
            .measured(measured)
            .expected(format!(
                "all {POKEMON_COUNT} Pokémon, #1 to #{POKEMON_COUNT}: page 1's {PAGE_SIZE}, then page 2's, and so on"
            ))
            .why("the list endpoint hands out the Pokédex in order, a page at a time; the stream is that list, item by item")
            .hint("each page's `next` is the request for the page after it; `None` means the list is over")
            .timeline(picture(taken.log.recorder(), taken.end))
            .fail();
    }
    let pages: Vec<u32> = taken.log.pages().iter().map(|(n, _)| *n).collect();
    let count = POKEMON_COUNT.div_ceil(PAGE_SIZE);
    if pages != (1..=count).collect::<Vec<_>>() {
        Failure::new("the list's pages were not each fetched once, in order")
            .measured(format!("pages fetched: {}", pages_text(&taken.log.pages())))
            .expected(format!("pages 1 to {count}, each once, one after the other"))
            .why("each page says where the next one is: there is nothing to fetch twice, and no other order")
            .timeline(picture(taken.log.recorder(), taken.end))
            .fail();
    }
}

fn problem1_pages_fetches_nothing_until_polled() {
    let taken = take_pokemon(Some(5));
    let early: Vec<(u32, Duration)> = taken.log.pages().into_iter().filter(|(_, at)| *at < IDLE).collect();
    if !early.is_empty() {
        Failure::new("pokemon fetched pages before anyone asked for a Pokémon")
            .measured(format!(
                "the stream was made at 0 s and first polled at {}; before that: {}",
                fmt_duration(IDLE),
                pages_text(&early)
            ))
            .expected(format!("no request before {}: the first page when the first Pokémon is asked for", fmt_duration(IDLE)))
            .why(
                "a stream is lazy, like an async generator: making it does nothing, each item is produced when the \
                 consumer asks for it. Whoever makes the stream may hand it on, poll it later, or never",
            )
            .hint("nothing should start when `pokemon` is called: only when the stream is polled. A task spawned in `pokemon` starts at once")
            .timeline(picture(taken.log.recorder(), taken.end))
            .fail();
    }
}

fn problem1_pages_fetches_only_the_pages_it_needs() {
    for take in [PAGE_SIZE as usize, PAGE_SIZE as usize + 1, 25, 1] {
        let taken = take_pokemon(Some(take));
        let needed = (take as u32).div_ceil(PAGE_SIZE);
        let pages = taken.log.pages();
        if taken.items.len() != take {
            Failure::new(format!(
                "taking {take} Pokémon from the stream gave {}",
                taken.items.len()
            ))
            .expected(format!("{take}: the list has {POKEMON_COUNT}"))
            .hint("make problem1_pages_lists_every_pokemon_in_order pass first")
            .fail();
        }
        if pages.len() as u32 > needed {
            let extra: Vec<(u32, Duration)> = pages.iter().copied().filter(|(n, _)| *n > needed).collect();
            let after = extra.iter().any(|(_, at)| *at > taken.returned);
            let hint = if pages.len() as u32 == POKEMON_COUNT.div_ceil(PAGE_SIZE) {
                "the stream fetched every page before handing out the first Pokémon: fetch one page, hand out its \
                 Pokémon, and fetch the next only when they are used up"
            } else if after {
                "pages were fetched after the consumer had dropped the stream: whatever fetches them runs on its \
                 own, ahead of the consumer. Fetch inside the stream, when it is polled"
            } else {
                "the next page was fetched before its first Pokémon was asked for: fetch a page when the consumer \
                 asks for an item the pages so far don't hold, not when the last page's items run low"
            };
            Failure::new(format!(
                "taking the first {take} Pokémon fetched {} pages; {needed} {} enough",
                pages.len(),
                if needed == 1 { "was" } else { "were" }
            ))
            .measured(format!(
                "the consumer took {take} and dropped the stream at {}; fetched: {}",
                fmt_duration(taken.returned),
                pages_text(&pages)
            ))
            .expected(format!(
                "{} only: a page holds {PAGE_SIZE}, so {take} Pokémon need {needed}",
                if needed == 1 {
                    "page 1".to_owned()
                } else {
                    format!("pages 1 to {needed}")
                }
            ))
            .why(
                "a lazy stream does the work for an item when the item is asked for, like an async generator \
                 runs to its next `yield`: a consumer that stops early costs no more requests than it used",
            )
            .hint(hint)
            .timeline(picture(taken.log.recorder(), taken.end))
            .fail();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 2 — buffered

/// The Pokémon whose details are asked for.
const DETAILED: u32 = 60;
/// Several limits, so that no number written into the program passes them all.
const LIMITS: [usize; 2] = [5, 3];

/// One result as the spec received it, and when.
type Received = (Result<Details, ApiError>, Duration);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Order {
    /// `details`: in the order asked.
    Asked,
    /// `details_as_completed`: in the order the requests finish.
    Completed,
}

impl Order {
    fn function(self) -> &'static str {
        match self {
            Self::Asked => "details",
            Self::Completed => "details_as_completed",
        }
    }
}

fn run_details(order: Order, limit: usize) -> (ApiLog, Run<Vec<Received>>) {
    let (api, log) = PokeApi::polite(limit);
    let input: Vec<Listed> = (1..=DETAILED).map(|id| log.listed(id)).collect();
    let run = RUNS.run(log.recorder(), move || async move {
        let t0 = Instant::now();
        let pokemon = stream::iter(input);
        let mut received = Vec::new();
        match order {
            Order::Asked => {
                let mut results = pin!(subject::details::details(api, pokemon, limit));
                while let Some(result) = results.next().await {
                    received.push((result, since(t0)));
                }
            }
            Order::Completed => {
                let mut results = pin!(subject::details::details_as_completed(api, pokemon, limit));
                while let Some(result) = results.next().await {
                    received.push((result, since(t0)));
                }
            }
        }
        received
    });
    (log, run)
}

/// When each request is done if request `k + limit` goes out only when result `k` has been
/// handed over in order (results held back for older ones, slots with them): each request's
/// end, and when its result can be handed over.
fn in_order_schedule(log: &ApiLog, limit: usize) -> Vec<(Duration, Duration)> {
    let mut starts: Vec<Duration> = Vec::new();
    let mut ends: Vec<Duration> = Vec::new();
    let mut handed: Vec<Duration> = Vec::new();
    for i in 0..DETAILED as usize {
        let after = starts.last().copied().unwrap_or_default();
        let start = if i >= limit {
            after.max(handed[i - limit])
        } else {
            after
        };
        let end = start + log.latency_of(i as u32 + 1);
        starts.push(start);
        ends.push(end);
        handed.push(handed.last().copied().unwrap_or_default().max(end));
    }
    ends.into_iter().zip(handed).collect()
}

/// When each request is done if the next goes out the moment any of the `limit` in flight is
/// done: a sliding window.
fn window_schedule(log: &ApiLog, limit: usize) -> Vec<Duration> {
    let mut free_at: BinaryHeap<Reverse<Duration>> = (0..limit).map(|_| Reverse(Duration::ZERO)).collect();
    (1..=DETAILED)
        .map(|id| {
            let Reverse(start) = free_at.pop().expect("limit > 0");
            let end = start + log.latency_of(id);
            free_at.push(Reverse(end));
            end
        })
        .collect()
}

/// Checks the results are every Pokémon's details once (in the order asked, for `details`), no
/// request past the limit, each Pokémon asked for once.
fn check_results(order: Order, limit: usize, log: &ApiLog, run: &Run<Vec<Received>>) {
    let what = order.function();
    let rejected = log.rejected();
    if !rejected.is_empty() {
        Failure::new(format!("requests were sent past the limit of {limit}"))
            .measured(format!(
                "{} requests went out while {limit} were already in flight, and the server turned them away \
                 (429): {}",
                rejected.len(),
                shown(rejected.iter().map(|id| format!("#{id}")), SHOWN)
            ))
            .expected(format!("never more than {limit} in flight: the limit changes from run to run"))
            .why("a polite client keeps to the limit the server sets; the stream must too, whatever limit it is given")
            .hint("a request is in flight from the moment its future is first polled until it is done: keep at most `limit` such futures going")
            .timeline(picture(log.recorder(), run.elapsed))
            .fail();
    }
    let errors: Vec<String> = run
        .value
        .iter()
        .filter_map(|(r, _)| r.as_ref().err())
        .map(ToString::to_string)
        .collect();
    if !errors.is_empty() {
        Failure::new(format!("{what} yielded errors"))
            .measured(shown_lines(&errors, 5))
            .expected("every request answered: none fails here")
            .timeline(picture(log.recorder(), run.elapsed))
            .fail();
    }
    let got: Vec<u32> = run
        .value
        .iter()
        .filter_map(|(r, _)| r.as_ref().ok())
        .map(|d| d.id)
        .collect();
    let tally = Tally::of(1..=DETAILED, got.iter().copied());
    let says = Says {
        missing: "never yielded",
        repeated: "yielded more than once",
        strays: "yielded, though not asked for",
    };
    if let Err(failure) = tally.check(
        format!("{what} did not yield each Pokémon's details once"),
        says,
        |id| format!("#{id}"),
    ) {
        failure
            .expected(format!("the details of #1 to #{DETAILED}, one item each"))
            .why("each Pokémon that comes in is one request, and its answer is one item out")
            .timeline(picture(log.recorder(), run.elapsed))
            .fail();
    }
    let wrong: Vec<String> = run
        .value
        .iter()
        .filter_map(|(r, _)| r.as_ref().ok())
        .filter(|d| **d != log.details(d.id))
        .map(|d| format!("#{}: {d:?}", d.id))
        .collect();
    if !wrong.is_empty() {
        Failure::new(format!("{what} yielded details the API did not answer"))
            .measured(shown_lines(&wrong, 5))
            .expected("each item the API's answer for that Pokémon, as it came")
            .fail();
    }
    let asked = Tally::of(1..=DETAILED, log.details_asked());
    let says = Says {
        missing: "never asked for",
        repeated: "asked for more than once",
        strays: "asked for, though not in the stream",
    };
    if let Err(failure) = asked.check("the API was not asked for each Pokémon's details once", says, |id| {
        format!("#{id}")
    }) {
        failure
            .expected("one request per Pokémon of the stream")
            .timeline(picture(log.recorder(), run.elapsed))
            .fail();
    }
    if order == Order::Asked && got != (1..=DETAILED).collect::<Vec<_>>() {
        let i = got.iter().zip(1..).position(|(a, b)| *a != b).unwrap_or(0);
        Failure::new("details yielded the details out of order")
            .measured(format!("item {} is #{}, expected #{}", i + 1, got[i], i + 1))
            .expected("the details in the order the Pokémon came in: #1 first")
            .why("requests in flight together finish in any order; `details` promises the input's order all the same")
            .hint("there is a combinator that runs several futures of a stream at once and still yields in order")
            .timeline(picture(log.recorder(), run.elapsed))
            .fail();
    }
}

fn problem2_buffered_in_order_within_the_limit() {
    for limit in LIMITS {
        let (log, run) = run_details(Order::Asked, limit);
        check_results(Order::Asked, limit, &log, &run);
    }
}

fn problem2_buffered_hands_each_result_over_when_ready() {
    for limit in LIMITS {
        let (log, run) = run_details(Order::Asked, limit);
        if run.value.len() != DETAILED as usize || run.value.iter().any(|(r, _)| r.is_err()) {
            Failure::new("details did not yield every Pokémon's details, so its timing can't be judged")
                .hint("make problem2_buffered_in_order_within_the_limit pass first")
                .fail();
        }
        let schedule = in_order_schedule(&log, limit);
        let total: Duration = (1..=DETAILED).map(|id| log.latency_of(id)).sum();
        let slowest = (1..=DETAILED).map(|id| log.latency_of(id)).max().unwrap_or_default();
        let ideal = (total / limit as u32).max(slowest);
        let in_order = schedule.iter().map(|(_, handed)| *handed).max().unwrap_or_default();
        let window = window_schedule(&log, limit).into_iter().max().unwrap_or_default();
        let last = run.value.iter().map(|(_, at)| *at).max().unwrap_or_default();
        let most = log.most_in_flight();
        let bound = TimeBound {
            lower: ideal,
            derivation: format!(
                "the {DETAILED} requests take {} in all (20–160 ms each), at most {limit} at a time: no client is \
                 done before {} / {limit} = {}. Keeping {limit} in flight, the next going out as soon as the oldest \
                 result has been handed over, it is done at {}",
                fmt_duration(total),
                fmt_duration(total),
                fmt_duration(ideal),
                fmt_duration(in_order),
            ),
            tolerance: in_order.as_secs_f64() / ideal.as_secs_f64() - 1.0 + 0.001,
            one_at_a_time: Some((total, "the sum of the latencies".into())),
        };
        if let Err(failure) = bound.check(last) {
            let batches: Duration = (1..=DETAILED)
                .collect::<Vec<u32>>()
                .chunks(limit)
                .map(|chunk| chunk.iter().map(|&id| log.latency_of(id)).max().unwrap_or_default())
                .sum();
            let hint = if most < limit {
                format!(
                    "never more than {most} {} in flight, though the limit is {limit}: use the limit you are \
                     given, all of it",
                    if most == 1 { "request was" } else { "requests were" }
                )
            } else if last >= batches.mul_f64(0.98) {
                format!(
                    "the requests seem to go out in groups of {limit}, each group waiting for its slowest request \
                     ({} that way) while the slots of those already done stand idle: keep {limit} going, the next \
                     one out as soon as a result has been handed over",
                    fmt_duration(batches)
                )
            } else {
                format!(
                    "keep {limit} requests going: when one result has been handed over, the next request should go out"
                )
            };
            failure
                .note(format!(
                    "limit {limit}; at most {} in flight at once; a sliding window would be done at {}",
                    requests(most),
                    fmt_duration(window)
                ))
                .hint(hint)
                .timeline(picture(log.recorder(), last))
                .fail();
        }
        let late: Vec<String> = run
            .value
            .iter()
            .zip(&schedule)
            .zip(1..)
            .filter(|((received, (_, handed)), _)| received.1 > *handed + ms(1))
            .map(|(((_, at), (end, handed)), id)| {
                format!(
                    "#{id} reached the consumer at {}; it was done at {} and could be handed over at {}",
                    fmt_duration(*at),
                    fmt_duration(*end),
                    fmt_duration(*handed)
                )
            })
            .collect();
        if !late.is_empty() {
            Failure::new(format!("details held results back (limit {limit})"))
                .measured(shown_lines(&late, 5))
                .expected("each result handed over as soon as it and every result before it are in")
                .why(
                    "a stream hands items over as they come, like an async generator's `yield`: the consumer can \
                     start on #1 while the rest are still in flight, rather than wait for the whole list",
                )
                .hint("don't collect the results before handing them out: yield each as soon as its turn comes")
                .timeline(picture(log.recorder(), last))
                .fail();
        }
    }
}

fn problem2_as_completed_within_the_limit() {
    for limit in LIMITS {
        let (log, run) = run_details(Order::Completed, limit);
        check_results(Order::Completed, limit, &log, &run);
    }
}

fn problem2_as_completed_hands_each_result_over_when_it_finishes() {
    for limit in LIMITS {
        let (log, run) = run_details(Order::Completed, limit);
        if run.value.len() != DETAILED as usize || run.value.iter().any(|(r, _)| r.is_err()) {
            Failure::new("details_as_completed did not yield every Pokémon's details, so its timing can't be judged")
                .hint("make problem2_as_completed_within_the_limit pass first")
                .fail();
        }
        let done: std::collections::BTreeMap<u32, Duration> = log.details_done().into_iter().collect();
        let late: Vec<String> = run
            .value
            .iter()
            .filter_map(|(r, at)| {
                let id = r.as_ref().ok()?.id;
                let end = *done.get(&id)?;
                (*at > end + ms(1)).then(|| {
                    format!(
                        "#{id} was done at {} and reached the consumer at {}",
                        fmt_duration(end),
                        fmt_duration(*at)
                    )
                })
            })
            .collect();
        let total: Duration = (1..=DETAILED).map(|id| log.latency_of(id)).sum();
        let slowest = (1..=DETAILED).map(|id| log.latency_of(id)).max().unwrap_or_default();
        let ideal = (total / limit as u32).max(slowest);
        let window = window_schedule(&log, limit).into_iter().max().unwrap_or_default();
        let in_order = in_order_schedule(&log, limit)
            .iter()
            .map(|(_, handed)| *handed)
            .max()
            .unwrap_or_default();
        let last = run.value.iter().map(|(_, at)| *at).max().unwrap_or_default();
        if !late.is_empty() {
            Failure::new(format!(
                "details_as_completed held results back (limit {limit}): not in the order they finished"
            ))
            .measured(shown_lines(&late, 5))
            .expected("each result handed over the moment its request is done")
            .why("this is asyncio's as_completed: whichever answer is in first comes out first")
            .hint("one combinator keeps the input's order, another does not: this one needs the other")
            .timeline(picture(log.recorder(), last))
            .fail();
        }
        let bound = TimeBound {
            lower: ideal,
            derivation: format!(
                "the {DETAILED} requests take {} in all, at most {limit} at a time: no client is done before {}. \
                 Sending the next request the moment any request is done, it is done at {} (waiting for the oldest \
                 instead: {})",
                fmt_duration(total),
                fmt_duration(ideal),
                fmt_duration(window),
                fmt_duration(in_order),
            ),
            tolerance: window.as_secs_f64() / ideal.as_secs_f64() - 1.0 + 0.001,
            one_at_a_time: Some((total, "the sum of the latencies".into())),
        };
        if let Err(failure) = bound.check(last) {
            failure
                .note(format!(
                    "limit {limit}; at most {} in flight at once",
                    requests(log.most_in_flight())
                ))
                .hint("every slot should be busy: as soon as any request is done, the next should go out")
                .timeline(picture(log.recorder(), last))
                .fail();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 3 — merge

/// The silence limits: at 400 ms both stations' silences are reported, at 850 ms only south's
/// (north's lasts 800 ms).
const SILENCES: [Duration; 2] = [Duration::from_millis(400), Duration::from_millis(850)];

/// How long the reports row shows a report.
const REPORT_MARK: Duration = Duration::from_millis(20);

/// One event as the spec received it: the event with its stamp as simulated time, and when it
/// reached the spec.
#[derive(Clone, Copy, Debug)]
enum Got {
    Reading {
        station: StationId,
        seq: u32,
        tenths: i32,
        at: Duration,
        received: Duration,
    },
    Silent {
        station: StationId,
        at: Duration,
    },
}

struct Merged {
    log: WeatherLog,
    events: Vec<Got>,
    /// When the merged stream ended.
    ended: Duration,
}

fn run_merged(silence: Duration) -> Merged {
    let (north, south, log) = stations();
    let recorder = log.recorder().clone();
    let run = RUNS.run(log.recorder(), move || async move {
        let t0 = Instant::now();
        let mut events = Vec::new();
        let mut merged = pin!(subject::merge::merged(north, south, silence));
        while let Some(event) = merged.next().await {
            let received = since(t0);
            let stamp = |at: Instant| at.saturating_duration_since(t0);
            events.push(match event {
                Event::Reading { station, reading, at } => Got::Reading {
                    station,
                    seq: reading.seq,
                    tenths: reading.tenths,
                    at: stamp(at),
                    received,
                },
                Event::Silent { station, at } => {
                    recorder.record(
                        "reports",
                        format!("{station} silent"),
                        station,
                        received.saturating_sub(REPORT_MARK),
                        Outcome::Done,
                    );
                    Got::Silent { station, at: stamp(at) }
                }
            });
        }
        (events, since(t0))
    });
    let (events, ended) = run.value;
    Merged { log, events, ended }
}

fn both() -> [StationId; 2] {
    [StationId::North, StationId::South]
}

/// The silences a correct stream reports with limit `silence`: the station, when its last
/// reading before the silence came, and when the report is due.
fn expected_silences(log: &WeatherLog, silence: Duration) -> Vec<(StationId, Duration, Duration)> {
    let mut due = Vec::new();
    for station in both() {
        let mut last = Duration::ZERO;
        for (_, at) in log.readings(station) {
            if at - last > silence {
                due.push((station, last, last + silence));
            }
            last = at;
        }
    }
    due.sort_by_key(|(_, _, at)| *at);
    due
}

fn problem3_merge_yields_every_reading_once_stamped_when_sent() {
    let merged = run_merged(SILENCES[0]);
    let log = &merged.log;
    let mut tally = Tally::new(
        both()
            .into_iter()
            .flat_map(|s| log.readings(s).into_iter().map(move |(r, _)| (s, r.seq))),
    );
    let mut mislabelled = Vec::new();
    let mut late = Vec::new();
    for event in &merged.events {
        let Got::Reading {
            station,
            seq,
            tenths,
            at,
            received,
        } = *event
        else {
            continue;
        };
        let sent = log.readings(station).into_iter().find(|(r, _)| r.seq == seq);
        let other = if station == StationId::North {
            StationId::South
        } else {
            StationId::North
        };
        let theirs = log
            .readings(other)
            .into_iter()
            .find(|(r, _)| r.seq == seq && r.tenths == tenths);
        match (sent, theirs) {
            (Some((reading, _)), Some((_, other_at))) if reading.tenths != tenths => {
                mislabelled.push(format!(
                    "{other}'s reading #{seq} ({}) was stamped {station}",
                    fmt_duration(other_at)
                ));
                tally.saw((other, seq));
            }
            (Some((_, sent_at)), _) => {
                tally.saw((station, seq));
                if !near(at, sent_at) || received > sent_at + ms(1) {
                    late.push(format!(
                        "{station} #{seq}, sent at {}: stamped {}, reached the consumer at {}",
                        fmt_duration(sent_at),
                        fmt_duration(at),
                        fmt_duration(received)
                    ));
                }
            }
            (None, _) => tally.saw((station, seq)),
        }
    }
    let timeline = picture(log.recorder(), merged.ended);
    if !mislabelled.is_empty() {
        Failure::new("merged stamped readings with the wrong station")
            .measured(shown_lines(&mislabelled, 5))
            .expected("each reading stamped with the station that sent it")
            .why("a reading does not say where it comes from: once the two streams are one, nobody can tell")
            .hint("tag each station's readings with its id before the two streams meet")
            .timeline(timeline)
            .fail();
    }
    let says = Says {
        missing: "never in the merged stream",
        repeated: "in the merged stream more than once",
        strays: "in the merged stream, though never sent",
    };
    if let Err(failure) = tally.check(
        "merged did not yield every reading of both stations once",
        says,
        |(s, seq)| format!("{s} #{seq}"),
    ) {
        failure
            .note(format!("the merged stream ended at {}", fmt_duration(merged.ended)))
            .expected("every reading of north and south, once each")
            .why("merging loses nothing: every item of either stream comes out of the merged one")
            .hint("a merged stream ends when both of its streams have ended, not when the first one does")
            .timeline(timeline)
            .fail();
    }
    if !late.is_empty() {
        Failure::new("merged handed readings over late, or stamped them with the wrong time")
            .measured(shown_lines(&late, 6))
            .expected(
                "each reading stamped with the moment it came in (`Instant::now()` as it passes), and handed over \
                 then: both stations are heard at the same time",
            )
            .why(
                "the stations send on their own clocks, interleaved; a stream that reads one station to its end \
                 before the other leaves the second one's readings waiting",
            )
            .hint("listen to both stations at once: one combinator turns two streams into one that yields from whichever has an item")
            .timeline(timeline)
            .fail();
    }
}

fn problem3_merge_reports_each_silence_once() {
    for silence in SILENCES {
        let merged = run_merged(silence);
        let log = &merged.log;
        let due = expected_silences(log, silence);
        let reports: Vec<(StationId, Duration)> = merged
            .events
            .iter()
            .filter_map(|e| match *e {
                Got::Silent { station, at } => Some((station, at)),
                Got::Reading { .. } => None,
            })
            .collect();
        let mut unmatched: Vec<(StationId, Duration)> = reports.clone();
        let mut missing = Vec::new();
        for &(station, last, at) in &due {
            match unmatched.iter().position(|(s, t)| *s == station && near(*t, at)) {
                Some(i) => {
                    unmatched.remove(i);
                }
                None => missing.push(format!(
                    "{station} sent nothing from {} to {}: its silence should have been reported at {} ({} + {})",
                    fmt_duration(last),
                    fmt_duration(
                        log.readings(station)
                            .into_iter()
                            .map(|(_, t)| t)
                            .find(|t| *t > last)
                            .unwrap_or(last)
                    ),
                    fmt_duration(at),
                    fmt_duration(last),
                    fmt_duration(silence)
                )),
            }
        }
        let extra: Vec<String> = unmatched
            .iter()
            .map(|(station, at)| {
                let last = log
                    .readings(*station)
                    .into_iter()
                    .map(|(_, t)| t)
                    .filter(|t| t <= at)
                    .max()
                    .unwrap_or_default();
                let ended = log.ends(*station);
                if *at >= ended {
                    format!(
                        "{station} reported silent at {}, after it had stopped at {}",
                        fmt_duration(*at),
                        fmt_duration(ended)
                    )
                } else {
                    format!(
                        "{station} reported silent at {}, after {} of silence",
                        fmt_duration(*at),
                        fmt_duration(*at - last)
                    )
                }
            })
            .collect();
        if missing.is_empty() && extra.is_empty() {
            continue;
        }
        let mut measured = Vec::new();
        if !missing.is_empty() {
            measured.push(format!("not reported: {}", missing.join("; ")));
        }
        if !extra.is_empty() {
            measured.push(format!("reported, though not due: {}", shown(&extra, 5)));
        }
        let hint = if reports.is_empty() {
            "watch each station on its own clock: something that yields an error when a stream has had no item for \
             a while, and then goes on"
        } else if !missing.is_empty() && extra.is_empty() {
            "a silence is one station's: measured after the merge, the other station's readings keep resetting the \
             clock. Watch each station before the two meet"
        } else {
            "one report per silence, when it reaches the limit: not again while it lasts, and not for a station that \
             has stopped (its stream ended)"
        };
        Failure::new(format!(
            "merged did not report each silence once, on time (limit {})",
            fmt_duration(silence)
        ))
        .measured(measured.join("\n"))
        .expected(format!(
            "{}: a station that sends nothing for {} is reported silent once, at that moment",
            if due.is_empty() {
                "no report".to_owned()
            } else {
                due.iter()
                    .map(|(s, _, at)| format!("{s} silent at {}", fmt_duration(*at)))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
            fmt_duration(silence)
        ))
        .why("the limit is given, and changes from run to run: a station is silent when *it* has said nothing for that long")
        .hint(hint)
        .timeline(picture(log.recorder(), merged.ended))
        .fail();
    }
}

fn problem3_merge_ends_when_both_stations_end() {
    let merged = run_merged(SILENCES[0]);
    let log = &merged.log;
    let (north, south) = (log.ends(StationId::North), log.ends(StationId::South));
    let last = north.max(south);
    if !near(merged.ended, last) {
        let (why, hint) = if near(merged.ended, north.min(south)) {
            (
                "the merged stream ended when the first station stopped; the other still had readings to send",
                "the merged stream is over when both stations' streams are: not at the first `None`",
            )
        } else if merged.ended > last {
            (
                "the merged stream went on after both stations had stopped",
                "when both stations' streams have ended, nothing is left to wait for: end the merged stream then",
            )
        } else {
            (
                "the merged stream ended while both stations were still sending",
                "end the merged stream only when both stations' streams have ended",
            )
        };
        Failure::new(format!(
            "the merged stream ended at {}, not when both stations had stopped",
            fmt_duration(merged.ended)
        ))
        .measured(format!(
            "ended at {}; north stopped at {}, south at {}",
            fmt_duration(merged.ended),
            fmt_duration(north),
            fmt_duration(south)
        ))
        .expected(format!(
            "the end at {}, when the second station stopped",
            fmt_duration(last)
        ))
        .why(why)
        .hint(hint)
        .timeline(picture(log.recorder(), merged.ended))
        .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 4 — batches

/// Two batchings, so that no number written into the program passes both.
const BATCHINGS: [Batching; 2] = [
    Batching {
        capacity: 8,
        max_items: 10,
        max_wait: Duration::from_millis(100),
    },
    Batching {
        capacity: 4,
        max_items: 6,
        max_wait: Duration::from_millis(70),
    },
];

struct Batched {
    log: FactoryLog,
    returned: Duration,
    end: Duration,
}

fn run_batches(batching: Batching) -> Batched {
    let (producer, store, log) = factory();
    let run = RUNS.run_and_linger(log.recorder(), move || async move {
        subject::batches::store_in_batches(producer, store, batching).await;
    });
    Batched {
        log,
        returned: run.value.1,
        end: run.elapsed,
    }
}

fn setting(b: &Batching) -> String {
    format!(
        "capacity {}, at most {} items or {}",
        b.capacity,
        b.max_items,
        fmt_duration(b.max_wait)
    )
}

fn problem4_batches_store_every_item_once() {
    for batching in BATCHINGS {
        let run = run_batches(batching);
        let log = &run.log;
        let stored = log
            .batches()
            .into_iter()
            .filter(|b| b.end.is_some())
            .flat_map(|b| b.items)
            .map(|item| item.id);
        let all = log.all_items();
        let tally = Tally::of(all.iter().map(|i| i.id), stored);
        let says = Says {
            missing: "never stored",
            repeated: "stored more than once",
            strays: "stored, though never made",
        };
        if let Err(failure) = tally.check(
            format!("the store did not get every item once ({})", setting(&batching)),
            says,
            |id| format!("#{id}"),
        ) {
            let lost_mid_write = log.batches().iter().any(|b| b.end.is_none());
            let hint = if log.done().is_none() {
                "the producer was never asked for everything: keep asking until it says `None`"
            } else if lost_mid_write {
                "a write was dropped before it finished: wait for every write before returning"
            } else {
                "every item the producer makes goes through the channel into exactly one batch: none dropped when \
                 the channel is full, none left behind when the producer is done"
            };
            failure
                .expected(format!("all {} items, each in exactly one finished write", all.len()))
                .why("batching changes how items travel, not which ones arrive")
                .hint(hint)
                .timeline(picture(log.recorder(), run.end))
                .fail();
        }
        let unfinished: Vec<String> = log
            .batches()
            .iter()
            .filter(|b| b.end.is_none_or(|end| end > run.returned))
            .map(|b| format!("batch {} (started {})", b.number, fmt_duration(b.start)))
            .collect();
        if !unfinished.is_empty() {
            Failure::new("store_in_batches returned before its writes were done")
                .measured(format!(
                    "returned at {}; still writing then: {}",
                    fmt_duration(run.returned),
                    shown(&unfinished, 5)
                ))
                .expected("every write finished before store_in_batches returns")
                .hint("await each write, or whatever runs them, before returning")
                .timeline(picture(log.recorder(), run.end))
                .fail();
        }
    }
}

fn problem4_batches_close_at_k_items_or_t_ms() {
    for batching in BATCHINGS {
        let run = run_batches(batching);
        let log = &run.log;
        let made: std::collections::BTreeMap<u32, Duration> =
            log.made().into_iter().map(|(item, at)| (item.id, at)).collect();
        let batches = log.batches();
        let done = log.done();
        let k = batching.max_items;
        let t = batching.max_wait;
        let mut problems: Vec<String> = Vec::new();
        let mut kinds = (false, false, false);
        for (i, batch) in batches.iter().enumerate() {
            let Batch {
                number, items, start, ..
            } = batch;
            let Some(first) = items.first() else {
                problems.push(format!("batch {number} was empty"));
                continue;
            };
            if items.len() > k {
                kinds.0 = true;
                problems.push(format!("batch {number} held {} items", items.len()));
                continue;
            }
            let made_at = made.get(&first.id).copied().unwrap_or_default();
            let previous = i.checked_sub(1).map(|p| &batches[p]);
            // The earliest its first item could have been taken: made, and the batch before
            // begun (a program that writes one batch at a time gathers the next after it).
            let could_begin = made_at.max(previous.map_or(Duration::ZERO, |p| p.start));
            let began_by = made_at.max(previous.and_then(|p| p.end).unwrap_or(Duration::ZERO));
            let last = i + 1 == batches.len();
            let flushed_at_end = last && done.is_some_and(|d| d <= *start + ms(1));
            if *start > began_by + t + ms(1) {
                kinds.1 = true;
                problems.push(format!(
                    "batch {number} ({} items) was written at {}, {} after its first item #{} was there to take",
                    items.len(),
                    fmt_duration(*start),
                    fmt_duration(*start - began_by),
                    first.id
                ));
            } else if items.len() < k && *start + ms(1) < could_begin + t && !flushed_at_end {
                kinds.2 = true;
                let waited = start.saturating_sub(made_at);
                problems.push(format!(
                    "batch {number} was written at {} with {} item{}, {}",
                    fmt_duration(*start),
                    items.len(),
                    if items.len() == 1 { "" } else { "s" },
                    if waited.is_zero() {
                        format!("the moment its first item #{} was made", first.id)
                    } else {
                        format!("{} after its first item #{} was made", fmt_duration(waited), first.id)
                    }
                ));
            }
        }
        if problems.is_empty() {
            continue;
        }
        let (title, hint) = match kinds {
            (true, _, _) => (
                format!("batches of more than {k} items"),
                format!("a batch closes when it has {k} items"),
            ),
            (_, true, _) => (
                format!("a batch waited longer than {}", fmt_duration(t)),
                "a batch closes after its time even when it is not full: the items of a slow producer must not wait \
                 for company that comes late"
                    .to_owned(),
            ),
            _ => (
                format!(
                    "a batch closed before it had {k} items or its {} were up",
                    fmt_duration(t)
                ),
                "a batch that is not full waits for more items until its time is up: writing whatever has come so far \
                 makes many small writes"
                    .to_owned(),
            ),
        };
        Failure::new(format!("{title} ({})", setting(&batching)))
            .measured(shown_lines(&problems, 6))
            .expected(format!(
                "each batch closed when it has {k} items or when {} have passed since its first item was taken, \
                 whichever comes first (or when the producer is done)",
                fmt_duration(t)
            ))
            .why(
                "a write costs 20 ms however small the batch: batches of up to k items save writes while items come \
                 fast, and the time limit keeps an item from waiting long when they come slowly",
            )
            .hint(hint)
            .timeline(picture(log.recorder(), run.end))
            .fail();
    }
}

fn problem4_batches_backpressure_reaches_the_producer() {
    for batching in BATCHINGS {
        let run = run_batches(batching);
        let log = &run.log;
        // Items made and not yet stored, over time: +1 when made, −n when a batch of n is stored.
        // Only items that were stored count: one lost is the first check's business, not held.
        let batches = log.batches();
        let stored: std::collections::BTreeSet<u32> = batches
            .iter()
            .filter(|b| b.end.is_some())
            .flat_map(|b| b.items.iter().map(|i| i.id))
            .collect();
        let mut changes: Vec<(Duration, i64)> = log
            .made()
            .into_iter()
            .filter(|(item, _)| stored.contains(&item.id))
            .map(|(_, at)| (at, 1))
            .collect();
        changes.extend(batches.iter().filter_map(|b| Some((b.end?, -(b.items.len() as i64)))));
        changes.sort();
        let (mut held, mut most, mut most_at) = (0i64, 0i64, Duration::ZERO);
        for (at, change) in changes {
            held += change;
            if held > most {
                (most, most_at) = (held, at);
            }
        }
        let bound = batching.capacity + 2 * batching.max_items + 1;
        if most as usize <= bound {
            continue;
        }
        let held_back: Duration = log
            .recorder()
            .spans()
            .iter()
            .filter(|s| matches!(s.key, Work::HeldBack(_)))
            .map(|s| s.end - s.start)
            .sum();
        let writing = most_at_once(
            &log.recorder()
                .spans()
                .into_iter()
                .filter(|s| matches!(s.key, Work::Write(_)))
                .collect::<Vec<_>>(),
        );
        let mut note = format!("the producer was held back for {} in all", fmt_duration(held_back));
        if writing > 1 {
            note.push_str(&format!("; the store was writing {writing} batches at once"));
        }
        let hint = if writing > 1 {
            "writes that run on their own take items off the program's hands without the store having them: \
             wait for each write before gathering the next batch"
        } else {
            "the producer should wait when the channel is full: a bounded channel's `send` does, if the producer \
             awaits it"
        };
        Failure::new(format!(
            "backpressure did not reach the producer ({})",
            setting(&batching)
        ))
        .measured(format!(
            "at {}, {most} items had been made and not yet stored",
            fmt_duration(most_at)
        ))
        .expected(format!(
            "at most {bound}: the channel's {}, a batch being gathered and one being written ({} each), and the one \
             the producer holds",
            batching.capacity, batching.max_items
        ))
        .why(format!(
            "the producer makes an item a millisecond during its burst; the store, in full batches of {}, writes \
             one every {:.1} ms: whatever the store can't keep up with piles up in memory unless the producer is \
             made to wait",
            batching.max_items,
            log.write_time(batching.max_items).as_secs_f64() * 1000.0 / batching.max_items as f64
        ))
        .note(note)
        .hint(hint)
        .timeline(picture(log.recorder(), run.end))
        .fail();
    }
}

fn problem4_batches_producer_works_while_the_store_writes() {
    for batching in BATCHINGS {
        let run = run_batches(batching);
        let log = &run.log;
        let made = log.made();
        // The burst: until its last item was made. Writes wholly inside it had a producer with
        // items still to make, 1 ms each.
        let Some(burst_end) = made.iter().find(|(item, _)| item.id == BURST).map(|(_, at)| *at) else {
            continue; // the first check says what is missing
        };
        let writes: Vec<(Batch, Duration)> = log
            .batches()
            .into_iter()
            .filter_map(|b| {
                let end = b.end?;
                (end <= burst_end).then_some((b, end))
            })
            .collect();
        let idle: Vec<String> = writes
            .iter()
            .filter(|(b, end)| !made.iter().any(|(_, at)| *at > b.start && at <= end))
            .map(|(b, end)| {
                format!(
                    "batch {} ({} items), written from {} to {}",
                    b.number,
                    b.items.len(),
                    fmt_duration(b.start),
                    fmt_duration(*end)
                )
            })
            .collect();
        if idle.is_empty() {
            continue;
        }
        Failure::new(format!(
            "the producer stood idle while the store wrote ({})",
            setting(&batching)
        ))
        .measured(format!(
            "during {} of the {} writes of the burst the producer made nothing: {}; its burst of {BURST} items \
             ended at {}",
            idle.len(),
            writes.len(),
            shown(&idle, 3),
            fmt_duration(burst_end)
        ))
        .expected(format!(
            "the producer making items while the store writes, until the channel's {} are full",
            batching.capacity
        ))
        .why(
            "the store is the slow part: while it writes one batch, the producer can get the next one ready, as \
             far as the channel holds. That is what the channel between them is for. A producer that is asked \
             for an item only when a batch is being gathered stands idle during every write",
        )
        .hint("the producer needs to run on its own, sending into the bounded channel, while the writes go on")
        .timeline(picture(log.recorder(), run.end))
        .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// The checks, in the order a learner meets them: what `cargo test` runs, each in its own process.

kata_harness::spec! {
    problem1_pages_lists_every_pokemon_in_order,
    problem1_pages_fetches_nothing_until_polled,
    problem1_pages_fetches_only_the_pages_it_needs,
    problem2_buffered_in_order_within_the_limit,
    problem2_buffered_hands_each_result_over_when_ready,
    problem2_as_completed_within_the_limit,
    problem2_as_completed_hands_each_result_over_when_it_finishes,
    problem3_merge_yields_every_reading_once_stamped_when_sent,
    problem3_merge_reports_each_silence_once,
    problem3_merge_ends_when_both_stations_end,
    problem4_batches_store_every_item_once,
    problem4_batches_close_at_k_items_or_t_ms,
    problem4_batches_backpressure_reaches_the_producer,
    problem4_batches_producer_works_while_the_store_writes,
}
