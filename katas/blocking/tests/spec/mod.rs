//! The blocking kata's spec. One file, two crates: `cargo test -p kata-blocking` runs it against
//! the kata, `cargo test -p solution-blocking` against the reference solution.
//!
//! These runs use the real clock: a paused clock stands still while a thread is blocked, so it
//! can't see blocking at all. The checks lean on what is certain — which thread each piece of
//! work ran on (the runtime's, or another), how many blocking jobs ran at once, how many steps
//! of the computation ran while a due beat waited — and judge real time only where the OS's
//! part can be taken out: a heartbeat kept waiting for a quarter of the run, not counting the
//! time the runtime's thread waited for a CPU, was held by the program, on any machine.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::time::Duration;

use kata_harness::blocking::{ANSWER, HEARTBEAT, Lab, LabLog, Ran, STEPS, Stamp, job_time};
use kata_harness::prelude::*;

use crate::subject;

/// The blocking pool of problem 3: jobs beyond this many wait for a thread.
const POOL: usize = 4;

/// The most steps a due beat may wait through: a quarter of the computation. A checkpoint
/// every k steps lets a beat in within about 2k (it is noticed at one checkpoint and may run at
/// the next), so anything up to a checkpoint every 150 steps — 128 for `consume_budget` — passes.
const MOST_STEPS_WAITED: usize = STEPS as usize / 4;

/// The share of a run the heartbeat may be held up in all, CPU waits not counted.
const HELD_SHARE: f64 = 0.25;

/// What `block_in_place` panics with on a current-thread runtime.
const MULTI_THREAD_ONLY: &str = "can call blocking only when running on the multi-threaded runtime";

/// What a run with the heartbeat beside it gives back.
struct Beside<T> {
    value: T,
    log: LabLog,
    runtime_thread: std::thread::ThreadId,
    start: Stamp,
    end: Stamp,
}

/// Runs `work(lab)` on a current-thread runtime in real time, with the spec's heartbeat beating
/// every 10 ms on the same runtime.
fn with_heartbeat<F, Fut>(blocking_threads: usize, work: F) -> Beside<Fut::Output>
where
    F: FnOnce(Lab) -> Fut + Send + 'static,
    Fut: Future + 'static,
    Fut::Output: Send + 'static,
{
    let (lab, log) = Lab::open();
    let sim = Sim::new(secs(10)).real_time().blocking_threads(blocking_threads);
    let make = {
        let log = log.clone();
        move || async move {
            let heartbeat = tokio::spawn(async move {
                loop {
                    let sleep = tokio::time::sleep(HEARTBEAT);
                    log.beat(sleep.deadline().into_std());
                    sleep.await;
                }
            });
            tokio::task::yield_now().await; // the first beat
            let start = Stamp::now();
            let value = work(lab).await;
            let end = Stamp::now();
            heartbeat.abort();
            (value, start, end)
        }
    };
    let caught = std::panic::catch_unwind(AssertUnwindSafe(|| simulate(sim, make)));
    let run: Run<(Fut::Output, Stamp, Stamp)> = caught.unwrap_or_else(|panic| explain_panic(panic));
    let (value, start, end) = run.value;
    Beside {
        value,
        log,
        runtime_thread: run.runtime_thread,
        start,
        end,
    }
}

/// `block_in_place` gets a message of its own: the runner's, for any panic, points at unwraps.
fn explain_panic(panic: Box<dyn std::any::Any + Send>) -> ! {
    let text = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or_default();
    if text.contains(MULTI_THREAD_ONLY) {
        Failure::new("`block_in_place` panicked: it needs the multi-threaded runtime")
            .measured(format!("panic: {MULTI_THREAD_ONLY}"))
            .expected("the work done off the runtime's thread, on this single-threaded runtime")
            .why(
                "`block_in_place` keeps the work where it is and moves the *runtime's other tasks* to \
                 another worker thread. A current-thread runtime — this one, `#[tokio::test]`'s, \
                 `flavor = \"current_thread\"` — has no other worker, so it panics instead",
            )
            .hint("move the work itself to a thread that may block: tokio keeps a pool of them, on every runtime")
            .fail();
    }
    std::panic::resume_unwind(panic)
}

