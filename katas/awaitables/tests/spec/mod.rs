//! The awaitables kata's spec. One file, two crates: `cargo test -p kata-awaitables` runs it
//! against the kata, `cargo test -p solution-awaitables` against the reference solution.
//!
//! Every run happens in simulated time, in a world from the harness that records what the
//! program did: the words `count` wrote, every move of the exhibition, when each dish started
//! cooking, every roll of the dice. The checks judge that record and the simulated time.

use std::fmt::Write as _;
use std::time::Duration;

use kata_harness::awaitables::{
    BREAKFAST, Dice, DiceRecord, EXHIBITION, Exhibition, ExhibitionRecord, Journal, JournalRecord, Kitchen,
    KitchenRecord, Move, Rules, SEED,
};
use kata_harness::prelude::*;

use crate::subject;

/// Every run, and what a deadlock most likely is here. The limit is each world's: a minute
/// for `count`, a day for the exhibition, …
const RUNS: Runs = Runs::new(secs(600)).deadlock_hint(
    "something is waiting for a result that never comes: a task that was never spawned or awaited, \
     or a lock that is never released",
);

/// How many lines of a list a message shows.
const SHOWN: usize = 8;

// ---------------------------------------------------------------------------------------------
// Problem 1 — count

fn run_count() -> (JournalRecord, Run<()>) {
    let (journal, record) = Journal::new();
    let run = RUNS
        .limit(secs(60))
        .run(record.recorder(), move || subject::count::count_three(journal));
    (record, run)
}

fn journal_text(journal: &JournalRecord) -> String {
    let mut text = String::new();
    for (at, word) in journal.entries() {
        let _ = writeln!(text, "{:>7}  {word}", fmt_duration(at));
    }
    text
}

