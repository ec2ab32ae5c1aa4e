//! Problem 4, the consumer handing each item to a task of its own.

use std::time::Duration;

use kata_harness::pipeline::{Item, Market, PRODUCERS};
use tokio::sync::mpsc;
use tokio::task::JoinSet;

pub async fn time_in_queue(market: Market) -> Vec<(u32, Duration)> {
    let (tx, mut rx) = mpsc::unbounded_channel::<Item>();
    let mut producers = JoinSet::new();
    for p in 0..PRODUCERS {
        let (market, tx) = (market.clone(), tx.clone());
        producers.spawn(async move {
            for n in 0..Market::count_of(p) {
                tx.send(market.make(p, n).await).unwrap();
            }
        });
    }
    drop(tx);
    let mut consuming = JoinSet::new();
    let mut waited = Vec::new();
    let mut c = 0;
    while let Some(item) = rx.recv().await {
        waited.push((item.id, market.now() - item.made_at));
        let market = market.clone();
        consuming.spawn(async move { market.consume(c, item).await });
        c += 1;
    }
    consuming.join_all().await;
    waited
}
