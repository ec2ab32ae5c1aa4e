//! Problems 1 and 2 over async-channel: an MPMC channel needs no lock around its receiver.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use kata_harness::pipeline::{Batch, HANDLERS, QUEUE_SIZE, WORKERS};
use tokio::task::JoinSet;
use tokio::time::Instant;

pub async fn controller(batch: Batch) -> anyhow::Result<()> {
    run_job(batch, Arc::default()).await
}

pub(crate) async fn run_job(batch: Batch, delivered: Arc<AtomicUsize>) -> anyhow::Result<()> {
    let start = Instant::now();
    let (work_tx, work_rx) = async_channel::bounded::<u32>(QUEUE_SIZE);
    let (result_tx, result_rx) = async_channel::bounded::<(u32, u64)>(QUEUE_SIZE);
    let mut set = JoinSet::new();
    let tasks = batch.tasks();
    set.spawn(async move {
        for task in tasks {
            work_tx.send(task).await?;
        }
        anyhow::Ok(())
    });
    for worker in 0..WORKERS {
        let (batch, work_rx, result_tx) = (batch.clone(), work_rx.clone(), result_tx.clone());
        set.spawn(async move {
            while let Ok(task) = work_rx.recv().await {
                let output = batch.work(worker, task).await?;
                result_tx.send((task, output)).await?;
            }
            Ok(())
        });
    }
    drop(result_tx);
    for handler in 0..HANDLERS {
        let (batch, result_rx, delivered) = (batch.clone(), result_rx.clone(), delivered.clone());
        set.spawn(async move {
            while let Ok((task, output)) = result_rx.recv().await {
                batch.deliver(handler, task, output).await;
                delivered.fetch_add(1, Ordering::SeqCst);
            }
            Ok(())
        });
    }
    while let Some(joined) = set.join_next().await {
        joined??;
    }
    batch.job_done(start.elapsed());
    Ok(())
}
