//! Problems 1 and 2 with a monitor: each stage has its own JoinSet, and one select! loop
//! watches them all until every set is empty.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::anyhow;
use kata_harness::pipeline::{Batch, HANDLERS, QUEUE_SIZE, WORKERS};
use tokio::sync::{Mutex, mpsc};
use tokio::task::JoinSet;
use tokio::time::Instant;

pub async fn controller(batch: Batch) -> anyhow::Result<()> {
    run_job(batch, Arc::default()).await
}

pub(crate) async fn run_job(batch: Batch, delivered: Arc<AtomicUsize>) -> anyhow::Result<()> {
    let start = Instant::now();
    let (work_tx, work_rx) = mpsc::channel::<u32>(QUEUE_SIZE);
    let (result_tx, result_rx) = mpsc::channel::<(u32, u64)>(QUEUE_SIZE);
    let work_rx = Arc::new(Mutex::new(work_rx));
    let result_rx = Arc::new(Mutex::new(result_rx));

    let mut producer = JoinSet::new();
    let tasks = batch.tasks();
    producer.spawn(async move {
        for task in tasks {
            work_tx
                .send(task)
                .await
                .expect("the workers stop only when the job does");
        }
    });
    let mut workers: JoinSet<anyhow::Result<()>> = JoinSet::new();
    for worker in 0..WORKERS {
        let (batch, work_rx, result_tx) = (batch.clone(), work_rx.clone(), result_tx.clone());
        workers.spawn(async move {
            loop {
                let next = work_rx.lock().await.recv().await;
                let Some(task) = next else { return Ok(()) };
                let output = batch
                    .work(worker, task)
                    .await
                    .map_err(|e| anyhow!("Task {} failed (worker {})", e.task, e.worker))?;
                result_tx.send((task, output)).await?;
            }
        });
    }
    drop(result_tx);
    let mut handlers = JoinSet::new();
    for handler in 0..HANDLERS {
        let (batch, result_rx, delivered) = (batch.clone(), result_rx.clone(), delivered.clone());
        handlers.spawn(async move {
            loop {
                let next = result_rx.lock().await.recv().await;
                let Some((task, output)) = next else { return };
                batch.deliver(handler, task, output).await;
                delivered.fetch_add(1, Ordering::Relaxed);
            }
        });
    }

    loop {
        tokio::select! {
            Some(done) = producer.join_next() => done?,
            Some(done) = workers.join_next() => done??,
            Some(done) = handlers.join_next() => done?,
            else => break,
        }
    }
    batch.job_done(start.elapsed());
    Ok(())
}
