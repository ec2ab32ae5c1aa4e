//! The as_completed kata's spec. One file, two crates: `cargo test -p kata-as-completed` runs it
//! against the kata, `cargo test -p solution-as-completed` against the reference solution.
//!
//! Every run happens in simulated time. The jobs record when they started and how they ended —
//! done, failed, or dropped before they finished — and the desk records when each result was
//! handled. After a program returns, the spec keeps the clock running for a grace second: a job
//! still running then was left behind.
//!
//! The inputs are chosen so that a wrong order or a wrong time must show: the jobs finish in an
//! order that is neither their ids' nor their list's, no two at the same instant; the first job to
//! fail is not the first failing one in the list; the chains finish in an order that is neither
//! `ns`'s nor sorted. Deadlines and chain lists are tried at two values each.

use std::time::Duration;

use kata_harness::as_completed::{Chain, Collected, JobFailed, Jobs, JobsLog, Part, Parts, PartsLog};
use kata_harness::prelude::*;

use crate::subject;

/// What the spec says wherever a time measured by the program is off: the likeliest cause.
const STD_INSTANT: &str = "if you measure time with `std::time::Instant`: it reads the machine's clock, which hardly moves \
     while the spec's simulated (paused) tokio clock jumps ahead; the jobs sleep on tokio's clock";

/// Every run (with `run_and_linger`: the harness's grace second after it), and what a deadlock
/// most likely is here.
const RUNS: Runs = Runs::new(secs(600)).deadlock_hint(
    "something waits for a result that never comes: a channel whose `Sender` is still alive (the \
     original kept after the clones went to the tasks), or a loop that waits for more results than \
     there are jobs",
);

/// How many lines of a list a message shows.
const SHOWN: usize = 8;

fn slowest(log: &JobsLog) -> Duration {
    log.ids().iter().map(|&id| log.time_of(id)).max().unwrap_or_default()
}

fn ids(list: &[u32]) -> String {
    format!("{list:?}")
}

fn pairs(list: &[(u32, u64)]) -> String {
    let shown: Vec<String> = list.iter().map(|(id, v)| format!("{id}→{v}")).collect();
    format!("[{}]", shown.join(", "))
}

/// Which mistake a measurement points to: a title that names it, why it is wrong, what to try.
/// Measured and expected go first when it fails, the way every failure reads.
struct Diagnosis {
    title: String,
    why: String,
    note: Option<&'static str>,
    hint: String,
}

fn diagnosis(title: impl Into<String>, why: impl Into<String>, hint: impl Into<String>) -> Diagnosis {
    Diagnosis {
        title: title.into(),
        why: why.into(),
        note: None,
        hint: hint.into(),
    }
}

impl Diagnosis {
    fn note(self, note: &'static str) -> Self {
        Self {
            note: Some(note),
            ..self
        }
    }

    fn fail(self, measured: String, expected: String, timeline: String) -> ! {
        let failure = Failure::new(self.title)
            .measured(measured)
            .expected(expected)
            .why(self.why);
        let failure = match self.note {
            Some(note) => failure.note(note),
            None => failure,
        };
        failure.hint(self.hint).timeline(timeline).fail()
    }
}

/// Fails if any job went on after `what` returned. `left` says which jobs those are likely to be
/// (the replicas that lost, the jobs past the deadline, …): the cause named in the failure.
fn check_nothing_left(what: &str, log: &JobsLog, returned: Duration, left: &str) {
    let late = still_running(&log.spans(), returned);
    if late.is_empty() {
        return;
    }
    Failure::new(format!("work went on after {what} returned"))
        .measured(format!(
            "{what} returned at {}, and then:\n{}",
            fmt_duration(returned),
            shown_lines(&late, SHOWN)
        ))
        .expected(format!(
            "every {} still running stopped (dropped) at {}",
            log.name(),
            fmt_duration(returned)
        ))
        .why(format!(
            "{left} were left working: a spawned task runs until it finishes or is cancelled, and returning from the \
             function that spawned it does not cancel it; nobody will read what they produce"
        ))
        .hint(format!(
            "before {what} returns, cancel what is still running: whatever holds the tasks can do it"
        ))
        .timeline(picture(log.recorder(), returned + GRACE))
        .fail();
}

