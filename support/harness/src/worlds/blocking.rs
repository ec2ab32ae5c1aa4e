//! The world of the blocking kata, in *real* time: a CPU-heavy computation (whole, or in steps),
//! blocking jobs that stand in for a blocking read, and a heartbeat the spec runs beside them.
//!
//! A paused clock can't see blocking: it only moves while the runtime is idle. So these checks
//! are built on what the harness sees for sure — *which thread* each piece of work ran on, how
//! many blocking jobs were running at once, how many steps of the computation ran while a beat
//! that had come due waited — and on real time only where the OS can be told apart from the
//! program: each beat notes how long the runtime's thread has so far waited for a CPU (Linux's
//! schedstat), so time the machine was too busy to run it is not blamed on the program.
//!
//! Like every world, it comes as a pair: the [`Lab`] the program works in, which can only do the
//! work, and the [`LabLog`] the spec reads — where and when each piece ran, and the heartbeat.

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

use crate::core::sync::lock;

/// How often the spec's heartbeat beats.
pub const HEARTBEAT: Duration = Duration::from_millis(10);
/// How many steps the computation is split into for checkpoints: short steps (a fraction of a
/// millisecond), so that a checkpoint every few of them, or `consume_budget` (which yields every
/// 128 calls), hands the thread back every few milliseconds.
pub const STEPS: u32 = 1200;
/// Work per step.
const ROUNDS_PER_STEP: u64 = 20_000;
/// How long a blocking job with an even id blocks its thread (a stand-in for a slow, blocking
/// read); see [`job_time`].
pub const JOB_TIME: Duration = Duration::from_millis(150);
/// How much sooner a job with an odd id is done: reads take different times, so jobs finish
/// out of id order, and results gathered in the order jobs finish come out of order.
const ODD_JOB_SOONER: Duration = Duration::from_millis(50);
/// How late a timer may fire and still be on time: tokio's timers have a resolution of 1 ms,
/// and a thread woken from a timed wait takes a moment to run.
pub const TIMER_SLACK: Duration = Duration::from_millis(2);

/// How long blocking job `id` blocks its thread: [`JOB_TIME`] for an even id, 50 ms less for
/// an odd one.
pub fn job_time(id: u32) -> Duration {
    if id.is_multiple_of(2) {
        JOB_TIME
    } else {
        JOB_TIME - ODD_JOB_SOONER
    }
}

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
pub const ANSWER: u64 = 5_838_724_948_751_636_502;

/// Where and when a piece of work ran.
#[derive(Clone, Debug)]
pub struct Ran {
    pub thread: ThreadId,
    pub thread_name: Option<String>,
    pub start: Instant,
    pub end: Instant,
}

/// What the kernel says about the calling thread so far (Linux; `None` elsewhere): time on a
/// CPU, and time it was ready to run but waited for one — the OS's doing, not the program's.
#[derive(Clone, Copy, Debug, Default)]
pub struct ThreadTimes {
    pub on_cpu: Duration,
    pub waiting_for_cpu: Duration,
}

impl ThreadTimes {
    /// The calling thread's times, from `/proc/thread-self/schedstat`.
    pub fn now() -> Option<Self> {
        let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
        let mut fields = text.split_whitespace().map(|f| f.parse::<u64>().ok());
        Some(Self {
            on_cpu: Duration::from_nanos(fields.next()??),
            waiting_for_cpu: Duration::from_nanos(fields.next()??),
        })
    }
}

/// A moment on the runtime's thread: when, and the thread's [`ThreadTimes`] then.
#[derive(Clone, Copy, Debug)]
pub struct Stamp {
    pub at: Instant,
    pub times: Option<ThreadTimes>,
}

impl Stamp {
    /// Now, on the calling thread.
    pub fn now() -> Self {
        Self {
            times: ThreadTimes::now(),
            at: Instant::now(),
        }
    }

    /// How long the thread waited for a CPU between `self` and `later` (zero if unknown).
    fn waited_for_cpu_until(&self, later: &Stamp) -> Duration {
        match (self.times, later.times) {
            (Some(a), Some(b)) => b.waiting_for_cpu.saturating_sub(a.waiting_for_cpu),
            _ => Duration::ZERO,
        }
    }
}

/// One beat of the heartbeat, and when its timer wants the next one.
#[derive(Clone, Copy, Debug)]
pub struct Beat {
    pub stamp: Stamp,
    pub next_due: Instant,
}

/// How long the heartbeat was kept waiting past its due times, within a stretch of the run:
/// see [`LabLog::held`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Held {
    /// In all, not counting time the thread waited for a CPU.
    pub total: Duration,
    /// The longest single wait.
    pub longest: Duration,
    /// How many beats waited longer than a heartbeat's period.
    pub late_beats: usize,
    /// Time the runtime's thread was ready but waited for a CPU, forgiven.
    pub forgiven: Duration,
    pub beats: usize,
}

/// A beat that came due while steps of the computation ran: see [`LabLog::longest_wait_in_steps`].
#[derive(Clone, Copy, Debug)]
pub struct Wait {
    /// When the beat came due.
    pub due: Instant,
    /// Steps that started after it came due and before it beat.
    pub steps: usize,
    /// From the first of those steps' start to the last one's end.
    pub took: Duration,
    /// Whether the beat came at all before the computation ended.
    pub came: bool,
}

