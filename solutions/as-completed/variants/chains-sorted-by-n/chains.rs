use kata_harness::as_completed::{Chain, Parts};
use tokio::task::JoinSet;
use tokio::time::Instant;

pub async fn chains(parts: &Parts, ns: &[u32]) -> Vec<Chain> {
    let mut set = JoinSet::new();
    for &n in ns {
        let parts = parts.clone();
        set.spawn(async move {
            let start = Instant::now();
            let p1 = parts.part1(n).await;
            let result = parts.part2(n, &p1).await;
            (
                n,
                Chain {
                    n,
                    result,
                    took: start.elapsed(),
                },
            )
        });
    }
    let mut reports = set.join_all().await;
    reports.sort_by_key(|(n, _)| *n);
    reports.into_iter().map(|(_, chain)| chain).collect()
}
