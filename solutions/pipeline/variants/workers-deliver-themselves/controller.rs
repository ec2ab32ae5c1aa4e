//! No result stage: a worker delivers its result itself; the job is one stage shorter.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context as _;
use kata_harness::pipeline::{Batch, QUEUE_SIZE, WORKERS};
use tokio::sync::{Mutex, mpsc};
use tokio::task::JoinSet;
use tokio::time::Instant;

pub async fn controller(batch: Batch) -> anyhow::Result<()> {
    run_job(batch, Arc::default()).await
}

pub(crate) async fn run_job(batch: Batch, delivered: Arc<AtomicUsize>) -> anyhow::Result<()> {
    let start = Instant::now();
    let (work_tx, work_rx) = mpsc::channel::<u32>(QUEUE_SIZE);
    let work_rx = Arc::new(Mutex::new(work_rx));
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
        let (batch, work_rx, delivered) = (batch.clone(), work_rx.clone(), delivered.clone());
        stages.spawn(async move {
            loop {
                let next = work_rx.lock().await.recv().await;
                let Some(task) = next else { return Ok(()) };
                let output = batch.work(worker, task).await?;
                batch.deliver(worker, task, output).await;
                delivered.fetch_add(1, Ordering::Relaxed);
            }
        });
    }
    while let Some(stage) = stages.join_next().await {
        stage.context("a stage of the pipeline panicked")??;
    }
    batch.job_done(start.elapsed());
    Ok(())
}
