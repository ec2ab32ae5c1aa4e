//! The world of the queue kata: the fixed numbers of asyncio's producer/consumer kata, simulated
//! and recorded.
//!
//! One producer puts [`ITEMS`] items into a queue of [`QUEUE_SIZE`], resting [`PRODUCER_PAUSE`]
//! after each put; consumers take items off and spend [`WORK_TIME`] on each. The waiting is done
//! here, by [`Floor::rest`] and [`Floor::work`], so that a spec can see who worked on what and
//! when — and so that nobody can make the kata faster by shortening a sleep.

use std::error::Error;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::Duration;

use crate::core::failure::fmt_duration;
use crate::core::record::{Outcome, Recorder, Span};
use crate::core::tempdir::TempDir;

/// How many items the queue holds before `send` has to wait (the asyncio kata's `Queue(maxsize=50)`).
pub const QUEUE_SIZE: usize = 50;
/// How many items the producer makes: `0..ITEMS`.
pub const ITEMS: u32 = 100;
/// How long the producer rests after each put.
pub const PRODUCER_PAUSE: Duration = Duration::from_millis(10);
/// How long a consumer works on one item.
pub const WORK_TIME: Duration = Duration::from_millis(100);
/// How long one item's work takes on a [`Floor::quick`] floor: less than the producer's rest.
pub const QUICK_WORK_TIME: Duration = Duration::from_millis(1);

/// The timeline row the producer's rests are drawn on.
pub const PRODUCER_LANE: &str = "producer";

/// What a span on the floor is, for the judge: the producer's `n`-th rest (from 0), or a
/// consumer's work on an item (the consumer is the span's lane: its id, as the program gave it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Activity {
    Rest(u32),
    Work(u32),
}

/// Where the queue program runs: the producer's pauses, the consumers' work, and the file the
/// consumers write their results to. Cheap to clone; every clone is the same floor.
///
/// What happened on the floor is read from its [`Ledger`], which [`Floor::open`] hands to the
/// spec only: the program under test can do the work, but not read the record of it.
#[derive(Clone)]
pub struct Floor {
    inner: Arc<Inner>,
}

/// Shows what the program may know, and not the ledger (which item fails, what was recorded).
impl fmt::Debug for Floor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Floor")
            .field("items", &self.items())
            .field("results_file", &self.inner.results)
            .finish_non_exhaustive()
    }
}

/// The record of a [`Floor`]: who worked on what, when, and how it ended. For the spec.
#[derive(Clone, Debug)]
pub struct Ledger {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    recorder: Recorder<Activity>,
    failing_item: Option<u32>,
    has_failed: AtomicBool,
    rests: AtomicU32,
    /// How long one item's work takes on this floor.
    work_time: Duration,
    /// Whether work ends on the next whole multiple of `work_time` instead (see [`Floor::in_step`]).
    in_step: bool,
    results: PathBuf,
    _dir: TempDir,
}

impl Floor {
    /// A floor where all work succeeds, and its ledger.
    pub fn open() -> (Self, Ledger) {
        Self::build(None, WORK_TIME, false)
    }

    /// A floor where the first attempt at `item` fails half-way through its work, and its ledger.
    pub fn failing_at(item: u32) -> (Self, Ledger) {
        Self::build(Some(item), WORK_TIME, false)
    }

    /// A floor where every piece of work ends on the next whole multiple of [`WORK_TIME`] since
    /// the run began (work started at 0, 10 or 20 ms all ends at 100 ms), so that consumers
    /// finish — and write their results — at the very same instants. Two writers that can mix
    /// their lines get every chance to here.
    pub fn in_step() -> (Self, Ledger) {
        Self::build(None, WORK_TIME, true)
    }

    /// A floor whose work takes [`QUICK_WORK_TIME`], less than the producer's rest: the queue runs
    /// empty and a consumer spends most of the run waiting for the next item — which shows how it
    /// waits.
    pub fn quick() -> (Self, Ledger) {
        Self::build(None, QUICK_WORK_TIME, false)
    }

