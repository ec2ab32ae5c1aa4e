//! Problem 1 "solved" with a consumer that spins on try_recv without ever awaiting while the queue is empty.

use kata_harness::queue::{Floor, QUEUE_SIZE};
use tokio::sync::mpsc;

/// How many consumers `run` needs to get close to the shortest possible time.
// TODO(problem 2): estimate that time first, then choose.
pub const CONSUMERS: usize = 1;

/// Runs one producer and `consumers` consumers on `floor`, and returns each consumer's total.
pub async fn run(floor: Floor, _consumers: usize) -> anyhow::Result<Vec<u64>> {
    let (tx, rx) = mpsc::channel(QUEUE_SIZE);

    let producer = tokio::spawn(producer(floor.clone(), tx));
    // TODO(problem 2): start `consumers` consumers, each with its own id.
    let consumer = tokio::spawn(consumer("c1".to_string(), floor.clone(), rx));

    producer.await?;
    // TODO(problem 1): this waits forever. Why?
    let total = consumer.await?;
    Ok(vec![total])
}

async fn producer(floor: Floor, queue: mpsc::Sender<u32>) {
    for item in floor.items() {
        queue.send(item).await.expect("the queue was closed");
        floor.rest().await;
    }
}

async fn consumer(id: String, floor: Floor, mut queue: mpsc::Receiver<u32>) -> u64 {
    let mut total = 0;
    loop {
        let item = match queue.try_recv() {
            Ok(item) => item,
            Err(mpsc::error::TryRecvError::Empty) => continue,
            Err(mpsc::error::TryRecvError::Disconnected) => break,
        };
        total += u64::from(item);
        // TODO(problem 4): what if the work fails?
        let _ = floor.work(&id, item).await;
        // TODO(problem 3): note the item in floor.results_file().
    }
    total
}
