//! A program whose helper recurses without end.

use kata_harness::queue::Floor;

pub const CONSUMERS: usize = 10;

fn sum_from(n: u64) -> u64 {
    if n == u64::MAX { n } else { n + sum_from(n + 1) }
}

pub async fn run(_floor: Floor, _consumers: usize) -> anyhow::Result<Vec<u64>> {
    Ok(vec![sum_from(0)])
}
