//! The queue kata's spec. One file, two crates: `cargo test -p kata-queue` runs it against the
//! kata, `cargo test -p solution-queue` against the reference solution.
//!
//! Every run happens in simulated time on the harness's `Floor`, which records who worked on
//! which item and when; the checks judge that record, the value `run` returns and the results
//! file — never how the code is written.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use kata_harness::queue::{Floor, ITEMS, Ledger, PRODUCER_PAUSE, WORK_TIME, WorkFailed};
use kata_harness::{Failure, Run, Sim, TimeBound, fmt_duration, has_word, most_at_once, simulate, timeline};

use crate::subject;

/// What a deadlock nearly always is in this kata.
const DEADLOCK_HINT: &str = "a consumer's `recv()` returns `None` only once the queue is empty \
    *and every `Sender` is gone*. Count the senders: who still holds one once the producer is done? \
    Tell the consumers the work is over through the queue itself.";

/// Runs the learner's `run(floor, consumers)` in simulated time, and hands back the floor's
/// ledger with the run. Fails the test, with an explanation, if it deadlocks, spins, blocks or
/// panics. Writes still in flight when `run` returns land before anything reads the file.
fn run((floor, ledger): (Floor, Ledger), consumers: usize) -> (Ledger, Run<anyhow::Result<Vec<u64>>>) {
    let sim = Sim::new(Duration::from_secs(60))
        .recorder(ledger.recorder())
        .deadlock_hint(DEADLOCK_HINT)
        .settle_blocking_work();
    let run = simulate(sim, move || subject::run(floor, consumers));
    (ledger, run)
}

fn picture(floor: &Ledger, end: Duration) -> String {
    timeline::render(&floor.recorder().spans(), end)
}

/// The totals, or a failure explaining that `run` returned an error when none was expected.
fn totals(floor: &Ledger, run: Run<anyhow::Result<Vec<u64>>>) -> (Vec<u64>, Duration) {
    match run.value {
        Ok(totals) => (totals, run.elapsed),
        Err(err) => Failure::new("`run` returned an error")
            .measured(format!("Err: {err:#}"))
            .expected("Ok with each consumer's total: on this floor no work fails")
            .hint("look at where the error comes from: a closed queue, a task that panicked, the results file?")
            .timeline(picture(floor, run.elapsed))
            .fail(),
    }
}

/// Each item of `0..ITEMS` was worked on to the end exactly once.
fn check_every_item_once(floor: &Ledger, elapsed: Duration) {
    let mut by_item: BTreeMap<u32, Vec<String>> = (0..ITEMS).map(|i| (i, Vec::new())).collect();
    let mut strangers = Vec::new();
    for span in floor.work_done() {
        match span.label.parse::<u32>().ok().and_then(|item| by_item.get_mut(&item)) {
            Some(consumers) => consumers.push(span.lane),
            None => strangers.push(span.label),
        }
    }
    let missing: Vec<u32> = by_item.iter().filter(|(_, c)| c.is_empty()).map(|(i, _)| *i).collect();
    let repeated: Vec<String> = by_item
        .iter()
        .filter(|(_, c)| c.len() > 1)
        .map(|(i, c)| format!("{i} (by {})", c.join(", ")))
        .collect();
    if missing.is_empty() && repeated.is_empty() && strangers.is_empty() {
        return;
    }
    let mut measured = Vec::new();
    if !missing.is_empty() {
        measured.push(format!("{} items never worked on: {}", missing.len(), list(&missing)));
    }
    if !repeated.is_empty() {
        measured.push(format!(
            "{} items worked on more than once: {}",
            repeated.len(),
            list(&repeated)
        ));
    }
    if !strangers.is_empty() {
        measured.push(format!("work on items that were never produced: {}", list(&strangers)));
    }
    let hint = if !missing.is_empty() {
        "did `run` return before the consumers were done, or did a consumer stop early? Wait for \
         every consumer to finish before returning."
    } else {
        "an item taken off the queue belongs to the consumer that took it: work on it once, in that consumer."
    };
    Failure::new("not every item was worked on exactly once")
        .measured(measured.join("\n"))
        .expected(format!("each of the items 0..{ITEMS} worked on once, by one consumer"))
        .hint(hint)
        .timeline(picture(floor, elapsed))
        .fail()
}