/// Fails if the heartbeat was held up for [`HELD_SHARE`] or more of the run, in all.
fn check_runtime_free<T>(run: &Beside<T>, what: &str, hint: &str) {
    let span = run.end.at - run.start.at;
    let held = run.log.held(&run.start, &run.end);
    if span > Duration::ZERO && held.total.as_secs_f64() >= span.as_secs_f64() * HELD_SHARE {
        let forgiven = if held.forgiven >= ms(1) {
            format!(
                " ({} more, while the machine had no CPU free for the thread, not counted)",
                fmt_duration(held.forgiven)
            )
        } else {
            String::new()
        };
        Failure::new("the heartbeat was held up while the work ran")
            .measured(format!(
                "{what} took {}; the heartbeat, due every {}, was kept waiting {} in all{forgiven}: \
                 {} of its beats late, the longest by {}",
                fmt_duration(span),
                fmt_duration(HEARTBEAT),
                fmt_duration(held.total),
                held.late_beats,
                fmt_duration(held.longest)
            ))
            .expected(format!(
                "the runtime's thread free, so beats come on time: held up less than {:.0} % of the run in all",
                HELD_SHARE * 100.0
            ))
            .why(
                "the heartbeat is a task on the same runtime: it can only beat when the runtime's thread \
                 is free. A computation or a blocking call holds the thread until it is done — and one \
                 that holds it in pieces, with `.await`s between, still holds it for most of the run",
            )
            .hint(hint)
            .fail();
    }
}

