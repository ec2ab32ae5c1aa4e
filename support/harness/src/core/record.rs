//! Recording simulated work, so a check can judge what ran when and a failure can show it.
//!
//! A world records each piece of work as a [`Span`]: the row of the timeline it is drawn on (its
//! `lane`: who did it), the words that name it in a message (its `label`), and a typed `key` the
//! spec judges by — the queue item a consumer worked on, the request a client sent, the task a
//! worker did. The key is what the work *is*; the lane and the label are only how it is shown.
//! Keeping the two apart means a spec never parses a label back into a number, and a world can
//! reword its labels without a spec noticing.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

use super::sync::lock;

/// One piece of simulated work: who did it (`lane`, one row of a timeline), what it is (`key`,
/// for the judge; `label`, for messages), and when, in simulated time since the run started.
///
/// `K` is the world's key type; work that needs none (a dish cooking, a move on a board) has
/// `()`, the default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span<K = ()> {
    pub lane: String,
    pub label: String,
    pub key: K,
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

impl<K> Span<K> {
    /// Whether the work ran to its end.
    pub fn done(&self) -> bool {
        self.outcome == Outcome::Done
    }

    /// The same span under another key: how a world hands the spec a view of one kind of its
    /// work (a floor's item work, keyed by item, without the producer's rests).
    pub fn keyed<J>(self, key: J) -> Span<J> {
        Span {
            lane: self.lane,
            label: self.label,
            key,
            start: self.start,
            end: self.end,
            outcome: self.outcome,
        }
    }
}

/// Collects [`Span`]s from the simulated world. Cheap to clone; all clones share one record.
///
/// Times are measured from the start of the run: [`crate::simulate`] resets the origin when it
/// starts a run, so a recorder made before the run still measures from the run's first instant.
#[derive(Debug)]
pub struct Recorder<K = ()> {
    inner: Arc<Mutex<Inner<K>>>,
}

// Not derived: a derive would ask `K: Clone` and `K: Default`, which sharing a record needs not.
impl<K> Clone for Recorder<K> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
        }
    }
}

impl<K> Default for Recorder<K> {
    fn default() -> Self {
        Self {
            inner: Arc::new(Mutex::new(Inner {
                origin: None,
                spans: Vec::new(),
                last_activity: Duration::ZERO,
            })),
        }
    }
}

#[derive(Debug)]
struct Inner<K> {
    origin: Option<Instant>,
    spans: Vec<Span<K>>,
    /// Simulated time of the last thing recorded, finished or not.
    last_activity: Duration,
}

impl<K> Recorder<K> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Marks "now" as time zero. Called by the runner; call it yourself only outside `simulate`.
    pub fn start_clock(&self) {
        let mut inner = lock(&self.inner);
        inner.origin = Some(Instant::now());
        inner.last_activity = Duration::ZERO;
    }

    /// Simulated time since the run started. Outside the runtime (a future dropped while the
    /// runtime shuts down) the simulated clock can't be read: the last time seen stands in.
    pub fn now(&self) -> Duration {
        let mut inner = lock(&self.inner);
        if tokio::runtime::Handle::try_current().is_err() && inner.origin.is_some() {
            return inner.last_activity;
        }
        let origin = *inner.origin.get_or_insert_with(Instant::now);
        Instant::now().saturating_duration_since(origin)
    }

    /// Notes that something happened now (a span starting counts too).
    pub fn touch(&self) {
        let now = self.now();
        let mut inner = lock(&self.inner);
        inner.last_activity = inner.last_activity.max(now);
    }

    /// Records a span that started at `start` and ended now, the way it ended.
    pub fn record(&self, lane: &str, label: impl Into<String>, key: K, start: Duration, outcome: Outcome) {
        let end = self.now();
        let mut inner = lock(&self.inner);
        inner.last_activity = inner.last_activity.max(end);
        inner.spans.push(Span {
            lane: lane.to_owned(),
            label: label.into(),
            key,
            start,
            end,
            outcome,
        });
    }

    /// Starts a span now; it is recorded when [`Tracked::finish`] is called — or, if the future
    /// holding it is dropped first (cancelled), as [`Outcome::Dropped`] at that moment.
    pub fn track(&self, lane: &str, label: impl Into<String>, key: K) -> Tracked<K> {
        self.touch();
        Tracked {
            recorder: self.clone(),
            lane: lane.to_owned(),
            label: label.into(),
            key: Some(key),
            start: self.now(),
        }
    }

    /// Simulated time of the last recorded activity.
    pub fn last_activity(&self) -> Duration {
        lock(&self.inner).last_activity
    }
}

impl<K: Clone> Recorder<K> {
    /// Every span recorded so far, in the order they finished.
    pub fn spans(&self) -> Vec<Span<K>> {
        lock(&self.inner).spans.clone()
    }
}

/// A span in progress (see [`Recorder::track`]).
#[derive(Debug)]
pub struct Tracked<K = ()> {
    recorder: Recorder<K>,
    lane: String,
    label: String,
    /// Taken when the span is recorded: `None` once it is.
    key: Option<K>,
    start: Duration,
}

impl<K> Tracked<K> {
    /// Records the span as ended now, the way it ended.
    pub fn finish(mut self, outcome: Outcome) {
        self.end(outcome);
    }

    fn end(&mut self, outcome: Outcome) {
        if let Some(key) = self.key.take() {
            self.recorder
                .record(&self.lane, std::mem::take(&mut self.label), key, self.start, outcome);
        }
    }
}

impl<K> Drop for Tracked<K> {
    fn drop(&mut self) {
        self.end(Outcome::Dropped);
    }
}

/// The most spans in progress at the same instant (one ending as another starts counts once).
pub fn most_at_once<'a, K: 'a>(spans: impl IntoIterator<Item = &'a Span<K>>) -> usize {
    let mut events: Vec<(Duration, i32)> = spans.into_iter().flat_map(|s| [(s.start, 1), (s.end, -1)]).collect();
    events.sort(); // at the same instant, ends (-1) come before starts (+1)
    let (mut now, mut most) = (0i32, 0i32);
    for (_, delta) in events {
        now += delta;
        most = most.max(now);
    }
    most as usize
}

/// What the runner needs of a world's recorder, whatever its key: to start its clock with the
/// run, and to draw its spans when the run fails. [`crate::Sim::recorder`] keeps one of these.
pub(crate) trait Drawn: fmt::Debug + Send + Sync {
    fn start_clock(&self);
    fn last_activity(&self) -> Duration;
    /// The timeline up to `end` (the last activity, if `None`); `None` when nothing was recorded.
    fn picture(&self, end: Option<Duration>) -> Option<String>;
}

impl<K: Clone + fmt::Debug + Send + 'static> Drawn for Recorder<K> {
    fn start_clock(&self) {
        Recorder::start_clock(self);
    }

    fn last_activity(&self) -> Duration {
        Recorder::last_activity(self)
    }

    fn picture(&self, end: Option<Duration>) -> Option<String> {
        let spans = self.spans();
        if spans.is_empty() {
            return None;
        }
        let end = end.unwrap_or_else(|| self.last_activity());
        Some(super::timeline::render(&spans, end))
    }
}
