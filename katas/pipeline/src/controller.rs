//! Problems 1 and 2 — the job controller.

use kata_harness::pipeline::{Batch, QUEUE_SIZE};
use tokio::sync::mpsc;

/// Runs every task of `batch` through the pipeline: the producer puts the tasks into the work
/// queue, workers (`batch.work(worker, task)`) put their outputs into the result queue, and
/// result handlers deliver each output (`batch.deliver(handler, task, output)`). When every
/// result is delivered, the job calls `batch.job_done(elapsed)` once and returns `Ok`.
///
/// If a worker fails, the job returns that error — promptly — and stops everything else.
// TODO(problem 1): one worker and one handler; 25 workers and 10 handlers are the job's size.
// TODO(problem 1): the job never reports that it is done.
// TODO(problem 2): a failing worker's error is thrown away.
pub async fn controller(batch: Batch) -> anyhow::Result<()> {
    let (work_tx, mut work_rx) = mpsc::channel::<u32>(QUEUE_SIZE);
    let (result_tx, mut result_rx) = mpsc::channel::<(u32, u64)>(QUEUE_SIZE);

    let producer = tokio::spawn({
        let batch = batch.clone();
        async move {
            for task in batch.tasks() {
                work_tx.send(task).await.expect("the workers are gone");
            }
        }
    });
    let worker = tokio::spawn({
        let batch = batch.clone();
        async move {
            while let Some(task) = work_rx.recv().await {
                if let Ok(output) = batch.work(0, task).await {
                    result_tx.send((task, output)).await.expect("the handlers are gone");
                }
            }
        }
    });
    let handler = tokio::spawn({
        let batch = batch.clone();
        async move {
            while let Some((task, output)) = result_rx.recv().await {
                batch.deliver(0, task, output).await;
            }
        }
    });

    producer.await?;
    worker.await?;
    handler.await?;
    Ok(())
}
