use kata_harness::as_completed::{Chain, Parts};
use tokio::time::Instant;

pub async fn chains(parts: &Parts, ns: &[u32]) -> Vec<Chain> {
    let start = Instant::now();
    let handles: Vec<_> = ns
        .iter()
        .map(|&n| {
            let parts = parts.clone();
            tokio::spawn(async move {
                let p1 = parts.part1(n).await;
                parts.part2(n, &p1).await
            })
        })
        .collect();
    let mut reports = Vec::new();
    for (&n, handle) in ns.iter().zip(handles) {
        let result = handle.await.unwrap();
        reports.push(Chain {
            n,
            result,
            took: start.elapsed(),
        });
    }
    reports
}
