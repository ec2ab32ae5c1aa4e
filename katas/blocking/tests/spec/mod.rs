//! The blocking kata's spec. One file, two crates: `cargo test -p kata-blocking` runs it against
//! the kata, `cargo test -p solution-blocking` against the reference solution.
//!
//! These runs use the real clock: a paused clock stands still while a thread is blocked, so it
//! can't see blocking at all. The checks lean on what is certain — which thread each piece of
//! work ran on (the runtime's, or another), how many blocking jobs ran at once — and judge real
//! time only with wide margins: a heartbeat that was silent for most of a computation was
//! starved, on any machine, however busy.

use std::future::Future;
use std::time::{Duration, Instant};

use kata_harness::blocking::{ANSWER, HEARTBEAT, JOB_TIME, Lab, Ran, STEPS};
use kata_harness::{Failure, Run, Sim, fmt_duration, simulate};

use crate::subject;

const MORE: &str =
    "stuck? `cargo hint blocking N` shows the hints for problem N; the book has them too, under Blocking › The kata";

/// The blocking pool of problem 3: jobs beyond this many wait for a thread.
const POOL: usize = 4;

/// What a run with the heartbeat beside it gives back.
struct Beside<T> {
    value: T,
    lab: Lab,
    runtime_thread: std::thread::ThreadId,
    start: Instant,
    end: Instant,
}

/// Runs `work(lab)` on a current-thread runtime in real time, with the spec's heartbeat beating
/// every 10 ms on the same runtime.
fn with_heartbeat<F, Fut>(blocking_threads: usize, work: F) -> Beside<Fut::Output>
where
    F: FnOnce(Lab) -> Fut + Send + 'static,
    Fut: Future + 'static,
    Fut::Output: Send + 'static,
{
    let lab = Lab::new();
    let sim = Sim::new(Duration::from_secs(10))
        .real_time()
        .blocking_threads(blocking_threads);
    let run: Run<(Fut::Output, Instant, Instant)> = simulate(sim, {
        let lab = lab.clone();
        move || async move {
            let heartbeat = tokio::spawn({
                let lab = lab.clone();
                async move {
                    loop {
                        lab.beat();
                        tokio::time::sleep(HEARTBEAT).await;
                    }
                }
            });
            tokio::task::yield_now().await; // the first beat
            let start = Instant::now();
            let value = work(lab).await;
            let end = Instant::now();
            heartbeat.abort();
            (value, start, end)
        }
    });
    let (value, start, end) = run.value;
    Beside {
        value,
        lab,
        runtime_thread: run.runtime_thread,
        start,
        end,
    }
}

fn ms(d: Duration) -> String {
    fmt_duration(d)
}

/// Fails if the heartbeat was silent for `share` or more of `from..to`.
fn check_heartbeat(lab: &Lab, from: Instant, to: Instant, share: f64, what: &str, hint: &str) {
    let span = to - from;
    let silence = lab.longest_silence(from, to);
    if span > Duration::ZERO && silence.as_secs_f64() >= span.as_secs_f64() * share {
        Failure::new("the heartbeat stopped while the work ran")
            .measured(format!(
                "{what} took {}; the heartbeat, due every {}, went {} without a beat ({} beats in all)",
                ms(span),
                ms(HEARTBEAT),
                ms(silence),
                lab.beats_between(from, to)
            ))
            .expected(format!("a beat at least every {:.0} % of that time", share * 100.0))
            .why(
                "the heartbeat is a task on the same runtime: it can only beat when the runtime's thread \
                 is free. A computation or a blocking call that never reaches an `.await` keeps every \
                 other task waiting until it is done",
            )
            .hint(hint)
            .more(MORE)
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
            .more(MORE)
            .fail();
    }
}

