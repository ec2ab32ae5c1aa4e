//! One writer task owns the results file; consumers send it their lines.

use std::sync::Arc;

use anyhow::Context as _;
use kata_harness::queue::{Floor, QUEUE_SIZE};
use tokio::io::AsyncWriteExt as _;
use tokio::sync::{Mutex, mpsc};
use tokio::task::JoinSet;

pub const CONSUMERS: usize = 10;

pub async fn run(floor: Floor, consumers: usize) -> anyhow::Result<Vec<u64>> {
    let (tx, rx) = mpsc::channel::<u32>(QUEUE_SIZE);
    let rx = Arc::new(Mutex::new(rx));
    let (lines_tx, mut lines_rx) = mpsc::unbounded_channel::<String>();
    let mut file = tokio::fs::File::create(floor.results_file()).await?;
    let writer = tokio::spawn(async move {
        while let Some(line) = lines_rx.recv().await {
            file.write_all(line.as_bytes()).await?;
        }
        file.flush().await?;
        anyhow::Ok(())
    });
    let producer = {
        let floor = floor.clone();
        tokio::spawn(async move {
            for item in floor.items() {
                if tx.send(item).await.is_err() {
                    return;
                }
                floor.rest().await;
            }
        })
    };
    let mut set = JoinSet::new();
    for n in 1..=consumers {
        let (floor, rx, lines) = (floor.clone(), rx.clone(), lines_tx.clone());
        set.spawn(async move {
            let id = format!("c{n}");
            let mut total = 0u64;
            loop {
                let next = rx.lock().await.recv().await;
                let Some(item) = next else { break };
                floor.work(&id, item).await?;
                total += u64::from(item);
                let _ = lines.send(format!("{id} | {item}\n"));
            }
            anyhow::Ok(total)
        });
    }
    drop(lines_tx);
    let mut totals = Vec::new();
    while let Some(done) = set.join_next().await {
        match done.context("a consumer panicked")? {
            Ok(total) => totals.push(total),
            Err(err) => {
                producer.abort();
                writer.abort();
                return Err(err);
            }
        }
    }
    producer.await?;
    writer.await??;
    Ok(totals)
}
