//! The spec kit: what every spec needs besides its own world, in one import.
//!
//! ```ignore
//! use kata_harness::prelude::*;
//! use kata_harness::queue::{Floor, Ledger, ITEMS};
//! ```
//!
//! A spec should read as its checks and nothing else. Before this module, each of the six specs
//! wrote its own way of running a program, of drawing the timeline, of cutting a long list short
//! and of checking that everything happened exactly once — six ways, slightly different, to say
//! the same things. Here they are written once:
//!
//! - [`Runs`]: how a spec runs programs — the time limit and what a deadlock most likely means in
//!   this kata — said once as a constant, then `RUNS.run(log.recorder(), move || …)`;
//! - [`picture`]: the timeline of a world's recorder up to a moment, for [`Failure::timeline`];
//! - [`shown`] and [`shown_lines`]: at most so many items of a list, then "… and N more";
//! - [`Tally`]: the exactly-once check — what was never seen, seen twice, or seen unasked —
//!   measured and worded the same way in every spec;
//! - [`ms`] and [`secs`]: durations from numbers (`ms(100)`), and [`fmt_duration`] for the other
//!   way, so `ms` means one thing in every spec;
//!
//! and the core's types a check uses: [`Failure`], [`TimeBound`], [`Sim`], [`Run`], [`Recorder`],
//! [`Span`], [`timeline`] and the rest.

use std::collections::BTreeMap;
use std::fmt::{self, Display};
use std::future::Future;
use std::time::Duration;

pub use crate::core::failure::{Failure, TimeBound, fmt_duration, has_word};
pub use crate::core::linger::{GRACE, check_nothing_left, simulate_and_linger, still_running};
pub use crate::core::record::{Outcome, Recorder, Span, most_at_once};
pub use crate::core::runner::{Run, Sim, simulate};
pub use crate::core::shown::{shown, shown_lines};
pub use crate::core::timeline;

/// `n` milliseconds.
pub const fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// `n` seconds.
pub const fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

/// The timeline of everything `recorder` saw, from 0 to `end` (or to the last span's end, if
/// later): what a failing check shows with [`Failure::timeline`].
pub fn picture<K: Clone>(recorder: &Recorder<K>, end: Duration) -> String {
    timeline::render(&recorder.spans(), end)
}

// ---------------------------------------------------------------------------------------------
// Running programs

/// How a spec runs the programs it judges, said once:
///
/// ```ignore
/// const RUNS: Runs = Runs::new(secs(600)).deadlock_hint("a channel whose `Sender` is still alive …");
///
/// let run = RUNS.run(log.recorder(), move || async move { subject::pokedex(&api).await });
/// ```
///
/// The limit is simulated time, and generous: reaching it costs nothing (an idle runtime jumps
/// there at once), so it only has to be well past the slowest correct program. The deadlock hint
/// is what the runner says when a run never finishes: in each kata, one cause is far likelier
/// than the others, and naming it is the most useful thing a deadlock message can do.
#[derive(Clone, Copy, Debug)]
pub struct Runs {
    limit: Duration,
    deadlock_hint: &'static str,
    settle_blocking_work: bool,
}

impl Runs {
    /// Runs that must finish within `limit` of simulated time.
    pub const fn new(limit: Duration) -> Self {
        Self {
            limit,
            deadlock_hint: "",
            settle_blocking_work: false,
        }
    }

    /// What a deadlock most likely is in this kata (see [`Sim::deadlock_hint`]).
    pub const fn deadlock_hint(self, hint: &'static str) -> Self {
        Self {
            deadlock_hint: hint,
            ..self
        }
    }

    /// Let blocking work left in flight land before a run counts as over (see
    /// [`Sim::settle_blocking_work`]): for worlds with files.
    pub const fn settle_blocking_work(self) -> Self {
        Self {
            settle_blocking_work: true,
            ..self
        }
    }

    /// The same runs with another time limit: `RUNS.limit(secs(24 * 3600))` for a long exhibition.
    pub const fn limit(self, limit: Duration) -> Self {
        Self { limit, ..self }
    }

