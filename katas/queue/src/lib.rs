//! # Kata: queue — one producer, consumers, and a bounded queue
//!
//! A producer puts the items `0..100` into a queue that holds 50 and rests 10 ms after each put;
//! a consumer takes items off the queue and works 100 ms on each. This is the program of the
//! Queues chapter, ported from asyncio to tokio. It compiles, it runs — and it never finishes.
//!
//! Work through the problems in order; the spec tells you how you are doing:
//!
//! ```text
//! cargo test -p kata-queue            # every problem
//! cargo test -p kata-queue problem1   # one problem
//! ```
//!
//! 1. **Communication** — make `run` return, by telling the consumer *through the queue* that
//!    the work is over.
//! 2. **Scale** — run `consumers` consumers, each with its own id. Then estimate the shortest
//!    time this program could possibly take, and set [`CONSUMERS`] to the fewest consumers that
//!    get `run` close to it.
//! 3. **Results** — every consumer appends a line `consumer ID | queue item` for each item it
//!    handled to `floor.results_file()`: one file, shared by all consumers.
//! 4. **A consumer fails** — on some floors, the work on one item fails half-way. `run` must
//!    neither hang nor lose that item silently: as soon as it learns of the failure, it returns
//!    an error that says what failed, and leaves nothing working.
//!
//! The harness's [`Floor`] owns the fixed numbers: the queue size ([`QUEUE_SIZE`]), the items
//! (`floor.items()`), the producer's rest (`floor.rest()`) and the consumer's work
//! (`floor.work()`). Everything else in this file is yours to change, as long as `run` and
//! `CONSUMERS` keep their signatures.

use kata_harness::queue::{Floor, QUEUE_SIZE};
use tokio::sync::mpsc;

/// The fewest consumers `run` needs to get close to the shortest possible time.
// TODO(problem 2): estimate that time first, then choose.
pub const CONSUMERS: usize = 1;

/// Runs one producer and `consumers` consumers on `floor`, and returns each consumer's total.
pub async fn run(floor: Floor, _consumers: usize) -> anyhow::Result<Vec<u64>> {
    let (tx, rx) = mpsc::channel(QUEUE_SIZE);

    let producer = tokio::spawn(producer(floor.clone(), tx.clone()));
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
    while let Some(item) = queue.recv().await {
        total += u64::from(item);
        // TODO(problem 4): what if the work fails?
        let _ = floor.work(&id, item).await;
        // TODO(problem 3): note the item in floor.results_file().
    }
    total
}
