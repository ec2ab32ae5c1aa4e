//! The queue kata's spec. One file, two crates: `cargo test -p kata-queue` runs it against the
//! kata, `cargo test -p solution-queue` against the reference solution.
//!
//! Every run happens in simulated time on the harness's `Floor`, which records who worked on
//! which item and when; the checks judge that record, the value `run` returns and the results
//! file — never how the code is written.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use kata_harness::prelude::*;
use kata_harness::queue::{Activity, Floor, ITEMS, Ledger, PRODUCER_PAUSE, WORK_TIME, WorkFailed};

use crate::subject;

/// Every run: a minute at most, what a deadlock nearly always is in this kata, and the results
/// file's writes landed before anything reads it.
const RUNS: Runs = Runs::new(secs(60))
    .deadlock_hint(
        "a consumer's `recv()` returns `None` only once the queue is empty *and every `Sender` is \
         gone*. Count the senders: who still holds one once the producer is done? Tell the consumers \
         the work is over through the queue itself.",
    )
    .settle_blocking_work();

/// How many items a message lists.
const SHOWN: usize = 12;

/// What a deadlock nearly always is on a floor where a consumer fails.
fn failure_deadlock_hint(consumers: usize, item: u32) -> String {
    format!(
        "this run had {consumers} consumer(s), and one failed on item {item}. Once no consumer is left \
         taking items, nothing empties the queue: the producer waits for room that never comes, and \
         whatever waits for the producer waits for ever. Who hears of the failure first?"
    )
}

/// Runs the learner's `run(floor, consumers)`, and hands back the floor's ledger with the run.
fn run((floor, ledger): (Floor, Ledger), consumers: usize) -> (Ledger, Run<anyhow::Result<Vec<u64>>>) {
    let run = RUNS.run(ledger.recorder(), move || subject::run(floor, consumers));
    (ledger, run)
}

/// The totals, or a failure explaining that `run` returned an error when none was expected.
fn totals(floor: &Ledger, run: Run<anyhow::Result<Vec<u64>>>) -> (Vec<u64>, Duration) {
    match run.value {
        Ok(totals) => (totals, run.elapsed),
        Err(err) => Failure::new("`run` returned an error")
            .measured(format!("Err: {err:#}"))
            .expected("Ok with each consumer's total: on this floor no work fails")
            .hint("look at where the error comes from: a closed queue, a task that panicked, the results file?")
            .timeline(picture(floor.recorder(), run.elapsed))
            .fail(),
    }
}

/// Each item of `0..ITEMS` was worked on to the end exactly once.
fn check_every_item_once(floor: &Ledger, elapsed: Duration) {
    let mut tally = Tally::new(0..ITEMS);
    for span in floor.work_done() {
        tally.saw_by(span.key, span.lane);
    }
    let says = Says {
        missing: "items never worked on",
        repeated: "items worked on more than once",
        strays: "work on items that were never produced",
    };
    if let Err(failure) = tally.check("not every item was worked on exactly once", says, u32::to_string) {
        let hint = if !tally.missing().is_empty() {
            "did `run` return before the consumers were done, or did a consumer stop early? Wait for \
             every consumer to finish before returning."
        } else {
            "an item taken off the queue belongs to the consumer that took it: work on it once, in that consumer."
        };
        failure
            .expected(format!("each of the items 0..{ITEMS} worked on once, by one consumer"))
            .hint(hint)
            .timeline(picture(floor.recorder(), elapsed))
            .fail();
    }
}

/// The consumers that finished at least one item, and how many: in natural order (c2 before c10).
fn workers(floor: &Ledger) -> Vec<(String, usize)> {
    let mut workers: BTreeMap<String, usize> = BTreeMap::new();
    for span in floor.work_done() {
        *workers.entry(span.lane).or_insert(0) += 1;
    }
    let mut workers: Vec<(String, usize)> = workers.into_iter().collect();
    workers.sort_by_key(|(id, _)| {
        let stem = id.trim_end_matches(|c: char| c.is_ascii_digit()).to_owned();
        (stem, id.len(), id.clone())
    });
    workers
}

