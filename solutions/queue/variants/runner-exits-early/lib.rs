//! A program that gives up by exiting the process.

use kata_harness::queue::Floor;

pub const CONSUMERS: usize = 10;

pub async fn run(_floor: Floor, _consumers: usize) -> anyhow::Result<Vec<u64>> {
    std::process::exit(0)
}