fn list<T: ToString>(items: &[T]) -> String {
    let shown: Vec<String> = items.iter().take(12).map(T::to_string).collect();
    if items.len() > shown.len() {
        format!("{}, … ({} more)", shown.join(", "), items.len() - shown.len())
    } else {
        shown.join(", ")
    }
}

/// One per line, the first dozen.
fn rows(items: &[String]) -> String {
    let mut text = items.iter().take(12).cloned().collect::<Vec<_>>().join("\n");
    if items.len() > 12 {
        text.push_str(&format!("\n… ({} more)", items.len() - 12));
    }
    text
}

/// The consumers that finished at least one item, in natural order.
fn workers(floor: &Ledger) -> BTreeMap<String, usize> {
    let mut workers = BTreeMap::new();
    for span in floor.work_done() {
        *workers.entry(span.lane).or_insert(0) += 1;
    }
    workers
}

// ---------------------------------------------------------------------------------------------
// Problem 1 — communication

fn problem1_finishes() {
    let (floor, run) = run(Floor::open(), 1);
    let _ = totals(&floor, run);
}

/// On a floor where the work is quicker than the producer, the consumer mostly waits for the
/// next item: a consumer that waits by awaiting `recv()` costs nothing, one that keeps asking
/// (`try_recv()` in a loop) never lets the runtime rest.
fn problem1_waits_for_the_next_item() {
    let (floor, run) = run(Floor::quick(), 1);
    let (_, elapsed) = totals(&floor, run);
    check_every_item_once(&floor, elapsed);
}

fn problem1_every_item_consumed_once() {
    let (floor, run) = run(Floor::open(), 1);
    let (_, elapsed) = totals(&floor, run);
    check_every_item_once(&floor, elapsed);
}