// ---------------------------------------------------------------------------------------------
// Problem 1 — communication

fn problem1_finishes() {
    let (floor, run) = run(Floor::open(), 1);
    let _ = totals(&floor, run);
}

/// Once the last item is done, the queue itself says the work is over: `run` returns at that
/// very moment, not after a pause that stands for "no more items", nor after a timer.
fn problem1_returns_when_the_work_is_done() {
    let (floor, run) = run(Floor::open(), 1);
    let (_, returned) = totals(&floor, run);
    let spans = floor.recorder().spans();
    let Some(last) = spans.iter().max_by_key(|s| s.end) else {
        return;
    };
    if returned > last.end + ms(1) {
        let what = match last.key {
            Activity::Rest(_) => "the producer's last rest".to_owned(),
            Activity::Work(item) => format!("the work on the last item ({item}, by {})", last.lane),
        };
        Failure::new(format!(
            "`run` returned {} after the last work was done",
            fmt_duration(returned - last.end)
        ))
        .measured(format!(
            "{what} ended at {}; `run` returned at {}",
            fmt_duration(last.end),
            fmt_duration(returned)
        ))
        .expected(format!("`run` returns at {}", fmt_duration(last.end)))
        .why(
            "when the producer is done and the queue is empty, `recv()` says so at once: nothing is \
             left to wait for. A consumer that decides the work is over because no item came for a \
             while waits for nothing at the end — and on a floor where the producer pauses longer, \
             it stops before the work is done",
        )
        .hint("let the queue tell the consumer that the work is over, instead of a timeout or a timer")
        .timeline(picture(floor.recorder(), returned))
        .fail();
    }
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
    let (totals, elapsed) = totals(&floor, run);
    check_totals(&floor, &totals, 1, elapsed);
}

/// What each consumer worked on to the end, added up, by consumer id.
fn sums_by_consumer(floor: &Ledger) -> BTreeMap<String, u64> {
    let mut sums = BTreeMap::new();
    for span in floor.work_done() {
        *sums.entry(span.lane).or_insert(0) += u64::from(span.key);
    }
    sums
}

