//! Problem 3 with `select!`: whichever ends first, the job or the deadline's sleep.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use kata_harness::pipeline::Batch;

use crate::controller::run_job;

pub async fn controller_with_deadline(batch: Batch, deadline: Duration) -> anyhow::Result<()> {
    let delivered = Arc::new(AtomicUsize::new(0));
    tokio::select! {
        outcome = run_job(batch, delivered.clone()) => outcome,
        () = tokio::time::sleep(deadline) => Err(anyhow::anyhow!(
            "Timed out after {deadline:?} with {} tasks delivered",
            delivered.load(Ordering::Relaxed)
        )),
    }
}
