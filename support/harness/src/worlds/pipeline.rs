//! The worlds of the pipeline kata: a batch of tasks for the job controller, and a market of
//! producers and consumers for measuring time in the queue.
//!
//! The batch's tasks take seeded times; workers do them ([`Batch::work`]), result handlers
//! deliver their results to the per-task callback ([`Batch::deliver`]), and the job reports its
//! end once ([`Batch::job_done`]). All of it is recorded, and work that is dropped before it
//! finishes is noticed.

use std::fmt;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use crate::core::record::{Outcome, Recorder, Span};
use crate::core::seeded::seeded_millis;
use crate::core::sync::lock;

/// The seed of every seeded time in this kata.
pub const SEED: u64 = 12;
/// How many tasks a batch holds.
pub const TASKS: u32 = 200;
/// The work queue's and the result queue's capacity (asyncio's `Queue(maxsize=100)` in the original controller).
pub const QUEUE_SIZE: usize = 100;
/// How many workers the controller runs.
pub const WORKERS: usize = 25;
/// How many result handlers the controller runs.
pub const HANDLERS: usize = 10;
/// How long delivering one result to the per-task callback takes: long enough that the results
/// keep 10 handlers busy at times, so a handler stage that is short of handlers, or that delivers
/// one result at a time, costs time.
pub const DELIVERY: Duration = Duration::from_millis(150);

/// How long `task` takes: seeded, from 100 ms to 1 s.
fn task_time(task: u32) -> Duration {
    seeded_millis(SEED, u64::from(task), 100, 1000)
}

/// How long producer `p` takes to make its `n`-th item (from 0): seeded, 0.1 s to 1 s.
fn making_time(p: usize, n: u32) -> Duration {
    seeded_millis(SEED, 600 + p as u64 * 100 + u64::from(n), 100, 1000)
}

/// How long a consumer takes over item `id`: seeded, 0.1 s to 1.5 s.
fn consuming_time(id: u32) -> Duration {
    seeded_millis(SEED, 900 + u64::from(id), 100, 1500)
}

/// A task's failure: the worker doing it fails half-way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskFailed {
    pub task: u32,
    pub worker: usize,
}

impl fmt::Display for TaskFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "worker {} failed on task {}", self.worker, self.task)
    }
}

impl std::error::Error for TaskFailed {}

/// One piece of a batch's work, for the judge: what the record of a [`Batch`] is keyed by. (The
/// span's lane names the same worker or handler for the timeline: `worker 3`.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Worker `worker` doing `task` ([`Batch::work`]).
    Work { worker: usize, task: u32 },
    /// Result handler `handler` delivering `task`'s output ([`Batch::deliver`]).
    Delivery { handler: usize, task: u32 },
}

impl Step {
    /// The task this step was for.
    pub fn task(&self) -> u32 {
        match *self {
            Self::Work { task, .. } | Self::Delivery { task, .. } => task,
        }
    }

    /// Whether a worker did it (else a handler delivered).
    pub fn is_work(&self) -> bool {
        matches!(self, Self::Work { .. })
    }
}

/// A batch of [`TASKS`] tasks for the job controller. Cheap to clone; clones share one record,
/// which only the [`BatchLog`] that [`Batch::open`] hands to the spec can read.
#[derive(Clone)]
pub struct Batch {
    inner: Arc<BatchInner>,
    /// Counts the `Batch` handles alive, for [`BatchLog::batch_handles`].
    _handle: Arc<()>,
}

/// Shows what the program may know: not which tasks fail, nor the record.
impl fmt::Debug for Batch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Batch")
            .field("tasks", &self.tasks())
            .finish_non_exhaustive()
    }
}

/// What happened to a [`Batch`]: every piece of work, every delivery, every callback. For the spec.
#[derive(Clone, Debug)]
pub struct BatchLog {
    inner: Arc<BatchInner>,
    handles: Weak<()>,
}

#[derive(Debug)]
struct BatchInner {
    failing: Vec<u32>,
    recorder: Recorder<Step>,
    delivered: Mutex<Vec<(u32, u64, Duration)>>,
    done: Mutex<Vec<(Duration, Duration)>>,
}

impl Batch {
    /// A batch in which every task succeeds, and its log.
    pub fn open() -> (Self, BatchLog) {
        Self::failing(&[])
    }

