//! The worlds of the as_completed kata: jobs that finish in their own (seeded, never tied) time,
//! a desk that notes when each result was handled, and the two-part chains of the original.
//!
//! Every job is tracked: the spec sees when it started, when it ended and how — finished,
//! failed, or dropped before it finished (cancelled).
//!
//! The program under test gets [`Jobs`] or [`Parts`], which only do the work; what only the
//! judge should know — how long each job takes, which fail, what happened when — is read from
//! the [`JobsLog`] or [`PartsLog`] their constructors hand to the spec.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::core::record::{Outcome, Recorder, Span};
use crate::core::seeded::{seeded_millis, seeded_shuffle};
use crate::core::sync::lock;

/// The seed for every seeded time in this kata.
pub const SEED: u64 = 7;

/// A job's failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobFailed {
    pub id: u32,
}

impl fmt::Display for JobFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "job {} failed", self.id)
    }
}

impl std::error::Error for JobFailed {}

/// Jobs `0..count`, each taking its own time: distinct multiples of `step`, shuffled by the seed,
/// so no two jobs ever finish at the same instant. Cheap to clone; clones share one record.
///
/// The program under test can run the jobs and hand their results over, nothing more: how long
/// each job takes, which fail, and what happened, are read from the [`JobsLog`] that the
/// constructors hand to the spec only.
#[derive(Clone)]
pub struct Jobs {
    inner: Arc<Inner>,
}

/// The record of a [`Jobs`]: how long each job takes, which fail, when each ran and how it
/// ended, and what was handled when. For the spec.
#[derive(Clone, Debug)]
pub struct JobsLog {
    inner: Arc<Inner>,
}

impl fmt::Debug for Jobs {
    // Nothing of the jobs' times or failures shows here.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Jobs")
            .field("count", &self.inner.times.len())
            .finish_non_exhaustive()
    }
}

#[derive(Debug)]
struct Inner {
    name: &'static str,
    times: Vec<Duration>,
    failing: Vec<u32>,
    /// Every run of a job, keyed by its id.
    recorder: Recorder<u32>,
    handled: Mutex<Vec<(u32, u64, Duration)>>,
}

impl Jobs {
    /// `count` jobs whose times are a seeded shuffle of `step`, 2 × `step`, …, `count` × `step`,
    /// and their log. `name` names the timeline rows: `<name> <id>`.
    pub fn new(name: &'static str, count: u32, step: Duration) -> (Self, JobsLog) {
        Self::failing(name, count, step, &[])
    }

    /// The same, where the jobs in `failing` fail at the end of their time.
    pub fn failing(name: &'static str, count: u32, step: Duration, failing: &[u32]) -> (Self, JobsLog) {
        let mut order: Vec<u32> = (1..=count).collect();
        seeded_shuffle(&mut order, SEED, u64::from(count) * 100);
        let inner = Arc::new(Inner {
            name,
            times: order.into_iter().map(|k| step * k).collect(),
            failing: failing.to_vec(),
            recorder: Recorder::new(),
            handled: Mutex::default(),
        });
        (Self { inner: inner.clone() }, JobsLog { inner })
    }

    /// The jobs' ids, `0..count`.
    pub fn ids(&self) -> Vec<u32> {
        self.inner.ids()
    }

    /// Runs job `id` for its time, in simulated time. Its answer is `id * 10`; a job that fails
    /// returns [`JobFailed`] instead, at the end of its time.
    pub async fn run(&self, id: u32) -> Result<u64, JobFailed> {
        let inner = &self.inner;
        let time = inner.time_of(id);
        let tracked = inner.recorder.track(&inner.lane(id), "working", id);
        tokio::time::sleep(time).await;
        if inner.failing.contains(&id) {
            tracked.finish(Outcome::Failed);
            return Err(JobFailed { id });
        }
        tracked.finish(Outcome::Done);
        Ok(u64::from(id) * 10)
    }

    /// Hands a finished job's result over to be handled; the desk notes the time.
    pub fn handle(&self, id: u32, value: u64) {
        self.inner.recorder.touch();
        let now = self.inner.recorder.now();
        lock(&self.inner.handled).push((id, value, now));
    }
}

impl Inner {
    fn ids(&self) -> Vec<u32> {
        (0..self.times.len() as u32).collect()
    }

    fn time_of(&self, id: u32) -> Duration {
        match self.times.get(id as usize) {
            Some(time) => *time,
            None => panic!("there is no {} {id}: the ids are 0..{}", self.name, self.times.len()),
        }
    }

    fn lane(&self, id: u32) -> String {
        format!("{} {id}", self.name)
    }
}

impl JobsLog {
    /// The jobs' ids, `0..count`.
    pub fn ids(&self) -> Vec<u32> {
        self.inner.ids()
    }

