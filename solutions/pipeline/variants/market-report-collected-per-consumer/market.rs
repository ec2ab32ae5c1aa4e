//! Problem 4, the waits gathered in one shared Vec.

use std::sync::Arc;
use std::time::Duration;

use kata_harness::pipeline::{CONSUMERS, Item, Market, PRODUCERS};
use tokio::sync::{Mutex, mpsc};

pub async fn time_in_queue(market: Market) -> Vec<(u32, Duration)> {
    let (tx, rx) = mpsc::unbounded_channel::<Item>();
    let rx = Arc::new(Mutex::new(rx));
    let waits = Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut producers = Vec::new();
    for p in 0..PRODUCERS {
        let (market, tx) = (market.clone(), tx.clone());
        producers.push(tokio::spawn(async move {
            for n in 0..Market::count_of(p) {
                let item = market.make(p, n).await;
                tx.send(item).unwrap();
            }
        }));
    }
    drop(tx);
    let mut consumers = Vec::new();
    for c in 0..CONSUMERS {
        let (market, rx, waits) = (market.clone(), rx.clone(), waits.clone());
        consumers.push(tokio::spawn(async move {
            loop {
                let next = rx.lock().await.recv().await;
                let Some(item) = next else { break };
                waits.lock().unwrap().push((item.id, market.now() - item.made_at));
                market.consume(c, item).await;
            }
            waits.lock().unwrap().clone()
        }));
    }
    for producer in producers {
        producer.await.unwrap();
    }
    let mut all = Vec::new();
    for consumer in consumers {
        all.extend(consumer.await.unwrap());
    }
    all
}