fn problem1_total_is_right() {
    let (floor, run) = run(Floor::open(), 1);
    let (totals, _) = totals(&floor, run);
    let sum: u64 = totals.iter().sum();
    let expected: u64 = (0..ITEMS).map(u64::from).sum();
    if sum != expected {
        Failure::new("the consumers' totals are wrong")
            .measured(format!("`run` returned {totals:?}, which adds up to {sum}"))
            .expected(format!("totals that add up to {expected}"))
            .why(format!(
                "each consumer returns the sum of the items it took, and together they took every item \
                 once: 0 + 1 + … + {} = {expected}",
                ITEMS - 1
            ))
            .hint("add each item to the total of the consumer that took it, and return one total per consumer")
            .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 2 — scale

fn problem2_three_consumers_share_the_work() {
    let (floor, run) = run(Floor::open(), 3);
    let (_, elapsed) = totals(&floor, run);
    check_every_item_once(&floor, elapsed);
    let workers = workers(&floor);
    if workers.len() != 3 {
        let seen: Vec<String> = workers.iter().map(|(id, n)| format!("{id} ({n} items)")).collect();
        let hint = if workers.len() < 3 {
            "start one consumer per id, all at once, sharing the one queue. tokio's mpsc channel has a \
             single receiver, so the consumers need to share it — and a consumer must not keep it to \
             itself while it works, or the others wait."
        } else {
            "`run(floor, 3)` should start three consumers, no more."
        };
        Failure::new(format!("asked for 3 consumers, {} took work", workers.len()))
            .measured(format!("consumers that finished work: {}", list(&seen)))
            .expected("three consumers with distinct ids, each doing part of the work")
            .hint(hint)
            .timeline(picture(&floor, elapsed))
            .fail();
    }
}

fn problem2_close_to_the_minimum() {
    let (floor, run) = run(Floor::open(), subject::CONSUMERS);
    let (_, elapsed) = totals(&floor, run);
    check_every_item_once(&floor, elapsed);
    if floor.rests() != ITEMS {
        Failure::new("the producer skipped its rests")
            .measured(format!("`floor.rest()` ran {} times", floor.rests()))
            .expected(format!("{ITEMS} times: once after each put"))
            .why("the producer's 10 ms rest after each put is one of the kata's fixed numbers")
            .fail();
    }
    let last = ITEMS - 1;
    let bound = TimeBound {
        lower: PRODUCER_PAUSE * last + WORK_TIME,
        derivation: format!(
            "the producer rests {} after each put, so item k goes into the queue at k × {} at the \
             earliest, and the last one (k = {last}) at {}. Then it still needs its {} of work: \
             {} + {} = {}.",
            fmt_duration(PRODUCER_PAUSE),
            fmt_duration(PRODUCER_PAUSE),
            fmt_duration(PRODUCER_PAUSE * last),
            fmt_duration(WORK_TIME),
            fmt_duration(PRODUCER_PAUSE * last),
            fmt_duration(WORK_TIME),
            fmt_duration(PRODUCER_PAUSE * last + WORK_TIME),
        ),
        tolerance: 0.05,
        one_at_a_time: Some((
            WORK_TIME * ITEMS,
            format!("one consumer: {ITEMS} × {}", fmt_duration(WORK_TIME)),
        )),
    };
    if let Err(failure) = bound.check(elapsed) {
        let spans = floor.work_done();
        let at_once = most_at_once(&spans);
        let hint = if subject::CONSUMERS > 1 && at_once <= 1 {
            format!(
                "CONSUMERS is {}, yet never more than one item was worked on at a time: the consumers \
                 take turns instead of working side by side. Does one of them keep the shared receiver \
                 (or a lock) while it works?",
                subject::CONSUMERS
            )
        } else {
            let overlap = match at_once {
                0 | 1 => "no two items were ever worked on at the same time".to_owned(),
                n => format!("at most {n} items were worked on at the same time"),
            };
            format!(
                "{overlap}. Compare how often an item arrives with how long one takes: how many \
                 consumers must be busy at once to keep up? (CONSUMERS is {}.)",
                subject::CONSUMERS
            )
        };
        failure.hint(hint).timeline(picture(&floor, elapsed)).fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 3 — results

/// The results file's lines, or a failure saying why there are none.
fn result_lines(floor: &Ledger) -> Vec<String> {
    let path = floor.results_file();
    match std::fs::read_to_string(path) {
        Ok(text) => text.lines().map(str::to_owned).collect(),
        Err(err) => Failure::new("there is no results file")
            .measured(format!("reading {} failed: {err}", path.display()))
            .expected(format!(
                "{ITEMS} lines of `consumer ID | queue item` in floor.results_file()"
            ))
            .hint(
                "each consumer writes one line per item it handled, all to the same file; create \
                 it once, before the consumers start.",
            )
            .fail(),
    }
}

fn problem3_one_line_per_item() {
    let (floor, run) = run(Floor::open(), 3);
    let _ = totals(&floor, run);
    let lines = result_lines(&floor);
    let mut seen: BTreeMap<u32, usize> = BTreeMap::new();
    for line in &lines {
        if let Some(item) = line
            .rsplit_once(" | ")
            .and_then(|(_, item)| item.trim().parse::<u32>().ok())
        {
            *seen.entry(item).or_insert(0) += 1;
        }
    }
    let missing: Vec<u32> = (0..ITEMS).filter(|i| !seen.contains_key(i)).collect();
    let repeated: Vec<u32> = seen.iter().filter(|(_, n)| **n > 1).map(|(i, _)| *i).collect();
    if lines.len() as u32 != ITEMS || !missing.is_empty() || !repeated.is_empty() {
        let mut measured = vec![format!("{} lines", lines.len())];
        if !missing.is_empty() {
            measured.push(format!("no line for {} items: {}", missing.len(), list(&missing)));
        }
        if !repeated.is_empty() {
            measured.push(format!("more than one line for: {}", list(&repeated)));
        }
        let hint = if lines.len() < ITEMS as usize {
            "lines go missing when each consumer creates (and so empties) the file itself, when `run` \
             returns before every consumer is done, or when a buffered writer (`BufWriter`) is never \
             flushed."
        } else if lines.len() == ITEMS as usize {
            "the right number of lines, but not one per item: are lines written in pieces, so that \
             two consumers' pieces mix? Write each line whole, in one write."
        } else {
            "write exactly one line per item a consumer finished, and nothing else."
        };
        Failure::new("the results file does not have one line per item")
            .measured(measured.join("\n"))
            .expected(format!("{ITEMS} lines, one for each item 0..{ITEMS}"))
            .hint(hint)
            .fail();
    }
}

fn problem3_lines_are_well_formed() {
    let (floor, run) = run(Floor::open(), 3);
    let _ = totals(&floor, run);
    let lines = result_lines(&floor);
    let who_did: BTreeMap<String, String> = floor.work_done().into_iter().map(|s| (s.label, s.lane)).collect();
    let consumers: BTreeSet<&str> = who_did.values().map(String::as_str).collect();
    let mut bad = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let problem = match line.split_once(" | ") {
            None => Some("not of the form `consumer ID | queue item`".to_owned()),
            Some((id, item)) if id.is_empty() || id.contains('|') || item.contains('|') => {
                Some("not of the form `consumer ID | queue item` (torn or interleaved?)".to_owned())
            }
            Some((id, item)) => match item.parse::<u32>() {
                Err(_) => Some(format!("`{item}` is not an item number")),
                Ok(number) => match who_did.get(&number.to_string()) {
                    None => Some(format!("item {number} was never worked on")),
                    Some(worker) if worker != id => {
                        let known = if consumers.contains(id) {
                            ""
                        } else {
                            ", a consumer that did no work"
                        };
                        Some(format!("item {number} was worked on by {worker}, not by `{id}`{known}"))
                    }
                    Some(_) => None,
                },
            },
        };
        if let Some(problem) = problem {
            bad.push(format!("line {}: {line:?} — {problem}", n + 1));
        }
    }
    if !bad.is_empty() {
        Failure::new(format!(
            "{} of {} lines in the results file are not right",
            bad.len(),
            lines.len()
        ))
        .measured(rows(&bad))
        .expected("every line `ID | ITEM`: the id of the consumer that worked on the item, ` | `, the item")
        .why(
            "several consumers write to one file at the same time; a line written in pieces (or \
                 by two writers at once) comes out torn or mixed with another",
        )
        .hint("write each line whole, in one write, and let only one consumer write at a time.")
        .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 4 — a consumer fails

/// The chapter's promise: `run` returns as soon as it learns of the failure, and stops the
/// producer and the other consumers — with three consumers, and with one (where a program that
/// first waits for the producer never returns: the queue fills and nobody empties it).
fn problem4_run_stops_everything_at_once() {
    const FAILING: u32 = 37;
    for consumers in [3, 1] {
        let (floor, ledger) = Floor::failing_at(FAILING);
        let sim = Sim::new(Duration::from_secs(60))
            .recorder(ledger.recorder())
            .deadlock_hint(
                "with the consumer gone, nothing empties the queue: the producer waits for room that \
                 never comes, and whatever waits for the producer waits for ever. Who hears of the \
                 failure first?",
            )
            .settle_blocking_work();
        let run = kata_harness::simulate_and_linger(sim, move || subject::run(floor, consumers));
        let (value, returned) = run.value;
        let failed_at = ledger.work_failed().first().map(|s| s.end).unwrap_or_default();
        if value.is_ok() {
            // The other check says why an Ok is wrong; this one is about when.
            continue;
        }
        if returned > failed_at + Duration::from_millis(1) {
            Failure::new(format!(
                "`run` reported the failure {} late",
                fmt_duration(returned - failed_at)
            ))
            .measured(format!(
                "with {consumers} consumer(s), the work on item {FAILING} failed at {}, and `run` returned \
                     its error at {}",
                fmt_duration(failed_at),
                fmt_duration(returned)
            ))
            .expected(format!(
                "`run` returns at {} — as soon as it learns of the failure",
                fmt_duration(failed_at)
            ))
            .why(
                "until `run` returns, nobody knows the job has failed, and the rest of the floor keeps \
                     working for nothing; something in `run` must hear of a consumer's failure while the \
                     others are still working, not after waiting for them or for the producer",
            )
            .hint("what does `run` wait for, and in what order? Could it wait for whichever task ends first?")
            .timeline(timeline::render(
                &ledger.recorder().spans(),
                returned + kata_harness::GRACE,
            ))
            .fail();
        }
        kata_harness::check_nothing_left("run", ledger.recorder(), returned, "");
    }
}

fn problem4_a_failure_is_reported() {
    const FAILING: u32 = 37;
    let (floor, run) = run(Floor::failing_at(FAILING), 3);
    let failed_on = floor.work_failed().first().map(|s| s.lane.clone()).unwrap_or_default();
    match run.value {
        Err(err) => {
            let text = format!("{err:#}");
            // Said any way at all — the harness's own error passed on, or words of the
            // learner's — the error must name the consumer and the item.
            let passed_on = err.chain().any(|cause| cause.downcast_ref::<WorkFailed>().is_some());
            let named = has_word(&text, &failed_on) && has_word(&text, &FAILING.to_string());
            if !passed_on && !named {
                Failure::new("`run` returned an error, but it does not say what failed")
                    .measured(format!("Err: {text}"))
                    .expected(format!(
                        "an error that names the consumer ({failed_on}) and the item ({FAILING}) — the \
                         error `floor.work()` returned says \"consumer {failed_on} failed in the middle \
                         of item {FAILING} …\""
                    ))
                    .hint(
                        "pass the work's error on (with `?`, or wrapped with `.context(..)`) instead of \
                         replacing it; if a task panicked, return an error rather than panic",
                    )
                    .timeline(picture(&floor, run.elapsed))
                    .fail();
            }
        }
        Ok(totals) => {
            let retried = floor.work_done().iter().any(|s| s.label == FAILING.to_string());
            let what = if retried {
                "the item was worked on again after the failure, and `run` reported success. Retrying is \
                 a fine design elsewhere, but this kata asks for the failure to be reported"
            } else {
                "the item was lost silently: nobody finished it, and `run` reported success"
            };
            Failure::new(format!(
                "consumer {failed_on} failed on item {FAILING}, and `run` returned Ok"
            ))
            .measured(format!("Ok({totals:?}); {what}"))
            .expected("Err naming the failure (the error `floor.work()` returned)")
            .why("a failure that nobody hears about is a lost item; the caller must learn of it")
            .hint(
                "don't throw the result of `floor.work()` away: return the error from the consumer, \
                 and from `run`.",
            )
            .timeline(picture(&floor, run.elapsed))
            .fail();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The checks, in the order a learner meets them: what `cargo test` runs, each in its own process.

kata_harness::spec! {
    problem1_finishes,
    problem1_waits_for_the_next_item,
    problem1_every_item_consumed_once,
    problem1_total_is_right,
    problem2_three_consumers_share_the_work,
    problem2_close_to_the_minimum,
    problem3_one_line_per_item,
    problem3_lines_are_well_formed,
    problem4_a_failure_is_reported,
    problem4_run_stops_everything_at_once,
}