    /// What the jobs are called ("job", "replica").
    pub fn name(&self) -> &'static str {
        self.inner.name
    }

    /// The timeline row of job `id`: `<name> <id>`.
    pub fn lane(&self, id: u32) -> String {
        self.inner.lane(id)
    }

    /// How long job `id` takes.
    pub fn time_of(&self, id: u32) -> Duration {
        self.inner.time_of(id)
    }

    /// The ids in the order they finish when all start at the same instant.
    pub fn by_time(&self) -> Vec<u32> {
        let mut ids = self.ids();
        ids.sort_by_key(|&id| self.time_of(id));
        ids
    }

    /// What was handled, in order: (id, value, when).
    pub fn handled(&self) -> Vec<(u32, u64, Duration)> {
        lock(&self.inner.handled).clone()
    }

    /// Every run of a job that ended, keyed by the job's id, on rows named `<name> <id>`.
    pub fn spans(&self) -> Vec<Span<u32>> {
        self.inner.recorder.spans()
    }

    pub fn recorder(&self) -> &Recorder<u32> {
        &self.inner.recorder
    }
}

/// What a program collected before it stopped waiting: results in the order they finished, the
/// ids it gave up on, and the error it stopped for, if any.
#[derive(Debug, Default)]
pub struct Collected {
    pub done: Vec<(u32, u64)>,
    pub unfinished: Vec<u32>,
    pub error: Option<anyhow::Error>,
}

// ---------------------------------------------------------------------------------------------
// Chains

/// The two parts of each chain, as in the original: `part1(n)` sleeps a random 0–10 s and
/// returns `result{n}-1`; `part2(n, arg)` sleeps another random 0–10 s and derives
/// `result{n}-2 derived from {arg}`. Here the seconds are seeded. Cheap to clone; clones share
/// one record, which only the [`PartsLog`] that [`Parts::new`] hands out can read — with how
/// long each part takes.
#[derive(Clone)]
pub struct Parts {
    inner: Arc<PartsInner>,
}

/// The record of a [`Parts`]: how long each part takes, and when each was started. For the spec
/// (and the book's sample, which prints the times).
#[derive(Clone, Debug)]
pub struct PartsLog {
    inner: Arc<PartsInner>,
}

/// One part of one chain: what the record of [`Parts`] is keyed by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Part {
    /// The chain's number, `n`.
    pub chain: u32,
    /// 1 for `part1`, 2 for `part2`.
    pub part: u8,
}

#[derive(Debug, Default)]
struct PartsInner {
    recorder: Recorder<Part>,
    calls: Mutex<BTreeMap<Part, Vec<Duration>>>,
}

impl fmt::Debug for Parts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Parts").finish_non_exhaustive()
    }
}

/// How long part `part` (1 or 2) of chain `n` takes: whole seconds, 0 to 10.
fn part_time(part: u8, n: u32) -> Duration {
    let key = u64::from(part) * 10_000 + u64::from(n);
    Duration::from_secs(seeded_millis(SEED, key, 0, 10).as_millis() as u64)
}

impl Parts {
    /// The parts, and their log.
    pub fn new() -> (Self, PartsLog) {
        let inner = Arc::new(PartsInner::default());
        (Self { inner: inner.clone() }, PartsLog { inner })
    }

    pub async fn part1(&self, n: u32) -> String {
        self.part(n, 1).await;
        format!("result{n}-1")
    }

    pub async fn part2(&self, n: u32, arg: &str) -> String {
        self.part(n, 2).await;
        format!("result{n}-2 derived from {arg}")
    }

    async fn part(&self, n: u32, part: u8) {
        let inner = &self.inner;
        let key = Part { chain: n, part };
        let tracked = inner.recorder.track(&format!("chain {n}"), format!("part{part}"), key);
        lock(&inner.calls).entry(key).or_default().push(inner.recorder.now());
        tokio::time::sleep(part_time(part, n)).await;
        tracked.finish(Outcome::Done);
    }
}

impl PartsLog {
    /// How long `part1(n)` takes.
    pub fn part1_time(&self, n: u32) -> Duration {
        part_time(1, n)
    }

    /// How long `part2(n, _)` takes.
    pub fn part2_time(&self, n: u32) -> Duration {
        part_time(2, n)
    }

    /// When `part1(n)` (`part` 1) or `part2(n, _)` (`part` 2) was started: once per call.
    pub fn started(&self, n: u32, part: u8) -> Vec<Duration> {
        let key = Part { chain: n, part };
        lock(&self.inner.calls).get(&key).cloned().unwrap_or_default()
    }

    /// Every part that ended, keyed by chain and part, on its chain's row.
    pub fn recorder(&self) -> &Recorder<Part> {
        &self.inner.recorder
    }
}

/// One chain's report: its number, its final result, and how long the chain took.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chain {
    pub n: u32,
    pub result: String,
    pub took: Duration,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_times_are_distinct() {
        let (_, log) = Jobs::new("job", 12, Duration::from_millis(90));
        let mut times: Vec<Duration> = log.ids().iter().map(|&id| log.time_of(id)).collect();
        times.sort();
        times.dedup();
        assert_eq!(times.len(), 12);
    }

    #[test]
    fn the_learner_handle_shows_no_times() {
        let (jobs, _) = Jobs::failing("job", 3, Duration::from_millis(10), &[1]);
        assert_eq!(format!("{jobs:?}"), "Jobs { count: 3, .. }");
    }
}
