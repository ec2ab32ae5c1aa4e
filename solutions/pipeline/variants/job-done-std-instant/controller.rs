//! Problems 1 and 2. The stages are joined by channels, and the channels say when the work is
//! over: the producer's sender goes when it has queued every task, the workers' result senders
//! go when the work queue is drained, and the handlers stop when the result queue is drained.
//! No `queue.join()` is needed.
//!
//! The controller watches every stage's task in one `JoinSet`, so it hears of a failure the
//! moment it happens (asyncio's `wait(return_when=FIRST_EXCEPTION)`), and returning drops the
//! set, which aborts every stage still running.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context as _;
use kata_harness::pipeline::{Batch, HANDLERS, QUEUE_SIZE, WORKERS};
use std::time::Instant;
use tokio::sync::{Mutex, mpsc};
use tokio::task::JoinSet;

/// Runs every task through the pipeline; `Ok` once all are delivered and the job has reported.
pub async fn controller(batch: Batch) -> anyhow::Result<()> {
    run_job(batch, Arc::default()).await
}

/// The job, counting its deliveries in `delivered` as it goes.
pub(crate) async fn run_job(batch: Batch, delivered: Arc<AtomicUsize>) -> anyhow::Result<()> {
    let start = Instant::now();
    let (work_tx, work_rx) = mpsc::channel::<u32>(QUEUE_SIZE);
    let (result_tx, result_rx) = mpsc::channel::<(u32, u64)>(QUEUE_SIZE);
    let work_rx = Arc::new(Mutex::new(work_rx));
    let result_rx = Arc::new(Mutex::new(result_rx));
    let mut stages: JoinSet<anyhow::Result<()>> = JoinSet::new();

    stages.spawn({
        let batch = batch.clone();
        async move {
            for task in batch.tasks() {
                work_tx.send(task).await.context("the work queue closed early")?;
            }
            Ok(())
        }
    });
    for worker in 0..WORKERS {
        let (batch, work_rx, result_tx) = (batch.clone(), work_rx.clone(), result_tx.clone());
        stages.spawn(async move {
            loop {
                let next = work_rx.lock().await.recv().await;
                let Some(task) = next else { return Ok(()) };
                let output = batch.work(worker, task).await?;
                result_tx
                    .send((task, output))
                    .await
                    .context("the result queue closed early")?;
            }
        });
    }
    drop(result_tx); // the workers hold the only senders now
    for handler in 0..HANDLERS {
        let (batch, result_rx, delivered) = (batch.clone(), result_rx.clone(), delivered.clone());
        stages.spawn(async move {
            loop {
                let next = result_rx.lock().await.recv().await;
                let Some((task, output)) = next else { return Ok(()) };
                batch.deliver(handler, task, output).await;
                delivered.fetch_add(1, Ordering::Relaxed);
            }
        });
    }

    while let Some(stage) = stages.join_next().await {
        // The first error ends the job; dropping `stages` aborts every other stage.
        stage.context("a stage of the pipeline panicked")??;
    }
    batch.job_done(start.elapsed());
    Ok(())
}
