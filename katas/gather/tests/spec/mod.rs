//! The gather kata's spec. One file, two crates: `cargo test -p kata-gather` runs it against
//! the kata, `cargo test -p solution-gather` against the reference solution.
//!
//! Every run happens in simulated time against the harness's PokeAPI or calculator, which record
//! every request: when it went out, how it ended (done, failed, or dropped before it finished),
//! and how many were in flight at once. The program gets the API; the spec reads the record from
//! its log. The checks judge that record, the results and the time.
//!
//! The inputs are chosen so that each mistake shows: requests and computations take different
//! times, so results gathered in the order they finish come out of order; the polite server's
//! requests take 20–64 ms, so batches that wait for their slowest request lose time against a
//! window; the limit changes from run to run; and the request that fails first in time is not
//! the first failing one in the list.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::future::Future;
use std::time::Duration;

use kata_harness::gather::{
    ApiError, ApiLog, Calculator, CalculatorLog, Computation, LATENCY, Latency, PokeApi, shuffled_numbers,
};
use kata_harness::prelude::*;

use crate::subject;

/// What the Pokédex functions return.
type Names = anyhow::Result<Vec<String>>;

/// Every run: ten minutes at most, and what a deadlock most likely is here.
const RUNS: Runs = Runs::new(secs(600)).deadlock_hint(
    "something waits for a result that never comes: a handle that is never completed, or a permit \
     that is never given back",
);

/// How many items a message lists.
const SHOWN: usize = 10;

