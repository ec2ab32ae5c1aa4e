//! Consumers share an async-channel receiver (it clones, so no mutex is needed).

use std::sync::Arc;

use anyhow::Context as _;
use kata_harness::queue::{Floor, QUEUE_SIZE};
use tokio::io::AsyncWriteExt as _;
use tokio::sync::Mutex;
use tokio::task::JoinSet;

pub const CONSUMERS: usize = 10;

pub async fn run(floor: Floor, consumers: usize) -> anyhow::Result<Vec<u64>> {
    let (tx, rx) = async_channel::bounded::<u32>(QUEUE_SIZE);
    let file = Arc::new(Mutex::new(tokio::fs::File::create(floor.results_file()).await?));
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
        let (floor, rx, file) = (floor.clone(), rx.clone(), file.clone());
        set.spawn(async move {
            let id = format!("c{n}");
            let mut total = 0u64;
            while let Ok(item) = rx.recv().await {
                floor.work(&id, item).await?;
                total += u64::from(item);
                file.lock().await.write_all(format!("{id} | {item}\n").as_bytes()).await?;
            }
            anyhow::Ok(total)
        });
    }
    drop(rx);
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
