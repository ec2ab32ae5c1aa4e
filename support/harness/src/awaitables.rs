//! The worlds of the awaitables kata: a journal for `count`, the chess exhibition, a kitchen
//! that shows whether work started when it was asked for, and seeded dice for `makerandom`.
//!
//! Each records what happens in simulated time, so the spec judges what the program did — what
//! ran, in which order, when, and whether it overlapped — rather than what it printed.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::record::{Outcome, Recorder, Span};

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

// ---------------------------------------------------------------------------------------------
// count

/// Where `count` writes its words instead of printing them: the word, who wrote it, and when.
#[derive(Clone, Debug, Default)]
pub struct Journal {
    recorder: Recorder,
    entries: Arc<Mutex<Vec<(Duration, String)>>>,
}

impl Journal {
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes `word` now (think `print`).
    pub fn write(&self, word: &str) {
        self.recorder.touch();
        lock(&self.entries).push((self.recorder.now(), word.to_owned()));
    }

    /// Every word written, with its simulated time, in order.
    pub fn entries(&self) -> Vec<(Duration, String)> {
        lock(&self.entries).clone()
    }

    pub fn recorder(&self) -> &Recorder {
        &self.recorder
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

/// The exhibition of the seed: 24 boards, 30 move pairs, 5 s per master move, 55 s per
/// opponent move.
pub const EXHIBITION: Rules = Rules {
    boards: 24,
    moves: 30,
    master_move: Duration::from_secs(5),
    opponent_move: Duration::from_secs(55),
};

/// The timeline row of the master's moves.
pub const MASTER: &str = "master";

/// A chess exhibition in simulated time. The master is one person: [`Exhibition::master_moves`]
/// notes when a move starts while another is still going on.
#[derive(Clone, Debug)]
pub struct Exhibition {
    rules: Rules,
    recorder: Recorder,
    state: Arc<Mutex<Board>>,
}

#[derive(Debug, Default)]
struct Board {
    /// Master moves in progress right now.
    master_busy: usize,
    /// Most master moves ever in progress at once.
    master_most: usize,
    /// Per board: the moves made so far, in order (`true` = master's).
    games: Vec<Vec<bool>>,
    /// Per board: a move is in progress.
    thinking: Vec<bool>,
    /// Moves made out of turn or past the end: (board, who, why).
    fouls: Vec<String>,
}

impl Exhibition {
    pub fn new(rules: Rules) -> Self {
        Self {
            rules,
            recorder: Recorder::new(),
            state: Arc::new(Mutex::new(Board {
                games: vec![Vec::new(); rules.boards],
                thinking: vec![false; rules.boards],
                ..Board::default()
            })),
        }
    }

    pub fn rules(&self) -> Rules {
        self.rules
    }

    /// The master makes a move on `board` (`0..boards`): [`Rules::master_move`] of simulated time.
    pub async fn master_moves(&self, board: usize) {
        let start = self.recorder.now();
        {
            let mut state = lock(&self.state);
            state.master_busy += 1;
            state.master_most = state.master_most.max(state.master_busy);
            self.play(&mut state, board, true);
        }
        tokio::time::sleep(self.rules.master_move).await;
        {
            let mut state = lock(&self.state);
            state.master_busy -= 1;
            if let Some(thinking) = state.thinking.get_mut(board) {
                *thinking = false;
            }
        }
        self.recorder
            .record(MASTER, format!("board {board}"), start, Outcome::Done);
    }

    /// The opponent at `board` makes a move: [`Rules::opponent_move`] of simulated time.
    pub async fn opponent_moves(&self, board: usize) {
        let start = self.recorder.now();
        self.play(&mut lock(&self.state), board, false);
        tokio::time::sleep(self.rules.opponent_move).await;
        if let Some(thinking) = lock(&self.state).thinking.get_mut(board) {
            *thinking = false;
        }
        self.recorder
            .record(&format!("board {board}"), "move", start, Outcome::Done);
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
        let over = game.len() >= 2 * self.rules.moves;
        game.push(master);
        let at = crate::fmt_duration(self.recorder.now());
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

    /// The most master moves that were ever in progress at the same time (1 for one person).
    pub fn master_most_at_once(&self) -> usize {
        lock(&self.state).master_most
    }

    /// How many move pairs each board has seen (master's moves counted).
    pub fn move_pairs(&self) -> Vec<usize> {
        lock(&self.state)
            .games
            .iter()
            .map(|g| g.iter().filter(|m| **m).count())
            .collect()
    }

    /// Moves that broke the rules of play.
    pub fn fouls(&self) -> Vec<String> {
        lock(&self.state).fouls.clone()
    }

    /// The master's moves, as spans.
    pub fn master_spans(&self) -> Vec<Span> {
        self.recorder.spans().into_iter().filter(|s| s.lane == MASTER).collect()
    }

    pub fn recorder(&self) -> &Recorder {
        &self.recorder
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

/// A kitchen that records when each dish was started and finished.
#[derive(Clone, Debug, Default)]
pub struct Kitchen {
    recorder: Recorder,
}

impl Kitchen {
    pub fn new() -> Self {
        Self::default()
    }

    /// Cooks `dish` — its time in simulated time — and returns it, ready: `"coffee, ready"`.
    pub async fn cook(&self, dish: Dish) -> String {
        let start = self.recorder.now();
        self.recorder.touch();
        tokio::time::sleep(dish.time).await;
        self.recorder.record(dish.name, "cooking", start, Outcome::Done);
        format!("{}, ready", dish.name)
    }

    /// When each dish started cooking (those that finished), by name.
    pub fn started(&self) -> Vec<(String, Duration)> {
        self.recorder.spans().into_iter().map(|s| (s.lane, s.start)).collect()
    }

    pub fn recorder(&self) -> &Recorder {
        &self.recorder
    }
}

// ---------------------------------------------------------------------------------------------
// Dice for makerandom

/// Seeded dice: one stream of numbers per task, so what a task draws does not depend on the
/// order in which the runtime happens to run the tasks.
///
/// Each task's stream is SplitMix64 seeded with `seed` and the task's index — a generator small
/// enough to write down here, so the numbers stay the same across versions of any crate.
#[derive(Clone, Debug)]
pub struct Dice {
    seed: u64,
    recorder: Recorder,
    drawn: Arc<Mutex<Vec<Rolls>>>,
}

/// One task's rolls: when, and what.
type Rolls = Vec<(Duration, u32)>;

/// The seed of the kata's run.
pub const SEED: u64 = 444;

impl Dice {
    pub fn new(seed: u64) -> Self {
        Self {
            seed,
            recorder: Recorder::new(),
            drawn: Arc::default(),
        }
    }

    /// The next number from 0 to 10 (inclusive) for task `idx`.
    pub fn roll(&self, idx: usize) -> u32 {
        let mut drawn = lock(&self.drawn);
        if drawn.len() <= idx {
            drawn.resize(idx + 1, Vec::new());
        }
        let n = drawn[idx].len() as u64;
        let value = Self::nth(self.seed, idx, n);
        drawn[idx].push((self.recorder.now(), value));
        self.recorder.touch();
        value
    }

    /// The `n`-th number (from 0) task `idx` draws with this seed.
    pub fn nth(seed: u64, idx: usize, n: u64) -> u32 {
        let stream = seed ^ (idx as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03);
        (splitmix64(stream.wrapping_add(n.wrapping_mul(0x9E37_79B9_7F4A_7C15))) % 11) as u32
    }

    /// What task `idx` drew, and when, in order.
    pub fn drawn(&self, idx: usize) -> Vec<(Duration, u32)> {
        lock(&self.drawn).get(idx).cloned().unwrap_or_default()
    }

    pub fn recorder(&self) -> &Recorder {
        &self.recorder
    }
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dice_streams_are_fixed_and_independent() {
        let a = Dice::new(SEED);
        let first: Vec<u32> = (0..5).map(|_| a.roll(0)).collect();
        let b = Dice::new(SEED);
        b.roll(1); // another task drawing first changes nothing for task 0
        let again: Vec<u32> = (0..5).map(|_| b.roll(0)).collect();
        assert_eq!(first, again);
        assert!(first.iter().all(|n| *n <= 10));
        assert_eq!(first, (0..5).map(|n| Dice::nth(SEED, 0, n)).collect::<Vec<_>>());
    }
}
