//! The worlds of the as_completed kata: jobs that finish in their own (seeded, never tied) time,
//! a desk that notes when each result was handled, and the two-part chains of the original.
//!
//! Every job is tracked: the spec sees when it started, when it ended and how — finished,
//! failed, or dropped before it finished (cancelled).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::gather::{seeded_millis, seeded_shuffle};
use crate::record::{Outcome, Recorder, Span};

/// The seed for every seeded time in this kata.
pub const SEED: u64 = 7;

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

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
/// so no two jobs ever finish at the same instant.
#[derive(Clone, Debug)]
pub struct Jobs {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    name: &'static str,
    times: Vec<Duration>,
    failing: Vec<u32>,
    recorder: Recorder,
    handled: Mutex<Vec<(u32, u64, Duration)>>,
}

impl Jobs {
    /// `count` jobs whose times are a seeded shuffle of `step`, 2 × `step`, …, `count` × `step`.
    pub fn new(name: &'static str, count: u32, step: Duration) -> Self {
        Self::failing(name, count, step, &[])
    }

    /// The same, where the jobs in `failing` fail at the end of their time.
    pub fn failing(name: &'static str, count: u32, step: Duration, failing: &[u32]) -> Self {
        let mut order: Vec<u32> = (1..=count).collect();
        seeded_shuffle(&mut order, SEED, u64::from(count) * 100);
        Self {
            inner: Arc::new(Inner {
                name,
                times: order.into_iter().map(|k| step * k).collect(),
                failing: failing.to_vec(),
                recorder: Recorder::new(),
                handled: Mutex::default(),
            }),
        }
    }

    /// The jobs' ids, `0..count`.
    pub fn ids(&self) -> Vec<u32> {
        (0..self.inner.times.len() as u32).collect()
    }

    /// How long job `id` takes.
    pub fn time_of(&self, id: u32) -> Duration {
        self.inner.times[id as usize]
    }

    /// Whether job `id` fails.
    pub fn fails(&self, id: u32) -> bool {
        self.inner.failing.contains(&id)
    }

    /// Runs job `id`: its time in simulated time; its answer is `id * 10`.
    pub async fn run(&self, id: u32) -> Result<u64, JobFailed> {
        let tracked = self
            .inner
            .recorder
            .track(&format!("{} {id}", self.inner.name), "working");
        tokio::time::sleep(self.time_of(id)).await;
        if self.fails(id) {
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

    /// What was handled, in order: (id, value, when).
    pub fn handled(&self) -> Vec<(u32, u64, Duration)> {
        lock(&self.inner.handled).clone()
    }

    /// Every job that ended, as spans labelled "working", on rows named `<name> <id>`.
    pub fn spans(&self) -> Vec<Span> {
        self.inner.recorder.spans()
    }

    pub fn recorder(&self) -> &Recorder {
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
/// `result{n}-2 derived from {arg}`. Here the seconds are seeded.
#[derive(Clone, Debug, Default)]
pub struct Parts {
    recorder: Recorder,
    calls: Arc<Mutex<BTreeMap<(u32, u8), Duration>>>,
}

impl Parts {
    pub fn new() -> Self {
        Self::default()
    }

    /// How long `part1(n)` takes.
    pub fn part1_time(n: u32) -> Duration {
        Duration::from_secs(seeded_millis(SEED, 10_000 + u64::from(n), 0, 10).as_millis() as u64)
    }

    /// How long `part2(n, _)` takes.
    pub fn part2_time(n: u32) -> Duration {
        Duration::from_secs(seeded_millis(SEED, 20_000 + u64::from(n), 0, 10).as_millis() as u64)
    }

    pub async fn part1(&self, n: u32) -> String {
        let tracked = self.recorder.track(&format!("chain {n}"), "part1");
        lock(&self.calls).insert((n, 1), self.recorder.now());
        tokio::time::sleep(Self::part1_time(n)).await;
        tracked.finish(Outcome::Done);
        format!("result{n}-1")
    }

    pub async fn part2(&self, n: u32, arg: &str) -> String {
        let tracked = self.recorder.track(&format!("chain {n}"), "part2");
        lock(&self.calls).insert((n, 2), self.recorder.now());
        tokio::time::sleep(Self::part2_time(n)).await;
        tracked.finish(Outcome::Done);
        format!("result{n}-2 derived from {arg}")
    }

    /// When `part1(n)` (`part` 1) or `part2(n, _)` (`part` 2) was started, if it was.
    pub fn started(&self, n: u32, part: u8) -> Option<Duration> {
        lock(&self.calls).get(&(n, part)).copied()
    }

    pub fn recorder(&self) -> &Recorder {
        &self.recorder
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
        let jobs = Jobs::new("job", 12, Duration::from_millis(90));
        let mut times: Vec<Duration> = jobs.ids().iter().map(|&id| jobs.time_of(id)).collect();
        times.sort();
        times.dedup();
        assert_eq!(times.len(), 12);
    }
}
