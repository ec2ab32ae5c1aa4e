//! Problem 3, with the job in a task of its own.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use kata_harness::pipeline::{Batch, TASKS};

use crate::controller::run_job;

pub async fn controller_with_deadline(batch: Batch, deadline: Duration) -> anyhow::Result<()> {
    let delivered = Arc::new(AtomicUsize::new(0));
    let mut job = tokio::spawn(run_job(batch, delivered.clone()));
    match tokio::time::timeout(deadline, &mut job).await {
        Ok(outcome) => outcome?,
        Err(_) => anyhow::bail!(
            "deadline passed: {} of {TASKS} tasks delivered",
            delivered.load(Ordering::Relaxed)
        ),
    }
}
