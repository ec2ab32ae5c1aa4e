//! The worlds of the awaitables kata: a journal for `count`, the chess exhibition, a kitchen
//! that shows whether work started when it was asked for, and seeded dice for `makerandom`.
//!
//! Each records what happens in simulated time, so the spec judges what the program did — what
//! ran, in which order, when, and whether it overlapped — rather than what it printed. Each
//! world comes as a pair, like the queue kata's `Floor` and `Ledger`: the handle the program
//! works with, and the record only the judge reads (`Journal::new() -> (Journal, JournalRecord)`).

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::core::failure::fmt_duration;
use crate::core::record::{Outcome, Recorder};
use crate::core::seeded::{GOLDEN, splitmix64};
use crate::core::sync::lock;

// ---------------------------------------------------------------------------------------------
// count

/// Where `count` writes its words instead of printing them. Cheap to clone; every clone is the
/// same journal. What was written, and when, is read from its [`JournalRecord`], which
/// [`Journal::new`] hands to the judge only.
#[derive(Clone)]
pub struct Journal {
    inner: Arc<JournalInner>,
}

/// Shows what the program may know, and not the record (which only the spec reads).
impl fmt::Debug for Journal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Journal").finish_non_exhaustive()
    }
}

/// The record of a [`Journal`]: every word written, and when. For the spec.
#[derive(Clone, Debug)]
pub struct JournalRecord {
    inner: Arc<JournalInner>,
}

#[derive(Debug, Default)]
struct JournalInner {
    recorder: Recorder,
    entries: Mutex<Vec<(Duration, String)>>,
}

impl Journal {
    /// A journal, and its record.
    #[allow(clippy::new_ret_no_self)] // the record goes to the judge, the journal to the program
    pub fn new() -> (Self, JournalRecord) {
        let inner = Arc::new(JournalInner::default());
        (Self { inner: inner.clone() }, JournalRecord { inner })
    }

    /// Writes `word` now (think `print`).
    pub fn write(&self, word: &str) {
        let recorder = &self.inner.recorder;
        recorder.touch();
        lock(&self.inner.entries).push((recorder.now(), word.to_owned()));
    }
}

impl JournalRecord {
    /// Every word written, with its simulated time, in order.
    pub fn entries(&self) -> Vec<(Duration, String)> {
        lock(&self.inner.entries).clone()
    }

    pub fn recorder(&self) -> &Recorder {
        &self.inner.recorder
    }
}

// ---------------------------------------------------------------------------------------------
// The chess exhibition

/// The numbers of the exhibition: one master, `boards` opponents, `moves` move pairs per game.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rules {
    pub boards: usize,
    pub moves: usize,
    /// How long the master takes for one move.
    pub master_move: Duration,
    /// How long an opponent takes for one move.
    pub opponent_move: Duration,
}

/// The asyncio notes' exhibition: 24 boards, 30 move pairs, 5 s per master move, 55 s per
/// opponent move.
pub const EXHIBITION: Rules = Rules {
    boards: 24,
    moves: 30,
    master_move: Duration::from_secs(5),
    opponent_move: Duration::from_secs(55),
};

/// The timeline row of the master's moves.
pub const MASTER: &str = "master";

/// A chess exhibition in simulated time: the program makes the moves. Cheap to clone; every
/// clone is the same exhibition. Who moved where and when is read from its
/// [`ExhibitionRecord`], which [`Exhibition::new`] hands to the judge only.
#[derive(Clone)]
pub struct Exhibition {
    inner: Arc<ExhibitionInner>,
}

/// Shows what the program may know, and not the record (which only the spec reads).
impl fmt::Debug for Exhibition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Exhibition")
            .field("rules", &self.inner.rules)
            .finish_non_exhaustive()
    }
}

/// The record of an [`Exhibition`]: every move, the fouls, the master's overlapping moves.
/// For the judge.
#[derive(Clone, Debug)]
pub struct ExhibitionRecord {
    inner: Arc<ExhibitionInner>,
}

#[derive(Debug)]
struct ExhibitionInner {
    rules: Rules,
    recorder: Recorder,
    state: Mutex<Board>,
}

