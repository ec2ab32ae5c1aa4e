//! Problem 4: every producer is a task of its own, all feeding one unbounded queue (asyncio's
//! `Queue()`); the consumers share the receiver and take the oldest item first. Each item's wait
//! is measured when a consumer takes it.

use std::sync::Arc;
use std::time::Duration;

use kata_harness::pipeline::{CONSUMERS, Item, Market, PRODUCERS};
use tokio::sync::{Mutex, mpsc};

/// Every item's id and its time in the queue.
pub async fn time_in_queue(market: Market) -> Vec<(u32, Duration)> {
    let (tx, rx) = mpsc::unbounded_channel::<Item>();
    let rx = Arc::new(Mutex::new(rx));
    let producers: Vec<_> = (0..PRODUCERS)
        .map(|p| {
            let (market, tx) = (market.clone(), tx.clone());
            tokio::spawn(async move {
                for n in 0..Market::count_of(p) {
                    let item = market.make(p, n).await;
                    tx.send(item).expect("the consumers outlive the producers");
                }
            })
        })
        .collect();
    drop(tx);
    let consumers: Vec<_> = (0..CONSUMERS)
        .map(|_| {
            let (market, rx) = (market.clone(), rx.clone());
            tokio::spawn(async move {
                let mut waited = Vec::new();
                loop {
                    let next = rx.lock().await.recv().await;
                    let Some(item) = next else { break };
                    waited.push((item.id, market.now() - item.made_at));
                    market.consume(0, item).await;
                }
                waited
            })
        })
        .collect();
    for producer in producers {
        producer.await.expect("a producer panicked");
    }
    let mut all = Vec::new();
    for consumer in consumers {
        all.extend(consumer.await.expect("a consumer panicked"));
    }
    all.sort();
    all
}
