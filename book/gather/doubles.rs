//! Shuffled numbers, doubled concurrently, each result mapped back to its number.
use std::collections::BTreeMap;
use std::time::Duration;

use kata_harness::gather::{Calculator, shuffled_numbers};
use tokio::time::Instant;

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (calculator, log) = Calculator::open();
    let numbers = shuffled_numbers();
    println!("Processing numbers: {numbers:?}");

    let start = Instant::now();
    let handles: Vec<_> = numbers
        .iter()
        .map(|&n| {
            let calculator = calculator.clone();
            tokio::spawn(async move { calculator.double(n).await })
        })
        .collect();
    let mut doubles = Vec::new();
    for handle in handles {
        doubles.push(handle.await.unwrap());
    }
    // The handles were awaited in the order of `numbers`: zip puts each pair back together.
    let map: BTreeMap<u64, u64> = numbers.iter().copied().zip(doubles).collect();
    println!("{map:?}");

    let slowest = numbers.iter().map(|&n| log.double_time(n)).max();
    println!(
        "took {:?}, the slowest double: {:?}",
        start.elapsed(),
        slowest.unwrap_or(Duration::ZERO)
    );
}