    /// A batch in which the tasks in `failing` make their worker fail half-way through.
    pub fn failing(failing: &[u32]) -> (Self, BatchLog) {
        let inner = Arc::new(BatchInner {
            failing: failing.to_vec(),
            recorder: Recorder::new(),
            delivered: Mutex::default(),
            done: Mutex::default(),
        });
        let handle = Arc::new(());
        let handles = Arc::downgrade(&handle);
        (
            Self {
                inner: inner.clone(),
                _handle: handle,
            },
            BatchLog { inner, handles },
        )
    }

    /// The tasks, `0..TASKS`.
    pub fn tasks(&self) -> std::ops::Range<u32> {
        0..TASKS
    }

    /// Worker `worker` does `task`; its output is `task * 2`.
    pub async fn work(&self, worker: usize, task: u32) -> Result<u64, TaskFailed> {
        let tracked = self.inner.recorder.track(
            &format!("worker {worker}"),
            format!("task {task}"),
            Step::Work { worker, task },
        );
        if self.inner.failing.contains(&task) {
            tokio::time::sleep(task_time(task) / 2).await;
            tracked.finish(Outcome::Failed);
            return Err(TaskFailed { task, worker });
        }
        tokio::time::sleep(task_time(task)).await;
        tracked.finish(Outcome::Done);
        Ok(u64::from(task) * 2)
    }

    /// Result handler `handler` delivers `task`'s `output` to the per-task callback ([`DELIVERY`]).
    pub async fn deliver(&self, handler: usize, task: u32, output: u64) {
        let tracked = self.inner.recorder.track(
            &format!("handler {handler}"),
            format!("task {task}"),
            Step::Delivery { handler, task },
        );
        tokio::time::sleep(DELIVERY).await;
        tracked.finish(Outcome::Done);
        let now = self.inner.recorder.now();
        lock(&self.inner.delivered).push((task, output, now));
    }

    /// The job-completed callback: the job reports that it is done, and how long it took.
    pub fn job_done(&self, elapsed: Duration) {
        self.inner.recorder.touch();
        let now = self.inner.recorder.now();
        lock(&self.inner.done).push((now, elapsed));
    }
}

impl BatchLog {
    /// How long `task` takes: seeded, from 100 ms to 1 s. The judge's to know, not the program's
    /// (a program that knew could schedule by it): so it is the log's.
    pub fn time_of(&self, task: u32) -> Duration {
        task_time(task)
    }

    /// How many `Batch` handles are alive (clones held by the program's tasks, say). A task that
    /// still holds one after the job returned was never stopped, even if it does nothing.
    pub fn batch_handles(&self) -> usize {
        self.handles.strong_count()
    }

    /// Every delivery: (task, output, when), in order.
    pub fn delivered(&self) -> Vec<(u32, u64, Duration)> {
        lock(&self.inner.delivered).clone()
    }

    /// Every call of the job-completed callback: (when, the elapsed time it reported).
    pub fn job_done_calls(&self) -> Vec<(Duration, Duration)> {
        lock(&self.inner.done).clone()
    }

    /// Every piece of work and delivery that ended, keyed by [`Step`].
    pub fn spans(&self) -> Vec<Span<Step>> {
        self.inner.recorder.spans()
    }

    /// Every piece of work that ended (done, failed or dropped): the workers' spans.
    pub fn work(&self) -> Vec<Span<Step>> {
        self.spans().into_iter().filter(|s| s.key.is_work()).collect()
    }

    /// Every delivery that ended (done or dropped): the handlers' spans.
    pub fn deliveries(&self) -> Vec<Span<Step>> {
        self.spans().into_iter().filter(|s| !s.key.is_work()).collect()
    }

    pub fn recorder(&self) -> &Recorder<Step> {
        &self.inner.recorder
    }
}

// ---------------------------------------------------------------------------------------------
// The market: several producers, several consumers, one queue

/// The seeded plan of a market: producer `p` makes `counts[p]` items.
pub const PRODUCERS: usize = 3;
/// How many consumers the market has.
pub const CONSUMERS: usize = 4;

/// An item made by a producer: who made it, its number, and when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    pub id: u32,
    pub producer: usize,
    pub made_at: Duration,
}

/// One piece of a market's work, for the judge: what the record of a [`Market`] is keyed by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trade {
    /// Producer `producer` making item `item` ([`Market::make`]).
    Make { producer: usize, item: u32 },
    /// Consumer `consumer` working on item `item` ([`Market::consume`]).
    Consume { consumer: usize, item: u32 },
}

