//! Problem 4 over async-channel: every consumer holds a receiver of its own.

use std::time::Duration;

use kata_harness::pipeline::{CONSUMERS, Market, PRODUCERS};
use tokio::task::JoinSet;

pub async fn time_in_queue(market: Market) -> Vec<(u32, Duration)> {
    let (tx, rx) = async_channel::unbounded();
    let mut producers = JoinSet::new();
    for p in 0..PRODUCERS {
        let (market, tx) = (market.clone(), tx.clone());
        producers.spawn(async move {
            for n in 0..Market::count_of(p) {
                let item = market.make(p, n).await;
                tx.send(item).await.expect("the receivers outlive the producers");
            }
        });
    }
    drop(tx);
    let mut consumers = JoinSet::new();
    for c in 0..CONSUMERS {
        let (market, rx) = (market.clone(), rx.clone());
        consumers.spawn(async move {
            let mut waited = Vec::new();
            while let Ok(item) = rx.recv().await {
                waited.push((item.id, market.now() - item.made_at));
                market.consume(c, item).await;
            }
            waited
        });
    }
    producers.join_all().await;
    consumers.join_all().await.concat()
}
