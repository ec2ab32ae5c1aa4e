//! Problem 5: each chain is a future of its own — part1, then part2 — timed from its own start;
//! `join!`-ing the chains over a list means spawning them, then awaiting the handles in order.

use kata_harness::as_completed::{Chain, Parts};
use tokio::time::Instant;

/// The chains side by side, each reporting its own result and time.
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
    let mut reports = Vec::with_capacity(handles.len());
    for handle in handles {
        reports.push(handle.await.expect("a chain panicked"));
    }
    reports
}
