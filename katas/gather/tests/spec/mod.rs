//! The gather kata's spec. One file, two crates: `cargo test -p kata-gather` runs it against
//! the kata, `cargo test -p solution-gather` against the reference solution.
//!
//! Every run happens in simulated time against the harness's PokeAPI or calculator, which record
//! every request: when it went out, how it ended (done, failed, or dropped before it finished),
//! and how many were in flight at once. The checks judge that record, the results and the time.

use std::collections::BTreeMap;
use std::future::Future;
use std::time::Duration;

use kata_harness::gather::{Calculator, JITTER, LATENCY, Latency, POKEMON, PokeApi, shuffled_numbers};
use kata_harness::{
    Failure, GRACE, Recorder, Run, Sim, TimeBound, fmt_duration, simulate, simulate_and_linger, timeline,
};

use crate::subject;

const MORE: &str =
    "stuck? `cargo hint gather N` shows the hints for problem N; the book has them too, under Gather › The kata";

fn run<F, Fut>(recorder: &Recorder, make: F) -> Run<Fut::Output>
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future + 'static,
    Fut::Output: Send + 'static,
{
    let sim = Sim::new(Duration::from_secs(600)).recorder(recorder).deadlock_hint(
        "something waits for a result that never comes: a handle that is never completed, or a \
         permit that is never given back",
    );
    simulate(sim, make)
}

fn picture(recorder: &Recorder, end: Duration) -> String {
    timeline::render(&recorder.spans(), end)
}

fn names(ids: impl IntoIterator<Item = u32>) -> Vec<String> {
    ids.into_iter().map(|id| POKEMON[id as usize - 1].to_owned()).collect()
}

/// The first place two lists differ, for messages.
fn first_difference(got: &[String], want: &[String]) -> String {
    if got.len() != want.len() {
        return format!("{} names, expected {}", got.len(), want.len());
    }
    match got.iter().zip(want).position(|(a, b)| a != b) {
        Some(i) => format!(
            "position {} (Pokémon #{}) is {:?}, expected {:?}",
            i + 1,
            i + 1,
            got[i],
            want[i]
        ),
        None => "they are the same".into(),
    }
}

fn expect_names(what: &str, value: anyhow::Result<Vec<String>>, want: &[String], recorder: &Recorder, end: Duration) {
    match value {
        Err(err) => Failure::new(format!("{what} returned an error"))
            .measured(format!("Err: {err:#}"))
            .expected("Ok with every name: no request fails here")
            .more(MORE)
            .timeline(picture(recorder, end))
            .fail(),
        Ok(got) if got != want => Failure::new(format!("{what} returned the names in the wrong order"))
            .measured(first_difference(&got, want))
            .expected("the names in the order they were asked for: #1 first")
            .why(
                "requests that run at the same time finish in any order; the results must still \
                 line up with the requests",
            )
            .hint("keep each result with its request: await handles in the order you spawned them, or carry the index along")
            .more(MORE)
            .fail(),
        Ok(_) => {}
    }
}