/// Producers that make items at seeded moments, and consumers that take a seeded time over
/// each. Cheap to clone; clones share one record, which only the [`MarketLog`] can read.
#[derive(Clone, Default)]
pub struct Market {
    recorder: Recorder<Trade>,
    made: Arc<Mutex<Vec<Item>>>,
    taken: Arc<Mutex<Vec<(u32, usize, Duration)>>>,
}

/// Shows what the program may know, and not the record (which only the spec reads).
impl fmt::Debug for Market {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Market").finish_non_exhaustive()
    }
}

/// What happened in a [`Market`]: when each item was made and taken. For the spec.
#[derive(Clone, Debug)]
pub struct MarketLog {
    market: Market,
}

impl Market {
    /// A market, and its log.
    pub fn open() -> (Self, MarketLog) {
        let market = Self::default();
        (market.clone(), MarketLog { market })
    }

    /// How many items producer `p` makes: seeded, 3 to 8.
    pub fn count_of(p: usize) -> u32 {
        seeded_millis(SEED, 500 + p as u64, 3, 8).as_millis() as u32
    }

    /// The id of producer `p`'s `n`-th item.
    pub fn item_id(p: usize, n: u32) -> u32 {
        p as u32 * 100 + n
    }

    /// Producer `p` makes its `n`-th item ([`MarketLog::making_time`]) and returns it.
    pub async fn make(&self, p: usize, n: u32) -> Item {
        let id = Self::item_id(p, n);
        let tracked = self.recorder.track(
            &format!("producer {p}"),
            format!("item {id}"),
            Trade::Make { producer: p, item: id },
        );
        tokio::time::sleep(making_time(p, n)).await;
        tracked.finish(Outcome::Done);
        let item = Item {
            id,
            producer: p,
            made_at: self.recorder.now(),
        };
        lock(&self.made).push(item);
        item
    }

    /// Consumer `c` takes `item` off the queue and works on it ([`MarketLog::consuming_time`]).
    pub async fn consume(&self, c: usize, item: Item) {
        let now = self.recorder.now();
        lock(&self.taken).push((item.id, c, now));
        let tracked = self.recorder.track(
            &format!("consumer {c}"),
            format!("item {}", item.id),
            Trade::Consume {
                consumer: c,
                item: item.id,
            },
        );
        tokio::time::sleep(consuming_time(item.id)).await;
        tracked.finish(Outcome::Done);
    }

    /// The market's clock: time since it opened, as in [`Item::made_at`].
    pub fn now(&self) -> Duration {
        self.recorder.now()
    }
}

impl MarketLog {
    /// How long producer `p` takes to make its `n`-th item (from 0): seeded, 0.1 s to 1 s.
    /// The judge's to know: the program learns when an item was made from the item.
    pub fn making_time(&self, p: usize, n: u32) -> Duration {
        making_time(p, n)
    }

    /// How long a consumer takes over item `id`: seeded, 0.1 s to 1.5 s.
    pub fn consuming_time(&self, id: u32) -> Duration {
        consuming_time(id)
    }

    /// Every item made, in order.
    pub fn made(&self) -> Vec<Item> {
        lock(&self.market.made).clone()
    }

    /// Every time a consumer took an item: (item id, consumer, when), in order. An item taken
    /// twice is here twice.
    pub fn taken(&self) -> Vec<(u32, usize, Duration)> {
        lock(&self.market.taken).clone()
    }

    /// Every item made and every item consumed that ended, keyed by [`Trade`].
    pub fn recorder(&self) -> &Recorder<Trade> {
        &self.market.recorder
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_items_are_made_at_the_same_moment() {
        let mut moments = Vec::new();
        for p in 0..PRODUCERS {
            let mut at = Duration::ZERO;
            for n in 0..Market::count_of(p) {
                at += making_time(p, n);
                moments.push(at);
            }
        }
        let count = moments.len();
        moments.sort();
        moments.dedup();
        assert_eq!(moments.len(), count);
    }

    #[test]
    fn the_learner_handles_show_no_record() {
        let (batch, _) = Batch::failing(&[37]);
        assert_eq!(format!("{batch:?}"), "Batch { tasks: 0..200, .. }");
        let (market, _) = Market::open();
        assert_eq!(format!("{market:?}"), "Market { .. }");
    }
}