/// All six words were written before `count_three` returned.
fn check_counts_finished(journal: &JournalRecord) {
    let written = journal.entries().len();
    if written != 6 {
        Failure::new("count_three returned before its counts were done")
            .measured(format!("{written} words written:\n{}", journal_text(journal)))
            .expected("six words — \"One\" and \"Two\" from each of the three counts — before count_three returns")
            .why("a spawned task runs on its own; if nobody awaits it, the function returns while it is still sleeping")
            .hint("await every count (or its task's handle) before returning")
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
                "awaiting one count before the next has started runs them one after another: start \
                 all three before waiting for any",
            )
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
            .hint("start all three counts before awaiting any of them: what polls several futures on one task at once?")
            .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 2 — the chess exhibition

/// A second, smaller exhibition where the opponents think longer than the master's round takes,
/// so the master has to wait for them: the program must follow `rules()`, not the numbers 24
/// and 30, and a board must not keep her while its opponent thinks.
const SMALL: Rules = Rules {
    boards: 5,
    moves: 4,
    master_move: Duration::from_secs(5),
    opponent_move: Duration::from_secs(40),
};

fn run_exhibition(rules: Rules, simultaneous: bool) -> (ExhibitionRecord, Run<()>) {
    let (exhibition, record) = Exhibition::new(rules);
    let run = RUNS.limit(secs(24 * 3600)).run(record.recorder(), move || async move {
        if simultaneous {
            subject::exhibition::simultaneous(exhibition).await
        } else {
            subject::exhibition::board_by_board(exhibition).await
        }
    });
    (record, run)
}

fn describe(rules: Rules) -> String {
    format!(
        "{} boards × {} move pairs, the master {} a move, an opponent {}",
        rules.boards,
        rules.moves,
        fmt_duration(rules.master_move),
        fmt_duration(rules.opponent_move)
    )
}

/// The rules of play, checked on any run: no move out of turn, and every move of every game
/// made, to its end.
fn check_play(record: &ExhibitionRecord, run: &Run<()>) {
    let rules = record.rules();
    let fouls = record.fouls();
    if !fouls.is_empty() {
        Failure::new("moves were made out of turn")
            .measured(shown_lines(&fouls, SHOWN))
            .expected(format!(
                "on each of the {} boards ({}): the master moves, then the opponent, and so on, each \
                 waiting for the other to finish",
                rules.boards,
                describe(rules)
            ))
            .hint("on one board, await the master's move, then the opponent's, in a loop; take the numbers from `exhibition.rules()`")
            .fail();
    }
    let finished = record.finished_moves();
    let short: Vec<String> = finished
        .iter()
        .enumerate()
        .filter(|(_, (m, o))| (*m, *o) != (rules.moves, rules.moves))
        .map(|(b, (m, o))| format!("board {b}: {m} master moves, {o} replies"))
        .collect();
    if !short.is_empty() {
        let only_last_reply = finished.iter().all(|(m, o)| *m == rules.moves && *o + 1 >= rules.moves);
        Failure::new(format!("not every game had its {} move pairs", rules.moves))
            .measured(format!(
                "{} of {} boards fell short, counting moves that ran to their end:\n{}",
                short.len(),
                rules.boards,
                shown_lines(&short, SHOWN)
            ))
            .expected(format!(
                "{} master moves and {} replies on each of the {} boards ({})",
                rules.moves,
                rules.moves,
                rules.boards,
                describe(rules)
            ))
            .why(if only_last_reply {
                "a game ends with the opponent's reply to the master's last move; a move that was \
                 started but not waited for is cut off when the program returns"
            } else {
                "a move that was started but not waited for is cut off when the program returns"
            })
            .hint("wait for every board's game to be over before returning")
            .timeline(picture(record.recorder(), run.elapsed))
            .fail();
    }
}

/// The fastest the exhibition can be played, and the arithmetic: either the master's moves
/// (one person) or one game's own moves, after the master reaches its board, set the pace.
fn exhibition_bound(rules: Rules) -> (Duration, String) {
    let Rules {
        boards,
        moves,
        master_move,
        opponent_move,
    } = rules;
    let master_total = master_move * (boards * moves) as u32;
    let by_master = master_total + opponent_move;
    let last_start = master_move * (boards as u32 - 1);
    let one_game = (master_move + opponent_move) * moves as u32;
    let by_game = last_start + one_game;
    if by_master >= by_game {
        (
            by_master,
            format!(
                "the master is one person and makes every move: {boards} boards × {moves} moves × {} = {}. \
                 After her very last move, that opponent still needs {} to reply: {}.",
                fmt_duration(master_move),
                fmt_duration(master_total),
                fmt_duration(opponent_move),
                fmt_duration(by_master)
            ),
        )
    } else {
        (
            by_game,
            format!(
                "here the opponents think longer than the master's round takes, so a game sets the \
                 pace: the master reaches the last board after {} × {} = {}, and its game then takes \
                 {moves} × ({} + {}) = {}: {}.",
                boards - 1,
                fmt_duration(master_move),
                fmt_duration(last_start),
                fmt_duration(master_move),
                fmt_duration(opponent_move),
                fmt_duration(one_game),
                fmt_duration(by_game)
            ),
        )
    }
}

/// How long the master sat idle while some board was ready for her next move, and whether she
/// ever moved while an opponent was thinking.
fn master_idleness(moves: &[Move], boards: usize) -> (Duration, bool) {
    // +1/-1 events for "a board is waiting for the master" and "the master is moving".
    let mut events: Vec<(Duration, i32, i32)> = Vec::new();
    for board in 0..boards {
        let mut game: Vec<&Move> = moves.iter().filter(|m| m.board == board).collect();
        game.sort_by_key(|m| m.start);
        let mut ready = Some(Duration::ZERO);
        for m in game {
            if m.master {
                if let Some(since) = ready.take() {
                    events.push((since, 1, 0));
                    events.push((m.start, -1, 0));
                }
            } else {
                ready = Some(m.end);
            }
        }
    }
    for m in moves.iter().filter(|m| m.master) {
        events.push((m.start, 0, 1));
        events.push((m.end, 0, -1));
    }
    events.sort();
    let (mut waiting, mut moving, mut idle, mut last) = (0, 0, Duration::ZERO, Duration::ZERO);
    for (at, w, m) in events {
        if waiting > 0 && moving == 0 {
            idle += at - last;
        }
        (waiting, moving, last) = (waiting + w, moving + m, at);
    }
    let overlapped = moves.iter().filter(|m| m.master).any(|mm| {
        moves
            .iter()
            .any(|o| !o.master && o.board != mm.board && o.start < mm.end && mm.start < o.end)
    });
    (idle, overlapped)
}

/// The master made moves at the same time: say so, and when it first happened.
fn master_overlap(record: &ExhibitionRecord, run: &Run<()>, note: Option<String>) -> Option<Failure> {
    let most = record.master_most_at_once();
    if most <= 1 {
        return None;
    }
    let mut master: Vec<Move> = record.moves().into_iter().filter(|m| m.master).collect();
    master.sort_by_key(|m| m.start);
    let first = master.iter().enumerate().find_map(|(i, a)| {
        master[i + 1..].iter().find(|b| b.start < a.end).map(|b| {
            format!(
                "at {}, she was moving on board {} and board {} at once",
                fmt_duration(b.start),
                a.board,
                b.board
            )
        })
    });
    let mut failure = Failure::new(format!("the master made {most} moves at the same time")).measured(format!(
        "up to {most} of the master's moves were in progress at once{}",
        first.map(|f| format!("; {f}")).unwrap_or_default()
    ));
    if let Some(note) = note {
        failure = failure.note(note);
    }
    Some(
        failure
            .expected("one at a time: the master is one person")
            .why(
                "concurrency is not parallelism: the master switches between boards while opponents \
                 think, but plays one move at a time",
            )
            .hint(
                "the boards must take turns with the master, and a board's turn must last its whole \
                 master move. If your boards already take turns (a lock, a semaphore, a channel), \
                 check how long a turn lasts: a guard bound with `let _ = …` is dropped on the spot, \
                 so nothing is held during the move, while `let _name = …` lives to the end of its block",
            )
            .timeline(picture(record.recorder(), run.elapsed)),
    )
}

fn problem2_board_by_board_takes_12_hours() {
    let (record, run) = run_exhibition(EXHIBITION, false);
    check_play(&record, &run);
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
    for rules in [EXHIBITION, SMALL] {
        let (record, run) = run_exhibition(rules, true);
        check_play(&record, &run);
        let note = format!(
            "that is how this run of {} took only {}",
            describe(rules),
            fmt_duration(run.elapsed)
        );
        if let Some(failure) = master_overlap(&record, &run, Some(note)) {
            failure.fail();
        }
        let (lower, derivation) = exhibition_bound(rules);
        let Rules {
            boards,
            moves,
            master_move,
            opponent_move,
        } = rules;
        let bound = TimeBound {
            lower,
            derivation: format!("{}: {derivation}", describe(rules)),
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
            let (idle, overlapped) = master_idleness(&record.moves(), boards);
            let (measured, hint) = if !overlapped {
                (
                    "the master never moved while an opponent was thinking: every opponent's think \
                     was time she sat and waited"
                        .to_owned(),
                    "the boards must play at the same time, each holding the master only for the \
                     master's own move: while one opponent thinks, the master moves elsewhere",
                )
            } else if idle > lower / 20 {
                (
                    format!(
                        "the master sat idle for {} in all while some board was ready for her next move",
                        fmt_duration(idle)
                    ),
                    "a board whose opponent has replied is ready for the master: nothing else — \
                     another board, the end of a round — should keep it waiting while she is free",
                )
            } else {
                (
                    "the master was hardly ever idle while a board was ready, yet the games ran long: \
                     some boards had to wait for her far longer than others"
                        .to_owned(),
                    "let the boards take turns with the master in the order they become ready, so \
                     that no board falls behind",
                )
            };
            failure
                .note(measured)
                .hint(hint)
                .timeline(picture(record.recorder(), run.elapsed))
                .fail();
        }
    }
}

fn problem2_master_never_makes_two_moves_at_once() {
    for rules in [EXHIBITION, SMALL] {
        let (record, run) = run_exhibition(rules, true);
        if let Some(failure) = master_overlap(&record, &run, None) {
            failure.fail();
        }
        check_play(&record, &run);
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 3 — lazy

/// The caller's side: start breakfast, set the table for 2 s, then wait for the food.
const TABLE: Duration = Duration::from_secs(2);

fn run_breakfast() -> (KitchenRecord, Run<Vec<String>>) {
    let (kitchen, record) = Kitchen::new();
    let run = RUNS.run(record.recorder(), move || async move {
        let breakfast = subject::breakfast::start_breakfast(&kitchen);
        drop(kitchen); // the caller keeps only the future
        tokio::time::sleep(TABLE).await; // setting the table
        breakfast.await
    });
    (record, run)
}

/// When each dish of BREAKFAST first started cooking (None: never).
fn first_starts(record: &KitchenRecord) -> Vec<(&'static str, Option<Duration>)> {
    let cooked = record.cooked();
    BREAKFAST
        .iter()
        .map(|dish| {
            let start = cooked
                .iter()
                .filter(|(name, ..)| *name == dish.name)
                .map(|(_, s, _)| *s)
                .min();
            (dish.name, start)
        })
        .collect()
}

fn problem3_lazy_work_starts_right_away() {
    let (record, run) = run_breakfast();
    let starts = first_starts(&record);
    let late: Vec<String> = starts
        .iter()
        .filter_map(|(name, start)| match start {
            Some(at) if at.is_zero() => None,
            Some(at) => Some(format!("{name} started at {}", fmt_duration(*at))),
            None => Some(format!("{name} was never put on")),
        })
        .collect();
    if late.is_empty() {
        return;
    }
    let cooked = record.cooked();
    // A dish that started the moment another was ready was waiting for it: one at a time.
    let in_turn = starts
        .iter()
        .any(|(_, s)| s.is_some_and(|s| !s.is_zero() && cooked.iter().any(|(_, _, end)| *end == Some(s))));
    let lazy = starts.iter().all(|(_, s)| s.is_none_or(|s| s >= TABLE));
    let why = if lazy {
        let also = if in_turn {
            " And once started, the dishes cooked one at a time: each began when the one before it was ready"
        } else {
            ""
        };
        format!(
            "futures are lazy: calling an async function, or writing an `async` block, only builds a \
             future — nothing in it runs until it is awaited. The caller spent 2 s setting the table \
             before awaiting, so work left in the future started 2 s late. What starts running without \
             being awaited — handed to the runtime the moment it is made?{also}"
        )
    } else if in_turn {
        "the cooking began at once, but one dish at a time: a dish started only when the one \
         before it was ready. Awaiting one dish after another on one task cooks them in turn"
            .to_owned()
    } else {
        "every dish should be on the stove the moment start_breakfast returns, side by side".to_owned()
    };
    Failure::new("the cooking did not all start when start_breakfast was called")
        .measured(late.join("\n"))
        .expected("every dish starts cooking at 0 s, the moment start_breakfast is called")
        .why(why)
        .hint("start every dish inside start_breakfast itself, each going on its own, before it returns")
        .timeline(picture(record.recorder(), run.elapsed))
        .fail();
}

fn problem3_breakfast_is_ready_when_the_slowest_dish_is() {
    let (record, run) = run_breakfast();
    let expected: Vec<String> = BREAKFAST.iter().map(|d| format!("{}, ready", d.name)).collect();
    if run.value != expected {
        let (mut got, mut want) = (run.value.clone(), expected.clone());
        got.sort();
        want.sort();
        let mut by_time = BREAKFAST.to_vec();
        by_time.sort_by_key(|d| d.time);
        let ready_order: Vec<String> = by_time.iter().map(|d| format!("{}, ready", d.name)).collect();
        let failure = Failure::new("breakfast came out wrong")
            .measured(format!("{:?}", run.value))
            .expected(format!("{expected:?}: every dish, in the order of BREAKFAST"));
        let failure = if got != want {
            failure
                .why("the future start_breakfast returns must yield each dish of BREAKFAST once, as the kitchen cooked it")
                .hint("collect every dish's result, and nothing else")
        } else if run.value == ready_order {
            failure
                .why("these are the dishes in the order they were ready; dishes cooking side by side finish in any order, and the caller wants the order of BREAKFAST")
                .hint("keep track of which result belongs to which dish, and hand them back in the order of BREAKFAST")
        } else {
            failure
                .why("the right dishes, in the wrong order; the caller wants the order of BREAKFAST")
                .hint("keep track of which result belongs to which dish, and hand them back in the order of BREAKFAST")
        };
        failure.fail();
    }
    // Every dish cooked once, and ready by the time breakfast was served.
    let cooked = record.cooked();
    let mut wrong = Vec::new();
    for dish in BREAKFAST {
        let times: Vec<_> = cooked.iter().filter(|(name, ..)| *name == dish.name).collect();
        if times.len() > 1 {
            wrong.push(format!("{} was cooked {} times", dish.name, times.len()));
        }
        if times.iter().any(|(_, _, end)| end.is_none_or(|end| end > run.elapsed)) {
            wrong.push(format!(
                "{} was not ready when breakfast was served at {}",
                dish.name,
                fmt_duration(run.elapsed)
            ));
        }
    }
    if !wrong.is_empty() {
        Failure::new("the kitchen did not cook each dish once, by the time breakfast was served")
            .measured(wrong.join("\n"))
            .expected("each dish of BREAKFAST cooked exactly once, and ready before the future start_breakfast returned is done")
            .why("the dishes handed back must be the ones the kitchen cooked: each started once, and waited for")
            .hint("start each dish once, and have the returned future wait for the dishes it hands back")
            .timeline(picture(record.recorder(), run.elapsed))
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
        let starts: Vec<String> = first_starts(&record)
            .iter()
            .map(|(name, s)| format!("{name} at {}", s.map_or("never".into(), fmt_duration)))
            .collect();
        failure
            .note(format!("the dishes started cooking: {}", starts.join(", ")))
            .hint("start every dish before the caller's wait, and let them cook at the same time")
            .timeline(picture(record.recorder(), run.elapsed))
            .fail();
    }
}

// ---------------------------------------------------------------------------------------------
// Problem 4 — makerandom

const THRESHOLDS: [u32; 3] = [9, 8, 7];

/// The kata's seed, and a second one. With the second, every task has to wait, each for a
/// different time (task 1 2 s, task 0 6 s, task 2 9 s), so the tasks finish in another order
/// than their idx, and each stream rolls its threshold exactly before beating it.
const SEEDS: [u64; 2] = [SEED, 222];

/// What task `idx` must roll with these dice, and how long it must take.
fn expected_task(record: &DiceRecord, idx: usize, threshold: u32) -> (Vec<u32>, Duration) {
    let mut rolls = Vec::new();
    loop {
        let value = record.nth(idx, rolls.len() as u64);
        rolls.push(value);
        if value > threshold {
            let waits = rolls.len() as u32 - 1;
            return (rolls, secs(idx as u64 + 1) * waits);
        }
    }
}

fn run_randoms(seed: u64) -> (DiceRecord, Run<[u32; 3]>) {
    let (dice, record) = Dice::new(seed);
    let run = RUNS
        .limit(secs(3600))
        .run(record.recorder(), move || subject::makerandom::three_randoms(dice));
    (record, run)
}

/// A roll's time: as people read it, unless that would hide a fraction (a wait on the real clock
/// ends a few ms off the whole second, and "4.00 s" would look right).
fn fmt_at(at: Duration) -> String {
    if at.subsec_nanos().is_multiple_of(10_000_000) {
        fmt_duration(at)
    } else {
        let exact = format!("{:.6}", at.as_secs_f64());
        format!("{} s", exact.trim_end_matches('0'))
    }
}

/// When the rolls' times show a wait on a clock other than tokio's, say so.
fn clock_note(times: &[Duration], wait: Duration) -> Option<String> {
    let off_the_second = times.iter().any(|t| t.subsec_nanos() != 0);
    let short_gap = times.windows(2).any(|w| w[1] - w[0] < wait);
    (off_the_second || short_gap).then(|| {
        format!(
            "some tries came {}: the waits did not follow the spec's clock. That clock is tokio's, \
             paused, and it moves only by the sleeps the program awaits; `std::time::Instant` \
             follows the real clock and does not see it",
            if short_gap {
                format!("less than {} apart in simulated time", fmt_duration(wait))
            } else {
                "at fractions of a second, while every wait is whole seconds".to_owned()
            }
        )
    })
}

fn show_rolls(rolls: &[(Duration, u32)]) -> String {
    if rolls.is_empty() {
        return "nothing".into();
    }
    rolls
        .iter()
        .map(|(at, v)| format!("{v} at {}", fmt_at(*at)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why the numbers are wrong, from what was rolled.
fn numbers_diagnosis(record: &DiceRecord, got: &[u32], tasks: &[(usize, u32)]) -> (String, String) {
    let expected: Vec<u32> = tasks
        .iter()
        .map(|(i, t)| *expected_task(record, *i, *t).0.last().unwrap())
        .collect();
    let unrolled: Vec<usize> = tasks
        .iter()
        .map(|(i, _)| *i)
        .filter(|i| record.drawn(*i).is_empty())
        .collect();
    if tasks.iter().all(|(i, _)| record.drawn(*i).is_empty()) {
        return (
            "nothing was rolled on the dice the program was given".into(),
            "roll the dice you are handed: each task calls `dice.roll(idx)`".into(),
        );
    }
    if !unrolled.is_empty() {
        return (
            format!("stream {unrolled:?} of the dice was never rolled: each task rolls its own stream"),
            "task idx rolls `dice.roll(idx)`, with its own idx, not another task's".into(),
        );
    }
    let (mut sorted_got, mut sorted_want) = (got.to_vec(), expected.clone());
    sorted_got.sort();
    sorted_want.sort();
    if sorted_got == sorted_want && tasks.len() > 1 {
        let mut by_end: Vec<(Duration, usize)> = tasks
            .iter()
            .map(|(i, t)| (expected_task(record, *i, *t).1, *i))
            .collect();
        by_end.sort();
        let finish: Vec<String> = by_end
            .iter()
            .map(|(at, i)| format!("task {i} at {}", fmt_duration(*at)))
            .collect();
        return (
            format!(
                "the right numbers in the wrong places; the tasks finished: {}",
                finish.join(", ")
            ),
            "hand the numbers back in idx order, whatever order the tasks finish in".into(),
        );
    }
    for ((idx, threshold), value) in tasks.iter().zip(got) {
        if value <= threshold {
            return (
                format!("task {idx} returned {value}, which is not above its threshold {threshold}"),
                "keep rolling while the number is at or below the threshold".into(),
            );
        }
    }
    (
        "some task returned a number that is not the first above its threshold in its own stream".into(),
        "roll, and while the number is at or below the threshold, wait and roll again; return the number that beat it"
            .into(),
    )
}

fn check_numbers(seed: u64) {
    let (record, run) = run_randoms(seed);
    let tasks: Vec<(usize, u32)> = THRESHOLDS.iter().copied().enumerate().collect();
    let expected: Vec<u32> = tasks
        .iter()
        .map(|(i, t)| *expected_task(&record, *i, *t).0.last().unwrap())
        .collect();
    if run.value.to_vec() != expected {
        let mut drawn = String::new();
        for (idx, threshold) in &tasks {
            let _ = writeln!(
                drawn,
                "task {idx} (threshold {threshold}) rolled {}",
                show_rolls(&record.drawn(*idx))
            );
        }
        let (measured, hint) = numbers_diagnosis(&record, &run.value, &tasks);
        Failure::new("three_randoms returned the wrong numbers")
            .measured(format!("{:?} with seed {seed}\n{drawn}", run.value))
            .expected(format!("{expected:?}: each task's first roll above its threshold, in idx order"))
            .note(measured)
            .why("each task rolls its own stream of the dice — `dice.roll(idx)` with its own idx — and keeps rolling while its number is at or below its threshold (10 - idx - 1)")
            .hint(hint)
            .fail();
    }
}

fn problem4_makerandom_numbers_are_right() {
    for seed in SEEDS {
        check_numbers(seed);
    }
}

/// makerandom on its own, with an idx and a threshold three_randoms does not use: it follows
/// its arguments.
fn problem4_makerandom_follows_its_arguments() {
    let (idx, threshold, seed) = (3, 3, 222);
    let (dice, record) = Dice::new(seed);
    let run = RUNS.limit(secs(3600)).run(record.recorder(), move || async move {
        subject::makerandom::makerandom(idx, threshold, &dice).await
    });
    let (rolls, took) = expected_task(&record, idx, threshold);
    let wait = secs(idx as u64 + 1);
    let want: Vec<(Duration, u32)> = rolls.iter().enumerate().map(|(k, v)| (wait * k as u32, *v)).collect();
    let drawn = record.drawn(idx);
    if run.value != *rolls.last().unwrap() || drawn != want || run.elapsed != took {
        let times: Vec<Duration> = drawn.iter().map(|(at, _)| *at).collect();
        let (note, hint) = if run.value == *rolls.last().unwrap() {
            (
                clock_note(&times, wait)
                    .unwrap_or_else(|| "the number is right, but not the rolls or their times".to_owned()),
                "wait `idx + 1` seconds between tries, on tokio's clock: for idx 3, 4 s".to_owned(),
            )
        } else {
            numbers_diagnosis(&record, &[run.value], &[(idx, threshold)])
        };
        Failure::new(format!("makerandom({idx}, {threshold}, dice) did not follow its arguments"))
            .measured(format!(
                "it returned {} after {}, rolling {}",
                run.value,
                fmt_at(run.elapsed),
                show_rolls(&drawn)
            ))
            .expected(format!(
                "{} after {}, rolling {}",
                rolls.last().unwrap(),
                fmt_duration(took),
                show_rolls(&want)
            ))
            .note(note)
            .why("makerandom rolls stream idx until a number is above the threshold it is given, waiting idx + 1 seconds between tries — for any idx and threshold, not only the three that three_randoms uses")
            .hint(hint)
            .fail();
    }
}

fn problem4_each_task_waits_idx_plus_one_seconds() {
    for seed in SEEDS {
        let (record, _) = run_randoms(seed);
        for (idx, threshold) in THRESHOLDS.iter().copied().enumerate() {
            let (rolls, _) = expected_task(&record, idx, threshold);
            let wait = secs(idx as u64 + 1);
            let expected: Vec<(Duration, u32)> = rolls.iter().enumerate().map(|(k, v)| (wait * k as u32, *v)).collect();
            let drawn = record.drawn(idx);
            if drawn == expected {
                continue;
            }
            let times: Vec<Duration> = drawn.iter().map(|(at, _)| *at).collect();
            let note = if let Some(note) = clock_note(&times, wait) {
                note
            } else if times.first().is_some_and(|t| !t.is_zero()) {
                format!(
                    "task {idx} only began rolling at {}: it waited for other tasks before it started",
                    fmt_duration(times[0])
                )
            } else {
                format!("the tries were not {} apart", fmt_duration(wait))
            };
            Failure::new(format!("task {idx} did not roll at the right times"))
                .measured(format!("with seed {seed}: {}", show_rolls(&drawn)))
                .expected(show_rolls(&expected))
                .note(note)
                .why(format!(
                    "task {idx} rolls once at the start, at 0 s, then once every {} until it passes",
                    fmt_duration(wait)
                ))
                .hint("start all three tasks at 0 s, and wait `idx + 1` seconds between tries, on tokio's clock")
                .fail();
        }
    }
}

fn problem4_tasks_run_side_by_side() {
    for seed in SEEDS {
        let (record, run) = run_randoms(seed);
        let tasks: Vec<(Vec<u32>, Duration)> = THRESHOLDS
            .iter()
            .enumerate()
            .map(|(idx, t)| expected_task(&record, idx, *t))
            .collect();
        let rolled: Vec<usize> = (0..3).map(|idx| record.drawn(idx).len()).collect();
        let needed: Vec<usize> = tasks.iter().map(|(rolls, _)| rolls.len()).collect();
        if rolled != needed {
            Failure::new("makerandom does not roll right yet, so its timing can't be judged")
                .measured(format!("rolls per task with seed {seed}: {rolled:?}"))
                .expected(format!("rolls per task: {needed:?}"))
                .hint("make problem4_makerandom_numbers_are_right pass first")
                .fail();
        }
        let times: Vec<Duration> = tasks.iter().map(|(_, t)| *t).collect();
        let each: Vec<String> = times
            .iter()
            .enumerate()
            .map(|(i, t)| format!("task {i}: {}", fmt_duration(*t)))
            .collect();
        let bound = TimeBound {
            lower: times.iter().copied().max().unwrap_or_default(),
            derivation: format!(
                "with seed {seed} the tasks need {} of rolling and waiting; side by side the run \
                 takes as long as the slowest",
                each.join(", ")
            ),
            tolerance: 0.0,
            one_at_a_time: Some((times.iter().sum(), "one task after another: the sum".into())),
        };
        if let Err(failure) = bound.check(run.elapsed) {
            failure
                .hint("run the three makerandom futures together, all starting at 0 s")
                .fail();
        }
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
    problem4_makerandom_follows_its_arguments,
    problem4_each_task_waits_idx_plus_one_seconds,
    problem4_tasks_run_side_by_side,
}