/// Every id of `ids` was asked for exactly once, and nothing else.
fn check_asked(api: &PokeApi, ids: impl IntoIterator<Item = u32>, end: Duration) {
    let asked = api.asked();
    let want: Vec<u32> = ids.into_iter().collect();
    let never: Vec<String> = want
        .iter()
        .filter(|id| !asked.contains_key(id))
        .map(|id| format!("#{id}"))
        .collect();
    let twice: Vec<String> = asked
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(id, n)| format!("#{id} ({n}×)"))
        .collect();
    let stray: Vec<String> = asked
        .keys()
        .filter(|id| !want.contains(id))
        .map(|id| format!("#{id}"))
        .collect();
    if !never.is_empty() || !twice.is_empty() || !stray.is_empty() {
        let mut measured = Vec::new();
        if !never.is_empty() {
            measured.push(format!(
                "never asked for: {}",
                never.iter().take(10).cloned().collect::<Vec<_>>().join(", ")
            ));
        }
        if !twice.is_empty() {
            measured.push(format!(
                "asked for more than once: {}",
                twice.iter().take(10).cloned().collect::<Vec<_>>().join(", ")
            ));
        }
        if !stray.is_empty() {
            measured.push(format!(
                "asked for, though not in the list: {}",
                stray.iter().take(10).cloned().collect::<Vec<_>>().join(", ")
            ));
        }
        Failure::new("the API was not asked for each Pokémon exactly once")
            .measured(measured.join("\n"))
            .expected("one request per id, each answered by the API")
            .why("the names must come from the API's answers; asking twice costs the server twice")
            .more(MORE)
            .timeline(picture(api.recorder(), end))
            .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 1 — pokedex

fn problem1_pokedex_in_order() {
    let api = PokeApi::new();
    let run = run(api.recorder(), {
        let api = api.clone();
        move || async move { subject::pokedex::pokedex(&api).await }
    });
    expect_names("pokedex", run.value, &names(1..=150), api.recorder(), run.elapsed);
    check_asked(&api, 1..=150, run.elapsed);
}

fn problem1_pokedex_fetches_concurrently() {
    let api = PokeApi::new();
    let run = run(api.recorder(), {
        let api = api.clone();
        move || async move { subject::pokedex::pokedex(&api).await }
    });
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
                api.most_in_flight()
            ))
            .hint("start every request before awaiting any of them: spawn them all, then await the handles in order")
            .more(MORE)
            .timeline(picture(api.recorder(), run.elapsed))
            .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 2 — polite

fn run_polite(limit: usize) -> (PokeApi, Run<anyhow::Result<Vec<String>>>) {
    let api = PokeApi::with_limit(limit);
    let run = run(api.recorder(), {
        let api = api.clone();
        move || async move { subject::pokedex::polite_pokedex(&api, limit).await }
    });
    (api, run)
}

fn problem2_polite_never_exceeds_the_limit() {
    for limit in [10, 7] {
        let (api, run) = run_polite(limit);
        let rejected = api.rejected();
        if !rejected.is_empty() || api.most_in_flight() > limit {
            let shown: Vec<String> = rejected.iter().take(10).map(|id| format!("#{id}")).collect();
            Failure::new(format!("requests were sent past the limit of {limit}"))
                .measured(format!(
                    "{} requests were sent while {limit} were already in flight, and the server turned \
                     them away (429): {}",
                    rejected.len(),
                    shown.join(", ")
                ))
                .expected(format!("never more than {limit} in flight"))
                .why("a polite client keeps to the limit the server sets, or its requests are turned away")
                .hint(
                    "let each request wait for one of `limit` permits before it goes out, and give the \
                     permit back when it is done (`tokio::sync::Semaphore`)",
                )
                .more(MORE)
                .timeline(picture(api.recorder(), run.elapsed))
                .fail();
        }
        expect_names(
            "polite_pokedex",
            run.value,
            &names(1..=150),
            api.recorder(),
            run.elapsed,
        );
    }
}

