//! The pipeline kata's spec. One file, two crates: `cargo test -p kata-pipeline` runs it against
//! the kata, `cargo test -p solution-pipeline` against the reference solution.
//!
//! Every run happens in simulated time. The batch records every piece of work (by worker),
//! every delivery (by handler) and every call of the job-completed callback; the market records
//! when each item was made and when a consumer took it. After the job returns, the spec keeps
//! the clock running for a grace second: work still going on then was left running, and so is a
//! task that still holds the batch, or one that panics where nobody hears of it.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, Once};
use std::time::Duration;

use kata_harness::lock;
use kata_harness::pipeline::{
    Batch, BatchLog, CONSUMERS, DELIVERY, HANDLERS, Market, MarketLog, PRODUCERS, TASKS, TaskFailed, Trade, WORKERS,
};
use kata_harness::prelude::*;

use crate::subject;

/// Every run: ten minutes at most, and what a deadlock most likely is here.
const RUNS: Runs = Runs::new(secs(600)).deadlock_hint(
    "a stage is waiting for a queue that never closes: every `Sender` of a channel must be gone (the \
     original kept in the controller, a clone in a task) before its receivers see the end — and a \
     stage that waits for a stage that waits for it never ends",
);

// ---------------------------------------------------------------------------------------------
// Running a program, and what it left behind

/// Panics in the program's tasks during the current run: (message, whether the program had
/// returned). The harness mentions panics only when a check fails; a task that panics where
/// nobody watches it must fail the check itself.
static PANICS: Mutex<Vec<(String, bool)>> = Mutex::new(Vec::new());
static RETURNED: AtomicBool = AtomicBool::new(false);

fn panics() -> MutexGuard<'static, Vec<(String, bool)>> {
    lock(&PANICS)
}

/// Notes every panic inside the program's runtime, then hands it on to the harness's hook.
fn watch_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if tokio::runtime::Handle::try_current().is_ok() {
                let payload = info.payload();
                let message = payload
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "(a panic with a value that is not a string)".into());
                let at = info
                    .location()
                    .map(|l| format!(" (at {}:{})", l.file(), l.line()))
                    .unwrap_or_default();
                panics().push((format!("{message}{at}"), RETURNED.load(Ordering::SeqCst)));
            }
            previous(info);
        }));
    });
}

/// One run of the program, and the grace second after it.
struct Ran<T> {
    value: T,
    /// When the program returned.
    returned: Duration,
    /// How many handles of the world the program's tasks still held at the end of the grace.
    holders: usize,
    /// The program's panics: (message, after it had returned).
    panics: Vec<(String, bool)>,
}

