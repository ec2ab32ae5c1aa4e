//! Problem 4 — time in the queue.

use kata_harness::pipeline::{CONSUMERS, Item, Market, PRODUCERS};
use tokio::sync::mpsc;

/// Runs the market: `PRODUCERS` producers, producer `p` making `Market::count_of(p)` items one
/// after another (`market.make(p, n)`) and putting each into one shared queue as soon as it is
/// made; `CONSUMERS` consumers taking items off the queue, oldest first, and consuming each
/// (`market.consume(c, item)`). Returns every item's id with the time it spent in the queue,
/// from being made to being taken (`market.now()` tells the time on the market's clock).
// TODO(problem 4): one producer after another, and a single consumer.
pub async fn time_in_queue(market: Market) -> Vec<(u32, std::time::Duration)> {
    let (tx, mut rx) = mpsc::unbounded_channel::<Item>();
    for p in 0..PRODUCERS {
        for n in 0..Market::count_of(p) {
            let item = market.make(p, n).await;
            tx.send(item).expect("the queue is open");
        }
    }
    drop(tx);
    let _ = CONSUMERS;
    let mut waited = Vec::new();
    while let Some(item) = rx.recv().await {
        waited.push((item.id, market.now() - item.made_at));
        market.consume(0, item).await;
    }
    waited
}