fn problem2_polite_is_as_fast_as_the_limit_allows() {
    for limit in [10, 7] {
        let (api, run) = run_polite(limit);
        if let Err(err) = &run.value {
            Failure::new("polite_pokedex returned an error, so its speed can't be judged")
                .measured(format!("Err: {err:#}"))
                .hint("make problem2_polite_never_exceeds_the_limit pass first")
                .more(MORE)
                .fail();
        }
        let waves = 150_usize.div_ceil(limit) as u32;
        let quickest = LATENCY - JITTER;
        let bound = TimeBound {
            lower: quickest * waves,
            derivation: format!(
                "with at most {limit} in flight, one of the {limit} slots carries at least ⌈150 / {limit}⌉ = \
                 {waves} requests one after another, each taking {} to {}: {waves} × {} = {} at the least, \
                 and about {waves} × {} = {}",
                fmt_duration(quickest),
                fmt_duration(LATENCY),
                fmt_duration(quickest),
                fmt_duration(quickest * waves),
                fmt_duration(LATENCY),
                fmt_duration(LATENCY * waves)
            ),
            tolerance: (LATENCY * waves).as_secs_f64() * 1.05 / (quickest * waves).as_secs_f64() - 1.0,
            one_at_a_time: Some((LATENCY * 150, format!("150 × {}", fmt_duration(LATENCY)))),
        };
        if let Err(failure) = bound.check(run.elapsed) {
            failure
                .note(format!(
                    "limit {limit}; at most {} requests were in flight at once",
                    api.most_in_flight()
                ))
                .hint("keep all `limit` slots busy: as soon as one request finishes, the next should go out")
                .more(MORE)
                .timeline(picture(api.recorder(), run.elapsed))
                .fail();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 3 — doubles and triples

/// Each computation named in `lanes` ran exactly once, to the end.
fn check_computed(calculator: &Calculator, lanes: &[String], end: Duration) {
    let spans = calculator.recorder().spans();
    let wrong: Vec<String> = lanes
        .iter()
        .filter_map(|lane| {
            let done = spans.iter().filter(|s| s.lane == *lane && s.done()).count();
            (done != 1).then(|| format!("{lane}: computed {done} times"))
        })
        .collect();
    if !wrong.is_empty() {
        Failure::new("the calculator was not asked for each answer exactly once")
            .measured(wrong.iter().take(10).cloned().collect::<Vec<_>>().join("\n"))
            .expected("each double (and triple) computed once, by the calculator")
            .why("the answers must come from the calculator, each asked once")
            .more(MORE)
            .timeline(picture(calculator.recorder(), end))
            .fail();
    }
}

fn map_text(map: &BTreeMap<u64, u64>) -> String {
    format!("{map:?}")
}

fn problem3_doubles_map_each_number_to_its_double() {
    let numbers = shuffled_numbers();
    let calculator = Calculator::new();
    let run = run(calculator.recorder(), {
        let (calculator, numbers) = (calculator.clone(), numbers.clone());
        move || async move { subject::mapping::doubles(&calculator, &numbers).await }
    });
    let want: BTreeMap<u64, u64> = numbers.iter().map(|&n| (n, n * 2)).collect();
    if run.value != want {
        Failure::new("doubles is not each number mapped to its double")
            .measured(map_text(&run.value))
            .expected(map_text(&want))
            .why(format!(
                "the numbers come shuffled ({numbers:?}) and the answers arrive in any order; each \
                 answer must go with the number it was computed from"
            ))
            .hint("results gathered in the order of `numbers` can be zipped with `numbers`")
            .more(MORE)
            .fail();
    }
    let lanes: Vec<String> = numbers.iter().map(|n| format!("double {n}")).collect();
    check_computed(&calculator, &lanes, run.elapsed);
    let times: Vec<Duration> = numbers.iter().map(|&n| Calculator::double_time(n)).collect();
    let bound = TimeBound {
        lower: times.iter().copied().max().unwrap_or_default(),
        derivation: "all ten doubles can be computed at the same time; the run takes as long as the slowest".into(),
        tolerance: 0.01,
        one_at_a_time: Some((times.iter().sum(), "the sum of the ten times".into())),
    };
    if let Err(failure) = bound.check(run.elapsed) {
        failure
            .hint("start every double before awaiting any")
            .more(MORE)
            .timeline(picture(calculator.recorder(), run.elapsed))
            .fail();
    }
}

fn problem3_doubles_to_triples_in_one_gather() {
    let numbers = shuffled_numbers();
    let calculator = Calculator::new();
    let run = run(calculator.recorder(), {
        let (calculator, numbers) = (calculator.clone(), numbers.clone());
        move || async move { subject::mapping::doubles_to_triples(&calculator, &numbers).await }
    });
    let want: BTreeMap<u64, u64> = numbers.iter().map(|&n| (n * 2, n * 3)).collect();
    if run.value != want {
        Failure::new("doubles_to_triples is not each double mapped to its triple")
            .measured(map_text(&run.value))
            .expected(map_text(&want))
            .hint("gather the doubles and the triples in the order of `numbers`, then zip the two lists")
            .more(MORE)
            .fail();
    }
    let slowest_double = numbers
        .iter()
        .map(|&n| Calculator::double_time(n))
        .max()
        .unwrap_or_default();
    let slowest_triple = numbers
        .iter()
        .map(|&n| Calculator::triple_time(n))
        .max()
        .unwrap_or_default();
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
            numbers
                .iter()
                .map(|&n| Calculator::double_time(n) + Calculator::triple_time(n))
                .sum(),
            "the sum of all twenty times".into(),
        )),
    };
    if let Err(failure) = bound.check(run.elapsed) {
        let two_waves = run.elapsed == slowest_double + slowest_triple;
        let hint = if two_waves {
            "the doubles ran together, then the triples: two gathers, one after the other. Start the \
             triples before you wait for the doubles"
        } else {
            "start all twenty computations before awaiting any"
        };
        failure
            .hint(hint)
            .more(MORE)
            .timeline(picture(calculator.recorder(), run.elapsed))
            .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 4 — all results

const SEEDED: Latency = Latency::Seeded {
    min_ms: 20,
    max_ms: 400,
};
const ASKED: std::ops::RangeInclusive<u32> = 1..=20;

fn problem4_all_results_in_input_order() {
    let failing = [4, 13];
    let api = PokeApi::failing(SEEDED, &failing);
    let ids: Vec<u32> = ASKED.collect();
    let run = run(api.recorder(), {
        let (api, ids) = (api.clone(), ids.clone());
        move || async move { subject::failures::all_results(&api, &ids).await }
    });
    let mut wrong = Vec::new();
    if run.value.len() != ids.len() {
        wrong.push(format!("{} outcomes for {} requests", run.value.len(), ids.len()));
    }
    for (id, outcome) in ids.iter().zip(&run.value) {
        match (failing.contains(id), outcome) {
            (false, Ok(name)) if *name == POKEMON[*id as usize - 1] => {}
            (false, Ok(name)) => wrong.push(format!("#{id}: {name:?}, expected {:?}", POKEMON[*id as usize - 1])),
            (false, Err(err)) => wrong.push(format!("#{id}: Err({err:#}), expected its name")),
            (true, Err(err)) if format!("{err:#}").contains(&format!("#{id}")) => {}
            (true, Err(err)) => wrong.push(format!("#{id}: Err({err:#}), which does not name request #{id}")),
            (true, Ok(name)) => wrong.push(format!("#{id}: Ok({name:?}), but this request fails")),
        }
    }
    if !wrong.is_empty() {
        Failure::new("all_results did not return every outcome in order")
            .measured(wrong.join("\n"))
            .expected(format!(
                "one outcome per id, in the order asked: names, and errors for {}",
                failing.map(|id| format!("#{id}")).join(" and ")
            ))
            .why("this is asyncio's gather(…, return_exceptions=True): every result and every error, each in its place")
            .hint("collect a `Result` for every request instead of stopping at the first error")
            .more(MORE)
            .fail();
    }
    let slowest = ids.iter().map(|&id| api.latency_of(id)).max().unwrap_or_default();
    let bound = TimeBound {
        lower: slowest,
        derivation: "all twenty requests can be in flight at once; the run takes as long as the slowest".into(),
        tolerance: 0.01,
        one_at_a_time: Some((
            ids.iter().map(|&id| api.latency_of(id)).sum(),
            "the sum of the latencies".into(),
        )),
    };
    if let Err(failure) = bound.check(run.elapsed) {
        failure
            .hint("send every request before awaiting any")
            .more(MORE)
            .timeline(picture(api.recorder(), run.elapsed))
            .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 5 — fail fast

struct FailFast {
    api: PokeApi,
    returned_at: Duration,
    value: anyhow::Result<Vec<String>>,
}

fn run_fail_fast(failing: &[u32]) -> FailFast {
    let api = PokeApi::failing(SEEDED, failing);
    let ids: Vec<u32> = ASKED.collect();
    // The harness keeps the clock going for a grace second after fail_fast returns: any request
    // still running shows itself then.
    let sim = Sim::new(Duration::from_secs(600)).recorder(api.recorder());
    let run = simulate_and_linger(sim, {
        let api = api.clone();
        move || async move { subject::failures::fail_fast(&api, &ids).await }
    });
    let (value, returned_at) = run.value;
    FailFast {
        api,
        returned_at,
        value,
    }
}

fn problem5_fail_fast_returns_the_first_failure_at_once() {
    let failing = [9, 15];
    let run = run_fail_fast(&failing);
    let (first, at) = failing
        .iter()
        .map(|&id| (id, run.api.latency_of(id)))
        .min_by_key(|(_, at)| *at)
        .expect("two failing requests");
    let slowest = ASKED.map(|id| run.api.latency_of(id)).max().unwrap_or_default();
    let end = run.returned_at + GRACE;
    match &run.value {
        Ok(names) => Failure::new("fail_fast returned Ok although requests failed")
            .measured(format!("Ok with {} names", names.len()))
            .expected(format!("the error of request #{first}, the first to fail"))
            .more(MORE)
            .fail(),
        Err(err) if !format!("{err:#}").contains(&format!("#{first}")) => {
            Failure::new("fail_fast returned an error, but not the first failure")
                .measured(format!("Err: {err:#}"))
                .expected(format!(
                    "the error of request #{first}, which fails first, at {} (request #{} fails later)",
                    fmt_duration(at),
                    failing.iter().find(|id| **id != first).unwrap_or(&first)
                ))
                .why("'first' means first in time: the failure that happens earliest, whatever its place in the list")
                .hint("look at the results in the order they finish, not in the order asked (a JoinSet's join_next)")
                .more(MORE)
                .timeline(picture(run.api.recorder(), end))
                .fail()
        }
        Err(_) => {}
    }
    if run.returned_at != at {
        Failure::new(format!(
            "fail_fast returned at {}, not when #{first} failed",
            fmt_duration(run.returned_at)
        ))
        .measured(format!("returned at {}", fmt_duration(run.returned_at)))
        .expected(format!(
            "at {}, the moment request #{first} failed (the slowest request takes {})",
            fmt_duration(at),
            fmt_duration(slowest)
        ))
        .why("failing fast means not waiting for the rest once the answer is already an error")
        .hint("send every request at once, and react to each result as it arrives")
        .more(MORE)
        .timeline(picture(run.api.recorder(), end))
        .fail();
    }
}

fn problem5_fail_fast_cancels_the_other_requests() {
    let run = run_fail_fast(&[9, 15]);
    kata_harness::check_nothing_left("fail_fast", run.api.recorder(), run.returned_at, MORE);
}

fn problem5_fail_fast_returns_every_name_when_nothing_fails() {
    let run = run_fail_fast(&[]);
    let slowest = ASKED.map(|id| run.api.latency_of(id)).max().unwrap_or_default();
    expect_names(
        "fail_fast",
        run.value,
        &names(ASKED),
        run.api.recorder(),
        run.returned_at,
    );
    if run.returned_at > slowest {
        Failure::new("fail_fast is slow when nothing fails")
            .measured(fmt_duration(run.returned_at))
            .expected(format!(
                "{}, the slowest request: all twenty at once",
                fmt_duration(slowest)
            ))
            .hint("send every request before awaiting any")
            .more(MORE)
            .timeline(picture(run.api.recorder(), run.returned_at))
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
