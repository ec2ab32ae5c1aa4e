//! The pipeline kata's spec. One file, two crates: `cargo test -p kata-pipeline` runs it against
//! the kata, `cargo test -p solution-pipeline` against the reference solution.
//!
//! Every run happens in simulated time. The batch records every piece of work (by worker),
//! every delivery (by handler) and every call of the job-completed callback; the market records
//! when each item was made and when a consumer took it. After the job returns, the spec keeps
//! the clock running for a grace second: work still going on then was left running.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::time::Duration;

use kata_harness::pipeline::{
    Batch, BatchLog, CONSUMERS, DELIVERY, HANDLERS, Market, PRODUCERS, TASKS, TaskFailed, WORKERS,
};
use kata_harness::{
    Failure, GRACE, Outcome, Recorder, Run, Sim, Span, TimeBound, fmt_duration, has_word, most_at_once,
    simulate_and_linger, timeline,
};

use crate::subject;

const MORE: &str =
    "stuck? `cargo hint pipeline N` shows the hints for problem N; the book has them too, under Pipelines › The kata";

/// Runs `make`'s future, then the harness's grace second; returns its value and when it
/// returned.
fn run<F, Fut>(recorder: &Recorder, make: F) -> Run<(Fut::Output, Duration)>
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future + 'static,
    Fut::Output: Send + 'static,
{
    let sim = Sim::new(Duration::from_secs(600)).recorder(recorder).deadlock_hint(
        "a stage is waiting for a queue that never closes: every `Sender` of a channel must be gone \
         (the original kept in the controller, a clone in a task) before its receivers see the end — \
         and a stage that waits for a stage that waits for it never ends",
    );
    simulate_and_linger(sim, make)
}

fn picture(recorder: &Recorder, end: Duration) -> String {
    timeline::render(&recorder.spans(), end)
}

fn run_controller(batch: &Batch, log: &BatchLog) -> (anyhow::Result<()>, Duration) {
    run(log.recorder(), {
        let batch = batch.clone();
        move || subject::controller::controller(batch)
    })
    .value
}

