use futures::future::join_all;
use kata_harness::as_completed::{Chain, Parts};
use tokio::time::Instant;

pub async fn chains(parts: &Parts, ns: &[u32]) -> Vec<Chain> {
    let start = Instant::now();
    let firsts = join_all(ns.iter().map(|&n| parts.part1(n))).await;
    let seconds = join_all(ns.iter().zip(&firsts).map(|(&n, p1)| parts.part2(n, p1))).await;
    ns.iter()
        .zip(seconds)
        .map(|(&n, result)| Chain {
            n,
            result,
            took: start.elapsed(),
        })
        .collect()
}
