use std::time::Instant;

use kata_harness::as_completed::{Chain, Parts};

pub async fn chains(parts: &Parts, ns: &[u32]) -> Vec<Chain> {
    let handles: Vec<_> = ns
        .iter()
        .map(|&n| {
            let parts = parts.clone();
            tokio::spawn(async move {
                let start = Instant::now();
                let p1 = parts.part1(n).await;
                let result = parts.part2(n, &p1).await;
                Chain {
                    n,
                    result,
                    took: start.elapsed(),
                }
            })
        })
        .collect();
    let mut reports = Vec::new();
    for handle in handles {
        reports.push(handle.await.unwrap());
    }
    reports
}
