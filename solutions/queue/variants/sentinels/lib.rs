//! The producer ends the work with one `None` per consumer: each consumer stops at its own.

use std::sync::Arc;

use anyhow::Context as _;
use kata_harness::queue::{Floor, QUEUE_SIZE};
use tokio::io::AsyncWriteExt as _;
use tokio::sync::{Mutex, mpsc};
use tokio::task::JoinSet;

pub const CONSUMERS: usize = 10;

pub async fn run(floor: Floor, consumers: usize) -> anyhow::Result<Vec<u64>> {
    let (tx, rx) = mpsc::channel::<Option<u32>>(QUEUE_SIZE);
    let rx = Arc::new(Mutex::new(rx));
    let file = Arc::new(Mutex::new(tokio::fs::File::create(floor.results_file()).await?));
    let producer = {
        let floor = floor.clone();
        tokio::spawn(async move {
            for item in floor.items() {
                if tx.send(Some(item)).await.is_err() {
                    return;
                }
                floor.rest().await;
            }
            for _ in 0..consumers {
                let _ = tx.send(None).await;
            }
        })
    };
    let mut set = JoinSet::new();
    for n in 1..=consumers {
        let (floor, rx, file) = (floor.clone(), rx.clone(), file.clone());
        set.spawn(async move {
            let id = format!("c{n}");
            let mut total = 0u64;
            loop {
                let next = rx.lock().await.recv().await;
                let Some(Some(item)) = next else { break };
                floor.work(&id, item).await?;
                total += u64::from(item);
                file.lock().await.write_all(format!("{id} | {item}\n").as_bytes()).await?;
            }
            anyhow::Ok(total)
        });
    }
    let mut totals = Vec::new();
    while let Some(done) = set.join_next().await {
        match done.context("a consumer panicked")? {
            Ok(total) => totals.push(total),
            Err(err) => {
                producer.abort();
                return Err(err);
            }
        }
    }
    producer.await?;
    file.lock().await.flush().await?;
    Ok(totals)
}