    fn build(failing_item: Option<u32>, work_time: Duration, in_step: bool) -> (Self, Ledger) {
        let dir = TempDir::new("queue");
        let inner = Arc::new(Inner {
            recorder: Recorder::new(),
            failing_item,
            has_failed: AtomicBool::new(false),
            rests: AtomicU32::new(0),
            work_time,
            in_step,
            results: dir.path().join("results.txt"),
            _dir: dir,
        });
        (Self { inner: inner.clone() }, Ledger { inner })
    }

    /// The items the producer puts into the queue, in order.
    pub fn items(&self) -> Range<u32> {
        0..ITEMS
    }

    /// The producer's rest after each put: [`PRODUCER_PAUSE`] of simulated time.
    pub async fn rest(&self) {
        let start = self.inner.recorder.now();
        let n = self.inner.rests.fetch_add(1, Ordering::Relaxed);
        tokio::time::sleep(PRODUCER_PAUSE).await;
        self.inner.recorder.record(
            PRODUCER_LANE,
            format!("rest {n}"),
            Activity::Rest(n),
            start,
            Outcome::Done,
        );
    }

    /// `consumer` works on `item` for [`WORK_TIME`] of simulated time ([`QUICK_WORK_TIME`] on a
    /// [`Floor::quick`] floor; on a [`Floor::in_step`] floor, until the next whole multiple of it).
    ///
    /// On a floor made with [`Floor::failing_at`], the first attempt at that item stops half-way
    /// and returns the error.
    pub async fn work(&self, consumer: &str, item: u32) -> Result<(), WorkFailed> {
        let recorder = &self.inner.recorder;
        let start = recorder.now();
        recorder.touch();
        if self.inner.failing_item == Some(item) && !self.inner.has_failed.swap(true, Ordering::Relaxed) {
            let after = self.inner.work_time / 2;
            tokio::time::sleep(after).await;
            recorder.record(consumer, item.to_string(), Activity::Work(item), start, Outcome::Failed);
            return Err(WorkFailed {
                consumer: consumer.to_owned(),
                item,
                after,
            });
        }
        let work_time = if self.inner.in_step {
            let step = self.inner.work_time.as_nanos();
            let end = (start.as_nanos() / step + 1) * step;
            Duration::from_nanos(u64::try_from(end - start.as_nanos()).unwrap_or(u64::MAX))
        } else {
            self.inner.work_time
        };
        tokio::time::sleep(work_time).await;
        recorder.record(consumer, item.to_string(), Activity::Work(item), start, Outcome::Done);
        Ok(())
    }

    /// The file every consumer appends its `consumer ID | queue item` lines to.
    pub fn results_file(&self) -> &Path {
        &self.inner.results
    }
}

impl Ledger {
    /// The floor's results file.
    pub fn results_file(&self) -> &Path {
        &self.inner.results
    }

    /// Everything recorded on the floor: the producer's rests and the consumers' work.
    pub fn recorder(&self) -> &Recorder<Activity> {
        &self.inner.recorder
    }

    /// How many times the producer has rested.
    pub fn rests(&self) -> u32 {
        self.inner.rests.load(Ordering::Relaxed)
    }

    /// Every finished piece of consumer work, in the order it finished: keyed by item, on the
    /// consumer's lane.
    pub fn work_done(&self) -> Vec<Span<u32>> {
        self.work(Outcome::Done)
    }

    /// Every piece of consumer work that failed, keyed by item.
    pub fn work_failed(&self) -> Vec<Span<u32>> {
        self.work(Outcome::Failed)
    }

    fn work(&self, outcome: Outcome) -> Vec<Span<u32>> {
        let spans = self.inner.recorder.spans();
        spans
            .into_iter()
            .filter(|s| s.outcome == outcome)
            .filter_map(|s| match s.key {
                Activity::Work(item) => Some(s.keyed(item)),
                Activity::Rest(_) => None,
            })
            .collect()
    }
}

/// A consumer failed in the middle of an item (see [`Floor::failing_at`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkFailed {
    pub consumer: String,
    pub item: u32,
    pub after: Duration,
}

impl fmt::Display for WorkFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "consumer {} failed in the middle of item {} (after {} of its {})",
            self.consumer,
            self.item,
            fmt_duration(self.after),
            fmt_duration(WORK_TIME)
        )
    }
}

impl Error for WorkFailed {}