/// The blocking kata's lab: the computation and the blocking jobs. Cheap to clone; clones share
/// one record, which only the [`LabLog`] that [`Lab::open`] hands to the spec can read.
#[derive(Clone)]
pub struct Lab {
    inner: Arc<Inner>,
}

/// Shows what the program may know, and not the record (which only the spec reads).
impl fmt::Debug for Lab {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lab").finish_non_exhaustive()
    }
}

/// The record of a [`Lab`]: where and when each piece of work ran, and the spec's heartbeat
/// beside it. For the spec.
#[derive(Clone, Debug)]
pub struct LabLog {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    beats: Mutex<Vec<Beat>>,
    heavy: Mutex<Vec<Ran>>,
    steps: Mutex<Vec<Ran>>,
    jobs: Mutex<Vec<(u32, Ran)>>,
    running: AtomicUsize,
    most: AtomicUsize,
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
    /// A lab, and its record.
    pub fn open() -> (Self, LabLog) {
        let inner = Arc::new(Inner {
            beats: Mutex::default(),
            heavy: Mutex::default(),
            steps: Mutex::default(),
            jobs: Mutex::default(),
            running: AtomicUsize::new(0),
            most: AtomicUsize::new(0),
        });
        (Self { inner: inner.clone() }, LabLog { inner })
    }

    /// The CPU-heavy computation, all at once (asyncio's classic `factorial(100000)`): a few hundred
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

    /// A blocking job: holds its thread for [`job_time`]`(id)` (a stand-in for a blocking
    /// read), and returns `id * 100`.
    pub fn blocking_job(&self, id: u32) -> u64 {
        let start = Instant::now();
        let now = self.inner.running.fetch_add(1, Ordering::SeqCst) + 1;
        self.inner.most.fetch_max(now, Ordering::SeqCst);
        std::thread::sleep(job_time(id));
        self.inner.running.fetch_sub(1, Ordering::SeqCst);
        lock(&self.inner.jobs).push((id, here(start)));
        u64::from(id) * 100
    }
}

impl LabLog {
    /// The spec's heartbeat notes a beat (on the runtime's thread), and when its timer is due
    /// to wake it for the next.
    pub fn beat(&self, next_due: Instant) {
        let stamp = Stamp::now();
        lock(&self.inner.beats).push(Beat { stamp, next_due });
    }

    fn beats(&self) -> Vec<Beat> {
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

    /// How long beats were kept waiting past their due times (plus [`TIMER_SLACK`]) within
    /// `from..to`, both stamped on the runtime's thread. A free thread sleeps until the timer
    /// is due and beats at once, so every wait past that is time the thread was held — by the
    /// program, or by an OS that didn't give it a CPU; the second is measured, and forgiven.
    pub fn held(&self, from: &Stamp, to: &Stamp) -> Held {
        let beats: Vec<Beat> = self.beats().into_iter().filter(|b| b.stamp.at < to.at).collect();
        let mut held = Held {
            beats: beats.iter().filter(|b| b.stamp.at > from.at).count(),
            ..Held::default()
        };
        for (i, beat) in beats.iter().enumerate() {
            let next = beats.get(i + 1).map_or(to, |b| &b.stamp);
            let due = (beat.next_due + TIMER_SLACK).max(from.at);
            let late = next.at.saturating_duration_since(due);
            if late.is_zero() {
                continue;
            }
            let forgiven = beat.stamp.waited_for_cpu_until(next).min(late);
            let wait = late - forgiven;
            held.forgiven += forgiven;
            held.total += wait;
            held.longest = held.longest.max(wait);
            if wait > HEARTBEAT {
                held.late_beats += 1;
            }
        }
        held
    }

    /// The beat that waited through the most steps: for each beat, the steps that started after
    /// it came due (plus [`TIMER_SLACK`]) and before it beat (or `to`). Steps, not time: how
    /// many steps run between checkpoints is the program's doing, however busy the machine.
    pub fn longest_wait_in_steps(&self, to: Instant) -> Option<Wait> {
        let beats = self.beats();
        let steps = self.steps();
        let mut longest: Option<Wait> = None;
        for (i, beat) in beats.iter().enumerate() {
            let due = beat.next_due + TIMER_SLACK;
            let (until, came) = beats.get(i + 1).map_or((to, false), |b| (b.stamp.at, true));
            let waited: Vec<&Ran> = steps.iter().filter(|s| s.start > due && s.start < until).collect();
            let (Some(first), Some(last)) = (waited.first(), waited.last()) else {
                continue;
            };
            if longest.is_none_or(|l| waited.len() > l.steps) {
                longest = Some(Wait {
                    due,
                    steps: waited.len(),
                    took: last.end.saturating_duration_since(first.start),
                    came,
                });
            }
        }
        longest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_is_the_computations() {
        assert_eq!(Lab::open().0.heavy(), ANSWER);
    }

    #[test]
    fn the_learner_handle_shows_no_record() {
        let (lab, _) = Lab::open();
        lab.step(0, 0);
        assert_eq!(format!("{lab:?}"), "Lab { .. }");
    }
}