/// Every job was started at 0 s, and run once: the results must come from the jobs, all asked at
/// the same time, and no job's work done twice.
fn check_started_once(what: &str, log: &JobsLog, end: Duration) {
    let spans = log.spans();
    let runs = Tally::of(log.ids(), spans.iter().map(|s| s.key));
    let never = runs.missing();
    let late: Vec<String> = log
        .ids()
        .into_iter()
        .filter_map(|id| {
            let start = spans.iter().filter(|s| s.key == id).map(|s| s.start).min()?;
            (!start.is_zero()).then(|| format!("{} started at {}", log.lane(id), fmt_duration(start)))
        })
        .collect();
    let again: Vec<String> = runs
        .repeated()
        .iter()
        .map(|id| format!("{} ran {} times", log.lane(*id), runs.times(id)))
        .collect();
    if !late.is_empty() {
        Failure::new(format!("{what} did not start every {} at once", log.name()))
            .measured(format!(
                "{}{}",
                shown_lines(&late, SHOWN),
                if never.is_empty() { String::new() } else { format!("\nnever run: {}", ids(&never)) }
            ))
            .expected(format!(
                "every {} started at 0 s with `run(id)`: the results must come from the {}s themselves",
                log.name(),
                log.name()
            ))
            .why("which one finishes first is only known once they all run: waiting for one before starting the next puts them in line")
            .hint("start them all before waiting for any")
            .timeline(picture(log.recorder(), end))
            .fail();
    }
    if !never.is_empty() {
        Failure::new(format!("{what} never ran some {}s", log.name()))
            .measured(format!("never run: {}", ids(&never)))
            .expected(format!("every {} of `ids()` run: {}", log.name(), ids(&log.ids())))
            .why("every one of them is asked for: a result can only come from running it, and which finishes first is only known once all run")
            .hint("run every id that `ids()` gives, whatever their number")
            .timeline(picture(log.recorder(), end))
            .fail();
    }
    if !again.is_empty() {
        Failure::new(format!("{what} ran some {}s more than once", log.name()))
            .measured(shown_lines(&again, SHOWN))
            .expected(format!("each {} run once", log.name()))
            .why("running a job again repeats its work: its first run already gave the result")
            .hint("start each job once, and keep what it returns")
            .timeline(picture(log.recorder(), end))
            .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 1 — as_they_finish

/// (jobs, step): two sizes, so that neither can be written into the program.
const SIZES: [(u32, u64); 2] = [(10, 90), (12, 40)];

fn run_as_they_finish(count: u32, step: u64) -> (JobsLog, Duration) {
    let (jobs, log) = Jobs::new("job", count, ms(step));
    let run = RUNS.run_and_linger(log.recorder(), move || async move {
        subject::finish::as_they_finish(&jobs).await
    });
    (log, run.value.1)
}

fn problem1_each_result_is_handled_when_its_job_finishes() {
    for (count, step) in SIZES {
        handled_as_they_finish(count, step);
    }
}

fn handled_as_they_finish(count: u32, step: u64) {
    let (log, returned) = run_as_they_finish(count, step);
    check_started_once("as_they_finish", &log, returned + GRACE);
    let handled = log.handled();
    let expected: Vec<(u32, u64, Duration)> = log
        .by_time()
        .into_iter()
        .map(|id| (id, u64::from(id) * 10, log.time_of(id)))
        .collect();
    if handled == expected {
        return;
    }
    let show = |rows: &[(u32, u64, Duration)]| {
        rows.iter()
            .map(|(id, v, at)| format!("job {id} ({v}) at {}", fmt_duration(*at)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let order: Vec<u32> = handled.iter().map(|h| h.0).collect();
    let tally = Tally::of(log.ids(), order.iter().copied());
    let mut measured = format!("handled: {}", show(&handled));
    let diagnosis = if !tally.is_exact() {
        measured += &format!(
            "\nnever handled: {}; handled more than once: {}",
            ids(&tally.missing()),
            ids(&tally.repeated())
        );
        diagnosis(
            "not every result was handled exactly once",
            "each job gives one result, and each result is handled once",
            "hand every result to `jobs.handle` as it comes, and each only once",
        )
    } else if handled.iter().any(|(id, v, _)| *v != u64::from(*id) * 10) {
        diagnosis(
            "results were handled under the wrong job's id",
            "in finishing order a result's position says nothing of which job it came from",
            "let each task return its job's id together with its result",
        )
    } else if handled.iter().all(|h| h.2 >= slowest(&log)) {
        diagnosis(
            "results were handled only after the slowest job",
            "a result that is ready can be handled now, instead of waiting behind the slowest job",
            "handle each result as it arrives instead of collecting them all first",
        )
    } else if order == log.ids() {
        diagnosis(
            "results were handled in the order the jobs were started",
            "waiting for job 0 first makes every quicker job's result wait behind it",
            "take the results in the order they finish, not the order they were started",
        )
    } else {
        diagnosis(
            "results were not handled as their jobs finished",
            "each job takes its own time; its result is ready, and handled, the moment it is done",
            "start every job at once, then take each result as it finishes and handle it there",
        )
    };
    diagnosis.fail(
        measured,
        format!("handled: {}", show(&expected)),
        picture(log.recorder(), returned + GRACE),
    );
}

fn problem1_returns_when_the_last_result_is_handled() {
    for (count, step) in SIZES {
        returns_when_handled(count, step);
    }
}

fn returns_when_handled(count: u32, step: u64) {
    let (log, returned) = run_as_they_finish(count, step);
    let handled = log.handled();
    let later: Vec<String> = handled
        .iter()
        .filter(|h| h.2 > returned)
        .map(|(id, _, at)| format!("job {id}'s result handled at {}", fmt_duration(*at)))
        .collect();
    if !later.is_empty() {
        Failure::new("as_they_finish returned before its work was done")
            .measured(format!(
                "returned at {}; after that:\n{}",
                fmt_duration(returned),
                shown_lines(&later, SHOWN)
            ))
            .expected("every result handled by the time it returns")
            .why("the caller takes the return to mean every result was handled; tasks still working after it belong to no one, and stop wherever the runtime stops")
            .hint("wait for every job's result before returning: keep the tasks in something you wait on")
            .timeline(picture(log.recorder(), returned + GRACE))
            .fail();
    }
    check_nothing_left("as_they_finish", &log, returned, "jobs it started");
    // Measured against what really happened, so a slow start is left to the check above.
    let last = log
        .spans()
        .iter()
        .map(|s| s.end)
        .chain(handled.iter().map(|h| h.2))
        .max()
        .unwrap_or_default();
    if returned > last {
        Failure::new("as_they_finish went on waiting after its last result")
            .measured(format!(
                "the last result was handled at {}; it returned at {}",
                fmt_duration(last),
                fmt_duration(returned)
            ))
            .expected(format!("returned at {}", fmt_duration(last)))
            .why("once the last result is handled there is nothing left to wait for")
            .hint("stop waiting when every job's result has come in")
            .timeline(picture(log.recorder(), returned + GRACE))
            .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 2 — first_wins

fn run_first_wins(replicas: Jobs, log: &JobsLog) -> (anyhow::Result<(u32, u64)>, Duration) {
    RUNS.run_and_linger(log.recorder(), move || async move {
        subject::first::first_wins(&replicas).await
    })
    .value
}

fn problem2_first_wins_at_the_fastest_replicas_time() {
    let (replicas, log) = Jobs::new("replica", 7, ms(70));
    let (value, returned) = run_first_wins(replicas, &log);
    let fastest = log.by_time()[0];
    let at = log.time_of(fastest);
    let expected = format!(
        "replica {fastest}'s answer {}, returned at {}: it answers first",
        u64::from(fastest) * 10,
        fmt_duration(at)
    );
    let (measured, diagnosis) = match value {
        Ok((id, answer)) if id == fastest && answer == u64::from(fastest) * 10 && returned == at => return,
        Ok((id, answer)) => (
            format!("replica {id}'s answer {answer}, returned at {}", fmt_duration(returned)),
            if returned > at {
                diagnosis(
                    "first_wins waited past the first answer",
                    "the replicas answer in their own time; the first answer is the one that arrives first, and nothing after it is needed",
                    "ask all of them at once and take whichever finishes first",
                )
            } else if returned < at {
                diagnosis(
                    "first_wins answered before any replica did",
                    "the answer must come from a replica, and none has answered yet",
                    "wait for the first replica to finish, and return what it answered",
                )
            } else {
                diagnosis(
                    "first_wins did not say which replica gave the answer",
                    "the answer came at the right time, but not with the id and the answer of the replica that gave it: \
                     in finishing order, a position in the list says nothing",
                    "let each replica's task return its id together with its answer",
                )
            },
        ),
        Err(err) => (
            format!("Err: {err:#}, at {}", fmt_duration(returned)),
            diagnosis(
                "first_wins returned an error",
                "no replica fails here, so the error came from the program itself",
                "check what turned into an `Err`: a task aborted before its answer was read, or a wait on an empty set",
            ),
        ),
    };
    diagnosis.fail(measured, expected, picture(log.recorder(), returned + GRACE));
}

fn problem2_first_wins_stops_the_other_replicas() {
    let (replicas, log) = Jobs::new("replica", 7, ms(70));
    let (_, returned) = run_first_wins(replicas, &log);
    check_nothing_left("first_wins", &log, returned, "the replicas that had not answered yet");
    check_started_once("first_wins", &log, returned + GRACE);
}

fn problem2_a_failed_replica_is_not_an_answer() {
    // The two quickest replicas fail: the first answer is the third to finish.
    let (_, probe) = Jobs::new("replica", 7, ms(70));
    let order = probe.by_time();
    let (replicas, log) = Jobs::failing("replica", 7, ms(70), &order[..2]);
    let (value, returned) = run_first_wins(replicas, &log);
    check_started_once("first_wins", &log, returned + GRACE);
    let first = order[2];
    let at = log.time_of(first);
    let expected = format!(
        "replica {first}'s answer {}, at {}: replicas {} and {} fail first, at {} and {}",
        u64::from(first) * 10,
        fmt_duration(at),
        order[0],
        order[1],
        fmt_duration(log.time_of(order[0])),
        fmt_duration(log.time_of(order[1]))
    );
    match value {
        Ok((id, answer)) if id == first && answer == u64::from(first) * 10 && returned == at => {}
        Ok((id, answer)) => Failure::new("first_wins did not return the first answer, when it came")
            .measured(format!(
                "replica {id}'s answer {answer}, returned at {}",
                fmt_duration(returned)
            ))
            .expected(expected)
            .why("a replica that fails has no answer; the first answer is the first success to arrive")
            .hint("take the replicas' results in the order they finish, and return the first success")
            .timeline(picture(log.recorder(), returned + GRACE))
            .fail(),
        Err(err) => Failure::new("first_wins gave up at a failed replica")
            .measured(format!("Err: {err:#}, returned at {}", fmt_duration(returned)))
            .expected(expected)
            .why("a replica that fails has no answer to give, and the others are still working on theirs")
            .hint("when the replica that finished first failed, wait for the next one to finish")
            .timeline(picture(log.recorder(), returned + GRACE))
            .fail(),
    }
    check_nothing_left("first_wins", &log, returned, "the replicas that had not answered yet");

    // Every replica fails: there is no answer, and the error comes when the last one has failed.
    // The same seven replicas, so the last to fail (replica 4) is not the last in the list.
    let all: Vec<u32> = (0..7).collect();
    let (replicas, log) = Jobs::failing("replica", 7, ms(70), &all);
    let (value, returned) = run_first_wins(replicas, &log);
    check_started_once("first_wins", &log, returned + GRACE);
    let last = slowest(&log);
    let last_id = log.by_time()[6];
    if let Ok((id, answer)) = value {
        Failure::new("first_wins answered though every replica failed")
            .measured(format!("replica {id}'s answer {answer}, at {}", fmt_duration(returned)))
            .expected(format!(
                "an error, at {}, when the last replica has failed",
                fmt_duration(last)
            ))
            .why("a failure is not an answer")
            .hint("return an error when no replica is left to answer")
            .timeline(picture(log.recorder(), returned + GRACE))
            .fail();
    }
    if returned != last {
        let why = if returned < last {
            "it gave up while a replica was still working, and that replica might have answered: only when every \
             replica has failed is there no answer to wait for"
        } else {
            "it went on waiting after the last replica failed: once all have failed, nothing is left that could answer"
        };
        Failure::new("first_wins did not give up when the last replica failed")
            .measured(format!(
                "seven replicas, all failing; returned an error at {}",
                fmt_duration(returned)
            ))
            .expected(format!(
                "an error at {}, when the last of them (replica {last_id}) failed",
                fmt_duration(last)
            ))
            .why(why)
            .hint("give up when no replica is left working, not before and not after")
            .timeline(picture(log.recorder(), returned + GRACE))
            .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 3 — deadline

/// (jobs, step, deadline): no job ends at the deadline, and the ones that make it are neither
/// the first ids nor in id order. Two deadlines, so neither can be written into the program.
const DEADLINES: [(u32, u64, u64); 2] = [(10, 100, 550), (8, 60, 270)];

fn run_deadline(count: u32, step: u64, deadline: Duration) -> (JobsLog, Collected, Duration) {
    let (jobs, log) = Jobs::new("job", count, ms(step));
    let run = RUNS.run_and_linger(log.recorder(), move || async move {
        subject::deadline::before_deadline(&jobs, deadline).await
    });
    let (collected, returned) = run.value;
    (log, collected, returned)
}

fn problem3_deadline_keeps_what_finished_in_time() {
    for (count, step, deadline) in DEADLINES {
        let deadline = ms(deadline);
        let (log, collected, returned) = run_deadline(count, step, deadline);
        check_started_once("before_deadline", &log, returned + GRACE);
        let in_time: Vec<(u32, u64)> = log
            .by_time()
            .into_iter()
            .filter(|&id| log.time_of(id) <= deadline)
            .map(|id| (id, u64::from(id) * 10))
            .collect();
        let late: Vec<u32> = log.ids().into_iter().filter(|&id| log.time_of(id) > deadline).collect();
        let mut unfinished = collected.unfinished.clone();
        unfinished.sort_unstable();
        let mut done = collected.done.clone();
        done.sort_unstable();
        let mut in_time_sorted = in_time.clone();
        in_time_sorted.sort_unstable();
        let measured = format!(
            "{count} jobs, deadline {}: done {}, unfinished {}, returned at {}",
            fmt_duration(deadline),
            pairs(&collected.done),
            ids(&collected.unfinished),
            fmt_duration(returned)
        );
        let diagnosis = if returned > deadline {
            diagnosis(
                "before_deadline returned after the deadline",
                "the deadline is one instant, fixed at the start: a fresh `timeout(deadline, …)` around each wait starts \
                 counting again at every result, and a check made only when a result comes in is late by the wait for it",
                "fix the deadline's instant once, before waiting, and wait for each next result only until then",
            )
            .note(STD_INSTANT)
        } else if returned < deadline {
            diagnosis(
                "before_deadline returned before the deadline",
                "jobs still running may finish before the deadline; the waiting ends at the deadline",
                "keep taking results until the deadline itself",
            )
            .note(STD_INSTANT)
        } else if done != in_time_sorted {
            let lost = in_time.iter().filter(|r| !done.contains(r)).count();
            let extra = done.iter().filter(|r| !in_time_sorted.contains(r)).count();
            let why = if extra == 0 {
                format!(
                    "{lost} of the {} results that came in by the deadline are missing: they were lost when the waiting \
                     stopped. A result is kept the moment it comes in, so the deadline cannot take it away",
                    in_time.len()
                )
            } else {
                format!(
                    "with every job running from the start, those taking at most {} are done by the deadline, and only \
                     those; each result belongs to the job that gave it",
                    fmt_duration(deadline)
                )
            };
            diagnosis(
                "before_deadline kept the wrong results",
                why,
                "keep each result as it comes in before the deadline, with its job's id",
            )
        } else if collected.done != in_time {
            diagnosis(
                "before_deadline's results are not in the order they finished",
                "the results are wanted as they come in, so their order is the order the jobs finished",
                "push each result when it arrives, and don't sort them afterwards",
            )
        } else if unfinished != late {
            diagnosis(
                "before_deadline did not name exactly the unfinished jobs",
                "every job that did not finish by the deadline is unfinished, each named once; the others are done",
                "start from every id, and strike each one off when its result comes in",
            )
        } else {
            continue;
        };
        diagnosis.fail(
            measured,
            format!(
                "done {} (in the order they finished), unfinished {}, returned at {}",
                pairs(&in_time),
                ids(&late),
                fmt_duration(deadline)
            ),
            picture(log.recorder(), returned + GRACE),
        );
    }
}

fn problem3_deadline_leaves_nothing_running() {
    for (count, step, deadline) in DEADLINES {
        let (log, _, returned) = run_deadline(count, step, ms(deadline));
        check_nothing_left("before_deadline", &log, returned, "the jobs that missed the deadline");
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 4 — first_error

/// Ten jobs where the 4th and the 7th to finish fail; returns them and the first to fail. The
/// 7th to finish has the lower id, so the first failure *in the list* is not the first in time.
fn failing_jobs() -> (Jobs, JobsLog, u32, u32) {
    let (_, probe) = Jobs::new("job", 10, ms(80));
    let order = probe.by_time();
    let (first, second) = (order[3], order[6]);
    assert!(second < first, "the inputs must tell time order from list order");
    let (jobs, log) = Jobs::failing("job", 10, ms(80), &[second, first]);
    (jobs, log, first, second)
}

fn run_first_error(jobs: Jobs, log: &JobsLog) -> (Collected, Duration) {
    RUNS.run_and_linger(log.recorder(), move || async move {
        subject::first_error::until_first_error(&jobs).await
    })
    .value
}

/// Which of the `failing` jobs `err` is about, judged by content, never by wording: the
/// [`JobFailed`] anywhere in its chain (wrapped in context or not), or else the one failing job
/// whose number the message names — however it is worded or formatted ("job 7 failed",
/// "Task 7", "JobFailed { id: 7 }", with `{}`, `{:#}` or `{:?}`).
fn job_named(err: &anyhow::Error, failing: &[u32]) -> Option<u32> {
    if let Some(failed) = err.chain().find_map(|e| e.downcast_ref::<JobFailed>()) {
        return Some(failed.id);
    }
    // Case aside, and without a backtrace: one pasted into the message (anyhow's `{:?}` with
    // RUST_BACKTRACE set) is full of frame and line numbers.
    let mut text = format!("{err:#}").to_lowercase();
    if let Some(at) = text.find("backtrace") {
        text.truncate(at);
    }
    let named = |close: bool| -> Vec<u32> {
        failing
            .iter()
            .copied()
            .filter(|id| {
                if close {
                    ["job ", "job #", "task ", "task #", "replica ", "id: ", "id ", "#"]
                        .iter()
                        .any(|before| has_word(&text, &format!("{before}{id}")))
                } else {
                    has_word(&text, &id.to_string())
                }
            })
            .collect()
    };
    // A number anywhere, or, when the message holds other numbers too, the one it calls a job.
    match (&named(false)[..], &named(true)[..]) {
        ([id], _) | (_, [id]) => Some(*id),
        _ => None,
    }
}

fn problem4_first_error_stops_at_the_first_failure() {
    let (jobs, log, first, second) = failing_jobs();
    let (collected, returned) = run_first_error(jobs, &log);
    check_started_once("until_first_error", &log, returned + GRACE);
    let at = log.time_of(first);
    let before: Vec<(u32, u64)> = log
        .by_time()
        .into_iter()
        .filter(|&id| log.time_of(id) < at)
        .map(|id| (id, u64::from(id) * 10))
        .collect();
    let error = collected.error.as_ref().map(|e| format!("{e:#}"));
    let measured = format!(
        "error {}, done {}, returned at {}",
        error.as_deref().map_or("none".into(), |e| format!("{e:?}")),
        pairs(&collected.done),
        fmt_duration(returned)
    );
    let named = collected.error.as_ref().and_then(|e| job_named(e, &[first, second]));
    let diagnosis = if collected.error.is_none() {
        diagnosis(
            "until_first_error returned no error",
            "two jobs fail here; FIRST_EXCEPTION returns the first failure, it does not swallow it",
            "when a job's result is an `Err`, keep that error and stop",
        )
    } else if named == Some(second) {
        let how = if returned >= slowest(&log) {
            format!("it waited for every job, and then returned job {second}'s failure")
        } else {
            format!("it returned job {second}'s failure")
        };
        diagnosis(
            "until_first_error did not stop at the first failure",
            format!(
                "{}, the first failing job in the list, and the last to fail; but job {first} failed earlier, at {}: \
                 the first failure in time is the first to come out when the results are taken as they finish",
                how,
                fmt_duration(at)
            ),
            "look at the results in the order they finish, and stop at the first error among them",
        )
    } else if returned != at {
        diagnosis(
            "until_first_error did not stop at the first failure",
            if returned >= slowest(&log) {
                "it waited for every job: FIRST_EXCEPTION returns as soon as one fails".to_owned()
            } else {
                "asyncio's wait(return_when=FIRST_EXCEPTION): results as they finish, and out at the first failure in time".to_owned()
            },
            "run every job at once and look at each result as it finishes; at the first error, stop",
        )
    } else if named != Some(first) {
        diagnosis(
            "until_first_error returned the wrong error",
            "it stopped at the right moment, but its error does not say which job failed: the caller needs the failure itself",
            "return the error the failed job gave (wrapping it with context is fine)",
        )
    } else if collected.done != before {
        diagnosis(
            "until_first_error did not keep the results that finished before the failure",
            "every job that finished before the first failure has a result, kept in the order they finished",
            "keep each result as it comes in, up to the failure",
        )
    } else {
        return;
    };
    diagnosis.fail(
        measured,
        format!(
            "job {first}'s error (the first to fail, at {}), the results that finished before it, {}, returned at {}",
            fmt_duration(at),
            pairs(&before),
            fmt_duration(at)
        ),
        picture(log.recorder(), returned + GRACE),
    );
}

fn problem4_first_error_cancels_the_rest() {
    let (jobs, log, first, _) = failing_jobs();
    let (collected, returned) = run_first_error(jobs, &log);
    check_nothing_left(
        "until_first_error",
        &log,
        returned,
        "the jobs still running at the first failure",
    );
    let at = log.time_of(first);
    let still: Vec<u32> = log.ids().into_iter().filter(|&id| log.time_of(id) > at).collect();
    let mut unfinished = collected.unfinished.clone();
    unfinished.sort_unstable();
    if unfinished != still {
        let (why, hint) = if returned > at {
            (
                format!(
                    "it stopped at {}, later than the first failure (job {first}, at {}): by then some of the jobs to be \
                     stopped had ended, so they can't be reported as stopped. The stop itself comes too late",
                    fmt_duration(returned),
                    fmt_duration(at)
                ),
                "stop at the first failure in time, the moment it comes out",
            )
        } else {
            (
                "unfinished is every job that had not ended by the first failure, each once: not the one that failed, \
                 not those that finished"
                    .to_owned(),
                "start from every id and strike each off as its result comes in, the failed one too",
            )
        };
        Failure::new("until_first_error did not report which jobs it stopped")
            .measured(format!(
                "unfinished {}, returned at {}",
                ids(&collected.unfinished),
                fmt_duration(returned)
            ))
            .expected(format!(
                "unfinished {}: the jobs still running when job {first} failed, at {}",
                ids(&still),
                fmt_duration(at)
            ))
            .why(why)
            .hint(hint)
            .timeline(picture(log.recorder(), returned + GRACE))
            .fail();
    }
}

fn problem4_first_error_returns_everything_when_nothing_fails() {
    for (count, step) in SIZES {
        everything_when_nothing_fails(count, step);
    }
}

fn everything_when_nothing_fails(count: u32, step: u64) {
    let (jobs, log) = Jobs::new("job", count, ms(step));
    let (collected, returned) = run_first_error(jobs, &log);
    check_started_once("until_first_error", &log, returned + GRACE);
    let all: Vec<(u32, u64)> = log.by_time().into_iter().map(|id| (id, u64::from(id) * 10)).collect();
    let last = slowest(&log);
    let mut done = collected.done.clone();
    done.sort_unstable();
    let mut all_sorted = all.clone();
    all_sorted.sort_unstable();
    let measured = format!(
        "error {}, done {}, unfinished {}, returned at {}",
        collected
            .error
            .as_ref()
            .map_or("none".into(), |e| format!("{:?}", format!("{e:#}"))),
        pairs(&collected.done),
        ids(&collected.unfinished),
        fmt_duration(returned)
    );
    let diagnosis = if collected.error.is_some() {
        diagnosis(
            "until_first_error returned an error though no job failed",
            "no job fails here: the error came from the program itself",
            "only a job's own `Err` is a failure",
        )
    } else if returned != last {
        diagnosis(
            "until_first_error did not return when the last job finished",
            "with no failure, it waits for every job, and no longer",
            "wait until every job has given its result",
        )
    } else if done != all_sorted {
        diagnosis(
            "until_first_error did not return every result when nothing failed",
            "with no failure, every job's result is kept",
            "keep each result as it comes in",
        )
    } else if collected.done != all {
        diagnosis(
            "until_first_error's results are not in the order they finished",
            "the results are kept as they come in, so their order is the order the jobs finished",
            "push each result when it arrives, and don't sort them afterwards",
        )
    } else if !collected.unfinished.is_empty() {
        diagnosis(
            "until_first_error named unfinished jobs though every job finished",
            "with no failure nothing is stopped: every job finished",
            "a job whose result came in is not unfinished",
        )
    } else {
        return;
    };
    diagnosis.fail(
        measured,
        format!(
            "no error, all {count} results in the order they finished, {}, nothing unfinished, returned at {}",
            pairs(&all),
            fmt_duration(last)
        ),
        picture(log.recorder(), returned + GRACE),
    );
}

// ---------------------------------------------------------------------------------------------
// Problem 5 — chains

/// The book's three chains, and three that finish in an order that is neither theirs nor sorted
/// (chain 7 after 3 s, 13 after 8 s, 9 after 13 s). Checked first, so no tie decides: chains 1
/// and 2 of the book both end at 11 s.
const CHAIN_LISTS: [&[u32]; 2] = [&[9, 13, 7], &[1, 2, 3]];

fn run_chains(ns: &'static [u32]) -> (PartsLog, Vec<Chain>, Duration) {
    let (parts, log) = Parts::new();
    let run = RUNS.run_and_linger(log.recorder(), move || async move {
        subject::chains::chains(&parts, ns).await
    });
    let (reports, returned) = run.value;
    (log, reports, returned)
}

fn length(log: &PartsLog, n: u32) -> Duration {
    log.part1_time(n) + log.part2_time(n)
}

/// How long chain `n` took, from its part1's start to its part2's end, as it ran: when the
/// chains ran is the next check's business, what they report is this one's.
fn own_time(log: &PartsLog, n: u32) -> Duration {
    let spans = log.recorder().spans();
    let of = |part| spans.iter().filter(move |s| s.key == Part { chain: n, part });
    let start = of(1).map(|s| s.start).min();
    let end = of(2).map(|s| s.end).max();
    match (start, end) {
        (Some(start), Some(end)) => end.saturating_sub(start),
        _ => length(log, n),
    }
}

fn problem5_chains_report_their_results_and_times() {
    for ns in CHAIN_LISTS {
        let (log, reports, returned) = run_chains(ns);
        let expected: Vec<Chain> = ns
            .iter()
            .map(|&n| Chain {
                n,
                result: format!("result{n}-2 derived from result{n}-1"),
                took: own_time(&log, n),
            })
            .collect();
        if reports == expected {
            continue;
        }
        let show = |chains: &[Chain]| {
            chains
                .iter()
                .map(|c| format!("chain {}: {:?} in {}", c.n, c.result, fmt_duration(c.took)))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let got: Vec<u32> = reports.iter().map(|c| c.n).collect();
        let mut finishing: Vec<u32> = ns.to_vec();
        finishing.sort_by_key(|&n| length(&log, n));
        let (mut got_sorted, mut ns_sorted) = (got.clone(), ns.to_vec());
        got_sorted.sort_unstable();
        ns_sorted.sort_unstable();
        let diagnosis = if got == ns {
            if reports.iter().zip(&expected).any(|(r, e)| r.result != e.result) {
                diagnosis(
                    "a chain's result is wrong",
                    "each chain runs part1(n), then part2(n, part1's result): its result is part2's",
                    "hand each chain's part1 result to its own part2, and report what part2 returns",
                )
            } else if reports.iter().all(|r| r.took < Duration::from_secs(1))
                && reports.iter().any(|r| !r.took.is_zero())
            {
                // The parts take whole simulated seconds: a time under a second that is not zero was
                // read from the machine's clock, however loaded the machine is.
                diagnosis(
                    "the chains' times are not in simulated time",
                    STD_INSTANT,
                    "time each chain with the clock its parts sleep on",
                )
            } else {
                let outside = reports.iter().zip(&expected).any(|(r, e)| r.took > e.took);
                diagnosis(
                    "a chain's time is not its own",
                    if outside {
                        "some chains report more than the time from their part1's start to their part2's end: timed from \
                         outside (from the run's start, or until the report was collected), a chain's time includes waiting \
                         for the others"
                    } else {
                        "some chains report less than the time from their part1's start to their part2's end: a chain's time \
                         runs from its own start to its own end"
                    },
                    "time each chain inside the chain: note the start, run both parts, report the elapsed time",
                )
            }
        } else if got_sorted == ns_sorted {
            diagnosis(
                "the chains' reports are not in the order of `ns`",
                if got == finishing {
                    "they came in the order the chains finished; the reports are wanted in the order of `ns`, whatever the chains' times"
                } else {
                    "the reports are wanted in the order of `ns`, whatever the chains' times"
                },
                "keep each chain's place in `ns`, and report in that order",
            )
        } else {
            diagnosis(
                "not one report per chain of `ns`",
                "each number in `ns` is one chain, with one report",
                "run one chain for each number in `ns`, each reporting once",
            )
        };
        diagnosis.fail(
            format!("ns = {ns:?}:\n{}", show(&reports)),
            show(&expected),
            picture(log.recorder(), returned),
        );
    }
}

fn problem5_chains_take_as_long_as_the_longest() {
    for ns in CHAIN_LISTS {
        let (log, _, returned) = run_chains(ns);
        let lengths: Vec<Duration> = ns.iter().map(|&n| length(&log, n)).collect();
        let each: Vec<String> = ns
            .iter()
            .map(|&n| {
                format!(
                    "chain {n}: {} + {}",
                    fmt_duration(log.part1_time(n)),
                    fmt_duration(log.part2_time(n))
                )
            })
            .collect();
        let bound = TimeBound {
            lower: lengths.iter().copied().max().unwrap_or_default(),
            derivation: format!(
                "a chain's parts run one after the other, but the chains run side by side: with ns = {ns:?} the run takes \
                 as long as the longest chain ({})",
                each.join(", ")
            ),
            tolerance: 0.0,
            one_at_a_time: Some((lengths.iter().sum(), "the chains one after another".into())),
        };
        if let Err(failure) = bound.check(returned) {
            failure
                .hint("run the chains at the same time, each awaiting its own two parts in turn")
                .timeline(picture(log.recorder(), returned))
                .fail();
        }
        for &n in ns {
            let (first, second) = (log.started(n, 1), log.started(n, 2));
            if first.len() > 1 || second.len() > 1 {
                Failure::new(format!("chain {n}'s parts ran more than once"))
                    .measured(format!(
                        "part1 started {} times, part2 {} times",
                        first.len(),
                        second.len()
                    ))
                    .expected("each part once per chain")
                    .why("running a part again repeats its work; its first run already gave the result")
                    .hint("run each chain once, from part1 to part2")
                    .timeline(picture(log.recorder(), returned))
                    .fail();
            }
            if first != [Duration::ZERO] || second != [log.part1_time(n)] {
                let show = |at: &[Duration]| {
                    at.first()
                        .map_or("never".into(), |t| format!("at {}", fmt_duration(*t)))
                };
                Failure::new(format!("chain {n}'s parts did not start when they could"))
                    .measured(format!("part1 started {}, part2 {}", show(&first), show(&second)))
                    .expected(format!(
                        "part1 at 0 s, part2 as soon as part1 is done, at {}",
                        fmt_duration(log.part1_time(n))
                    ))
                    .why("every chain can start at once, and its part2 only waits for its own part1")
                    .hint("start every chain before waiting for any, and in each, run part2 right after part1")
                    .timeline(picture(log.recorder(), returned))
                    .fail();
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The checks, in the order a learner meets them: what `cargo test` runs, each in its own process.

kata_harness::spec! {
    problem1_each_result_is_handled_when_its_job_finishes,
    problem1_returns_when_the_last_result_is_handled,
    problem2_first_wins_at_the_fastest_replicas_time,
    problem2_first_wins_stops_the_other_replicas,
    problem2_a_failed_replica_is_not_an_answer,
    problem3_deadline_keeps_what_finished_in_time,
    problem3_deadline_leaves_nothing_running,
    problem4_first_error_stops_at_the_first_failure,
    problem4_first_error_cancels_the_rest,
    problem4_first_error_returns_everything_when_nothing_fails,
    problem5_chains_report_their_results_and_times,
    problem5_chains_take_as_long_as_the_longest,
}
