//! A program that asks for far more memory than there is.

use kata_harness::queue::Floor;

pub const CONSUMERS: usize = 10;

pub async fn run(floor: Floor, _consumers: usize) -> anyhow::Result<Vec<u64>> {
    let slots = floor.items().count() << 40;
    let buffer = vec![0u8; slots];
    Ok(vec![buffer.len() as u64])
}
