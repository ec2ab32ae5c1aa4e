//! One channel per consumer; the producer deals the items out in turn.

use std::sync::Arc;

use anyhow::Context as _;
use kata_harness::queue::{Floor, QUEUE_SIZE};
use tokio::io::AsyncWriteExt as _;
use tokio::sync::{Mutex, mpsc};
use tokio::task::JoinSet;

pub const CONSUMERS: usize = 10;

pub async fn run(floor: Floor, consumers: usize) -> anyhow::Result<Vec<u64>> {
    let file = Arc::new(Mutex::new(tokio::fs::File::create(floor.results_file()).await?));
    let mut senders = Vec::new();
    let mut set = JoinSet::new();
    for n in 1..=consumers {
        let (tx, mut rx) = mpsc::channel::<u32>(QUEUE_SIZE.div_ceil(consumers));
        senders.push(tx);
        let (floor, file) = (floor.clone(), file.clone());
        set.spawn(async move {
            let id = format!("c{n}");
            let mut total = 0u64;
            while let Some(item) = rx.recv().await {
                floor.work(&id, item).await?;
                total += u64::from(item);
                file.lock().await.write_all(format!("{id} | {item}\n").as_bytes()).await?;
            }
            anyhow::Ok(total)
        });
    }
    let producer = {
        let floor = floor.clone();
        tokio::spawn(async move {
            for item in floor.items() {
                let to = &senders[item as usize % senders.len()];
                if to.send(item).await.is_err() {
                    return;
                }
                floor.rest().await;
            }
        })
    };
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