    /// The [`Sim`] for one run in the world `recorder` records, to adjust before running it
    /// (`RUNS.sim(r).deadlock_hint(…)` for a run whose likely deadlock is another).
    pub fn sim<K: Clone + fmt::Debug + Send + 'static>(&self, recorder: &Recorder<K>) -> Sim {
        let sim = Sim::new(self.limit)
            .recorder(recorder)
            .deadlock_hint(self.deadlock_hint);
        if self.settle_blocking_work {
            sim.settle_blocking_work()
        } else {
            sim
        }
    }

    /// Runs the future `make` builds in the world `recorder` records (see [`simulate`]).
    #[track_caller]
    pub fn run<K, F, Fut>(&self, recorder: &Recorder<K>, make: F) -> Run<Fut::Output>
    where
        K: Clone + fmt::Debug + Send + 'static,
        F: FnOnce() -> Fut + Send + 'static,
        Fut: Future + 'static,
        Fut::Output: Send + 'static,
    {
        simulate(self.sim(recorder), make)
    }

    /// The same, then [`GRACE`] more of simulated time, so that work left running shows itself
    /// (see [`simulate_and_linger`]): the value, and when the program returned.
    #[track_caller]
    pub fn run_and_linger<K, F, Fut>(&self, recorder: &Recorder<K>, make: F) -> Run<(Fut::Output, Duration)>
    where
        K: Clone + fmt::Debug + Send + 'static,
        F: FnOnce() -> Fut + Send + 'static,
        Fut: Future + 'static,
        Fut::Output: Send + 'static,
    {
        simulate_and_linger(self.sim(recorder), make)
    }
}

// ---------------------------------------------------------------------------------------------
// Exactly once

/// How many items of a [`Tally`]'s lists a message shows.
const SHOWN: usize = 12;

/// The exactly-once check: how often each thing was seen — asked for, worked on, delivered —
/// against the things expected, once each.
///
/// Three mistakes are possible, and each says something different about the program: a thing
/// never seen was lost (a task stopped early, a result dropped), one seen twice was done twice
/// (a retry, a shared item taken by two), one seen though never expected was made up. A tally
/// tells them apart, and [`Tally::check`] words them the same way in every spec:
///
/// ```text
/// ✗ the API was not asked for each Pokémon exactly once
///   measured  never asked for (2): #3, #4
///             asked for more than once (1): #7 (2×)
/// ```
#[derive(Clone, Debug)]
pub struct Tally<K> {
    expected: Vec<K>,
    /// Per thing seen: who saw it, once per sighting (empty strings when nobody is named).
    seen: BTreeMap<K, Vec<String>>,
}

/// What a [`Tally`]'s measurement calls its three mistakes, e.g. "never asked for", "asked for
/// more than once", "asked for, though not in the list".
#[derive(Clone, Copy, Debug)]
pub struct Says<'a> {
    pub missing: &'a str,
    pub repeated: &'a str,
    pub strays: &'a str,
}

impl<K: Ord + Clone> Tally<K> {
    /// A tally of `expected`, nothing seen yet.
    pub fn new(expected: impl IntoIterator<Item = K>) -> Self {
        let mut expected: Vec<K> = expected.into_iter().collect();
        expected.sort();
        expected.dedup();
        Self {
            expected,
            seen: BTreeMap::new(),
        }
    }

    /// A tally of `expected` that saw each of `seen`.
    pub fn of(expected: impl IntoIterator<Item = K>, seen: impl IntoIterator<Item = K>) -> Self {
        let mut tally = Self::new(expected);
        for key in seen {
            tally.saw(key);
        }
        tally
    }

    /// `key` was seen once more.
    pub fn saw(&mut self, key: K) {
        self.seen.entry(key).or_default().push(String::new());
    }

