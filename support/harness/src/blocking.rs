//! The world of the blocking kata, in *real* time: a CPU-heavy computation (whole, or in steps),
//! blocking jobs that stand in for a blocking read, and a heartbeat the spec runs beside them.
//!
//! A paused clock can't see blocking: it only moves while the runtime is idle. So these checks
//! are built on what the harness sees for sure — *which thread* each piece of work ran on, and how
//! many blocking jobs were running at once — and on real time only with wide margins: a heartbeat
//! that did not beat at all for most of a computation was starved, on any machine.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// How often the spec's heartbeat beats.
pub const HEARTBEAT: Duration = Duration::from_millis(10);
/// How many steps the computation is split into for checkpoints.
pub const STEPS: u32 = 400;
/// Work per step.
const ROUNDS_PER_STEP: u64 = 60_000;
/// How long one blocking job blocks its thread (a stand-in for a slow, blocking read).
pub const JOB_TIME: Duration = Duration::from_millis(150);

/// One step of the computation: `ROUNDS_PER_STEP` rounds of a 64-bit mix, chained through `acc`.
fn mix(i: u32, mut acc: u64) -> u64 {
    for r in 0..ROUNDS_PER_STEP {
        acc ^= u64::from(i).wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(r);
        acc = acc.rotate_left(17).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        acc ^= acc >> 31;
    }
    acc
}

/// The answer of the whole computation (every step, in order, from 0); a test below checks it.
pub const ANSWER: u64 = 17_061_969_308_620_353_264;

/// Where and when a piece of work ran.
#[derive(Clone, Debug)]
pub struct Ran {
    pub thread: ThreadId,
    pub thread_name: Option<String>,
    pub start: Instant,
    pub end: Instant,
}

/// The blocking kata's lab. Cheap to clone; clones share one record.
#[derive(Clone, Debug)]
pub struct Lab {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    beats: Mutex<Vec<Instant>>,
    heavy: Mutex<Vec<Ran>>,
    steps: Mutex<Vec<Ran>>,
    jobs: Mutex<Vec<(u32, Ran)>>,
    running: AtomicUsize,
    most: AtomicUsize,
}

impl Default for Lab {
    fn default() -> Self {
        Self::new()
    }
}

fn here(start: Instant) -> Ran {
    let thread = std::thread::current();
    Ran {
        thread: thread.id(),
        thread_name: thread.name().map(str::to_owned),
        start,
        end: Instant::now(),
    }
}

impl Lab {
    pub fn new() -> Self {
        Self {
            inner: Arc::new(Inner {
                beats: Mutex::default(),
                heavy: Mutex::default(),
                steps: Mutex::default(),
                jobs: Mutex::default(),
                running: AtomicUsize::new(0),
                most: AtomicUsize::new(0),
            }),
        }
    }

    /// The CPU-heavy computation, all at once (seed 002's `factorial(100000)`): a few hundred
    /// milliseconds of pure computation that never awaits. Returns [`ANSWER`].
    pub fn heavy(&self) -> u64 {
        let start = Instant::now();
        let result = (0..STEPS).fold(0, |acc, i| mix(i, acc));
        lock(&self.inner.heavy).push(here(start));
        result
    }

    /// Step `i` of the same computation: `acc` is the previous step's result (0 before step 0).
    pub fn step(&self, i: u32, acc: u64) -> u64 {
        let start = Instant::now();
        let result = mix(i, acc);
        lock(&self.inner.steps).push(here(start));
        result
    }

    /// A blocking job: holds its thread for [`JOB_TIME`] (a stand-in for a blocking read), and
    /// returns `id * 100`.
    pub fn blocking_job(&self, id: u32) -> u64 {
        let start = Instant::now();
        let now = self.inner.running.fetch_add(1, Ordering::SeqCst) + 1;
        self.inner.most.fetch_max(now, Ordering::SeqCst);
        std::thread::sleep(JOB_TIME);
        self.inner.running.fetch_sub(1, Ordering::SeqCst);
        lock(&self.inner.jobs).push((id, here(start)));
        u64::from(id) * 100
    }

    /// The spec's heartbeat notes a beat.
    pub fn beat(&self) {
        lock(&self.inner.beats).push(Instant::now());
    }

    pub fn beats(&self) -> Vec<Instant> {
        lock(&self.inner.beats).clone()
    }

    /// Every run of [`Lab::heavy`].
    pub fn heavy_runs(&self) -> Vec<Ran> {
        lock(&self.inner.heavy).clone()
    }

    /// Every step run, in the order they ended.
    pub fn steps(&self) -> Vec<Ran> {
        lock(&self.inner.steps).clone()
    }

    /// Every blocking job that ended, with its id.
    pub fn jobs(&self) -> Vec<(u32, Ran)> {
        lock(&self.inner.jobs).clone()
    }

    /// The most blocking jobs that ran at the same time.
    pub fn most_jobs_at_once(&self) -> usize {
        self.inner.most.load(Ordering::SeqCst)
    }

    /// The longest stretch between heartbeats (or the edges) within `from..to`.
    pub fn longest_silence(&self, from: Instant, to: Instant) -> Duration {
        let mut marks: Vec<Instant> = self.beats().into_iter().filter(|b| *b > from && *b < to).collect();
        marks.insert(0, from);
        marks.push(to);
        marks.windows(2).map(|w| w[1] - w[0]).max().unwrap_or_default()
    }

    /// Heartbeats within `from..to`.
    pub fn beats_between(&self, from: Instant, to: Instant) -> usize {
        self.beats().into_iter().filter(|b| *b > from && *b < to).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_is_the_computations() {
        assert_eq!(Lab::new().heavy(), ANSWER);
    }
}