/// One finished move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Move {
    pub board: usize,
    /// The master's move (else the opponent's).
    pub master: bool,
    pub start: Duration,
    pub end: Duration,
}

#[derive(Debug, Default)]
struct Board {
    /// Master moves in progress right now.
    master_busy: usize,
    /// Most master moves ever in progress at once.
    master_most: usize,
    /// Per board: the moves begun so far, in order (`true` = master's).
    games: Vec<Vec<bool>>,
    /// Per board: a move is in progress.
    thinking: Vec<bool>,
    /// Every move that ran to its end, in the order they ended.
    finished: Vec<Move>,
    /// Moves made out of turn or past the end.
    fouls: Vec<String>,
}

impl Exhibition {
    /// An exhibition played by `rules`, and its record.
    #[allow(clippy::new_ret_no_self)] // the record goes to the judge, the exhibition to the program
    pub fn new(rules: Rules) -> (Self, ExhibitionRecord) {
        let inner = Arc::new(ExhibitionInner {
            rules,
            recorder: Recorder::new(),
            state: Mutex::new(Board {
                games: vec![Vec::new(); rules.boards],
                thinking: vec![false; rules.boards],
                ..Board::default()
            }),
        });
        (Self { inner: inner.clone() }, ExhibitionRecord { inner })
    }

    pub fn rules(&self) -> Rules {
        self.inner.rules
    }

    /// The master makes a move on `board` (`0..boards`): [`Rules::master_move`] of simulated time.
    pub async fn master_moves(&self, board: usize) {
        self.make_move(board, true).await;
    }

    /// The opponent at `board` makes a move: [`Rules::opponent_move`] of simulated time.
    pub async fn opponent_moves(&self, board: usize) {
        self.make_move(board, false).await;
    }

    async fn make_move(&self, board: usize, master: bool) {
        let inner = &*self.inner;
        let start = inner.recorder.now();
        inner.recorder.touch();
        {
            let mut state = lock(&inner.state);
            if master {
                state.master_busy += 1;
                state.master_most = state.master_most.max(state.master_busy);
            }
            self.play(&mut state, board, master);
        }
        // A move dropped half-way leaves the master free and the board still thinking: the
        // board's next move is then a foul.
        let busy = MasterBusy { inner, master };
        let time = if master {
            inner.rules.master_move
        } else {
            inner.rules.opponent_move
        };
        tokio::time::sleep(time).await;
        drop(busy);
        let end = inner.recorder.now();
        {
            let mut state = lock(&inner.state);
            if let Some(thinking) = state.thinking.get_mut(board) {
                *thinking = false;
            }
            state.finished.push(Move {
                board,
                master,
                start,
                end,
            });
        }
        let (lane, label) = if master {
            (MASTER.to_owned(), format!("board {board}"))
        } else {
            (format!("board {board}"), "move".to_owned())
        };
        inner.recorder.record(&lane, label, (), start, Outcome::Done);
    }

    fn play(&self, state: &mut Board, board: usize, master: bool) {
        let who = if master { "the master" } else { "the opponent" };
        let Some(game) = state.games.get_mut(board) else {
            state
                .fouls
                .push(format!("{who} moved on board {board}, which does not exist"));
            return;
        };
        let expected_master = game.len() % 2 == 0;
        let over = game.len() >= 2 * self.inner.rules.moves;
        game.push(master);
        let at = fmt_duration(self.inner.recorder.now());
        if over {
            state
                .fouls
                .push(format!("at {at}, {who} moved on board {board} after its game was over"));
        } else if master != expected_master {
            state
                .fouls
                .push(format!("at {at}, {who} moved twice in a row on board {board}"));
        } else if state.thinking[board] {
            state.fouls.push(format!(
                "at {at}, {who} moved on board {board} before the other side had finished its move"
            ));
        }
        state.thinking[board] = true;
    }
}

/// Frees the master when her move ends, or is dropped half-way.
struct MasterBusy<'a> {
    inner: &'a ExhibitionInner,
    master: bool,
}

impl Drop for MasterBusy<'_> {
    fn drop(&mut self) {
        if self.master {
            lock(&self.inner.state).master_busy -= 1;
        }
    }
}

