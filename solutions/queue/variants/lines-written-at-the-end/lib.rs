//! Consumers note their lines in memory; `run` writes the file once, when every consumer is done.

use std::sync::{Arc, Mutex};

use anyhow::Context as _;
use kata_harness::queue::{Floor, QUEUE_SIZE};
use tokio::sync::mpsc;
use tokio::task::JoinSet;

pub const CONSUMERS: usize = 10;

pub async fn run(floor: Floor, consumers: usize) -> anyhow::Result<Vec<u64>> {
    let (tx, rx) = mpsc::channel::<u32>(QUEUE_SIZE);
    let rx = Arc::new(tokio::sync::Mutex::new(rx));
    // A std mutex is fine here: it is never held across an `.await`.
    let lines = Arc::new(Mutex::new(Vec::<String>::new()));
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
        let (floor, rx, lines) = (floor.clone(), rx.clone(), lines.clone());
        set.spawn(async move {
            let id = format!("c{n}");
            let mut total = 0u64;
            loop {
                let next = rx.lock().await.recv().await;
                let Some(item) = next else { break };
                floor.work(&id, item).await?;
                total += u64::from(item);
                lines.lock().expect("a consumer panicked").push(format!("{id} | {item}\n"));
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
    let text: String = lines.lock().expect("a consumer panicked").concat();
    tokio::fs::write(floor.results_file(), text).await?;
    Ok(totals)
}
