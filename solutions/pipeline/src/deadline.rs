//! Problem 3: `tokio::time::timeout` around the whole job (asyncio's `wait_for`). On timeout the
//! job's future is dropped — and with it the `JoinSet` inside, which aborts every stage — so
//! nothing is left running; the error says what was done by then, counted by the job itself.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use kata_harness::pipeline::{Batch, TASKS};

use crate::controller::run_job;

/// The job, given up at `deadline`.
pub async fn controller_with_deadline(batch: Batch, deadline: Duration) -> anyhow::Result<()> {
    let delivered = Arc::new(AtomicUsize::new(0));
    match tokio::time::timeout(deadline, run_job(batch, delivered.clone())).await {
        Ok(outcome) => outcome,
        Err(_) => anyhow::bail!(
            "the job missed its deadline of {deadline:?}: {} of {TASKS} tasks were delivered",
            delivered.load(Ordering::Relaxed)
        ),
    }
}