fn problem1_ticker_keeps_beating() {
    let run = with_heartbeat(POOL, subject::ticker::compute);
    let runs = run.lab.heavy_runs();
    let Some(heavy) = runs.first() else {
        Failure::new("lab.heavy() was never called")
            .expected("one call, returning its result")
            .fail()
    };
    if heavy.thread == run.runtime_thread {
        Failure::new("the heavy computation ran on the runtime's thread")
            .measured(format!(
                "lab.heavy() ran on the runtime's own thread for {}; the heartbeat went {} without a beat",
                ms(heavy.end - heavy.start),
                ms(run.lab.longest_silence(heavy.start, heavy.end))
            ))
            .expected("the computation on another thread, the runtime's thread free for the heartbeat")
            .why(
                "an async fn is no place for long computation: it runs on the runtime's thread from one \
                 `.await` to the next, and `lab.heavy()` has none — so for its whole run, no other \
                 task gets the thread. (seed 002's `async def factorial` did the same to its ticker.)",
            )
            .hint("move the computation off the runtime: `tokio::task::spawn_blocking(move || lab.heavy())`, and await its handle")
            .more(MORE)
            .fail();
    }
    check_heartbeat(
        &run.lab,
        heavy.start,
        heavy.end,
        0.8,
        "the computation",
        "the computation left the runtime's thread, yet the thread still could not run the heartbeat: \
         is it waiting for the result with a blocking call (a thread's `join()`, a std channel's `recv()`)? \
         Await it instead.",
    );
}

// ---------------------------------------------------------------------------------------------
// Problem 2 — checkpoints

fn problem2_checkpoints_result_is_right() {
    let run = with_heartbeat(POOL, subject::checkpoints::compute_in_steps);
    let steps = run.lab.steps().len();
    if run.value != ANSWER || steps != STEPS as usize {
        Failure::new("compute_in_steps returned the wrong result")
            .measured(format!("{} after {steps} steps", run.value))
            .expected(format!(
                "{ANSWER} after {STEPS} steps: `acc = lab.step(i, acc)` for each i, from acc = 0"
            ))
            .more(MORE)
            .fail();
    }
}

fn problem2_checkpoints_stay_on_the_runtime() {
    let run = with_heartbeat(POOL, subject::checkpoints::compute_in_steps);
    let off = run
        .lab
        .steps()
        .iter()
        .filter(|s| s.thread != run.runtime_thread)
        .count();
    if off > 0 {
        let first = run.lab.steps().into_iter().find(|s| s.thread != run.runtime_thread);
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
            .more(MORE)
            .fail();
    }
}

fn problem2_checkpoints_let_the_heartbeat_in() {
    let run = with_heartbeat(POOL, subject::checkpoints::compute_in_steps);
    let steps = run.lab.steps();
    let (Some(first), Some(last)) = (steps.first(), steps.last()) else {
        Failure::new("lab.step() was never called").fail()
    };
    check_heartbeat(
        &run.lab,
        first.start,
        last.end,
        0.25,
        "the computation",
        "hand the thread back every few steps: `tokio::task::yield_now().await` (asyncio's \
         `await asyncio.sleep(0)`) lets the runtime run whatever is ready, then comes back. Checkpoints \
         must be close together: every few milliseconds of work.",
    );
}

// ---------------------------------------------------------------------------------------------
// Problem 3 — offload

/// Every blocking job ran on a thread of the blocking pool, not on the runtime's.
fn check_jobs_off_the_runtime<T>(run: &Beside<T>, and_then: &str) {
    let on_runtime = run
        .lab
        .jobs()
        .into_iter()
        .find(|(_, ran)| ran.thread == run.runtime_thread);
    if let Some((id, ran)) = on_runtime {
        Failure::new("a blocking job ran on the runtime's thread")
            .measured(format!(
                "job {id} blocked {} for {}",
                where_it_ran(&ran, run.runtime_thread),
                ms(ran.end - ran.start)
            ))
            .expected("every job on a thread of the blocking pool")
            .why("while a job blocks the runtime's thread, no task on it can run: not the heartbeat, not anything")
            .hint(format!(
                "`tokio::task::spawn_blocking(move || lab.blocking_job(id))` runs it on the blocking pool{and_then}"
            ))
            .more(MORE)
            .fail();
    }
}

fn check_results(what: &str, got: &[u64], jobs: u32) {
    let want: Vec<u64> = (0..jobs).map(|id| u64::from(id) * 100).collect();
    if got != want {
        Failure::new(format!("{what} returned the wrong results"))
            .measured(format!("{got:?}"))
            .expected(format!("{want:?}: each job's result, in id order"))
            .more(MORE)
            .fail();
    }
}

