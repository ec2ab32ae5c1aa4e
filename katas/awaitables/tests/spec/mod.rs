//! The awaitables kata's spec. One file, two crates: `cargo test -p kata-awaitables` runs it
//! against the kata, `cargo test -p solution-awaitables` against the reference solution.
//!
//! Every run happens in simulated time, in a world from the harness that records what the
//! program did: the words `count` wrote, every move of the exhibition, when each dish started
//! cooking, every roll of the dice. The checks judge that record and the simulated time.

use std::fmt::Write as _;
use std::time::Duration;

use kata_harness::awaitables::{BREAKFAST, Dice, EXHIBITION, Exhibition, Journal, Kitchen, Rules, SEED};
use kata_harness::{Failure, Recorder, Run, Sim, TimeBound, fmt_duration, simulate, timeline};

use crate::subject;

const MORE: &str = "stuck? `cargo hint awaitables N` shows the hints for problem N; the book has them too, under Awaitables › The kata";

fn sim(recorder: &Recorder, limit: Duration) -> Sim {
    Sim::new(limit).recorder(recorder).deadlock_hint(
        "something is waiting for a result that never comes: a task that was never spawned or \
         awaited, or a lock that is never released",
    )
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

// ---------------------------------------------------------------------------------------------
// Problem 1 — count

fn run_count() -> (Journal, Run<()>) {
    let journal = Journal::new();
    let run = simulate(sim(journal.recorder(), secs(60)), {
        let journal = journal.clone();
        move || subject::count::count_three(journal)
    });
    (journal, run)
}

fn journal_text(journal: &Journal) -> String {
    let mut text = String::new();
    for (at, word) in journal.entries() {
        let _ = writeln!(text, "{:>7}  {word}", fmt_duration(at));
    }
    text
}

/// All six words were written before `count_three` returned.
fn check_counts_finished(journal: &Journal) {
    let written = journal.entries().len();
    if written != 6 {
        Failure::new("count_three returned before its counts were done")
            .measured(format!("{written} words written:\n{}", journal_text(journal)))
            .expected("six words — \"One\" and \"Two\" from each of the three counts — before count_three returns")
            .why("a spawned task runs on its own; if nobody awaits it, the function returns while it is still sleeping")
            .hint("await every count (or its task's handle) before returning")
            .more(MORE)
            .fail();
    }
}

fn problem1_count_takes_one_second() {
    let (journal, run) = run_count();
    check_counts_finished(&journal);
    let bound = TimeBound {
        lower: secs(1),
        derivation: "each count waits one second between \"One\" and \"Two\"; three counts that wait \
                     at the same time are done after that one second"
            .into(),
        tolerance: 0.0,
        one_at_a_time: Some((secs(3), "3 counts × 1 s".into())),
    };
    if let Err(failure) = bound.check(run.elapsed) {
        failure
            .note(format!("what the counts wrote:\n{}", journal_text(&journal)))
            .hint(
                "awaiting one count and then the next runs them one after another. Run the three \
                 futures together: `tokio::join!` polls them all on this task, or spawn each as a task",
            )
            .more(MORE)
            .fail();
    }
}

fn problem1_counts_interleave() {
    let (journal, _) = run_count();
    check_counts_finished(&journal);
    let words: Vec<String> = journal.entries().into_iter().map(|(_, w)| w).collect();
    let expected = ["One", "One", "One", "Two", "Two", "Two"];
    let at_right_times = journal
        .entries()
        .iter()
        .all(|(at, word)| *at == if word == "One" { Duration::ZERO } else { secs(1) });
    if words != expected || !at_right_times {
        Failure::new("the counts did not interleave")
            .measured(format!("what the counts wrote, and when:\n{}", journal_text(&journal)))
            .expected("One One One at 0 s, then Two Two Two at 1 s")
            .why(
                "a count hands control back at its `.await` on the sleep; if the other counts are \
                 running alongside, they get their turn then and write their \"One\" too",
            )
            .hint("start all three counts before awaiting any of them (`tokio::join!`)")
            .more(MORE)
            .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 2 — the chess exhibition

fn run_exhibition(simultaneous: bool) -> (Exhibition, Run<()>) {
    let exhibition = Exhibition::new(EXHIBITION);
    let run = simulate(sim(exhibition.recorder(), secs(24 * 3600)), {
        let exhibition = exhibition.clone();
        move || async move {
            if simultaneous {
                subject::exhibition::simultaneous(exhibition).await
            } else {
                subject::exhibition::board_by_board(exhibition).await
            }
        }
    });
    (exhibition, run)
}

fn exhibition_picture(exhibition: &Exhibition, end: Duration) -> String {
    timeline::render(&exhibition.recorder().spans(), end)
}

/// The rules of play, checked on any run.
fn check_play(exhibition: &Exhibition, run: &Run<()>) {
    let Rules { boards, moves, .. } = exhibition.rules();
    let fouls = exhibition.fouls();
    if !fouls.is_empty() {
        Failure::new("moves were made out of turn")
            .measured(fouls.iter().take(8).cloned().collect::<Vec<_>>().join("\n"))
            .expected("on each board: the master moves, then the opponent, and so on, each waiting for the other")
            .hint("on one board, await the master's move, then the opponent's, in a loop")
            .more(MORE)
            .fail();
    }
    let pairs = exhibition.move_pairs();
    if pairs.iter().any(|p| *p != moves) {
        let short: Vec<String> = pairs
            .iter()
            .enumerate()
            .filter(|(_, p)| **p != moves)
            .map(|(b, p)| format!("board {b}: {p}"))
            .collect();
        Failure::new(format!("not every game had {moves} move pairs"))
            .measured(short.join(", "))
            .expected(format!("{moves} move pairs on each of the {boards} boards"))
            .hint("did the program return before every board's game was over? Wait for all of them.")
            .more(MORE)
            .timeline(exhibition_picture(exhibition, run.elapsed))
            .fail();
    }
}

fn problem2_board_by_board_takes_12_hours() {
    let (exhibition, run) = run_exhibition(false);
    check_play(&exhibition, &run);
    let Rules {
        boards,
        moves,
        master_move,
        opponent_move,
    } = EXHIBITION;
    let expected = (master_move + opponent_move) * (boards * moves) as u32;
    if run.elapsed != expected {
        Failure::new("board_by_board did not take 12 hours")
            .measured(fmt_duration(run.elapsed))
            .expected(format!(
                "{}: {boards} boards × {moves} move pairs × ({} + {})",
                fmt_duration(expected),
                fmt_duration(master_move),
                fmt_duration(opponent_move)
            ))
            .why("this is the reference point for problem 2: leave board_by_board as it was")
            .fail();
    }
}

fn problem2_simultaneous_takes_about_an_hour() {
    let (exhibition, run) = run_exhibition(true);
    check_play(&exhibition, &run);
    let Rules {
        boards,
        moves,
        master_move,
        opponent_move,
    } = EXHIBITION;
    let master_total = master_move * (boards * moves) as u32;
    let bound = TimeBound {
        lower: master_total + opponent_move,
        derivation: format!(
            "the master is one person and makes every move: {boards} boards × {moves} moves × {} = {}. \
             After the master's very last move, that opponent still needs {} to reply: {} + {} = {}.",
            fmt_duration(master_move),
            fmt_duration(master_total),
            fmt_duration(opponent_move),
            fmt_duration(master_total),
            fmt_duration(opponent_move),
            fmt_duration(master_total + opponent_move)
        ),
        tolerance: 0.05,
        one_at_a_time: Some((
            (master_move + opponent_move) * (boards * moves) as u32,
            format!(
                "board by board: {boards} × {moves} × ({} + {})",
                fmt_duration(master_move),
                fmt_duration(opponent_move)
            ),
        )),
    };
    if let Err(failure) = bound.check(run.elapsed) {
        failure
            .hint(
                "while one opponent thinks for 55 s, the master can make moves on other boards. Give \
                 every board its own task, and make the master someone the boards take turns with \
                 — held only for the master's own move",
            )
            .more(MORE)
            .timeline(exhibition_picture(&exhibition, run.elapsed))
            .fail();
    }
}

fn problem2_master_never_makes_two_moves_at_once() {
    let (exhibition, run) = run_exhibition(true);
    let most = exhibition.master_most_at_once();
    if most > 1 {
        Failure::new(format!("the master made {most} moves at the same time"))
            .measured(format!("up to {most} of the master's moves were in progress at once"))
            .expected("one at a time: the master is one person")
            .why(
                "concurrency is not parallelism: the master switches between boards while opponents \
                 think, but plays one move at a time",
            )
            .hint("let the boards take turns with the master: something only one board can hold at a time")
            .more(MORE)
            .timeline(exhibition_picture(&exhibition, run.elapsed))
            .fail();
    }
    check_play(&exhibition, &run);
}

// ---------------------------------------------------------------------------------------------
// Problem 3 — lazy

/// The caller's side: start breakfast, set the table for 2 s, then wait for the food.
const TABLE: Duration = Duration::from_secs(2);

fn run_breakfast() -> (Kitchen, Run<Vec<String>>) {
    let kitchen = Kitchen::new();
    let run = simulate(sim(kitchen.recorder(), secs(600)), {
        let kitchen = kitchen.clone();
        move || async move {
            let breakfast = subject::breakfast::start_breakfast(&kitchen);
            tokio::time::sleep(TABLE).await; // setting the table
            breakfast.await
        }
    });
    (kitchen, run)
}

fn problem3_lazy_work_starts_right_away() {
    let (kitchen, run) = run_breakfast();
    let started = kitchen.started();
    let late: Vec<String> = BREAKFAST
        .iter()
        .filter_map(|dish| match started.iter().find(|(name, _)| name == dish.name) {
            Some((_, at)) if at.is_zero() => None,
            Some((_, at)) => Some(format!("{} started at {}", dish.name, fmt_duration(*at))),
            None => Some(format!("{} never finished cooking", dish.name)),
        })
        .collect();
    if !late.is_empty() {
        Failure::new("the cooking did not start when start_breakfast was called")
            .measured(late.join("\n"))
            .expected("every dish starts cooking at 0 s, the moment start_breakfast is called")
            .why(
                "futures are lazy: calling an async function, or writing an `async` block, only builds \
                 a future — nothing in it runs until it is awaited. The caller spent 2 s setting the \
                 table before awaiting, so lazy work started 2 s late. `tokio::spawn` hands a future \
                 to the runtime, which starts running it right away, on its own",
            )
            .hint("spawn each dish's cooking inside start_breakfast, and return a future that awaits the tasks")
            .more(MORE)
            .timeline(timeline::render(&kitchen.recorder().spans(), run.elapsed))
            .fail();
    }
}

fn problem3_breakfast_is_ready_when_the_slowest_dish_is() {
    let (kitchen, run) = run_breakfast();
    let expected: Vec<String> = BREAKFAST.iter().map(|d| format!("{}, ready", d.name)).collect();
    if run.value != expected {
        Failure::new("breakfast came out wrong")
            .measured(format!("{:?}", run.value))
            .expected(format!("{expected:?} — every dish, in the order of BREAKFAST"))
            .why("dishes cooking side by side are ready in any order; the caller wants them in the order of BREAKFAST")
            .hint("keep the handles in the order of BREAKFAST and await them in that order (a JoinSet hands them back as they finish)")
            .more(MORE)
            .fail();
    }
    let slowest = BREAKFAST.iter().map(|d| d.time).max().unwrap_or_default();
    let dishes: Vec<String> = BREAKFAST
        .iter()
        .map(|d| format!("{} {}", d.name, fmt_duration(d.time)))
        .collect();
    let bound = TimeBound {
        lower: slowest.max(TABLE),
        derivation: format!(
            "the dishes ({}) cook side by side while the table is set ({}): breakfast is ready when \
             the slowest dish is, at {}",
            dishes.join(", "),
            fmt_duration(TABLE),
            fmt_duration(slowest.max(TABLE))
        ),
        tolerance: 0.0,
        one_at_a_time: Some((
            TABLE + BREAKFAST.iter().map(|d| d.time).sum::<Duration>(),
            "the table first, then each dish in turn".into(),
        )),
    };
    if let Err(failure) = bound.check(run.elapsed) {
        failure
            .hint("start every dish before the caller's wait, and let them cook at the same time")
            .more(MORE)
            .timeline(timeline::render(&kitchen.recorder().spans(), run.elapsed))
            .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 4 — makerandom

const THRESHOLDS: [u32; 3] = [9, 8, 7];

/// What task `idx` must draw with the kata's seed, and how long it must take.
fn expected_task(idx: usize) -> (Vec<u32>, Duration) {
    let mut rolls = Vec::new();
    loop {
        let value = Dice::nth(SEED, idx, rolls.len() as u64);
        rolls.push(value);
        if value > THRESHOLDS[idx] {
            let waits = rolls.len() as u32 - 1;
            return (rolls, secs(idx as u64 + 1) * waits);
        }
    }
}

fn run_randoms() -> (Dice, Run<[u32; 3]>) {
    let dice = Dice::new(SEED);
    let run = simulate(sim(dice.recorder(), secs(3600)), {
        let dice = dice.clone();
        move || subject::makerandom::three_randoms(dice)
    });
    (dice, run)
}

fn problem4_makerandom_numbers_are_right() {
    let (dice, run) = run_randoms();
    let expected: Vec<u32> = (0..3).map(|idx| *expected_task(idx).0.last().unwrap()).collect();
    if run.value.to_vec() != expected {
        let mut drawn = String::new();
        for (idx, threshold) in THRESHOLDS.iter().enumerate() {
            let rolls: Vec<u32> = dice.drawn(idx).into_iter().map(|(_, v)| v).collect();
            let _ = writeln!(drawn, "task {idx} (threshold {threshold}) rolled {rolls:?}");
        }
        Failure::new("makerandom returned the wrong numbers")
            .measured(format!("{:?}\n{drawn}", run.value))
            .expected(format!("{expected:?}: each task's first roll above its threshold"))
            .why("each task rolls its own stream of the dice — `dice.roll(idx)` with its own idx — and keeps rolling while its number is at or below its threshold (10 - idx - 1)")
            .hint("roll, and while the number is too low, wait `idx + 1` seconds and roll again")
            .more(MORE)
            .fail();
    }
}

fn problem4_each_task_waits_idx_plus_one_seconds() {
    let (dice, _) = run_randoms();
    for idx in 0..3 {
        let (rolls, _) = expected_task(idx);
        let wait = secs(idx as u64 + 1);
        let expected: Vec<(Duration, u32)> = rolls.iter().enumerate().map(|(k, v)| (wait * k as u32, *v)).collect();
        let drawn = dice.drawn(idx);
        if drawn != expected {
            let show = |rolls: &[(Duration, u32)]| {
                rolls
                    .iter()
                    .map(|(at, v)| format!("{v} at {}", fmt_duration(*at)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            Failure::new(format!("task {idx} did not roll at the right times"))
                .measured(show(&drawn))
                .expected(show(&expected))
                .why(format!(
                    "task {idx} rolls once at the start, then once every {} until it passes",
                    fmt_duration(wait)
                ))
                .hint("wait `idx + 1` seconds between tries, and start all three tasks at 0 s")
                .more(MORE)
                .fail();
        }
    }
}

fn problem4_tasks_run_side_by_side() {
    let (dice, run) = run_randoms();
    let rolled: Vec<usize> = (0..3).map(|idx| dice.drawn(idx).len()).collect();
    let needed: Vec<usize> = (0..3).map(|idx| expected_task(idx).0.len()).collect();
    if rolled != needed {
        Failure::new("makerandom does not roll right yet, so its timing can't be judged")
            .measured(format!("rolls per task: {rolled:?}"))
            .expected(format!("rolls per task: {needed:?}"))
            .hint("make problem4_makerandom_numbers_are_right pass first")
            .more(MORE)
            .fail();
    }
    let times: Vec<Duration> = (0..3).map(|idx| expected_task(idx).1).collect();
    let each: Vec<String> = times
        .iter()
        .enumerate()
        .map(|(i, t)| format!("task {i}: {}", fmt_duration(*t)))
        .collect();
    let bound = TimeBound {
        lower: times.iter().copied().max().unwrap_or_default(),
        derivation: format!(
            "with this seed the tasks need {} of rolling and waiting; side by side the run takes as \
             long as the slowest",
            each.join(", ")
        ),
        tolerance: 0.0,
        one_at_a_time: Some((times.iter().sum(), "one task after another: the sum".into())),
    };
    if let Err(failure) = bound.check(run.elapsed) {
        failure
            .hint("run the three makerandom futures together (`tokio::join!`)")
            .more(MORE)
            .fail();
    }
    let (_, again) = run_randoms();
    if again.value != run.value || again.elapsed != run.elapsed {
        Failure::new("two runs with the same seed differ")
            .measured(format!(
                "{:?} in {}, then {:?} in {}",
                run.value,
                fmt_duration(run.elapsed),
                again.value,
                fmt_duration(again.elapsed)
            ))
            .expected("the same numbers and the same simulated time on every run")
            .why("the dice are seeded; a program that rolls them the same way gets the same numbers")
            .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// The checks, in the order a learner meets them: what `cargo test` runs, each in its own process.

kata_harness::spec! {
    problem1_count_takes_one_second,
    problem1_counts_interleave,
    problem2_board_by_board_takes_12_hours,
    problem2_simultaneous_takes_about_an_hour,
    problem2_master_never_makes_two_moves_at_once,
    problem3_lazy_work_starts_right_away,
    problem3_breakfast_is_ready_when_the_slowest_dish_is,
    problem4_makerandom_numbers_are_right,
    problem4_each_task_waits_idx_plus_one_seconds,
    problem4_tasks_run_side_by_side,
}
