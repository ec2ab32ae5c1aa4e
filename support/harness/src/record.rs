//! Recording simulated work, so a failing check can show what ran when.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

/// One piece of simulated work: who did it (`lane`, one row of a timeline), on what (`label`),
/// and when, in simulated time since the run started.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub lane: String,
    pub label: String,
    pub start: Duration,
    pub end: Duration,
    pub outcome: Outcome,
}

/// How a piece of simulated work ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// It ran to the end.
    Done,
    /// It failed part-way.
    Failed,
    /// Its future was dropped before it finished: cancelled.
    Dropped,
}

impl Span {
    pub fn done(&self) -> bool {
        self.outcome == Outcome::Done
    }
}

/// Collects [`Span`]s from the simulated world. Cheap to clone; all clones share one record.
///
/// Times are measured from the start of the run: [`crate::simulate`] resets the origin when it
/// starts a run, so a recorder made before the run still measures from the run's first instant.
#[derive(Clone, Debug, Default)]
pub struct Recorder {
    inner: Arc<Mutex<Inner>>,
}

#[derive(Debug, Default)]
struct Inner {
    origin: Option<Instant>,
    spans: Vec<Span>,
    /// Simulated time of the last thing recorded, finished or not.
    last_activity: Duration,
}

impl Recorder {
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while recording leaves a consistent Vec behind; keep going.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Marks "now" as time zero. Called by the runner; call it yourself only outside `simulate`.
    pub fn start_clock(&self) {
        let mut inner = self.lock();
        inner.origin = Some(Instant::now());
        inner.last_activity = Duration::ZERO;
    }

    /// Simulated time since the run started. Outside the runtime (a future dropped while the
    /// runtime shuts down) the simulated clock can't be read: the last time seen stands in.
    pub fn now(&self) -> Duration {
        let mut inner = self.lock();
        if tokio::runtime::Handle::try_current().is_err() && inner.origin.is_some() {
            return inner.last_activity;
        }
        let origin = *inner.origin.get_or_insert_with(Instant::now);
        Instant::now().saturating_duration_since(origin)
    }

    /// Notes that something happened now (a span starting counts too).
    pub fn touch(&self) {
        let now = self.now();
        let mut inner = self.lock();
        inner.last_activity = inner.last_activity.max(now);
    }

    /// Records a span that started at `start` and ended now, the way it ended.
    pub fn record(&self, lane: &str, label: impl Into<String>, start: Duration, outcome: Outcome) {
        let end = self.now();
        let mut inner = self.lock();
        inner.last_activity = inner.last_activity.max(end);
        inner.spans.push(Span {
            lane: lane.to_owned(),
            label: label.into(),
            start,
            end,
            outcome,
        });
    }

    /// Starts a span now; it is recorded when [`Tracked::finish`] is called — or, if the future
    /// holding it is dropped first (cancelled), as [`Outcome::Dropped`] at that moment.
    pub fn track(&self, lane: &str, label: impl Into<String>) -> Tracked {
        self.touch();
        Tracked {
            recorder: self.clone(),
            lane: lane.to_owned(),
            label: label.into(),
            start: self.now(),
            finished: false,
        }
    }

    /// Every span recorded so far, in the order they finished.
    pub fn spans(&self) -> Vec<Span> {
        self.lock().spans.clone()
    }

    /// Simulated time of the last recorded activity.
    pub fn last_activity(&self) -> Duration {
        self.lock().last_activity
    }
}

/// A span in progress (see [`Recorder::track`]).
#[derive(Debug)]
pub struct Tracked {
    recorder: Recorder,
    lane: String,
    label: String,
    start: Duration,
    finished: bool,
}

impl Tracked {
    /// Records the span as ended now, the way it ended.
    pub fn finish(mut self, outcome: Outcome) {
        self.finished = true;
        self.recorder
            .record(&self.lane, std::mem::take(&mut self.label), self.start, outcome);
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        if !self.finished {
            self.recorder.record(
                &self.lane,
                std::mem::take(&mut self.label),
                self.start,
                Outcome::Dropped,
            );
        }
    }
}

/// The most spans in progress at the same instant (one ending as another starts counts once).
pub fn most_at_once<'a>(spans: impl IntoIterator<Item = &'a Span>) -> usize {
    let mut events: Vec<(Duration, i32)> = spans.into_iter().flat_map(|s| [(s.start, 1), (s.end, -1)]).collect();
    events.sort(); // at the same instant, ends (-1) come before starts (+1)
    let (mut now, mut most) = (0i32, 0i32);
    for (_, delta) in events {
        now += delta;
        most = most.max(now);
    }
    most as usize
}