fn names(log: &ApiLog, ids: impl IntoIterator<Item = u32>) -> Vec<String> {
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

fn expect_names(what: &str, value: Names, want: &[String], recorder: &Recorder<u32>, end: Duration) {
    let got = match value {
        Err(err) => Failure::new(format!("{what} returned an error"))
            .measured(format!("Err: {err:#}"))
            .expected("Ok with every name: no request fails here")
            .timeline(picture(recorder, end))
            .fail(),
        Ok(got) if got == want => return,
        Ok(got) => got,
    };
    let (mut sorted_got, mut sorted_want) = (got.clone(), want.to_vec());
    sorted_got.sort();
    sorted_want.sort();
    if sorted_got == sorted_want {
        // Every name is there once: only the order is wrong.
        Failure::new(format!("{what} returned the names in the wrong order"))
            .measured(first_difference(&got, want))
            .expected("the names in the order they were asked for: #1 first")
            .why(
                "requests that run at the same time finish in any order; the results must still \
                 line up with the requests",
            )
            .hint("keep each result with its request: the order you collect results in is the order you get")
            .fail();
    }
    let count = |names: &[String], name: &String| names.iter().filter(|n| *n == name).count();
    let mut measured = Vec::new();
    let missing: Vec<String> = want
        .iter()
        .filter(|n| count(&got, n) < count(want, n))
        .cloned()
        .collect();
    let extra: Vec<String> = got
        .iter()
        .filter(|n| count(&got, n) > count(want, n))
        .cloned()
        .collect();
    if got.len() != want.len() {
        measured.push(format!("{} names, expected {}", got.len(), want.len()));
    }
    if !missing.is_empty() {
        measured.push(format!("missing: {}", shown(missing, SHOWN)));
    }
    if !extra.is_empty() {
        measured.push(format!(
            "more often than asked, or never asked: {}",
            shown(extra, SHOWN)
        ));
    }
    Failure::new(format!("{what} did not return each name once"))
        .measured(measured.join("\n"))
        .expected(format!("{} names, one per request, in the order asked", want.len()))
        .why("every request's answer belongs in the list exactly once: none lost, none twice")
        .hint("count what you collect: one result per request you sent")
        .timeline(picture(recorder, end))
        .fail();
}

/// Every id of `ids` was asked for exactly once, and nothing else.
fn check_asked(log: &ApiLog, ids: impl IntoIterator<Item = u32>, end: Duration) {
    let says = Says {
        missing: "never asked for",
        repeated: "asked for more than once",
        strays: "asked for, though not in the list",
    };
    let tally = Tally::of(ids, log.asked());
    if let Err(failure) = tally.check("the API was not asked for each Pokémon exactly once", says, |id| {
        format!("#{id}")
    }) {
        failure
            .expected("one request per id, each answered by the API")
            .why("the names must come from the API's answers; asking twice costs the server twice")
            .timeline(picture(log.recorder(), end))
            .fail();
    }
}

/// Does `err` carry request `id`'s failure? Judged by content, not wording: the API's own
/// error for `id` somewhere in its chain, or a message that names the id. (Not `{:?}`: an
/// anyhow error's debug form carries its backtrace, full of line numbers.)
fn names_request(err: &anyhow::Error, id: u32) -> bool {
    let ours = err
        .chain()
        .any(|cause| cause.downcast_ref::<ApiError>().is_some_and(|e| e.id == id));
    let word = id.to_string();
    ours || has_word(&format!("{err:#}"), &word)
}

// ---------------------------------------------------------------------------------------------
// Problem 1 — pokedex

fn run_pokedex() -> (ApiLog, Run<Names>) {
    let (api, log) = PokeApi::open();
    let run = RUNS.run(
        log.recorder(),
        move || async move { subject::pokedex::pokedex(&api).await },
    );
    (log, run)
}

fn problem1_pokedex_in_order() {
    let (log, run) = run_pokedex();
    expect_names("pokedex", run.value, &names(&log, 1..=150), log.recorder(), run.elapsed);
    check_asked(&log, 1..=150, run.elapsed);
}

fn problem1_pokedex_fetches_concurrently() {
    let (log, run) = run_pokedex();
    let bound = TimeBound {
        lower: LATENCY,
        derivation: format!(
            "nothing limits how many requests are in flight, so all 150 can go out at once; each takes \
             at most {}: the last answer is in after {}",
            fmt_duration(LATENCY),
            fmt_duration(LATENCY)
        ),
        tolerance: 0.05,
        one_at_a_time: Some((LATENCY * 150, format!("150 requests × {}", fmt_duration(LATENCY)))),
    };
    if let Err(failure) = bound.check(run.elapsed) {
        failure
            .note(format!(
                "at most {} requests were in flight at once",
                log.most_in_flight()
            ))
            .hint("start every request before awaiting any of them")
            .timeline(picture(log.recorder(), run.elapsed))
            .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 2 — polite

/// The polite server's requests take 20 to 64 ms (42 ms on average), each its own: a batch
/// waits for its slowest, a window does not.
const POLITE_LATENCY: Latency = Latency::Seeded { min_ms: 20, max_ms: 64 };
/// Several limits, so that no number written into the program passes them all.
const LIMITS: [usize; 3] = [10, 7, 3];

fn run_polite(limit: usize) -> (ApiLog, Run<Names>) {
    let (api, log) = PokeApi::polite(POLITE_LATENCY, limit);
    let run = RUNS.run(log.recorder(), move || async move {
        subject::pokedex::polite_pokedex(&api, limit).await
    });
    (log, run)
}

/// When the last of #1..=150 is in if each request goes out, in order, the moment one of the
/// `limit` slots is free: a sliding window (or a semaphore).
fn window_time(log: &ApiLog, limit: usize) -> Duration {
    let mut free_at: BinaryHeap<Reverse<Duration>> = (0..limit).map(|_| Reverse(Duration::ZERO)).collect();
    let mut last = Duration::ZERO;
    for id in 1..=150 {
        let Reverse(start) = free_at.pop().expect("limit > 0");
        let end = start + log.latency_of(id);
        last = last.max(end);
        free_at.push(Reverse(end));
    }
    last
}

/// When the last of #1..=150 is in if, with `limit` in flight, the next goes out only when the
/// oldest in flight is done: answers held back to keep their order.
fn oldest_first_time(log: &ApiLog, limit: usize) -> Duration {
    let (mut starts, mut ends): (Vec<Duration>, Vec<Duration>) = (Vec::new(), Vec::new());
    for i in 0..150 {
        // Request i goes out after the one before it, once request i - limit is done.
        let after = starts.last().copied().unwrap_or_default();
        let start = if i >= limit { after.max(ends[i - limit]) } else { after };
        starts.push(start);
        ends.push(start + log.latency_of(i as u32 + 1));
    }
    ends.into_iter().max().unwrap_or_default()
}

/// When the last of #1..=150 is in if they go out in batches of `limit`, each batch waiting for
/// its slowest request.
fn batches_time(log: &ApiLog, limit: usize) -> Duration {
    let ids: Vec<u32> = (1..=150).collect();
    ids.chunks(limit)
        .map(|batch| batch.iter().map(|&id| log.latency_of(id)).max().unwrap_or_default())
        .sum()
}

fn problem2_polite_never_exceeds_the_limit() {
    let runs: Vec<_> = LIMITS
        .into_iter()
        .map(|limit| {
            let (log, run) = run_polite(limit);
            (limit, log, run)
        })
        .collect();
    let kept: Vec<String> = runs
        .iter()
        .filter(|(_, log, _)| log.rejected().is_empty())
        .map(|(limit, _, _)| limit.to_string())
        .collect();
    for (limit, log, run) in &runs {
        let rejected = log.rejected();
        if rejected.is_empty() {
            continue;
        }
        let (why, hint) = if kept.is_empty() {
            (
                "a polite client keeps to the limit the server sets, or its requests are turned away".to_owned(),
                "something must make a request wait until one in flight is done, and a request counts \
                 as in flight until its answer is in"
                    .to_owned(),
            )
        } else {
            (
                format!(
                    "with a limit of {} no request was turned away, with {limit} some were: the limit \
                     is a parameter, and each run's server keeps to its own",
                    kept.join(" or ")
                ),
                "use the `limit` you are given, whatever it is".to_owned(),
            )
        };
        Failure::new(format!("requests were sent past the limit of {limit}"))
            .measured(format!(
                "{} requests were sent while {limit} were already in flight, and the server turned \
                 them away (429): {}",
                rejected.len(),
                shown(rejected.iter().map(|id| format!("#{id}")), SHOWN)
            ))
            .expected(format!("never more than {limit} in flight"))
            .why(why)
            .hint(hint)
            .timeline(picture(log.recorder(), run.elapsed))
            .fail();
    }
    for (limit, log, run) in runs {
        expect_names(
            &format!("polite_pokedex (limit {limit})"),
            run.value,
            &names(&log, 1..=150),
            log.recorder(),
            run.elapsed,
        );
        check_asked(&log, 1..=150, run.elapsed);
    }
}

fn problem2_polite_is_as_fast_as_the_limit_allows() {
    for limit in LIMITS {
        let (log, run) = run_polite(limit);
        if let Err(err) = &run.value {
            Failure::new("polite_pokedex returned an error, so its speed can't be judged")
                .measured(format!("Err: {err:#}"))
                .hint("make problem2_polite_never_exceeds_the_limit pass first")
                .fail();
        }
        let total: Duration = (1..=150).map(|id| log.latency_of(id)).sum();
        let ideal = total / limit as u32;
        let window = window_time(&log, limit);
        let batches = batches_time(&log, limit);
        let oldest_first = oldest_first_time(&log, limit);
        let upper = window.mul_f64(1.05);
        let bound = TimeBound {
            lower: ideal,
            derivation: format!(
                "the 150 requests take {} in all ({}–{} each), and at most {limit} run at once: no \
                 client is done before {} / {limit} = {}. One that sends the next request the moment \
                 any request finishes is done after {}; in batches of {limit}, each waiting for its \
                 slowest request, it takes {}",
                fmt_duration(total),
                fmt_duration(ms(20)),
                fmt_duration(ms(64)),
                fmt_duration(total),
                fmt_duration(ideal),
                fmt_duration(window),
                fmt_duration(batches),
            ),
            tolerance: upper.as_secs_f64() / ideal.as_secs_f64() - 1.0,
            one_at_a_time: Some((total, "the sum of the 150 latencies".into())),
        };
        if let Err(failure) = bound.check(run.elapsed) {
            let most = log.most_in_flight();
            let hint = if most < limit {
                format!(
                    "never more than {most} requests were in flight, though the limit is {limit}: \
                     use the limit you are given, all of it"
                )
            } else if run.elapsed == oldest_first {
                "a request that finished early kept its slot until every request sent before it was \
                 done: the next one went out only when the oldest in flight finished. Any request's \
                 answer should free a slot"
                    .to_owned()
            } else if run.elapsed >= batches.mul_f64(0.98) {
                format!(
                    "the requests seem to go out in batches of {limit}: while a batch waits for its \
                     slowest request, the slots of the ones already done stand idle. Send the next \
                     request as soon as any one finishes"
                )
            } else {
                "keep all `limit` slots busy: as soon as any request finishes, the next should go out".into()
            };
            failure
                .note(format!("limit {limit}; at most {most} requests were in flight at once"))
                .hint(hint)
                .timeline(picture(log.recorder(), run.elapsed))
                .fail();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 3 — doubles and triples

fn run_mapping<F, Fut>(make: F) -> (CalculatorLog, Vec<u64>, Run<BTreeMap<u64, u64>>)
where
    F: FnOnce(Calculator, Vec<u64>) -> Fut + Send + 'static,
    Fut: Future<Output = BTreeMap<u64, u64>> + 'static,
{
    let numbers = shuffled_numbers();
    let (calculator, log) = Calculator::open();
    let run = RUNS.run(log.recorder(), {
        let numbers = numbers.clone();
        move || make(calculator, numbers)
    });
    (log, numbers, run)
}

/// Each of `wanted` ran exactly once, to the end, and nothing else did.
fn check_computed(log: &CalculatorLog, wanted: &[Computation], end: Duration) {
    let done = log.recorder().spans().into_iter().filter(|s| s.done()).map(|s| s.key);
    let says = Says {
        missing: "never asked of the calculator",
        repeated: "computed more than once",
        strays: "computed, though not asked for",
    };
    let tally = Tally::of(wanted.iter().copied(), done);
    if let Err(failure) = tally.check(
        "the calculator was not asked for each answer exactly once",
        says,
        Computation::to_string,
    ) {
        failure
            .expected(format!(
                "all {} computations, each asked of the calculator once",
                wanted.len()
            ))
            .why("every answer must come from the calculator, and each is worth computing once")
            .timeline(picture(log.recorder(), end))
            .fail();
    }
}

fn map_text(map: &BTreeMap<u64, u64>) -> String {
    format!("{map:?}")
}

/// Judges a returned map against `want`, telling answers paired with the wrong key from wrong
/// keys and wrong answers.
fn check_map(what: &str, got: &BTreeMap<u64, u64>, want: &BTreeMap<u64, u64>, pairing: &str, numbers: &[u64]) {
    if got == want {
        return;
    }
    let mut got_values: Vec<u64> = got.values().copied().collect();
    let mut want_values: Vec<u64> = want.values().copied().collect();
    got_values.sort();
    want_values.sort();
    let failure = if got.keys().eq(want.keys()) && got_values == want_values {
        let swapped: Vec<String> = got
            .iter()
            .filter(|(k, v)| want.get(k) != Some(v))
            .map(|(k, v)| format!("{k} → {v} (should be {})", want[k]))
            .collect();
        Failure::new(format!("{what} paired the right answers with the wrong keys"))
            .measured(shown(swapped, SHOWN))
            .expected(map_text(want))
            .why(format!(
                "the numbers come shuffled ({numbers:?}) and the answers arrive in any order; each \
                 answer must go with the number it was computed from ({pairing})"
            ))
            .hint("results must be collected in the order they were asked for, or carry their input along")
    } else if !got.keys().eq(want.keys()) {
        Failure::new(format!("{what} has the wrong keys"))
            .measured(map_text(got))
            .expected(map_text(want))
            .why(format!("one entry per number of {numbers:?}: {pairing}"))
    } else {
        Failure::new(format!("{what} holds values that are not the answers asked for"))
            .measured(map_text(got))
            .expected(map_text(want))
            .why(pairing.to_owned())
    };
    failure.fail();
}

fn problem3_doubles_map_each_number_to_its_double() {
    let (log, numbers, run) =
        run_mapping(|calculator, numbers| async move { subject::mapping::doubles(&calculator, &numbers).await });
    let want: BTreeMap<u64, u64> = numbers.iter().map(|&n| (n, n * 2)).collect();
    check_map(
        "doubles",
        &run.value,
        &want,
        "each number maps to its own double",
        &numbers,
    );
    let wanted: Vec<Computation> = numbers.iter().map(|&n| Computation::Double(n)).collect();
    check_computed(&log, &wanted, run.elapsed);
    let times: Vec<Duration> = numbers.iter().map(|&n| log.double_time(n)).collect();
    let bound = TimeBound {
        lower: times.iter().copied().max().unwrap_or_default(),
        derivation: "all ten doubles can be computed at the same time; the run takes as long as the slowest".into(),
        tolerance: 0.01,
        one_at_a_time: Some((times.iter().sum(), "the sum of the ten times".into())),
    };
    if let Err(failure) = bound.check(run.elapsed) {
        failure
            .hint("start every double before awaiting any")
            .timeline(picture(log.recorder(), run.elapsed))
            .fail();
    }
}

fn problem3_doubles_to_triples_in_one_gather() {
    let (log, numbers, run) =
        run_mapping(
            |calculator, numbers| async move { subject::mapping::doubles_to_triples(&calculator, &numbers).await },
        );
    let want: BTreeMap<u64, u64> = numbers.iter().map(|&n| (n * 2, n * 3)).collect();
    check_map(
        "doubles_to_triples",
        &run.value,
        &want,
        "the double of each number maps to the triple of the same number",
        &numbers,
    );
    let wanted: Vec<Computation> = numbers
        .iter()
        .flat_map(|&n| [Computation::Double(n), Computation::Triple(n)])
        .collect();
    check_computed(&log, &wanted, run.elapsed);
    let slowest_double = numbers.iter().map(|&n| log.double_time(n)).max().unwrap_or_default();
    let slowest_triple = numbers.iter().map(|&n| log.triple_time(n)).max().unwrap_or_default();
    let bound = TimeBound {
        lower: slowest_double.max(slowest_triple),
        derivation: format!(
            "all twenty computations can run at once, so the run takes as long as the slowest of them: \
             the slowest double takes {}, the slowest triple {}",
            fmt_duration(slowest_double),
            fmt_duration(slowest_triple)
        ),
        tolerance: 0.01,
        one_at_a_time: Some((
            numbers.iter().map(|&n| log.double_time(n) + log.triple_time(n)).sum(),
            "the sum of all twenty times".into(),
        )),
    };
    if let Err(failure) = bound.check(run.elapsed) {
        let chained = numbers
            .iter()
            .map(|&n| log.double_time(n) + log.triple_time(n))
            .max()
            .unwrap_or_default();
        let hint = if run.elapsed == slowest_double + slowest_triple {
            "the doubles ran together, then the triples: two gathers, one after the other. Start the \
             triples before you wait for the doubles"
        } else if run.elapsed == chained {
            "each number's triple waited for its double: the numbers ran side by side, but each ran \
             its two computations one after the other. Neither needs the other's answer"
        } else {
            "start all twenty computations before awaiting any"
        };
        failure.hint(hint).timeline(picture(log.recorder(), run.elapsed)).fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 4 — all results

/// Requests take 20 to 400 ms, each its own: those sent together finish far out of order.
const SEEDED: Latency = Latency::Seeded {
    min_ms: 20,
    max_ms: 400,
};
const ASKED: std::ops::RangeInclusive<u32> = 1..=20;

fn problem4_all_results_in_input_order() {
    let failing = [4, 13];
    let (api, log) = PokeApi::failing(SEEDED, &failing);
    let ids: Vec<u32> = ASKED.collect();
    let run = RUNS.run(log.recorder(), {
        let ids = ids.clone();
        move || async move { subject::failures::all_results(&api, &ids).await }
    });
    let mut wrong = Vec::new();
    if run.value.len() != ids.len() {
        wrong.push(format!("{} outcomes for {} requests", run.value.len(), ids.len()));
    }
    for (id, outcome) in ids.iter().zip(&run.value) {
        let want = log.name(*id).unwrap_or_default();
        match (failing.contains(id), outcome) {
            (false, Ok(name)) if name == want => {}
            (false, Ok(name)) => wrong.push(format!("#{id}: {name:?}, expected {want:?}")),
            (false, Err(err)) => wrong.push(format!("#{id}: Err({err:#}), expected {want:?}")),
            (true, Err(err)) if names_request(err, *id) => {}
            (true, Err(err)) => wrong.push(format!("#{id}: Err({err:#}), which is not request #{id}'s error")),
            (true, Ok(name)) => wrong.push(format!("#{id}: Ok({name:?}), but this request fails")),
        }
    }
    if !wrong.is_empty() {
        let failing_text = failing.map(|id| format!("#{id}")).join(" and ");
        // Every outcome there, only not in its place: the same names and as many errors.
        let mut got_names: Vec<&str> = run.value.iter().filter_map(|o| o.as_deref().ok()).collect();
        let mut want_names: Vec<&str> = ids
            .iter()
            .filter(|id| !failing.contains(id))
            .filter_map(|&id| log.name(id))
            .collect();
        got_names.sort();
        want_names.sort();
        let out_of_order = run.value.len() == ids.len() && got_names == want_names;
        let hint = if out_of_order {
            "every outcome is there, but not in its place: collect them in the order the requests were \
             asked for, not the order they finish"
        } else {
            "keep a `Result` for every request: an error is an outcome like any other, not a reason to stop"
        };
        Failure::new("all_results did not return every outcome in its place")
            .measured(shown_lines(&wrong, 8))
            .expected(format!(
                "one outcome per id, in the order asked: names, and the errors of {failing_text}"
            ))
            .why("this is asyncio's gather(…, return_exceptions=True): every result and every error, each in its place")
            .hint(hint)
            .fail();
    }
    check_asked(&log, ASKED, run.elapsed);
    let slowest = ids.iter().map(|&id| log.latency_of(id)).max().unwrap_or_default();
    let bound = TimeBound {
        lower: slowest,
        derivation: "all twenty requests can be in flight at once; the run takes as long as the slowest".into(),
        tolerance: 0.01,
        one_at_a_time: Some((
            ids.iter().map(|&id| log.latency_of(id)).sum(),
            "the sum of the latencies".into(),
        )),
    };
    if let Err(failure) = bound.check(run.elapsed) {
        failure
            .hint("send every request before awaiting any")
            .timeline(picture(log.recorder(), run.elapsed))
            .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 5 — fail fast

/// #15 fails first in time (77 ms), #9 first in the list (86 ms): a program that looks at the
/// results in the order asked returns the wrong one.
const FAILING: [u32; 2] = [9, 15];

struct FailFast {
    log: ApiLog,
    returned_at: Duration,
    value: anyhow::Result<Vec<String>>,
}

fn run_fail_fast(failing: &[u32]) -> FailFast {
    let (api, log) = PokeApi::failing(SEEDED, failing);
    let ids: Vec<u32> = ASKED.collect();
    // The harness keeps the clock going for a grace second after fail_fast returns: any request
    // still running shows itself then.
    let run = RUNS.run_and_linger(log.recorder(), move || async move {
        subject::failures::fail_fast(&api, &ids).await
    });
    let (value, returned_at) = run.value;
    FailFast {
        log,
        returned_at,
        value,
    }
}

fn problem5_fail_fast_returns_the_first_failure_at_once() {
    let run = run_fail_fast(&FAILING);
    let (first, at) = FAILING
        .iter()
        .map(|&id| (id, run.log.latency_of(id)))
        .min_by_key(|(_, at)| *at)
        .expect("two failing requests");
    let other = FAILING.iter().copied().find(|id| *id != first).unwrap_or(first);
    let slowest = ASKED.map(|id| run.log.latency_of(id)).max().unwrap_or_default();
    let end = run.returned_at + GRACE;
    let expected = format!(
        "the error of request #{first}, which fails first, at {} (#{other} fails at {})",
        fmt_duration(at),
        fmt_duration(run.log.latency_of(other))
    );
    match &run.value {
        Ok(names) => Failure::new("fail_fast returned Ok although requests failed")
            .measured(format!("Ok with {} names", names.len()))
            .expected(expected)
            .hint("an `Err` from a request is the answer here: pass it on")
            .fail(),
        Err(err) if names_request(err, first) => {}
        Err(err) if names_request(err, other) => {
            Failure::new("fail_fast returned a failure, but not the first in time")
                .measured(format!("Err: {err:#}"))
                .expected(expected)
                .why("'first' means first in time: the failure that happens earliest, whatever its place in the list")
                .hint("look at the results in the order they finish, not in the order asked")
                .timeline(picture(run.log.recorder(), end))
                .fail()
        }
        Err(err) => Failure::new("fail_fast returned an error that is not a request's failure")
            .measured(format!("Err: {err:#}"))
            .expected(expected)
            .why(format!(
                "the caller needs to know what failed: request #{first}'s own error, or one that names it"
            ))
            .hint("pass on the error the request returned; if you wrap it, keep it as the cause")
            .timeline(picture(run.log.recorder(), end))
            .fail(),
    }
    if run.returned_at != at {
        let waited = if run.returned_at >= slowest {
            "it waited for every request to finish".to_owned()
        } else {
            format!(
                "{} after #{first} failed",
                fmt_duration(run.returned_at.saturating_sub(at))
            )
        };
        Failure::new(format!(
            "fail_fast returned at {}, not when #{first} failed",
            fmt_duration(run.returned_at)
        ))
        .measured(format!("returned at {}: {waited}", fmt_duration(run.returned_at)))
        .expected(format!(
            "at {}, the moment request #{first} failed (the slowest request takes {})",
            fmt_duration(at),
            fmt_duration(slowest)
        ))
        .why("failing fast means not waiting for the rest once the answer is already an error")
        .hint("send every request at once, and react to each result as it arrives")
        .timeline(picture(run.log.recorder(), end))
        .fail();
    }
}

fn problem5_fail_fast_cancels_the_other_requests() {
    let run = run_fail_fast(&FAILING);
    check_nothing_left("fail_fast", run.log.recorder(), run.returned_at);
}

fn problem5_fail_fast_returns_every_name_when_nothing_fails() {
    let run = run_fail_fast(&[]);
    let slowest = ASKED.map(|id| run.log.latency_of(id)).max().unwrap_or_default();
    expect_names(
        "fail_fast",
        run.value,
        &names(&run.log, ASKED),
        run.log.recorder(),
        run.returned_at,
    );
    check_asked(&run.log, ASKED, run.returned_at);
    if run.returned_at > slowest {
        Failure::new("fail_fast is slow when nothing fails")
            .measured(fmt_duration(run.returned_at))
            .expected(format!(
                "{}, the slowest request: all twenty at once",
                fmt_duration(slowest)
            ))
            .hint("send every request before awaiting any")
            .timeline(picture(run.log.recorder(), run.returned_at))
            .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// The checks, in the order a learner meets them: what `cargo test` runs, each in its own process.

kata_harness::spec! {
    problem1_pokedex_in_order,
    problem1_pokedex_fetches_concurrently,
    problem2_polite_never_exceeds_the_limit,
    problem2_polite_is_as_fast_as_the_limit_allows,
    problem3_doubles_map_each_number_to_its_double,
    problem3_doubles_to_triples_in_one_gather,
    problem4_all_results_in_input_order,
    problem5_fail_fast_returns_the_first_failure_at_once,
    problem5_fail_fast_cancels_the_other_requests,
    problem5_fail_fast_returns_every_name_when_nothing_fails,
}
