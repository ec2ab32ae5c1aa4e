use futures::future::join_all;
use kata_harness::as_completed::{Chain, Parts};
use tokio::time::Instant;

pub async fn chains(parts: &Parts, ns: &[u32]) -> Vec<Chain> {
    join_all(ns.iter().map(|&n| async move {
        let start = Instant::now();
        let p1 = parts.part1(n).await;
        let result = parts.part2(n, &p1).await;
        Chain {
            n,
            result,
            took: start.elapsed(),
        }
    }))
    .await
}
