//! A ticker and a long computation on one runtime thread: the computation written three ways.
use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

const ROUNDS: u64 = 40_000_000;

/// Plain computation: no `.await` anywhere, like asyncio's classic `async def factorial`.
fn crunch(from: u64, to: u64, mut acc: u64) -> u64 {
    for i in from..to {
        acc = black_box(acc.wrapping_mul(31).wrapping_add(i));
    }
    acc
}

async fn crunch_inline() -> u64 {
    crunch(0, ROUNDS, 1)
}

async fn crunch_with_checkpoints() -> u64 {
    let mut acc = 1;
    for chunk in 0..100 {
        acc = crunch(chunk * ROUNDS / 100, (chunk + 1) * ROUNDS / 100, acc);
        tokio::task::yield_now().await; // a checkpoint: other tasks may run here
    }
    acc
}

async fn crunch_elsewhere() -> u64 {
    tokio::task::spawn_blocking(|| crunch(0, ROUNDS, 1))
        .await
        .unwrap()
}

async fn beside_a_ticker<F: Future<Output = u64>>(name: &str, computation: F) {
    let ticks = Arc::new(AtomicU32::new(0));
    let ticker = tokio::spawn({
        let ticks = ticks.clone();
        async move {
            loop {
                tokio::time::sleep(Duration::from_millis(5)).await;
                ticks.fetch_add(1, Ordering::Relaxed);
            }
        }
    });
    tokio::task::yield_now().await; // let the ticker start
    let before = ticks.load(Ordering::Relaxed);
    let result = computation.await;
    let during = ticks.load(Ordering::Relaxed) - before;
    ticker.abort();
    let ticked = if during > 0 { "yes" } else { "no" };
    println!("{name:<17} result {result:>20}, the ticker ticked meanwhile: {ticked}");
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    beside_a_ticker("inline", crunch_inline()).await;
    beside_a_ticker("with checkpoints", crunch_with_checkpoints()).await;
    beside_a_ticker("spawn_blocking", crunch_elsewhere()).await;
}