impl ExhibitionRecord {
    pub fn rules(&self) -> Rules {
        self.inner.rules
    }

    /// The most master moves that were ever in progress at the same time (1 for one person).
    pub fn master_most_at_once(&self) -> usize {
        lock(&self.inner.state).master_most
    }

    /// Every move that ran to its end, in the order they ended.
    pub fn moves(&self) -> Vec<Move> {
        lock(&self.inner.state).finished.clone()
    }

    /// Per board: how many of the master's moves, and of the opponent's, ran to their end.
    pub fn finished_moves(&self) -> Vec<(usize, usize)> {
        let state = lock(&self.inner.state);
        let mut counts = vec![(0, 0); self.inner.rules.boards];
        for m in &state.finished {
            if let Some(count) = counts.get_mut(m.board) {
                if m.master {
                    count.0 += 1;
                } else {
                    count.1 += 1;
                }
            }
        }
        counts
    }

    /// Moves that broke the rules of play.
    pub fn fouls(&self) -> Vec<String> {
        lock(&self.inner.state).fouls.clone()
    }

    pub fn recorder(&self) -> &Recorder {
        &self.inner.recorder
    }
}

// ---------------------------------------------------------------------------------------------
// The kitchen: does work start when it is asked for?

/// One dish and how long it takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dish {
    pub name: &'static str,
    pub time: Duration,
}

/// Breakfast: what `start_breakfast` has to get going.
pub const BREAKFAST: [Dish; 3] = [
    Dish {
        name: "coffee",
        time: Duration::from_secs(3),
    },
    Dish {
        name: "toast",
        time: Duration::from_secs(2),
    },
    Dish {
        name: "eggs",
        time: Duration::from_secs(4),
    },
];

/// A kitchen that cooks dishes in simulated time. Cheap to clone; every clone is the same
/// kitchen. When each dish started and finished is read from its [`KitchenRecord`], which
/// [`Kitchen::new`] hands to the judge only.
#[derive(Clone)]
pub struct Kitchen {
    inner: Arc<KitchenInner>,
}

/// Shows what the program may know, and not the record (which only the spec reads).
impl fmt::Debug for Kitchen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Kitchen").finish_non_exhaustive()
    }
}

/// The record of a [`Kitchen`]: every dish put on, when, and when (if) it was ready.
#[derive(Clone, Debug)]
pub struct KitchenRecord {
    inner: Arc<KitchenInner>,
}

#[derive(Debug, Default)]
struct KitchenInner {
    recorder: Recorder,
    /// Every cooking begun: the dish, its start, and its end if it got there.
    cooked: Mutex<Vec<(&'static str, Duration, Option<Duration>)>>,
}

impl Kitchen {
    /// A kitchen, and its record.
    #[allow(clippy::new_ret_no_self)] // the record goes to the judge, the kitchen to the program
    pub fn new() -> (Self, KitchenRecord) {
        let inner = Arc::new(KitchenInner::default());
        (Self { inner: inner.clone() }, KitchenRecord { inner })
    }

    /// Cooks `dish` — its time in simulated time — and returns it, ready: `"coffee, ready"`.
    pub async fn cook(&self, dish: Dish) -> String {
        let recorder = &self.inner.recorder;
        let start = recorder.now();
        let n = {
            let mut cooked = lock(&self.inner.cooked);
            cooked.push((dish.name, start, None));
            cooked.len() - 1
        };
        let tracked = recorder.track(dish.name, "cooking", ());
        tokio::time::sleep(dish.time).await;
        tracked.finish(Outcome::Done);
        lock(&self.inner.cooked)[n].2 = Some(recorder.now());
        format!("{}, ready", dish.name)
    }
}

impl KitchenRecord {
    /// Every cooking begun, in order: the dish, when it started, and when it was ready (`None`:
    /// never — dropped half-way, or still cooking when the run ended).
    pub fn cooked(&self) -> Vec<(&'static str, Duration, Option<Duration>)> {
        lock(&self.inner.cooked).clone()
    }