    /// `key` was seen once more, by `who` (named in the message when it was seen twice).
    pub fn saw_by(&mut self, key: K, who: impl Display) {
        self.seen.entry(key).or_default().push(who.to_string());
    }

    /// How many times `key` was seen.
    pub fn times(&self, key: &K) -> usize {
        self.seen.get(key).map_or(0, Vec::len)
    }

    /// The expected things never seen, in order.
    pub fn missing(&self) -> Vec<K> {
        self.expected.iter().filter(|k| self.times(k) == 0).cloned().collect()
    }

    /// The things seen more than once, in order.
    pub fn repeated(&self) -> Vec<K> {
        self.seen
            .iter()
            .filter(|(_, who)| who.len() > 1)
            .map(|(k, _)| k.clone())
            .collect()
    }

    /// The things seen though not expected, in order.
    pub fn strays(&self) -> Vec<K> {
        self.seen
            .keys()
            .filter(|k| self.expected.binary_search(k).is_err())
            .cloned()
            .collect()
    }

    /// Whether every expected thing was seen exactly once, and nothing else.
    pub fn is_exact(&self) -> bool {
        self.missing().is_empty() && self.repeated().is_empty() && self.strays().is_empty()
    }

    /// The mistakes, one line per kind with how many there are, each list cut short with
    /// [`shown`]; `show` writes a thing as the message names it (`|id| format!("#{id}")`). Empty
    /// when the tally is exact.
    pub fn measured(&self, says: Says<'_>, show: impl Fn(&K) -> String) -> String {
        let line = |label: &str, items: Vec<String>| format!("{label} ({}): {}", items.len(), shown(&items, SHOWN));
        let mut lines = Vec::new();
        let missing = self.missing();
        if !missing.is_empty() {
            lines.push(line(says.missing, missing.iter().map(&show).collect()));
        }
        let repeated: Vec<String> = self
            .repeated()
            .iter()
            .map(|k| {
                let who = &self.seen[k];
                if who.iter().all(String::is_empty) {
                    format!("{} ({}×)", show(k), who.len())
                } else {
                    format!("{} (by {})", show(k), who.join(", "))
                }
            })
            .collect();
        if !repeated.is_empty() {
            lines.push(line(says.repeated, repeated));
        }
        let strays = self.strays();
        if !strays.is_empty() {
            lines.push(line(says.strays, strays.iter().map(&show).collect()));
        }
        lines.join("\n")
    }

    /// `Ok` when the tally is exact; else a failure titled `title`, with its measurement. The
    /// spec adds what it expected, why, what to try, and the timeline.
    pub fn check(&self, title: impl Into<String>, says: Says<'_>, show: impl Fn(&K) -> String) -> Result<(), Failure> {
        if self.is_exact() {
            Ok(())
        } else {
            Err(Failure::new(title).measured(self.measured(says, show)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAYS: Says<'static> = Says {
        missing: "never asked for",
        repeated: "asked for more than once",
        strays: "asked for, though not in the list",
    };

    #[test]
    fn a_tally_tells_the_three_mistakes_apart() {
        let tally = Tally::of(1..=5, [1, 2, 2, 4, 5, 9]);
        assert_eq!(tally.missing(), [3]);
        assert_eq!(tally.repeated(), [2]);
        assert_eq!(tally.strays(), [9]);
        let text = tally.measured(SAYS, |id| format!("#{id}"));
        assert_eq!(
            text,
            "never asked for (1): #3\nasked for more than once (1): #2 (2×)\nasked for, though not in the list (1): #9"
        );
        assert!(Tally::of(1..=3, [3, 1, 2]).check("t", SAYS, u32::to_string).is_ok());
    }

    #[test]
    fn a_tally_names_who_saw_a_thing_twice() {
        let mut tally = Tally::new(0..2);
        tally.saw_by(0, "c1");
        tally.saw_by(0, "c2");
        tally.saw_by(1, "c1");
        assert_eq!(
            tally.measured(SAYS, u32::to_string),
            "asked for more than once (1): 0 (by c1, c2)"
        );
    }
}
