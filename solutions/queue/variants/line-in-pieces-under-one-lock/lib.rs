//! Each line is written piece by piece, but the file stays locked for the whole line.

use std::sync::Arc;

use anyhow::Context as _;
use kata_harness::queue::{Floor, QUEUE_SIZE};
use tokio::fs::File;
use tokio::io::AsyncWriteExt as _;
use tokio::sync::{Mutex, mpsc};
use tokio::task::JoinSet;

/// Items arrive every 10 ms and take 100 ms: ten consumers working side by side keep up.
pub const CONSUMERS: usize = 10;

type SharedQueue = Arc<Mutex<mpsc::Receiver<u32>>>;
type SharedFile = Arc<Mutex<File>>;

/// Runs one producer and `consumers` consumers on `floor`, and returns each consumer's total.
pub async fn run(floor: Floor, consumers: usize) -> anyhow::Result<Vec<u64>> {
    let (tx, rx) = mpsc::channel(QUEUE_SIZE);
    let queue: SharedQueue = Arc::new(Mutex::new(rx));
    let file = File::create(floor.results_file())
        .await
        .context("creating the results file")?;
    let file: SharedFile = Arc::new(Mutex::new(file));

    // `tx` moves into the producer: when the producer is done, the last sender is gone.
    let producer = tokio::spawn(producer(floor.clone(), tx));
    let mut workers = JoinSet::new();
    for n in 1..=consumers {
        workers.spawn(consumer(format!("c{n}"), floor.clone(), queue.clone(), file.clone()));
    }

    let mut totals = Vec::with_capacity(consumers);
    while let Some(joined) = workers.join_next().await {
        match joined.context("a consumer panicked")? {
            Ok(total) => totals.push(total),
            Err(err) => {
                // Dropping the set would abort the others too; say it out loud.
                workers.abort_all();
                producer.abort();
                return Err(err);
            }
        }
    }
    producer.await.context("the producer panicked")?;
    file.lock().await.flush().await.context("flushing the results file")?;
    Ok(totals)
}

async fn producer(floor: Floor, queue: mpsc::Sender<u32>) {
    for item in floor.items() {
        if queue.send(item).await.is_err() {
            return; // every consumer is gone; nobody is left to take the rest
        }
        floor.rest().await;
    }
}

async fn consumer(id: String, floor: Floor, queue: SharedQueue, file: SharedFile) -> anyhow::Result<u64> {
    let mut total = 0;
    loop {
        // The lock is held only while waiting for the next item, and released at the `;`.
        let next = queue.lock().await.recv().await;
        let Some(item) = next else { break };
        floor.work(&id, item).await?;
        total += u64::from(item);
        let mut file = file.lock().await;
        for piece in [id.as_str(), " | ", &item.to_string(), "\n"] {
            file.write_all(piece.as_bytes()).await?;
        }
    }
    Ok(total)
}