fn where_it_ran(ran: &Ran, runtime: std::thread::ThreadId) -> String {
    if ran.thread == runtime {
        "the runtime's own thread".into()
    } else {
        format!("thread {:?}", ran.thread_name.as_deref().unwrap_or("(unnamed)"))
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 1 — ticker

fn problem1_ticker_result_is_right() {
    let run = with_heartbeat(POOL, subject::ticker::compute);
    if run.value != ANSWER {
        Failure::new("compute returned the wrong result")
            .measured(run.value.to_string())
            .expected(format!("{ANSWER}, what lab.heavy() returns"))
            .fail();
    }
}

fn problem1_ticker_keeps_beating() {
    let run = with_heartbeat(POOL, subject::ticker::compute);
    let runs = run.log.heavy_runs();
    let Some(heavy) = runs.first() else {
        Failure::new("lab.heavy() was never called")
            .expected("one call, returning its result")
            .fail()
    };
    if heavy.thread == run.runtime_thread {
        Failure::new("the heavy computation ran on the runtime's thread")
            .measured(format!(
                "lab.heavy() ran on the runtime's own thread for {}; the heartbeat was kept waiting {} in all",
                fmt_duration(heavy.end - heavy.start),
                fmt_duration(run.log.held(&run.start, &run.end).total)
            ))
            .expected("the computation on another thread, the runtime's thread free for the heartbeat")
            .why(
                "an async fn is no place for long computation: it runs on the runtime's thread from one \
                 `.await` to the next, and `lab.heavy()` has none — so for its whole run, no other \
                 task gets the thread, even in a task of its own. (asyncio's `async def factorial` that \
                 starves a ticking task is the same mistake.)",
            )
            .hint("move the computation off the runtime's thread — tokio keeps a pool of threads for work that would block it — and await its result")
            .fail();
    }
    check_runtime_free(
        &run,
        "compute",
        "the computation left the runtime's thread, yet the thread still could not run the heartbeat: \
         is it waiting for the result with a blocking call (a thread's `join()`, a std channel's `recv()`, \
         a `block_on`)? Await it instead.",
    );
}

// ---------------------------------------------------------------------------------------------
// Problem 2 — checkpoints

fn problem2_checkpoints_result_is_right() {
    let run = with_heartbeat(POOL, subject::checkpoints::compute_in_steps);
    let steps = run.log.steps().len();
    if run.value != ANSWER || steps != STEPS as usize {
        Failure::new("compute_in_steps returned the wrong result")
            .measured(format!("{} after {steps} steps", run.value))
            .expected(format!(
                "{ANSWER} after {STEPS} steps: `acc = lab.step(i, acc)` for each i, from acc = 0"
            ))
            .fail();
    }
}

fn problem2_checkpoints_stay_on_the_runtime() {
    let run = with_heartbeat(POOL, subject::checkpoints::compute_in_steps);
    let off = run
        .log
        .steps()
        .iter()
        .filter(|s| s.thread != run.runtime_thread)
        .count();
    if off > 0 {
        let first = run.log.steps().into_iter().find(|s| s.thread != run.runtime_thread);
        Failure::new("the steps ran off the runtime")
            .measured(format!(
                "{off} of {STEPS} steps ran on {}",
                first.map(|s| where_it_ran(&s, run.runtime_thread)).unwrap_or_default()
            ))
            .expected("every step on the runtime's own thread")
            .why(
                "this problem is about the other fix: staying on the runtime, and handing the thread back \
                 now and then. (Offloading is problem 1's answer, and a fine one — but not this problem's.)",
            )
            .hint("keep the loop in the async fn, and add checkpoints to it")
            .fail();
    }
}

fn problem2_checkpoints_let_the_heartbeat_in() {
    let run = with_heartbeat(POOL, subject::checkpoints::compute_in_steps);
    let Some(first) = run.log.steps().into_iter().min_by_key(|s| s.start) else {
        Failure::new("lab.step() was never called").fail()
    };
    let Some(wait) = run.log.longest_wait_in_steps(run.end.at) else {
        return;
    };
    if wait.steps > MOST_STEPS_WAITED {
        let then = if wait.came {
            "before it got the thread"
        } else {
            "and it never got the thread before the computation ended"
        };
        Failure::new(format!("a beat that came due waited through {} steps", wait.steps))
            .measured(format!(
                "{} into the computation the heartbeat came due; {} steps ({}) ran {then}",
                fmt_duration(wait.due.saturating_duration_since(first.start)),
                wait.steps,
                fmt_duration(wait.took)
            ))
            .expected(format!(
                "every beat in within {MOST_STEPS_WAITED} steps of coming due: a quarter of the {STEPS}"
            ))
            .why(
                "a checkpoint lets in only what is ready at that moment, and the loop that yielded may be \
                 polled again first: a beat that comes due is noticed at one checkpoint and may run only at \
                 the next, so it can wait through twice the steps between checkpoints. (Steps are counted, \
                 not milliseconds: a busy machine doesn't change this verdict.)",
            )
            .hint(
                "hand the thread back every few steps, as asyncio's `await asyncio.sleep(0)` does: the \
                 runtime runs whatever is ready, then comes back. Checkpoints must be close together: \
                 every few milliseconds of work.",
            )
            .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 3 — offload

/// Every blocking job ran on a thread of the blocking pool, not on the runtime's.
fn check_jobs_off_the_runtime<T>(run: &Beside<T>, and_then: &str) {
    let on_runtime = run
        .log
        .jobs()
        .into_iter()
        .find(|(_, ran)| ran.thread == run.runtime_thread);
    if let Some((id, ran)) = on_runtime {
        Failure::new("a blocking job ran on the runtime's thread")
            .measured(format!(
                "job {id} blocked {} for {}",
                where_it_ran(&ran, run.runtime_thread),
                fmt_duration(ran.end - ran.start)
            ))
            .expected("every job on a thread of the blocking pool")
            .why("while a job blocks the runtime's thread, no task on it can run: not the heartbeat, not anything")
            .hint(format!(
                "a blocking job belongs on tokio's pool of blocking threads, not on the runtime's thread{and_then}"
            ))
            .fail();
    }
}

fn check_results(what: &str, got: &[u64], jobs: u32) {
    let want: Vec<u64> = (0..jobs).map(|id| u64::from(id) * 100).collect();
    if got != want {
        Failure::new(format!("{what} returned the wrong results"))
            .measured(format!("{got:?}"))
            .expected(format!("{want:?}: each job's result, in id order"))
            .why("the jobs take different times (odd ids are quicker), so they finish out of id order")
            .fail();
    }
}

/// How long `jobs` take one after another.
fn one_at_a_time(jobs: u32) -> Duration {
    (0..jobs).map(job_time).sum()
}

/// How long `jobs` take at best, `slots` at a time, each started as soon as a slot is free.
fn side_by_side(jobs: u32, slots: usize) -> Duration {
    let mut free = vec![Duration::ZERO; slots.max(1)];
    for id in 0..jobs {
        let slot = free.iter_mut().min().expect("at least one slot");
        *slot += job_time(id);
    }
    free.into_iter().max().unwrap_or_default()
}

fn problem3_offload_results_in_order() {
    let run = with_heartbeat(POOL, subject::offload::offload);
    check_results("offload", &run.value, subject::offload::JOBS);
}

fn problem3_offload_runs_jobs_side_by_side() {
    let run = with_heartbeat(POOL, subject::offload::offload);
    let jobs = subject::offload::JOBS;
    let most = run.log.most_jobs_at_once();
    let took = run.end.at - run.start.at;
    let sequential = one_at_a_time(jobs);
    if most < POOL.min(jobs as usize) || took >= sequential / 2 {
        Failure::new("the blocking jobs did not run side by side")
            .measured(format!(
                "at most {most} at once; the {jobs} jobs took {}",
                fmt_duration(took)
            ))
            .expected(format!(
                "{} at once — the blocking pool has {POOL} threads — finishing in about {}, and certainly \
                 in under half of the {} they take one at a time",
                POOL.min(jobs as usize),
                fmt_duration(side_by_side(jobs, POOL)),
                fmt_duration(sequential)
            ))
            .why(
                "a blocking job holds a whole thread while it waits; several threads can wait at once, so \
                 jobs on the blocking pool overlap — up to the pool's size",
            )
            .hint("give every job to the blocking pool first (`spawn_blocking` for each), then await the handles")
            .fail();
    }
}

fn problem3_offload_keeps_the_runtime_free() {
    let run = with_heartbeat(POOL, subject::offload::offload);
    check_jobs_off_the_runtime(&run, "");
    check_runtime_free(
        &run,
        "offload",
        "the jobs ran elsewhere, yet the runtime's thread was still held: is something waiting for them \
         with a blocking call (a `block_on`, a std channel's `recv()`, a thread's `join()`)? Await them instead.",
    );
}

// ---------------------------------------------------------------------------------------------
// Problem 4 — bounded

const BOUNDED_JOBS: u32 = 9;

/// `bounded` at `limit`: a blocking pool far larger than the limit, because keeping to it is
/// the program's job. The checks use two limits, so a limit written into the program shows.
fn run_bounded(limit: usize) -> Beside<Vec<u64>> {
    with_heartbeat(16, move |lab| subject::bounded::bounded(lab, BOUNDED_JOBS, limit))
}

fn problem4_bounded_never_exceeds_the_limit() {
    for limit in [3, 2] {
        let run = run_bounded(limit);
        check_results(&format!("bounded (limit {limit})"), &run.value, BOUNDED_JOBS);
        let most = run.log.most_jobs_at_once();
        if most > limit {
            Failure::new(format!(
                "{most} blocking jobs ran at once, more than the limit of {limit}"
            ))
            .measured(format!("at most {most} jobs at once, with `limit` = {limit}"))
            .expected(format!("never more than {limit}"))
            .why("the blocking pool would run all of them; the limit is yours to keep, whatever it is")
            .hint(
                "something must make a job wait before it starts while `limit` jobs are running, and let \
                 it go when one of them ends — not sooner",
            )
            .fail();
        }
    }
}

fn problem4_bounded_uses_the_limit() {
    let limit = 3;
    let run = run_bounded(limit);
    let most = run.log.most_jobs_at_once();
    check_jobs_off_the_runtime(&run, ", and keep to the limit with a semaphore");
    let took = run.end.at - run.start.at;
    if most < limit {
        Failure::new(format!(
            "never more than {most} at once, although {limit} jobs may run together"
        ))
        .measured(format!(
            "at most {most} at once with `limit` = {limit}; {BOUNDED_JOBS} jobs took {}",
            fmt_duration(took)
        ))
        .expected(format!(
            "{limit} at once, finishing in about {}",
            fmt_duration(side_by_side(BOUNDED_JOBS, limit))
        ))
        .hint("let up to `limit` jobs run at the same time: don't wait for one job to end before starting the next")
        .fail();
    }
}

fn problem4_bounded_keeps_the_runtime_free() {
    let run = run_bounded(3);
    check_jobs_off_the_runtime(&run, ", and keep to the limit with a semaphore");
    check_runtime_free(
        &run,
        "bounded",
        "the jobs ran off the runtime, yet its thread was still held: is something waiting for them \
         with a blocking call (a thread's `join()`, a scope, a `block_on`), even between awaits? \
         Wait for them asynchronously instead.",
    );
}

// ---------------------------------------------------------------------------------------------
// The checks, in the order a learner meets them: what `cargo test` runs, each in its own process.

kata_harness::spec! {
    problem1_ticker_result_is_right,
    problem1_ticker_keeps_beating,
    problem2_checkpoints_result_is_right,
    problem2_checkpoints_stay_on_the_runtime,
    problem2_checkpoints_let_the_heartbeat_in,
    problem3_offload_results_in_order,
    problem3_offload_runs_jobs_side_by_side,
    problem3_offload_keeps_the_runtime_free,
    problem4_bounded_never_exceeds_the_limit,
    problem4_bounded_uses_the_limit,
    problem4_bounded_keeps_the_runtime_free,
}
