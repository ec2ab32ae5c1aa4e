//! Problems 1 and 2 without spawning: the stages are futures polled by the controller itself.
//! The first error ends `try_join!`, which drops every other stage.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures::future::try_join_all;
use kata_harness::pipeline::{Batch, HANDLERS, QUEUE_SIZE, TaskFailed, WORKERS};
use tokio::sync::{Mutex, mpsc};
use tokio::time::Instant;

pub async fn controller(batch: Batch) -> anyhow::Result<()> {
    run_job(batch, Arc::default()).await
}

pub(crate) async fn run_job(batch: Batch, delivered: Arc<AtomicUsize>) -> anyhow::Result<()> {
    let start = Instant::now();
    let (work_tx, work_rx) = mpsc::channel::<u32>(QUEUE_SIZE);
    let (result_tx, result_rx) = mpsc::channel::<(u32, u64)>(QUEUE_SIZE);
    let (work_rx, result_rx) = (Mutex::new(work_rx), Mutex::new(result_rx));

    let producer = async {
        for task in batch.tasks() {
            if work_tx.send(task).await.is_err() {
                break;
            }
        }
        drop(work_tx);
        Ok::<(), TaskFailed>(())
    };
    let workers = try_join_all((0..WORKERS).map(|worker| {
        let (batch, work_rx, result_tx) = (&batch, &work_rx, result_tx.clone());
        async move {
            loop {
                let next = work_rx.lock().await.recv().await;
                let Some(task) = next else {
                    return Ok::<(), TaskFailed>(());
                };
                let output = batch.work(worker, task).await?;
                let _ = result_tx.send((task, output)).await;
            }
        }
    }));
    drop(result_tx);
    let handlers = try_join_all((0..HANDLERS).map(|handler| {
        let (batch, result_rx, delivered) = (&batch, &result_rx, &delivered);
        async move {
            loop {
                let next = result_rx.lock().await.recv().await;
                let Some((task, output)) = next else {
                    return Ok::<(), TaskFailed>(());
                };
                batch.deliver(handler, task, output).await;
                delivered.fetch_add(1, Ordering::Relaxed);
            }
        }
    }));
    tokio::try_join!(producer, workers, handlers)?;
    batch.job_done(start.elapsed());
    Ok(())
}
