//! Problem 5 — chains.

use kata_harness::as_completed::{Chain, Parts};

/// For each `n` of `ns`, a chain: `parts.part1(n)`, then `parts.part2(n, &result_of_part1)`.
/// Returns one report per chain, in the order of `ns`: its final result and how long that chain
/// took.
// TODO(problem 5): the chains run one after another.
pub async fn chains(parts: &Parts, ns: &[u32]) -> Vec<Chain> {
    let mut reports = Vec::new();
    for &n in ns {
        let start = tokio::time::Instant::now();
        let p1 = parts.part1(n).await;
        let p2 = parts.part2(n, &p1).await;
        reports.push(Chain {
            n,
            result: p2,
            took: start.elapsed(),
        });
    }
    reports
}