fn problem3_offload_results_in_order() {
    let run = with_heartbeat(POOL, subject::offload::offload);
    check_results("offload", &run.value, subject::offload::JOBS);
}

fn problem3_offload_runs_jobs_side_by_side() {
    let run = with_heartbeat(POOL, subject::offload::offload);
    let jobs = subject::offload::JOBS;
    let most = run.lab.most_jobs_at_once();
    let waves = (jobs as usize).div_ceil(POOL) as u32;
    let took = run.end - run.start;
    let sequential = JOB_TIME * jobs;
    if most < POOL.min(jobs as usize) || took >= sequential / 2 {
        Failure::new("the blocking jobs did not run side by side")
            .measured(format!(
                "at most {most} jobs ran at once; the {jobs} jobs took {}",
                ms(took)
            ))
            .expected(format!(
                "{} at once — the blocking pool has {POOL} threads — finishing in about ⌈{jobs} / {POOL}⌉ × {} = {}, \
                 and certainly in under half of one-at-a-time's {jobs} × {} = {}",
                POOL.min(jobs as usize),
                ms(JOB_TIME),
                ms(JOB_TIME * waves),
                ms(JOB_TIME),
                ms(sequential)
            ))
            .why(
                "a blocking job holds a whole thread while it waits; several threads can wait at once, so \
                 jobs on the blocking pool overlap — up to the pool's size",
            )
            .hint("give every job to the blocking pool first (`spawn_blocking` for each), then await the handles")
            .more(MORE)
            .fail();
    }
}

fn problem3_offload_keeps_the_runtime_free() {
    let run = with_heartbeat(POOL, subject::offload::offload);
    check_jobs_off_the_runtime(&run, "");
    check_heartbeat(
        &run.lab,
        run.start,
        run.end,
        0.8,
        "offload",
        "the jobs ran elsewhere, yet the runtime's thread was still held: is something waiting for them \
         with a blocking call?",
    );
}

// ---------------------------------------------------------------------------------------------
// Problem 4 — bounded

const LIMIT: usize = 3;
const BOUNDED_JOBS: u32 = 9;

fn run_bounded() -> Beside<Vec<u64>> {
    // A blocking pool far larger than the limit: keeping to it is the program's job.
    with_heartbeat(16, |lab| subject::bounded::bounded(lab, BOUNDED_JOBS, LIMIT))
}

fn problem4_bounded_never_exceeds_the_limit() {
    let run = run_bounded();
    check_results("bounded", &run.value, BOUNDED_JOBS);
    let most = run.lab.most_jobs_at_once();
    if most > LIMIT {
        Failure::new(format!(
            "{most} blocking jobs ran at once, more than the limit of {LIMIT}"
        ))
        .measured(format!("at most {most} jobs at once"))
        .expected(format!("never more than {LIMIT}"))
        .why("the blocking pool would run all of them; the limit is yours to keep")
        .hint(
            "a `tokio::sync::Semaphore` with `limit` permits: take one before a job starts, give it back when it ends",
        )
        .more(MORE)
        .fail();
    }
}

fn problem4_bounded_uses_the_limit() {
    let run = run_bounded();
    let most = run.lab.most_jobs_at_once();
    check_jobs_off_the_runtime(&run, ", and keep to the limit with a semaphore");
    let took = run.end - run.start;
    let waves = (BOUNDED_JOBS as usize).div_ceil(LIMIT) as u32;
    if most < LIMIT {
        Failure::new(format!("never more than {most} at once, although {LIMIT} jobs may run together"))
            .measured(format!("at most {most} at once; {BOUNDED_JOBS} jobs took {}", ms(took)))
            .expected(format!(
                "{LIMIT} at once, finishing in about ⌈{BOUNDED_JOBS} / {LIMIT}⌉ × {} = {}",
                ms(JOB_TIME),
                ms(JOB_TIME * waves)
            ))
            .hint("let up to `limit` jobs wait for their permits at the same time: don't wait for one job to end before starting the next")
            .more(MORE)
            .fail();
    }
    check_heartbeat(
        &run.lab,
        run.start,
        run.end,
        0.8,
        "bounded",
        "the jobs ran off the runtime, yet its thread was still held: is something waiting for them \
         with a blocking call (a thread's `join()`, a scope)? Await them instead.",
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
}
