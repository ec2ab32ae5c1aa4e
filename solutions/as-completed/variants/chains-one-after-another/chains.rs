use kata_harness::as_completed::{Chain, Parts};
use tokio::time::Instant;

pub async fn chains(parts: &Parts, ns: &[u32]) -> Vec<Chain> {
    let mut reports = Vec::new();
    for &n in ns {
        let start = Instant::now();
        let p1 = parts.part1(n).await;
        let result = parts.part2(n, &p1).await;
        reports.push(Chain {
            n,
            result,
            took: start.elapsed(),
        });
    }
    reports
}