/// Runs `make`'s future, then the harness's grace second; `holders` counts, at the end of it,
/// the handles of the world that the program's tasks still hold.
fn run<K, F, Fut>(recorder: &Recorder<K>, holders: impl Fn() -> usize + Send + 'static, make: F) -> Ran<Fut::Output>
where
    K: Clone + Debug + Send + 'static,
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future + 'static,
    Fut::Output: Send + 'static,
{
    watch_panics();
    panics().clear();
    RETURNED.store(false, Ordering::SeqCst);
    let run = RUNS.run(recorder, move || async move {
        let start = tokio::time::Instant::now();
        let value = make().await;
        let returned = start.elapsed();
        RETURNED.store(true, Ordering::SeqCst);
        tokio::time::sleep(GRACE).await;
        (value, returned, holders())
    });
    let (value, returned, holders) = run.value;
    Ran {
        value,
        returned,
        holders,
        panics: panics().clone(),
    }
}

fn run_controller(batch: Batch, log: &BatchLog) -> Ran<anyhow::Result<()>> {
    let handles = log.clone();
    run(
        log.recorder(),
        move || handles.batch_handles(),
        move || subject::controller::controller(batch),
    )
}

fn run_with_deadline(batch: Batch, log: &BatchLog, deadline: Duration) -> Ran<anyhow::Result<()>> {
    let handles = log.clone();
    run(
        log.recorder(),
        move || handles.batch_handles(),
        move || subject::deadline::controller_with_deadline(batch, deadline),
    )
}

/// Seconds to the millisecond, where rounding to hundredths would hide an order.
fn precise(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

/// Whether the error names `task`: the harness's own error passed on, or words that say so in
/// any wording or case ("task 37", "Task #37", `TaskFailed { task: 37, .. }` from `{:?}`), but
/// not tokio's numbering of its own tasks ("task 37 panicked", "task 37 was cancelled").
fn names_task(err: &anyhow::Error, task: u32) -> bool {
    let passed_on = err
        .chain()
        .any(|c| c.downcast_ref::<TaskFailed>().is_some_and(|f| f.task == task));
    passed_on || says_task(&format!("{err:#}"), task) || says_task(&format!("{err:?}"), task)
}

fn says_task(text: &str, task: u32) -> bool {
    let text = text.to_lowercase();
    text.match_indices("task").any(|(at, word)| {
        let rest = text[at + word.len()..].trim_start_matches(|c: char| !c.is_alphanumeric() && c != '\n');
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let after = &rest[digits..];
        rest[..digits] == task.to_string() && !after.starts_with(" panicked") && !after.starts_with(" was cancelled")
    })
}

/// `spans` by lane: by worker, by handler, by consumer.
fn by_lane<K>(spans: &[Span<K>]) -> BTreeMap<&str, Vec<&Span<K>>> {
    let mut lanes: BTreeMap<&str, Vec<&Span<K>>> = BTreeMap::new();
    for span in spans {
        lanes.entry(span.lane.as_str()).or_default().push(span);
    }
    lanes
}

/// The first lane that was busy with more than one thing at once, how many, and on what.
fn self_overlap<'a, K>(lanes: &BTreeMap<&'a str, Vec<&'a Span<K>>>) -> Option<(&'a str, usize, String)> {
    lanes.iter().find_map(|(lane, spans)| {
        let most = most_at_once(spans.iter().copied());
        (most > 1).then(|| {
            // The spans in progress at the busiest moment: some start there.
            let at = spans
                .iter()
                .map(|s| s.start)
                .max_by_key(|t| spans.iter().filter(|s| s.start <= *t && *t < s.end).count())
                .unwrap_or_default();
            let busy = spans
                .iter()
                .filter(|s| s.start <= at && at < s.end)
                .map(|s| s.label.as_str());
            (
                *lane,
                most,
                format!("{lane} at {}: {}", fmt_duration(at), shown(busy, 5)),
            )
        })
    })
}

/// Fails if the job left anything behind after it returned: work still going on, a task still
/// holding the batch, or a task that panicked unheard.
fn check_stopped(what: &str, log: &BatchLog, ran: &Ran<anyhow::Result<()>>) {
    check_nothing_left(what, log.recorder(), ran.returned);
    check_no_silent_panic(what, &ran.value, &ran.panics, log.recorder(), ran.returned);
    if ran.holders > 0 {
        Failure::new(format!("a task of {what} was still alive a second after it returned"))
            .measured(format!(
                "{what} returned at {}; a second later, {} handle(s) of the batch were still held by the program",
                fmt_duration(ran.returned),
                ran.holders
            ))
            .expected("every task the job started has ended (or been aborted) by then, dropping its clone of the batch")
            .why(
                "a task waiting forever (on a queue nobody will fill or drain) does no work, yet it was \
                 never stopped: it lives as long as the runtime does",
            )
            .hint("which of your tasks is not in the set the job waits on and stops when it returns?")
            .fail();
    }
}

/// Fails on a panic in the program's tasks that the job's result does not tell of.
fn check_no_silent_panic<T, K: Clone>(
    what: &str,
    outcome: &anyhow::Result<T>,
    panics: &[(String, bool)],
    recorder: &Recorder<K>,
    returned: Duration,
) {
    let heard = outcome
        .as_ref()
        .err()
        .is_some_and(|err| format!("{err:#}").to_lowercase().contains("panic"));
    let Some((message, after)) = panics.first().filter(|_| !heard) else {
        return;
    };
    let title = if *after {
        format!("a task panicked after {what} returned, and nobody heard of it")
    } else {
        format!("a task panicked while {what} ran, and {what} did not report it")
    };
    Failure::new(title)
        .measured(format!(
            "panic: {message}\n{what} returned at {} ({})",
            fmt_duration(returned),
            match outcome {
                Ok(_) => "Ok".to_owned(),
                Err(err) => format!("Err: {err:#}"),
            }
        ))
        .expected("no task panics; or, if one does, the job hears of it and fails with it")
        .why(if *after {
            "the task was still running after the job had returned: the job neither watched it nor stopped it, so \
             when it failed there was nobody to tell (a `send` or `recv` on a queue the job's end closed, say)"
        } else {
            "a task nobody watches can fail unseen: its panic is printed, and the job goes on as if nothing happened"
        })
        .hint("every task the job starts should be one the job watches, and stops when it returns")
        .timeline(picture(recorder, returned + GRACE))
        .fail();
}

// ---------------------------------------------------------------------------------------------
// Problem 1 — controller

fn problem1_controller_delivers_every_result_once() {
    let (batch, log) = Batch::open();
    let ran = run_controller(batch, &log);
    let returned = ran.returned;
    if let Err(err) = &ran.value {
        Failure::new("the job failed")
            .measured(format!("Err: {err:#}"))
            .expected("Ok: no task fails in this batch")
            .timeline(picture(log.recorder(), returned))
            .fail();
    }
    // Every task worked on once, and its output delivered once: counted, so a repeat shows.
    let worked = Tally::of(0..TASKS, log.work().iter().filter(|s| s.done()).map(|s| s.key.task()));
    let delivered = Tally::of(0..TASKS, log.delivered().iter().map(|(task, ..)| *task));
    let wrong = log
        .delivered()
        .into_iter()
        .find(|(task, output, _)| *output != u64::from(*task) * 2)
        .map(|(task, output, _)| format!("task {task} delivered {output}, its output is {}", task * 2));
    let delivery_says = Says {
        missing: "tasks never delivered",
        repeated: "tasks delivered more than once",
        strays: "deliveries of tasks not in the batch",
    };
    let work_says = Says {
        missing: "tasks no worker did (`batch.work`)",
        repeated: "tasks worked on more than once",
        strays: "work on tasks not in the batch",
    };
    let problems: Vec<String> = [delivered.measured(delivery_says, u32::to_string)]
        .into_iter()
        .chain(wrong)
        .chain([worked.measured(work_says, u32::to_string)])
        .filter(|problem| !problem.is_empty())
        .collect();
    if !problems.is_empty() {
        let only_undelivered =
            !delivered.missing().is_empty() && delivered.repeated().is_empty() && worked.missing().is_empty();
        let hint = if only_undelivered {
            "did the job return before the result handlers were done? Wait for every stage to finish"
        } else {
            "each task goes through the pipeline once: into the work queue once, taken by one worker, its \
             result taken by one handler"
        };
        Failure::new("not every task was worked on and delivered exactly once")
            .measured(problems.join("\n"))
            .expected(format!(
                "each of the {TASKS} tasks worked on once by a worker, and its output delivered once"
            ))
            .hint(hint)
            .timeline(picture(log.recorder(), returned))
            .fail();
    }
    let calls = log.job_done_calls();
    let last_delivery = log.delivered().iter().map(|(_, _, at)| *at).max().unwrap_or_default();
    match calls.as_slice() {
        [(at, elapsed)] if *at >= last_delivery && *elapsed == *at => {}
        [] => Failure::new("the job-completed callback was never called")
            .expected("`batch.job_done(elapsed)` once, after the last delivery, with the job's elapsed time")
            .hint("the job knows when it started; once every stage is done, it reports how long it took")
            .fail(),
        calls => {
            let real_clock = calls.iter().any(|(at, elapsed)| *elapsed < *at / 10);
            Failure::new("the job-completed callback was not called once, at the end, with the elapsed time")
                .measured(
                    calls
                        .iter()
                        .map(|(at, elapsed)| {
                            let when = if *at < last_delivery {
                                "before the last delivery ended"
                            } else {
                                "after the last delivery"
                            };
                            format!(
                                "called at {} ({when}) with elapsed = {}",
                                precise(*at),
                                precise(*elapsed)
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("\n"),
                )
                .expected(format!(
                    "one call, once the last delivery has ended (at {}), reporting the time since the job started",
                    precise(last_delivery)
                ))
                .why(if real_clock {
                    "the elapsed time reported is a small part of the simulated time that passed: \
                     `std::time::Instant` measures real time, which a simulated run hardly spends; \
                     `tokio::time::Instant` follows the runtime's (paused) clock"
                } else {
                    "the callback says the whole job is over, and how long it took from its start"
                })
                .hint("wait for every stage before calling it, and measure from the job's start on the runtime's clock")
                .fail()
        }
    }
    check_stopped("the job", &log, &ran);
}

/// When the last delivery ends if the tasks are taken in the order the producer queues them,
/// each by the first worker free, and the results delivered by the first handler free: what any
/// program with `WORKERS` workers and `HANDLERS` handlers that never idle while work waits gives.
fn ideal_finish(log: &BatchLog) -> (Duration, Duration) {
    let mut workers = vec![Duration::ZERO; WORKERS];
    let mut results = Vec::new();
    for task in 0..TASKS {
        let free = workers.iter_mut().min().expect("workers");
        *free += log.time_of(task);
        results.push(*free);
    }
    results.sort();
    let work_done = results.last().copied().unwrap_or_default();
    let mut handlers = vec![Duration::ZERO; HANDLERS];
    for ready in results {
        let free = handlers.iter_mut().min().expect("handlers");
        *free = (*free).max(ready) + DELIVERY;
    }
    (work_done, handlers.into_iter().max().unwrap_or_default())
}

fn problem1_controller_runs_at_full_size_and_speed() {
    let (batch, log) = Batch::open();
    let ran = run_controller(batch, &log);
    let returned = ran.returned;
    if let Err(err) = &ran.value {
        Failure::new("the job failed, so its speed can't be judged")
            .measured(format!("Err at {}: {err:#}", fmt_duration(returned)))
            .hint("make problem1_controller_delivers_every_result_once pass first")
            .fail();
    }
    let (work, deliveries) = (log.work(), log.deliveries());
    let workers = by_lane(&work);
    let handlers = by_lane(&deliveries);
    // Size is counted by who did the work: a worker (or handler) id busy twice at once is not
    // one worker, whatever the total.
    for (lanes, what, unit) in [(&workers, "worker", "tasks"), (&handlers, "handler", "results")] {
        if let Some((lane, most, busy)) = self_overlap(lanes) {
            Failure::new(format!("{lane} was busy with {most} {unit} at once"))
                .measured(busy)
                .expected(format!(
                    "each {what} handles one of its {unit} at a time, under an id of its own"
                ))
                .why(format!(
                    "a {what} does one thing at a time, so the pipeline's size is counted by which {what} did the \
                     work: {what}s sharing an id, or one that spawns a task for each of its {unit}, hide how many \
                     there really are"
                ))
                .hint(format!(
                    "does each {what} pass its own id, and finish one of its {unit} before it takes the next?"
                ))
                .timeline(picture(log.recorder(), returned))
                .fail();
        }
    }
    let working = most_at_once(&work);
    let delivering = most_at_once(&deliveries);
    if workers.len() != WORKERS || working != WORKERS || handlers.len() != HANDLERS || delivering != HANDLERS {
        let hint = match (workers.len(), handlers.len()) {
            (n, _) if n < WORKERS => format!(
                "only {n} workers did any work: does the job start {WORKERS}, and can one take a task while \
                 another works? (a worker that keeps the work queue's lock while it works keeps the others out)"
            ),
            (_, n) if n < HANDLERS => format!(
                "only {n} handlers delivered anything: does the job start {HANDLERS}, and can one take a result \
                 while another delivers? (a handler that keeps the result queue's lock while it delivers keeps \
                 the others out)"
            ),
            _ if working < WORKERS => "the workers take turns instead of working side by side: is the work \
                                       queue's lock still held while a worker works?"
                .to_owned(),
            _ if delivering < HANDLERS => "the handlers take turns instead of delivering side by side: is the \
                                           result queue's lock still held while a handler delivers?"
                .to_owned(),
            _ => "count the workers and handlers your job starts, and the ids they pass to `work` and `deliver`"
                .to_owned(),
        };
        Failure::new("the pipeline is not the job's size")
            .measured(format!(
                "{} workers did the work, at most {working} tasks at once; {} handlers delivered, at most \
                 {delivering} results at once",
                workers.len(),
                handlers.len()
            ))
            .expected(format!(
                "{WORKERS} workers, all at work while tasks wait; {HANDLERS} handlers, whom the results keep all busy \
                 at times ({HANDLERS} deliveries at once, never more)"
            ))
            .why("the job is sized for 25 workers and 10 handlers: fewer is slower, more overloads whatever the callbacks call")
            .hint(hint)
            .timeline(picture(log.recorder(), returned))
            .fail();
    }
    let total: Duration = (0..TASKS).map(|t| log.time_of(t)).sum();
    let longest = (0..TASKS).map(|t| log.time_of(t)).max().unwrap_or_default();
    let share = total / WORKERS as u32;
    let lower = share.max(longest) + DELIVERY;
    let (work_done, ideal) = ideal_finish(&log);
    let upper = ideal.mul_f64(1.02);
    let bound = TimeBound {
        lower,
        derivation: format!(
            "the tasks need {} of work in all; {WORKERS} workers can't do it in less than a 25th of that, \
             {}, and the last result still needs its {} of delivery: {} at the least. Workers that take the \
             next task the moment they are free, in the order the producer queues them, finish the work at {}, \
             and {HANDLERS} handlers that take each result the moment they are free deliver the last at {}.",
            fmt_duration(total),
            fmt_duration(share),
            fmt_duration(DELIVERY),
            fmt_duration(lower),
            fmt_duration(work_done),
            fmt_duration(ideal),
        ),
        tolerance: upper.as_secs_f64() / lower.as_secs_f64() - 1.0,
        one_at_a_time: Some((total + DELIVERY * TASKS, "one worker and one handler".into())),
    };
    if let Err(failure) = bound.check(returned) {
        failure
            .hint(
                "every worker should take the next task, and every handler the next result, the moment it is free; \
                 does a stage wait for something it need not, or do another stage's work?",
            )
            .timeline(picture(log.recorder(), returned))
            .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 2 — failing worker

const FAILING: [u32; 2] = [37, 150];

fn problem2_a_failing_worker_fails_the_job_promptly() {
    let (batch, log) = Batch::failing(&FAILING);
    let ran = run_controller(batch, &log);
    let (outcome, returned) = (&ran.value, ran.returned);
    let failures: Vec<_> = log
        .work()
        .into_iter()
        .filter(|s| s.outcome == Outcome::Failed)
        .collect();
    let Some(first) = failures.iter().min_by_key(|s| s.end).cloned() else {
        Failure::new("no task failed: the failing tasks were never worked on")
            .measured(format!(
                "returned {:?} at {}",
                outcome.as_ref().map_err(|e| format!("{e:#}")),
                fmt_duration(returned)
            ))
            .expected(format!("tasks {FAILING:?} make their worker fail"))
            .fail()
    };
    let task = first.key.task();
    let err = match outcome {
        Ok(()) => Failure::new(format!(
            "{} failed on {}, and the job reported success",
            first.lane, first.label
        ))
        .measured(format!("Ok at {}", fmt_duration(returned)))
        .expected(format!("an error naming {}", first.label))
        .why("a failure nobody hears of is a task silently lost: the job must not say it succeeded")
        .hint("what happens to the `Err` a worker gets from `batch.work()`, and who hears of it?")
        .timeline(picture(log.recorder(), returned))
        .fail(),
        Err(err) => err,
    };
    if returned > first.end + GRACE {
        Failure::new("the job reported the failure late")
            .measured(format!(
                "{} failed at {}; the job returned at {}, with: {err:#}",
                first.lane,
                fmt_duration(first.end),
                fmt_duration(returned)
            ))
            .expected(format!(
                "the error by {} — the failure's time plus {} at most",
                fmt_duration(first.end + GRACE),
                fmt_duration(GRACE)
            ))
            .why(
                "the rest of the batch may take seconds more; a failure that ends the job should end it now, not \
                 after the stages that happen to be waited on first are done",
            )
            .hint("the controller must be waiting on every stage at once, ready to react to whichever ends first")
            .timeline(picture(log.recorder(), returned + GRACE))
            .fail();
    }
    if !names_task(err, task) {
        let other = FAILING.iter().find(|&&t| t != task && names_task(err, t));
        let failure = match other {
            Some(other) => Failure::new("the job's error names another task than the one that failed first")
                .measured(format!("Err: {err:#}"))
                .expected(format!("an error naming task {task}, which failed first, at {}", fmt_duration(first.end)))
                .why(format!("task {other} failed later, or not at all in this run: the job must report the failure that ended it")),
            None => Failure::new("the job failed, but its error does not name the failed task")
                .measured(format!("Err: {err:#}"))
                .expected(format!(
                    "an error naming task {task} (the error `batch.work()` returned says \"{} failed on task {task}\")",
                    first.lane
                ))
                .why("the caller needs to know which task failed to do anything about it"),
        };
        failure
            .hint("is the worker's own error passed on to the caller, or replaced on the way?")
            .fail();
    }
    if !log.job_done_calls().is_empty() {
        Failure::new("the job-completed callback was called for a job that failed")
            .measured(format!("called {} time(s)", log.job_done_calls().len()))
            .expected("no call: the job did not complete")
            .fail();
    }
}

fn problem2_a_failed_job_leaves_nothing_running() {
    let (batch, log) = Batch::failing(&FAILING);
    let ran = run_controller(batch, &log);
    if ran.value.is_ok() {
        Failure::new("the job reported success although a worker failed")
            .hint("make problem2_a_failing_worker_fails_the_job_promptly pass first")
            .fail();
    }
    check_stopped("the failed job", &log, &ran);
    let delivered = Tally::of(0..TASKS, log.delivered().iter().map(|(task, ..)| *task));
    if let Some(task) = delivered.repeated().first() {
        let n = delivered.times(task);
        Failure::new(format!("task {task} was delivered {n} times"))
            .expected("each task delivered at most once")
            .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 3 — timeout

/// Two deadlines, both well short of the job: at each, several deliveries have ended and several
/// are under way (none ends exactly then), so only deliveries counted once they have ended give
/// the right number. At the first, the producer is still waiting to queue tasks, so it must be
/// stopped too.
const DEADLINES: [Duration; 2] = [Duration::from_millis(1234), Duration::from_millis(3210)];

fn problem3_a_job_past_its_deadline_returns_at_the_deadline() {
    for deadline in DEADLINES {
        let (batch, log) = Batch::open();
        let ran = run_with_deadline(batch, &log, deadline);
        let (outcome, returned) = (&ran.value, ran.returned);
        let ended = log.delivered().iter().filter(|(_, _, at)| *at <= deadline).count();
        let started = log.deliveries().iter().filter(|s| s.start <= deadline).count();
        let made = log.work().iter().filter(|s| s.done() && s.end <= deadline).count();
        let problem = match outcome {
            Ok(()) => Some(format!(
                "returned Ok at {}: the job can't have finished",
                fmt_duration(returned)
            )),
            Err(err) if returned != deadline => Some(format!("returned at {}: {err:#}", precise(returned))),
            Err(err) => {
                let text = format!("{err:#}");
                let numbers: Vec<usize> = text
                    .split(|c: char| !c.is_ascii_digit())
                    .filter_map(|n| n.parse().ok())
                    .collect();
                if numbers.contains(&ended) {
                    None
                } else if numbers.contains(&started) && started != ended {
                    Some(format!(
                        "the error says {started}, the deliveries that had started: \"{text}\" — {} of them were \
                         still under way, and were cancelled with the job",
                        started.saturating_sub(ended)
                    ))
                } else if numbers.contains(&made) && made != ended {
                    Some(format!(
                        "the error says {made}, the results the workers had made: \"{text}\" — a result is delivered \
                         when its delivery has ended"
                    ))
                } else {
                    Some(format!(
                        "the error does not say how many tasks were delivered: \"{text}\""
                    ))
                }
            }
        };
        if let Some(problem) = problem {
            Failure::new(format!("the job did not give up cleanly at its deadline of {}", precise(deadline)))
                .measured(problem)
                .expected(format!(
                    "an error at {}, saying the deadline passed with {ended} of {TASKS} tasks delivered \
                     (deliveries that had ended by then; {} more were under way)",
                    precise(deadline),
                    started.saturating_sub(ended)
                ))
                .why("asyncio's wait_for: stop waiting at the deadline, and tell the caller what got done")
                .hint("stop the whole job at the deadline, and count what it delivered as it goes: each delivery once it has ended")
                .timeline(picture(log.recorder(), returned + GRACE))
                .fail();
        }
        check_stopped("the job that missed its deadline", &log, &ran);
    }
}

fn problem3_a_job_within_its_deadline_completes() {
    let deadline = Duration::from_secs(60);
    let (batch, log) = Batch::open();
    let ran = run_with_deadline(batch, &log, deadline);
    let (outcome, returned) = (&ran.value, ran.returned);
    if outcome.is_err() || log.delivered().len() != TASKS as usize || log.job_done_calls().len() != 1 {
        let hint = if returned >= deadline {
            "the job itself took longer than a minute, ten times what it needs: make problem 1 pass first"
        } else {
            "with time to spare, the deadline changes nothing: the job's own result, its deliveries and its callback"
        };
        Failure::new(format!(
            "a job with time to spare ({}) did not complete",
            fmt_duration(deadline)
        ))
        .measured(format!(
            "{:?} at {}, {} tasks delivered, job_done called {} times",
            outcome.as_ref().map_err(|e| format!("{e:#}")),
            fmt_duration(returned),
            log.delivered().len(),
            log.job_done_calls().len()
        ))
        .expected("Ok, every task delivered, the job-completed callback called once")
        .hint(hint)
        .fail();
    }
    check_stopped("the job", &log, &ran);
}

// ---------------------------------------------------------------------------------------------
// Problem 4 — time in the queue

/// Every item's time in the queue, as a fair (oldest first) queue with `CONSUMERS` consumers
/// that never idle while an item waits must give it: the same for any correct program.
fn expected_waits(log: &MarketLog) -> BTreeMap<u32, Duration> {
    let mut arrivals = Vec::new();
    for p in 0..PRODUCERS {
        let mut at = Duration::ZERO;
        for n in 0..Market::count_of(p) {
            at += log.making_time(p, n);
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
        free[slot] = start + log.consuming_time(id);
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
    let ran = run(log.recorder(), || 0, move || subject::market::time_in_queue(market));
    let returned = ran.returned;
    check_nothing_left("time_in_queue", log.recorder(), returned);
    check_no_silent_panic("time_in_queue", &Ok(()), &ran.panics, log.recorder(), returned);
    // Each item taken once and consumed once, counted so that a repeat shows.
    let mut taken: BTreeMap<u32, Vec<(usize, Duration)>> = BTreeMap::new();
    for (id, consumer, at) in log.taken() {
        taken.entry(id).or_default().push((consumer, at));
    }
    let consumption: Vec<Span<Trade>> = log
        .recorder()
        .spans()
        .into_iter()
        .filter(|s| matches!(s.key, Trade::Consume { .. }))
        .collect();
    let consumed = |id: u32| {
        consumption
            .iter()
            .any(|s| s.done() && matches!(s.key, Trade::Consume { item, .. } if item == id))
    };
    let twice = taken.iter().filter(|(_, takes)| takes.len() > 1).map(|(id, takes)| {
        let by = takes
            .iter()
            .map(|(c, at)| format!("consumer {c} at {}", fmt_duration(*at)));
        format!("item {id} taken {} times: {}", takes.len(), shown(by, 6))
    });
    let unfinished = taken
        .keys()
        .filter(|id| !consumed(**id))
        .map(|id| format!("item {id} taken, never consumed to the end"));
    let (twice, unfinished): (Vec<String>, Vec<String>) = (twice.collect(), unfinished.collect());
    if !twice.is_empty() || !unfinished.is_empty() {
        let measured = [shown_lines(&twice, 6), shown_lines(&unfinished, 6)];
        Failure::new("not every item was taken off the queue and consumed exactly once")
            .measured(measured.join("\n").trim())
            .expected("each item made taken by one consumer, once, and consumed to the end")
            .hint("an item leaves the queue once: who else can see it, and does every consumer finish what it takes?")
            .timeline(picture(log.recorder(), returned + GRACE))
            .fail();
    }
    let consumers = by_lane(&consumption);
    if let Some((lane, most, busy)) = self_overlap(&consumers) {
        Failure::new(format!("{lane} consumed {most} items at once"))
            .measured(busy)
            .expected(format!(
                "{CONSUMERS} consumers, each consuming one item at a time, under an id of its own"
            ))
            .why(
                "a consumer consumes one item at a time: the market's waits depend on how many consumers there are, and \
                 which consumer took an item is how that is counted",
            )
            .hint("does each consumer pass its own id, and finish one item before it takes the next?")
            .timeline(picture(log.recorder(), returned))
            .fail();
    }
    let expected = expected_waits(&log);
    let observed: BTreeMap<u32, Duration> = log
        .made()
        .iter()
        .filter_map(|item| taken.get(&item.id).map(|takes| (item.id, takes[0].1 - item.made_at)))
        .collect();
    if observed != expected {
        let made: Vec<u32> = log.made().iter().map(|item| item.id).collect();
        let differ = expected
            .iter()
            .filter(|(id, wait)| observed.get(id) != Some(wait))
            .map(|(id, wait)| {
                let waited = match observed.get(id) {
                    Some(w) => fmt_duration(*w),
                    None if made.contains(id) => "— (never taken)".into(),
                    None => "— (never made)".into(),
                };
                format!("item {id}: waited {waited}, expected {}", fmt_duration(*wait))
            });
        Failure::new("the market did not run as a fair, busy queue")
            .measured(format!("{}\n{}", stats(&observed), shown_lines(differ, 6)))
            .expected(format!(
                "{} — every producer making items at the same time, {CONSUMERS} consumers, oldest item first",
                stats(&expected)
            ))
            .why(
                "with the producers side by side and every consumer taking the oldest waiting item the moment \
                 it is free, each item's wait follows from the seeded times alone",
            )
            .hint("one task per producer and one per consumer, all started at once, sharing one queue")
            .timeline(picture(log.recorder(), returned + GRACE))
            .fail();
    }
    // The report as returned: a repeated or missing item must show, not vanish into a map.
    let mut reported: BTreeMap<u32, Vec<Duration>> = BTreeMap::new();
    for (id, wait) in &ran.value {
        reported.entry(*id).or_default().push(*wait);
    }
    let differ: Vec<String> = observed
        .iter()
        .filter(|(id, wait)| reported.get(id).map(Vec::as_slice) != Some(std::slice::from_ref(*wait)))
        .chain(
            reported
                .keys()
                .filter(|id| !observed.contains_key(id))
                .map(|id| (id, &Duration::ZERO)),
        )
        .map(|(id, wait)| match reported.get(id).map(Vec::as_slice) {
            None | Some([]) => format!("item {id}: not reported, it waited {}", fmt_duration(*wait)),
            Some([one]) if observed.contains_key(id) => {
                format!(
                    "item {id}: reported {}, it waited {}",
                    fmt_duration(*one),
                    fmt_duration(*wait)
                )
            }
            Some([_]) => format!("item {id}: reported, but no such item was made"),
            Some(many) => format!(
                "item {id}: reported {} times ({})",
                many.len(),
                many.iter().map(|w| fmt_duration(*w)).collect::<Vec<_>>().join(", ")
            ),
        })
        .collect();
    if !differ.is_empty() {
        let hint = if reported.values().any(|w| w.len() > 1) {
            "each item's wait belongs in the report once: where is it added twice?"
        } else {
            "the wait is from the moment an item was made to the moment a consumer takes it off the queue — not \
             when the consumer is done with it"
        };
        Failure::new("the reported times in the queue are not the times the items waited")
            .measured(shown_lines(&differ, 6))
            .expected(format!(
                "each of the {} items once, with the time from being made to being taken",
                observed.len()
            ))
            .hint(hint)
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