    pub fn recorder(&self) -> &Recorder {
        &self.inner.recorder
    }
}

// ---------------------------------------------------------------------------------------------
// Dice for makerandom

/// Seeded dice: one stream of numbers per task, so what a task draws does not depend on the
/// order in which the runtime happens to run the tasks. Cheap to clone; every clone is the same
/// dice. What was rolled, and when, is read from its [`DiceRecord`], which [`Dice::new`] hands
/// to the judge only.
///
/// Each task's stream is SplitMix64 (the core's [`crate::core::seeded`]) seeded with `seed` and
/// the task's index, so the numbers stay the same across versions of any crate.
#[derive(Clone)]
pub struct Dice {
    inner: Arc<DiceInner>,
}

/// Shows what the program may know: not the seed (which tells every roll to come), nor the record.
impl fmt::Debug for Dice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dice").finish_non_exhaustive()
    }
}

/// The record of [`Dice`]: every roll of every stream, and when; and what the streams hold.
#[derive(Clone, Debug)]
pub struct DiceRecord {
    inner: Arc<DiceInner>,
}

#[derive(Debug)]
struct DiceInner {
    seed: u64,
    recorder: Recorder,
    drawn: Mutex<Vec<Rolls>>,
}

/// One stream's rolls: when, and what.
type Rolls = Vec<(Duration, u32)>;

/// The seed of the kata's run.
pub const SEED: u64 = 444;

impl Dice {
    /// Dice seeded with `seed`, and their record.
    #[allow(clippy::new_ret_no_self)] // the record goes to the judge, the dice to the program
    pub fn new(seed: u64) -> (Self, DiceRecord) {
        let inner = Arc::new(DiceInner {
            seed,
            recorder: Recorder::new(),
            drawn: Mutex::default(),
        });
        (Self { inner: inner.clone() }, DiceRecord { inner })
    }

    /// The next number from 0 to 10 (inclusive) of stream `idx` (task `idx` rolls its own).
    pub fn roll(&self, idx: usize) -> u32 {
        let inner = &*self.inner;
        let mut drawn = lock(&inner.drawn);
        if drawn.len() <= idx {
            drawn.resize(idx + 1, Vec::new());
        }
        let n = drawn[idx].len() as u64;
        let value = nth(inner.seed, idx, n);
        drawn[idx].push((inner.recorder.now(), value));
        inner.recorder.touch();
        value
    }
}

impl DiceRecord {
    /// The `n`-th number (from 0) of stream `idx`.
    pub fn nth(&self, idx: usize, n: u64) -> u32 {
        nth(self.inner.seed, idx, n)
    }

    /// What stream `idx` gave, and when, in order.
    pub fn drawn(&self, idx: usize) -> Vec<(Duration, u32)> {
        lock(&self.inner.drawn).get(idx).cloned().unwrap_or_default()
    }

    pub fn recorder(&self) -> &Recorder {
        &self.inner.recorder
    }
}

/// The `n`-th number of stream `idx`: SplitMix64's `n`-th output from a state that mixes the
/// seed with the stream's index (by another odd constant, so streams don't overlap).
fn nth(seed: u64, idx: usize, n: u64) -> u32 {
    let stream = seed ^ (idx as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03);
    (splitmix64(stream.wrapping_add(n.wrapping_mul(GOLDEN))) % 11) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dice_streams_are_fixed_and_independent() {
        let (a, record) = Dice::new(SEED);
        let first: Vec<u32> = (0..5).map(|_| a.roll(0)).collect();
        let (b, _) = Dice::new(SEED);
        b.roll(1); // another task drawing first changes nothing for task 0
        let again: Vec<u32> = (0..5).map(|_| b.roll(0)).collect();
        assert_eq!(first, again);
        assert!(first.iter().all(|n| *n <= 10));
        assert_eq!(first, (0..5).map(|n| record.nth(0, n)).collect::<Vec<_>>());
    }

    #[test]
    fn the_learner_handles_show_no_record() {
        let (dice, _) = Dice::new(SEED);
        dice.roll(0);
        assert_eq!(format!("{dice:?}"), "Dice { .. }");
        let (exhibition, _) = Exhibition::new(EXHIBITION);
        assert!(format!("{exhibition:?}").starts_with("Exhibition { rules: Rules { boards: 24"));
    }
}
