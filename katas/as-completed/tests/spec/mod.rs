//! The as_completed kata's spec. One file, two crates: `cargo test -p kata-as-completed` runs it
//! against the kata, `cargo test -p solution-as-completed` against the reference solution.
//!
//! Every run happens in simulated time. The jobs record when they started and how they ended —
//! done, failed, or dropped before they finished — and the desk records when each result was
//! handled. After a program returns, the spec keeps the clock running for a grace second: a job
//! still running then was left behind.

use std::future::Future;
use std::time::Duration;

use kata_harness::as_completed::{Chain, Collected, Jobs, Parts};
use kata_harness::{Failure, GRACE, Recorder, Run, Sim, TimeBound, fmt_duration, simulate_and_linger, timeline};

use crate::subject;

const MORE: &str = "stuck? `cargo hint as-completed N` shows the hints for problem N; the book has them too, under as_completed › The kata";

/// Runs `make`'s future, then the harness's grace second; returns its value and when it
/// returned.
fn run<F, Fut>(recorder: &Recorder, make: F) -> Run<(Fut::Output, Duration)>
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future + 'static,
    Fut::Output: Send + 'static,
{
    let sim = Sim::new(Duration::from_secs(600)).recorder(recorder).deadlock_hint(
        "something waits for a result that never comes: a channel whose `Sender` is still alive \
         (the original kept after the clones went to the tasks), or a loop that waits for more \
         results than there are jobs",
    );
    simulate_and_linger(sim, make)
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn picture(recorder: &Recorder, end: Duration) -> String {
    timeline::render(&recorder.spans(), end)
}

fn check_nothing_left(what: &str, jobs: &Jobs, returned: Duration) {
    kata_harness::check_nothing_left(what, jobs.recorder(), returned, MORE);
}

/// Every job was started at 0 s and really ran (to its end, or until it was dropped).
fn check_all_started(what: &str, jobs: &Jobs, end: Duration) {
    let spans = jobs.spans();
    let late: Vec<String> = jobs
        .ids()
        .into_iter()
        .filter_map(|id| {
            let lane = format!(
                "{} {id}",
                spans
                    .first()
                    .map_or("job", |s| s.lane.split(' ').next().unwrap_or("job"))
            );
            match spans.iter().find(|s| s.lane == lane) {
                Some(s) if s.start.is_zero() => None,
                Some(s) => Some(format!("{lane} started at {}", fmt_duration(s.start))),
                None => Some(format!("{lane} never ran")),
            }
        })
        .collect();
    if !late.is_empty() {
        Failure::new(format!("{what} did not start every job at once"))
            .measured(late.iter().take(8).cloned().collect::<Vec<_>>().join("\n"))
            .expected("every job started at 0 s, with `jobs.run(id)`: the results must come from the jobs")
            .hint("start them all before waiting for any")
            .more(MORE)
            .timeline(picture(jobs.recorder(), end))
            .fail();
    }
}

/// Ids sorted by how long their job takes: the order they finish when run side by side.
fn by_time(jobs: &Jobs) -> Vec<u32> {
    let mut ids = jobs.ids();
    ids.sort_by_key(|&id| jobs.time_of(id));
    ids
}

// ---------------------------------------------------------------------------------------------
// Problem 1 — as_they_finish

fn problem1_each_result_is_handled_when_its_job_finishes() {
    let jobs = Jobs::new("job", 10, ms(90));
    let run = run(jobs.recorder(), {
        let jobs = jobs.clone();
        move || async move { subject::finish::as_they_finish(&jobs).await }
    });
    check_all_started("as_they_finish", &jobs, run.value.1);
    let handled = jobs.handled();
    let expected: Vec<(u32, u64, Duration)> = by_time(&jobs)
        .into_iter()
        .map(|id| (id, u64::from(id) * 10, jobs.time_of(id)))
        .collect();
    if handled != expected {
        let show = |rows: &[(u32, u64, Duration)]| {
            rows.iter()
                .map(|(id, v, at)| format!("job {id} ({v}) at {}", fmt_duration(*at)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let slowest = jobs.ids().iter().map(|&id| jobs.time_of(id)).max().unwrap_or_default();
        let waited_for_all = !handled.is_empty() && handled.iter().all(|(_, _, at)| *at >= slowest);
        let hint = if waited_for_all {
            "every result was handled after the slowest job: handle each one as it arrives instead of \
             collecting them all first"
        } else {
            "start every job at once, then take the results in the order they finish (a `JoinSet` and \
             `join_next()`), handling each as it comes"
        };
        Failure::new("results were not handled as their jobs finished")
            .measured(format!("handled: {}", show(&handled)))
            .expected(format!("handled: {}", show(&expected)))
            .why("each job takes its own time; the first result is ready after the quickest job, not after the slowest or after the one started first")
            .hint(hint)
            .more(MORE)
            .timeline(picture(jobs.recorder(), run.value.1))
            .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 2 — first_wins

fn problem2_first_wins_at_the_fastest_replicas_time() {
    let replicas = Jobs::new("replica", 7, ms(70));
    let run = run(replicas.recorder(), {
        let replicas = replicas.clone();
        move || async move { subject::first::first_wins(&replicas).await }
    });
    let (value, returned) = run.value;
    let fastest = by_time(&replicas)[0];
    let at = replicas.time_of(fastest);
    match value {
        Ok((id, answer)) if id == fastest && answer == u64::from(fastest) * 10 && returned == at => {}
        Ok((id, answer)) => Failure::new("first_wins did not return the first answer, when it came")
            .measured(format!(
                "replica {id}'s answer {answer}, returned at {}",
                fmt_duration(returned)
            ))
            .expected(format!(
                "replica {fastest}'s answer {}, at {}: it answers first",
                u64::from(fastest) * 10,
                fmt_duration(at)
            ))
            .why("the replicas answer in their own time; the first answer is the one that arrives first")
            .hint("ask all of them at once and take whichever finishes first (`join_next()`, or `select!`)")
            .more(MORE)
            .timeline(picture(replicas.recorder(), returned + GRACE))
            .fail(),
        Err(err) => Failure::new("first_wins returned an error")
            .measured(format!("Err: {err:#}"))
            .expected(format!("replica {fastest}'s answer: no replica fails here"))
            .more(MORE)
            .fail(),
    }
}

fn problem2_first_wins_stops_the_other_replicas() {
    let replicas = Jobs::new("replica", 7, ms(70));
    let run = run(replicas.recorder(), {
        let replicas = replicas.clone();
        move || async move { subject::first::first_wins(&replicas).await }
    });
    check_nothing_left("first_wins", &replicas, run.value.1);
    let asked = replicas.spans().len();
    if asked != 7 {
        Failure::new("not every replica was asked")
            .measured(format!("{asked} of 7 replicas were asked"))
            .expected("all seven asked at once: the first answer comes from whichever is quickest")
            .more(MORE)
            .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 3 — deadline

const DEADLINE: Duration = Duration::from_millis(550);

fn problem3_deadline_keeps_what_finished_in_time() {
    let jobs = Jobs::new("job", 10, ms(100));
    let run = run(jobs.recorder(), {
        let jobs = jobs.clone();
        move || async move { subject::deadline::before_deadline(&jobs, DEADLINE).await }
    });
    let (collected, returned) = run.value;
    check_all_started("before_deadline", &jobs, returned);
    let order = by_time(&jobs);
    let in_time: Vec<(u32, u64)> = order
        .iter()
        .filter(|&&id| jobs.time_of(id) <= DEADLINE)
        .map(|&id| (id, u64::from(id) * 10))
        .collect();
    let mut late: Vec<u32> = order
        .iter()
        .copied()
        .filter(|&id| jobs.time_of(id) > DEADLINE)
        .collect();
    late.sort();
    let mut unfinished = collected.unfinished.clone();
    unfinished.sort();
    if collected.done != in_time || unfinished != late || returned != DEADLINE {
        Failure::new("before_deadline did not collect exactly what finished in time")
            .measured(format!(
                "done {:?}, unfinished {:?}, returned at {}",
                collected.done,
                collected.unfinished,
                fmt_duration(returned)
            ))
            .expected(format!(
                "done {in_time:?} (in the order they finished), unfinished {late:?}, returned at {}",
                fmt_duration(DEADLINE)
            ))
            .why(format!(
                "with every job running from the start, the ones that take at most {} are done by the deadline",
                fmt_duration(DEADLINE)
            ))
            .hint("start every job, take results as they finish, and stop waiting at the deadline (`tokio::time::timeout_at` around `join_next()`)")
            .more(MORE)
            .timeline(picture(jobs.recorder(), returned + GRACE))
            .fail();
    }
}

fn problem3_deadline_leaves_nothing_running() {
    let jobs = Jobs::new("job", 10, ms(100));
    let run = run(jobs.recorder(), {
        let jobs = jobs.clone();
        move || async move { subject::deadline::before_deadline(&jobs, DEADLINE).await }
    });
    check_nothing_left("before_deadline", &jobs, run.value.1);
}

// ---------------------------------------------------------------------------------------------
// Problem 4 — first_error

/// Ten jobs where the 4th and the 7th to finish fail.
fn failing_jobs() -> (Jobs, u32) {
    let probe = Jobs::new("job", 10, ms(80));
    let order = by_time(&probe);
    (Jobs::failing("job", 10, ms(80), &[order[6], order[3]]), order[3])
}

fn run_first_error(jobs: &Jobs) -> Run<(Collected, Duration)> {
    run(jobs.recorder(), {
        let jobs = jobs.clone();
        move || async move { subject::first_error::until_first_error(&jobs).await }
    })
}

fn problem4_first_error_stops_at_the_first_failure() {
    let (jobs, first) = failing_jobs();
    let run = run_first_error(&jobs);
    let (collected, returned) = run.value;
    check_all_started("until_first_error", &jobs, returned);
    let at = jobs.time_of(first);
    let before: Vec<(u32, u64)> = by_time(&jobs)
        .into_iter()
        .filter(|&id| jobs.time_of(id) < at)
        .map(|id| (id, u64::from(id) * 10))
        .collect();
    let error = collected.error.as_ref().map(|e| format!("{e:#}"));
    let named = error
        .as_deref()
        .is_some_and(|e| e.contains(&format!("job {first} ")) || e.ends_with(&format!("job {first} failed")));
    if !named || returned != at || collected.done != before {
        Failure::new("until_first_error did not stop at the first failure")
            .measured(format!(
                "error {:?}, done {:?}, returned at {}",
                error,
                collected.done,
                fmt_duration(returned)
            ))
            .expected(format!(
                "the error of job {first} (the first to fail, at {}), the results that finished before it, {before:?}, returned at {}",
                fmt_duration(at),
                fmt_duration(at)
            ))
            .why("asyncio's wait(return_when=FIRST_EXCEPTION): results as they finish, and out at the first failure in time")
            .hint("run every job at once and look at each result as it finishes; at the first error, stop")
            .more(MORE)
            .timeline(picture(jobs.recorder(), returned + GRACE))
            .fail();
    }
}

fn problem4_first_error_cancels_the_rest() {
    let (jobs, first) = failing_jobs();
    let run = run_first_error(&jobs);
    let (collected, returned) = run.value;
    check_nothing_left("until_first_error", &jobs, returned);
    let mut still: Vec<u32> = jobs
        .ids()
        .into_iter()
        .filter(|&id| jobs.time_of(id) > jobs.time_of(first))
        .collect();
    still.sort();
    let mut unfinished = collected.unfinished.clone();
    unfinished.sort();
    if unfinished != still {
        Failure::new("until_first_error did not report which jobs it stopped")
            .measured(format!("unfinished {:?}", collected.unfinished))
            .expected(format!(
                "unfinished {still:?}: the jobs still running at the first failure"
            ))
            .more(MORE)
            .fail();
    }
}

fn problem4_first_error_returns_everything_when_nothing_fails() {
    let jobs = Jobs::new("job", 10, ms(80));
    let run = run_first_error(&jobs);
    let (collected, returned) = run.value;
    let all: Vec<(u32, u64)> = by_time(&jobs).into_iter().map(|id| (id, u64::from(id) * 10)).collect();
    let slowest = jobs.ids().iter().map(|&id| jobs.time_of(id)).max().unwrap_or_default();
    if collected.error.is_some() || collected.done != all || returned != slowest {
        Failure::new("until_first_error is wrong when no job fails")
            .measured(format!(
                "error {:?}, done {:?}, returned at {}",
                collected.error.map(|e| format!("{e:#}")),
                collected.done,
                fmt_duration(returned)
            ))
            .expected(format!(
                "no error, all ten results in the order they finished, returned at {}",
                fmt_duration(slowest)
            ))
            .more(MORE)
            .timeline(picture(jobs.recorder(), returned + GRACE))
            .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 5 — chains

const NS: [u32; 3] = [1, 2, 3];

fn problem5_chains_report_their_results_and_times() {
    let parts = Parts::new();
    let run = run(parts.recorder(), {
        let parts = parts.clone();
        move || async move { subject::chains::chains(&parts, &NS).await }
    });
    let (reports, _) = run.value;
    let expected: Vec<Chain> = NS
        .iter()
        .map(|&n| Chain {
            n,
            result: format!("result{n}-2 derived from result{n}-1"),
            took: Parts::part1_time(n) + Parts::part2_time(n),
        })
        .collect();
    if reports != expected {
        let show = |chains: &[Chain]| {
            chains
                .iter()
                .map(|c| format!("chain {}: {:?} in {}", c.n, c.result, fmt_duration(c.took)))
                .collect::<Vec<_>>()
                .join("\n")
        };
        Failure::new("the chains' reports are not right")
            .measured(show(&reports))
            .expected(show(&expected))
            .why("each chain runs part1, then part2 on part1's result, and times itself from its own start to its own end")
            .hint("time each chain inside the chain: note the start, run both parts, report the elapsed time")
            .more(MORE)
            .fail();
    }
}

fn problem5_chains_take_as_long_as_the_longest() {
    let parts = Parts::new();
    let run = run(parts.recorder(), {
        let parts = parts.clone();
        move || async move { subject::chains::chains(&parts, &NS).await }
    });
    let (_, returned) = run.value;
    let lengths: Vec<Duration> = NS
        .iter()
        .map(|&n| Parts::part1_time(n) + Parts::part2_time(n))
        .collect();
    let each: Vec<String> = NS
        .iter()
        .map(|&n| {
            format!(
                "chain {n}: {} + {}",
                fmt_duration(Parts::part1_time(n)),
                fmt_duration(Parts::part2_time(n))
            )
        })
        .collect();
    let bound = TimeBound {
        lower: lengths.iter().copied().max().unwrap_or_default(),
        derivation: format!(
            "a chain's parts run one after the other, but the chains run side by side: the run takes \
             as long as the longest chain ({})",
            each.join(", ")
        ),
        tolerance: 0.0,
        one_at_a_time: Some((lengths.iter().sum(), "the chains one after another".into())),
    };
    if let Err(failure) = bound.check(returned) {
        failure
            .hint("run the chains at the same time (spawn each, then await them), each awaiting its own two parts in turn")
            .more(MORE)
            .timeline(picture(parts.recorder(), returned))
            .fail();
    }
    for &n in &NS {
        if parts.started(n, 1) != Some(Duration::ZERO) || parts.started(n, 2) != Some(Parts::part1_time(n)) {
            Failure::new(format!("chain {n}'s parts did not start when they could"))
                .measured(format!(
                    "part1 started at {:?}, part2 at {:?}",
                    parts.started(n, 1),
                    parts.started(n, 2)
                ))
                .expected(format!(
                    "part1 at 0 s, part2 as soon as part1 is done, at {}",
                    fmt_duration(Parts::part1_time(n))
                ))
                .more(MORE)
                .timeline(picture(parts.recorder(), returned))
                .fail();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The checks, in the order a learner meets them: what `cargo test` runs, each in its own process.

kata_harness::spec! {
    problem1_each_result_is_handled_when_its_job_finishes,
    problem2_first_wins_at_the_fastest_replicas_time,
    problem2_first_wins_stops_the_other_replicas,
    problem3_deadline_keeps_what_finished_in_time,
    problem3_deadline_leaves_nothing_running,
    problem4_first_error_stops_at_the_first_failure,
    problem4_first_error_cancels_the_rest,
    problem4_first_error_returns_everything_when_nothing_fails,
    problem5_chains_report_their_results_and_times,
    problem5_chains_take_as_long_as_the_longest,
}