/// `run` returned one total per consumer, each the sum of the items that consumer worked on —
/// compared consumer by consumer (in any order), not only as a sum.
fn check_totals(floor: &Ledger, totals: &[u64], consumers: usize, elapsed: Duration) {
    let sums = sums_by_consumer(floor);
    let worked: Vec<String> = sums
        .iter()
        .map(|(id, sum)| format!("{id} finished items adding up to {sum}"))
        .collect();
    let finished = floor.work_done().len();
    let all: u64 = (0..ITEMS).map(u64::from).sum();
    let why = format!(
        "each consumer returns the sum of the items it took, and together they took every item once: \
         0 + 1 + … + {} = {all}",
        ITEMS - 1
    );
    if totals.len() != consumers {
        let hint = if totals.len() < consumers && finished < ITEMS as usize {
            "a total is lost with the consumer that would have returned it: was a consumer stopped \
             (aborted, or its handle dropped) before the queue was empty? Let each one finish, and \
             collect what each returns."
        } else if totals.len() < consumers {
            "every item was worked on, yet some consumers' totals are missing: collect what every \
             consumer returns, one total each."
        } else {
            "return one total per consumer `run` started, no more."
        };
        Failure::new(format!(
            "`run` returned {} total(s) for {consumers} consumer(s)",
            totals.len()
        ))
        .measured(format!(
            "`run` returned {totals:?}; {finished} of {ITEMS} items were worked on to the end{}{}",
            if worked.is_empty() { "" } else { ": " },
            worked.join(", ")
        ))
        .expected(format!("{consumers} total(s), one per consumer"))
        .why(why)
        .hint(hint)
        .timeline(picture(floor.recorder(), elapsed))
        .fail();
    }
    let mut returned = totals.to_vec();
    returned.sort_unstable();
    let mut earned: Vec<u64> = sums.values().copied().collect();
    earned.resize(consumers.max(earned.len()), 0);
    earned.sort_unstable();
    if returned != earned {
        Failure::new("the consumers' totals do not match the items they worked on")
            .measured(format!("`run` returned {totals:?}, and on the floor {}", worked.join(", ")))
            .expected(format!("the totals {earned:?}, in any order"))
            .why(why)
            .hint("add each item to the total of the consumer that took it, once it is worked on, and return one total per consumer")
            .timeline(picture(floor.recorder(), elapsed))
            .fail();
    }
    if finished < ITEMS as usize {
        Failure::new("the totals add up what was done, but not every item was done")
            .measured(format!(
                "`run` returned {totals:?}: only {finished} of {ITEMS} items were worked on to the end"
            ))
            .expected(format!("totals that add up to {all}"))
            .why(why)
            .hint(
                "the items left in the queue were never worked on: did a consumer stop (or get stopped) \
                 before the queue was empty?",
            )
            .timeline(picture(floor.recorder(), elapsed))
            .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 2 — scale

/// A consumer works on one item at a time: work that overlaps must be by different consumers.
fn check_one_item_at_a_time(floor: &Ledger, elapsed: Duration) {
    let mut by_consumer: BTreeMap<String, Vec<Span<u32>>> = BTreeMap::new();
    for span in floor.work_done() {
        by_consumer.entry(span.lane.clone()).or_default().push(span);
    }
    let crowded: Vec<String> = by_consumer
        .iter()
        .map(|(id, spans)| (id, most_at_once(spans)))
        .filter(|(_, n)| *n > 1)
        .map(|(id, n)| format!("{id} worked on {n} items at the same time"))
        .collect();
    if !crowded.is_empty() {
        Failure::new("a consumer worked on several items at once")
            .measured(shown(&crowded, SHOWN))
            .expected("each consumer works on one item at a time; items overlap only across consumers")
            .why(
                "a consumer is one worker: it takes an item, works on it, and only then takes the next. \
                 Work started in tasks of its own, under one consumer's id, is not the consumers \
                 sharing the queue — and `CONSUMERS` no longer says how many work side by side",
            )
            .hint("let the number of consumers decide how much work overlaps: what does each consumer await before it takes the next item?")
            .timeline(picture(floor.recorder(), elapsed))
            .fail();
    }
}

fn problem2_three_consumers_share_the_work() {
    let (floor, run) = run(Floor::open(), 3);
    let (totals, elapsed) = totals(&floor, run);
    check_every_item_once(&floor, elapsed);
    check_one_item_at_a_time(&floor, elapsed);
    let workers = workers(&floor);
    if workers.len() != 3 {
        let seen: Vec<String> = workers.iter().map(|(id, n)| format!("{id} ({n} items)")).collect();
        let hint = if workers.len() < 3 {
            "start one consumer per id, all at once, sharing the one queue. tokio's mpsc channel has a \
             single receiver, so the consumers need to share it — and a consumer may hold it only to \
             take the next item, or the others wait."
        } else {
            "`run(floor, 3)` should start three consumers, no more."
        };
        Failure::new(format!("asked for 3 consumers, {} took work", workers.len()))
            .measured(format!("consumers that finished work: {}", shown(&seen, SHOWN)))
            .expected("three consumers with distinct ids, each doing part of the work")
            .hint(hint)
            .timeline(picture(floor.recorder(), elapsed))
            .fail();
    }
    check_totals(&floor, &totals, 3, elapsed);
}

fn problem2_close_to_the_minimum() {
    let (floor, run) = run(Floor::open(), subject::CONSUMERS);
    let (_, elapsed) = totals(&floor, run);
    check_every_item_once(&floor, elapsed);
    check_one_item_at_a_time(&floor, elapsed);
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
        let ids = workers(&floor);
        let hint = if ids.len() > 1 && at_once <= 1 {
            let names: Vec<&str> = ids.iter().map(|(id, _)| id.as_str()).collect();
            format!(
                "{} consumers took items ({}), yet never two worked at the same time: they take turns \
                 instead of working side by side, as if a lock were held through the work. The likely \
                 cause: in `while let Some(item) = rx.lock().await.recv().await {{ … }}` the guard is \
                 a temporary of the `while let` condition, and it lives until the end of the loop body, \
                 so each consumer keeps the receiver while it works. When is the guard dropped in \
                 your loop?",
                ids.len(),
                shown(&names, SHOWN)
            )
        } else if subject::CONSUMERS > 1 && ids.len() <= 1 {
            format!(
                "CONSUMERS is {}, yet only one consumer ever took an item: the others never got one. \
                 Does the first consumer keep the shared receiver (or its lock) for the whole run?",
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
        failure.hint(hint).timeline(picture(floor.recorder(), elapsed)).fail();
    }
    check_fewest_consumers(&floor, elapsed);
}

/// The chapter asks for an estimate: `CONSUMERS` is the smallest count that keeps up (one more
/// is forgiven), not any count that happens to be fast enough.
fn check_fewest_consumers(floor: &Ledger, elapsed: Duration) {
    let step = PRODUCER_PAUSE.as_nanos();
    let needed = usize::try_from(WORK_TIME.as_nanos().div_ceil(step)).unwrap_or(usize::MAX);
    let busy = most_at_once(&floor.work_done());
    if subject::CONSUMERS > needed + 1 {
        Failure::new(format!(
            "more consumers than the run needs: CONSUMERS is {}",
            subject::CONSUMERS
        ))
        .measured(format!(
            "CONSUMERS = {}; the run reached the bound, and at most {busy} items were ever worked on at once",
            subject::CONSUMERS
        ))
        .expected(format!(
            "the smallest count that gets within the bound ({needed}; one more is fine)"
        ))
        .why(format!(
            "a new item arrives every {pause} and keeps a consumer busy for {work}, so once the run is \
             going, {work} ÷ {pause} = {needed} items are in work at any moment: {needed} consumers keep \
             up (with {fewer}, the last item waits in the queue and the run misses the bound), and every \
             consumer beyond them only waits for the next item",
            pause = fmt_duration(PRODUCER_PAUSE),
            work = fmt_duration(WORK_TIME),
            fewer = needed - 1,
        ))
        .hint("make the estimate from the producer's pace and the work's length, then set CONSUMERS to it")
        .timeline(picture(floor.recorder(), elapsed))
        .fail();
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
    // Consumers that finish together write together: a line that can be torn is torn here.
    let (floor, run) = run(Floor::in_step(), 3);
    let _ = totals(&floor, run);
    let lines = result_lines(&floor);
    // Judged by the item each line names: whose line it is, the next check's business.
    let items = lines.iter().filter_map(|line| {
        line.rsplit_once(" | ")
            .and_then(|(_, item)| item.trim().parse::<u32>().ok())
    });
    let tally = Tally::of(0..ITEMS, items);
    if lines.len() as u32 != ITEMS || !tally.missing().is_empty() || !tally.repeated().is_empty() {
        let says = Says {
            missing: "items without a line",
            repeated: "items with more than one line",
            strays: "lines for items that were never produced",
        };
        let measured = [format!("{} lines", lines.len()), tally.measured(says, u32::to_string)];
        let hint = if lines.is_empty() {
            "the file is there, but empty: did the lines stay in a buffer (a `BufWriter` never \
             flushed), or did a consumer that created the file last empty it?"
        } else if lines.len() < ITEMS as usize {
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
            .measured(measured.join("\n").trim_end())
            .expected(format!("{ITEMS} lines, one for each item 0..{ITEMS}"))
            .hint(hint)
            .fail();
    }
}

fn problem3_lines_are_well_formed() {
    // Consumers that finish together write together: a line that can be torn is torn here.
    let (floor, run) = run(Floor::in_step(), 3);
    let _ = totals(&floor, run);
    let lines = result_lines(&floor);
    let who_did: BTreeMap<u32, String> = floor.work_done().into_iter().map(|s| (s.key, s.lane)).collect();
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
                Ok(number) => match who_did.get(&number) {
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
        // How many lines tear depends on when the file's background writes land (real time):
        // the count goes in the measurement, not in the title.
        Failure::new("lines in the results file are not right")
            .measured(format!(
                "{} of {} lines:\n{}",
                bad.len(),
                lines.len(),
                shown_lines(&bad, SHOWN)
            ))
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
        let sim = RUNS
            .sim(ledger.recorder())
            .deadlock_hint(failure_deadlock_hint(consumers, FAILING));
        let run = simulate_and_linger(sim, move || subject::run(floor, consumers));
        let (value, returned) = run.value;
        let failed_at = ledger.work_failed().first().map(|s| s.end).unwrap_or_default();
        if value.is_ok() {
            // The other check says why an Ok is wrong; this one is about when.
            continue;
        }
        if returned > failed_at + ms(1) {
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
            .timeline(picture(ledger.recorder(), returned + GRACE))
            .fail();
        }
        check_nothing_left("run", ledger.recorder(), returned);
    }
}

/// No hang, no `Ok` that hides the lost item, and an error that names the consumer and the item
/// in any words — with three consumers, and with one.
fn problem4_a_failure_is_reported() {
    for consumers in [3, 1] {
        check_failure_reported(consumers);
    }
}

fn check_failure_reported(consumers: usize) {
    const FAILING: u32 = 37;
    let (floor, ledger) = Floor::failing_at(FAILING);
    let sim = RUNS
        .sim(ledger.recorder())
        .deadlock_hint(failure_deadlock_hint(consumers, FAILING));
    let run = simulate(sim, move || subject::run(floor, consumers));
    let failed_on = ledger.work_failed().first().map(|s| s.lane.clone()).unwrap_or_default();
    match run.value {
        Err(err) => {
            let text = format!("{err:#}");
            // Said any way at all — the harness's own error passed on, or words of the
            // learner's, shown with `{}`, `{:#}` or `{:?}` — the error must name the consumer
            // and the item. (Each cause's `{:?}`, not the whole error's: that has a backtrace.)
            let debug: Vec<String> = err.chain().map(|cause| format!("{cause} {cause:?}")).collect();
            let said = format!("{text}\n{}", debug.join("\n"));
            let passed_on = err.chain().any(|cause| cause.downcast_ref::<WorkFailed>().is_some());
            let named = has_word(&said, &failed_on) && has_word(&said, &FAILING.to_string());
            if !passed_on && !named {
                Failure::new("`run` returned an error, but it does not say what failed")
                    .measured(format!("with {consumers} consumer(s), `run` returned Err: {text}"))
                    .expected(format!(
                        "an error that names the consumer ({failed_on}) and the item ({FAILING}) — the \
                         error `floor.work()` returned says \"consumer {failed_on} failed in the middle \
                         of item {FAILING} …\""
                    ))
                    .hint(
                        "pass the work's error on (with `?`, or wrapped with `.context(..)`) instead of \
                         replacing it; if a task panicked, return an error rather than panic",
                    )
                    .timeline(picture(ledger.recorder(), run.elapsed))
                    .fail();
            }
        }
        Ok(totals) => {
            let retried = ledger.work_done().iter().any(|s| s.key == FAILING);
            let what = if retried {
                "the item was worked on again after the failure, and `run` reported success. Retrying is \
                 a fine design elsewhere, but this kata asks for the failure to be reported"
            } else {
                "the item was lost silently: nobody finished it, and `run` reported success"
            };
            Failure::new(format!(
                "consumer {failed_on} failed on item {FAILING}, and `run` returned Ok"
            ))
            .measured(format!(
                "with {consumers} consumer(s), `run` returned Ok({totals:?}); {what}"
            ))
            .expected("Err naming the failure (the error `floor.work()` returned)")
            .why("a failure that nobody hears about is a lost item; the caller must learn of it")
            .hint(
                "don't throw the result of `floor.work()` away: return the error from the consumer, \
                 and from `run`.",
            )
            .timeline(picture(ledger.recorder(), run.elapsed))
            .fail();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The checks, in the order a learner meets them: what `cargo test` runs, each in its own process.

kata_harness::spec! {
    problem1_finishes,
    problem1_returns_when_the_work_is_done,
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