/// Seconds to the millisecond, where rounding to hundredths would hide an order.
fn precise(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

/// The error names the failed task: the harness's own error passed on, or words that say
/// "task 37" (and not "task 37 panicked", which is tokio numbering its tasks).
fn names_task(err: &anyhow::Error, task: &str) -> bool {
    let text = format!("{err:#}");
    let passed_on = err.chain().any(|c| {
        c.downcast_ref::<TaskFailed>()
            .is_some_and(|f| f.task.to_string() == task)
    });
    let said = has_word(&text, &format!("task {task}")) && !text.contains(&format!("task {task} panicked"));
    passed_on || said
}

fn check_nothing_left(what: &str, log: &BatchLog, returned: Duration) {
    kata_harness::check_nothing_left(what, log.recorder(), returned, MORE);
}

// ---------------------------------------------------------------------------------------------
// Problem 1 — controller

fn problem1_controller_delivers_every_result_once() {
    let (batch, log) = Batch::open();
    let (outcome, returned) = run_controller(&batch, &log);
    if let Err(err) = outcome {
        Failure::new("the job failed")
            .measured(format!("Err: {err:#}"))
            .expected("Ok: no task fails in this batch")
            .more(MORE)
            .timeline(picture(log.recorder(), returned))
            .fail();
    }
    let mut times: BTreeMap<u32, usize> = BTreeMap::new();
    let mut wrong = Vec::new();
    for (task, output, _) in log.delivered() {
        *times.entry(task).or_insert(0) += 1;
        if output != u64::from(task) * 2 {
            wrong.push(format!("task {task} delivered {output}, its output is {}", task * 2));
        }
    }
    let missing: Vec<u32> = (0..TASKS).filter(|t| !times.contains_key(t)).collect();
    let repeated: Vec<u32> = times.iter().filter(|(_, n)| **n > 1).map(|(t, _)| *t).collect();
    if !missing.is_empty() || !repeated.is_empty() || !wrong.is_empty() {
        Failure::new("not every result reached the per-task callback exactly once")
            .measured(format!(
                "{} tasks never delivered {:?}; {} delivered more than once {:?}; {}",
                missing.len(),
                missing.iter().take(10).collect::<Vec<_>>(),
                repeated.len(),
                repeated.iter().take(10).collect::<Vec<_>>(),
                wrong.first().cloned().unwrap_or_default()
            ))
            .expected(format!("each of the {TASKS} tasks' outputs delivered once"))
            .hint("did the job return before the result handlers were done? Wait for every stage to finish")
            .more(MORE)
            .fail();
    }
    let calls = log.job_done_calls();
    let last_delivery = log.delivered().iter().map(|(_, _, at)| *at).max().unwrap_or_default();
    match calls.as_slice() {
        [(at, elapsed)] if *at >= last_delivery && *elapsed == *at => {}
        [] => Failure::new("the job-completed callback was never called")
            .expected("`batch.job_done(elapsed)` once, after the last delivery, with the job's elapsed time")
            .hint("note `Instant::now()` when the job starts; when every stage is done, call `batch.job_done(start.elapsed())`")
            .more(MORE)
            .fail(),
        calls => Failure::new("the job-completed callback was not called once, at the end, with the elapsed time")
            .measured(
                calls
                    .iter()
                    .map(|(at, elapsed)| {
                        let when = if *at < last_delivery { "before the last delivery ended" } else { "after the last delivery" };
                        format!("called at {} ({when}) with elapsed = {}", precise(*at), precise(*elapsed))
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
            .expected(format!(
                "one call, once the last delivery has ended (at {}), reporting the time since the job started",
                precise(last_delivery)
            ))
            .hint(
                "wait for every stage before calling it, and measure on the simulated clock: \
                 `tokio::time::Instant::now()` at the start, `start.elapsed()` at the end",
            )
            .more(MORE)
            .fail(),
    }
    check_nothing_left("the job", &log, returned);
}

fn problem1_controller_runs_at_full_size_and_speed() {
    let (batch, log) = Batch::open();
    let (outcome, returned) = run_controller(&batch, &log);
    if let Err(err) = outcome {
        Failure::new("the job failed, so its speed can't be judged")
            .measured(format!("Err at {}: {err:#}", fmt_duration(returned)))
            .hint("make problem1_controller_delivers_every_result_once pass first")
            .more(MORE)
            .fail();
    }
    let spans = log.spans();
    let working = most_at_once(spans.iter().filter(|s| s.lane.starts_with("worker")));
    let delivering = most_at_once(spans.iter().filter(|s| s.lane.starts_with("handler")));
    if working != WORKERS || delivering > HANDLERS {
        Failure::new("the pipeline is not the job's size")
            .measured(format!(
                "at most {working} tasks were worked on at once, and at most {delivering} results delivered at once"
            ))
            .expected(format!(
                "{WORKERS} tasks worked on at once while there are tasks waiting, by {WORKERS} workers with ids of \
                 their own; never more than {HANDLERS} deliveries at once"
            ))
            .hint(if working < WORKERS {
                "start WORKERS workers sharing the work queue's receiver — and let each hold the queue's lock only \
                 while it waits for a task, not while it works"
            } else {
                "start exactly WORKERS workers and at most HANDLERS result handlers"
            })
            .more(MORE)
            .timeline(picture(log.recorder(), returned))
            .fail();
    }
    let total: Duration = (0..TASKS).map(Batch::time_of).sum();
    let longest = (0..TASKS).map(Batch::time_of).max().unwrap_or_default();
    let share = total / WORKERS as u32;
    let lower = share.max(longest) + DELIVERY;
    let upper = share + longest + DELIVERY;
    let bound = TimeBound {
        lower,
        derivation: format!(
            "the tasks need {} of work in all; {WORKERS} workers can't do it in less than a 25th of that, \
             {}, and the last result still needs its {} of delivery: {} at the least. Workers that \
             never idle while a task waits finish within one longest task ({}) of the even share: by {}.",
            fmt_duration(total),
            fmt_duration(share),
            fmt_duration(DELIVERY),
            fmt_duration(lower),
            fmt_duration(longest),
            fmt_duration(upper)
        ),
        tolerance: upper.as_secs_f64() / lower.as_secs_f64() - 1.0,
        one_at_a_time: Some((total, "one worker".into())),
    };
    if let Err(failure) = bound.check(returned) {
        failure
            .hint("every worker should take the next task the moment it is free; is a worker holding the work queue's lock while it works?")
            .more(MORE)
            .timeline(picture(log.recorder(), returned))
            .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 2 — failing worker

const FAILING: [u32; 2] = [37, 150];

fn problem2_a_failing_worker_fails_the_job_promptly() {
    let (batch, log) = Batch::failing(&FAILING);
    let (outcome, returned) = run_controller(&batch, &log);
    let failures: Vec<Span> = log
        .spans()
        .into_iter()
        .filter(|s| s.outcome == Outcome::Failed)
        .collect();
    let first = failures.iter().min_by_key(|s| s.end).cloned();
    let Some(first) = first else {
        Failure::new("no task failed: the failing tasks were never worked on")
            .measured(format!(
                "returned {:?} at {}",
                outcome.as_ref().map_err(|e| format!("{e:#}")),
                fmt_duration(returned)
            ))
            .expected(format!("tasks {FAILING:?} make their worker fail"))
            .more(MORE)
            .fail()
    };
    let task = first.label.trim_start_matches("task ").to_owned();
    match &outcome {
        Ok(()) => Failure::new(format!(
            "{} failed on {}, and the job reported success",
            first.lane, first.label
        ))
        .measured(format!("Ok at {}", fmt_duration(returned)))
        .expected(format!("an error naming {}", first.label))
        .why("a failure nobody hears of is a task silently lost: the job must not say it succeeded")
        .hint("let a worker return its error, and have the controller watch the workers' results")
        .more(MORE)
        .timeline(picture(log.recorder(), returned))
        .fail(),
        Err(err) if !names_task(err, &task) => {
            Failure::new("the job failed, but its error does not name the failed task")
                .measured(format!("Err: {err:#}"))
                .expected(format!(
                    "an error naming task {task} (the error `batch.work()` returned says \"{} failed on task {task}\")",
                    first.lane
                ))
                .hint("pass the worker's error on, with `?`, instead of replacing it")
                .more(MORE)
                .fail()
        }
        Err(_) => {}
    }
    if returned > first.end + GRACE {
        Failure::new("the job reported the failure late")
            .measured(format!("{} failed at {}; the job returned at {}", first.lane, fmt_duration(first.end), fmt_duration(returned)))
            .expected(format!("the error by {} — the failure's time plus {} at most", fmt_duration(first.end + GRACE), fmt_duration(GRACE)))
            .why("the rest of the batch may take seconds more; a failure that ends the job should end it now, not after everything else is done")
            .hint("watch every stage's task at once and react to the first that ends with an error (a `JoinSet` and `join_next()`, or `select!`)")
            .more(MORE)
            .timeline(picture(log.recorder(), returned + GRACE))
            .fail();
    }
    if !log.job_done_calls().is_empty() {
        Failure::new("the job-completed callback was called for a job that failed")
            .expected("no call: the job did not complete")
            .more(MORE)
            .fail();
    }
}

fn problem2_a_failed_job_leaves_nothing_running() {
    let (batch, log) = Batch::failing(&FAILING);
    let (outcome, returned) = run_controller(&batch, &log);
    if outcome.is_ok() {
        Failure::new("the job reported success although a worker failed")
            .hint("make problem2_a_failing_worker_fails_the_job_promptly pass first")
            .more(MORE)
            .fail();
    }
    check_nothing_left("the failed job", &log, returned);
    let mut seen = BTreeSet::new();
    for (task, _, _) in log.delivered() {
        if !seen.insert(task) {
            Failure::new(format!("task {task} was delivered twice"))
                .expected("each task delivered at most once")
                .more(MORE)
                .fail();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 3 — timeout

/// Two deadlines, both well short of the job: at each, a delivery has just ended and the next
/// is under way, so only deliveries counted as they end give the right number.
const DEADLINES: [Duration; 2] = [Duration::from_millis(1995), Duration::from_millis(3210)];

fn problem3_a_job_past_its_deadline_returns_at_the_deadline() {
    for deadline in DEADLINES {
        let (batch, log) = Batch::open();
        let run = run(log.recorder(), {
            let batch = batch.clone();
            move || subject::deadline::controller_with_deadline(batch, deadline)
        });
        let (outcome, returned) = run.value;
        let delivered_by_then = log.delivered().iter().filter(|(_, _, at)| *at <= deadline).count();
        let problem = match &outcome {
            Ok(()) => Some(format!(
                "returned Ok at {}: the job can't have finished",
                fmt_duration(returned)
            )),
            Err(_) if returned != deadline => Some(format!("returned at {}", precise(returned))),
            Err(err) => {
                let text = format!("{err:#}");
                let says_count = text
                    .split(|c: char| !c.is_ascii_digit())
                    .any(|number| number == delivered_by_then.to_string());
                (!says_count).then(|| format!("the error does not say how many tasks were delivered: \"{text}\""))
            }
        };
        if let Some(problem) = problem {
            Failure::new(format!(
                "the job did not give up cleanly at its deadline of {}",
                precise(deadline)
            ))
            .measured(problem)
            .expected(format!(
                "an error at {}, saying the deadline passed with {delivered_by_then} of {TASKS} tasks \
                     delivered (deliveries that had ended by then)",
                precise(deadline)
            ))
            .why("asyncio's wait_for: stop waiting at the deadline, and tell the caller what got done")
            .hint("`tokio::time::timeout(deadline, job)`; count each delivery when it has ended, to report them")
            .more(MORE)
            .timeline(picture(log.recorder(), returned + GRACE))
            .fail();
        }
        check_nothing_left("the job that missed its deadline", &log, returned);
    }
}

fn problem3_a_job_within_its_deadline_completes() {
    let (batch, log) = Batch::open();
    let run = run(log.recorder(), {
        let batch = batch.clone();
        move || subject::deadline::controller_with_deadline(batch, Duration::from_secs(60))
    });
    let (outcome, returned) = run.value;
    if outcome.is_err() || log.delivered().len() != TASKS as usize || log.job_done_calls().len() != 1 {
        Failure::new("a job with time to spare did not complete")
            .measured(format!(
                "{:?} at {}, {} tasks delivered, job_done called {} times",
                outcome.map_err(|e| format!("{e:#}")),
                fmt_duration(returned),
                log.delivered().len(),
                log.job_done_calls().len()
            ))
            .expected("Ok, every task delivered, the job-completed callback called once")
            .more(MORE)
            .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 4 — time in the queue

/// Every item's time in the queue, as a fair (oldest first) queue with `CONSUMERS` consumers
/// that never idle while an item waits must give it: the same for any correct program.
fn expected_waits() -> BTreeMap<u32, Duration> {
    let mut arrivals = Vec::new();
    for p in 0..PRODUCERS {
        let mut at = Duration::ZERO;
        for n in 0..Market::count_of(p) {
            at += Market::making_time(p, n);
            arrivals.push((at, Market::item_id(p, n)));
        }
    }
    arrivals.sort();
    let mut free = [Duration::ZERO; CONSUMERS];
    let mut waits = BTreeMap::new();
    for (at, id) in arrivals {
        let (slot, when) = free
            .iter()
            .copied()
            .enumerate()
            .min_by_key(|(_, t)| *t)
            .expect("consumers");
        let start = when.max(at);
        waits.insert(id, start - at);
        free[slot] = start + Market::consuming_time(id);
    }
    waits
}

fn stats(waits: &BTreeMap<u32, Duration>) -> String {
    let total: Duration = waits.values().sum();
    let mean = total / waits.len().max(1) as u32;
    let max = waits.values().max().copied().unwrap_or_default();
    format!(
        "{} items, mean wait {}, longest {}",
        waits.len(),
        fmt_duration(mean),
        fmt_duration(max)
    )
}

fn problem4_time_in_queue_matches_a_fair_busy_market() {
    let (market, log) = Market::open();
    let run = run(log.recorder(), {
        let market = market.clone();
        move || subject::market::time_in_queue(market)
    });
    let (reported, returned) = run.value;
    kata_harness::check_nothing_left("time_in_queue", log.recorder(), returned, MORE);
    let expected = expected_waits();
    let observed: BTreeMap<u32, Duration> = log
        .made()
        .iter()
        .filter_map(|item| log.taken().get(&item.id).map(|(_, at)| (item.id, *at - item.made_at)))
        .collect();
    if observed != expected {
        let differ: Vec<String> = expected
            .iter()
            .filter(|(id, wait)| observed.get(id) != Some(wait))
            .take(6)
            .map(|(id, wait)| {
                format!(
                    "item {id}: waited {}, expected {}",
                    observed.get(id).map_or("— (never taken)".into(), |w| fmt_duration(*w)),
                    fmt_duration(*wait)
                )
            })
            .collect();
        Failure::new("the market did not run as a fair, busy queue")
            .measured(format!("{}\n{}", stats(&observed), differ.join("\n")))
            .expected(format!(
                "{} — every producer making items at the same time, {CONSUMERS} consumers, oldest item first",
                stats(&expected)
            ))
            .why(
                "with the producers side by side and every consumer taking the oldest waiting item the moment \
                 it is free, each item's wait follows from the seeded times alone",
            )
            .hint("one task per producer and one per consumer, all started at once, sharing one queue")
            .more(MORE)
            .timeline(picture(log.recorder(), run.elapsed))
            .fail();
    }
    let reported: BTreeMap<u32, Duration> = reported.into_iter().collect();
    if reported != observed {
        let differ: Vec<String> = observed
            .iter()
            .filter(|(id, wait)| reported.get(id) != Some(wait))
            .take(6)
            .map(|(id, wait)| {
                format!(
                    "item {id}: reported {}, it waited {}",
                    reported.get(id).map_or("nothing".into(), |w| fmt_duration(*w)),
                    fmt_duration(*wait)
                )
            })
            .collect();
        Failure::new("the reported times in the queue are not the times the items waited")
            .measured(differ.join("\n"))
            .expected(format!("for each of the {} items, the time from being made to being taken", observed.len()))
            .hint("note the time when a consumer takes an item off the queue (`market.now()`), and subtract `item.made_at`")
            .more(MORE)
            .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// The checks, in the order a learner meets them: what `cargo test` runs, each in its own process.

kata_harness::spec! {
    problem1_controller_delivers_every_result_once,
    problem1_controller_runs_at_full_size_and_speed,
    problem2_a_failing_worker_fails_the_job_promptly,
    problem2_a_failed_job_leaves_nothing_running,
    problem3_a_job_past_its_deadline_returns_at_the_deadline,
    problem3_a_job_within_its_deadline_completes,
    problem4_time_in_queue_matches_a_fair_busy_market,
}
