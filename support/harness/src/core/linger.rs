//! Did the program leave work running? A function that returns while tasks it spawned go on
//! working has not really stopped. [`simulate_and_linger`] keeps the simulated clock running for
//! a [`GRACE`] period after the program returns, so anything left behind records itself, and
//! [`check_nothing_left`] names it.

use std::future::Future;
use std::time::Duration;

use super::failure::{Failure, fmt_duration};
use super::record::{Outcome, Recorder, Span};
use super::runner::{Run, Sim, simulate};
use super::shown::shown_lines;
use super::timeline;

/// How long the clock keeps running after the program returns.
pub const GRACE: Duration = Duration::from_secs(1);

/// Like [`simulate`], then [`GRACE`] more of simulated time. Returns the program's value and
/// when it returned; `elapsed` includes the grace period.
#[track_caller]
pub fn simulate_and_linger<F, Fut>(sim: Sim, make: F) -> Run<(Fut::Output, Duration)>
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future + 'static,
    Fut::Output: Send + 'static,
{
    simulate(sim, move || async move {
        let start = tokio::time::Instant::now();
        let value = make().await;
        let returned = start.elapsed();
        tokio::time::sleep(GRACE).await;
        (value, returned)
    })
}

/// The spans that went on after `at` — started after it, or ended after it — described.
pub fn still_running<K>(spans: &[Span<K>], at: Duration) -> Vec<String> {
    spans
        .iter()
        .filter(|s| s.start > at || s.end > at)
        .map(|s| {
            let how = match s.outcome {
                Outcome::Done => "finished",
                Outcome::Failed => "failed",
                Outcome::Dropped => "was dropped",
            };
            format!("{} ({}) {how} at {}", s.lane, s.label, fmt_duration(s.end))
        })
        .collect()
}

/// Fails if anything `recorder` saw went on after `returned`, the moment `what` returned.
#[track_caller]
pub fn check_nothing_left<K: Clone>(what: &str, recorder: &Recorder<K>, returned: Duration) {
    let late = still_running(&recorder.spans(), returned);
    if !late.is_empty() {
        Failure::new(format!("work went on after {what} returned"))
            .measured(format!(
                "{what} returned at {}, and then:\n{}",
                fmt_duration(returned),
                shown_lines(&late, 8)
            ))
            .expected(format!("everything still running stopped (dropped) at {}", fmt_duration(returned)))
            .why("a spawned task runs until it finishes or is aborted; returning from the function that spawned it does not stop it")
            .hint("stop what is left before returning: whatever holds those tasks can cancel them")
            .timeline(timeline::render(&recorder.spans(), returned + GRACE))
            .fail();
    }
}
